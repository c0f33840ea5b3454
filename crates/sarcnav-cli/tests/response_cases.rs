//! The public response cases (`tests/data/cases/response.ndjson`, contract §6) through the real
//! binary's `response` command, checked exactly as the cases README says; and the command's line
//! discipline (one result line per input line, in order, like `batch`).

mod common;

use common::{data_dir, ndjson, sarcnav, stdout};
use serde_json::Value;

/// Runs `sarcnav response` over these lines and returns the result lines as JSON.
fn respond(input: &str) -> Vec<Value> {
    let out = sarcnav(&["response"], input);
    assert!(
        out.status.success(),
        "response exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each result line is JSON"))
        .collect()
}

/// Numbers within 0.051; an expected `null` is `null`; anything else exactly.
fn same(got: &Value, want: &Value) -> bool {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => (g - w).abs() <= 0.051,
        _ => got == want,
    }
}

fn check_valid(id: &Value, result: &Value, expect: &Value, failures: &mut Vec<String>) {
    let Some(got) = result["timepoints"].as_array() else {
        failures.push(format!("{id}: expected timepoints, got {result}"));
        return;
    };
    let want = expect["timepoints"]
        .as_array()
        .expect("expected timepoints");
    if got.len() != want.len() {
        failures.push(format!(
            "{id}: {} timepoints, expected {}",
            got.len(),
            want.len()
        ));
        return;
    }
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        for (key, wv) in w.as_object().expect("timepoint object") {
            if !same(&g[key], wv) {
                failures.push(format!(
                    "{id}: timepoints[{i}].{key} expected {wv}, got {}",
                    g[key]
                ));
            }
        }
    }
    for key in ["best_overall_response", "confirmed"] {
        if result[key] != expect[key] {
            failures.push(format!(
                "{id}: {key} expected {}, got {}",
                expect[key], result[key]
            ));
        }
    }
}

fn check_invalid(id: &Value, result: &Value, expect: &Value, failures: &mut Vec<String>) {
    if result.get("timepoints").is_some() {
        failures.push(format!("{id}: expected an error result, got {result}"));
        return;
    }
    let fields: Vec<&str> = result["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    for group in expect["errors"].as_array().expect("expected errors") {
        let prefixes: Vec<&str> = group
            .as_array()
            .expect("a group of prefixes")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if !fields
            .iter()
            .any(|f| prefixes.iter().any(|p| f.starts_with(p)))
        {
            failures.push(format!(
                "{id}: no error field starts with one of {prefixes:?}; fields: {fields:?}"
            ));
        }
    }
}

#[test]
fn every_response_case_matches() {
    let cases = ndjson("cases/response.ndjson");
    assert!(!cases.is_empty());
    let input: String = cases
        .iter()
        .map(|c| format!("{}\n", c["request"]))
        .collect();
    let results = respond(&input);
    assert_eq!(results.len(), cases.len(), "one output line per request");
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let id = &case["request"]["id"];
        if &result["id"] != id {
            failures.push(format!("{id}: id not echoed, got {}", result["id"]));
        }
        let expect = &case["expect"];
        if expect.get("errors").is_some() {
            check_invalid(id, result, expect, &mut failures);
        } else {
            if result["criteria"] != case["request"]["criteria"] {
                failures.push(format!("{id}: criteria not echoed"));
            }
            check_valid(id, result, expect, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    eprintln!("response: {} cases matched", cases.len());
}

#[test]
fn one_result_line_per_input_line_blank_and_malformed_included() {
    let cases = ndjson("cases/response.ndjson");
    let valid = cases[0]["request"].to_string();
    let input = format!("{valid}\n\n{{not json\n[1, 2]\n{valid}\n");
    let out = sarcnav(&["response"], &input);
    assert!(out.status.success(), "exit 0 when every line was processed");
    let results: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(results.len(), 5);
    assert!(results[0].get("timepoints").is_some());
    for (i, bad) in results[1..4].iter().enumerate() {
        assert!(bad.get("timepoints").is_none(), "line {}: {bad}", i + 2);
        assert_eq!(
            bad["errors"][0]["field"],
            Value::Null,
            "line {}: {bad}",
            i + 2
        );
    }
    assert!(
        results[2]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("line 1 column")),
        "{}",
        results[2]
    );
    assert_eq!(results[4], results[0]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("5 lines, 2 evaluated, 3 invalid"),
        "{stderr}"
    );
}

#[test]
fn reads_a_file_argument_and_prints_text_tables() {
    let path = data_dir().join("cases/response.ndjson");
    // The cases file holds `{"request", "expect"}` lines: each is an invalid request (unknown
    // fields), which still yields exactly one line per input line.
    let out = sarcnav(&["response", path.to_str().expect("utf-8 path")], "");
    assert!(out.status.success());
    let lines = stdout(&out).lines().count();
    assert_eq!(lines, ndjson("cases/response.ndjson").len());

    let cases = ndjson("cases/response.ndjson");
    let input: String = cases
        .iter()
        .take(2)
        .map(|c| format!("{}\n", c["request"]))
        .collect();
    let out = sarcnav(&["response", "--text"], &input);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("Course sample-recist-pr-exact-30pct — RECIST 1.1"),
        "{text}"
    );
    assert!(
        text.contains("Best overall response: PR (confirmed)"),
        "{text}"
    );
    assert!(
        text.contains("target PR: sum 105 mm is 30.0% below the baseline 150 mm"),
        "{text}"
    );
}
