//! Registration forms (困难职工家庭情况登记表, SPEC §2): one family per sheet, labels and
//! values in cells instead of a header over rows, usually with a family-member table
//! under them.
//!
//! A short sheet whose labels stand on three rows or more (a roster's header takes one
//! or two) is read as a form, before any roster header is looked for — a form's row
//! `身份证号 | … | 困难类别 | …` would pass for a header. It is a form when its labels (matched by the
//! roster aliases) include 姓名, 身份证号 and 困难类别 or 致困原因, each with a value
//! cell beside it — to its right (past a merged label, into a merged value), or below
//! it when a whole row holds labels. Titles and 填报单位 lines above the first label and
//! footers (填表人, 审核人, 填表日期) are passed over as on a roster.
//!
//! The form becomes a roster [`Table`] of ONE [`Record`]: a column per label found, its
//! `index` the value's column and its `row` the value's own Excel row. The record's
//! origin row is the 身份证号 value's row, so a [`Location`] stays (file, sheet, row) and
//! the finding table keeps its shape: a finding about a column is placed by
//! [`Record::location`] at that value's row, and its column (the canonical name, the
//! label) completes the cell. Whoever matches findings to records looks at every row of
//! the record ([`Record::rows`]). The family table gives the record's [`Member`]s and,
//! when the form leaves 家庭人口 out, 家庭人口 = members + the worker (placed on the
//! family table's header). The grid is kept on the table for the feedback copy.
//!
//! Reading only: no rule is checked here.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::grid::{Cell, Grid, Row};
use super::header::{Column, Columns, Role};
use super::table::{is_footer, union_named_above, Record, SkipReason, Table};
use crate::columns::{Aliases, Field};
use crate::finding::Location;
use crate::text::{clean, header_key};

/// 家庭成员 — one row of the family-member table under a form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Member {
    /// 姓名.
    pub name: String,
    /// 与本人关系 as written (配偶, 儿子 …).
    pub relation: String,
    /// 身份证号 as written.
    pub id: String,
    /// 健康状况 as written.
    pub health: String,
    /// The member's Excel row.
    pub row: u32,
}

/// What a sheet without a roster header turned out to be.
#[derive(Debug)]
pub enum Sheet {
    /// Not a form.
    NotForm,
    /// A form, read into a one-record table.
    Form(Table),
    /// Looks like a form, but these required labels are missing.
    Incomplete(Vec<&'static str>),
}

/// How many distinct labels make a sheet look like a form.
const FORM_LABELS: usize = 4;

/// On how many rows the labels stand, at least: a roster's header is one or two rows.
const LABEL_ROWS: usize = 3;

/// A sheet with more rows than this is no form (and is not searched for labels).
const FORM_ROWS: usize = 120;

/// The longest label, in characters: longer text is a title or a value.
const LONGEST_LABEL: usize = 12;

/// One label with its value cell (0-based row and column).
#[derive(Debug, Clone, PartialEq)]
struct Pair {
    label: String,
    label_row: u32,
    field: Field,
    row: u32,
    col: u32,
    value: Cell,
}

/// Reads a sheet as a form, if it is one.
pub fn read(grid: &Grid, aliases: &Aliases, origin: Location, fallback_union: &str) -> Sheet {
    if grid.rows.len() > FORM_ROWS {
        return Sheet::NotForm;
    }
    let family = FamilyHeader::find(grid, aliases);
    let end = family.as_ref().map_or(u32::MAX, |f| f.row);
    let pairs = read_pairs(grid, aliases, end);
    let fields: BTreeSet<Field> = pairs.iter().map(|p| p.field).collect();
    if fields.len() < FORM_LABELS || !spread(&pairs) || !fields.iter().any(|f| REQUIRED_ANY.contains(f)) {
        return Sheet::NotForm;
    }
    let missing = missing_labels(&fields);
    if !missing.is_empty() {
        return Sheet::Incomplete(missing);
    }
    let members = family.as_ref().map(|f| f.members(grid)).unwrap_or_default();
    Sheet::Form(table(grid, pairs, family.as_ref(), members, origin, fallback_union))
}

/// Whether the labels are spread as on a form: on three rows or more, no row holding
/// half of them (a roster's header row holds most; a value that happens to read as a
/// label in its data rows does not make it a form).
fn spread(pairs: &[Pair]) -> bool {
    let mut per_row: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    pairs.iter().for_each(|p| *per_row.entry(p.label_row).or_default() += 1);
    let most = per_row.values().copied().max().unwrap_or(0);
    per_row.len() >= LABEL_ROWS && most * 2 <= pairs.len()
}

/// Labels any of which makes a sheet with enough labels a candidate form.
const REQUIRED_ANY: [Field; 4] = [Field::Name, Field::Id, Field::Tier, Field::PrimaryCause];

/// The required labels the form lacks, as a clerk names them.
fn missing_labels(fields: &BTreeSet<Field>) -> Vec<&'static str> {
    let mut missing = Vec::new();
    for field in [Field::Name, Field::Id] {
        if !fields.contains(&field) {
            missing.push(field.canonical());
        }
    }
    if !fields.contains(&Field::Tier) && !fields.contains(&Field::PrimaryCause) {
        missing.push("困难类别或致困原因");
    }
    missing
}

/// The one-record table of a form.
fn table(
    grid: &Grid,
    pairs: Vec<Pair>,
    family: Option<&FamilyHeader>,
    members: Vec<Member>,
    origin: Location,
    fallback_union: &str,
) -> Table {
    let first = pairs.iter().map(|p| p.row).min().unwrap_or(0);
    let id_row = pairs.iter().find(|p| p.field == Field::Id).map_or(first, |p| p.row);
    let mut columns: Vec<Column> = pairs
        .iter()
        .map(|p| Column { index: p.col, header: p.label.clone(), field: Some(p.field), row: Some(p.row + 1) })
        .collect();
    let used = used_rows(&pairs, family, &members);
    let mut cells: Vec<Cell> = pairs.into_iter().map(|p| p.value).collect();
    if let Some(f) = family.filter(|_| !columns.iter().any(|c| c.field == Some(Field::FamilySize))) {
        let size = Cell::Number(members.len() as f64 + 1.0);
        columns.push(Column {
            index: f.name,
            header: "家庭人口".into(),
            field: Some(Field::FamilySize),
            row: Some(f.row + 1),
        });
        cells.push(size);
    }
    let columns: Arc<Columns> = Arc::new(columns.into_iter().collect());
    let union = union_of(&columns, &cells).or_else(|| union_named_above(grid, first));
    let record = Record {
        origin: Location { row: id_row + 1, ..origin.clone() },
        union: Arc::from(union.unwrap_or_else(|| fallback_union.to_string())),
        columns: columns.clone(),
        cells: cells.into(),
        members: members.into(),
    };
    Table {
        role: Role::Roster,
        origin,
        header_rows: Vec::new(),
        columns,
        records: vec![Arc::new(record)],
        skipped: skipped_rows(grid, first, &used),
        form: Some(Arc::new(grid.clone())),
    }
}

/// The 基层工会 the form names, if it has the label.
fn union_of(columns: &[Column], cells: &[Cell]) -> Option<String> {
    let at = columns.iter().position(|c| c.field == Some(Field::Union))?;
    Some(clean(&cells.get(at)?.to_string())).filter(|u| !u.is_empty())
}

/// The 0-based rows the form is read from: labels, values, the family table.
fn used_rows(pairs: &[Pair], family: Option<&FamilyHeader>, members: &[Member]) -> BTreeSet<u32> {
    let labels = pairs.iter().flat_map(|p| [p.label_row, p.row]);
    let family = family.map(|f| f.row).into_iter().chain(members.iter().map(|m| m.row - 1));
    labels.chain(family).collect()
}

/// The rows passed over: titles above the first label, footers, and notes (a section
/// heading, 以下空白).
fn skipped_rows(grid: &Grid, first: u32, used: &BTreeSet<u32>) -> Vec<(u32, SkipReason)> {
    let reason = |row: &Row| match row.index {
        i if i < first => SkipReason::Title,
        _ if is_footer_row(row) => SkipReason::Footer,
        _ => SkipReason::Note,
    };
    grid.rows.iter().filter(|r| !used.contains(&r.index)).map(|r| (r.index + 1, reason(r))).collect()
}

fn is_footer_row(row: &Row) -> bool {
    row.cells.iter().filter_map(|(_, c)| c.as_text()).any(|t| is_footer(&header_key(t)))
}

/// The label a text cell is, if it is one: short, no inner colon, a roster alias.
fn label_of(cell: &Cell, aliases: &Aliases) -> Option<(String, Field)> {
    let text = cell.as_text()?;
    let key = header_key(text);
    if key.is_empty() || key.chars().count() > LONGEST_LABEL || key.contains([':', '：']) {
        return None;
    }
    let field = aliases.field_of(&key).filter(|f| *f != Field::SerialNo)?;
    Some((clean(text).trim_end_matches([':', '：']).to_string(), field))
}

/// Every label above `end` with its value cell; the first of each field kept.
fn read_pairs(grid: &Grid, aliases: &Aliases, end: u32) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = Vec::new();
    for row in grid.rows.iter().take_while(|r| r.index < end) {
        if is_footer_row(row) {
            continue;
        }
        let labels: Vec<(u32, String, Field)> = row
            .cells
            .iter()
            .filter_map(|(col, cell)| label_of(cell, aliases).map(|(label, field)| (*col, label, field)))
            .collect();
        let below = labels.len() >= 2 && labels.len() == row.cells.len();
        for (col, label, field) in labels {
            if pairs.iter().any(|p| p.field == field) {
                continue;
            }
            let right = (!below).then(|| value_right(grid, aliases, row, col)).flatten();
            let place =
                right.or_else(|| value_below(grid, aliases, row.index, col)).or_else(|| blank_right(grid, row, col));
            if let Some((r, c, value)) = place {
                pairs.push(Pair { label, label_row: row.index, field, row: r, col: c, value });
            }
        }
    }
    pairs
}

/// The value cell right of a label: the next column past the label's merged region,
/// unless a label stands there.
fn value_right(grid: &Grid, aliases: &Aliases, row: &Row, col: u32) -> Option<(u32, u32, Cell)> {
    let next = grid.merges.iter().find(|m| m.contains(row.index, col)).map_or(col, |m| m.right) + 1;
    let last = row.cells.last().map_or(0, |(c, _)| *c);
    let merged = grid.merges.iter().any(|m| m.contains(row.index, next));
    if next > last && !merged {
        return None;
    }
    value_at(grid, aliases, row.index, next)
}

/// The empty cell right of a label that ends its row with nothing under it.
fn blank_right(grid: &Grid, row: &Row, col: u32) -> Option<(u32, u32, Cell)> {
    let next = grid.merges.iter().find(|m| m.contains(row.index, col)).map_or(col, |m| m.right) + 1;
    (row.get(next).is_none()).then_some((row.index, next, Cell::Empty))
}

/// The value cell under a label, when a value (not a label) is there — and not a cell
/// of a merged value that starts further left, which is another label's value (刚性支出
/// left blank at the end of a row, 主要致困原因's value merged across the row under it).
fn value_below(grid: &Grid, aliases: &Aliases, row: u32, col: u32) -> Option<(u32, u32, Cell)> {
    let below = grid.merges.iter().find(|m| m.contains(row, col)).map_or(row, |m| m.bottom) + 1;
    if grid.merges.iter().any(|m| m.contains(below, col) && m.left < col) {
        return None;
    }
    grid.shown(below, col)?;
    value_at(grid, aliases, below, col)
}

/// The value shown at (row, col), blank included; `None` where a label stands.
fn value_at(grid: &Grid, aliases: &Aliases, row: u32, col: u32) -> Option<(u32, u32, Cell)> {
    let value = grid.shown(row, col).cloned().unwrap_or_default();
    if label_of(&value, aliases).is_some() || (!value.is_blank() && is_footer(&header_key(&value.to_string()))) {
        return None;
    }
    Some((row, col, value))
}

/// The family-member table's header: 姓名 and 与本人关系 in one row.
#[derive(Debug, Clone, PartialEq)]
struct FamilyHeader {
    /// 0-based row.
    row: u32,
    name: u32,
    relation: u32,
    id: Option<u32>,
    health: Option<u32>,
}

const RELATION_LABELS: [&str; 6] = ["与本人关系", "与职工关系", "与申请人关系", "与户主关系", "关系", "称谓"];

impl FamilyHeader {
    fn find(grid: &Grid, aliases: &Aliases) -> Option<FamilyHeader> {
        grid.rows.iter().find_map(|row| FamilyHeader::of(row, aliases))
    }

    fn of(row: &Row, aliases: &Aliases) -> Option<FamilyHeader> {
        let texts: Vec<(u32, String)> =
            row.cells.iter().filter_map(|(c, cell)| cell.as_text().map(|t| (*c, header_key(t).into_owned()))).collect();
        let relation = texts.iter().find(|(_, k)| RELATION_LABELS.contains(&k.as_str()))?.0;
        let column = |field| texts.iter().find(|(_, k)| aliases.field_of(k) == Some(field)).map(|(c, _)| *c);
        let name = column(Field::Name)?;
        Some(FamilyHeader { row: row.index, name, relation, id: column(Field::Id), health: column(Field::Health) })
    }

    /// The members: rows under the header with a name, up to a footer.
    fn members(&self, grid: &Grid) -> Vec<Member> {
        grid.rows
            .iter()
            .filter(|r| r.index > self.row)
            .take_while(|r| !is_footer_row(r))
            .filter_map(|r| self.member_at(r))
            .collect()
    }

    fn member_at(&self, row: &Row) -> Option<Member> {
        let text =
            |col: Option<u32>| col.and_then(|c| row.get(c)).map(|c| String::from(c.cleaned())).unwrap_or_default();
        let name = text(Some(self.name));
        if name.is_empty()
            || is_footer(&header_key(&name))
            || ["合计", "以下空白", "以下无"].iter().any(|w| name.starts_with(w))
        {
            return None;
        }
        Some(Member {
            name,
            relation: text(Some(self.relation)),
            id: text(self.id),
            health: text(self.health),
            row: row.index + 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Merge;

    fn grid(rows: &[&[&str]], merges: Vec<Merge>) -> Grid {
        crate::ingest::grid::text_grid("张三", rows, merges)
    }

    fn origin() -> Location {
        Location { file: Arc::from("f.xlsx"), sheet: Arc::from("张三"), row: 0 }
    }

    fn form(g: &Grid) -> Table {
        match read(g, &Aliases::built_in(), origin(), "f") {
            Sheet::Form(table) => table,
            other => panic!("not a form: {other:?}"),
        }
    }

    fn value(record: &Record, field: Field) -> (String, u32) {
        (record.cell(field).map(|c| c.to_string()).unwrap_or_default(), record.location(field).row)
    }

    #[test]
    fn pairs_across_a_row_with_merged_values_and_a_family_table() {
        let g = grid(
            &[
                &["困难职工家庭情况登记表"],
                &["填报单位：东风机械厂工会"],
                &["姓名", "张三", "性别", "男", "出生日期", "1980-01-01"],
                &["身份证号", "41010219800101123X", "", "", "困难类别", "深度困难"],
                &["致困原因", "患病", "", "", "", ""],
                &["家庭成员"],
                &["姓名", "与本人关系", "身份证号", "健康状况"],
                &["李四", "配偶", "410102198203041234", "瘫痪"],
                &["张小", "女儿", "410102201005061234", "健康"],
                &["填表人：王五", "", "填表日期：2026年11月5日"],
            ],
            vec![Merge { top: 3, bottom: 3, left: 1, right: 3 }, Merge { top: 4, bottom: 4, left: 1, right: 5 }],
        );
        let table = form(&g);
        let record = &table.records[0];
        assert_eq!(&*record.union, "东风机械厂工会");
        assert_eq!(record.origin.row, 4);
        assert_eq!(value(record, Field::Name), ("张三".into(), 3));
        assert_eq!(value(record, Field::Tier), ("深度困难".into(), 4));
        assert_eq!(value(record, Field::PrimaryCause), ("患病".into(), 5));
        assert_eq!(value(record, Field::FamilySize), ("3".into(), 7));
        assert_eq!(record.members.len(), 2);
        assert_eq!((record.members[0].relation.as_str(), record.members[0].health.as_str()), ("配偶", "瘫痪"));
        assert_eq!(record.members[1].row, 9);
        let rows: Vec<(u32, SkipReason)> = table.skipped.clone();
        assert_eq!(
            rows,
            vec![(1, SkipReason::Title), (2, SkipReason::Title), (6, SkipReason::Note), (10, SkipReason::Footer)]
        );
        assert!(table.form.is_some());
    }

    #[test]
    fn one_pair_a_row_and_values_below_labels() {
        let g = grid(
            &[
                &["困难职工家庭情况登记表"],
                &["姓名", "性别", "身份证号码"],
                &["张三", "男", "41010219800101123X"],
                &["困难类别：", "相对困难"],
                &["家庭人口", ""],
                &["主要致困原因", "下岗失业"],
            ],
            vec![],
        );
        let record = &form(&g).records[0];
        assert_eq!(value(record, Field::Id), ("41010219800101123X".into(), 3));
        assert_eq!(value(record, Field::Sex), ("男".into(), 3));
        assert_eq!(value(record, Field::Tier), ("相对困难".into(), 4));
        assert_eq!(value(record, Field::FamilySize), (String::new(), 5));
        assert_eq!(record.location(Field::FamilySize).sheet.as_ref(), "张三");
    }

    #[test]
    fn a_blank_value_at_a_rows_end_does_not_take_the_merged_value_under_it() {
        let g = grid(
            &[
                &["困难职工家庭情况登记表"],
                &["姓名", "张三", "身份证号", "41010219800101123X", "刚性支出"],
                &["主要致困原因", "8.遭受意外事故", "", "", ""],
                &["困难类别", "意外致困", "家庭人口", "3"],
            ],
            vec![Merge { top: 2, bottom: 2, left: 1, right: 4 }],
        );
        let record = &form(&g).records[0];
        assert_eq!(value(record, Field::RigidSpending), (String::new(), 2), "blank, beside its label");
        assert_eq!(value(record, Field::PrimaryCause), ("8.遭受意外事故".into(), 3));
    }

    #[test]
    fn a_form_without_a_required_label_names_it() {
        let g = grid(
            &[
                &["姓名", "张三", "性别", "男"],
                &["困难类别", "深度困难", "家庭人口", "3"],
                &["联系电话", "13812345678"],
            ],
            vec![],
        );
        match read(&g, &Aliases::built_in(), origin(), "f") {
            Sheet::Incomplete(missing) => assert_eq!(missing, vec!["身份证号"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_notice_is_not_a_form() {
        let g = grid(&[&["关于报送困难职工档案的通知"], &["各基层工会："], &["请于月底前报送。"]], vec![]);
        assert!(matches!(read(&g, &Aliases::built_in(), origin(), "f"), Sheet::NotForm));
    }
}
