//! The shared conformance cases (copied from the project brief into `tests/data/cases`), run
//! through the real binary's `batch` command as the cases README prescribes.

mod common;

use common::{ndjson, sarcnav, stdout};
use serde_json::Value;

fn batch(cases: &[Value]) -> Vec<Value> {
    let input: String = cases.iter().map(|c| format!("{}\n", c["case"])).collect();
    let out = sarcnav(&["batch"], &input);
    assert!(
        out.status.success(),
        "batch exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("result is JSON"))
        .collect();
    assert_eq!(results.len(), cases.len(), "one output line per input line");
    results
}

#[test]
fn every_staging_case_matches() {
    let cases = ndjson("cases/conformance.ndjson");
    let results = batch(&cases);
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let id = &case["case"]["id"];
        assert_eq!(&result["id"], id, "id echoed");
        if result.get("errors").is_some() {
            failures.push(format!("{id}: unexpected errors {}", result["errors"]));
            continue;
        }
        for (key, want) in case["expect"].as_object().expect("expect object") {
            let got = match key.as_str() {
                "subtype" | "staging" => &result[key],
                _ => &result["staging"][key],
            };
            if got != want {
                failures.push(format!("{id}: {key} expected {want}, got {got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("conformance: {} staging cases matched", cases.len());
}

#[test]
fn every_bad_input_is_an_error_naming_its_field() {
    let cases = ndjson("cases/bad_inputs.ndjson");
    let results = batch(&cases);
    for (case, result) in cases.iter().zip(&results) {
        let id = &case["case"]["id"];
        assert_eq!(&result["id"], id, "id echoed");
        assert!(
            result.get("staging").is_none() && result.get("options").is_none(),
            "{id}: error result only"
        );
        let errors = result["errors"].as_array().expect("errors");
        let top_level: Vec<String> = errors
            .iter()
            .filter_map(|e| e["field"].as_str())
            .map(|f| f.split(['[', '.']).next().unwrap_or(f).to_owned())
            .collect();
        for group in case["expect"]["errors"]
            .as_array()
            .expect("expected errors")
        {
            let names: Vec<&str> = group
                .as_array()
                .expect("group")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(
                top_level.iter().any(|f| names.contains(&f.as_str())),
                "{id}: expected an error on one of {names:?}, got {errors:?}"
            );
        }
    }
}
