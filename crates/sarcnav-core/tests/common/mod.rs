//! Helpers shared by the integration tests: build a case as JSON, assess it end to end through
//! `sarcnav_core::assess_json`, and read the result back as JSON (the contract's wire shape).

#![allow(dead_code)] // each test crate uses a different subset of these helpers

use sarcnav_core::{Context, Date, Knowledge, assess_json};
use serde_json::{Map, Value, json};

/// The date every test assesses on (also sent as `assessment_date`, so no default-date warning).
pub const TODAY: &str = "2026-01-15";

/// Assesses one JSON text and returns the outcome as JSON.
pub fn assess_text(text: &str) -> Value {
    let knowledge = Knowledge::default();
    let ctx = Context {
        knowledge: &knowledge,
        today: Date::parse(TODAY).unwrap(),
    };
    let outcome = assess_json(text, &ctx);
    serde_json::to_value(&outcome).expect("an outcome always serializes")
}

/// Assesses one case given as a JSON value.
pub fn assess(case: &Value) -> Value {
    assess_text(&case.to_string())
}

/// `base` with the fields of `extra` added (or replaced).
pub fn with(base: &Value, extra: &Value) -> Value {
    let mut merged: Map<String, Value> = base.as_object().cloned().unwrap_or_default();
    for (k, v) in extra.as_object().expect("extra fields are an object") {
        merged.insert(k.clone(), v.clone());
    }
    Value::Object(merged)
}

/// `case` without the named fields.
pub fn without(case: &Value, fields: &[&str]) -> Value {
    let mut map = case.as_object().cloned().unwrap_or_default();
    for f in fields {
        map.remove(*f);
    }
    Value::Object(map)
}

/// A soft tissue sarcoma case: disease, assessment date, N0, M0, plus `fields`.
pub fn sts(fields: Value) -> Value {
    with(
        &json!({
            "disease": "soft_tissue_sarcoma",
            "assessment_date": TODAY,
            "regional_nodes": "N0",
            "distant_metastasis": "M0",
        }),
        &fields,
    )
}

/// An AIDS-associated Kaposi sarcoma case with every ACTG variable at good risk (T0 I0 S0),
/// plus `fields`.
pub fn aids_ks(fields: Value) -> Value {
    with(
        &json!({
            "disease": "kaposi_sarcoma",
            "assessment_date": TODAY,
            "subtype": "aids_associated",
            "hiv_positive": true,
            "cd4_per_ul": 350,
            "karnofsky": 90,
        }),
        &fields,
    )
}

/// A Kaposi sarcoma case with only the disease and date, plus `fields`.
pub fn ks(fields: Value) -> Value {
    with(
        &json!({"disease": "kaposi_sarcoma", "assessment_date": TODAY}),
        &fields,
    )
}

/// A kaposiform hemangioendothelioma case, plus `fields`.
pub fn khe(fields: Value) -> Value {
    with(
        &json!({"disease": "kaposiform_hemangioendothelioma", "assessment_date": TODAY}),
        &fields,
    )
}

/// Assesses a case that must be valid; panics with the errors otherwise.
pub fn assessed(case: &Value) -> Value {
    let out = assess(case);
    assert!(
        out.get("errors").is_none(),
        "expected a valid result for {case}\ngot {out:#}"
    );
    out
}

/// The `staging` of a case that must be valid.
pub fn staging(case: &Value) -> Value {
    assessed(case)["staging"].clone()
}

/// The error result of a case that must be invalid.
pub fn invalid(case: &Value) -> Value {
    let out = assess(case);
    assert!(
        out.get("errors").is_some(),
        "expected an error result for {case}\ngot {out:#}"
    );
    out
}

/// The `field` of every error of an error result (`None` for an error on the whole input).
pub fn error_fields(out: &Value) -> Vec<Option<String>> {
    out["errors"]
        .as_array()
        .expect("an error result has an `errors` list")
        .iter()
        .map(|e| e["field"].as_str().map(str::to_owned))
        .collect()
}

/// The error fields of a case that must be invalid, as plain strings.
pub fn errors_of(case: &Value) -> Vec<String> {
    error_fields(&invalid(case))
        .into_iter()
        .map(|f| f.unwrap_or_default())
        .collect()
}

/// The message of the first error on `field`.
pub fn error_message(out: &Value, field: &str) -> String {
    out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["field"] == field)
        .unwrap_or_else(|| panic!("no error on {field} in {out:#}"))["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The `field` of every warning of a valid result.
pub fn warning_fields(out: &Value) -> Vec<String> {
    out["warnings"]
        .as_array()
        .expect("a valid result has a `warnings` list")
        .iter()
        .map(|w| w["field"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The explanation lines of a valid result.
pub fn explanation(out: &Value) -> Vec<String> {
    out["explanation"]
        .as_array()
        .expect("a valid result has an `explanation` list")
        .iter()
        .map(|l| {
            l.as_str()
                .expect("explanation lines are strings")
                .to_owned()
        })
        .collect()
}

/// Whether `text` contains `token` as a whole word (not inside a longer word: `II` is not
/// found in `IIIA`, `T1` is not found in `T1a`).
pub fn mentions(text: &str, token: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(token).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// Whether some explanation line of `out` mentions `token` as a whole word.
pub fn explained(out: &Value, token: &str) -> bool {
    explanation(out).iter().any(|line| mentions(line, token))
}

/// The AJCC 8 stage groups in order, lowest first.
pub const STAGE_ORDER: [&str; 6] = ["IA", "IB", "II", "IIIA", "IIIB", "IV"];

/// The rank of a stage group in [`STAGE_ORDER`].
pub fn stage_rank(stage: &str) -> usize {
    STAGE_ORDER
        .iter()
        .position(|s| *s == stage)
        .unwrap_or_else(|| panic!("not a stage group: {stage}"))
}
