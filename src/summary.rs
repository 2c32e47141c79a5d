//! `summary.json` (SPEC §8): the machine-readable account of a run.
//!
//! Built from what the stages produced; field names are a contract. Maps are ordered,
//! so the same inputs give the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Settings;
use crate::dedup::Fate;
use crate::finding::{Finding, Severity};
use crate::ingest::header::Role;
use crate::ingest::{FileReport, Ingested, SheetReport};
use crate::ledger::Ledger;
use crate::mask;
use crate::pipeline::Roster;
use crate::stats::Tables;

/// The whole summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// 报告期.
    pub period: String,
    /// Roster rows: read = accepted + rejected + merged; skipped apart.
    pub rows: RowCounts,
    /// Ledger rows.
    pub ledger_rows: LedgerCounts,
    /// Every input file.
    pub files: Vec<FileEntry>,
    /// Every finding.
    pub findings: Findings,
    /// The statistical tables (SPEC §6).
    pub tables: Tables,
}

/// Roster row accounting.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RowCounts {
    /// Data rows read.
    pub read: usize,
    /// Rows counted in the statistics.
    pub accepted: usize,
    /// Rows with an error, left out of the statistics.
    pub rejected: usize,
    /// Duplicate rows merged into another.
    pub merged: usize,
    /// Non-data rows (titles, headers, blank, totals, footers).
    pub skipped: usize,
}

/// Ledger row accounting.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct LedgerCounts {
    /// Data rows read.
    pub read: usize,
    /// Rows counted.
    pub accepted: usize,
    /// Rows with an error.
    pub rejected: usize,
}

/// One input file.
#[derive(Debug, Clone, Serialize)]
pub struct FileEntry {
    /// As given, or relative to the input folder.
    pub path: String,
    /// roster, ledger, workforce or unknown.
    pub role: String,
    /// Sheets looked at.
    pub sheets: usize,
    /// Data rows.
    pub rows: usize,
    /// The file-level problem, if any.
    pub error: Option<String>,
    /// The format found by content.
    pub format: String,
    /// The text encoding found, for CSV and HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Non-data rows.
    pub skipped: usize,
    /// Each sheet: name, role, rows, skipped.
    pub sheet_details: Vec<SheetReport>,
}

/// The findings and their counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Findings {
    /// Count per code.
    pub by_code: BTreeMap<String, usize>,
    /// Row errors.
    pub errors: usize,
    /// Row warnings.
    pub warnings: usize,
    /// File-level findings.
    pub file_errors: usize,
    /// Every finding, located.
    pub items: Vec<Item>,
}

/// One finding, as written out.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// E103 …
    pub code: String,
    /// file, error or warning.
    pub severity: Severity,
    /// The file as shown.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// Excel row (CSV line); 0 for a whole file.
    pub row: u32,
    /// Canonical column.
    pub column: String,
    /// Original value.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl Summary {
    /// The summary of what was read, with its tables.
    pub fn new(
        settings: &Settings,
        ingested: &Ingested,
        ledger: &Ledger,
        findings: &[Finding],
        tables: Tables,
    ) -> Summary {
        let (accepted, rejected) = (ledger.payments.len(), ledger.rejected.len());
        Summary {
            period: settings.period.to_string(),
            rows: tables.overview.rows.clone(),
            ledger_rows: LedgerCounts { read: accepted + rejected, accepted, rejected },
            files: ingested.files.iter().map(FileEntry::from).collect(),
            findings: Findings::new(findings, settings.reveal_ids),
            tables,
        }
    }
}

impl RowCounts {
    /// The accounting of the roster rows: read = accepted + rejected + merged.
    pub fn of(ingested: &Ingested, roster: &Roster) -> RowCounts {
        let count = |wanted: fn(&Fate) -> bool| roster.fates.iter().filter(|f| wanted(f)).count();
        RowCounts {
            read: roster.workers.len(),
            accepted: count(|f| *f == Fate::Accepted),
            rejected: count(|f| *f == Fate::Rejected),
            merged: count(|f| matches!(f, Fate::Merged(_))),
            skipped: ingested.tables.iter().filter(|t| t.role == Role::Roster).map(|t| t.skipped.len()).sum(),
        }
    }
}

impl From<&FileReport> for FileEntry {
    fn from(file: &FileReport) -> FileEntry {
        FileEntry {
            path: file.shown.to_string(),
            role: file.role().map_or("unknown", role_key).to_string(),
            sheets: file.sheets.len(),
            rows: file.rows(),
            error: file.error.as_ref().map(|f| format!("{}：{}", f.code, f.message)),
            format: file.format.label().to_string(),
            encoding: file.encoding.map(str::to_string),
            skipped: file.sheets.iter().map(|s| s.skipped).sum(),
            sheet_details: file.sheets.clone(),
        }
    }
}

fn role_key(role: Role) -> &'static str {
    match role {
        Role::Roster => "roster",
        Role::Ledger => "ledger",
        Role::Workforce => "workforce",
    }
}

impl Findings {
    /// Counts and lists findings; values of IDs and phones masked unless revealed.
    fn new(findings: &[Finding], reveal: bool) -> Findings {
        let mut out = Findings::default();
        for finding in findings {
            *out.by_code.entry(finding.code.to_string()).or_default() += 1;
            match finding.severity() {
                Severity::File => out.file_errors += 1,
                Severity::Error => out.errors += 1,
                Severity::Warning => out.warnings += 1,
            }
            out.items.push(Item {
                code: finding.code.to_string(),
                severity: finding.severity(),
                file: finding.location.file.to_string(),
                sheet: finding.location.sheet.to_string(),
                row: finding.location.row,
                column: finding.column.clone(),
                value: if reveal { finding.value.clone() } else { mask::value(&finding.column, &finding.value) },
                message: finding.message.clone(),
            });
        }
        out
    }
}
