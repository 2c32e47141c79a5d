//! The sample batch: `bangfu sample` is deterministic and is what `sample_data/` holds,
//! and `bangfu run` on it finds every planted defect at its cell and nothing else, in
//! the current month and (none) in the months before it; trend and dynamics add up.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use common::{assert_same_files, bangfu, snapshot};
use serde_json::Value;

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

/// The findings of one period's run as places.
fn found(summary: &Value) -> BTreeSet<Place> {
    summary["findings"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            let text = |k: &str| i[k].as_str().unwrap_or("").to_string();
            (text("code"), text("file"), text("sheet"), i["row"].as_u64().unwrap_or(0), text("column"))
        })
        .collect()
}

fn summary_of(out: &Path, period: &str) -> Value {
    serde_json::from_slice(&std::fs::read(out.join(period).join("summary.json")).expect("summary")).expect("json")
}

/// Runs bangfu on a sample folder (kept period by period) and compares each period's
/// findings with its planted list — the earlier months have none; returns the output.
fn assert_finds_exactly_the_planted(dir: &Path, batch: &Path, rows: u64) -> PathBuf {
    let out = dir.join("out");
    let output = bangfu(dir, &["run", &batch.to_string_lossy(), "--out", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    for period in PERIODS {
        let summary = summary_of(&out, period);
        let expected = match std::fs::read_to_string(batch.join(period).join(".planted.tsv")) {
            Ok(tsv) => planted(&tsv),
            Err(_) => BTreeSet::new(),
        };
        let found = found(&summary);
        let missing: Vec<_> = expected.difference(&found).collect();
        let extra: Vec<_> = found.difference(&expected).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{period} missing: {missing:#?}\nextra: {extra:#?}");
    }
    assert_eq!(summary_of(&out, "2026-11")["rows"]["read"].as_u64(), Some(rows));
    out
}

/// The sample's period folders, oldest first.
const PERIODS: [&str; 3] = ["2026-09", "2026-10", "2026-11"];

#[test]
fn run_finds_every_planted_defect_in_sample_data_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    let sample_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let out = assert_finds_exactly_the_planted(dir.path(), &sample_data, 240);
    assert_trend_and_dynamics_add_up(&out);
}

#[test]
fn run_finds_every_planted_defect_in_another_sample_and_nothing_else() {
    let dir = tempfile::tempdir().expect("tmp");
    bangfu(dir.path(), &["sample", "--out", "batch", "--seed", "7", "--unions", "9", "--rows", "400"]);
    let out = assert_finds_exactly_the_planted(dir.path(), &dir.path().join("batch"), 400);
    assert_trend_and_dynamics_add_up(&out);
}

/// One run over the period folders gives a trend of every month, and each month's
/// dynamics agree with the month before and with roster.xlsx's 动态 column.
fn assert_trend_and_dynamics_add_up(out: &Path) {
    let summaries = PERIODS.map(|p| summary_of(out, p));
    let trend: Vec<(String, u64)> = summaries[2]["tables"]["trend"]
        .as_array()
        .expect("trend")
        .iter()
        .map(|t| (t["period"].as_str().expect("period").to_string(), t["hardship"].as_u64().expect("hardship")))
        .collect();
    let workers: Vec<(String, u64)> = summaries
        .iter()
        .map(|s| {
            (s["period"].as_str().expect("period").to_string(), s["tables"]["overview"]["workers"].as_u64().expect("n"))
        })
        .collect();
    assert_eq!(trend, workers);
    for (before, now) in summaries.iter().zip(&summaries[1..]) {
        let d = &now["tables"]["dynamics"];
        let n = |k: &str| d[k].as_u64().expect(k);
        assert_eq!(d["previous_period"], before["period"]);
        assert_eq!(n("previous"), before["tables"]["overview"]["workers"].as_u64().expect("previous"));
        assert_eq!(n("current"), now["tables"]["overview"]["workers"].as_u64().expect("current"));
        assert_eq!(n("new"), n("added") + n("returned"));
        assert_eq!(n("current"), n("continuing") + n("new"));
        assert_eq!(n("previous") + n("new") - n("exited") - n("held_back") - n("not_reported"), n("current"));
        assert!(n("new") > 0 && n("exited") > 0, "{d}");
        let period = now["period"].as_str().expect("period");
        let column = standing_column(&out.join(period).join("roster.xlsx"));
        for (label, key) in [("存量", "continuing"), ("增量", "added"), ("返困", "returned")] {
            assert_eq!(column.iter().filter(|s| *s == label).count() as u64, n(key), "{period} {label}");
        }
    }
    let november = &summaries[2]["tables"]["dynamics"];
    assert!(november["returned"].as_u64() > Some(0), "{november}");
    assert!(!november["tier_changes"].as_array().expect("changes").is_empty());
}

/// The 动态 column of roster.xlsx.
fn standing_column(path: &Path) -> Vec<String> {
    let mut book = open_workbook_auto(path).expect("roster.xlsx");
    let rows: Vec<Vec<Data>> = book.worksheet_range("花名册").expect("花名册").rows().map(|r| r.to_vec()).collect();
    let column = rows[1].iter().position(|c| c == &Data::String("动态".into())).expect("动态 column");
    rows[2..].iter().map(|r| r[column].to_string()).collect()
}

/// `bangfu check` goes through the same pipeline as `run`: on the folder kept month by
/// month it runs the months in memory, oldest first, and lists for each file and code as
/// many findings as `run` reports in summary.json.
#[test]
fn check_and_run_agree_on_the_findings() {
    let dir = tempfile::tempdir().expect("tmp");
    let sample_data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let out = dir.path().join("out");
    bangfu(dir.path(), &["run", &sample_data.to_string_lossy(), "--out", &out.to_string_lossy()]);
    let checked = bangfu(dir.path(), &["check", &sample_data.to_string_lossy(), "--out", "never-written"]);
    assert_eq!(checked.status.code(), Some(1), "errors in November");
    assert!(!dir.path().join("never-written").exists(), "check writes nothing");
    let text = String::from_utf8_lossy(&checked.stdout);
    let november = text.split("== 报告期 2026-11 ==").nth(1).expect("November's section");
    let mut listed: BTreeSet<(String, String, usize)> = BTreeSet::new();
    let mut file = String::new();
    for line in november.lines() {
        if !line.starts_with(' ') && line.ends_with(" 条）") {
            file = line.rsplit_once('（').map_or("", |(name, _)| name).to_string();
        } else if let Some((code, count)) =
            line.trim().split_once(" ×").filter(|_| line.starts_with("  ") && !line.starts_with("    "))
        {
            listed.insert((file.clone(), code.to_string(), count.parse().expect("count")));
        }
    }
    let mut reported: std::collections::BTreeMap<(String, String), usize> = Default::default();
    for item in summary_of(&out, "2026-11")["findings"]["items"].as_array().expect("items") {
        let key = (item["file"].as_str().unwrap_or("").to_string(), item["code"].as_str().unwrap_or("").to_string());
        *reported.entry(key).or_default() += 1;
    }
    let reported: BTreeSet<(String, String, usize)> = reported.into_iter().map(|((f, c), n)| (f, c, n)).collect();
    assert_eq!(listed, reported);
}
