//! `sarcnav`: the command-line front of the sarcnav engine. Thin: it reads input, calls the
//! core with the embedded knowledge, and writes results.

mod assess_cmd;
mod batch;
mod evidence_cmd;
mod kb_cmd;
mod response_cmd;
mod store_cmd;
mod tabular;

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use sarcnav_core::{Date, Knowledge};

const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (knowledge ",
    include_str!("../../../knowledge/VERSION"),
    ")"
);

/// sarcnav — sarcoma clinical decision support: AJCC 8 / FNCLCC staging, Kaposi sarcoma ACTG
/// staging and kaposiform hemangioendothelioma settings, explained and cited. Decision support
/// for clinicians, not a replacement for clinical judgment.
#[derive(Parser)]
#[command(name = "sarcnav", version = LONG_VERSION, long_version = LONG_VERSION)]
struct Cli {
    /// Date used when a case gives no assessment_date (default: today, UTC).
    #[arg(long, global = true, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
    #[command(flatten)]
    store: store_cmd::StoreOptions,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess one case (a JSON object, contract §1) and print the result as JSON.
    ///
    /// Exit status: 0 assessed, 1 invalid input, 2 usage or I/O error.
    Assess {
        /// Case file, or `-` (default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Print a readable report instead of JSON.
        #[arg(long)]
        text: bool,
    },
    /// Assess many cases: NDJSON (or CSV) in, one result per input line out, in order.
    ///
    /// Every line yields one output line, blank and malformed lines included; summary counts go
    /// to stderr. Exit status 0 when every line was processed.
    Batch {
        /// Input file, or `-` (default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Input and output format.
        #[arg(long, value_enum, default_value_t = batch::Format::Ndjson)]
        format: batch::Format,
        /// Emit only part of each result: `staging` is the registry mode (id, disease, subtype,
        /// staging, warnings, errors).
        #[arg(long, value_enum)]
        only: Option<batch::Only>,
        /// Worker threads (default: the number of cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Evaluate response over treatment courses (RECIST 1.1 or ACTG KS, contract §6): NDJSON
    /// requests in, one result line per input line out, in order.
    ///
    /// Blank and malformed lines yield an error line; counts go to stderr. Exit status 0 when
    /// every line was processed.
    Response {
        /// Input file, or `-` (default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Print a readable table per request instead of JSON lines.
        #[arg(long)]
        text: bool,
    },
    /// The evidence library (contract §7): search, show and cite passages of the source
    /// documents, ingest new documents, compare versions.
    Evidence(evidence_cmd::EvidenceArgs),
    /// The knowledge base: check it (run in CI), list its options, record reviewed sections.
    Kb(kb_cmd::KbArgs),
    #[command(flatten)]
    Store(store_cmd::StoreCommand),
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

/// Today's date in UTC, from the system clock.
fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
}

/// Reads a whole file, or standard input for `-`.
pub(crate) fn read_input(path: &PathBuf) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
    } else {
        text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    }
    Ok(text)
}

pub(crate) fn load_knowledge() -> anyhow::Result<Knowledge> {
    sarcnav_knowledge::embedded().context("loading the embedded knowledge base")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let today = cli.today.unwrap_or_else(today_utc);
    let result = load_knowledge().and_then(|knowledge| {
        let ctx = sarcnav_core::Context {
            knowledge: &knowledge,
            today,
        };
        match cli.command {
            Command::Assess { file, text } => assess_cmd::run(&file, text, &ctx),
            Command::Batch {
                file,
                format,
                only,
                threads,
            } => batch::run(&file, format, only, threads, &ctx).map(|()| ExitCode::SUCCESS),
            Command::Response { file, text } => response_cmd::run(&file, text),
            Command::Evidence(args) => evidence_cmd::run(args),
            Command::Kb(args) => kb_cmd::run(args),
            Command::Store(cmd) => store_cmd::run(cmd, &cli.store, &ctx),
        }
    });
    match result {
        Ok(code) => code,
        // A closed pipe (`sarcnav … | head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sarcnav: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
