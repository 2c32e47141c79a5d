//! Runs the stages in order and keeps the row accounting:
//! inputs (ingest; the earlier periods from history) → rows (validate, dedup, standing)
//! → stats. The outputs are written by the caller from the [`Outcome`].
//!
//! Also plans a command ([`Plan`]): which periods to run, oldest first (a folder kept
//! period by period), and each one's configuration — the same for `run` and `check`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Settings;
use crate::dedup::{dedup, Roster};
use crate::error::Error;
use crate::finding::{Code, Finding, Location, RowKey, Severity};
use crate::history::package::{self, Package};
use crate::history::{Archived, Earlier, OnFile};
use crate::ingest::discover::{find, Found, InputFile, PackageFolder};
use crate::ingest::header::Role;
use crate::ingest::periods::{period_folders, period_of, PeriodFolder};
use crate::ingest::sniff::PACKAGE;
use crate::ingest::table::{Record, Table};
use crate::ingest::{config_file, ingest, FileReport, Ingested, SheetReport};
use crate::period::Period;
use crate::rows::{Fate, Ledger, RowCounts, Standing, Worker, Workforce};
use crate::stage::stage;
use crate::stats::{Input, Tables};
use crate::validate::{self, ledger, Context};

/// The folder read when no input is named.
pub const DEFAULT_INPUT: &str = "sample_data";

/// What a command asks for: its inputs, `--config`, `--period` and `--reveal-ids`.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The files and folders named (the sample folder when none is).
    pub inputs: &'a [PathBuf],
    /// The configuration file named.
    pub config: Option<&'a Path>,
    /// The period named.
    pub period: Option<&'a str>,
    /// Show full ID numbers in the statistician's own workbooks.
    pub reveal_ids: bool,
}

/// What a command runs: one step per period, oldest first.
#[derive(Debug)]
pub struct Plan {
    /// The steps.
    pub steps: Vec<Step>,
    config: Option<PathBuf>,
    reveal_ids: bool,
    output: Option<PathBuf>,
}

/// One period's inputs, before its configuration is settled.
#[derive(Debug)]
pub struct Step {
    /// The files and folders read.
    pub inputs: Vec<PathBuf>,
    /// `--period`, for a batch that is not a period folder.
    period: Option<String>,
    /// The period of a period folder.
    folder: Option<Period>,
}

impl Step {
    /// The period named by the step's folder, for a folder kept period by period.
    pub fn period_folder(&self) -> Option<Period> {
        self.folder
    }
}

impl Plan {
    /// The periods to run: every folder of a folder kept period by period (only the one
    /// `--period` names, if given), else the inputs as one batch.
    pub fn new(request: Request) -> Result<Plan, Error> {
        let Request { inputs, config, period, reveal_ids } = request;
        let inputs = inputs_or_default(inputs);
        let steps = match period_folders(&inputs).map_err(Error::Usage)? {
            None => vec![Step { inputs, period: period.map(str::to_string), folder: None }],
            Some(folders) => chosen(folders, period)?
                .into_iter()
                .map(|folder| Step { inputs: vec![folder.path], period: None, folder: Some(folder.period) })
                .collect(),
        };
        Ok(Plan { steps, config: config.map(Path::to_path_buf), reveal_ids, output: None })
    }

    /// The run's own output folder, never read as input.
    pub fn writing_to(self, output: &Path) -> Plan {
        Plan { output: Some(output.to_path_buf()), ..self }
    }

    /// Finds the files of a step and settles its configuration.
    pub fn prepare(&self, step: &Step) -> Result<Batch, Error> {
        let batch = Batch::prepare(Request {
            inputs: &step.inputs,
            config: self.config.as_deref(),
            period: step.period.as_deref(),
            reveal_ids: self.reveal_ids,
        });
        match &self.output {
            Some(output) => batch.map(|b| b.leaving_out(&step.inputs, output)),
            None => batch,
        }
    }
}

/// The period folders to run: all of them, or the one `--period` names.
fn chosen(folders: Vec<PeriodFolder>, period: Option<&str>) -> Result<Vec<PeriodFolder>, Error> {
    let Some(text) = period else {
        return Ok(folders);
    };
    let wanted = Period::given(text)?;
    let names: Vec<String> = folders.iter().map(|f| f.period.to_string()).collect();
    let one: Vec<PeriodFolder> = folders.into_iter().filter(|f| f.period == wanted).collect();
    if one.is_empty() {
        return Err(Error::Usage(format!("没有报告期 {wanted} 的文件夹（现有：{}）", names.join("、"))));
    }
    Ok(one)
}

/// A batch ready to run: its files and settings.
#[derive(Debug)]
pub struct Batch {
    /// The files found.
    pub files: Vec<InputFile>,
    /// The lower levels' packages found.
    pub packages: Vec<PackageFolder>,
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
    /// The lower levels' packages read (their rows are in `ingested.tables`).
    pub packages: Vec<Package>,
    /// The roster rows, checked and deduplicated.
    pub roster: Roster,
    /// The ledger rows, checked: accepted payments and rejected rows.
    pub ledger: Ledger,
    /// The workforce table.
    pub workforce: Workforce,
    /// Every finding: file-level first, then by file, sheet and row (the order
    /// [`Outcome::findings_at`] looks a row's up by).
    pub findings: Vec<Finding>,
    /// How many rows of each table were read, and what became of them.
    pub accounting: Accounting,
    /// The statistical tables.
    pub tables: Tables,
}

/// The row accounting of a batch: per table, and in total per kind of table.
#[derive(Debug, Clone, Default)]
pub struct Accounting {
    /// One entry per table read, in file and sheet order.
    pub tables: Vec<TableCounts>,
    /// The roster rows in total.
    pub roster: RowCounts,
    /// The ledger rows in total.
    pub ledger: RowCounts,
}

/// The rows of one table.
#[derive(Debug, Clone)]
pub struct TableCounts {
    /// File and sheet.
    pub origin: Location,
    /// Roster, ledger or workforce.
    pub role: Role,
    /// read = accepted + rejected + merged; skipped apart.
    pub counts: RowCounts,
    /// A registration form (one family on the sheet) rather than a roster.
    pub form: bool,
}

impl Batch {
    /// Finds the files and settles the configuration.
    pub fn prepare(request: Request) -> Result<Batch, Error> {
        let Request { inputs, config, period, reveal_ids } = request;
        let inputs = inputs_or_default(inputs);
        let config_path = config_file::find(config, &inputs);
        let file = config_file::read(config_path.as_deref())?;
        let named_period = match inputs.as_slice() {
            [folder] => period_of(folder).map(|p| p.to_string()),
            _ => None,
        };
        let settings = file.settle(config_path.as_deref(), period.or(named_period.as_deref()), reveal_ids)?;
        let Found { files, packages } = find(&inputs, None);
        if files.is_empty() && packages.is_empty() {
            let named: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
            return Err(Error::NoInput(format!("{} 中没有文件", named.join("、"))));
        }
        Ok(Batch { files, packages, settings, config_path })
    }

    /// The batch without what lies in the run's own output folder.
    fn leaving_out(self, inputs: &[PathBuf], output: &Path) -> Batch {
        let Found { files, packages } = find(&inputs_or_default(inputs), Some(output));
        Batch { files, packages, ..self }
    }

    /// Reads and checks every file, and counts; `done` is told after each file. `earlier`
    /// are the earlier periods (for 存量/增量/返困, the trend, the dynamics and the yearly
    /// aid caps).
    pub fn run(&self, earlier: &Earlier, done: &(dyn Fn(&str) + Sync)) -> Result<Outcome, Error> {
        let settings = &self.settings;
        let mut ingested = stage("read", || ingest(&self.files, &settings.aliases, &settings.file.limits, done));
        let packages = stage("packages", || self.read_packages(&mut ingested));
        let (mut roster, checked) = stage("validate+dedup", || self.check_roster(&ingested));
        let period_end = settings.period.end();
        for worker in roster.workers.iter_mut().filter(|w| w.accepted()) {
            worker.standing = if worker.out_of_hardship(period_end) {
                Some(Standing::Exited)
            } else {
                worker.id_number().and_then(|id| earlier.standing(id))
            };
        }
        let rules =
            ledger::Rules { vocab: &settings.vocab, caps: &settings.file.aid_cap, period_end: settings.period.end() };
        let in_year = earlier.ledgers_in_year(settings.period.year);
        let (ledger, ledger_findings) =
            stage("ledger", || ledger::check(records(&ingested, Role::Ledger), &roster.workers, rules, &in_year));
        let (workforce, workforce_findings) = validate::workforce::read(records(&ingested, Role::Workforce));
        let findings = all_findings(&ingested, checked, [ledger_findings, workforce_findings]);
        let accounting = Accounting::count(&ingested.tables, &roster, &ledger);
        let input = Input {
            workers: roster.workers.iter().filter(|w| w.counted(period_end)).collect(),
            all_workers: &roster.workers,
            unreadable: ingested.file_findings().map(|f| &*f.location.file).collect(),
            held_back: roster.with_fate(Fate::Rejected).collect(),
            held_back_below: packages.iter().flat_map(|p| p.held_back.iter().map(|(id, _)| id.as_str())).collect(),
            workforce: &workforce,
            rows: &accounting.roster,
            payments: &ledger.payments,
            earlier,
        };
        let tables =
            stage("statistics", || Tables::compute(&input, settings)).map_err(|e| Error::Stats(e.to_string()))?;
        Ok(Outcome { ingested, packages, roster, ledger, workforce, findings, accounting, tables })
    }

    /// Reads the packages through their archives: their rows join the batch's tables, the
    /// package and its passed-over files join its file list; one that cannot be used is
    /// F005.
    fn read_packages(&self, ingested: &mut Ingested) -> Vec<Package> {
        let settings = &self.settings;
        let mut packages = Vec::new();
        for folder in &self.packages {
            let shown: Arc<str> = Arc::from(folder.shown.as_str());
            let mut report = FileReport { shown, format: PACKAGE, encoding: None, sheets: vec![], error: None };
            match package::read(folder, settings.period, &settings.aliases) {
                Ok(mut read) => {
                    report.sheets = read.tables.iter().map(package_sheet).collect();
                    ingested.tables.append(&mut read.tables);
                    packages.push(read);
                }
                Err(why) => {
                    let message = format!("下级汇总包无法使用：{why}。");
                    report.error = Some(Finding::file(Code::F005, report.shown.clone(), message));
                }
            }
            ingested.files.push(report);
            ingested.files.extend(folder.passed_over.iter().map(passed_over));
        }
        packages
    }

    /// Validates every roster row, then deduplicates the rows without errors: the roster,
    /// and the findings of each row's checks, then those of deduplication and the
    /// households.
    fn check_roster(&self, ingested: &Ingested) -> (Roster, Checked) {
        let settings = &self.settings;
        let ctx = Context {
            vocab: &settings.vocab,
            dibao: &settings.file.dibao,
            causes: &settings.causes,
            period_end: settings.period.end(),
        };
        let rows: Vec<&Arc<Record>> = records(ingested, Role::Roster).collect();
        // Unzipped as they are made: the workers are held once, not once more while moved.
        let (mut workers, found): (Vec<Worker>, Vec<Vec<Finding>>) =
            stage("validate", || rows.par_iter().map(|record| check_row(record, ctx)).unzip());
        for (worker, row_findings) in workers.iter_mut().zip(&found) {
            if row_findings.iter().any(|f| f.severity() == Severity::Error) {
                worker.fate = Fate::Rejected;
            }
        }
        let (mut roster, mut later) = stage("dedup", || dedup(workers));
        later.extend(stage("households", || validate::review::households(&mut roster.workers)));
        (roster, Checked { by_row: found, later })
    }
}

/// The roster's findings: each row's own, and those of deduplication and the households.
struct Checked {
    by_row: Vec<Vec<Finding>>,
    later: Vec<Finding>,
}

/// Every finding of a batch in one list: the whole files' first, then the rows' sorted
/// by file, sheet and row (in the order found, where a row has several). The list is
/// made once at its full length: at a million warned rows, growing it and copying it
/// over held it twice.
fn all_findings(ingested: &Ingested, roster: Checked, others: [Vec<Finding>; 2]) -> Vec<Finding> {
    let files = ingested.file_findings().count();
    let rows = roster.by_row.iter().map(Vec::len).sum::<usize>()
        + roster.later.len()
        + others.iter().map(Vec::len).sum::<usize>();
    let mut findings = Vec::with_capacity(files + rows);
    findings.extend(ingested.file_findings().cloned());
    roster.by_row.into_iter().for_each(|row| findings.extend(row));
    findings.extend(roster.later);
    others.into_iter().for_each(|more| findings.extend(more));
    findings[files..].sort_by(|a, b| a.location.cmp(&b.location));
    findings
}

/// Reads and checks one roster row; a package's row keeps its chain of units, and its
/// findings, already reported by the lower level that accepted it, are not repeated.
fn check_row(record: &Arc<Record>, ctx: Context) -> (Worker, Vec<Finding>) {
    let (mut worker, findings) = validate::roster_row(record, ctx);
    worker.chain = package::chain_of(record);
    if worker.chain.is_empty() {
        (worker, findings)
    } else {
        (worker, Vec::new())
    }
}

/// One original sheet of a package, as a sheet of the package's file report.
fn package_sheet(table: &Table) -> SheetReport {
    SheetReport {
        name: match &*table.origin.sheet {
            "" => table.origin.file.to_string(),
            sheet => format!("{}［{sheet}］", table.origin.file),
        },
        role: Some(Role::Roster),
        rows: table.records.len(),
        skipped: 0,
        form: false,
    }
}

/// A file inside a package, passed over.
fn passed_over(file: &InputFile) -> FileReport {
    let shown = Arc::from(file.shown.as_str());
    FileReport { shown, format: PACKAGE, encoding: None, sheets: vec![], error: None }
}

/// The records of every table of a role, in file and sheet order.
fn records(ingested: &Ingested, role: Role) -> impl Iterator<Item = &Arc<Record>> {
    ingested.tables.iter().filter(move |t| t.role == role).flat_map(|t| &t.records)
}

impl Accounting {
    /// Counts the rows of every table by what became of them: roster rows by their fate,
    /// ledger rows rejected when held back by an error (no ledger row is merged), workforce
    /// rows all accepted.
    fn count(tables: &[Table], roster: &Roster, ledger: &Ledger) -> Accounting {
        let mut fates: HashMap<(&str, &str), RowCounts> = HashMap::new();
        for worker in &roster.workers {
            let counts = fates.entry(sheet_of(worker.origin())).or_default();
            match worker.fate {
                Fate::Accepted => counts.accepted += 1,
                Fate::Rejected => counts.rejected += 1,
                Fate::Merged(_) => counts.merged += 1,
            }
        }
        let mut held_back: HashMap<(&str, &str), usize> = HashMap::new();
        for record in &ledger.rejected {
            *held_back.entry(sheet_of(&record.origin)).or_default() += 1;
        }
        let mut accounting = Accounting::default();
        for table in tables {
            let read = table.records.len();
            let sheet = sheet_of(&table.origin);
            let mut counts = RowCounts { read, skipped: table.skipped.len(), ..RowCounts::default() };
            match table.role {
                Role::Roster => {
                    let fates = fates.get(&sheet).cloned().unwrap_or_default();
                    counts = RowCounts { read, skipped: counts.skipped, ..fates };
                    accounting.roster.add(&counts);
                }
                Role::Ledger => {
                    counts.rejected = held_back.get(&sheet).copied().unwrap_or(0);
                    counts.accepted = read - counts.rejected;
                    accounting.ledger.add(&counts);
                }
                Role::Workforce => counts.accepted = read,
            }
            let form = table.form.is_some();
            accounting.tables.push(TableCounts { origin: table.origin.clone(), role: table.role, counts, form });
        }
        accounting
    }
}

/// The file and sheet of a location: one table.
fn sheet_of(origin: &Location) -> (&str, &str) {
    (&origin.file, &origin.sheet)
}

/// The inputs named, or the sample folder when none is.
pub fn inputs_or_default(inputs: &[PathBuf]) -> Vec<PathBuf> {
    if inputs.is_empty() {
        vec![PathBuf::from(DEFAULT_INPUT)]
    } else {
        inputs.to_vec()
    }
}

impl Outcome {
    /// Whether some input file could not be read (exit code 2).
    pub fn some_file_unreadable(&self) -> bool {
        self.ingested.file_findings().next().is_some()
    }

    /// Whether nothing at all could be read (exit code 1).
    pub fn nothing_readable(&self) -> bool {
        self.ingested.tables.is_empty()
    }

    /// The findings about one row, in the order found: looked up by their order (the
    /// whole files' first, then the rows' sorted), not through a map of every row. A row
    /// has a few at most, so they are counted one by one from the first.
    pub fn findings_at(&self, row: RowKey) -> &[Finding] {
        let rows = &self.findings[self.findings.partition_point(|f| f.severity() == Severity::File)..];
        let first = rows.partition_point(|f| f.location.key() < row);
        let count = rows[first..].iter().take_while(|f| f.location.key() == row).count();
        &rows[first..first + count]
    }

    /// Row errors found.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity() == Severity::Error).count()
    }

    /// The period as the next periods of the same command see it: what its archive holds.
    pub fn into_archived(self, period: Period) -> Archived {
        let on_file = self
            .roster
            .workers
            .iter()
            .filter(|w| w.counted(period.end()))
            .map(|w| OnFile {
                id: w.id_number().unwrap_or_default().to_string(),
                union: w.union().to_string(),
                tier: w.tier.as_deref().unwrap_or_default().to_string(),
                family_size: w.family_size.unwrap_or(0),
            })
            .collect();
        Archived { period, on_file, payments: self.ledger.payments, workforce: self.workforce }
    }
}
