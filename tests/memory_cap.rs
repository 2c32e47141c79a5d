//! Under a memory cap of 8 GB (`ulimit -v 8388608`), a batch holding every hostile file
//! of the tests finishes with exit 2: the good rosters' outputs written, each hostile
//! file named with F004. (Without the pre-flight, the first of them aborted the run.)

#![cfg(unix)]

mod hostile;

use std::process::Command;

#[test]
fn a_capped_batch_with_every_hostile_file_finishes() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile::write_batch(&dir.path().join("in"));
    let script =
        format!("ulimit -v 8388608 && exec '{}' run in --period 2026-11 --out out", env!("CARGO_BIN_EXE_bangfu"));
    let output = Command::new("sh").arg("-c").arg(script).current_dir(dir.path()).output().expect("sh");
    hostile::assert_batch_reported(&output, &dir.path().join("out/2026-11/summary.json"));
    for written in ["report.xlsx", "roster.xlsx", "quality.xlsx", "summary.json"] {
        assert!(dir.path().join("out/2026-11").join(written).is_file(), "{written} missing");
    }
}
