//! The floor for `sarcnav batch` timings: parses each NDJSON line into a generic
//! `serde_json::Value` and writes it back, with the same buffered I/O and release profile.
//! Nothing can be faster than reading and writing the data, so `batch` is reported as a ratio
//! to this program measured in the same run (`scripts/bench-batch.sh`).

use std::io::{BufRead, BufWriter, Write};

fn main() -> std::io::Result<()> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut lines = 0u64;
    for line in stdin.lines() {
        let line = line?;
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(value) => serde_json::to_writer(&mut out, &value)?,
            Err(e) => write!(out, "{{\"error\":{:?}}}", e.to_string())?,
        }
        out.write_all(b"\n")?;
        lines += 1;
    }
    out.flush()?;
    eprintln!("floor: {lines} lines");
    Ok(())
}
