//! Kaposi sarcoma: subtype inference and ACTG T/I/S staging of AIDS-associated KS.
//!
//! Source: PDQ Kaposi Sarcoma Treatment (seed 000), "Stage Information and Response Evaluation
//! for Kaposi Sarcoma › Staging", Table 1 (AIDS Clinical Trials Group staging; PMID 2671281).
//! Each variable is good risk (0) or poor risk (1); a variable is poor risk when any of its
//! poor-risk findings is present.

use crate::contract::KsSubtype;

/// Where each rule comes from, for explanation lines.
pub mod cite {
    /// ACTG staging table.
    pub const ACTG_TABLE: &str =
        "PDQ KS › Stage Information and Response Evaluation for Kaposi Sarcoma › Staging › Table 1";
    /// KS-IRIS risk factors and management.
    pub const IRIS: &str = "PDQ KS › Treatment of AIDS-Associated Kaposi Sarcoma › Management of Immune Reconstitution Inflammatory Syndrome in AIDS-Associated Kaposi Sarcoma";
    /// Subtype descriptions.
    pub const SUBTYPES: &str = "PDQ KS › General Information About Kaposi Sarcoma";
}

/// The CD4 count below which the immune variable is poor risk (Table 1).
pub const CD4_CUTOFF_PER_UL: i64 = 200;
/// The lower CD4 cutoff a later ACTG analysis found may discriminate better (PMID 9294471).
pub const CD4_ALTERNATIVE_CUTOFF_PER_UL: i64 = 150;
/// Karnofsky performance status below which the systemic variable is poor risk.
pub const KARNOFSKY_CUTOFF: i64 = 70;

/// The facts that decide the subtype when it is not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubtypeFacts {
    pub hiv_positive: bool,
    pub immunosuppressed: bool,
    pub lives_in_endemic_region: bool,
}

/// Infers the subtype (contract §1b): HIV-positive → AIDS-associated; else immunosuppressed →
/// transplant-related; else endemic region → endemic; else classic.
pub fn infer_subtype(facts: SubtypeFacts) -> KsSubtype {
    if facts.hiv_positive {
        KsSubtype::AidsAssociated
    } else if facts.immunosuppressed {
        KsSubtype::TransplantRelated
    } else if facts.lives_in_endemic_region {
        KsSubtype::Endemic
    } else {
        KsSubtype::Classic
    }
}

/// Tumor (T) findings: poor risk when any is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TumorFindings {
    pub edema_or_ulceration: bool,
    pub extensive_oral: bool,
    pub gastrointestinal_ks: bool,
    pub other_visceral_ks: bool,
}

impl TumorFindings {
    /// The poor-risk findings present, in words.
    pub fn present(&self) -> Vec<&'static str> {
        [
            (
                self.edema_or_ulceration,
                "tumor-associated edema or ulceration",
            ),
            (self.extensive_oral, "extensive oral KS"),
            (self.gastrointestinal_ks, "gastrointestinal KS"),
            (self.other_visceral_ks, "KS in other non-nodal viscera"),
        ]
        .into_iter()
        .filter_map(|(p, s)| p.then_some(s))
        .collect()
    }
}

/// Systemic illness (S) findings: poor risk when any is present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemicFindings {
    pub oi_or_thrush_history: bool,
    pub b_symptoms: bool,
    pub other_hiv_illness: bool,
    /// Karnofsky performance status, when known.
    pub karnofsky: Option<i64>,
}

impl SystemicFindings {
    /// The poor-risk findings present, in words.
    pub fn present(&self) -> Vec<String> {
        let mut found: Vec<String> = [
            (
                self.oi_or_thrush_history,
                "history of opportunistic infection and/or thrush",
            ),
            (self.b_symptoms, "\"B\" symptoms"),
            (self.other_hiv_illness, "other HIV-related illness"),
        ]
        .into_iter()
        .filter(|&(p, _)| p)
        .map(|(_, s)| s.to_owned())
        .collect();
        if let Some(kps) = self.karnofsky.filter(|&k| k < KARNOFSKY_CUTOFF) {
            found.push(format!(
                "Karnofsky performance status {kps} < {KARNOFSKY_CUTOFF}"
            ));
        }
        found
    }
}

/// ACTG tumor risk: T1 when any poor-risk tumor finding is present, else T0.
pub fn actg_t(findings: &TumorFindings) -> &'static str {
    if findings.present().is_empty() {
        "T0"
    } else {
        "T1"
    }
}

/// ACTG immune risk: I1 when CD4 < 200 cells/µL, else I0.
pub fn actg_i(cd4_per_ul: i64) -> &'static str {
    if cd4_per_ul < CD4_CUTOFF_PER_UL {
        "I1"
    } else {
        "I0"
    }
}

/// ACTG systemic illness risk: S1 when any poor-risk systemic finding is present, else S0.
pub fn actg_s(findings: &SystemicFindings) -> &'static str {
    if findings.present().is_empty() {
        "S0"
    } else {
        "S1"
    }
}
