//! CSV in and out for `batch --format csv`: the contract's field names are the columns, list
//! fields are `;`-separated, and each result is flattened to one row.

use std::io::{Read, Write};

use anyhow::Context as _;
use sarcnav_core::contract::{FieldKind, InvalidInput, Outcome, Staging, field_info};
use sarcnav_core::{Context, Detail, FieldError, assess_value_with};
use serde_json::{Map, Number, Value};

use crate::batch::{Counts, Only};

/// The staging columns every result row starts with (the staging keys of every system, flat).
const STAGING: &[&str] = &[
    "id",
    "disease",
    "subtype",
    "system",
    "site_group",
    "t",
    "n",
    "m",
    "i",
    "s",
    "grade",
    "fnclcc_differentiation",
    "fnclcc_mitotic",
    "fnclcc_necrosis",
    "fnclcc_total",
    "stage_group",
    "recurrent",
    "kasabach_merritt",
    "complicated",
    "severe",
];

/// What a full result row adds after the staging columns.
const FULL_TAIL: &[&str] = &[
    "options",
    "excluded",
    "cautions",
    "warnings",
    "explanation",
    "errors",
    "knowledge_version",
    "overdue_sources",
];

/// What a registry-mode row (`--only staging`) adds after the staging columns.
const STAGING_TAIL: &[&str] = &["warnings", "errors"];

/// The output columns for a mode.
fn columns(only: Option<Only>) -> Vec<&'static str> {
    let tail = if only == Some(Only::Staging) {
        STAGING_TAIL
    } else {
        FULL_TAIL
    };
    STAGING.iter().chain(tail).copied().collect()
}

pub fn csv_batch(
    reader: impl Read,
    out: &mut impl Write,
    only: Option<Only>,
    ctx: &Context<'_>,
) -> anyhow::Result<Counts> {
    let mut input = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers: Vec<String> = input
        .headers()
        .context("reading the CSV header")?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let columns = columns(only);
    let mut output = csv::Writer::from_writer(out);
    output.write_record(&columns)?;
    let mut counts = Counts::default();
    let detail = if only == Some(Only::Staging) {
        Detail::Staging
    } else {
        Detail::Full
    };
    for (row, record) in input.records().enumerate() {
        let outcome = match record {
            Ok(record) if record.len() != headers.len() => Outcome::Invalid(InvalidInput {
                id: None,
                errors: vec![FieldError::whole(format!(
                    "row {} has {} cells, the header has {}",
                    row + 2,
                    record.len(),
                    headers.len()
                ))],
            }),
            Ok(record) => assess_value_with(row_to_json(&headers, &record), ctx, detail),
            Err(e) => Outcome::Invalid(InvalidInput {
                id: None,
                errors: vec![FieldError::whole(format!("malformed CSV: {e}"))],
            }),
        };
        if outcome.is_invalid() {
            counts.invalid += 1;
        } else {
            counts.ok += 1;
        }
        output.write_record(columns.iter().map(|c| cell(&outcome, c)))?;
    }
    output.flush()?;
    Ok(counts)
}

/// Turns one CSV row into a JSON case: empty cells are absent; numbers, booleans and lists are
/// read by the field's kind; anything unreadable stays a string so that validation names it.
pub fn row_to_json(headers: &[String], record: &csv::StringRecord) -> Value {
    let mut map = Map::new();
    for (name, raw) in headers.iter().zip(record.iter()) {
        let text = raw.trim();
        if text.is_empty() {
            continue;
        }
        let kind = field_info(name)
            .map(|(kind, _)| kind)
            .unwrap_or(FieldKind::Text);
        let value = match kind {
            FieldKind::Text => Value::String(text.to_owned()),
            FieldKind::Integer => text
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| number_or_string(text)),
            FieldKind::Number => number_or_string(text),
            FieldKind::Bool => match text.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.to_owned()),
            },
            FieldKind::List => Value::Array(
                text.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::String(s.to_owned()))
                    .collect(),
            ),
        };
        map.insert(name.clone(), value);
    }
    Value::Object(map)
}

fn number_or_string(text: &str) -> Value {
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .unwrap_or_else(|| Value::String(text.to_owned()))
}

fn join<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join("; ")
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// One cell of a result row.
fn cell(outcome: &Outcome<'_>, column: &str) -> String {
    let a = match outcome {
        Outcome::Invalid(e) => {
            return match column {
                "id" => opt(e.id.as_deref()),
                "errors" => join(&e.errors, |e| {
                    format!("{}: {}", e.field.as_deref().unwrap_or("(input)"), e.message)
                }),
                _ => String::new(),
            };
        }
        Outcome::Assessed(a) => a,
    };
    let staging = a.staging.as_ref();
    let sarcoma = match staging {
        Some(Staging::Ajcc8(s)) => Some(s),
        _ => None,
    };
    let fnclcc = sarcoma.and_then(|s| s.fnclcc);
    match column {
        "id" => opt(a.id.as_deref()),
        "disease" => a.disease.to_string(),
        "subtype" => opt(a.subtype),
        "system" => opt(staging.map(|s| match s {
            Staging::Ajcc8(x) => x.system,
            Staging::Actg(x) => x.system,
            Staging::Khe(x) => x.system,
        })),
        "site_group" => opt(sarcoma.map(|s| s.site_group.name())),
        "t" => match staging {
            Some(Staging::Ajcc8(s)) => opt(s.t),
            Some(Staging::Actg(s)) => s.t.to_owned(),
            _ => String::new(),
        },
        "n" => opt(sarcoma.and_then(|s| s.n)),
        "m" => opt(sarcoma.and_then(|s| s.m)),
        "i" | "s" => match staging {
            Some(Staging::Actg(x)) => (if column == "i" { x.i } else { x.s }).to_owned(),
            _ => String::new(),
        },
        "grade" => opt(sarcoma.and_then(|s| s.grade)),
        "fnclcc_differentiation" => opt(fnclcc.map(|f| f.differentiation)),
        "fnclcc_mitotic" => opt(fnclcc.map(|f| f.mitotic)),
        "fnclcc_necrosis" => opt(fnclcc.map(|f| f.necrosis)),
        "fnclcc_total" => opt(fnclcc.map(|f| f.total)),
        "stage_group" => opt(sarcoma.and_then(|s| s.stage_group).map(|g| g.name())),
        "recurrent" => opt(sarcoma.map(|s| s.recurrent)),
        "kasabach_merritt" | "complicated" | "severe" => match staging {
            Some(Staging::Khe(k)) => match column {
                "kasabach_merritt" => k.kasabach_merritt,
                "complicated" => k.complicated,
                _ => k.severe,
            }
            .to_string(),
            _ => String::new(),
        },
        "options" => join(&a.options, |o| o.id.to_owned()),
        "excluded" => join(&a.excluded, |x| format!("{}: {}", x.id, x.reason)),
        "cautions" => a.cautions.join("; "),
        "warnings" => join(&a.warnings, |w| {
            format!("{}: {}", w.field.as_deref().unwrap_or("(case)"), w.message)
        }),
        "explanation" => a.explanation.join("; "),
        "knowledge_version" => a.knowledge.version.to_owned(),
        "overdue_sources" => a
            .knowledge
            .sources
            .iter()
            .filter(|s| s.overdue)
            .map(|s| s.id)
            .collect::<Vec<_>>()
            .join("; "),
        _ => String::new(),
    }
}
