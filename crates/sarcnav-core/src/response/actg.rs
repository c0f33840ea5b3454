//! ACTG response criteria for Kaposi sarcoma, as contract §6b states them (seed 000, PDQ Kaposi
//! Sarcoma Treatment › Response Evaluation; PMID 2671281; clinical-notes §4.3).
//!
//! Every comparison is against the baseline; counts and sums of products are compared exactly
//! by cross-multiplying (`spd > 1.25 × baseline` is `4 × spd > 5 × baseline`).

use serde::Deserialize;

use super::exact::{Percent, Quantity};
use super::{Measurement, Response, Timepoint, relation};
use crate::contract::FieldError;
use crate::date::Date;

/// One ACTG assessment of Kaposi sarcoma (§6b).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActgAssessment {
    /// The date of the examination.
    pub date: Date,
    /// Number of KS lesions.
    pub lesion_count: u64,
    /// Number of nodular or plaque-like (raised) lesions.
    pub nodular_or_plaque_count: u64,
    /// Sum of products of the largest perpendicular diameters of up to five marker lesions, mm².
    pub spd_mm2: Quantity,
    /// Tumor-related edema.
    pub tumor_edema: TumorEdema,
    /// New mucocutaneous lesions or new sites of disease since baseline.
    pub new_sites: bool,
    /// Visceral KS present at this assessment.
    pub visceral_disease: bool,
    /// Any detectable KS.
    pub residual_disease: bool,
}

/// Tumor-related edema at an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TumorEdema {
    /// No tumor-related edema.
    None,
    /// Edema, not worse than before.
    Present,
    /// Worsening edema.
    Worse,
}

// §6b CR: free of disease and edema "at an earlier follow-up at least 28 days before it"
// (seed 000: "for at least 4 weeks").
const CR_MIN_DAYS: i64 = 28;

/// Validates every assessment (collecting every error) and returns the timepoints of the
/// follow-ups that can be evaluated: after a valid baseline, up to the first invalid or
/// out-of-order assessment.
pub(super) fn evaluate(
    assessments: &[ActgAssessment],
    ordered: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<Timepoint> {
    let mut usable = 0;
    let mut all_valid_so_far = true;
    for (k, assessment) in assessments.iter().enumerate() {
        let valid = validate(k, assessment, errors);
        all_valid_so_far &= valid && k < ordered;
        if all_valid_so_far {
            usable = k + 1;
        }
    }
    let course = &assessments[..usable];
    (1..course.len()).map(|k| timepoint(course, k)).collect()
}

/// §6b: counts and `spd_mm2` ≥ 0 (enforced by their types); "the baseline must show disease
/// (`residual_disease` true, `lesion_count` ≥ 1)". Also rejected: new sites or worse edema at
/// the baseline (nothing to compare with), and "no residual disease" beside recorded disease.
fn validate(k: usize, a: &ActgAssessment, errors: &mut Vec<FieldError>) -> bool {
    let before = errors.len();
    let at = format!("assessments[{k}]");
    if k == 0 {
        if !a.residual_disease {
            errors.push(FieldError::new(
                format!("{at}.residual_disease"),
                "must be true at baseline: the baseline must show disease to evaluate a response",
            ));
        }
        if a.lesion_count == 0 {
            errors.push(FieldError::new(
                format!("{at}.lesion_count"),
                "must be at least 1 at baseline: the baseline must show disease",
            ));
        }
        if a.new_sites {
            errors.push(FieldError::new(
                format!("{at}.new_sites"),
                "must be false at baseline: new sites are judged against the baseline",
            ));
        }
        if a.tumor_edema == TumorEdema::Worse {
            errors.push(FieldError::new(
                format!("{at}.tumor_edema"),
                "cannot be `worse` at baseline (nothing to compare with): use `present` or `none`",
            ));
        }
    } else if !a.residual_disease {
        let mut recorded = Vec::new();
        if a.lesion_count > 0 {
            recorded.push(format!("lesion_count is {}", a.lesion_count));
        }
        if a.nodular_or_plaque_count > 0 {
            recorded.push(format!(
                "nodular_or_plaque_count is {}",
                a.nodular_or_plaque_count
            ));
        }
        if !a.spd_mm2.is_zero() {
            recorded.push(format!("spd_mm2 is {}", a.spd_mm2));
        }
        if a.visceral_disease {
            recorded.push("visceral_disease is true".to_owned());
        }
        if !recorded.is_empty() {
            errors.push(FieldError::new(
                format!("{at}.residual_disease"),
                format!(
                    "false (no detectable KS), but {}: residual_disease means any detectable KS",
                    recorded.join(", ")
                ),
            ));
        }
    }
    errors.len() == before
}

/// A count or sum compared with its baseline value.
struct Measure {
    name: &'static str,
    unit: &'static str,
    value: i128,
    baseline: i128,
    text: String,
    baseline_text: String,
}

impl Measure {
    fn count(name: &'static str, value: u64, baseline: u64) -> Measure {
        Measure {
            name,
            unit: "",
            value: i128::from(value),
            baseline: i128::from(baseline),
            text: value.to_string(),
            baseline_text: baseline.to_string(),
        }
    }

    fn spd(value: Quantity, baseline: Quantity) -> Measure {
        Measure {
            name: "SPD",
            unit: " mm²",
            value: value.nanos(),
            baseline: baseline.nanos(),
            text: value.to_string(),
            baseline_text: baseline.to_string(),
        }
    }

    /// §6b PD: "strictly more than 25%" above the baseline: 4 × value > 5 × baseline.
    fn rose_over_25_percent(&self) -> bool {
        4 * self.value > 5 * self.baseline
    }

    /// §6b PR: "a fall of at least 50% (≤ 0.5 × baseline)": 2 × value ≤ baseline. A baseline
    /// of 0 cannot fall, so it never counts (the contract does not say; see docs/RESPONSE.md).
    fn fell_by_half(&self) -> bool {
        self.baseline > 0 && 2 * self.value <= self.baseline
    }

    /// "SPD 756 mm² is 26.0% above the baseline 600 mm²" (a rise is shown against the PD
    /// threshold of 25%, a fall against the PR threshold of 50%).
    fn describe(&self) -> String {
        let (name, unit) = (self.name, self.unit);
        if self.baseline == 0 {
            return format!("{name} {}{unit} against a baseline of 0{unit}", self.text);
        }
        let threshold = if self.value > self.baseline { 25 } else { 50 };
        format!(
            "{name} {}{unit} is {} the baseline {}{unit}",
            self.text,
            relation(self.value, self.baseline, threshold),
            self.baseline_text
        )
    }
}

/// The timepoint of follow-up `k` of a valid course (`course[0]` is the baseline).
fn timepoint(course: &[ActgAssessment], k: usize) -> Timepoint {
    let baseline = &course[0];
    let now = &course[k];
    let (response, reasons) = respond(course, k);
    // §6c: the nadir for ACTG is the smallest earlier spd_mm2, baseline included.
    let nadir = course[..k]
        .iter()
        .map(|a| a.spd_mm2)
        .min()
        .unwrap_or(baseline.spd_mm2);
    let change = |reference: Quantity| {
        Percent::change(now.spd_mm2.nanos(), reference.nanos()).map(Percent::one_decimal)
    };
    Timepoint {
        date: now.date,
        response,
        reasons,
        measurement: Measurement::SpdMm2(now.spd_mm2),
        change_from_baseline_pct: change(baseline.spd_mm2),
        change_from_nadir_pct: change(nadir),
    }
}

/// §6b, checked in this order: PD, then CR, then PR, else SD.
fn respond(course: &[ActgAssessment], k: usize) -> (Response, Vec<String>) {
    let baseline = &course[0];
    let now = &course[k];
    let spd = Measure::spd(now.spd_mm2, baseline.spd_mm2);
    let nodular = Measure::count(
        "nodular/plaque count",
        now.nodular_or_plaque_count,
        baseline.nodular_or_plaque_count,
    );
    let lesions = Measure::count("lesion count", now.lesion_count, baseline.lesion_count);

    // PD: new sites; visceral disease now and not at baseline; spd or nodular/plaque count
    // more than 25% above the baseline.
    let mut progression = Vec::new();
    if now.new_sites {
        progression
            .push("new mucocutaneous lesions or new sites of disease since baseline".to_owned());
    }
    if now.visceral_disease && !baseline.visceral_disease {
        progression.push("visceral KS now, none at baseline".to_owned());
    }
    for measure in [&spd, &nodular] {
        if measure.rose_over_25_percent() {
            let rule = if measure.baseline == 0 {
                "any rise from 0 is > 25%"
            } else {
                "> 25%"
            };
            progression.push(format!("{} ({rule})", measure.describe()));
        }
    }
    if !progression.is_empty() {
        return (
            Response::ProgressiveDisease,
            vec![if progression.len() == 1 {
                format!("PD: {}", progression.join(""))
            } else {
                format!("PD: {} (each alone is PD)", progression.join("; "))
            }],
        );
    }

    let free = |a: &ActgAssessment| !a.residual_disease && a.tumor_edema == TumorEdema::None;
    if free(now) {
        // The run of follow-ups free of disease and edema that ends here.
        let mut start = k;
        while start > 1 && free(&course[start - 1]) {
            start -= 1;
        }
        let since = course[start].date;
        let days = since.days_until(now.date);
        if days >= CR_MIN_DAYS {
            return (
                Response::CompleteResponse,
                vec![format!(
                    "CR: no detectable residual disease and no tumor-related edema since {since}, {days} days (≥ {CR_MIN_DAYS} days)"
                )],
            );
        }
        let how_long = if start == k {
            "first assessment free of disease".to_owned()
        } else {
            format!("free of disease since {since}, only {days} days")
        };
        return (
            Response::PartialResponse,
            vec![format!(
                "PR: no detectable residual disease and no tumor-related edema, but not yet for {CR_MIN_DAYS} days ({how_long}); CR needs ≥ {CR_MIN_DAYS} days free of disease and edema"
            )],
        );
    }
    if !now.residual_disease && now.tumor_edema == TumorEdema::Present {
        return (
            Response::PartialResponse,
            vec![
                "PR: no detectable residual disease, but residual tumor-related edema (CR needs no edema)"
                    .to_owned(),
            ],
        );
    }

    let measures = [&lesions, &nodular, &spd];
    let fallen: Vec<String> = measures
        .iter()
        .filter(|m| m.fell_by_half())
        .map(|m| m.describe())
        .collect();
    let mut notes: Vec<String> = measures
        .iter()
        .filter(|m| !m.fell_by_half())
        .map(|m| {
            if m.baseline == 0 {
                format!(
                    "{} {}{} with a baseline of 0: no fall to measure (not counted toward PR; the contract does not say)",
                    m.name, m.text, m.unit
                )
            } else if m.value <= m.baseline {
                format!("{} (PR needs ≥ 50% below)", m.describe())
            } else if m.name == "lesion count" {
                format!(
                    "{} (more lesions are PD only as new lesions or sites, `new_sites`)",
                    m.describe()
                )
            } else {
                format!("{} (PD needs > 25% above)", m.describe())
            }
        })
        .collect();
    if !now.residual_disease {
        // Edema is worse here (the other cases returned above).
        return (
            Response::StableDisease,
            vec![
                "SD: no detectable residual disease, but tumor-related edema is worse, which blocks CR and PR (worse edema alone is not PD; the contract's CR and PR rules do not cover this case)"
                    .to_owned(),
            ],
        );
    }
    if now.tumor_edema == TumorEdema::Worse {
        let first = if fallen.is_empty() {
            "SD: no fall of ≥ 50%, and tumor-related edema is worse (worse edema alone is not PD)"
                .to_owned()
        } else {
            format!(
                "SD: {} (≥ 50% below), but tumor-related edema is worse, which blocks PR (worse edema alone is not PD)",
                fallen.join("; ")
            )
        };
        let mut reasons = vec![first];
        reasons.append(&mut notes);
        return (Response::StableDisease, reasons);
    }
    if !fallen.is_empty() {
        let mut reasons = vec![format!("PR: {} (≥ 50% below)", fallen.join("; "))];
        reasons.append(&mut notes);
        return (Response::PartialResponse, reasons);
    }
    let mut reasons = vec![
        "SD: no PD criterion (new sites, new visceral disease, > 25% rise) and no fall of ≥ 50% in lesion count, nodular/plaque count or SPD".to_owned(),
    ];
    reasons.append(&mut notes);
    (Response::StableDisease, reasons)
}
