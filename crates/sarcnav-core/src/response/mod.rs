//! Response evaluation over one treatment course (contract §6): RECIST 1.1 for measurable
//! disease (§6a), the ACTG criteria for Kaposi sarcoma (§6b).
//!
//! The model: a request is one course — a baseline assessment and at least one follow-up, in
//! strictly increasing date order. Each follow-up becomes a [`Timepoint`] with a response
//! (CR, PR, SD, PD or NE), the measurement it rests on, its change from the baseline and from
//! the nadir, and the reasons: which rule decided it, in a clinician's words. Over the course
//! come the best overall response and whether it was confirmed (§6c).
//!
//! The flow mirrors the assessment of a case: [`parse_request`] (a typed fast path; on failure
//! every problem with its path, `assessments[2].target_lesions[0].diameter_mm`), then
//! [`evaluate`], which validates (collecting every error), applies the rules of `recist.rs` or
//! `actg.rs` and derives the best response here. Every threshold is compared exactly (see
//! [`Quantity`] and [`Percent`]): 90 → 63 mm is exactly −30%.
//!
//! ```
//! use sarcnav_core::response::{Response, ResponseOutcome, evaluate_json};
//! let out = evaluate_json(r#"{"id": "c1", "criteria": "recist_1_1", "assessments": [
//!   {"date": "2026-01-05", "new_lesions": false, "non_target_lesions": [],
//!    "target_lesions": [{"id": "T1", "organ": "liver", "lymph_node": false, "diameter_mm": 90}]},
//!   {"date": "2026-02-16", "new_lesions": false, "non_target_lesions": [],
//!    "target_lesions": [{"id": "T1", "organ": "liver", "lymph_node": false, "diameter_mm": 63}]}]}"#);
//! let ResponseOutcome::Evaluated(result) = out else { panic!("valid") };
//! assert_eq!(result.timepoints[0].response, Response::PartialResponse);
//! ```

mod actg;
mod exact;
mod parse;
mod recist;
mod report;

use serde::{Deserialize, Serialize};

use crate::contract::{FieldError, InvalidInput};
use crate::date::Date;

pub use actg::{ActgAssessment, TumorEdema};
pub use exact::{OneDecimal, Percent, Quantity, QuantityError};
pub use parse::{parse_request, parse_request_value};
pub use recist::{NonTargetLesion, NonTargetStatus, RecistAssessment, TargetLesion};
pub use report::render_text;

/// Days after the baseline before an SD counts toward the best overall response (§6).
pub const DEFAULT_SD_MIN_DAYS: u32 = 42;
/// Days a CR or PR must be maintained to be confirmed (§6).
pub const DEFAULT_CONFIRMATION_MIN_DAYS: u32 = 28;

/// The response criteria of a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Criteria {
    /// RECIST 1.1 (contract §6a).
    #[serde(rename = "recist_1_1")]
    Recist11,
    /// ACTG criteria for AIDS-associated Kaposi sarcoma (contract §6b).
    #[serde(rename = "actg_ks")]
    ActgKs,
}

impl Criteria {
    /// The contract name (`recist_1_1`, `actg_ks`).
    pub fn name(self) -> &'static str {
        match self {
            Criteria::Recist11 => "recist_1_1",
            Criteria::ActgKs => "actg_ks",
        }
    }

    /// The name a reader knows (`RECIST 1.1`, `ACTG (Kaposi sarcoma)`).
    pub fn label(self) -> &'static str {
        match self {
            Criteria::Recist11 => "RECIST 1.1",
            Criteria::ActgKs => "ACTG (Kaposi sarcoma)",
        }
    }
}

/// One treatment course to evaluate (contract §6).
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRequest {
    /// Echoed back unchanged.
    pub id: Option<String>,
    /// The assessments, baseline first, under their criteria.
    pub course: Course,
    /// Days after the baseline before an SD counts for the best response (default 42).
    pub sd_min_days: Option<u32>,
    /// Days a CR/PR must be maintained to be confirmed (default 28).
    pub confirmation_min_days: Option<u32>,
}

impl ResponseRequest {
    /// The criteria of the course.
    pub fn criteria(&self) -> Criteria {
        match self.course {
            Course::Recist(_) => Criteria::Recist11,
            Course::Actg(_) => Criteria::ActgKs,
        }
    }
}

/// The assessments of a course, baseline first, in the shape of their criteria.
#[derive(Debug, Clone, PartialEq)]
pub enum Course {
    /// RECIST 1.1 assessments (§6a).
    Recist(Vec<RecistAssessment>),
    /// ACTG Kaposi sarcoma assessments (§6b).
    Actg(Vec<ActgAssessment>),
}

impl Course {
    fn dates(&self) -> Vec<Date> {
        match self {
            Course::Recist(a) => a.iter().map(|a| a.date).collect(),
            Course::Actg(a) => a.iter().map(|a| a.date).collect(),
        }
    }
}

/// A response category, at one timepoint or over the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Response {
    /// CR.
    #[serde(rename = "CR")]
    CompleteResponse,
    /// PR.
    #[serde(rename = "PR")]
    PartialResponse,
    /// SD.
    #[serde(rename = "SD")]
    StableDisease,
    /// PD.
    #[serde(rename = "PD")]
    ProgressiveDisease,
    /// NE: not evaluable.
    #[serde(rename = "NE")]
    NotEvaluable,
}

impl Response {
    /// The abbreviation (`CR`, `PR`, `SD`, `PD`, `NE`).
    pub fn code(self) -> &'static str {
        match self {
            Response::CompleteResponse => "CR",
            Response::PartialResponse => "PR",
            Response::StableDisease => "SD",
            Response::ProgressiveDisease => "PD",
            Response::NotEvaluable => "NE",
        }
    }

    /// Rank for the best overall response: CR > PR > SD > PD > NE (§6c).
    fn rank(self) -> u8 {
        match self {
            Response::CompleteResponse => 4,
            Response::PartialResponse => 3,
            Response::StableDisease => 2,
            Response::ProgressiveDisease => 1,
            Response::NotEvaluable => 0,
        }
    }
}

/// The measurement a timepoint rests on: the RECIST sum of diameters (`null` when a target was
/// not assessed) or the ACTG sum of products.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Measurement {
    /// RECIST: the sum of target diameters, mm.
    #[serde(rename = "sum_mm")]
    SumMm(Option<Quantity>),
    /// ACTG: the sum of products of the largest perpendicular diameters, mm².
    #[serde(rename = "spd_mm2")]
    SpdMm2(Quantity),
}

/// The response at one follow-up assessment (§6c).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timepoint {
    /// The date of the follow-up.
    pub date: Date,
    /// The timepoint response.
    pub response: Response,
    /// Which rules decided it, in words (the decision first, then the components).
    pub reasons: Vec<String>,
    /// `sum_mm` or `spd_mm2`.
    #[serde(flatten)]
    pub measurement: Measurement,
    /// Change from the baseline, percent to one decimal; `null` when the sum is incomplete or
    /// the baseline is 0.
    pub change_from_baseline_pct: Option<OneDecimal>,
    /// Change from the nadir (the smallest earlier value, baseline included), percent to one
    /// decimal; `null` when the sum is incomplete or the nadir is 0.
    pub change_from_nadir_pct: Option<OneDecimal>,
}

/// A valid course's result (§6c). Every key is always present.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseEvaluation {
    /// The request's `id`, echoed.
    pub id: Option<String>,
    /// The criteria applied.
    pub criteria: Criteria,
    /// One timepoint per follow-up, in date order.
    pub timepoints: Vec<Timepoint>,
    /// The best timepoint response, an SD before `sd_min_days` counting as NE.
    pub best_overall_response: Response,
    /// The best response (CR or PR) was maintained for `confirmation_min_days`.
    pub confirmed: bool,
}

/// The result of one request: the evaluation, or every problem with the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ResponseOutcome {
    /// The course was valid.
    Evaluated(ResponseEvaluation),
    /// It was not: only `id` and `errors` (contract §2).
    Invalid(InvalidInput),
}

impl ResponseOutcome {
    /// True for an error result.
    pub fn is_invalid(&self) -> bool {
        matches!(self, ResponseOutcome::Invalid(_))
    }
}

/// Parses and evaluates one request given as JSON text (an NDJSON line).
pub fn evaluate_json(text: &str) -> ResponseOutcome {
    match parse_request(text) {
        Ok(request) => evaluate(&request),
        Err(invalid) => ResponseOutcome::Invalid(invalid),
    }
}

/// Evaluates one course: validation (every error), the timepoint rules of its criteria, the
/// best overall response and its confirmation.
pub fn evaluate(request: &ResponseRequest) -> ResponseOutcome {
    let mut errors = Vec::new();
    let dates = request.course.dates();
    check_length(dates.len(), &mut errors);
    let ordered = check_date_order(&dates, &mut errors);
    let mut timepoints = match &request.course {
        Course::Recist(assessments) => recist::evaluate(assessments, ordered, &mut errors),
        Course::Actg(assessments) => actg::evaluate(assessments, ordered, &mut errors),
    };
    check_after_progression(&timepoints, dates.len(), &mut errors);
    if !errors.is_empty() {
        // Group the errors by assessment, keeping the order within each.
        errors.sort_by_key(|e| assessment_index(e.field.as_deref()));
        return ResponseOutcome::Invalid(InvalidInput {
            id: request.id.clone(),
            errors,
        });
    }
    let sd_min_days = request.sd_min_days.unwrap_or(DEFAULT_SD_MIN_DAYS);
    let confirmation_min_days = request
        .confirmation_min_days
        .unwrap_or(DEFAULT_CONFIRMATION_MIN_DAYS);
    let Some(&baseline) = dates.first() else {
        // Unreachable: a course without assessments is an error above.
        return ResponseOutcome::Invalid(InvalidInput {
            id: request.id.clone(),
            errors: vec![FieldError::new("assessments", "no assessments")],
        });
    };
    let best = best_overall(&mut timepoints, baseline, sd_min_days);
    let confirmed = is_confirmed(&timepoints, best, confirmation_min_days);
    ResponseOutcome::Evaluated(ResponseEvaluation {
        id: request.id.clone(),
        criteria: request.criteria(),
        timepoints,
        best_overall_response: best,
        confirmed,
    })
}

/// §6: "the first is the baseline; at least one follow-up".
pub(crate) fn check_length(count: usize, errors: &mut Vec<FieldError>) {
    let message = match count {
        0 => "a course needs a baseline and at least one follow-up assessment, got none",
        1 => "a course needs at least one follow-up after the baseline, got only the baseline",
        _ => return,
    };
    errors.push(FieldError::new("assessments", message));
}

/// §6: "Assessments are ordered by strictly increasing `date`". Each date not after the one
/// before it is an error on `assessments[k].date`. Returns how many leading assessments are in
/// order (the rules run over those only).
fn check_date_order(dates: &[Date], errors: &mut Vec<FieldError>) -> usize {
    let mut ordered = dates.len();
    for (k, pair) in dates.windows(2).enumerate() {
        if let Some(error) = date_order_error(k + 1, pair[0], pair[1]) {
            errors.push(error);
            ordered = ordered.min(k + 1);
        }
    }
    ordered
}

/// The error on `assessments[k].date` when `date` is not after `previous`.
pub(crate) fn date_order_error(k: usize, previous: Date, date: Date) -> Option<FieldError> {
    if date > previous {
        return None;
    }
    let what = if date == previous {
        "the same date as"
    } else {
        "before"
    };
    Some(FieldError::new(
        format!("assessments[{k}].date"),
        format!(
            "{date} is {what} the previous assessment ({previous}): assessments must be in strictly increasing date order, baseline first"
        ),
    ))
}

/// §6: "The course ends at the first PD": every assessment after it is an error.
fn check_after_progression(timepoints: &[Timepoint], count: usize, errors: &mut Vec<FieldError>) {
    let Some(first_pd) = timepoints
        .iter()
        .position(|t| t.response == Response::ProgressiveDisease)
    else {
        return;
    };
    let pd_date = timepoints[first_pd].date;
    // Timepoint i is assessment i + 1.
    for k in first_pd + 2..count {
        errors.push(FieldError::new(
            format!("assessments[{k}]"),
            format!("after progression on {pd_date}: start a new course with a new baseline"),
        ));
    }
}

/// The assessment an error path belongs to (`assessments[3].date` → 3); top-level fields first.
pub(crate) fn assessment_index(field: Option<&str>) -> i64 {
    field
        .and_then(|f| f.strip_prefix("assessments["))
        .and_then(|rest| rest.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(-1)
}

/// §6c: the best timepoint response, CR > PR > SD > PD > NE, where an SD dated less than
/// `sd_min_days` after the baseline counts as NE. Such an SD keeps its response and gains a
/// reason saying so.
fn best_overall(timepoints: &mut [Timepoint], baseline: Date, sd_min_days: u32) -> Response {
    let mut best = Response::NotEvaluable;
    for tp in timepoints.iter_mut() {
        let mut counted = tp.response;
        if tp.response == Response::StableDisease {
            let days = baseline.days_until(tp.date);
            if days < i64::from(sd_min_days) {
                counted = Response::NotEvaluable;
                tp.reasons.push(format!(
                    "SD only {days} days after the baseline (sd_min_days {sd_min_days}): it counts as NE for the best overall response"
                ));
            }
        }
        if counted.rank() > best.rank() {
            best = counted;
        }
    }
    best
}

/// §6c: the best response (CR or PR) is confirmed when, from a timepoint with that response,
/// every following timepoint is CR (for CR) or CR/PR (for PR) up to and including one dated at
/// least `min_days` later.
fn is_confirmed(timepoints: &[Timepoint], best: Response, min_days: u32) -> bool {
    let holds = |r: Response| match best {
        Response::CompleteResponse => r == Response::CompleteResponse,
        Response::PartialResponse => {
            r == Response::CompleteResponse || r == Response::PartialResponse
        }
        _ => false,
    };
    if !holds(best) {
        return false;
    }
    timepoints.iter().enumerate().any(|(i, start)| {
        start.response == best
            && timepoints[i + 1..]
                .iter()
                .take_while(|later| holds(later.response))
                .any(|later| start.date.days_until(later.date) >= i64::from(min_days))
    })
}

/// `value` against `reference` in words, for a reason: "29.4% below", "25.0% above",
/// "equal to". `threshold` is the whole percentage the reader will compare it with.
pub(crate) fn relation(value: i128, reference: i128, threshold: i128) -> String {
    match Percent::change(value, reference) {
        _ if value == reference => "equal to".to_owned(),
        Some(p) if p.is_negative() => format!("{} below", p.describe_against(threshold)),
        Some(p) => format!("{} above", p.describe_against(threshold)),
        None => "above".to_owned(),
    }
}

/// Lesion ids for a reason, sorted so the order of the input never changes the text.
pub(crate) fn id_list<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.join(", ")
}
