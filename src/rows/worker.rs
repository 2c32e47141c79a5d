//! 困难职工 — one roster row after normalisation: the values the statistics use, parsed,
//! the row as it was read (its origin, union and cells), and what the later stages
//! learn about the worker: the tier computed from income, the row's fate in
//! deduplication and its standing against the earlier periods. Built by
//! [`crate::validate`].

use std::sync::Arc;

use compact_str::CompactString;

use crate::classify::Classification;
use crate::columns::Field;
use crate::config::DibaoConfig;
use crate::finding::Location;
use crate::ingest::form::Member;
use crate::ingest::grid::Cell;
use crate::ingest::table::Record;
use crate::normalize::date::{Day, Ymd};
use crate::normalize::id::{IdError, ResidentId};
use crate::tier::{ComputedTier, Household};

/// What becomes of a roster row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Counted in the statistics.
    Accepted,
    /// Held back because of an error.
    Rejected,
    /// A duplicate merged into the row with this index.
    Merged(u32),
}

/// Where a current worker stands against the earlier periods (动态).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// 存量: in the previous period too.
    Continuing,
    /// 增量: in no earlier period.
    Added,
    /// 返困: in an earlier period, not in the previous one, back now.
    Returned,
    /// 已脱困: marked 脱困 on or before the period's end; on the roster, in no count.
    Exited,
}

impl Standing {
    /// 存量, 增量 or 返困.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Continuing => "存量",
            Standing::Added => "增量",
            Standing::Returned => "返困",
            Standing::Exited => "已脱困",
        }
    }
}

/// A family member's ID written on a row — in a 配偶/子女/父母身份证号 column or in a
/// registration form's family-member table — with its cell, for 一户多档 (W216).
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyId {
    /// The 18-character number.
    pub number: CompactString,
    /// The cell's place: the row's, or on a form the value's or the member's own row.
    pub location: Location,
    /// The canonical name of the column (身份证号 in a form's family-member table).
    pub column: &'static str,
    /// The cell as written (it may hold several IDs).
    pub written: String,
}

/// A worker in hardship as one roster row describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Worker {
    /// The row as read: file, sheet, Excel row, union and cells.
    pub record: Arc<Record>,
    /// 姓名, cleaned.
    pub name: CompactString,
    /// 身份证号, parsed.
    pub id: Result<ResidentId, IdError>,
    /// 出生日期 as written, parsed.
    pub birth_date: Option<Day>,
    /// 身份, canonical.
    pub status: Option<CompactString>,
    /// 困难类别 as declared, canonical.
    pub declared_tier: Option<CompactString>,
    /// 困难类别 on the reporting ladder (the declared one, mapped).
    pub tier: Option<CompactString>,
    /// 家庭人口.
    pub family_size: Option<u32>,
    /// 家庭年度总收入, 元.
    pub family_income: Option<f64>,
    /// 家庭月人均收入 as stated, 元.
    pub per_capita_stated: Option<f64>,
    /// 家庭年度刚性支出, 元.
    pub rigid_spending: Option<f64>,
    /// The causes classified from both, shared by the rows of the same texts.
    pub causes: Arc<Classification>,
    /// 建档日期.
    pub filed: Option<Day>,
    /// 脱困日期.
    pub exited: Option<Day>,
    /// 复核日期: the last yearly review.
    pub reviewed: Option<Day>,
    /// The family members' IDs written on the row (配偶/子女/父母身份证号, or a form's
    /// family-member table), valid ones, each with its cell.
    pub family_ids: Vec<FamilyId>,
    /// 拟脱困复核: the household is above every line (not a declared 意外致困 whose
    /// rigid spending is not given).
    pub above_standard: bool,
    /// 到期复核: the row's table has a 复核日期 column and the last review (or the
    /// filing) is more than `review_months` before the period's end.
    pub review_due: bool,
    /// 一户多档: the other filed rows of the same household (a family member's ID is
    /// another worker's, or theirs is this one's).
    pub same_household: Vec<Location>,
    /// How many of the canonical fields hold a value (for choosing among duplicates).
    pub filled: u16,
    /// The tier computed by SPEC §5a; `None` without an income.
    pub computed: Option<ComputedTier>,
    /// What became of the row in deduplication.
    pub fate: Fate,
    /// 存量, 增量 or 返困; `None` without an earlier period, or for a row not counted.
    pub standing: Option<Standing>,
    /// The units above the grassroots union, top first (市 → 县 in a province's run of
    /// its cities' packages); empty for a row of a plain roster.
    pub chain: Vec<Arc<str>>,
}

impl Worker {
    /// File, sheet, Excel row.
    pub fn origin(&self) -> &Location {
        &self.record.origin
    }

    /// 基层工会.
    pub fn union(&self) -> &Arc<str> {
        &self.record.union
    }

    /// The cell of a canonical column as written; `None` when the sheet lacks it.
    pub fn written(&self, field: Field) -> Option<&Cell> {
        self.record.cell(field)
    }

    /// The text of a canonical column as written, cleaned; empty when the sheet lacks it.
    /// Columns read only here and there (性别, 工作单位, 健康状况, 是否单亲, the cause
    /// texts) are read from the row when needed rather than held on every worker.
    pub fn text(&self, field: Field) -> CompactString {
        self.written(field).map(Cell::cleaned).unwrap_or_default()
    }

    /// What the tier rules read: income, size, stated per-capita income, rigid spending.
    pub fn household(&self) -> Household {
        Household {
            income: self.family_income,
            size: self.family_size,
            per_capita_stated: self.per_capita_stated,
            rigid: self.rigid_spending,
        }
    }

    /// The words of the rule that computed the tier, when one was computed.
    pub fn tier_reason(&self, dibao: &DibaoConfig) -> Option<String> {
        self.computed.as_ref().map(|tier| tier.reason(&self.household(), dibao))
    }

    /// 家庭成员 — the family-member table of a registration form; empty for a roster row.
    pub fn members(&self) -> &[Member] {
        &self.record.members
    }

    /// The family members' ID numbers as written (for 一户多档), blanks left out.
    pub fn member_ids(&self) -> impl Iterator<Item = &str> {
        self.members().iter().map(|m| m.id.as_str()).filter(|id| !id.is_empty())
    }

    /// 患病: 健康状况 names an illness (anything but healthy or blank), the worker's own
    /// or a family member's.
    pub fn ill(&self) -> bool {
        names_illness(&self.text(Field::Health)) || self.members().iter().any(|m| names_illness(&m.health))
    }

    /// 单亲: 是否单亲 says yes.
    pub fn single_parent(&self) -> bool {
        matches!(self.text(Field::SingleParent).as_str(), "是" | "单亲" | "Y" | "y" | "1" | "√")
    }

    /// The 18-character ID, when valid.
    pub fn id_number(&self) -> Option<&str> {
        self.id.as_ref().ok().map(|id| id.number.as_str())
    }

    /// The birth date: the ID's, else the one written.
    pub fn birth(&self) -> Option<Ymd> {
        self.id.as_ref().ok().map(|id| id.birth).or(self.birth_date.map(Day::ymd))
    }

    /// Where the row stands in the hierarchy: its chain and its union, joined by /.
    pub fn unit_path(&self) -> String {
        let mut path: Vec<&str> = self.chain.iter().map(|u| &**u).collect();
        path.push(self.union());
        path.join("/")
    }

    /// Accepted: no error, not merged into another row.
    pub fn accepted(&self) -> bool {
        self.fate == Fate::Accepted
    }

    /// Out of hardship (脱困) by this day: on the roster, but in no count of the period.
    pub fn out_of_hardship(&self, day: Ymd) -> bool {
        self.exited.is_some_and(|exit| exit.ymd() <= day)
    }

    /// Counted in the statistics of a period ending on `day`.
    pub fn counted(&self, day: Ymd) -> bool {
        self.accepted() && !self.out_of_hardship(day)
    }
}

/// Whether a 健康状况 names an illness: anything but healthy or blank.
fn names_illness(health: &str) -> bool {
    !health.is_empty() && !["健康", "良好", "一般", "正常", "无", "较好", "好"].contains(&health)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::classify::Classification;
    use crate::ingest::header::Column;
    use crate::normalize::id;

    /// A worker at `row` of a.xlsx［S］ with only what deduplication and the ledger look at.
    pub(crate) fn worker(row: u32, union: &str, name: &str, id_text: &str, filled: u16) -> Worker {
        let origin = Location { file: Arc::from("a.xlsx"), sheet: Arc::from("S"), row };
        let employer = Column { index: 0, header: "工作单位".into(), field: Some(Field::Employer), row: None };
        let record = Record {
            origin,
            union: Arc::from(union),
            columns: Arc::new([employer].into_iter().collect()),
            cells: Box::new([Cell::Text("东风机械厂".into())]),
            members: Box::default(),
        };
        Worker {
            record: Arc::new(record),
            name: name.into(),
            id: id::parse(&Cell::Text(id_text.into())),
            birth_date: None,
            status: None,
            declared_tier: None,
            tier: None,
            family_size: None,
            family_income: None,
            per_capita_stated: None,
            rigid_spending: None,
            causes: Arc::new(Classification {
                primary: 10,
                secondary: vec![],
                term: CompactString::default(),
                confident: false,
            }),
            filed: None,
            exited: None,
            reviewed: None,
            family_ids: vec![],
            above_standard: false,
            review_due: false,
            same_household: vec![],
            filled,
            computed: None,
            fate: Fate::Accepted,
            standing: None,
            chain: Vec::new(),
        }
    }
}
