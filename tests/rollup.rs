//! Roll-up (SPEC §2 "Packages from lower levels"): four counties run on their rosters,
//! two cities on their counties' packages, a province on the cities' packages. Every
//! level counts each worker once, finds the duplicates across its packages (W211 naming
//! both chains) and sums its subtotals to its total.

mod common;

use std::path::Path;

use bangfu::normalize::id::check_char;
use serde_json::Value;

use common::{bangfu, part_text, sheet_names};

const HEADER: &str = "姓名,身份证号,工作单位,基层工会,身份,困难类别,家庭人口,家庭年度总收入,主要致困原因,建档日期";

/// A valid ID for a sequence number.
fn id(seq: u32) -> String {
    let body = format!("410102{}0301{seq:03}", 1960 + seq);
    format!("{body}{}", check_char(&body).expect("17 digits"))
}

/// A roster row: name, ID number, union, 建档日期.
fn row(name: &str, seq: u32, union: &str, filed: &str) -> String {
    format!("{name},{},{union}厂,{union}工会,在岗,深度困难,3,18000,6,{filed}", id(seq))
}

/// Writes a level's bangfu.toml into `dir`.
fn config(dir: &Path, unit: &str, parent: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let text = format!("period = \"2026-11\"\n[report]\nunit = \"{unit}\"\nparent = \"{parent}\"\n");
    std::fs::write(dir.join("bangfu.toml"), text).expect("config");
}

/// Writes a county's inbox: its configuration and one CSV roster.
fn county(dir: &Path, unit: &str, city: &str, rows: &[String]) {
    config(dir, unit, city);
    let text = std::iter::once(HEADER.to_string()).chain(rows.iter().cloned()).collect::<Vec<_>>().join("\n");
    std::fs::write(dir.join("花名册.csv"), text + "\n").expect("roster");
}

/// Runs one level on `inputs` with the configuration in `config_dir`, into `out`; its
/// summary.json.
fn run(dir: &Path, inputs: &[String], config_dir: &str, out: &str) -> Value {
    let config = format!("{config_dir}/bangfu.toml");
    let mut args: Vec<&str> = vec!["run"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--config", &config, "--out", out]);
    let output = bangfu(dir, &args);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let period = dir.join(out).join("2026-11");
    let summary: Value =
        serde_json::from_slice(&std::fs::read(period.join("summary.json")).expect("summary")).expect("json");
    let packages = summary["packages"].as_array().is_some_and(|p| !p.is_empty());
    if packages && period.join("feedback").exists() {
        let screen = String::from_utf8_lossy(&output.stdout);
        assert!(screen.contains("个下级单位或基层工会的问题反馈表"), "feedback one level up: {screen}");
    }
    summary
}

fn count(summary: &Value, code: &str) -> u64 {
    summary["findings"]["by_code"][code].as_u64().unwrap_or(0)
}

/// The workers counted, the union_tier total, and the sum of the rows of union_tier.
fn totals(summary: &Value) -> (u64, u64) {
    let tables = &summary["tables"];
    let rows: u64 =
        tables["union_tier"].as_array().expect("union_tier").iter().map(|r| r["total"].as_u64().unwrap_or(0)).sum();
    (summary["rows"]["accepted"].as_u64().unwrap_or(0), rows)
}

/// The sum of the level subtotals at `depth` (1: the top unit of each chain).
fn level_sum(summary: &Value, depth: usize) -> u64 {
    let levels = summary["tables"]["union_tier_levels"].as_array().cloned().unwrap_or_default();
    let at_depth = levels.iter().filter(|l| l["chain"].as_array().map_or(0, Vec::len) == depth);
    at_depth.map(|l| l["total"].as_u64().unwrap_or(0)).sum()
}

/// A row of a county's roster: name, ID sequence, union, 建档日期.
type Row = (&'static str, u32, &'static str, &'static str);

/// Each county: folder, city, and its rows (name, ID sequence, union, 建档日期).
/// 重复一 (1) is filed in 甲县 and 乙县 (one city), 重复二 (2) in 乙县 and 丙县 (two
/// cities), 重复三 (3) in 丙县 and 丁县 (one city).
const COUNTIES: [(&str, &str, [Row; 3]); 4] = [
    (
        "甲县",
        "东市",
        [("甲一", 11, "甲一", "2020-01-01"), ("甲二", 12, "甲二", "2020-01-01"), ("重复一", 1, "甲一", "2019-06-01")],
    ),
    (
        "乙县",
        "东市",
        [("乙一", 21, "乙一", "2020-01-01"), ("重复一", 1, "乙一", "2021-06-01"), ("重复二", 2, "乙一", "2018-01-01")],
    ),
    (
        "丙县",
        "西市",
        [("丙一", 31, "丙一", "2020-01-01"), ("重复二", 2, "丙一", "2022-01-01"), ("重复三", 3, "丙一", "2020-01-01")],
    ),
    (
        "丁县",
        "西市",
        [("丁一", 41, "丁一", "2020-01-01"), ("丁二", 42, "丁二", "2020-01-01"), ("重复三", 3, "丁一", "2020-01-01")],
    ),
];

fn write_counties(dir: &Path) {
    for (name, city, rows) in COUNTIES {
        let rows: Vec<String> = rows.iter().map(|(n, seq, union, filed)| row(n, *seq, union, filed)).collect();
        county(&dir.join(name), &format!("{name}总工会"), &format!("{city}总工会"), &rows);
    }
    config(&dir.join("东市"), "东市总工会", "某省总工会");
    config(&dir.join("西市"), "西市总工会", "");
    config(&dir.join("省"), "某省总工会", "");
}

#[test]
fn counties_cities_and_the_province_each_count_every_worker_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    write_counties(dir);
    for name in ["甲县", "乙县", "丙县", "丁县"] {
        let summary = run(dir, &[name.to_string()], name, &format!("报送/{name}"));
        assert_eq!(summary["unit"], format!("{name}总工会"));
        assert_eq!(totals(&summary), (3, 3), "{name}");
        assert_eq!(count(&summary, "W211"), 0);
    }
    let package = |county: &str| format!("报送/{county}/2026-11");
    let east = run(dir, &[package("甲县"), package("乙县")], "东市", "东市报送");
    let west = run(dir, &[package("丙县"), package("丁县")], "西市", "西市报送");
    for (city, summary) in [("东市", &east), ("西市", &west)] {
        assert_eq!(totals(summary), (5, 5), "{city}: six rows, one worker twice");
        assert_eq!(count(summary, "W211"), 2, "{city}");
        assert_eq!(count(summary, "E120"), 0, "{city}");
        assert_eq!(level_sum(summary, 1), 5, "{city}: the counties' subtotals");
        let roles: Vec<&str> =
            summary["files"].as_array().expect("files").iter().filter_map(|f| f["role"].as_str()).collect();
        assert!(roles.iter().all(|r| *r == "package"), "{city}: {roles:?}");
        assert_eq!(summary["packages"].as_array().map(Vec::len), Some(2));
    }
    let w211 = east["findings"]["items"].as_array().expect("items").iter().find(|i| i["code"] == "W211").cloned();
    let message = w211.and_then(|i| i["message"].as_str().map(str::to_string)).unwrap_or_default();
    assert!(message.contains("甲县总工会/甲一工会") && message.contains("乙县总工会/乙一工会"), "{message}");
    let province = run(dir, &["东市报送/2026-11".into(), "西市报送/2026-11".into()], "省", "省报送");
    assert_eq!(totals(&province), (9, 9), "twelve rows, three workers twice");
    assert_eq!(count(&province, "W211"), 2, "重复二 across the cities; 重复一 and 重复三 settled below");
    assert_eq!((level_sum(&province, 1), level_sum(&province, 2)), (9, 9), "市 and 县 subtotals");
    let kept =
        province["tables"]["union_tier"].as_array().expect("rows").iter().find(|r| r["union"] == "乙一工会").cloned();
    let chain = kept.map(|r| r["chain"].clone()).unwrap_or_default();
    assert_eq!(chain, serde_json::json!(["东市总工会", "乙县总工会"]));

    let mut feedback: Vec<String> = std::fs::read_dir(dir.join("省报送/2026-11/feedback"))
        .expect("feedback")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    feedback.sort();
    assert_eq!(
        feedback,
        ["东市总工会.xlsx", "西市总工会.xlsx"],
        "a duplicate across the cities goes back to each city, not to a union two levels down"
    );
    let east_feedback = dir.join("省报送/2026-11/feedback/东市总工会.xlsx");
    assert_eq!(sheet_names(&east_feedback), ["问题说明"], "a list: package, chain, original file and row");
    let listed = part_text(&east_feedback, "xl/");
    assert!(listed.contains("W211") && listed.contains("乙县总工会"), "the original file under its county");

    let report = dir.join("省报送/2026-11/report.xlsx");
    assert_eq!(sheet_names(&report)[1], "下级汇总包", "each package's own accounting after 总览");
    let packages = part_text(&report, "xl/");
    assert!(packages.contains("东市总工会") && packages.contains("西市总工会"));
}

#[test]
fn a_package_of_another_period_is_f005() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dir = dir.path();
    write_counties(dir);
    run(dir, &["甲县".into()], "甲县", "报送/甲县");
    std::fs::write(dir.join("东市/bangfu.toml"), "period = \"2026-10\"\n[report]\nunit = \"东市总工会\"\n")
        .expect("config");
    let output =
        bangfu(dir, &["run", "报送/甲县/2026-11", "甲县", "--config", "东市/bangfu.toml", "--out", "东市报送"]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("东市报送/2026-10/summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(count(&summary, "F005"), 1);
    assert_eq!(summary["rows"]["accepted"], 3, "the plain roster beside it is still read");
}
