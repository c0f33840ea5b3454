//! Values at and just past every cutoff of the staging rules, and at the edges of the contract's
//! ranges. Each table row is one value and what the rule gives it; the cutoffs are cited above
//! each table (PDQ STS Tables 1, 5; PDQ KS Table 1; contract §1).

mod common;

use common::*;
use serde_json::json;

/// PDQ STS Table 1, trunk/extremity and retroperitoneum column: T1 ≤5 cm, T2 >5 to ≤10 cm,
/// T3 >10 to ≤15 cm, T4 >15 cm. Each cutoff belongs to the lower category.
#[rustfmt::skip]
const SIZE_CUTOFFS_TRUNK_EXTREMITY_RETROPERITONEUM: &[(f64, &str)] = &[
    // | tumor_size_cm | T     |
    (5.0,             "T1"),
    (5.01,            "T2"),
    (10.0,            "T2"),
    (10.01,           "T3"),
    (15.0,            "T3"),
    (15.01,           "T4"),
];

/// PDQ STS Table 1, head and neck column: T1 ≤2 cm, T2 >2 to ≤4 cm, T3 >4 cm.
#[rustfmt::skip]
const SIZE_CUTOFFS_HEAD_AND_NECK: &[(f64, &str)] = &[
    // | tumor_size_cm | T     |
    (2.0,             "T1"),
    (2.01,            "T2"),
    (4.0,             "T2"),
    (4.01,            "T3"),
];

#[test]
fn size_cutoffs_trunk_extremity_and_retroperitoneum() {
    for &(size, expected) in SIZE_CUTOFFS_TRUNK_EXTREMITY_RETROPERITONEUM {
        for site in ["extremity", "trunk", "retroperitoneum"] {
            let out = assessed(&sts(
                json!({"primary_site": site, "tumor_size_cm": size, "grade": "G3"}),
            ));
            assert_eq!(out["staging"]["t"], expected, "{site} {size} cm");
            assert!(
                explained(&out, expected),
                "{site} {size} cm: the T line names {expected}"
            );
        }
    }
}

#[test]
fn size_cutoffs_head_and_neck() {
    for &(size, expected) in SIZE_CUTOFFS_HEAD_AND_NECK {
        let out = assessed(&sts(
            json!({"primary_site": "head_and_neck", "tumor_size_cm": size, "grade": "G3"}),
        ));
        assert_eq!(out["staging"]["t"], expected, "head and neck {size} cm");
    }
}

/// The stage group moves with T at each size cutoff (Table 7, N0 M0 G3: T1 II, T2 IIIA, T3/T4 IIIB).
#[test]
fn size_cutoffs_move_the_stage_group() {
    #[rustfmt::skip]
    const ROWS: &[(f64, &str)] = &[
        // | tumor_size_cm | stage group (G3) |
        (5.0,             "II"),
        (5.01,            "IIIA"),
        (10.0,            "IIIA"),
        (10.01,           "IIIB"),
        (15.0,            "IIIB"),
        (15.01,           "IIIB"),
    ];
    for &(size, expected) in ROWS {
        for site in ["trunk", "retroperitoneum"] {
            let staging = staging(&sts(
                json!({"primary_site": site, "tumor_size_cm": size, "grade": "G3"}),
            ));
            assert_eq!(staging["stage_group"], expected, "{site} {size} cm G3");
        }
    }
}

/// PDQ STS Table 5, mitotic count: score 1 for 0–9, 2 for 10–19, 3 for ≥20 per 10 HPF.
#[rustfmt::skip]
const MITOTIC_CUTOFFS: &[(i64, u8)] = &[
    // | mitoses per 10 HPF | score |
    (0,                    1),
    (9,                    1),
    (10,                   2),
    (19,                   2),
    (20,                   3),
];

/// PDQ STS Table 5, tumor necrosis: score 0 for none, 1 for <50%, 2 for ≥50%.
#[rustfmt::skip]
const NECROSIS_CUTOFFS: &[(f64, u8)] = &[
    // | necrosis % | score |
    (0.0,          0),
    (0.1,          1),
    (49.9,         1),
    (50.0,         2),
    (100.0,        2),
];

fn fnclcc_case(mitoses: i64, necrosis: f64) -> serde_json::Value {
    sts(
        json!({"primary_site": "extremity", "tumor_size_cm": 3, "differentiation_score": 2,
               "mitotic_count_per_10hpf": mitoses, "necrosis_percent": necrosis}),
    )
}

#[test]
fn mitotic_count_cutoffs() {
    for &(mitoses, score) in MITOTIC_CUTOFFS {
        let staging = staging(&fnclcc_case(mitoses, 0.0));
        assert_eq!(
            staging["fnclcc"]["mitotic"], score,
            "{mitoses} mitoses per 10 HPF"
        );
        // differentiation 2 + mitotic + necrosis 0
        let total = 2 + score;
        assert_eq!(staging["fnclcc"]["total"], total);
        assert_eq!(
            staging["grade"],
            if total <= 3 { "G1" } else { "G2" },
            "{mitoses} mitoses"
        );
    }
}

#[test]
fn necrosis_cutoffs() {
    for &(necrosis, score) in NECROSIS_CUTOFFS {
        let staging = staging(&fnclcc_case(0, necrosis));
        assert_eq!(staging["fnclcc"]["necrosis"], score, "{necrosis}% necrosis");
        // differentiation 2 + mitotic 1 + necrosis
        let total = 3 + score;
        assert_eq!(staging["fnclcc"]["total"], total);
        assert_eq!(
            staging["grade"],
            if total <= 3 { "G1" } else { "G2" },
            "{necrosis}% necrosis"
        );
    }
}

/// PDQ KS Table 1, immune system (I): CD4 ≥200/µL good risk (I0), <200/µL poor risk (I1). The
/// source adds that 150/µL may discriminate better; contract §1b: an explanation line when
/// 150 ≤ CD4 < 200.
#[rustfmt::skip]
const CD4_CUTOFFS: &[(i64, &str, bool)] = &[
    // | cd4_per_ul | I     | line about the 150 cutoff |
    (0,            "I1",   false),
    (149,          "I1",   false),
    (150,          "I1",   true),
    (199,          "I1",   true),
    (200,          "I0",   false),
    (201,          "I0",   false),
];

/// An explanation line that notes the alternative cutoff of 150/µL (seed 000: "A CD4 count of 150
/// cells/µL may be a better discriminator than the published cutoff of 200 cells/µL").
fn notes_the_150_cutoff(out: &serde_json::Value) -> bool {
    explanation(out)
        .iter()
        .any(|line| line.contains("150") && line.to_lowercase().contains("discriminat"))
}

#[test]
fn cd4_cutoffs_and_the_150_explanation_line() {
    for &(cd4, expected, line) in CD4_CUTOFFS {
        let out = assessed(&aids_ks(json!({"cd4_per_ul": cd4})));
        assert_eq!(out["staging"]["i"], expected, "CD4 {cd4}");
        assert_eq!(
            notes_the_150_cutoff(&out),
            line,
            "CD4 {cd4}: line about 150/µL expected: {line}\n{out:#}"
        );
    }
}

/// PDQ KS Table 1, systemic illness (S): Karnofsky ≥70 good risk, <70 poor risk. Contract §1b:
/// an integer 0–100, multiple of 10.
#[rustfmt::skip]
const KARNOFSKY: &[(i64, Option<&str>)] = &[
    // | karnofsky | S (None: an error on karnofsky) |
    (0,           Some("S1")),
    (60,          Some("S1")),
    (70,          Some("S0")),
    (100,         Some("S0")),
    (65,          None),
    (69,          None),
    (75,          None),
    (-10,         None),
    (110,         None),
];

#[test]
fn karnofsky_cutoff_and_scale() {
    for &(karnofsky, expected) in KARNOFSKY {
        let out = assess(&aids_ks(json!({"karnofsky": karnofsky})));
        match expected {
            Some(s) => assert_eq!(out["staging"]["s"], s, "Karnofsky {karnofsky}: {out:#}"),
            None => assert_eq!(
                error_fields(&out),
                vec![Some("karnofsky".to_owned())],
                "Karnofsky {karnofsky}"
            ),
        }
    }
}

#[test]
fn karnofsky_missing_is_a_warning() {
    let out = assessed(&without(&aids_ks(json!({})), &["karnofsky"]));
    assert_eq!(out["staging"]["s"], "S0");
    assert!(
        warning_fields(&out).contains(&"karnofsky".to_owned()),
        "{out:#}"
    );
}

/// Contract §1a: `tumor_size_cm` is a number > 0 and ≤ 100; `necrosis_percent` 0–100.
#[rustfmt::skip]
const STS_RANGES: &[(&str, f64, bool)] = &[
    // | field               | value   | valid |
    ("tumor_size_cm",       0.0,      false),
    ("tumor_size_cm",       -1.0,     false),
    ("tumor_size_cm",       0.01,     true),
    ("tumor_size_cm",       100.0,    true),
    ("tumor_size_cm",       100.01,   false),
    ("necrosis_percent",    -0.01,    false),
    ("necrosis_percent",    0.0,      true),
    ("necrosis_percent",    100.0,    true),
    ("necrosis_percent",    100.01,   false),
];

#[test]
fn tumor_size_and_necrosis_ranges() {
    for &(field, value, valid) in STS_RANGES {
        let case = sts(with(
            &json!({"primary_site": "trunk", "tumor_size_cm": 3, "differentiation_score": 2, "mitotic_count_per_10hpf": 5, "necrosis_percent": 10}),
            &json!({ field: value }),
        ));
        let out = assess(&case);
        if valid {
            assert!(
                out.get("errors").is_none(),
                "{field} {value} is valid: {out:#}"
            );
        } else {
            assert_eq!(
                error_fields(&out),
                vec![Some(field.to_owned())],
                "{field} {value} is an error"
            );
            assert!(!error_message(&out, field).is_empty());
        }
    }
}

/// Contract §1: the other numeric ranges (integer fields must also be whole numbers).
#[test]
fn other_numeric_ranges() {
    let sts_base = sts(json!({"primary_site": "trunk", "tumor_size_cm": 3, "grade": "G1"}));
    let visceral = sts(
        json!({"primary_site": "abdominal_visceral", "visceral_extent": "serosa", "grade": "G1"}),
    );
    let ks_base = aids_ks(json!({}));
    let khe_base = khe(json!({"kasabach_merritt_phenomenon": false}));
    #[rustfmt::skip]
    let rows = [
        // | base case  | field                           | value         | valid |
        (&sts_base,   "age_years",                      json!(0),       true),
        (&sts_base,   "age_years",                      json!(120),     true),
        (&sts_base,   "age_years",                      json!(120.5),   false),
        (&sts_base,   "age_years",                      json!(-1),      false),
        (&sts_base,   "mitotic_count_per_10hpf",        json!(0),       true),
        (&sts_base,   "mitotic_count_per_10hpf",        json!(-1),      false),
        (&sts_base,   "mitotic_count_per_10hpf",        json!(9.5),     false),
        (&sts_base,   "differentiation_score",          json!(1),       true),
        (&sts_base,   "differentiation_score",          json!(3),       true),
        (&sts_base,   "differentiation_score",          json!(0),       false),
        (&sts_base,   "differentiation_score",          json!(4),       false),
        (&visceral,   "multifocal_sites",               json!(1),       true),
        (&visceral,   "multifocal_sites",               json!(0),       false),
        (&visceral,   "multifocal_sites",               json!(2.5),     false),
        (&ks_base,    "cd4_per_ul",                     json!(0),       true),
        (&ks_base,    "cd4_per_ul",                     json!(-1),      false),
        (&ks_base,    "cd4_per_ul",                     json!(199.5),   false),
        (&ks_base,    "hiv_viral_load_copies_per_ml",   json!(0),       true),
        (&ks_base,    "hiv_viral_load_copies_per_ml",   json!(-1),      false),
        (&khe_base,   "platelets_per_ul",               json!(0),       true),
        (&khe_base,   "platelets_per_ul",               json!(-1),      false),
        (&khe_base,   "fibrinogen_g_per_l",             json!(0),       true),
        (&khe_base,   "fibrinogen_g_per_l",             json!(-0.1),    false),
    ];
    for (base, field, value, valid) in rows {
        let out = assess(&with(base, &json!({ field: value })));
        if valid {
            assert!(
                out.get("errors").is_none(),
                "{field} {value} is valid: {out:#}"
            );
        } else {
            assert_eq!(
                error_fields(&out),
                vec![Some(field.to_owned())],
                "{field} {value} is an error: {out:#}"
            );
        }
    }
}

/// A mitotic count too large for 32 bits is still ≥ 20 (score 3), never dropped as missing.
#[test]
fn huge_mitotic_counts_score_three() {
    let out = staging(&sts(serde_json::json!({
        "primary_site": "trunk", "tumor_size_cm": 3, "differentiation_score": 1,
        "mitotic_count_per_10hpf": 5_000_000_000_i64, "necrosis_percent": 0
    })));
    assert_eq!(out["fnclcc"]["mitotic"], 3);
    assert_eq!(out["grade"], "G2");
}
