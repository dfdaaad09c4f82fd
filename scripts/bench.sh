#!/usr/bin/env bash
# Runs every Kura benchmark and prints its figures (README.md, "Benchmarks"):
#   native  — cargo bench -p kura-core --features testing --bench open_book
#             (decoding and folding the change log, pure Rust)
#           — cargo bench -p kura-core --features testing --bench reports
#             (a demo book of N journal entries: open, trial balance, P&L, ledger),
#             then `ledger bal` on the same entries exported as a journal, for comparison
#   browser — tests/browser_bench.rs in headless Chromium, release build
#             (saving, opening and compacting a book in IndexedDB)
#
#   bash scripts/bench.sh [N]    N = change sets in the opened book (default 100000)
#
# Figures are wall-clock: run it on an otherwise idle machine. The load average
# is printed before and after so a busy run can be recognised.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

N="${1:-100000}"
case "$N" in
  '' | *[!0-9]*) echo "usage: bash scripts/bench.sh [number of change sets]" >&2; exit 2 ;;
esac

bash scripts/setup.sh

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The runner gives the whole page 20 s by default; building and opening a large book takes longer.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-1800}"

load() { echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "=== machine before: $(load)"

echo "=== native: cargo bench -p kura-core --features testing --bench open_book -- $N"
cargo bench -p kura-core --features testing --bench open_book -- "$N"

JOURNAL="$(mktemp --suffix=.journal)"
trap 'rm -f "$JOURNAL"' EXIT
echo "=== native: cargo bench -p kura-core --features testing --bench reports -- $N --journal $JOURNAL"
cargo bench -p kura-core --features testing --bench reports -- "$N" --journal "$JOURNAL"
if command -v ledger >/dev/null; then
  echo "=== ledger -f (the same $N entries) bal: wall time and peak memory"
  /usr/bin/time -f "ledger bal: %e s, max RSS %M KB" ledger -f "$JOURNAL" bal >/dev/null
else
  echo "=== ledger not installed (apt-get install ledger): no comparison"
fi

# Release: the shipped profile (debug wasm is several times slower). --nocapture:
# the runner prints console output of passing tests only with it.
echo "=== browser: KURA_BENCH_SETS=$N cargo test --release --target wasm32-unknown-unknown -p kura --test browser_bench -- --nocapture"
KURA_BENCH_SETS="$N" cargo test --release --target wasm32-unknown-unknown -p kura \
  --test browser_bench -- --nocapture

echo "=== machine after: $(load)"
