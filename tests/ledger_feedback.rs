//! Ledger rows in the data-quality outputs, end to end: a roster and a ledger for two
//! unions run through the real binary; each union's feedback workbook holds its own
//! ledger rows beside its roster rows, no workbook is named after the ledger file, and
//! the row accounting of quality.xlsx counts the ledger rows held back.

mod common;

use std::io::Read;
use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use common::*;

const A: &str = "纺织厂工会";
const B: &str = "机械厂工会";

/// A valid 18-digit ID from its first 17 digits.
fn id(body: &str) -> String {
    format!("{body}{}", bangfu::normalize::id::check_char(body).expect("check char"))
}

fn write_batch(dir: &Path) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let people = [
        ("张三", id("41010219800101001"), A, "3"),
        ("李四", id("41010219810202003"), A, "3"),
        ("周八", id("41010219820303005"), A, "0"),
        ("王五", id("41010219830404007"), B, "3"),
        ("赵六", id("41010219840505009"), B, "3"),
    ];
    let mut roster = String::from(
        "姓名,身份证号,工作单位,身份,困难类别,家庭人口,家庭年度总收入,家庭月人均收入,主要致困原因,建档日期,基层工会\n",
    );
    for (name, id, union, size) in &people {
        roster.push_str(&format!("{name},{id},{union},在岗,相对困难,{size},36000,1000,6,2020-03-01,{union}\n"));
    }
    std::fs::write(input.join("花名册.csv"), roster).expect("write roster");
    let payments = [(0, "送温暖", "500"), (1, "购物卡", "500"), (3, "送温暖", "-300"), (4, "送温暖", "300")];
    let mut ledger = String::from("姓名,身份证号,基层工会,帮扶类型,金额,发放日期\n");
    for (p, kind, amount) in payments {
        let (name, id, union, _) = &people[p];
        ledger.push_str(&format!("{name},{id},{union},{kind},{amount},2026-11-05\n"));
    }
    std::fs::write(input.join("帮扶台账.csv"), ledger).expect("write ledger");
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn rows(range: &Range<Data>) -> Vec<Vec<String>> {
    range.rows().map(|row| row.iter().map(text).collect()).collect()
}

/// Every sheet of a workbook as (name, rows of text).
fn sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            (name, rows(&range))
        })
        .collect()
}

/// The text of every comment part of a workbook.
fn notes(path: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        if entry.name().expect("name").starts_with("xl/comments") {
            entry.read_to_string(&mut all).expect("read");
        }
    }
    all
}

/// The data rows of the sheet named `name`, by their header: (原行号, value of `column`).
fn own_rows(sheets: &[(String, Vec<Vec<String>>)], name: &str, column: &str) -> Vec<(String, String)> {
    let (_, rows) = sheets.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}"));
    let header = &rows[1];
    assert_eq!(header[..], ["原行号", "姓名", "身份证号", "基层工会", "帮扶类型", "金额", "发放日期"][..]);
    let col = header.iter().position(|h| h == column).expect("column");
    rows[2..].iter().map(|row| (row[0].clone(), row[col].clone())).collect()
}

#[test]
fn ledger_rows_go_back_to_their_own_union_and_are_counted_as_rejected() {
    let dir = tempfile::tempdir().expect("tmp");
    write_batch(dir.path());
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let out = dir.path().join("out/2026-11");

    let mut written: Vec<String> = std::fs::read_dir(out.join("feedback"))
        .expect("feedback")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected = vec![format!("{A}.xlsx"), format!("{B}.xlsx")];
    expected.sort();
    assert_eq!(written, expected, "no workbook is named after the ledger file");

    // Union A: a roster row (E111) and a ledger row (E115), one sheet per source table.
    let a_path = out.join(format!("feedback/{A}.xlsx"));
    let a = sheets(&a_path);
    let mut names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.remove(0), "问题说明");
    names.sort_unstable();
    assert_eq!(names, ["帮扶台账", "花名册"]);
    assert_eq!(
        a[0].1[0][0],
        format!("{A}：困难职工花名册、帮扶台账问题反馈（错误2条请修改，警告0条请核实；改好后重新报送）")
    );
    assert_eq!(a[0].1[1][7], "处理");
    assert!(a[0].1[2..].iter().all(|row| row[7] == "请修改"), "errors are to be corrected");
    assert_eq!(own_rows(&a, "帮扶台账", "帮扶类型"), [("3".to_string(), "购物卡".to_string())]);
    let masked = format!("410102********{}", &id("41010219810202003")[14..]);
    assert_eq!(own_rows(&a, "帮扶台账", "身份证号"), [("3".to_string(), masked)]);
    let a_notes = notes(&a_path);
    assert!(a_notes.contains("E115") && a_notes.contains("E111"), "{a_notes}");

    // Union B: its ledger row (E112) only.
    let b_path = out.join(format!("feedback/{B}.xlsx"));
    let b = sheets(&b_path);
    let names: Vec<&str> = b.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["问题说明", "帮扶台账"]);
    assert_eq!(b[0].1[0][0], format!("{B}：帮扶台账问题反馈（错误1条请修改，警告0条请核实；改好后重新报送）"));
    assert_eq!(own_rows(&b, "帮扶台账", "金额"), [("4".to_string(), "-300".to_string())]);
    let b_notes = notes(&b_path);
    assert!(b_notes.contains("E112") && !b_notes.contains("E115"), "{b_notes}");

    // 行数核对: 文件, 工作表, 表类型, 读取行数, 采用, 退回, 合并重复, 跳过的非数据行, 文件问题;
    // each kind of table totalled on its own.
    let quality = sheets(&out.join("quality.xlsx"));
    let (_, accounting) = quality.iter().find(|(n, _)| n == "行数核对").expect("行数核对");
    let counts = |file: &str| -> Vec<String> {
        let row = accounting.iter().find(|r| r[0] == file).unwrap_or_else(|| panic!("no row {file}"));
        row[2..8].to_vec()
    };
    assert_eq!(counts("帮扶台账.csv"), ["帮扶台账", "4", "2", "2", "0", "1"]);
    assert_eq!(counts("花名册.csv"), ["困难职工花名册", "5", "4", "1", "0", "1"]);
    assert_eq!(counts("帮扶台账合计"), ["帮扶台账", "4", "2", "2", "0", "1"]);
    assert_eq!(counts("困难职工花名册合计"), ["困难职工花名册", "5", "4", "1", "0", "1"]);
}
