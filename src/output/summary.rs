//! `summary.json` (SPEC §8): the machine-readable account of a run, streamed to its
//! file; the terminal's summary is made from the same account.
//!
//! Field names are a contract. Maps are ordered, so the same inputs give the same bytes.
//! ID numbers are always masked: the summary travels.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use super::files::{self, PeriodFolder};
use super::mask::Mask;
use super::spool::Spool;
use crate::config::Settings;
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::history::package::Package;
use crate::ingest::header::Role;
use crate::ingest::sniff::PACKAGE;
use crate::ingest::{FileReport, SheetReport};
use crate::pipeline::Outcome;
use crate::rows::RowCounts;
use crate::stats::Tables;

/// The whole summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary<'a> {
    /// 报告期.
    pub period: String,
    /// 填报单位 (`[report] unit`): where the run stands when its folder is handed up.
    pub unit: Option<String>,
    /// 上级 (`[report] parent`).
    pub parent: Option<String>,
    /// Roster rows: read = accepted + rejected + merged; skipped apart.
    pub rows: RowCounts,
    /// Ledger rows.
    pub ledger_rows: LedgerCounts,
    /// Every input file.
    pub files: Vec<FileEntry>,
    /// Every finding.
    pub findings: Findings<'a>,
    /// The lower levels' packages read: each one's own row accounting beside what was
    /// counted here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<PackageEntry>,
    /// The statistical tables (SPEC §6).
    pub tables: &'a Tables,
}

/// One lower level's package.
#[derive(Debug, Clone, Serialize)]
pub struct PackageEntry {
    /// The folder as shown.
    pub path: String,
    /// Its 填报单位.
    pub unit: String,
    /// Its 上级, as it names it.
    pub parent: Option<String>,
    /// Its own row accounting, from its summary.json.
    pub rows: RowCounts,
    /// Its rows held back for errors, as its archive lists them.
    pub held_back: usize,
    /// Its archived rows read here.
    pub read_here: usize,
    /// Of them, counted here (the rest merged as duplicates or held back across packages).
    pub counted_here: usize,
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
pub struct Findings<'a> {
    /// Count per code.
    pub by_code: BTreeMap<String, usize>,
    /// Row errors.
    pub errors: usize,
    /// Row warnings.
    pub warnings: usize,
    /// File-level findings.
    pub file_errors: usize,
    /// Every finding, located: written out one by one as [`Item`]s, never all held.
    #[serde(rename = "items", serialize_with = "as_items")]
    findings: &'a [Finding],
}

/// One finding, as written out: borrowed from the finding, copied only where masked.
#[derive(Debug, Clone, Serialize)]
pub struct Item<'a> {
    /// E103 …
    pub code: &'static str,
    /// file, error or warning.
    pub severity: Severity,
    /// The file as shown.
    pub file: &'a str,
    /// The sheet.
    pub sheet: &'a str,
    /// Excel row (CSV line); 0 for a whole file.
    pub row: u32,
    /// Canonical column.
    pub column: &'a str,
    /// Original value.
    pub value: Cow<'a, str>,
    /// What is wrong.
    pub message: Cow<'a, str>,
}

impl Summary<'_> {
    /// The account of a run.
    pub fn new<'a>(settings: &Settings, outcome: &'a Outcome) -> Summary<'a> {
        let ledger = &outcome.accounting.ledger;
        Summary {
            period: settings.period.to_string(),
            unit: settings.file.report.unit.clone(),
            parent: settings.file.report.parent.clone(),
            rows: outcome.accounting.roster.clone(),
            ledger_rows: LedgerCounts { read: ledger.read, accepted: ledger.accepted, rejected: ledger.rejected },
            files: outcome.ingested.files.iter().map(FileEntry::from).collect(),
            findings: Findings::new(&outcome.findings),
            packages: outcome.packages.iter().map(|p| PackageEntry::new(p, outcome)).collect(),
            tables: &outcome.tables,
        }
    }
}

/// Writes summary.json; returns its path.
pub fn write(folder: &PeriodFolder, name: &str, settings: &Settings, outcome: &Outcome) -> Result<PathBuf, Error> {
    let path = folder.path(name);
    let fail = |e| files::write_error(&path, e);
    let output = folder.create(name)?;
    let mut spool = Spool::new(move || Ok(output));
    write_summary(&Summary::new(settings, outcome), &mut spool).map_err(fail)?;
    files::finish(spool.finish().map_err(fail)?, &path)?;
    Ok(path)
}

/// Where the items go in the summary written without them: the last field of
/// `findings`, two levels in.
const NO_ITEMS: &str = "\n    \"items\": []";

/// Findings written out together: enough to keep both cores busy, few enough that
/// their text (a few megabytes) is all that is held.
const ITEMS_AT_ONCE: usize = 16_384;

/// Findings one core writes out at a time.
const ITEMS_A_CORE_TAKES: usize = 1_024;

/// Writes the summary as serde writes it (pretty, then a line end), the findings' items,
/// a million when every row is warned, written out on both cores: the summary is
/// written without them, and they go in where its empty list of items is, each as it
/// would be written there.
fn write_summary(summary: &Summary, out: &mut impl Write) -> io::Result<()> {
    let mut frame = summary.clone();
    frame.findings.findings = &[];
    let frame = serde_json::to_vec_pretty(&frame)?;
    let at = memchr::memmem::find(&frame, NO_ITEMS.as_bytes())
        .ok_or_else(|| io::Error::other("summary.json: no place for the findings' items"))?;
    let items_end = at + NO_ITEMS.len();
    let findings = summary.findings.findings;
    if findings.is_empty() {
        out.write_all(&frame)?;
    } else {
        out.write_all(&frame[..items_end - 1])?;
        for (k, some) in findings.chunks(ITEMS_AT_ONCE).enumerate() {
            let first = k * ITEMS_AT_ONCE;
            let written: Vec<Vec<u8>> = some
                .par_chunks(ITEMS_A_CORE_TAKES)
                .enumerate()
                .map(|(j, few)| items_text(few, first + j * ITEMS_A_CORE_TAKES))
                .collect::<io::Result<_>>()?;
            written.iter().try_for_each(|text| out.write_all(text))?;
        }
        out.write_all(b"\n    ]")?;
        out.write_all(&frame[items_end..])?;
    }
    out.write_all(b"\n")
}

/// The text of the findings' items `findings`, the first of them the item at `index`:
/// each on a line of its own after a comma (the first item without one), indented
/// three levels, as serde writes it in the list.
fn items_text(findings: &[Finding], index: usize) -> io::Result<Vec<u8>> {
    let mut text = Vec::with_capacity(findings.len() * 320);
    let mut item = Vec::with_capacity(512);
    for (k, finding) in findings.iter().enumerate() {
        text.extend_from_slice(if index + k == 0 { b"\n" } else { b",\n" });
        text.extend_from_slice(INDENT);
        item.clear();
        serde_json::to_writer_pretty(&mut item, &Item::from(finding))?;
        // A line end in JSON's text is always its layout's: within a string it is
        // escaped.
        let mut lines = item.split(|&b| b == b'\n');
        text.extend_from_slice(lines.next().unwrap_or_default());
        for line in lines {
            text.push(b'\n');
            text.extend_from_slice(INDENT);
            text.extend_from_slice(line);
        }
    }
    Ok(text)
}

/// Three levels of serde's pretty layout: an item's place in the summary.
const INDENT: &[u8] = b"      ";

impl From<&FileReport> for FileEntry {
    fn from(file: &FileReport) -> FileEntry {
        FileEntry {
            path: file.shown.to_string(),
            role: if file.format == PACKAGE {
                "package"
            } else if file.is_form() {
                "form"
            } else {
                file.role().map_or("unknown", role_key)
            }
            .to_string(),
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

impl PackageEntry {
    /// The package's own accounting and what became of its rows in this run.
    pub fn new(package: &Package, outcome: &Outcome) -> PackageEntry {
        let prefix = format!("{}/", package.unit);
        let mine = outcome.accounting.tables.iter().filter(|t| t.origin.file.starts_with(&prefix));
        let (read_here, counted_here) = mine.fold((0, 0), |(r, c), t| (r + t.counts.read, c + t.counts.accepted));
        PackageEntry {
            path: package.shown.clone(),
            unit: package.unit.clone(),
            parent: package.parent.clone(),
            rows: package.rows.clone(),
            held_back: package.held_back.len(),
            read_here,
            counted_here,
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

impl<'a> Findings<'a> {
    /// Counts findings.
    fn new(findings: &'a [Finding]) -> Findings<'a> {
        let mut out = Findings { findings, ..Findings::default() };
        for finding in findings {
            *out.by_code.entry(finding.code.to_string()).or_default() += 1;
            match finding.severity() {
                Severity::File => out.file_errors += 1,
                Severity::Error => out.errors += 1,
                Severity::Warning => out.warnings += 1,
            }
        }
        out
    }

    /// Every finding, located; values of IDs and phones masked.
    pub fn items(&self) -> impl Iterator<Item = Item<'a>> {
        self.findings.iter().map(Item::from)
    }
}

fn as_items<S: serde::Serializer>(findings: &&[Finding], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(findings.iter().map(Item::from))
}

impl<'a> From<&'a Finding> for Item<'a> {
    fn from(finding: &'a Finding) -> Item<'a> {
        Item {
            code: finding.code.as_str(),
            severity: finding.severity(),
            file: &finding.location.file,
            sheet: &finding.location.sheet,
            row: finding.location.row,
            column: finding.column,
            value: Mask::HIDDEN.value(finding.column, &finding.value),
            message: Mask::HIDDEN.text(&finding.message),
        }
    }
}
