//! The archive (SPEC §7): each run keeps its clean roster, its payments and its workforce
//! table as parquet in `<out>/<period>/archive/`, with full IDs — the system of record
//! that later runs read for the trend, the dynamics and the yearly aid caps.

pub mod frames;
pub mod history;

use std::path::{Path, PathBuf};

use polars::prelude::{DataFrame, ParquetReader, ParquetWriter, PolarsResult, SerReader};

use crate::config::Settings;
use crate::error::Error;
use crate::pipeline::Outcome;
use crate::report::write_atomic;

/// The archive folder inside a period's output folder.
pub const FOLDER: &str = "archive";
/// The clean roster.
pub const ROSTER: &str = "roster.parquet";
/// The accepted payments.
pub const LEDGER: &str = "ledger.parquet";
/// The workforce table.
pub const WORKFORCE: &str = "workforce.parquet";

/// Writes the archive of a run into `folder`; returns the files written.
pub fn write(folder: &Path, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let workers: Vec<_> = outcome.roster.accepted().collect();
    let stats = |e: polars::prelude::PolarsError| Error::Stats(e.to_string());
    let standing = &outcome.summary.tables.dynamics.standing;
    let mut frames = [
        (ROSTER, frames::roster(&workers, &outcome.ingested, &settings.file.dibao, standing).map_err(stats)?),
        (LEDGER, frames::ledger(&outcome.ledger.payments).map_err(stats)?),
        (WORKFORCE, frames::workforce(&outcome.workforce).map_err(stats)?),
    ];
    let mut written = Vec::new();
    for (name, frame) in &mut frames {
        let path = folder.join(name);
        write_parquet(&path, frame)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a frame as parquet, atomically.
pub fn write_parquet(path: &Path, frame: &mut DataFrame) -> Result<(), Error> {
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(frame)
        .map_err(|e| Error::Write { path: path.to_path_buf(), source: std::io::Error::other(e.to_string()) })?;
    write_atomic(path, &bytes)
}

/// Reads a parquet file.
pub fn read_parquet(path: &Path) -> PolarsResult<DataFrame> {
    let file = std::fs::File::open(path)?;
    ParquetReader::new(file).finish()
}
