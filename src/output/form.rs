//! The layout of an official statistical table (统计报表): the table's number and title
//! merged over exactly the table's width, the line 填报单位 / 报告期 / 单位 (on one line
//! when it fits, else on two or three, never colliding), bordered header rows (two levels
//! where columns are grouped), the body with its 小计 and 合计 rows, a 注 with the
//! table's definitions, and the signature line 单位负责人 / 审核人 / 填表人 / 报送日期
//! broken between its parts, never inside one; printed on A4, one page wide, header rows
//! repeated, page numbers in the footer.
//!
//! Widths are estimated as Excel measures them: a CJK character is about 2 units of
//! column width at 11 pt, scaled by the font size ([`text_units`]).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::book::{display_width, PAGE_FOOTER};
use super::notes::column_pixels;
use crate::config::ReportConfig;

/// One figure of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Fig {
    /// Nothing.
    Blank,
    /// A label.
    Text(String),
    /// A count (人, 户, 行, 人次).
    Count(u64),
    /// A signed change of a count (增减).
    Change(i64),
    /// A percent, shown as 0.0.
    Percent(f64),
    /// An amount of money, shown as 0.00.
    Money(f64),
}

impl From<&str> for Fig {
    fn from(text: &str) -> Fig {
        Fig::Text(text.to_string())
    }
}

/// A column: its label and the group it sits under in a two-level header.
#[derive(Debug, Clone)]
pub struct FormColumn {
    /// The label.
    pub label: String,
    /// The upper header cell, shared by adjacent columns with the same group.
    pub group: Option<String>,
}

impl FormColumn {
    /// A column under no group.
    pub fn plain(label: &str) -> FormColumn {
        FormColumn { label: label.to_string(), group: None }
    }

    /// A column under a group.
    pub fn grouped(group: &str, label: &str) -> FormColumn {
        FormColumn { label: label.to_string(), group: Some(group.to_string()) }
    }
}

/// A body row; totals (小计, 合计) are set in bold.
#[derive(Debug, Clone)]
pub struct FormRow {
    /// One figure per column.
    pub cells: Vec<Fig>,
    /// A 小计 or 合计 row.
    pub total: bool,
}

impl FormRow {
    /// An ordinary row.
    pub fn body(cells: Vec<Fig>) -> FormRow {
        FormRow { cells, total: false }
    }

    /// A 小计 / 合计 row.
    pub fn total(cells: Vec<Fig>) -> FormRow {
        FormRow { cells, total: true }
    }
}

/// One table sheet.
#[derive(Debug, Clone)]
pub struct Form {
    /// The sheet's name.
    pub sheet: String,
    /// The subject of the title: “…困难职工{subject}统计表”.
    pub subject: String,
    /// The unit line's right part, e.g. `单位：户、%`.
    pub unit: String,
    /// The columns.
    pub columns: Vec<FormColumn>,
    /// The rows.
    pub rows: Vec<FormRow>,
    /// Cells of the first column merged down: (first body row, rows).
    pub merged_down: Vec<(usize, usize)>,
    /// The 注 under the table: its definitions and mappings, one paragraph each.
    pub notes: Vec<String>,
}

/// Where a form's rows landed, for charts that read them.
#[derive(Debug, Clone, Copy)]
pub struct Placed {
    /// The worksheet row of the first body row.
    pub first_body_row: u32,
    /// The worksheet row below the signature line.
    pub next_free_row: u32,
}

/// What heads and signs every sheet.
pub struct Letterhead<'a> {
    /// `[report]` of bangfu.toml.
    pub report: &'a ReportConfig,
    /// 报告期, as printed.
    pub period: String,
}

impl Letterhead<'_> {
    /// The title of table `number`: “表2　豫安县总工会困难职工困难类别统计表”.
    pub fn title(&self, number: usize, subject: &str) -> String {
        format!("表{number}　{}困难职工{subject}统计表", self.report.unit.as_deref().unwrap_or(""))
    }

    /// The parts of the line under the title: 填报单位, 报告期 and the unit of measure.
    pub fn heading(&self, unit: &str) -> [String; 3] {
        [
            format!("填报单位：{}", self.report.unit.as_deref().unwrap_or("")),
            format!("报告期：{}", self.period),
            unit.to_string(),
        ]
    }

    /// The parts of the signature line, each kept whole.
    pub fn signatures(&self) -> [String; 4] {
        let blank = |value: &Option<String>| value.clone().unwrap_or_else(|| "　　　　".to_string());
        let date = self.report.date.clone().unwrap_or_else(|| "　　年　　月　　日".to_string());
        [
            format!("单位负责人：{}", blank(&self.report.head)),
            format!("审核人：{}", blank(&self.report.reviewer)),
            format!("填表人：{}", blank(&self.report.preparer)),
            format!("报送日期：{date}"),
        ]
    }
}

const FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";
/// Font sizes of the title, the heading and signature lines and notes, and the body.
const TITLE_SIZE: f64 = 16.0;
const LINE_SIZE: f64 = 10.0;
const BODY_SIZE: f64 = 11.0;

/// Units of Excel column width a text takes at a font size (a CJK character ≈ 2 at 11
/// pt), with a little room either side.
pub fn text_units(text: &str, font_size: f64) -> f64 {
    display_width(text) as f64 * font_size / BODY_SIZE + 1.0
}

struct Styles {
    title: Format,
    line_left: Format,
    line_right: Format,
    note: Format,
    header: Format,
    text: Format,
    count: Format,
    change: Format,
    percent: Format,
    money: Format,
}

impl Styles {
    fn new(bold: bool) -> Styles {
        let line = Format::new().set_font_name(FONT).set_font_size(LINE_SIZE).set_align(FormatAlign::VerticalCenter);
        let cell = Format::new()
            .set_font_name(FONT)
            .set_font_size(BODY_SIZE)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let cell = if bold { cell.set_bold() } else { cell };
        Styles {
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(TITLE_SIZE)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line_left: line.clone().set_align(FormatAlign::Left),
            line_right: line.clone().set_align(FormatAlign::Right),
            note: line.set_align(FormatAlign::Left).set_align(FormatAlign::Top).set_text_wrap(),
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            text: cell.clone().set_align(FormatAlign::Left).set_text_wrap(),
            count: cell.clone().set_align(FormatAlign::Right).set_num_format("0"),
            change: cell.clone().set_align(FormatAlign::Right).set_num_format("+0;-0;0"),
            percent: cell.clone().set_align(FormatAlign::Right).set_num_format("0.0"),
            money: cell.set_align(FormatAlign::Right).set_num_format("0.00"),
        }
    }

    fn write(&self, sheet: &mut Worksheet, row: u32, col: u16, fig: &Fig) -> Result<(), XlsxError> {
        match fig {
            Fig::Blank => sheet.write_blank(row, col, &self.text),
            Fig::Text(text) => sheet.write_string_with_format(row, col, text, &self.text),
            Fig::Count(n) => sheet.write_number_with_format(row, col, *n as f64, &self.count),
            Fig::Change(n) => sheet.write_number_with_format(row, col, *n as f64, &self.change),
            Fig::Percent(p) => sheet.write_number_with_format(row, col, *p, &self.percent),
            Fig::Money(m) => sheet.write_number_with_format(row, col, *m, &self.money),
        }
        .map(|_| ())
    }
}

/// A text placed over columns `first..=last` of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// First column.
    pub first: u16,
    /// Last column.
    pub last: u16,
    /// Set to the right of its span.
    pub right: bool,
}

/// Lays out texts on as few lines as hold them whole: several on one line when their
/// widths (at `font_size`) fit the table's, else one line each. Each line's texts take
/// consecutive spans of columns wide enough for them; the last text of a line of several
/// is set to the right.
pub fn lay_out(texts: &[String], widths: &[f64], font_size: f64) -> Vec<Vec<Span>> {
    let last = widths.len().saturating_sub(1) as u16;
    let mut lines = Vec::new();
    let mut rest: &[String] = texts;
    while !rest.is_empty() {
        let fits = (1..=rest.len()).rev().find_map(|n| spans(&rest[..n], widths, font_size));
        match fits {
            Some(line) => {
                rest = &rest[line.len()..];
                lines.push(line);
            }
            None => {
                lines.push(vec![Span { text: rest[0].clone(), first: 0, last, right: false }]);
                rest = &rest[1..];
            }
        }
    }
    if let [.., only] = lines.as_mut_slice() {
        if let [span] = only.as_mut_slice() {
            span.right = texts.len() > 1;
        }
    }
    lines
}

/// Spans for texts side by side on one line, if they fit: each the fewest columns from
/// where the one before ended, the last reaching the table's end.
fn spans(texts: &[String], widths: &[f64], font_size: f64) -> Option<Vec<Span>> {
    let last = widths.len().checked_sub(1)? as u16;
    if texts.len() == 1 {
        let fits = text_units(&texts[0], font_size) <= widths.iter().sum::<f64>();
        return fits.then(|| vec![Span { text: texts[0].clone(), first: 0, last, right: false }]);
    }
    let mut out = Vec::new();
    let mut col = 0usize;
    for (i, text) in texts.iter().enumerate() {
        let need = text_units(text, font_size);
        let first = col;
        if i + 1 == texts.len() {
            let room: f64 = widths.get(first..)?.iter().sum();
            (room >= need && first <= last as usize).then_some(())?;
            out.push(Span { text: text.clone(), first: first as u16, last, right: true });
            return Some(out);
        }
        let mut room = 0.0;
        while room < need {
            room += widths.get(col)?;
            col += 1;
        }
        out.push(Span { text: text.clone(), first: first as u16, last: (col - 1) as u16, right: false });
    }
    None
}

/// Writes a form on a new sheet as table `number`; returns the sheet (for charts) and
/// where its rows are.
pub fn write<'b>(
    book: &'b mut Workbook,
    form: &Form,
    number: usize,
    letterhead: &Letterhead,
) -> Result<(&'b mut Worksheet, Placed), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(&form.sheet)?;
    let (plain, bold) = (Styles::new(false), Styles::new(true));
    let last_col = form.columns.len().saturating_sub(1) as u16;
    let title = letterhead.title(number, &form.subject);
    let widths = widths(form, &title);

    let mut heights = Heights::default();
    heights.set(sheet, 0, 30.0)?;
    merge(sheet, 0, 0, last_col, &title, &plain.title)?;
    let mut row = 1;
    for line in lay_out(&letterhead.heading(&form.unit), &widths, LINE_SIZE) {
        write_line(sheet, row, &line, &plain)?;
        row += 1;
    }
    let header_top = row;
    let header_rows = write_header(sheet, form, header_top, &plain.header, &mut heights)?;
    let first_body_row = header_top + header_rows;
    row = first_body_row;
    for form_row in &form.rows {
        let styles = if form_row.total { &bold } else { &plain };
        for (col, fig) in form_row.cells.iter().enumerate() {
            styles.write(sheet, row, col as u16, fig)?;
        }
        row += 1;
    }
    for &(first, rows) in &form.merged_down {
        if rows > 1 {
            let top = first_body_row + first as u32;
            let text = match form.rows.get(first).and_then(|r| r.cells.first()) {
                Some(Fig::Text(text)) => text.as_str(),
                _ => "",
            };
            sheet.merge_range(top, 0, top + rows as u32 - 1, 0, text, &plain.text)?;
        }
    }
    let total_width: f64 = widths.iter().sum();
    for (i, note) in form.notes.iter().enumerate() {
        let note = format!("{}{note}", if i == 0 { "注：" } else { "　　" });
        let lines = (text_units(&note, LINE_SIZE) / total_width).ceil().max(1.0);
        heights.set(sheet, row, 14.0 * lines + 2.0)?;
        merge(sheet, row, 0, last_col, &note, &plain.note)?;
        row += 1;
    }
    for line in lay_out(&letterhead.signatures(), &widths, LINE_SIZE) {
        heights.set(sheet, row, 20.0)?;
        write_line(sheet, row, &line, &plain)?;
        row += 1;
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    page_setup(sheet, &widths, &heights.of_rows(row), header_top, first_body_row)?;
    Ok((sheet, Placed { first_body_row, next_free_row: row }))
}

/// A4, one page wide, the title, heading and header rows repeated, page numbers in the
/// footer; landscape when that takes fewer pages, or as many and the table is wide.
fn page_setup(
    sheet: &mut Worksheet,
    widths: &[f64],
    heights: &[f64],
    header_top: u32,
    first_body_row: u32,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9).set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    sheet.set_footer(PAGE_FOOTER);
    let across: f64 = widths.iter().map(|&w| column_points(w)).sum();
    let repeated = &heights[header_top as usize..first_body_row as usize];
    let (short, long) = A4;
    let portrait = pages(across, heights, repeated, (short - MARGINS.0, long - MARGINS.1));
    let landscape = pages(across, heights, repeated, (long - MARGINS.0, short - MARGINS.1));
    if landscape < portrait || (landscape == portrait && widths.iter().sum::<f64>() > 80.0) {
        sheet.set_landscape();
    }
    sheet.set_repeat_rows(header_top, first_body_row - 1)?;
    sheet.set_freeze_panes(first_body_row, 0)?;
    Ok(())
}

/// Excel's height of a row whose height is not set, in points.
const DEFAULT_ROW_HEIGHT: f64 = 15.0;

/// The short and long sides of A4, in points.
const A4: (f64, f64) = (595.3, 841.9);
/// Excel's default margins, in points: 0.7 inch left and right, 0.75 inch top and bottom.
const MARGINS: (f64, f64) = (2.0 * 0.7 * 72.0, 2.0 * 0.75 * 72.0);

/// The rows' heights in points as they are set, for choosing the page's orientation.
#[derive(Default)]
struct Heights(Vec<f64>);

impl Heights {
    fn set(&mut self, sheet: &mut Worksheet, row: u32, height: f64) -> Result<(), XlsxError> {
        let index = row as usize;
        if self.0.len() <= index {
            self.0.resize(index + 1, DEFAULT_ROW_HEIGHT);
        }
        self.0[index] = height;
        sheet.set_row_height(row, height)?;
        Ok(())
    }

    /// The heights of the first `rows` rows, those never set at the default.
    fn of_rows(mut self, rows: u32) -> Vec<f64> {
        self.0.resize(rows as usize, DEFAULT_ROW_HEIGHT);
        self.0
    }
}

/// The points a column of Excel width `width` takes on paper, at 96 pixels an inch.
fn column_points(width: f64) -> f64 {
    f64::from(column_pixels(width)) * 0.75
}

/// How many pages rows of `heights` take printed `across` points wide, fitted to the
/// width of a page of `printable` points, with the `repeated` rows' heights atop every
/// page after the first. A row is not split.
fn pages(across: f64, heights: &[f64], repeated: &[f64], printable: (f64, f64)) -> usize {
    let scale = (printable.0 / across).min(1.0);
    let down = printable.1 / scale;
    let repeated: f64 = repeated.iter().sum();
    let mut pages = 1;
    let mut used = 0.0;
    for &height in heights {
        if used + height > down && used > 0.0 {
            pages += 1;
            used = repeated;
        }
        used += height;
    }
    pages
}

fn write_line(sheet: &mut Worksheet, row: u32, line: &[Span], styles: &Styles) -> Result<(), XlsxError> {
    for span in line {
        let style = if span.right { &styles.line_right } else { &styles.line_left };
        merge(sheet, row, span.first, span.last, &span.text, style)?;
    }
    Ok(())
}

/// The header: one row, or two when some columns are grouped; returns the rows used.
fn write_header(
    sheet: &mut Worksheet,
    form: &Form,
    top: u32,
    style: &Format,
    heights: &mut Heights,
) -> Result<u32, XlsxError> {
    let two_levels = form.columns.iter().any(|c| c.group.is_some());
    if !two_levels {
        for (col, column) in form.columns.iter().enumerate() {
            sheet.write_string_with_format(top, col as u16, &column.label, style)?;
        }
        heights.set(sheet, top, 30.0)?;
        return Ok(1);
    }
    let mut col = 0;
    while col < form.columns.len() {
        let column = &form.columns[col];
        match &column.group {
            None => {
                sheet.merge_range(top, col as u16, top + 1, col as u16, &column.label, style)?;
                col += 1;
            }
            Some(group) => {
                let span = form.columns[col..].iter().take_while(|c| c.group.as_ref() == Some(group)).count();
                merge(sheet, top, col as u16, (col + span - 1) as u16, group, style)?;
                for (i, member) in form.columns[col..col + span].iter().enumerate() {
                    sheet.write_string_with_format(top + 1, (col + i) as u16, &member.label, style)?;
                }
                col += span;
            }
        }
    }
    heights.set(sheet, top + 1, 30.0)?;
    Ok(2)
}

/// Writes `text` over columns `first..=last` of a row, merged when more than one.
fn merge(sheet: &mut Worksheet, row: u32, first: u16, last: u16, text: &str, style: &Format) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(row, first, row, last, text, style)?;
    } else {
        sheet.write_string_with_format(row, first, text, style)?;
    }
    Ok(())
}

/// Column widths from the longest text in each column (headers wrap at 16), widened
/// evenly when the title needs more room than the table has.
pub fn widths(form: &Form, title: &str) -> Vec<f64> {
    let mut widths: Vec<f64> = (0..form.columns.len())
        .map(|col| {
            let header = form.columns[col].label.as_str();
            let body = form.rows.iter().filter_map(|r| r.cells.get(col)).map(|fig| match fig {
                Fig::Text(text) => text_units(text, BODY_SIZE),
                Fig::Blank => 0.0,
                _ => 9.0,
            });
            let widest = body.fold(text_units(header, BODY_SIZE).min(16.0), f64::max);
            (widest + 1.0).clamp(8.0, 44.0)
        })
        .collect();
    let need = text_units(title, TITLE_SIZE) + 2.0;
    let have: f64 = widths.iter().sum();
    if need > have && have > 0.0 {
        let extra = (need - have) / widths.len() as f64;
        widths.iter_mut().for_each(|w| *w = (*w + extra).ceil());
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cjk_takes_two_units() {
        assert_eq!(display_width("合计a1"), 6);
        assert_eq!(text_units("合计", 11.0), 5.0);
    }

    #[test]
    fn a_line_that_fits_stays_one_and_one_that_does_not_breaks_between_parts() {
        let parts = texts(&["填报单位：豫安县总工会", "报告期：2026年11月", "单位：户、%"]);
        let wide = [20.0, 20.0, 20.0, 20.0];
        let one = lay_out(&parts, &wide, 10.0);
        assert_eq!(one.len(), 1);
        assert_eq!((one[0][0].first, one[0][2].last, one[0][2].right), (0, 3, true));
        let narrow = [10.0, 8.0, 8.0];
        let lines = lay_out(&parts, &narrow, 10.0);
        assert!(lines.len() > 1);
        for line in &lines {
            for span in line {
                let room: f64 = narrow[span.first as usize..=span.last as usize].iter().sum();
                assert!(text_units(&span.text, 10.0) <= room, "{span:?}");
            }
        }
    }
}
