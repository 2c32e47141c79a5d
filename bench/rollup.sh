#!/usr/bin/env bash
# Roll-up at scale: COUNTIES county packages of ROWS sample rows each (one union per 500
# rows), each county run on its own month, then one upper-level run over every package,
# timed with /usr/bin/time -v. Usage: bench/rollup.sh [COUNTIES] [ROWS]
set -euo pipefail
counties=${1:-100}
rows=${2:-10000}
bin=${BANGFU:-${CARGO_TARGET_DIR:-target}/release/bangfu}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packages=()
for i in $(seq 1 "$counties"); do
  "$bin" sample --rows "$rows" --unions $((rows / 500)) --seed "$i" --out "$work/in/$i" >/dev/null
  sed -i "s/^unit = .*/unit = \"县${i}总工会\"\nparent = \"某省总工会\"/" "$work/in/$i/bangfu.toml"
  "$bin" run "$work/in/$i/2026-11" --config "$work/in/$i/bangfu.toml" --out "$work/out/$i" >/dev/null || true
  packages+=("$work/out/$i/2026-11")
done
printf 'period = "2026-11"\n[report]\nunit = "某省总工会"\n' >"$work/province.toml"
BANGFU_STAGES=1 /usr/bin/time -v "$bin" run "${packages[@]}" --config "$work/province.toml" --out "$work/province" 2>"$work/time.txt" | tail -4
grep -E "^stage|Elapsed|Maximum resident" "$work/time.txt"
