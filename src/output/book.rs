//! What every workbook bangfu writes has in common: a fixed creation date (the same
//! inputs give the same bytes), the cell styles, sheets that continue on further sheets
//! past Excel's row limit in constant-memory mode, and the save into the period folder.

use std::path::PathBuf;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{self, PeriodFolder};
use crate::error::Error;
use crate::ingest::grid::Cell;
use crate::normalize::date;

/// Rows a worksheet holds, header included.
pub const MAX_ROWS: u32 = 1_048_576;

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
}

impl From<&str> for Out {
    fn from(text: &str) -> Out {
        if text.is_empty() {
            Out::Empty
        } else {
            Out::Text(text.to_string())
        }
    }
}

impl From<String> for Out {
    fn from(text: String) -> Out {
        Out::from(text.as_str())
    }
}

impl From<&Cell> for Out {
    /// A cell as it was written: numbers stay numbers, dates become `2012-03-05`.
    fn from(cell: &Cell) -> Out {
        match cell {
            Cell::Number(n) => Out::Number(*n),
            Cell::Date(serial) => {
                Out::from(date::from_serial(*serial).map(date::format).unwrap_or_else(|| cell.to_string()))
            }
            other => Out::from(other.to_string()),
        }
    }
}

/// A workbook with a fixed creation date and author.
pub fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    let properties = DocProperties::new().set_author("bangfu").set_creation_datetime(&fixed_date());
    book.set_properties(&properties);
    book
}

fn fixed_date() -> ExcelDateTime {
    ExcelDateTime::from_ymd(2026, 1, 1).unwrap_or_default()
}

/// The header row style.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_name("宋体")
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The body style.
pub fn cell_format() -> Format {
    Format::new().set_font_name("宋体").set_border(FormatBorder::Thin)
}

/// A cell with an error (red) or a warning (yellow).
pub fn marked_format(error: bool) -> Format {
    let fill = if error { 0xFFC7CE } else { 0xFFEB9C };
    cell_format().set_background_color(Color::RGB(fill))
}

/// Writes a value in a style.
pub fn write(sheet: &mut Worksheet, row: u32, col: u16, value: &Out, format: &Format) -> Result<(), XlsxError> {
    match value {
        Out::Empty => sheet.write_blank(row, col, format).map(|_| ()),
        Out::Text(text) => sheet.write_string_with_format(row, col, text, format).map(|_| ()),
        Out::Number(n) => sheet.write_number_with_format(row, col, *n, format).map(|_| ()),
    }
}

/// A list sheet: a header and rows, continued on `name(2)`, `name(3)` … past Excel's
/// row limit; streamed in constant-memory mode so memory does not grow with the rows.
pub fn write_list(
    book: &mut Workbook,
    name: &str,
    headers: &[(&str, f64)],
    rows: impl Iterator<Item = Vec<Out>>,
) -> Result<(), XlsxError> {
    let (header, cell) = (header_format(), cell_format());
    let mut part = 1;
    let mut sheet = list_sheet(book, name, part, headers, &header)?;
    let mut row = 1;
    for values in rows {
        if row == MAX_ROWS {
            part += 1;
            sheet = list_sheet(book, name, part, headers, &header)?;
            row = 1;
        }
        for (col, value) in values.iter().enumerate() {
            write(sheet, row, col as u16, value, &cell)?;
        }
        row += 1;
    }
    Ok(())
}

fn list_sheet<'b>(
    book: &'b mut Workbook,
    name: &str,
    part: u32,
    headers: &[(&str, f64)],
    header: &Format,
) -> Result<&'b mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(if part == 1 { name.to_string() } else { format!("{name}({part})") })?;
    for (col, (title, width)) in headers.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        sheet.write_string_with_format(0, col as u16, *title, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet, 1)?;
    Ok(sheet)
}

/// A4 landscape, one page wide, the first `header_rows` rows repeated on every page.
pub fn print_setup(sheet: &mut Worksheet, header_rows: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    sheet.set_repeat_rows(0, header_rows.saturating_sub(1))?;
    Ok(())
}

/// Saves a workbook into the period folder; returns its final path.
pub fn save(book: &mut Workbook, folder: &PeriodFolder, relative: &str) -> Result<PathBuf, Error> {
    let path = folder.path(relative);
    let mut output = folder.create(relative)?;
    book.save_to_writer(&mut output).map_err(|e| xlsx_error(&path, e))?;
    files::finish(output, &path)?;
    Ok(path)
}

/// A workbook error as a write error for `path`.
pub fn xlsx_error(path: &std::path::Path, e: XlsxError) -> Error {
    files::write_error(path, std::io::Error::other(e.to_string()))
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters.
pub fn sheet_name(text: &str) -> String {
    let cleaned: String = text.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).take(31).collect();
    if cleaned.trim().is_empty() {
        "Sheet".to_string()
    } else {
        cleaned
    }
}

/// A file name any system accepts.
pub fn file_name(text: &str) -> String {
    let cleaned: String =
        text.chars().map(|c| if "/\\:*?\"<>|".contains(c) || c.is_control() { '_' } else { c }).collect();
    if cleaned.trim().is_empty() {
        "未命名".to_string()
    } else {
        cleaned
    }
}
