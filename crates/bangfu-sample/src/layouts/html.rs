//! Layout 5: what a web-based 帮扶管理系统 calls "导出Excel" — an HTML table
//! saved under an .xls name, with a title row spanning the table (colspan) and
//! the system's own column names (就业状况, 困难等级, 家庭成员数, 人均月收入 …).
//! Row numbers are the table's rows (`<tr>`), counted from 1; the table is
//! called 表1, as the program names the tables of a page.

use super::{col, roster_sheet, single, Column, Ctx, Submission, SEQ};
use crate::field::Field;
use crate::render::{CauseStyle, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const STYLE: Style = Style { vocab: 1, causes: &[CauseStyle::CodeLabel], ..Style::PLAIN };

pub const COLUMNS: &[Column] = &[
    SEQ,
    col("姓名", Field::Name),
    col("身份证号", Field::Id),
    col("性别", Field::Sex),
    col("民族", Field::Ethnicity),
    col("出生日期", Field::BirthDate),
    col("政治面貌", Field::Politics),
    col("工作单位", Field::Employer),
    col("就业状况", Field::Status),
    col("困难等级", Field::Tier),
    col("健康状况", Field::Health),
    col("残疾类别", Field::Disability),
    col("劳模类型", Field::ModelWorker),
    col("单亲", Field::SingleParent),
    col("家庭成员数", Field::FamilySize),
    col("本人月收入", Field::OwnIncome),
    col("家庭总收入", Field::FamilyIncome),
    col("人均月收入", Field::PerCapitaIncome),
    col("困难原因", Field::PrimaryCause),
    col("其他致困原因", Field::SecondaryCause),
    col("电话", Field::Phone),
    col("家庭住址", Field::Address),
    col("入档日期", Field::FiledDate),
];

/// The HTML page.
pub fn render(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let ctx = Ctx { unions, style: &STYLE, file: path, sheet: "表1" };
    let grid = roster_sheet(&part.entries, &format!("{}困难职工花名册", union.name), COLUMNS, ctx, sink);
    Ok(write::html(&grid, "困难职工信息导出").into_bytes())
}
