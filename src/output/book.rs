//! What every workbook bangfu writes has in common: a fixed creation date (the same
//! inputs give the same bytes), the cell styles, and lists — a title, a frozen and
//! filtered header, typed cells (dates as dates, numbers as numbers), long text wrapped,
//! printed landscape with the header repeated and page numbers — that continue on
//! further sheets past Excel's row limit, their rows streamed by [`sheet_xml`] (a
//! [`Book`]); and the save into the period folder.

use std::fs::File;
use std::path::PathBuf;

use compact_str::CompactString;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::files::{self, PeriodFolder};
use super::notes::SheetNotes;
use super::sheet_xml::{self, SheetRows};
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
    /// Text (short texts need no allocation of their own).
    Text(CompactString),
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
            Out::Text(text.into())
        }
    }
}

impl From<std::borrow::Cow<'_, str>> for Out {
    fn from(text: std::borrow::Cow<'_, str>) -> Out {
        match text {
            std::borrow::Cow::Borrowed(text) => Out::from(text),
            std::borrow::Cow::Owned(text) => Out::from(text),
        }
    }
}

impl From<String> for Out {
    fn from(text: String) -> Out {
        Out::from(CompactString::from(text))
    }
}

impl From<CompactString> for Out {
    fn from(text: CompactString) -> Out {
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
pub const ZIP_LEVEL: u8 = 1;

/// A workbook of lists, to be saved as `relative` in a period folder: the workbook, the
/// index of each list style in it, and the rows of its lists, written by [`sheet_xml`]
/// and spliced in when it is saved.
pub struct Book<'f> {
    /// The workbook rust_xlsxwriter writes: everything but the lists' rows.
    pub workbook: Workbook,
    /// Each list style's index, by [`Kind`] and then [`MARKS`].
    styles: [[u32; 3]; KINDS.len()],
    /// The rows of the sheets written by [`sheet_xml`].
    lists: Vec<SheetRows>,
    /// The comments of the sheets that have them, written by [`notes`](super::notes).
    notes: Vec<SheetNotes>,
    /// Where the workbook is saved.
    folder: &'f PeriodFolder,
    relative: String,
}

/// Every kind of list column.
const KINDS: [Kind; 5] = [Kind::Text, Kind::Wrap, Kind::Date, Kind::Count, Kind::Money];

/// A cell's marks: none, an error, a warning (see [`CellStyles::get`]).
const MARKS: [Option<bool>; 3] = [None, Some(true), Some(false)];

/// A mark's place in [`MARKS`].
pub fn slot(mark: Option<bool>) -> usize {
    match mark {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    }
}

impl<'f> Book<'f> {
    /// A new workbook ([`new_workbook`]), to be saved as `relative` in `folder`, whose
    /// list styles are registered before anything else, so that their indices are known:
    /// the workbook numbers its styles in the order they are first seen, after the
    /// default style 0.
    pub fn new(folder: &'f PeriodFolder, relative: &str) -> Book<'f> {
        let mut workbook = new_workbook();
        let mut registered: Vec<Format> = Vec::new();
        let mut styles = [[0; 3]; KINDS.len()];
        for kind in KINDS {
            let cell = CellStyles::of(kind);
            for (slot, mark) in MARKS.into_iter().enumerate() {
                let format = cell.get(mark);
                let position = registered.iter().position(|r| r == format).unwrap_or_else(|| {
                    workbook.register_format(format);
                    registered.push(format.clone());
                    registered.len() - 1
                });
                styles[kind as usize][slot] = position as u32 + 1;
            }
        }
        Book { workbook, styles, lists: Vec::new(), notes: Vec::new(), folder, relative: relative.to_string() }
    }

    /// The indices of a kind of cell's styles, by [`slot`].
    pub fn styles(&self, kind: Kind) -> [u32; 3] {
        self.styles[kind as usize]
    }

    /// Keeps a sheet's rows for the save.
    pub fn keep(&mut self, rows: SheetRows) {
        self.lists.push(rows);
    }

    /// Keeps a sheet's comments for the save.
    pub fn keep_notes(&mut self, notes: SheetNotes) {
        if !notes.is_empty() {
            self.notes.push(notes);
        }
    }

    /// The workbook's file, created for the rows of its first list to be compressed into
    /// as they are made ([`SheetRows::compressed`]); `None` for a later list, or when the
    /// file cannot be created now (the save says why).
    fn file_for_rows(&self) -> Option<File> {
        if !self.lists.is_empty() {
            return None;
        }
        self.folder.create(&self.relative).ok().map(|output| output.into_parts().0)
    }

    /// Saves the workbook into the period folder, the lists' rows spliced into their
    /// sheets and the comments written: finished in its file when the rows of its first
    /// list were compressed into it, otherwise written anew; returns its final path.
    pub fn save(mut self) -> Result<PathBuf, Error> {
        let path = self.folder.path(&self.relative);
        let fail = |e| files::write_error(&path, e);
        let skeleton = self.workbook.save_to_buffer().map_err(|e| xlsx_error(&path, e))?;
        if sheet_xml::splice_in_place(&skeleton, &mut self.lists, &self.notes).map_err(fail)?.is_some() {
            return Ok(path);
        }
        let output = self.folder.create(&self.relative)?;
        let output = sheet_xml::splice(skeleton, self.lists, self.notes, output).map_err(fail)?;
        files::finish(output, &path)?;
        Ok(path)
    }
}

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
/// Excel's row limit; the rows streamed to a spool ([`sheet_xml`]) so memory does not
/// grow with them — compressed as they are made when the rows know their count and a
/// sheet holds many of them. Each row is its values, and for each a mark (error or
/// warning) or none. Columns are as wide as their longest value among the first rows (at
/// least their configured width, at most [`WIDEST`]); a longer text wraps, its row made
/// tall enough.
pub fn write_list(
    book: &mut Book,
    list: &List,
    rows: impl Iterator<Item = Vec<(Out, Option<bool>)>>,
) -> Result<(), XlsxError> {
    let mut rows = rows.peekable();
    let mut unwritten = match rows.size_hint() {
        (least, Some(most)) if least == most => Some(least),
        _ => None,
    };
    let mut first: Vec<Vec<(Out, Option<bool>)>> = Vec::new();
    while first.len() < SIZING_ROWS {
        match rows.next() {
            Some(row) => first.push(row),
            None => break,
        }
    }
    let widths = fitted_widths(list.columns, &first);
    let styles: Vec<[u32; 3]> = list.columns.iter().map(|c| book.styles(c.kind)).collect();
    let mut part = 1;
    let mut sheet = list_sheet(book, list, &widths, part, &mut unwritten)?;
    let mut row = LIST_HEADER_ROWS;
    for values in first.into_iter().chain(rows) {
        if row == MAX_ROWS {
            finish_list(book, sheet, list, row)?;
            part += 1;
            sheet = list_sheet(book, list, &widths, part, &mut unwritten)?;
            row = LIST_HEADER_ROWS;
        }
        let height = wrapped_height(values.iter().map(|(value, _)| value), &widths);
        let cells = values.iter().zip(&styles).map(|((value, mark), style)| (value, style[slot(*mark)]));
        sheet.row(row, height, cells)?;
        row += 1;
    }
    finish_list(book, sheet, list, row)
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

/// The height of a row whose text wraps in columns this wide: 15 points a line; `None`
/// for a row of one line.
pub fn wrapped_height<'a>(values: impl Iterator<Item = &'a Out>, widths: &[f64]) -> Option<f64> {
    let lines = values.zip(widths).map(|(value, width)| lines_of(value, *width)).max().unwrap_or(1);
    (lines > 1).then_some(15.0 * lines as f64)
}

/// Lines a value takes when wrapped in a column this wide.
fn lines_of(value: &Out, width: f64) -> usize {
    let room = (width - 1.0).max(1.0);
    match value {
        // No character is wider than its UTF-8 bytes: a text of no more bytes than the
        // room is one line, without counting (most values).
        Out::Text(text) if text.len() as f64 <= room => 1,
        Out::Text(text) => (display_width(text) as f64 / room).ceil().max(1.0) as usize,
        _ => 1,
    }
}

/// Rows of a sheet, when a list's length is known, from which they are compressed as
/// they are made ([`SheetRows::compressed`]): below, compressing them at the save takes
/// a fraction of a second.
const COMPRESSED_AS_MADE: usize = 50_000;

/// A new sheet of a list: widths, title, header, frozen panes and print setup, written
/// by the workbook; its rows, to come — of the list's `unwritten` rows when their count
/// is known, as many as the sheet holds.
fn list_sheet(
    book: &mut Book,
    list: &List,
    widths: &[f64],
    part: u32,
    unwritten: &mut Option<usize>,
) -> Result<SheetRows, XlsxError> {
    let sheet = book.workbook.add_worksheet_with_constant_memory()?;
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
    sheet.set_freeze_panes(LIST_HEADER_ROWS, 0)?;
    print_setup(sheet, LIST_HEADER_ROWS)?;
    if let Some(printed) = list.printed {
        sheet.set_print_area(0, 0, MAX_ROWS - 1, printed.saturating_sub(1))?;
    }
    let index = book.workbook.worksheets().len() - 1;
    let columns = list.columns.len() as u16;
    let rows = unwritten.as_mut().map(|count| {
        let rows = (*count).min((MAX_ROWS - LIST_HEADER_ROWS) as usize);
        *count -= rows;
        rows
    });
    match rows.filter(|&rows| rows >= COMPRESSED_AS_MADE) {
        Some(rows) => {
            let rows = LIST_HEADER_ROWS..LIST_HEADER_ROWS + rows as u32;
            // The filter as it will be, before the save that gives the sheet's head: its
            // name is in the workbook's part, one of those before the sheet's.
            filter(book, index, list, rows.end)?;
            let file = book.file_for_rows();
            let saved = book.workbook.save_to_buffer()?;
            SheetRows::compressed(index, columns, saved, rows, file).map_err(XlsxError::IoError)
        }
        None => Ok(SheetRows::new(index, columns)),
    }
}

/// The filter over the header and the rows written; the rows kept for the save.
fn finish_list(book: &mut Book, rows: SheetRows, list: &List, next_row: u32) -> Result<(), XlsxError> {
    filter(book, rows.index(), list, next_row)?;
    book.keep(rows);
    Ok(())
}

/// The filter of the list on the sheet at `index`: over its header and its rows, up to
/// the row `next_row`.
fn filter(book: &mut Book, index: usize, list: &List, next_row: u32) -> Result<(), XlsxError> {
    let last_col = list.columns.len().saturating_sub(1) as u16;
    let sheet = book.workbook.worksheet_from_index(index)?;
    sheet.autofilter(LIST_HEADER_ROWS - 1, 0, next_row.max(LIST_HEADER_ROWS) - 1, last_col)?;
    Ok(())
}

/// Writes a value in a style.
pub fn write(sheet: &mut Worksheet, row: u32, col: u16, value: &Out, format: &Format) -> Result<(), XlsxError> {
    match value {
        Out::Empty => sheet.write_blank(row, col, format).map(|_| ()),
        Out::Text(text) => sheet.write_string_with_format(row, col, text.as_str(), format).map(|_| ()),
        Out::Number(n) => sheet.write_number_with_format(row, col, *n, format).map(|_| ()),
        Out::Date(day) => sheet.write_number_with_format(row, col, date::to_serial(*day), format).map(|_| ()),
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

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use super::*;

    /// The XML of each worksheet of a saved book, in order.
    fn saved_sheets(book: Book) -> Vec<String> {
        let mut book = book;
        let skeleton = book.workbook.save_to_buffer().unwrap();
        let saved = sheet_xml::splice(skeleton, book.lists, book.notes, Cursor::new(Vec::new())).unwrap().into_inner();
        let mut zip = zip::ZipArchive::new(Cursor::new(saved)).unwrap();
        let mut sheets = Vec::new();
        for number in 1.. {
            let Ok(mut part) = zip.by_name(&format!("xl/worksheets/sheet{number}.xml")) else { break };
            let mut xml = String::new();
            part.read_to_string(&mut xml).unwrap();
            sheets.push(xml);
        }
        sheets
    }

    #[test]
    fn a_list_past_the_row_limit_goes_on_in_a_second_sheet() {
        let dir = tempfile::tempdir().unwrap();
        let folder = PeriodFolder::begin(&dir.path().join("2024-12")).unwrap();
        let mut book = Book::new(&folder, "名单.xlsx");
        let columns = [ListColumn::new("序号", 5.0, Kind::Count)];
        let list = List { sheet: "名单", title: "名单".to_string(), columns: &columns, printed: None };
        let rows = (MAX_ROWS - LIST_HEADER_ROWS + 3) as usize;
        write_list(&mut book, &list, (0..rows).map(|k| vec![(Out::Number(k as f64 + 1.0), None)])).unwrap();
        let names: Vec<String> = book.workbook.worksheets().iter().map(|s| s.name()).collect();
        assert_eq!(names, ["名单", "名单(2)"]);
        let style = book.styles(Kind::Count)[0];
        let sheets = saved_sheets(book);
        let count = book_rows(&sheets[0]);
        assert_eq!(count, MAX_ROWS as usize, "the first sheet is full");
        assert!(sheets[0].contains("<dimension ref=\"A1:A1048576\"/>"));
        let last = MAX_ROWS - LIST_HEADER_ROWS;
        assert!(sheets[0].contains(&format!("<c r=\"A1048576\" s=\"{style}\"><v>{last}</v></c></row></sheetData>")));
        assert_eq!(book_rows(&sheets[1]), LIST_HEADER_ROWS as usize + 3);
        assert!(sheets[1].contains("<dimension ref=\"A1:A5\"/>"));
        assert!(sheets[1].contains(&format!("<c r=\"A5\" s=\"{style}\"><v>{rows}</v></c></row></sheetData>")));
        assert!(sheets[1].contains("<autoFilter ref=\"A2:A5\"/>"));
    }

    fn book_rows(xml: &str) -> usize {
        xml.matches("<row ").count()
    }

    /// A workbook of a list of `count` rows saved as `name` in `folder`: the list's
    /// length known (its rows compressed as they are made, into the workbook's file) or
    /// not (its rows kept for the save); another list after it when `then_another`.
    fn save_list(folder: &PeriodFolder, name: &str, count: usize, length_known: bool, then_another: bool) {
        let mut book = Book::new(folder, name);
        let columns = [ListColumn::new("序号", 5.0, Kind::Count), ListColumn::new("说明", 12.0, Kind::Wrap)];
        let list = List { sheet: "名单", title: "名单".to_string(), columns: &columns, printed: None };
        let row =
            |k: usize| vec![(Out::Number(k as f64 + 1.0), None), (Out::from(format!("第{k}行，说明较长时折行")), None)];
        let rows = (0..count).map(row);
        if length_known {
            write_list(&mut book, &list, rows).unwrap();
        } else {
            // A filter hides the length from the list.
            write_list(&mut book, &list, rows.filter(|_| true)).unwrap();
        }
        if then_another {
            let list = List { sheet: "附表", title: "附表".to_string(), columns: &columns, printed: None };
            write_list(&mut book, &list, (0..3).map(row)).unwrap();
        }
        book.save().unwrap();
    }

    #[test]
    fn a_list_compressed_into_the_workbooks_file_is_the_list_kept_for_the_save() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("2024-12");
        let folder = PeriodFolder::begin(&target).unwrap();
        let count = COMPRESSED_AS_MADE + 1_000;
        for then_another in [false, true] {
            save_list(&folder, &format!("made-{then_another}.xlsx"), count, true, then_another);
            save_list(&folder, &format!("kept-{then_another}.xlsx"), count, false, then_another);
        }
        folder.commit().unwrap();
        for then_another in [false, true] {
            let made = std::fs::read(target.join(format!("made-{then_another}.xlsx"))).unwrap();
            let kept = std::fs::read(target.join(format!("kept-{then_another}.xlsx"))).unwrap();
            assert!(made == kept, "another list after it: {then_another}");
            let sheets = zip::ZipArchive::new(Cursor::new(made)).unwrap().len();
            assert_eq!(sheets, if then_another { 10 } else { 9 });
        }
    }

    proptest::proptest! {
        #[test]
        fn a_short_text_is_one_line_as_counted(text in "[a-z 0-9]{0,40}|[a-z张é]{0,30}|\\PC{0,20}", width in 0.5f64..50.0) {
            let counted = (display_width(&text) as f64 / (width - 1.0).max(1.0)).ceil().max(1.0) as usize;
            proptest::prop_assert_eq!(lines_of(&Out::from(text.as_str()), width), counted);
        }
    }
}
