//! A readable table of one response result, for `sarcnav response --text`.

use std::fmt::Write;

use super::{Measurement, OneDecimal, ResponseEvaluation, ResponseOutcome};

/// Renders a result as a table a clinician can read: one row per timepoint with its reasons
/// beneath, then the best overall response.
pub fn render_text(outcome: &ResponseOutcome) -> String {
    let mut out = String::new();
    match outcome {
        ResponseOutcome::Invalid(invalid) => {
            crate::report::render_invalid("Course", "INVALID REQUEST", invalid, &mut out)
        }
        ResponseOutcome::Evaluated(result) => render_evaluation(result, &mut out),
    }
    out
}

fn render_evaluation(result: &ResponseEvaluation, out: &mut String) {
    let _ = writeln!(
        out,
        "Course {} — {}",
        result.id.as_deref().unwrap_or("(no id)"),
        result.criteria.label()
    );
    let measure_header = match result.timepoints.first().map(|t| t.measurement) {
        Some(Measurement::SpdMm2(_)) => "SPD mm²",
        _ => "sum mm",
    };
    let _ = writeln!(
        out,
        "  {:<10}  {:<8}  {:>9}  {:>11}  {:>9}",
        "date", "response", measure_header, "vs baseline", "vs nadir"
    );
    for tp in &result.timepoints {
        let measure = match tp.measurement {
            Measurement::SumMm(Some(q)) | Measurement::SpdMm2(q) => q.to_string(),
            Measurement::SumMm(None) => "—".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {:<10}  {:<8}  {:>9}  {:>11}  {:>9}",
            tp.date.to_string(),
            tp.response.code(),
            measure,
            percent(tp.change_from_baseline_pct),
            percent(tp.change_from_nadir_pct)
        );
        for reason in &tp.reasons {
            let _ = writeln!(out, "      · {reason}");
        }
    }
    let _ = writeln!(
        out,
        "  Best overall response: {} ({})",
        result.best_overall_response.code(),
        if result.confirmed {
            "confirmed"
        } else {
            "not confirmed"
        }
    );
}

fn percent(value: Option<OneDecimal>) -> String {
    match value {
        Some(v) if v.0 > 0 => format!("+{v}%"),
        Some(v) => format!("{v}%"),
        None => "—".to_owned(),
    }
}
