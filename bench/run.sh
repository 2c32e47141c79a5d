#!/usr/bin/env bash
# Benchmark: time and peak memory of `bangfu run` over generated batches.
# Usage: bench/run.sh [ROWS...]   (default 10000 100000)
# Prints one line per batch size: the current month alone (2026-11/), then the whole
# sample, three months run oldest first (each later month reads the earlier archives).
# The numbers are written down in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bangfu-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/bangfu"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-8s %-7s %-10s %-10s %-12s %-12s %-12s\n' rows unions sample_s month_s month_mb months_s months_mb
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
for rows in "${sizes[@]}"; do
  unions=$(( rows / 500 > 3 ? rows / 500 : 3 ))
  start=$(date +%s.%N)
  "$bin" sample --out "$work/in-$rows" --rows "$rows" --unions "$unions" > /dev/null
  made=$(date +%s.%N)
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run "$work/in-$rows/2026-11" --out "$work/month-$rows" > /dev/null || true
  read -r month_s month_kb < <(tail -n 1 "$work/time")
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" run "$work/in-$rows" --out "$work/months-$rows" > /dev/null || true
  read -r months_s months_kb < <(tail -n 1 "$work/time")
  printf '%-8s %-7s %-10.2f %-10s %-12d %-12s %-12d\n' "$rows" "$unions" "$(echo "$made - $start" | bc)" \
    "$month_s" $(( month_kb / 1024 )) "$months_s" $(( months_kb / 1024 ))
done
