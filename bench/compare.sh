#!/usr/bin/env bash
# Speed and memory of bangfu's whole monthly job against a one-off polars script doing
# five tables of it (../shared/bench-peer, used as it is), on the same generated batch.
#
# Usage: bench/compare.sh [FILES ROWS_PER_FILE]...   (default: 200 5000, i.e. 1M rows)
#   e.g. bench/compare.sh 20 5000 200 5000          (100k, then 1M rows)
#
# For each size: generates the batch with ../shared/bench-peer/gen.py (once, cached under
# $BENCH_DATA), then runs `bangfu run` and the peer three times each, alternating, on an
# otherwise idle machine; prints the median wall time and peak memory (of the whole
# process tree, from /usr/bin/time -v) of each and their ratios. The peer runs in a
# virtual environment this script makes (polars, fastexcel, xlsxwriter from PyPI).
# The numbers are written down in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
peer="$root/../shared/bench-peer"
[ -d "$peer" ] || { echo "bench/compare.sh needs ../shared/bench-peer beside the project" >&2; exit 1; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bangfu-target}"
data="${BENCH_DATA:-$HOME/.cache/bangfu-bench}"
venv="$data/venv"
mkdir -p "$data"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/bangfu"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet polars fastexcel xlsxwriter
fi
py="$venv/bin/python"

# measure NAME COMMAND...: appends "wall_s peak_mb" of one run to $data/NAME.times
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$data/last.time" "$@" > /dev/null 2>&1 || true
  local wall peak
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$data/last.time")
  peak=$(awk -F': ' '/Maximum resident set size/ {print int($2/1024)}' "$data/last.time")
  echo "$wall $peak" >> "$data/$name.times"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200 5000)
printf '%-9s %-10s %-10s %-10s %-10s %-8s %-8s\n' rows bangfu_s bangfu_mb peer_s peer_mb time_x mem_x
while [ ${#sizes[@]} -ge 2 ]; do
  files=${sizes[0]}; per=${sizes[1]}; sizes=("${sizes[@]:2}")
  rows=$(( files * per ))
  batch="$data/d$rows"
  [ -d "$batch" ] || "$py" "$peer/gen.py" --files "$files" --rows "$per" --out "$batch" > /dev/null
  rm -f "$data/bangfu-$rows.times" "$data/peer-$rows.times"
  for _ in 1 2 3; do
    rm -rf "$data/out"
    measure "bangfu-$rows" "$bin" run "$batch" --period 2024-12 --out "$data/out"
    (cd "$peer" && measure "peer-$rows" "$py" peer_polars.py "$batch" --out "$data/peer.xlsx")
  done
  b_s=$(cut -d' ' -f1 "$data/bangfu-$rows.times" | median); b_m=$(cut -d' ' -f2 "$data/bangfu-$rows.times" | median)
  p_s=$(cut -d' ' -f1 "$data/peer-$rows.times" | median); p_m=$(cut -d' ' -f2 "$data/peer-$rows.times" | median)
  printf '%-9s %-10s %-10s %-10s %-10s %-8.2f %-8.2f\n' "$rows" "$b_s" "$b_m" "$p_s" "$p_m" \
    "$(echo "$b_s / $p_s" | bc -l)" "$(echo "$b_m / $p_m" | bc -l)"
done
