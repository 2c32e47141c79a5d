//! The command line (SPEC §9): clap definitions. Raw flags only; they are checked and
//! turned into [`crate::config::Settings`] by [`crate::pipeline`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// bangfu（帮扶）：合并、核查困难职工花名册与帮扶台账，生成统计报表。
#[derive(Debug, Parser)]
#[command(name = "bangfu", version, about, long_about = None)]
pub struct Cli {
    /// 要执行的命令
    #[command(subcommand)]
    pub command: Command,
}

/// The three commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 批量处理：读取、核查、去重、统计，输出报表到 <out>/<报告期>/
    Run(RunArgs),
    /// 只读取和核查，把问题列在终端；有错误时退出码为 1
    Check(CheckArgs),
    /// 生成一批逼真的示例数据（sample_data/ 中就是它的默认输出）
    Sample(SampleArgs),
    /// 试一试致困原因归类：给出一段原因文字，显示归入的编码、名称和依据
    Cause(CauseArgs),
    /// Reads one workbook for a parent bangfu, under a memory limit (internal).
    #[command(name = "read-one-file", hide = true)]
    ReadOneFile(ReadOneFileArgs),
}

/// The hidden `read-one-file`: what a reader child is asked to read.
#[derive(Debug, Args)]
pub struct ReadOneFileArgs {
    /// The file.
    pub path: PathBuf,
    /// Its format, as sniffed by the parent (xls, ods, …).
    pub format: String,
    /// The cell limit of one sheet.
    pub max_cells: u64,
}

/// `bangfu cause`.
#[derive(Debug, Args)]
pub struct CauseArgs {
    /// 主要致困原因的文字，例如 "丈夫车祸去世，女儿上大学"
    pub text: String,
    /// 次要致困原因的文字
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub secondary: String,
    /// 配置文件（其中 [causes] 可补充词条）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// What `run` and `check` both take: the inputs, the period, the output folder (where
/// `check` only reads the earlier periods' archives) and the configuration.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// 输入的文件或文件夹（文件夹递归读取）；不填则读取 sample_data/
    pub inputs: Vec<PathBuf>,
    /// 报告期，YYYY 或 YYYY-MM（默认取配置文件，再默认当前月份）
    #[arg(long, value_name = "P")]
    pub period: Option<String>,
    /// 输出文件夹（check 不写文件，只从中读取以前报告期的存档）
    #[arg(long, value_name = "DIR", default_value = "reports")]
    pub out: PathBuf,
    /// 配置文件（默认读取输入文件夹中的 bangfu.toml）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// `bangfu run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// 输入、报告期、输出和配置
    #[command(flatten)]
    pub batch: BatchArgs,
    /// 在输出的工作簿中显示完整身份证号和电话（默认打码）
    #[arg(long)]
    pub reveal_ids: bool,
}

/// `bangfu check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 输入、报告期、输出和配置
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// `bangfu sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// 输出文件夹
    #[arg(long, value_name = "DIR", default_value = "sample_data")]
    pub out: PathBuf,
    /// 基层工会个数（至少 3）
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub unions: usize,
    /// 花名册总行数
    #[arg(long, value_name = "N", default_value_t = 240)]
    pub rows: usize,
    /// 随机种子：同一种子生成完全相同的文件
    #[arg(long, value_name = "S", default_value_t = 2026)]
    pub seed: u64,
}
