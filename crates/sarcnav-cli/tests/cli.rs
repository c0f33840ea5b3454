//! Behaviour of the `sarcnav` binary: exit codes, batch line discipline, registry mode, CSV.

mod common;

use common::{sarcnav, stdout};
use serde_json::Value;

const VALID: &str = r#"{"id":"v1","disease":"soft_tissue_sarcoma","primary_site":"trunk","tumor_size_cm":7.5,"regional_nodes":"N0","distant_metastasis":"M0","grade":"G3","assessment_date":"2026-01-10"}"#;

#[test]
fn assess_exit_codes() {
    assert_eq!(sarcnav(&["assess"], VALID).status.code(), Some(0));
    assert_eq!(
        sarcnav(&["assess"], r#"{"id":"x","disease":"soft_tissue_sarcoma"}"#)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(sarcnav(&["assess"], "{not json").status.code(), Some(1));
    assert_eq!(
        sarcnav(&["assess", "--no-such-flag"], "").status.code(),
        Some(2)
    );
    assert_eq!(
        sarcnav(&["assess", "/no/such/file.json"], "").status.code(),
        Some(2)
    );
}

#[test]
fn assess_prints_pretty_json_with_every_key() {
    let out = sarcnav(&["assess", "-"], VALID);
    let text = stdout(&out);
    assert!(text.contains("\n  \"staging\": {"), "pretty-printed");
    let v: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "id",
        "disease",
        "subtype",
        "staging",
        "options",
        "excluded",
        "cautions",
        "warnings",
        "explanation",
        "knowledge",
    ] {
        assert!(v.get(key).is_some(), "{key} present");
    }
    assert_eq!(v["staging"]["stage_group"], "IIIA");
}

#[test]
fn batch_keeps_one_line_per_input_line_in_order() {
    let input = format!(
        "{VALID}\n\n{{broken\n[1,2]\n{}\n{VALID}\r\n",
        r#"{"id":"u","disease":"kaposi_sarcoma","subtype":"classic","colour":"red"}"#
    );
    let out = sarcnav(&["batch"], &input);
    assert!(out.status.success());
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[0]["id"], "v1");
    assert_eq!(lines[1]["errors"][0]["field"], Value::Null, "blank line");
    assert!(
        lines[2]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("column"),
        "malformed JSON names line/column"
    );
    assert_eq!(lines[3]["errors"][0]["field"], Value::Null, "not an object");
    assert_eq!(lines[4]["id"], "u");
    assert_eq!(
        lines[4]["errors"][0]["field"], "colour",
        "unknown field named"
    );
    assert_eq!(lines[5]["id"], "v1");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 ok, 4 invalid"),
        "summary on stderr: {stderr}"
    );
}

#[test]
fn batch_is_the_same_on_one_thread_and_many() {
    let cases = common::ndjson("cases/conformance.ndjson");
    let input: String = cases
        .iter()
        .cycle()
        .take(5000)
        .map(|c| format!("{}\n", c["case"]))
        .collect();
    let one = stdout(&sarcnav(&["batch", "--threads", "1"], &input));
    let many = stdout(&sarcnav(&["batch", "--threads", "3"], &input));
    assert_eq!(one.lines().count(), 5000);
    assert_eq!(one, many);
}

#[test]
fn registry_mode_emits_only_staging_keys() {
    let input = format!("{VALID}\n{{}}\n");
    let out = stdout(&sarcnav(&["batch", "--only", "staging"], &input));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["id", "disease", "subtype", "staging", "warnings", "errors"]
        );
    }
    assert_eq!(lines[0]["staging"]["stage_group"], "IIIA");
    assert!(!lines[1]["errors"].as_array().unwrap().is_empty());
}

#[test]
fn csv_in_and_out() {
    let input = "id,disease,primary_site,tumor_size_cm,head_and_neck_invasion,regional_nodes,distant_metastasis,grade\n\
                 c1,soft_tissue_sarcoma,head_and_neck,3,orbit;dura,N0,M0,G2\n\
                 c2,soft_tissue_sarcoma,trunk,big,,N0,M0,G1\n\
                 c3,soft_tissue_sarcoma,trunk,12\n";
    let out = sarcnav(&["batch", "--format", "csv", "--only", "staging"], input);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][col("t")], "T4a");
    assert_eq!(&rows[0][col("site_group")], "head_and_neck");
    assert!(rows[1][col("errors")].contains("tumor_size_cm"));
    assert!(
        rows[2][col("errors")].contains("cells"),
        "short row is an error row"
    );
}

#[test]
fn version_names_the_knowledge_version() {
    let out = sarcnav(&["--version"], "");
    let text = stdout(&out);
    let knowledge = include_str!("../../../knowledge/VERSION").trim();
    assert!(text.contains(&format!("knowledge {knowledge}")), "{text}");
}
