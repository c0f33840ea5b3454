//! `sarcnav kb`: check, list and review the knowledge base.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use sarcnav_core::Knowledge;
use sarcnav_evidence::Library;
use sarcnav_knowledge::{CheckReport, SectionLookup};

/// `sarcnav kb …`
#[derive(Args)]
pub struct KbArgs {
    #[command(subcommand)]
    command: KbCommand,
}

/// Where the knowledge and the evidence come from (shared by the kb subcommands).
#[derive(Args)]
struct Sources {
    /// Check a knowledge directory laid out like `knowledge/` instead of the embedded knowledge.
    #[arg(long, value_name = "DIR")]
    knowledge_dir: Option<PathBuf>,
    /// Also use the documents ingested into this evidence index (a newer version of a built-in
    /// document replaces it, so changed sections are flagged).
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
}

#[derive(Subcommand)]
enum KbCommand {
    /// Validate the knowledge base: schema, unique ids, known agents, PDQ level-of-evidence
    /// labels, PMIDs, citations that resolve in the evidence library, and cited sections whose
    /// text changed since review. Exit 1 when anything fails.
    Check(Sources),
    /// List the options as a table (or JSON).
    List {
        #[command(flatten)]
        sources: Sources,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Record the fingerprints of every cited section, after a reviewer has checked the entries
    /// citing them: writes `reviewed-sections.toml` (to stdout, or into `--knowledge-dir`).
    Review(Sources),
}

/// Citations resolved through the evidence library.
struct LibraryLookup<'a>(&'a Library);

impl SectionLookup for LibraryLookup<'_> {
    fn section_text(&self, doc: &str, section: &str) -> Option<String> {
        self.0.resolve(doc, section).map(|s| s.text.clone())
    }
}

fn load(sources: &Sources) -> anyhow::Result<(Knowledge, String, Library)> {
    let (knowledge, reviewed) = match &sources.knowledge_dir {
        Some(dir) => {
            let k = sarcnav_knowledge::load_dir(dir)
                .with_context(|| format!("loading knowledge from {}", dir.display()))?;
            let reviewed_path = dir.join("reviewed-sections.toml");
            let reviewed = std::fs::read_to_string(&reviewed_path).unwrap_or_default();
            (k, reviewed)
        }
        None => (
            crate::load_knowledge()?,
            sarcnav_knowledge::REVIEWED_SECTIONS.to_owned(),
        ),
    };
    let library =
        Library::open(sources.index.as_deref()).context("opening the evidence library")?;
    Ok((knowledge, reviewed, library))
}

pub fn run(args: KbArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        KbCommand::Check(sources) => {
            let (knowledge, reviewed, library) = load(&sources)?;
            let report: CheckReport =
                sarcnav_knowledge::check(&knowledge, Some(&LibraryLookup(&library)), &reviewed);
            println!("{report}");
            Ok(if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        KbCommand::List { sources, json } => {
            let (knowledge, _, _) = load(&sources)?;
            if json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &knowledge.options)?;
                println!();
            } else {
                print!("{}", table(&knowledge));
            }
            Ok(ExitCode::SUCCESS)
        }
        KbCommand::Review(sources) => {
            let (knowledge, _, library) = load(&sources)?;
            let text =
                sarcnav_knowledge::reviewed_sections_toml(&knowledge, &LibraryLookup(&library));
            match &sources.knowledge_dir {
                Some(dir) => {
                    let path = dir.join("reviewed-sections.toml");
                    std::fs::write(&path, text)
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!("wrote {}", path.display());
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The options as a fixed-width table: id, status, modality, agents, evidence levels.
fn table(k: &Knowledge) -> String {
    let rows: Vec<[String; 5]> = k
        .options
        .iter()
        .map(|o| {
            let levels: Vec<&str> = o
                .evidence
                .iter()
                .filter_map(|e| e.level.as_deref())
                .collect();
            [
                o.id.clone(),
                o.status.name().to_owned(),
                o.modality.name().to_owned(),
                if o.agents.is_empty() {
                    "—".to_owned()
                } else {
                    o.agents.join(", ")
                },
                if levels.is_empty() {
                    "—".to_owned()
                } else {
                    levels.join(", ")
                },
            ]
        })
        .collect();
    let header = ["id", "status", "modality", "agents", "levels"].map(str::to_owned);
    let mut widths = header.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{} options (knowledge {})\n",
        k.options.len(),
        k.version
    ));
    out
}
