#!/usr/bin/env bash
# Runs every fuzz target of bangfu for a budget, seeded from ../shared/corpus (when it is
# beside the repository), sample_data/ and tests/fixtures/. Not part of CI.
#   fuzz/run.sh [SECONDS_PER_TARGET]        (default 1800)
#   TARGETS="read_xls read_ods" fuzz/run.sh 600
# Crashes land in fuzz/artifacts/<target>/; keep each as tests/fixtures/fuzz/<target>-<name>
# with a test (tests/fuzz_regressions.rs) and fix it.
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-1800}"
targets="${TARGETS:-sniff read_xlsx read_xls read_ods read_text normalize}"

seed() {
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for ext in "$@"; do
    find ../../shared/corpus ../sample_data ../tests/fixtures -type f -iname "*.$ext" 2>/dev/null |
      while read -r f; do cp -n "$f" "corpus/$target/$(echo "$f" | tr '/' '_')"; done
  done
}
seed sniff xlsx xlsm xlsb xls ods csv html txt
seed read_xlsx xlsx xlsm
seed read_xls xls
seed read_ods ods
seed read_text csv html txt tsv
seed normalize tsv csv

for target in $targets; do
  echo "== $target: ${budget}s"
  nice -n 19 cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$budget" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 2>&1 |
    tee "run-$target.log" | grep -E "^(#[0-9]+.*DONE|stat::|==[0-9]+==|SUMMARY|Test unit written)" || true
done
