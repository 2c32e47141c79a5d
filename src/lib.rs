//! bangfu（帮扶）merges the rosters of workers in hardship and the aid ledgers that
//! grassroots trade unions send to their county or city union, checks every row, and
//! writes the statistical report, the data-quality lists and per-union feedback.
//!
//! One way through, in the order the data flows; each stage hands the next one type:
//!
//! ```text
//!  files ──▶ ingest ──────┐ Table (records of cells, with origin)
//!                         ├─▶ validate ─▶ dedup ─▶ stats ─────▶ output
//!  archives ─▶ history ───┘   Worker,     Roster   Tables      report.xlsx, roster.xlsx,
//!  (earlier periods)          Payment,    (fates)  (SPEC §6)   quality.xlsx, feedback/,
//!              Earlier ──────▶ Workforce  + standing            summary.json, archive/
//! ```
//!
//! - inputs: [`ingest`] (files → [`ingest::table::Table`]s) and [`history`] (the earlier
//!   periods' archives → [`history::Archived`]);
//! - rows: [`validate`] reads each record into a [`rows::Worker`] or [`rows::Payment`],
//!   normalising values ([`normalize`]), classifying causes ([`classify`]) and computing
//!   the tier ([`tier`]) on the way, and pushes findings; [`dedup`] settles each worker's
//!   fate; the pipeline stores its standing from the [`history::Earlier`] periods — what
//!   is learned about a worker is stored on that worker;
//! - statistics: [`stats`], pure: rows and history in, [`stats::Tables`] out;
//! - outputs: [`output`], each a writer of rows and tables, masking personal numbers as
//!   it writes.
//!
//! [`pipeline`] runs the stages in this order for `run` and `check` alike. Below them
//! all lie the shared vocabulary: [`error`], [`period`], [`text`], [`finding`],
//! [`columns`], [`vocab`], [`config`] and [`cli`] (and [`stage`], the benchmark's
//! timer). No module imports one further along
//! the way, and only the modules of [`TOUCHES_FILES`] read or write files: the stages
//! between are plain functions from data to data.

pub mod classify;
pub mod cli;
pub mod columns;
pub mod config;
pub mod dedup;
pub mod error;
pub mod finding;
pub mod history;
pub mod ingest;
pub mod normalize;
pub mod output;
pub mod period;
pub mod pipeline;
pub mod rows;
pub mod stage;
pub mod stats;
pub mod text;
pub mod tier;
pub mod validate;
pub mod vocab;

/// The only modules that touch the file system: the inputs and the outputs.
pub const TOUCHES_FILES: [&str; 3] = ["ingest", "history", "output"];
