//! feedback/<union>.xlsx — what goes back to each grassroots union: a first sheet that
//! lists its problems in plain Chinese (errors 请修改, warnings 请核实), then its own rows
//! in its own column layout with the offending cells marked (errors red, warnings yellow)
//! and a comment on each saying what to fix: one sheet per source table, roster and ledger
//! alike. A whole file that could not be read goes to the union whose name its file name
//! carries; a file that is no union's (a notice, an unnamed file) gets no workbook of its
//! own — it is on the county's own list in quality.xlsx. A registration form comes back
//! as a copy of the form itself, its cells marked. One level up, what is found on a lower
//! level's package rows (a worker in two packages) goes to that package's unit as a list
//! naming the package, the chain and the original file, sheet and row; the unit hands
//! it down. Personal numbers are always masked: feedback travels by e-mail. The
//! workbooks are written in parallel.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use compact_str::ToCompactString;
use rayon::prelude::*;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::book::{
    file_name, header_format, print_setup, sheet_name, slot, title_format, wrapped_height, write, write_list,
    xlsx_error, Book, CellStyles, Kind, List, ListColumn, Out, LIST_HEADER_ROWS,
};
use super::files::PeriodFolder;
use super::mask::Mask;
use super::notes::SheetNotes;
use super::sheet_xml::SheetRows;
use crate::columns::Field;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::history::package;
use crate::ingest::grid::{Cell, Grid};
use crate::ingest::header::Role;
use crate::ingest::table::{Record, Table};
use crate::ingest::{Ingested, RecordsAt};
use crate::normalize::date;
use crate::pipeline::Outcome;

/// Feedback travels by e-mail: personal numbers are always masked.
const MASK: Mask = Mask::HIDDEN;

/// Writes one workbook per union with findings into the folder `dir`; returns the files
/// written.
pub fn write_all(folder: &PeriodFolder, dir: &str, outcome: &Outcome, rows: &RecordsAt) -> Result<Vec<PathBuf>, Error> {
    let ingested = &outcome.ingested;
    let mut by_union: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for finding in &outcome.findings {
        let union = match rows.record(&finding.location) {
            Some(record) => Some(addressee(record)),
            None => outcome.tables.reporting.unit_of_file(&finding.location.file).map(str::to_string),
        };
        if let Some(union) = union {
            by_union.entry(union).or_default().push(finding);
        }
    }
    // Two unions whose names differ only where a file name cannot (甲/乙 and 甲_乙) get
    // files of their own.
    let mut files = BTreeSet::new();
    let unions: Vec<(String, &String, &Vec<&Finding>)> = by_union
        .iter()
        .map(|(union, findings)| {
            (format!("{dir}/{}.xlsx", unique(&mut files, &file_name(union), usize::MAX)), union, findings)
        })
        .collect();
    unions
        .par_iter()
        .map(|(name, union, union_findings)| {
            let mut book = Book::new(folder, name);
            write_union(&mut book, union, union_findings, rows, ingested)
                .map_err(|e| xlsx_error(&folder.path(name), e))?;
            book.save()
        })
        .collect()
}

/// Whom a row's findings go back to: its grassroots union, or for a row of a lower
/// level's package the package's unit (the top of its chain), which hands them down.
fn addressee(record: &Record) -> String {
    match package::chain_of(record).first() {
        Some(unit) => unit.to_string(),
        None => record.union.to_string(),
    }
}

fn stem(file: &str) -> String {
    Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn write_union(
    book: &mut Book,
    union: &str,
    findings: &[&Finding],
    rows: &RecordsAt,
    ingested: &Ingested,
) -> Result<(), XlsxError> {
    let mut by_table: BTreeMap<usize, BTreeMap<usize, Vec<&Finding>>> = BTreeMap::new();
    for finding in findings {
        if let Some((t, r)) = rows.position(&finding.location) {
            by_table.entry(t).or_default().entry(r).or_default().push(finding);
        }
    }
    let roles: BTreeSet<Role> = by_table.keys().map(|&t| ingested.tables[t].role).collect();
    let what: Vec<&str> = roles.iter().map(|role| role.label()).collect();
    problem_list(book, union, &what.join("、"), findings)?;
    let mut names = BTreeSet::from([PROBLEMS.to_string()]);
    for (t, records) in &by_table {
        let table = &ingested.tables[*t];
        if table.records.first().is_some_and(|r| !package::chain_of(r).is_empty()) {
            continue;
        }
        let file = stem(&table.origin.file);
        let label = if table.origin.sheet.is_empty() { file } else { format!("{file}-{}", table.origin.sheet) };
        let name = unique(&mut names, &sheet_name(&label), SHEET_NAME);
        // A form's cells are written where they stand, merges first: only a sheet of
        // rows, written top to bottom, streams.
        match &table.form {
            Some(form) => {
                let mut notes = SheetNotes::new(book.workbook.worksheets().len());
                own_form(
                    book.workbook.add_worksheet().set_name(name)?,
                    &mut notes,
                    table,
                    form,
                    records.values().flatten().copied(),
                )?;
                book.keep_notes(notes);
            }
            None => own_rows(book, name, table, records)?,
        }
    }
    Ok(())
}

/// `name`, or when it is taken `name(2)`, `name(3)` … (the name cut short so that it
/// stays within `longest` characters); taken from now on.
fn unique(names: &mut BTreeSet<String>, name: &str, longest: usize) -> String {
    let mut candidate = name.to_string();
    let mut k = 2;
    while !names.insert(candidate.clone()) {
        let suffix = format!("({k})");
        let kept = longest.saturating_sub(suffix.chars().count());
        candidate = format!("{}{suffix}", name.chars().take(kept).collect::<String>());
        k += 1;
    }
    candidate
}

/// The longest name of a sheet.
const SHEET_NAME: usize = 31;

/// The first sheet's name.
const PROBLEMS: &str = "问题说明";

/// What a clerk is asked to do about a finding.
pub fn action(finding: &Finding) -> &'static str {
    match finding.severity() {
        Severity::Warning => "请核实",
        Severity::Error | Severity::File => "请修改",
    }
}

/// The first sheet: every finding of the union. `what` names the tables concerned
/// (困难职工花名册、帮扶台账), empty when only whole files are.
fn problem_list(book: &mut Book, union: &str, what: &str, findings: &[&Finding]) -> Result<(), XlsxError> {
    let columns = [
        ListColumn::new("序号", 5.0, Kind::Count),
        ListColumn::new("文件", 24.0, Kind::Wrap),
        ListColumn::new("工作表", 10.0, Kind::Wrap),
        ListColumn::new("行", 6.0, Kind::Count),
        ListColumn::new("列", 12.0, Kind::Wrap),
        ListColumn::new("原值", 20.0, Kind::Wrap),
        ListColumn::new("类别", 6.0, Kind::Text),
        ListColumn::new("处理", 7.0, Kind::Text),
        ListColumn::new("问题及修改意见", 56.0, Kind::Wrap),
    ];
    let errors = findings.iter().filter(|f| f.severity() != Severity::Warning).count();
    let title = format!(
        "{union}：{what}问题反馈（错误{errors}条请修改，警告{}条请核实；改好后重新报送）",
        findings.len() - errors
    );
    let list = List { sheet: PROBLEMS, title, columns: &columns, printed: None };
    let rows = findings.iter().enumerate().map(|(i, finding)| {
        let error = finding.severity() != Severity::Warning;
        vec![
            (Out::Number(i as f64 + 1.0), None),
            (Out::from(&*finding.location.file), None),
            (Out::from(&*finding.location.sheet), None),
            (if finding.location.row == 0 { Out::Empty } else { Out::Number(f64::from(finding.location.row)) }, None),
            (Out::from(finding.column), None),
            (Out::from(MASK.value(finding.column, &finding.value)), None),
            (Out::from(finding.severity().label()), Some(error)),
            (Out::from(action(finding)), Some(error)),
            (Out::from(format!("{}（{}）", MASK.text(&finding.message), finding.code)), None),
        ]
    });
    write_list(book, &list, rows)
}

/// The union's flagged rows in the sheet's own layout, offending cells marked: the
/// sheet and its header written by the workbook, the rows by [`SheetRows`], the
/// comments by [`SheetNotes`] (told the tall rows' heights, for the comments' boxes).
fn own_rows(
    book: &mut Book,
    name: String,
    table: &Table,
    records: &BTreeMap<usize, Vec<&Finding>>,
) -> Result<(), XlsxError> {
    let (styles, dates) = (book.styles(Kind::Wrap), book.styles(Kind::Date));
    let index = book.workbook.worksheets().len();
    let sheet = book.workbook.add_worksheet_with_constant_memory()?.set_name(name)?;
    let mut notes = SheetNotes::new(index);
    let header = header_format();
    let title = format!("原表中有问题的行（{}{}）", table.origin.file, sheet_part(&table.origin.sheet));
    sheet.write_string_with_format(0, 0, title, &title_format())?;
    sheet.write_string_with_format(1, 0, "原行号", &header)?;
    notes.set_column_width(sheet, 0, 7.0)?;
    let mut widths = vec![7.0];
    for (col, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(1, col as u16 + 1, &column.header, &header)?;
        let width = (super::book::display_width(&column.header) as f64 + 2.0).clamp(8.0, 20.0);
        let width =
            if matches!(column.field, Some(Field::Id | Field::SpouseId | Field::BankCard)) { 21.0 } else { width };
        notes.set_column_width(sheet, col as u16 + 1, width)?;
        widths.push(width);
    }
    sheet.set_row_height(1, HEADER_HEIGHT)?;
    notes.row_height(1, HEADER_HEIGHT);
    let mut rows = SheetRows::new(index, widths.len() as u16);
    for (k, (r, findings)) in records.iter().enumerate() {
        let out_row = k as u32 + LIST_HEADER_ROWS;
        let marks = marks(table, findings);
        let values = row_values(table, *r);
        let height = wrapped_height(values.iter(), &widths);
        if let Some(height) = height {
            notes.row_height(out_row, height);
        }
        for (&col, findings) in &marks {
            notes.add(sheet, out_row, col, note(findings))?;
        }
        let cells = values.iter().enumerate().map(|(col, value)| {
            let style = if matches!(value, Out::Date(_)) { dates } else { styles };
            (value, style[slot(marks.get(&(col as u16)).map(|notes| is_error(notes)))])
        });
        rows.row(out_row, height, cells)?;
    }
    sheet.set_freeze_panes(LIST_HEADER_ROWS, 1)?;
    let last_row = (records.len() as u32 + LIST_HEADER_ROWS).saturating_sub(1);
    sheet.autofilter(LIST_HEADER_ROWS - 1, 0, last_row.max(LIST_HEADER_ROWS - 1), table.columns.len() as u16)?;
    print_setup(sheet, LIST_HEADER_ROWS)?;
    book.keep(rows);
    book.keep_notes(notes);
    Ok(())
}

/// A registration form as the union sent it — every cell where it was, merged regions
/// merged again, personal numbers masked — with the cells of its findings marked (errors
/// red, warnings yellow) and a comment on each saying what to fix. A finding about a
/// value the form lacks goes on the first cell of its row.
fn own_form<'f>(
    sheet: &mut Worksheet,
    notes: &mut SheetNotes,
    table: &Table,
    form: &Grid,
    findings: impl Iterator<Item = &'f Finding>,
) -> Result<(), XlsxError> {
    let value_cells: HashMap<(u32, u32), Field> =
        table.columns.iter().filter_map(|c| Some(((c.row?.checked_sub(1)?, c.index), c.field?))).collect();
    let mut marks: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        let row = finding.location.row.saturating_sub(1);
        let at_value = Field::from_canonical(finding.column)
            .and_then(|field| table.columns.iter().find(|c| c.field == Some(field) && c.row == Some(row + 1)));
        let first = form.rows.iter().find(|r| r.index == row).and_then(|r| r.cells.first()).map_or(0, |(c, _)| *c);
        marks.entry((row, at_value.map_or(first, |c| c.index))).or_default().push(finding);
    }
    let styles = CellStyles::of(Kind::Wrap);
    let dates = CellStyles::of(Kind::Date);
    let mut widths: BTreeMap<u32, f64> = BTreeMap::new();
    for m in form.merges.iter().filter(|m| m.bottom > m.top || m.right > m.left) {
        // A merge that overlaps another (a file written wrong) is left unmerged: the
        // values are all written below, merged or not.
        let _ = sheet.merge_range(m.top, m.left as u16, m.bottom, m.right as u16, "", styles.get(None));
    }
    for row in &form.rows {
        for (col, cell) in &row.cells {
            let value = shown(cell, value_cells.get(&(row.index, *col)).copied());
            let notes = marks.get(&(row.index, *col));
            let style = if matches!(value, Out::Date(_)) { &dates } else { &styles };
            write(sheet, row.index, *col as u16, &value, style.get(notes.map(|n| is_error(n))))?;
            let merged = form.merges.iter().any(|m| m.top == row.index && m.left == *col && m.right > m.left);
            if !merged {
                let width = match &value {
                    Out::Text(text) => super::book::display_width(text) as f64 + 2.0,
                    _ => 12.0,
                };
                let widest = widths.entry(*col).or_insert(8.0);
                *widest = widest.max(width.min(30.0));
            }
        }
    }
    for (&(row, col), findings) in &marks {
        let written = form.rows.iter().any(|r| r.index == row && r.cells.iter().any(|(c, _)| *c == col));
        if !written {
            sheet.write_blank(row, col as u16, styles.get(Some(is_error(findings))))?;
        }
        notes.add(sheet, row, col as u16, note(findings))?;
    }
    for (col, width) in widths {
        notes.set_column_width(sheet, col as u16, width)?;
    }
    sheet.set_paper_size(9).set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    sheet.set_footer(super::book::PAGE_FOOTER);
    Ok(())
}

/// The height of a union's own rows' header row, in points.
const HEADER_HEIGHT: f64 = 32.0;

/// Whether a cell's findings include an error (marked red) or only warnings (yellow).
fn is_error(findings: &[&Finding]) -> bool {
    findings.iter().any(|f| f.severity() != Severity::Warning)
}

/// The comment on a marked cell: each finding with what to do.
fn note(findings: &[&Finding]) -> String {
    let mut text = String::new();
    for (k, f) in findings.iter().enumerate() {
        let line_break = if k == 0 { "" } else { "\n" };
        let _ = write!(text, "{line_break}{} {}：{}", f.code, action(f), MASK.text(&f.message));
    }
    text
}

fn sheet_part(sheet: &str) -> String {
    if sheet.is_empty() {
        String::new()
    } else {
        format!("［{sheet}］")
    }
}

/// The row number, then the row's cells as written, personal numbers masked.
fn row_values(table: &Table, r: usize) -> Vec<Out> {
    let record = &table.records[r];
    let mut values = vec![Out::Number(f64::from(record.origin.row))];
    for (value, column) in record.cells.iter().zip(table.columns.iter()) {
        values.push(shown(value, column.field));
    }
    values
}

/// A cell as written, masked by its column, and any long run of digits in it masked.
fn shown(cell: &Cell, field: Option<Field>) -> Out {
    match cell {
        Cell::Empty => Out::Empty,
        Cell::Number(n)
            if n.abs() < 1e14
                && !matches!(field, Some(Field::Id | Field::SpouseId | Field::BankCard | Field::Phone)) =>
        {
            Out::Number(*n)
        }
        Cell::Date(serial) => date::from_serial(*serial).map_or_else(|| Out::from(cell.to_string()), Out::Date),
        Cell::Text(text) => Out::from(MASK.field_owned(field, text.clone())),
        other => Out::from(MASK.field_owned(field, other.to_compact_string())),
    }
}

/// The findings of a row by output column; a finding about a column the sheet lacks
/// goes on the row number.
fn marks<'f>(table: &Table, findings: &[&'f Finding]) -> BTreeMap<u16, Vec<&'f Finding>> {
    let mut by_col: BTreeMap<u16, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        let col = Field::from_canonical(finding.column).and_then(|f| table.position(f)).map_or(0, |p| p as u16 + 1);
        by_col.entry(col).or_default().push(finding);
    }
    by_col
}
