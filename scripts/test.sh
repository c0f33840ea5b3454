#!/usr/bin/env bash
# The one test command (README, .ci/run): formatting, lints, every test of the workspace.
# Installs what the tests need when it is missing. Under CI=true nothing is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# The store suite (crates/sarcnav-store/tests/store_suite.rs) starts its own PostgreSQL server
# with initdb/pg_ctl; under CI=true it fails without them, so install Debian's package if missing.
have_initdb() {
  command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}
if ! have_initdb; then
  echo "== installing PostgreSQL (initdb not found)"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "not root: install the postgresql package to run the store suite on PostgreSQL" >&2
  fi
fi

echo "== cargo test"
cargo test --workspace --quiet 2>&1 | tee target/test-output.txt
passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' target/test-output.txt | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' target/test-output.txt | awk '{s += $1} END {print s + 0}')
echo "== sarcnav kb check (knowledge schema, citations, reviewed sources)"
# The binary `cargo test --workspace` just built (a `cargo run -p` here would rebuild the
# dependencies with that package's feature set alone).
target/debug/sarcnav kb check
# Per-backend counts of the store suite (printed mid-line among --quiet's progress dots).
grep -Eo 'store suite: .*' target/test-output.txt || true
echo "$passed passed, $failed failed"
