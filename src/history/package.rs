//! A lower level's package (SPEC §2 "Packages from lower levels"): the folder a county's
//! (or a city's) run wrote, read through its archive only — the clean roster with full
//! IDs, the declared values and the §5a inputs, causes, origins and each row's chain of
//! units — and its `summary.json` for the package's unit, parent, period and own row
//! accounting. Its workbooks are never read (the masked roster.xlsx is no roster).
//!
//! The archived rows come back as [`Record`]s whose columns are the archive's canonical
//! columns (named as the archive names them, so the upper level's aliases find them),
//! grouped into one [`Table`] per original file and sheet, each row keeping its original
//! file (under the package's unit), sheet and row. The columns the archive derives (the
//! mapped 困难类别, 测算类别, the cause codes, 动态 …) are kept but name no field, so the
//! upper level reads the declared values and inputs and maps the tier and computes §5a
//! with its own configuration. The package's own row findings are not repeated: the
//! lower level has reported them and accepted these rows, so the pipeline drops what
//! re-reading a row finds and keeps the row; only what appears across packages (W211,
//! E120 in deduplication) is new.
//!
//! This is an input: it reads files and nothing else. A package that cannot be read, of
//! another period, or without `unit`, is an error message for F005.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use polars::prelude::{DataFrame, DataType, ParquetReader, SerReader};
use serde_json::Value;

use super::schema::{
    CHAIN, CHAIN_SEPARATOR, FOLDER, HELD_BACK, ID, ROSTER, SOURCE_FILE, SOURCE_ROW, SOURCE_SHEET, UNION,
};
use crate::columns::Aliases;
use crate::finding::Location;
use crate::ingest::discover::{PackageFolder, PACKAGE_SUMMARY};
use crate::ingest::grid::Cell;
use crate::ingest::header::{Column, Columns, Role};
use crate::ingest::table::{Record, Table};
use crate::period::Period;
use crate::rows::RowCounts;

/// The archive's columns that the lower level derived: kept on the row, read as no field.
const DERIVED: [&str; 17] = [
    "困难类别",
    "致困原因",
    "人均收入",
    "测算类别",
    "低保线",
    "身份",
    "致困原因编码",
    "次要致困原因编码",
    "归类依据",
    "患病",
    "单亲",
    "一人多档",
    "动态",
    SOURCE_FILE,
    SOURCE_SHEET,
    SOURCE_ROW,
    CHAIN,
];

/// One package, read.
#[derive(Debug, Clone)]
pub struct Package {
    /// The folder as shown.
    pub shown: String,
    /// 填报单位 of the lower level.
    pub unit: String,
    /// 上级 as the lower level names it.
    pub parent: Option<String>,
    /// Its own row accounting (rows read, accepted, held back, merged, skipped).
    pub rows: RowCounts,
    /// Its accepted rows, one table per original file and sheet.
    pub tables: Vec<Table>,
    /// Its rows held back for errors: ID and union.
    pub held_back: Vec<(String, String)>,
}

/// Reads the package in `folder` for a run of `period`; the message says why it cannot
/// be used.
pub fn read(folder: &PackageFolder, period: Period, aliases: &Aliases) -> Result<Package, String> {
    let summary = std::fs::read(folder.path.join(PACKAGE_SUMMARY)).map_err(|e| format!("无法读取summary.json：{e}"))?;
    let summary: Value = serde_json::from_slice(&summary).map_err(|e| format!("summary.json 不是有效的JSON：{e}"))?;
    let text = |key: &str| summary.get(key).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
    let Some(unit) = text("unit") else {
        return Err("summary.json 中没有填报单位（unit），无法确定它在汇总中的位置。请下级在 bangfu.toml 的 [report] 中写明 unit 后重新运行".into());
    };
    let theirs = text("period").unwrap_or("未写明");
    if Period::parse(theirs) != Some(period) {
        return Err(format!("报告期为 {theirs}，与本次汇总的报告期 {period} 不符"));
    }
    let archive = folder.path.join(FOLDER);
    let roster = parquet(&archive.join(ROSTER))?;
    let tables = tables(&roster, unit, aliases)?;
    let held_back = match archive.join(HELD_BACK) {
        path if path.is_file() => held_back(&parquet(&path)?)?,
        _ => Vec::new(),
    };
    Ok(Package {
        shown: folder.shown.clone(),
        unit: unit.to_string(),
        parent: text("parent").map(str::to_string),
        rows: row_counts(summary.get("rows")),
        tables,
        held_back,
    })
}

fn parquet(path: &Path) -> Result<DataFrame, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("无法打开 {}：{e}", path.display()))?;
    ParquetReader::new(file).finish().map_err(|e| format!("{} 无法读取：{e}", path.display()))
}

fn row_counts(rows: Option<&Value>) -> RowCounts {
    let count = |key: &str| rows.and_then(|r| r.get(key)).and_then(Value::as_u64).unwrap_or(0) as usize;
    RowCounts {
        read: count("read"),
        accepted: count("accepted"),
        rejected: count("rejected"),
        merged: count("merged"),
        skipped: count("skipped"),
    }
}

/// Every value of a column as cells: numbers as numbers, the rest as text.
fn cells(frame: &DataFrame, name: &str) -> Result<Vec<Cell>, String> {
    let fail = |e: polars::error::PolarsError| format!("存档列“{name}”无法读取：{e}");
    let column = frame.column(name).map_err(fail)?;
    if column.dtype().is_primitive_numeric() {
        let values = column.cast(&DataType::Float64).map_err(fail)?;
        let values = values.f64().map_err(fail)?;
        return Ok(values.iter().map(|v| v.map_or(Cell::Empty, Cell::Number)).collect());
    }
    let values = column.cast(&DataType::String).map_err(fail)?;
    let values = values.str().map_err(fail)?;
    Ok(values.iter().map(|v| v.filter(|t| !t.is_empty()).map_or(Cell::Empty, |t| Cell::Text(t.into()))).collect())
}

/// A text column's values, empty for nulls.
fn texts(frame: &DataFrame, name: &str) -> Result<Vec<String>, String> {
    Ok(cells(frame, name)?.into_iter().map(|c| if c.is_blank() { String::new() } else { c.to_string() }).collect())
}

/// The archive's columns as a header: every column but the chain, which comes last.
fn header(frame: &DataFrame, aliases: &Aliases) -> Arc<Columns> {
    let names = frame.get_column_names().into_iter().map(|n| n.to_string()).filter(|n| n != CHAIN);
    names
        .chain(std::iter::once(CHAIN.to_string()))
        .enumerate()
        .map(|(i, header)| {
            let field = if DERIVED.contains(&header.as_str()) { None } else { aliases.field_of(&header) };
            Column { index: i as u32, header, field, row: None }
        })
        .collect::<Columns>()
        .into()
}

/// The rows as records, one table per original file and sheet.
fn tables(frame: &DataFrame, unit: &str, aliases: &Aliases) -> Result<Vec<Table>, String> {
    let columns = header(frame, aliases);
    let mut by_column: Vec<std::vec::IntoIter<Cell>> = Vec::with_capacity(columns.len());
    for column in columns.iter().filter(|c| c.header != CHAIN) {
        by_column.push(cells(frame, &column.header)?.into_iter());
    }
    let chains = chains(frame, unit)?;
    let (files, sheets, unions) = (texts(frame, SOURCE_FILE)?, texts(frame, SOURCE_SHEET)?, texts(frame, UNION)?);
    let rows = cells(frame, SOURCE_ROW)?;
    let mut tables: BTreeMap<(String, String), Table> = BTreeMap::new();
    for (i, chain) in chains.into_iter().enumerate() {
        let mut row: Vec<Cell> = by_column.iter_mut().map(|c| c.next().unwrap_or(Cell::Empty)).collect();
        row.push(Cell::Text(chain.into()));
        let file: Arc<str> = Arc::from(format!("{unit}/{}", files[i]));
        let row_number = match rows[i] {
            Cell::Number(n) => n as u32,
            _ => 0,
        };
        let origin = Location { file, sheet: Arc::from(sheets[i].as_str()), row: row_number };
        let table = tables.entry((files[i].clone(), sheets[i].clone())).or_insert_with(|| Table {
            role: Role::Roster,
            origin: Location { row: 0, ..origin.clone() },
            header_rows: vec![],
            columns: columns.clone(),
            records: vec![],
            skipped: vec![],
            form: None,
        });
        let union = Arc::from(unions[i].as_str());
        table.records.push(Arc::new(Record {
            origin,
            union,
            columns: columns.clone(),
            cells: row.into(),
            members: Box::default(),
        }));
    }
    Ok(tables.into_values().collect())
}

/// Each row's chain: as archived, or the package's unit alone for an archive without one.
fn chains(frame: &DataFrame, unit: &str) -> Result<Vec<String>, String> {
    if frame.get_column_names().iter().any(|n| n.as_str() == CHAIN) {
        let chains = texts(frame, CHAIN)?;
        return Ok(chains.into_iter().map(|c| if c.is_empty() { unit.to_string() } else { c }).collect());
    }
    Ok(vec![unit.to_string(); frame.height()])
}

/// The held-back rows: ID and union.
fn held_back(frame: &DataFrame) -> Result<Vec<(String, String)>, String> {
    Ok(texts(frame, ID)?.into_iter().zip(texts(frame, UNION)?).collect())
}

/// The chain of units a record carries (top first); empty for a row of a plain roster.
pub fn chain_of(record: &Record) -> Vec<Arc<str>> {
    let Some(i) = record.columns.iter().position(|c| c.header == CHAIN) else {
        return Vec::new();
    };
    match record.cells.get(i) {
        Some(Cell::Text(text)) => text.split(CHAIN_SEPARATOR).filter(|u| !u.is_empty()).map(Arc::from).collect(),
        _ => Vec::new(),
    }
}
