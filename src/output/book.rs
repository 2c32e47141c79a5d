//! What every workbook bangfu writes has in common: a fixed creation date (the same
//! inputs give the same bytes), the cell styles, and lists — a title, a frozen and
//! filtered header, typed cells (dates as dates, numbers as numbers), long text wrapped,
//! printed landscape with the header repeated and page numbers — that continue on
//! further sheets past Excel's row limit in constant-memory mode; and the save into the
//! period folder.

use std::path::PathBuf;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{self, PeriodFolder};
use crate::error::Error;
use crate::normalize::date::{self, Ymd};

/// Rows a worksheet holds.
pub const MAX_ROWS: u32 = 1_048_576;

/// The font of every workbook.
pub const FONT: &str = "宋体";

/// The page footer: 第 1 页 共 3 页.
pub const PAGE_FOOTER: &str = "&C第 &P 页 共 &N 页";

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A date, shown yyyy-mm-dd.
    Date(Ymd),
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

impl From<std::borrow::Cow<'_, str>> for Out {
    fn from(text: std::borrow::Cow<'_, str>) -> Out {
        Out::from(text.into_owned())
    }
}

impl From<String> for Out {
    fn from(text: String) -> Out {
        if text.is_empty() {
            Out::Empty
        } else {
            Out::Text(text)
        }
    }
}

impl From<Option<f64>> for Out {
    fn from(number: Option<f64>) -> Out {
        number.map_or(Out::Empty, Out::Number)
    }
}

impl From<Option<Ymd>> for Out {
    fn from(day: Option<Ymd>) -> Out {
        day.map_or(Out::Empty, Out::Date)
    }
}

/// The zip compression of every workbook: deflate at level 1 instead of the default 6
/// costs a little size and saves most of the time spent compressing (bench/README.md).
const ZIP_LEVEL: u8 = 1;

/// A workbook with a fixed creation date and author.
pub fn new_workbook() -> Workbook {
    let mut book = Workbook::new();
    let properties = DocProperties::new().set_author("bangfu").set_creation_datetime(&fixed_date());
    book.set_properties(&properties);
    book.set_zip_compression_level(ZIP_LEVEL);
    book
}

fn fixed_date() -> ExcelDateTime {
    ExcelDateTime::from_ymd(2026, 1, 1).unwrap_or_default()
}

/// The header row style.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_name(FONT)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The body style.
pub fn cell_format() -> Format {
    Format::new().set_font_name(FONT).set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter)
}

/// A list's title.
pub fn title_format() -> Format {
    Format::new().set_bold().set_font_name(FONT).set_font_size(14).set_align(FormatAlign::VerticalCenter)
}

/// The styles of one kind of body cell: plain, and marked for an error (red) or a
/// warning (yellow).
#[derive(Clone)]
pub struct CellStyles {
    plain: Format,
    error: Format,
    warning: Format,
}

impl CellStyles {
    /// The styles of a column of this kind.
    pub fn of(kind: Kind) -> CellStyles {
        let plain = match kind {
            Kind::Text => cell_format(),
            Kind::Wrap => cell_format().set_text_wrap(),
            Kind::Date => cell_format().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center),
            Kind::Count => cell_format().set_num_format("0"),
            Kind::Money => cell_format().set_num_format("0.00"),
        };
        let mark = |fill: u32| plain.clone().set_background_color(Color::RGB(fill));
        CellStyles { error: mark(0xFFC7CE), warning: mark(0xFFEB9C), plain }
    }

    /// The style of a cell marked for an error or a warning, or not marked.
    pub fn get(&self, mark: Option<bool>) -> &Format {
        match mark {
            None => &self.plain,
            Some(true) => &self.error,
            Some(false) => &self.warning,
        }
    }
}

/// What a column of a list holds: how it is formatted and wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text.
    Text,
    /// Long text, wrapped within the column.
    Wrap,
    /// Dates.
    Date,
    /// Whole numbers.
    Count,
    /// Amounts of money.
    Money,
}

/// One column of a list.
#[derive(Debug, Clone)]
pub struct ListColumn {
    /// The header.
    pub header: String,
    /// Width in Excel's units (a CJK character is about 2).
    pub width: f64,
    /// What it holds.
    pub kind: Kind,
}

impl ListColumn {
    /// A column.
    pub fn new(header: impl Into<String>, width: f64, kind: Kind) -> ListColumn {
        ListColumn { header: header.into(), width, kind }
    }
}

/// A list sheet: title, header and rows.
pub struct List<'a> {
    /// The sheet's name; further sheets are `name(2)` …
    pub sheet: &'a str,
    /// The title above the header.
    pub title: String,
    /// The columns.
    pub columns: &'a [ListColumn],
    /// The first columns that are printed (all when `None`).
    pub printed: Option<u16>,
}

/// The rows of the title and the header.
pub const LIST_HEADER_ROWS: u32 = 2;

/// Rows looked at to size the columns of a list.
const SIZING_ROWS: usize = 2000;

/// Widest a column grows to fit its values; longer text wraps.
const WIDEST: f64 = 44.0;

/// Writes a list: a title, a header and rows, continued on `name(2)`, `name(3)` … past
/// Excel's row limit; streamed in constant-memory mode so memory does not grow with the
/// rows. Each row is its values, and for each a mark (error or warning) or none. Columns
/// are as wide as their longest value among the first rows (at least their configured
/// width, at most [`WIDEST`]); a longer text wraps, its row made tall enough.
pub fn write_list(
    book: &mut Workbook,
    list: &List,
    rows: impl Iterator<Item = Vec<(Out, Option<bool>)>>,
) -> Result<(), XlsxError> {
    let mut rows = rows.peekable();
    let mut first: Vec<Vec<(Out, Option<bool>)>> = Vec::new();
    while first.len() < SIZING_ROWS {
        match rows.next() {
            Some(row) => first.push(row),
            None => break,
        }
    }
    let widths = fitted_widths(list.columns, &first);
    let styles: Vec<CellStyles> = list.columns.iter().map(|c| CellStyles::of(c.kind)).collect();
    let mut part = 1;
    let mut sheet = list_sheet(book, list, &widths, &styles, part)?;
    let mut row = LIST_HEADER_ROWS;
    let mut rows = first.into_iter().chain(rows).peekable();
    while let Some(values) = rows.next() {
        if row == MAX_ROWS {
            finish_list(sheet, list, row)?;
            part += 1;
            sheet = list_sheet(book, list, &widths, &styles, part)?;
            row = LIST_HEADER_ROWS;
        }
        let lines = values.iter().zip(&widths).map(|((value, _), width)| lines_of(value, *width)).max().unwrap_or(1);
        if lines > 1 {
            sheet.set_row_height(row, 15.0 * lines as f64)?;
        }
        let last_of_sheet = row + 1 == MAX_ROWS || rows.peek().is_none();
        for (col, ((value, mark), style)) in values.iter().zip(&styles).enumerate() {
            match mark {
                Some(_) => write(sheet, row, col as u16, value, style.get(*mark))?,
                None => write_plain(sheet, row, col as u16, value, style.get(None), last_of_sheet)?,
            }
        }
        row += 1;
    }
    finish_list(sheet, list, row)
}

/// Each column's width: its configured width, widened to its longest value in `rows`
/// (at most [`WIDEST`]) and to its header.
fn fitted_widths(columns: &[ListColumn], rows: &[Vec<(Out, Option<bool>)>]) -> Vec<f64> {
    columns
        .iter()
        .enumerate()
        .map(|(col, column)| {
            let longest = rows.iter().filter_map(|r| r.get(col)).map(|(v, _)| units(v)).fold(0.0, f64::max);
            let header = (display_width(&column.header) as f64 + 2.0).min(16.0);
            column.width.max(longest.min(WIDEST)).max(header)
        })
        .collect()
}

/// Width a value takes, in units of Excel column width.
fn units(value: &Out) -> f64 {
    match value {
        Out::Text(text) => display_width(text) as f64 + 1.0,
        Out::Empty => 0.0,
        Out::Number(_) => 8.0,
        Out::Date(_) => 11.0,
    }
}

/// Lines a value takes when wrapped in a column this wide.
pub fn lines_of(value: &Out, width: f64) -> usize {
    match value {
        Out::Text(text) => (display_width(text) as f64 / (width - 1.0).max(1.0)).ceil().max(1.0) as usize,
        _ => 1,
    }
}

/// A new sheet of a list: widths, title, header, frozen panes and print setup; each
/// column styled as its plain cells (see [`write_plain`]).
fn list_sheet<'b>(
    book: &'b mut Workbook,
    list: &List,
    widths: &[f64],
    styles: &[CellStyles],
    part: u32,
) -> Result<&'b mut Worksheet, XlsxError> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    let name = if part == 1 { list.sheet.to_string() } else { format!("{}({part})", list.sheet) };
    sheet.set_name(name)?;
    let header = header_format();
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(0, 24)?;
    sheet.write_string_with_format(0, 0, &list.title, &title_format())?;
    let tallest = list.columns.iter().zip(widths).map(|(c, w)| lines_of(&Out::from(c.header.as_str()), *w)).max();
    sheet.set_row_height(1, 15.0 * tallest.unwrap_or(1).max(2) as f64)?;
    for (col, column) in list.columns.iter().enumerate() {
        sheet.write_string_with_format(1, col as u16, &column.header, &header)?;
    }
    style_columns(sheet, styles.iter().map(|style| style.get(None)))?;
    sheet.set_freeze_panes(LIST_HEADER_ROWS, 0)?;
    print_setup(sheet, LIST_HEADER_ROWS)?;
    if let Some(printed) = list.printed {
        sheet.set_print_area(0, 0, MAX_ROWS - 1, printed.saturating_sub(1))?;
    }
    Ok(sheet)
}

/// The filter over the header and the rows written; the column styles taken away again,
/// so that the cells below the list stay unstyled.
fn finish_list(sheet: &mut Worksheet, list: &List, next_row: u32) -> Result<(), XlsxError> {
    let last_col = list.columns.len().saturating_sub(1) as u16;
    unstyle_columns(sheet, list.columns.len() as u16)?;
    sheet.autofilter(LIST_HEADER_ROWS - 1, 0, next_row.max(LIST_HEADER_ROWS) - 1, last_col)?;
    Ok(())
}

/// Writes a value in a style.
pub fn write(sheet: &mut Worksheet, row: u32, col: u16, value: &Out, format: &Format) -> Result<(), XlsxError> {
    match value {
        Out::Empty => sheet.write_blank(row, col, format).map(|_| ()),
        Out::Text(text) => sheet.write_string_with_format(row, col, text, format).map(|_| ()),
        Out::Number(n) => sheet.write_number_with_format(row, col, *n, format).map(|_| ()),
        Out::Date(day) => sheet.write_number_with_format(row, col, date::to_serial(*day), format).map(|_| ()),
    }
}

/// Styles a sheet's columns, from the first, as their plain cells while its rows are
/// written (see [`write_plain`]).
pub fn style_columns<'f>(sheet: &mut Worksheet, plain: impl Iterator<Item = &'f Format>) -> Result<(), XlsxError> {
    for (col, style) in plain.enumerate() {
        sheet.set_column_format(col as u16, style)?;
    }
    Ok(())
}

/// Takes the styles of a sheet's first `columns` columns away again before it is
/// finished, so that the cells below and beside its rows stay plain.
pub fn unstyle_columns(sheet: &mut Worksheet, columns: u16) -> Result<(), XlsxError> {
    for col in 0..columns {
        sheet.set_column_format(col, &Format::default())?;
    }
    Ok(())
}

/// Writes a value in its column's plain style, `plain`, in a sheet whose columns carry
/// their plain styles while its rows are written ([`style_columns`]): the same cell in
/// the file as [`write`] in that style (the column's style is given to the cell as its
/// row is written), but cheaper, as the workbook looks a named style up by hashing it — a
/// third of roster.xlsx's time (bench/README.md). An empty cell still names its style,
/// and so do the cells of the sheet's last row (`last_row`): that row is written only
/// when the workbook is saved, after [`unstyle_columns`].
pub fn write_plain(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Out,
    plain: &Format,
    last_row: bool,
) -> Result<(), XlsxError> {
    match value {
        _ if last_row => write(sheet, row, col, value, plain),
        Out::Empty => sheet.write_blank(row, col, plain).map(|_| ()),
        Out::Text(text) => sheet.write_string(row, col, text).map(|_| ()),
        Out::Number(n) => sheet.write_number(row, col, *n).map(|_| ()),
        Out::Date(day) => sheet.write_number(row, col, date::to_serial(*day)).map(|_| ()),
    }
}

/// A4 landscape, one page wide, the first `header_rows` rows repeated on every page,
/// page numbers in the footer.
pub fn print_setup(sheet: &mut Worksheet, header_rows: u32) -> Result<(), XlsxError> {
    sheet.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    sheet.set_footer(PAGE_FOOTER);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
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

/// Width on screen: CJK and full-width characters take two columns.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}
