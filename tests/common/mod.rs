//! Helpers shared by the integration tests: fixture workbooks written with
//! rust_xlsxwriter into a temporary folder, and runs of the library or the binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bangfu::ingest::table::Table;
use bangfu::pipeline::{Batch, Outcome, Request};
use rust_xlsxwriter::{ExcelDateTime, Workbook};

/// A cell of a fixture: text, or a number.
pub enum V<'a> {
    T(&'a str),
    N(f64),
}

/// One sheet of a fixture: name, rows (None = blank row), merges (r1, c1, r2, c2).
pub struct SheetSpec<'a> {
    pub name: &'a str,
    pub rows: Vec<Option<Vec<V<'a>>>>,
    pub merges: Vec<(u32, u16, u32, u16)>,
}

/// Text cells from string slices.
pub fn texts<'a>(cells: &[&'a str]) -> Option<Vec<V<'a>>> {
    Some(cells.iter().map(|t| V::T(t)).collect())
}

/// Writes an .xlsx fixture with a fixed creation date.
pub fn write_xlsx(path: &Path, sheets: &[SheetSpec]) {
    let mut book = Workbook::new();
    let date = ExcelDateTime::from_ymd(2026, 11, 1).expect("date");
    book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&date));
    for spec in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(spec.name).expect("sheet name");
        for (r, row) in spec.rows.iter().enumerate() {
            for (c, value) in row.iter().flatten().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match value {
                    V::T("") => {}
                    V::T(t) => {
                        sheet.write_string(r, c, *t).expect("write");
                    }
                    V::N(n) => {
                        sheet.write_number(r, c, *n).expect("write");
                    }
                }
            }
        }
        for &(r1, c1, r2, c2) in &spec.merges {
            let text = match spec.rows.get(r1 as usize).and_then(|r| r.as_ref()).and_then(|r| r.get(c1 as usize)) {
                Some(V::T(t)) => t.to_string(),
                _ => String::new(),
            };
            sheet.merge_range(r1, c1, r2, c2, &text, &rust_xlsxwriter::Format::new()).expect("merge");
        }
    }
    book.save(path).expect("save");
}

/// Runs the library over the inputs, as `bangfu check` does.
pub fn ingest(inputs: &[PathBuf]) -> Outcome {
    let request = Request { inputs, config: None, period: Some("2026-11"), reveal_ids: false };
    let batch = Batch::prepare(request).expect("batch");
    let history = bangfu::history::History::default();
    batch.run(&history.before(batch.settings.period), &|_| {}).expect("run")
}

/// The files of a batch as summary.json lists them.
pub fn files(outcome: &Outcome) -> Vec<bangfu::output::summary::FileEntry> {
    outcome.ingested.files.iter().map(Into::into).collect()
}

/// (Excel row, union, value of a canonical column) of every record of a table.
pub fn rows_of(table: &Table, field: bangfu::columns::Field) -> Vec<(u32, String, String)> {
    table
        .records
        .iter()
        .map(|r| {
            let value = r.cell(field).map(|c| c.to_string()).unwrap_or_default();
            (r.origin.row, r.union.to_string(), value)
        })
        .collect()
}

/// Every file below `dir` as (path relative to `dir`, bytes), sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path.strip_prefix(root).expect("prefix").to_string_lossy().into_owned();
                out.push((name, std::fs::read(&path).expect("read")));
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files);
    files.sort();
    files
}

/// Asserts two snapshots hold the same files with the same bytes.
pub fn assert_same_files(expected: &[(String, Vec<u8>)], actual: &[(String, Vec<u8>)], fix: &str) {
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(expected), names(actual), "{fix}");
    for ((name, a), (_, b)) in expected.iter().zip(actual) {
        assert!(a == b, "{name} differs: {fix}");
    }
}

/// Runs the real binary with arguments in a folder.
pub fn bangfu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu")).current_dir(dir).args(args).output().expect("run bangfu")
}

/// The XML of the sheet named `name` of an .xlsx.
pub fn sheet_xml(path: &Path, name: &str) -> String {
    let k = sheet_names(path).iter().position(|s| s == name).expect("sheet listed") + 1;
    part_text(path, &format!("xl/worksheets/sheet{k}.xml"))
}

/// The sheet names of an .xlsx, in order.
pub fn sheet_names(path: &Path) -> Vec<String> {
    let workbook = part_text(path, "xl/workbook.xml");
    workbook
        .split("<sheet ")
        .skip(1)
        .filter_map(|s| Some(s.split("name=\"").nth(1)?.split('"').next()?.to_string()))
        .collect()
}

/// Every part of an .xlsx whose name starts with `prefix`, decompressed and joined.
pub fn part_text(path: &Path, prefix: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        if part.name().is_ok_and(|n| n.starts_with(prefix)) {
            part.read_to_string(&mut all).expect("read");
        }
    }
    all
}

/// The shared strings of an .xlsx, joined (every text cell of every sheet).
pub fn shared_strings(path: &Path) -> String {
    part_text(path, "xl/sharedStrings.xml")
}
