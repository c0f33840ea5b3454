//! Single-case assessment cost with the embedded knowledge: parse + stage + options + explain +
//! serialize, per disease, and the error path.

use criterion::{Criterion, criterion_group, criterion_main};
use sarcnav_core::{Context, Date, Knowledge, assess_json};
use std::hint::black_box;

/// The embedded knowledge: the real option entries are evaluated for every case.
fn knowledge() -> Knowledge {
    sarcnav_knowledge::embedded().unwrap_or_else(|e| panic!("embedded knowledge: {e}"))
}

const CASES: &[(&str, &str)] = &[
    (
        "sts_full",
        r#"{"id":"b1","disease":"soft_tissue_sarcoma","primary_site":"extremity","tumor_size_cm":7.5,"histology":"synovial_sarcoma","mitotic_count_per_10hpf":12,"necrosis_percent":20,"regional_nodes":"N0","distant_metastasis":"M0","assessment_date":"2026-06-15"}"#,
    ),
    (
        "ks_actg",
        r#"{"id":"b2","disease":"kaposi_sarcoma","subtype":"aids_associated","cd4_per_ul":180,"karnofsky":80,"edema_or_ulceration":true,"assessment_date":"2026-06-15"}"#,
    ),
    (
        "khe",
        r#"{"id":"b3","disease":"kaposiform_hemangioendothelioma","kasabach_merritt_phenomenon":true,"platelets_per_ul":15000,"assessment_date":"2026-06-15"}"#,
    ),
    (
        "invalid",
        r#"{"id":"b4","disease":"soft_tissue_sarcoma","primary_site":"lung","tumor_size_cm":"big","necrosis_percent":140}"#,
    ),
];

fn bench(c: &mut Criterion) {
    let knowledge = knowledge();
    let ctx = Context {
        knowledge: &knowledge,
        today: Date::parse("2026-06-15").unwrap_or_else(|_| unreachable!()),
    };
    let mut group = c.benchmark_group("assess");
    let mut buf = Vec::with_capacity(4096);
    for (name, case) in CASES {
        group.bench_function(*name, |b| {
            b.iter(|| {
                buf.clear();
                let outcome = assess_json(black_box(case), &ctx);
                let _ = serde_json::to_writer(&mut buf, &outcome);
                black_box(buf.len())
            })
        });
    }
    group.bench_function("floor_value_roundtrip", |b| {
        b.iter(|| {
            buf.clear();
            let v: serde_json::Value =
                serde_json::from_str(black_box(CASES[0].1)).unwrap_or_default();
            let _ = serde_json::to_writer(&mut buf, &v);
            black_box(buf.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
