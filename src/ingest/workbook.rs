//! Reading workbooks (xlsx, xlsm, xlsb, xls, ods) into grids with calamine.
//!
//! xlsx and xlsb are streamed cell by cell, so a sheet that declares a huge bounding
//! box costs only its real cells, and reading stops at the cell limit. xls and ods are
//! read by calamine whole; their size is bounded by the file-size and zip limits.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Dimensions, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use zip::ZipArchive;

use super::grid::{Cell, Grid, GridRows, Merge};
use super::merges;
use super::sniff::Format;

/// Why a workbook could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// Protected by a password (F002).
    Encrypted,
    /// Damaged or not what it claims (F001); the reader's own words.
    Corrupt(String),
    /// A sheet holds more cells than the limit (F004).
    TooManyCells { sheet: String, limit: u64 },
    /// A cell lies outside Excel's sheet (F004); 1-based.
    BeyondSheet { sheet: String, row: u64, col: u64 },
}

/// The sheets of a workbook, and sheets that could not be read (name, reason).
#[derive(Debug, Default)]
pub struct Workbook {
    /// The worksheets, in workbook order.
    pub sheets: Vec<Grid>,
    /// Sheets left out: chart sheets, or sheets calamine could not read.
    pub unreadable: Vec<(String, String)>,
}

/// Reads every worksheet of a workbook file.
pub fn read(path: &Path, format: Format, max_cells: u64) -> Result<Workbook, ReadError> {
    let file = File::open(path).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let file = BufReader::new(file);
    match format {
        Format::Xlsx => {
            let merges = File::open(path).ok().and_then(|f| ZipArchive::new(BufReader::new(f)).ok());
            let merges = merges.map(|mut zip| merges::by_sheet(&mut zip)).unwrap_or_default();
            read_xlsx(Xlsx::new(file).map_err(xlsx_error)?, merges, max_cells)
        }
        Format::Xlsb => read_xlsb(Xlsb::new(file).map_err(other_error)?, max_cells),
        Format::Xls => read_whole(Xls::new(file).map_err(xls_error)?, max_cells, xls_merges),
        Format::Ods => read_whole(Ods::new(file).map_err(ods_error)?, max_cells, |_, _| vec![]),
        _ => Err(ReadError::Corrupt(format!("{} 不是工作簿", format.label()))),
    }
}

/// An xlsx's sheets, streamed; each one's merged regions as found by [`merges`], or by
/// calamine for a sheet whose part that could not find.
fn read_xlsx(
    mut book: Xlsx<BufReader<File>>,
    mut merged: HashMap<String, Vec<Dimensions>>,
    max_cells: u64,
) -> Result<Workbook, ReadError> {
    let mut out = Workbook::default();
    for name in worksheet_names(&book) {
        let merges = match merged.remove(&name) {
            Some(merges) => merges,
            None => book.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        };
        let cells = book.worksheet_cells_reader(&name).map_err(|e| e.to_string()).and_then(|mut reader| {
            let next = || reader.next_cell().map_err(|e| e.to_string());
            stream_cells(next, &name, max_cells)
        });
        push_sheet(&mut out, name, cells, merges)?;
    }
    Ok(out)
}

fn read_xlsb(mut book: Xlsb<BufReader<File>>, max_cells: u64) -> Result<Workbook, ReadError> {
    let mut out = Workbook::default();
    for name in worksheet_names(&book) {
        let cells = book.worksheet_cells_reader(&name).map_err(|e| e.to_string()).and_then(|mut reader| {
            let next = || reader.next_cell().map_err(|e| e.to_string());
            stream_cells(next, &name, max_cells)
        });
        push_sheet(&mut out, name, cells, vec![])?;
    }
    Ok(out)
}

/// One sheet read: its rows, or a read problem; a cell-limit overrun or a cell outside
/// Excel's sheet stops the file.
type SheetCells = Result<Result<GridRows, ReadError>, String>;

fn stream_cells<'a>(
    mut next: impl FnMut() -> Result<Option<calamine::Cell<DataRef<'a>>>, String>,
    name: &str,
    max_cells: u64,
) -> SheetCells {
    let (mut rows, mut cells_read) = (GridRows::default(), 0);
    while let Some(cell) = next()? {
        if cells_read >= max_cells {
            return Ok(Err(ReadError::TooManyCells { sheet: name.to_string(), limit: max_cells }));
        }
        let (row, col) = cell.get_position();
        let (row1, col1) = (u64::from(row) + 1, u64::from(col) + 1);
        if super::preflight::beyond_excel(row1, col1) {
            return Ok(Err(ReadError::BeyondSheet { sheet: name.to_string(), row: row1, col: col1 }));
        }
        let value = streamed_cell(cell.get_value());
        if value != Cell::Empty {
            cells_read += 1;
            rows.push(row, col, value);
        }
    }
    Ok(Ok(rows))
}

fn push_sheet(out: &mut Workbook, name: String, cells: SheetCells, merges: Vec<Dimensions>) -> Result<(), ReadError> {
    match cells {
        Ok(Ok(rows)) => out.sheets.push(rows.finish(name, to_merges(&merges))),
        Ok(Err(limit)) => return Err(limit),
        Err(reason) => out.unreadable.push((name, reason)),
    }
    Ok(())
}

fn read_whole<R: Reader<BufReader<File>>>(
    mut book: R,
    max_cells: u64,
    merges_of: impl Fn(&R, &str) -> Vec<Dimensions>,
) -> Result<Workbook, ReadError>
where
    R::Error: std::fmt::Display,
{
    let mut out = Workbook::default();
    for name in worksheet_names(&book) {
        let cells = match book.worksheet_range(&name) {
            Ok(range) => Ok(collect_range(&range, &name, max_cells)),
            Err(e) => Err(e.to_string()),
        };
        let merges = merges_of(&book, &name);
        push_sheet(&mut out, name, cells, merges)?;
    }
    Ok(out)
}

fn collect_range(range: &calamine::Range<Data>, name: &str, max_cells: u64) -> Result<GridRows, ReadError> {
    let (top, left) = range.start().unwrap_or((0, 0));
    let (mut rows, mut cells_read) = (GridRows::default(), 0);
    for (row, col, value) in range.used_cells() {
        if cells_read >= max_cells {
            return Err(ReadError::TooManyCells { sheet: name.to_string(), limit: max_cells });
        }
        cells_read += 1;
        rows.push(top + row as u32, left + col as u32, to_cell(value.clone()));
    }
    Ok(rows)
}

fn xls_merges(book: &Xls<BufReader<File>>, name: &str) -> Vec<Dimensions> {
    book.merge_cells_by_sheet_name(name).unwrap_or_default()
}

fn worksheet_names<R: Reader<BufReader<File>>>(book: &R) -> Vec<String> {
    book.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect()
}

fn to_merges(dimensions: &[Dimensions]) -> Vec<Merge> {
    dimensions.iter().map(|d| Merge { top: d.start.0, bottom: d.end.0, left: d.start.1, right: d.end.1 }).collect()
}

/// A streamed value → bangfu's cell; a shared string (most cells) copied once, not
/// first into a `String` of its own.
fn streamed_cell(value: &DataRef) -> Cell {
    match value {
        DataRef::SharedString(text) => Cell::Text((*text).into()),
        other => to_cell(Data::from(other.clone())),
    }
}

/// calamine's value → bangfu's cell.
fn to_cell(value: Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.into()),
        Data::Int(i) => Cell::Number(i as f64),
        Data::Float(f) => Cell::Number(f),
        Data::Bool(b) => Cell::Bool(b),
        Data::DateTime(d) if d.is_datetime() => Cell::Date(d.as_f64()),
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.into()),
        Data::Error(e) => Cell::Error(e.to_string().into()),
    }
}

fn xlsx_error(e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn xls_error(e: calamine::XlsError) -> ReadError {
    match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn ods_error(e: calamine::OdsError) -> ReadError {
    match e {
        calamine::OdsError::Password => ReadError::Encrypted,
        other => ReadError::Corrupt(other.to_string()),
    }
}

fn other_error(e: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt(e.to_string())
}
