//! Fatal errors: problems that stop a command before it can do anything useful
//! (bad arguments, unreadable configuration, no input). Problems in the data are
//! findings, not errors.

use std::path::PathBuf;

/// A fatal error, naming what it is about.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The configuration file could not be read or understood.
    #[error("配置文件 {path} 有误：{message}")]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong, in Chinese where bangfu wrote it.
        message: String,
    },
    /// A value given on the command line or in the configuration is not valid.
    #[error("{0}")]
    Usage(String),
    /// No spreadsheet was found to read.
    #[error("没有可读取的输入文件：{0}")]
    NoInput(String),
    /// The tables could not be computed (a fault of bangfu, not of the data).
    #[error("统计表计算失败：{0}")]
    Stats(String),
    /// An output could not be written.
    #[error("无法写入 {path}：{source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}
