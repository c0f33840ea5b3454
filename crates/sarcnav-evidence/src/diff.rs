//! Change detection between two versions of a document, section by section: the basis for
//! flagging knowledge entries whose cited passage changed or disappeared.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::document::{Document, Section};

/// How a section differs between the old and the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different text, citations or evidence levels.
    Changed,
    /// The same text under a different anchor (its heading moved in the outline).
    Moved,
}

/// One section that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionChange {
    /// What changed.
    pub change: ChangeKind,
    /// The section's anchor in the new version (in the old one for [`ChangeKind::Removed`]).
    pub anchor: String,
    /// The old anchor, when the section was matched by its heading under a different anchor.
    pub old_anchor: Option<String>,
    /// The heading path, `A › B`.
    pub section: String,
    /// PMIDs cited in the new version and not the old one.
    pub pmids_added: Vec<String>,
    /// PMIDs cited in the old version and not the new one.
    pub pmids_removed: Vec<String>,
}

/// Compares two versions of a document by section. Sections are matched by anchor; those left
/// over on both sides are then matched by their own heading when it is unique among them (a
/// section that moved in the outline), and then by identical text (a renamed heading). Unchanged sections are not listed. The result lists the
/// new version's sections in order, then the removed ones in the old version's order.
pub fn diff(old: &Document, new: &Document) -> Vec<SectionChange> {
    let old_by_anchor: HashMap<&str, &Section> = old
        .sections
        .iter()
        .map(|s| (s.anchor.as_str(), s))
        .collect();
    let new_anchors: HashSet<&str> = new.sections.iter().map(|s| s.anchor.as_str()).collect();

    let unmatched_old: Vec<&Section> = old
        .sections
        .iter()
        .filter(|s| !new_anchors.contains(s.anchor.as_str()))
        .collect();
    let unmatched_new: Vec<&Section> = new
        .sections
        .iter()
        .filter(|s| !old_by_anchor.contains_key(s.anchor.as_str()))
        .collect();
    let mut by_heading = pair_by_heading(&unmatched_old, &unmatched_new);
    let paired: HashSet<&str> = by_heading.values().map(|s| s.anchor.as_str()).collect();
    let left_old: Vec<&Section> = unmatched_old
        .iter()
        .filter(|s| !paired.contains(s.anchor.as_str()))
        .copied()
        .collect();
    let left_new: Vec<&Section> = unmatched_new
        .iter()
        .filter(|s| !by_heading.contains_key(s.anchor.as_str()))
        .copied()
        .collect();
    by_heading.extend(pair_by_text(&left_old, &left_new));
    let paired_old: HashSet<&str> = by_heading.values().map(|s| s.anchor.as_str()).collect();

    let mut changes = Vec::new();
    for section in &new.sections {
        let (before, old_anchor) = match old_by_anchor.get(section.anchor.as_str()) {
            Some(before) => (Some(*before), None),
            None => match by_heading.get(section.anchor.as_str()) {
                Some(before) => (Some(*before), Some(before.anchor.clone())),
                None => (None, None),
            },
        };
        let Some(before) = before else {
            changes.push(change(
                ChangeKind::Added,
                section,
                None,
                &[],
                &section.pmids,
            ));
            continue;
        };
        let same = same_content(before, section);
        let kind = match (&old_anchor, same) {
            (None, true) => continue,
            (Some(_), true) => ChangeKind::Moved,
            (_, false) => ChangeKind::Changed,
        };
        changes.push(change(
            kind,
            section,
            old_anchor,
            &before.pmids,
            &section.pmids,
        ));
    }
    for section in unmatched_old {
        if !paired_old.contains(section.anchor.as_str()) {
            changes.push(change(
                ChangeKind::Removed,
                section,
                None,
                &section.pmids,
                &[],
            ));
        }
    }
    changes
}

fn change(
    kind: ChangeKind,
    section: &Section,
    old_anchor: Option<String>,
    old_pmids: &[String],
    new_pmids: &[String],
) -> SectionChange {
    let minus = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|p| !b.contains(p)).cloned().collect()
    };
    SectionChange {
        change: kind,
        anchor: section.anchor.clone(),
        old_anchor,
        section: section.path_string(),
        pmids_added: minus(new_pmids, old_pmids),
        pmids_removed: minus(old_pmids, new_pmids),
    }
}

/// New anchor → old section, for leftover sections whose own heading is unique on both sides.
fn pair_by_heading<'a>(old: &[&'a Section], new: &[&'a Section]) -> HashMap<&'a str, &'a Section> {
    let key = |s: &Section| {
        s.heading()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let count = |sections: &[&Section]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for s in sections {
            *counts.entry(key(s)).or_default() += 1;
        }
        counts
    };
    let (old_counts, new_counts) = (count(old), count(new));
    let unique_old: HashMap<String, &Section> = old
        .iter()
        .filter(|s| old_counts.get(&key(s)) == Some(&1))
        .map(|s| (key(s), *s))
        .collect();
    new.iter()
        .filter(|s| new_counts.get(&key(s)) == Some(&1) && !key(s).is_empty())
        .filter_map(|s| unique_old.get(&key(s)).map(|o| (s.anchor.as_str(), *o)))
        .collect()
}

/// New anchor → old section, for leftover sections with the same non-empty text, unique on
/// both sides.
fn pair_by_text<'a>(old: &[&'a Section], new: &[&'a Section]) -> HashMap<&'a str, &'a Section> {
    let key = |s: &Section| s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut old_by_text: HashMap<String, Option<&Section>> = HashMap::new();
    for s in old {
        old_by_text
            .entry(key(s))
            .and_modify(|e| *e = None)
            .or_insert(Some(*s));
    }
    let mut new_counts: HashMap<String, usize> = HashMap::new();
    for s in new {
        *new_counts.entry(key(s)).or_default() += 1;
    }
    new.iter()
        .filter(|s| !s.text.trim().is_empty() && new_counts.get(&key(s)) == Some(&1))
        .filter_map(|s| {
            old_by_text
                .get(&key(s))
                .copied()
                .flatten()
                .map(|o| (s.anchor.as_str(), o))
        })
        .collect()
}

fn same_content(a: &Section, b: &Section) -> bool {
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    words(&a.text) == words(&b.text) && a.pmids == b.pmids && a.evidence_levels == b.evidence_levels
}
