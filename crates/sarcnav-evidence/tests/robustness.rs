//! Whatever a file holds, parsing and searching answer (a document or an error), never panic.

mod common;

use sarcnav_evidence::{Library, parse_document};

/// A small deterministic generator (no dependency needed for this).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn every_prefix_of_every_document_parses_or_errors() {
    for (file, cuts) in [
        ("pdq-kaposi-sarcoma-treatment-hp.md", 60),
        ("pdq-levels-of-evidence-treatment.md", 40),
        ("ji-2017-sirolimus-khe.txt", 60),
        ("pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape.txt", 40),
    ] {
        let bytes = common::builtin_text(file).into_bytes();
        for i in 1..=cuts {
            let end = bytes.len() * i / cuts;
            let _ = parse_document("x", file, &bytes[..end]);
        }
    }
}

#[test]
fn noise_parses_or_errors() {
    let mut rng = Lcg(7);
    let alphabet: Vec<char> = "#-|[]()*_`>:;.,\n \t0123456789aAbB®–›\u{feff}\r"
        .chars()
        .collect();
    for round in 0..300 {
        let len = (rng.next() % 400) as usize;
        let text: String = (0..len)
            .map(|_| alphabet[(rng.next() as usize) % alphabet.len()])
            .collect();
        let text = if round % 3 == 0 {
            format!("---\ntitle: t\n---\n{text}")
        } else {
            text
        };
        for name in ["n.md", "n.txt"] {
            let _ = parse_document("n", name, text.as_bytes());
        }
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let _ = parse_document("n", "n.txt", &bytes);
    }
}

#[test]
fn noisy_queries_answer() {
    let library = Library::builtin().expect("library");
    let mut rng = Lcg(11);
    let alphabet: Vec<char> = "\"'+-^:~*()[]{}!\\/ aKHEsirolimus ANDORNOT ≥µ"
        .chars()
        .collect();
    for _ in 0..100 {
        let len = (rng.next() % 30) as usize;
        let query: String = (0..len)
            .map(|_| alphabet[(rng.next() as usize) % alphabet.len()])
            .collect();
        library
            .search(&query, 3)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
}
