//! Layouts 8 and 9: registration forms (困难职工家庭情况登记表, 一户一档) instead of a
//! roster — one form per family, labels and values in cells, the family-member table
//! (称谓 / 姓名 / 身份证号 / 出生日期 / 健康状况 …) under them, a title and 填报单位 line
//! above and the 填表人 / 审核人 / 填表日期 footer below.
//!
//! - [`Layout::FormFolder`](super::Layout::FormFolder): a folder with one .xlsx per
//!   family, in the office layout — several label–value pairs across a row, long values
//!   (身份证号, 工作单位, 致困原因, 住址) in merged cells.
//! - [`Layout::FormBook`](super::Layout::FormBook): one workbook with a form on each
//!   sheet (named after the worker), one pair a row, the value right of its label — or,
//!   for the causes, below it.
//!
//! A planted finding points at the value's own cell, so the sink is told the row of
//! every value and of every family member.

use super::{single, Part, Submission};
use crate::date::{Date, DateStyle, PERIOD_END};
use crate::field::Field;
use crate::grid::{Cell, Grid, Look};
use crate::people::Relative;
use crate::render::{cell, CauseStyle, DateForm, Entry, Style};
use crate::sink::{FormRows, Sink};
use crate::unions::Union;
use crate::{write, SampleFile};

const CHINESE: &[DateForm] = &[DateForm::Text(DateStyle::Chinese)];

pub const FOLDER_STYLE: Style = Style {
    vocab: 1,
    causes: &[CauseStyle::Phrase, CauseStyle::CodeLabel],
    birth: CHINESE,
    filed: CHINESE,
    ..Style::PLAIN
};

pub const BOOK_STYLE: Style =
    Style { status_alias: true, causes: &[CauseStyle::Label, CauseStyle::Phrase], ..Style::PLAIN };

/// A label, its field and how many columns its value spans.
type Pair = (&'static str, Field, u16);

/// The office form: eight columns, pairs across each row.
const FOLDER_ROWS: &[&[Pair]] = &[
    &[
        ("姓名", Field::Name, 1),
        ("性别", Field::Sex, 1),
        ("民族", Field::Ethnicity, 1),
        ("出生日期", Field::BirthDate, 1),
    ],
    &[("身份证号", Field::Id, 3), ("政治面貌", Field::Politics, 1), ("联系电话", Field::Phone, 1)],
    &[("工作单位", Field::Employer, 3), ("身份", Field::Status, 1), ("健康状况", Field::Health, 1)],
    &[
        ("困难类别", Field::Tier, 1),
        ("家庭人口", Field::FamilySize, 1),
        ("是否单亲", Field::SingleParent, 1),
        ("残疾类别", Field::Disability, 1),
    ],
    &[
        ("本人月收入", Field::OwnIncome, 1),
        ("家庭年收入", Field::FamilyIncome, 1),
        ("人均月收入", Field::PerCapitaIncome, 1),
        ("刚性支出", Field::RigidSpending, 1),
    ],
    &[("主要致困原因", Field::PrimaryCause, 7)],
    &[("次要致困原因", Field::SecondaryCause, 7)],
    &[("家庭住址", Field::Address, 3), ("建档日期", Field::FiledDate, 1), ("复核日期", Field::ReviewDate, 1)],
];

const FOLDER_WIDTH: u16 = 8;

/// The one-pair-a-row form: the label, then the value over three columns; the causes'
/// values stand below their labels, across the form.
const BOOK_PAIRS: &[(&str, Field)] = &[
    ("姓名", Field::Name),
    ("性别", Field::Sex),
    ("出生日期", Field::BirthDate),
    ("身份证号码", Field::Id),
    ("工作单位", Field::Employer),
    ("人员身份", Field::Status),
    ("困难类别", Field::Tier),
    ("健康状况", Field::Health),
    ("家庭人口", Field::FamilySize),
    ("家庭年度总收入", Field::FamilyIncome),
    ("家庭月人均收入", Field::PerCapitaIncome),
    ("家庭年度刚性支出", Field::RigidSpending),
    ("联系电话", Field::Phone),
    ("家庭住址", Field::Address),
    ("建档日期", Field::FiledDate),
];

/// Pairs of the book form whose value is written below the label.
const BOOK_BELOW: &[(&str, Field)] = &[("主要致困原因", Field::PrimaryCause), ("次要致困原因", Field::SecondaryCause)];

const BOOK_WIDTH: u16 = 4;

/// Every label of both forms with its field (for reading the forms back in tests).
#[cfg(test)]
pub fn labels() -> Vec<(&'static str, Field)> {
    let folder = FOLDER_ROWS.iter().flat_map(|r| r.iter().map(|(l, f, _)| (*l, *f)));
    folder.chain(BOOK_PAIRS.iter().chain(BOOK_BELOW).copied()).collect()
}

/// The fields of the office form.
pub fn folder_fields() -> Vec<Field> {
    FOLDER_ROWS.iter().flat_map(|r| r.iter().map(|(_, f, _)| *f)).collect()
}

/// The fields of the one-pair-a-row form.
pub fn book_fields() -> Vec<Field> {
    BOOK_PAIRS.iter().chain(BOOK_BELOW).map(|(_, f)| *f).collect()
}

/// One .xlsx per family under `folder`.
pub fn render_folder(
    sub: &Submission,
    unions: &[Union],
    folder: &str,
    sink: &mut Sink,
) -> Result<Vec<SampleFile>, String> {
    let (part, union) = single(sub, unions)?;
    let mut files = Vec::with_capacity(part.entries.len());
    for (seq, entry) in part.entries.iter().enumerate() {
        let path = format!("{folder}/{:02}{}.xlsx", seq + 1, entry.person.name);
        let sheet = "登记表";
        let (grid, rows) = office_form(entry, union, sheet, sub.month);
        sink.place_form(entry.uid, &entry.marks, &path, sheet, &rows);
        files.push(SampleFile { path, bytes: write::xlsx(&[grid])? });
    }
    Ok(files)
}

/// One workbook, a form on each sheet.
pub fn render_book(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let mut sheets: Vec<Grid> = Vec::with_capacity(part.entries.len());
    for (entry, sheet) in part.entries.iter().zip(sheet_names(part)) {
        let (grid, rows) = book_form(entry, union, &sheet, sub.month);
        sink.place_form(entry.uid, &entry.marks, path, &sheet, &rows);
        sheets.push(grid);
    }
    write::xlsx(&sheets)
}

/// A sheet per worker, named after them (张伟, 张伟(2) for a second one).
fn sheet_names(part: &Part) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(part.entries.len());
    for entry in &part.entries {
        let name = &entry.person.name;
        let taken = names.iter().filter(|n| *n == name || n.starts_with(&format!("{name}("))).count();
        names.push(if taken == 0 { name.clone() } else { format!("{name}({})", taken + 1) });
    }
    names
}

/// The value cell of `field`, or an empty bordered cell.
fn value(entry: &Entry, field: Field, style: &Style, union: &Union) -> Cell {
    cell(entry, field, style, &union.name).unwrap_or_else(|| Cell::text(""))
}

/// Title, 填报单位 line.
fn heading(grid: &mut Grid, union: &Union, entry: &Entry, width: u16) {
    grid.one_page = true;
    grid.merged_line("困难职工家庭情况登记表", width, Look::Title);
    let line = format!("填报单位：{}    档案编号：{:04}", union.name, entry.uid);
    grid.merged_line(&line, width, Look::Note);
}

/// The office form of one family, and where its values are.
fn office_form(entry: &Entry, union: &Union, sheet: &str, month: u32) -> (Grid, FormRows) {
    let mut grid = Grid::new(sheet);
    heading(&mut grid, union, entry, FOLDER_WIDTH);
    let mut rows = FormRows::default();
    for pairs in FOLDER_ROWS {
        let row = grid.next_row;
        let mut col = 0u16;
        for (label, field, span) in *pairs {
            grid.put(row, col, Cell::text(*label), Look::Header);
            grid.put(row, col + 1, value(entry, *field, &FOLDER_STYLE, union), Look::Body);
            grid.merge(row, row, col + 1, col + span);
            rows.values.push((field.canonical(), row + 1));
            col += span + 1;
        }
        grid.next_row = row + 1;
    }
    let members: [(&str, u16); 6] =
        [("称谓", 1), ("姓名", 1), ("身份证号", 2), ("出生日期", 1), ("健康状况", 1), ("工作或就读情况", 2)];
    grid.merged_line("家庭成员情况", FOLDER_WIDTH, Look::Header);
    family_table(&mut grid, entry, &members, &mut rows);
    footer(&mut grid, union, entry, month, &[0, 3, 5]);
    rows.record = row_of(&rows, Field::Id);
    (grid, rows)
}

/// The one-pair-a-row form of one family, and where its values are.
fn book_form(entry: &Entry, union: &Union, sheet: &str, month: u32) -> (Grid, FormRows) {
    let mut grid = Grid::new(sheet);
    heading(&mut grid, union, entry, BOOK_WIDTH);
    let mut rows = FormRows::default();
    for (label, field) in BOOK_PAIRS {
        let row = grid.texts(&[(0, label)], Look::Header);
        grid.put(row, 1, value(entry, *field, &BOOK_STYLE, union), Look::Body);
        grid.merge(row, row, 1, BOOK_WIDTH - 1);
        rows.values.push((field.canonical(), row + 1));
    }
    for (label, field) in BOOK_BELOW {
        let label_row = grid.texts(&[(0, label)], Look::Header);
        grid.merge(label_row, label_row, 0, BOOK_WIDTH - 1);
        let shown = value(entry, *field, &BOOK_STYLE, union);
        // An empty value below its label is read on the label's row (nothing stands below).
        let at = if shown == Cell::text("") { label_row } else { label_row + 1 };
        let row = grid.row(vec![Some(shown)], Look::Body);
        grid.merge(row, row, 0, BOOK_WIDTH - 1);
        rows.values.push((field.canonical(), at + 1));
    }
    let members: [(&str, u16); 4] = [("称谓", 1), ("姓名", 1), ("身份证号", 1), ("健康状况", 1)];
    grid.blank();
    family_table(&mut grid, entry, &members, &mut rows);
    footer(&mut grid, union, entry, month, &[0, 2]);
    rows.record = row_of(&rows, Field::Id);
    (grid, rows)
}

/// The Excel row of a field's value.
fn row_of(rows: &FormRows, field: Field) -> u32 {
    rows.values.iter().find(|(c, _)| *c == field.canonical()).map_or(0, |(_, r)| *r)
}

/// The family-member table under `columns` (title, span), one row per member.
fn family_table(grid: &mut Grid, entry: &Entry, columns: &[(&str, u16)], rows: &mut FormRows) {
    let header = grid.next_row;
    let mut col = 0u16;
    for (title, span) in columns {
        grid.put(header, col, Cell::text(*title), Look::Header);
        grid.merge(header, header, col, col + span - 1);
        col += span;
    }
    grid.next_row = header + 1;
    for member in entry.person.family.members() {
        let row = grid.next_row;
        let mut col = 0u16;
        for (title, span) in columns {
            grid.put(row, col, Cell::text(member_value(member, title)), Look::Body);
            grid.merge(row, row, col, col + span - 1);
            col += span;
        }
        grid.next_row = row + 1;
        rows.members.push(row + 1);
    }
}

/// What a member's row holds under a column title.
fn member_value(member: &Relative, title: &str) -> String {
    match title {
        "称谓" => member.relation.to_string(),
        "姓名" => member.name.clone(),
        "身份证号" => member.id.clone(),
        "出生日期" => member.birth.format(DateStyle::Chinese),
        "健康状况" => member.health.to_string(),
        _ => occupation(member).to_string(),
    }
}

/// 工作或就读情况 by age.
fn occupation(member: &Relative) -> &'static str {
    match member.birth.age_on(PERIOD_END) {
        0..=5 => "学龄前",
        6..=21 => "在读",
        22..=59 => "务工",
        _ => "无",
    }
}

/// 填表人 / 审核人 / 填表日期 at the given columns.
fn footer(grid: &mut Grid, union: &Union, entry: &Entry, month: u32, cols: &[u16]) {
    grid.blank();
    let day = Date::new(2026, month, 1 + (entry.uid % 20) as u32);
    let texts = [
        format!("填表人：{}", union.preparer),
        format!("审核人：{}", union.reviewer),
        format!("填表日期：{}", day.format(DateStyle::Chinese)),
    ];
    let items: Vec<(u16, &str)> = cols.iter().copied().zip(texts.iter().map(String::as_str)).collect();
    grid.texts(&items, Look::Note);
    if let (Some(last), true) = (texts.last(), cols.len() < texts.len()) {
        grid.texts(&[(0, last)], Look::Note);
    }
}
