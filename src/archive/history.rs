//! The earlier periods under the output root: every `<out>/<period>/archive/` of the same
//! kind of period (months with months, years with years) before the current one, read
//! back in order. An archive that cannot be read is named, not fatal.

use std::collections::HashMap;
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

    /// The payments of the earlier periods in `year`, for the yearly caps. A ledger kept
    /// for the year is archived again each month: a dated payment several periods hold
    /// counts as often as the one period holding it most often.
    pub fn payments_in_year(&self, year: i32) -> Vec<Payment> {
        let mut kept = Vec::new();
        let mut copies: HashMap<_, usize> = HashMap::new();
        for archived in self.periods.iter().filter(|a| a.period.year == year) {
            let mut here: HashMap<_, usize> = HashMap::new();
            for payment in &archived.payments {
                let Some(identity) = payment.identity() else {
                    kept.push(payment.clone());
                    continue;
                };
                let seen_here = here.entry(identity.clone()).or_default();
                *seen_here += 1;
                let most = copies.entry(identity).or_default();
                if *seen_here > *most {
                    *most = *seen_here;
                    kept.push(payment.clone());
                }
            }
        }
        kept
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

    const ID: &str = "41010219800101123X";

    fn archived(month: u32, payments: Vec<Payment>) -> Archived {
        let period = Period { year: 2026, month: Some(month) };
        Archived { period, roster: DataFrame::empty(), payments, workforce: Workforce::default() }
    }

    #[test]
    fn a_payment_archived_by_several_months_counts_once() {
        let january = |row| payment(row, "张三", ID, "送温暖", 800.0, Some((2026, 1, 20)));
        let history = History {
            periods: vec![
                archived(9, vec![january(3), january(4)]),
                archived(10, vec![january(3), january(4), payment(5, "张三", ID, "送温暖", 300.0, None)]),
                archived(11, vec![january(3)]),
            ],
            unreadable: Vec::new(),
        };
        let kept = history.payments_in_year(2026);
        assert_eq!(kept.iter().filter(|p| p.paid.is_some()).count(), 2, "paid twice in January, archived thrice");
        assert_eq!(kept.len(), 3);
        assert!(history.payments_in_year(2025).is_empty());
    }
}
