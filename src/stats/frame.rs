//! The accepted workers as polars frames, and the one query every table is made of:
//! how many rows share each value of some keys.

use std::collections::HashMap;

use polars::prelude::*;

use crate::classify;
use crate::normalize::date::age_at;
use crate::rows::Worker;

/// The label of a missing value in a table (e.g. 身份 left blank).
pub const NOT_GIVEN: &str = "未填写";

/// The age bands of SPEC §6, youngest first.
pub const AGE_BANDS: [&str; 5] = ["30岁以下", "30-39岁", "40-49岁", "50-59岁", "60岁及以上"];

/// One row per accepted worker: union, tier, computed tier, status, primary cause,
/// age at the period's end and household size.
pub fn workers(workers: &[&Worker], period_end: (i32, u32, u32), ladder: &[String; 3]) -> PolarsResult<DataFrame> {
    let text = |name: &str, values: Vec<&str>| Column::new(name.into(), values);
    let columns = vec![
        text("union", workers.iter().map(|w| &**w.union()).collect()),
        text("tier", workers.iter().map(|w| w.tier.as_deref().unwrap_or(NOT_GIVEN)).collect()),
        text(
            "tier_computed",
            workers.iter().map(|w| w.computed.as_ref().map_or(NOT_GIVEN, |t| t.rung.label(ladder))).collect(),
        ),
        text("status", workers.iter().map(|w| w.status.as_deref().unwrap_or(NOT_GIVEN)).collect()),
        text("cause", workers.iter().map(|w| cause_label(w.causes.primary)).collect()),
        Column::new("age".into(), workers.iter().map(|w| age(w, period_end)).collect::<Vec<Option<i32>>>()),
        Column::new("family_size".into(), workers.iter().map(|w| w.family_size).collect::<Vec<Option<u32>>>()),
    ];
    DataFrame::new(workers.len(), columns)
}

/// One row per (worker, cause named as primary or secondary).
pub fn causes_named(workers: &[&Worker]) -> PolarsResult<DataFrame> {
    let named: Vec<&str> = workers
        .iter()
        .flat_map(|w| std::iter::once(w.causes.primary).chain(w.causes.secondary.iter().copied()))
        .map(cause_label)
        .collect();
    DataFrame::new(named.len(), vec![Column::new("cause".into(), named)])
}

fn cause_label(code: u8) -> &'static str {
    classify::label(code).unwrap_or(NOT_GIVEN)
}

fn age(worker: &Worker, period_end: (i32, u32, u32)) -> Option<i32> {
    Some(age_at(worker.birth()?, period_end))
}

/// The age band of an age column, as an expression.
pub fn age_band(age: Expr) -> Expr {
    let band = |label: &str| lit(label.to_string());
    when(age.clone().is_null())
        .then(band(NOT_GIVEN))
        .when(age.clone().lt(lit(30)))
        .then(band(AGE_BANDS[0]))
        .when(age.clone().lt(lit(40)))
        .then(band(AGE_BANDS[1]))
        .when(age.clone().lt(lit(50)))
        .then(band(AGE_BANDS[2]))
        .when(age.lt(lit(60)))
        .then(band(AGE_BANDS[3]))
        .otherwise(band(AGE_BANDS[4]))
}

/// Rows per distinct value of `keys` (each read as text).
pub fn tally(frame: &DataFrame, keys: Vec<Expr>) -> PolarsResult<HashMap<Vec<String>, u32>> {
    let names: Vec<String> = (0..keys.len()).map(|i| format!("key{i}")).collect();
    let keys: Vec<Expr> =
        keys.into_iter().zip(&names).map(|(key, name)| key.cast(DataType::String).alias(name)).collect();
    let counted = frame.clone().lazy().group_by(keys).agg([len().alias("count")]).collect()?;
    let counts = counted.column("count")?.cast(&DataType::UInt32)?;
    let counts = counts.u32()?;
    let key_columns =
        names.iter().map(|name| counted.column(name)?.str().cloned()).collect::<PolarsResult<Vec<_>>>()?;
    let mut out = HashMap::with_capacity(counted.height());
    for row in 0..counted.height() {
        let key = key_columns.iter().map(|c| c.get(row).unwrap_or(NOT_GIVEN).to_string()).collect();
        out.insert(key, counts.get(row).unwrap_or(0));
    }
    Ok(out)
}

/// Rows per value of one text column.
pub fn tally_column(frame: &DataFrame, column: &str) -> PolarsResult<HashMap<String, u32>> {
    Ok(tally(frame, vec![col(column)])?.into_iter().map(|(mut key, count)| (key.remove(0), count)).collect())
}

/// The sum of a whole-number column.
pub fn sum(frame: &DataFrame, column: &str) -> PolarsResult<u64> {
    let summed = frame.clone().lazy().select([col(column).cast(DataType::UInt64).sum()]).collect()?;
    Ok(summed.column(column)?.u64()?.get(0).unwrap_or(0))
}
