//! The archive (SPEC §7): the system of record that later runs read back
//! ([`crate::history`]) — the clean roster (canonical columns, full IDs, causes, computed
//! tier, 存量/增量/返困, origin, the chain of units), the accepted payments, the workforce
//! table and the rows held back for errors (ID, union, codes: so the level above tells
//! them from exits), as parquet in `<out>/<period>/archive/`, readable by its owner only.

use std::collections::HashMap;
use std::path::PathBuf;

use polars::prelude::*;

use super::book::Kind;
use super::clean_roster::{unit_chain, RosterRow, Value, COLUMNS};
use super::files::{self, PeriodFolder};
use crate::columns::Field;
use crate::config::Settings;
use crate::error::Error;
use crate::finding::{Location, Severity};
use crate::history::schema::*;
use crate::ingest::grid::Cell;
use crate::normalize::date::{self, Ymd};
use crate::pipeline::Outcome;
use crate::rows::{Fate, Payment, Worker, Workforce};
use crate::text::clean;

/// Writes the archive of a run; returns the files written.
pub fn write(folder: &PeriodFolder, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let workers: Vec<&Worker> = outcome.roster.accepted().collect();
    let unit = settings.file.report.unit.as_deref().unwrap_or("");
    let frames = [
        (ROSTER, roster(&workers, &settings.vocab.tier.ladder, unit)),
        (LEDGER, ledger(&outcome.ledger.payments)),
        (WORKFORCE, workforce(&outcome.workforce)),
        (HELD_BACK, held_back(outcome, unit)),
    ];
    let mut written = Vec::new();
    for (name, frame) in frames {
        let relative = format!("{FOLDER}/{name}");
        let path = folder.path(&relative);
        let fail = |e: PolarsError| files::write_error(&path, std::io::Error::other(e.to_string()));
        let mut frame = frame.map_err(fail)?;
        let mut output = folder.create_private(&relative)?;
        ParquetWriter::new(&mut output).finish(&mut frame).map_err(fail)?;
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
fn roster(workers: &[&Worker], ladder: &[String; 3], unit: &str) -> PolarsResult<DataFrame> {
    let rows: Vec<RosterRow> = workers
        .iter()
        .map(|worker| RosterRow { worker, several_unions: false, warnings: String::new(), ladder, unit })
        .collect();
    let columns = COLUMNS
        .iter()
        .filter(|c| !c.sheet_only)
        .map(|c| {
            let values = rows.iter().map(|r| c.value(r));
            match c.kind {
                Kind::Count | Kind::Money => Column::new(c.header.into(), values.map(number).collect::<Vec<_>>()),
                _ => Column::new(c.header.into(), values.map(text).collect::<Vec<_>>()),
            }
        })
        .collect();
    DataFrame::new(workers.len(), columns)
}

fn number(value: Value) -> Option<f64> {
    match value {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

fn text(value: Value) -> Option<String> {
    match value {
        Value::Empty => None,
        Value::Text(t) => Some(t),
        Value::Number(n) => Some(n.to_string()),
        Value::Date(day) => Some(date::format(day)),
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
fn workforce(workforce: &Workforce) -> PolarsResult<DataFrame> {
    let units = &workforce.units;
    let columns = vec![
        strings(UNION, units.iter().map(|u| u.name.clone()).collect()),
        Column::new(PARENT.into(), units.iter().map(|u| u.parent.clone()).collect::<Vec<_>>()),
        Column::new(WORKFORCE_COUNT.into(), units.iter().map(|u| u.workforce).collect::<Vec<u64>>()),
    ];
    DataFrame::new(units.len(), columns)
}

/// The rows held back for errors: ID as written (full), name, union, chain, the codes of
/// their errors and their origin.
fn held_back(outcome: &Outcome, unit: &str) -> PolarsResult<DataFrame> {
    let mut codes: HashMap<&Location, Vec<&str>> = HashMap::new();
    for finding in outcome.findings.iter().filter(|f| f.severity() == Severity::Error) {
        let row = codes.entry(&finding.location).or_default();
        if !row.contains(&finding.code.as_str()) {
            row.push(finding.code.as_str());
        }
    }
    let workers: Vec<&Worker> = outcome.roster.with_fate(Fate::Rejected).collect();
    let of = |f: &dyn Fn(&Worker) -> String| workers.iter().map(|w| f(w)).collect::<Vec<String>>();
    let id = |w: &Worker| {
        w.id_number()
            .map_or_else(|| clean(&w.written(Field::Id).map(Cell::to_string).unwrap_or_default()), str::to_string)
    };
    let chain = |w: &Worker| unit_chain(unit, w);
    let mut columns = vec![
        strings(ID, of(&id)),
        strings(NAME, of(&|w| w.name.clone())),
        strings(UNION, of(&|w| w.union().to_string())),
        strings(CHAIN, of(&chain)),
        strings(CODES, of(&|w| codes.get(w.origin()).map(|c| c.join("、")).unwrap_or_default())),
    ];
    columns.extend(origin_columns(&workers.iter().map(|w| w.origin()).collect::<Vec<_>>()));
    DataFrame::new(workers.len(), columns)
}
