//! The `bangfu` binary: parse the command line, run the library, show progress and the
//! summary on the terminal, and map the outcome to an exit code (SPEC §9):
//! 0 done; 2 done but some file could not be read; 1 nothing could be done.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use bangfu::classify::{self, Dictionary};
use bangfu::cli::{BatchArgs, CauseArgs, CheckArgs, Cli, Command, RunArgs, SampleArgs};
use bangfu::config::config_error;
use bangfu::error::Error;
use bangfu::history::{Earlier, History};
use bangfu::ingest::config_file;
use bangfu::output::summary::Summary;
use bangfu::output::{self, files, screen};
use bangfu::pipeline::{Batch, Outcome, Plan, Request};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

/// mimalloc instead of the system allocator: a run makes and frees tens of millions of
/// small strings on both cores, and the system allocator's free lists fragmented until a
/// quarter of roster.xlsx's time went to them (bench/README.md). Built without
/// transparent huge pages: each first touch of a 2 MB page zeroed all of it, which cost
/// more memory (some 65 MB at 100,000 rows) and time than it saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args),
        Command::Check(args) => check(args),
        Command::Sample(args) => sample(args),
        Command::Cause(args) => cause(args),
        Command::ReadOneFile(args) => Ok(bangfu::ingest::isolate::serve(&args.path, &args.format, args.max_cells)),
    };
    result.unwrap_or_else(|error| {
        eprintln!("bangfu: {error}");
        ExitCode::from(1)
    })
}

fn run(args: RunArgs) -> Result<ExitCode, Error> {
    let _lock = files::lock(&args.batch.out)?;
    let plan = plan(&args.batch, args.reveal_ids)?;
    let out = &args.batch.out;
    each_period(&plan, out, |batch, outcome, last| {
        let summary = Summary::new(&batch.settings, outcome);
        if outcome.nothing_readable() {
            eprint!("{}", screen::check_report(&summary));
            return Err(Error::NoInput("没有一个文件能读出花名册、台账或职工人数表".into()));
        }
        let written = output::write_period(out, &batch.settings, outcome)?;
        let dir = out.join(batch.settings.period.to_string());
        if last {
            print!("{}", screen::run_summary(&summary, &dir, &written));
        } else {
            print!("{}", screen::period_line(&summary, &dir));
        }
        Ok(exit_code(outcome, false))
    })
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let plan = plan(&args.batch, false)?;
    let several = plan.steps.len() > 1;
    each_period(&plan, &args.batch.out, |batch, outcome, _| {
        if several {
            println!("== 报告期 {} ==", batch.settings.period);
        }
        print!("{}", screen::check_report(&Summary::new(&batch.settings, outcome)));
        Ok(exit_code(outcome, true))
    })
}

fn plan(args: &BatchArgs, reveal_ids: bool) -> Result<Plan, Error> {
    Ok(Plan::new(Request {
        inputs: &args.inputs,
        config: args.config.as_deref(),
        period: args.period.as_deref(),
        reveal_ids,
    })?
    .writing_to(&args.out))
}

/// Runs the periods of a plan oldest first, each seeing the ones before it (archived
/// under `out`, or run just before), and hands each outcome to `each` (`true` for the
/// last period). A period that fails is named and the later ones still run.
fn each_period(
    plan: &Plan,
    out: &Path,
    mut each: impl FnMut(&Batch, &Outcome, bool) -> Result<u8, Error>,
) -> Result<ExitCode, Error> {
    let mut history = History::default();
    let (mut worst, mut failed) = (0, 0);
    for (i, step) in plan.steps.iter().enumerate() {
        let last = i + 1 == plan.steps.len();
        let result = plan.prepare(step).and_then(|batch| {
            let period = batch.settings.period;
            for problem in history.load(out, period) {
                eprintln!("bangfu: 以前报告期的存档无法读取，已略过：{problem}");
            }
            let outcome = with_progress(&batch, &history.before(period))?;
            let code = each(&batch, &outcome, last)?;
            if last {
                // Nothing reads the last period again: its rows are left for the system
                // to take back when the process ends, not freed one by one (at a
                // million rows that took seconds).
                std::mem::forget(outcome);
            } else {
                history.push(outcome.into_archived(period));
            }
            Ok(code)
        });
        match (result, step.period_folder()) {
            (Ok(code), _) => worst = worse(worst, code),
            (Err(error), Some(period)) => {
                eprintln!("bangfu: 报告期 {period} 未能完成：{error}");
                failed += 1;
            }
            (Err(error), None) => return Err(error),
        }
    }
    Ok(ExitCode::from(match failed {
        0 => worst,
        n if n == plan.steps.len() => 1,
        _ => 2,
    }))
}

fn sample(args: SampleArgs) -> Result<ExitCode, Error> {
    let options = bangfu_sample::SampleOptions { unions: args.unions, rows: args.rows, seed: args.seed };
    let sample = bangfu_sample::generate(&options).map_err(Error::Usage)?;
    for file in &sample.files {
        files::write_atomic(&args.out.join(&file.path), &file.bytes)?;
    }
    let planted = args.out.join(sample.period).join(".planted.tsv");
    files::write_atomic(&planted, bangfu_sample::planted_tsv(&sample.planted).as_bytes())?;
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
    let file = config_file::read(args.config.as_deref())?;
    let where_ = args.config.clone().unwrap_or_else(|| "bangfu.toml".into());
    let dictionary = Dictionary::new(&file.causes).map_err(|message| config_error(&where_, message))?;
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
    if outcome.nothing_readable() || (errors_fail && outcome.errors() > 0) {
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
fn with_progress(batch: &Batch, earlier: &Earlier) -> Result<Outcome, Error> {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new(batch.files.len() as u64)
    } else {
        ProgressBar::hidden()
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} 个文件  {msg}") {
        bar.set_style(style);
    }
    let outcome = batch.run(earlier, &|name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    outcome
}
