//! Runs the stages in order and keeps the row accounting:
//! inputs → ingest → (validate → dedup → classify → ledger → stats) → report.
//!
//! Also settles the configuration: `--config`, else a `bangfu.toml` inside an input
//! folder, else the defaults.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::archive::history::History;
use crate::config::{ConfigFile, Settings};
use crate::dedup::{dedup, Cluster, Fate};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::ingest::discover::{discover, InputFile};
use crate::ingest::header::Role;
use crate::ingest::periods::period_of;
use crate::ingest::{ingest, Ingested};
use crate::ledger::{self, Ledger, Rules};
use crate::stats::workforce::Workforce;
use crate::stats::{Input, Tables};
use crate::summary::{RowCounts, Summary};
use crate::validate::{self, Context};
use crate::vocab::Vocabularies;
use crate::worker::Worker;

/// The folder read when no input is named.
pub const DEFAULT_INPUT: &str = "sample_data";

/// A batch ready to run: its files and settings.
#[derive(Debug)]
pub struct Batch {
    /// The files found.
    pub files: Vec<InputFile>,
    /// Checked settings.
    pub settings: Settings,
    /// The configuration file used, if any.
    pub config_path: Option<PathBuf>,
}

/// What a batch produced.
#[derive(Debug)]
pub struct Outcome {
    /// Everything read.
    pub ingested: Ingested,
    /// The roster rows, checked and deduplicated.
    pub roster: Roster,
    /// The ledger rows, checked: accepted payments and rejected rows.
    pub ledger: Ledger,
    /// The workforce table.
    pub workforce: Workforce,
    /// Every finding: file-level first, then by file, sheet and row.
    pub findings: Vec<Finding>,
    /// The machine-readable summary.
    pub summary: Summary,
}

/// The roster rows of a batch after validation and deduplication.
#[derive(Debug, Default)]
pub struct Roster {
    /// One worker per roster row, in input order.
    pub workers: Vec<Worker>,
    /// What became of each row.
    pub fates: Vec<Fate>,
    /// Groups of rows about one person.
    pub clusters: Vec<Cluster>,
}

impl Roster {
    /// The workers counted in the statistics.
    pub fn accepted(&self) -> impl Iterator<Item = &Worker> {
        self.with_fate(Fate::Accepted)
    }

    /// The workers whose rows met `fate`.
    pub fn with_fate(&self, fate: Fate) -> impl Iterator<Item = &Worker> {
        self.workers.iter().zip(&self.fates).filter(move |(_, f)| **f == fate).map(|(w, _)| w)
    }
}

impl Batch {
    /// Finds the files and settles the configuration.
    pub fn prepare(
        inputs: &[PathBuf],
        config: Option<&Path>,
        period: Option<&str>,
        reveal_ids: bool,
    ) -> Result<Batch, Error> {
        let inputs = inputs_or_default(inputs);
        let config_path = config.map(Path::to_path_buf).or_else(|| folder_config(&inputs));
        let file = match &config_path {
            Some(path) => ConfigFile::load(path)?,
            None => ConfigFile::default(),
        };
        let named_period = match inputs.as_slice() {
            [folder] => period_of(folder).map(|p| p.to_string()),
            _ => None,
        };
        let settings = file.settle(config_path.as_deref(), period.or(named_period.as_deref()), reveal_ids)?;
        let files = discover(&inputs);
        if files.is_empty() {
            let named: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::NoInput(format!("{} 中没有文件", named.join("、"))));
        }
        Ok(Batch { files, settings, config_path })
    }

    /// Reads and checks every file, and counts; `done` is told after each file. `history`
    /// holds the earlier periods' archives (their payments count towards the yearly caps).
    pub fn run(&self, history: &History, done: &(dyn Fn(&str) + Sync)) -> Result<Outcome, Error> {
        let limits = self.settings.file.limits;
        let ingested = ingest(&self.files, &self.settings.aliases, &limits, done);
        let vocab = Vocabularies::new(self.settings.file.vocab.tiers.as_deref());
        let (roster, mut row_findings) = self.check_roster(&ingested, &vocab);
        let rules = Rules { vocab: &vocab, caps: &self.settings.file.aid_cap, period_end: self.settings.period.end() };
        let (ledger, ledger_findings) = ledger::check(
            &ingested.tables,
            &roster.workers,
            rules,
            &history.ledgers_in_year(self.settings.period.year),
        );
        row_findings.extend(ledger_findings);
        let (workforce, workforce_findings) = Workforce::read(&ingested);
        row_findings.extend(workforce_findings);
        row_findings.sort_by(|a, b| a.location.cmp(&b.location));
        let mut findings: Vec<Finding> = ingested.file_findings().cloned().collect();
        findings.extend(row_findings);
        let input = Input {
            workers: roster.accepted().collect(),
            held_back: roster.with_fate(Fate::Rejected).collect(),
            workforce: &workforce,
            rows: RowCounts::of(&ingested, &roster),
            payments: &ledger.payments,
            history,
        };
        let tables = Tables::compute(&input, &self.settings).map_err(|e| Error::Stats(e.to_string()))?;
        let summary = Summary::new(&self.settings, &ingested, &ledger, &findings, tables);
        Ok(Outcome { ingested, roster, ledger, workforce, findings, summary })
    }

    /// Validates every roster row, then deduplicates the rows without errors.
    fn check_roster(&self, ingested: &Ingested, vocab: &Vocabularies) -> (Roster, Vec<Finding>) {
        let ctx = Context {
            vocab,
            dibao: &self.settings.file.dibao,
            causes: &self.settings.causes,
            period_end: self.settings.period.end(),
        };
        let rows: Vec<(usize, usize)> = ingested
            .tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.role == Role::Roster)
            .flat_map(|(t, table)| (0..table.records.len()).map(move |r| (t, r)))
            .collect();
        let checked: Vec<_> = rows
            .par_iter()
            .map(|&(t, r)| validate::roster_row(&ingested.tables[t], &ingested.tables[t].records[r], (t, r), ctx))
            .collect();
        let mut workers = Vec::with_capacity(checked.len());
        let mut findings = Vec::new();
        let mut has_error = Vec::with_capacity(checked.len());
        for (worker, row_findings) in checked {
            has_error.push(row_findings.iter().any(|f| f.severity() == Severity::Error));
            workers.push(worker);
            findings.extend(row_findings);
        }
        let deduplicated = dedup(&workers, &has_error);
        findings.extend(deduplicated.findings);
        let roster = Roster { workers, fates: deduplicated.fates, clusters: deduplicated.clusters };
        (roster, findings)
    }
}

/// The inputs named, or the sample folder when none is.
pub fn inputs_or_default(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    }
}

/// The first `bangfu.toml` directly inside an input folder, or, for a period folder,
/// beside it (one configuration for every period of a folder kept period by period).
fn folder_config(inputs: &[PathBuf]) -> Option<PathBuf> {
    let inside = inputs.iter().filter(|p| p.is_dir()).map(|p| p.join("bangfu.toml"));
    let beside = inputs.iter().filter(|p| period_of(p).is_some()).filter_map(|p| Some(p.parent()?.join("bangfu.toml")));
    inside.chain(beside).find(|p| p.is_file())
}

impl Outcome {
    /// Whether some input file could not be read (exit code 2).
    pub fn some_file_unreadable(&self) -> bool {
        self.summary.findings.file_errors > 0
    }

    /// Whether nothing at all could be read (exit code 1).
    pub fn nothing_readable(&self) -> bool {
        self.ingested.tables.is_empty()
    }
}
