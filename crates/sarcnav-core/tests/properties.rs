//! Invariants of the staging rules, checked on generated input (proptest):
//!
//! - T never falls as the tumor grows (PDQ STS Table 1, per site group);
//! - the stage group never falls as the grade rises (G1 → G2 → G3, GX ≡ G1) or T rises, for any
//!   N and M, on trunk/extremity and in the retroperitoneum (Table 7);
//! - the FNCLCC grade never falls as any of its three components rises (Tables 5–6);
//! - no input makes `assess_json` panic: every outcome is an error result with at least one error
//!   or a complete assessment (contract §2).

mod common;

use common::*;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use sarcnav_core::agents::KNOWN_AGENTS;
use sarcnav_core::contract::{
    Disease, FIELDS, FieldKind, Grade, HeadNeckInvasion, Histology, KsExtent, KsSubtype, MCategory,
    NCategory, PrimarySite, RegionalNodes, SiteGroup, TCategory, VisceralExtent,
};
use sarcnav_core::staging::sts;
use sarcnav_core::{Context, Date, Knowledge, Outcome, assess_json};
use serde_json::{Map, Value, json};

/// T categories from least to most extensive (PDQ STS Table 1 row order; a subcategory ranks
/// above its broad category). TX and T0 are never derived from a size.
const T_ORDER: [&str; 11] = [
    "TX", "T0", "T1", "T2", "T2a", "T2b", "T3", "T4", "T4a", "T4b", "T4c",
];

fn t_rank(t: &str) -> usize {
    T_ORDER
        .iter()
        .position(|x| *x == t)
        .unwrap_or_else(|| panic!("not a T category: {t}"))
}

/// FNCLCC grade order for stage grouping: Table 7 groups GX with G1.
fn grade_rank(g: Grade) -> u8 {
    match g {
        Grade::GX | Grade::G1 => 1,
        Grade::G2 => 2,
        Grade::G3 => 3,
    }
}

/// A greatest dimension in (0, 100] cm: often on a 0.01 cm grid (which holds every cutoff of
/// Table 1), otherwise anywhere.
fn size_cm() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..=10_000).prop_map(|hundredths| f64::from(hundredths) / 100.0),
        (0.000_1f64..=100.0),
        select(vec![2.0, 4.0, 5.0, 10.0, 15.0, 100.0]),
    ]
}

/// A necrosis percentage in [0, 100], often at the edges of Table 5's rows.
fn necrosis_percent() -> impl Strategy<Value = f64> {
    prop_oneof![
        select(vec![0.0, 0.1, 49.9, 50.0, 100.0]),
        (0u32..=1000).prop_map(|tenths| f64::from(tenths) / 10.0),
        (0.0f64..=100.0),
    ]
}

/// A mitotic count per 10 HPF, often at the edges of Table 5's rows.
fn mitoses() -> impl Strategy<Value = u32> {
    prop_oneof![select(vec![0u32, 9, 10, 19, 20]), 0u32..60, any::<u32>()]
}

/// FNCLCC grade from the three components (Tables 5 and 6).
fn fnclcc_grade(differentiation: u8, mitoses: u32, necrosis: f64) -> Grade {
    sts::grade_from_total(
        differentiation + sts::mitotic_score(mitoses) + sts::necrosis_score(necrosis),
    )
}

fn sized_group() -> impl Strategy<Value = SiteGroup> {
    select(vec![
        SiteGroup::TrunkExtremity,
        SiteGroup::Retroperitoneum,
        SiteGroup::HeadAndNeck,
    ])
}

fn grouped_site() -> impl Strategy<Value = &'static str> {
    select(vec!["extremity", "trunk", "retroperitoneum"])
}

// ---------------------------------------------------------------------------------------------
// T never falls as size grows
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn t_never_falls_as_the_tumor_grows(group in sized_group(), a in size_cm(), b in size_cm()) {
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let t_small = sts::t_by_size(group, small).unwrap();
        let t_large = sts::t_by_size(group, large).unwrap();
        prop_assert!(
            t_rank(t_small.name()) <= t_rank(t_large.name()),
            "{group:?}: {small} cm → {t_small}, {large} cm → {t_large}"
        );
    }

    #[test]
    fn t_never_falls_as_the_tumor_grows_end_to_end(
        site in select(vec!["extremity", "trunk", "retroperitoneum", "head_and_neck"]),
        a in size_cm(),
        b in size_cm(),
    ) {
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let t_of = |size: f64| {
            let staging = staging(&sts(json!({"primary_site": site, "tumor_size_cm": size, "grade": "G2"})));
            staging["t"].as_str().unwrap().to_owned()
        };
        let (t_small, t_large) = (t_of(small), t_of(large));
        prop_assert!(t_rank(&t_small) <= t_rank(&t_large), "{site}: {small} cm → {t_small}, {large} cm → {t_large}");
    }
}

// ---------------------------------------------------------------------------------------------
// Stage group never falls as grade or T rises (Table 7)
// ---------------------------------------------------------------------------------------------

fn grouped_group() -> impl Strategy<Value = SiteGroup> {
    select(vec![SiteGroup::TrunkExtremity, SiteGroup::Retroperitoneum])
}

/// The T categories of trunk/extremity and retroperitoneum that every N and M group (TX and T0
/// group only with N1 or M1, and are checked below).
fn staged_t() -> impl Strategy<Value = TCategory> {
    select(vec![
        TCategory::T1,
        TCategory::T2,
        TCategory::T3,
        TCategory::T4,
    ])
}

fn any_grade() -> impl Strategy<Value = Grade> {
    select(Grade::ALL.to_vec())
}

fn any_n() -> impl Strategy<Value = NCategory> {
    select(NCategory::ALL.to_vec())
}

fn any_m() -> impl Strategy<Value = MCategory> {
    select(MCategory::ALL.to_vec())
}

proptest! {
    #[test]
    fn stage_group_never_falls_as_the_grade_rises(
        group in grouped_group(), t in staged_t(), n in any_n(), m in any_m(),
        g1 in any_grade(), g2 in any_grade(),
    ) {
        let (low, high) = if grade_rank(g1) <= grade_rank(g2) { (g1, g2) } else { (g2, g1) };
        let s_low = sts::stage_group(group, t, n, m, low).unwrap();
        let s_high = sts::stage_group(group, t, n, m, high).unwrap();
        prop_assert!(s_low <= s_high, "{group:?} {t} {n} {m}: {low} → {s_low:?}, {high} → {s_high:?}");
        if grade_rank(low) == grade_rank(high) {
            prop_assert_eq!(s_low, s_high, "GX groups with G1");
        }
    }

    #[test]
    fn stage_group_never_falls_as_t_rises(
        group in grouped_group(), t1 in staged_t(), t2 in staged_t(), n in any_n(), m in any_m(), g in any_grade(),
    ) {
        let (low, high) = if t1 <= t2 { (t1, t2) } else { (t2, t1) };
        let s_low = sts::stage_group(group, low, n, m, g).unwrap();
        let s_high = sts::stage_group(group, high, n, m, g).unwrap();
        prop_assert!(s_low <= s_high, "{group:?} {n} {m} {g}: {low} → {s_low:?}, {high} → {s_high:?}");
    }

    #[test]
    fn tx_and_t0_group_like_any_t_with_n1_or_m1(
        group in grouped_group(), t in select(vec![TCategory::TX, TCategory::T0]), other in staged_t(),
        n in any_n(), m in any_m(), g in any_grade(),
    ) {
        let stage = sts::stage_group(group, t, n, m, g);
        if n == NCategory::N0 && m == MCategory::M0 {
            prop_assert!(stage.is_err(), "{t} N0 M0 has no row in Table 7");
        } else {
            prop_assert_eq!(stage, sts::stage_group(group, other, n, m, g), "the N1 and M1 rows cover any T");
        }
    }

    /// End to end: a case that is at least as large and at least as high-grade (in every FNCLCC
    /// component) never gets a lower stage group, whatever its N and M.
    #[test]
    fn stage_group_never_falls_end_to_end(
        site in grouped_site(),
        sizes in (size_cm(), size_cm()),
        differentiation in (1u8..=3, 1u8..=3),
        mitotic in (0u32..40, 0u32..40),
        necrosis in (necrosis_percent(), necrosis_percent()),
        n in select(vec!["N0", "N1", "unknown"]),
        m in select(vec!["M0", "M1"]),
    ) {
        let lo = |(a, b): (f64, f64)| a.min(b);
        let hi = |(a, b): (f64, f64)| a.max(b);
        let case = |size: f64, d: u8, mit: u32, nec: f64| {
            sts(json!({"primary_site": site, "tumor_size_cm": size, "differentiation_score": d,
                       "mitotic_count_per_10hpf": mit, "necrosis_percent": nec,
                       "regional_nodes": n, "distant_metastasis": m}))
        };
        let low = staging(&case(lo(sizes), differentiation.0.min(differentiation.1), mitotic.0.min(mitotic.1), lo(necrosis)));
        let high = staging(&case(hi(sizes), differentiation.0.max(differentiation.1), mitotic.0.max(mitotic.1), hi(necrosis)));
        let (s_low, s_high) = (low["stage_group"].as_str().unwrap(), high["stage_group"].as_str().unwrap());
        prop_assert!(stage_rank(s_low) <= stage_rank(s_high), "{low} vs {high}");
    }
}

// ---------------------------------------------------------------------------------------------
// FNCLCC grade never falls as a component rises (Tables 5 and 6)
// ---------------------------------------------------------------------------------------------

proptest! {
    #[test]
    fn fnclcc_grade_never_falls_as_a_component_rises(
        d in (1u8..=3, 1u8..=3),
        mit in (mitoses(), mitoses()),
        nec in (necrosis_percent(), necrosis_percent()),
    ) {
        let low = fnclcc_grade(d.0.min(d.1), mit.0.min(mit.1), nec.0.min(nec.1));
        let high = fnclcc_grade(d.0.max(d.1), mit.0.max(mit.1), nec.0.max(nec.1));
        prop_assert!(grade_rank(low) <= grade_rank(high), "{d:?} {mit:?} {nec:?}: {low} > {high}");
        prop_assert!(low != Grade::GX && high != Grade::GX, "three known components never give GX");
    }

    #[test]
    fn fnclcc_grade_never_falls_as_one_component_rises_end_to_end(
        base in (1u8..=3, 0u32..40, necrosis_percent()),
        component in 0usize..3,
        step in (0u8..=2, 0u32..30, 0.0f64..=100.0),
    ) {
        let (d, mit, nec) = base;
        let raised = match component {
            0 => ((d + step.0).min(3), mit, nec),
            1 => (d, mit + step.1, nec),
            _ => (d, mit, (nec + step.2).min(100.0)),
        };
        let grade_of = |(d, mit, nec): (u8, u32, f64)| {
            let staging = staging(&sts(json!({"primary_site": "trunk", "tumor_size_cm": 3, "differentiation_score": d,
                                              "mitotic_count_per_10hpf": mit, "necrosis_percent": nec})));
            Grade::from_name(staging["grade"].as_str().unwrap()).unwrap()
        };
        let (before, after) = (grade_of((d, mit, nec)), grade_of(raised));
        prop_assert!(grade_rank(before) <= grade_rank(after), "{:?} → {before}, {raised:?} → {after}", (d, mit, nec));
    }
}

// ---------------------------------------------------------------------------------------------
// No input makes assess_json panic
// ---------------------------------------------------------------------------------------------

/// Asserts the outcome invariant of contract §2 and returns whether the input was valid.
fn check_outcome(text: &str) -> Result<bool, TestCaseError> {
    let knowledge = Knowledge::default();
    let ctx = Context {
        knowledge: &knowledge,
        today: Date::parse(TODAY).unwrap(),
    };
    let outcome = assess_json(text, &ctx);
    let json = serde_json::to_value(&outcome).expect("an outcome always serializes");
    match &outcome {
        Outcome::Invalid(invalid) => {
            prop_assert!(
                !invalid.errors.is_empty(),
                "an error result without errors for {text:?}"
            );
            let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
            prop_assert!(keys.iter().all(|k| *k == "id" || *k == "errors"), "{json}");
            for e in &invalid.errors {
                prop_assert!(!e.message.is_empty(), "an empty message for {text:?}");
            }
            Ok(false)
        }
        Outcome::Assessed(_) => {
            for key in [
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
            ] {
                prop_assert!(
                    json.get(key).is_some(),
                    "{key} missing for {text:?}: {json}"
                );
            }
            Ok(true)
        }
    }
}

/// Values of every JSON type, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        (-200.0f64..200.0).prop_map(|f| json!(f)),
        ".{0,20}".prop_map(Value::String),
        select(all_vocabulary()).prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|&v| name(v).to_owned()).collect()
}

/// The contract vocabulary of a text or list field (§1, §4, §5).
fn vocabulary(field: &str) -> Vec<String> {
    match field {
        "disease" => names(Disease::ALL, Disease::name),
        "primary_site" => names(PrimarySite::ALL, PrimarySite::name),
        "t_category" => names(TCategory::ALL, TCategory::name),
        "head_and_neck_invasion" => names(HeadNeckInvasion::ALL, HeadNeckInvasion::name),
        "visceral_extent" => names(VisceralExtent::ALL, VisceralExtent::name),
        "regional_nodes" => names(RegionalNodes::ALL, RegionalNodes::name),
        "distant_metastasis" => names(MCategory::ALL, MCategory::name),
        "histology" => names(Histology::ALL, Histology::name),
        "grade" => names(Grade::ALL, Grade::name),
        "subtype" => names(KsSubtype::ALL, KsSubtype::name),
        "extent" => names(KsExtent::ALL, KsExtent::name),
        "prior_therapies" => KNOWN_AGENTS.iter().map(|a| (*a).to_owned()).collect(),
        "assessment_date" => [
            "2026-01-15",
            "2025-12-30",
            "2026-11-22",
            "2024-02-29",
            "0001-01-01",
            "9999-12-31",
        ]
        .map(str::to_owned)
        .to_vec(),
        _ => vec!["case-1".to_owned(), String::new(), "ü→∑".to_owned()],
    }
}

/// Near misses of the vocabulary.
fn near_misses() -> Vec<String> {
    [
        "",
        "T5",
        "2026-02-30",
        "Trunk",
        "doxorubicine",
        "n0",
        "G4",
        "kaposi",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn all_vocabulary() -> Vec<String> {
    let mut words: Vec<String> = FIELDS
        .iter()
        .flat_map(|(name, _, _)| vocabulary(name))
        .collect();
    words.extend(near_misses());
    words
}

/// An in-range number for a numeric field (contract §1).
fn in_range(name: &str) -> BoxedStrategy<Value> {
    match name {
        "tumor_size_cm" => size_cm().prop_map(|f| json!(f)).boxed(),
        "necrosis_percent" => necrosis_percent().prop_map(|f| json!(f)).boxed(),
        "age_years" => (0u32..=120).prop_map(Value::from).boxed(),
        "multifocal_sites" => (1i64..10).prop_map(Value::from).boxed(),
        "differentiation_score" => (1i64..=3).prop_map(Value::from).boxed(),
        "mitotic_count_per_10hpf" => mitoses().prop_map(Value::from).boxed(),
        "cd4_per_ul" => prop_oneof![0i64..1000, select(vec![149i64, 150, 199, 200])]
            .prop_map(Value::from)
            .boxed(),
        "karnofsky" => (0i64..=10).prop_map(|k| Value::from(k * 10)).boxed(),
        _ => (0.0f64..1e6).prop_map(|f| json!(f)).boxed(),
    }
}

/// Values at or past the edges of the ranges, and near misses of the vocabulary.
fn edge_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(vec![
            json!(0),
            json!(-1),
            json!(0.1),
            json!(49.9),
            json!(100.01),
            json!(120.5),
            json!(65),
            json!(4),
            json!(1e300)
        ]),
        select(near_misses()).prop_map(Value::from),
        select(vec![
            json!(["orbit", "nose"]),
            json!(["adriamycin"]),
            json!([1]),
            json!("doxorubicin")
        ]),
    ]
}

/// A value for one contract field: mostly valid for its kind, range and vocabulary; sometimes at
/// an edge; sometimes any JSON at all.
fn field_value(name: &'static str, kind: FieldKind) -> BoxedStrategy<Value> {
    let valid = match kind {
        FieldKind::Text => select(vocabulary(name)).prop_map(Value::from).boxed(),
        FieldKind::Number | FieldKind::Integer => in_range(name),
        FieldKind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        FieldKind::List => {
            prop::collection::vec(select(vocabulary(name)).prop_map(Value::from), 0..4)
                .prop_map(Value::Array)
                .boxed()
        }
    };
    prop_oneof![24 => valid, 2 => edge_value(), 1 => any_json()].boxed()
}

/// The fields a disease needs (contract §1), sent with almost every generated case of it.
fn required(disease: Disease) -> &'static [&'static str] {
    match disease {
        Disease::SoftTissueSarcoma => &["primary_site", "tumor_size_cm", "visceral_extent"],
        Disease::KaposiSarcoma => &["hiv_positive", "cd4_per_ul"],
        Disease::KaposiformHemangioendothelioma => &["kasabach_merritt_phenomenon"],
    }
}

/// One contract field with a value.
fn contract_field(
    fields: Vec<(&'static str, FieldKind)>,
) -> impl Strategy<Value = (String, Value)> {
    select(fields).prop_flat_map(|(name, kind)| (Just(name.to_owned()), field_value(name, kind)))
}

/// A case object built from the contract's field names: mostly the fields of one disease (so
/// that many cases are valid and reach the rules), sometimes a field of another disease or an
/// unknown key.
fn case_object() -> impl Strategy<Value = Value> {
    select(Disease::ALL.to_vec()).prop_flat_map(|disease| {
        let own: Vec<(&'static str, FieldKind)> = FIELDS
            .iter()
            .filter(|(name, _, owner)| *name != "disease" && owner.is_none_or(|o| o == disease))
            .map(|&(name, kind, _)| (name, kind))
            .collect();
        let every: Vec<(&'static str, FieldKind)> =
            FIELDS.iter().map(|&(name, kind, _)| (name, kind)).collect();
        let needed: Vec<(&'static str, FieldKind)> = own
            .iter()
            .copied()
            .filter(|(name, _)| required(disease).contains(name))
            .collect();
        (
            Just(disease),
            prop::collection::vec(
                contract_field(needed.clone()),
                needed.len()..=needed.len() + 1,
            ),
            prop::collection::vec(contract_field(own), 0..8),
            prop::option::weighted(0.15, contract_field(every)),
            prop::option::weighted(0.05, ("[a-z_]{1,16}", any_json())),
            prop::option::weighted(0.9, Just(())),
        )
            .prop_map(
                |(disease, needed, fields, foreign, unknown, with_disease)| {
                    let mut map = Map::new();
                    if with_disease.is_some() {
                        map.insert("disease".to_owned(), json!(disease.name()));
                    }
                    for (k, v) in needed
                        .into_iter()
                        .chain(fields)
                        .chain(foreign)
                        .chain(unknown)
                    {
                        map.insert(k, v);
                    }
                    Value::Object(map)
                },
            )
    })
}

/// JSON-ish text: valid case text with a few characters inserted, deleted or replaced.
fn mangled_case_text() -> impl Strategy<Value = String> {
    let edit = (
        any::<prop::sample::Index>(),
        0u8..3,
        select(vec![
            '{', '}', '[', ']', '"', ':', ',', '1', '-', 'e', '.', ' ', '\\', 'n', 'é',
        ]),
    );
    (case_object(), prop::collection::vec(edit, 1..4)).prop_map(|(case, edits)| {
        let mut chars: Vec<char> = case.to_string().chars().collect();
        for (at, op, c) in edits {
            let i = at.index(chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        chars.into_iter().collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check_outcome(&text)?;
    }

    #[test]
    fn json_ish_strings_never_panic(text in r#"[{}\[\]":,0-9a-z_ .\-]{0,80}"#) {
        check_outcome(&text)?;
    }

    #[test]
    fn mangled_cases_never_panic(text in mangled_case_text()) {
        check_outcome(&text)?;
    }

    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        check_outcome(&value.to_string())?;
    }

    #[test]
    fn arbitrary_case_objects_never_panic(case in case_object()) {
        let text = case.to_string();
        check_outcome(&text)?;
        // Contract §2: in an error result for a JSON object, every error names a field — an input
        // key (the offending value, e.g. `head_and_neck_invasion[1]`) or a missing contract field.
        let out = assess_text(&text);
        if out.get("errors").is_some() {
            for field in error_fields(&out) {
                let field = field.unwrap_or_else(|| panic!("an error without a field for {text}: {out}"));
                let top = field.split(['[', '.']).next().unwrap();
                prop_assert!(
                    case.get(top).is_some() || FIELDS.iter().any(|(name, _, _)| *name == top),
                    "error field {field} is neither an input key nor a contract field: {out}"
                );
            }
        }
    }
}

/// The generated case objects reach both outcomes often, so the property above is not vacuous.
#[test]
fn generated_cases_reach_both_outcomes() {
    let mut runner = TestRunner::deterministic();
    let strategy = case_object();
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..400 {
        let case = strategy.new_tree(&mut runner).unwrap().current();
        if check_outcome(&case.to_string()).unwrap() {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(
        valid >= 20 && invalid >= 20,
        "valid {valid}, invalid {invalid}"
    );
}
