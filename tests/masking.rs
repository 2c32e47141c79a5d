//! No personal number stands in full outside the archive (SPEC §7): every run of 15 or
//! more digits in the sample's inputs — ID numbers, bank card numbers, whatever their
//! column is called — is collected, and every part of every workbook written (sheets,
//! shared strings, comments, headers) and summary.json is searched for each.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use common::bangfu;

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The runs of 15 or more digits in bytes, read as single-byte text and as UTF-16LE.
fn digit_runs(bytes: &[u8], runs: &mut BTreeSet<String>) {
    let mut push = |digits: &mut String| {
        if digits.len() >= 15 {
            runs.insert(digits.clone());
        }
        digits.clear();
    };
    let mut run = String::new();
    for &b in bytes {
        if b.is_ascii_digit() {
            run.push(b as char);
        } else {
            push(&mut run);
        }
    }
    push(&mut run);
    for start in 0..2 {
        let mut run = String::new();
        for pair in bytes[start..].chunks(2) {
            match pair {
                [b, 0] if b.is_ascii_digit() => run.push(*b as char),
                _ => push(&mut run),
            }
        }
        push(&mut run);
    }
}

/// The parts of a zip container, decompressed; the file itself otherwise.
fn contents(path: &Path) -> Vec<Vec<u8>> {
    let bytes = std::fs::read(path).expect("read");
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())) else {
        return vec![bytes];
    };
    (0..archive.len())
        .filter_map(|i| {
            let mut part = archive.by_index(i).ok()?;
            let mut out = Vec::new();
            part.read_to_end(&mut out).ok()?;
            Some(out)
        })
        .collect()
}

#[test]
fn no_long_digit_run_of_the_inputs_stands_in_any_workbook_or_the_summary() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let mut inputs = Vec::new();
    files_below(&sample, &mut inputs);
    let mut runs = BTreeSet::new();
    for file in &inputs {
        for part in contents(file) {
            digit_runs(&part, &mut runs);
        }
    }
    assert!(runs.len() > 200, "the sample holds ID and card numbers: {}", runs.len());
    assert!(runs.iter().any(|r| r.len() == 19), "and 19-digit bank card numbers");

    let dir = tempfile::tempdir().expect("tmp");
    bangfu(dir.path(), &["run", &sample.to_string_lossy(), "--out", "out"]);
    let mut outputs = Vec::new();
    files_below(&dir.path().join("out"), &mut outputs);
    let written: Vec<&PathBuf> =
        outputs.iter().filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "json")).collect();
    assert!(written.len() > 10, "{written:?}");
    for file in written {
        for part in contents(file) {
            let text = String::from_utf8_lossy(&part);
            for run in &runs {
                assert!(!text.contains(run.as_str()), "{} holds {run} in full", file.display());
            }
        }
    }
}
