//! 一笔帮扶 — one ledger row after normalisation: plain public data (text, numbers,
//! dates, the row's origin), so the statistics can count it and the archive can store
//! it. Built by [`crate::validate::ledger`], or read back from an earlier period's
//! archive.

use std::sync::Arc;

use crate::finding::{Code, Finding, Location};
use crate::ingest::table::Record;
use crate::normalize::date::Ymd;
use crate::text::name_key;

/// The ledger rows of a batch after the checks.
#[derive(Debug, Default)]
pub struct Ledger {
    /// The payments counted in the statistics, in input order.
    pub payments: Vec<Payment>,
    /// The rows held back by an error.
    pub rejected: Vec<Arc<Record>>,
}

/// A payment (or service) to one person, as one accepted ledger row records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Payment {
    /// File, sheet, Excel row.
    pub origin: Location,
    /// 基层工会.
    pub union: String,
    /// 姓名, cleaned; empty when only the ID is written.
    pub name: String,
    /// 身份证号: the valid 18-character number (15 digits upgraded); `None` when not written.
    pub id: Option<String>,
    /// 帮扶类型, canonical.
    pub kind: String,
    /// 金额, 元.
    pub amount: f64,
    /// 发放日期, when written as a date.
    pub paid: Option<Ymd>,
    /// 资金来源, cleaned.
    pub fund_source: String,
    /// 备注, cleaned.
    pub remark: String,
}

/// Who a payment went to: the ID when the row has one, else the name within the union.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Recipient {
    /// The normalised 18-character ID.
    Id(String),
    /// The name (spaces removed) and the 基层工会.
    NameInUnion(String, String),
}

impl Recipient {
    /// The recipient named by a name and a union.
    pub fn by_name(name: &str, union: &str) -> Recipient {
        Recipient::NameInUnion(name_key(name).into_owned(), union.to_string())
    }
}

impl Payment {
    /// Who received it.
    pub fn recipient(&self) -> Recipient {
        match &self.id {
            Some(id) => Recipient::Id(id.clone()),
            None => Recipient::by_name(&self.name, &self.union),
        }
    }

    /// What makes two rows the same dated payment: person, kind, day and amount (a ledger
    /// kept for the year sends its payments again month after month).
    pub fn identity(&self) -> Option<(Recipient, &str, Ymd, i64)> {
        self.paid.map(|day| (self.recipient(), self.kind.as_str(), day, self.fen()))
    }

    /// The amount in fen (0.01 元), for exact sums and comparisons.
    pub fn fen(&self) -> i64 {
        fen(self.amount)
    }

    /// A finding about a column of this payment's row, with a normalised value.
    pub fn finding(&self, code: Code, column: &'static str, value: String, message: String) -> Finding {
        Finding { code, location: self.origin.clone(), column, value: value.into(), message: message.into() }
    }
}

/// 元 → fen (0.01 元).
pub fn fen(yuan: f64) -> i64 {
    (yuan * 100.0).round() as i64
}

/// Fen as 元 for a message: `2100`, `1234.5`.
pub fn yuan(fen: i64) -> String {
    format!("{}", fen as f64 / 100.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A payment at row `row` of 台账.xlsx［S］ in 东风机械厂工会; `id` empty for none.
    pub fn payment(row: u32, name: &str, id: &str, kind: &str, amount: f64, paid: Option<Ymd>) -> Payment {
        Payment {
            origin: Location { file: Arc::from("台账.xlsx"), sheet: Arc::from("S"), row },
            union: "东风机械厂工会".into(),
            name: name.into(),
            id: (!id.is_empty()).then(|| id.to_string()),
            kind: kind.into(),
            amount,
            paid,
            fund_source: String::new(),
            remark: String::new(),
        }
    }

    #[test]
    fn recipients_by_id_else_by_name_in_union() {
        let with_id = payment(2, "张三", "41010219800101123X", "送温暖", 500.0, None);
        assert_eq!(with_id.recipient(), Recipient::Id("41010219800101123X".into()));
        let by_name = payment(3, "张  三", "", "送温暖", 500.0, None);
        assert_eq!(by_name.recipient(), Recipient::by_name("张三", "东风机械厂工会"));
    }

    #[test]
    fn amounts_in_fen_and_back() {
        assert_eq!(fen(0.1) + fen(0.2), fen(0.3));
        assert_eq!(yuan(210_000), "2100");
        assert_eq!(yuan(123_450), "1234.5");
    }
}
