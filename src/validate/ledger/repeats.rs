//! W304: probable double payment — a payment to the same person, of the same kind, on the
//! same day and of the same amount as an earlier row. The repeat is flagged, never the
//! first row. An undated payment is never called a repeat: a missing date says nothing
//! about the day.

use std::collections::HashMap;

use crate::finding::{Code, Finding};
use crate::normalize::date::Ymd;
use crate::rows::payment::{yuan, Recipient};
use crate::rows::Payment;

/// W304 on every repeat, pointing at the first row of its kind.
pub fn check(payments: &[Payment]) -> Vec<Finding> {
    let mut first: HashMap<(Recipient, &str, Ymd, i64), &Payment> = HashMap::new();
    let mut findings = Vec::new();
    for payment in payments {
        let Some(day) = payment.paid else { continue };
        let key = (payment.recipient(), payment.kind.as_str(), day, payment.fen());
        match first.get(&key) {
            Some(original) => findings.push(repeat(payment, original)),
            None => {
                first.insert(key, payment);
            }
        }
    }
    findings
}

fn repeat(payment: &Payment, original: &Payment) -> Finding {
    let message = format!(
        "与{}的发放记录同一人、同一帮扶类型、同一日期、同一金额，疑似重复发放，请核实；确属重复的请删除本行。",
        original.origin.where_is()
    );
    payment.finding(Code::W304, "金额", yuan(payment.fen()), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::payment::tests::payment;
    use crate::validate::tests::codes;

    const ID: &str = "41010219800101123X";
    const DAY: Option<Ymd> = Some((2026, 3, 10));

    #[test]
    fn w304_probable_double_payment_flags_the_repeat() {
        let payments = [
            payment(34, "张三", ID, "生活救助", 600.0, DAY),
            payment(35, "张三", ID, "生活救助", 600.0, DAY),
            payment(36, "张三", ID, "生活救助", 600.0, DAY),
        ];
        let findings = check(&payments);
        assert_eq!(codes(&findings), vec!["W304", "W304"]);
        let f = &findings[0];
        assert_eq!((f.location.row, f.column, f.value.as_str()), (35, "金额", "600"));
        assert!(f.message.contains("第34行"), "{}", f.message);
        assert!(findings[1].message.contains("第34行"), "{}", findings[1].message);
    }

    #[test]
    fn w304_not_raised_when_person_kind_date_or_amount_differ_or_the_date_is_missing() {
        let payments = [
            payment(2, "张三", ID, "生活救助", 600.0, DAY),
            payment(3, "李四", "", "生活救助", 600.0, DAY),
            payment(4, "张三", ID, "送温暖", 600.0, DAY),
            payment(5, "张三", ID, "生活救助", 600.0, Some((2026, 3, 11))),
            payment(6, "张三", ID, "生活救助", 600.5, DAY),
            payment(7, "张三", ID, "生活救助", 600.0, None),
            payment(8, "张三", ID, "生活救助", 600.0, None),
        ];
        assert_eq!(codes(&check(&payments)), Vec::<&str>::new());
    }
}
