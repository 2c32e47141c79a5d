//! Registration forms (登记表, SPEC §2): a folder of forms in both layouts, a workbook of
//! a roster and forms, and a form lacking a required label — each form one roster row,
//! its findings at the value's own cell, its family table read.

mod common;

use bangfu::columns::Field;
use bangfu::finding::Code;
use common::*;

/// Layout A: several pairs across a row, values merged, family table under it.
fn across<'a>(name: &'a str, id: &'a str, tier: &'a str) -> SheetSpec<'a> {
    let rows = vec![
        texts(&["困难职工家庭情况登记表"]),
        texts(&["填报单位：城关镇第二小学工会"]),
        texts(&["姓名", name, "性别", "女", "出生日期", "1982-03-04"]),
        texts(&["身份证号", id, "", "", "困难类别", tier]),
        texts(&["身份", "在岗", "", "", "家庭年度总收入", "18000"]),
        texts(&["致困原因", "配偶患重病", "", "", "", ""]),
        texts(&["家庭成员情况"]),
        texts(&["姓名", "与本人关系", "身份证号", "健康状况", "月收入"]),
        texts(&["王强", "配偶", "410102197508081013", "尿毒症", "0"]),
        texts(&["王小丽", "女儿", "410102201005060025", "健康", "0"]),
        texts(&["填表人：刘芳", "", "审核人：", "", "填表日期：2026年11月3日"]),
    ];
    let merges = vec![(0, 0, 0, 5), (3, 1, 3, 3), (4, 1, 4, 3), (5, 1, 5, 5), (6, 0, 6, 5)];
    SheetSpec { name: "登记表", rows, merges }
}

/// Layout B: one pair a row, values to the right; 家庭人口 written.
fn one_a_row<'a>(sheet: &'a str, name: &'a str, id: &'a str, size: &'a str) -> SheetSpec<'a> {
    let rows = vec![
        texts(&["城关镇第二小学工会困难职工家庭情况登记表"]),
        texts(&["姓名：", name]),
        texts(&["身份证号码：", id]),
        texts(&["困难类别：", "相对困难"]),
        texts(&["家庭人口：", size]),
        texts(&["家庭年度总收入：", "30000"]),
        texts(&["主要致困原因：", "下岗失业"]),
        texts(&["填表人：刘芳"]),
    ];
    SheetSpec { name: sheet, rows, merges: vec![] }
}

#[test]
fn a_folder_of_forms_in_both_layouts_reads_one_row_per_form() {
    let dir = tempfile::tempdir().expect("tmp");
    write_xlsx(&dir.path().join("李梅.xlsx"), &[across("李梅", "410102198203041242", "深度困难")]);
    write_xlsx(&dir.path().join("赵军.xlsx"), &[one_a_row("Sheet1", "赵军", "410102197809092023", "3")]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let roles: Vec<String> = files(&outcome).into_iter().map(|f| f.role).collect();
    assert_eq!(roles, vec!["form", "form"]);
    let tables = &outcome.ingested.tables;
    assert_eq!(rows_of(&tables[0], Field::Name), vec![(4, "城关镇第二小学工会".into(), "李梅".into())]);
    assert_eq!(rows_of(&tables[1], Field::Name), vec![(3, "城关镇第二小学工会".into(), "赵军".into())]);
    assert_eq!(outcome.accounting.roster.read, 2);
    let li = &outcome.roster.workers[0];
    assert_eq!(li.family_size, Some(3), "家庭人口 from the family table");
    assert_eq!(li.members().len(), 2);
    assert_eq!(li.member_ids().collect::<Vec<_>>(), vec!["410102197508081013", "410102201005060025"]);
    assert!(li.ill(), "a member's 健康状况 names an illness");
    assert_eq!(outcome.roster.workers[1].family_size, Some(3));
}

#[test]
fn findings_point_at_the_value_cell() {
    let dir = tempfile::tempdir().expect("tmp");
    // Check digit wrong (E103) and a tier outside the vocabulary (E113).
    write_xlsx(&dir.path().join("李梅.xlsx"), &[across("李梅", "410102198203041243", "很困难")]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let at: Vec<(Code, u32, &str)> = outcome.findings.iter().map(|f| (f.code, f.location.row, f.column)).collect();
    assert!(at.contains(&(Code::E103, 4, "身份证号")), "{at:?}");
    assert!(at.contains(&(Code::E113, 4, "困难类别")), "{at:?}");
    let e110: Vec<_> = outcome.findings.iter().filter(|f| f.location.row == 6).collect();
    assert!(e110.is_empty(), "{e110:?}");
}

#[test]
fn a_workbook_of_a_roster_and_forms_reads_both() {
    let dir = tempfile::tempdir().expect("tmp");
    let roster = SheetSpec {
        name: "花名册",
        rows: vec![
            texts(&["姓名", "身份证号", "困难类别", "主要致困原因"]),
            texts(&["张三", "41010219800101123X", "深度困难", "6"]),
        ],
        merges: vec![],
    };
    let sheets = [
        roster,
        one_a_row("赵军", "赵军", "410102197809092023", "3"),
        one_a_row("孙丽", "孙丽", "410102198502024047", "abc"),
    ];
    write_xlsx(&dir.path().join("城关镇第二小学工会.xlsx"), &sheets);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    assert_eq!(outcome.ingested.tables.len(), 3);
    assert_eq!(outcome.accounting.roster.read, 3);
    let e111: Vec<(&str, u32)> = outcome
        .findings
        .iter()
        .filter(|f| f.code == Code::E111)
        .map(|f| (&*f.location.sheet, f.location.row))
        .collect();
    assert_eq!(e111, vec![("孙丽", 5)]);
    assert_eq!(files(&outcome)[0].role, "roster");
}

#[test]
fn a_form_without_an_id_label_is_f003_naming_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = vec![
        texts(&["困难职工家庭情况登记表"]),
        texts(&["姓名", "李梅", "性别", "女"]),
        texts(&["困难类别", "深度困难", "家庭人口", "3"]),
        texts(&["联系电话", "13812345678"]),
    ];
    write_xlsx(&dir.path().join("李梅.xlsx"), &[SheetSpec { name: "登记表", rows, merges: vec![] }]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let f003 = outcome.findings.iter().find(|f| f.code == Code::F003).expect("F003");
    assert!(f003.message.contains("身份证号"), "{}", f003.message);
    assert!(f003.message.contains("登记表"), "{}", f003.message);
}

#[test]
fn feedback_hands_back_the_form_itself_with_the_cell_marked() {
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    // Check digit wrong (E103) at B4; the family table holds a member's full ID.
    write_xlsx(&input.join("李梅.xlsx"), &[across("李梅", "410102198203041243", "深度困难")]);
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let period = dir.path().join("out/2026-11");
    let feedback = std::fs::read_dir(period.join("feedback")).expect("feedback").next().expect("one").expect("entry");
    let path = feedback.path();
    let sheets = sheet_names(&path);
    assert_eq!(sheets.len(), 2, "the problem list, then the form: {sheets:?}");
    let xml = sheet_xml(&path, &sheets[1]);
    assert!(xml.contains("<mergeCell ref=\"B4:D4\""), "the form's merges come back");
    let strings = shared_strings(&path);
    assert!(strings.contains("困难职工家庭情况登记表") && strings.contains("家庭成员情况"), "the whole form");
    assert!(strings.contains("410102********1243"), "the worker's ID masked");
    assert!(strings.contains("410102********1013"), "a member's ID masked");
    assert!(!strings.contains("410102198203041243") && !strings.contains("410102197508081013"), "no full ID");
    let notes = part_text(&path, "xl/comments");
    assert!(notes.contains("E103") && notes.contains("请修改"), "{notes}");
    assert!(notes.contains("ref=\"B4\""), "the note sits on the value's cell: {notes}");

    let quality = period.join("quality.xlsx");
    assert!(part_text(&quality, "xl/").contains("家庭情况登记表"), "行数核对 names the sheet a form");
}
