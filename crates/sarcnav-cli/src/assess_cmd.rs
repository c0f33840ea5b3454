//! `sarcnav assess`: one case in, one result out.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use sarcnav_core::{Context, assess_json, report::render_text};

pub fn run(file: &PathBuf, text: bool, ctx: &Context<'_>) -> anyhow::Result<ExitCode> {
    let input = crate::read_input(file)?;
    let outcome = assess_json(&input, ctx);
    let mut stdout = std::io::stdout().lock();
    if text {
        stdout.write_all(render_text(&outcome).as_bytes())?;
    } else {
        serde_json::to_writer_pretty(&mut stdout, &outcome).context("writing the result")?;
        writeln!(stdout)?;
    }
    stdout.flush()?;
    Ok(if outcome.is_invalid() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
