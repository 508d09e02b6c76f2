#!/usr/bin/env bash
# ndplay's one test command (the README's): every Rust test, the Python package's tests
# (its wheel built by maturin and installed in a virtual environment, with NumPy and a
# real dask.distributed cluster), then the playground in a real headless Chromium.
# Developers and CI run the same thing:
#   bash scripts/test.sh
# Needs python3 (3.9+, with venv and pip; the packages come from PyPI), Debian's chromium
# at /usr/bin/chromium (or $CHROMIUM) and node + npm; the browser tests' npm dependencies
# are installed with `npm ci` when missing or stale.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

step() { printf '\n==> %s\n' "$*"; }

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# On a fresh Debian machine (as root, like CI) install Debian's chromium ourselves, so the
# one test command works without a setup step.
if [ ! -x "$CHROMIUM" ] && [ "$CHROMIUM" = /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  step "installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "error: the browser tests need Chromium at $CHROMIUM, and it is missing." >&2
  echo "       Install Debian's package:  apt-get update && apt-get install -y chromium" >&2
  echo "       (or point CHROMIUM at a chromium binary)." >&2
  exit 1
fi
for tool in node npm; do
  if ! command -v "$tool" > /dev/null; then
    echo "error: the browser tests need $tool (Node.js 20 or newer), and it is missing." >&2
    exit 1
  fi
done

step "cargo test --workspace"
cargo test --workspace

step "build the ndplay binary for the browser tests"
cargo build -p ndplay --bin ndplay
TARGET_DIR=${CARGO_TARGET_DIR:-target}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
export NDPLAY_BIN="$TARGET_DIR/debug/ndplay"
export CHROMIUM

step "Python package (crates/ndplay-python): maturin wheel, pytest with NumPy and Dask"
# The virtual environment lives in the target folder (fresh on a fresh clone); the wheel
# is built in a target folder of its own, because an extension module is built with
# other PyO3 settings than the console and must not invalidate its build.
PYVENV="$TARGET_DIR/pyvenv"
if [ ! -x "$PYVENV/bin/python" ]; then
  python3 -m venv "$PYVENV"
fi
"$PYVENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r crates/ndplay-python/tests/python/requirements.txt
rm -f "$TARGET_DIR"/wheels/ndplay-*.whl
CARGO_TARGET_DIR="$TARGET_DIR/wheel" "$PYVENV/bin/maturin" build --release \
  -m crates/ndplay-python/Cargo.toml -i "$PYVENV/bin/python" -o "$TARGET_DIR/wheels"
"$PYVENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall \
  --no-deps "$TARGET_DIR"/wheels/ndplay-*.whl
"$PYVENV/bin/python" -m pytest -q crates/ndplay-python/tests/python

step "browser tests (crates/ndplay/tests/e2e, headless Chromium)"
cd crates/ndplay/tests/e2e
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node --test
