//! Whole-sample tests: determinism, every finding code planted, and a read-back
//! of every file (calamine for workbooks, small parsers for CSV and HTML) that
//! checks each planted row is where the list says, under a header naming its
//! column, and that every other roster row is clean.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::config::{dibao_line, EDGE_FACTOR};
use super::date::{Date, PERIOD_END};
use super::grid::number_text;
use super::idcard::is_valid18;
use super::tables::REGIONS;
use super::*;

/// Rows of cell texts; index = Excel row - 1.
type Table = Vec<Vec<String>>;

const ROSTER_CODES: &[&str] = &[
    "E101", "E102", "E103", "E104", "E105", "E110", "E111", "E112", "E113", "E114", "E120", "W201", "W202", "W203",
    "W204", "W205", "W206", "W207", "W208", "W209", "W210", "W211", "W212", "W213",
];
const OTHER_CODES: &[&str] = &["W301", "W302", "W303", "W304", "F001", "F002", "F003"];

/// Header texts by canonical column (SPEC §2 aliases; "主要"/"次要" sit under
/// a merged 致困原因 group).
const ALIASES: &[(&str, &[&str])] = &[
    ("姓名", &["姓名", "职工姓名", "户主姓名"]),
    ("身份证号", &["身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码"]),
    ("性别", &["性别"]),
    ("出生日期", &["出生日期", "出生年月"]),
    ("工作单位", &["工作单位", "单位", "所在单位", "单位名称"]),
    ("身份", &["身份", "工作状态", "人员身份", "就业状况"]),
    ("困难类别", &["困难类别", "困难程度", "困难等级", "类别"]),
    ("家庭人口", &["家庭人口", "家庭人数", "家庭成员数"]),
    ("家庭年度总收入", &["家庭年度总收入", "家庭年收入", "家庭总收入"]),
    ("家庭月人均收入", &["家庭月人均收入", "人均月收入", "家庭人均月收入"]),
    ("主要致困原因", &["主要致困原因", "致困原因", "困难原因", "主要困难原因", "主要"]),
    ("联系电话", &["联系电话", "手机号码", "电话"]),
    ("建档日期", &["建档日期", "建档时间", "入档日期"]),
    ("复核日期", &["复核日期", "最近复核日期"]),
    ("家庭年度刚性支出", &["家庭年度刚性支出", "刚性支出", "家庭刚性支出"]),
    ("配偶身份证号", &["配偶身份证号"]),
    ("金额", &["金额", "金额(元)", "发放金额", "慰问金"]),
];

fn default_sample() -> Sample {
    generate(&SampleOptions::default()).expect("the default sample generates")
}

/// Header text without spaces or line breaks, full-width brackets made ASCII.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect()
}

/// Full-width digits and X made ASCII, as the program's NFKC does.
fn ascii_id(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ｘ' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Whether the file is a registration form (or a workbook of them).
fn is_form(path: &str) -> bool {
    path.contains("登记表")
}

/// The sheets of a file as text tables, a registration form read as a roster table of
/// one row (see [`form_table`]); `None` for what is not a table.
fn tables(file: &SampleFile) -> Option<Vec<(String, Table)>> {
    let sheets = sheets(file)?;
    if !is_form(&file.path) {
        return Some(sheets);
    }
    Some(sheets.into_iter().map(|(name, raw)| (name, form_table(&raw))).collect())
}

/// A form as a roster table: its labels as the header (row 1) and its values on the row
/// of its 身份证号 value; value right of its label, or below it when nothing is right.
fn form_table(raw: &Table) -> Table {
    let labels: Vec<&str> = layouts::form::labels().into_iter().map(|(l, _)| l).collect();
    let (mut header, mut values, mut id_row) = (Vec::new(), Vec::new(), 0);
    for (r, row) in raw.iter().enumerate() {
        if row.iter().any(|c| c == "称谓") {
            break;
        }
        for (c, label) in row.iter().enumerate().filter(|(_, x)| labels.contains(&x.as_str())) {
            let below = raw.get(r + 1).and_then(|b| b.get(c)).filter(|v| !labels.contains(&v.as_str()));
            let (at, value) = match (row.iter().skip(c + 1).any(|x| !x.is_empty()), below) {
                (true, _) | (false, None) => (r, row.get(c + 1).cloned().unwrap_or_default()),
                (false, Some(v)) => (r + 1, v.clone()),
            };
            if label.starts_with("身份证号") {
                id_row = at;
            }
            header.push(label.clone());
            values.push(value);
        }
    }
    let mut table = vec![Vec::new(); raw.len().max(id_row + 1)];
    table[id_row] = values;
    table[0] = header;
    table
}

/// The sheets of a file as text tables, as they stand; `None` for what is not a table.
fn sheets(file: &SampleFile) -> Option<Vec<(String, Table)>> {
    let b = &file.bytes;
    if file.path.ends_with(".csv") {
        let text = match b.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => String::from_utf8(rest.to_vec()).ok()?,
            None => encoding_rs::GBK.decode(b).0.into_owned(),
        };
        return Some(vec![(String::new(), parse_csv(&text))]);
    }
    if b.starts_with(b"<html") {
        return Some(vec![("表1".to_string(), parse_html(std::str::from_utf8(b).ok()?))]);
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(b.clone())).ok()?;
    let names = book.sheet_names();
    Some(names.into_iter().filter_map(|n| book.worksheet_range(&n).ok().map(|r| (n, range_table(&r)))).collect())
}

fn range_table(range: &calamine::Range<Data>) -> Table {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut table: Table = vec![Vec::new(); r0 as usize];
    for row in range.rows() {
        let mut cells = vec![String::new(); c0 as usize];
        cells.extend(row.iter().map(|d| match d {
            Data::String(s) => s.clone(),
            Data::Float(x) => number_text(*x),
            Data::Int(i) => i.to_string(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }));
        table.push(cells);
    }
    table
}

fn parse_csv(text: &str) -> Table {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

fn parse_html(page: &str) -> Table {
    let unescape = |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    page.split("<tr>")
        .skip(1)
        .map(|tr| {
            let mut cells = Vec::new();
            for cell in tr.split("</t").filter(|c| c.contains("<td") || c.contains("<th")) {
                let (open, text) = cell.rsplit_once('>').unwrap_or(("", ""));
                cells.push(unescape(text));
                let span =
                    open.split("colspan=\"").nth(1).and_then(|s| s.split('"').next()).and_then(|s| s.parse().ok());
                cells.extend(std::iter::repeat_n(String::new(), span.unwrap_or(1usize) - 1));
            }
            cells
        })
        .collect()
}

/// The files of one period folder, with paths inside it.
fn files_of(sample: &Sample, period: &str) -> Vec<SampleFile> {
    let folder = format!("{period}/");
    let inside =
        |f: &SampleFile| f.path.strip_prefix(&folder).map(|p| SampleFile { path: p.into(), bytes: f.bytes.clone() });
    sample.files.iter().filter_map(inside).collect()
}

/// Every table of one period folder by (file, sheet).
fn tables_of(sample: &Sample, period: &str) -> HashMap<(String, String), Table> {
    let mut out = HashMap::new();
    for file in files_of(sample, period) {
        for (sheet, table) in tables(&file).unwrap_or_default() {
            out.insert((file.path.clone(), sheet), table);
        }
    }
    out
}

/// Every table of the current period, where the defects are planted.
fn all_tables(sample: &Sample) -> HashMap<(String, String), Table> {
    tables_of(sample, sample.period)
}

/// Index of the last row at or above `below` holding an ID or amount header.
fn header_row(table: &Table, below: usize) -> Option<usize> {
    let ids = ALIASES.iter().filter(|(c, _)| ["身份证号", "金额"].contains(c)).flat_map(|(_, a)| a.iter());
    let ids: Vec<String> = ids.map(|a| norm(a)).collect();
    (0..=below.min(table.len().saturating_sub(1))).rev().find(|r| table[*r].iter().any(|c| ids.contains(&norm(c))))
}

/// The column (index) whose header names `canonical`, looking at the header
/// row and the row under it (two-row headers).
fn column_of(table: &Table, header: usize, canonical: &str) -> Option<usize> {
    let aliases: Vec<String> = ALIASES.iter().find(|(c, _)| *c == canonical)?.1.iter().map(|a| norm(a)).collect();
    [header, header + 1]
        .iter()
        .filter_map(|r| table.get(*r))
        .find_map(|row| row.iter().position(|c| aliases.contains(&norm(c))))
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = default_sample();
    assert_eq!(a, default_sample());
    let b = generate(&SampleOptions { seed: 7, ..SampleOptions::default() }).expect("generates");
    let differing = a.files.iter().zip(&b.files).filter(|(x, y)| x.bytes != y.bytes).count();
    assert!(differing >= 8, "only {differing} files differ");
}

#[test]
fn every_code_is_planted() {
    let sample = default_sample();
    let codes: HashSet<&str> = sample.planted.iter().map(|p| p.code).collect();
    for code in ROSTER_CODES.iter().chain(OTHER_CODES) {
        assert!(codes.contains(code), "{code} not planted");
    }
    for p in sample.planted.iter().filter(|p| p.code.starts_with('F')) {
        assert_eq!((p.row, p.sheet.as_str(), p.column.as_str()), (0, "", ""));
    }
}

#[test]
fn files_are_the_promised_ones() {
    let sample = default_sample();
    assert!(sample.files.iter().any(|f| f.path == "bangfu.toml"));
    for month in ["2026-09", "2026-10"] {
        let paths: Vec<String> = files_of(&sample, month).into_iter().map(|f| f.path).collect();
        assert!(paths.contains(&"职工人数统计.xlsx".to_string()), "{month}: {paths:?}");
        assert!(paths.iter().filter(|p| !p.starts_with("职工人数")).all(|p| p.contains("工会")), "{month}: {paths:?}");
    }
    let current = files_of(&sample, sample.period);
    let paths: Vec<&str> = current.iter().map(|f| f.path.as_str()).collect();
    for ending in [
        "2026年困难职工花名册.xlsx",
        "困难职工档案.xlsx",
        "困难职工花名册（含退休）.xlsx",
        "个工会困难职工名单.csv",
        "困难职工信息导出.xls",
        "困难职工家庭情况登记表.xlsx",
    ] {
        assert!(paths.iter().any(|p| p.ends_with(ending)), "no file ending {ending}");
    }
    let forms = paths.iter().filter(|p| p.contains("困难职工家庭情况登记表/")).count();
    assert!(forms >= 20, "a folder of forms, one per family: {forms}");
    for exact in ["帮扶台账.xlsx", "职工人数统计.xlsx"] {
        assert!(paths.contains(&exact), "no {exact}");
    }
    let biff = current.iter().filter(|f| f.bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && f.path.ends_with(".xls"));
    assert_eq!(biff.count(), 1);
    let unreadable = current.iter().filter(|f| f.path.ends_with(".xlsx") && tables(f).is_none()).count();
    assert_eq!(unreadable, 2, "the truncated and the encrypted file");
}

#[test]
fn planted_rows_are_under_headers_naming_their_column() {
    let sample = default_sample();
    let tables = all_tables(&sample);
    for p in sample.planted.iter().filter(|p| p.row > 0 && !is_form(&p.file)) {
        let table = tables.get(&(p.file.clone(), p.sheet.clone())).unwrap_or_else(|| panic!("no table for {p:?}"));
        let row = table.get(p.row as usize - 1).unwrap_or_else(|| panic!("no row for {p:?}"));
        assert!(row.iter().filter(|c| !c.is_empty()).count() >= 4, "row looks empty: {p:?}");
        let header = header_row(table, p.row as usize - 2).unwrap_or_else(|| panic!("no header above {p:?}"));
        if !p.column.is_empty() {
            assert!(column_of(table, header, &p.column).is_some(), "no {} column for {p:?}", p.column);
        }
    }
}

#[test]
fn planted_cells_hold_the_defect() {
    let sample = default_sample();
    let tables = all_tables(&sample);
    for p in sample.planted.iter().filter(|p| !is_form(&p.file)) {
        let Some(table) = tables.get(&(p.file.clone(), p.sheet.clone())) else { continue };
        let header = header_row(table, p.row as usize - 2).unwrap_or(0);
        let cell = |canonical: &str| {
            column_of(table, header, canonical)
                .and_then(|c| table[p.row as usize - 1].get(c).cloned())
                .unwrap_or_default()
        };
        match p.code {
            "E101" => assert_eq!(cell("身份证号"), ""),
            "E102" => assert_eq!(cell("身份证号").len(), 17),
            "E103" | "E104" => assert!(!is_valid18(&ascii_id(&cell("身份证号")))),
            "E105" => {
                // An 18-digit number Excel keeps to 15 significant digits.
                let v: f64 = cell("身份证号").parse().unwrap_or(0.0);
                assert!(v > 1e17 && format!("{v:.14e}").parse::<f64>() == Ok(v), "{v}");
            }
            "E113" => assert_eq!(cell("困难类别"), "待定"),
            "W208" => assert_eq!(ascii_id(&cell("身份证号")).len(), 15),
            "W212" => assert_eq!(cell("主要致困原因"), "情况特殊"),
            _ => {}
        }
    }
}

/// What a clean roster row must satisfy (columns the layout lacks are skipped).
fn check_clean_row(table: &Table, header: usize, row: &[String], where_: &str) {
    let get = |c: &str| column_of(table, header, c).map(|i| row.get(i).cloned().unwrap_or_default());
    let id = ascii_id(&get("身份证号").unwrap_or_default());
    assert!(is_valid18(&id), "{where_}: bad ID {id}");
    assert!(REGIONS.iter().any(|r| id.starts_with(r.code)), "{where_}: unknown region {id}");
    let birth =
        Date::new(id[6..10].parse().unwrap_or(0), id[10..12].parse().unwrap_or(0), id[12..14].parse().unwrap_or(0));
    let age = birth.age_on(PERIOD_END);
    assert!((22..=60).contains(&age), "{where_}: age {age}");
    let sex = if id.as_bytes()[16] % 2 == 1 { "男" } else { "女" };
    assert!(get("性别").is_none_or(|s| s == sex), "{where_}: sex");
    assert!(get("出生日期").is_none_or(|b| parse_date(&b) == Some(birth)), "{where_}: birth vs {id}");
    let [total, size, tier] = ["家庭年度总收入", "家庭人口", "困难类别"].map(|c| get(c).unwrap_or_default());
    check_income(&total, &size, get("家庭月人均收入").as_deref(), &tier, &id, where_);
    assert!(get("联系电话").is_none_or(|p| p.len() == 11 && p.starts_with('1')), "{where_}: phone");
    assert!(get("工作单位").is_some_and(|u| !u.is_empty()), "{where_}: no unit");
    assert!(get("主要致困原因").is_some_and(|c| !c.is_empty() && c != "情况特殊"), "{where_}: cause");
}

/// Per-capita income and the 低保 tiers agree with the annual income.
fn check_income(total: &str, size: &str, per_capita: Option<&str>, tier: &str, id: &str, where_: &str) {
    let total: f64 = total.parse().unwrap_or_else(|_| panic!("{where_}: income {total}"));
    let size: f64 = size.parse().unwrap_or_else(|_| panic!("{where_}: size {size}"));
    assert!(size >= 1.0 && size.fract() == 0.0, "{where_}: size {size}");
    let pc = total / 12.0 / size;
    if let Some(stated) = per_capita {
        let stated: f64 = stated.parse().unwrap_or(f64::NAN);
        assert!((stated - pc).abs() <= 0.006, "{where_}: per capita {stated} vs {pc}");
    }
    let line = dibao_line(&id[..6]);
    match tier {
        "低保户" => assert!(pc < line, "{where_}: 低保户 at {pc}"),
        "低保边缘户" => assert!(pc >= line && pc <= line * EDGE_FACTOR, "{where_}: 边缘户 at {pc}"),
        "意外致困户" => assert!(pc > line * EDGE_FACTOR, "{where_}: 意外致困户 at {pc}"),
        "深度困难" | "相对困难" | "意外致困" | "特困" | "重困" | "一般困难" => {}
        other => panic!("{where_}: unknown tier {other}"),
    }
}

/// 2012-03-05, 2012/3/5, 2012.3.5, 2012年3月5日 or an Excel serial.
fn parse_date(s: &str) -> Option<Date> {
    if let Ok(serial) = s.parse::<i64>() {
        return Some(Date::new(1899, 12, 30).plus_days(serial));
    }
    let parts: Vec<u32> =
        s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect();
    match parts[..] {
        [y, m, d] => Some(Date::new(y, m, d)),
        _ => None,
    }
}

/// A data row of a roster file.
struct RosterRow<'a> {
    file: &'a str,
    sheet: &'a str,
    /// Excel row.
    row: u32,
    /// Index of the header row above it.
    header: usize,
    table: &'a Table,
    cells: &'a [String],
}

impl RosterRow<'_> {
    fn cell(&self, canonical: &str) -> String {
        column_of(self.table, self.header, canonical).and_then(|c| self.cells.get(c)).cloned().unwrap_or_default()
    }

    fn check_clean(&self, period: &str) {
        check_clean_row(
            self.table,
            self.header,
            self.cells,
            &format!("{period}/{} {} row {}", self.file, self.sheet, self.row),
        );
    }
}

/// The data rows of a period's roster files.
fn roster_rows(tables: &HashMap<(String, String), Table>) -> Vec<RosterRow<'_>> {
    let mut rows = Vec::new();
    for ((file, sheet), table) in tables {
        if file == "帮扶台账.xlsx" || file == "职工人数统计.xlsx" {
            continue;
        }
        for (i, cells) in table.iter().enumerate() {
            let Some(header) = header_row(table, i).filter(|h| *h < i) else { continue };
            let row = RosterRow { file, sheet, row: i as u32 + 1, header, table, cells };
            let id = row.cell("身份证号");
            if !id.is_empty() && norm(&id) != "身份证号" && !id.contains("身份证") {
                rows.push(row);
            }
        }
    }
    rows
}

/// Planted defects on registration forms point at a value beside (or under) its label,
/// or at a family member's row.
#[test]
fn planted_form_cells_are_beside_their_labels() {
    let sample = default_sample();
    let labels = layouts::form::labels();
    let mut on_forms = Vec::new();
    for file in files_of(&sample, sample.period).iter().filter(|f| is_form(&f.path)) {
        for (sheet, raw) in sheets(file).unwrap_or_default() {
            for p in sample.planted.iter().filter(|p| p.file == file.path && p.sheet == sheet) {
                let names: Vec<&str> =
                    labels.iter().filter(|(_, f)| f.canonical() == p.column).map(|(l, _)| *l).collect();
                let labelled = |r: usize| raw.get(r).is_some_and(|row| row.iter().any(|c| names.contains(&c.as_str())));
                let row = p.row as usize - 1;
                let member = raw[row]
                    .first()
                    .is_some_and(|c| ["丈夫", "妻子", "儿子", "女儿", "父亲", "母亲"].contains(&c.as_str()));
                assert!(labelled(row) || (row > 0 && labelled(row - 1)) || member, "{p:?}");
                on_forms.push(p.code);
            }
        }
    }
    for code in ["E103", "E110", "W216", "W217"] {
        assert!(on_forms.contains(&code), "{code} on no form: {on_forms:?}");
    }
}

#[test]
fn every_unplanted_roster_row_is_clean() {
    let sample = default_sample();
    let planted: HashSet<(String, String, u32)> =
        sample.planted.iter().map(|p| (p.file.clone(), p.sheet.clone(), p.row)).collect();
    let forms: HashSet<(String, String)> =
        sample.planted.iter().filter(|p| is_form(&p.file)).map(|p| (p.file.clone(), p.sheet.clone())).collect();
    let tables = all_tables(&sample);
    let mut checked = 0;
    for row in roster_rows(&tables) {
        let form = forms.contains(&(row.file.to_string(), row.sheet.to_string()));
        if !form && !planted.contains(&(row.file.to_string(), row.sheet.to_string(), row.row)) {
            row.check_clean(sample.period);
            checked += 1;
        }
    }
    assert!(checked >= 240 - 40, "only {checked} clean rows found");
}

/// The IDs of a period's roster rows, with their 困难类别.
fn ids_of(sample: &Sample, period: &str) -> HashMap<String, String> {
    let tables = tables_of(sample, period);
    roster_rows(&tables).iter().map(|r| (ascii_id(&r.cell("身份证号")), r.cell("困难类别"))).collect()
}

#[test]
fn earlier_months_are_clean_and_people_come_go_return_and_change_tier() {
    let sample = default_sample();
    for month in ["2026-09", "2026-10"] {
        let tables = tables_of(&sample, month);
        let rows = roster_rows(&tables);
        assert!(rows.len() >= 200, "{month}: {} rows", rows.len());
        for row in rows {
            row.check_clean(month);
        }
    }
    let [september, october, november] = ["2026-09", "2026-10", "2026-11"].map(|m| ids_of(&sample, m));
    let count = |test: &dyn Fn(&String) -> bool, of: &HashMap<String, String>| of.keys().filter(|id| test(id)).count();
    let joined_in_november = count(&|id| !october.contains_key(id) && !september.contains_key(id), &november);
    let left_in_november = count(&|id| !november.contains_key(id), &october);
    let left_in_october = count(&|id| !october.contains_key(id), &september);
    let returned = count(&|id| !october.contains_key(id) && september.contains_key(id), &november);
    let changed_tier = november.iter().filter(|(id, tier)| october.get(*id).is_some_and(|t| t != *tier)).count();
    for (what, n) in [
        ("joined in November", joined_in_november),
        ("left in November", left_in_november),
        ("left in October", left_in_october),
        ("returned", returned),
        ("changed tier", changed_tier),
    ] {
        assert!(n >= 3, "{what}: {n}");
    }
}

#[test]
fn ledger_pays_registered_workers_except_w303() {
    let sample = default_sample();
    let tables = all_tables(&sample);
    let roster_ids: HashSet<String> = tables
        .iter()
        .filter(|((f, _), _)| f != "帮扶台账.xlsx")
        .flat_map(|(_, t)| t.iter().flatten().map(|c| ascii_id(c)))
        .filter(|c| c.len() == 18)
        .collect();
    let ledger = tables.get(&("帮扶台账.xlsx".to_string(), "帮扶台账".to_string())).expect("ledger");
    let w303: Vec<u32> = sample.planted.iter().filter(|p| p.code == "W303").map(|p| p.row).collect();
    let mut paid = 0;
    for (i, row) in ledger.iter().enumerate().skip(2) {
        let Some(id) = row.get(2).filter(|id| id.len() == 18) else { continue };
        assert!(is_valid18(id));
        assert_eq!(roster_ids.contains(id), !w303.contains(&(i as u32 + 1)), "ledger row {}", i + 1);
        paid += 1;
    }
    assert!(paid >= 15, "only {paid} payments");
}

#[test]
fn scales_with_unions_and_rows() {
    for (unions, rows) in [(3, 60), (9, 400), (20, 2000)] {
        let sample = generate(&SampleOptions { unions, rows, seed: 1 }).expect("generates");
        let codes: HashSet<&str> = sample.planted.iter().map(|p| p.code).collect();
        assert!(ROSTER_CODES.iter().all(|c| codes.contains(c)), "{unions} unions");
        let workforce = files_of(&sample, sample.period)
            .iter()
            .find(|f| f.path == "职工人数统计.xlsx")
            .and_then(tables)
            .expect("workforce");
        assert_eq!(workforce[0].1.len(), unions + 1 + 3, "title, header, units, extra unit, 合计");
    }
}

#[test]
fn options_are_checked() {
    let bad = [(2, 240), (501, 100_000), (6, 59), (6, 100_001), (40, 199)];
    for (unions, rows) in bad {
        assert!(generate(&SampleOptions { unions, rows, seed: 0 }).is_err(), "{unions} {rows}");
    }
}

#[test]
fn planted_tsv_has_one_line_per_defect() {
    let sample = default_sample();
    let tsv = planted_tsv(&sample.planted);
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines[0], "code\tfile\tsheet\trow\tcolumn\tnote");
    assert_eq!(lines.len(), sample.planted.len() + 1);
    assert!(lines.iter().all(|l| l.split('\t').count() == 6));
}
