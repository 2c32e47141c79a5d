//! Files that cannot be used become one file-level finding each, and the batch goes on
//! with the others; `bangfu run` then exits with 2.

mod common;

use common::*;

fn good_roster(path: &std::path::Path) {
    let rows = vec![
        texts(&["姓名", "身份证号", "困难类别", "主要致困原因"]),
        texts(&["张三", "410102198001011234", "深度困难", "6"]),
    ];
    write_xlsx(path, &[SheetSpec { name: "S", rows, merges: vec![] }]);
}

#[test]
fn each_broken_file_is_one_clear_finding_and_the_rest_goes_through() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).expect("mkdir");
    good_roster(&input.join("good.xlsx"));
    let bytes = std::fs::read(input.join("good.xlsx")).expect("read");
    std::fs::write(input.join("truncated.xlsx"), &bytes[..bytes.len() / 2]).expect("write");
    std::fs::write(input.join("scan.xls"), b"%PDF-1.4 not a sheet").expect("write");
    std::fs::write(input.join("notice.csv"), "关于报送困难职工档案的通知\n各基层工会：\n").expect("write");
    let mut encrypted = cfb::create(input.join("locked.xlsx")).expect("cfb");
    encrypted.create_stream("/EncryptionInfo").expect("stream");
    encrypted.create_stream("/EncryptedPackage").expect("stream");
    encrypted.flush().expect("flush");
    drop(encrypted);

    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/2026-11/summary.json")).expect("summary"))
            .expect("json");
    let errors: Vec<(String, String)> = summary["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            (f["path"].as_str().unwrap_or("").to_string(), f["error"].as_str().unwrap_or("").chars().take(4).collect())
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            ("good.xlsx".into(), "".into()),
            ("locked.xlsx".into(), "F002".into()),
            ("notice.csv".into(), "F003".into()),
            ("scan.xls".into(), "F001".into()),
            ("truncated.xlsx".into(), "F001".into()),
        ]
    );
    assert_eq!(summary["rows"]["read"], 1);
    assert_eq!(summary["findings"]["file_errors"], 4);
    assert_eq!(summary["findings"]["by_code"]["F001"], 2);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("scan.xls  F001：文件实际是PDF文件"), "{stdout}");
}

#[test]
fn nothing_readable_and_bad_configuration_exit_with_1() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("notice.csv"), "通知\n").expect("write");
    let output = bangfu(dir.path(), &["run", "notice.csv", "--period", "2026"]);
    assert_eq!(output.status.code(), Some(1));
    std::fs::write(dir.path().join("bangfu.toml"), "[report]\nunit = \"某县总工会\"\nautor = \"x\"\n").expect("write");
    good_roster(&dir.path().join("good.xlsx"));
    let output = bangfu(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bangfu.toml") && stderr.contains("“autor”"), "{stderr}");
    let output = bangfu(dir.path(), &["run", "good.xlsx", "--period", "2026-13"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("2026-13"));
}

/// A folder kept month by month: a month with nothing readable is named and skipped,
/// the months after it still run, and the run exits with 2.
#[test]
fn a_month_with_nothing_readable_does_not_stop_the_months_after_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("2026-10")).expect("mkdir");
    std::fs::create_dir_all(input.join("2026-11")).expect("mkdir");
    std::fs::write(input.join("2026-10/scan.xls"), b"%PDF-1.4 not a sheet").expect("write");
    good_roster(&input.join("2026-11/good.xlsx"));

    let output = bangfu(dir.path(), &["run", "in", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("报告期 2026-10 未能完成"), "{stderr}");
    assert!(dir.path().join("out/2026-11/summary.json").is_file());
    assert!(!dir.path().join("out/2026-10").exists());

    std::fs::write(input.join("stray.xlsx"), b"x").expect("write");
    let output = bangfu(dir.path(), &["run", "in", "--out", "out"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("stray.xlsx"));
}
