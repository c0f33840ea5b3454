//! Truncated, empty and binary files give clear errors, and an ingest with a bad file stores
//! nothing.

mod common;

use sarcnav_evidence::{EvidenceError, Library, ParseError, ingest, parse_document, read_document};

fn error(file: &str, bytes: &[u8]) -> ParseError {
    match parse_document("x", file, bytes) {
        Ok(doc) => panic!("{file} parsed into {} sections", doc.sections.len()),
        Err(e) => e,
    }
}

#[test]
fn empty_files() {
    assert_eq!(error("a.md", b""), ParseError::Empty);
    assert_eq!(error("a.txt", b"  \n\t\n"), ParseError::Empty);
    assert_eq!(ParseError::Empty.to_string(), "empty file");
}

#[test]
fn binary_files() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";
    let e = error("figure.md", png);
    assert!(matches!(e, ParseError::Binary(_)), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("binary file (NUL byte at offset 8)"),
        "{e}"
    );
    let latin1 = b"## Sarcome\n\nTrait\xe9 par chirurgie.\n";
    assert!(
        matches!(error("a.md", latin1), ParseError::Binary(m) if m.contains("invalid UTF-8 at byte 17"))
    );
}

#[test]
fn truncated_files() {
    let ks = common::builtin_text("pdq-kaposi-sarcoma-treatment-hp.md");
    // Cut inside the front matter.
    let e = error("ks.md", &ks.as_bytes()[..200]);
    assert_eq!(
        e.to_string(),
        "truncated: the front matter opened with `---` on line 1 is never closed"
    );
    // Cut right after the front matter: nothing to cite.
    let end = ks.find("\n---\n").expect("front matter end") + 5;
    let e = error("ks.md", &ks.as_bytes()[..end]);
    assert!(matches!(e, ParseError::NoSections(_)), "{e:?}");
    assert!(e.to_string().contains("is the file truncated?"), "{e}");
    // Cut inside a multi-byte character ("®" is two bytes).
    let cut = ks.find('®').expect("®") + 1;
    let e = error("ks.md", &ks.as_bytes()[..cut]);
    assert!(
        e.to_string()
            .starts_with("truncated: the file ends inside a UTF-8 character"),
        "{e}"
    );

    // A scrape without its footer.
    let scrape = common::builtin_text("pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape.txt");
    let e = error("scrape.txt", &scrape.as_bytes()[..scrape.len() / 2]);
    assert!(e.to_string().contains("no \"Last Revised:\" line"), "{e}");

    // A PubMed page cut after the title.
    let page = common::builtin_text("ji-2017-sirolimus-khe.txt");
    let title_end = page.find("retrospective study.").expect("title") + 20;
    let e = error("ji.txt", &page.as_bytes()[..title_end]);
    assert!(e.to_string().contains("no abstract"), "{e}");
}

#[test]
fn files_without_structure() {
    assert_eq!(
        error(
            "a.md",
            b"---\nurl: https://example.org\n---\n\nJust text.\n"
        ),
        ParseError::NoTitle
    );
    assert!(matches!(
        error("a.md", b"# Title only\n\nSome text.\n"),
        ParseError::NoSections(_)
    ));
    let e = error("a.md", b"---\ntitle: [unclosed\n---\n## A\n");
    assert!(
        e.to_string().starts_with("front matter is not valid YAML"),
        "{e}"
    );
    let e = error(
        "a.md",
        b"---\ntitle: T\nlastReviewed: last spring\n---\n## A\n",
    );
    assert_eq!(
        e.to_string(),
        "metadata `lastReviewed`: \"last spring\" is not a date (YYYY-MM-DD)"
    );
}

#[test]
fn read_document_names_the_file() {
    let dir = common::scratch("read-document");
    let path = common::write(&dir, "empty.md", "");
    let e = read_document(&path).expect_err("empty");
    assert_eq!(e.to_string(), format!("{}: empty file", path.display()));
    let path = common::write(&dir, "bad name!.md", "# T\n## A\n");
    let e = read_document(&path).expect_err("bad id");
    assert!(e.to_string().contains("does not give a document id"), "{e}");
}

#[test]
fn an_ingest_with_a_bad_file_stores_nothing() {
    let dir = common::scratch("ingest-all-or-nothing");
    let good = common::write(
        &dir,
        "good.md",
        "# Good\n\n## Leiomyosarcoma\n\nTrabectedin.\n",
    );
    let empty = common::write(&dir, "empty.md", "");
    let binary = common::write(&dir, "binary.txt", [0u8, 159, 146, 150]);
    let index = dir.join("index");
    let e = ingest(&index, &[good.clone(), empty.clone(), binary.clone()]).expect_err("rejected");
    let EvidenceError::Rejected { errors, total } = &e else {
        panic!("{e:?}");
    };
    assert_eq!(*total, 3);
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0], format!("{}: empty file", empty.display()));
    assert!(messages[1].starts_with(&format!("{}: binary file", binary.display())));
    assert!(!index.exists(), "nothing was written");

    // A missing file is reported like a bad one.
    let missing = dir.join("missing.md");
    let e = ingest(&index, &[good.clone(), missing]).expect_err("rejected");
    assert!(e.to_string().contains("missing.md"), "{e}");

    // Two files, one id.
    let twin = common::write(&dir, "good.txt", "x");
    let e = ingest(&index, &[good.clone(), twin]).expect_err("duplicate");
    assert!(matches!(e, EvidenceError::DuplicateId { .. }), "{e:?}");

    // The good file alone goes in.
    ingest(&index, &[good]).expect("ingest");
    assert!(
        Library::open(Some(&index))
            .expect("open")
            .document("good")
            .is_some()
    );
}

#[test]
fn index_directories_are_checked() {
    let dir = common::scratch("index-dirs");
    let e = Library::open(Some(&dir.join("nowhere")))
        .err()
        .expect("missing dir");
    assert!(e.to_string().contains("no evidence index here"), "{e}");
    let foreign = dir.join("foreign");
    std::fs::create_dir_all(&foreign).expect("dir");
    common::write(&foreign, "notes.txt", "mine");
    let doc = common::write(&dir, "doc.md", "# D\n\n## A\n\nText.\n");
    let e = ingest(&foreign, &[doc]).expect_err("foreign dir");
    assert!(e.to_string().contains("not an evidence index"), "{e}");
    let e = Library::open(Some(&foreign)).err().expect("foreign dir");
    assert!(e.to_string().contains("not an evidence index"), "{e}");
}
