//! quality.xlsx — the data-quality workbook: row accounting per file and sheet with a
//! total, every finding located, duplicate clusters side by side, and every skipped row
//! with its reason, so that every input row can be found.

use std::path::PathBuf;

use super::book::{new_workbook, save, write_list, xlsx_error, Out};
use super::files::PeriodFolder;
use super::mask::Mask;
use crate::config::Settings;
use crate::dedup::Roster;
use crate::error::Error;
use crate::finding::Finding;
use crate::ingest::Ingested;
use crate::pipeline::{Accounting, Outcome};
use crate::rows::Fate;

/// Writes quality.xlsx; returns its path.
pub fn write(folder: &PeriodFolder, name: &str, settings: &Settings, outcome: &Outcome) -> Result<PathBuf, Error> {
    let mut book = new_workbook();
    let fail = |e| xlsx_error(&folder.path(name), e);
    let mask = Mask { reveal: settings.reveal_ids };
    let accounting = accounting(&outcome.ingested, &outcome.accounting);
    write_list(&mut book, "行数核对", &ACCOUNTING, accounting.into_iter()).map_err(fail)?;
    let findings = outcome.findings.iter().map(|f| finding_row(f, mask));
    write_list(&mut book, "问题清单", &FINDINGS, findings).map_err(fail)?;
    write_list(&mut book, "重复人员", &CLUSTERS, cluster_rows(&outcome.roster, mask)).map_err(fail)?;
    write_list(&mut book, "跳过的行", &SKIPPED, skipped_rows(&outcome.ingested)).map_err(fail)?;
    save(&mut book, folder, name)
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

/// The files that could not be used, then per file and sheet: read = accepted +
/// rejected + merged, skipped apart; then a total.
fn accounting(ingested: &Ingested, accounting: &Accounting) -> Vec<Vec<Out>> {
    let mut rows = Vec::new();
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
    let mut total = [0usize; 5];
    for table in &accounting.tables {
        let c = &table.counts;
        let counted = [c.read, c.accepted, c.rejected, c.merged, c.skipped];
        for (slot, value) in total.iter_mut().zip(counted) {
            *slot += value;
        }
        let mut row =
            vec![Out::from(&*table.origin.file), Out::from(&*table.origin.sheet), Out::from(table.role.label())];
        row.extend(counted.iter().map(|&v| n(v)));
        row.push(Out::Empty);
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

fn finding_row(finding: &Finding, mask: Mask) -> Vec<Out> {
    let value = mask.value(&finding.column, &finding.value);
    vec![
        Out::from(finding.code.as_str()),
        Out::from(finding.severity().label()),
        Out::from(&*finding.location.file),
        Out::from(&*finding.location.sheet),
        if finding.location.row == 0 { Out::Empty } else { Out::Number(f64::from(finding.location.row)) },
        Out::from(finding.column.as_str()),
        Out::from(value),
        Out::from(mask.text(&finding.message)),
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

fn cluster_rows(roster: &Roster, mask: Mask) -> impl Iterator<Item = Vec<Out>> + '_ {
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
            vec![
                Out::Number(k as f64 + 1.0),
                Out::from(cluster.code.as_str()),
                Out::from(action),
                Out::from(worker.name.as_str()),
                Out::from(id),
                Out::from(&**worker.union()),
                Out::from(worker.employer.as_str()),
                Out::from(worker.tier.clone().unwrap_or_default()),
                Out::from(&*worker.origin().file),
                Out::from(&*worker.origin().sheet),
                Out::Number(f64::from(worker.origin().row)),
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
