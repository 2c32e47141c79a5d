//! The outputs of a run (SPEC §7), each a writer of rows and tables: report.xlsx
//! ([`report`]), roster.xlsx ([`roster`]), quality.xlsx ([`quality`]), one feedback
//! workbook per union ([`feedback`]), summary.json ([`summary`]) and the parquet
//! archive ([`archive`]); and the text shown on the terminal ([`screen`]).
//!
//! Every file goes through [`files`]: a period's outputs are written beside
//! `<out>/<period>/` and replace it whole. Personal numbers are masked as they are
//! written, by [`mask`]. The workbooks share [`book`] (styles, lists, the save); the
//! rows of their lists are written as sheet XML by [`sheet_xml`] and go through a
//! [`spool`] to the save, compressed as they come or when the workbook is saved.

pub mod archive;
pub mod book;
pub mod charts;
pub mod clean_roster;
pub mod feedback;
pub mod files;
pub mod form;
pub mod mask;
pub mod notes;
pub mod quality;
pub mod report;
pub mod roster;
pub mod screen;
pub mod sheet_xml;
pub mod spool;
pub mod summary;
pub mod xml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Settings;
use crate::error::Error;
use crate::pipeline::Outcome;
use crate::stage::stage;
use files::PeriodFolder;

/// One writer of [`write_period`]: the files it wrote.
type Writer<'a> = dyn Fn() -> Result<Vec<PathBuf>, Error> + Sync + 'a;

/// Writes every output of a run into `<out>/<period>/`, replacing what was there, the
/// writers side by side: each core takes the next writer as it comes free, the longest
/// first (each writer's place in that order beside its name), so that both cores stay
/// busy to the end; returns the files written, in the writers' order below.
pub fn write_period(out: &Path, settings: &Settings, outcome: &Outcome) -> Result<Vec<PathBuf>, Error> {
    let period = PeriodFolder::begin(&out.join(settings.period.to_string()))?;
    let folder = &period;
    let flagged = &outcome.ingested.records_at(&outcome.findings);
    let writers: [(&str, u8, &Writer); 6] = [
        ("report.xlsx", 5, &|| Ok(vec![report::write(folder, "report.xlsx", settings, outcome)?])),
        ("roster.xlsx", 0, &|| Ok(vec![roster::write(folder, "roster.xlsx", settings, outcome)?])),
        ("quality.xlsx", 3, &|| Ok(vec![quality::write(folder, "quality.xlsx", settings, outcome, flagged)?])),
        ("feedback/", 1, &|| feedback::write_all(folder, "feedback", outcome, flagged)),
        ("summary.json", 4, &|| Ok(vec![summary::write(folder, "summary.json", settings, outcome)?])),
        ("archive/", 2, &|| archive::write(folder, settings, outcome)),
    ];
    let mut started: Vec<usize> = (0..writers.len()).collect();
    started.sort_by_key(|&k| writers[k].1);
    let mut written: Vec<(usize, Result<Vec<PathBuf>, Error>)> = stage("writers", || {
        let started = started.into_iter().map(|k| (k, writers[k]));
        started.par_bridge().map(|(k, (name, _, write))| (k, stage(name, write))).collect()
    });
    written.sort_by_key(|(k, _)| *k);
    let written: Vec<Vec<PathBuf>> = written.into_iter().map(|(_, files)| files).collect::<Result<_, Error>>()?;
    period.commit()?;
    Ok(written.concat())
}
