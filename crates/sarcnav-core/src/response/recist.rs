//! RECIST 1.1, as contract §6a states it. The criteria are from Eisenhauer EA et al., Eur J
//! Cancer 2009;45:228–247 (restated in clinical-notes §7; no source file of this workspace
//! contains them).
//!
//! Lesions are matched by `id`, never by position: a follow-up may list its lesions in any
//! order. Every sum and threshold is exact ([`Quantity`]).

use std::collections::HashMap;

use serde::{Deserialize, Deserializer};

use super::exact::{Percent, Quantity};
use super::{Measurement, Response, Timepoint, id_list, relation};
use crate::contract::FieldError;
use crate::date::Date;

/// One RECIST 1.1 assessment (§6a): the target lesions measured, the non-target lesions
/// judged, and whether unequivocal new lesions appeared.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecistAssessment {
    /// The date of the imaging.
    pub date: Date,
    /// The target lesions: at baseline 1–5, at most 2 per organ; later exactly the baseline's.
    pub target_lesions: Vec<TargetLesion>,
    /// The non-target lesions: later exactly the baseline's.
    pub non_target_lesions: Vec<NonTargetLesion>,
    /// Unequivocal new lesions at this assessment.
    pub new_lesions: bool,
}

/// A target lesion and its measurement.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetLesion {
    /// The lesion's id, the same at every assessment.
    pub id: String,
    /// The organ (lymph nodes count as one organ whatever this says).
    pub organ: String,
    /// A lymph node: measured by its short axis.
    pub lymph_node: bool,
    /// Longest diameter (short axis for a node), mm; `null` when not assessed (follow-ups only).
    #[serde(deserialize_with = "present_or_null")]
    pub diameter_mm: Option<Quantity>,
}

/// `diameter_mm` must be sent, as a number or `null`: a forgotten key is not "not assessed".
fn present_or_null<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Quantity>, D::Error> {
    Option::<Quantity>::deserialize(d)
}

/// A non-target lesion and how it was judged.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonTargetLesion {
    /// The lesion's id, the same at every assessment.
    pub id: String,
    /// What was seen.
    pub status: NonTargetStatus,
}

/// The judgement of a non-target lesion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonTargetStatus {
    /// Still there.
    Present,
    /// Gone.
    Absent,
    /// Unequivocal progression.
    UnequivocalProgression,
    /// Not evaluated at this assessment.
    NotEvaluated,
}

impl NonTargetStatus {
    /// The contract name.
    pub fn name(self) -> &'static str {
        match self {
            NonTargetStatus::Present => "present",
            NonTargetStatus::Absent => "absent",
            NonTargetStatus::UnequivocalProgression => "unequivocal_progression",
            NonTargetStatus::NotEvaluated => "not_evaluated",
        }
    }
}

// §6a baseline: "1–5 target lesions, at most 2 per organ"; "measurable: non-nodal ≥ 10 mm,
// lymph node short axis ≥ 15 mm".
const MAX_TARGETS: usize = 5;
const MAX_TARGETS_PER_ORGAN: usize = 2;
const MEASURABLE_NON_NODAL: Quantity = Quantity::from_units(10);
const MEASURABLE_NODE: Quantity = Quantity::from_units(15);
// §6a target CR: "every nodal target < 10 mm".
const NODE_NORMAL_BELOW: Quantity = Quantity::from_units(10);
// §6a target PD: "sum − nadir ≥ 5 mm and sum ≥ 1.2 × nadir".
const PD_MIN_RISE: Quantity = Quantity::from_units(5);

/// The baseline as the reference for every follow-up.
struct Baseline<'a> {
    targets: &'a [TargetLesion],
    non_targets: &'a [NonTargetLesion],
    target_index: HashMap<&'a str, usize>,
    non_target_index: HashMap<&'a str, usize>,
    sum: Quantity,
}

/// A follow-up checked against the baseline: measurements and statuses in baseline order.
struct FollowUp {
    date: Date,
    diameters: Vec<Option<Quantity>>,
    statuses: Vec<NonTargetStatus>,
    new_lesions: bool,
}

/// Validates every assessment (collecting every error) and returns the timepoints of the
/// follow-ups that can be evaluated: those after a valid baseline, up to the first invalid or
/// out-of-order assessment (`ordered` leading assessments are in date order).
pub(super) fn evaluate(
    assessments: &[RecistAssessment],
    ordered: usize,
    errors: &mut Vec<FieldError>,
) -> Vec<Timepoint> {
    let Some(first) = assessments.first() else {
        return Vec::new();
    };
    let (baseline, mut usable) = validate_baseline(first, errors);
    let mut follow_ups = Vec::new();
    for (k, assessment) in assessments.iter().enumerate().skip(1) {
        let checked = validate_follow_up(k, assessment, &baseline, errors);
        match checked {
            Some(follow_up) if usable && k < ordered => follow_ups.push(follow_up),
            _ => usable = false,
        }
    }
    let mut nadir = baseline.sum;
    let mut timepoints = Vec::with_capacity(follow_ups.len());
    for follow_up in &follow_ups {
        let (timepoint, complete_sum) = timepoint(&baseline, nadir, follow_up);
        if let Some(sum) = complete_sum {
            // §6a: the nadir is the smallest complete sum at the baseline or a follow-up.
            nadir = nadir.min(sum);
        }
        timepoints.push(timepoint);
    }
    timepoints
}

/// The group a target counts toward for "at most 2 per organ": all lymph nodes are one group.
fn organ_group(target: &TargetLesion) -> String {
    if target.lymph_node {
        "lymph nodes".to_owned()
    } else {
        normalized_organ(&target.organ)
    }
}

/// Organs are compared without case or surrounding spaces (`Lung` is `lung`).
fn normalized_organ(organ: &str) -> String {
    organ.trim().to_lowercase()
}

/// Checks the baseline (§6a) and returns it as the reference, with whether it is valid.
fn validate_baseline<'a>(
    assessment: &'a RecistAssessment,
    errors: &mut Vec<FieldError>,
) -> (Baseline<'a>, bool) {
    let before = errors.len();
    let at = "assessments[0]";
    let targets = &assessment.target_lesions;
    if targets.is_empty() || targets.len() > MAX_TARGETS {
        let got = if targets.is_empty() {
            "none".to_owned()
        } else {
            targets.len().to_string()
        };
        errors.push(FieldError::new(
            format!("{at}.target_lesions"),
            format!(
                "RECIST 1.1 needs 1 to {MAX_TARGETS} target lesions at baseline (at most {MAX_TARGETS_PER_ORGAN} per organ), got {got}"
            ),
        ));
    }
    let mut target_index = HashMap::new();
    let mut per_group: HashMap<String, Vec<&str>> = HashMap::new();
    for (i, target) in targets.iter().enumerate() {
        let path = format!("{at}.target_lesions[{i}]");
        check_id(
            &target.id,
            &path,
            &mut target_index,
            i,
            "target_lesions",
            errors,
        );
        if target.organ.trim().is_empty() {
            errors.push(FieldError::new(
                format!("{path}.organ"),
                "must name the organ (not empty)",
            ));
        }
        match target.diameter_mm {
            None => errors.push(FieldError::new(
                format!("{path}.diameter_mm"),
                "a baseline target lesion must be measured (null means not assessed, which only a follow-up may say)",
            )),
            Some(d) if target.lymph_node && d < MEASURABLE_NODE => {
                errors.push(FieldError::new(
                    format!("{path}.diameter_mm"),
                    format!(
                        "lymph node {} is not measurable: a nodal target needs a short axis ≥ {MEASURABLE_NODE} mm at baseline, got {d} mm (a 10–<15 mm node is pathological but non-measurable: list it as a non-target lesion)",
                        target.id
                    ),
                ));
            }
            Some(d) if !target.lymph_node && d < MEASURABLE_NON_NODAL => {
                errors.push(FieldError::new(
                    format!("{path}.diameter_mm"),
                    format!(
                        "lesion {} is not measurable: a non-nodal target needs a longest diameter ≥ {MEASURABLE_NON_NODAL} mm at baseline, got {d} mm (list it as a non-target lesion)",
                        target.id
                    ),
                ));
            }
            Some(_) => {}
        }
        let group = organ_group(target);
        let already = per_group.entry(group).or_default();
        if already.len() >= MAX_TARGETS_PER_ORGAN {
            let message = if target.lymph_node {
                format!(
                    "{} would be lymph-node target number {} (with {}): all lymph nodes count as one organ, and RECIST 1.1 allows at most {MAX_TARGETS_PER_ORGAN} targets per organ",
                    target.id,
                    already.len() + 1,
                    already.join(", ")
                )
            } else {
                format!(
                    "{} would be target number {} in organ {:?} (with {}): RECIST 1.1 allows at most {MAX_TARGETS_PER_ORGAN} targets per organ",
                    target.id,
                    already.len() + 1,
                    target.organ,
                    already.join(", ")
                )
            };
            errors.push(FieldError::new(path.clone(), message));
        }
        already.push(&target.id);
    }
    let mut non_target_index = HashMap::new();
    for (j, lesion) in assessment.non_target_lesions.iter().enumerate() {
        let path = format!("{at}.non_target_lesions[{j}]");
        if let Some(&i) = target_index.get(lesion.id.as_str()) {
            errors.push(FieldError::new(
                format!("{path}.id"),
                format!(
                    "{:?} is already target_lesions[{i}]: a lesion is either a target or a non-target lesion",
                    lesion.id
                ),
            ));
        } else {
            check_id(
                &lesion.id,
                &path,
                &mut non_target_index,
                j,
                "non_target_lesions",
                errors,
            );
        }
        if lesion.status != NonTargetStatus::Present {
            errors.push(FieldError::new(
                format!("{path}.status"),
                format!(
                    "must be `present` at baseline, got `{}`: the baseline records the lesions that are there, and later assessments are judged against it",
                    lesion.status.name()
                ),
            ));
        }
    }
    if assessment.new_lesions {
        errors.push(FieldError::new(
            format!("{at}.new_lesions"),
            "must be false at baseline: new lesions are those that appear after the baseline",
        ));
    }
    let sum = targets.iter().filter_map(|t| t.diameter_mm).sum();
    let baseline = Baseline {
        targets,
        non_targets: &assessment.non_target_lesions,
        target_index,
        non_target_index,
        sum,
    };
    (baseline, errors.len() == before)
}

/// A baseline lesion id must be non-empty and unique; the first of a repeated id is kept.
fn check_id<'a>(
    id: &'a str,
    path: &str,
    index: &mut HashMap<&'a str, usize>,
    position: usize,
    list: &str,
    errors: &mut Vec<FieldError>,
) {
    if id.trim().is_empty() {
        errors.push(FieldError::new(
            format!("{path}.id"),
            "must not be empty: every lesion needs an id to be followed",
        ));
    } else if let Some(&first) = index.get(id) {
        errors.push(FieldError::new(
            format!("{path}.id"),
            format!("duplicate lesion id {id:?} (also {list}[{first}]): ids must be unique"),
        ));
    } else {
        index.insert(id, position);
    }
}

/// Checks a follow-up against the baseline (§6a: "Follow-ups list exactly the baseline's target
/// and non-target ids"); `None` when it cannot be evaluated.
fn validate_follow_up(
    k: usize,
    assessment: &RecistAssessment,
    baseline: &Baseline<'_>,
    errors: &mut Vec<FieldError>,
) -> Option<FollowUp> {
    let before = errors.len();
    let at = format!("assessments[{k}]");
    let mut diameters = vec![None; baseline.targets.len()];
    let mut seen = vec![None::<usize>; baseline.targets.len()];
    for (i, target) in assessment.target_lesions.iter().enumerate() {
        let path = format!("{at}.target_lesions[{i}]");
        let Some(&b) = baseline.target_index.get(target.id.as_str()) else {
            errors.push(FieldError::new(
                path,
                format!(
                    "{:?} is not a baseline target lesion (baseline targets: {}): a follow-up lists exactly the baseline's targets; a lesion that appeared later is a new lesion (`new_lesions: true`)",
                    target.id,
                    id_list(baseline.targets.iter().map(|t| t.id.as_str()))
                ),
            ));
            continue;
        };
        if let Some(first) = seen[b] {
            errors.push(FieldError::new(
                path,
                format!(
                    "target {:?} is listed twice (also target_lesions[{first}])",
                    target.id
                ),
            ));
            continue;
        }
        seen[b] = Some(i);
        let reference = &baseline.targets[b];
        if target.lymph_node != reference.lymph_node {
            errors.push(FieldError::new(
                format!("{path}.lymph_node"),
                format!(
                    "target {} was {} at baseline: a lesion keeps its kind through the course",
                    target.id,
                    if reference.lymph_node {
                        "a lymph node"
                    } else {
                        "not a lymph node"
                    }
                ),
            ));
        }
        if normalized_organ(&target.organ) != normalized_organ(&reference.organ) {
            errors.push(FieldError::new(
                format!("{path}.organ"),
                format!(
                    "target {} was in organ {:?} at baseline, got {:?}",
                    target.id, reference.organ, target.organ
                ),
            ));
        }
        diameters[b] = target.diameter_mm;
    }
    let missing: Vec<&str> = baseline
        .targets
        .iter()
        .zip(&seen)
        .filter(|(_, s)| s.is_none())
        .map(|(t, _)| t.id.as_str())
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            format!("{at}.target_lesions"),
            format!(
                "baseline target {} missing: a follow-up lists every baseline target (diameter_mm null when it was not assessed)",
                id_list(missing)
            ),
        ));
    }

    let mut statuses = vec![NonTargetStatus::NotEvaluated; baseline.non_targets.len()];
    let mut seen = vec![None::<usize>; baseline.non_targets.len()];
    for (j, lesion) in assessment.non_target_lesions.iter().enumerate() {
        let path = format!("{at}.non_target_lesions[{j}]");
        let Some(&b) = baseline.non_target_index.get(lesion.id.as_str()) else {
            let known = if baseline.non_targets.is_empty() {
                "the baseline has none".to_owned()
            } else {
                format!(
                    "baseline non-target lesions: {}",
                    id_list(baseline.non_targets.iter().map(|l| l.id.as_str()))
                )
            };
            errors.push(FieldError::new(
                path,
                format!(
                    "{:?} is not a baseline non-target lesion ({known}): a lesion that appeared later is a new lesion (`new_lesions: true`)",
                    lesion.id
                ),
            ));
            continue;
        };
        if let Some(first) = seen[b] {
            errors.push(FieldError::new(
                path,
                format!(
                    "non-target {:?} is listed twice (also non_target_lesions[{first}])",
                    lesion.id
                ),
            ));
            continue;
        }
        seen[b] = Some(j);
        statuses[b] = lesion.status;
    }
    let missing: Vec<&str> = baseline
        .non_targets
        .iter()
        .zip(&seen)
        .filter(|(_, s)| s.is_none())
        .map(|(l, _)| l.id.as_str())
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            format!("{at}.non_target_lesions"),
            format!(
                "baseline non-target {} missing: a follow-up lists every baseline non-target lesion (status `not_evaluated` when it was not)",
                id_list(missing)
            ),
        ));
    }
    (errors.len() == before).then_some(FollowUp {
        date: assessment.date,
        diameters,
        statuses,
        new_lesions: assessment.new_lesions,
    })
}

/// The target-lesion response (§6a) and why.
struct TargetResult {
    response: Response,
    reason: String,
    /// The sum when every target was assessed.
    complete_sum: Option<Quantity>,
}

/// The non-target response (§6a).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NonTarget {
    Complete,
    NonCompleteNonProgressive,
    NotEvaluable,
    Progressive,
}

impl NonTarget {
    fn label(self) -> &'static str {
        match self {
            NonTarget::Complete => "CR",
            NonTarget::NonCompleteNonProgressive => "non-CR/non-PD",
            NonTarget::NotEvaluable => "NE",
            NonTarget::Progressive => "PD",
        }
    }
}

/// One follow-up's timepoint, and its sum when complete (for the nadir).
fn timepoint(
    baseline: &Baseline<'_>,
    nadir: Quantity,
    follow_up: &FollowUp,
) -> (Timepoint, Option<Quantity>) {
    let target = target_response(baseline, nadir, follow_up);
    let (non_target, non_target_reason) = non_target_response(baseline, follow_up);
    let (response, decision) = overall(target.response, non_target, follow_up.new_lesions);
    let new_lesions = if follow_up.new_lesions {
        "new lesions: unequivocal new lesions at this assessment (PD)"
    } else {
        "new lesions: none"
    };
    let sum = target.complete_sum;
    let change = |reference: Quantity| {
        sum.and_then(|s| Percent::change(s.nanos(), reference.nanos()))
            .map(Percent::one_decimal)
    };
    let timepoint = Timepoint {
        date: follow_up.date,
        response,
        reasons: vec![
            decision,
            target.reason,
            non_target_reason,
            new_lesions.to_owned(),
        ],
        measurement: Measurement::SumMm(sum),
        change_from_baseline_pct: change(baseline.sum),
        change_from_nadir_pct: change(nadir),
    };
    (timepoint, sum)
}

/// §6a target response, checked in this order: PD (sum − nadir ≥ 5 mm and sum ≥ 1.2 × nadir;
/// with a target not assessed, PD when the assessed targets alone meet it, otherwise NE); CR
/// (every non-nodal target 0 and every nodal target < 10 mm); PR (sum ≤ 0.7 × baseline sum);
/// else SD.
fn target_response(baseline: &Baseline<'_>, nadir: Quantity, follow_up: &FollowUp) -> TargetResult {
    let assessed: Quantity = follow_up.diameters.iter().flatten().copied().sum();
    let not_assessed: Vec<&str> = baseline
        .targets
        .iter()
        .zip(&follow_up.diameters)
        .filter(|(_, d)| d.is_none())
        .map(|(t, _)| t.id.as_str())
        .collect();
    let complete = not_assessed.is_empty();
    if meets_progression(assessed, nadir) {
        let rise = rise_text(assessed, nadir);
        let reason = if complete {
            format!(
                "target PD: sum {assessed} mm is {rise} ({})",
                pd_rule(nadir)
            )
        } else {
            format!(
                "target PD: {} not assessed, but the assessed targets alone sum {assessed} mm, {rise} ({})",
                id_list(not_assessed),
                pd_rule(nadir)
            )
        };
        return TargetResult {
            response: Response::ProgressiveDisease,
            reason,
            complete_sum: complete.then_some(assessed),
        };
    }
    if !complete {
        return TargetResult {
            response: Response::NotEvaluable,
            reason: format!(
                "target NE: {} not assessed, and the assessed targets alone (sum {assessed} mm) do not show PD against the nadir {nadir} mm (PD needs ≥ 20% and ≥ 5 mm above it)",
                id_list(not_assessed)
            ),
            complete_sum: None,
        };
    }
    let sum = assessed;
    let measured = || {
        baseline
            .targets
            .iter()
            .zip(&follow_up.diameters)
            .filter_map(|(t, d)| d.map(|d| (t, d)))
    };
    let non_nodal_gone = measured().all(|(t, d)| t.lymph_node || d.is_zero());
    let enlarged_nodes: Vec<String> = measured()
        .filter(|(t, d)| t.lymph_node && *d >= NODE_NORMAL_BELOW)
        .map(|(t, d)| format!("{} {d} mm", t.id))
        .collect();
    if non_nodal_gone && enlarged_nodes.is_empty() {
        let nodes: Vec<String> = measured()
            .filter(|(t, _)| t.lymph_node)
            .map(|(t, d)| format!("{} {d} mm", t.id))
            .collect();
        let reason = if nodes.is_empty() {
            "target CR: every target lesion has disappeared (0 mm)".to_owned()
        } else if measured().any(|(t, _)| !t.lymph_node) {
            format!(
                "target CR: every non-nodal target is 0 mm and every nodal target is < {NODE_NORMAL_BELOW} mm short axis ({})",
                nodes.join(", ")
            )
        } else {
            format!(
                "target CR: every nodal target is < {NODE_NORMAL_BELOW} mm short axis ({})",
                nodes.join(", ")
            )
        };
        return TargetResult {
            response: Response::CompleteResponse,
            reason,
            complete_sum: Some(sum),
        };
    }
    let versus_baseline = format!(
        "sum {sum} mm is {} the baseline {} mm",
        relation(sum.nanos(), baseline.sum.nanos(), 30),
        baseline.sum
    );
    // §6a PR: sum ≤ 0.7 × baseline sum, i.e. 10 × sum ≤ 7 × baseline.
    if 10 * sum.nanos() <= 7 * baseline.sum.nanos() {
        let mut reason = format!("target PR: {versus_baseline} (≥ 30% below)");
        if non_nodal_gone {
            reason.push_str(&format!(
                "; not CR: nodal target {} (CR needs every node < {NODE_NORMAL_BELOW} mm short axis)",
                enlarged_nodes.join(", ")
            ));
        }
        return TargetResult {
            response: Response::PartialResponse,
            reason,
            complete_sum: Some(sum),
        };
    }
    let mut reason = format!("target SD: {versus_baseline} (PR needs ≥ 30% below)");
    if sum > nadir {
        let missing_part = if sum.difference(nadir) < PD_MIN_RISE {
            "the rise is under 5 mm"
        } else {
            "the rise is under 20%"
        };
        reason.push_str(&format!(
            "; {} (PD needs ≥ 20% and ≥ 5 mm: {missing_part})",
            rise_text(sum, nadir)
        ));
    } else if nadir != baseline.sum {
        reason.push_str(&format!(
            "; {} the nadir {nadir} mm",
            relation(sum.nanos(), nadir.nanos(), 20)
        ));
    }
    TargetResult {
        response: Response::StableDisease,
        reason,
        complete_sum: Some(sum),
    }
}

/// §6a: "sum − nadir ≥ 5 mm and sum ≥ 1.2 × nadir" (5 × sum ≥ 6 × nadir), exactly.
fn meets_progression(sum: Quantity, nadir: Quantity) -> bool {
    sum.nanos() - nadir.nanos() >= PD_MIN_RISE.nanos() && 5 * sum.nanos() >= 6 * nadir.nanos()
}

/// The PD rule in a reason's parenthesis.
fn pd_rule(nadir: Quantity) -> &'static str {
    if nadir.is_zero() {
        "≥ 5 mm; from a nadir of 0 any rise is ≥ 20%"
    } else {
        "≥ 20% and ≥ 5 mm"
    }
}

/// "25.0% (15 mm) above the nadir 60 mm", for a sum above the nadir.
fn rise_text(sum: Quantity, nadir: Quantity) -> String {
    let rise = sum.difference(nadir);
    match Percent::change(sum.nanos(), nadir.nanos()) {
        Some(p) => format!(
            "{} ({rise} mm) above the nadir {nadir} mm",
            p.describe_against(20)
        ),
        None => format!("{rise} mm above the nadir {nadir} mm"),
    }
}

/// §6a non-target response: PD if any unequivocal progression; CR if all absent (or none);
/// NE if any not evaluated; else non-CR/non-PD.
fn non_target_response(baseline: &Baseline<'_>, follow_up: &FollowUp) -> (NonTarget, String) {
    if baseline.non_targets.is_empty() {
        return (
            NonTarget::Complete,
            "non-target CR: no non-target lesions".to_owned(),
        );
    }
    let with = |status: NonTargetStatus| {
        id_list(
            baseline
                .non_targets
                .iter()
                .zip(&follow_up.statuses)
                .filter(|(_, s)| **s == status)
                .map(|(l, _)| l.id.as_str()),
        )
    };
    let has = |status: NonTargetStatus| follow_up.statuses.contains(&status);
    if has(NonTargetStatus::UnequivocalProgression) {
        let ids = with(NonTargetStatus::UnequivocalProgression);
        (
            NonTarget::Progressive,
            format!("non-target PD: unequivocal progression of {ids}"),
        )
    } else if follow_up
        .statuses
        .iter()
        .all(|s| *s == NonTargetStatus::Absent)
    {
        let ids = with(NonTargetStatus::Absent);
        (
            NonTarget::Complete,
            format!("non-target CR: every non-target lesion is absent ({ids})"),
        )
    } else if has(NonTargetStatus::NotEvaluated) {
        let ids = with(NonTargetStatus::NotEvaluated);
        (
            NonTarget::NotEvaluable,
            format!("non-target NE: {ids} not evaluated"),
        )
    } else {
        let ids = with(NonTargetStatus::Present);
        (
            NonTarget::NonCompleteNonProgressive,
            format!("non-target non-CR/non-PD: {ids} still present"),
        )
    }
}

/// §6a timepoint response: PD if target PD, non-target PD or new lesions; else NE if target NE;
/// else CR if target CR and non-target CR; else PR if target CR or PR; else SD.
fn overall(target: Response, non_target: NonTarget, new_lesions: bool) -> (Response, String) {
    let mut progression = Vec::new();
    if target == Response::ProgressiveDisease {
        progression.push("target PD");
    }
    if non_target == NonTarget::Progressive {
        progression.push("non-target PD");
    }
    if new_lesions {
        progression.push("new lesions");
    }
    if !progression.is_empty() {
        return (
            Response::ProgressiveDisease,
            if progression.len() == 1 {
                format!("PD: {}", progression.join(""))
            } else {
                format!("PD: {} (each alone is PD)", progression.join(", "))
            },
        );
    }
    let nt = non_target.label();
    match target {
        Response::NotEvaluable => (
            Response::NotEvaluable,
            "NE: not every target lesion was assessed, and the assessed ones do not show PD"
                .to_owned(),
        ),
        Response::CompleteResponse if non_target == NonTarget::Complete => (
            Response::CompleteResponse,
            "CR: target CR, non-target CR, no new lesions".to_owned(),
        ),
        Response::CompleteResponse => (
            Response::PartialResponse,
            format!(
                "PR: target CR with non-target {nt}, no new lesions (not CR until every non-target lesion is absent)"
            ),
        ),
        Response::PartialResponse => (
            Response::PartialResponse,
            format!("PR: target PR, non-target {nt}, no new lesions"),
        ),
        _ => (
            Response::StableDisease,
            format!("SD: target SD, non-target {nt}, no new lesions"),
        ),
    }
}
