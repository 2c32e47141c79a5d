//! Layout 3: a real BIFF8 .xls from an old office PC. Its headers are aliases
//! (职工姓名, 公民身份号码, 单位名称, 困难程度, 家庭人数, 家庭年收入, 致困原因),
//! dates are Excel serial numbers, phones were typed as numbers, and the legacy
//! tier words (特困, 重困, 一般困难) are used. IDs are text, except where a
//! planted defect typed one as a number (W208, E105).

use super::{col, roster_sheet, single, Column, Ctx, Submission, SEQ};
use crate::field::Field;
use crate::grid::Look;
use crate::render::{CauseStyle, DateForm, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const STYLE: Style = Style {
    vocab: 2,
    status_alias: true,
    causes: &[CauseStyle::CodeLabel],
    birth: &[DateForm::Serial],
    filed: &[DateForm::Serial],
    phone_as_number: true,
    ..Style::PLAIN
};

pub const COLUMNS: &[Column] = &[
    SEQ,
    col("职工姓名", Field::Name),
    col("性别", Field::Sex),
    col("出生年月", Field::BirthDate),
    col("公民身份号码", Field::Id),
    col("单位名称", Field::Employer),
    col("就业状况", Field::Status),
    col("困难程度", Field::Tier),
    col("家庭人数", Field::FamilySize),
    col("家庭年收入", Field::FamilyIncome),
    col("致困原因", Field::PrimaryCause),
    col("健康状况", Field::Health),
    col("手机号码", Field::Phone),
    col("住址", Field::Address),
    col("建档时间", Field::FiledDate),
];

/// The workbook: one sheet 困难职工.
pub fn render(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let ctx = Ctx { unions, style: &STYLE, file: path, sheet: "困难职工" };
    let mut grid = roster_sheet(&part.entries, &format!("{}困难职工档案", union.name), COLUMNS, ctx, sink);
    grid.blank();
    grid.texts(&[(0, &format!("制表人：{}", union.preparer)), (8, &format!("2026年{}月", sub.month))], Look::Note);
    write::xls(&[grid])
}
