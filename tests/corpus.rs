//! `bangfu check` over every real-world spreadsheet in ../shared/corpus: each run must
//! end by itself within a minute with exit code 0, 1 or 2 — never a panic, a crash or a
//! hang. Skipped (the build script says so) when ../shared is missing, as on a fresh
//! clone; `.ci/run` requires it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const LIMIT: Duration = Duration::from_secs(60);

fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Exit code and stderr of `bangfu check FILE`, or None after the time limit.
fn check(file: &Path) -> Option<(Option<i32>, String)> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .arg("check")
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn bangfu");
    let start = Instant::now();
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            let output = child.wait_with_output().expect("output");
            return Some((output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned()));
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Every file of the corpus, sorted; `None` (the test says it skipped) when there is no
/// ../shared, as on a fresh clone: the build script warned, and .ci/run requires it.
fn corpus_files() -> Option<Vec<PathBuf>> {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("skipped: {} is missing", corpus.display());
        return None;
    }
    let mut files = Vec::new();
    files_below(&corpus, &mut files);
    files.sort();
    assert!(files.len() > 100, "the corpus is missing at {}", corpus.display());
    Some(files)
}

#[test]
fn check_ends_cleanly_on_every_corpus_file() {
    let Some(files) = corpus_files() else { return };
    let mut failures = Vec::new();
    for file in &files {
        match check(file) {
            None => failures.push(format!("{}: no end within {LIMIT:?}", file.display())),
            Some((code, stderr)) if !matches!(code, Some(0..=2)) || stderr.contains("panicked") => {
                failures.push(format!("{}: exit {code:?}: {stderr}", file.display()))
            }
            Some(_) => {}
        }
    }
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}

/// bangfu's own search for merged cells finds, in every real-world xlsx that opens, the
/// regions calamine finds by parsing each sheet again.
#[test]
fn merged_regions_of_every_corpus_workbook_are_calamines() {
    use calamine::{Reader, Xlsx};
    let Some(files) = corpus_files() else { return };
    let (mut compared, mut merged, mut left) = (0, 0, 0);
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsm")) {
        let Ok(file) = std::fs::File::open(path) else { continue };
        let Ok(mut zip) = zip::ZipArchive::new(file) else { continue };
        let Ok(mut book) = calamine::open_workbook::<Xlsx<_>, _>(path) else { continue };
        let found = bangfu::ingest::merges::by_sheet(&mut zip);
        for name in book.sheet_names() {
            let Ok(expected) = book.merge_cells_by_sheet_name(&name) else { continue };
            // A sheet whose part bangfu cannot find is left to calamine.
            match found.get(&name) {
                Some(regions) => {
                    assert_eq!(regions, &expected, "{}［{name}］", path.display());
                    compared += 1;
                    merged += expected.len();
                }
                None => left += 1,
            }
        }
    }
    eprintln!("{compared} sheets compared, {merged} merged regions; {left} sheets left to calamine");
    assert!(compared > 100 && merged > 50, "{compared} sheets compared, {merged} regions");
}
