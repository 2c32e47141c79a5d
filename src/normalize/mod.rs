//! Normalisation of cell values (SPEC §3.1): dates, money and ID numbers.
//!
//! Pure functions from original values to clean ones; the original is never lost, the
//! caller keeps it for messages.

pub mod date;
pub mod id;
pub mod money;
