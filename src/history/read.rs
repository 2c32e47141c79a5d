//! One earlier period's archive read back from parquet: the workers on file (ID, union,
//! declared tier), the accepted payments and the workforce table.

use std::path::Path;
use std::sync::Arc;

use polars::prelude::{DataFrame, DataType, ParquetReader, PolarsResult, SerReader};

use super::schema::*;
use super::{Archived, OnFile};
use crate::finding::Location;
use crate::ingest::grid::Cell;
use crate::normalize::date;
use crate::period::Period;
use crate::rows::{Payment, Unit, Workforce};

/// Reads the archive in `folder` of `period`.
pub fn archived(folder: &Path, period: Period) -> PolarsResult<Archived> {
    let roster = parquet(&folder.join(ROSTER))?;
    let payments = match folder.join(LEDGER) {
        path if path.is_file() => payments(&parquet(&path)?)?,
        _ => Vec::new(),
    };
    let workforce = match folder.join(WORKFORCE) {
        path if path.is_file() => workforce(&parquet(&path)?)?,
        _ => Workforce::default(),
    };
    Ok(Archived { period, on_file: on_file(&roster)?, payments, workforce })
}

fn parquet(path: &Path) -> PolarsResult<DataFrame> {
    ParquetReader::new(std::fs::File::open(path)?).finish()
}

/// A text column's values (nulls as empty).
fn strings(frame: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    let column = column.str()?;
    Ok((0..column.len()).map(|i| column.get(i).unwrap_or_default().to_string()).collect())
}

/// The workers counted in the period: every row of its clean roster but those marked
/// 已脱困.
fn on_file(roster: &DataFrame) -> PolarsResult<Vec<OnFile>> {
    let (ids, unions, tiers) = (strings(roster, ID)?, strings(roster, UNION)?, strings(roster, TIER)?);
    let standing = strings(roster, STANDING)?;
    let sizes = roster.column(FAMILY_SIZE)?.cast(&DataType::Float64)?;
    let sizes = sizes.f64()?;
    let people = ids.into_iter().zip(unions).zip(tiers).zip(standing).enumerate();
    Ok(people
        .filter(|(_, (_, standing))| standing != EXITED)
        .map(|(i, (((id, union), tier), _))| OnFile {
            id,
            union,
            tier,
            family_size: sizes.get(i).unwrap_or(0.0) as u32,
        })
        .collect())
}

fn workforce(frame: &DataFrame) -> PolarsResult<Workforce> {
    let (names, parents) = (strings(frame, UNION)?, strings(frame, PARENT)?);
    let counts = frame.column(WORKFORCE_COUNT)?.cast(&DataType::UInt64)?;
    let counts = counts.u64()?;
    let units = names
        .into_iter()
        .zip(parents)
        .enumerate()
        .map(|(i, (name, parent))| Unit {
            name,
            parent: (!parent.is_empty()).then_some(parent),
            workforce: counts.get(i).unwrap_or(0),
        })
        .collect();
    Ok(Workforce { units })
}

/// Payments read back (for the yearly caps): who, what, how much, when, and where from.
fn payments(frame: &DataFrame) -> PolarsResult<Vec<Payment>> {
    let (names, ids, unions, kinds) =
        (strings(frame, NAME)?, strings(frame, ID)?, strings(frame, UNION)?, strings(frame, KIND)?);
    let (paid, files, sheets) = (strings(frame, PAID)?, strings(frame, SOURCE_FILE)?, strings(frame, SOURCE_SHEET)?);
    let amounts = frame.column(AMOUNT)?.cast(&DataType::Float64)?;
    let amounts = amounts.f64()?;
    let rows = frame.column(SOURCE_ROW)?.cast(&DataType::UInt32)?;
    let rows = rows.u32()?;
    Ok((0..frame.height())
        .map(|i| Payment {
            origin: Location {
                file: Arc::from(files[i].as_str()),
                sheet: Arc::from(sheets[i].as_str()),
                row: rows.get(i).unwrap_or(0),
            },
            union: unions[i].clone(),
            name: names[i].clone(),
            id: (!ids[i].is_empty()).then(|| ids[i].clone()),
            kind: kinds[i].clone(),
            amount: amounts.get(i).unwrap_or(0.0),
            paid: date::parse(&Cell::Text(paid[i].as_str().into())),
            fund_source: String::new(),
            remark: String::new(),
        })
        .collect())
}
