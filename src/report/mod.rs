//! Writing the outputs of a run into `<out>/<period>/` (SPEC §7).
//!
//! Every file is written atomically: to a temporary file beside it, then renamed, so a
//! crash never leaves half a report.

pub mod book;
pub mod charts;
pub mod feedback;
pub mod form;
pub mod quality;
pub mod roster;
pub mod statistics;

use std::path::{Path, PathBuf};

use crate::archive;
use crate::config::Settings;
use crate::error::Error;
use crate::pipeline::Outcome;

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

/// Writes every output of a run into `dir`; returns the files written.
pub fn write_all(dir: &Path, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let (ingested, roster, findings) = (&outcome.ingested, &outcome.roster, &outcome.findings);
    let report_path = dir.join("report.xlsx");
    statistics::write(&report_path, settings, &outcome.summary.tables)?;
    let roster_path = dir.join("roster.xlsx");
    roster::write(&roster_path, settings, ingested, roster, findings, &outcome.summary.tables.dynamics.standing)?;
    let quality_path = dir.join("quality.xlsx");
    quality::write(&quality_path, settings, ingested, roster, &outcome.ledger, findings)?;
    let feedback_dir = dir.join("feedback");
    if feedback_dir.is_dir() {
        std::fs::remove_dir_all(&feedback_dir).map_err(|source| Error::Write { path: feedback_dir.clone(), source })?;
    }
    let mut written = vec![report_path, roster_path, quality_path];
    written.extend(feedback::write_all(&feedback_dir, ingested, findings, settings.reveal_ids)?);
    let summary_path = dir.join("summary.json");
    let mut json = serde_json::to_vec_pretty(&outcome.summary).unwrap_or_default();
    json.push(b'\n');
    write_atomic(&summary_path, &json)?;
    written.push(summary_path);
    written.extend(archive::write(&dir.join(archive::FOLDER), settings, outcome)?);
    Ok(written)
}
