//! Turns grids into file bytes: .xlsx (rust_xlsxwriter), BIFF8 .xls, CSV in
//! GBK or UTF-8 with BOM, and the HTML tables web systems save as ".xls".
//!
//! Every writer is deterministic: the .xlsx carries a fixed creation date and
//! nothing else varies from run to run.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::grid::{Cell, Grid, Look};
use super::xls::{write_xls, XlsSheet, XlsValue};

fn xlsx_error(e: XlsxError) -> String {
    format!("cannot write the .xlsx: {e}")
}

/// The cell formats of a workbook, by look.
struct Formats {
    title: Format,
    header: Format,
    body: Format,
    note: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base.clone().set_bold().set_font_size(16).set_align(FormatAlign::Center),
            header: boxed.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            body: boxed,
            note: base,
        }
    }

    fn get(&self, look: Look) -> &Format {
        match look {
            Look::Title => &self.title,
            Look::Header => &self.header,
            Look::Body => &self.body,
            Look::Note => &self.note,
        }
    }
}

/// An .xlsx workbook with one worksheet per grid, created "2026-11-01".
pub fn xlsx(grids: &[Grid]) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 11, 1).map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let formats = Formats::new();
    for grid in grids {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&grid.name).map_err(xlsx_error)?;
        fill_sheet(sheet, grid, &formats).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn fill_sheet(sheet: &mut Worksheet, grid: &Grid, formats: &Formats) -> Result<(), XlsxError> {
    for (row, col, cell, look) in grid.sorted_cells() {
        let format = formats.get(look);
        match (grid.merge_at(row, col), cell) {
            (Some(m), _) => {
                sheet.merge_range(m.first_row, m.first_col, m.last_row, m.last_col, &cell.display(), format)?;
            }
            (None, _) if grid.is_covered(row, col) => {}
            (None, Cell::Text(s)) => {
                sheet.write_string_with_format(row, col, s, format)?;
            }
            (None, Cell::Number(x)) => {
                sheet.write_number_with_format(row, col, *x, format)?;
            }
        }
    }
    for (col, width) in column_widths(grid).into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (row, height) in row_heights(grid) {
        sheet.set_row_height(row, height)?;
    }
    if grid.one_page {
        sheet.set_paper_size(9);
        sheet.set_print_fit_to_pages(1, 1);
    }
    Ok(())
}

/// Display width of a text: CJK and full-width characters count double.
fn text_width(s: &str) -> usize {
    s.lines().map(|line| line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()).max().unwrap_or(0)
}

/// Column widths fitting the cells that are not merged across columns.
fn column_widths(grid: &Grid) -> Vec<f64> {
    let mut widths = vec![6.0f64; usize::from(grid.width())];
    for (row, col, cell, _) in grid.sorted_cells() {
        let spans = grid.merge_at(row, col).is_some_and(|m| m.first_col != m.last_col);
        if let (false, Some(w)) = (spans, widths.get_mut(usize::from(col))) {
            *w = w.max(text_width(&cell.display()) as f64 + 2.0).min(40.0);
        }
    }
    widths
}

/// Taller rows for titles and headers with line breaks.
fn row_heights(grid: &Grid) -> Vec<(u32, f64)> {
    let mut rows: Vec<(u32, f64)> = Vec::new();
    for (row, _, cell, look) in grid.sorted_cells() {
        let height = match (look, cell) {
            (Look::Title, _) => 28.0,
            (Look::Header, Cell::Text(s)) if s.contains('\n') => 30.0,
            _ => continue,
        };
        match rows.last_mut() {
            Some(last) if last.0 == row => last.1 = last.1.max(height),
            _ => rows.push((row, height)),
        }
    }
    rows
}

/// A BIFF8 .xls workbook with one worksheet per grid.
pub fn xls(grids: &[Grid]) -> Result<Vec<u8>, String> {
    let sheets = grids.iter().map(xls_sheet).collect::<Result<Vec<_>, String>>()?;
    write_xls(&sheets)
}

fn xls_sheet(grid: &Grid) -> Result<XlsSheet, String> {
    let row = |r: u32| u16::try_from(r).map_err(|_| format!("sheet {} has more rows than .xls allows", grid.name));
    let mut cells = Vec::new();
    for (r, c, cell, _) in grid.sorted_cells() {
        let value = match cell {
            Cell::Text(s) => XlsValue::Text(s.clone()),
            Cell::Number(x) => XlsValue::Number(*x),
        };
        cells.push((row(r)?, c, value));
    }
    let merges = grid
        .merges
        .iter()
        .map(|m| Ok((row(m.first_row)?, row(m.last_row)?, m.first_col, m.last_col)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(XlsSheet { name: grid.name.clone(), cells, merges })
}

/// The grid as comma-separated text, CRLF line ends, fields quoted when needed.
pub fn csv(grid: &Grid) -> String {
    let mut out = String::new();
    for row in grid.dense() {
        let fields: Vec<String> =
            row.iter().map(|slot| slot.map(|(c, _)| csv_field(&c.display())).unwrap_or_default()).collect();
        out += &fields.join(",");
        out += "\r\n";
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Text encoded as GBK; an error if some character has no GBK code.
pub fn gbk(text: &str) -> Result<Vec<u8>, String> {
    let (bytes, _, had_errors) = encoding_rs::GBK.encode(text);
    if had_errors {
        return Err("a CSV text has characters GBK cannot encode".into());
    }
    Ok(bytes.into_owned())
}

/// Text as UTF-8 with a byte-order mark, as Excel saves "CSV UTF-8".
pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(text.as_bytes());
    out
}

/// The grid as the HTML table a web system exports under an ".xls" name.
pub fn html(grid: &Grid, title: &str) -> String {
    let mut out = format!(
        "<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n</head>\n<body>\n<table border=\"1\" cellspacing=\"0\">\n",
        escape(title)
    );
    for (r, row) in grid.dense().iter().enumerate() {
        out += "<tr>";
        for (c, slot) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if !grid.is_covered(r, c) {
                out += &html_cell(grid, r, c, *slot);
            }
        }
        out += "</tr>\n";
    }
    out + "</table>\n</body>\n</html>\n"
}

fn html_cell(grid: &Grid, row: u32, col: u16, slot: Option<(&Cell, Look)>) -> String {
    let tag = if slot.is_some_and(|(_, look)| look == Look::Header) { "th" } else { "td" };
    let mut attrs = String::new();
    if let Some(m) = grid.merge_at(row, col) {
        if m.last_col > m.first_col {
            attrs += &format!(" colspan=\"{}\"", m.last_col - m.first_col + 1);
        }
        if m.last_row > m.first_row {
            attrs += &format!(" rowspan=\"{}\"", m.last_row - m.first_row + 1);
        }
    }
    let text = slot.map(|(c, _)| c.display()).unwrap_or_default();
    if text.chars().count() >= 11 && text.chars().all(|c| c.is_ascii_digit() || c == 'X') {
        attrs += " style=\"mso-number-format:'\\@'\"";
    }
    format!("<{tag}{attrs}>{}</{tag}>", escape(&text))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    fn grid() -> Grid {
        let mut g = Grid::titled("花名册", "城关镇第一小学工会2026年困难职工花名册", 3);
        g.header(&["姓名", "身份证\n号码", "住址"]);
        g.row(
            vec![Some(Cell::text("张伟")), Some(Cell::text("410102198503071234")), Some(Cell::text("建设路,3号"))],
            Look::Body,
        );
        g.row(vec![Some(Cell::text("a<b")), None, Some(Cell::Number(2.5))], Look::Body);
        g
    }

    #[test]
    fn xlsx_reads_back_with_merges() {
        let bytes = xlsx(&[grid()]).expect("xlsx");
        let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("opens");
        let range = book.worksheet_range("花名册").expect("sheet");
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("城关镇第一小学工会2026年困难职工花名册".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::String("身份证\n号码".into())));
        assert_eq!(range.get_value((3, 2)), Some(&Data::Float(2.5)));
        let merges = book.merge_cells_by_sheet_name("花名册").expect("merges");
        assert_eq!(merges.len(), 1);
    }

    #[test]
    fn xlsx_is_deterministic() {
        assert_eq!(xlsx(&[grid()]), xlsx(&[grid()]));
    }

    #[test]
    fn csv_quotes_commas() {
        let text = csv(&grid());
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "城关镇第一小学工会2026年困难职工花名册,,");
        assert_eq!(lines[1], "姓名,\"身份证\n号码\",住址");
        assert_eq!(lines[2], "张伟,410102198503071234,\"建设路,3号\"");
        assert_eq!(lines[3], "a<b,,2.50");
    }

    #[test]
    fn gbk_round_trips_and_refuses_the_impossible() {
        let bytes = gbk("张伟,４１０").expect("gbk");
        let (back, _, bad) = encoding_rs::GBK.decode(&bytes);
        assert!(!bad);
        assert_eq!(back, "张伟,４１０");
        assert!(gbk("😀").is_err());
        assert_eq!(&utf8_bom("a")[..], b"\xEF\xBB\xBFa");
    }

    #[test]
    fn html_has_colspan_and_text_ids() {
        let page = html(&grid(), "导出");
        assert!(page.contains("<td colspan=\"3\">城关镇第一小学工会2026年困难职工花名册</td>"));
        assert!(page.contains("<th>姓名</th>"));
        assert!(page.contains("mso-number-format:'\\@'\">410102198503071234</td>"));
        assert!(page.contains("<td>a&lt;b</td><td></td><td>2.50</td>"));
    }

    #[test]
    fn text_widths() {
        assert_eq!(text_width("身份证\n号码"), 6);
        assert_eq!(text_width("abc"), 3);
    }
}
