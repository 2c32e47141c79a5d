//! History: the earlier periods, read as rows — every `<out>/<period>/archive/` of the
//! same kind of period (months with months, years with years) before the current one,
//! oldest first, and the periods run earlier in the same command (kept in memory, so
//! `check`, which writes nothing, sees what `run` sees). An archive that cannot be read
//! is named, not fatal.
//!
//! This is an input, beside `ingest`: it reads files and nothing else. What the earlier
//! periods say about a worker now (存量, 增量, 返困) is answered by [`Earlier::standing`].

pub mod package;
mod read;
pub mod schema;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::period::Period;
use crate::rows::{Payment, Standing, Workforce};

/// A worker on an earlier period's clean roster.
#[derive(Debug, Clone, PartialEq)]
pub struct OnFile {
    /// 身份证号 (empty when the row had none).
    pub id: String,
    /// 基层工会.
    pub union: String,
    /// 困难类别 on the ladder (empty when not given).
    pub tier: String,
    /// 家庭人口 (0 when not given).
    pub family_size: u32,
}

/// One earlier period.
#[derive(Debug, Clone)]
pub struct Archived {
    /// Its period.
    pub period: Period,
    /// The workers counted in it (its clean roster without those out of hardship).
    pub on_file: Vec<OnFile>,
    /// The accepted payments.
    pub payments: Vec<Payment>,
    /// The workforce table.
    pub workforce: Workforce,
}

/// The earlier periods known to a command, oldest first: read from the archives under
/// the output folder, or run earlier by the same command.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The periods, oldest first.
    pub periods: Vec<Archived>,
}

impl History {
    /// Reads the archives under `root` of periods like `current` and before it that are not
    /// known yet (a period run by this command wins over its archive); returns “<folder>：
    /// why” for each archive that could not be read.
    pub fn load(&mut self, root: &Path, current: Period) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(root) else {
            return Vec::new();
        };
        let mut found: Vec<(Period, PathBuf)> = entries
            .flatten()
            .filter_map(|entry| {
                let period = Period::parse(&entry.file_name().to_string_lossy())?;
                let archive = entry.path().join(schema::FOLDER);
                let wanted = same_kind(period, current) && period < current && !self.knows(period);
                (wanted && archive.join(schema::ROSTER).is_file()).then_some((period, archive))
            })
            .collect();
        found.sort();
        let mut unreadable = Vec::new();
        for (period, folder) in found {
            match read::archived(&folder, period) {
                Ok(archived) => self.periods.push(archived),
                Err(e) => unreadable.push(format!("{}：{e}", folder.display())),
            }
        }
        self.periods.sort_by_key(|a| a.period);
        unreadable
    }

    fn knows(&self, period: Period) -> bool {
        self.periods.iter().any(|a| a.period == period)
    }

    /// Adds a period just run, in place of its archive if that was known.
    pub fn push(&mut self, archived: Archived) {
        self.periods.retain(|p| p.period != archived.period);
        self.periods.push(archived);
        self.periods.sort_by_key(|a| a.period);
    }

    /// The periods before `current` of its kind, as the current period sees them.
    pub fn before(&self, current: Period) -> Earlier<'_> {
        let periods: Vec<&Archived> =
            self.periods.iter().filter(|a| same_kind(a.period, current) && a.period < current).collect();
        let ids = |archived: &[&'_ Archived]| -> HashSet<String> {
            archived.iter().flat_map(|a| a.on_file.iter().map(|w| w.id.clone())).collect()
        };
        let (previous_ids, earlier_ids) = match periods.split_last() {
            Some((previous, earlier)) => (ids(&[previous]), ids(earlier)),
            None => (HashSet::new(), HashSet::new()),
        };
        Earlier { periods, previous_ids, earlier_ids }
    }
}

fn same_kind(a: Period, b: Period) -> bool {
    a.month.is_some() == b.month.is_some()
}

/// The earlier periods of one period, oldest first.
#[derive(Debug)]
pub struct Earlier<'h> {
    /// The periods, oldest first.
    pub periods: Vec<&'h Archived>,
    previous_ids: HashSet<String>,
    earlier_ids: HashSet<String>,
}

impl Earlier<'_> {
    /// The period just before, if archived.
    pub fn previous(&self) -> Option<&Archived> {
        self.periods.last().copied()
    }

    /// The accepted payments of each earlier period in `year`, for the yearly caps.
    pub fn ledgers_in_year(&self, year: i32) -> Vec<&[Payment]> {
        self.periods.iter().filter(|a| a.period.year == year).map(|a| a.payments.as_slice()).collect()
    }

    /// Where a worker with this ID stands: 存量 when on the previous roster, 返困 when on
    /// an earlier one only, else 增量; `None` without a previous period.
    pub fn standing(&self, id: &str) -> Option<Standing> {
        self.previous()?;
        Some(if self.previous_ids.contains(id) {
            Standing::Continuing
        } else if self.earlier_ids.contains(id) {
            Standing::Returned
        } else {
            Standing::Added
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::payment::tests::payment;

    fn archived(year: i32, month: u32, ids: &[&str]) -> Archived {
        let paid = payment(3, "张三", "41010219800101123X", "送温暖", 800.0, Some((year, 1, 20)));
        let on_file =
            ids.iter()
                .map(|id| OnFile { id: id.to_string(), union: "甲".into(), tier: String::new(), family_size: 1 });
        let period = Period { year, month: Some(month) };
        Archived { period, on_file: on_file.collect(), payments: vec![paid], workforce: Workforce::default() }
    }

    #[test]
    fn the_ledgers_of_the_year_asked_for() {
        let history =
            History { periods: vec![archived(2025, 12, &[]), archived(2026, 9, &[]), archived(2026, 10, &[])] };
        let earlier = history.before(Period { year: 2026, month: Some(11) });
        assert_eq!(earlier.ledgers_in_year(2026).len(), 2);
        assert_eq!(earlier.ledgers_in_year(2025).len(), 1);
        assert!(earlier.ledgers_in_year(2024).is_empty());
        assert_eq!(history.before(Period { year: 2026, month: Some(10) }).periods.len(), 2);
        assert!(history.before(Period { year: 2026, month: None }).periods.is_empty());
    }

    #[test]
    fn standing_against_the_previous_and_earlier_periods() {
        let history = History { periods: vec![archived(2026, 9, &["a", "b"]), archived(2026, 10, &["a"])] };
        let earlier = history.before(Period { year: 2026, month: Some(11) });
        assert_eq!(earlier.standing("a"), Some(Standing::Continuing));
        assert_eq!(earlier.standing("b"), Some(Standing::Returned));
        assert_eq!(earlier.standing("c"), Some(Standing::Added));
        assert_eq!(history.before(Period { year: 2026, month: Some(9) }).standing("a"), None);
    }
}
