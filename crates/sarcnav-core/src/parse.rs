//! Reading a case from JSON. The fast path deserializes straight into [`CaseInput`]; only when
//! that fails is the line read again, field by field, to report every problem with its path.

use crate::text::{edit_distance, short_json};
use serde_json::{Map, Value};

use crate::contract::{
    CaseInput, FIELDS, FieldError, FieldKind, HeadNeckInvasion, InvalidInput, field_info,
};

/// Parses one case from a JSON text (one NDJSON line).
pub fn parse_case(text: &str) -> Result<CaseInput, InvalidInput> {
    parse_case_detailed(text).map_err(|f| f.invalid)
}

/// Parses one case from an already-parsed JSON value (CSV rows, HTTP bodies).
pub fn parse_case_value(value: Value) -> Result<CaseInput, InvalidInput> {
    parse_value_detailed(value).map_err(|f| f.invalid)
}

/// A case that could not be read as a whole: the errors, and the case made of the fields that
/// were readable (so that the rules can still report what else is wrong).
#[derive(Debug)]
pub(crate) struct ParseFailure {
    pub invalid: InvalidInput,
    pub partial: Option<Box<CaseInput>>,
}

pub(crate) fn parse_case_detailed(text: &str) -> Result<CaseInput, ParseFailure> {
    match serde_json::from_str::<CaseInput>(text) {
        Ok(case) => Ok(case),
        Err(typed_error) => Err(diagnose_text(text, &typed_error)),
    }
}

pub(crate) fn parse_value_detailed(value: Value) -> Result<CaseInput, ParseFailure> {
    match value {
        Value::Object(map) => {
            let failure = diagnose_map(&map);
            if failure.invalid.errors.is_empty() {
                serde_json::from_value(Value::Object(map)).map_err(|e| ParseFailure {
                    invalid: InvalidInput {
                        id: failure.invalid.id,
                        errors: vec![FieldError::whole(e.to_string())],
                    },
                    partial: None,
                })
            } else {
                Err(failure)
            }
        }
        other => Err(whole_failure(not_an_object(&other))),
    }
}

fn whole_failure(invalid: InvalidInput) -> ParseFailure {
    ParseFailure {
        invalid,
        partial: None,
    }
}

fn not_an_object(value: &Value) -> InvalidInput {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    InvalidInput {
        id: None,
        errors: vec![FieldError::whole(format!(
            "a case must be a JSON object, got {kind}"
        ))],
    }
}

fn diagnose_text(text: &str, typed_error: &serde_json::Error) -> ParseFailure {
    if text.trim().is_empty() {
        return whole_failure(InvalidInput {
            id: None,
            errors: vec![FieldError::whole(
                "empty line: expected a JSON object (one case per line)",
            )],
        });
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            return whole_failure(InvalidInput {
                id: None,
                errors: vec![FieldError::whole(format!("malformed JSON: {e}"))],
            });
        }
    };
    let Value::Object(map) = value else {
        return whole_failure(not_an_object(&value));
    };
    let mut failure = diagnose_map(&map);
    if failure.invalid.errors.is_empty() {
        // Valid field by field but not as a whole: a repeated key.
        failure
            .invalid
            .errors
            .push(FieldError::whole(typed_error.to_string()));
        failure.partial = None;
    }
    failure
}

/// Checks each field on its own; the readable fields make up the partial case.
fn diagnose_map(map: &Map<String, Value>) -> ParseFailure {
    let mut errors = Vec::new();
    let mut readable = Map::new();
    for (key, value) in map {
        let Some((kind, _)) = field_info(key) else {
            errors.push(FieldError::new(key.as_str(), unknown_field_message(key)));
            continue;
        };
        let mut single = Map::with_capacity(1);
        single.insert(key.clone(), value.clone());
        match serde_json::from_value::<CaseInput>(Value::Object(single)) {
            Ok(_) => {
                readable.insert(key.clone(), value.clone());
            }
            Err(_) if kind == FieldKind::List => list_errors(key, value, &mut errors),
            Err(e) => errors.push(FieldError::new(
                key.as_str(),
                value_message(kind, value, &e),
            )),
        }
    }
    let partial = serde_json::from_value(Value::Object(readable))
        .ok()
        .map(Box::new);
    ParseFailure {
        invalid: InvalidInput {
            id: echo_id(map),
            errors,
        },
        partial,
    }
}

/// The `id` to echo in an error result: the input's, when it is a string.
fn echo_id(map: &Map<String, Value>) -> Option<String> {
    map.get("id").and_then(Value::as_str).map(str::to_owned)
}

fn list_errors(key: &str, value: &Value, errors: &mut Vec<FieldError>) {
    let Value::Array(items) = value else {
        errors.push(FieldError::new(
            key,
            format!("must be a list, got {}", short_json(value)),
        ));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let problem = match (key, item) {
            ("head_and_neck_invasion", Value::String(s))
                if HeadNeckInvasion::from_name(s).is_none() =>
            {
                Some(format!(
                    "unknown invasion finding {s:?}; expected one of {}",
                    names(HeadNeckInvasion::ALL.iter().map(|v| v.name()))
                ))
            }
            (_, Value::String(_)) => None,
            (_, other) => Some(format!("must be a string, got {}", short_json(other))),
        };
        if let Some(message) = problem {
            errors.push(FieldError::new(format!("{key}[{i}]"), message));
        }
    }
}

fn names<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn value_message(kind: FieldKind, value: &Value, error: &serde_json::Error) -> String {
    match kind {
        FieldKind::Number => format!("must be a number, got {}", short_json(value)),
        FieldKind::Integer => format!("must be a whole number, got {}", short_json(value)),
        FieldKind::Bool => format!("must be true or false, got {}", short_json(value)),
        FieldKind::Text if !value.is_string() => {
            format!("must be a string, got {}", short_json(value))
        }
        FieldKind::Text | FieldKind::List => error
            .to_string()
            .replace("unknown variant", "unknown value"),
    }
}

fn unknown_field_message(key: &str) -> String {
    let best = FIELDS
        .iter()
        .map(|(name, _, _)| (edit_distance(key, name), *name))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, name)) if d <= 3 => {
            format!("unknown field (not in contract v1.1); did you mean `{name}`?")
        }
        _ => "unknown field (not in contract v1.1)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Option<String>> {
        parse_case(text)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn reports_every_bad_field_with_its_path() {
        let f = fields(
            r#"{"id":"x","disease":"osteo","tumor_size_cm":"big","head_and_neck_invasion":["orbit","nose"],"tumour":1}"#,
        );
        assert_eq!(
            f,
            vec![
                Some("disease".into()),
                Some("tumor_size_cm".into()),
                Some("head_and_neck_invasion[1]".into()),
                Some("tumour".into())
            ]
        );
    }

    #[test]
    fn malformed_and_non_object_lines() {
        assert_eq!(fields("{\"id\":"), vec![None]);
        assert_eq!(fields(""), vec![None]);
        assert_eq!(fields("[1]"), vec![None]);
        let e = parse_case("{oops}").unwrap_err();
        assert!(
            e.errors[0].message.contains("line 1 column"),
            "{}",
            e.errors[0].message
        );
    }

    #[test]
    fn echoes_id_and_suggests_names() {
        let e = parse_case(r#"{"id":"c1","tumour_size_cm":3}"#).unwrap_err();
        assert_eq!(e.id.as_deref(), Some("c1"));
        assert!(e.errors[0].message.contains("tumor_size_cm"));
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let e = parse_case(r#"{"id":"c1","id":"c2"}"#).unwrap_err();
        assert!(e.errors[0].message.contains("duplicate"));
    }
}
