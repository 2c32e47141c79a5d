//! The second line of defence: workbooks that calamine reads whole (xls, ods) are read
//! in a child process of bangfu itself, under a memory limit.
//!
//! The pre-flight ([`super::preflight`]) refuses the declarations it knows to be
//! dangerous, but a reader can still meet a file that makes it allocate without bound,
//! and an allocation failure aborts the process: `catch_unwind` cannot catch it, and the
//! whole batch would end with it. So the reading that cannot be bounded from outside
//! runs where its failure ends only itself: the hidden subcommand [`HIDDEN`] of the same
//! executable reads one file with its address space and processor time limited
//! (`RLIMIT_AS`, `RLIMIT_CPU`, unix), bangfu kills it past a wall-time deadline, and it
//! hands the grids back on stdout in [`super::wire`]'s compact form. A child that ran
//! out of memory or time is F004, any other crash F001 (SPEC §4); the batch goes on.
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

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::grid::Grid;
use super::sniff::Format;
use super::wire::{self, Reader};
use crate::finding::Code;

/// The hidden subcommand that reads one file for its parent.
pub const HIDDEN: &str = "read-one-file";

/// The address space a reader child may use.
const CHILD_MEMORY: u64 = 4 << 30;

/// The processor time a reader child may use before the system ends it (`RLIMIT_CPU`,
/// SIGXCPU), and its file is F004.
///
/// SPEC §4 gives F004 to a file over a resource limit and to a reader that ran out of
/// memory on it; time is the resource left once memory is bounded: a declaration the
/// pre-flight did not foresee can as well make a reader loop for hours as allocate
/// terabytes, and either way the batch must go on without that file. So a reader that
/// exhausted its time is F004 like one that exhausted its memory (not F001: nothing
/// shows the file corrupt, only too costly to read).
///
/// Why 120 s: measured 2026-12-02 (bench/README.md, "Reading in a child process"), a
/// 1.3-million-cell .ods takes 11 s of processor time to read and an .xls of the same
/// cells 3.4 s; the largest file the cell limit lets through (`max_cells`, 5 million
/// cells) is then some 45 s for an .ods, so 120 s leaves more than twice that. Processor
/// time, not wall time, so that a loaded machine (the same .ods took 50 s of wall time
/// there) does not end a good file.
const CHILD_CPU: u64 = 120;

/// The wall time a reader child may take before bangfu kills it (F004 too): the backstop
/// for a child that does not use its processor time (waits, or is starved). Five times
/// [`CHILD_CPU`]: on a machine so loaded that a good file takes longer than this, the
/// batch is better told than left waiting.
const CHILD_TIME: Duration = Duration::from_secs(5 * CHILD_CPU);

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
    let child = Command::new(exe)
        .arg(HIDDEN)
        .arg(path)
        .arg(format.label())
        .arg(max_cells.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| crashed(&format!("无法启动读取进程：{e}")))?;
    let output = finish(child, CHILD_TIME).map_err(|e| crashed(&format!("等待读取进程时出错：{e}")))?;
    let Some(status) = output.status else {
        return Err(too_slow(&format!("超过 {} 秒", CHILD_TIME.as_secs())));
    };
    if !status.success() {
        return Err(died(&status, &String::from_utf8_lossy(&output.stderr)));
    }
    decode(&output.stdout).unwrap_or_else(|| Err(crashed("读取进程的输出不完整")))
}

/// What a child left: its exit status (`None`: killed at the deadline) and its output.
struct Finished {
    status: Option<ExitStatus>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Waits for a child for at most `limit`, draining its stdout and stderr meanwhile (a
/// child blocked on a full pipe would otherwise look like a slow one).
fn finish(mut child: Child, limit: Duration) -> std::io::Result<Finished> {
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_until(&mut child, Instant::now() + limit)?;
    let joined = |pipe: JoinHandle<Vec<u8>>| pipe.join().unwrap_or_default();
    Ok(Finished { status, stdout: joined(stdout), stderr: joined(stderr) })
}

/// Reads a pipe to its end on a thread of its own.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Waits for `child` to end until `deadline`; a child still running then is killed and
/// reaped, and the answer is `None`. Polls with a pause growing from 1 ms to 50 ms, so a
/// quick child costs no wait and a slow one few wake-ups.
fn wait_until(child: &mut Child, deadline: Instant) -> std::io::Result<Option<ExitStatus>> {
    let mut pause = Duration::from_millis(1);
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            let _ = child.kill();
            child.wait()?;
            return Ok(None);
        }
        std::thread::sleep(pause.min(left));
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

fn crashed(what: &str) -> Failure {
    (Code::F001, format!("读取文件时出现内部错误（{what}），文件结构异常。请用Excel打开后另存为.xlsx再报送。"))
}

/// F004 for a child that ran out of time (`what`: which time, how much).
fn too_slow(what: &str) -> Failure {
    (
        Code::F004,
        format!("读取此文件{what}仍未完成，已中止，未读取：文件结构异常或过大。请用Excel打开后另存为.xlsx再报送。"),
    )
}

/// What a child's end says: out of memory or of processor time (F004), or another
/// crash (F001).
fn died(status: &ExitStatus, stderr: &str) -> Failure {
    if killed_by(status, SIGXCPU) {
        return too_slow(&format!("用完 {CHILD_CPU} 秒处理器时间"));
    }
    if stderr.contains("memory allocation of") || killed_by(status, 9) {
        let limit = CHILD_MEMORY >> 20;
        return (Code::F004, format!("读取此文件所需内存超过上限 {limit} MB，文件结构异常或过大，未读取"));
    }
    crashed(&format!("读取进程异常退出：{status}"))
}

#[cfg(unix)]
fn killed_by(status: &ExitStatus, signal: i32) -> bool {
    use std::os::unix::process::ExitStatusExt;
    status.signal() == Some(signal)
}

#[cfg(not(unix))]
fn killed_by(_: &ExitStatus, _: i32) -> bool {
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
    lower_limit(Limit::Memory, CHILD_MEMORY);
    lower_limit(Limit::Processor, CHILD_CPU);
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

/// A limit the system enforces on the child.
enum Limit {
    /// Address space, bytes (`RLIMIT_AS`).
    Memory,
    /// Processor time, seconds (`RLIMIT_CPU`: SIGXCPU when it is spent).
    Processor,
}

#[cfg(unix)]
const SIGXCPU: i32 = libc::SIGXCPU;
#[cfg(not(unix))]
const SIGXCPU: i32 = 24;

/// Lowers one of this process's limits to `value` (never raises it).
#[cfg(unix)]
fn lower_limit(which: Limit, value: u64) {
    let resource = match which {
        Limit::Memory => libc::RLIMIT_AS,
        Limit::Processor => libc::RLIMIT_CPU,
    };
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit and setrlimit only read and write the struct given to them.
    unsafe {
        if libc::getrlimit(resource, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_cur.min(value as libc::rlim_t);
            libc::setrlimit(resource, &limit);
        }
    }
}

#[cfg(not(unix))]
fn lower_limit(_: Limit, _: u64) {}

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
        assert_eq!(died(&std::process::ExitStatus::from_raw(libc::SIGXCPU), "").0, Code::F004);
    }

    #[cfg(unix)]
    #[test]
    fn a_child_past_its_deadline_is_killed_and_a_quick_one_is_waited_for() {
        let mut slow = Command::new("sleep").arg("600").spawn().expect("sleep");
        let started = Instant::now();
        assert_eq!(wait_until(&mut slow, Instant::now() + Duration::from_millis(20)).expect("wait"), None);
        assert!(started.elapsed() < Duration::from_secs(300), "the sleeper was not killed at its deadline");
        assert!(slow.try_wait().expect("reaped").is_some());
        let mut quick = Command::new("true").spawn().expect("true");
        let status = wait_until(&mut quick, Instant::now() + Duration::from_secs(600)).expect("wait");
        assert!(status.is_some_and(|s| s.success()));
    }

    #[cfg(unix)]
    #[test]
    fn a_child_s_output_is_drained_while_it_is_waited_for() {
        // 1 MB is more than a pipe holds: undrained, the child would block to its deadline.
        let child = Command::new("head")
            .args(["-c", "1048576", "/dev/zero"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("head");
        let finished = finish(child, Duration::from_secs(600)).expect("finish");
        assert!(finished.status.is_some_and(|s| s.success()));
        assert_eq!(finished.stdout.len(), 1 << 20);
        assert!(finished.stderr.is_empty());
    }
}
