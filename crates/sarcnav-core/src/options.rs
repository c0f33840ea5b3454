//! Treatment options as data. An [`OptionEntry`] says what an option is, when it applies
//! ([`Conditions`] over the staged case), what restricts it ([`Restriction`], which moves it to
//! `excluded` with a reason) and the evidence it rests on. [`recommend`] evaluates every entry
//! against a case's [`CaseFacts`]; there is no per-option code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::contract::input::wire_enum;
use crate::contract::{
    Disease, EvidenceRef, ExcludedOption, Histology, KsExtent, KsSubtype, PrimarySite, SiteGroup,
    TreatmentOption,
};
use crate::knowledge::Knowledge;

wire_enum! {
    /// What kind of treatment an option is (contract §5).
    Modality {
        Surgery = "surgery",
        Radiation = "radiation",
        SurgeryAndRadiation = "surgery_and_radiation",
        Chemotherapy = "chemotherapy",
        TargetedTherapy = "targeted_therapy",
        Immunotherapy = "immunotherapy",
        AntiretroviralTherapy = "antiretroviral_therapy",
        LocalTherapy = "local_therapy",
        ImmunosuppressionChange = "immunosuppression_change",
        Observation = "observation",
        ClinicalTrial = "clinical_trial",
        Combined = "combined",
    }
}

wire_enum! {
    /// Whether an option is a standard option or under clinical evaluation (contract §5).
    OptionStatus {
        Standard = "standard",
        UnderClinicalEvaluation = "under_clinical_evaluation",
    }
}

impl OptionStatus {
    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            OptionStatus::Standard => "standard",
            OptionStatus::UnderClinicalEvaluation => "under clinical evaluation",
        }
    }
}

wire_enum! {
    /// The soft tissue sarcoma treatment chapter a case falls in (contract §5), plus the desmoid
    /// section. A recurrent case with M1 is in both `recurrent` and `recurrent_metastatic`.
    TreatmentCategory {
        StageI = "stage_i",
        StageIiIiiN0 = "stage_ii_iii_n0",
        StageIiiN1 = "stage_iii_n1",
        StageIv = "stage_iv",
        Recurrent = "recurrent",
        RecurrentMetastatic = "recurrent_metastatic",
        Desmoid = "desmoid",
    }
}

impl TreatmentCategory {
    /// The PDQ chapter in words.
    pub fn label(self) -> &'static str {
        match self {
            TreatmentCategory::StageI => "stage I",
            TreatmentCategory::StageIiIiiN0 => "stage II and node-negative stage III",
            TreatmentCategory::StageIiiN1 => "advanced stage III (N1)",
            TreatmentCategory::StageIv => "stage IV",
            TreatmentCategory::Recurrent => "recurrent",
            TreatmentCategory::RecurrentMetastatic => {
                "recurrent with distant metastasis (stage IV histology-specific agents too)"
            }
            TreatmentCategory::Desmoid => "desmoid tumor",
        }
    }
}

/// When an option applies. Every condition that is present must hold; an absent one holds for
/// every case. List conditions hold when the case's value is one of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    pub disease: Option<Disease>,
    pub category: Option<Vec<TreatmentCategory>>,
    pub site_group: Option<Vec<SiteGroup>>,
    pub primary_site: Option<Vec<PrimarySite>>,
    pub histology: Option<Vec<Histology>>,
    pub ntrk_fusion: Option<bool>,
    pub ks_subtype: Option<Vec<KsSubtype>>,
    /// ACTG tumor risk, `T0` or `T1` (AIDS-associated KS).
    pub actg_t: Option<Vec<String>>,
    /// Classic/endemic KS extent. When the case gives none, only options listing both apply.
    pub ks_extent: Option<Vec<KsExtent>>,
    /// `age_years` < 18.
    pub child: Option<bool>,
    pub kasabach_merritt: Option<bool>,
    pub complicated: Option<bool>,
    /// At least one KS-IRIS risk factor is present.
    pub iris_risk: Option<bool>,
}

/// A rule that excludes an otherwise applicable option, with the reason shown in `excluded`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Restriction {
    /// Needs a prior therapy from an agent group (e.g. "after an anthracycline").
    PriorAnyOf { group: String, reason: String },
    /// Only for these histologies (an unknown histology does not qualify).
    HistologyIn {
        histologies: Vec<Histology>,
        reason: String,
    },
    /// Not for these histologies (an unknown histology cannot be cleared).
    HistologyNotIn {
        histologies: Vec<Histology>,
        reason: String,
    },
    /// First-line therapy: not after a prior therapy from an agent group.
    NoPriorOf { group: String, reason: String },
    /// Not when every agent of the option was already given.
    NotAlreadyReceived { reason: String },
}

/// One treatment option of the knowledge base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionEntry {
    pub id: String,
    pub name: String,
    pub modality: Modality,
    #[serde(default)]
    pub agents: Vec<String>,
    pub status: OptionStatus,
    /// What the option is and why the source gives it, in sarcnav's words.
    pub rationale: String,
    #[serde(default)]
    pub when: Conditions,
    #[serde(default)]
    pub restrictions: Vec<Restriction>,
    pub evidence: Vec<EvidenceRef>,
    #[serde(default)]
    pub cautions: Vec<String>,
    /// The evidence comes from previously treated patients (said for recurrent disease).
    #[serde(default)]
    pub pretreated_evidence: bool,
}

/// A caution that applies to the case as a whole (e.g. KS-IRIS and glucocorticoids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CautionEntry {
    pub id: String,
    #[serde(default)]
    pub when: Conditions,
    /// The caution; `{iris_factors}` is replaced by the risk factors found.
    pub message: String,
    pub source: String,
    pub section: String,
}

/// What the option rules need to know about a staged case.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFacts<'a> {
    pub disease: Option<Disease>,
    pub categories: Vec<TreatmentCategory>,
    pub site_group: Option<SiteGroup>,
    pub primary_site: Option<PrimarySite>,
    pub histology: Option<Histology>,
    pub ntrk_fusion: bool,
    pub prior_therapies: &'a [String],
    pub ks_subtype: Option<KsSubtype>,
    pub actg_t: Option<&'static str>,
    pub ks_extent: Option<KsExtent>,
    pub child: bool,
    pub kasabach_merritt: Option<bool>,
    pub complicated: Option<bool>,
    pub recurrent: bool,
    /// KS-IRIS risk factors present, in words.
    pub iris_factors: Vec<String>,
    /// Why the options apply, appended to each rationale ("treatment category stage IV: M1").
    pub context: String,
}

fn within<T: PartialEq>(list: &Option<Vec<T>>, value: Option<T>) -> bool {
    match list {
        None => true,
        Some(list) => value.is_some_and(|v| list.contains(&v)),
    }
}

fn flag(want: Option<bool>, value: Option<bool>) -> bool {
    want.is_none_or(|w| value == Some(w))
}

impl Conditions {
    /// Whether every present condition holds for the case.
    pub fn hold(&self, facts: &CaseFacts<'_>) -> bool {
        let category = match &self.category {
            None => true,
            Some(list) => facts.categories.iter().any(|c| list.contains(c)),
        };
        let extent = match (&self.ks_extent, facts.ks_extent) {
            (None, _) => true,
            (Some(list), Some(e)) => list.contains(&e),
            (Some(list), None) => {
                list.contains(&KsExtent::Localized) && list.contains(&KsExtent::Advanced)
            }
        };
        let actg = match (&self.actg_t, facts.actg_t) {
            (None, _) => true,
            (Some(list), Some(t)) => list.iter().any(|x| x == t),
            (Some(_), None) => false,
        };
        self.disease.is_none_or(|d| facts.disease == Some(d))
            && category
            && within(&self.site_group, facts.site_group)
            && within(&self.primary_site, facts.primary_site)
            && within(&self.histology, facts.histology)
            && flag(self.ntrk_fusion, Some(facts.ntrk_fusion))
            && within(&self.ks_subtype, facts.ks_subtype)
            && actg
            && extent
            && flag(self.child, Some(facts.child))
            && flag(self.kasabach_merritt, facts.kasabach_merritt)
            && flag(self.complicated, facts.complicated)
            && flag(self.iris_risk, Some(!facts.iris_factors.is_empty()))
    }
}

/// The options, exclusions and cautions for one case, and the sources they cite.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recommendation<'k> {
    pub options: Vec<TreatmentOption<'k>>,
    pub excluded: Vec<ExcludedOption<'k>>,
    pub cautions: Vec<String>,
    /// Source ids cited, first-seen order, no repeats.
    pub sources: Vec<&'k str>,
}

/// Why a restriction excludes the option for this case, or `None` when it does not.
fn restriction_fails(
    r: &Restriction,
    entry: &OptionEntry,
    facts: &CaseFacts<'_>,
    kb: &Knowledge,
) -> Option<String> {
    let prior = facts.prior_therapies;
    match r {
        Restriction::PriorAnyOf { group, reason } => {
            let members = kb.agent_groups.get(group).map(Vec::as_slice).unwrap_or(&[]);
            if prior.iter().any(|p| members.contains(p)) {
                None
            } else if prior.is_empty() {
                Some(format!(
                    "{reason} — no prior therapy given (prior_therapies)"
                ))
            } else {
                Some(format!("{reason} — prior_therapies: {}", prior.join(", ")))
            }
        }
        Restriction::NoPriorOf { group, reason } => {
            let members = kb.agent_groups.get(group).map(Vec::as_slice).unwrap_or(&[]);
            let given: Vec<&str> = prior
                .iter()
                .filter(|p| members.contains(p))
                .map(String::as_str)
                .collect();
            (!given.is_empty())
                .then(|| format!("{reason} — prior therapy given: {}", given.join(", ")))
        }
        Restriction::HistologyIn {
            histologies,
            reason,
        } => match facts.histology {
            Some(h) if histologies.contains(&h) => None,
            Some(h) => Some(format!("{reason} — histology is {h}")),
            None => Some(format!("{reason} — histology not given")),
        },
        Restriction::HistologyNotIn {
            histologies,
            reason,
        } => match facts.histology {
            Some(h) if !histologies.contains(&h) => None,
            Some(h) => Some(format!("{reason} — histology is {h}")),
            None => Some(format!(
                "{reason} — histology not given, so it cannot be ruled out"
            )),
        },
        Restriction::NotAlreadyReceived { reason } => {
            let all_given =
                !entry.agents.is_empty() && entry.agents.iter().all(|a| prior.contains(a));
            all_given.then(|| format!("{reason} — already received: {}", entry.agents.join(", ")))
        }
    }
}

fn push_source<'k>(sources: &mut Vec<&'k str>, id: &'k str) {
    if !sources.contains(&id) {
        sources.push(id);
    }
}

/// Evaluates every option and caution entry of the knowledge against the case. Options come
/// standard first, then under clinical evaluation, each group in knowledge (source) order.
pub fn recommend<'k>(kb: &'k Knowledge, facts: &CaseFacts<'_>) -> Recommendation<'k> {
    let mut rec = Recommendation::default();
    for status in [
        OptionStatus::Standard,
        OptionStatus::UnderClinicalEvaluation,
    ] {
        for entry in kb
            .options
            .iter()
            .filter(|e| e.status == status && e.when.hold(facts))
        {
            if let Some(reason) = entry
                .restrictions
                .iter()
                .find_map(|r| restriction_fails(r, entry, facts, kb))
            {
                rec.excluded.push(ExcludedOption {
                    id: &entry.id,
                    reason,
                });
                continue;
            }
            let mut rationale =
                String::with_capacity(entry.rationale.len() + facts.context.len() + 32);
            rationale.push_str(&entry.rationale);
            if !facts.context.is_empty() {
                rationale.push_str(" Applies here: ");
                rationale.push_str(&facts.context);
                rationale.push('.');
            }
            if facts.recurrent && entry.pretreated_evidence {
                rationale.push_str(" Its evidence comes from previously treated patients.");
            }
            for e in &entry.evidence {
                push_source(&mut rec.sources, &e.source);
            }
            rec.options.push(TreatmentOption {
                id: &entry.id,
                name: &entry.name,
                modality: entry.modality,
                agents: &entry.agents,
                status: entry.status,
                rationale,
                evidence: &entry.evidence,
                cautions: &entry.cautions,
            });
        }
    }
    for caution in kb.cautions.iter().filter(|c| c.when.hold(facts)) {
        rec.cautions.push(
            caution
                .message
                .replace("{iris_factors}", &facts.iris_factors.join("; ")),
        );
        push_source(&mut rec.sources, &caution.source);
    }
    rec
}

/// Named agent groups (`anthracycline`, `chemotherapy`, …) used by restrictions.
pub type AgentGroups = BTreeMap<String, Vec<String>>;
