//! The sample batch: `bangfu sample` is deterministic and is what `sample_data/` holds,
//! and `bangfu run` on it finds every planted defect at its cell and nothing else.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{assert_same_files, bangfu, snapshot};

#[test]
fn sample_data_is_the_generators_default_output() {
    let dir = tempfile::tempdir().expect("tmp");
    let output = bangfu(dir.path(), &["sample", "--out", "fresh"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let committed = snapshot(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data"));
    assert_same_files(&committed, &snapshot(&dir.path().join("fresh")), "run `bangfu sample` and commit sample_data/");
}

type Place = (String, String, String, u64, String);

fn planted(tsv: &str) -> BTreeSet<Place> {
    tsv.lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .map(|c| (c[0].into(), c[1].into(), c[2].into(), c[3].parse().unwrap_or(0), c[4].into()))
        .collect()
}

/// Runs bangfu on a sample folder and compares its findings with the planted list.
fn assert_finds_exactly_the_planted(dir: &Path, batch: &Path, rows: u64) {
    let out = dir.join("out");
    let output = bangfu(dir, &["run", &batch.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2026-11/summary.json")).expect("summary")).expect("json");
    let found: BTreeSet<Place> = summary["findings"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let text = |k: &str| i[k].as_str().unwrap_or("").to_string();
            (text("code"), text("file"), text("sheet"), i["row"].as_u64().unwrap_or(0), text("column"))
        })
        .collect();
    let expected = planted(&std::fs::read_to_string(batch.join(".planted.tsv")).expect("tsv"));
    let missing: Vec<_> = expected.difference(&found).collect();
    let extra: Vec<_> = found.difference(&expected).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:#?}\nextra: {extra:#?}");
    assert_eq!(summary["rows"]["read"].as_u64(), Some(rows));
}

#[test]
fn run_finds_every_planted_defect_in_sample_data_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    let sample_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    assert_finds_exactly_the_planted(dir.path(), &sample_data, 240);
}

#[test]
fn run_finds_every_planted_defect_in_another_sample_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    bangfu(dir.path(), &["sample", "--out", "batch", "--seed", "7", "--unions", "9", "--rows", "400"]);
    assert_finds_exactly_the_planted(dir.path(), &dir.path().join("batch"), 400);
}
