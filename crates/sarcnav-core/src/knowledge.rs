//! The knowledge an assessment is computed with, as plain owned data. The `sarcnav-knowledge`
//! crate loads it from reviewed data files; tests can build their own.

use serde::{Deserialize, Serialize};

use crate::contract::SourceStatus;
use crate::date::Date;
use crate::options::{AgentGroups, CautionEntry, OptionEntry};

/// How often a source is reviewed by its editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewFrequency {
    Monthly,
    Quarterly,
    Yearly,
}

impl ReviewFrequency {
    /// Months between reviews.
    pub fn months(self) -> u32 {
        match self {
            ReviewFrequency::Monthly => 1,
            ReviewFrequency::Quarterly => 3,
            ReviewFrequency::Yearly => 12,
        }
    }
}

/// A source document the knowledge cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, the evidence library's document id.
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    /// Date the source was last reviewed (PDQ `lastReviewed`) or published.
    pub last_reviewed: Option<Date>,
    /// `None` for a dated document that is not reviewed (a journal article).
    pub review_frequency: Option<ReviewFrequency>,
    /// Free-text note on what the source is (shown by `kb list`).
    #[serde(default)]
    pub note: Option<String>,
}

impl Source {
    /// Last review plus the review frequency; `None` for a source that is not reviewed.
    pub fn review_due(&self) -> Option<Date> {
        Some(
            self.last_reviewed?
                .add_months(self.review_frequency?.months()),
        )
    }

    /// The source's review status on `on`: overdue when its review was due before that date.
    pub fn status_on(&self, on: Date) -> SourceStatus<'_> {
        let review_due = self.review_due();
        SourceStatus {
            id: &self.id,
            title: &self.title,
            last_reviewed: self.last_reviewed,
            review_due,
            overdue: review_due.is_some_and(|due| due < on),
        }
    }
}

/// Well-known source ids the staging rules cite.
pub mod source_ids {
    /// Soft Tissue Sarcoma Treatment PDQ, health professional version (AJCC 8 tables, FNCLCC).
    pub const PDQ_STS: &str = "pdq-soft-tissue-sarcoma-treatment-hp";
    /// Kaposi Sarcoma Treatment PDQ, health professional version (ACTG staging).
    pub const PDQ_KS: &str = "pdq-kaposi-sarcoma-treatment-hp";
    /// Childhood Vascular Tumors Treatment PDQ (KHE and KMP).
    pub const PDQ_VASCULAR: &str = "pdq-childhood-vascular-tumors-treatment-hp";
}

/// Everything an assessment needs to know besides the case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Knowledge {
    /// Version of the knowledge base, reported with every result.
    pub version: String,
    pub sources: Vec<Source>,
    /// Treatment options, in source order.
    #[serde(default)]
    pub options: Vec<OptionEntry>,
    /// Case-level cautions.
    #[serde(default)]
    pub cautions: Vec<CautionEntry>,
    /// Named agent groups that restrictions refer to.
    #[serde(default)]
    pub agent_groups: AgentGroups,
}

impl Knowledge {
    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}
