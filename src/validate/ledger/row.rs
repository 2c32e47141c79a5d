//! One ledger row read into a [`Payment`] and checked on its own: a written ID by the
//! roster's identity rules (E102–E105, W201, W208), 姓名 or 身份证号 present (E110),
//! 帮扶类型 (E110, E115) and 金额 (E110, E112). A row with an error gives no payment.
//! The rules are the roster's ([`crate::validate`]); only what differs lives here.

use std::sync::Arc;

use crate::columns::Field;
use crate::finding::{Code, Finding, Severity};
use crate::ingest::table::Record;
use crate::normalize::date;
use crate::rows::Payment;
use crate::validate::{fields, identity, RowCheck};
use crate::vocab::Vocabularies;

/// Reads and checks one ledger row: the payment when the row has no error, and the
/// row's findings.
pub fn read(record: &Arc<Record>, vocab: &Vocabularies) -> (Option<Payment>, Vec<Finding>) {
    let mut row = RowCheck::new(record);
    let id = written_id(&mut row);
    require_name_or_id(&mut row);
    fields::require(&mut row, Field::AidKind);
    fields::require(&mut row, Field::Amount);
    let kind = fields::vocabulary(&mut row, Field::AidKind, &vocab.aid_kind, Code::E115);
    let amount = fields::money_value(&mut row, Field::Amount);
    let has_error = row.findings.iter().any(|f| f.severity() == Severity::Error);
    let payment = match (kind, amount) {
        (Some(kind), Some(amount)) if !has_error => Some(Payment {
            origin: row.origin().clone(),
            union: row.union().to_string(),
            name: row.text(Field::Name).into(),
            id,
            kind: kind.into(),
            amount,
            paid: date::parse(row.cell(Field::PaidDate)),
            fund_source: row.text(Field::FundSource).into(),
            remark: row.text(Field::Remark).into(),
        }),
        _ => None,
    };
    (payment, row.findings)
}

/// The normalised ID when one is written. A ledger may name a person without an ID, so
/// a blank ID is no error here (see [`require_name_or_id`]); a written one must be valid.
fn written_id(row: &mut RowCheck) -> Option<String> {
    if row.cell(Field::Id).is_blank() {
        return None;
    }
    identity::check(row).ok().map(|id| id.number.into())
}

/// E110 when the row names nobody.
fn require_name_or_id(row: &mut RowCheck) {
    if row.cell(Field::Name).is_blank() && row.cell(Field::Id).is_blank() {
        let field = if row.has_column(Field::Name) { Field::Name } else { Field::Id };
        row.push(Code::E110, field, "姓名和身份证号都为空，请至少填写一项（最好两项都填）。");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::header::Role;
    use crate::validate::tests::{codes, sheet_row};

    const CLEAN: [(&str, &str); 8] = [
        ("姓名", "张三"),
        ("身份证号", "41010219800101123X"),
        ("帮扶类型", "金秋助学"),
        ("金额(元)", "1,200.00"),
        ("发放日期", "2026年9月1日"),
        ("基层工会", "东风机械厂工会"),
        ("资金来源", "上级工会下拨"),
        ("备注", "子女就读证明已审核"),
    ];

    /// The clean ledger row with `changes` applied: the payment and the findings.
    fn check(changes: &[(&str, &str)]) -> (Option<Payment>, Vec<Finding>) {
        let mut cells: Vec<(String, String)> = CLEAN.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (name, value) in changes {
            if let Some(cell) = cells.iter_mut().find(|(k, _)| k == name) {
                cell.1 = value.to_string();
            }
        }
        let (_, record) = sheet_row(&cells, Role::Ledger);
        read(&record, &Vocabularies::new(None, &Default::default()).expect("vocabularies"))
    }

    #[test]
    fn the_clean_row_is_a_normalised_payment() {
        let (payment, findings) = check(&[]);
        assert_eq!(codes(&findings), Vec::<&str>::new());
        let p = payment.expect("accepted");
        assert_eq!((p.name.as_str(), p.id.as_deref()), ("张三", Some("41010219800101123X")));
        assert_eq!((p.kind.as_str(), p.amount, p.paid), ("助学救助", 1200.0, Some((2026, 9, 1))));
        assert_eq!((p.union.as_str(), p.origin.row), ("东风机械厂工会", 2));
        assert_eq!((p.fund_source.as_str(), p.remark.as_str()), ("上级工会下拨", "子女就读证明已审核"));
    }

    #[test]
    fn e110_kind_amount_or_person_missing() {
        for (field, column) in [("帮扶类型", "帮扶类型"), ("金额(元)", "金额")] {
            let (payment, findings) = check(&[(field, "")]);
            assert_eq!((codes(&findings), findings[0].column), (vec!["E110"], column));
            assert_eq!(payment, None);
        }
        let (payment, findings) = check(&[("姓名", ""), ("身份证号", "")]);
        assert_eq!((codes(&findings), findings[0].column), (vec!["E110"], "姓名"));
        assert_eq!(payment, None);
    }

    #[test]
    fn e110_not_raised_when_only_the_name_or_only_the_id_is_written() {
        let (by_name, findings) = check(&[("身份证号", "")]);
        assert_eq!(codes(&findings), Vec::<&str>::new());
        assert_eq!(by_name.map(|p| p.id), Some(None));
        let (by_id, findings) = check(&[("姓名", "")]);
        assert_eq!(codes(&findings), Vec::<&str>::new());
        assert_eq!(by_id.map(|p| p.name), Some(String::new()));
    }

    #[test]
    fn e112_amount_not_a_number_or_negative() {
        for bad in ["一千二", "-1200"] {
            let (payment, findings) = check(&[("金额(元)", bad)]);
            assert_eq!(codes(&findings), vec!["E112"], "{bad}");
            assert!(findings[0].message.contains("金额"), "{}", findings[0].message);
            assert_eq!((findings[0].value.as_str(), payment), (bad, None));
        }
        assert_eq!(check(&[("金额(元)", "0.12万")]).0.map(|p| p.amount), Some(1200.0));
    }

    #[test]
    fn e115_kind_not_in_the_vocabulary() {
        let (payment, findings) = check(&[("帮扶类型", "购物卡")]);
        assert_eq!((codes(&findings), findings[0].column), (vec!["E115"], "帮扶类型"));
        assert!(findings[0].message.contains("生活救助、医疗救助"), "{}", findings[0].message);
        assert_eq!(payment, None);
    }

    #[test]
    fn a_malformed_id_is_an_error_as_in_the_roster() {
        let (payment, findings) = check(&[("身份证号", "410102198001011235")]);
        assert_eq!(codes(&findings), vec!["E103"]);
        assert_eq!(payment, None);
    }

    #[test]
    fn a_fifteen_digit_id_is_upgraded_with_w208() {
        let (payment, findings) = check(&[("身份证号", "410102800101123")]);
        assert_eq!(codes(&findings), vec!["W208"]);
        assert_eq!(payment.and_then(|p| p.id).map(|id| id.len()), Some(18));
    }

    #[test]
    fn a_date_that_is_no_date_leaves_the_payment_undated() {
        let (payment, findings) = check(&[("发放日期", "春节前")]);
        assert_eq!(codes(&findings), Vec::<&str>::new());
        assert_eq!(payment.map(|p| p.paid), Some(None));
    }
}
