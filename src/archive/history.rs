//! The earlier periods under the output root: every `<out>/<period>/archive/` of the same
//! kind of period (months with months, years with years) before the current one, read
//! back in order. An archive that cannot be read is named, not fatal.

use std::path::Path;

use polars::prelude::{DataFrame, PolarsResult};

use super::frames::{payments_from, workforce_from};
use super::{read_parquet, FOLDER, LEDGER, ROSTER, WORKFORCE};
use crate::ledger::Payment;
use crate::period::Period;
use crate::stats::workforce::Workforce;

/// One earlier period's archive.
#[derive(Debug, Clone)]
pub struct Archived {
    /// Its period.
    pub period: Period,
    /// The clean roster.
    pub roster: DataFrame,
    /// The accepted payments.
    pub payments: Vec<Payment>,
    /// The workforce table.
    pub workforce: Workforce,
}

/// The earlier periods found, oldest first, and the archives that could not be read.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Readable archives, oldest first.
    pub periods: Vec<Archived>,
    /// “<folder>: why” for each archive left out.
    pub unreadable: Vec<String>,
}

impl History {
    /// Reads the archives under `root` of periods like `current` and before it.
    pub fn read(root: &Path, current: Period) -> History {
        let mut history = History::default();
        let Ok(entries) = std::fs::read_dir(root) else {
            return history;
        };
        let mut found: Vec<(Period, std::path::PathBuf)> = entries
            .flatten()
            .filter_map(|entry| {
                let period = Period::parse(&entry.file_name().to_string_lossy())?;
                let archive = entry.path().join(FOLDER);
                let same_kind = period.month.is_some() == current.month.is_some();
                (same_kind && period < current && archive.join(ROSTER).is_file()).then_some((period, archive))
            })
            .collect();
        found.sort();
        for (period, folder) in found {
            match read_one(&folder, period) {
                Ok(archived) => history.periods.push(archived),
                Err(e) => history.unreadable.push(format!("{}：{e}", folder.display())),
            }
        }
        history
    }

    /// The period just before the current one, if archived.
    pub fn previous(&self) -> Option<&Archived> {
        self.periods.last()
    }

    /// The accepted payments of each earlier period in `year`, for the yearly caps.
    pub fn ledgers_in_year(&self, year: i32) -> Vec<&[Payment]> {
        self.periods.iter().filter(|a| a.period.year == year).map(|a| a.payments.as_slice()).collect()
    }
}

fn read_one(folder: &Path, period: Period) -> PolarsResult<Archived> {
    let roster = read_parquet(&folder.join(ROSTER))?;
    let payments = match folder.join(LEDGER) {
        path if path.is_file() => payments_from(&read_parquet(&path)?)?,
        _ => Vec::new(),
    };
    let workforce = match folder.join(WORKFORCE) {
        path if path.is_file() => workforce_from(&read_parquet(&path)?)?,
        _ => Workforce::default(),
    };
    Ok(Archived { period, roster, payments, workforce })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::payment::tests::payment;

    fn archived(year: i32, month: u32) -> Archived {
        let paid = payment(3, "张三", "41010219800101123X", "送温暖", 800.0, Some((year, 1, 20)));
        let period = Period { year, month: Some(month) };
        Archived { period, roster: DataFrame::empty(), payments: vec![paid], workforce: Workforce::default() }
    }

    #[test]
    fn the_ledgers_of_the_year_asked_for() {
        let history = History {
            periods: vec![archived(2025, 12), archived(2026, 9), archived(2026, 10)],
            unreadable: Vec::new(),
        };
        assert_eq!(history.ledgers_in_year(2026).len(), 2);
        assert_eq!(history.ledgers_in_year(2025).len(), 1);
        assert!(history.ledgers_in_year(2024).is_empty());
    }
}
