//! The accepted workers as a polars frame of codes, and the one query every table is
//! made of: how many rows share each value of some keys.
//!
//! Each text column (union, tier, status, cause, age band) holds the index of its value
//! among the column's distinct values, not the text: a million rows hold a few hundred
//! unions and a handful of tiers, so the frame takes four bytes a cell and its group-bys
//! hash numbers. The texts come back in [`tally`].

use std::collections::HashMap;
use std::hash::Hash;

use foldhash::fast::RandomState;
use polars::prelude::*;

use crate::classify;
use crate::normalize::date::age_at;
use crate::rows::Worker;

/// The label of a missing value in a table (e.g. 身份 left blank).
pub const NOT_GIVEN: &str = "未填写";

/// The age bands of SPEC §6, youngest first.
pub const AGE_BANDS: [&str; 5] = ["30岁以下", "30-39岁", "40-49岁", "50-59岁", "60岁及以上"];

/// A frame whose text columns are codes, with each one's distinct values by code.
pub struct Coded {
    frame: DataFrame,
    labels: HashMap<&'static str, Vec<String>>,
}

impl Coded {
    /// How many rows.
    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// Adds the text column `name`, coded.
    fn text<T: Eq + Hash + ToString>(
        &mut self,
        name: &'static str,
        values: impl Iterator<Item = T>,
    ) -> PolarsResult<()> {
        let mut codes: HashMap<T, u32, RandomState> = HashMap::default();
        let mut labels = Vec::new();
        let column: Vec<u32> = values
            .map(|value| {
                let next = codes.len() as u32;
                *codes.entry(value).or_insert_with_key(|value| {
                    labels.push(value.to_string());
                    next
                })
            })
            .collect();
        self.frame.with_column(Column::new(name.into(), column))?;
        self.labels.insert(name, labels);
        Ok(())
    }

    fn empty(height: usize) -> Coded {
        Coded { frame: DataFrame::empty_with_height(height), labels: HashMap::new() }
    }
}

/// One row per accepted worker: union, tier, computed tier, status, primary cause, age
/// band at the period's end, and household size.
pub fn workers(workers: &[&Worker], period_end: (i32, u32, u32), ladder: &[String; 3]) -> PolarsResult<Coded> {
    let mut coded = Coded::empty(workers.len());
    coded.text("union", workers.iter().map(|w| &**w.union()))?;
    coded.text("tier", workers.iter().map(|w| w.tier.as_deref().unwrap_or(NOT_GIVEN)))?;
    let computed = |w: &&Worker| w.computed.as_ref().map_or(NOT_GIVEN, |t| t.rung.label(ladder));
    coded.text("tier_computed", workers.iter().map(computed))?;
    coded.text("status", workers.iter().map(|w| w.status.as_deref().unwrap_or(NOT_GIVEN)))?;
    coded.text("cause", workers.iter().map(|w| cause_label(w.causes.primary)))?;
    coded.text("age_band", workers.iter().map(|w| age_band(w, period_end)))?;
    let sizes: Vec<Option<u32>> = workers.iter().map(|w| w.family_size).collect();
    coded.frame.with_column(Column::new("family_size".into(), sizes))?;
    Ok(coded)
}

/// One row per (worker, cause named as primary or secondary).
pub fn causes_named(workers: &[&Worker]) -> PolarsResult<Coded> {
    let named =
        workers.iter().flat_map(|w| std::iter::once(w.causes.primary).chain(w.causes.secondary.iter().copied()));
    let count = named.clone().count();
    let mut coded = Coded::empty(count);
    coded.text("cause", named.map(cause_label))?;
    Ok(coded)
}

fn cause_label(code: u8) -> &'static str {
    classify::label(code).unwrap_or(NOT_GIVEN)
}

/// The band of the worker's age at the period's end.
fn age_band(worker: &Worker, period_end: (i32, u32, u32)) -> &'static str {
    let Some(birth) = worker.birth() else { return NOT_GIVEN };
    match age_at(birth, period_end) {
        ..30 => AGE_BANDS[0],
        30..40 => AGE_BANDS[1],
        40..50 => AGE_BANDS[2],
        50..60 => AGE_BANDS[3],
        _ => AGE_BANDS[4],
    }
}

/// Rows per distinct value of the text columns `keys`.
pub fn tally(coded: &Coded, keys: &[&str]) -> PolarsResult<HashMap<Vec<String>, u32>> {
    let counted = coded.frame.clone().lazy().group_by(keys.iter().map(|&k| col(k)).collect::<Vec<_>>());
    let counted = counted.agg([len().alias("count")]).collect()?;
    let counts = counted.column("count")?.cast(&DataType::UInt32)?;
    let counts = counts.u32()?;
    let mut key_columns = Vec::with_capacity(keys.len());
    for &key in keys {
        let labels = coded.labels.get(key).ok_or_else(|| polars_err!(ColumnNotFound: "{key}"))?;
        key_columns.push((counted.column(key)?.u32()?.clone(), labels));
    }
    let mut out = HashMap::with_capacity(counted.height());
    for row in 0..counted.height() {
        let key = key_columns
            .iter()
            .map(|(codes, labels)| {
                codes.get(row).and_then(|c| labels.get(c as usize)).map_or(NOT_GIVEN, |l| l).to_string()
            })
            .collect();
        out.insert(key, counts.get(row).unwrap_or(0));
    }
    Ok(out)
}

/// Rows per value of one text column.
pub fn tally_column(coded: &Coded, column: &str) -> PolarsResult<HashMap<String, u32>> {
    Ok(tally(coded, &[column])?.into_iter().map(|(mut key, count)| (key.remove(0), count)).collect())
}

/// The sum of a whole-number column.
pub fn sum(coded: &Coded, column: &str) -> PolarsResult<u64> {
    let summed = coded.frame.clone().lazy().select([col(column).cast(DataType::UInt64).sum()]).collect()?;
    Ok(summed.column(column)?.u64()?.get(0).unwrap_or(0))
}
