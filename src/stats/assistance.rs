//! The aid tables (SPEC §6): per 帮扶类型 (persons, 人次, 元, 万元), per amount band and
//! per union, computed with polars over the accepted payments. Sums are in fen, exact.

use polars::prelude::*;
use serde::Serialize;

use crate::rows::Payment;

/// The amount bands, smallest first, with their upper bounds in fen (the last open).
pub const BANDS: [(&str, i64); 4] =
    [("500元及以下", 50_000), ("501-1000元", 100_000), ("1001-2000元", 200_000), ("2000元以上", i64::MAX)];

/// Aid of one kind, band or union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aid {
    /// 帮扶类型, amount band or 基层工会.
    pub key: String,
    /// Persons helped (each once).
    pub persons: u32,
    /// 人次: payments.
    pub times: u32,
    /// 元.
    pub amount: f64,
    /// 万元, to two decimals.
    pub amount_wan: f64,
}

/// The payments as a frame: recipient, kind, union, band and amount in fen.
pub fn payments(payments: &[Payment]) -> PolarsResult<DataFrame> {
    let band = |fen: i64| BANDS.iter().find(|(_, upper)| fen <= *upper).map_or("", |(label, _)| label);
    let columns = vec![
        Column::new("recipient".into(), payments.iter().map(|p| format!("{:?}", p.recipient())).collect::<Vec<_>>()),
        Column::new("kind".into(), payments.iter().map(|p| p.kind.clone()).collect::<Vec<_>>()),
        Column::new("union".into(), payments.iter().map(|p| p.union.clone()).collect::<Vec<_>>()),
        Column::new("band".into(), payments.iter().map(|p| band(p.fen())).collect::<Vec<_>>()),
        Column::new("fen".into(), payments.iter().map(Payment::fen).collect::<Vec<i64>>()),
    ];
    DataFrame::new(payments.len(), columns)
}

/// Aid per value of `key` (`None`: all payments as one row keyed `合计`), in the order of
/// `labels` (zeros kept) and then any other value, sorted.
pub fn by(frame: &DataFrame, key: Option<&str>, labels: &[&str]) -> PolarsResult<Vec<Aid>> {
    let key_expr = match key {
        Some(column) => col(column),
        None => lit("合计"),
    };
    let summed = frame
        .clone()
        .lazy()
        .with_column(key_expr.alias("key"))
        .group_by([col("key")])
        .agg([
            col("recipient").n_unique().cast(DataType::UInt32).alias("persons"),
            len().cast(DataType::UInt32).alias("times"),
            col("fen").sum().alias("fen"),
        ])
        .collect()?;
    let keys = summed.column("key")?.str()?.clone();
    let (persons, times) = (summed.column("persons")?.u32()?.clone(), summed.column("times")?.u32()?.clone());
    let fen = summed.column("fen")?.cast(&DataType::Int64)?;
    let fen = fen.i64()?;
    let mut found: Vec<Aid> = (0..summed.height())
        .map(|i| {
            aid(
                keys.get(i).unwrap_or(""),
                persons.get(i).unwrap_or(0),
                times.get(i).unwrap_or(0),
                fen.get(i).unwrap_or(0),
            )
        })
        .collect();
    found.sort_by(|a, b| a.key.cmp(&b.key));
    let mut out: Vec<Aid> = labels
        .iter()
        .map(|label| found.iter().find(|a| a.key == *label).cloned().unwrap_or_else(|| aid(label, 0, 0, 0)))
        .collect();
    out.extend(found.into_iter().filter(|a| !labels.contains(&a.key.as_str())));
    if key.is_none() && out.is_empty() {
        out.push(aid("合计", 0, 0, 0));
    }
    Ok(out)
}

fn aid(key: &str, persons: u32, times: u32, fen: i64) -> Aid {
    Aid {
        key: key.to_string(),
        persons,
        times,
        amount: fen as f64 / 100.0,
        amount_wan: (fen as f64 / 10_000.0).round() / 100.0,
    }
}
