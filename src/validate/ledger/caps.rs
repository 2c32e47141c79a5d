//! The caps of `[[aid_cap]]` (救助标准上限) per 帮扶类型: W301 on a single payment above
//! its kind's `single` cap; W302 on the payment that takes one person's total of a kind
//! in a calendar year above the `yearly` cap. Amounts are compared in fen, exactly.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::AidCap;
use crate::finding::{Code, Finding};
use crate::normalize::date::Ymd;
use crate::rows::payment::{fen, yuan, Recipient};
use crate::rows::Payment;

const AMOUNT: &str = "金额";

/// The cap configured for a canonical 帮扶类型.
fn cap_of<'a>(caps: &'a [AidCap], kind: &str) -> Option<&'a AidCap> {
    caps.iter().find(|cap| cap.kind == kind)
}

/// W301: each payment above the single-payment cap of its kind.
pub fn single(payments: &[Payment], caps: &[AidCap]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for payment in payments {
        let Some(limit) = cap_of(caps, &payment.kind).and_then(|cap| cap.single).map(fen) else { continue };
        if payment.fen() > limit {
            let message = format!(
                "单笔{}元，超过{}单笔上限{}元，请核对金额是否录错，或附上超标准发放的审批依据。",
                yuan(payment.fen()),
                payment.kind,
                yuan(limit)
            );
            findings.push(payment.finding(Code::W301, AMOUNT, yuan(payment.fen()), message));
        }
    }
    findings
}

/// One person's payments of one kind in one calendar year: the day each counts as paid,
/// whether it is of this batch (not of an earlier period), the payment.
type YearOfKind<'a> = Vec<(Ymd, bool, &'a Payment)>;

/// W302: for each person, kind and calendar year with a yearly cap, the first payment of
/// this batch at which the year's running total (payments of `earlier` periods included,
/// in date order) is above the cap. An undated payment counts as paid at `period_end`.
/// `earlier` holds the payments of each earlier period, counted as [`counted_earlier`] says.
pub fn yearly(payments: &[Payment], earlier: &[&[Payment]], caps: &[AidCap], period_end: Ymd) -> Vec<Finding> {
    let mut findings = Vec::new();
    for ((_, kind, year), mut group) in years_of_kind(payments, earlier, caps, period_end) {
        let Some(limit) = cap_of(caps, kind).and_then(|cap| cap.yearly).map(fen) else { continue };
        group.sort_by(|a, b| (a.0, a.1, &a.2.origin).cmp(&(b.0, b.1, &b.2.origin)));
        findings.extend(first_over(&group, year, limit));
    }
    findings
}

/// The payments of kinds with a yearly cap, by person, kind and calendar year.
fn years_of_kind<'a>(
    payments: &'a [Payment],
    earlier: &[&'a [Payment]],
    caps: &[AidCap],
    period_end: Ymd,
) -> BTreeMap<(Recipient, &'a str, i32), YearOfKind<'a>> {
    let mut groups: BTreeMap<(Recipient, &str, i32), YearOfKind> = BTreeMap::new();
    let earlier = counted_earlier(earlier, payments);
    let all = earlier.into_iter().map(|p| (p, false)).chain(payments.iter().map(|p| (p, true)));
    for (payment, in_batch) in all.filter(|(p, _)| cap_of(caps, &p.kind).is_some_and(|c| c.yearly.is_some())) {
        let day = payment.paid.unwrap_or(period_end);
        groups.entry((payment.recipient(), &payment.kind, day.0)).or_default().push((day, in_batch, payment));
    }
    groups
}

/// The earlier periods' payments that count towards the year's totals. A ledger kept for
/// the whole year is sent (and archived) again month after month, so a dated payment
/// (same person, kind, date and amount) that this batch holds again counts only as this
/// batch's row, and one that several earlier periods hold counts as often as the one
/// period holding it most often. Undated payments cannot be matched and all count.
fn counted_earlier<'a>(earlier: &[&'a [Payment]], batch: &[Payment]) -> Vec<&'a Payment> {
    let in_batch: HashSet<_> = batch.iter().filter_map(Payment::identity).collect();
    let mut most_copies: HashMap<_, usize> = HashMap::new();
    let mut counted = Vec::new();
    for ledger in earlier {
        let mut copies_here: HashMap<_, usize> = HashMap::new();
        for payment in ledger.iter() {
            let Some(identity) = payment.identity() else {
                counted.push(payment);
                continue;
            };
            if in_batch.contains(&identity) {
                continue;
            }
            let here = copies_here.entry(identity.clone()).or_default();
            *here += 1;
            let most = most_copies.entry(identity).or_default();
            if *here > *most {
                *most = *here;
                counted.push(payment);
            }
        }
    }
    counted
}

/// W302 on the first payment of this batch at which the running total is above `limit`.
fn first_over(group: &YearOfKind, year: i32, limit: i64) -> Option<Finding> {
    let mut total = 0;
    for (i, &(_, in_batch, payment)) in group.iter().enumerate() {
        total += payment.fen();
        if in_batch && total > limit {
            let before: Vec<String> = group[..i].iter().map(|(_, _, p)| p.origin.where_is()).collect();
            let with = if before.is_empty() { String::new() } else { format!("与{}合计", before.join("、")) };
            let message = format!(
                "本笔{}元{with}，{year}年{}累计{}元，超过每人年度上限{}元，请核实是否重复或超标准发放。",
                yuan(payment.fen()),
                payment.kind,
                yuan(total),
                yuan(limit)
            );
            return Some(payment.finding(Code::W302, AMOUNT, yuan(payment.fen()), message));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::payment::tests::payment;
    use crate::validate::tests::codes;

    const ID: &str = "41010219800101123X";

    fn caps() -> Vec<AidCap> {
        vec![
            AidCap { kind: "医疗救助".into(), single: Some(3000.0), yearly: Some(5000.0) },
            AidCap { kind: "送温暖".into(), single: Some(1000.0), yearly: Some(2000.0) },
        ]
    }

    #[test]
    fn w301_single_payment_above_cap() {
        let payments = [
            payment(2, "张三", ID, "医疗救助", 4000.0, Some((2026, 5, 12))),
            payment(3, "张三", ID, "医疗救助", 3000.0, Some((2026, 6, 1))),
            payment(4, "张三", ID, "生活救助", 9000.0, Some((2026, 6, 1))),
        ];
        let findings = single(&payments, &caps());
        assert_eq!(codes(&findings), vec!["W301"]);
        let f = &findings[0];
        assert_eq!((f.location.row, f.column, f.value.as_str()), (2, "金额", "4000"));
        assert!(f.message.contains("超过医疗救助单笔上限3000元"), "{}", f.message);
    }

    #[test]
    fn w302_yearly_total_above_cap_on_the_payment_that_crosses_it() {
        let payments = [
            payment(13, "张三", ID, "送温暖", 800.0, Some((2026, 1, 20))),
            payment(40, "张三", ID, "送温暖", 700.0, Some((2026, 6, 18))),
            payment(54, "张三", ID, "送温暖", 600.0, Some((2026, 9, 24))),
            payment(60, "张三", ID, "送温暖", 300.0, Some((2026, 12, 1))),
            payment(61, "张三", ID, "送温暖", 900.0, Some((2027, 1, 1))),
        ];
        let findings = yearly(&payments, &[], &caps(), (2026, 11, 30));
        assert_eq!(codes(&findings), vec!["W302"]);
        let f = &findings[0];
        assert_eq!((f.location.row, f.column, f.value.as_str()), (54, "金额", "600"));
        assert!(f.message.contains("第13行"), "{}", f.message);
        assert!(f.message.contains("2026年送温暖累计2100元，超过每人年度上限2000元"), "{}", f.message);
    }

    #[test]
    fn w302_counts_the_earlier_periods_of_the_year() {
        let earlier = [payment(5, "张三", ID, "送温暖", 1000.0, Some((2026, 1, 20)))];
        let payments = [
            payment(2, "张三", ID, "送温暖", 600.0, Some((2026, 10, 1))),
            payment(3, "张三", ID, "送温暖", 600.0, Some((2026, 10, 8))),
        ];
        let findings = yearly(&payments, &[&earlier[..]], &caps(), (2026, 11, 30));
        assert_eq!(findings.iter().map(|f| f.location.row).collect::<Vec<_>>(), vec![3]);
        let earlier_over = [payment(5, "张三", ID, "送温暖", 2500.0, Some((2026, 1, 20)))];
        let findings = yearly(&payments, &[&earlier_over[..]], &caps(), (2026, 11, 30));
        assert_eq!(findings.iter().map(|f| f.location.row).collect::<Vec<_>>(), vec![2]);
    }

    #[test]
    fn w302_counts_a_payment_sent_again_in_a_later_ledger_once() {
        let october = [payment(5, "张三", ID, "送温暖", 1200.0, Some((2026, 1, 20)))];
        let november = [
            payment(2, "张三", ID, "送温暖", 1200.0, Some((2026, 1, 20))),
            payment(3, "张三", ID, "送温暖", 700.0, Some((2026, 11, 8))),
        ];
        assert_eq!(codes(&yearly(&november, &[&october[..]], &caps(), (2026, 11, 30))), Vec::<&str>::new());
        let another_day = [payment(5, "张三", ID, "送温暖", 1200.0, Some((2026, 2, 20)))];
        let findings = yearly(&november, &[&another_day[..]], &caps(), (2026, 11, 30));
        assert_eq!(findings.iter().map(|f| f.location.row).collect::<Vec<_>>(), vec![3]);
    }

    #[test]
    fn a_payment_archived_by_several_months_counts_once() {
        let january = |row| payment(row, "张三", ID, "送温暖", 800.0, Some((2026, 1, 20)));
        let september = [january(3), january(4)];
        let october = [january(3), january(4), payment(5, "张三", ID, "送温暖", 300.0, None)];
        let november_archive = [january(3)];
        let kept = counted_earlier(&[&september[..], &october[..], &november_archive[..]], &[]);
        assert_eq!(kept.iter().filter(|p| p.paid.is_some()).count(), 2, "paid twice in January, archived thrice");
        assert_eq!(kept.len(), 3);
    }

    #[test]
    fn w302_keeps_people_kinds_and_undated_payments_apart_sensibly() {
        let payments = [
            payment(2, "张三", ID, "送温暖", 1000.0, Some((2026, 1, 20))),
            payment(3, "李四", "", "送温暖", 1000.0, Some((2026, 1, 20))),
            payment(4, "张三", ID, "医疗救助", 1000.0, Some((2026, 1, 20))),
            payment(5, "张三", ID, "送温暖", 1000.0, None),
        ];
        assert_eq!(codes(&yearly(&payments, &[], &caps(), (2026, 11, 30))), Vec::<&str>::new());
        let one_more = [&payments[..], &[payment(6, "张三", ID, "送温暖", 0.01, None)]].concat();
        let findings = yearly(&one_more, &[], &caps(), (2026, 11, 30));
        assert_eq!(findings.iter().map(|f| f.location.row).collect::<Vec<_>>(), vec![6]);
    }
}
