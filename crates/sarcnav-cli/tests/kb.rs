//! `sarcnav kb`: the embedded knowledge passes; broken fixtures and changed sources fail.

mod common;

use common::{TempDir, copy_dir, repo_root, sarcnav, stdout};

fn knowledge_fixture() -> TempDir {
    let dir = TempDir::new("kb");
    copy_dir(&repo_root().join("knowledge"), dir.path());
    dir
}

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(
        text.contains(from),
        "fixture text {from:?} not found in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn embedded_knowledge_passes() {
    let out = sarcnav(&["kb", "check"], "");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors, 0 changed sources"), "{text}");
}

#[test]
fn a_copy_of_the_knowledge_directory_passes() {
    let dir = knowledge_fixture();
    let out = sarcnav(
        &[
            "kb",
            "check",
            "--knowledge-dir",
            dir.path().to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn broken_fixture_fails_with_every_problem_named() {
    let dir = knowledge_fixture();
    let sts = dir.path().join("options/sts.toml");
    edit(&sts, r#"pmids = ["26874885"]"#, r#"pmids = ["26874885x"]"#);
    edit(&sts, r#"level = "B3""#, r#"level = "B7""#);
    edit(
        &sts,
        "› Chemotherapy and targeted therapy › Pazopanib",
        "› Chemotherapy and targeted therapy › Pazopanib tablets",
    );
    edit(
        &sts,
        r#"agents = ["trabectedin"]"#,
        r#"agents = ["trabectidin"]"#,
    );
    let out = sarcnav(
        &[
            "kb",
            "check",
            "--knowledge-dir",
            dir.path().to_str().unwrap(),
        ],
        "",
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    for expected in [
        "26874885x",
        "`B7` is not a PDQ level",
        "Pazopanib tablets` does not resolve",
        "unknown agent `trabectidin`",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn a_duplicate_id_fails() {
    let dir = knowledge_fixture();
    edit(
        &dir.path().join("options/khe.toml"),
        r#"id = "khe-propranolol""#,
        r#"id = "khe-observation""#,
    );
    let out = sarcnav(
        &[
            "kb",
            "check",
            "--knowledge-dir",
            dir.path().to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("duplicate id"));
}

#[test]
fn a_changed_source_section_flags_the_entries_citing_it() {
    let docs = TempDir::new("kb-docs");
    let index = TempDir::new("kb-index");
    let newer = docs.path().join("pdq-soft-tissue-sarcoma-treatment-hp.md");
    std::fs::copy(
        repo_root().join("documents/pdq-soft-tissue-sarcoma-treatment-hp.md"),
        &newer,
    )
    .expect("copy");
    edit(
        &newer,
        "Eribulin is a microtubule inhibitor that the FDA approved in 2016",
        "Eribulin is a microtubule inhibitor (text revised in a newer version of the summary) that the FDA approved in 2016",
    );
    let ingest = sarcnav(
        &[
            "evidence",
            "ingest",
            "--index",
            index.path().to_str().unwrap(),
            newer.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let out = sarcnav(
        &["kb", "check", "--index", index.path().to_str().unwrap()],
        "",
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("changed: sts-eribulin"), "{text}");
    assert!(text.contains("0 errors, 1 changed sources"), "{text}");
}

#[test]
fn list_shows_every_option() {
    let text = stdout(&sarcnav(&["kb", "list"], ""));
    assert!(text.contains("sts-pazopanib") && text.contains("khe-kmp-sirolimus-prednisolone"));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&sarcnav(&["kb", "list", "--json"], ""))).unwrap();
    assert!(json.as_array().unwrap().len() > 40);
}
