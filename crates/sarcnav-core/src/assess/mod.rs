//! Assessing one case: validation that collects every problem, staging with an explanation line
//! for every derived value, and the knowledge the result rests on.

mod kaposi;
mod khe;
mod sarcoma;

use crate::contract::{
    Assessment, CaseInput, Disease, FieldError, InvalidInput, KnowledgeUsed, KsSubtype, Outcome,
    Staging, Warning,
};
use crate::date::Date;
use crate::knowledge::Knowledge;
use crate::options::{CaseFacts, Recommendation, recommend};
use crate::parse::{ParseFailure, parse_case_detailed, parse_value_detailed};

/// What an assessment needs besides the case: the knowledge and today's date (the default
/// `assessment_date`). Passing the date in keeps the core free of clocks.
#[derive(Debug, Clone, Copy)]
pub struct Context<'k> {
    pub knowledge: &'k Knowledge,
    pub today: Date,
}

/// Errors, warnings and explanation lines collected while assessing one case.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    pub errors: Vec<FieldError>,
    pub warnings: Vec<Warning>,
    pub explanation: Vec<String>,
}

impl Notes {
    pub fn error(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            field: Some(field.to_owned()),
            message: message.into(),
        });
    }

    pub fn explain(&mut self, line: impl Into<String>) {
        self.explanation.push(line.into());
    }

    /// Checks that an optional number lies in `[min, max]`; an error on `field` otherwise.
    /// Returns the value only when it is valid.
    pub fn in_range<T: PartialOrd + std::fmt::Display + Copy>(
        &mut self,
        field: &str,
        value: Option<T>,
        min: T,
        max: Option<T>,
        unit: &str,
    ) -> Option<T> {
        let v = value?;
        let ok = v >= min && max.is_none_or(|m| v <= m);
        if ok {
            Some(v)
        } else {
            let range = match max {
                Some(m) => format!("between {min} and {m}{unit}"),
                None => format!("at least {min}{unit}"),
            };
            self.error(field, format!("must be {range}, got {v}"));
            None
        }
    }
}

/// What a disease-specific assessment produced: staging, and the facts the option rules need.
pub(crate) struct Staged<'i> {
    pub subtype: Option<KsSubtype>,
    pub staging: Option<Staging>,
    pub source: &'static str,
    pub facts: CaseFacts<'i>,
}

/// Assesses one case given as JSON text (an NDJSON line).
pub fn assess_json<'k>(text: &str, ctx: &Context<'k>) -> Outcome<'k> {
    finish(parse_case_detailed(text), ctx, Detail::Full)
}

/// How much of a result to compute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Staging, options, exclusions, cautions, and the sources all of them rest on.
    #[default]
    Full,
    /// Staging only (registry mode): `options`, `excluded` and `cautions` stay empty, and
    /// `knowledge.sources` lists the staging tables' source only.
    Staging,
}

/// [`assess_value`] computing only what `detail` asks for.
pub fn assess_value_with<'k>(
    value: serde_json::Value,
    ctx: &Context<'k>,
    detail: Detail,
) -> Outcome<'k> {
    finish(parse_value_detailed(value), ctx, detail)
}

/// [`assess_json`] computing only what `detail` asks for.
pub fn assess_json_with<'k>(text: &str, ctx: &Context<'k>, detail: Detail) -> Outcome<'k> {
    finish(parse_case_detailed(text), ctx, detail)
}

/// Assesses one case given as a JSON value (a CSV row, an HTTP body).
pub fn assess_value<'k>(value: serde_json::Value, ctx: &Context<'k>) -> Outcome<'k> {
    finish(parse_value_detailed(value), ctx, Detail::Full)
}

/// Assesses a parsed case; for one that could not be read whole, adds what the rules find wrong
/// with its readable fields, so that every problem is reported at once.
fn finish<'k>(
    parsed: Result<CaseInput, ParseFailure>,
    ctx: &Context<'k>,
    detail: Detail,
) -> Outcome<'k> {
    let failure = match parsed {
        Ok(case) => return assess_with(&case, ctx, detail),
        Err(failure) => failure,
    };
    let mut invalid = failure.invalid;
    if let Some(Outcome::Invalid(more)) = failure.partial.map(|case| assess(&case, ctx)) {
        let top = |f: &Option<String>| {
            f.as_deref()
                .map(|f| f.split(['[', '.']).next().unwrap_or(f).to_owned())
        };
        let reported: Vec<Option<String>> = invalid.errors.iter().map(|e| top(&e.field)).collect();
        invalid.errors.extend(
            more.errors
                .into_iter()
                .filter(|e| !reported.contains(&top(&e.field))),
        );
    }
    Outcome::Invalid(invalid)
}

/// Assesses one parsed case.
pub fn assess<'k>(input: &CaseInput, ctx: &Context<'k>) -> Outcome<'k> {
    assess_with(input, ctx, Detail::Full)
}

/// [`assess`] computing only what `detail` asks for.
pub fn assess_with<'k>(input: &CaseInput, ctx: &Context<'k>, detail: Detail) -> Outcome<'k> {
    let mut notes = Notes::default();
    notes.in_range("age_years", input.age_years, 0.0, Some(120.0), " years");
    let date = match input.assessment_date {
        Some(date) => date,
        None => {
            notes.warn(
                "assessment_date",
                format!("not given: today's date ({}) is used to judge whether the sources are due for review", ctx.today),
            );
            ctx.today
        }
    };
    let staged = match input.disease {
        None => {
            notes.error(
                "disease",
                "required: one of `soft_tissue_sarcoma`, `kaposi_sarcoma`, `kaposiform_hemangioendothelioma`",
            );
            None
        }
        Some(disease) => {
            for field in input.fields_not_for(disease) {
                notes.error(field, format!("does not apply to disease `{disease}`"));
            }
            Some(match disease {
                Disease::SoftTissueSarcoma => sarcoma::assess(input, &mut notes),
                Disease::KaposiSarcoma => kaposi::assess(input, &mut notes),
                Disease::KaposiformHemangioendothelioma => khe::assess(input, &mut notes),
            })
        }
    };
    let (Some(disease), Some(staged), true) = (input.disease, staged, notes.errors.is_empty())
    else {
        return Outcome::Invalid(InvalidInput {
            id: input.id.clone(),
            errors: notes.errors,
        });
    };
    let rec = match detail {
        Detail::Full => recommend(ctx.knowledge, &staged.facts),
        Detail::Staging => Recommendation::default(),
    };
    let mut source_ids = Vec::with_capacity(rec.sources.len() + 1);
    source_ids.push(staged.source);
    source_ids.extend(rec.sources.iter().copied().filter(|s| *s != staged.source));
    let knowledge = knowledge_used(ctx.knowledge, &source_ids, date, &mut notes);
    Outcome::Assessed(Box::new(Assessment {
        id: input.id.clone(),
        disease,
        subtype: staged.subtype,
        staging: staged.staging,
        options: rec.options,
        excluded: rec.excluded,
        cautions: rec.cautions,
        warnings: notes.warnings,
        explanation: notes.explanation,
        knowledge,
    }))
}

/// The review status of the sources a result rests on, with a warning for each overdue one.
fn knowledge_used<'k>(
    knowledge: &'k Knowledge,
    ids: &[&str],
    date: Date,
    notes: &mut Notes,
) -> KnowledgeUsed<'k> {
    let mut sources = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(source) = knowledge.source(id) else {
            continue;
        };
        let status = source.status_on(date);
        if status.overdue
            && let (Some(last), Some(due)) = (status.last_reviewed, status.review_due)
        {
            notes.warn(
                "assessment_date",
                format!(
                    "source `{}` was last reviewed {last} and was due for review {due}, before the assessment date {date}: check it for changes before relying on this result",
                    source.id
                ),
            );
        }
        sources.push(status);
    }
    KnowledgeUsed {
        version: &knowledge.version,
        sources,
    }
}

/// Well-known source ids, re-exported for the disease modules.
pub(crate) use crate::knowledge::source_ids as sources;
