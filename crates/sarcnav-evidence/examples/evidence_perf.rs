//! Measures the evidence library: built-in parse and index build, ingest throughput (against a
//! floor that only reads the files and walks their markdown events), and search latency.
//!
//! `cargo run --release -p sarcnav-evidence --example evidence_perf [COPIES]` — COPIES (default
//! 10) copies of each built-in document are ingested into a scratch index directory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sarcnav_evidence::{Library, ingest};

const QUERIES: &[&str] = &[
    "sirolimus for kaposiform hemangioendothelioma",
    "KHE with Kasabach-Merritt phenomenon first-line treatment",
    "pazopanib after chemotherapy",
    "FNCLCC grade mitotic count necrosis",
    "ACTG staging CD4",
    "pegylated liposomal doxorubicin classic Kaposi sarcoma",
    "retroperitoneal sarcoma preoperative radiation",
    "desmoid tumors nirogacestat",
    "immune reconstitution inflammatory syndrome",
    "propranolol infantile hemangioma",
    "level of evidence randomized controlled trial",
    "trabectedin leiomyosarcoma",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn latencies(library: &Library, rounds: usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(QUERIES.len() * rounds);
    for _ in 0..rounds {
        for query in QUERIES {
            let started = Instant::now();
            let hits = library.search(query, 10).expect("search");
            times.push(started.elapsed());
            assert!(!hits.is_empty(), "{query}");
        }
    }
    times.sort_unstable();
    (
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        times.len(),
    )
}

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let documents = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents");

    let started = Instant::now();
    let library = Library::builtin().expect("built-in library");
    let parse = started.elapsed();
    let build = library.warm_up().expect("index");
    let sections: usize = library.documents().iter().map(|d| d.sections.len()).sum();
    println!(
        "built-in: {} documents, {sections} sections; parse {:.1} ms, in-memory index build {:.1} ms",
        library.documents().len(),
        parse.as_secs_f64() * 1e3,
        build.as_secs_f64() * 1e3
    );
    let (p50, p90, n) = latencies(&library, 20);
    println!(
        "search (built-in, limit 10): p50 {:.2} ms, p90 {:.2} ms over {n} queries",
        p50.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );

    // Ingest: COPIES copies of every built-in document under new ids.
    let scratch =
        std::env::temp_dir().join(format!("sarcnav-evidence-perf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&documents).expect("documents") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name == "README.md" {
            continue;
        }
        let (stem, ext) = name.rsplit_once('.').expect("extension");
        for copy in 0..copies {
            let target = scratch.join(format!("{stem}-copy{copy}.{ext}"));
            std::fs::copy(&path, &target).expect("copy");
            files.push(target);
        }
    }
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("metadata").len())
        .sum();

    // Floor: read every file and walk its markdown events, nothing else.
    let started = Instant::now();
    let mut events = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        events +=
            pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES).count();
    }
    let floor = started.elapsed();
    assert!(events > 0);

    let index = scratch.join("index");
    let started = Instant::now();
    let report = ingest(&index, &files).expect("ingest");
    let total = started.elapsed();
    let mb = bytes as f64 / 1e6;
    println!(
        "ingest: {} files, {mb:.1} MB in {:.2} s = {:.1} MB/s, {:.0} docs/s (parse {:.2} s, index+store {:.2} s); floor (read + markdown events) {:.2} s = {:.1} MB/s; ratio {:.1}",
        files.len(),
        total.as_secs_f64(),
        mb / total.as_secs_f64(),
        files.len() as f64 / total.as_secs_f64(),
        report.parse_time.as_secs_f64(),
        report.index_time.as_secs_f64(),
        floor.as_secs_f64(),
        mb / floor.as_secs_f64(),
        total.as_secs_f64() / floor.as_secs_f64()
    );

    let started = Instant::now();
    let with_index = Library::open(Some(&index)).expect("open index");
    let open = started.elapsed();
    let (p50, p90, n) = latencies(&with_index, 20);
    println!(
        "search (built-in + {} ingested documents, limit 10): open {:.1} ms; p50 {:.2} ms, p90 {:.2} ms over {n} queries",
        report.documents.len(),
        open.as_secs_f64() * 1e3,
        p50.as_secs_f64() * 1e3,
        p90.as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
