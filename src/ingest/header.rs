//! Finding the header of a sheet and what kind of table it heads.
//!
//! Each of the first rows is scored by how many canonical columns its cells name; a
//! row and the row under it are also scored together, for two-row headers (a group
//! header over sub-headers, vertically merged cells). The best-scoring header that
//! names a role wins.

use std::collections::BTreeSet;
use std::ops::Deref;

use super::grid::{Cell, Grid};
use crate::columns::{Aliases, Field};

/// How many non-empty rows from the top are searched for a header.
const SEARCH_ROWS: usize = 40;

/// What one row of a table is (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 困难职工花名册: one worker in hardship.
    Roster,
    /// 帮扶台账: one payment or service.
    Ledger,
    /// 职工总数: one unit with its workforce.
    Workforce,
}

impl Role {
    /// The table's name as a clerk says it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Roster => "困难职工花名册",
            Role::Ledger => "帮扶台账",
            Role::Workforce => "职工人数表",
        }
    }

    /// The role a set of recognised columns makes.
    pub fn of(fields: &BTreeSet<Field>) -> Option<Role> {
        let has = |f| fields.contains(&f);
        if has(Field::Amount) && has(Field::AidKind) && (has(Field::Id) || has(Field::Name)) {
            Some(Role::Ledger)
        } else if has(Field::Id) && (has(Field::PrimaryCause) || has(Field::Tier)) {
            Some(Role::Roster)
        } else if has(Field::Workforce) {
            Some(Role::Workforce)
        } else {
            None
        }
    }
}

/// One column under the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// 0-based column index in the sheet.
    pub index: u32,
    /// The header text as written (the sub-header for two-row headers).
    pub header: String,
    /// The canonical column it names; `None` for an extra column, kept as it is.
    pub field: Option<Field>,
    /// The Excel row of this column's value when it is not the record's own row: on a
    /// registration form each value has its own cell ([`super::form`]); `None` on a
    /// roster, where every value is on the record's row.
    pub row: Option<u32>,
}

/// The columns of a table's header, left to right, with where each canonical column is:
/// a record's cells are asked for by field tens of millions of times in a big batch, so
/// the answer is one look in a table, not a walk along the header.
#[derive(Debug, PartialEq)]
pub struct Columns {
    list: Box<[Column]>,
    /// For each field (by its place in [`Field::ALL`]), the first column naming it.
    at: [Option<usize>; Field::ALL.len()],
}

impl Columns {
    /// The position of the first column naming `field`, if any does.
    pub fn position(&self, field: Field) -> Option<usize> {
        self.at[field as usize]
    }
}

impl FromIterator<Column> for Columns {
    fn from_iter<I: IntoIterator<Item = Column>>(columns: I) -> Columns {
        let list: Box<[Column]> = columns.into_iter().collect();
        let mut at = [None; Field::ALL.len()];
        for (i, field) in list.iter().enumerate().rev().filter_map(|(i, c)| Some((i, c.field?))) {
            at[field as usize] = Some(i);
        }
        Columns { list, at }
    }
}

impl Deref for Columns {
    type Target = [Column];
    fn deref(&self) -> &[Column] {
        &self.list
    }
}

/// The header found in a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based indices of the header rows (one or two).
    pub rows: Vec<u32>,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The kind of table.
    pub role: Role,
}

impl Header {
    /// The recognised columns.
    pub fn fields(&self) -> BTreeSet<Field> {
        self.columns.iter().filter_map(|c| c.field).collect()
    }
}

/// The header of a sheet, if one of its first rows names a table role.
pub fn find(grid: &Grid, aliases: &Aliases) -> Option<Header> {
    let tops: Vec<u32> = grid.rows.iter().take(SEARCH_ROWS).map(|r| r.index).collect();
    let mut best: Option<(usize, Header)> = None;
    for &top in &tops {
        let mut candidates = vec![vec![top]];
        if grid.row(top + 1).is_some() || merged_down(grid, top) {
            candidates.push(vec![top, top + 1]);
        }
        for rows in candidates {
            let columns = read_columns(grid, &rows, aliases);
            let fields: BTreeSet<Field> = columns.iter().filter_map(|c| c.field).collect();
            let Some(role) = Role::of(&fields) else {
                continue;
            };
            let better = |(score, h): &(usize, Header)| {
                fields.len() > *score || (fields.len() == *score && rows.len() < h.rows.len())
            };
            if best.as_ref().is_none_or(better) {
                best = Some((fields.len(), Header { rows, columns, role }));
            }
        }
    }
    best.map(|(_, header)| header)
}

/// Whether a cell of this row is merged with the row below.
fn merged_down(grid: &Grid, row: u32) -> bool {
    grid.merges.iter().any(|m| m.top <= row && m.bottom > row)
}

/// The columns named by one header row, or by two rows read together.
fn read_columns(grid: &Grid, rows: &[u32], aliases: &Aliases) -> Vec<Column> {
    let mut indices: BTreeSet<u32> = BTreeSet::new();
    for &row in rows {
        if let Some(r) = grid.row(row) {
            indices.extend(r.cells.iter().map(|(c, _)| *c));
        }
        for m in grid.merges.iter().filter(|m| m.top <= row && row <= m.bottom) {
            indices.extend(m.left..=m.right.min(m.left + 255));
        }
    }
    let mut seen = BTreeSet::new();
    indices
        .into_iter()
        .filter_map(|col| {
            let texts: Vec<String> = rows.iter().map(|&r| shown_text(grid, r, col)).collect();
            let (header, field) = name_column(&texts, aliases)?;
            let field = field.filter(|f| seen.insert(*f));
            Some(Column { index: col, header, field, row: None })
        })
        .collect()
}

fn shown_text(grid: &Grid, row: u32, col: u32) -> String {
    match grid.shown(row, col) {
        Some(Cell::Empty) | None => String::new(),
        Some(cell) => cell.to_string().trim().to_string(),
    }
}

/// The header text and field of a column from its one or two header cells.
/// For two rows: the sub-header, then group+sub, sub+group (主要 under 致困原因), group.
fn name_column(texts: &[String], aliases: &Aliases) -> Option<(String, Option<Field>)> {
    let (upper, lower) = match texts {
        [one] => (one.as_str(), ""),
        [upper, lower] => (upper.as_str(), lower.as_str()),
        _ => return None,
    };
    if upper.is_empty() && lower.is_empty() {
        return None;
    }
    let shown = if lower.is_empty() { upper } else { lower };
    let tries = [lower.to_string(), format!("{upper}{lower}"), format!("{lower}{upper}"), upper.to_string()];
    let field = tries.iter().filter(|t| !t.is_empty()).find_map(|t| aliases.field_of(t));
    Some((shown.to_string(), field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Merge;

    fn grid(rows: &[&[&str]], merges: Vec<Merge>) -> Grid {
        crate::ingest::grid::text_grid("S", rows, merges)
    }

    fn names(header: &Header) -> Vec<Option<&'static str>> {
        header.columns.iter().map(|c| c.field.map(Field::canonical)).collect()
    }

    #[test]
    fn columns_find_the_first_column_naming_each_field() {
        let column = |index: u32, field: Option<Field>| Column { index, header: String::new(), field, row: None };
        let columns: Columns = [
            column(0, Some(Field::SerialNo)),
            column(1, None),
            column(2, Some(Field::Id)),
            column(3, Some(Field::Name)),
            column(4, Some(Field::Id)),
        ]
        .into_iter()
        .collect();
        assert_eq!(columns.len(), 5);
        assert_eq!(columns.position(Field::SerialNo), Some(0));
        assert_eq!(columns.position(Field::Id), Some(2));
        assert_eq!(columns.position(Field::Name), Some(3));
        assert_eq!(columns.position(Field::Union), None);
        // A delimited file may have more columns than a workbook.
        let wide: Columns = (0..70_000).map(|i| column(i, (i == 69_999).then_some(Field::Name))).collect();
        assert_eq!(wide.position(Field::Name), Some(69_999));
        // Each field's place in the table is its place in Field::ALL.
        for (i, field) in Field::ALL.into_iter().enumerate() {
            assert_eq!(field as usize, i, "{field:?}");
            let only: Columns = [column(7, Some(field))].into_iter().collect();
            assert_eq!(only.position(field), Some(0));
            assert!(Field::ALL.into_iter().filter(|f| *f != field).all(|f| only.position(f).is_none()));
        }
    }

    #[test]
    fn the_header_is_found_below_a_title() {
        let g = grid(
            &[
                &["某某工会困难职工花名册"],
                &["填报单位：某某工会"],
                &["序号", "姓名", "身份证号码", "困难类别", "银行卡号"],
                &["1", "张三", "410102198001011234", "深度困难", "6222"],
            ],
            vec![Merge { top: 0, bottom: 0, left: 0, right: 4 }],
        );
        let header = find(&g, &Aliases::built_in()).expect("header");
        assert_eq!(header.rows, vec![2]);
        assert_eq!(header.role, Role::Roster);
        assert_eq!(
            names(&header),
            vec![Some("序号"), Some("姓名"), Some("身份证号"), Some("困难类别"), Some("银行卡号")]
        );
        assert_eq!(header.columns[4].header, "银行卡号");
    }

    #[test]
    fn two_row_headers_with_merges_combine() {
        let g = grid(
            &[
                &["姓名", "身份证号", "家庭收入情况", "", "致困原因", ""],
                &["", "", "家庭年收入", "人均月收入", "主要", "次要"],
                &["张三", "410102198001011234", "12000", "500", "6", ""],
            ],
            vec![
                Merge { top: 0, bottom: 1, left: 0, right: 0 },
                Merge { top: 0, bottom: 1, left: 1, right: 1 },
                Merge { top: 0, bottom: 0, left: 2, right: 3 },
                Merge { top: 0, bottom: 0, left: 4, right: 5 },
            ],
        );
        let header = find(&g, &Aliases::built_in()).expect("header");
        assert_eq!(header.rows, vec![0, 1]);
        assert_eq!(
            names(&header),
            vec![
                Some("姓名"),
                Some("身份证号"),
                Some("家庭年度总收入"),
                Some("家庭月人均收入"),
                Some("主要致困原因"),
                Some("次要致困原因")
            ]
        );
        assert_eq!(header.columns[0].header, "姓名");
    }

    #[test]
    fn roles_come_from_the_columns() {
        let aliases = Aliases::built_in();
        let ledger = grid(&[&["姓名", "身份证号", "帮扶类型", "金额（元）"]], vec![]);
        assert_eq!(find(&ledger, &aliases).map(|h| h.role), Some(Role::Ledger));
        let workforce = grid(&[&["基层工会", "上级工会", "职工人数"]], vec![]);
        assert_eq!(find(&workforce, &aliases).map(|h| h.role), Some(Role::Workforce));
        let nothing = grid(&[&["关于报送困难职工档案的通知"], &["各基层工会："]], vec![]);
        assert_eq!(find(&nothing, &aliases), None);
    }
}
