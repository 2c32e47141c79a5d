//! The second line of defence: workbooks that calamine reads whole (xls, ods) are read
//! in a child process of bangfu itself, under a memory limit.
//!
//! The pre-flight ([`super::preflight`]) refuses the declarations it knows to be
//! dangerous, but a reader can still meet a file that makes it allocate without bound,
//! and an allocation failure aborts the process: `catch_unwind` cannot catch it, and the
//! whole batch would end with it. So the reading that cannot be bounded from outside
//! runs where its failure ends only itself: the hidden subcommand [`HIDDEN`] of the same
//! executable reads one file with its address space limited (`RLIMIT_AS`, unix) and
//! hands the grids back on stdout in [`super::wire`]'s compact form. A child that ran
//! out of memory is F004, any other crash F001 (SPEC §4); the batch goes on.
//!
//! Why a child and not an allocation budget inside the process: a budget needs a global
//! allocator that counts per file across rayon's threads and still ends in an abort
//! when a reader ignores a failed allocation; a process is the boundary the operating
//! system already enforces, costs one spawn per file, and catches crashes of any kind.
//! xlsx and xlsb stay in process: they are streamed cell by cell with the cell limit, so
//! their memory is bounded by their pre-flight, and they are the bulk of every batch
//! (the cost of a child per xlsx is measured in bench/README.md). Only the binary
//! `bangfu` has the hidden subcommand: elsewhere (the library's tests) files are read
//! in process.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;

use super::grid::Grid;
use super::sniff::Format;
use super::wire::{self, Reader};
use crate::finding::Code;

/// The hidden subcommand that reads one file for its parent.
pub const HIDDEN: &str = "read-one-file";

/// The address space a reader child may use.
const CHILD_MEMORY: u64 = 4 << 30;

/// Whether files of this format are read in a child.
pub fn wanted(format: Format) -> bool {
    matches!(format, Format::Xls | Format::Ods) && executable().is_some()
}

/// The bangfu executable, when this process is one.
fn executable() -> Option<&'static PathBuf> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        (exe.file_stem()? == "bangfu").then_some(exe)
    })
    .as_ref()
}

/// A failed read: the code and the message.
pub type Failure = (Code, String);

/// Reads a workbook in a child.
pub fn read(path: &Path, format: Format, max_cells: u64) -> Result<Vec<Grid>, Failure> {
    let exe = executable().ok_or_else(|| crashed("无法启动读取进程"))?;
    let output = Command::new(exe)
        .arg(HIDDEN)
        .arg(path)
        .arg(format.label())
        .arg(max_cells.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| crashed(&format!("无法启动读取进程：{e}")))?;
    if !output.status.success() {
        return Err(died(&output.status, &String::from_utf8_lossy(&output.stderr)));
    }
    decode(&output.stdout).unwrap_or_else(|| Err(crashed("读取进程的输出不完整")))
}

fn crashed(what: &str) -> Failure {
    (Code::F001, format!("读取文件时出现内部错误（{what}），文件结构异常。请用Excel打开后另存为.xlsx再报送。"))
}

/// What a child's end says: out of memory (F004), or another crash (F001).
fn died(status: &std::process::ExitStatus, stderr: &str) -> Failure {
    if stderr.contains("memory allocation of") || killed_by(status, 9) {
        let limit = CHILD_MEMORY >> 20;
        return (Code::F004, format!("读取此文件所需内存超过上限 {limit} MB，文件结构异常或过大，未读取"));
    }
    crashed(&format!("读取进程异常退出：{status}"))
}

#[cfg(unix)]
fn killed_by(status: &std::process::ExitStatus, signal: i32) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(signal)
}

#[cfg(not(unix))]
fn killed_by(_: &std::process::ExitStatus, _: i32) -> bool {
    false
}

fn decode(bytes: &[u8]) -> Option<Result<Vec<Grid>, Failure>> {
    let mut reader = Reader::new(bytes);
    match reader.u8()? {
        0 => reader.grids().map(Ok),
        _ => {
            let code = match reader.u8()? {
                2 => Code::F002,
                4 => Code::F004,
                _ => Code::F001,
            };
            Some(Err((code, reader.string()?)))
        }
    }
}

fn encode(result: &Result<Vec<Grid>, Failure>) -> Vec<u8> {
    let mut out = Vec::new();
    match result {
        Ok(grids) => {
            out.push(0);
            wire::encode(grids, &mut out);
        }
        Err((code, message)) => {
            let code = match code {
                Code::F002 => 2,
                Code::F004 => 4,
                _ => 1,
            };
            out.extend([1, code]);
            wire::put_str(&mut out, message);
        }
    }
    out
}

/// The child's side: reads one workbook under the memory limit and writes the answer to
/// stdout.
pub fn serve(path: &Path, format: &str, max_cells: u64) -> ExitCode {
    limit_memory(CHILD_MEMORY);
    let format = [Format::Xlsx, Format::Xlsb, Format::Xls, Format::Ods].into_iter().find(|f| f.label() == format);
    let result = match format {
        Some(format) => super::read_workbook(path, format, max_cells),
        None => Err(crashed("未知格式")),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&encode(&result)).and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Lowers this process's address-space limit to `bytes` (never raises it).
#[cfg(unix)]
fn limit_memory(bytes: u64) {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct given to them.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_AS, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_cur.min(bytes as libc::rlim_t);
            libc::setrlimit(libc::RLIMIT_AS, &limit);
        }
    }
}

#[cfg(not(unix))]
fn limit_memory(_: u64) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Cell;

    #[test]
    fn answers_come_back_as_they_went() {
        let grids = vec![Grid::from_cells("S".into(), vec![(0, 0, Cell::Text("姓名".into()))], vec![])];
        assert_eq!(decode(&encode(&Ok(grids.clone()))), Some(Ok(grids)));
        let failure = (Code::F004, "太大".to_string());
        assert_eq!(decode(&encode(&Err(failure.clone()))), Some(Err(failure)));
        assert_eq!(decode(&[0, 1]), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_child_out_of_memory_is_f004_and_any_other_crash_f001() {
        use std::os::unix::process::ExitStatusExt;
        let aborted = std::process::ExitStatus::from_raw(6);
        assert_eq!(died(&aborted, "memory allocation of 103079215080 bytes failed").0, Code::F004);
        assert_eq!(died(&std::process::ExitStatus::from_raw(9), "").0, Code::F004);
        assert_eq!(died(&std::process::ExitStatus::from_raw(11), "").0, Code::F001);
        assert_eq!(died(&aborted, "thread 'main' panicked").0, Code::F001);
    }
}
