//! The rows that pass from stage to stage, with what is learned about each stored on it:
//! a roster row read into a [`Worker`] (its cells, its fate in deduplication, its
//! standing against the earlier periods, its computed tier), a ledger row read into a
//! [`Payment`], and the [`Workforce`] table. The row accounting ([`RowCounts`]) counts
//! them.
//!
//! These are plain data: built by `validate`, `dedup` and the pipeline, read by
//! `stats` and the outputs. Nothing here reads a file or decides a rule.

pub mod payment;
pub mod worker;
pub mod workforce;

pub use payment::{Ledger, Payment, Recipient};
pub use worker::{FamilyId, Fate, Standing, Worker};
pub use workforce::{Unit, Workforce};

use serde::Serialize;

/// How many rows of one kind were read and what became of them:
/// read = accepted + rejected + merged; skipped (non-data rows) apart.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RowCounts {
    /// Data rows read.
    pub read: usize,
    /// Rows counted in the statistics.
    pub accepted: usize,
    /// Rows with an error, left out of the statistics.
    pub rejected: usize,
    /// Duplicate rows merged into another.
    pub merged: usize,
    /// Non-data rows (titles, headers, blank, totals, footers).
    pub skipped: usize,
}

impl RowCounts {
    /// Adds another count to this one.
    pub fn add(&mut self, other: &RowCounts) {
        self.read += other.read;
        self.accepted += other.accepted;
        self.rejected += other.rejected;
        self.merged += other.merged;
        self.skipped += other.skipped;
    }
}
