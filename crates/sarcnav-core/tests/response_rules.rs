//! Response evaluation (contract §6): every threshold of RECIST 1.1 (§6a) and of the ACTG
//! Kaposi sarcoma criteria (§6b) at and just past its boundary, the best overall response and
//! its confirmation (§6c), validation errors with their paths, and property tests (a larger
//! sum never improves the response; the order of the lesions changes nothing).

use proptest::prelude::*;
use sarcnav_core::Date;
use sarcnav_core::response::{evaluate_json, render_text};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers: build a course as JSON, evaluate it, read the result back as JSON
// ---------------------------------------------------------------------------------------------

/// The date `days` days after 2026-01-05 (the baseline of most courses here).
fn day(days: i64) -> String {
    let start = Date::parse("2026-01-05").unwrap().days_since_epoch();
    Date::from_days_since_epoch(start + days).to_string()
}

fn evaluate(request: &Value) -> Value {
    serde_json::to_value(evaluate_json(&request.to_string())).unwrap()
}

/// A non-nodal target lesion `T{n}` in its own organ.
fn target(n: usize, diameter: Option<f64>) -> Value {
    json!({"id": format!("T{n}"), "organ": format!("organ-{n}"), "lymph_node": false, "diameter_mm": diameter})
}

/// A lymph-node target lesion.
fn node(id: &str, short_axis: Option<f64>) -> Value {
    json!({"id": id, "organ": "mediastinum", "lymph_node": true, "diameter_mm": short_axis})
}

fn non_target(id: &str, status: &str) -> Value {
    json!({"id": id, "status": status})
}

/// A RECIST assessment on `day(days)`.
fn visit(days: i64, targets: Vec<Value>, non_targets: Vec<Value>, new_lesions: bool) -> Value {
    json!({"date": day(days), "target_lesions": targets, "non_target_lesions": non_targets,
           "new_lesions": new_lesions})
}

/// Non-nodal targets T1…Tn with these diameters.
fn targets(diameters: &[f64]) -> Vec<Value> {
    diameters
        .iter()
        .enumerate()
        .map(|(i, d)| target(i + 1, Some(*d)))
        .collect()
}

fn recist(assessments: Vec<Value>) -> Value {
    json!({"id": "course", "criteria": "recist_1_1", "assessments": assessments})
}

/// A RECIST course of non-nodal targets, one visit every 42 days, without non-target lesions.
fn recist_sums(visits: &[&[f64]]) -> Value {
    recist(
        visits
            .iter()
            .enumerate()
            .map(|(k, ds)| visit(42 * k as i64, targets(ds), vec![], false))
            .collect(),
    )
}

fn responses(result: &Value) -> Vec<String> {
    result["timepoints"]
        .as_array()
        .unwrap_or_else(|| panic!("a valid result: {result}"))
        .iter()
        .map(|t| t["response"].as_str().unwrap().to_owned())
        .collect()
}

fn last_reasons(result: &Value) -> String {
    let tps = result["timepoints"].as_array().unwrap();
    tps.last().unwrap()["reasons"].to_string()
}

/// The error paths of an error result.
fn error_fields(result: &Value) -> Vec<String> {
    assert!(
        result.get("timepoints").is_none(),
        "an error result: {result}"
    );
    result["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("errors expected: {result}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// An ACTG assessment on `day(days)`.
#[allow(clippy::too_many_arguments)]
fn ks(
    days: i64,
    lesions: u64,
    nodular: u64,
    spd: f64,
    edema: &str,
    new_sites: bool,
    visceral: bool,
    residual: bool,
) -> Value {
    json!({"date": day(days), "lesion_count": lesions, "nodular_or_plaque_count": nodular,
           "spd_mm2": spd, "tumor_edema": edema, "new_sites": new_sites,
           "visceral_disease": visceral, "residual_disease": residual})
}

/// A KS assessment with disease, no edema, no new sites, no visceral disease.
fn ks_disease(days: i64, lesions: u64, nodular: u64, spd: f64) -> Value {
    ks(days, lesions, nodular, spd, "none", false, false, true)
}

/// A KS assessment without detectable disease, with this edema.
fn ks_free(days: i64, edema: &str) -> Value {
    ks(days, 0, 0, 0.0, edema, false, false, false)
}

fn actg(assessments: Vec<Value>) -> Value {
    json!({"id": "ks-course", "criteria": "actg_ks", "assessments": assessments})
}

// ---------------------------------------------------------------------------------------------
// §6a RECIST 1.1: target thresholds
// ---------------------------------------------------------------------------------------------

/// §6a PR: sum ≤ 0.7 × baseline sum. Each row: baseline sum, follow-up sum, target response.
#[rustfmt::skip]
const PR_BOUNDARY: &[(&[f64], &[f64], &str)] = &[
    // | baseline       | follow-up         | response |
    (&[90.0],           &[63.0],            "PR"),   // exactly −30%
    (&[90.0],           &[63.1],            "SD"),   // −29.9%
    (&[60.0, 30.0],     &[42.0, 21.0],      "PR"),   // exactly −30% over two targets
    (&[33.3, 33.3, 33.4], &[23.3, 23.3, 23.4], "PR"), // 100 → 70 in decimals: exact, not float
    (&[40.2, 19.8],     &[28.0, 14.0],      "PR"),   // 60 → 42
    (&[40.2, 19.8],     &[28.0, 14.001],    "SD"),   // 42.001 mm is just above 0.7 × 60
];

#[test]
fn partial_response_at_exactly_minus_30_percent() {
    for &(baseline, follow_up, expected) in PR_BOUNDARY {
        let out = evaluate(&recist_sums(&[baseline, follow_up]));
        assert_eq!(
            responses(&out),
            [expected],
            "{baseline:?} → {follow_up:?}: {out}"
        );
    }
    let out = evaluate(&recist_sums(&[&[90.0], &[63.0]]));
    assert_eq!(out["timepoints"][0]["sum_mm"], json!(63));
    assert_eq!(
        out["timepoints"][0]["change_from_baseline_pct"],
        json!(-30.0)
    );
    assert!(last_reasons(&out).contains("30.0% below the baseline 90 mm"));
}

/// §6a PD: sum − nadir ≥ 5 mm and sum ≥ 1.2 × nadir. Each row: the nadir visit (equal to the
/// baseline here), the follow-up, the response.
#[rustfmt::skip]
const PD_BOUNDARY: &[(f64, f64, &str)] = &[
    // | nadir | follow-up | response |                            |
    (50.0,     60.0,       "PD"),   // +20% and +10 mm
    (50.0,     59.9,       "SD"),   // +19.8%
    (25.0,     30.0,       "PD"),   // +20% and exactly +5 mm
    (20.0,     24.0,       "SD"),   // +20% but only +4 mm
    (20.0,     25.0,       "PD"),   // +25% and +5 mm
    (100.0,    119.0,      "SD"),   // +19 mm but only +19%
    (100.0,    120.0,      "PD"),   // +20 mm and +20%
    (24.0,     28.8,       "SD"),   // +20% but +4.8 mm
];

#[test]
fn progression_needs_20_percent_and_5_mm_above_the_nadir() {
    for &(nadir, follow_up, expected) in PD_BOUNDARY {
        let out = evaluate(&recist_sums(&[&[nadir], &[follow_up]]));
        assert_eq!(responses(&out), [expected], "{nadir} → {follow_up}: {out}");
    }
    let out = evaluate(&recist_sums(&[&[20.0], &[24.0]]));
    assert!(
        last_reasons(&out).contains("the rise is under 5 mm"),
        "{out}"
    );
}

#[test]
fn progression_is_measured_from_the_nadir_not_the_baseline() {
    // Baseline 100, nadir 60 (PR), then 75: −25% from the baseline but +25% and +15 mm above
    // the nadir → PD, and the reason says so in a clinician's words.
    let out = evaluate(&recist_sums(&[&[100.0], &[60.0], &[75.0]]));
    assert_eq!(responses(&out), ["PR", "PD"]);
    let tp = &out["timepoints"][1];
    assert_eq!(tp["change_from_baseline_pct"], json!(-25.0));
    assert_eq!(tp["change_from_nadir_pct"], json!(25.0));
    assert!(
        last_reasons(&out).contains(
            "target PD: sum 75 mm is 25.0% (15 mm) above the nadir 60 mm (≥ 20% and ≥ 5 mm)"
        ),
        "{out}"
    );
}

#[test]
fn decimal_diameters_are_reported_exactly() {
    let out = evaluate(&recist_sums(&[&[40.2, 19.8, 20.0], &[29.4, 12.6, 15.1]]));
    let tp = &out["timepoints"][0];
    assert_eq!(tp["sum_mm"], json!(57.1));
    // (57.1 − 80) / 80 = −28.625% → −28.6 (one decimal, half away from zero).
    assert_eq!(tp["change_from_baseline_pct"], json!(-28.6));
}

#[test]
fn percentages_round_half_away_from_zero() {
    // 200 → 100.1 is −49.95% → −50.0; 200 → 180.1 is −9.95% → −10.0 (never −9.9).
    let out = evaluate(&recist_sums(&[&[200.0], &[100.1]]));
    assert_eq!(
        out["timepoints"][0]["change_from_baseline_pct"],
        json!(-50.0)
    );
    let out = evaluate(&recist_sums(&[&[200.0], &[180.1]]));
    assert_eq!(
        out["timepoints"][0]["change_from_baseline_pct"],
        json!(-10.0)
    );
    // +0.05% → +0.1.
    let out = evaluate(&recist_sums(&[&[200.0], &[200.1]]));
    assert_eq!(out["timepoints"][0]["change_from_baseline_pct"], json!(0.1));
}

#[test]
fn lymph_node_short_axis_9_9_is_cr_and_10_is_not() {
    let course = |short_axis: f64| {
        recist(vec![
            visit(
                0,
                vec![node("L1", Some(21.0)), target(2, Some(16.0))],
                vec![],
                false,
            ),
            visit(
                56,
                vec![node("L1", Some(short_axis)), target(2, Some(0.0))],
                vec![],
                false,
            ),
        ])
    };
    let out = evaluate(&course(9.9));
    assert_eq!(responses(&out), ["CR"], "{out}");
    assert!(last_reasons(&out).contains("< 10 mm short axis"));
    let out = evaluate(&course(10.0));
    assert_eq!(responses(&out), ["PR"], "{out}");
    assert!(
        last_reasons(&out).contains("not CR: nodal target L1 10 mm"),
        "{out}"
    );
    // A node still 10 mm with the sum not 30% down is SD.
    let out = evaluate(&recist(vec![
        visit(
            0,
            vec![node("L1", Some(15.0)), target(2, Some(10.0))],
            vec![],
            false,
        ),
        visit(
            56,
            vec![node("L1", Some(18.0)), target(2, Some(0.0))],
            vec![],
            false,
        ),
    ]));
    assert_eq!(responses(&out), ["SD"], "{out}");
}

#[test]
fn a_target_not_assessed_gives_ne_unless_the_rest_already_show_pd() {
    // Nadir 26 (PR); T3 not assessed; T1 + T2 = 32 ≥ 26 + 5 and ≥ 1.2 × 26 → PD.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[14.0, 20.0, 12.0]), vec![], false),
        visit(42, targets(&[8.0, 11.0, 7.0]), vec![], false),
        visit(
            70,
            vec![
                target(1, Some(13.0)),
                target(2, Some(19.0)),
                target(3, None),
            ],
            vec![],
            false,
        ),
    ]));
    assert_eq!(responses(&out), ["PR", "PD"], "{out}");
    let tp = &out["timepoints"][1];
    assert_eq!(tp["sum_mm"], Value::Null);
    assert_eq!(tp["change_from_baseline_pct"], Value::Null);
    assert_eq!(tp["change_from_nadir_pct"], Value::Null);
    assert!(last_reasons(&out).contains("T3 not assessed"), "{out}");

    // T2 not assessed and the others do not show PD → NE; the incomplete sum is no nadir.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[19.0, 17.0, 59.0]), vec![], false),
        visit(42, targets(&[17.0, 15.0, 53.0]), vec![], false),
        visit(
            70,
            vec![
                target(1, Some(17.0)),
                target(2, None),
                target(3, Some(53.0)),
            ],
            vec![],
            false,
        ),
        visit(98, targets(&[12.0, 11.0, 38.0]), vec![], false),
    ]));
    assert_eq!(responses(&out), ["SD", "NE", "PR"], "{out}");
    // Nadir for the last visit is 85 (the complete sums 95 and 85), not 70.
    assert_eq!(out["timepoints"][2]["change_from_nadir_pct"], json!(-28.2));
}

#[test]
fn change_from_nadir_is_null_when_the_nadir_is_0() {
    let out = evaluate(&recist_sums(&[&[20.0], &[0.0], &[0.0]]));
    assert_eq!(responses(&out), ["CR", "CR"]);
    assert_eq!(
        out["timepoints"][1]["change_from_baseline_pct"],
        json!(-100.0)
    );
    assert_eq!(out["timepoints"][1]["change_from_nadir_pct"], Value::Null);
    // From a nadir of 0, 5 mm is PD (any rise from 0 is ≥ 20%); 4.9 mm is not.
    let out = evaluate(&recist_sums(&[&[20.0], &[0.0], &[5.0]]));
    assert_eq!(responses(&out), ["CR", "PD"]);
    let out = evaluate(&recist_sums(&[&[20.0], &[0.0], &[4.9]]));
    assert_eq!(responses(&out), ["CR", "PR"]);
}

// ---------------------------------------------------------------------------------------------
// §6a RECIST 1.1: non-target lesions, new lesions, the timepoint table
// ---------------------------------------------------------------------------------------------

#[test]
fn new_lesions_are_pd_whatever_the_targets_do() {
    let out = evaluate(&recist(vec![
        visit(0, targets(&[50.0]), vec![], false),
        visit(42, targets(&[10.0]), vec![], true),
    ]));
    assert_eq!(responses(&out), ["PD"]);
    assert!(last_reasons(&out).contains("new lesions"));
}

#[test]
fn unequivocal_non_target_progression_is_pd() {
    let out = evaluate(&recist(vec![
        visit(
            0,
            targets(&[43.0]),
            vec![non_target("N1", "present"), non_target("N2", "present")],
            false,
        ),
        visit(
            42,
            targets(&[25.0]),
            vec![non_target("N1", "present"), non_target("N2", "present")],
            false,
        ),
        visit(
            70,
            targets(&[25.0]),
            vec![
                non_target("N1", "present"),
                non_target("N2", "unequivocal_progression"),
            ],
            false,
        ),
    ]));
    assert_eq!(responses(&out), ["PR", "PD"]);
    assert!(last_reasons(&out).contains("unequivocal progression of N2"));
}

/// §6a timepoint table: target × non-target (no new lesions) → response.
#[rustfmt::skip]
const TIMEPOINT_TABLE: &[(f64, &str, &str)] = &[
    // | follow-up sum (baseline 50) | non-target status       | response |
    (0.0,                            "absent",                  "CR"),
    (0.0,                            "present",                 "PR"),   // target CR, non-target non-CR/non-PD
    (0.0,                            "not_evaluated",           "PR"),   // target CR, non-target NE
    (20.0,                           "not_evaluated",           "PR"),
    (20.0,                           "absent",                  "PR"),
    (45.0,                           "not_evaluated",           "SD"),
    (45.0,                           "present",                 "SD"),
    (45.0,                           "unequivocal_progression", "PD"),
];

#[test]
fn timepoint_response_combines_target_and_non_target_as_the_table_says() {
    for &(sum, status, expected) in TIMEPOINT_TABLE {
        let out = evaluate(&recist(vec![
            visit(
                0,
                targets(&[50.0]),
                vec![non_target("N1", "present")],
                false,
            ),
            visit(42, targets(&[sum]), vec![non_target("N1", status)], false),
        ]));
        assert_eq!(
            responses(&out),
            [expected],
            "{sum} mm, non-target {status}: {out}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// §6c best overall response and confirmation
// ---------------------------------------------------------------------------------------------

#[test]
fn sd_counts_for_the_best_response_only_from_sd_min_days() {
    let course = |days: i64, sd_min_days: Option<u32>| {
        let mut request = recist(vec![
            visit(0, targets(&[50.0]), vec![], false),
            visit(days, targets(&[48.0]), vec![], false),
        ]);
        if let Some(d) = sd_min_days {
            request["sd_min_days"] = json!(d);
        }
        evaluate(&request)
    };
    assert_eq!(course(41, None)["best_overall_response"], "NE");
    assert_eq!(course(42, None)["best_overall_response"], "SD");
    assert_eq!(course(55, Some(56))["best_overall_response"], "NE");
    assert_eq!(course(56, Some(56))["best_overall_response"], "SD");
    // The early SD keeps its timepoint response, and a reason says why it counts as NE.
    let out = course(41, None);
    assert_eq!(responses(&out), ["SD"]);
    assert!(last_reasons(&out).contains("counts as NE"), "{out}");

    // Early SD then PD → best PD.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[24.0, 38.0]), vec![], false),
        visit(41, targets(&[24.0, 38.0]), vec![], false),
        visit(62, targets(&[29.0, 46.0]), vec![], false),
    ]));
    assert_eq!(responses(&out), ["SD", "PD"]);
    assert_eq!(out["best_overall_response"], "PD");
}

#[test]
fn confirmation_needs_the_response_held_for_confirmation_min_days() {
    let course = |second: i64, min: Option<u32>| {
        let mut request = recist(vec![
            visit(0, targets(&[100.0]), vec![], false),
            visit(42, targets(&[60.0]), vec![], false),
            visit(42 + second, targets(&[60.0]), vec![], false),
        ]);
        if let Some(m) = min {
            request["confirmation_min_days"] = json!(m);
        }
        evaluate(&request)
    };
    for (gap, min, confirmed) in [
        (27, None, false),
        (28, None, true),
        (34, Some(35), false),
        (35, Some(35), true),
    ] {
        let out = course(gap, min);
        assert_eq!(out["best_overall_response"], "PR");
        assert_eq!(
            out["confirmed"], confirmed,
            "PR held {gap} days, minimum {min:?}"
        );
    }

    // PR, SD, PR is not confirmed, however long.
    let out = evaluate(&recist_sums(&[&[100.0], &[60.0], &[71.0], &[60.0]]));
    assert_eq!(responses(&out), ["PR", "SD", "PR"]);
    assert_eq!(out["confirmed"], false);
    // PR then a single CR: the best is CR, and one CR confirms nothing.
    let out = evaluate(&recist_sums(&[&[100.0], &[60.0], &[60.0], &[0.0]]));
    assert_eq!(out["best_overall_response"], "CR");
    assert_eq!(out["confirmed"], false, "a single CR is not confirmed");
    // CR confirmed only by CR: CR, CR 28 days later.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[30.0]), vec![], false),
        visit(42, targets(&[0.0]), vec![], false),
        visit(69, targets(&[0.0]), vec![], false),
    ]));
    assert_eq!(
        (
            out["best_overall_response"].clone(),
            out["confirmed"].clone()
        ),
        (json!("CR"), json!(false))
    );
    let out = evaluate(&recist(vec![
        visit(0, targets(&[30.0]), vec![], false),
        visit(42, targets(&[0.0]), vec![], false),
        visit(70, targets(&[0.0]), vec![], false),
    ]));
    assert_eq!(
        (
            out["best_overall_response"].clone(),
            out["confirmed"].clone()
        ),
        (json!("CR"), json!(true))
    );
    // An intermediate timepoint before the 28th day is fine if it holds the response.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[100.0]), vec![], false),
        visit(42, targets(&[60.0]), vec![], false),
        visit(56, targets(&[55.0]), vec![], false),
        visit(70, targets(&[58.0]), vec![], false),
    ]));
    assert_eq!(out["confirmed"], true, "{out}");
}

// ---------------------------------------------------------------------------------------------
// §6b ACTG Kaposi sarcoma
// ---------------------------------------------------------------------------------------------

#[test]
fn actg_plus_25_percent_is_not_pd_and_just_above_is() {
    // SPD: 600 → 750 is exactly +25% (SD); 600 → 750.1 is PD.
    for (spd, expected) in [(750.0, "SD"), (750.1, "PD"), (756.0, "PD")] {
        let out = evaluate(&actg(vec![
            ks_disease(0, 30, 10, 600.0),
            ks_disease(42, 30, 10, spd),
        ]));
        assert_eq!(responses(&out), [expected], "SPD {spd}: {out}");
    }
    // Nodular/plaque count: 8 → 10 is exactly +25% (SD); 8 → 11 is PD.
    for (nodular, expected) in [(10, "SD"), (11, "PD")] {
        let out = evaluate(&actg(vec![
            ks_disease(0, 30, 8, 600.0),
            ks_disease(42, 30, nodular, 600.0),
        ]));
        assert_eq!(responses(&out), [expected], "nodular {nodular}: {out}");
    }
    let out = evaluate(&actg(vec![
        ks_disease(0, 30, 10, 600.0),
        ks_disease(42, 30, 10, 756.0),
    ]));
    assert_eq!(out["timepoints"][0]["spd_mm2"], json!(756));
    assert_eq!(
        out["timepoints"][0]["change_from_baseline_pct"],
        json!(26.0)
    );
    assert!(
        last_reasons(&out).contains("26.0% above the baseline 600 mm² (> 25%)"),
        "{out}"
    );
}

#[test]
fn actg_minus_50_percent_exactly_is_pr() {
    #[rustfmt::skip]
    let rows: &[(u64, u64, f64, &str)] = &[
        // | lesions | nodular | SPD   | response | (baseline 24 lesions, 16 nodular, 1000 mm²)
        (12,          16,       1000.0, "PR"),   // lesion count −50%
        (13,          16,       1000.0, "SD"),   // −45.8%
        (24,          8,        1000.0, "PR"),   // nodular −50% (flattening)
        (24,          9,        1000.0, "SD"),
        (24,          16,       500.0,  "PR"),   // SPD −50%
        (24,          16,       500.1,  "SD"),
    ];
    for &(lesions, nodular, spd, expected) in rows {
        let out = evaluate(&actg(vec![
            ks_disease(0, 24, 16, 1000.0),
            ks_disease(42, lesions, nodular, spd),
        ]));
        assert_eq!(
            responses(&out),
            [expected],
            "{lesions}/{nodular}/{spd}: {out}"
        );
    }
}

#[test]
fn actg_cr_needs_28_days_free_of_disease_and_edema() {
    let course = |gap: i64| {
        evaluate(&actg(vec![
            ks_disease(0, 38, 10, 2300.0),
            ks_free(42, "none"),
            ks_free(42 + gap, "none"),
        ]))
    };
    let out = course(27);
    assert_eq!(responses(&out), ["PR", "PR"], "{out}");
    assert!(last_reasons(&out).contains("not yet for 28 days"), "{out}");
    assert_eq!(responses(&course(28)), ["PR", "CR"]);
    // The run must be unbroken: edema in between restarts it.
    let out = evaluate(&actg(vec![
        ks_disease(0, 38, 10, 2300.0),
        ks_free(42, "none"),
        ks_free(56, "present"),
        ks_free(70, "none"),
        ks_free(98, "none"),
    ]));
    assert_eq!(responses(&out), ["PR", "PR", "PR", "CR"], "{out}");
}

#[test]
fn actg_residual_edema_without_disease_is_pr() {
    let out = evaluate(&actg(vec![
        ks(0, 10, 4, 400.0, "present", false, false, true),
        ks_free(42, "present"),
        ks_free(84, "present"),
    ]));
    assert_eq!(responses(&out), ["PR", "PR"]);
    assert!(
        last_reasons(&out).contains("residual tumor-related edema"),
        "{out}"
    );
}

#[test]
fn actg_worse_edema_blocks_pr_but_is_not_pd() {
    let out = evaluate(&actg(vec![
        ks_disease(0, 37, 12, 900.0),
        ks(42, 37, 12, 360.0, "worse", false, false, true),
        ks(70, 37, 12, 900.0, "worse", false, false, true),
        ks_disease(98, 37, 12, 360.0),
    ]));
    assert_eq!(responses(&out), ["SD", "SD", "PR"], "{out}");
    assert!(
        out["timepoints"][0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("blocks PR")
    );
}

#[test]
fn actg_new_visceral_disease_or_new_sites_is_pd() {
    let out = evaluate(&actg(vec![
        ks_disease(0, 12, 6, 900.0),
        ks(42, 12, 6, 810.0, "none", false, true, true),
    ]));
    assert_eq!(responses(&out), ["PD"]);
    assert!(last_reasons(&out).contains("visceral KS now, none at baseline"));
    // Visceral disease present at baseline and still present is not PD by itself.
    let out = evaluate(&actg(vec![
        ks(0, 12, 6, 900.0, "none", false, true, true),
        ks(42, 12, 6, 810.0, "none", false, true, true),
    ]));
    assert_eq!(responses(&out), ["SD"]);
    let out = evaluate(&actg(vec![
        ks_disease(0, 12, 6, 900.0),
        ks(42, 6, 2, 100.0, "none", true, false, true),
    ]));
    assert_eq!(responses(&out), ["PD"]);
}

#[test]
fn actg_nadir_is_the_smallest_earlier_spd() {
    let out = evaluate(&actg(vec![
        ks_disease(0, 24, 16, 1100.0),
        ks_disease(42, 24, 16, 880.0),
        ks_disease(70, 24, 16, 968.0),
    ]));
    assert_eq!(
        out["timepoints"][1]["change_from_baseline_pct"],
        json!(-12.0)
    );
    assert_eq!(out["timepoints"][1]["change_from_nadir_pct"], json!(10.0));
}

// ---------------------------------------------------------------------------------------------
// Validation: every error, each with its path (§2, §6, §6c)
// ---------------------------------------------------------------------------------------------

#[test]
fn dates_out_of_order_name_the_assessment_date() {
    let out = evaluate(&recist(vec![
        visit(0, targets(&[50.0]), vec![], false),
        visit(42, targets(&[45.0]), vec![], false),
        visit(30, targets(&[45.0]), vec![], false),
        visit(42, targets(&[45.0]), vec![], false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[2].date"]);
    // The same date twice is not strictly increasing.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[50.0]), vec![], false),
        visit(0, targets(&[45.0]), vec![], false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[1].date"]);
}

#[test]
fn an_assessment_after_progression_is_an_error() {
    let out = evaluate(&recist(vec![
        visit(
            0,
            targets(&[41.0]),
            vec![non_target("N1", "present")],
            false,
        ),
        visit(
            42,
            targets(&[30.0]),
            vec![non_target("N1", "present")],
            false,
        ),
        visit(
            84,
            targets(&[30.0]),
            vec![non_target("N1", "unequivocal_progression")],
            false,
        ),
        visit(
            126,
            targets(&[30.0]),
            vec![non_target("N1", "present")],
            false,
        ),
        visit(
            168,
            targets(&[30.0]),
            vec![non_target("N1", "present")],
            false,
        ),
    ]));
    assert_eq!(error_fields(&out), ["assessments[3]", "assessments[4]"]);
    let message = out["errors"][0]["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "after progression on {}: start a new course with a new baseline",
            day(84)
        )
    );
    let out = evaluate(&actg(vec![
        ks_disease(0, 10, 4, 400.0),
        ks(42, 10, 4, 400.0, "none", true, false, true),
        ks_disease(84, 10, 4, 400.0),
    ]));
    assert_eq!(error_fields(&out), ["assessments[2]"]);
}

#[test]
fn a_course_needs_a_follow_up() {
    let out = evaluate(&recist(vec![visit(0, targets(&[50.0]), vec![], false)]));
    assert_eq!(error_fields(&out), ["assessments"]);
    let out = evaluate(&actg(vec![]));
    assert_eq!(error_fields(&out), ["assessments"]);
}

#[test]
fn baseline_target_count_and_organ_limits() {
    // 0 and 6 targets.
    for n in [0, 6] {
        let ds = vec![20.0; n];
        let out = evaluate(&recist(vec![
            visit(0, targets(&ds), vec![], false),
            visit(42, targets(&ds), vec![], false),
        ]));
        assert_eq!(
            error_fields(&out),
            ["assessments[0].target_lesions"],
            "{n} targets"
        );
    }
    // A third target in the lung names that lesion.
    let lung = |id: &str, d: f64| json!({"id": id, "organ": "lung", "lymph_node": false, "diameter_mm": d});
    let three = vec![lung("T1", 22.0), lung("T2", 31.0), lung("T3", 12.0)];
    let out = evaluate(&recist(vec![
        visit(0, three.clone(), vec![], false),
        visit(42, three, vec![], false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[0].target_lesions[2]"]);
    // Three lymph nodes in different regions are three targets in one organ.
    let nodes = vec![
        json!({"id": "L1", "organ": "axilla", "lymph_node": true, "diameter_mm": 20}),
        json!({"id": "L2", "organ": "groin", "lymph_node": true, "diameter_mm": 20}),
        json!({"id": "L3", "organ": "neck", "lymph_node": true, "diameter_mm": 20}),
    ];
    let out = evaluate(&recist(vec![
        visit(0, nodes.clone(), vec![], false),
        visit(42, nodes, vec![], false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[0].target_lesions[2]"]);
    // Two in the lung and two nodes in the lung region are fine (nodes are their own organ).
    let four = vec![
        lung("T1", 22.0),
        lung("T2", 31.0),
        json!({"id": "L1", "organ": "lung", "lymph_node": true, "diameter_mm": 20}),
        json!({"id": "L2", "organ": "lung", "lymph_node": true, "diameter_mm": 20}),
    ];
    let out = evaluate(&recist(vec![
        visit(0, four.clone(), vec![], false),
        visit(42, four, vec![], false),
    ]));
    assert_eq!(responses(&out), ["SD"]);
}

#[test]
fn baseline_targets_must_be_measurable() {
    #[rustfmt::skip]
    let rows: &[(bool, f64, bool)] = &[
        // | lymph node | diameter | measurable |
        (false,         10.0,      true),
        (false,         9.9,       false),
        (true,          15.0,      true),
        (true,          14.9,      false),
    ];
    for &(lymph_node, d, measurable) in rows {
        let lesion = json!({"id": "T1", "organ": "x", "lymph_node": lymph_node, "diameter_mm": d});
        let out = evaluate(&recist(vec![
            visit(0, vec![lesion.clone()], vec![], false),
            visit(42, vec![lesion], vec![], false),
        ]));
        if measurable {
            assert!(out.get("timepoints").is_some(), "{lymph_node} {d}: {out}");
        } else {
            assert_eq!(
                error_fields(&out),
                ["assessments[0].target_lesions[0].diameter_mm"],
                "{lymph_node} {d}"
            );
        }
    }
    // Not measured at baseline.
    let out = evaluate(&recist(vec![
        visit(0, vec![target(1, None)], vec![], false),
        visit(42, vec![target(1, Some(20.0))], vec![], false),
    ]));
    assert_eq!(
        error_fields(&out),
        ["assessments[0].target_lesions[0].diameter_mm"]
    );
}

#[test]
fn follow_ups_list_exactly_the_baseline_lesions() {
    // T2 missing at the follow-up.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[20.0, 30.0]), vec![], false),
        visit(42, targets(&[20.0]), vec![], false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[1].target_lesions"]);
    // An extra lesion, and a repeated one.
    let out = evaluate(&recist(vec![
        visit(0, targets(&[20.0]), vec![], false),
        visit(
            42,
            vec![
                target(1, Some(20.0)),
                target(9, Some(5.0)),
                target(1, Some(20.0)),
            ],
            vec![],
            false,
        ),
    ]));
    assert_eq!(
        error_fields(&out),
        [
            "assessments[1].target_lesions[1]",
            "assessments[1].target_lesions[2]"
        ]
    );
    // Non-target lesions: one missing, one unknown.
    let out = evaluate(&recist(vec![
        visit(
            0,
            targets(&[20.0]),
            vec![non_target("N1", "present"), non_target("N2", "present")],
            false,
        ),
        visit(
            42,
            targets(&[20.0]),
            vec![non_target("N1", "present"), non_target("N3", "present")],
            false,
        ),
    ]));
    assert_eq!(
        error_fields(&out),
        [
            "assessments[1].non_target_lesions[1]",
            "assessments[1].non_target_lesions"
        ]
    );
    // A lesion that changes organ or kind.
    let out = evaluate(&recist(vec![
        visit(0, vec![target(1, Some(20.0))], vec![], false),
        visit(
            42,
            vec![json!({"id": "T1", "organ": "elsewhere", "lymph_node": true, "diameter_mm": 20})],
            vec![],
            false,
        ),
    ]));
    assert_eq!(
        error_fields(&out),
        [
            "assessments[1].target_lesions[0].lymph_node",
            "assessments[1].target_lesions[0].organ"
        ]
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let out = evaluate(&recist(vec![
        visit(
            0,
            vec![target(1, Some(8.0)), target(1, Some(20.0))],
            vec![non_target("N1", "absent")],
            true,
        ),
        visit(-5, targets(&[20.0]), vec![], false),
    ]));
    let fields = error_fields(&out);
    for expected in [
        "assessments[0].target_lesions[0].diameter_mm",
        "assessments[0].target_lesions[1].id",
        "assessments[0].non_target_lesions[0].status",
        "assessments[0].new_lesions",
        "assessments[1].date",
        "assessments[1].non_target_lesions",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} in {fields:?}"
        );
    }
    assert_eq!(out["id"], "course");
    assert_eq!(
        out.as_object().unwrap().len(),
        2,
        "only id and errors: {out}"
    );
}

#[test]
fn parse_errors_name_the_path_of_the_value() {
    let mut request = recist_sums(&[&[20.0], &[20.0], &[20.0]]);
    request["assessments"][2]["target_lesions"][0]["diameter_mm"] = json!("12");
    request["assessments"][1]["new_lesions"] = json!("no");
    request["assessments"][0]["target_lesions"][0]["size"] = json!(3);
    request["sd_min_days"] = json!(-1);
    let out = evaluate(&request);
    let fields = error_fields(&out);
    let mut sorted = fields.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "assessments[0].target_lesions[0].size",
            "assessments[1].new_lesions",
            "assessments[2].target_lesions[0].diameter_mm",
            "sd_min_days",
        ]
    );
    // A negative diameter and an unknown criteria.
    let mut request = recist_sums(&[&[20.0], &[20.0]]);
    request["assessments"][1]["target_lesions"][0]["diameter_mm"] = json!(-2);
    assert_eq!(
        error_fields(&evaluate(&request)),
        ["assessments[1].target_lesions[0].diameter_mm"]
    );
    let out = evaluate(&json!({"id": "x", "criteria": "who", "assessments": []}));
    assert_eq!(error_fields(&out), ["criteria", "assessments"]);
    assert_eq!(out["id"], "x");
}

#[test]
fn shape_errors_come_with_the_course_errors() {
    // A diameter that is not a number, and dates out of order: both reported at once.
    let mut request = recist_sums(&[&[20.0], &[20.0], &[20.0]]);
    request["assessments"][1]["date"] = json!(day(-1));
    request["assessments"][2]["target_lesions"][0]["diameter_mm"] = json!("big");
    assert_eq!(
        error_fields(&evaluate(&request)),
        [
            "assessments[1].date",
            "assessments[2].target_lesions[0].diameter_mm"
        ]
    );
    // A lone baseline with a type error still says a follow-up is needed.
    let mut request = recist_sums(&[&[20.0]]);
    request["assessments"][0]["new_lesions"] = json!(0);
    assert_eq!(
        error_fields(&evaluate(&request)),
        ["assessments", "assessments[0].new_lesions"]
    );
}

#[test]
fn actg_baseline_must_show_disease() {
    let out = evaluate(&actg(vec![ks_free(0, "none"), ks_free(42, "none")]));
    assert_eq!(
        error_fields(&out),
        [
            "assessments[0].residual_disease",
            "assessments[0].lesion_count"
        ]
    );
    // "No residual disease" beside recorded lesions is a contradiction.
    let out = evaluate(&actg(vec![
        ks_disease(0, 10, 4, 400.0),
        ks(42, 3, 0, 0.0, "none", false, false, false),
    ]));
    assert_eq!(error_fields(&out), ["assessments[1].residual_disease"]);
}

#[test]
fn output_shape_has_every_key() {
    let out = evaluate(&recist_sums(&[&[50.0], &[40.0]]));
    let keys: Vec<&str> = out
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "criteria",
            "timepoints",
            "best_overall_response",
            "confirmed"
        ]
    );
    let tp: Vec<&str> = out["timepoints"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tp,
        [
            "date",
            "response",
            "reasons",
            "sum_mm",
            "change_from_baseline_pct",
            "change_from_nadir_pct"
        ]
    );
    assert_eq!(out["criteria"], "recist_1_1");
    let out = evaluate(&actg(vec![
        ks_disease(0, 10, 4, 400.0),
        ks_disease(42, 10, 4, 400.0),
    ]));
    let tp: Vec<&str> = out["timepoints"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tp,
        [
            "date",
            "response",
            "reasons",
            "spd_mm2",
            "change_from_baseline_pct",
            "change_from_nadir_pct"
        ]
    );
    // Without an id, `id` is null (never omitted).
    let mut request = recist_sums(&[&[50.0], &[40.0]]);
    request.as_object_mut().unwrap().remove("id");
    assert_eq!(evaluate(&request)["id"], Value::Null);
}

#[test]
fn the_text_report_shows_each_timepoint_and_the_best_response() {
    let text = render_text(&evaluate_json(
        &recist_sums(&[&[90.0], &[63.0]]).to_string(),
    ));
    assert!(text.contains("RECIST 1.1"), "{text}");
    assert!(text.contains("PR"), "{text}");
    assert!(text.contains("-30.0%"), "{text}");
    assert!(text.contains("Best overall response: PR"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/// Order of goodness for a fully assessed timepoint: CR > PR > SD > PD.
fn goodness(response: &str) -> u8 {
    match response {
        "CR" => 3,
        "PR" => 2,
        "SD" => 1,
        "PD" => 0,
        other => panic!("unexpected {other}"),
    }
}

/// Diameters in tenths of a mm: a measurable baseline, then two follow-ups.
fn course_strategy() -> impl Strategy<Value = (Vec<u32>, Vec<u32>, Vec<u32>)> {
    (1usize..=5).prop_flat_map(|n| {
        (
            prop::collection::vec(100u32..2000, n),
            prop::collection::vec(0u32..2500, n),
            prop::collection::vec(0u32..2500, n),
        )
    })
}

fn mm(tenths: &[u32]) -> Vec<f64> {
    tenths.iter().map(|t| f64::from(*t) / 10.0).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// RECIST: with the same history, a larger last sum never gives a better response.
    #[test]
    fn a_larger_sum_never_improves_the_recist_response(
        (baseline, first, last) in course_strategy(),
        which in 0usize..5,
        extra in 1u32..500,
    ) {
        let mut larger = last.clone();
        let i = which % larger.len();
        larger[i] += extra;
        let a = evaluate(&recist_sums(&[&mm(&baseline), &mm(&first), &mm(&last)]));
        let b = evaluate(&recist_sums(&[&mm(&baseline), &mm(&first), &mm(&larger)]));
        // A PD at the first follow-up ends the course: the second is then an error for both.
        if a.get("errors").is_some() {
            prop_assert!(b.get("errors").is_some());
            return Ok(());
        }
        let (ra, rb) = (responses(&a), responses(&b));
        prop_assert!(goodness(&rb[1]) <= goodness(&ra[1]), "{:?} then {:?}", ra, rb);
    }

    /// ACTG: a larger SPD never gives a better response.
    #[test]
    fn a_larger_spd_never_improves_the_actg_response(
        base in 1u32..5000, now in 0u32..8000, extra in 1u32..2000,
        lesions in 1u64..50, nodular in 0u64..20,
    ) {
        let course = |spd: u32| evaluate(&actg(vec![
            ks_disease(0, lesions, nodular, f64::from(base)),
            ks_disease(56, lesions, nodular, f64::from(spd)),
        ]));
        let (ra, rb) = (responses(&course(now)), responses(&course(now + extra)));
        prop_assert!(goodness(&rb[0]) <= goodness(&ra[0]), "{:?} then {:?}", ra, rb);
    }

    /// RECIST: listing the lesions in another order changes nothing in the result.
    #[test]
    fn permuting_lesions_changes_nothing(
        (baseline, first, last) in course_strategy(),
        statuses in prop::collection::vec(0usize..3, 0..4),
        seed in any::<u64>(),
    ) {
        let status_name = ["present", "absent", "not_evaluated"];
        let build = |order: &dyn Fn(usize, Vec<Value>) -> Vec<Value>| {
            let assessments: Vec<Value> = [&baseline, &first, &last]
                .iter()
                .enumerate()
                .map(|(k, ds)| {
                    let nts: Vec<Value> = statuses
                        .iter()
                        .enumerate()
                        .map(|(j, s)| non_target(&format!("N{j}"), if k == 0 { "present" } else { status_name[*s] }))
                        .collect();
                    visit(42 * k as i64, order(k, targets(&mm(ds))), order(k + 7, nts), false)
                })
                .collect();
            evaluate(&recist(assessments))
        };
        let identity = |_: usize, v: Vec<Value>| v;
        let shuffled = |salt: usize, mut v: Vec<Value>| {
            // A deterministic permutation from the seed (Fisher–Yates with an LCG).
            let mut state = seed ^ (salt as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            for i in (1..v.len()).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let j = (state >> 33) as usize % (i + 1);
                v.swap(i, j);
            }
            v
        };
        prop_assert_eq!(build(&identity), build(&shuffled));
    }
}

// ---------------------------------------------------------------------------------------------
// The public sample cases, through the core (the CLI test runs them through the binary)
// ---------------------------------------------------------------------------------------------

#[test]
fn public_sample_cases_evaluate_as_expected() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/cases/response.ndjson"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let out = evaluate(&case["request"]);
        let id = &case["request"]["id"];
        assert_eq!(&out["id"], id);
        let expect = &case["expect"];
        if let Some(groups) = expect.get("errors") {
            let fields = error_fields(&out);
            for group in groups.as_array().unwrap() {
                let prefixes: Vec<&str> = group
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap())
                    .collect();
                assert!(
                    fields
                        .iter()
                        .any(|f| prefixes.iter().any(|p| f.starts_with(p))),
                    "{id}: no error starts with {prefixes:?}: {fields:?}"
                );
            }
        } else {
            let got = out["timepoints"]
                .as_array()
                .unwrap_or_else(|| panic!("{id}: {out}"));
            let want = expect["timepoints"].as_array().unwrap();
            assert_eq!(got.len(), want.len(), "{id}");
            for (g, w) in got.iter().zip(want) {
                for (key, wv) in w.as_object().unwrap() {
                    let gv = &g[key];
                    match (wv.as_f64(), gv.as_f64()) {
                        (Some(a), Some(b)) => {
                            assert!((a - b).abs() <= 0.051, "{id} {key}: {gv} vs {wv}")
                        }
                        _ => assert_eq!(gv, wv, "{id} {key}"),
                    }
                }
            }
            assert_eq!(
                out["best_overall_response"], expect["best_overall_response"],
                "{id}"
            );
            assert_eq!(out["confirmed"], expect["confirmed"], "{id}");
        }
        checked += 1;
    }
    assert!(checked >= 21, "{checked} cases");
}
