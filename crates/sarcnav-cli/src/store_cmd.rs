//! The store commands: `patient add|list|show`, `record`, `timeline`, `replay` and
//! `audit verify|log`. Thin: `sarcnav-store` does the work; this module picks the database,
//! runs the async store on a tokio runtime and prints tables, summaries or JSON.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use sarcnav_core::{Context, Knowledge};
use sarcnav_store::{AuditReport, RecordRef, Store, StoreError};
use serde::Serialize;

/// Global options of the store commands.
#[derive(Args, Debug, Clone, Default)]
pub struct StoreOptions {
    /// Store database: sqlite:PATH or postgres://USER@HOST:PORT/DB (default:
    /// $SARCNAV_DATABASE_URL, else sarcnav.db in $SARCNAV_DATA_DIR, $XDG_DATA_HOME/sarcnav or
    /// ~/.local/share/sarcnav).
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,
    /// Who is written to the audit log (default: $USER, else "unknown").
    #[arg(long, global = true, value_name = "NAME")]
    pub actor: Option<String>,
}

/// The store subcommands (flattened into the top-level command list).
#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Patients in the store: add, list, show.
    Patient {
        #[command(subcommand)]
        action: PatientAction,
    },
    /// Record a case or a response request for a patient, with its result.
    ///
    /// A case (contract §1) is assessed with the built-in knowledge; a response request (§6:
    /// it has `criteria`) is evaluated. The input, the result, the knowledge version and an
    /// audit row are stored in one transaction.
    ///
    /// Exit status: 0 stored, 1 invalid input (the errors are printed, nothing is stored),
    /// 2 usage, I/O or database error.
    Record {
        /// Patient: internal id or external id.
        patient: String,
        /// Input file, or `-` (default) for standard input.
        #[arg(default_value = "-")]
        file: PathBuf,
        /// Print what was stored as JSON.
        #[arg(long)]
        json: bool,
    },
    /// A patient's staging and responses over time, in date order.
    Timeline {
        /// Patient: internal id or external id.
        patient: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Re-run a stored record against the current knowledge and show what changed.
    ///
    /// An assessment is re-run at the date it was assessed; a response evaluation with the
    /// current rules. Exit status 0 whether or not anything changed.
    Replay {
        /// The record: A<id> (or a bare number) for an assessment, R<id> for a response
        /// evaluation, as `timeline` and `patient show` list them.
        record: String,
        /// Load the knowledge from this directory (laid out like `knowledge/`) instead of the
        /// built-in knowledge.
        #[arg(long, value_name = "DIR")]
        knowledge_dir: Option<PathBuf>,
        /// Print JSON (the changes, and the stored and replayed results).
        #[arg(long)]
        json: bool,
    },
    /// The audit log: verify the hash chain and the rows it covers, or list it.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
}

/// `sarcnav patient …`
#[derive(Subcommand, Debug)]
pub enum PatientAction {
    /// Add a patient by external id (e.g. a hospital number); prints the internal id.
    Add {
        /// The external id: unique, 1–200 characters.
        external_id: String,
        /// Print the patient as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the patients with their record counts.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show a patient and the records stored for it.
    Show {
        /// Internal id or external id.
        patient: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `sarcnav audit …`
#[derive(Subcommand, Debug)]
pub enum AuditAction {
    /// Verify the hash chain and every row it covers.
    ///
    /// Recomputes the audit chain and re-hashes every patient, assessment and response
    /// evaluation. Exit status 0 intact, 1 a row was changed or deleted (the first broken row
    /// is named), 2 error.
    Verify {
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the audit log, oldest first.
    Log {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// Runs one store command on a fresh single-threaded tokio runtime.
pub fn run(
    command: StoreCommand,
    options: &StoreOptions,
    ctx: &Context<'_>,
) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let url = match &options.database_url {
            Some(url) => Some(url.clone()),
            None => database_url()?,
        };
        let store = match url {
            Some(url) => Store::open(&url).await,
            None => Store::open_default().await,
        }
        .context("opening the store")?;
        let result = dispatch(&store, command, &actor(options), ctx).await;
        store.close().await;
        result
    })
}

/// `$SARCNAV_DATABASE_URL`, when set and not empty.
fn database_url() -> anyhow::Result<Option<String>> {
    match std::env::var("SARCNAV_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Ok(Some(url)),
        Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
        Err(e) => Err(e).context("reading SARCNAV_DATABASE_URL"),
    }
}

/// `--actor`, else `$USER`, else `unknown`.
fn actor(options: &StoreOptions) -> String {
    options
        .actor
        .clone()
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "unknown".to_owned())
}

async fn dispatch(
    store: &Store,
    command: StoreCommand,
    actor: &str,
    ctx: &Context<'_>,
) -> anyhow::Result<ExitCode> {
    match command {
        StoreCommand::Patient { action } => patient(store, action, actor).await,
        StoreCommand::Record {
            patient,
            file,
            json,
        } => record(store, &patient, &file, json, actor, ctx).await,
        StoreCommand::Timeline { patient, json } => timeline(store, &patient, json).await,
        StoreCommand::Replay {
            record,
            knowledge_dir,
            json,
        } => {
            replay(
                store,
                &record,
                knowledge_dir.as_deref(),
                json,
                ctx.knowledge,
            )
            .await
        }
        StoreCommand::Audit { action } => audit(store, action).await,
    }
}

fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(value).context("writing JSON")?;
    println!("{text}");
    Ok(())
}

/// Prints rows as aligned columns under a header (the last column is not padded).
fn print_table(header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}  "));
            }
        }
        println!("{}", out.trim_end());
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
}

async fn patient(store: &Store, action: PatientAction, actor: &str) -> anyhow::Result<ExitCode> {
    match action {
        PatientAction::Add { external_id, json } => {
            let p = store.add_patient(&external_id, actor).await?;
            if json {
                print_json(&p)?;
            } else {
                println!("added patient {} (external id {})", p.id, p.external_id);
            }
        }
        PatientAction::List { json } => {
            let list = store.patients().await?;
            if json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("(no patients)");
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|s| {
                        vec![
                            s.patient.id.to_string(),
                            s.patient.external_id.clone(),
                            s.assessments.to_string(),
                            s.response_evaluations.to_string(),
                            s.patient.created_at.clone(),
                        ]
                    })
                    .collect();
                print_table(
                    &["ID", "EXTERNAL ID", "ASSESSMENTS", "RESPONSES", "CREATED"],
                    &rows,
                );
            }
        }
        PatientAction::Show { patient, json } => {
            let detail = store.patient_detail(&patient).await?;
            if json {
                print_json(&detail)?;
            } else {
                let p = &detail.patient;
                println!("patient {} (external id {})", p.id, p.external_id);
                println!("added {} by {}", p.created_at, p.created_by);
                if detail.records.is_empty() {
                    println!("(no records)");
                } else {
                    println!();
                    let rows: Vec<Vec<String>> = detail
                        .records
                        .iter()
                        .map(|r| {
                            vec![
                                r.record.to_string(),
                                r.date.clone(),
                                r.knowledge_version.clone(),
                                format!("{} by {}", r.recorded_at, r.recorded_by),
                                r.summary.clone(),
                            ]
                        })
                        .collect();
                    print_table(
                        &["RECORD", "DATE", "KNOWLEDGE", "RECORDED", "SUMMARY"],
                        &rows,
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn record(
    store: &Store,
    patient: &str,
    file: &PathBuf,
    json: bool,
    actor: &str,
    ctx: &Context<'_>,
) -> anyhow::Result<ExitCode> {
    let input = crate::read_input(file)?;
    match store.record(patient, &input, ctx, actor).await {
        Ok(rec) => {
            if json {
                print_json(&rec)?;
            } else {
                println!(
                    "recorded {} for patient {} ({}): {}",
                    rec.record, rec.patient.id, rec.patient.external_id, rec.summary
                );
                println!(
                    "  date {}, knowledge {}, audit row {}",
                    rec.date, rec.knowledge_version, rec.audit_seq
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::Rejected(invalid)) => {
            print_json(&invalid)?;
            eprintln!(
                "sarcnav: record: invalid input ({} error(s)): nothing stored",
                invalid.errors.len()
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

async fn timeline(store: &Store, patient: &str, json: bool) -> anyhow::Result<ExitCode> {
    let t = store.timeline(patient).await?;
    if json {
        print_json(&t)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "Timeline of patient {} (external id {})",
        t.patient.id, t.patient.external_id
    );
    if t.entries.is_empty() {
        println!("(no records)");
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = t
        .entries
        .iter()
        .map(|e| {
            vec![
                e.date.clone(),
                e.record.to_string(),
                e.kind.name().to_owned(),
                e.result.clone(),
                e.detail.clone(),
            ]
        })
        .collect();
    print_table(&["DATE", "RECORD", "KIND", "RESULT", "DETAIL"], &rows);
    Ok(ExitCode::SUCCESS)
}

/// A value for one diff line, shortened when long (the JSON output has it whole).
fn shorten(text: String) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        text
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

async fn replay(
    store: &Store,
    record: &str,
    knowledge_dir: Option<&Path>,
    json: bool,
    embedded: &Knowledge,
) -> anyhow::Result<ExitCode> {
    let record: RecordRef = record.parse()?;
    let loaded;
    let knowledge = match knowledge_dir {
        Some(dir) => {
            loaded = sarcnav_knowledge::load_dir(dir)
                .with_context(|| format!("loading the knowledge in {}", dir.display()))?;
            &loaded
        }
        None => embedded,
    };
    let replay = store.replay(record, knowledge).await?;
    if json {
        print_json(&replay)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "replay of {} (patient {}), dated {}, recorded {} with knowledge {}; replayed with knowledge {}",
        replay.record,
        replay.patient_id,
        replay.date,
        replay.recorded_at,
        replay.stored_knowledge_version,
        replay.current_knowledge_version
    );
    if replay.changes.is_empty() {
        println!("no change: the result is the same");
    } else {
        for change in &replay.changes {
            println!("  {}", shorten(change.to_string()));
        }
        let n = replay.changes.len();
        println!("{n} change{}", if n == 1 { "" } else { "s" });
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn report_summary(report: &AuditReport) -> String {
    let count = |k: &str| report.objects.get(k).copied().unwrap_or(0);
    format!(
        "{}; {}, {}, {}",
        plural(report.rows, "audit row", "audit rows"),
        plural(count("patient"), "patient", "patients"),
        plural(count("assessment"), "assessment", "assessments"),
        plural(
            count("response_evaluation"),
            "response evaluation",
            "response evaluations"
        )
    )
}

async fn audit(store: &Store, action: AuditAction) -> anyhow::Result<ExitCode> {
    match action {
        AuditAction::Verify { json } => {
            let report = store.verify_audit().await?;
            if json {
                print_json(&report)?;
            } else if let Some(first) = report.problems.first() {
                println!("audit verify: FAILED ({})", report_summary(&report));
                println!("first broken row: {first}");
                if report.problems.len() > 1 {
                    println!("further problems:");
                    for p in &report.problems[1..] {
                        println!("  - {p}");
                    }
                }
            } else {
                println!(
                    "audit verify: ok — chain intact, every row matches its hash ({})",
                    report_summary(&report)
                );
            }
            if !report.is_ok() {
                eprintln!(
                    "sarcnav: audit verify: the store was changed outside sarcnav ({} problem(s))",
                    report.problems.len()
                );
                return Ok(ExitCode::from(1));
            }
        }
        AuditAction::Log { json } => {
            let log = store.audit_log().await?;
            if json {
                print_json(&log)?;
            } else if log.is_empty() {
                println!("(empty audit log)");
            } else {
                let rows: Vec<Vec<String>> = log
                    .iter()
                    .map(|e| {
                        vec![
                            e.seq.to_string(),
                            e.at.clone(),
                            e.actor.clone(),
                            e.action.clone(),
                            format!("{} {}", e.object_type, e.object_id),
                            e.hash.chars().take(16).collect(),
                        ]
                    })
                    .collect();
                print_table(&["SEQ", "AT", "ACTOR", "ACTION", "OBJECT", "HASH"], &rows);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
