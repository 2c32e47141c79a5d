//! `reports/` holds what the README's run on `sample_data/` writes, so a reader sees the
//! outputs without building; this test fails when they are out of date.

mod common;

use std::path::Path;

#[test]
fn committed_reports_are_what_the_readme_run_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("reports");
    common::bangfu(dir.path(), &["run", &root.join("sample_data").to_string_lossy(), "--out", &out.to_string_lossy()]);
    let fix = "run `cargo run --release -- run` and commit reports/";
    common::assert_same_files(&common::snapshot(&root.join("reports")), &common::snapshot(&out), fix);
}
