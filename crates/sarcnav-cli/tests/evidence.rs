//! `sarcnav evidence …` through the real binary: search (contract §7), show, ingest, diff.

mod common;

use std::path::{Path, PathBuf};

use common::{sarcnav, stdout};
use serde_json::Value;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sarcnav-cli-evidence")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn documents() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents")
}

fn hits(out: &std::process::Output) -> Vec<Value> {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    let v: Value = serde_json::from_str(&stdout(out)).expect("json");
    v["hits"].as_array().expect("hits").clone()
}

#[test]
fn search_works_on_a_fresh_install_and_answers_contract_json() {
    let out = sarcnav(
        &[
            "evidence",
            "search",
            "sirolimus for KHE with Kasabach-Merritt phenomenon",
            "--json",
            "--limit",
            "5",
        ],
        "",
    );
    let hits = hits(&out);
    assert_eq!(hits.len(), 5);
    for hit in &hits {
        let keys: Vec<&str> = hit
            .as_object()
            .expect("hit")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["document", "title", "section", "snippet", "score", "url"]
        );
    }
    let top3: Vec<&str> = hits[..3]
        .iter()
        .map(|h| h["document"].as_str().unwrap_or(""))
        .collect();
    assert!(
        top3.iter()
            .any(|d| *d == "pdq-childhood-vascular-tumors-treatment-hp"
                || *d == "ji-2017-sirolimus-khe"),
        "{top3:?}"
    );
    assert!(
        hits.iter()
            .any(|h| h["document"] == "pdq-childhood-vascular-tumors-treatment-hp")
    );
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().unwrap_or("").contains("**"))
    );
}

#[test]
fn search_unquoted_words_and_readable_output() {
    let out = sarcnav(
        &[
            "evidence",
            "search",
            "pazopanib",
            "after",
            "chemotherapy",
            "--limit",
            "2",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(
        "1. pdq-soft-tissue-sarcoma-treatment-hp#treatment-of-recurrent-soft-tissue-sarcoma/treatment-options-for-recurrent-soft-tissue-sarcoma/chemotherapy-and-targeted-therapy/pazopanib  ("
    ), "{text}");
    assert!(text.contains("   Soft Tissue Sarcoma Treatment (PDQ®) - NCI — Treatment of Recurrent Soft Tissue Sarcoma › "));
    assert!(text.contains("\n2. "));
    assert!(!text.contains("\x1b["), "no terminal escapes into a pipe");

    let none = sarcnav(&["evidence", "search", "zzzzqqq"], "");
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(stdout(&none), "no passage matches \"zzzzqqq\"\n");
}

#[test]
fn show_prints_a_passage_and_fails_on_a_bad_citation() {
    let citation = "pdq-soft-tissue-sarcoma-treatment-hp#treatment-of-recurrent-soft-tissue-sarcoma/treatment-options-for-recurrent-soft-tissue-sarcoma/chemotherapy-and-targeted-therapy/pazopanib";
    let out = sarcnav(&["evidence", "show", citation], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with(&format!("{citation}\n")));
    assert!(text.contains("PMIDs: 22595799\n"));
    assert!(text.contains("Pazopanib is a multitargeted, oral, small molecule inhibitor"));

    // A heading path resolves too; JSON carries the text and its subsections.
    let out = sarcnav(
        &[
            "evidence",
            "show",
            "--json",
            "pdq-soft-tissue-sarcoma-treatment-hp#Treatment of Recurrent Soft Tissue Sarcoma › Chemotherapy and targeted therapy",
        ],
        "",
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["subsections"].as_array().map(Vec::len), Some(3));

    // The outline of a document lists its anchors.
    let out = sarcnav(&["evidence", "show", "ji-2017-sirolimus-khe"], "");
    assert!(stdout(&out).contains("Abstract  #abstract"));

    let out = sarcnav(
        &[
            "evidence",
            "show",
            "pdq-kaposi-sarcoma-treatment-hp#no-such-section",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not a section of pdq-kaposi-sarcoma-treatment-hp"));
    let out = sarcnav(&["evidence", "show", "no-such-doc#x"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no document `no-such-doc`"));
}

#[test]
fn ingest_then_search_with_index_covers_builtin_and_ingested() {
    let dir = scratch("ingest");
    let index = dir.join("index");
    let doc = dir.join("pdq-dfsp-treatment-hp.md");
    std::fs::write(
        &doc,
        "---\ntitle: Dermatofibrosarcoma Protuberans Treatment\nlastReviewed: '2026-01-02'\n---\n\n# DFSP\n\n## Imatinib for Unresectable Disease\n\nImatinib targets the COL1A1::PDGFB fusion of dermatofibrosarcoma protuberans.\n",
    )
    .expect("write");
    // Options in any position: --index after the paths.
    let out = sarcnav(
        &[
            "evidence",
            "ingest",
            doc.to_str().expect("utf-8"),
            "--index",
            index.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "ingested pdq-dfsp-treatment-hp: Dermatofibrosarcoma Protuberans Treatment (1 sections)\n"
    );
    assert!(stderr(&out).contains("MB/s"));

    let index_arg = index.to_str().expect("utf-8");
    let found = hits(&sarcnav(
        &[
            "evidence",
            "search",
            "--index",
            index_arg,
            "--json",
            "COL1A1 PDGFB fusion",
        ],
        "",
    ));
    assert_eq!(found[0]["document"], "pdq-dfsp-treatment-hp");
    assert_eq!(found[0]["section"], "Imatinib for Unresectable Disease");
    assert_eq!(found[0]["url"], Value::Null);
    // Built-in documents are still searched.
    let builtin = hits(&sarcnav(
        &[
            "evidence",
            "search",
            "--index",
            index_arg,
            "--json",
            "pazopanib",
        ],
        "",
    ));
    assert!(
        builtin
            .iter()
            .any(|h| h["document"] == "pdq-soft-tissue-sarcoma-treatment-hp")
    );
    // Without --index the ingested document is not there.
    let plain = hits(&sarcnav(
        &["evidence", "search", "--json", "COL1A1 PDGFB fusion"],
        "",
    ));
    assert!(
        plain
            .iter()
            .all(|h| h["document"] != "pdq-dfsp-treatment-hp")
    );
    // And its sections can be shown.
    let out = sarcnav(
        &[
            "evidence",
            "show",
            "--index",
            index_arg,
            "pdq-dfsp-treatment-hp#imatinib-for-unresectable-disease",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn ingest_reports_every_bad_file_and_stores_nothing() {
    let dir = scratch("ingest-bad");
    let index = dir.join("index");
    let good = documents().join("ji-2017-sirolimus-khe.txt");
    let empty = dir.join("empty.md");
    std::fs::write(&empty, "").expect("write");
    let binary = dir.join("image.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13]).expect("write");
    let truncated = dir.join("truncated.md");
    std::fs::write(&truncated, "---\ntitle: Cut short\nurl: https://exa").expect("write");
    let out = sarcnav(
        &[
            "evidence",
            "ingest",
            "--index",
            index.to_str().expect("utf-8"),
            good.to_str().expect("utf-8"),
            empty.to_str().expect("utf-8"),
            binary.to_str().expect("utf-8"),
            truncated.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("sarcnav: {}: empty file\n", empty.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "sarcnav: {}: binary file (NUL byte at offset 4)",
            binary.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "sarcnav: {}: truncated: the front matter",
            truncated.display()
        )),
        "{err}"
    );
    assert!(
        err.contains("3 of 4 file(s) could not be parsed; nothing was ingested"),
        "{err}"
    );
    assert!(!index.exists());

    // Without --index the files are only checked.
    let out = sarcnav(&["evidence", "ingest", good.to_str().expect("utf-8")], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("ji-2017-sirolimus-khe (1 sections)"));
    assert!(stderr(&out).contains("nothing stored"));
}

#[test]
fn diff_compares_versions_by_section() {
    let dir = scratch("diff");
    let ks = std::fs::read_to_string(documents().join("pdq-kaposi-sarcoma-treatment-hp.md"))
        .expect("ks");
    let new = dir.join("ks-2026.md");
    std::fs::write(
        &new,
        ks.replace(
            "Classic KS is considered a rare disease.",
            "Classic KS is a rare disease.",
        )
        .replace("##### Bortezomib\n", "##### Bortezomib and ixazomib\n"),
    )
    .expect("write");
    let out = sarcnav(
        &[
            "evidence",
            "diff",
            "pdq-kaposi-sarcoma-treatment-hp",
            new.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "pdq-kaposi-sarcoma-treatment-hp → ks-2026: 0 added, 0 removed, 1 changed, 1 moved\n"
        ),
        "{text}"
    );
    assert!(text.contains("~ general-information-about-kaposi-sarcoma/classic-kaposi-sarcoma\n"));
    assert!(text.contains("/bortezomib-and-ixazomib (was "));

    let out = sarcnav(
        &[
            "evidence",
            "diff",
            "--json",
            "pdq-kaposi-sarcoma-treatment-hp",
            new.to_str().expect("utf-8"),
        ],
        "",
    );
    let v: Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(v["changes"][0]["change"], "changed");
    assert_eq!(v["old"]["last_reviewed"], "2025-12-30");

    let out = sarcnav(
        &[
            "evidence",
            "diff",
            "nothing-here",
            new.to_str().expect("utf-8"),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("neither a file nor the id of a document"));
}
