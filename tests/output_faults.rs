//! Faults around the outputs: a run killed at any moment leaves `<out>/<period>` wholly
//! the earlier run's or wholly the new one's, and the next run removes what it left; two
//! runs on one output folder do not interleave; an unwritable output folder is exit 1
//! naming it, the earlier outputs intact; inputs are never modified; the archive is
//! readable by its owner only.

mod common;
mod hostile;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::*;

const PERIOD: &str = "2026-11";

fn run(dir: &Path) -> std::process::Output {
    bangfu(dir, &["run", "in", "--period", PERIOD, "--out", "out"])
}

/// A folder with a good roster in `in/`, run once.
fn first_run() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(dir.path().join("in")).expect("mkdir");
    std::fs::write(dir.path().join("in/花名册.xlsx"), hostile::roster_xlsx()).expect("write");
    assert_eq!(run(dir.path()).status.code(), Some(0));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A small random number from the clock, below `n`.
fn random_below(n: u64, salt: u64) -> u64 {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos() as u64);
    (nanos ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(6_364_136_223_846_793_005) % n.max(1)
}

#[test]
fn a_killed_run_leaves_the_period_wholly_old_or_wholly_new() {
    let dir = first_run();
    let out = dir.path().join("out");
    let first = snapshot(&out.join(PERIOD));
    let saved = dir.path().join("saved");
    copy_dir(&out, &saved);
    // The second run reads more: a second roster and a workbook of several hundred rows.
    let rows: Vec<[String; 4]> =
        (0..400).map(|i| ["王五".into(), format!("41010219800101{:04}", i), "一般困难".into(), "1".into()]).collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, head) in hostile::ROSTER[0].iter().enumerate() {
        sheet.write_string(0, c as u16, *head).expect("write");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, text).expect("write");
        }
    }
    book.save(dir.path().join("in/第二个花名册.xlsx")).expect("save");
    let started = Instant::now();
    assert_eq!(run(dir.path()).status.code(), Some(0));
    let full = started.elapsed();
    let second = snapshot(&out.join(PERIOD));
    assert_ne!(first, second);
    for trial in 0..16 {
        std::fs::remove_dir_all(&out).expect("rm");
        copy_dir(&saved, &out);
        let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .current_dir(dir.path())
            .args(["run", "in", "--period", PERIOD, "--out", "out"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(random_below(full.as_micros() as u64 + 1000, trial)));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&out.join(PERIOD));
        assert!(now == first || now == second, "trial {trial}: the period folder is neither run's whole outputs");
    }
    assert_eq!(run(dir.path()).status.code(), Some(0));
    let left: Vec<String> = std::fs::read_dir(&out)
        .expect("read_dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "leftovers: {left:?}");
}

#[cfg(unix)]
#[test]
fn a_second_run_on_the_same_folder_exits_at_once_naming_it() {
    use std::os::unix::io::AsRawFd;
    let dir = first_run();
    let lock = std::fs::File::options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.path().join("out/.lock"))
        .expect("lock file");
    // SAFETY: flock on a descriptor this test owns; the lock goes with the file.
    assert_eq!(unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) }, 0);
    let started = Instant::now();
    let output = run(dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(5));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("out") && stderr.contains("另一个 bangfu"), "{stderr}");
}

#[test]
fn an_unwritable_output_folder_is_exit_1_naming_it_and_the_earlier_outputs_stay() {
    let dir = first_run();
    let before = snapshot(&dir.path().join("out").join(PERIOD));
    std::fs::write(dir.path().join("in/又一个.xlsx"), hostile::roster_xlsx()).expect("write");
    // Where this run would write its outputs, something it cannot replace stands.
    let staging = dir.path().join("out").join(format!(".{PERIOD}.writing"));
    std::fs::write(&staging, b"not a folder").expect("write");
    let output = run(dir.path());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!(".{PERIOD}.writing")), "{stderr}");
    assert!(before == snapshot(&dir.path().join("out").join(PERIOD)), "the earlier outputs changed");

    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, b"a file, not a folder").expect("write");
    let output = bangfu(dir.path(), &["run", "in", "--period", PERIOD, "--out", "blocked/out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("blocked"), "{output:?}");
}

#[test]
fn inputs_are_never_modified() {
    let dir = tempfile::tempdir().expect("tmp");
    hostile::write_batch(&dir.path().join("in"));
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).expect("mtime");
    let before = snapshot(&dir.path().join("in"));
    let times: Vec<SystemTime> = before.iter().map(|(name, _)| modified(&dir.path().join("in").join(name))).collect();
    assert_eq!(run(dir.path()).status.code(), Some(2));
    assert!(before == snapshot(&dir.path().join("in")), "an input changed");
    let after: Vec<SystemTime> = before.iter().map(|(name, _)| modified(&dir.path().join("in").join(name))).collect();
    assert_eq!(times, after);
}

#[cfg(unix)]
#[test]
fn the_archive_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = first_run();
    let archive = dir.path().join("out").join(PERIOD).join("archive");
    let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&archive), 0o700);
    let files: Vec<_> = std::fs::read_dir(&archive).expect("archive").flatten().map(|e| e.path()).collect();
    assert!(!files.is_empty());
    for file in files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}
