//! Output of one assessment (contract §2). Results borrow the knowledge they were computed with
//! (`'k`), so serializing a million of them copies no source metadata.

use serde::Serialize;

use super::input::{Disease, Grade, KsSubtype, MCategory, NCategory, TCategory};
use crate::date::Date;

/// One problem with the input: the path of the offending value (`None` when the input is not
/// JSON at all) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: Option<String>,
    pub message: String,
}

impl FieldError {
    /// An error on a field path.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    /// An error that belongs to no field (malformed JSON).
    pub fn whole(message: impl Into<String>) -> FieldError {
        FieldError {
            field: None,
            message: message.into(),
        }
    }
}

/// A warning: the result stands, but something was assumed or is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub field: Option<String>,
    pub message: String,
}

/// The result of assessing one case: a full assessment or the input errors.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Outcome<'k> {
    /// The case was valid.
    Assessed(Box<Assessment<'k>>),
    /// The case was not: every problem found.
    Invalid(InvalidInput),
}

impl Outcome<'_> {
    /// The assessment, if the input was valid.
    pub fn assessment(&self) -> Option<&Assessment<'_>> {
        match self {
            Outcome::Assessed(a) => Some(a),
            Outcome::Invalid(_) => None,
        }
    }

    /// True for an error result.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Outcome::Invalid(_))
    }
}

/// An error result: only the echoed `id` and the errors (contract §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvalidInput {
    pub id: Option<String>,
    pub errors: Vec<FieldError>,
}

/// A complete assessment (contract §2). Every key is always present, `null` where it does not apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'k> {
    pub id: Option<String>,
    pub disease: Disease,
    pub subtype: Option<KsSubtype>,
    pub staging: Option<Staging>,
    pub options: Vec<TreatmentOption<'k>>,
    pub excluded: Vec<ExcludedOption<'k>>,
    pub cautions: Vec<String>,
    pub warnings: Vec<Warning>,
    pub explanation: Vec<String>,
    pub knowledge: KnowledgeUsed<'k>,
}

/// Staging of one case; the shape depends on the disease's system.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Staging {
    /// AJCC 8th edition soft tissue sarcoma.
    Ajcc8(SarcomaStaging),
    /// ACTG staging of AIDS-associated Kaposi sarcoma.
    Actg(ActgStaging),
    /// Kaposiform hemangioendothelioma setting.
    Khe(KheStaging),
}

/// AJCC 8 site group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteGroup {
    TrunkExtremity,
    Retroperitoneum,
    HeadAndNeck,
    AbdominalThoracicVisceral,
}

impl SiteGroup {
    /// The contract's name of the site group.
    pub fn name(self) -> &'static str {
        match self {
            SiteGroup::TrunkExtremity => "trunk_extremity",
            SiteGroup::Retroperitoneum => "retroperitoneum",
            SiteGroup::HeadAndNeck => "head_and_neck",
            SiteGroup::AbdominalThoracicVisceral => "abdominal_thoracic_visceral",
        }
    }

    /// How the site group reads in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            SiteGroup::TrunkExtremity => "trunk/extremity",
            SiteGroup::Retroperitoneum => "retroperitoneum",
            SiteGroup::HeadAndNeck => "head and neck",
            SiteGroup::AbdominalThoracicVisceral => "abdominal/thoracic visceral organs",
        }
    }
}

/// AJCC 8 prognostic stage group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StageGroup {
    IA,
    IB,
    II,
    IIIA,
    IIIB,
    IV,
}

impl StageGroup {
    /// The stage group as printed.
    pub fn name(self) -> &'static str {
        match self {
            StageGroup::IA => "IA",
            StageGroup::IB => "IB",
            StageGroup::II => "II",
            StageGroup::IIIA => "IIIA",
            StageGroup::IIIB => "IIIB",
            StageGroup::IV => "IV",
        }
    }
}

/// The three FNCLCC component scores and their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fnclcc {
    pub differentiation: u8,
    pub mitotic: u8,
    pub necrosis: u8,
    pub total: u8,
}

/// AJCC 8 staging of a soft tissue sarcoma. For a desmoid tumor `t`, `n`, `m`, `grade` and
/// `stage_group` are all `null` (no TNM stage).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SarcomaStaging {
    pub system: &'static str,
    pub site_group: SiteGroup,
    pub t: Option<TCategory>,
    pub n: Option<NCategory>,
    pub m: Option<MCategory>,
    pub grade: Option<Grade>,
    pub fnclcc: Option<Fnclcc>,
    pub stage_group: Option<StageGroup>,
    pub recurrent: bool,
}

/// ACTG tumor (T), immune (I) and systemic illness (S) risk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActgStaging {
    pub system: &'static str,
    pub t: &'static str,
    pub i: &'static str,
    pub s: &'static str,
}

/// Kaposiform hemangioendothelioma treatment setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KheStaging {
    pub system: &'static str,
    pub kasabach_merritt: bool,
    pub complicated: bool,
    pub severe: bool,
}

/// One treatment option offered for the case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreatmentOption<'k> {
    pub id: &'k str,
    pub name: &'k str,
    pub modality: crate::options::Modality,
    pub agents: &'k [String],
    pub status: crate::options::OptionStatus,
    pub rationale: String,
    pub evidence: &'k [EvidenceRef],
    pub cautions: &'k [String],
}

/// One piece of evidence behind an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceRef {
    /// PDQ level-of-evidence label as printed (`A1` … `D`), `null` where the source prints none.
    pub level: Option<String>,
    pub pmids: Vec<String>,
    pub source: String,
    pub section: String,
}

/// An option the rules excluded for this case, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedOption<'k> {
    pub id: &'k str,
    pub reason: String,
}

/// The knowledge a result was computed with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnowledgeUsed<'k> {
    pub version: &'k str,
    pub sources: Vec<SourceStatus<'k>>,
}

/// Review status of one source the result rests on, at the assessment date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus<'k> {
    pub id: &'k str,
    pub title: &'k str,
    pub last_reviewed: Option<Date>,
    pub review_due: Option<Date>,
    pub overdue: bool,
}
