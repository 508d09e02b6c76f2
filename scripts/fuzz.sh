#!/usr/bin/env bash
# Fuzzes every ndplay-io file parser, and the server's upload path, with libFuzzer, SECONDS seconds each (default 20):
#   bash scripts/fuzz.sh [SECONDS]
# Installs cargo-fuzz (pinned) if it is missing, builds the targets in fuzz/ on stable
# Rust (no sanitizer: see CONTRIBUTING.md, "Fuzzing"), then runs each one from its seed
# corpus in fuzz/corpus/<target>/. Inputs libFuzzer finds interesting go to a scratch
# corpus under the target directory (kept between runs, never committed); a crashing
# input goes to fuzz/artifacts/<target>/. Exits non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${1:-20}"
cargo_fuzz_version="0.13.2"

# target, then the largest input libFuzzer may make for it: room for the largest
# .npy header NumPy reads (10,000 bytes) and some data; a few members for .npz; for an
# upload, one byte (which picks the file name) more than the largest file format's.
targets=(
  "npy 12288"
  "npy_header 12288"
  "npz 16384"
  "safetensors 8192"
  "csv 4096"
  "upload 16385"
)

if ! cargo fuzz --version 2>/dev/null | grep -qx "cargo-fuzz $cargo_fuzz_version"; then
  echo "==> installing cargo-fuzz $cargo_fuzz_version"
  cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked
fi

echo "==> rustfmt --check (fuzz/ is its own workspace, outside cargo fmt --all)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check

echo "==> building the fuzz targets"
cargo fuzz build --sanitizer none

scratch="${CARGO_TARGET_DIR:-$PWD/fuzz/target}/fuzz-corpus"
failed=()
for entry in "${targets[@]}"; do
  read -r target max_len <<<"$entry"
  echo "==> fuzzing $target for ${secs}s (max_len $max_len)"
  mkdir -p "$scratch/$target"
  log="$scratch/$target.log"
  # The scratch corpus comes first: libFuzzer adds new inputs to the first directory.
  if cargo fuzz run --sanitizer none "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$secs" -max_len="$max_len" -rss_limit_mb=512 -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/$target: /"
  else
    tail -n 60 "$log"
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "fuzzing failed: ${failed[*]} (inputs in fuzz/artifacts/, logs in $scratch/)" >&2
  exit 1
fi
echo "fuzzing: every target ran ${secs}s without a crash"
