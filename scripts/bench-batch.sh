#!/usr/bin/env bash
# Times `sarcnav batch` on N generated cases against the floor program (parse each line into a
# serde_json::Value and write it back), both release builds, in the same run, output to /dev/null.
# Prints the best of
# three wall-clock runs, lines per second and the ratio to the floor for each mode.
#
# Usage: scripts/bench-batch.sh [N]   (default 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300000}
cargo build --release --quiet -p sarcnav-cli --bin sarcnav --example ndjson_floor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/gen-cases.py "$n" > "$work/cases.ndjson"
echo "input: $n cases, $(du -h "$work/cases.ndjson" | cut -f1); $(nproc) cores"
python3 - "$work" "$n" <<'PY'
import os, subprocess, sys, time
work, n = sys.argv[1], int(sys.argv[2])
bin, floor = "target/release/sarcnav", "target/release/examples/ndjson_floor"
def best(cmd):
    times = []
    for _ in range(3):
        # Output goes to /dev/null: full results are ~6 KB a line (1.7 GB for 300,000 cases),
        # so writing them to disk would measure the disk, not sarcnav.
        with open(f"{work}/cases.ndjson", "rb") as i, open(os.devnull, "wb") as o:
            t0 = time.perf_counter()
            subprocess.run(cmd, stdin=i, stdout=o, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t0)
    return min(times)
f = best([floor])
rows = [("floor (Value parse + write)", f)]
for name, cmd in [
    ("batch --only staging", [bin, "batch", "--only", "staging"]),
    ("batch --only staging --threads 1", [bin, "batch", "--only", "staging", "--threads", "1"]),
    ("batch (full output)", [bin, "batch"]),
    ("batch (full output) --threads 1", [bin, "batch", "--threads", "1"]),
]:
    rows.append((name, best(cmd)))
print(f"| mode | seconds | lines/s | ratio to floor |\n|---|---:|---:|---:|")
for name, s in rows:
    print(f"| {name} | {s:.3f} | {n / s:,.0f} | {s / f:.2f} |")
PY
