//! Layout 1: the classic office .xlsx — a merged title row, a 填报单位 line, a
//! one-row header with 序号, the data with a blank row in the middle, a 合计
//! row and the 填表人 / 审核人 / 制表日期 footer.

use super::{col, data_rows, header, position, single, Column, Ctx, Submission, SEQ};
use crate::field::Field;
use crate::grid::{Cell, Grid, Look};
use crate::render::{CauseStyle, Entry, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const STYLE: Style = Style { causes: &[CauseStyle::Phrase, CauseStyle::Label], ..Style::PLAIN };

pub const COLUMNS: &[Column] = &[
    SEQ,
    col("姓名", Field::Name),
    col("性别", Field::Sex),
    col("民族", Field::Ethnicity),
    col("出生日期", Field::BirthDate),
    col("身份证号", Field::Id),
    col("政治面貌", Field::Politics),
    col("工作单位", Field::Employer),
    col("身份", Field::Status),
    col("困难类别", Field::Tier),
    col("健康状况", Field::Health),
    col("是否单亲", Field::SingleParent),
    col("家庭人口", Field::FamilySize),
    col("本人月平均收入", Field::OwnIncome),
    col("家庭年度总收入", Field::FamilyIncome),
    col("家庭月人均收入", Field::PerCapitaIncome),
    col("刚性支出", Field::RigidSpending),
    col("主要致困原因", Field::PrimaryCause),
    col("次要致困原因", Field::SecondaryCause),
    col("联系电话", Field::Phone),
    col("家庭住址", Field::Address),
    col("配偶姓名", Field::SpouseName),
    col("配偶身份证号", Field::SpouseId),
    col("建档日期", Field::FiledDate),
    col("复核日期", Field::ReviewDate),
];

/// The workbook: one sheet 花名册.
pub fn render(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let ctx = Ctx { unions, style: &STYLE, file: path, sheet: "花名册" };
    let mut grid = Grid::titled(ctx.sheet, &format!("{}2026年困难职工花名册", union.name), COLUMNS.len());
    grid.texts(&[(0, &format!("填报单位：{}  填报日期：2026年{}月", union.name, sub.month))], Look::Note);
    header(&mut grid, COLUMNS);
    let (first, second) = part.entries.split_at(part.entries.len() / 2);
    let seq = data_rows(&mut grid, first, COLUMNS, ctx, sink, 1);
    grid.blank();
    data_rows(&mut grid, second, COLUMNS, ctx, sink, seq);
    total_row(&mut grid, &part.entries);
    grid.blank();
    footer(&mut grid, union, sub.month);
    write::xlsx(&[grid])
}

/// 合计: households, family members and income.
fn total_row(grid: &mut Grid, entries: &[Entry]) {
    let mut cells: Vec<Option<Cell>> = vec![None; COLUMNS.len()];
    cells[0] = Some(Cell::text("合计"));
    let mut put = |field: Field, cell: Cell| {
        if let Some(slot) = position(COLUMNS, field).and_then(|i| cells.get_mut(usize::from(i))) {
            *slot = Some(cell);
        }
    };
    put(Field::Name, Cell::text(format!("共{}户", entries.len())));
    let members: u32 = entries.iter().map(|e| e.person.family_size).sum();
    put(Field::FamilySize, Cell::Number(f64::from(members)));
    let income: f64 = entries.iter().map(|e| e.person.family_income).sum();
    put(Field::FamilyIncome, Cell::Number(income));
    grid.row(cells, Look::Body);
}

/// 填表人 / 审核人 / 制表日期.
fn footer(grid: &mut Grid, union: &Union, month: u32) {
    let preparer = format!("填表人：{}", union.preparer);
    let reviewer = format!("审核人：{}", union.reviewer);
    let dated = format!("制表日期：2026年{month}月28日");
    grid.texts(&[(0, &preparer), (8, &reviewer), (17, &dated)], Look::Note);
}
