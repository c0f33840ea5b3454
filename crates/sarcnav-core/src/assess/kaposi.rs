//! Kaposi sarcoma: subtype (given or inferred) and ACTG staging of AIDS-associated KS (contract §1b).

use super::{Notes, Staged, sources};
use crate::contract::{ActgStaging, CaseInput, Disease, KsSubtype, Staging};
use crate::options::CaseFacts;
use crate::staging::ks::{self, SubtypeFacts, SystemicFindings, TumorFindings, cite};

pub(super) fn assess<'i>(input: &'i CaseInput, notes: &mut Notes) -> Staged<'i> {
    let cd4 = notes.in_range("cd4_per_ul", input.cd4_per_ul, 0, None, " cells/µL");
    let karnofsky = karnofsky(input, notes);
    notes.in_range(
        "hiv_viral_load_copies_per_ml",
        input.hiv_viral_load_copies_per_ml,
        0.0,
        None,
        " copies/mL",
    );
    let subtype = subtype(input, notes);
    let staging = match subtype {
        Some(KsSubtype::AidsAssociated) => actg(input, cd4, karnofsky, notes),
        Some(other) => {
            notes.explain(format!(
                "staging: none — ACTG T/I/S staging applies to AIDS-associated KS only; {other} KS has no universally accepted staging system ({})",
                cite::ACTG_TABLE
            ));
            unused_actg_fields(input, other, notes);
            None
        }
        None => None,
    };
    match (subtype, input.extent) {
        (Some(KsSubtype::Classic | KsSubtype::Endemic), None) => notes.warn(
            "extent",
            "not given: only options valid for both localized and advanced classic/endemic KS are listed; give `localized` or `advanced`",
        ),
        (Some(s @ (KsSubtype::AidsAssociated | KsSubtype::TransplantRelated)), Some(_)) => {
            notes.warn("extent", format!("applies to classic and endemic KS; not used for {s} KS"));
        }
        _ => {}
    }
    let recurrent = input.recurrent == Some(true);
    if recurrent {
        notes.explain(
            "recurrent: the KS summary has no recurrence-specific chapter, so the subtype's options are listed; options whose evidence comes from previously treated patients say so (PDQ KS)",
        );
    }
    let child = child(input, subtype, notes);
    let iris_factors = if subtype == Some(KsSubtype::AidsAssociated) {
        iris_factors(input, cd4)
    } else {
        Vec::new()
    };
    if !iris_factors.is_empty() {
        notes.explain(format!(
            "KS-IRIS risk factors present: {} ({})",
            iris_factors.join("; "),
            cite::IRIS
        ));
    }
    let actg_t = match &staging {
        Some(Staging::Actg(a)) => Some(a.t),
        _ => None,
    };
    let context = match (subtype, actg_t) {
        (Some(KsSubtype::AidsAssociated), Some(t)) => format!(
            "AIDS-associated KS, ACTG {t} ({})",
            if t == "T0" { "good risk" } else { "poor risk" }
        ),
        (Some(s @ (KsSubtype::Classic | KsSubtype::Endemic)), _) => {
            let extent = input
                .extent
                .map(|e| format!("{e} disease"))
                .unwrap_or_else(|| "extent not given".to_owned());
            let age = if child {
                ", child: the childhood KS evidence"
            } else {
                ""
            };
            format!("{s} KS, {extent}{age}")
        }
        (Some(s), _) => format!("{s} KS"),
        (None, _) => String::new(),
    };
    let context = if recurrent {
        format!(
            "{context}; recurrent: the sources have no recurrence-specific KS chapter, so the subtype's options are listed"
        )
    } else {
        context
    };
    let facts = CaseFacts {
        disease: Some(Disease::KaposiSarcoma),
        ks_subtype: subtype,
        actg_t,
        ks_extent: input.extent,
        child,
        recurrent,
        iris_factors,
        context,
        ..CaseFacts::default()
    };
    Staged {
        subtype,
        staging,
        source: sources::PDQ_KS,
        facts,
    }
}

/// A child with classic or endemic KS gets the childhood evidence instead of the adult chapter
/// (contract §1b; PDQ Childhood Vascular Tumors › Kaposi Sarcoma).
fn child(input: &CaseInput, subtype: Option<KsSubtype>, notes: &mut Notes) -> bool {
    let classic_or_endemic = matches!(subtype, Some(KsSubtype::Classic | KsSubtype::Endemic));
    match input.age_years {
        Some(age) if age < 18.0 && classic_or_endemic => {
            notes.warn(
                "age_years",
                format!("a child ({age} years): the adult classic/endemic KS chapter is not applied as it stands; options come from the childhood KS evidence (PDQ Childhood Vascular Tumors › Kaposi Sarcoma), where endemic KS can be aggressive and no prospective trials exist"),
            );
            true
        }
        None if classic_or_endemic => {
            notes.warn(
                "age_years",
                "not given: the adult classic/endemic KS options are listed; for a child (< 18 years) the childhood KS evidence applies instead",
            );
            false
        }
        _ => false,
    }
}

/// KS-IRIS risk factors (PDQ KS › Management of IRIS in AIDS-Associated KS).
fn iris_factors(input: &CaseInput, cd4: Option<i64>) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(vl) = input.hiv_viral_load_copies_per_ml.filter(|&v| v > 10_000.0) {
        found.push(format!("HIV viral load {vl} copies/mL > 10,000"));
    }
    if let Some(cd4) = cd4.filter(|&c| c < 200) {
        found.push(format!("CD4 {cd4} cells/µL < 200"));
    }
    if input.plasma_hhv8_detectable == Some(true) {
        found.push("detectable plasma HHV8 DNA".to_owned());
    }
    if input.pulmonary_ks == Some(true) {
        found.push("pulmonary KS".to_owned());
    }
    if input.recent_glucocorticoids == Some(true) {
        found.push("recent glucocorticoid use".to_owned());
    }
    found
}

fn karnofsky(input: &CaseInput, notes: &mut Notes) -> Option<i64> {
    let k = notes.in_range("karnofsky", input.karnofsky, 0, Some(100), "")?;
    if k % 10 != 0 {
        notes.error(
            "karnofsky",
            format!("must be a multiple of 10 (the Karnofsky scale), got {k}"),
        );
        return None;
    }
    Some(k)
}

fn subtype(input: &CaseInput, notes: &mut Notes) -> Option<KsSubtype> {
    let facts = SubtypeFacts {
        hiv_positive: input.hiv_positive.unwrap_or(false),
        immunosuppressed: input.immunosuppressed.unwrap_or(false),
        lives_in_endemic_region: input.lives_in_endemic_region.unwrap_or(false),
    };
    let Some(subtype) = input.subtype else {
        let Some(hiv) = input.hiv_positive else {
            notes.error("hiv_positive", "required unless subtype is given: HIV status decides whether KS is AIDS-associated");
            return None;
        };
        let inferred = ks::infer_subtype(facts);
        let why = match inferred {
            KsSubtype::AidsAssociated => "HIV-positive",
            KsSubtype::TransplantRelated => "HIV-negative and immunosuppressed",
            KsSubtype::Endemic => "HIV-negative, not immunosuppressed, lives in an endemic region",
            KsSubtype::Classic => "HIV-negative, not immunosuppressed, not from an endemic region",
        };
        debug_assert!(hiv == facts.hiv_positive);
        notes.warn(
            "subtype",
            format!("not given: inferred as {inferred} ({why}); give subtype if this is wrong"),
        );
        notes.explain(format!(
            "subtype {inferred}: inferred — {why} ({})",
            cite::SUBTYPES
        ));
        return Some(inferred);
    };
    let mut consistent = true;
    match (subtype, input.hiv_positive) {
        (KsSubtype::AidsAssociated, Some(false)) => {
            notes.error("subtype", "aids_associated contradicts hiv_positive: false");
            notes.error("hiv_positive", "false contradicts subtype aids_associated");
            consistent = false;
        }
        (
            s @ (KsSubtype::Classic | KsSubtype::Endemic | KsSubtype::TransplantRelated),
            Some(true),
        ) => {
            notes.error("subtype", format!("{s} contradicts hiv_positive: true (KS in an HIV-positive person is AIDS-associated)"));
            notes.error("hiv_positive", format!("true contradicts subtype {s}"));
            consistent = false;
        }
        _ => {}
    }
    if subtype == KsSubtype::TransplantRelated && input.immunosuppressed == Some(false) {
        notes.error("subtype", "transplant_related contradicts immunosuppressed: false (transplant-related KS arises under chronic immunosuppression)");
        notes.error(
            "immunosuppressed",
            "false contradicts subtype transplant_related",
        );
        consistent = false;
    }
    if consistent {
        notes.explain(format!("subtype {subtype}: as given ({})", cite::SUBTYPES));
    }
    Some(subtype)
}

fn actg(
    input: &CaseInput,
    cd4: Option<i64>,
    karnofsky: Option<i64>,
    notes: &mut Notes,
) -> Option<Staging> {
    if input.cd4_per_ul.is_none() {
        notes.error("cd4_per_ul", "required for AIDS-associated KS: the ACTG immune (I) variable is the CD4 count (cells/µL)");
    }
    if input.karnofsky.is_none() {
        notes.warn(
            "karnofsky",
            "not given: the systemic illness (S) variable is judged on the other findings only; a Karnofsky status < 70 would make it S1",
        );
    }
    let tumor = TumorFindings {
        edema_or_ulceration: input.edema_or_ulceration.unwrap_or(false),
        extensive_oral: input.extensive_oral.unwrap_or(false),
        gastrointestinal_ks: input.gastrointestinal_ks.unwrap_or(false),
        other_visceral_ks: input.other_visceral_ks.unwrap_or(false),
    };
    let systemic = SystemicFindings {
        oi_or_thrush_history: input.oi_or_thrush_history.unwrap_or(false),
        b_symptoms: input.b_symptoms.unwrap_or(false),
        other_hiv_illness: input.other_hiv_illness.unwrap_or(false),
        karnofsky,
    };
    let cd4 = cd4?;
    let t = ks::actg_t(&tumor);
    let present = tumor.present();
    notes.explain(if present.is_empty() {
        format!("{t} (good risk): tumor confined to skin and/or lymph nodes and/or minimal oral disease — no poor-risk tumor finding ({})", cite::ACTG_TABLE)
    } else {
        format!("{t} (poor risk): {} ({})", present.join(", "), cite::ACTG_TABLE)
    });
    let i = ks::actg_i(cd4);
    notes.explain(format!(
        "{i} ({}): CD4 {cd4} cells/µL is {} {} ({})",
        if i == "I1" { "poor risk" } else { "good risk" },
        if i == "I1" { "<" } else { "≥" },
        ks::CD4_CUTOFF_PER_UL,
        cite::ACTG_TABLE
    ));
    if (ks::CD4_ALTERNATIVE_CUTOFF_PER_UL..ks::CD4_CUTOFF_PER_UL).contains(&cd4) {
        notes.explain(format!(
            "CD4 {cd4} cells/µL lies between 150 and 199: a later ACTG analysis found that 150/µL may discriminate survival better than the published 200/µL (PMID 9294471); I is staged with the published cutoff of 200 ({})",
            cite::ACTG_TABLE
        ));
    }
    let s = ks::actg_s(&systemic);
    let present = systemic.present();
    notes.explain(if present.is_empty() {
        let kps = karnofsky.map(|k| format!("Karnofsky {k} ≥ 70")).unwrap_or_else(|| "Karnofsky not given".to_owned());
        format!("{s} (good risk): no history of opportunistic infection or thrush, no \"B\" symptoms, no other HIV-related illness, {kps} ({})", cite::ACTG_TABLE)
    } else {
        format!("{s} (poor risk): {} ({})", present.join(", "), cite::ACTG_TABLE)
    });
    Some(Staging::Actg(ActgStaging {
        system: "ACTG",
        t,
        i,
        s,
    }))
}

/// Warns about ACTG findings sent for a subtype that ACTG does not stage.
fn unused_actg_fields(input: &CaseInput, subtype: KsSubtype, notes: &mut Notes) {
    let sent: Vec<&str> = [
        ("cd4_per_ul", input.cd4_per_ul.is_some()),
        ("karnofsky", input.karnofsky.is_some()),
        ("oi_or_thrush_history", input.oi_or_thrush_history.is_some()),
        ("b_symptoms", input.b_symptoms.is_some()),
        ("other_hiv_illness", input.other_hiv_illness.is_some()),
    ]
    .into_iter()
    .filter_map(|(f, set)| set.then_some(f))
    .collect();
    for field in sent {
        notes.warn(field, format!("not used: ACTG staging applies to AIDS-associated KS only, and this case is {subtype} KS"));
    }
}
