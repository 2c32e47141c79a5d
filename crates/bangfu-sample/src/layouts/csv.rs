//! Layouts 4 and 9: CSV files.
//!
//! The GBK file is a merged list an upper union forwarded for two grassroots
//! unions, told apart by a 所属工会 column; some IDs were typed with full-width
//! digits and dates are written 2012/3/5, 2012.3.5, 2012年3月5日 and 201203.
//! The UTF-8 file (with BOM, as Excel saves "CSV UTF-8") has no union column,
//! so its file name names the union, and one address holds a comma (quoted).

use super::{col, data_row, data_rows, entry_cells, header, position, Column, Ctx, Submission, SEQ};
use crate::date::DateStyle;
use crate::field::Field;
use crate::grid::{Cell, Grid};
use crate::render::{CauseStyle, DateForm, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const GBK_STYLE: Style = Style {
    status_alias: true,
    causes: &[CauseStyle::Code],
    birth: &[DateForm::Text(DateStyle::Slash), DateForm::Text(DateStyle::Dot), DateForm::Text(DateStyle::Chinese)],
    filed: &[
        DateForm::Text(DateStyle::Slash),
        DateForm::Text(DateStyle::Dot),
        DateForm::Text(DateStyle::Chinese),
        DateForm::Text(DateStyle::YearMonth),
    ],
    fullwidth_ids: true,
    ..Style::PLAIN
};

pub const GBK_COLUMNS: &[Column] = &[
    SEQ,
    col("所属工会", Field::Union),
    col("姓名", Field::Name),
    col("性别", Field::Sex),
    col("身份证号码", Field::Id),
    col("出生日期", Field::BirthDate),
    col("工作单位", Field::Employer),
    col("身份", Field::Status),
    col("困难类别", Field::Tier),
    col("家庭人口", Field::FamilySize),
    col("家庭年度总收入", Field::FamilyIncome),
    col("家庭月人均收入", Field::PerCapitaIncome),
    col("主要致困原因", Field::PrimaryCause),
    col("次要致困原因", Field::SecondaryCause),
    col("联系电话", Field::Phone),
    col("建档日期", Field::FiledDate),
];

pub const UTF8_STYLE: Style = Style { causes: &[CauseStyle::Label, CauseStyle::Phrase], ..Style::PLAIN };

pub const UTF8_COLUMNS: &[Column] = &[
    col("姓名", Field::Name),
    col("身份证号", Field::Id),
    col("性别", Field::Sex),
    col("出生日期", Field::BirthDate),
    col("工作单位", Field::Employer),
    col("身份", Field::Status),
    col("困难类别", Field::Tier),
    col("家庭人口", Field::FamilySize),
    col("本人月收入", Field::OwnIncome),
    col("家庭年度总收入", Field::FamilyIncome),
    col("家庭月人均收入", Field::PerCapitaIncome),
    col("主要致困原因", Field::PrimaryCause),
    col("次要致困原因", Field::SecondaryCause),
    col("联系电话", Field::Phone),
    col("家庭住址", Field::Address),
    col("建档日期", Field::FiledDate),
];

/// The GBK file: every part (union) in turn, 序号 running on.
pub fn render_gbk(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let ctx = Ctx { unions, style: &GBK_STYLE, file: path, sheet: "" };
    let mut grid = Grid::new("");
    header(&mut grid, GBK_COLUMNS);
    data_rows(&mut grid, sub.parts.iter().flat_map(|p| &p.entries), GBK_COLUMNS, ctx, sink, 1);
    write::gbk(&write::csv(&grid))
}

/// The UTF-8 file; the middle row's address gets a building after a comma.
pub fn render_utf8(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let ctx = Ctx { unions, style: &UTF8_STYLE, file: path, sheet: "" };
    let mut grid = Grid::new("");
    header(&mut grid, UTF8_COLUMNS);
    let entries: Vec<_> = sub.parts.iter().flat_map(|p| &p.entries).collect();
    let address = position(UTF8_COLUMNS, Field::Address).map(usize::from);
    for (i, entry) in entries.iter().enumerate() {
        let mut cells = entry_cells(entry, UTF8_COLUMNS, ctx, i + 1);
        if let (true, Some(Some(Cell::Text(a)))) = (i == entries.len() / 2, address.and_then(|a| cells.get_mut(a))) {
            *a += ",3号楼2单元";
        }
        data_row(&mut grid, cells, entry, ctx, sink);
    }
    Ok(write::utf8_bom(&write::csv(&grid)))
}
