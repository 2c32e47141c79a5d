//! feedback/<union>.xlsx — what goes back to each grassroots union: a first sheet that
//! lists its problems in plain Chinese, then its own rows in its own column layout with
//! the offending cells marked (errors red, warnings yellow) and a comment on each
//! saying what to fix: one sheet per source table, roster and ledger alike, each row
//! found through its location among every ingested record. The workbooks are written
//! in parallel.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet, XlsxError};

use super::book::{
    cell_format, file_name, header_format, marked_format, new_workbook, print_setup, save, sheet_name, write,
    xlsx_error, Out,
};
use super::files::PeriodFolder;
use super::mask::Mask;
use crate::columns::Field;
use crate::error::Error;
use crate::finding::{Finding, Location, Severity};
use crate::ingest::header::Role;
use crate::ingest::table::Table;
use crate::ingest::Ingested;
use crate::pipeline::Outcome;

/// Feedback travels by e-mail: personal numbers are always masked.
const MASK: Mask = Mask::HIDDEN;

/// Writes one workbook per union with findings into the folder `dir`; returns the files
/// written. A finding about a row of any table (roster or ledger) goes to the row's union;
/// a finding about no row (a whole file) to the file's name.
pub fn write_all(folder: &PeriodFolder, dir: &str, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let (ingested, findings) = (&outcome.ingested, &outcome.findings);
    let rows: HashMap<&Location, (usize, usize)> = ingested
        .tables
        .iter()
        .enumerate()
        .flat_map(|(t, table)| table.records.iter().enumerate().map(move |(r, record)| (&record.origin, (t, r))))
        .collect();
    let mut by_union: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        let union = match rows.get(&finding.location) {
            Some(&(t, r)) => ingested.tables[t].records[r].union.to_string(),
            None => stem(&finding.location.file),
        };
        by_union.entry(union).or_default().push(finding);
    }
    let unions: Vec<(&String, &Vec<&Finding>)> = by_union.iter().collect();
    unions
        .par_iter()
        .map(|(union, union_findings)| {
            let name = format!("{dir}/{}.xlsx", file_name(union));
            let mut book = new_workbook();
            write_union(&mut book, union, union_findings, &rows, ingested)
                .map_err(|e| xlsx_error(&folder.path(&name), e))?;
            save(&mut book, folder, &name)
        })
        .collect()
}

fn stem(file: &str) -> String {
    Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn write_union(
    book: &mut Workbook,
    union: &str,
    findings: &[&Finding],
    rows: &HashMap<&Location, (usize, usize)>,
    ingested: &Ingested,
) -> Result<(), XlsxError> {
    let mut by_table: BTreeMap<usize, BTreeMap<usize, Vec<&Finding>>> = BTreeMap::new();
    for finding in findings {
        if let Some(&(t, r)) = rows.get(&finding.location) {
            by_table.entry(t).or_default().entry(r).or_default().push(finding);
        }
    }
    let roles: BTreeSet<Role> = by_table.keys().map(|&t| ingested.tables[t].role).collect();
    let what: Vec<&str> = roles.iter().map(|role| role.label()).collect();
    problem_list(book.add_worksheet(), union, &what.join("、"), findings)?;
    let mut names = BTreeSet::from(["问题说明".to_string()]);
    for (t, records) in &by_table {
        let table = &ingested.tables[*t];
        let file = stem(&table.origin.file);
        let label = if table.origin.sheet.is_empty() { file } else { format!("{file}-{}", table.origin.sheet) };
        let name = unique(&mut names, &sheet_name(&label));
        own_rows(book.add_worksheet().set_name(name)?, table, records)?;
    }
    Ok(())
}

fn unique(names: &mut BTreeSet<String>, name: &str) -> String {
    let mut candidate = name.to_string();
    let mut k = 2;
    while !names.insert(candidate.clone()) {
        let suffix = format!("({k})");
        candidate = format!("{}{suffix}", name.chars().take(31 - suffix.chars().count()).collect::<String>());
        k += 1;
    }
    candidate
}

const LIST: [(&str, f64); 8] = [
    ("序号", 6.0),
    ("文件", 26.0),
    ("工作表", 12.0),
    ("行", 6.0),
    ("列", 14.0),
    ("原值", 22.0),
    ("类别", 6.0),
    ("问题及修改意见", 70.0),
];

/// The first sheet: every finding of the union. `what` names the tables concerned
/// (困难职工花名册、帮扶台账), empty when only whole files are.
fn problem_list(sheet: &mut Worksheet, union: &str, what: &str, findings: &[&Finding]) -> Result<(), XlsxError> {
    sheet.set_name("问题说明")?;
    let title = Format::new().set_bold().set_font_size(14).set_font_name("宋体");
    sheet.write_string_with_format(
        0,
        0,
        format!("{union}：{what}问题反馈（共{}条，请逐条修改后重新报送）", findings.len()),
        &title,
    )?;
    let (header, cell) = (header_format(), cell_format());
    for (col, (name, width)) in LIST.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_string_with_format(1, col as u16, *name, &header)?;
    }
    for (i, finding) in findings.iter().enumerate() {
        let value = MASK.value(&finding.column, &finding.value);
        let row = [
            Out::Number(i as f64 + 1.0),
            Out::from(&*finding.location.file),
            Out::from(&*finding.location.sheet),
            if finding.location.row == 0 { Out::Empty } else { Out::Number(f64::from(finding.location.row)) },
            Out::from(finding.column.as_str()),
            Out::from(value),
            Out::from(finding.severity().label()),
            Out::from(format!("{}（{}）", MASK.text(&finding.message), finding.code)),
        ];
        for (col, value) in row.iter().enumerate() {
            write(sheet, i as u32 + 2, col as u16, value, &cell)?;
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    print_setup(sheet, 2)
}

/// The union's flagged rows in the sheet's own layout, offending cells marked.
fn own_rows(sheet: &mut Worksheet, table: &Table, records: &BTreeMap<usize, Vec<&Finding>>) -> Result<(), XlsxError> {
    let (header, cell) = (header_format(), cell_format());
    sheet.write_string_with_format(0, 0, "原行号", &header)?;
    for (col, column) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16 + 1, &column.header, &header)?;
        sheet.set_column_width(col as u16 + 1, if column.field == Some(Field::Id) { 21.0 } else { 12.0 })?;
    }
    for (out_row, (r, findings)) in records.iter().enumerate() {
        let out_row = out_row as u32 + 1;
        let values = row_values(table, *r);
        let marks = marks(table, findings);
        for (col, value) in values.iter().enumerate() {
            let col = col as u16;
            match marks.get(&col) {
                Some(notes) => {
                    let error = notes.iter().any(|f| f.severity() == Severity::Error);
                    write(sheet, out_row, col, value, &marked_format(error))?;
                    let text: Vec<String> =
                        notes.iter().map(|f| format!("{} {}", f.code, MASK.text(&f.message))).collect();
                    sheet.insert_note(out_row, col, &Note::new(text.join("\n")).set_author("bangfu"))?;
                }
                None => write(sheet, out_row, col, value, &cell)?,
            }
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    print_setup(sheet, 1)
}

/// The row number, then the row's cells as written, IDs and phones masked.
fn row_values(table: &Table, r: usize) -> Vec<Out> {
    let record = &table.records[r];
    let mut values = vec![Out::Number(f64::from(record.origin.row))];
    for (value, column) in record.cells.iter().zip(table.columns.iter()) {
        values.push(match column.field {
            Some(Field::Id) => Out::from(MASK.id(&value.to_string())),
            Some(Field::Phone) => Out::from(MASK.phone(&value.to_string())),
            _ => Out::from(value),
        });
    }
    values
}

/// The findings of a row by output column; a finding about a column the sheet lacks
/// goes on the row number.
fn marks<'f>(table: &Table, findings: &[&'f Finding]) -> BTreeMap<u16, Vec<&'f Finding>> {
    let mut by_col: BTreeMap<u16, Vec<&Finding>> = BTreeMap::new();
    for finding in findings {
        let col = Field::from_canonical(&finding.column).and_then(|f| table.position(f)).map_or(0, |p| p as u16 + 1);
        by_col.entry(col).or_default().push(finding);
    }
    by_col
}
