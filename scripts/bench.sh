#!/usr/bin/env bash
# Runs every Kura benchmark and prints its figures (README.md, "Benchmarks"), all on
# the demo book of N journal entries (kura_core::demo, the "Create a demo book" generator):
#   native  — cargo bench -p kura-core --features testing --bench open_book
#             (the chunk codec, binary and JSON, and the fold; pure Rust)
#           — cargo bench -p kura-core --features testing --bench reports
#             (open, trial balance, P&L, ledger, memory), then, each as a process of
#             its own, opening the packed log with the trial balance, and `ledger bal`
#             on the same entries exported as a journal, for comparison
#           — cargo bench -p kura-core --features testing --bench trade
#             (sales and purchasing at size: open items, aging, statement,
#             cash forecast, chain, issuing and paying through the commands)
#           — cargo bench -p kura-core --features testing --bench inventory
#             (2,000 items, 200,000 stock moves: indexing, valuing by each
#             method, the valuation report, stock on hand)
#           — cargo bench -p kura-core --features testing --bench backup
#             (the book file with 50 MB of attachments: written and read, plain
#             and encrypted)
#           — cargo bench -p kura-core --features testing --bench sync
#             (a file of 10,000 changes from another device merged into the book)
#   browser — tests/browser_bench.rs in headless Chromium, release build: saving,
#             storing the book, then opening it in a fresh page (see that file)
#
#   bash scripts/bench.sh [N]             N = journal entries (default 100000)
#   bash scripts/bench.sh --native [N]    the native part alone
#   bash scripts/bench.sh --browser [N]   the browser part alone
#
# Figures are wall-clock: run it on an otherwise idle machine. The load average
# is printed before, between and after the parts so a busy run can be recognised.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

NATIVE=1
BROWSER=1
case "${1:-}" in
  --native) BROWSER=0; shift ;;
  --browser) NATIVE=0; shift ;;
esac
N="${1:-100000}"
case "$N" in
  '' | *[!0-9]*) echo "usage: bash scripts/bench.sh [--native | --browser] [number of journal entries]" >&2; exit 2 ;;
esac

bash scripts/setup.sh

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The runner gives the whole page 20 s by default; storing a large book takes longer.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-3600}"

load() { echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "=== machine before: $(load)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ "$NATIVE" = 1 ]; then
  echo "=== native: cargo bench -p kura-core --features testing --bench open_book -- $N"
  cargo bench -p kura-core --features testing --bench open_book -- "$N"
  echo "=== machine: $(load)"

  JOURNAL="$WORK/books.journal"
  LOG="$WORK/books.log"
  echo "=== native: cargo bench -p kura-core --features testing --bench reports -- $N --journal $JOURNAL --log $LOG"
  cargo bench -p kura-core --features testing --bench reports -- "$N" --journal "$JOURNAL" --log "$LOG"
  # The same work as `ledger bal` (read the book from a file, build it in memory,
  # the trial balance), each in a process of its own: wall time and peak memory.
  REPORTS="$(cargo bench -p kura-core --features testing --bench reports --no-run --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)"
  echo "=== kura: open the packed log of the $N entries and compute the trial balance"
  /usr/bin/time -f "kura open + trial balance: %e s, max RSS %M KB" "$REPORTS" --open "$LOG"
  if command -v ledger >/dev/null; then
    echo "=== ledger -f (the same $N entries) bal"
    /usr/bin/time -f "ledger bal: %e s, max RSS %M KB" ledger -f "$JOURNAL" bal >/dev/null
  else
    echo "=== ledger not installed (apt-get install ledger): no comparison"
  fi
  rm -f "$JOURNAL" "$LOG"
  echo "=== native: cargo bench -p kura-core --features testing --bench trade (20,000 invoices)"
  cargo bench -p kura-core --features testing --bench trade
  echo "=== native: cargo bench -p kura-core --features testing --bench inventory (2,000 items, 200,000 stock moves)"
  cargo bench -p kura-core --features testing --bench inventory
  echo "=== native: cargo bench -p kura-core --features testing --bench backup -- $N (with 50 MB of attachments)"
  cargo bench -p kura-core --features testing --bench backup -- "$N"
  echo "=== native: cargo bench -p kura-core --features testing --bench sync -- $N (a file of 10,000 changes)"
  cargo bench -p kura-core --features testing --bench sync -- "$N"
  echo "=== machine: $(load)"
fi

if [ "$BROWSER" = 1 ]; then
  # One page load per test, in one Chromium profile and on one origin (IndexedDB is
  # kept per profile and origin), so the book the second test stores is opened by the
  # third in a fresh page with a fresh wasm memory.
  cat >"$WORK/webdriver.json" <<JSON
  { "goog:chromeOptions": { "args": ["--user-data-dir=$WORK/chromium"] } }
JSON
  export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$WORK/webdriver.json"
  export WASM_BINDGEN_TEST_ADDRESS="${WASM_BINDGEN_TEST_ADDRESS:-127.0.0.1:18742}"

  # Release: the shipped profile (debug wasm is several times slower). --nocapture:
  # the runner prints console output of passing tests only with it. The open runs
  # three times, each in a fresh page: on a shared machine one run can be unlucky.
  for test in save_one_set_per_transaction save_through_the_write_path store_the_demo_book \
    open_the_demo_book open_the_demo_book open_the_demo_book; do
    echo "=== browser: KURA_BENCH_ENTRIES=$N cargo test --release --target wasm32-unknown-unknown -p kura --test browser_bench -- --nocapture $test"
    KURA_BENCH_ENTRIES="$N" cargo test --release --target wasm32-unknown-unknown -p kura \
      --test browser_bench -- --nocapture "$test"
    echo "=== machine: $(load)"
  done
  # Backup and restore of the book with 50 MB of attachments, in the page.
  echo "=== browser: KURA_BENCH_ENTRIES=$N cargo test --release --target wasm32-unknown-unknown -p kura --test backup -- --include-ignored --nocapture benchmark"
  KURA_BENCH_ENTRIES="$N" cargo test --release --target wasm32-unknown-unknown -p kura \
    --test backup -- --include-ignored --nocapture benchmark
  echo "=== machine: $(load)"
fi
