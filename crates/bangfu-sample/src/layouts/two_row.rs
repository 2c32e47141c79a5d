//! Layout 2: an .xlsx with a two-row header. Single columns are merged down
//! both header rows; 致困原因 and 家庭收入情况（元） are groups merged across their
//! sub-columns (主要 / 次要, 家庭年度总收入 / 家庭月人均收入). Header texts carry
//! line breaks (身份证\n号码), spaces (姓  名) and full-width characters (性　别,
//! （元）); the columns come in an unusual order, and 银行卡号 and 备注 are extra
//! columns the program must keep.

use super::{data_rows, single, Column, Content, Ctx, Submission};
use crate::date::DateStyle;
use crate::field::Field;
use crate::grid::{Cell, Grid, Look};
use crate::render::{DateForm, Style};
use crate::sink::Sink;
use crate::unions::Union;
use crate::write;

pub const STYLE: Style =
    Style { vocab: 1, status_alias: true, filed: &[DateForm::Text(DateStyle::ChineseYearMonth)], ..Style::PLAIN };

/// A header cell: one column merged over both rows, or a group over several.
enum Head {
    Tall(&'static str, Content),
    Group(&'static str, &'static [(&'static str, Field)]),
}

const fn tall(title: &'static str, field: Field) -> Head {
    Head::Tall(title, Content::Field(field))
}

const HEADS: &[Head] = &[
    Head::Tall("序号", Content::Seq),
    tall("工作单位", Field::Employer),
    tall("姓  名", Field::Name),
    tall("身份证\n号码", Field::Id),
    tall("性　别", Field::Sex),
    tall("困难\n类别", Field::Tier),
    Head::Group("致困原因", &[("主要", Field::PrimaryCause), ("次要", Field::SecondaryCause)]),
    tall("家庭\n人口", Field::FamilySize),
    Head::Group(
        "家庭收入情况（元）",
        &[
            ("家庭年度总收入", Field::FamilyIncome),
            ("家庭月人均收入", Field::PerCapitaIncome),
            ("家庭刚性支出", Field::RigidSpending),
        ],
    ),
    Head::Group(
        "家庭成员",
        &[("配偶姓名", Field::SpouseName), ("配偶身份证号", Field::SpouseId), ("子女身份证号", Field::ChildId)],
    ),
    tall("人员身份", Field::Status),
    tall("联系电话", Field::Phone),
    Head::Tall("银行卡号", Content::BankCard),
    tall("建档日期", Field::FiledDate),
    tall("备注", Field::Remark),
];

/// The data columns, left to right (titles are those of the lower header row).
fn columns() -> Vec<Column> {
    HEADS
        .iter()
        .flat_map(|h| match h {
            Head::Tall(title, content) => vec![Column { title, content: *content }],
            Head::Group(_, subs) => {
                subs.iter().map(|(t, f)| Column { title: t, content: Content::Field(*f) }).collect()
            }
        })
        .collect()
}

/// The canonical fields of the layout.
pub fn fields() -> Vec<Field> {
    super::fields_of(&columns())
}

/// The workbook: one sheet Sheet1.
pub fn render(sub: &Submission, unions: &[Union], path: &str, sink: &mut Sink) -> Result<Vec<u8>, String> {
    let (part, union) = single(sub, unions)?;
    let ctx = Ctx { unions, style: &STYLE, file: path, sheet: "Sheet1" };
    let columns = columns();
    let mut grid = Grid::titled(ctx.sheet, &format!("{}困难职工花名册", union.name), columns.len());
    two_row_header(&mut grid);
    data_rows(&mut grid, &part.entries, &columns, ctx, sink, 1);
    write::xlsx(&[grid])
}

/// The two header rows with their merges.
fn two_row_header(grid: &mut Grid) {
    let (top, bottom) = (grid.next_row, grid.next_row + 1);
    let mut col = 0u16;
    for head in HEADS {
        match head {
            Head::Tall(title, _) => {
                grid.put(top, col, Cell::text(*title), Look::Header);
                grid.merge(top, bottom, col, col);
                col += 1;
            }
            Head::Group(title, subs) => {
                grid.put(top, col, Cell::text(*title), Look::Header);
                grid.merge(top, top, col, col + subs.len() as u16 - 1);
                for (i, (sub, _)) in subs.iter().enumerate() {
                    grid.put(bottom, col + i as u16, Cell::text(*sub), Look::Header);
                }
                col += subs.len() as u16;
            }
        }
    }
}
