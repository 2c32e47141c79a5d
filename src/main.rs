//! The `bangfu` binary: parse the command line, run the library, show progress and the
//! summary on the terminal, and map the outcome to an exit code (SPEC §9):
//! 0 done; 2 done but some file could not be read; 1 nothing could be done. A folder kept
//! period by period (one subfolder per 报告期) is run one period after another.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bangfu::archive::history::History;
use bangfu::classify::{self, Dictionary};
use bangfu::cli::{CauseArgs, CheckArgs, Cli, Command, RunArgs, SampleArgs};
use bangfu::config::ConfigFile;
use bangfu::error::Error;
use bangfu::ingest::periods::{period_folders, PeriodFolder};
use bangfu::period::Period;
use bangfu::pipeline::{self, Batch, Outcome};
use bangfu::sample::SampleOptions;
use bangfu::{report, screen};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Check(args) => check(args),
        Command::Sample(args) => sample(args),
        Command::Cause(args) => cause(args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("bangfu: {error}");
        ExitCode::from(1)
    })
}

fn run(args: RunArgs) -> Result<ExitCode, Error> {
    let inputs = pipeline::inputs_or_default(&args.inputs);
    let Some(folders) = period_folders(&inputs).map_err(Error::Usage)? else {
        return run_batch(&inputs, args.period.as_deref(), &args, true).map(ExitCode::from);
    };
    let folders = chosen(folders, args.period.as_deref())?;
    let mut worst = 0;
    let mut failed = 0;
    for (i, folder) in folders.iter().enumerate() {
        let last = i + 1 == folders.len();
        match run_batch(std::slice::from_ref(&folder.path), None, &args, last) {
            Ok(code) => worst = worse(worst, code),
            Err(error) => {
                eprintln!("bangfu: 报告期 {} 未能完成：{error}", folder.period);
                failed += 1;
            }
        }
    }
    Ok(ExitCode::from(match failed {
        0 => worst,
        n if n == folders.len() => 1,
        _ => 2,
    }))
}

/// Runs one period's batch into `<out>/<period>/`; `in_full` prints the one-screen
/// summary, else a line (the earlier periods of a folder kept period by period).
fn run_batch(inputs: &[PathBuf], period: Option<&str>, args: &RunArgs, in_full: bool) -> Result<u8, Error> {
    let batch = Batch::prepare(inputs, args.config.as_deref(), period, args.reveal_ids)?;
    let history = History::read(&args.out, batch.settings.period);
    for problem in &history.unreadable {
        eprintln!("bangfu: 以前报告期的存档无法读取，已略过：{problem}");
    }
    let outcome = with_progress(&batch, &history)?;
    if outcome.nothing_readable() {
        eprint!("{}", screen::check_report(&outcome.summary));
        return Err(Error::NoInput("没有一个文件能读出花名册、台账或职工人数表".into()));
    }
    let dir = args.out.join(batch.settings.period.to_string());
    let written = report::write_all(&dir, &batch.settings, &outcome)?;
    if in_full {
        print!("{}", screen::run_summary(&outcome.summary, &dir, &written));
    } else {
        print!("{}", screen::period_line(&outcome.summary, &dir));
    }
    Ok(exit_code(&outcome, false))
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let inputs = pipeline::inputs_or_default(&args.inputs);
    let Some(folders) = period_folders(&inputs).map_err(Error::Usage)? else {
        return check_batch(&inputs, args.config.as_deref()).map(ExitCode::from);
    };
    let mut worst = 0;
    for folder in &folders {
        println!("== 报告期 {} ==", folder.period);
        worst = worse(worst, check_batch(std::slice::from_ref(&folder.path), args.config.as_deref())?);
    }
    Ok(ExitCode::from(worst))
}

fn check_batch(inputs: &[PathBuf], config: Option<&Path>) -> Result<u8, Error> {
    let batch = Batch::prepare(inputs, config, None, false)?;
    let outcome = with_progress(&batch, &History::default())?;
    print!("{}", screen::check_report(&outcome.summary));
    Ok(exit_code(&outcome, true))
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

fn sample(args: SampleArgs) -> Result<ExitCode, Error> {
    let options = SampleOptions { unions: args.unions, rows: args.rows, seed: args.seed };
    let sample = bangfu::sample::generate(&options).map_err(Error::Usage)?;
    for file in &sample.files {
        report::write_atomic(&args.out.join(&file.path), &file.bytes)?;
    }
    let planted = args.out.join(sample.period).join(".planted.tsv");
    report::write_atomic(&planted, bangfu::sample::planted_tsv(&sample.planted).as_bytes())?;
    println!(
        "示例数据已写入 {}：{} 个文件，{} 处预置问题（清单见 {}）",
        args.out.display(),
        sample.files.len(),
        sample.planted.len(),
        planted.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn cause(args: CauseArgs) -> Result<ExitCode, Error> {
    let file = match &args.config {
        Some(path) => ConfigFile::load(path)?,
        None => ConfigFile::default(),
    };
    let where_ = args.config.clone().unwrap_or_else(|| "bangfu.toml".into());
    let dictionary = Dictionary::new(&file.causes).map_err(|message| Error::Config { path: where_, message })?;
    let c = dictionary.classify(&args.text, &args.secondary);
    println!("主要致困原因：{} {}", c.primary, classify::label(c.primary).unwrap_or(""));
    let secondary: Vec<String> =
        c.secondary.iter().map(|&s| format!("{} {}", s, classify::label(s).unwrap_or(""))).collect();
    println!("次要致困原因：{}", if secondary.is_empty() { "无".to_string() } else { secondary.join("、") });
    println!("归类依据：{}", if c.term.is_empty() { "（未找到可归类的词）" } else { &c.term });
    if !c.confident {
        println!("无法可靠归类：统计时计为“10 其他”，并提示 W212 需人工复核");
    }
    Ok(ExitCode::SUCCESS)
}

/// 1 when nothing was readable (or, for `check`, when any row has an error); 2 when a
/// file could not be read; else 0.
fn exit_code(outcome: &Outcome, errors_fail: bool) -> u8 {
    if outcome.nothing_readable() || (errors_fail && outcome.summary.findings.errors > 0) {
        1
    } else if outcome.some_file_unreadable() {
        2
    } else {
        0
    }
}

/// The worse of two exit codes: 1 (nothing done, or errors for `check`) over 2 over 0.
fn worse(a: u8, b: u8) -> u8 {
    if a == 1 || b == 1 {
        1
    } else {
        a.max(b)
    }
}

/// Runs the batch with a progress bar on a terminal, quietly otherwise.
fn with_progress(batch: &Batch, history: &History) -> Result<Outcome, Error> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(batch.files.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} 个文件  {msg}") {
        bar.set_style(style);
    }
    let outcome = batch.run(history, &|name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    outcome
}
