//! `sarcnav evidence …`: search, show, ingest and compare the evidence library's documents
//! (contract §7). The work is done by `sarcnav-evidence`; this module parses arguments and
//! prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use sarcnav_evidence::{
    ChangeKind, Document, EvidenceError, Library, Section, SectionChange, diff, read_document,
};
use serde_json::json;

/// Arguments of `sarcnav evidence`.
#[derive(Args)]
pub(crate) struct EvidenceArgs {
    #[command(subcommand)]
    command: EvidenceCommand,
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Search the library (BM25): the best passages with their citations.
    ///
    /// Searches the built-in documents, plus those ingested into DIR with `--index DIR`.
    Search {
        /// The question or keywords (several words may be given unquoted).
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// An index directory whose documents are searched too.
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// Print `{"hits": [...]}` (contract §7) instead of a readable list.
        #[arg(long)]
        json: bool,
        /// Number of hits.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Print a cited passage, `DOC#SECTION` (an anchor or a heading path), or a document's
    /// outline with every section's anchor, `DOC`.
    ///
    /// Exit status 1 when the citation does not resolve.
    Show {
        /// `DOC#SECTION` or `DOC`.
        citation: String,
        /// An index directory whose documents are shown too.
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Parse documents (PDQ markdown, PDQ page scrapes, PubMed abstract pages) and add them to
    /// an index directory; the document id is the file name without extension.
    ///
    /// All or nothing: when a file cannot be parsed, every failure is reported and nothing is
    /// ingested (exit status 1). Without `--index` the files are only checked.
    Ingest {
        /// The files.
        #[arg(required = true, num_args = 1..)]
        paths: Vec<PathBuf>,
        /// The index directory (created when missing).
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
    },
    /// Compare two versions of a document by section: added, removed, changed, moved.
    ///
    /// OLD and NEW are files, or ids of documents in the library.
    Diff {
        /// The old version.
        old: String,
        /// The new version.
        new: String,
        /// An index directory to look document ids up in too.
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `sarcnav evidence …`.
pub(crate) fn run(args: EvidenceArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        EvidenceCommand::Search {
            query,
            index,
            json,
            limit,
        } => search(&query.join(" "), index.as_deref(), json, limit),
        EvidenceCommand::Show {
            citation,
            index,
            json,
        } => show(&citation, index.as_deref(), json),
        EvidenceCommand::Ingest { paths, index } => ingest(&paths, index.as_deref()),
        EvidenceCommand::Diff {
            old,
            new,
            index,
            json,
        } => compare(&old, &new, index.as_deref(), json),
    }
}

fn open(index: Option<&Path>) -> anyhow::Result<Library> {
    Library::open(index).context("opening the evidence library")
}

fn search(query: &str, index: Option<&Path>, json: bool, limit: usize) -> anyhow::Result<ExitCode> {
    let library = open(index)?;
    let hits = library.search(query, limit).context("searching")?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &json!({ "hits": hits }))?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        writeln!(out, "no passage matches {query:?}")?;
        return Ok(ExitCode::SUCCESS);
    }
    let bold = std::io::stdout().is_terminal();
    for (rank, hit) in hits.iter().enumerate() {
        let snippet = if bold {
            mark_bold(&hit.snippet)
        } else {
            hit.snippet.clone()
        };
        writeln!(out, "{}. {}  ({:.2})", rank + 1, hit.citation(), hit.score)?;
        writeln!(out, "   {} — {}", hit.title, hit.section)?;
        writeln!(out, "   {snippet}")?;
        if let Some(url) = &hit.url {
            writeln!(out, "   {url}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Turns `**term**` marks into terminal bold.
fn mark_bold(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len());
    for (i, part) in snippet.split("**").enumerate() {
        if i % 2 == 1 {
            out.push_str("\x1b[1m");
            out.push_str(part);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn show(citation: &str, index: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let library = open(index)?;
    let (id, wanted) = match citation.split_once('#') {
        Some((id, section)) => (id.trim(), Some(section)),
        None => (citation.trim(), None),
    };
    let Some(document) = library.document(id) else {
        let ids: Vec<&str> = library.documents().iter().map(|d| d.id.as_str()).collect();
        eprintln!(
            "sarcnav: no document `{id}` in the library; documents: {}",
            ids.join(", ")
        );
        return Ok(ExitCode::from(1));
    };
    let mut out = std::io::stdout().lock();
    let Some(wanted) = wanted else {
        print_outline(&mut out, document, json)?;
        return Ok(ExitCode::SUCCESS);
    };
    let Some(section) = document.resolve(wanted) else {
        eprintln!(
            "sarcnav: `{wanted}` is not a section of {id} (see `sarcnav evidence show {id}` for its anchors)"
        );
        return Ok(ExitCode::from(1));
    };
    let subsections: Vec<&Section> = document.subsections(section).collect();
    if json {
        let value = json!({
            "document": document.id,
            "title": document.title,
            "url": document.url,
            "last_reviewed": document.last_reviewed,
            "anchor": section.anchor,
            "section": section.path_string(),
            "text": section.text,
            "pmids": section.pmids,
            "evidence_levels": section.evidence_levels,
            "subsections": subsections.iter().map(|s| json!({
                "anchor": s.anchor, "section": s.path_string(), "text": s.text,
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{}#{}", document.id, section.anchor)?;
    writeln!(out, "{} — {}", document.title, section.path_string())?;
    if let Some(url) = &document.url {
        writeln!(out, "{url}")?;
    }
    if !section.pmids.is_empty() {
        writeln!(out, "PMIDs: {}", section.pmids.join(", "))?;
    }
    if !section.evidence_levels.is_empty() {
        writeln!(
            out,
            "Levels of evidence: {}",
            section.evidence_levels.join(", ")
        )?;
    }
    writeln!(out)?;
    if !section.text.is_empty() {
        writeln!(out, "{}", section.text)?;
    }
    for sub in subsections {
        writeln!(
            out,
            "\n{} {}",
            "#".repeat(sub.path.len() + 1),
            sub.heading()
        )?;
        if !sub.text.is_empty() {
            writeln!(out, "\n{}", sub.text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_outline(out: &mut impl Write, document: &Document, json: bool) -> anyhow::Result<()> {
    if json {
        let value = json!({
            "document": document.id,
            "title": document.title,
            "url": document.url,
            "format": document.format,
            "last_reviewed": document.last_reviewed,
            "review_frequency": document.review_frequency,
            "sections": document.sections.iter().map(|s| json!({
                "anchor": s.anchor, "section": s.path_string(),
            })).collect::<Vec<_>>(),
        });
        serde_json::to_writer(&mut *out, &value)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "{} — {}", document.id, document.title)?;
    if let Some(url) = &document.url {
        writeln!(out, "{url}")?;
    }
    if let Some(date) = document.last_reviewed {
        let frequency = document
            .review_frequency
            .as_deref()
            .map_or(String::new(), |f| format!(", reviewed {f}"));
        writeln!(out, "last reviewed {date}{frequency}")?;
    }
    writeln!(out)?;
    for section in &document.sections {
        let depth = section.path.len().saturating_sub(1);
        writeln!(
            out,
            "{}{}  #{}",
            "  ".repeat(depth),
            section.heading(),
            section.anchor
        )?;
    }
    Ok(())
}

fn ingest(paths: &[PathBuf], index: Option<&Path>) -> anyhow::Result<ExitCode> {
    let Some(dir) = index else {
        // Check only.
        let mut failed = 0;
        for path in paths {
            match read_document(path) {
                Ok(document) => println!(
                    "ok {}: {} ({} sections)",
                    path.display(),
                    document.id,
                    document.sections.len()
                ),
                Err(e) => {
                    failed += 1;
                    eprintln!("sarcnav: {e}");
                }
            }
        }
        eprintln!(
            "checked {} file(s), {failed} failed; nothing stored (give --index DIR to store)",
            paths.len()
        );
        return Ok(ExitCode::from(u8::from(failed > 0)));
    };
    let started = Instant::now();
    match sarcnav_evidence::ingest(dir, paths) {
        Ok(report) => {
            for d in &report.documents {
                println!(
                    "{} {}: {} ({} sections)",
                    if d.replaced { "replaced" } else { "ingested" },
                    d.id,
                    d.title,
                    d.sections
                );
            }
            let seconds = started.elapsed().as_secs_f64();
            eprintln!(
                "{} document(s), {:.1} KB in {:.2} s ({:.2} MB/s) into {}",
                report.documents.len(),
                report.bytes as f64 / 1e3,
                seconds,
                report.bytes as f64 / 1e6 / seconds.max(1e-9),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(EvidenceError::Rejected { errors, total }) => {
            for e in &errors {
                eprintln!("sarcnav: {e}");
            }
            eprintln!(
                "sarcnav: {} of {total} file(s) could not be parsed; nothing was ingested",
                errors.len()
            );
            Ok(ExitCode::from(1))
        }
        Err(e @ (EvidenceError::Parse { .. } | EvidenceError::DuplicateId { .. })) => {
            eprintln!("sarcnav: {e}; nothing was ingested");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e).context("ingesting"),
    }
}

/// A document from a file, or from the library by id.
fn load_version(spec: &str, library: &Library) -> anyhow::Result<Document> {
    let path = Path::new(spec);
    if path.exists() {
        return Ok(read_document(path)?);
    }
    library
        .document(spec)
        .cloned()
        .with_context(|| format!("{spec}: neither a file nor the id of a document in the library"))
}

fn compare(old: &str, new: &str, index: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let library = open(index)?;
    let old_doc = load_version(old, &library)?;
    let new_doc = load_version(new, &library)?;
    let changes = diff(&old_doc, &new_doc);
    let mut out = std::io::stdout().lock();
    if json {
        let value = json!({
            "old": {"document": old_doc.id, "last_reviewed": old_doc.last_reviewed},
            "new": {"document": new_doc.id, "last_reviewed": new_doc.last_reviewed},
            "changes": changes,
        });
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let count = |kind: ChangeKind| changes.iter().filter(|c| c.change == kind).count();
    writeln!(
        out,
        "{} → {}: {} added, {} removed, {} changed, {} moved",
        old_doc.id,
        new_doc.id,
        count(ChangeKind::Added),
        count(ChangeKind::Removed),
        count(ChangeKind::Changed),
        count(ChangeKind::Moved)
    )?;
    for change in &changes {
        writeln!(out, "{}", describe(change))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn describe(change: &SectionChange) -> String {
    let sign = match change.change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Changed => "~",
        ChangeKind::Moved => ">",
    };
    let mut line = format!("{sign} {}", change.anchor);
    if let Some(old) = &change.old_anchor {
        line.push_str(&format!(" (was {old})"));
    }
    if !change.pmids_added.is_empty() {
        line.push_str(&format!("  +PMID {}", change.pmids_added.join(",")));
    }
    if !change.pmids_removed.is_empty() {
        line.push_str(&format!("  -PMID {}", change.pmids_removed.join(",")));
    }
    line
}
