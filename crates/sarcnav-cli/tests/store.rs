//! The store commands through the real binary, on SQLite: patient add/list/show, record,
//! timeline, audit verify (including rows altered directly in the database file) and replay
//! against a modified copy of the knowledge.

mod common;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{TempDir, copy_dir, repo_root};
use serde_json::Value;

const RECIST: &str = r#"{"id": "course-1", "criteria": "recist_1_1", "assessments": [
 {"date": "2026-01-05", "new_lesions": false, "non_target_lesions": [], "target_lesions": [{"id": "T1", "organ": "liver", "lymph_node": false, "diameter_mm": 90}]},
 {"date": "2026-02-16", "new_lesions": false, "non_target_lesions": [], "target_lesions": [{"id": "T1", "organ": "liver", "lymph_node": false, "diameter_mm": 63}]},
 {"date": "2026-03-30", "new_lesions": false, "non_target_lesions": [], "target_lesions": [{"id": "T1", "organ": "liver", "lymph_node": false, "diameter_mm": 60}]}]}"#;

/// Runs `sarcnav ARGS` with the data directory `data` (and no database URL from the
/// environment), `stdin` as input.
fn sarcnav(data: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sarcnav"))
        .args(["--today", "2026-03-01", "--actor", "tester"])
        .args(args)
        .env("SARCNAV_DATA_DIR", data)
        .env_remove("SARCNAV_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sarcnav starts");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("sarcnav runs")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        out(&o),
        err(&o)
    );
    out(&o)
}

fn case_file() -> String {
    repo_root()
        .join("examples/trunk-sarcoma.json")
        .display()
        .to_string()
}

/// A store with patients MRN-001 (the trunk sarcoma case A1 and the course R1) and MRN-002.
fn populated() -> TempDir {
    let dir = TempDir::new("store");
    let d = dir.path();
    assert_eq!(
        ok(sarcnav(d, &["patient", "add", "MRN-001"], "")),
        "added patient 1 (external id MRN-001)\n"
    );
    ok(sarcnav(d, &["patient", "add", "MRN-002"], ""));
    let rec = ok(sarcnav(d, &["record", "MRN-001", &case_file()], ""));
    assert!(
        rec.starts_with("recorded A1 for patient 1 (MRN-001): "),
        "{rec}"
    );
    assert!(rec.contains("→ IIIA"), "{rec}");
    let rec = ok(sarcnav(d, &["record", "1", "-"], RECIST));
    assert!(
        rec.starts_with("recorded R1 for patient 1 (MRN-001): RECIST 1.1: best PR (confirmed)"),
        "{rec}"
    );
    dir
}

fn db_url(dir: &TempDir) -> String {
    format!("sqlite:{}", dir.path().join("sarcnav.db").display())
}

/// Runs SQL directly on the SQLite file, bypassing sarcnav.
fn tamper(dir: &TempDir, sql: &'static str) {
    use sqlx::Connection as _;
    let url = db_url(dir);
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            let mut conn = sqlx::SqliteConnection::connect(&url)
                .await
                .expect("open db");
            let done = sqlx::query(sql).execute(&mut conn).await.expect("tamper");
            assert_eq!(done.rows_affected(), 1, "{sql}");
            conn.close().await.expect("close");
        });
}

#[test]
fn patients_records_and_timeline_in_the_default_data_dir() {
    let dir = populated();
    let d = dir.path();
    assert!(d.join("sarcnav.db").is_file(), "the default database file");
    let list = ok(sarcnav(d, &["patient", "list"], ""));
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("ID  EXTERNAL ID  ASSESSMENTS  RESPONSES  CREATED"),
        "{list}"
    );
    assert!(
        lines[1].starts_with("1   MRN-001      1            1"),
        "{list}"
    );
    assert!(
        lines[2].starts_with("2   MRN-002      0            0"),
        "{list}"
    );
    let json: Value =
        serde_json::from_str(&ok(sarcnav(d, &["patient", "list", "--json"], ""))).expect("json");
    assert_eq!(json[0]["external_id"], "MRN-001");
    assert_eq!(json[1]["created_by"], "tester");

    let show = ok(sarcnav(d, &["patient", "show", "MRN-001"], ""));
    assert!(
        show.starts_with("patient 1 (external id MRN-001)\nadded "),
        "{show}"
    );
    assert!(show.contains("\nA1      2026-02-10  "), "{show}");
    assert!(show.contains("\nR1      2026-03-30  "), "{show}");

    let timeline = ok(sarcnav(d, &["timeline", "MRN-001"], ""));
    let rows: Vec<Vec<&str>> = timeline
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().take(4).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["2026-01-05", "R1", "baseline", "-"],
            ["2026-02-10", "A1", "staging", "IIIA"],
            ["2026-02-16", "R1", "response", "PR"],
            ["2026-03-30", "R1", "response", "PR"],
        ],
        "{timeline}"
    );
    let json: Value =
        serde_json::from_str(&ok(sarcnav(d, &["timeline", "1", "--json"], ""))).expect("json");
    assert_eq!(json["patient"]["external_id"], "MRN-001");
    assert_eq!(json["entries"][1]["record"], "A1");
    assert_eq!(json["entries"][1]["data"]["staging"]["stage_group"], "IIIA");
    assert_eq!(json["entries"][3]["data"]["best_overall_response"], "PR");

    let empty = ok(sarcnav(d, &["timeline", "MRN-002"], ""));
    assert!(empty.ends_with("(no records)\n"), "{empty}");
    let log = ok(sarcnav(d, &["audit", "log"], ""));
    assert_eq!(log.lines().count(), 5, "{log}");
    assert!(
        log.contains("tester  assessment.record  assessment 1"),
        "{log}"
    );
}

#[test]
fn an_invalid_input_is_rejected_and_nothing_is_stored() {
    let dir = populated();
    let d = dir.path();
    let bad =
        r#"{"id": "x", "disease": "soft_tissue_sarcoma", "primary_site": "trunk", "grade": "G9"}"#;
    let o = sarcnav(d, &["record", "MRN-001"], bad);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let errors: Value = serde_json::from_str(&out(&o)).expect("error JSON");
    assert_eq!(errors["errors"][0]["field"], "grade");
    assert!(err(&o).contains("nothing stored"), "{}", err(&o));
    // A response request with dates out of order: rejected too.
    let o = sarcnav(
        d,
        &["record", "MRN-001"],
        &RECIST.replace("2026-02-16", "2025-12-01"),
    );
    assert_eq!(o.status.code(), Some(1));
    let list: Value =
        serde_json::from_str(&ok(sarcnav(d, &["patient", "list", "--json"], ""))).expect("json");
    assert_eq!(list[0]["assessments"], 1);
    assert_eq!(list[0]["response_evaluations"], 1);
    let log = ok(sarcnav(d, &["audit", "log", "--json"], ""));
    let log: Value = serde_json::from_str(&log).expect("json");
    assert_eq!(log.as_array().map(Vec::len), Some(4));
    // Usage errors: exit 2.
    let o = sarcnav(d, &["record", "MRN-404", &case_file()], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no patient `MRN-404`"), "{}", err(&o));
    let o = sarcnav(d, &["patient", "add", "MRN-001"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("already exists"), "{}", err(&o));
}

#[test]
fn audit_verify_passes_on_an_untouched_store() {
    let dir = populated();
    let o = ok(sarcnav(dir.path(), &["audit", "verify"], ""));
    assert!(o.starts_with("audit verify: ok"), "{o}");
    assert!(
        o.contains("4 audit rows; 2 patients, 1 assessment, 1 response evaluation"),
        "{o}"
    );
}

#[test]
fn audit_verify_detects_an_assessment_altered_in_the_database() {
    let dir = populated();
    tamper(
        &dir,
        "UPDATE assessments SET output = REPLACE(output, '\"IIIA\"', '\"IB\"') WHERE id = 1",
    );
    let o = sarcnav(dir.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    assert!(text.starts_with("audit verify: FAILED"), "{text}");
    assert!(
        text.contains(
            "first broken row: audit row 3: assessment 1 was changed after it was recorded"
        ),
        "{text}"
    );
    let json: Value = serde_json::from_str(&out(&sarcnav(
        dir.path(),
        &["audit", "verify", "--json"],
        "",
    )))
    .expect("json");
    assert_eq!(json["problems"][0]["seq"], 3);
}

#[test]
fn audit_verify_detects_an_audit_row_altered_or_deleted() {
    let dir = populated();
    tamper(&dir, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    let o = sarcnav(dir.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("first broken row: audit row 2: the row was changed"),
        "{}",
        out(&o)
    );

    let dir = populated();
    tamper(&dir, "DELETE FROM audit_log WHERE seq = 3");
    let o = sarcnav(dir.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains(
            "first broken row: audit row 4: expected audit row 3 here: row 3 was deleted"
        ),
        "{}",
        out(&o)
    );
}

#[test]
fn replay_shows_what_a_knowledge_change_changes() {
    let dir = populated();
    let d = dir.path();
    let same = ok(sarcnav(d, &["replay", "A1"], ""));
    assert!(same.contains("no change: the result is the same"), "{same}");
    let stored: Value =
        serde_json::from_str(&ok(sarcnav(d, &["replay", "A1", "--json"], ""))).expect("json");
    let option = &stored["stored"]["options"][0];
    let (id, name) = (
        option["id"].as_str().expect("option id"),
        option["name"].as_str().expect("option name"),
    );

    // A modified copy of the knowledge: a new version, and that option renamed.
    let kdir = TempDir::new("store-knowledge");
    let knowledge = kdir.path().join("knowledge");
    copy_dir(&repo_root().join("knowledge"), &knowledge);
    std::fs::write(knowledge.join("VERSION"), "2099.1.0").expect("VERSION");
    let needle = format!(
        "name = {}",
        serde_json::to_string(name).expect("toml string")
    );
    let mut renamed = 0;
    for entry in std::fs::read_dir(knowledge.join("options")).expect("options") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        if text.contains(&needle) {
            let new = format!(
                "name = {}",
                serde_json::to_string(&format!("{name} (revised)")).expect("s")
            );
            std::fs::write(&path, text.replacen(&needle, &new, 1)).expect("write");
            renamed += 1;
        }
    }
    assert_eq!(renamed, 1);

    let kd = knowledge.display().to_string();
    let current = include_str!("../../../knowledge/VERSION").trim();
    let text = ok(sarcnav(d, &["replay", "A1", "--knowledge-dir", &kd], ""));
    assert!(
        text.contains(&format!(
            "with knowledge {current}; replayed with knowledge 2099.1.0"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "  ~ knowledge.version: \"{current}\" → \"2099.1.0\"\n"
        )),
        "{text}"
    );
    let expected = format!("  ~ options[id={id}].name: \"{name}\" → \"{name} (revised)\"\n");
    assert!(text.contains(&expected), "{text}");
    assert!(text.trim_end().ends_with("changes"), "{text}");
    let json: Value = serde_json::from_str(&ok(sarcnav(
        d,
        &["replay", "A1", "--knowledge-dir", &kd, "--json"],
        "",
    )))
    .expect("json");
    assert!(
        json["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .any(|c| c["path"] == format!("options[id={id}].name") && c["change"] == "changed")
    );
    // Replay is read-only: the chain still verifies and nothing was added.
    assert!(ok(sarcnav(d, &["audit", "verify"], "")).contains("4 audit rows"));
    // A response evaluation replays unchanged; a bad reference is a usage error.
    assert!(ok(sarcnav(d, &["replay", "R1"], "")).contains("no change"));
    assert_eq!(sarcnav(d, &["replay", "X1"], "").status.code(), Some(2));
    assert_eq!(sarcnav(d, &["replay", "A7"], "").status.code(), Some(2));
}

#[test]
fn the_database_url_comes_from_the_option_or_the_environment() {
    let dir = TempDir::new("store-url");
    let file = dir.path().join("other.db");
    let url = format!("sqlite:{}", file.display());
    ok(sarcnav(
        dir.path(),
        &["--database-url", &url, "patient", "add", "P1"],
        "",
    ));
    assert!(file.is_file());
    assert!(!dir.path().join("sarcnav.db").exists());
    let o = Command::new(env!("CARGO_BIN_EXE_sarcnav"))
        .args(["patient", "list", "--json"])
        .env("SARCNAV_DATABASE_URL", &url)
        .output()
        .expect("runs");
    let list: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(list[0]["external_id"], "P1");
    let o = sarcnav(
        dir.path(),
        &["--database-url", "mysql://x/y", "patient", "list"],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unsupported database URL"), "{}", err(&o));
}
