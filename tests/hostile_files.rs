//! Files whose declarations their bytes cannot back are refused before a reader opens
//! them (F004, naming the part and what it claims), and the batch goes on: the 5 KB
//! workbook declaring four billion shared strings used to end the whole run with a
//! 103 GB allocation (SIGABRT), and no file of the batch was reported.

mod common;
mod hostile;

use std::io::Cursor;

use bangfu::config::Limits;
use bangfu::ingest::{preflight, sniff};
use common::*;

fn summary_files(dir: &std::path::Path, period: &str) -> Vec<serde_json::Value> {
    let path = dir.join("out").join(period).join("summary.json");
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(path).expect("summary")).expect("json");
    summary["files"].as_array().expect("files").clone()
}

#[test]
fn the_pre_flight_names_what_each_hostile_file_claims() {
    for (name, bytes, words) in hostile::all() {
        let format = sniff::sniff(&bytes[..bytes.len().min(8192)], &mut Cursor::new(&bytes));
        let found = preflight::check_reader(Cursor::new(&bytes), format, &Limits::default());
        if name == "越界列.xlsx" {
            assert_eq!(found, None, "a cell beyond the sheet is found while streaming");
            continue;
        }
        let message = found.unwrap_or_else(|| panic!("{name} passed the pre-flight"));
        assert!(message.contains(words), "{name}: {message}");
    }
}

#[test]
fn good_files_pass_the_pre_flight() {
    let limits = Limits::default();
    for (bytes, format) in [(hostile::roster_xlsx(), sniff::Format::Xlsx), (hostile::roster_xls(), sniff::Format::Xls)]
    {
        assert_eq!(preflight::check_reader(Cursor::new(bytes), format, &limits), None);
    }
}

#[test]
fn every_hostile_file_is_an_f004_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile::write_batch(&dir.path().join("in"));
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let files = summary_files(dir.path(), "2026-11");
    for (name, _, words) in hostile::all() {
        let entry = files.iter().find(|f| f["path"] == name).unwrap_or_else(|| panic!("{name} not reported"));
        let error = entry["error"].as_str().unwrap_or_default();
        assert!(error.starts_with("F004") && error.contains(words), "{name}: {error}");
    }
    let good = files.iter().find(|f| f["path"] == "好的花名册.xlsx").expect("good roster");
    assert!(good["error"].is_null(), "{good}");
    assert_eq!(good["rows"], 2, "{good}");
}

#[test]
fn a_cell_in_the_last_column_is_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("xfd.xlsx");
    std::fs::write(&path, hostile::cell_in_column("XFD")).expect("write");
    let outcome = ingest(&[path]);
    let files = files(&outcome);
    assert_eq!(files[0].error, None, "{:?}", files[0]);
}
