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
    hostile::assert_batch_reported(&output, &dir.path().join("out/2026-11/summary.json"));
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
