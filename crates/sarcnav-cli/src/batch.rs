//! `sarcnav batch`: registry-scale assessment. NDJSON lines are read in chunks, assessed on all
//! cores (each worker writes into its own reused buffer) and written back in input order.

use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use sarcnav_core::contract::{Disease, FieldError, KsSubtype, Warning};
use sarcnav_core::{Context, Detail, Outcome, Staging, assess_json_with};
use serde::Serialize;

/// Input and output format of `batch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Ndjson,
    /// A header row of contract field names, then one case per row (list fields `;`-separated).
    Csv,
}

/// Which part of each result to emit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Only {
    /// Registry mode: id, disease, subtype, staging, warnings, errors.
    Staging,
}

/// Lines per chunk: large enough to amortize thread start-up, small enough to stream.
const CHUNK_LINES: usize = 8192;

/// Counts reported on stderr at the end.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub ok: u64,
    pub invalid: u64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.ok += other.ok;
        self.invalid += other.invalid;
    }
}

/// The registry-mode view of a result: the same keys for valid and invalid lines.
#[derive(Serialize)]
pub struct StagingOnly<'a> {
    pub id: Option<&'a str>,
    pub disease: Option<Disease>,
    pub subtype: Option<KsSubtype>,
    pub staging: Option<&'a Staging>,
    pub warnings: &'a [Warning],
    pub errors: &'a [FieldError],
}

impl<'a> StagingOnly<'a> {
    /// The registry view of an outcome.
    pub fn of(outcome: &'a Outcome<'_>) -> StagingOnly<'a> {
        match outcome {
            Outcome::Assessed(a) => StagingOnly {
                id: a.id.as_deref(),
                disease: Some(a.disease),
                subtype: a.subtype,
                staging: a.staging.as_ref(),
                warnings: &a.warnings,
                errors: &[],
            },
            Outcome::Invalid(e) => StagingOnly {
                id: e.id.as_deref(),
                disease: None,
                subtype: None,
                staging: None,
                warnings: &[],
                errors: &e.errors,
            },
        }
    }
}

pub fn run(
    file: &PathBuf,
    format: Format,
    only: Option<Only>,
    threads: Option<usize>,
    ctx: &Context<'_>,
) -> anyhow::Result<()> {
    let (reader, size): (Box<dyn Read>, Option<u64>) = if file.as_os_str() == "-" {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let progress = progress_bar(size);
    let reader = BufReader::with_capacity(1 << 16, progress.wrap_read(reader));
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
        .max(1);
    let counts = match format {
        Format::Ndjson => ndjson(reader, &mut out, only, threads, ctx)?,
        Format::Csv => crate::tabular::csv_batch(reader, &mut out, only, ctx)?,
    };
    out.flush().context("writing results")?;
    progress.finish_and_clear();
    eprintln!(
        "batch: {} lines, {} ok, {} invalid",
        counts.ok + counts.invalid,
        counts.ok,
        counts.invalid
    );
    Ok(())
}

fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match size {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    }
}

/// Assesses one line and appends its result line to `buf`.
pub fn assess_line(
    line: &str,
    only: Option<Only>,
    ctx: &Context<'_>,
    buf: &mut Vec<u8>,
    counts: &mut Counts,
) {
    let detail = match only {
        None => Detail::Full,
        Some(Only::Staging) => Detail::Staging,
    };
    let outcome = assess_json_with(line, ctx, detail);
    if outcome.is_invalid() {
        counts.invalid += 1;
    } else {
        counts.ok += 1;
    }
    let written = match only {
        None => serde_json::to_writer(&mut *buf, &outcome),
        Some(Only::Staging) => serde_json::to_writer(&mut *buf, &StagingOnly::of(&outcome)),
    };
    if written.is_err() {
        // Serializing these types cannot fail; keep the one-line-per-input promise regardless.
        buf.extend_from_slice(br#"{"id":null,"errors":[{"field":null,"message":"internal error: result could not be written"}]}"#);
    }
    buf.push(b'\n');
}

fn ndjson(
    mut reader: impl BufRead,
    out: &mut impl Write,
    only: Option<Only>,
    threads: usize,
    ctx: &Context<'_>,
) -> anyhow::Result<Counts> {
    let mut counts = Counts::default();
    let mut lines: Vec<String> = Vec::with_capacity(CHUNK_LINES);
    let mut buffers: Vec<Vec<u8>> = vec![Vec::with_capacity(1 << 20); threads];
    let mut raw = Vec::new();
    loop {
        let mut filled = 0;
        while filled < CHUNK_LINES {
            raw.clear();
            if reader
                .read_until(b'\n', &mut raw)
                .context("reading input")?
                == 0
            {
                break;
            }
            strip_newline(&mut raw);
            if filled == lines.len() {
                lines.push(String::new());
            }
            let line = &mut lines[filled];
            line.clear();
            // A line that is not UTF-8 is still one line: it becomes an error result.
            line.push_str(&String::from_utf8_lossy(&raw));
            filled += 1;
        }
        if filled == 0 {
            break;
        }
        let chunk = &lines[..filled];
        if threads == 1 || filled < 64 {
            let buf = &mut buffers[0];
            buf.clear();
            for line in chunk {
                assess_line(line, only, ctx, buf, &mut counts);
            }
            out.write_all(buf).context("writing results")?;
        } else {
            let per = filled.div_ceil(threads);
            let parts: Vec<Counts> = std::thread::scope(|scope| {
                let handles: Vec<_> = chunk
                    .chunks(per)
                    .zip(buffers.iter_mut())
                    .map(|(slice, buf)| {
                        scope.spawn(move || {
                            buf.clear();
                            let mut c = Counts::default();
                            for line in slice {
                                assess_line(line, only, ctx, buf, &mut c);
                            }
                            c
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            });
            for (part, buf) in parts.into_iter().zip(&buffers) {
                counts.add(part);
                out.write_all(buf).context("writing results")?;
            }
        }
        if filled < CHUNK_LINES {
            break;
        }
    }
    Ok(counts)
}

/// Removes a trailing `\n` or `\r\n` from a line read with `read_until`.
pub(crate) fn strip_newline(raw: &mut Vec<u8>) {
    if raw.last() == Some(&b'\n') {
        raw.pop();
        if raw.last() == Some(&b'\r') {
            raw.pop();
        }
    }
}
