//! The `bangfu` binary: parse the command line, run the library, show progress and the
//! summary on the terminal, and map the outcome to an exit code (SPEC §9):
//! 0 done; 2 done but some file could not be read; 1 nothing could be done.

use std::io::IsTerminal;
use std::process::ExitCode;

use bangfu::archive::history::History;
use bangfu::classify::{self, Dictionary};
use bangfu::cli::{CauseArgs, CheckArgs, Cli, Command, RunArgs, SampleArgs};
use bangfu::config::ConfigFile;
use bangfu::error::Error;
use bangfu::pipeline::{Batch, Outcome};
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
    let batch = Batch::prepare(&args.inputs, args.config.as_deref(), args.period.as_deref(), args.reveal_ids)?;
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
    print!("{}", screen::run_summary(&outcome.summary, &dir, &written));
    Ok(exit_code(&outcome, false))
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let batch = Batch::prepare(&args.inputs, args.config.as_deref(), None, false)?;
    let outcome = with_progress(&batch, &History::default())?;
    print!("{}", screen::check_report(&outcome.summary));
    Ok(exit_code(&outcome, true))
}

fn sample(args: SampleArgs) -> Result<ExitCode, Error> {
    let options = SampleOptions { unions: args.unions, rows: args.rows, seed: args.seed };
    let sample = bangfu::sample::generate(&options).map_err(Error::Usage)?;
    for file in &sample.files {
        report::write_atomic(&args.out.join(&file.path), &file.bytes)?;
    }
    report::write_atomic(&args.out.join(".planted.tsv"), bangfu::sample::planted_tsv(&sample.planted).as_bytes())?;
    println!(
        "示例数据已写入 {}：{} 个文件，{} 处预置问题（清单见 .planted.tsv）",
        args.out.display(),
        sample.files.len(),
        sample.planted.len()
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
fn exit_code(outcome: &Outcome, errors_fail: bool) -> ExitCode {
    if outcome.nothing_readable() || (errors_fail && outcome.summary.findings.errors > 0) {
        ExitCode::from(1)
    } else if outcome.some_file_unreadable() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
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
