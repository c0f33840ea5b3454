//! Input validation and the shape of results (contract §1 and §2): every problem is reported
//! with the path of its field; error results hold only `id` and `errors`; valid results hold
//! every key of §2; every derived staging value is explained.

mod common;

use common::*;
use sarcnav_core::contract::{FIELDS, KsSubtype};
use sarcnav_core::staging::ks::{self, SubtypeFacts};
use serde_json::{Value, json};

fn some(fields: &[&str]) -> Vec<Option<String>> {
    fields.iter().map(|f| Some((*f).to_owned())).collect()
}

fn sorted(mut v: Vec<Option<String>>) -> Vec<Option<String>> {
    v.sort();
    v
}

// ---------------------------------------------------------------------------------------------
// Every problem, each with its field path (contract §2)
// ---------------------------------------------------------------------------------------------

#[test]
fn type_and_vocabulary_errors_are_all_reported_with_paths() {
    let case = json!({
        "id": "bad-1",
        "disease": "osteosarcoma",
        "tumor_size_cm": "big",
        "head_and_neck_invasion": ["orbit", "nose", 3],
        "grade": "G4",
        "recurrent": "yes",
        "multifocal_sites": 2.5,
    });
    let out = invalid(&case);
    assert_eq!(out["id"], "bad-1");
    assert_eq!(
        sorted(error_fields(&out)),
        sorted(some(&[
            "disease",
            "tumor_size_cm",
            "head_and_neck_invasion[1]",
            "head_and_neck_invasion[2]",
            "grade",
            "recurrent",
            "multifocal_sites",
        ]))
    );
    for e in out["errors"].as_array().unwrap() {
        assert!(!e["message"].as_str().unwrap().is_empty(), "{e}");
    }
}

#[test]
fn range_and_rule_errors_are_all_reported_with_paths() {
    let case = sts(json!({
        "id": "bad-2",
        "age_years": 130,
        "primary_site": "trunk",
        "tumor_size_cm": 150,
        "differentiation_score": 4,
        "mitotic_count_per_10hpf": -1,
        "necrosis_percent": 140,
        "prior_therapies": ["doxorubicin", "doxorubicine", "ifosfamide", "trabectidin"],
    }));
    let out = invalid(&case);
    assert_eq!(out["id"], "bad-2");
    assert_eq!(
        sorted(error_fields(&out)),
        sorted(some(&[
            "age_years",
            "tumor_size_cm",
            "differentiation_score",
            "mitotic_count_per_10hpf",
            "necrosis_percent",
            "prior_therapies[1]",
            "prior_therapies[3]",
        ]))
    );
    assert!(
        error_message(&out, "necrosis_percent").contains("140"),
        "the message shows the value"
    );
    assert!(error_message(&out, "prior_therapies[1]").contains("doxorubicine"));
}

#[test]
fn head_and_neck_invasion_paths_and_prior_therapies_paths() {
    let out = invalid(&sts(
        json!({"primary_site": "head_and_neck", "tumor_size_cm": 3,
               "head_and_neck_invasion": ["orbit", "nasal_cavity"]}),
    ));
    assert_eq!(error_fields(&out), some(&["head_and_neck_invasion[1]"]));
    let out = invalid(&sts(
        json!({"primary_site": "trunk", "tumor_size_cm": 3, "prior_therapies": ["adriamycin"]}),
    ));
    assert_eq!(error_fields(&out), some(&["prior_therapies[0]"]));
    let out = invalid(&sts(
        json!({"primary_site": "trunk", "tumor_size_cm": 3, "prior_therapies": "doxorubicin"}),
    ));
    assert_eq!(
        error_fields(&out),
        some(&["prior_therapies"]),
        "a list field given a string"
    );
}

/// Contract §2: "every problem found, not just the first". A value of the wrong type must not hide
/// a range error or a missing requirement elsewhere in the same case.
#[test]
fn type_errors_do_not_hide_range_errors() {
    let case =
        json!({"disease": "soft_tissue_sarcoma", "tumor_size_cm": "big", "necrosis_percent": 140});
    let fields = sorted(error_fields(&invalid(&case)));
    assert_eq!(
        fields,
        sorted(some(&["tumor_size_cm", "necrosis_percent", "primary_site"]))
    );
}

#[test]
fn missing_requirements_name_the_missing_key() {
    #[rustfmt::skip]
    let rows: &[(Value, &str)] = &[
        // | case                                                                                  | error on                      |
        (json!({"id": "x"}),                                                                      "disease"),
        (json!({"disease": "soft_tissue_sarcoma"}),                                               "primary_site"),
        (json!({"disease": "soft_tissue_sarcoma", "primary_site": "trunk"}),                      "tumor_size_cm"),
        (json!({"disease": "soft_tissue_sarcoma", "primary_site": "retroperitoneum"}),            "tumor_size_cm"),
        (json!({"disease": "soft_tissue_sarcoma", "primary_site": "head_and_neck"}),              "tumor_size_cm"),
        (json!({"disease": "soft_tissue_sarcoma", "primary_site": "abdominal_visceral"}),         "visceral_extent"),
        (json!({"disease": "soft_tissue_sarcoma", "primary_site": "thoracic_visceral",
                "multifocal_sites": 1}),                                                          "visceral_extent"),
        (json!({"disease": "kaposi_sarcoma"}),                                                    "hiv_positive"),
        (json!({"disease": "kaposi_sarcoma", "subtype": "aids_associated"}),                      "cd4_per_ul"),
        (json!({"disease": "kaposi_sarcoma", "hiv_positive": true}),                              "cd4_per_ul"),
        (json!({"disease": "kaposiform_hemangioendothelioma"}),                                   "kasabach_merritt_phenomenon"),
        (json!({"disease": "kaposiform_hemangioendothelioma", "platelets_per_ul": 20000,
                "fibrinogen_g_per_l": 0.5}),                                                      "kasabach_merritt_phenomenon"),
    ];
    for (case, field) in rows {
        assert_eq!(errors_of(case), vec![field.to_string()], "{case}");
    }
}

#[test]
fn a_visceral_site_needs_extent_multifocality_or_t_category() {
    for extra in [
        json!({"visceral_extent": "organ_confined"}),
        json!({"multifocal_sites": 2}),
        json!({"t_category": "T3"}),
    ] {
        let case = sts(with(
            &json!({"primary_site": "abdominal_visceral", "grade": "G1"}),
            &extra,
        ));
        assessed(&case);
    }
}

// ---------------------------------------------------------------------------------------------
// Unknown and cross-disease fields (contract §1: "Unknown fields are an error")
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_errors_naming_themselves() {
    let case = sts(
        json!({"primary_site": "trunk", "tumor_size_cm": 3, "tumour_size_cm": 3, "colour": "red", "Grade": "G1"}),
    );
    let out = invalid(&case);
    assert_eq!(
        sorted(error_fields(&out)),
        sorted(some(&["tumour_size_cm", "colour", "Grade"]))
    );
    // A near miss suggests the contract's name.
    assert!(error_message(&out, "tumour_size_cm").contains("tumor_size_cm"));
}

#[test]
fn every_contract_field_is_known() {
    // Each field of contract §1 parses (sent as null, i.e. not sent): none is an unknown field.
    for &(name, _, _) in FIELDS {
        let text = json!({ name: null }).to_string();
        assert!(
            sarcnav_core::parse_case(&text).is_ok(),
            "{name} is a contract field"
        );
    }
}

/// Fields of one disease sent with another (contract §1a/§1b/§1c) are errors on that field.
#[test]
fn cross_disease_fields_are_errors() {
    let sts_case = sts(json!({"primary_site": "trunk", "tumor_size_cm": 3, "grade": "G1"}));
    let ks_case = aids_ks(json!({}));
    let khe_case = khe(json!({"kasabach_merritt_phenomenon": true}));
    #[rustfmt::skip]
    let rows: &[(&Value, &str, Value)] = &[
        // | case      | foreign field                    | value                   |
        (&sts_case,   "cd4_per_ul",                      json!(100)),
        (&sts_case,   "subtype",                         json!("classic")),
        (&sts_case,   "hiv_positive",                    json!(false)),
        (&sts_case,   "karnofsky",                       json!(90)),
        (&sts_case,   "kasabach_merritt_phenomenon",     json!(false)),
        (&sts_case,   "platelets_per_ul",                json!(20000)),
        (&ks_case,    "tumor_size_cm",                   json!(3)),
        (&ks_case,    "primary_site",                    json!("trunk")),
        (&ks_case,    "grade",                           json!("G1")),
        (&ks_case,    "prior_therapies",                 json!(["doxorubicin"])),
        (&ks_case,    "kasabach_merritt_phenomenon",     json!(true)),
        (&khe_case,   "hiv_positive",                    json!(false)),
        (&khe_case,   "cd4_per_ul",                      json!(500)),
        (&khe_case,   "histology",                       json!("angiosarcoma")),
        (&khe_case,   "regional_nodes",                  json!("N0")),
    ];
    for (base, field, value) in rows {
        let out = invalid(&with(base, &json!({ *field: value })));
        assert_eq!(
            error_fields(&out),
            some(&[field]),
            "{field} with {}",
            base["disease"]
        );
    }
    // Several at once: one error each.
    let out = invalid(&with(
        &sts_case,
        &json!({"cd4_per_ul": 100, "severe_symptoms": true}),
    ));
    assert_eq!(
        sorted(error_fields(&out)),
        sorted(some(&["cd4_per_ul", "severe_symptoms"]))
    );
}

#[test]
fn site_specific_fields_for_another_site_are_errors() {
    #[rustfmt::skip]
    let rows: &[(&str, Value, &str)] = &[
        // | primary site        | extra fields                                                       | error on                 |
        ("trunk",              json!({"head_and_neck_invasion": ["orbit"]}),                        "head_and_neck_invasion"),
        ("abdominal_visceral", json!({"visceral_extent": "serosa", "head_and_neck_invasion": ["dura"]}), "head_and_neck_invasion"),
        ("extremity",          json!({"visceral_extent": "serosa"}),                                "visceral_extent"),
        ("head_and_neck",      json!({"visceral_extent": "another_organ"}),                         "visceral_extent"),
        ("retroperitoneum",    json!({"multifocal_sites": 3}),                                      "multifocal_sites"),
    ];
    for (site, extra, field) in rows {
        let case = sts(with(
            &json!({"primary_site": site, "tumor_size_cm": 3, "grade": "G1"}),
            extra,
        ));
        assert_eq!(errors_of(&case), vec![field.to_string()], "{site} {extra}");
    }
}

// ---------------------------------------------------------------------------------------------
// Histologies outside the rules (contract §1a, §4)
// ---------------------------------------------------------------------------------------------

#[test]
fn gist_and_kaposi_sarcoma_histology_are_errors_naming_the_right_path() {
    let rows: &[(&str, &str)] = &[
        // | histology        | the message names |
        ("gist", "GIST"),
        ("kaposi_sarcoma", "kaposi_sarcoma"),
    ];
    for (histology, names) in rows {
        let out = invalid(&sts(
            json!({"primary_site": "abdominal_visceral", "visceral_extent": "serosa", "histology": histology}),
        ));
        assert_eq!(error_fields(&out), some(&["histology"]), "{histology}");
        assert!(
            error_message(&out, "histology").contains(names),
            "{histology}: {out:#}"
        );
    }
}

#[test]
fn desmoid_tumor_has_no_tnm_stage() {
    for site in [
        "extremity",
        "trunk",
        "retroperitoneum",
        "head_and_neck",
        "abdominal_visceral",
    ] {
        let case = sts(
            json!({"id": "d1", "primary_site": site, "tumor_size_cm": 8, "histology": "desmoid_tumor", "grade": "G1"}),
        );
        let case = if site == "abdominal_visceral" {
            without(&case, &["tumor_size_cm"])
        } else {
            case
        };
        let out = assessed(&case);
        let staging = &out["staging"];
        for key in ["t", "n", "m", "grade", "stage_group"] {
            assert_eq!(staging[key], Value::Null, "{site}: desmoid {key} is null");
        }
        assert!(
            staging["site_group"].is_string(),
            "{site}: the site group is kept"
        );
        assert_eq!(staging["system"], "AJCC8");
        assert!(
            explanation(&out)
                .iter()
                .any(|l| l.to_lowercase().contains("desmoid")),
            "an explanation says why: {out:#}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Kaposi sarcoma subtype (contract §1b)
// ---------------------------------------------------------------------------------------------

/// Contract §1b: "HIV-positive → aids_associated; else immunosuppressed → transplant_related;
/// else endemic region → endemic; else classic — with a warning that it was inferred."
#[rustfmt::skip]
const SUBTYPE_INFERENCE: &[(bool, Option<bool>, Option<bool>, &str)] = &[
    // | hiv_positive | immunosuppressed | lives_in_endemic_region | subtype               |
    (true,           Some(true),        Some(true),               "aids_associated"),
    (true,           Some(true),        Some(false),              "aids_associated"),
    (true,           Some(false),       Some(true),               "aids_associated"),
    (true,           None,              None,                     "aids_associated"),
    (false,          Some(true),        Some(true),               "transplant_related"),
    (false,          Some(true),        Some(false),              "transplant_related"),
    (false,          Some(true),        None,                     "transplant_related"),
    (false,          Some(false),       Some(true),               "endemic"),
    (false,          None,              Some(true),               "endemic"),
    (false,          Some(false),       Some(false),              "classic"),
    (false,          None,              None,                     "classic"),
];

#[test]
fn ks_subtype_inference_order_with_a_warning() {
    for &(hiv, immunosuppressed, endemic, expected) in SUBTYPE_INFERENCE {
        let facts = SubtypeFacts {
            hiv_positive: hiv,
            immunosuppressed: immunosuppressed.unwrap_or(false),
            lives_in_endemic_region: endemic.unwrap_or(false),
        };
        assert_eq!(
            ks::infer_subtype(facts),
            KsSubtype::from_name(expected).unwrap(),
            "{facts:?}"
        );

        let mut case = ks(json!({"hiv_positive": hiv, "extent": "localized"}));
        if let Some(v) = immunosuppressed {
            case = with(&case, &json!({"immunosuppressed": v}));
        }
        if let Some(v) = endemic {
            case = with(&case, &json!({"lives_in_endemic_region": v}));
        }
        if expected == "aids_associated" {
            case = with(
                &without(&case, &["extent"]),
                &json!({"cd4_per_ul": 300, "karnofsky": 90}),
            );
        }
        let out = assessed(&case);
        assert_eq!(out["subtype"], expected, "{case}");
        assert!(
            warning_fields(&out).contains(&"subtype".to_owned()),
            "the inference is warned on `subtype`: {out:#}"
        );
    }
}

#[test]
fn a_given_subtype_is_not_warned() {
    for subtype in ["classic", "endemic", "transplant_related"] {
        let out = assessed(&ks(json!({"subtype": subtype, "extent": "advanced"})));
        assert_eq!(out["subtype"], subtype);
        assert!(
            !warning_fields(&out).contains(&"subtype".to_owned()),
            "{out:#}"
        );
    }
}

/// Contract §1b: `hiv_positive` "contradiction with `subtype` → error".
#[rustfmt::skip]
const SUBTYPE_CONTRADICTIONS: &[(&str, bool)] = &[
    // | subtype              | hiv_positive |
    ("aids_associated",      false),
    ("classic",              true),
    ("endemic",              true),
    ("transplant_related",   true),
];

#[test]
fn subtype_contradicting_hiv_status_is_an_error() {
    for &(subtype, hiv) in SUBTYPE_CONTRADICTIONS {
        let case = ks(
            json!({"subtype": subtype, "hiv_positive": hiv, "cd4_per_ul": 300, "extent": "localized"}),
        );
        let fields = errors_of(&case);
        assert!(
            !fields.is_empty() && fields.iter().all(|f| f == "subtype" || f == "hiv_positive"),
            "{subtype} with hiv_positive {hiv}: {fields:?}"
        );
    }
    // And the consistent pairs are accepted.
    for (subtype, hiv) in [
        ("aids_associated", true),
        ("classic", false),
        ("endemic", false),
        ("transplant_related", false),
    ] {
        assessed(&ks(
            json!({"subtype": subtype, "hiv_positive": hiv, "cd4_per_ul": 300, "extent": "localized"}),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Kaposiform hemangioendothelioma (contract §1c)
// ---------------------------------------------------------------------------------------------

/// Contract §1c: the labs "never decide KMP or contradict the flag"; `complicated` is KMP or
/// functional compromise, `severe` is `severe_symptoms`, an absent flag is false.
/// One row: `kasabach_merritt_phenomenon`, platelets/µL, fibrinogen g/L, `functional_compromise`,
/// `severe_symptoms` as sent (`None`: absent), then the expected `complicated` and `severe`.
type KheRow = (
    bool,
    Option<f64>,
    Option<f64>,
    Option<bool>,
    Option<bool>,
    bool,
    bool,
);

#[rustfmt::skip]
const KHE_SETTINGS: &[KheRow] = &[
    // | KMP  | platelets/µL      | fibrinogen g/L | functional_compromise | severe_symptoms | complicated | severe |
    (false,  Some(3_000.0),     Some(0.5),       None,                   None,             false,        false),
    (false,  Some(10_000.0),    Some(0.2),       Some(false),            Some(false),      false,        false),
    (true,   Some(450_000.0),   Some(3.5),       None,                   None,             true,         false),
    (true,   None,              None,            None,                   Some(true),       true,         true),
    (false,  None,              None,            Some(true),             None,             true,         false),
    (false,  Some(20_000.0),    None,            Some(true),             Some(true),       true,         true),
    (false,  None,              None,            None,                   None,             false,        false),
];

#[test]
fn khe_labs_never_change_kmp() {
    for &(kmp, platelets, fibrinogen, functional, severe, complicated, severe_out) in KHE_SETTINGS {
        let mut case = khe(json!({"kasabach_merritt_phenomenon": kmp}));
        for (field, value) in [
            ("platelets_per_ul", platelets.map(Value::from)),
            ("fibrinogen_g_per_l", fibrinogen.map(Value::from)),
            ("functional_compromise", functional.map(Value::from)),
            ("severe_symptoms", severe.map(Value::from)),
        ] {
            if let Some(value) = value {
                case = with(&case, &json!({ field: value }));
            }
        }
        let out = assessed(&case);
        assert_eq!(
            out["staging"],
            json!({"system": "KHE", "kasabach_merritt": kmp, "complicated": complicated, "severe": severe_out}),
            "{case}"
        );
        if platelets.is_some() || fibrinogen.is_some() {
            assert!(
                explanation(&out)
                    .iter()
                    .any(|l| l.contains("labs") || l.contains("platelets")),
                "labs are reported: {out:#}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stated T category against the findings (contract §1a)
// ---------------------------------------------------------------------------------------------

/// `t_category` "if size/extent also given and they disagree → error" (an error on `t_category`).
#[rustfmt::skip]
const T_DISAGREES: &[(&str, &str)] = &[
    // | t_category | findings (JSON)                                                               |
    ("T1",         r#"{"primary_site": "trunk", "tumor_size_cm": 7}"#),
    ("T3",         r#"{"primary_site": "extremity", "tumor_size_cm": 5}"#),
    ("T4",         r#"{"primary_site": "retroperitoneum", "tumor_size_cm": 15}"#),
    ("T0",         r#"{"primary_site": "trunk", "tumor_size_cm": 3}"#),
    ("T1",         r#"{"primary_site": "head_and_neck", "tumor_size_cm": 3}"#),
    ("T4a",        r#"{"primary_site": "head_and_neck", "head_and_neck_invasion": ["carotid_artery"]}"#),
    ("T1",         r#"{"primary_site": "abdominal_visceral", "visceral_extent": "beyond_organ"}"#),
    ("T2a",        r#"{"primary_site": "abdominal_visceral", "visceral_extent": "beyond_serosa"}"#),
    ("T4a",        r#"{"primary_site": "thoracic_visceral", "multifocal_sites": 3}"#),
    ("T3",         r#"{"primary_site": "thoracic_visceral", "multifocal_sites": 6}"#),
];

/// A stated broad category agrees with its subcategory; the result carries the subcategory.
#[rustfmt::skip]
const T_AGREES: &[(&str, &str, &str)] = &[
    // | t_category | findings (JSON)                                                                      | staged T |
    ("T4",         r#"{"primary_site": "abdominal_visceral", "multifocal_sites": 3}"#,                    "T4b"),
    ("T4",         r#"{"primary_site": "abdominal_visceral", "multifocal_sites": 2}"#,                    "T4a"),
    ("T4c",        r#"{"primary_site": "abdominal_visceral", "multifocal_sites": 9}"#,                    "T4c"),
    ("T2",         r#"{"primary_site": "thoracic_visceral", "visceral_extent": "serosa"}"#,               "T2a"),
    ("T2",         r#"{"primary_site": "thoracic_visceral", "visceral_extent": "beyond_serosa"}"#,        "T2b"),
    ("T4",         r#"{"primary_site": "head_and_neck", "head_and_neck_invasion": ["carotid_artery"]}"#,  "T4b"),
    ("T4",         r#"{"primary_site": "head_and_neck", "head_and_neck_invasion": ["adjoining_structures"]}"#, "T4"),
    ("T2",         r#"{"primary_site": "trunk", "tumor_size_cm": 7}"#,                                    "T2"),
    ("T4",         r#"{"primary_site": "retroperitoneum", "tumor_size_cm": 20}"#,                         "T4"),
];

#[test]
fn t_category_disagreeing_with_the_findings_is_an_error() {
    for &(stated, findings) in T_DISAGREES {
        let findings: Value = serde_json::from_str(findings).unwrap();
        let case = sts(with(
            &findings,
            &json!({"t_category": stated, "grade": "G2"}),
        ));
        // One error on t_category and one on the finding that derived the other T.
        let fields = errors_of(&case);
        assert_eq!(fields.len(), 2, "{stated} with {findings}: {fields:?}");
        assert_eq!(fields[0], "t_category", "{stated} with {findings}");
        assert!(
            findings.get(&fields[1]).is_some(),
            "{stated} with {findings}: second error on {}",
            fields[1]
        );
    }
}

#[test]
fn t_category_agreeing_with_the_findings_is_accepted() {
    for &(stated, findings, staged) in T_AGREES {
        let findings: Value = serde_json::from_str(findings).unwrap();
        let case = sts(with(
            &findings,
            &json!({"t_category": stated, "grade": "G2"}),
        ));
        assert_eq!(staging(&case)["t"], staged, "{stated} with {findings}");
    }
}

#[test]
fn grade_disagreeing_with_the_fnclcc_components_is_an_error() {
    // differentiation 3 + mitotic 3 + necrosis 2 = 8 → G3
    let components = json!({"primary_site": "trunk", "tumor_size_cm": 3, "histology": "synovial_sarcoma",
                            "mitotic_count_per_10hpf": 25, "necrosis_percent": 60});
    assert_eq!(
        errors_of(&sts(with(&components, &json!({"grade": "G1"})))),
        vec!["grade".to_owned()]
    );
    assert_eq!(
        staging(&sts(with(&components, &json!({"grade": "G3"}))))["grade"],
        "G3"
    );
    // Incomplete components: the given grade is used and fnclcc is null.
    let partial = sts(
        json!({"primary_site": "trunk", "tumor_size_cm": 3, "histology": "synovial_sarcoma",
               "mitotic_count_per_10hpf": 25, "grade": "G2"}),
    );
    let staging = staging(&partial);
    assert_eq!(
        (staging["grade"].clone(), staging["fnclcc"].clone()),
        (json!("G2"), Value::Null)
    );
}

#[test]
fn no_grade_and_incomplete_components_is_gx_with_a_warning() {
    let out = assessed(&sts(
        json!({"primary_site": "trunk", "tumor_size_cm": 3, "histology": "synovial_sarcoma",
               "necrosis_percent": 10}),
    ));
    assert_eq!(out["staging"]["grade"], "GX");
    assert_eq!(out["staging"]["fnclcc"], Value::Null);
    assert!(warning_fields(&out).contains(&"grade".to_owned()));
}

// ---------------------------------------------------------------------------------------------
// The shape of results (contract §2)
// ---------------------------------------------------------------------------------------------

const ERROR_INPUTS: &[&str] = &[
    r#"{"id": "e1", "disease": "soft_tissue_sarcoma", "primary_site": "trunk", "tumor_size_cm": 0}"#,
    r#"{"id": "e2", "disease": "kaposi_sarcoma", "subtype": "aids_associated"}"#,
    r#"{"id": "e3", "disease": "kaposiform_hemangioendothelioma"}"#,
    r#"{"id": "e4", "disease": "lymphoma"}"#,
    r#"{"id": "e5", "colour": "red"}"#,
    r#"{"id": "e6"}"#,
    r#"{"disease": "soft_tissue_sarcoma"}"#,
    r#"{"id": "e8", "disease": "soft_tissue_sarcoma", "primary_site": "trunk", "tumor_size_cm": 3, "id": "e8b"}"#,
    r#"{"id": "e9", "disease": "soft_tissue_sarcoma", "primary_site": "trunk", "tumor_size_cm": 3, "histology": "gist"}"#,
    r#"{"id": "#,
    r#"[1, 2]"#,
    r#""a string""#,
    "",
    "   ",
    "null",
];

#[test]
fn error_results_hold_only_id_and_errors() {
    for &text in ERROR_INPUTS {
        let out = assess_text(text);
        let object = out.as_object().unwrap_or_else(|| panic!("{text}: {out}"));
        assert!(object.contains_key("errors"), "{text}: {out:#}");
        assert!(
            object.keys().all(|k| k == "id" || k == "errors"),
            "{text}: only id and errors: {out:#}"
        );
        let errors = out["errors"].as_array().unwrap();
        assert!(!errors.is_empty(), "{text}");
        for e in errors {
            let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["field", "message"], "{text}: {e}");
            assert!(e["field"].is_string() || e["field"].is_null());
            assert!(!e["message"].as_str().unwrap().is_empty());
        }
    }
}

#[test]
fn error_results_echo_the_id() {
    for &(text, id) in &[
        (
            r#"{"id": "e1", "disease": "soft_tissue_sarcoma", "primary_site": "trunk", "tumor_size_cm": 0}"#,
            "e1",
        ),
        (r#"{"id": "e4", "disease": "lymphoma"}"#, "e4"),
        (r#"{"id": "e5", "colour": "red"}"#, "e5"),
    ] {
        assert_eq!(assess_text(text)["id"], id, "{text}");
    }
}

#[test]
fn malformed_json_is_one_error_without_a_field_naming_the_position() {
    for text in [r#"{"id": "#, "{oops}", r#"{"disease": "kaposi_sarcoma",}"#] {
        let out = assess_text(text);
        assert_eq!(error_fields(&out), vec![None], "{text}");
        let message = out["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("line") && message.contains("column"),
            "{text}: {message}"
        );
    }
}

fn valid_cases() -> Vec<Value> {
    vec![
        sts(
            json!({"id": "s1", "primary_site": "trunk", "tumor_size_cm": 7.5, "histology": "synovial_sarcoma",
                   "mitotic_count_per_10hpf": 12, "necrosis_percent": 20}),
        ),
        without(
            &sts(
                json!({"primary_site": "retroperitoneum", "tumor_size_cm": 20, "recurrent": true}),
            ),
            &["regional_nodes", "distant_metastasis", "assessment_date"],
        ),
        sts(
            json!({"primary_site": "head_and_neck", "head_and_neck_invasion": ["dura"], "grade": "G2", "regional_nodes": "unknown"}),
        ),
        sts(
            json!({"primary_site": "abdominal_visceral", "multifocal_sites": 4, "visceral_extent": "serosa", "grade": "G3"}),
        ),
        sts(
            json!({"primary_site": "thoracic_visceral", "t_category": "T2b", "distant_metastasis": "M1"}),
        ),
        sts(json!({"primary_site": "extremity", "t_category": "TX", "grade": "G1"})),
        sts(
            json!({"primary_site": "trunk", "t_category": "T0", "regional_nodes": "N1", "grade": "G3"}),
        ),
        sts(json!({"primary_site": "extremity", "tumor_size_cm": 4, "histology": "desmoid_tumor"})),
        aids_ks(json!({"id": "k1", "cd4_per_ul": 180, "gastrointestinal_ks": true})),
        ks(json!({"hiv_positive": false, "lives_in_endemic_region": true, "extent": "advanced"})),
        ks(json!({"subtype": "classic"})),
        ks(json!({"hiv_positive": false, "immunosuppressed": true})),
        khe(
            json!({"kasabach_merritt_phenomenon": true, "platelets_per_ul": 15000, "severe_symptoms": true}),
        ),
        khe(json!({"kasabach_merritt_phenomenon": false})),
        khe(
            json!({"kasabach_merritt_phenomenon": false, "functional_compromise": true, "progressive": true}),
        ),
    ]
}

/// Contract §2: "In every other result each key of the shape above is present, `null` where it
/// does not apply (never omitted)."
#[test]
fn every_valid_result_has_every_key_of_the_contract() {
    const RESULT_KEYS: [&str; 10] = [
        "id",
        "disease",
        "subtype",
        "staging",
        "options",
        "excluded",
        "cautions",
        "warnings",
        "explanation",
        "knowledge",
    ];
    for case in valid_cases() {
        let out = assessed(&case);
        let mut keys: Vec<&str> = out
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = RESULT_KEYS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{case}");
        assert_eq!(
            out["id"],
            case.get("id").cloned().unwrap_or(Value::Null),
            "the id is echoed"
        );
        assert_eq!(out["disease"], case["disease"]);
        for list in ["options", "excluded", "cautions", "warnings", "explanation"] {
            assert!(out[list].is_array(), "{list} is a list: {out:#}");
        }
        assert!(
            out["knowledge"]["version"].is_string() && out["knowledge"]["sources"].is_array(),
            "{out:#}"
        );
        let staging_keys: &[&str] = match out["staging"]["system"].as_str() {
            Some("AJCC8") => &[
                "system",
                "site_group",
                "t",
                "n",
                "m",
                "grade",
                "fnclcc",
                "stage_group",
                "recurrent",
            ],
            Some("ACTG") => &["system", "t", "i", "s"],
            Some("KHE") => &["system", "kasabach_merritt", "complicated", "severe"],
            _ => {
                assert_eq!(out["staging"], Value::Null, "{out:#}");
                &[]
            }
        };
        if let Some(staging) = out["staging"].as_object() {
            let mut keys: Vec<&str> = staging.keys().map(String::as_str).collect();
            keys.sort_unstable();
            let mut expected = staging_keys.to_vec();
            expected.sort_unstable();
            assert_eq!(keys, expected, "staging keys of {case}");
        }
        match out["disease"].as_str().unwrap() {
            "kaposi_sarcoma" => assert!(out["subtype"].is_string()),
            _ => assert_eq!(out["subtype"], Value::Null),
        }
    }
}

/// The words that name a staging value in an explanation line.
fn staging_mentions(key: &str, value: &Value) -> Vec<String> {
    match (key, value) {
        ("fnclcc", Value::Object(f)) => vec![format!("FNCLCC total {}", f["total"])],
        ("stage_group", Value::Null) => vec!["stage group".to_owned()],
        // A desmoid tumor: t, n, m, grade and stage_group are null for one reason, "no TNM stage".
        ("desmoid", _) => vec!["no TNM stage".to_owned()],
        ("recurrent", Value::Bool(true)) => vec!["recurrent".to_owned()],
        ("kasabach_merritt", Value::Bool(_)) => vec!["Kasabach-Merritt".to_owned()],
        ("complicated", Value::Bool(true)) => vec!["complicated".to_owned()],
        ("complicated", Value::Bool(false)) => vec!["uncomplicated".to_owned()],
        ("severe", Value::Bool(_)) => vec!["severe".to_owned()],
        (_, Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

/// Every derived staging value has at least one explanation line that names it (the STS and ACTG
/// values as printed; `stage_group: null` by the reason; KHE flags by their words).
fn assert_staging_explained(out: &Value, skip: &[&str]) {
    let lines = explanation(out);
    if let Value::Object(staging) = &out["staging"] {
        let no_tnm =
            staging.get("t") == Some(&Value::Null) && staging.get("grade") == Some(&Value::Null);
        for (key, value) in staging {
            if key == "system" || skip.contains(&key.as_str()) {
                continue;
            }
            let key = if no_tnm && value.is_null() {
                "desmoid"
            } else {
                key.as_str()
            };
            for token in staging_mentions(key, value) {
                assert!(
                    lines.iter().any(|l| mentions(l, &token)),
                    "staging.{key} = {value}: no explanation line mentions {token:?}\n{lines:#?}"
                );
            }
        }
    }
    if let Some(subtype) = out["subtype"].as_str() {
        assert!(
            lines.iter().any(|l| mentions(l, subtype)),
            "subtype {subtype} is explained: {lines:#?}"
        );
    }
    if out["staging"].is_null() {
        assert!(!lines.is_empty(), "a null staging is explained");
    }
}

#[test]
fn every_derived_staging_value_is_explained() {
    for case in valid_cases() {
        let out = assessed(&case);
        assert_staging_explained(&out, &[]);
    }
}

#[test]
fn khe_severe_false_is_explained() {
    let out = assessed(&khe(json!({"kasabach_merritt_phenomenon": true})));
    assert_eq!(out["staging"]["severe"], false);
    assert_staging_explained(&out, &[]);
}

#[test]
fn every_staged_rule_row_is_explained() {
    // Over a grid of STS cases covering every site group, N, M and grade source.
    let sites = [
        json!({"primary_site": "extremity", "tumor_size_cm": 3}),
        json!({"primary_site": "trunk", "tumor_size_cm": 12}),
        json!({"primary_site": "retroperitoneum", "tumor_size_cm": 16}),
        json!({"primary_site": "head_and_neck", "tumor_size_cm": 3, "head_and_neck_invasion": ["orbit"]}),
        json!({"primary_site": "abdominal_visceral", "visceral_extent": "beyond_serosa"}),
        json!({"primary_site": "thoracic_visceral", "multifocal_sites": 7}),
    ];
    let grades = [
        json!({}),
        json!({"grade": "G2"}),
        json!({"histology": "leiomyosarcoma", "mitotic_count_per_10hpf": 15, "necrosis_percent": 55}),
        json!({"differentiation_score": 1, "mitotic_count_per_10hpf": 0, "necrosis_percent": 0}),
    ];
    for site in &sites {
        for grade in &grades {
            for n in ["N0", "N1", "unknown"] {
                for m in ["M0", "M1"] {
                    let case = sts(with(
                        &with(site, grade),
                        &json!({"regional_nodes": n, "distant_metastasis": m}),
                    ));
                    assert_staging_explained(&assessed(&case), &[]);
                }
            }
        }
    }
    for cd4 in [50, 150, 250] {
        for extra in [
            json!({}),
            json!({"b_symptoms": true}),
            json!({"extensive_oral": true, "karnofsky": 50}),
        ] {
            assert_staging_explained(
                &assessed(&aids_ks(with(&extra, &json!({"cd4_per_ul": cd4})))),
                &[],
            );
        }
    }
}

/// Head-and-neck T4/T4a/T4b are defined by invasion and visceral T4a–c by multifocality: a size
/// or an extent cannot contradict them, but the defining finding can.
#[test]
fn invasion_and_multifocality_categories_are_contradicted_only_by_their_own_finding() {
    let hn = |extra: Value| {
        staging(&sts(with(
            &json!({"primary_site": "head_and_neck", "tumor_size_cm": 3}),
            &extra,
        )))
    };
    assert_eq!(hn(json!({"t_category": "T4a"}))["t"], "T4a");
    assert_eq!(hn(json!({"t_category": "T4b"}))["t"], "T4b");
    assert_eq!(
        error_fields(&invalid(&sts(
            json!({"primary_site": "head_and_neck", "tumor_size_cm": 3, "t_category": "T4a", "head_and_neck_invasion": ["carotid_artery"]})
        ))),
        some(&["t_category", "head_and_neck_invasion"])
    );
    assert_eq!(
        error_fields(&invalid(&sts(
            json!({"primary_site": "head_and_neck", "tumor_size_cm": 3, "t_category": "T3"})
        ))),
        some(&["t_category", "tumor_size_cm"])
    );
    let visceral = |extra: Value| {
        sts(with(
            &json!({"primary_site": "abdominal_visceral", "visceral_extent": "organ_confined"}),
            &extra,
        ))
    };
    assert_eq!(staging(&visceral(json!({"t_category": "T4b"})))["t"], "T4b");
    assert_eq!(
        error_fields(&invalid(&visceral(
            json!({"t_category": "T4b", "multifocal_sites": 2})
        ))),
        some(&["t_category", "multifocal_sites"])
    );
    assert_eq!(
        error_fields(&invalid(&visceral(json!({"t_category": "T2"})))),
        some(&["t_category", "visceral_extent"])
    );
}
