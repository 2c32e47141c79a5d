//! The aid ledger (帮扶台账): payments read, checked against the roster and the caps.
//!
//! Every ledger row is read into a [`Payment`] and checked on its own ([`row`]: E102–E105
//! on a written ID, E110, E112, E115, W201, W208); a row with an error is held back
//! from the statistics and listed. The accepted payments are then checked together:
//! against the caps of `[[aid_cap]]` ([`caps`]: W301, W302), against the roster
//! ([`registered`]: W303) and against each other ([`repeats`]: W304). Like all
//! validation, it only pushes findings; it reads no file and drops no row silently.

pub mod caps;
pub mod registered;
pub mod repeats;
pub mod row;

use std::sync::Arc;

use crate::config::AidCap;
use crate::finding::Finding;
use crate::ingest::table::Record;
use crate::normalize::date::Ymd;
use crate::rows::{Ledger, Payment, Worker};
use crate::vocab::Vocabularies;

/// What the ledger checks need besides the rows.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    /// Vocabularies (帮扶类型).
    pub vocab: &'a Vocabularies,
    /// `[[aid_cap]]`.
    pub caps: &'a [AidCap],
    /// The last day of the reporting period: the day an undated payment counts as paid.
    pub period_end: Ymd,
}

/// Reads and checks every ledger row. `workers` are all roster rows; `earlier` are the
/// payments of each earlier period of the same year, counted towards the yearly caps
/// (W302) but never flagged again.
pub fn check<'a>(
    records: impl Iterator<Item = &'a Arc<Record>>,
    workers: &[Worker],
    rules: Rules,
    earlier: &[&[Payment]],
) -> (Ledger, Vec<Finding>) {
    let mut ledger = Ledger::default();
    let mut findings = Vec::new();
    for record in records {
        let (payment, row_findings) = row::read(record, rules.vocab);
        findings.extend(row_findings);
        match payment {
            Some(payment) => ledger.payments.push(payment),
            None => ledger.rejected.push(record.clone()),
        }
    }
    findings.extend(caps::single(&ledger.payments, rules.caps));
    findings.extend(caps::yearly(&ledger.payments, earlier, rules.caps, rules.period_end));
    findings.extend(registered::check(&ledger.payments, workers));
    findings.extend(repeats::check(&ledger.payments));
    (ledger, findings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::Role;
    use crate::validate::tests::{codes, sheet_row};

    fn row(cells: &[(&str, &str)]) -> Arc<Record> {
        let cells: Vec<(String, String)> = cells.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        sheet_row(&cells, Role::Ledger).1
    }

    #[test]
    fn rows_with_errors_are_held_back_and_warnings_kept() {
        let rows = [
            row(&[("姓名", "张三"), ("帮扶类型", "送温暖"), ("金额", "5000")]),
            row(&[("姓名", "张三"), ("帮扶类型", "购物卡"), ("金额", "500")]),
        ];
        let vocab = Vocabularies::new(None, &Default::default()).expect("vocabularies");
        let caps = [AidCap { kind: "送温暖".into(), single: Some(1000.0), yearly: None }];
        let rules = Rules { vocab: &vocab, caps: &caps, period_end: (2026, 11, 30) };
        let (ledger, findings) = check(rows.iter(), &[], rules, &[]);
        assert_eq!(codes(&findings), vec!["E115", "W301", "W303"]);
        assert_eq!((ledger.payments.len(), ledger.rejected.len()), (1, 1));
        assert!(Arc::ptr_eq(&ledger.rejected[0], &rows[1]));
    }
}
