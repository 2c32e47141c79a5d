//! The archive (SPEC §7): the system of record that later runs read back
//! ([`crate::history`]) — the clean roster (canonical columns, full IDs, causes, computed
//! tier, 存量/增量/返困, origin), the accepted payments and the workforce table, as
//! parquet in `<out>/<period>/archive/`, readable by its owner only.

use std::path::PathBuf;

use polars::prelude::*;

use super::files::{self, PeriodFolder};
use crate::columns::Field;
use crate::error::Error;
use crate::finding::Location;
use crate::history::schema::*;
use crate::ingest::grid::Cell;
use crate::normalize::date::{self, Ymd};
use crate::pipeline::Outcome;
use crate::rows::{Payment, Standing, Worker, Workforce};

/// Writes the archive of a run; returns the files written.
pub fn write(folder: &PeriodFolder, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let workers: Vec<&Worker> = outcome.roster.accepted().collect();
    let frames = [
        (ROSTER, roster(&workers)),
        (LEDGER, ledger(&outcome.ledger.payments)),
        (WORKFORCE, workforce(&outcome.workforce)),
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

fn text(name: &str, values: Vec<String>) -> Column {
    Column::new(name.into(), values)
}

fn iso(day: Option<Ymd>) -> Option<String> {
    day.map(date::format)
}

fn origin_columns(origins: &[&Location]) -> [Column; 3] {
    [
        text(SOURCE_FILE, origins.iter().map(|o| o.file.to_string()).collect()),
        text(SOURCE_SHEET, origins.iter().map(|o| o.sheet.to_string()).collect()),
        Column::new(SOURCE_ROW.into(), origins.iter().map(|o| o.row).collect::<Vec<u32>>()),
    ]
}

/// The clean roster: one row per accepted worker, with its standing (动态: 存量, 增量,
/// 返困; empty without an earlier period).
fn roster(workers: &[&Worker]) -> PolarsResult<DataFrame> {
    let written = |field: Field| -> Column {
        let values = workers.iter().map(|w| w.written(field).map(Cell::to_string).unwrap_or_default());
        text(field.canonical(), values.collect())
    };
    let of = |f: fn(&Worker) -> String| workers.iter().map(|w| f(w)).collect::<Vec<String>>();
    let mut columns = vec![
        text(NAME, of(|w| w.name.clone())),
        text(ID, of(|w| w.id_number().unwrap_or_default().to_string())),
        text("性别", of(|w| w.sex.clone())),
        Column::new("出生日期".into(), workers.iter().map(|w| iso(w.birth())).collect::<Vec<_>>()),
        written(Field::Ethnicity),
        written(Field::Politics),
        text("工作单位", of(|w| w.employer.clone())),
        text(UNION, of(|w| w.union().to_string())),
        Column::new("身份".into(), workers.iter().map(|w| w.status.clone()).collect::<Vec<_>>()),
        Column::new(TIER.into(), workers.iter().map(|w| w.tier.clone()).collect::<Vec<_>>()),
        text("健康状况", of(|w| w.health.clone())),
        written(Field::Disability),
        written(Field::ModelWorker),
        text("是否单亲", of(|w| w.single_parent.clone())),
        Column::new("家庭人口".into(), workers.iter().map(|w| w.family_size).collect::<Vec<_>>()),
        written(Field::OwnIncome),
        Column::new("家庭年度总收入".into(), workers.iter().map(|w| w.family_income).collect::<Vec<_>>()),
        Column::new("家庭月人均收入".into(), workers.iter().map(|w| w.per_capita_stated).collect::<Vec<_>>()),
        text("主要致困原因", of(|w| w.primary_cause.clone())),
        text("次要致困原因", of(|w| w.secondary_cause.clone())),
        written(Field::Phone),
        written(Field::Address),
        Column::new("建档日期".into(), workers.iter().map(|w| iso(w.filed)).collect::<Vec<_>>()),
        Column::new("脱困日期".into(), workers.iter().map(|w| iso(w.exited)).collect::<Vec<_>>()),
        Column::new("致困原因编码".into(), workers.iter().map(|w| u32::from(w.causes.primary)).collect::<Vec<_>>()),
        text("次要致困原因编码", of(|w| w.causes.secondary.iter().map(u8::to_string).collect::<Vec<_>>().join("、"))),
        text("归类依据", of(|w| w.causes.term.clone())),
        Column::new(
            "测算类别".into(),
            workers.iter().map(|w| w.computed.map(|t| t.tier.to_string())).collect::<Vec<_>>(),
        ),
        text("动态", of(|w| w.standing.map_or("", Standing::label).to_string())),
    ];
    columns.extend(origin_columns(&workers.iter().map(|w| w.origin()).collect::<Vec<_>>()));
    DataFrame::new(workers.len(), columns)
}

/// The accepted payments.
fn ledger(payments: &[Payment]) -> PolarsResult<DataFrame> {
    let of = |f: fn(&Payment) -> String| payments.iter().map(f).collect::<Vec<String>>();
    let mut columns = vec![
        text(NAME, of(|p| p.name.clone())),
        Column::new(ID.into(), payments.iter().map(|p| p.id.clone()).collect::<Vec<_>>()),
        text(UNION, of(|p| p.union.clone())),
        text(KIND, of(|p| p.kind.clone())),
        Column::new(AMOUNT.into(), payments.iter().map(|p| p.amount).collect::<Vec<f64>>()),
        Column::new(PAID.into(), payments.iter().map(|p| iso(p.paid)).collect::<Vec<_>>()),
        text(FUND_SOURCE, of(|p| p.fund_source.clone())),
        text(REMARK, of(|p| p.remark.clone())),
    ];
    columns.extend(origin_columns(&payments.iter().map(|p| &p.origin).collect::<Vec<_>>()));
    DataFrame::new(payments.len(), columns)
}

/// The workforce table.
fn workforce(workforce: &Workforce) -> PolarsResult<DataFrame> {
    let units = &workforce.units;
    let columns = vec![
        text(UNION, units.iter().map(|u| u.name.clone()).collect()),
        Column::new(PARENT.into(), units.iter().map(|u| u.parent.clone()).collect::<Vec<_>>()),
        Column::new(WORKFORCE_COUNT.into(), units.iter().map(|u| u.workforce).collect::<Vec<u64>>()),
    ];
    DataFrame::new(units.len(), columns)
}
