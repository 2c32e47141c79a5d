//! The one helper every output goes through.
//!
//! A period's outputs are written into a hidden folder beside `<out>/<period>/` and
//! replace it whole once everything is written ([`PeriodFolder`]): a run that stops half
//! way leaves the earlier outputs of the period as they were. On Linux the two folders
//! are swapped in one step (`renameat2` with `RENAME_EXCHANGE`), so at every moment
//! `<out>/<period>` is wholly the earlier outputs or wholly the new ones; elsewhere the
//! old folder is renamed aside first. One run at a time writes into an output folder
//! ([`lock`], an advisory lock on `<out>/.lock`); the run holding it first removes the
//! hidden folders that killed runs left behind (history only reads folders named like a
//! period, so it never sees them). Files are created through
//! it, so each writer can stream into its file as it produces it; the archive's files are
//! created readable by their owner only. A single file outside a period folder (the
//! sample) is written atomically ([`write_atomic`]).

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A file being written: buffered, flushed by [`finish`].
pub type Output = BufWriter<File>;

/// The outputs of one period, written beside their final folder.
#[derive(Debug)]
pub struct PeriodFolder {
    /// Where the outputs are written first.
    staging: PathBuf,
    /// `<out>/<period>`, replaced when the outputs are complete.
    target: PathBuf,
}

impl PeriodFolder {
    /// Starts writing the outputs that will replace `target`.
    pub fn begin(target: &Path) -> Result<PeriodFolder, Error> {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let staging = target.with_file_name(format!(".{name}.writing"));
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| write_error(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| write_error(&staging, e))?;
        Ok(PeriodFolder { staging, target: target.to_path_buf() })
    }

    /// The final path of an output, as the user will find it.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.target.join(relative)
    }

    /// Creates an output file (and its folder).
    pub fn create(&self, relative: &str) -> Result<Output, Error> {
        self.open(relative, false)
    }

    /// Creates an output file readable by its owner only, in a folder likewise (the
    /// archive, which holds full ID numbers).
    pub fn create_private(&self, relative: &str) -> Result<Output, Error> {
        self.open(relative, true)
    }

    fn open(&self, relative: &str, private: bool) -> Result<Output, Error> {
        let path = self.staging.join(relative);
        let fail = |e| write_error(&self.path(relative), e);
        if let Some(parent) = path.parent() {
            let mut folder = fs::DirBuilder::new();
            folder.recursive(true);
            if private {
                owner_only_folder(&mut folder);
            }
            folder.create(parent).map_err(fail)?;
        }
        // A file of this name written before is unlinked, not truncated: it may still be
        // read (a workbook whose rows were compressed into it, written anew at its save).
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fail(e)),
            _ => {}
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(true);
        if private {
            owner_only(&mut options);
        }
        options.open(&path).map(BufWriter::new).map_err(fail)
    }

    /// Replaces the period's folder with the outputs written.
    pub fn commit(self) -> Result<PathBuf, Error> {
        if exchange(&self.staging, &self.target).is_ok() {
            // The staging folder now holds the earlier outputs.
            fs::remove_dir_all(&self.staging).map_err(|e| write_error(&self.staging, e))?;
            return Ok(self.target);
        }
        let old = self.target.with_file_name(format!(
            ".{}.old",
            self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ));
        if self.target.exists() {
            if old.exists() {
                fs::remove_dir_all(&old).map_err(|e| write_error(&old, e))?;
            }
            fs::rename(&self.target, &old).map_err(|e| write_error(&self.target, e))?;
        }
        fs::rename(&self.staging, &self.target).map_err(|e| write_error(&self.target, e))?;
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| write_error(&old, e))?;
        }
        Ok(self.target)
    }
}

/// Swaps two existing folders in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The lock on an output folder, held until dropped; the lock file is removed then, so
/// the folder holds only outputs.
#[derive(Debug)]
pub struct OutputLock {
    file: Option<File>,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        drop(self.file.take());
    }
}

/// Takes the output folder for this run: the second run on the same folder fails at
/// once, naming it. Then removes what killed runs left there.
pub fn lock(out: &Path) -> Result<OutputLock, Error> {
    fs::create_dir_all(out).map_err(|e| write_error(out, e))?;
    let path = out.join(".lock");
    let file =
        OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| write_error(&path, e))?;
    if !try_lock(&file) {
        let busy = std::io::Error::other("另一个 bangfu 正在写入这个输出文件夹，请等它结束后再运行");
        return Err(write_error(out, busy));
    }
    remove_leftovers(out)?;
    Ok(OutputLock { file: Some(file), path })
}

#[cfg(unix)]
fn try_lock(file: &File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor this process owns.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_: &File) -> bool {
    true
}

/// Removes `.<period>.writing` and `.<period>.old` folders of runs that were killed.
fn remove_leftovers(out: &Path) -> Result<(), Error> {
    let Ok(entries) = fs::read_dir(out) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let temporary = name.starts_with('.') && (name.ends_with(".writing") || name.ends_with(".old"));
        if temporary && entry.file_type().is_ok_and(|t| t.is_dir()) {
            fs::remove_dir_all(entry.path()).map_err(|e| write_error(&entry.path(), e))?;
        }
    }
    Ok(())
}

/// Flushes a finished output.
pub fn finish(mut output: Output, path: &Path) -> Result<(), Error> {
    output.flush().map_err(|e| write_error(path, e))
}

/// Files created `rw-------` where the platform has permissions.
#[cfg(unix)]
fn owner_only(options: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600);
}

/// Folders created `rwx------` where the platform has permissions.
#[cfg(unix)]
fn owner_only_folder(folder: &mut fs::DirBuilder) {
    use std::os::unix::fs::DirBuilderExt;
    folder.mode(0o700);
}

#[cfg(not(unix))]
fn owner_only(_: &mut OpenOptions) {}

#[cfg(not(unix))]
fn owner_only_folder(_: &mut fs::DirBuilder) {}

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source| write_error(path, source);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp"));
    fs::write(&temp, bytes).map_err(fail)?;
    fs::rename(&temp, path).map_err(fail)
}

/// A write error naming the path.
pub fn write_error(path: &Path, source: std::io::Error) -> Error {
    Error::Write { path: path.to_path_buf(), source }
}
