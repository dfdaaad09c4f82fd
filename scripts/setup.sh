#!/usr/bin/env bash
# Installs whatever Kura's build and tests need, skipping what is already
# present at the right version. A second run takes seconds.
#
#   Rust target wasm32-unknown-unknown      (rustup)
#   trunk 0.21.14                           (cargo install --locked)
#   wasm-bindgen-cli = version in Cargo.lock (cargo install, NOT --locked)
#   chromium, chromium-driver               (apt; skipped when CHROME_PATH and
#                                            CHROMEDRIVER point at existing files)
#   firefox-esr, geckodriver 0.37.1         (apt; cargo install --locked): the browser
#                                            tests and the engine smoke set in Firefox
#   webkit2gtk-driver, xvfb                 (apt): WebKit (Safari's engine), MiniBrowser
#                                            driven by WebKitWebDriver under Xvfb
#   hledger, ledger, fonts-noto-cjk         (apt: cross-checks, the bench comparison)
#   poppler-utils                           (apt: pdftotext/pdftoppm read the printed PDFs)
#   playwright-core, puppeteer-core, axe-core, binaryen 132 (npm ci, into ./node_modules)
#
# Environment overrides: CHROME_PATH (browser binary), CHROMEDRIVER (driver).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

TRUNK_VERSION="0.21.14"
GECKODRIVER_VERSION="0.37.1"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

setup_start=$SECONDS
log() { printf '[setup] %s\n' "$*"; }

# step NAME CMD... : runs CMD, prints how long it took.
step() {
  local name="$1"; shift
  local t0=$SECONDS
  log "installing: $name"
  "$@"
  log "done: $name ($((SECONDS - t0)) s)"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Rust toolchain pieces -------------------------------------------------
command -v cargo >/dev/null || { log "cargo not found: install Rust with rustup first"; exit 1; }

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "ok: rust target wasm32-unknown-unknown"
else
  step "rust target wasm32-unknown-unknown" rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || { log "could not read the wasm-bindgen version from Cargo.lock"; exit 1; }
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" = "$WB_VERSION" ]; then
  log "ok: wasm-bindgen-cli $WB_VERSION"
else
  # Without --locked: its own lockfile pins a dependency version the registry no longer has.
  step "wasm-bindgen-cli $WB_VERSION (was: ${have_wb:-none}, ~3-5 min)" \
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  log "ok: trunk $TRUNK_VERSION"
else
  step "trunk $TRUNK_VERSION (was: ${have_trunk:-none}, ~8 min)" \
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

have_gecko="$(geckodriver --version 2>/dev/null | awk 'NR == 1 {print $2}' || true)"
if [ "$have_gecko" = "$GECKODRIVER_VERSION" ]; then
  log "ok: geckodriver $GECKODRIVER_VERSION"
else
  step "geckodriver $GECKODRIVER_VERSION (was: ${have_gecko:-none}, ~2 min)" \
    cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

# --- Debian packages -------------------------------------------------------
apt_missing=()
chrome="${CHROME_PATH:-/usr/bin/chromium}"
driver="${CHROMEDRIVER:-/usr/bin/chromedriver}"
if [ -x "$chrome" ] && [ -x "$driver" ]; then
  log "ok: browser $chrome, driver $driver"
elif [ -n "${CHROME_PATH:-}${CHROMEDRIVER:-}" ]; then
  log "CHROME_PATH/CHROMEDRIVER set but not executable: chrome=$chrome driver=$driver"; exit 1
else
  apt_missing+=(chromium chromium-driver)
fi
# The other engines: Firefox (ESR) and WebKit (WebKitWebDriver runs MiniBrowser under Xvfb).
if command -v firefox-esr >/dev/null; then log "ok: firefox-esr"; else apt_missing+=(firefox-esr); fi
if command -v WebKitWebDriver >/dev/null; then log "ok: webkit2gtk-driver"; else apt_missing+=(webkit2gtk-driver); fi
if command -v xvfb-run >/dev/null; then log "ok: xvfb"; else apt_missing+=(xvfb); fi
if command -v hledger >/dev/null; then log "ok: hledger"; else apt_missing+=(hledger); fi
if command -v ledger >/dev/null; then log "ok: ledger"; else apt_missing+=(ledger); fi
if command -v pdftotext >/dev/null; then log "ok: poppler-utils"; else apt_missing+=(poppler-utils); fi
if dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed"; then
  log "ok: fonts-noto-cjk"
else
  apt_missing+=(fonts-noto-cjk)
fi
if [ "${#apt_missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  step "apt-get update" as_root apt-get update -qq
  step "apt: ${apt_missing[*]}" as_root apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
fi

# --- npm packages ----------------------------------------------------------
command -v npm >/dev/null || { log "npm not found: install Node.js 20+"; exit 1; }
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1   # playwright-core never downloads, but be explicit
export PUPPETEER_SKIP_DOWNLOAD=1            # puppeteer-core never downloads either; it drives firefox-esr
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  if [ -f package-lock.json ]; then
    step "npm ci (playwright-core, puppeteer-core, axe-core, binaryen)" npm ci --no-audit --no-fund
  else
    step "npm install (playwright-core, puppeteer-core, axe-core, binaryen)" npm install --no-audit --no-fund
  fi
else
  log "ok: node_modules"
fi
have_opt="$(wasm-opt --version 2>/dev/null || true)"
case "$have_opt" in
  *"version 132"*) log "ok: wasm-opt (npm binaryen) $have_opt" ;;
  *) log "wasm-opt on PATH is not version 132: '$have_opt'"; exit 1 ;;
esac

log "setup complete in $((SECONDS - setup_start)) s"
