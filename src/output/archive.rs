//! The archive (SPEC §7): the system of record that later runs read back
//! ([`crate::history`]) — the clean roster (canonical columns, full IDs, causes, computed
//! tier, 存量/增量/返困, origin, the chain of units), the accepted payments, the workforce
//! table and the rows held back for errors (ID, union, codes: so the level above tells
//! them from exits), as parquet in `<out>/<period>/archive/`, readable by its owner only.

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use polars::prelude::*;

use super::book::Kind;
use super::clean_roster::{unit_chain, RosterRow, Value, COLUMNS};
use super::files::{self, PeriodFolder};
use crate::columns::Field;
use crate::config::{DibaoConfig, Settings};
use crate::error::Error;
use crate::finding::{Location, Severity};
use crate::history::schema::*;
use crate::ingest::grid::Cell;
use crate::normalize::date::{self, Ymd};
use crate::pipeline::Outcome;
use crate::rows::{Fate, Payment, Unit, Worker};
use crate::text::clean;

/// Rows per row group: each table is built and written one group at a time, so that a
/// million rows never sit in memory as one frame.
const ROW_GROUP: usize = 65_536;

/// Writes the archive of a run; returns the files written.
pub fn write(folder: &PeriodFolder, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let workers: Vec<&Worker> = outcome.roster.accepted().collect();
    let held: Vec<&Worker> = outcome.roster.with_fate(Fate::Rejected).collect();
    let codes = error_codes(outcome);
    let ladder = &settings.vocab.tier.ladder;
    let unit = settings.file.report.unit.as_deref().unwrap_or("");
    let payments = &outcome.ledger.payments;
    let units = &outcome.workforce.units;
    type Group<'a> = &'a dyn Fn(Range<usize>) -> PolarsResult<DataFrame>;
    let tables: [(&str, usize, Group); 4] = [
        (ROSTER, workers.len(), &|rows| roster(&workers[rows], ladder, unit, &settings.file.dibao)),
        (LEDGER, payments.len(), &|rows| ledger(&payments[rows])),
        (WORKFORCE, units.len(), &|rows| workforce(&units[rows])),
        (HELD_BACK, held.len(), &|rows| held_back(&held[rows], &codes, unit)),
    ];
    let mut written = Vec::new();
    for (name, rows, group) in tables {
        let relative = format!("{FOLDER}/{name}");
        let path = folder.path(&relative);
        let fail = |e: PolarsError| files::write_error(&path, std::io::Error::other(e.to_string()));
        let mut output = folder.create_private(&relative)?;
        let frame = |start: usize| group(start..rows.min(start + ROW_GROUP)).map_err(fail);
        // The first group, empty for an empty table, gives the columns.
        let first = frame(0)?;
        let mut writer = ParquetWriter::new(&mut output).batched(first.schema()).map_err(fail)?;
        writer.write_batch(&first).map_err(fail)?;
        drop(first);
        for start in (ROW_GROUP..rows).step_by(ROW_GROUP) {
            writer.write_batch(&frame(start)?).map_err(fail)?;
        }
        writer.finish().map_err(fail)?;
        drop(writer);
        files::finish(output, &path)?;
        written.push(path);
    }
    Ok(written)
}

fn strings(name: &str, values: Vec<String>) -> Column {
    Column::new(name.into(), values)
}

fn iso(day: Option<Ymd>) -> Option<String> {
    day.map(date::format)
}

fn origin_columns(origins: &[&Location]) -> [Column; 3] {
    [
        strings(SOURCE_FILE, origins.iter().map(|o| o.file.to_string()).collect()),
        strings(SOURCE_SHEET, origins.iter().map(|o| o.sheet.to_string()).collect()),
        Column::new(SOURCE_ROW.into(), origins.iter().map(|o| o.row).collect::<Vec<u32>>()),
    ]
}

/// The clean roster: one row per accepted worker, the columns of
/// [`super::clean_roster`] with full values; texts as text, numbers as numbers, dates as
/// `YYYY-MM-DD`.
fn roster(workers: &[&Worker], ladder: &[String; 3], unit: &str, dibao: &DibaoConfig) -> PolarsResult<DataFrame> {
    let rows: Vec<RosterRow> = workers
        .iter()
        .map(|worker| RosterRow { worker, several_unions: false, warnings: String::new(), ladder, unit, dibao })
        .collect();
    let columns = COLUMNS
        .iter()
        .filter(|c| !c.sheet_only)
        .map(|c| {
            let values = rows.iter().map(|r| c.value(r));
            match c.kind {
                Kind::Count | Kind::Money => Column::new(c.header.into(), values.map(number).collect::<Vec<_>>()),
                _ => texts(c.header, values),
            }
        })
        .collect();
    DataFrame::new(workers.len(), columns)
}

/// A column of texts, each value appended as it comes (not first copied into a `String`
/// of its own: a million rows have tens of millions of them); numbers and dates as text.
fn texts(header: &str, values: impl ExactSizeIterator<Item = Value>) -> Column {
    let mut column = StringChunkedBuilder::new(header.into(), values.len());
    for value in values {
        match value {
            Value::Empty => column.append_null(),
            Value::Text(text) => column.append_value(&text),
            Value::Number(n) => column.append_value(n.to_string()),
            Value::Date(day) => column.append_value(date::format(day)),
        }
    }
    column.finish().into_column()
}

fn number(value: Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// The accepted payments.
fn ledger(payments: &[Payment]) -> PolarsResult<DataFrame> {
    let of = |f: fn(&Payment) -> String| payments.iter().map(f).collect::<Vec<String>>();
    let mut columns = vec![
        strings(NAME, of(|p| p.name.clone())),
        Column::new(ID.into(), payments.iter().map(|p| p.id.clone()).collect::<Vec<_>>()),
        strings(UNION, of(|p| p.union.clone())),
        strings(KIND, of(|p| p.kind.clone())),
        Column::new(AMOUNT.into(), payments.iter().map(|p| p.amount).collect::<Vec<f64>>()),
        Column::new(PAID.into(), payments.iter().map(|p| iso(p.paid)).collect::<Vec<_>>()),
        strings(FUND_SOURCE, of(|p| p.fund_source.clone())),
        strings(REMARK, of(|p| p.remark.clone())),
    ];
    columns.extend(origin_columns(&payments.iter().map(|p| &p.origin).collect::<Vec<_>>()));
    DataFrame::new(payments.len(), columns)
}

/// The workforce table.
fn workforce(units: &[Unit]) -> PolarsResult<DataFrame> {
    let columns = vec![
        strings(UNION, units.iter().map(|u| u.name.clone()).collect()),
        Column::new(PARENT.into(), units.iter().map(|u| u.parent.clone()).collect::<Vec<_>>()),
        Column::new(WORKFORCE_COUNT.into(), units.iter().map(|u| u.workforce).collect::<Vec<u64>>()),
    ];
    DataFrame::new(units.len(), columns)
}

/// The codes of each row's errors, in the order found.
fn error_codes(outcome: &Outcome) -> HashMap<&Location, Vec<&str>> {
    let mut codes: HashMap<&Location, Vec<&str>> = HashMap::new();
    for finding in outcome.findings.iter().filter(|f| f.severity() == Severity::Error) {
        let row = codes.entry(&finding.location).or_default();
        if !row.contains(&finding.code.as_str()) {
            row.push(finding.code.as_str());
        }
    }
    codes
}

/// The rows held back for errors: ID as written (full), name, union, chain, the codes of
/// their errors and their origin.
fn held_back(workers: &[&Worker], codes: &HashMap<&Location, Vec<&str>>, unit: &str) -> PolarsResult<DataFrame> {
    let of = |f: &dyn Fn(&Worker) -> String| workers.iter().map(|w| f(w)).collect::<Vec<String>>();
    let id = |w: &Worker| {
        w.id_number()
            .map_or_else(|| clean(&w.written(Field::Id).map(Cell::to_string).unwrap_or_default()), str::to_string)
    };
    let chain = |w: &Worker| unit_chain(unit, w);
    let mut columns = vec![
        strings(ID, of(&id)),
        strings(NAME, of(&|w| w.name.to_string())),
        strings(UNION, of(&|w| w.union().to_string())),
        strings(CHAIN, of(&chain)),
        strings(CODES, of(&|w| codes.get(w.origin()).map(|c| c.join("、")).unwrap_or_default())),
    ];
    columns.extend(origin_columns(&workers.iter().map(|w| w.origin()).collect::<Vec<_>>()));
    DataFrame::new(workers.len(), columns)
}
