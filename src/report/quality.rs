//! quality.xlsx — the data-quality workbook: row accounting per file and sheet with a
//! total, every finding located, duplicate clusters side by side, and every skipped row
//! with its reason, so that every input row can be found.

use std::collections::BTreeMap;
use std::path::Path;

use super::book::{new_workbook, save, write_list, Out};
use super::roster::xlsx_error;
use crate::config::Settings;
use crate::dedup::Fate;
use crate::error::Error;
use crate::finding::Finding;
use crate::ingest::header::Role;
use crate::ingest::Ingested;
use crate::ledger::Ledger;
use crate::mask;
use crate::pipeline::Roster;

/// Writes quality.xlsx.
pub fn write(
    path: &Path,
    settings: &Settings,
    ingested: &Ingested,
    roster: &Roster,
    ledger: &Ledger,
    findings: &[Finding],
) -> Result<(), Error> {
    let mut book = new_workbook();
    let fail = |e| xlsx_error(path, e);
    write_list(&mut book, "行数核对", &ACCOUNTING, accounting(ingested, roster, ledger).into_iter()).map_err(fail)?;
    write_list(&mut book, "问题清单", &FINDINGS, findings.iter().map(|f| finding_row(f, settings.reveal_ids)))
        .map_err(fail)?;
    write_list(&mut book, "重复人员", &CLUSTERS, cluster_rows(roster, settings.reveal_ids)).map_err(fail)?;
    write_list(&mut book, "跳过的行", &SKIPPED, skipped_rows(ingested)).map_err(fail)?;
    save(&mut book, path)
}

const ACCOUNTING: [(&str, f64); 9] = [
    ("文件", 30.0),
    ("工作表", 14.0),
    ("表类型", 14.0),
    ("读取行数", 10.0),
    ("采用", 8.0),
    ("退回", 8.0),
    ("合并重复", 10.0),
    ("跳过的非数据行", 14.0),
    ("文件问题", 40.0),
];

/// Per file and sheet: read = accepted + rejected + merged, skipped apart; then a total.
/// Roster rows by their fate; ledger rows rejected when held back by an error (no
/// ledger row is merged); workforce rows all accepted.
fn accounting(ingested: &Ingested, roster: &Roster, ledger: &Ledger) -> Vec<Vec<Out>> {
    let mut fates: BTreeMap<usize, [usize; 3]> = BTreeMap::new();
    for (worker, fate) in roster.workers.iter().zip(&roster.fates) {
        let slot = match fate {
            Fate::Accepted => 0,
            Fate::Rejected => 1,
            Fate::Merged(_) => 2,
        };
        fates.entry(worker.source.0).or_default()[slot] += 1;
    }
    let mut held_back: BTreeMap<usize, usize> = BTreeMap::new();
    for &(t, _) in &ledger.rejected {
        *held_back.entry(t).or_default() += 1;
    }
    let mut rows = Vec::new();
    let mut total = [0usize; 5];
    for file in &ingested.files {
        if let Some(error) = &file.error {
            rows.push(vec![
                Out::from(&*file.shown),
                Out::Empty,
                Out::Empty,
                n(0),
                n(0),
                n(0),
                n(0),
                n(0),
                Out::from(format!("{}：{}", error.code, error.message)),
            ]);
        }
    }
    for (t, table) in ingested.tables.iter().enumerate() {
        let [accepted, rejected, merged] = fates.get(&t).copied().unwrap_or_default();
        let read = table.records.len();
        let counted = match table.role {
            Role::Roster => [read, accepted, rejected, merged],
            Role::Ledger => {
                let rejected = held_back.get(&t).copied().unwrap_or_default();
                [read, read - rejected, rejected, 0]
            }
            Role::Workforce => [read, read, 0, 0],
        };
        for (slot, value) in total.iter_mut().zip(counted.iter().chain([&table.skipped.len()])) {
            *slot += value;
        }
        let mut row =
            vec![Out::from(&*table.origin.file), Out::from(&*table.origin.sheet), Out::from(table.role.label())];
        row.extend(counted.iter().map(|&v| n(v)));
        row.extend([n(table.skipped.len()), Out::Empty]);
        rows.push(row);
    }
    let mut last = vec![Out::from("合计"), Out::Empty, Out::Empty];
    last.extend(total.iter().map(|&v| n(v)));
    last.push(Out::Empty);
    rows.push(last);
    rows
}

fn n(value: usize) -> Out {
    Out::Number(value as f64)
}

const FINDINGS: [(&str, f64); 8] = [
    ("代码", 7.0),
    ("类别", 6.0),
    ("文件", 28.0),
    ("工作表", 12.0),
    ("行", 6.0),
    ("列", 14.0),
    ("原值", 22.0),
    ("说明", 70.0),
];

fn finding_row(finding: &Finding, reveal: bool) -> Vec<Out> {
    let value = if reveal { finding.value.clone() } else { mask::value(&finding.column, &finding.value) };
    vec![
        Out::from(finding.code.as_str()),
        Out::from(finding.severity().label()),
        Out::from(&*finding.location.file),
        Out::from(&*finding.location.sheet),
        if finding.location.row == 0 { Out::Empty } else { Out::Number(f64::from(finding.location.row)) },
        Out::from(finding.column.as_str()),
        Out::from(value),
        Out::from(finding.message.as_str()),
    ]
}

const CLUSTERS: [(&str, f64); 11] = [
    ("组号", 6.0),
    ("类型", 7.0),
    ("处理", 10.0),
    ("姓名", 10.0),
    ("身份证号", 21.0),
    ("基层工会", 20.0),
    ("工作单位", 20.0),
    ("困难类别", 10.0),
    ("来源文件", 28.0),
    ("工作表", 12.0),
    ("行", 6.0),
];

fn cluster_rows(roster: &Roster, reveal: bool) -> impl Iterator<Item = Vec<Out>> + '_ {
    roster.clusters.iter().enumerate().flat_map(move |(k, cluster)| {
        cluster.members.iter().map(move |&i| {
            let worker = &roster.workers[i];
            let action = match roster.fates[i] {
                Fate::Accepted if cluster.kept == Some(i) => "保留",
                Fate::Accepted => "采用",
                Fate::Rejected => "暂缓（有错误）",
                Fate::Merged(_) => "已合并",
            };
            let id =
                worker.id_number().map(|id| if reveal { id.to_string() } else { mask::id(id) }).unwrap_or_default();
            vec![
                Out::Number(k as f64 + 1.0),
                Out::from(cluster.code.as_str()),
                Out::from(action),
                Out::from(worker.name.as_str()),
                Out::from(id),
                Out::from(&*worker.union),
                Out::from(worker.employer.as_str()),
                Out::from(worker.tier.clone().unwrap_or_default()),
                Out::from(&*worker.origin.file),
                Out::from(&*worker.origin.sheet),
                Out::Number(f64::from(worker.origin.row)),
            ]
        })
    })
}

const SKIPPED: [(&str, f64); 4] = [("文件", 30.0), ("工作表", 14.0), ("行", 6.0), ("原因", 26.0)];

fn skipped_rows(ingested: &Ingested) -> impl Iterator<Item = Vec<Out>> + '_ {
    ingested.tables.iter().flat_map(|table| {
        table.skipped.iter().map(move |(row, reason)| {
            vec![
                Out::from(&*table.origin.file),
                Out::from(&*table.origin.sheet),
                Out::Number(f64::from(*row)),
                Out::from(reason.label()),
            ]
        })
    })
}
