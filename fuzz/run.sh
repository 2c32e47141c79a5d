#!/usr/bin/env bash
# Runs every fuzz target of bangfu for a budget, seeded from ../shared/corpus (when it is
# beside the repository), sample_data/ and tests/fixtures/. Not part of CI.
#   fuzz/run.sh [SECONDS_PER_TARGET] [RUNS_PER_TARGET]   (default 1800 s, no run limit)
#   TARGETS="read_xls read_ods" fuzz/run.sh 600
#   fuzz/run.sh 1800 1000000      (a million executions, or 30 minutes, whichever first)
#   KEEP_GOING=1 fuzz/run.sh 600  (libFuzzer's fork mode: a crash, OOM or timeout is kept
#                                  in artifacts/ and fuzzing goes on; the run limit is
#                                  not applied in this mode, only the time)
# Built with `-O -s none`: no sanitizer (bangfu and its readers are safe Rust; what is
# looked for is a panic, an abort, an allocation past -rss_limit_mb, a -timeout), which
# keeps the instrumented build of polars and calamine much faster. Set CARGO_TARGET_DIR to
# keep the build outside the repository.
# Crashes land in fuzz/artifacts/<target>/; keep each as tests/fixtures/fuzz/<target>-<name>
# with a test (tests/fuzz_regressions.rs) and fix it. Each target's libFuzzer output is
# in fuzz/run-<target>.log; its last lines give the executions ("Done N runs in S s").
set -euo pipefail
cd "$(dirname "$0")"
budget="${1:-1800}"
runs="${2:--1}"
targets="${TARGETS:-sniff read_xlsx read_xls read_ods read_text normalize}"
mode=()
if [ -n "${KEEP_GOING:-}" ]; then
  mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi

seed() {
  local target="$1"; shift
  mkdir -p "corpus/$target"
  for ext in "$@"; do
    find ../../shared/corpus ../sample_data ../tests/fixtures -type f -iname "*.$ext" 2>/dev/null |
      while read -r f; do cp -n "$f" "corpus/$target/$(echo "${f##*../}" | tr '/' '_')"; done
  done
}
seed sniff xlsx xlsm xlsb xls ods csv html txt
seed read_xlsx xlsx xlsm
seed read_xls xls
seed read_ods ods
seed read_text csv html txt tsv
seed normalize tsv csv

for target in $targets; do
  echo "== $target: ${budget}s, runs ${runs}"
  nice -n 19 cargo +nightly fuzz run -O -s none ${CARGO_TARGET_DIR:+--target-dir "$CARGO_TARGET_DIR"} "$target" "corpus/$target" -- \
    -max_total_time="$budget" -runs="$runs" -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 "${mode[@]}" 2>&1 |
    tee "run-$target.log" | grep -E "^(Done [0-9]+ runs|stat::|==[0-9]+==|SUMMARY|Test unit written|INFO: fuzzed for|#[0-9]+: .*oom/timeout/crash)" || true
done
