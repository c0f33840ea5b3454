//! The shared treatment-option cases (`tests/data/cases/options.ndjson`), checked through the
//! real binary with every assertion kind of the cases README, plus option tests written from
//! the sources for each disease and setting (`tests/data/options_extra.ndjson`).

mod common;

use common::{ndjson, sarcnav, stdout};
use regex::Regex;
use serde_json::Value;

fn assess(case: &Value) -> Value {
    let out = sarcnav(&["assess"], &case.to_string());
    serde_json::from_str(&stdout(&out)).expect("assess prints JSON")
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn options(result: &Value) -> &[Value] {
    result["options"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn agents(option: &Value) -> Vec<&str> {
    strs(&option["agents"])
}

fn any_option(result: &Value, f: impl Fn(&Value) -> bool) -> bool {
    options(result).iter().any(f)
}

/// Evaluates one assertion of the cases README against a result.
fn holds(result: &Value, kind: &str, arg: &Value) -> bool {
    match kind {
        "agent" => any_option(result, |o| agents(o).contains(&arg.as_str().unwrap_or(""))),
        "lacks_agent" => !any_option(result, |o| agents(o).contains(&arg.as_str().unwrap_or(""))),
        "agent_any" => any_option(result, |o| strs(arg).iter().any(|a| agents(o).contains(a))),
        "agents_together" => {
            any_option(result, |o| strs(arg).iter().all(|a| agents(o).contains(a)))
        }
        "agents_together_any" => arg.as_array().is_some_and(|groups| {
            groups
                .iter()
                .any(|g| any_option(result, |o| strs(g).iter().all(|a| agents(o).contains(a))))
        }),
        "modality_any" => any_option(result, |o| {
            strs(arg).contains(&o["modality"].as_str().unwrap_or(""))
        }),
        "modality_or_agent" => {
            holds(result, "modality_any", &arg[0]) || holds(result, "agent_any", &arg[1])
        }
        "name_match" => any_option(result, |o| {
            regex(arg.as_str().unwrap_or("")).is_match(o["name"].as_str().unwrap_or(""))
        }),
        "name_without_agent" => {
            let re = regex(arg[0].as_str().unwrap_or(""));
            let agent = arg[1].as_str().unwrap_or("");
            any_option(result, |o| {
                re.is_match(o["name"].as_str().unwrap_or("")) && !agents(o).contains(&agent)
            })
        }
        "status_of" => {
            let re = regex(arg[0].as_str().unwrap_or(""));
            let status = arg[1].as_str().unwrap_or("");
            let matching: Vec<&Value> = options(result)
                .iter()
                .filter(|o| {
                    re.is_match(o["name"].as_str().unwrap_or(""))
                        || agents(o).iter().any(|a| re.is_match(a))
                })
                .collect();
            !matching.is_empty() && matching.iter().all(|o| o["status"] == status)
        }
        "excluded_agent" => {
            let agent = arg.as_str().unwrap_or("");
            result["excluded"].as_array().is_some_and(|xs| {
                xs.iter().any(|x| {
                    let reason = x["reason"].as_str().unwrap_or("");
                    !reason.is_empty()
                        && (x["id"].as_str().unwrap_or("").contains(agent)
                            || reason.contains(agent))
                })
            })
        }
        "caution" => {
            let re = regex(&format!("(?i){}", arg.as_str().unwrap_or("")));
            let case_level = strs(&result["cautions"]).iter().any(|c| re.is_match(c));
            case_level
                || any_option(result, |o| {
                    strs(&o["cautions"]).iter().any(|c| re.is_match(c))
                })
        }
        "text_any" => {
            let re = regex(&format!("(?i){}", arg.as_str().unwrap_or("")));
            any_option(result, |o| re.is_match(&o.to_string()))
        }
        "warning_field" => result["warnings"].as_array().is_some_and(|ws| {
            ws.iter().any(|w| {
                w["field"]
                    .as_str()
                    .is_some_and(|f| f.split(['[', '.']).next() == arg.as_str())
            })
        }),
        "stage_group" => result["staging"]["stage_group"] == *arg,
        "staging_field" => result["staging"][arg[0].as_str().unwrap_or("")] == arg[1],
        "subtype" => result["subtype"] == *arg,
        "not_overdue" => {
            let sources = result["knowledge"]["sources"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let cited: Vec<&str> = options(result)
                .iter()
                .flat_map(|o| o["evidence"].as_array().into_iter().flatten())
                .filter_map(|e| e["source"].as_str())
                .collect();
            !cited.is_empty()
                && cited.iter().all(|c| sources.iter().any(|s| s["id"] == *c))
                && sources.iter().all(|s| s["overdue"] == false)
        }
        "any_of" => arg.as_array().is_some_and(|alts| {
            alts.iter()
                .any(|a| holds(result, a[0].as_str().unwrap_or(""), &a[1]))
        }),
        other => panic!("unknown assertion kind {other}"),
    }
}

fn check_cases(file: &str) -> usize {
    let cases = ndjson(file);
    let mut failures = Vec::new();
    for case in &cases {
        let input = &case["case"];
        let id = input["id"].as_str().unwrap_or("?");
        let result = assess(input);
        if result.get("errors").is_some() {
            failures.push(format!("{id}: errors {}", result["errors"]));
            continue;
        }
        for option in options(&result) {
            let cited = option["evidence"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["source"].is_string()));
            if !cited {
                failures.push(format!(
                    "{id}: option {} has no evidence with a source",
                    option["id"]
                ));
            }
        }
        for assertion in case["assert"].as_array().expect("assert list") {
            let kind = assertion[0].as_str().expect("kind");
            if !holds(&result, kind, &assertion[1]) {
                failures.push(format!("{id}: {kind} {} does not hold", assertion[1]));
            }
        }
        if input["assessment_date"] == "2026-11-22" {
            let overdue = result["knowledge"]["sources"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s["overdue"] == true));
            if !overdue {
                failures.push(format!("{id}: dated 2026-11-22 but no source is overdue"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases.len()
}

#[test]
fn shared_option_cases_hold() {
    let n = check_cases("cases/options.ndjson");
    eprintln!("options: {n} shared cases hold");
}

#[test]
fn option_cases_from_the_sources_hold() {
    let n = check_cases("options_extra.ndjson");
    eprintln!("options: {n} source-derived cases hold");
}
