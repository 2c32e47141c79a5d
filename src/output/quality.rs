//! quality.xlsx — the data-quality workbook: the row accounting per file and sheet, each
//! kind of table totalled on its own; every finding located (file, sheet, row, and the
//! row's 基层工会 and 姓名), errors 请修改 and warnings 请核实; duplicate clusters side by
//! side; every skipped row with its reason — so that every input row can be found; and
//! the three review lists of the tier rules (拟脱困复核, 到期复核 with one note for each
//! union whose tables have no 复核日期 column, 一户多档 pairs). Every list is filtered and frozen,
//! long text wrapped.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::book::{write_list, xlsx_error, Book, Kind, List, ListColumn, Out};
use super::feedback::action;
use super::files::PeriodFolder;
use super::mask::Mask;
use crate::columns::Field;
use crate::config::{DibaoConfig, Settings};
use crate::dedup::Roster;
use crate::error::Error;
use crate::finding::{Finding, Location, Severity};
use crate::ingest::header::Role;
use crate::ingest::table::Table;
use crate::ingest::{Ingested, RecordsAt};
use crate::normalize::date::{Day, Ymd};
use crate::pipeline::{Accounting, Outcome};
use crate::rows::{Fate, RowCounts, Worker};
use crate::stats::reporting::Reporting;

/// Writes quality.xlsx; returns its path.
pub fn write(
    folder: &PeriodFolder,
    name: &str,
    settings: &Settings,
    outcome: &Outcome,
    records: &RecordsAt,
) -> Result<PathBuf, Error> {
    let mut book = Book::new(folder, name);
    let fail = |e| xlsx_error(&folder.path(name), e);
    let mask = Mask { reveal: settings.reveal_ids };
    let period = settings.period.in_chinese();
    let mut list = |sheet: &'static str, what: &str, columns: &[ListColumn], rows: Rows| {
        let list = List { sheet, title: format!("{what}（{period}）"), columns, printed: None };
        write_list(&mut book, &list, rows)
    };
    let accounting = accounting(&outcome.ingested, &outcome.accounting).into_iter();
    list("行数核对", "行数核对：读取 = 采用 + 退回 + 合并重复", &accounting_columns(), Box::new(accounting))
        .map_err(fail)?;
    let reporting = &outcome.tables.reporting;
    let findings = outcome.findings.iter().map(|f| finding_row(f, records, reporting, mask));
    list("问题清单", "问题清单：错误请修改，警告请核实", &findings_columns(), Box::new(findings)).map_err(fail)?;
    list("重复人员", "重复人员", &clusters_columns(), Box::new(cluster_rows(&outcome.roster, mask))).map_err(fail)?;
    list("跳过的行", "跳过的非数据行", &skipped_columns(), Box::new(skipped_rows(&outcome.ingested))).map_err(fail)?;
    let day = settings.period.end();
    let counted = || outcome.roster.workers.iter().filter(move |w| w.counted(day));
    let above = counted().filter(|w| w.above_standard).map(|w| above_standard_row(w, mask, &settings.file.dibao));
    list("拟脱困复核", "拟脱困复核：已超出各档标准，请核实是否已脱困", &above_standard_columns(), Box::new(above))
        .map_err(fail)?;
    let due = counted().filter(|w| w.review_due).map(|w| review_due_row(w, mask));
    let unchecked = unchecked_rows(&outcome.ingested).into_iter();
    list("到期复核", "到期复核：请核实并完成年度复核", &review_due_columns(), Box::new(due.chain(unchecked)))
        .map_err(fail)?;
    let pairs = household_rows(counted().filter(|w| !w.same_household.is_empty()).collect(), mask);
    list(
        "一户多档",
        "一户多档：请核实是否同户，同一户只保留一份档案",
        &household_columns(),
        Box::new(pairs.into_iter()),
    )
    .map_err(fail)?;
    book.save()
}

/// The rows of one list.
type Rows<'a> = Box<dyn Iterator<Item = Vec<(Out, Option<bool>)>> + 'a>;

/// A row of plain cells.
fn plain(values: Vec<Out>) -> Vec<(Out, Option<bool>)> {
    values.into_iter().map(|v| (v, None)).collect()
}

fn columns<const N: usize>(spec: [(&str, f64, Kind); N]) -> [ListColumn; N] {
    spec.map(|(header, width, kind)| ListColumn::new(header, width, kind))
}

fn accounting_columns() -> [ListColumn; 9] {
    columns([
        ("文件", 30.0, Kind::Wrap),
        ("工作表", 12.0, Kind::Wrap),
        ("表类型", 12.0, Kind::Text),
        ("读取行数", 8.0, Kind::Count),
        ("采用", 7.0, Kind::Count),
        ("退回", 7.0, Kind::Count),
        ("合并重复", 8.0, Kind::Count),
        ("跳过的非数据行", 10.0, Kind::Count),
        ("文件问题", 40.0, Kind::Wrap),
    ])
}

/// The files that could not be used, then per file and sheet: read = accepted + rejected
/// + merged, skipped apart; then a total for each kind of table.
fn accounting(ingested: &Ingested, accounting: &Accounting) -> Vec<Vec<(Out, Option<bool>)>> {
    let mut rows = Vec::new();
    for file in &ingested.files {
        if let Some(error) = &file.error {
            let mut row = vec![Out::from(&*file.shown), Out::Empty, Out::from("无法读取")];
            row.extend([0, 0, 0, 0, 0].map(n));
            row.push(Out::from(format!("{}：{}", error.code, error.message)));
            rows.push(plain(row));
        }
    }
    for table in &accounting.tables {
        let kind = if table.form { FORM } else { table.role.label() };
        let mut row = vec![Out::from(&*table.origin.file), Out::from(&*table.origin.sheet), Out::from(kind)];
        row.extend(counts(&table.counts));
        row.push(Out::Empty);
        rows.push(plain(row));
    }
    for role in [Role::Roster, Role::Ledger, Role::Workforce] {
        let mut total = RowCounts::default();
        let mut any = false;
        for table in accounting.tables.iter().filter(|t| t.role == role) {
            total.add(&table.counts);
            any = true;
        }
        if any {
            let mut row = vec![Out::from(format!("{}合计", role.label())), Out::Empty, Out::from(role.label())];
            row.extend(counts(&total));
            row.push(Out::Empty);
            rows.push(plain(row));
        }
    }
    rows
}

/// How a registration form's sheet is labelled in the accounting.
const FORM: &str = "家庭情况登记表";

fn counts(c: &RowCounts) -> [Out; 5] {
    [c.read, c.accepted, c.rejected, c.merged, c.skipped].map(n)
}

fn n(value: usize) -> Out {
    Out::Number(value as f64)
}

fn findings_columns() -> [ListColumn; 11] {
    columns([
        ("代码", 6.0, Kind::Text),
        ("类别", 5.0, Kind::Text),
        ("处理", 7.0, Kind::Text),
        ("基层工会", 18.0, Kind::Wrap),
        ("姓名", 8.0, Kind::Text),
        ("文件", 24.0, Kind::Wrap),
        ("工作表", 10.0, Kind::Wrap),
        ("行", 6.0, Kind::Count),
        ("列", 12.0, Kind::Wrap),
        ("原值", 18.0, Kind::Wrap),
        ("说明", 50.0, Kind::Wrap),
    ])
}

fn finding_row(finding: &Finding, records: &RecordsAt, reporting: &Reporting, mask: Mask) -> Vec<(Out, Option<bool>)> {
    let record = records.record(&finding.location);
    let union = match record {
        Some(record) => record.union.to_string(),
        None => reporting.unit_of_file(&finding.location.file).unwrap_or_default().to_string(),
    };
    let name = record.and_then(|r| r.cell(Field::Name)).map(|c| c.to_string()).unwrap_or_default();
    let error = finding.severity() != Severity::Warning;
    let location = &finding.location;
    vec![
        (Out::from(finding.code.as_str()), Some(error)),
        (Out::from(finding.severity().label()), Some(error)),
        (Out::from(action(finding)), Some(error)),
        (Out::from(union), None),
        (Out::from(name), None),
        (Out::from(&*location.file), None),
        (Out::from(&*location.sheet), None),
        (if location.row == 0 { Out::Empty } else { Out::Number(f64::from(location.row)) }, None),
        (Out::from(finding.column), None),
        (Out::from(mask.value(finding.column, &finding.value)), None),
        (Out::from(mask.text(&finding.message)), None),
    ]
}

fn clusters_columns() -> [ListColumn; 11] {
    columns([
        ("组号", 5.0, Kind::Count),
        ("类型", 6.0, Kind::Text),
        ("处理", 12.0, Kind::Text),
        ("姓名", 8.0, Kind::Text),
        ("身份证号", 20.0, Kind::Text),
        ("基层工会", 18.0, Kind::Wrap),
        ("工作单位", 18.0, Kind::Wrap),
        ("困难类别", 9.0, Kind::Text),
        ("来源文件", 24.0, Kind::Wrap),
        ("工作表", 10.0, Kind::Wrap),
        ("行", 6.0, Kind::Count),
    ])
}

fn cluster_rows(roster: &Roster, mask: Mask) -> impl Iterator<Item = Vec<(Out, Option<bool>)>> + '_ {
    roster.clusters.iter().enumerate().flat_map(move |(k, cluster)| {
        cluster.members.iter().map(move |&i| {
            let worker = &roster.workers[i];
            let action = match worker.fate {
                Fate::Accepted if cluster.kept == Some(i) => "保留",
                Fate::Accepted => "采用",
                Fate::Rejected => "暂缓（有错误）",
                Fate::Merged(_) => "已合并",
            };
            let id = worker.id_number().map(|id| mask.id(id)).unwrap_or_default();
            plain(vec![
                Out::Number(k as f64 + 1.0),
                Out::from(cluster.code.as_str()),
                Out::from(action),
                Out::from(worker.name.as_str()),
                Out::from(id),
                Out::from(&**worker.union()),
                Out::from(worker.text(Field::Employer).as_str()),
                Out::from(worker.tier.as_deref().unwrap_or_default()),
                Out::from(&*worker.origin().file),
                Out::from(&*worker.origin().sheet),
                Out::Number(f64::from(worker.origin().row)),
            ])
        })
    })
}

fn skipped_columns() -> [ListColumn; 4] {
    columns([
        ("文件", 30.0, Kind::Wrap),
        ("工作表", 14.0, Kind::Wrap),
        ("行", 6.0, Kind::Count),
        ("原因", 26.0, Kind::Text),
    ])
}

fn skipped_rows(ingested: &Ingested) -> impl Iterator<Item = Vec<(Out, Option<bool>)>> + '_ {
    ingested.tables.iter().flat_map(|table| {
        table.skipped.iter().map(move |(row, reason)| {
            plain(vec![
                Out::from(&*table.origin.file),
                Out::from(&*table.origin.sheet),
                Out::Number(f64::from(*row)),
                Out::from(reason.label()),
            ])
        })
    })
}

/// The first columns of every review list: who, and where the row is.
fn person_columns<const N: usize>(rest: [(&'static str, f64, Kind); N]) -> Vec<ListColumn> {
    let person = [
        ("基层工会", 18.0, Kind::Wrap),
        ("姓名", 8.0, Kind::Text),
        ("身份证号", 20.0, Kind::Text),
        ("文件", 24.0, Kind::Wrap),
        ("工作表", 10.0, Kind::Wrap),
        ("行", 6.0, Kind::Count),
    ];
    person.into_iter().chain(rest).map(|(header, width, kind)| ListColumn::new(header, width, kind)).collect()
}

/// A worker's first cells of a review list.
fn person(worker: &Worker, mask: Mask) -> Vec<Out> {
    let origin = worker.origin();
    vec![
        Out::from(&**worker.union()),
        Out::from(worker.name.as_str()),
        Out::from(worker.id_number().map(|id| mask.id(id)).unwrap_or_default()),
        Out::from(&*origin.file),
        Out::from(&*origin.sheet),
        Out::Number(f64::from(origin.row)),
    ]
}

fn above_standard_columns() -> Vec<ListColumn> {
    person_columns([("填报困难类别", 10.0, Kind::Text), ("测算依据", 36.0, Kind::Wrap), ("处理", 16.0, Kind::Text)])
}

/// W215: a family above every line, with the rule that put it there.
fn above_standard_row(worker: &Worker, mask: Mask, dibao: &DibaoConfig) -> Vec<(Out, Option<bool>)> {
    let mut row = person(worker, mask);
    row.push(Out::from(worker.declared_tier.as_deref().unwrap_or_default()));
    row.push(Out::from(worker.tier_reason(dibao).unwrap_or_default()));
    row.push(Out::from("请核实是否已脱困"));
    plain(row)
}

fn review_due_columns() -> Vec<ListColumn> {
    person_columns([("建档日期", 11.0, Kind::Date), ("复核日期", 11.0, Kind::Date), ("说明", 40.0, Kind::Wrap)])
}

/// W217: a file whose yearly review is due.
fn review_due_row(worker: &Worker, mask: Mask) -> Vec<(Out, Option<bool>)> {
    let mut row = person(worker, mask);
    let day = |d: Option<Ymd>| d.map_or(Out::Empty, Out::Date);
    row.extend([
        day(worker.filed.map(Day::ymd)),
        day(worker.reviewed.map(Day::ymd)),
        Out::from("请核实并完成年度复核"),
    ]);
    plain(row)
}

/// The roster tables without a 复核日期 column, by union (a union's workbook of forms is
/// one table a sheet): 到期复核 cannot be checked row by row there, and each union gets
/// one note for them instead (SPEC §4 W217).
fn unchecked_rows(ingested: &Ingested) -> Vec<Vec<(Out, Option<bool>)>> {
    let mut by_union: BTreeMap<&str, Vec<&Table>> = BTreeMap::new();
    let unchecked =
        ingested.tables.iter().filter(|t| t.role == Role::Roster && t.position(Field::ReviewDate).is_none());
    for table in unchecked {
        let union = table.records.first().map_or("", |r| &*r.union);
        by_union.entry(union).or_default().push(table);
    }
    by_union.into_iter().map(|(union, tables)| unchecked_row(union, &tables)).collect()
}

/// The one note of a union's tables without a 复核日期 column.
fn unchecked_row(union: &str, tables: &[&Table]) -> Vec<(Out, Option<bool>)> {
    let rows: usize = tables.iter().map(|t| t.records.len()).sum();
    let first = &tables[0].origin;
    let (file, sheet) = match tables.len() {
        1 => (first.file.to_string(), first.sheet.to_string()),
        n => (format!("{} 等{n}个表", first.file), String::new()),
    };
    let note = format!("没有复核日期列，{rows}行未逐行检查到期复核：请在花名册或登记表中增加复核日期。");
    plain(vec![
        Out::from(union),
        Out::Empty,
        Out::Empty,
        Out::from(file),
        Out::from(sheet),
        Out::Empty,
        Out::Empty,
        Out::Empty,
        Out::from(note),
    ])
}

fn household_columns() -> Vec<ListColumn> {
    let mut columns = vec![ListColumn::new("组号", 5.0, Kind::Count)];
    columns.extend(person_columns([("同户成员", 30.0, Kind::Wrap)]));
    columns
}

/// W216: each pair of rows of one household, side by side under one number; a row that
/// pairs with several others is listed in each pair. `workers` are those with a pair.
fn household_rows(workers: Vec<&Worker>, mask: Mask) -> Vec<Vec<(Out, Option<bool>)>> {
    let by_origin: HashMap<&Location, &Worker> = workers.iter().map(|w| (w.origin(), *w)).collect();
    let mut pairs: Vec<(&Worker, &Worker)> = Vec::new();
    for worker in &workers {
        for other in worker.same_household.iter().filter_map(|o| by_origin.get(o)) {
            if worker.origin() < other.origin() {
                pairs.push((worker, other));
            }
        }
    }
    pairs.sort_by(|a, b| (a.0.origin(), a.1.origin()).cmp(&(b.0.origin(), b.1.origin())));
    let mut rows = Vec::new();
    for (k, (a, b)) in pairs.into_iter().enumerate() {
        for (this, other) in [(a, b), (b, a)] {
            let mut row = vec![Out::Number(k as f64 + 1.0)];
            row.extend(person(this, mask));
            row.push(Out::from(format!("{}（{}）", other.name, other.origin().where_is())));
            rows.push(plain(row));
        }
    }
    rows
}
