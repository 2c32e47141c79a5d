//! The archive's tables as polars frames, and back: the clean roster (canonical columns,
//! full IDs, causes, computed tier, 存量/增量/返困, origin), the accepted payments and the workforce table.

use std::sync::Arc;

use polars::prelude::*;

use crate::columns::Field;
use crate::config::DibaoConfig;
use crate::finding::Location;
use crate::ingest::grid::Cell;
use crate::ingest::Ingested;
use crate::ledger::Payment;
use crate::normalize::date::{self, Ymd};
use crate::stats::history::Standing;
use crate::stats::workforce::{Unit, Workforce};
use crate::tier;
use crate::worker::Worker;

/// Column names the history reads back.
pub mod col_names {
    /// 身份证号.
    pub const ID: &str = "身份证号";
    /// 姓名.
    pub const NAME: &str = "姓名";
    /// 基层工会.
    pub const UNION: &str = "基层工会";
    /// 困难类别.
    pub const TIER: &str = "困难类别";
    /// 上级工会.
    pub const PARENT: &str = "上级工会";
    /// 职工总数.
    pub const WORKFORCE: &str = "职工总数";
    /// 帮扶类型.
    pub const KIND: &str = "帮扶类型";
    /// 金额.
    pub const AMOUNT: &str = "金额";
    /// 发放日期.
    pub const PAID: &str = "发放日期";
}
use col_names::*;

fn text(name: &str, values: Vec<String>) -> Column {
    Column::new(name.into(), values)
}

fn iso(day: Option<Ymd>) -> Option<String> {
    day.map(date::format)
}

fn origin_columns(origins: &[&Location]) -> [Column; 3] {
    [
        text("来源文件", origins.iter().map(|o| o.file.to_string()).collect()),
        text("来源工作表", origins.iter().map(|o| o.sheet.to_string()).collect()),
        Column::new("来源行".into(), origins.iter().map(|o| o.row).collect::<Vec<u32>>()),
    ]
}

/// The clean roster: one row per accepted worker, with its standing (动态: 存量, 增量,
/// 返困; empty without an earlier period).
pub fn roster(
    workers: &[&Worker],
    ingested: &Ingested,
    dibao: &DibaoConfig,
    standing: &[Standing],
) -> PolarsResult<DataFrame> {
    let written = |field: Field| -> Column {
        let values = workers.iter().map(|w| {
            let (t, r) = w.source;
            let table = &ingested.tables[t];
            table.cell(&table.records[r], field).map(Cell::to_string).unwrap_or_default()
        });
        text(field.canonical(), values.collect())
    };
    let of = |f: fn(&Worker) -> String| workers.iter().map(|w| f(w)).collect::<Vec<String>>();
    let mut columns = vec![
        text(NAME, of(|w| w.name.clone())),
        text(ID, of(|w| w.id_number().unwrap_or_default().to_string())),
        text("性别", of(|w| w.sex.clone())),
        Column::new(
            "出生日期".into(),
            workers.iter().map(|w| iso(w.id.as_ref().ok().map(|id| id.birth).or(w.birth_date))).collect::<Vec<_>>(),
        ),
        written(Field::Ethnicity),
        written(Field::Politics),
        text("工作单位", of(|w| w.employer.clone())),
        text(UNION, of(|w| w.union.to_string())),
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
            workers.iter().map(|w| tier::of_worker(w, dibao).map(|t| t.2.to_string())).collect::<Vec<_>>(),
        ),
    ];
    let standing = (0..workers.len()).map(|k| standing.get(k).map_or("", |s| s.label()));
    columns.push(text("动态", standing.map(str::to_string).collect()));
    columns.extend(origin_columns(&workers.iter().map(|w| &w.origin).collect::<Vec<_>>()));
    DataFrame::new(workers.len(), columns)
}

/// The accepted payments.
pub fn ledger(payments: &[Payment]) -> PolarsResult<DataFrame> {
    let of = |f: fn(&Payment) -> String| payments.iter().map(f).collect::<Vec<String>>();
    let mut columns = vec![
        text(NAME, of(|p| p.name.clone())),
        Column::new(ID.into(), payments.iter().map(|p| p.id.clone()).collect::<Vec<_>>()),
        text(UNION, of(|p| p.union.clone())),
        text(KIND, of(|p| p.kind.clone())),
        Column::new(AMOUNT.into(), payments.iter().map(|p| p.amount).collect::<Vec<f64>>()),
        Column::new(PAID.into(), payments.iter().map(|p| iso(p.paid)).collect::<Vec<_>>()),
        text("资金来源", of(|p| p.fund_source.clone())),
        text("备注", of(|p| p.remark.clone())),
    ];
    columns.extend(origin_columns(&payments.iter().map(|p| &p.origin).collect::<Vec<_>>()));
    DataFrame::new(payments.len(), columns)
}

/// The workforce table.
pub fn workforce(workforce: &Workforce) -> PolarsResult<DataFrame> {
    let units = &workforce.units;
    let columns = vec![
        text(UNION, units.iter().map(|u| u.name.clone()).collect()),
        Column::new(PARENT.into(), units.iter().map(|u| u.parent.clone()).collect::<Vec<_>>()),
        Column::new(WORKFORCE.into(), units.iter().map(|u| u.workforce).collect::<Vec<u64>>()),
    ];
    DataFrame::new(units.len(), columns)
}

/// A text column's values (nulls as empty).
pub fn strings(frame: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    let column = frame.column(name)?.cast(&DataType::String)?;
    let column = column.str()?;
    Ok((0..column.len()).map(|i| column.get(i).unwrap_or_default().to_string()).collect())
}

/// A workforce table read back.
pub fn workforce_from(frame: &DataFrame) -> PolarsResult<Workforce> {
    let (names, parents) = (strings(frame, UNION)?, strings(frame, PARENT)?);
    let counts = frame.column(WORKFORCE)?.cast(&DataType::UInt64)?;
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
pub fn payments_from(frame: &DataFrame) -> PolarsResult<Vec<Payment>> {
    let (names, ids, unions, kinds) =
        (strings(frame, NAME)?, strings(frame, ID)?, strings(frame, UNION)?, strings(frame, KIND)?);
    let (paid, files, sheets) = (strings(frame, PAID)?, strings(frame, "来源文件")?, strings(frame, "来源工作表")?);
    let amounts = frame.column(AMOUNT)?.cast(&DataType::Float64)?;
    let amounts = amounts.f64()?;
    let rows = frame.column("来源行")?.cast(&DataType::UInt32)?;
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
            paid: date::parse(&Cell::Text(paid[i].clone())),
            fund_source: String::new(),
            remark: String::new(),
        })
        .collect())
}
