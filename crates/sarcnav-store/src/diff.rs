//! A readable structural diff of two JSON results, for `replay`.
//!
//! Objects are compared key by key; arrays whose elements are all objects with a unique `id`
//! (options, excluded options, sources) are matched by that id (`options[id=sts-surgery].name`),
//! so an option inserted at the top does not make every later one look changed; other arrays
//! (explanation lines, reasons) are matched by their longest common subsequence, so a line
//! inserted or removed shows as exactly that.

use serde::Serialize;
use serde_json::Value;

/// What happened at one path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The value at the path differs.
    Changed,
    /// The path exists only in the new result.
    Added,
    /// The path exists only in the old result.
    Removed,
}

/// One difference between the stored and the replayed result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where: `knowledge.version`, `options[id=x].name`, `explanation[3]`.
    pub path: String,
    /// Changed, added or removed.
    pub change: ChangeKind,
    /// The stored value (`None` when added).
    pub old: Option<Value>,
    /// The replayed value (`None` when removed).
    pub new: Option<Value>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        match self.change {
            ChangeKind::Changed => write!(
                f,
                "~ {}: {} → {}",
                self.path,
                show(&self.old),
                show(&self.new)
            ),
            ChangeKind::Added => write!(f, "+ {}: {}", self.path, show(&self.new)),
            ChangeKind::Removed => write!(f, "- {}: {}", self.path, show(&self.old)),
        }
    }
}

/// Every difference from `old` to `new`, in document order.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    walk("", old, new, &mut changes);
    changes
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, va) in a {
                let p = join(path, key);
                match b.get(key) {
                    Some(vb) => walk(&p, va, vb, out),
                    None => out.push(removed(p, va)),
                }
            }
            for (key, vb) in b {
                if !a.contains_key(key) {
                    out.push(added(join(path, key), vb));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => match (ids(a), ids(b)) {
            (Some(ia), Some(ib)) => by_id(path, a, &ia, b, &ib, out),
            _ => by_sequence(path, a, b, out),
        },
        _ if old != new => out.push(Change {
            path: path.to_owned(),
            change: ChangeKind::Changed,
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
        _ => {}
    }
}

fn added(path: String, value: &Value) -> Change {
    Change {
        path,
        change: ChangeKind::Added,
        old: None,
        new: Some(value.clone()),
    }
}

fn removed(path: String, value: &Value) -> Change {
    Change {
        path,
        change: ChangeKind::Removed,
        old: Some(value.clone()),
        new: None,
    }
}

/// The `id` of every element, when every element is an object with a unique string `id`.
fn ids(items: &[Value]) -> Option<Vec<&str>> {
    let ids: Vec<&str> = items
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == ids.len()).then_some(ids)
}

fn by_id(path: &str, a: &[Value], ia: &[&str], b: &[Value], ib: &[&str], out: &mut Vec<Change>) {
    let at = |id: &str| format!("{path}[id={id}]");
    for (va, id) in a.iter().zip(ia) {
        match ib.iter().position(|x| x == id) {
            Some(j) => walk(&at(id), va, &b[j], out),
            None => out.push(removed(at(id), va)),
        }
    }
    for (vb, id) in b.iter().zip(ib) {
        if !ia.contains(id) {
            out.push(added(at(id), vb));
        }
    }
    let common_a: Vec<&&str> = ia.iter().filter(|id| ib.contains(id)).collect();
    let common_b: Vec<&&str> = ib.iter().filter(|id| ia.contains(id)).collect();
    if common_a != common_b {
        out.push(Change {
            path: format!("{path}[order]"),
            change: ChangeKind::Changed,
            old: Some(Value::from(
                common_a.iter().map(|s| **s).collect::<Vec<_>>(),
            )),
            new: Some(Value::from(
                common_b.iter().map(|s| **s).collect::<Vec<_>>(),
            )),
        });
    }
}

/// Longest common subsequence of equal elements; unmatched runs at the same place pair up as
/// element changes (recursing into them), the rest are additions and removals.
fn by_sequence(path: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    let flush = |gone: &mut Vec<usize>, came: &mut Vec<usize>, out: &mut Vec<Change>| {
        let paired = gone.len().min(came.len());
        for k in 0..paired {
            walk(
                &format!("{path}[{}]", came[k]),
                &a[gone[k]],
                &b[came[k]],
                out,
            );
        }
        for &k in &gone[paired..] {
            out.push(removed(format!("{path}[{k}]"), &a[k]));
        }
        for &k in &came[paired..] {
            out.push(added(format!("{path}[{k}]"), &b[k]));
        }
        gone.clear();
        came.clear();
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            flush(&mut gone, &mut came, out);
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            came.push(j);
            j += 1;
        } else {
            gone.push(i);
            i += 1;
        }
    }
    flush(&mut gone, &mut came, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(old: Value, new: Value) -> Vec<String> {
        diff(&old, &new).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn equal_values_have_no_changes() {
        let v = json!({"a": [1, {"id": "x", "b": null}], "c": "d"});
        assert!(diff(&v, &v).is_empty());
    }

    #[test]
    fn scalar_changes_name_their_path() {
        assert_eq!(
            lines(
                json!({"knowledge": {"version": "1"}}),
                json!({"knowledge": {"version": "2"}})
            ),
            ["~ knowledge.version: \"1\" → \"2\""]
        );
    }

    #[test]
    fn arrays_of_objects_with_ids_match_by_id() {
        let old = json!({"options": [{"id": "a", "n": 1}, {"id": "b", "n": 2}]});
        let new =
            json!({"options": [{"id": "c", "n": 0}, {"id": "a", "n": 1}, {"id": "b", "n": 3}]});
        assert_eq!(
            lines(old, new),
            [
                "~ options[id=b].n: 2 → 3",
                "+ options[id=c]: {\"id\":\"c\",\"n\":0}"
            ]
        );
    }

    #[test]
    fn an_inserted_line_is_one_addition() {
        assert_eq!(
            lines(json!(["a", "b", "c"]), json!(["a", "x", "b", "c"])),
            ["+ [1]: \"x\""]
        );
        assert_eq!(
            lines(json!(["a", "b", "c"]), json!(["a", "B", "c"])),
            ["~ [1]: \"b\" → \"B\""]
        );
        assert_eq!(lines(json!(["a", "b"]), json!(["b"])), ["- [0]: \"a\""]);
    }
}
