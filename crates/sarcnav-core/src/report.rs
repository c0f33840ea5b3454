//! A readable plain-text report of one result, for `assess --text` and the web UI.

use std::fmt::Write;

use crate::contract::{Assessment, InvalidInput, Outcome, Staging};

/// Renders a result as a report a clinician can read.
pub fn render_text(outcome: &Outcome<'_>) -> String {
    let mut out = String::new();
    match outcome {
        Outcome::Invalid(invalid) => render_invalid("Case", "INVALID INPUT", invalid, &mut out),
        Outcome::Assessed(a) => render_assessment(a, &mut out),
    }
    out
}

/// Renders an error result: the heading (`Case x: INVALID INPUT`), then every error with its field.
pub(crate) fn render_invalid(kind: &str, verdict: &str, invalid: &InvalidInput, out: &mut String) {
    let _ = writeln!(
        out,
        "{kind} {}: {verdict}",
        invalid.id.as_deref().unwrap_or("(no id)")
    );
    for e in &invalid.errors {
        let _ = writeln!(
            out,
            "  ✗ {}: {}",
            e.field.as_deref().unwrap_or("(input)"),
            e.message
        );
    }
}

fn render_assessment(a: &Assessment<'_>, out: &mut String) {
    let _ = writeln!(
        out,
        "Case {} — {}",
        a.id.as_deref().unwrap_or("(no id)"),
        a.disease.name().replace('_', " ")
    );
    if let Some(subtype) = a.subtype {
        let _ = writeln!(out, "Subtype: {}", subtype.name().replace('_', " "));
    }
    let _ = writeln!(out, "\nSTAGING");
    match &a.staging {
        Some(Staging::Ajcc8(s)) => {
            let show = |v: Option<&str>| v.unwrap_or("—").to_owned();
            let _ = writeln!(out, "  System: AJCC 8th edition ({})", s.site_group.label());
            let _ = writeln!(
                out,
                "  T: {}  N: {}  M: {}  Grade: {}",
                show(s.t.map(|t| t.name())),
                show(s.n.map(|n| n.name())),
                show(s.m.map(|m| m.name())),
                show(s.grade.map(|g| g.name()))
            );
            if let Some(f) = s.fnclcc {
                let _ = writeln!(
                    out,
                    "  FNCLCC: differentiation {} + mitotic {} + necrosis {} = {}",
                    f.differentiation, f.mitotic, f.necrosis, f.total
                );
            }
            let _ = writeln!(
                out,
                "  Stage group: {}",
                show(s.stage_group.map(|g| g.name()))
            );
            if s.recurrent {
                let _ = writeln!(out, "  Recurrent: yes");
            }
        }
        Some(Staging::Actg(s)) => {
            let _ = writeln!(
                out,
                "  System: ACTG (AIDS-associated KS)\n  T: {}  I: {}  S: {}",
                s.t, s.i, s.s
            );
        }
        Some(Staging::Khe(s)) => {
            let yn = |b: bool| if b { "yes" } else { "no" };
            let _ = writeln!(
                out,
                "  Kasabach-Merritt phenomenon: {}  Complicated: {}  Severe: {}",
                yn(s.kasabach_merritt),
                yn(s.complicated),
                yn(s.severe)
            );
        }
        None => {
            let _ = writeln!(out, "  none (see explanation)");
        }
    }
    let _ = writeln!(out, "\nOPTIONS");
    if a.options.is_empty() {
        let _ = writeln!(out, "  (none listed)");
    }
    for (i, o) in a.options.iter().enumerate() {
        let status = o.status.label();
        let _ = writeln!(out, "  {}. {} [{}; {}]", i + 1, o.name, o.modality, status);
        if !o.agents.is_empty() {
            let _ = writeln!(out, "     agents: {}", o.agents.join(", "));
        }
        let _ = writeln!(out, "     why: {}", o.rationale);
        for e in o.evidence {
            let level = e.level.as_deref().unwrap_or("no level printed");
            let pmids = if e.pmids.is_empty() {
                String::new()
            } else {
                format!("; PMID {}", e.pmids.join(", "))
            };
            let _ = writeln!(
                out,
                "     evidence: {level}{pmids} — {} › {}",
                e.source, e.section
            );
        }
        for c in o.cautions {
            let _ = writeln!(out, "     caution: {c}");
        }
    }
    for x in &a.excluded {
        let _ = writeln!(out, "  excluded {}: {}", x.id, x.reason);
    }
    if !a.cautions.is_empty() {
        let _ = writeln!(out, "\nCAUTIONS");
        for c in &a.cautions {
            let _ = writeln!(out, "  ! {c}");
        }
    }
    if !a.warnings.is_empty() {
        let _ = writeln!(out, "\nWARNINGS");
        for w in &a.warnings {
            let _ = writeln!(
                out,
                "  ⚠ {}: {}",
                w.field.as_deref().unwrap_or("(case)"),
                w.message
            );
        }
    }
    let _ = writeln!(out, "\nEXPLANATION");
    for line in &a.explanation {
        let _ = writeln!(out, "  - {line}");
    }
    let _ = writeln!(out, "\nKNOWLEDGE {}", a.knowledge.version);
    for s in &a.knowledge.sources {
        let reviewed = s
            .last_reviewed
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into());
        let due = s
            .review_due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into());
        let flag = if s.overdue {
            "  OVERDUE for review"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {} (last reviewed {reviewed}, review due {due}){flag}",
            s.title
        );
    }
    let _ = writeln!(
        out,
        "\nDecision support for clinicians, not a replacement for clinical judgment."
    );
}
