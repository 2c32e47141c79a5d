//! The outputs of a run (SPEC §7), each a writer of rows and tables: report.xlsx
//! ([`report`]), roster.xlsx ([`roster`]), quality.xlsx ([`quality`]), one feedback
//! workbook per union ([`feedback`]), summary.json ([`summary`]) and the parquet
//! archive ([`archive`]); and the text shown on the terminal ([`screen`]).
//!
//! Every file goes through [`files`]: a period's outputs are written beside
//! `<out>/<period>/` and replace it whole. Personal numbers are masked as they are
//! written, by [`mask`].

pub mod archive;
pub mod book;
pub mod charts;
pub mod clean_roster;
pub mod feedback;
pub mod files;
pub mod form;
pub mod mask;
pub mod quality;
pub mod report;
pub mod roster;
pub mod screen;
pub mod summary;

use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::error::Error;
use crate::pipeline::Outcome;
use files::PeriodFolder;

/// Writes every output of a run into `<out>/<period>/`, replacing what was there;
/// returns the files written.
pub fn write_period(out: &Path, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let folder = PeriodFolder::begin(&out.join(settings.period.to_string()))?;
    let mut written = vec![
        report::write(&folder, "report.xlsx", settings, &outcome.tables)?,
        roster::write(&folder, "roster.xlsx", settings, outcome)?,
        quality::write(&folder, "quality.xlsx", settings, outcome)?,
    ];
    written.extend(feedback::write_all(&folder, "feedback", outcome)?);
    written.push(summary::write(&folder, "summary.json", settings, outcome)?);
    written.extend(archive::write(&folder, settings, outcome)?);
    folder.commit()?;
    Ok(written)
}
