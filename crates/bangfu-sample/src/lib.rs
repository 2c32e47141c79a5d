//! The sample-data generator behind `bangfu sample`: realistic, messy sample
//! inputs — what `sample_data/` holds.
//!
//! It stands alone on purpose: it does not depend on the bangfu library, and keeps
//! its own small copies of what it must agree with (the canonical column names, the
//! ten standard causes, the ID check character, the calendar), so that the sample is
//! an independent oracle for the program's tests rather than the program checking
//! itself.
//!
//! The sample is a folder kept period by period: `2026-11/` is the month to report,
//! `2026-09/` and `2026-10/` the months before it (see [`earlier`]), `bangfu.toml`
//! beside them. In the current month each grassroots union (基层工会) sends its roster (困难职工花名册) in its own
//! layout: .xlsx with titles, totals and footers, two-row headers, a real BIFF8
//! .xls, GBK and UTF-8 CSV, an HTML table saved as .xls, a workbook of several
//! sheets; and two unions keep no roster but registration forms (困难职工家庭情况登记表,
//! one per family): one sends a folder of them, one a workbook with a form on each
//! sheet. Some layouts carry the columns of today's tier rules (刚性支出, 配偶 and
//! 子女身份证号, 复核日期). Beside them: the aid ledger (帮扶台账.xlsx), the workforce table
//! (职工人数统计.xlsx), `bangfu.toml`, and three files the program cannot use.
//!
//! Every row is clean except the planted defects (all in the current month), and each
//! planted defect is listed in [`Sample::planted`] with the file, sheet, row and canonical column
//! the program should report, so tests can check the program finds them all.
//!
//! The generator is pure (no file system, no clock) and deterministic: the same
//! options give byte-identical files forever (own PRNG, fixed workbook dates).

mod broken;
mod config;
mod date;
mod defects;
mod earlier;
mod family;
mod field;
mod grid;
mod idcard;
mod layouts;
mod ledger;
mod people;
mod render;
mod rng;
mod roster;
mod sink;
mod tables;
mod unions;
mod workforce;
mod write;
pub mod xls;

#[cfg(test)]
mod tests;

use people::Registry;
use rng::Rng;
use sink::Sink;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleOptions {
    /// Number of grassroots unions (at least 3).
    pub unions: usize,
    /// Roster rows in total, spread over the unions.
    pub rows: usize,
    /// Seed of the generator: the same seed gives the same bytes.
    pub seed: u64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions { unions: 6, rows: 240, seed: 2026 }
    }
}

/// One file of the sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleFile {
    /// Relative, '/'-separated path (a period folder, Chinese names, a `补报/` folder).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A defect planted on purpose: the finding the program should report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planted {
    /// Finding code of SPEC §4.
    pub code: &'static str,
    /// Path inside the current period's folder ([`Sample::period`]).
    pub file: String,
    /// Sheet name; "" for CSV and whole-file findings, 表1 for an HTML table.
    pub sheet: String,
    /// Excel row as Excel shows it; the CSV line (header line included) or the
    /// HTML table row; 0 for a finding about a whole file.
    pub row: u32,
    /// Canonical column name from SPEC §2, or "".
    pub column: String,
    /// What is wrong, in Chinese.
    pub note: String,
}

/// The generated sample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sample {
    pub files: Vec<SampleFile>,
    pub planted: Vec<Planted>,
    /// The current period's folder, which holds the planted defects.
    pub period: &'static str,
}

/// Fewest roster rows: room for every planted defect and the ledger.
const MIN_ROWS: usize = 60;
/// Most roster rows (keeps the BIFF8 file under its 65,536-row limit).
const MAX_ROWS: usize = 100_000;
/// Fewest and most grassroots unions.
const UNIONS: std::ops::RangeInclusive<usize> = 3..=500;

/// Generates the sample files and the list of planted defects.
pub fn generate(opts: &SampleOptions) -> Result<Sample, String> {
    check(opts)?;
    let mut rng = Rng::new(opts.seed);
    let mut registry = Registry::default();
    let unions = unions::unions(&mut rng.fork(1), opts.unions);
    let mut subs = roster::submissions(&mut rng.fork(2), &unions, opts.rows, &mut registry)?;
    earlier::date_newcomers(&mut subs);
    let entries = subs.iter_mut().flat_map(|s| &mut s.parts).flat_map(|p| &mut p.entries);
    family::furnish(entries, opts.seed, &mut registry);
    let clean = subs.clone();
    defects::plant(&mut subs, &mut rng.fork(3), &mut registry)?;
    let mut sink = Sink::default();
    let mut files = Vec::new();
    for sub in &subs {
        files.extend(layouts::render(sub, &unions, &mut sink)?);
    }
    files.push(ledger::ledger(&mut rng.fork(4), &subs, &unions, &mut registry, &mut sink)?);
    let sizes = workforce::sizes(&mut rng.fork(5), &unions, &subs);
    files.push(workforce::workforce(&unions, &sizes)?);
    files.extend(broken::files(&mut rng.fork(6), &mut registry, &mut sink)?);
    for file in &mut files {
        file.path = format!("{}/{}", config::PERIOD, file.path);
    }
    files.extend(earlier::months(&mut rng.fork(7), &clean, &unions, &sizes, &mut registry)?);
    files.push(SampleFile { path: "bangfu.toml".into(), bytes: config::bangfu_toml().into_bytes() });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut planted = sink.finish();
    planted.sort_by(|a, b| (&a.file, &a.sheet, a.row, a.code).cmp(&(&b.file, &b.sheet, b.row, b.code)));
    Ok(Sample { files, planted, period: config::PERIOD })
}

fn check(opts: &SampleOptions) -> Result<(), String> {
    if !UNIONS.contains(&opts.unions) {
        return Err(format!("--unions must be between {} and {}", UNIONS.start(), UNIONS.end()));
    }
    let fewest = MIN_ROWS.max(5 * opts.unions);
    if !(fewest..=MAX_ROWS).contains(&opts.rows) {
        return Err(format!("--rows must be between {fewest} and {MAX_ROWS} for {} unions", opts.unions));
    }
    Ok(())
}

/// The planted defects as a TSV table (header `code file sheet row column note`).
pub fn planted_tsv(planted: &[Planted]) -> String {
    let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("code\tfile\tsheet\trow\tcolumn\tnote\n");
    for p in planted {
        out += &format!(
            "{}\t{}\t{}\t{}\t{}\t{}\n",
            p.code,
            clean(&p.file),
            clean(&p.sheet),
            p.row,
            clean(&p.column),
            clean(&p.note)
        );
    }
    out
}
