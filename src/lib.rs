//! bangfu（帮扶）merges the rosters of workers in hardship and the aid ledgers that
//! grassroots trade unions send to their county or city union, checks every row, and
//! writes the statistical report, the data-quality lists and per-union feedback.
//!
//! ```text
//! inputs ─▶ ingest ─▶ normalize ─▶ validate ─▶ dedup ─▶ classify ─▶ stats ─▶ report / archive
//!           (files)   (values)     (findings)  (people)  (causes)   (tables)  (files)
//! ```
//!
//! Only `ingest` and `report` touch the file system; the stages between are plain
//! functions from data to data. Every row keeps its origin (file, sheet, Excel row).

pub mod archive;
pub mod classify;
pub mod cli;
pub mod columns;
pub mod config;
pub mod dedup;
pub mod error;
pub mod finding;
pub mod ingest;
pub mod ledger;
pub mod mask;
pub mod normalize;
pub mod period;
pub mod pipeline;
pub mod report;
pub mod sample;
pub mod screen;
pub mod stats;
pub mod summary;
pub mod tier;
pub mod validate;
pub mod vocab;
pub mod worker;
