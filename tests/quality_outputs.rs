//! Validation end to end: a batch with one defect planted per row, run through the real
//! binary; every defect reported at its row with its code, no finding on clean rows, the
//! row accounting exact, no full ID number in any workbook, and the same bytes twice.

mod common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use common::*;

const HEADER: &str = "姓名,身份证号,性别,出生日期,工作单位,身份,困难类别,家庭人口,家庭年度总收入,家庭月人均收入,主要致困原因,联系电话,建档日期";

/// (line, code expected on it or "" for a clean row, the CSV line).
const ROWS: [(u32, &str, &str); 17] = [
    (2, "", "张三,41010219800101123X,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (3, "E101", "李四,,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (4, "E102", "王五,4101021980010112,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (5, "E103", "赵六,410102198001011235,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (6, "E104", "孙七,440308199902301512,男,1999-02-28,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (7, "E105", "周八,4.10102E+17,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (8, "E110", "吴九,410102198202023456,男,1982-02-02,,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (9, "E111", "郑十,410102198303034568,女,1983-03-03,纺织厂,在岗,相对困难,0,36000,1000,6,13812345678,2020-03-01"),
    (10, "E112", "钱一,41010219840404567X,男,1984-04-04,纺织厂,在岗,相对困难,3,三万,1000,6,13812345678,2020-03-01"),
    (11, "E113", "冯二,410102198505056781,女,1985-05-05,纺织厂,在岗,比较困难,3,36000,1000,6,13812345678,2020-03-01"),
    (12, "E114", "陈三,410102198606067893,男,1986-06-06,纺织厂,学生,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (13, "W202", "褚四,410102198707078903,男,1987-07-07,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (14, "W204", "卫五,410102198808080017,男,1988-08-08,纺织厂,在岗,相对困难,3,36000,800,6,13812345678,2020-03-01"),
    (15, "W205", "蒋六,410102198909091137,男,1989-09-09,纺织厂,在岗,低保户,3,36000,1000,6,13812345678,2020-03-01"),
    (16, "W207", "沈七,410102199010102234,男,1990-10-10,纺织厂,在岗,相对困难,3,36000,1000,6,1381234,2020-03-01"),
    (17, "W208", "韩八,410102800202124,女,,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01"),
    (18, "W213", "杨九,410102199111113354,男,1991-11-11,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2027-01-01"),
];

fn write_batch(dir: &Path) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let mut text = format!("{HEADER}\n");
    for (_, _, line) in ROWS {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(input.join("纺织厂工会.csv"), text).expect("write");
}

fn summary(dir: &Path) -> serde_json::Value {
    let bytes = std::fs::read(dir.join("out/2026-11/summary.json")).expect("summary.json");
    serde_json::from_slice(&bytes).expect("json")
}

#[test]
fn every_planted_defect_is_found_at_its_row_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    write_batch(dir.path());
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let summary = summary(dir.path());
    let found: BTreeSet<(u64, String)> = summary["findings"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["row"].as_u64().unwrap_or(0), i["code"].as_str().unwrap_or("").to_string()))
        .collect();
    let planted: BTreeSet<(u64, String)> = ROWS
        .iter()
        .filter(|(_, code, _)| !code.is_empty())
        .map(|(line, code, _)| (u64::from(*line), code.to_string()))
        .collect();
    assert_eq!(found, planted);
    let rows = &summary["rows"];
    assert_eq!(
        (rows["read"].as_u64(), rows["accepted"].as_u64(), rows["rejected"].as_u64()),
        (Some(17), Some(7), Some(10))
    );
    assert_eq!(rows["skipped"], 1);
}

fn xlsx_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            xlsx_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            out.push(path);
        }
    }
}

/// Whether any part of a workbook holds 17 digits followed by a digit or X.
fn holds_full_id(path: &Path) -> bool {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    (0..archive.len()).any(|i| {
        let mut text = String::new();
        let _ = archive.by_index(i).expect("entry").read_to_string(&mut text);
        let bytes = text.as_bytes();
        bytes.windows(18).any(|w| w[..17].iter().all(u8::is_ascii_digit) && (w[17].is_ascii_digit() || w[17] == b'X'))
    })
}

#[test]
fn workbooks_hold_no_full_id_and_two_runs_are_byte_identical() {
    let dir = tempfile::tempdir().expect("tmp");
    write_batch(dir.path());
    bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    let mut files = Vec::new();
    xlsx_files(&dir.path().join("out"), &mut files);
    files.sort();
    assert_eq!(files.len(), 4, "{files:?}");
    for file in &files {
        assert!(!holds_full_id(file), "{} holds a full ID", file.display());
    }
    let first: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).expect("read")).collect();
    let json = std::fs::read(dir.path().join("out/2026-11/summary.json")).expect("json");
    bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    let second: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).expect("read")).collect();
    assert!(first == second, "workbooks differ between two runs");
    assert_eq!(json, std::fs::read(dir.path().join("out/2026-11/summary.json")).expect("json"));
    bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "revealed", "--reveal-ids"]);
    assert!(holds_full_id(&dir.path().join("revealed/2026-11/roster.xlsx")));
}

#[test]
fn check_lists_findings_by_file_and_code_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    write_batch(dir.path());
    let output = bangfu(dir.path(), &["check", "in"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("纺织厂工会.csv（16 条）"), "{stdout}");
    assert!(stdout.contains("  E103 ×1\n    第5行 身份证号 “410102********1235” 身份证号校验位不对"), "{stdout}");
}

#[test]
fn summary_json_is_the_summary_as_serde_writes_it_however_many_findings() {
    // Some 20,000 rows, most with a wrong check digit (E103), all with a short phone (W207),
    // values with a quote, a backslash and a tab: the findings' items are written out
    // in pieces on both cores, and must read as serde writes the whole summary.
    let dir = tempfile::tempdir().expect("tmp");
    let mut text = format!("{HEADER}\n");
    for k in 0..20_000u32 {
        let line = format!(
            "职工{k},41010219800101{:04},男,1980-01-01,\"纺织\"\"厂\\{k}\t车间\",在岗,相对困难,3,36000,1000,6,1381{k},2020-03-01\n",
            k % 10_000
        );
        text.push_str(&line);
    }
    let csv = dir.path().join("纺织厂工会.csv");
    std::fs::write(&csv, text).expect("write");
    let inputs = [csv];
    let request =
        bangfu::pipeline::Request { inputs: &inputs, config: None, period: Some("2026-11"), reveal_ids: false };
    let batch = bangfu::pipeline::Batch::prepare(request).expect("batch");
    let history = bangfu::history::History::default();
    let outcome = batch.run(&history.before(batch.settings.period), &|_| {}).expect("run");
    assert!(outcome.findings.len() > 40_000, "{} findings", outcome.findings.len());
    let out = dir.path().join("out");
    bangfu::output::write_period(&out, &batch.settings, &outcome).expect("outputs");
    let written = std::fs::read(out.join("2026-11/summary.json")).expect("summary.json");
    let summary = bangfu::output::summary::Summary::new(&batch.settings, &outcome);
    let mut expected = serde_json::to_vec_pretty(&summary).expect("json");
    expected.push(b'\n');
    assert!(written == expected, "summary.json differs from the summary as serde writes it");
}
