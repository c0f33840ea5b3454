//! The staging rules, row by row, as the sources print them.
//!
//! Each const below is one source table transcribed (the source's wording kept in the rows where
//! it fits), checked twice: through the pure staging functions (`staging::sts`, `staging::ks`)
//! and end to end through `assess_json`, reading the result as the contract's JSON.
//!
//! Sources:
//! - PDQ Soft Tissue Sarcoma Treatment (HP), "Stage Information for Soft Tissue Sarcoma":
//!   Tables 1–3 (AJCC 8 T, N, M), Tables 4–6 (FNCLCC grade), Table 7 (prognostic stage groups).
//!   `/work/shared/corpus/pdq-soft-tissue-sarcoma-treatment-hp.md`, clinical-notes §2.
//! - PDQ Kaposi Sarcoma Treatment (HP, seed 000), "Stage Information and Response Evaluation",
//!   Table 1 (ACTG staging). clinical-notes §4.2.
//! - contract.md §1a, §1b, §2, §4.

mod common;

use common::*;
use sarcnav_core::contract::{
    Grade, HeadNeckInvasion, Histology, MCategory, NCategory, SiteGroup, StageGroup, TCategory,
    VisceralExtent,
};
use sarcnav_core::staging::ks::{self, SystemicFindings, TumorFindings};
use sarcnav_core::staging::sts::{self, NoStageGroup};
use serde_json::{Value, json};

fn t(name: &str) -> TCategory {
    TCategory::from_name(name).unwrap_or_else(|| panic!("not a T category: {name}"))
}

fn g(name: &str) -> Grade {
    Grade::from_name(name).unwrap_or_else(|| panic!("not a grade: {name}"))
}

fn stage(name: &str) -> StageGroup {
    *[
        StageGroup::IA,
        StageGroup::IB,
        StageGroup::II,
        StageGroup::IIIA,
        StageGroup::IIIB,
        StageGroup::IV,
    ]
    .iter()
    .find(|s| s.name() == name)
    .unwrap_or_else(|| panic!("not a stage group: {name}"))
}

/// The primary sites of each AJCC site group, by the group's contract name.
#[rustfmt::skip]
const SITE_GROUPS: &[(&str, SiteGroup, &[&str])] = &[
    ("trunk_extremity",             SiteGroup::TrunkExtremity,            &["extremity", "trunk"]),
    ("retroperitoneum",             SiteGroup::Retroperitoneum,           &["retroperitoneum"]),
    ("head_and_neck",               SiteGroup::HeadAndNeck,               &["head_and_neck"]),
    ("abdominal_thoracic_visceral", SiteGroup::AbdominalThoracicVisceral, &["abdominal_visceral", "thoracic_visceral"]),
];

// ---------------------------------------------------------------------------------------------
// AJCC 8 T — PDQ STS › TNM definitions › Table 1
// ---------------------------------------------------------------------------------------------

/// Table 1, column "Soft Tissue Sarcoma of the Trunk, Extremities, and Retroperitoneum" (one
/// column shared by both site groups), with sizes (cm) that fall in each row, its edges included.
#[rustfmt::skip]
const T_TRUNK_EXTREMITY_RETROPERITONEUM: &[(&str, &str, &[f64])] = &[
    // | T    | definition                                       | sizes in the row (cm)      |
    ("T1", "Tumor ≤5 cm in greatest dimension.",               &[0.1, 1.0, 4.99, 5.0]),
    ("T2", "Tumor >5 cm and ≤10 cm in greatest dimension.",    &[5.01, 7.5, 10.0]),
    ("T3", "Tumor >10 cm and ≤15 cm in greatest dimension.",   &[10.01, 12.0, 15.0]),
    ("T4", "Tumor >15 cm in greatest dimension.",              &[15.01, 20.0, 50.0, 100.0]),
];

/// Table 1, column "Soft Tissue Sarcoma of the Head and Neck", rows defined by size.
#[rustfmt::skip]
const T_HEAD_AND_NECK_BY_SIZE: &[(&str, &str, &[f64])] = &[
    // | T    | definition             | sizes in the row (cm) |
    ("T1", "Tumor ≤2 cm.",           &[0.1, 1.0, 2.0]),
    ("T2", "Tumor >2 to ≤4 cm.",     &[2.01, 3.0, 4.0]),
    ("T3", "Tumor >4 cm.",           &[4.01, 10.0, 100.0]),
];

/// Table 1, column "Soft Tissue Sarcoma of the Head and Neck", rows defined by invasion, with the
/// contract's `head_and_neck_invasion` findings (§1a) for each.
#[rustfmt::skip]
const T_HEAD_AND_NECK_BY_INVASION: &[(&str, &str, &[&str])] = &[
    // | T | definition | head_and_neck_invasion findings |
    ("T4",
     "Tumor with invasion of adjoining structures.",
     &["adjoining_structures"]),
    ("T4a",
     "Tumor with orbital invasion, skull base/dural invasion, invasion of central compartment \
      viscera, involvement of facial skeleton, or invasion of pterygoid muscles.",
     &["orbit", "skull_base", "dura", "central_compartment_viscera", "facial_skeleton", "pterygoid_muscles"]),
    ("T4b",
     "Tumor with brain parenchymal invasion, carotid artery encasement, prevertebral muscle \
      invasion, or central nervous system involvement via perineural spread.",
     &["brain_parenchyma", "carotid_artery", "prevertebral_muscle", "perineural_cns"]),
];

/// Table 1, column "Soft Tissue Sarcoma of the Abdomen and Thoracic Visceral Organs", rows
/// defined by extent, with the contract's `visceral_extent` value (§1a) for each.
#[rustfmt::skip]
const T_VISCERAL_BY_EXTENT: &[(&str, &str, &str)] = &[
    // | T     | definition                                    | visceral_extent   |
    ("T1",  "Organ confined.",                               "organ_confined"),
    ("T2",  "Tumor extension into tissue beyond organ.",     "beyond_organ"),
    ("T2a", "Invades serosa or visceral peritoneum.",        "serosa"),
    ("T2b", "Extension beyond serosa (mesentery).",          "beyond_serosa"),
    ("T3",  "Invades another organ.",                        "another_organ"),
];

/// Table 1, visceral column, multifocal rows, with `multifocal_sites` counts in each row.
#[rustfmt::skip]
const T_VISCERAL_BY_MULTIFOCALITY: &[(&str, &str, &[i64])] = &[
    // | T     | definition                | multifocal_sites     |
    ("T4a", "Multifocal (2 sites).",     &[2]),
    ("T4b", "Multifocal (3–5 sites).",   &[3, 4, 5]),
    ("T4c", "Multifocal (>5 sites).",    &[6, 7, 10, 1000]),
];

/// Which cells of Table 1 hold a definition (a blank cell: the T category does not exist for
/// that site group). Contract §1a: T0 for trunk/extremity and retroperitoneum only; T2a/T2b/T4c
/// for visceral sites only; T4a/T4b for head and neck and visceral sites.
#[rustfmt::skip]
const T_DEFINED: &[(&str, bool, bool, bool)] = &[
    // | T      | trunk/extremity = retroperitoneum | head and neck | abdomen & thoracic visceral |
    ("TX",     true,                               true,           true),
    ("T0",     true,                               false,          false),
    ("T1",     true,                               true,           true),
    ("T2",     true,                               true,           true),
    ("T2a",    false,                              false,          true),
    ("T2b",    false,                              false,          true),
    ("T3",     true,                               true,           true),
    ("T4",     true,                               true,           true),
    ("T4a",    false,                              true,           true),
    ("T4b",    false,                              true,           true),
    ("T4c",    false,                              false,          true),
];

#[test]
fn table_1_trunk_extremity_and_retroperitoneum_by_size() {
    for &(expected, definition, sizes) in T_TRUNK_EXTREMITY_RETROPERITONEUM {
        for &size in sizes {
            for group in [SiteGroup::TrunkExtremity, SiteGroup::Retroperitoneum] {
                assert_eq!(
                    sts::t_by_size(group, size),
                    Some(t(expected)),
                    "{group:?} {size} cm: {definition}"
                );
            }
            for site in ["extremity", "trunk", "retroperitoneum"] {
                let case = sts(json!({"primary_site": site, "tumor_size_cm": size, "grade": "G1"}));
                assert_eq!(
                    staging(&case)["t"],
                    expected,
                    "{site} {size} cm: {definition}"
                );
            }
        }
    }
}

#[test]
fn table_1_head_and_neck_by_size() {
    for &(expected, definition, sizes) in T_HEAD_AND_NECK_BY_SIZE {
        for &size in sizes {
            assert_eq!(
                sts::t_by_size(SiteGroup::HeadAndNeck, size),
                Some(t(expected)),
                "{size} cm: {definition}"
            );
            let case =
                sts(json!({"primary_site": "head_and_neck", "tumor_size_cm": size, "grade": "G1"}));
            assert_eq!(staging(&case)["t"], expected, "{size} cm: {definition}");
        }
    }
}

#[test]
fn table_1_head_and_neck_by_invasion_each_finding_alone() {
    let mut covered = Vec::new();
    for &(expected, definition, findings) in T_HEAD_AND_NECK_BY_INVASION {
        for &finding in findings {
            covered.push(finding);
            let parsed = HeadNeckInvasion::from_name(finding)
                .unwrap_or_else(|| panic!("not in the vocabulary: {finding}"));
            assert_eq!(
                sts::t_by_invasion(parsed),
                t(expected),
                "{finding}: {definition}"
            );
            assert_eq!(
                sts::t_by_invasions(&[parsed]),
                Some((t(expected), parsed)),
                "{finding}"
            );
            // Invasion takes precedence over size: a 1 cm tumor (T1 by size) is staged by its invasion.
            let case = sts(
                json!({"primary_site": "head_and_neck", "tumor_size_cm": 1.0,
                       "head_and_neck_invasion": [finding], "grade": "G1"}),
            );
            assert_eq!(staging(&case)["t"], expected, "{finding}: {definition}");
            // And no size is needed when the invasion decides T.
            let case = sts(
                json!({"primary_site": "head_and_neck", "head_and_neck_invasion": [finding], "grade": "G1"}),
            );
            assert_eq!(staging(&case)["t"], expected, "{finding} without a size");
        }
    }
    let mut vocabulary: Vec<&str> = HeadNeckInvasion::ALL.iter().map(|f| f.name()).collect();
    vocabulary.sort_unstable();
    covered.sort_unstable();
    assert_eq!(
        covered, vocabulary,
        "every invasion finding of contract §1a has a row"
    );
}

/// Contract §1a: "invasion takes precedence over size, T4b over T4a over T4".
#[rustfmt::skip]
const T_HEAD_AND_NECK_PRECEDENCE: &[(&[&str], f64, &str)] = &[
    // | head_and_neck_invasion                                | size cm | T     |
    (&["adjoining_structures", "orbit"],                        1.0,     "T4a"),
    (&["orbit", "adjoining_structures"],                        1.0,     "T4a"),
    (&["orbit", "carotid_artery"],                              3.0,     "T4b"),
    (&["carotid_artery", "orbit"],                              3.0,     "T4b"),
    (&["adjoining_structures", "perineural_cns"],               10.0,    "T4b"),
    (&["adjoining_structures", "dura", "brain_parenchyma"],     50.0,    "T4b"),
    (&["brain_parenchyma", "dura", "adjoining_structures"],     0.5,     "T4b"),
    (&["adjoining_structures"],                                 50.0,    "T4"),
    (&["skull_base", "facial_skeleton"],                        5.0,     "T4a"),
    (&[],                                                       3.0,     "T2"),
];

#[test]
fn table_1_head_and_neck_precedence() {
    for &(findings, size, expected) in T_HEAD_AND_NECK_PRECEDENCE {
        let parsed: Vec<HeadNeckInvasion> = findings
            .iter()
            .map(|f| HeadNeckInvasion::from_name(f).unwrap())
            .collect();
        if !parsed.is_empty() {
            assert_eq!(
                sts::t_by_invasions(&parsed).map(|(t, _)| t),
                Some(t(expected)),
                "{findings:?}"
            );
        }
        let case = sts(
            json!({"primary_site": "head_and_neck", "tumor_size_cm": size,
                   "head_and_neck_invasion": findings, "grade": "G2"}),
        );
        assert_eq!(staging(&case)["t"], expected, "{findings:?} {size} cm");
    }
}

#[test]
fn table_1_visceral_by_extent() {
    for &(expected, definition, extent) in T_VISCERAL_BY_EXTENT {
        let parsed = VisceralExtent::from_name(extent)
            .unwrap_or_else(|| panic!("not in the vocabulary: {extent}"));
        assert_eq!(
            sts::t_by_visceral_extent(parsed),
            t(expected),
            "{extent}: {definition}"
        );
        for site in ["abdominal_visceral", "thoracic_visceral"] {
            let case = sts(json!({"primary_site": site, "visceral_extent": extent, "grade": "G1"}));
            assert_eq!(
                staging(&case)["t"],
                expected,
                "{site} {extent}: {definition}"
            );
            // A unifocal tumor (1 site) is staged by its extent.
            let case = with(&case, &json!({"multifocal_sites": 1}));
            assert_eq!(staging(&case)["t"], expected, "{site} {extent}, 1 site");
        }
    }
    assert_eq!(
        T_VISCERAL_BY_EXTENT.len(),
        VisceralExtent::ALL.len(),
        "every extent of contract §1a has a row"
    );
}

#[test]
fn table_1_visceral_by_multifocality_over_extent() {
    assert_eq!(sts::t_by_multifocality(1), None, "1 site is unifocal");
    for &(expected, definition, counts) in T_VISCERAL_BY_MULTIFOCALITY {
        for &n in counts {
            assert_eq!(
                sts::t_by_multifocality(u32::try_from(n).unwrap()),
                Some(t(expected)),
                "{n} sites: {definition}"
            );
            for site in ["abdominal_visceral", "thoracic_visceral"] {
                // Without an extent.
                let case = sts(json!({"primary_site": site, "multifocal_sites": n, "grade": "G1"}));
                assert_eq!(
                    staging(&case)["t"],
                    expected,
                    "{site} {n} sites: {definition}"
                );
                // Multifocality takes precedence over every extent.
                for &(_, _, extent) in T_VISCERAL_BY_EXTENT {
                    let case = with(&case, &json!({"visceral_extent": extent}));
                    assert_eq!(staging(&case)["t"], expected, "{site} {n} sites, {extent}");
                }
            }
        }
    }
}

#[test]
fn table_1_t_categories_defined_per_site_group() {
    assert_eq!(
        T_DEFINED.len(),
        TCategory::ALL.len(),
        "every T category has a row"
    );
    for &(name, trunk_retro, head_neck, visceral) in T_DEFINED {
        for &(group_name, group, sites) in SITE_GROUPS {
            let defined = match group {
                SiteGroup::TrunkExtremity | SiteGroup::Retroperitoneum => trunk_retro,
                SiteGroup::HeadAndNeck => head_neck,
                SiteGroup::AbdominalThoracicVisceral => visceral,
            };
            assert_eq!(
                sts::t_defined_for(group, t(name)),
                defined,
                "{name} for {group_name}"
            );
            for site in sites {
                let case = sts(json!({"primary_site": site, "t_category": name, "grade": "G2"}));
                let out = assess(&case);
                if defined {
                    assert_eq!(
                        out["staging"]["t"], name,
                        "{name} is defined for {site}: {out:#}"
                    );
                } else {
                    assert_eq!(
                        error_fields(&out),
                        vec![Some("t_category".to_owned())],
                        "{name} is not defined for {site}"
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AJCC 8 N and M — PDQ STS › TNM definitions › Tables 2 and 3
// ---------------------------------------------------------------------------------------------

/// Table 2: "N0 — No regional lymph node metastasis or unknown lymph node status." / "N1 —
/// Regional lymph node metastasis." (all three columns). Contract §1a: `unknown` or missing
/// stages as N0, with a warning on `regional_nodes`.
#[rustfmt::skip]
const TABLE_2_N: &[(Option<&str>, &str, bool)] = &[
    // | regional_nodes sent | N     | warning on regional_nodes |
    (Some("N0"),            "N0",   false),
    (Some("N1"),            "N1",   false),
    (Some("unknown"),       "N0",   true),
    (None,                  "N0",   true),
];

/// Table 3: "M0 — No distant metastasis." / "M1 — Distant metastasis." Contract §1a: missing →
/// M0 with a warning on `distant_metastasis`.
#[rustfmt::skip]
const TABLE_3_M: &[(Option<&str>, &str, bool)] = &[
    // | distant_metastasis sent | M     | warning on distant_metastasis |
    (Some("M0"),                "M0",   false),
    (Some("M1"),                "M1",   false),
    (None,                      "M0",   true),
];

/// One valid case per site group, to which N and M are added.
fn one_case_per_site() -> Vec<Value> {
    vec![
        json!({"primary_site": "extremity", "tumor_size_cm": 3}),
        json!({"primary_site": "trunk", "tumor_size_cm": 12}),
        json!({"primary_site": "retroperitoneum", "tumor_size_cm": 20}),
        json!({"primary_site": "head_and_neck", "tumor_size_cm": 3}),
        json!({"primary_site": "abdominal_visceral", "visceral_extent": "serosa"}),
        json!({"primary_site": "thoracic_visceral", "multifocal_sites": 4}),
    ]
}

#[test]
fn table_2_regional_nodes() {
    assert_eq!(sts::n_category(false), NCategory::N0);
    assert_eq!(sts::n_category(true), NCategory::N1);
    for site_case in one_case_per_site() {
        for &(sent, expected, warns) in TABLE_2_N {
            let mut case = without(
                &sts(with(&site_case, &json!({"grade": "G2"}))),
                &["regional_nodes"],
            );
            if let Some(sent) = sent {
                case = with(&case, &json!({"regional_nodes": sent}));
            }
            let out = assessed(&case);
            assert_eq!(
                out["staging"]["n"], expected,
                "regional_nodes {sent:?} in {case}"
            );
            assert_eq!(
                warning_fields(&out).contains(&"regional_nodes".to_owned()),
                warns,
                "warning on regional_nodes for {sent:?}: {out:#}"
            );
        }
    }
}

#[test]
fn table_3_distant_metastasis() {
    for site_case in one_case_per_site() {
        for &(sent, expected, warns) in TABLE_3_M {
            let mut case = without(
                &sts(with(&site_case, &json!({"grade": "G2"}))),
                &["distant_metastasis"],
            );
            if let Some(sent) = sent {
                case = with(&case, &json!({"distant_metastasis": sent}));
            }
            let out = assessed(&case);
            assert_eq!(
                out["staging"]["m"], expected,
                "distant_metastasis {sent:?} in {case}"
            );
            assert_eq!(
                warning_fields(&out).contains(&"distant_metastasis".to_owned()),
                warns,
                "warning on distant_metastasis for {sent:?}: {out:#}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// FNCLCC grade — PDQ STS › FNCLCC histological grade › Tables 4, 5 and 6
// ---------------------------------------------------------------------------------------------

/// Table 4, "Histology-Specific Tumor Differentiation Score", every row, with the contract's
/// histology name (§4) for it.
#[rustfmt::skip]
const TABLE_4: &[(&str, &str, u8)] = &[
    // | histology type (Table 4)                                                  | contract histology (§4)                   | score |
    ("Atypical lipomatous tumor/well-differentiated liposarcoma",                  "well_differentiated_liposarcoma",          1),
    ("Myxoid liposarcoma",                                                         "myxoid_liposarcoma",                       2),
    ("Round cell liposarcoma",                                                     "round_cell_liposarcoma",                   3),
    ("Pleomorphic liposarcoma",                                                    "pleomorphic_liposarcoma",                  3),
    ("Dedifferentiated liposarcoma",                                               "dedifferentiated_liposarcoma",             3),
    ("Fibrosarcoma",                                                               "fibrosarcoma",                             2),
    ("Myxofibrosarcoma",                                                           "myxofibrosarcoma",                         2),
    ("Undifferentiated pleomorphic sarcoma (formerly MFH, pleomorphic type)",      "undifferentiated_pleomorphic_sarcoma",     3),
    ("Well-differentiated leiomyosarcoma",                                         "well_differentiated_leiomyosarcoma",       1),
    ("Conventional leiomyosarcoma",                                                "leiomyosarcoma",                           2),
    ("Poorly differentiated/pleomorphic/epithelioid leiomyosarcoma",               "poorly_differentiated_leiomyosarcoma",     3),
    ("Biphasic/monophasic synovial sarcoma",                                       "synovial_sarcoma",                         3),
    ("Poorly differentiated synovial sarcoma",                                     "poorly_differentiated_synovial_sarcoma",   3),
    ("Pleomorphic rhabdomyosarcoma",                                               "pleomorphic_rhabdomyosarcoma",             3),
    ("Mesenchymal chondrosarcoma",                                                 "mesenchymal_chondrosarcoma",               3),
    ("Extraskeletal osteosarcoma",                                                 "extraskeletal_osteosarcoma",               3),
    ("Ewing sarcoma/primitive neuroectodermal tumor (PNET)",                       "ewing_sarcoma",                            3),
    ("Malignant rhabdoid tumor",                                                   "malignant_rhabdoid_tumor",                 3),
    ("Undifferentiated sarcoma, not otherwise specified",                          "undifferentiated_sarcoma",                 3),
];

/// Contract §4, "Others (no table score)": histologies with no row in Table 4.
const NOT_IN_TABLE_4: &[&str] = &[
    "angiosarcoma",
    "alveolar_soft_part_sarcoma",
    "dermatofibrosarcoma_protuberans",
    "inflammatory_myofibroblastic_tumor",
    "pecoma",
    "epithelioid_sarcoma",
    "clear_cell_sarcoma",
    "embryonal_rhabdomyosarcoma",
    "alveolar_rhabdomyosarcoma",
    "malignant_peripheral_nerve_sheath_tumor",
    "other",
];

/// Contract §4, "Not staged by these rules".
const NOT_STAGED: &[&str] = &["gist", "kaposi_sarcoma", "desmoid_tumor"];

/// Table 5, "Mitotic Count", with counts per 10 HPF in each row, its edges included.
#[rustfmt::skip]
const TABLE_5_MITOTIC: &[(u8, &str, &[i64])] = &[
    // | score | description                   | mitoses per 10 HPF  |
    (1,       "0–9 mitoses per 10 HPF",       &[0, 1, 5, 9]),
    (2,       "10–19 mitoses per 10 HPF",     &[10, 15, 19]),
    (3,       "≥20 mitoses per 10 HPF",       &[20, 21, 50, 1000]),
];

/// Table 5, "Tumor Necrosis", with necrosis percentages in each row, its edges included.
#[rustfmt::skip]
const TABLE_5_NECROSIS: &[(u8, &str, &[f64])] = &[
    // | score | description                | necrosis %            |
    (0,       "No necrosis",               &[0.0]),
    (1,       "<50% tumor necrosis",       &[0.1, 10.0, 49.9]),
    (2,       "≥50% tumor necrosis",       &[50.0, 75.0, 100.0]),
];

/// Table 6, "Definition of FNCLCC Histological Grade (G)".
#[rustfmt::skip]
const TABLE_6: &[(&str, &str, &[u8])] = &[
    // | G    | G definition                                                                    | totals     |
    ("G1", "Total tumor differentiation, mitotic count, and necrosis score of 2 or 3.",       &[2, 3]),
    ("G2", "Total tumor differentiation, mitotic count, and necrosis score of 4 or 5.",       &[4, 5]),
    ("G3", "Total tumor differentiation, mitotic count, and necrosis score of 6, 7, or 8.",   &[6, 7, 8]),
];

/// The grade Table 6 gives a total.
fn table_6_grade(total: u8) -> &'static str {
    TABLE_6
        .iter()
        .find(|(_, _, totals)| totals.contains(&total))
        .map(|(g, _, _)| *g)
        .unwrap()
}

#[test]
fn table_4_differentiation_score_of_every_histology() {
    for &(row, histology, score) in TABLE_4 {
        let parsed = Histology::from_name(histology)
            .unwrap_or_else(|| panic!("not in the vocabulary: {histology}"));
        assert_eq!(sts::differentiation_score(parsed), Some(score), "{row}");
        // End to end: 0 mitoses (score 1) and no necrosis (score 0) give a total of score + 1.
        let case = sts(
            json!({"primary_site": "extremity", "tumor_size_cm": 3, "histology": histology,
                   "mitotic_count_per_10hpf": 0, "necrosis_percent": 0}),
        );
        let staging = staging(&case);
        let total = score + 1;
        assert_eq!(
            staging["fnclcc"],
            json!({"differentiation": score, "mitotic": 1, "necrosis": 0, "total": total}),
            "{row}"
        );
        assert_eq!(staging["grade"], table_6_grade(total), "{row}");
    }
}

#[test]
fn table_4_has_no_row_for_the_other_histologies() {
    for &histology in NOT_IN_TABLE_4 {
        let parsed = Histology::from_name(histology)
            .unwrap_or_else(|| panic!("not in the vocabulary: {histology}"));
        assert_eq!(sts::differentiation_score(parsed), None, "{histology}");
        // Without differentiation_score and grade: GX with a warning, fnclcc null.
        let case = sts(
            json!({"primary_site": "trunk", "tumor_size_cm": 3, "histology": histology,
                   "mitotic_count_per_10hpf": 25, "necrosis_percent": 60}),
        );
        let out = assessed(&case);
        assert_eq!(out["staging"]["grade"], "GX", "{histology}");
        assert_eq!(out["staging"]["fnclcc"], Value::Null, "{histology}");
        assert!(
            warning_fields(&out).contains(&"grade".to_owned()),
            "{histology}: {out:#}"
        );
        // With differentiation_score the three components are known.
        let case = with(&case, &json!({"differentiation_score": 2}));
        let staging = staging(&case);
        assert_eq!(
            staging["fnclcc"],
            json!({"differentiation": 2, "mitotic": 3, "necrosis": 2, "total": 7}),
            "{histology}"
        );
        assert_eq!(staging["grade"], "G3", "{histology}");
    }
}

#[test]
fn contract_4_histology_vocabulary_is_covered() {
    let mut listed: Vec<&str> = TABLE_4
        .iter()
        .map(|(_, h, _)| *h)
        .chain(NOT_IN_TABLE_4.iter().copied())
        .chain(NOT_STAGED.iter().copied())
        .collect();
    listed.sort_unstable();
    let mut vocabulary: Vec<&str> = Histology::ALL.iter().map(|h| h.name()).collect();
    vocabulary.sort_unstable();
    assert_eq!(listed, vocabulary);
    for &histology in NOT_STAGED {
        assert_eq!(
            sts::differentiation_score(Histology::from_name(histology).unwrap()),
            None,
            "{histology}"
        );
    }
}

#[test]
fn table_5_mitotic_count_score() {
    for &(score, description, counts) in TABLE_5_MITOTIC {
        for &count in counts {
            assert_eq!(
                sts::mitotic_score(u32::try_from(count).unwrap()),
                score,
                "{count}: {description}"
            );
            let case = sts(
                json!({"primary_site": "trunk", "tumor_size_cm": 3, "differentiation_score": 1,
                       "mitotic_count_per_10hpf": count, "necrosis_percent": 0}),
            );
            assert_eq!(
                staging(&case)["fnclcc"]["mitotic"],
                score,
                "{count}: {description}"
            );
        }
    }
}

#[test]
fn table_5_necrosis_score() {
    for &(score, description, percents) in TABLE_5_NECROSIS {
        for &percent in percents {
            assert_eq!(
                sts::necrosis_score(percent),
                score,
                "{percent}%: {description}"
            );
            let case = sts(
                json!({"primary_site": "trunk", "tumor_size_cm": 3, "differentiation_score": 1,
                       "mitotic_count_per_10hpf": 0, "necrosis_percent": percent}),
            );
            assert_eq!(
                staging(&case)["fnclcc"]["necrosis"],
                score,
                "{percent}%: {description}"
            );
        }
    }
}

#[test]
fn table_6_grade_of_every_total() {
    for &(grade, definition, totals) in TABLE_6 {
        for &total in totals {
            assert_eq!(
                sts::grade_from_total(total),
                g(grade),
                "total {total}: {definition}"
            );
        }
    }
    let all: Vec<u8> = TABLE_6
        .iter()
        .flat_map(|(_, _, t)| t.iter().copied())
        .collect();
    assert_eq!(
        all,
        (2..=8).collect::<Vec<u8>>(),
        "Table 6 covers every total 2..=8"
    );
}

#[test]
fn table_6_end_to_end_for_every_combination_of_scores() {
    // One input per Table 5 score: differentiation 1–3, mitoses 0/10/20, necrosis 0/10/60 %.
    for differentiation in 1..=3u8 {
        for (mitotic, mitoses) in [(1u8, 0), (2, 10), (3, 20)] {
            for (necrosis, percent) in [(0u8, 0.0), (1, 10.0), (2, 60.0)] {
                let total = differentiation + mitotic + necrosis;
                let case = sts(json!({"primary_site": "extremity", "tumor_size_cm": 3,
                                      "differentiation_score": differentiation,
                                      "mitotic_count_per_10hpf": mitoses, "necrosis_percent": percent}));
                let staging = staging(&case);
                assert_eq!(
                    staging["fnclcc"],
                    json!({"differentiation": differentiation, "mitotic": mitotic, "necrosis": necrosis, "total": total})
                );
                assert_eq!(staging["grade"], table_6_grade(total), "total {total}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Prognostic stage groups — PDQ STS › Prognostic stage groups › Table 7
// ---------------------------------------------------------------------------------------------

const ANY_T: &[&str] = &["TX", "T0", "T1", "T2", "T3", "T4"];
const ANY_N: &[&str] = &["N0", "N1"];
const ANY_G: &[&str] = &["GX", "G1", "G2", "G3"];

/// One row of Table 7: stage, T, N, M, G (each list: the values the row's cell names).
type Table7Row = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static [&'static str],
);

/// Table 7, "AJCC Prognostic Stage Groups for Soft Tissue Sarcoma of the Trunk, Extremities, and
/// Retroperitoneum" — the rows that do not depend on the site group.
#[rustfmt::skip]
const TABLE_7: &[Table7Row] = &[
    // | Stage  | T                     | N       | M     | G             |
    ("IA",     &["T1"],                &["N0"],  "M0",   &["GX", "G1"]),
    ("IB",     &["T2", "T3", "T4"],    &["N0"],  "M0",   &["GX", "G1"]),
    ("II",     &["T1"],                &["N0"],  "M0",   &["G2", "G3"]),
    ("IIIA",   &["T2"],                &["N0"],  "M0",   &["G2", "G3"]),
    ("IIIB",   &["T3", "T4"],          &["N0"],  "M0",   &["G2", "G3"]),
    ("IV",     ANY_T,                  ANY_N,    "M1",   ANY_G),
];

/// Table 7, row "IIIB(b)/IV(b) | Any T | N1 | M0 | Any G", footnote b: "Stage IIIB for soft
/// tissue sarcoma of the retroperitoneum; stage IV for soft tissue sarcoma of the trunk and
/// extremities."
#[rustfmt::skip]
const TABLE_7_N1_M0_FOOTNOTE: &[(&str, SiteGroup, &[&str], &str)] = &[
    // | site group          |                               | primary sites            | N1 M0 stage |
    ("retroperitoneum",     SiteGroup::Retroperitoneum,     &["retroperitoneum"],       "IIIB"),
    ("trunk_extremity",     SiteGroup::TrunkExtremity,      &["extremity", "trunk"],    "IV"),
];

#[rustfmt::skip]
const GROUPED_SITES: &[(SiteGroup, &str)] = &[
    (SiteGroup::TrunkExtremity,  "extremity"),
    (SiteGroup::TrunkExtremity,  "trunk"),
    (SiteGroup::Retroperitoneum, "retroperitoneum"),
];

fn stage_case(site: &str, t: &str, n: &str, m: &str, g: &str) -> Value {
    sts(
        json!({"primary_site": site, "t_category": t, "regional_nodes": n, "distant_metastasis": m, "grade": g}),
    )
}

#[test]
fn table_7_rows_for_trunk_extremity_and_retroperitoneum() {
    for &(expected, ts, ns, m, gs) in TABLE_7 {
        for &tn in ts {
            for &n in ns {
                for &grade in gs {
                    for &(group, site) in GROUPED_SITES {
                        let pure = sts::stage_group(
                            group,
                            t(tn),
                            NCategory::from_name(n).unwrap(),
                            MCategory::from_name(m).unwrap(),
                            g(grade),
                        );
                        assert_eq!(pure, Ok(stage(expected)), "{site} {tn} {n} {m} {grade}");
                        let out = assessed(&stage_case(site, tn, n, m, grade));
                        assert_eq!(
                            out["staging"]["stage_group"], expected,
                            "{site} {tn} {n} {m} {grade}"
                        );
                        assert!(
                            explained(&out, expected),
                            "an explanation line names stage {expected}: {out:#}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn table_7_footnote_n1_m0_is_iiib_in_the_retroperitoneum_and_iv_on_trunk_and_extremities() {
    for &(group_name, group, sites, expected) in TABLE_7_N1_M0_FOOTNOTE {
        for &tn in ANY_T {
            for &grade in ANY_G {
                assert_eq!(
                    sts::stage_group(group, t(tn), NCategory::N1, MCategory::M0, g(grade)),
                    Ok(stage(expected)),
                    "{group_name} {tn} N1 M0 {grade}"
                );
                for site in sites {
                    let staging = staging(&stage_case(site, tn, "N1", "M0", grade));
                    assert_eq!(
                        staging["stage_group"], expected,
                        "{site} {tn} N1 M0 {grade}"
                    );
                }
            }
        }
    }
}

#[test]
fn table_7_gx_groups_with_g1() {
    for &tn in ANY_T {
        for &n in ANY_N {
            for m in ["M0", "M1"] {
                for &(group, site) in GROUPED_SITES {
                    let (nc, mc) = (
                        NCategory::from_name(n).unwrap(),
                        MCategory::from_name(m).unwrap(),
                    );
                    assert_eq!(
                        sts::stage_group(group, t(tn), nc, mc, Grade::GX),
                        sts::stage_group(group, t(tn), nc, mc, Grade::G1),
                        "{site} {tn} {n} {m}"
                    );
                    assert_eq!(
                        staging(&stage_case(site, tn, n, m, "GX"))["stage_group"],
                        staging(&stage_case(site, tn, n, m, "G1"))["stage_group"],
                        "{site} {tn} {n} {m}"
                    );
                }
            }
        }
    }
}

#[test]
fn table_7_has_no_row_for_tx_or_t0_with_n0_m0() {
    // Only the "Any T" rows (N1 M0, M1) cover TX and T0 (they are covered in the tests above).
    for tn in ["TX", "T0"] {
        for &grade in ANY_G {
            for &(group, site) in GROUPED_SITES {
                assert_eq!(
                    sts::stage_group(group, t(tn), NCategory::N0, MCategory::M0, g(grade)),
                    Err(NoStageGroup::NoRowForT(t(tn))),
                    "{site} {tn} N0 M0 {grade}"
                );
                let out = assessed(&stage_case(site, tn, "N0", "M0", grade));
                assert_eq!(
                    out["staging"]["stage_group"],
                    Value::Null,
                    "{site} {tn} N0 M0 {grade}"
                );
                assert_eq!(out["staging"]["t"], tn);
                assert!(
                    explanation(&out)
                        .iter()
                        .any(|l| l.contains("stage group") && mentions(l, tn)),
                    "the reason names {tn}: {out:#}"
                );
            }
        }
    }
}

#[test]
fn no_stage_group_for_head_and_neck_or_visceral_sites() {
    // "There is no recommended prognostic stage grouping for soft tissue sarcoma of the abdomen,
    // thoracic visceral organs, and head and neck."
    let not_grouped = SITE_GROUPS.iter().filter(|(_, g, _)| {
        matches!(
            g,
            SiteGroup::HeadAndNeck | SiteGroup::AbdominalThoracicVisceral
        )
    });
    for &(group_name, group, sites) in not_grouped {
        // Every T that Table 1 defines for the group (the columns of T_DEFINED).
        let defined = T_DEFINED.iter().filter(|&&(_, _, head_neck, visceral)| {
            if group == SiteGroup::HeadAndNeck {
                head_neck
            } else {
                visceral
            }
        });
        for &(tn, ..) in defined {
            for &n in ANY_N {
                for m in ["M0", "M1"] {
                    for &grade in ANY_G {
                        let (nc, mc) = (
                            NCategory::from_name(n).unwrap(),
                            MCategory::from_name(m).unwrap(),
                        );
                        assert_eq!(
                            sts::stage_group(group, t(tn), nc, mc, g(grade)),
                            Err(NoStageGroup::SiteNotGrouped(group))
                        );
                        for site in sites {
                            let out = assessed(&stage_case(site, tn, n, m, grade));
                            assert_eq!(out["staging"]["site_group"], group_name);
                            assert_eq!(
                                out["staging"]["stage_group"],
                                Value::Null,
                                "{site} {tn} {n} {m} {grade}"
                            );
                            assert!(
                                explanation(&out).iter().any(|l| l.contains("stage group")),
                                "an explanation says why there is no stage group: {out:#}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn site_groups_of_every_primary_site() {
    for &(group_name, group, sites) in SITE_GROUPS {
        for site in sites {
            let parsed = sarcnav_core::contract::PrimarySite::from_name(site).unwrap();
            assert_eq!(sts::site_group(parsed), group);
            let staging = staging(&sts(
                json!({"primary_site": site, "t_category": "T1", "grade": "G1"}),
            ));
            assert_eq!(staging["site_group"], group_name, "{site}");
            assert_eq!(staging["system"], "AJCC8");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ACTG staging of AIDS-associated KS — PDQ KS (seed 000) › Staging › Table 1
// ---------------------------------------------------------------------------------------------

/// Table 1, "Tumor (T)", poor risk (1), "any of the following", with the contract field (§1b)
/// for each finding. Good risk (0): "Confined to skin and/or lymph nodes and/or minimal oral
/// disease".
#[rustfmt::skip]
const ACTG_TUMOR_POOR_RISK: &[(&str, &str)] = &[
    // | poor risk (1), Table 1                     | contract field        |
    ("Tumor-associated edema or ulceration",      "edema_or_ulceration"),
    ("Extensive oral KS",                         "extensive_oral"),
    ("Gastrointestinal KS",                       "gastrointestinal_ks"),
    ("KS in other non-nodal viscera",             "other_visceral_ks"),
];

/// Table 1, "Systemic illness (S)", poor risk (1), "any of the following", with the contract field
/// (§1b) and a poor-risk value for each. Good risk (0): "No history of OIs or thrush", "No “B”
/// symptoms", "Performance status ≥70 (Karnofsky)".
#[rustfmt::skip]
const ACTG_SYSTEMIC_POOR_RISK: &[(&str, &str, PoorRisk)] = &[
    // | poor risk (1), Table 1                                                | contract field           | sent as                 |
    ("History of OIs and/or thrush",                                         "oi_or_thrush_history",    PoorRisk::Present),
    ("“B” symptoms present",                                                 "b_symptoms",              PoorRisk::Present),
    ("Performance status <70",                                               "karnofsky",               PoorRisk::Karnofsky(60)),
    ("Other HIV-related illness (e.g., neurological disease or lymphoma)",   "other_hiv_illness",       PoorRisk::Present),
];

/// How a poor-risk systemic finding is sent.
#[derive(Clone, Copy)]
enum PoorRisk {
    /// The flag is `true`.
    Present,
    /// A Karnofsky performance status below 70.
    Karnofsky(i64),
}

/// Table 1, "Immune system (I)": "CD4 cells ≥200/µL" good risk (0), "CD4 cells <200/µL" poor risk (1).
#[rustfmt::skip]
const ACTG_IMMUNE: &[(&str, i64, &str)] = &[
    // | Table 1               | cd4_per_ul | I      |
    ("CD4 cells <200/µL",     0,           "I1"),
    ("CD4 cells <200/µL",     10,          "I1"),
    ("CD4 cells <200/µL",     199,         "I1"),
    ("CD4 cells ≥200/µL",     200,         "I0"),
    ("CD4 cells ≥200/µL",     800,         "I0"),
];

fn tumor_findings(field: &str) -> TumorFindings {
    let mut f = TumorFindings::default();
    match field {
        "edema_or_ulceration" => f.edema_or_ulceration = true,
        "extensive_oral" => f.extensive_oral = true,
        "gastrointestinal_ks" => f.gastrointestinal_ks = true,
        "other_visceral_ks" => f.other_visceral_ks = true,
        other => panic!("not a tumor finding: {other}"),
    }
    f
}

fn systemic_findings(field: &str) -> SystemicFindings {
    let mut f = SystemicFindings {
        karnofsky: Some(90),
        ..SystemicFindings::default()
    };
    match field {
        "oi_or_thrush_history" => f.oi_or_thrush_history = true,
        "b_symptoms" => f.b_symptoms = true,
        "other_hiv_illness" => f.other_hiv_illness = true,
        "karnofsky" => f.karnofsky = Some(60),
        other => panic!("not a systemic finding: {other}"),
    }
    f
}

#[test]
fn actg_no_poor_risk_finding_is_good_risk_t0_i0_s0() {
    assert_eq!(ks::actg_t(&TumorFindings::default()), "T0");
    assert_eq!(
        ks::actg_s(&SystemicFindings {
            karnofsky: Some(90),
            ..SystemicFindings::default()
        }),
        "S0"
    );
    assert_eq!(
        ks::actg_s(&SystemicFindings::default()),
        "S0",
        "Karnofsky unknown, nothing else"
    );
    let out = assessed(&aids_ks(json!({})));
    assert_eq!(out["subtype"], "aids_associated");
    assert_eq!(
        out["staging"],
        json!({"system": "ACTG", "t": "T0", "i": "I0", "s": "S0"})
    );
    // Findings sent as false are the same as absent.
    let all_false = aids_ks(
        json!({"edema_or_ulceration": false, "extensive_oral": false, "gastrointestinal_ks": false,
               "other_visceral_ks": false, "oi_or_thrush_history": false, "b_symptoms": false,
               "other_hiv_illness": false}),
    );
    assert_eq!(
        staging(&all_false),
        json!({"system": "ACTG", "t": "T0", "i": "I0", "s": "S0"})
    );
}

#[test]
fn actg_each_tumor_finding_alone_is_poor_risk() {
    for &(row, field) in ACTG_TUMOR_POOR_RISK {
        assert_eq!(ks::actg_t(&tumor_findings(field)), "T1", "{row}");
        let staging = staging(&aids_ks(json!({ field: true })));
        assert_eq!(
            staging,
            json!({"system": "ACTG", "t": "T1", "i": "I0", "s": "S0"}),
            "{row}"
        );
    }
}

#[test]
fn actg_each_systemic_finding_alone_is_poor_risk() {
    for &(row, field, poor) in ACTG_SYSTEMIC_POOR_RISK {
        assert_eq!(ks::actg_s(&systemic_findings(field)), "S1", "{row}");
        let value = match poor {
            PoorRisk::Present => json!(true),
            PoorRisk::Karnofsky(k) => json!(k),
        };
        let staging = staging(&aids_ks(json!({ field: value })));
        assert_eq!(
            staging,
            json!({"system": "ACTG", "t": "T0", "i": "I0", "s": "S1"}),
            "{row}"
        );
    }
}

#[test]
fn actg_immune_variable_by_cd4() {
    for &(row, cd4, expected) in ACTG_IMMUNE {
        assert_eq!(ks::actg_i(cd4), expected, "CD4 {cd4}: {row}");
        let staging = staging(&aids_ks(json!({"cd4_per_ul": cd4})));
        assert_eq!(
            staging,
            json!({"system": "ACTG", "t": "T0", "i": expected, "s": "S0"}),
            "CD4 {cd4}: {row}"
        );
    }
}

#[test]
fn actg_all_poor_risk_findings_together() {
    let mut case = aids_ks(json!({"cd4_per_ul": 50}));
    for &(_, field) in ACTG_TUMOR_POOR_RISK {
        case = with(&case, &json!({ field: true }));
    }
    case = with(
        &case,
        &json!({"oi_or_thrush_history": true, "b_symptoms": true, "other_hiv_illness": true, "karnofsky": 40}),
    );
    assert_eq!(
        staging(&case),
        json!({"system": "ACTG", "t": "T1", "i": "I1", "s": "S1"})
    );
}

#[test]
fn actg_applies_to_aids_associated_ks_only() {
    // Contract §2: `staging` is null for the other subtypes.
    for subtype in ["classic", "endemic", "transplant_related"] {
        let case = ks(
            json!({"subtype": subtype, "hiv_positive": false, "edema_or_ulceration": true, "extent": "advanced"}),
        );
        let out = assessed(&case);
        assert_eq!(out["subtype"], subtype);
        assert_eq!(out["staging"], Value::Null, "{subtype}");
        assert!(
            explanation(&out).iter().any(|l| l.contains("ACTG")),
            "an explanation says why: {out:#}"
        );
    }
}
