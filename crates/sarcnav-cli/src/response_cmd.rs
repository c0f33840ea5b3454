//! `sarcnav response`: response evaluation over treatment courses (contract §6). NDJSON in, one
//! result line per input line out, in order, blank and malformed lines included (like `batch`).

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use sarcnav_core::response::{evaluate_json, render_text};

/// Reads requests from `file` (`-` for standard input) and writes one result per line: JSON, or
/// with `text` a readable table per request. Counts go to stderr; exit 0 when every line was
/// processed.
pub fn run(file: &PathBuf, text: bool) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn Read> = if file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let (mut evaluated, mut invalid) = (0u64, 0u64);
    let mut raw = Vec::new();
    loop {
        raw.clear();
        if reader
            .read_until(b'\n', &mut raw)
            .context("reading input")?
            == 0
        {
            break;
        }
        crate::batch::strip_newline(&mut raw);
        // A line that is not UTF-8 is still one line: it becomes an error result.
        let line = String::from_utf8_lossy(&raw);
        let outcome = evaluate_json(&line);
        if outcome.is_invalid() {
            invalid += 1;
        } else {
            evaluated += 1;
        }
        if text {
            if evaluated + invalid > 1 {
                out.write_all(b"\n").context("writing results")?;
            }
            let table = render_text(&outcome);
            out.write_all(table.as_bytes()).context("writing results")?;
            if !table.ends_with('\n') {
                out.write_all(b"\n").context("writing results")?;
            }
        } else {
            serde_json::to_writer(&mut out, &outcome).context("writing results")?;
            out.write_all(b"\n").context("writing results")?;
        }
    }
    out.flush().context("writing results")?;
    eprintln!(
        "response: {} lines, {evaluated} evaluated, {invalid} invalid",
        evaluated + invalid
    );
    Ok(ExitCode::SUCCESS)
}
