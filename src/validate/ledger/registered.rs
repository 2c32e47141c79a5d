//! W303: aid paid to a person the roster does not hold (未建档). A payment with an ID is
//! looked up by the normalised ID, one without by name within its 基层工会. Every roster
//! row counts as registered, rejected ones too: a worker whose row has an error is on
//! file, and the roster's own finding already asks the union to fix that row.

use std::collections::HashSet;

use crate::finding::{Code, Finding};
use crate::rows::Worker;
use crate::rows::{Payment, Recipient};

/// W303 on each payment whose recipient no roster row registers.
pub fn check(payments: &[Payment], workers: &[Worker]) -> Vec<Finding> {
    // A batch of rosters only (no ledger) need not index its million workers.
    if payments.is_empty() {
        return Vec::new();
    }
    let registered: HashSet<Recipient> = workers.iter().flat_map(recipients).collect();
    payments.iter().filter(|p| !registered.contains(&p.recipient())).map(unregistered).collect()
}

/// The ways a roster row can be matched: its valid ID, and its name within its union.
fn recipients(worker: &Worker) -> impl Iterator<Item = Recipient> {
    let by_id = worker.id_number().map(|id| Recipient::Id(id.to_string()));
    by_id.into_iter().chain([Recipient::by_name(&worker.name, worker.union())])
}

fn unregistered(payment: &Payment) -> Finding {
    let (column, value, how) = match &payment.id {
        Some(id) => ("身份证号", id.clone(), "按身份证号"),
        None => ("姓名", payment.name.clone(), "台账未填身份证号，按姓名和基层工会"),
    };
    let message = format!("困难职工花名册中没有此人（{how}核对），属未建档人员。请核对身份证号和姓名，或先为其建档。");
    payment.finding(Code::W303, column, value, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::payment::tests::payment;
    use crate::validate::tests::codes;

    /// A roster row of 张三 in 东风机械厂工会 with this ID text.
    fn zhang_san(id: &str) -> Worker {
        crate::rows::worker::tests::worker(2, "东风机械厂工会", "张三", id, 10)
    }

    #[test]
    fn w303_paid_to_a_person_not_in_the_roster() {
        let roster = [zhang_san("41010219800101123X")];
        let payments = [
            payment(2, "张三", "41010219800101123X", "送温暖", 500.0, None),
            payment(3, "王五", "410102198202023457", "送温暖", 500.0, None),
            payment(4, "张三", "", "送温暖", 500.0, None),
            payment(5, "李四", "", "送温暖", 500.0, None),
        ];
        let findings = check(&payments, &roster);
        assert_eq!(codes(&findings), vec!["W303", "W303"]);
        let places: Vec<(u32, &str)> = findings.iter().map(|f| (f.location.row, f.column)).collect();
        assert_eq!(places, vec![(3, "身份证号"), (5, "姓名")]);
    }

    #[test]
    fn w303_not_raised_for_a_roster_row_with_an_invalid_id_matched_by_name() {
        let roster = [zhang_san("410102198001011235")];
        let payments = [payment(2, "张三", "", "送温暖", 500.0, None)];
        assert_eq!(codes(&check(&payments, &roster)), Vec::<&str>::new());
    }
}
