//! Kaposi sarcoma: subtype (given or inferred) and ACTG staging of AIDS-associated KS (contract §1b).

use super::{Notes, Staged, sources};
use crate::contract::{ActgStaging, CaseInput, KsSubtype, Staging};
use crate::staging::ks::{self, SubtypeFacts, SystemicFindings, TumorFindings, cite};

pub(super) fn assess(input: &CaseInput, notes: &mut Notes) -> Staged {
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
    if input.recurrent == Some(true) {
        notes.explain("recurrent: the KS summary has no recurrence-specific chapter; the subtype's options apply (PDQ KS)");
    }
    Staged {
        subtype,
        staging,
        source: sources::PDQ_KS,
    }
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
            consistent = false;
        }
        (
            s @ (KsSubtype::Classic | KsSubtype::Endemic | KsSubtype::TransplantRelated),
            Some(true),
        ) => {
            notes.error("subtype", format!("{s} contradicts hiv_positive: true (KS in an HIV-positive person is AIDS-associated)"));
            consistent = false;
        }
        _ => {}
    }
    if subtype == KsSubtype::TransplantRelated && input.immunosuppressed == Some(false) {
        notes.error("subtype", "transplant_related contradicts immunosuppressed: false (transplant-related KS arises under chronic immunosuppression)");
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
