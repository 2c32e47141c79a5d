//! Which units reported (SPEC §6): the units expected — the grassroots units of the
//! workforce table and the unions of the previous period — against those whose roster
//! rows were read. A unit expected that sent nothing readable is 未报送 (never a 0 that
//! reads as "no hardship"); one whose rows were all held back for errors is 有误退回. A
//! file that could not be read belongs to the unit whose name stands in its file name;
//! otherwise it is listed on its own.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::rows::workforce::same_name;
use crate::rows::{Worker, Workforce};

/// How a unit stands in this period's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UnitStatus {
    /// Its rows were read and (some) counted.
    Reported,
    /// 未报送: expected, but nothing readable came.
    NotReported,
    /// 有误退回: every row it sent was held back for an error.
    HeldBack,
}

impl UnitStatus {
    /// What a table shows instead of a count, if anything.
    pub fn label(self) -> Option<&'static str> {
        match self {
            UnitStatus::Reported => None,
            UnitStatus::NotReported => Some("未报送"),
            UnitStatus::HeldBack => Some("有误退回"),
        }
    }
}

/// A file that could not be read, and the unit it belongs to if its name says so.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnreadableFile {
    /// The file as shown.
    pub file: String,
    /// The unit whose name stands in the file name.
    pub unit: Option<String>,
}

/// The units of a period and how each reported.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reporting {
    /// Units expected or reporting.
    pub expected: usize,
    /// Units whose rows were read.
    pub reported: usize,
    /// 未报送: expected units that sent nothing readable.
    pub not_reported: Vec<String>,
    /// 有误退回: units whose rows were all held back.
    pub held_back: Vec<String>,
    /// Files that could not be read.
    pub unreadable: Vec<UnreadableFile>,
}

impl Reporting {
    /// Settles who reported. `workers` are all roster rows of the period (any fate);
    /// `previous` the unions of the previous period; `reporting_unit` the 填报单位 (never
    /// expected to send a roster itself).
    pub fn settle(
        workers: &[Worker],
        workforce: &Workforce,
        previous: &[&str],
        unreadable: &[&str],
        reporting_unit: Option<&str>,
    ) -> Reporting {
        let with_rows: BTreeSet<&str> = workers.iter().map(|w| &**w.union()).collect();
        let counted: BTreeSet<&str> = workers.iter().filter(|w| w.accepted()).map(|w| &**w.union()).collect();
        let grassroots = workforce.units.iter().map(|u| u.name.as_str()).filter(|u| !workforce.is_parent(u));
        let mut expected: Vec<&str> = Vec::new();
        for unit in grassroots.chain(previous.iter().copied()).chain(with_rows.iter().copied()) {
            let own = reporting_unit.is_some_and(|r| same_name(r, unit));
            if !own && !unit.is_empty() && !expected.iter().any(|e| same_name(e, unit)) {
                expected.push(unit);
            }
        }
        let has = |set: &BTreeSet<&str>, unit: &str| set.iter().any(|u| same_name(u, unit));
        let not_reported: Vec<String> =
            expected.iter().filter(|u| !has(&with_rows, u)).map(|u| u.to_string()).collect();
        let held_back: Vec<String> = with_rows.iter().filter(|u| !has(&counted, u)).map(|u| u.to_string()).collect();
        let unreadable = unreadable
            .iter()
            .map(|file| UnreadableFile { file: file.to_string(), unit: unit_of(file, &expected) })
            .collect();
        Reporting { expected: expected.len(), reported: with_rows.len(), not_reported, held_back, unreadable }
    }

    /// How a unit stands.
    pub fn status(&self, unit: &str) -> UnitStatus {
        if self.not_reported.iter().any(|u| same_name(u, unit)) {
            UnitStatus::NotReported
        } else if self.held_back.iter().any(|u| same_name(u, unit)) {
            UnitStatus::HeldBack
        } else {
            UnitStatus::Reported
        }
    }

    /// The unit an unreadable file belongs to, by its name.
    pub fn unit_of_file(&self, file: &str) -> Option<&str> {
        self.unreadable.iter().find(|f| f.file == file).and_then(|f| f.unit.as_deref())
    }

    /// The files that belong to no unit.
    pub fn unmatched(&self) -> impl Iterator<Item = &UnreadableFile> {
        self.unreadable.iter().filter(|f| f.unit.is_none())
    }
}

/// The unit whose name stands in a file's name (the longest such name).
fn unit_of(file: &str, units: &[&str]) -> Option<String> {
    let name: String = file.chars().filter(|c| !c.is_whitespace()).collect();
    units
        .iter()
        .filter(|u| {
            let unit: String = u.chars().filter(|c| !c.is_whitespace()).collect();
            unit.chars().count() >= 2 && name.contains(&unit)
        })
        .max_by_key(|u| u.chars().count())
        .map(|u| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::worker::tests::worker;
    use crate::rows::{Fate, Unit};

    #[test]
    fn expected_units_that_sent_nothing_are_not_reported_and_files_find_their_unit() {
        let workforce = Workforce {
            units: vec![
                Unit { name: "甲厂工会".into(), parent: Some("镇总工会".into()), workforce: 100 },
                Unit { name: "乙校工会".into(), parent: Some("镇总工会".into()), workforce: 80 },
                Unit { name: "镇总工会".into(), parent: None, workforce: 500 },
            ],
        };
        let mut held = worker(2, "丙店工会", "张三", "", 5);
        held.fate = Fate::Rejected;
        let workers = [worker(3, "甲厂工会", "李四", "", 5), held];
        let files = ["乙校工会2026年困难职工花名册.xlsx", "关于报送的通知.xlsx"];
        let reporting = Reporting::settle(&workers, &workforce, &["丁社区工会"], &files, Some("县总工会"));
        assert_eq!(reporting.not_reported, ["乙校工会", "丁社区工会"]);
        assert_eq!(reporting.held_back, ["丙店工会"]);
        assert_eq!((reporting.expected, reporting.reported), (4, 2));
        assert_eq!(reporting.status("乙校工会"), UnitStatus::NotReported);
        assert_eq!(reporting.status("丙店工会"), UnitStatus::HeldBack);
        assert_eq!(reporting.status("甲厂工会"), UnitStatus::Reported);
        assert_eq!(reporting.unreadable[0].unit.as_deref(), Some("乙校工会"));
        assert_eq!(reporting.unmatched().map(|f| f.file.as_str()).collect::<Vec<_>>(), ["关于报送的通知.xlsx"]);
    }
}
