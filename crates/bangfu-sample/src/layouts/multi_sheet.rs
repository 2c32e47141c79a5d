//! Layout 6: one workbook, several sheets — 在岗职工 (the roster), 说明 (notes,
//! no header) and 退休职工, a list printed over two pages whose header row was
//! copied again at the page break, in the middle of the data.

use super::{col, data_rows, header, roster_sheet, single, Column, Ctx, Submission, SEQ};
use crate::date::DateStyle;
use crate::field::Field;
use crate::grid::{Grid, Look};
use crate::render::{CauseStyle, DateForm, Entry, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const STYLE: Style =
    Style { causes: &[CauseStyle::Phrase], filed: &[DateForm::Text(DateStyle::Slash)], ..Style::PLAIN };

pub const COLUMNS: &[Column] = &[
    SEQ,
    col("姓名", Field::Name),
    col("性别", Field::Sex),
    col("身份证号", Field::Id),
    col("出生日期", Field::BirthDate),
    col("工作单位", Field::Employer),
    col("身份", Field::Status),
    col("困难类别", Field::Tier),
    col("健康状况", Field::Health),
    col("家庭人口", Field::FamilySize),
    col("家庭年度总收入", Field::FamilyIncome),
    col("家庭月人均收入", Field::PerCapitaIncome),
    col("主要致困原因", Field::PrimaryCause),
    col("次要致困原因", Field::SecondaryCause),
    col("联系电话", Field::Phone),
    col("建档日期", Field::FiledDate),
    col("最近复核日期", Field::ReviewDate),
];

/// The notes of the 说明 sheet, one per row.
const NOTES: &[&str] = &[
    "填表说明",
    "1. 本表由基层工会填报，每户只填写一名困难职工。",
    "2. 困难类别按全总困难职工档案口径填写：低保户、低保边缘户、意外致困户。",
    "3. 家庭月人均收入 = 家庭年度总收入 ÷ 12 ÷ 家庭人口。",
    "4. 身份证号请设置为文本格式，防止后几位变为0。",
    "5. 退休困难职工单独列表，见“退休职工”工作表。",
];

/// The workbook: 在岗职工, 说明, 退休职工.
pub fn render(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let (retired, working): (Vec<Entry>, Vec<Entry>) = part.entries.iter().cloned().partition(|e| e.retired);
    let on_duty = Ctx { unions, style: &STYLE, file: path, sheet: "在岗职工" };
    let title = format!("{}困难职工花名册（在岗）", union.name);
    let mut sheets = vec![roster_sheet(&working, &title, COLUMNS, on_duty, sink)];
    sheets.push(notes_sheet());
    if !retired.is_empty() {
        let ctx = Ctx { sheet: "退休职工", ..on_duty };
        sheets.push(paged_sheet(&retired, &format!("{}困难职工花名册（退休）", union.name), ctx, sink));
    }
    write::xlsx(&sheets)
}

/// A roster sheet whose header row repeats after the first page of data.
fn paged_sheet(entries: &[Entry], title: &str, ctx: Ctx, sink: &mut Sink) -> Grid {
    let mut grid = Grid::titled(ctx.sheet, title, COLUMNS.len());
    header(&mut grid, COLUMNS);
    let (page1, page2) = entries.split_at(entries.len().div_ceil(2));
    let seq = data_rows(&mut grid, page1, COLUMNS, ctx, sink, 1);
    header(&mut grid, COLUMNS);
    data_rows(&mut grid, page2, COLUMNS, ctx, sink, seq);
    grid
}

fn notes_sheet() -> Grid {
    let mut grid = Grid::new("说明");
    for note in NOTES {
        grid.texts(&[(0, note)], Look::Note);
    }
    grid
}
