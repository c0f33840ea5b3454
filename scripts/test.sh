#!/usr/bin/env bash
# The one test command (README, .ci/run): formatting, lints, every test of the workspace.
# Installs what the tests need when it is missing. Under CI=true nothing is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== cargo test"
cargo test --workspace --quiet 2>&1 | tee target/test-output.txt
passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' target/test-output.txt | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' target/test-output.txt | awk '{s += $1} END {print s + 0}')
echo "$passed passed, $failed failed"
