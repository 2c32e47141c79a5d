//! Validation (SPEC §4): every roster row is read into a [`Worker`] and checked by the
//! rules, grouped by family ([`identity`], [`fields`], [`review`]); the ledger rows are read into
//! payments and checked ([`ledger`]); the workforce table is read ([`workforce`]). A rule
//! pushes findings; it never drops a row. Rows with an error are left out of the
//! statistics by deduplication.

pub mod fields;
pub mod identity;
pub mod ledger;
pub mod review;
pub mod workforce;

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::{CompactString, ToCompactString};

use crate::classify::Dictionary;
use crate::columns::Field;
use crate::config::DibaoConfig;
use crate::finding::{Code, Finding, Location};
use crate::ingest::grid::Cell;
use crate::ingest::table::Record;
use crate::normalize::date::Ymd;
use crate::rows::Worker;
use crate::vocab::Vocabularies;

/// What the rules need besides the row.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Vocabularies.
    pub vocab: &'a Vocabularies,
    /// 低保线.
    pub dibao: &'a DibaoConfig,
    /// The cause dictionary.
    pub causes: &'a Dictionary,
    /// The last day of the reporting period.
    pub period_end: Ymd,
}

/// One row under check: its cells by canonical column, and the findings so far.
pub struct RowCheck<'a> {
    record: &'a Arc<Record>,
    /// The findings on this row.
    pub findings: Vec<Finding>,
}

impl<'a> RowCheck<'a> {
    /// Starts checking a row.
    pub fn new(record: &'a Arc<Record>) -> RowCheck<'a> {
        RowCheck { record, findings: Vec::new() }
    }

    /// The cell of a canonical column (empty when the sheet lacks the column).
    pub fn cell(&self, field: Field) -> &'a Cell {
        static EMPTY: Cell = Cell::Empty;
        self.record.cell(field).unwrap_or(&EMPTY)
    }

    /// The cleaned text of a canonical column.
    pub fn text(&self, field: Field) -> CompactString {
        self.cell(field).cleaned()
    }

    /// Whether the sheet has the column at all.
    pub fn has_column(&self, field: Field) -> bool {
        self.record.cell(field).is_some()
    }

    /// The row as read.
    pub fn record(&self) -> &'a Arc<Record> {
        self.record
    }

    /// Where the row is.
    pub fn origin(&self) -> &'a Location {
        &self.record.origin
    }

    /// The row's grassroots union.
    pub fn union(&self) -> &'a Arc<str> {
        &self.record.union
    }

    /// How many canonical columns hold a value.
    pub fn filled(&self) -> u16 {
        let columns = self.record.columns.iter();
        let filled = self.record.cells.iter().zip(columns).filter(|(c, col)| col.field.is_some() && !c.is_blank());
        u16::try_from(filled.count()).unwrap_or(u16::MAX)
    }

    /// Records a finding about a column of this row.
    pub fn push(&mut self, code: Code, field: Field, message: impl Into<Cow<'static, str>>) {
        // A row's findings wait with its worker until the whole batch is checked: room
        // for as many as it has, not the four a first push would make room for.
        self.findings.reserve_exact(1);
        self.findings.push(Finding {
            code,
            location: self.record.location(field),
            column: field.canonical(),
            value: self.cell(field).to_compact_string(),
            message: message.into(),
        });
    }
}

/// Reads and checks one roster row.
pub fn roster_row(record: &Arc<Record>, ctx: Context) -> (Worker, Vec<Finding>) {
    let mut row = RowCheck::new(record);
    let id = identity::check(&mut row);
    let worker = fields::read(&mut row, ctx, id);
    identity::check_against_fields(&mut row, &worker, ctx);
    fields::check_income_tier(&mut row, &worker, ctx);
    let mut worker = worker;
    review::check(&mut row, &mut worker, ctx);
    (worker, row.findings)
}

#[cfg(test)]
pub(crate) mod tests {
    //! A clean roster row, and the findings when some of its cells are changed.
    use super::*;
    use crate::columns::Aliases;
    use crate::ingest::header::{Column, Columns, Role};
    use crate::ingest::table::Table;

    const CLEAN: [(&str, &str); 14] = [
        ("姓名", "张三"),
        ("身份证号", "41010219800101123X"),
        ("性别", "男"),
        ("出生日期", "1980-01-01"),
        ("工作单位", "东风机械厂"),
        ("身份", "在岗"),
        ("困难类别", "相对困难"),
        ("家庭人口", "3"),
        ("家庭年度总收入", "36000"),
        ("家庭月人均收入", "1000"),
        ("主要致困原因", "6"),
        ("联系电话", "13812345678"),
        ("建档日期", "2020-03-01"),
        ("基层工会", "东风机械厂工会"),
    ];

    /// The findings on the clean row with `changes` applied (a new column is added).
    pub fn check_row(changes: &[(&str, &str)]) -> Vec<Finding> {
        let mut cells: Vec<(String, String)> = CLEAN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (name, value) in changes {
            match cells.iter_mut().find(|(k, _)| k == name) {
                Some(cell) => cell.1 = value.to_string(),
                None => cells.push((name.to_string(), value.to_string())),
            }
        }
        let (_, record) = sheet_row(&cells, Role::Roster);
        let vocab = Vocabularies::new(None, &Default::default()).expect("vocabularies");
        let dibao = DibaoConfig::default();
        let causes = Dictionary::new(&Default::default()).expect("dictionary");
        let ctx = Context { vocab: &vocab, dibao: &dibao, causes: &causes, period_end: (2026, 11, 30) };
        roster_row(&record, ctx).1
    }

    /// A sheet of `role` with a header and one row of text cells (empty text is an empty
    /// cell), at row 2 of t.xlsx［S］, in 东风机械厂工会; the row is also the record returned.
    pub fn sheet_row(cells: &[(String, String)], role: Role) -> (Table, Arc<Record>) {
        let aliases = Aliases::built_in();
        let columns: Arc<Columns> = cells
            .iter()
            .enumerate()
            .map(|(i, (name, _))| Column {
                index: i as u32,
                header: name.clone(),
                field: aliases.field_of(name),
                row: None,
            })
            .collect::<Columns>()
            .into();
        let origin = Location { file: Arc::from("t.xlsx"), sheet: Arc::from("S"), row: 2 };
        let record = Arc::new(Record {
            origin: origin.clone(),
            union: Arc::from("东风机械厂工会"),
            columns: columns.clone(),
            cells: cells
                .iter()
                .map(|(_, v)| if v.is_empty() { Cell::Empty } else { Cell::Text(v.as_str().into()) })
                .collect(),
            members: Box::default(),
        });
        let table = Table {
            role,
            origin,
            header_rows: vec![1],
            columns,
            records: vec![record.clone()],
            skipped: vec![],
            form: None,
        };
        (table, record)
    }

    /// The codes of findings, in order.
    pub fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn the_clean_row_has_no_finding() {
        assert_eq!(codes(&check_row(&[])), Vec::<&str>::new());
    }
}
