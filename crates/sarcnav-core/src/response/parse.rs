//! Reading a response request from JSON. The fast path deserializes straight into the typed
//! request; only when that fails is the text read again as a JSON value and walked field by
//! field, so that every problem is reported with its path
//! (`assessments[2].target_lesions[0].diameter_mm`).

use crate::text::{edit_distance, short_json};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::actg::ActgAssessment;
use super::exact::Quantity;
use super::recist::RecistAssessment;
use super::{Course, ResponseRequest};
use crate::contract::{FieldError, InvalidInput};
use crate::date::Date;

/// The request as it arrives: the criteria decide the shape of the assessments.
#[derive(Deserialize)]
#[serde(untagged)]
enum WireRequest {
    Recist(RecistWire),
    Actg(ActgWire),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecistWire {
    #[serde(default)]
    id: Option<String>,
    #[allow(dead_code)] // the tag that selects this shape
    criteria: RecistTag,
    assessments: Vec<RecistAssessment>,
    #[serde(default)]
    sd_min_days: Option<u32>,
    #[serde(default)]
    confirmation_min_days: Option<u32>,
}

#[derive(Deserialize)]
enum RecistTag {
    #[serde(rename = "recist_1_1")]
    Recist11,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActgWire {
    #[serde(default)]
    id: Option<String>,
    #[allow(dead_code)] // the tag that selects this shape
    criteria: ActgTag,
    assessments: Vec<ActgAssessment>,
    #[serde(default)]
    sd_min_days: Option<u32>,
    #[serde(default)]
    confirmation_min_days: Option<u32>,
}

#[derive(Deserialize)]
enum ActgTag {
    #[serde(rename = "actg_ks")]
    ActgKs,
}

impl From<WireRequest> for ResponseRequest {
    fn from(wire: WireRequest) -> ResponseRequest {
        match wire {
            WireRequest::Recist(w) => ResponseRequest {
                id: w.id,
                course: Course::Recist(w.assessments),
                sd_min_days: w.sd_min_days,
                confirmation_min_days: w.confirmation_min_days,
            },
            WireRequest::Actg(w) => ResponseRequest {
                id: w.id,
                course: Course::Actg(w.assessments),
                sd_min_days: w.sd_min_days,
                confirmation_min_days: w.confirmation_min_days,
            },
        }
    }
}

/// Parses one request from a JSON text (one NDJSON line). On failure, every problem found, each
/// with the path of the offending value.
pub fn parse_request(text: &str) -> Result<ResponseRequest, InvalidInput> {
    if let Ok(wire) = serde_json::from_str::<WireRequest>(text) {
        return Ok(wire.into());
    }
    if text.trim().is_empty() {
        return Err(whole(
            None,
            "empty line: expected a JSON object (one request per line)",
        ));
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return Err(whole(None, format!("malformed JSON: {e}"))),
    };
    let mut invalid = diagnose(&value);
    if invalid.errors.is_empty() {
        // Valid field by field but not as a whole: a repeated key. Ask the typed shape of its
        // criteria for the exact message.
        let message = match value.get("criteria").and_then(Value::as_str) {
            Some("actg_ks") => serde_json::from_str::<ActgWire>(text).err(),
            _ => serde_json::from_str::<RecistWire>(text).err(),
        }
        .map_or_else(|| "not a valid request".to_owned(), |e| e.to_string());
        invalid.errors.push(FieldError::whole(message));
    }
    Err(invalid)
}

/// Parses one request from an already-parsed JSON value (an HTTP body).
pub fn parse_request_value(value: Value) -> Result<ResponseRequest, InvalidInput> {
    let invalid = diagnose(&value);
    if !invalid.errors.is_empty() {
        return Err(invalid);
    }
    serde_json::from_value::<WireRequest>(value)
        .map(ResponseRequest::from)
        .map_err(|e| InvalidInput {
            id: invalid.id,
            errors: vec![FieldError::whole(e.to_string())],
        })
}

fn whole(id: Option<String>, message: impl Into<String>) -> InvalidInput {
    InvalidInput {
        id,
        errors: vec![FieldError::whole(message)],
    }
}

/// What a field holds, for the field-by-field reading.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Bool,
    Date,
    /// A whole number ≥ 0.
    Count,
    /// A whole number of days ≥ 0.
    Days,
    /// A measurement ≥ 0 in the unit given.
    Measure(&'static str),
    /// A measurement, or `null` when not assessed.
    MeasureOrNull(&'static str),
    Choice(&'static [&'static str]),
    /// A list of objects of these fields.
    Objects(&'static [Field]),
    /// A list whose items cannot be checked (the criteria are unknown).
    List,
}

/// One field of an object: its name, kind, and whether it must be present. An optional field
/// may also be `null` (absent).
struct Field {
    name: &'static str,
    kind: Kind,
    required: bool,
}

const fn required(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

const fn optional(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

const CRITERIA: &[&str] = &["recist_1_1", "actg_ks"];

/// §6a target lesion.
const TARGET_LESION: &[Field] = &[
    required("id", Kind::Text),
    required("organ", Kind::Text),
    required("lymph_node", Kind::Bool),
    required("diameter_mm", Kind::MeasureOrNull("mm")),
];

/// §6a non-target lesion.
const NON_TARGET_LESION: &[Field] = &[
    required("id", Kind::Text),
    required(
        "status",
        Kind::Choice(&[
            "present",
            "absent",
            "unequivocal_progression",
            "not_evaluated",
        ]),
    ),
];

/// §6a assessment.
const RECIST_ASSESSMENT: &[Field] = &[
    required("date", Kind::Date),
    required("target_lesions", Kind::Objects(TARGET_LESION)),
    required("non_target_lesions", Kind::Objects(NON_TARGET_LESION)),
    required("new_lesions", Kind::Bool),
];

/// §6b assessment.
const ACTG_ASSESSMENT: &[Field] = &[
    required("date", Kind::Date),
    required("lesion_count", Kind::Count),
    required("nodular_or_plaque_count", Kind::Count),
    required("spd_mm2", Kind::Measure("mm²")),
    required("tumor_edema", Kind::Choice(&["none", "present", "worse"])),
    required("new_sites", Kind::Bool),
    required("visceral_disease", Kind::Bool),
    required("residual_disease", Kind::Bool),
];

/// §6 request, by criteria (unknown criteria: the assessments can only be checked as a list).
const fn request_fields(assessments: Kind) -> [Field; 5] {
    [
        optional("id", Kind::Text),
        required("criteria", Kind::Choice(CRITERIA)),
        required("assessments", assessments),
        optional("sd_min_days", Kind::Days),
        optional("confirmation_min_days", Kind::Days),
    ]
}
const RECIST_REQUEST: &[Field] = &request_fields(Kind::Objects(RECIST_ASSESSMENT));
const ACTG_REQUEST: &[Field] = &request_fields(Kind::Objects(ACTG_ASSESSMENT));
const UNKNOWN_CRITERIA_REQUEST: &[Field] = &request_fields(Kind::List);

/// Walks a request value and reports every problem with its path.
fn diagnose(value: &Value) -> InvalidInput {
    let Value::Object(map) = value else {
        return whole(
            None,
            format!("a request must be a JSON object, got {}", kind_of(value)),
        );
    };
    let fields = match map.get("criteria").and_then(Value::as_str) {
        Some("recist_1_1") => RECIST_REQUEST,
        Some("actg_ks") => ACTG_REQUEST,
        _ => UNKNOWN_CRITERIA_REQUEST,
    };
    let mut errors = Vec::new();
    walk_object("", map, fields, &mut errors);
    if let Some(assessments) = map.get("assessments").and_then(Value::as_array) {
        course_errors(assessments, &mut errors);
    }
    errors.sort_by_key(|e| super::assessment_index(e.field.as_deref()));
    InvalidInput {
        id: map.get("id").and_then(Value::as_str).map(str::to_owned),
        errors,
    }
}

/// The course checks that need no typed request (§6): its length, and the order of the dates
/// that could be read (each compared with the one before it).
fn course_errors(assessments: &[Value], errors: &mut Vec<FieldError>) {
    super::check_length(assessments.len(), errors);
    let dates: Vec<Option<Date>> = assessments
        .iter()
        .map(|a| {
            a.get("date")
                .and_then(Value::as_str)
                .and_then(|d| Date::parse(d).ok())
        })
        .collect();
    for (k, pair) in dates.windows(2).enumerate() {
        if let (Some(previous), Some(date)) = (pair[0], pair[1]) {
            errors.extend(super::date_order_error(k + 1, previous, date));
        }
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn walk_object(
    prefix: &str,
    map: &Map<String, Value>,
    fields: &[Field],
    errors: &mut Vec<FieldError>,
) {
    for (key, value) in map {
        let path = join(prefix, key);
        match fields.iter().find(|f| f.name == key) {
            Some(field) => check_value(&path, value, field, errors),
            None => errors.push(FieldError::new(path, unknown_field_message(key, fields))),
        }
    }
    for field in fields.iter().filter(|f| f.required) {
        if !map.contains_key(field.name) {
            errors.push(FieldError::new(
                join(prefix, field.name),
                missing_message(field),
            ));
        }
    }
}

fn missing_message(field: &Field) -> String {
    match field.kind {
        Kind::MeasureOrNull(_) => {
            "missing: required (a number, or null when the lesion was not assessed)".to_owned()
        }
        _ => "missing: required".to_owned(),
    }
}

fn check_value(path: &str, value: &Value, field: &Field, errors: &mut Vec<FieldError>) {
    if value.is_null() && !field.required {
        return;
    }
    let problem = match field.kind {
        Kind::Text => {
            (!value.is_string()).then(|| format!("must be a string, got {}", short_json(value)))
        }
        Kind::Bool => (!value.is_boolean())
            .then(|| format!("must be true or false, got {}", short_json(value))),
        Kind::Date => match value.as_str().map(Date::parse) {
            Some(Ok(_)) => None,
            Some(Err(e)) => Some(e.to_string()),
            None => Some(format!(
                "must be a date written YYYY-MM-DD, got {}",
                short_json(value)
            )),
        },
        Kind::Count => value
            .as_u64()
            .is_none()
            .then(|| format!("must be a whole number ≥ 0, got {}", short_json(value))),
        Kind::Days => value
            .as_u64()
            .and_then(|d| u32::try_from(d).ok())
            .is_none()
            .then(|| {
                format!(
                    "must be a whole number of days ≥ 0, got {}",
                    short_json(value)
                )
            }),
        Kind::Measure(unit) => measure_problem(value, unit, false),
        Kind::MeasureOrNull(unit) => measure_problem(value, unit, true),
        Kind::Choice(choices) => match value.as_str() {
            Some(s) if choices.contains(&s) => None,
            Some(s) => Some(format!(
                "unknown value {s:?}; expected one of {}",
                names(choices)
            )),
            None => Some(format!(
                "must be one of {}, got {}",
                names(choices),
                short_json(value)
            )),
        },
        Kind::Objects(item_fields) => match value.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    match item {
                        Value::Object(map) => walk_object(&item_path, map, item_fields, errors),
                        other => errors.push(FieldError::new(
                            item_path,
                            format!("must be an object, got {}", short_json(other)),
                        )),
                    }
                }
                None
            }
            None => Some(format!("must be a list, got {}", short_json(value))),
        },
        Kind::List => {
            (!value.is_array()).then(|| format!("must be a list, got {}", short_json(value)))
        }
    };
    if let Some(message) = problem {
        errors.push(FieldError::new(path, message));
    }
}

fn measure_problem(value: &Value, unit: &str, nullable: bool) -> Option<String> {
    if value.is_null() && nullable {
        return None;
    }
    let or_null = if nullable {
        ", or null when not assessed"
    } else {
        ""
    };
    match value.as_f64().map(Quantity::from_f64) {
        Some(Ok(_)) => None,
        Some(Err(e)) => Some(format!("{e} ({unit}){or_null}, got {}", short_json(value))),
        None => Some(format!(
            "must be a number ({unit}){or_null}, got {}",
            short_json(value)
        )),
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn names(items: &[&str]) -> String {
    items
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_field_message(key: &str, fields: &[Field]) -> String {
    let best = fields
        .iter()
        .map(|f| (edit_distance(key, f.name), f.name))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, name)) if d <= 3 => {
            format!("unknown field (not in contract §6); did you mean `{name}`?")
        }
        _ => format!(
            "unknown field (not in contract §6); expected one of {}",
            names(&fields.iter().map(|f| f.name).collect::<Vec<_>>())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Option<String>> {
        parse_request(text)
            .unwrap_err()
            .errors
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn names_every_bad_value_by_path() {
        let f = fields(
            r#"{"id":"r1","criteria":"recist_1_1","assessments":[
              {"date":"2026-01-01","target_lesions":[{"id":"T1","organ":"lung","lymph_node":false,"diameter_mm":20}],"non_target_lesions":[],"new_lesions":false},
              {"date":"2026-02-30","target_lesions":[{"id":"T1","organ":"lung","lymph_node":"no","diameter_mm":-1}],"non_target_lesions":[{"id":"N1","status":"gone"}],"new_lesion":false}]}"#,
        );
        assert_eq!(
            f,
            vec![
                Some("assessments[1].date".into()),
                Some("assessments[1].target_lesions[0].lymph_node".into()),
                Some("assessments[1].target_lesions[0].diameter_mm".into()),
                Some("assessments[1].non_target_lesions[0].status".into()),
                Some("assessments[1].new_lesion".into()),
                Some("assessments[1].new_lesions".into()),
            ]
        );
    }

    #[test]
    fn missing_diameter_is_not_null() {
        let f = fields(
            r#"{"criteria":"recist_1_1","assessments":[{"date":"2026-01-01","target_lesions":[{"id":"T1","organ":"lung","lymph_node":false}],"non_target_lesions":[],"new_lesions":false}]}"#,
        );
        assert_eq!(
            f,
            vec![
                Some("assessments".into()),
                Some("assessments[0].target_lesions[0].diameter_mm".into())
            ]
        );
    }

    #[test]
    fn malformed_blank_and_unknown_criteria() {
        assert_eq!(fields(""), vec![None]);
        assert_eq!(fields("{\"id\":"), vec![None]);
        assert_eq!(fields("[]"), vec![None]);
        assert_eq!(
            fields(r#"{"criteria":"who","assessments":[]}"#),
            vec![Some("criteria".into()), Some("assessments".into())]
        );
        let visit = |date: &str| {
            format!(
                r#"{{"date":"{date}","lesion_count":3,"nodular_or_plaque_count":1,"spd_mm2":40,"tumor_edema":"none","new_sites":false,"visceral_disease":false,"residual_disease":true}}"#
            )
        };
        let text = format!(
            r#"{{"id":"a","id":"b","criteria":"actg_ks","assessments":[{},{}]}}"#,
            visit("2026-01-01"),
            visit("2026-02-01")
        );
        let e = parse_request(&text).unwrap_err();
        assert!(e.errors[0].message.contains("duplicate"), "{:?}", e.errors);
    }
}
