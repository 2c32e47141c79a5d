//! The layout of an official statistical table (统计报表): a merged title, the line with
//! 填报单位 / 报告期 / 单位, bordered header rows (two levels where columns are grouped),
//! the body with its 小计 and 合计 rows, and the signature line 单位负责人 / 审核人 /
//! 填表人 / 报送日期; printed on A4, one page wide, header rows repeated, centred.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

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
    /// The title of a sheet: “豫安县总工会困难职工困难类别统计表”.
    pub fn title(&self, subject: &str) -> String {
        format!("{}困难职工{subject}统计表", self.report.unit.as_deref().unwrap_or(""))
    }

    fn signatures(&self) -> String {
        let blank = |value: &Option<String>| value.clone().unwrap_or_else(|| "　　　　".to_string());
        let date = self.report.date.clone().unwrap_or_else(|| "　　年　　月　　日".to_string());
        format!(
            "单位负责人：{}　　审核人：{}　　填表人：{}　　报送日期：{date}",
            blank(&self.report.head),
            blank(&self.report.reviewer),
            blank(&self.report.preparer)
        )
    }
}

const FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";

struct Styles {
    title: Format,
    line_left: Format,
    line_centre: Format,
    line_right: Format,
    signatures: Format,
    header: Format,
    text: Format,
    count: Format,
    percent: Format,
    money: Format,
}

impl Styles {
    fn new(bold: bool) -> Styles {
        let line = Format::new().set_font_name(FONT).set_font_size(10).set_align(FormatAlign::VerticalCenter);
        let cell = Format::new()
            .set_font_name(FONT)
            .set_font_size(11)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let cell = if bold { cell.set_bold() } else { cell };
        Styles {
            title: Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            line_left: line.clone().set_align(FormatAlign::Left),
            line_centre: line.clone().set_align(FormatAlign::Center),
            line_right: line.clone().set_align(FormatAlign::Right),
            signatures: line.set_align(FormatAlign::Left).set_text_wrap(),
            header: cell.clone().set_bold().set_align(FormatAlign::Center).set_text_wrap(),
            text: cell.clone().set_align(FormatAlign::Left).set_text_wrap(),
            count: cell.clone().set_align(FormatAlign::Right).set_num_format("0"),
            percent: cell.clone().set_align(FormatAlign::Right).set_num_format("0.0"),
            money: cell.set_align(FormatAlign::Right).set_num_format("0.00"),
        }
    }

    fn write(&self, sheet: &mut Worksheet, row: u32, col: u16, fig: &Fig) -> Result<(), XlsxError> {
        match fig {
            Fig::Blank => sheet.write_blank(row, col, &self.text),
            Fig::Text(text) => sheet.write_string_with_format(row, col, text, &self.text),
            Fig::Count(n) => sheet.write_number_with_format(row, col, *n as f64, &self.count),
            Fig::Percent(p) => sheet.write_number_with_format(row, col, *p, &self.percent),
            Fig::Money(m) => sheet.write_number_with_format(row, col, *m, &self.money),
        }
        .map(|_| ())
    }
}

/// Writes a form on a new sheet; returns the sheet (for charts) and where its rows are.
pub fn write<'b>(
    book: &'b mut Workbook,
    form: &Form,
    letterhead: &Letterhead,
) -> Result<(&'b mut Worksheet, Placed), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(&form.sheet)?;
    let (plain, bold) = (Styles::new(false), Styles::new(true));
    let last_col = form.columns.len().saturating_sub(1) as u16;

    sheet.set_row_height(0, 30)?;
    merge(sheet, 0, 0, last_col, &letterhead.title(&form.subject), &plain.title)?;
    let (left, right) = thirds(form.columns.len());
    merge(
        sheet,
        1,
        0,
        left - 1,
        &format!("填报单位：{}", letterhead.report.unit.as_deref().unwrap_or("")),
        &plain.line_left,
    )?;
    merge(sheet, 1, left, right - 1, &format!("报告期：{}", letterhead.period), &plain.line_centre)?;
    merge(sheet, 1, right, last_col, &form.unit, &plain.line_right)?;

    let header_rows = write_header(sheet, form, &plain.header)?;
    let first_body_row = 2 + header_rows;
    let mut row = first_body_row;
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
    let widths = widths(form);
    let signatures = letterhead.signatures();
    let lines = (display_width(&signatures) as f64 / widths.iter().sum::<f64>()).ceil().max(1.0);
    sheet.set_row_height(row, 8.0 + 16.0 * lines)?;
    merge(sheet, row, 0, last_col, &signatures, &plain.signatures)?;

    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_paper_size(9).set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    if widths.iter().sum::<f64>() > 100.0 {
        sheet.set_landscape();
    }
    sheet.set_repeat_rows(2, first_body_row - 1)?;
    sheet.set_freeze_panes(first_body_row, 0)?;
    Ok((sheet, Placed { first_body_row, next_free_row: row + 1 }))
}

/// The header: one row, or two when some columns are grouped; returns the rows used.
fn write_header(sheet: &mut Worksheet, form: &Form, style: &Format) -> Result<u32, XlsxError> {
    let two_levels = form.columns.iter().any(|c| c.group.is_some());
    if !two_levels {
        for (col, column) in form.columns.iter().enumerate() {
            sheet.write_string_with_format(2, col as u16, &column.label, style)?;
        }
        sheet.set_row_height(2, 30)?;
        return Ok(1);
    }
    let mut col = 0;
    while col < form.columns.len() {
        let column = &form.columns[col];
        match &column.group {
            None => {
                sheet.merge_range(2, col as u16, 3, col as u16, &column.label, style)?;
                col += 1;
            }
            Some(group) => {
                let span = form.columns[col..].iter().take_while(|c| c.group.as_ref() == Some(group)).count();
                merge(sheet, 2, col as u16, (col + span - 1) as u16, group, style)?;
                for (i, member) in form.columns[col..col + span].iter().enumerate() {
                    sheet.write_string_with_format(3, (col + i) as u16, &member.label, style)?;
                }
                col += span;
            }
        }
    }
    sheet.set_row_height(3, 30)?;
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

/// Where the unit line's three parts begin: 填报单位 from 0, 报告期 from the first
/// value, 单位 from the second.
fn thirds(columns: usize) -> (u16, u16) {
    let columns = columns.max(3);
    let left = columns.div_ceil(3);
    let middle = ((columns - left) / 2).max(1);
    (left as u16, (left + middle) as u16)
}

/// Column widths from the longest text in each column (a CJK character counts two).
fn widths(form: &Form) -> Vec<f64> {
    (0..form.columns.len())
        .map(|col| {
            let header = form.columns[col].label.as_str();
            let body = form.rows.iter().filter_map(|r| r.cells.get(col)).map(|fig| match fig {
                Fig::Text(text) => display_width(text),
                Fig::Blank => 0,
                _ => 8,
            });
            let widest = body.chain([display_width(header).min(16)]).max().unwrap_or(8);
            (widest as f64 + 2.0).clamp(8.0, 44.0)
        })
        .collect()
}

/// Width on screen: CJK and full-width characters take two columns.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unit_line_splits_in_three() {
        assert_eq!(thirds(3), (1, 2));
        assert_eq!(thirds(4), (2, 3));
        assert_eq!(thirds(7), (3, 5));
        assert_eq!(thirds(2), (1, 2));
    }

    #[test]
    fn cjk_takes_two_columns() {
        assert_eq!(display_width("合计a1"), 6);
    }
}
