//! Kaposiform hemangioendothelioma: KMP status and the treatment setting (contract §1c).

use super::{Notes, Staged, sources};
use crate::contract::{CaseInput, Disease, KheStaging, Staging};
use crate::options::CaseFacts;
use crate::staging::khe::{self, cite};

pub(super) fn assess<'i>(input: &'i CaseInput, notes: &mut Notes) -> Staged<'i> {
    let platelets = notes.in_range("platelets_per_ul", input.platelets_per_ul, 0.0, None, "/µL");
    let fibrinogen = notes.in_range(
        "fibrinogen_g_per_l",
        input.fibrinogen_g_per_l,
        0.0,
        None,
        " g/L",
    );
    let Some(kmp) = input.kasabach_merritt_phenomenon else {
        notes.error(
            "kasabach_merritt_phenomenon",
            "required: whether Kasabach-Merritt phenomenon is present decides the treatment setting, and laboratory values cannot decide it (the sources give no diagnostic cutoffs)",
        );
        return Staged {
            subtype: None,
            staging: None,
            source: sources::PDQ_VASCULAR,
            facts: CaseFacts::default(),
        };
    };
    let functional = input.functional_compromise.unwrap_or(false);
    let severe = input.severe_symptoms.unwrap_or(false);
    let complicated = khe::complicated(kmp, functional);
    notes.explain(format!(
        "Kasabach-Merritt phenomenon: {} (as given in kasabach_merritt_phenomenon)",
        if kmp { "present" } else { "absent" }
    ));
    let labs: Vec<String> = [
        platelets.map(|p| format!("platelets {p}/µL")),
        fibrinogen.map(|f| format!("fibrinogen {f} g/L")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !labs.is_empty() {
        notes.explain(format!(
            "labs reported: {} — the sources give no diagnostic cutoffs for KMP (they describe platelets of 3,000–60,000/µL and fibrinogen < 1 g/L as typical findings), so these values do not decide KMP ({})",
            labs.join(", "),
            cite::KMP_LABS
        ));
    }
    let why = match (kmp, functional) {
        (true, true) => "Kasabach-Merritt phenomenon and functional compromise",
        (true, false) => "Kasabach-Merritt phenomenon",
        (false, true) => "functional compromise",
        (false, false) => "neither Kasabach-Merritt phenomenon nor functional compromise",
    };
    notes.explain(format!(
        "{}: {why} ({})",
        if complicated {
            "complicated KHE"
        } else {
            "uncomplicated KHE"
        },
        cite::SETTINGS
    ));
    if severe {
        notes.explain("severe: severe (life-threatening) symptoms or complications reported (severe_symptoms)");
    } else {
        notes.explain("not severe: no severe (life-threatening) symptoms or complications reported (severe_symptoms absent or false)");
    }
    if severe && !complicated {
        notes.warn(
            "severe_symptoms",
            "severe symptoms without Kasabach-Merritt phenomenon or functional compromise: the setting stays uncomplicated as the flags say; check the flags",
        );
    }
    if input.progressive == Some(true) {
        notes.explain("progressive lesion reported (progressive)");
    }
    let facts = CaseFacts {
        disease: Some(Disease::KaposiformHemangioendothelioma),
        kasabach_merritt: Some(kmp),
        complicated: Some(complicated),
        child: input.age_years.is_some_and(|a| a < 18.0),
        context: format!(
            "{} KHE ({why})",
            if complicated {
                "complicated"
            } else {
                "uncomplicated"
            }
        ),
        ..CaseFacts::default()
    };
    Staged {
        facts,
        subtype: None,
        staging: Some(Staging::Khe(KheStaging {
            system: "KHE",
            kasabach_merritt: kmp,
            complicated,
            severe,
        })),
        source: sources::PDQ_VASCULAR,
    }
}
