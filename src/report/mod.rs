//! Writing the outputs of a run into `<out>/<period>/` (SPEC §7).
//!
//! Every file is written atomically: to a temporary file beside it, then renamed, so a
//! crash never leaves half a report.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::summary::Summary;

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |source| Error::Write { path: path.to_path_buf(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp"));
    std::fs::write(&temp, bytes).map_err(fail)?;
    std::fs::rename(&temp, path).map_err(fail)
}

/// Writes every output of a run; returns the files written.
pub fn write_all(dir: &Path, summary: &Summary) -> Result<Vec<PathBuf>, Error> {
    let path = dir.join("summary.json");
    let mut json = serde_json::to_vec_pretty(summary).unwrap_or_default();
    json.push(b'\n');
    write_atomic(&path, &json)?;
    Ok(vec![path])
}
