//! The aid ledger (帮扶台账): payments to registered workers of several unions,
//! with the 帮扶类型 aliases clerks use (金秋助学, 春节慰问, 大病救助 …) and
//! amounts written as numbers or text ("1,200.00", "1500元", "0.12万").
//!
//! Ordinary payments stay under the caps of `bangfu.toml`; the planted ones
//! break them (W301 single payment, W302 yearly total), pay someone with no
//! roster entry (W303) or pay the same thing twice (W304).

use super::config::aid_cap;
use super::date::{Date, DateStyle};
use super::earlier::Joined;
use super::grid::{Cell, Grid, Look};
use super::layouts::Submission;
use super::people::{person, Household, Person, Registry};
use super::render::{Entry, Mark, Place};
use super::rng::Rng;
use super::sink::Sink;
use super::unions::Union;
use super::{write, SampleFile};

/// The ledger's file name.
const PATH: &str = "帮扶台账.xlsx";
const SHEET: &str = "帮扶台账";
/// Payment row ids start here, above every roster row's uid.
const FIRST_UID: usize = 1_000_000;
/// How many unions' payments the ledger holds.
const LEDGER_UNIONS: usize = 4;

/// A 帮扶类型 as written, its canonical kind (SPEC §2) and the usual fund.
struct Kind {
    written: &'static str,
    canonical: &'static str,
    fund: &'static str,
}

const BIG_ILLNESS: Kind = Kind { written: "大病救助", canonical: "医疗救助", fund: "县总工会帮扶资金" };
const IN_HOSPITAL: Kind = Kind { written: "住院慰问", canonical: "医疗救助", fund: "县总工会帮扶资金" };
const SCHOOLING: Kind = Kind { written: "金秋助学", canonical: "助学救助", fund: "上级工会下拨" };
const SPRING: Kind = Kind { written: "春节慰问", canonical: "送温暖", fund: "县总工会帮扶资金" };
const FESTIVAL: Kind = Kind { written: "节日慰问", canonical: "送温暖", fund: "单位自筹" };
const LIVING: Kind = Kind { written: "生活救助", canonical: "生活救助", fund: "县总工会帮扶资金" };

/// One payment (一笔帮扶).
struct Payment {
    uid: usize,
    name: String,
    id: String,
    /// 银行卡号 the aid was paid to.
    card: String,
    kind: &'static Kind,
    amount: f64,
    date: Date,
    union: String,
    marks: Vec<Mark>,
}

/// The ledger workbook.
pub fn ledger(
    rng: &mut Rng,
    subs: &[Submission],
    unions: &[Union],
    registry: &mut Registry,
    sink: &mut Sink,
) -> Result<SampleFile, String> {
    let people = recipients(subs);
    if people.len() < 6 {
        return Err("too few clean rows for the ledger; use more --rows".into());
    }
    let mut book = Book { next_uid: FIRST_UID, payments: Vec::new(), unions };
    let n = people.len();
    let special = [people[0], people[n / 3], people[2 * n / 3]];
    for (i, entry) in people.iter().enumerate() {
        if i % 3 == 1 && !special.iter().any(|s| s.uid == entry.uid) {
            book.ordinary(rng, entry);
        }
    }
    book.planted(rng, &special, registry)?;
    book.payments.sort_by_key(|p| (p.date, p.uid));
    let grid = book.grid(sink);
    Ok(SampleFile { path: PATH.to_string(), bytes: write::xlsx(&[grid])? })
}

/// Clean rows of the first unions, on the rolls all year, in file order.
fn recipients(subs: &[Submission]) -> Vec<&Entry> {
    subs.iter()
        .flat_map(|s| &s.parts)
        .filter(|p| p.union < LEDGER_UNIONS)
        .flat_map(|p| &p.entries)
        .filter(|e| !e.tainted && e.is_clean() && Joined::of(e.uid) == Joined::Before)
        .collect()
}

/// The ledger being written.
struct Book<'a> {
    next_uid: usize,
    payments: Vec<Payment>,
    unions: &'a [Union],
}

impl Book<'_> {
    /// Records a payment and returns its uid.
    fn pay(&mut self, person: &Person, union: usize, kind: &'static Kind, amount: f64, date: Date) -> usize {
        let uid = self.next_uid;
        self.next_uid += 1;
        let union = self.unions.get(union).map_or(String::new(), |u| u.name.clone());
        self.payments.push(Payment {
            uid,
            name: person.name.clone(),
            id: person.id.clone(),
            card: person.bank_card.clone(),
            kind,
            amount,
            date,
            union,
            marks: Vec::new(),
        });
        uid
    }

    fn mark_last(&mut self, code: &'static str, column: &'static str, note: String, partner: Option<usize>) {
        if let Some(p) = self.payments.last_mut() {
            p.marks.push(Mark { code, column, note, partner, place: Place::Value });
        }
    }

    /// The usual aid of a household, by its cause; sometimes 生活救助 too.
    fn ordinary(&mut self, rng: &mut Rng, entry: &Entry) {
        let p = &entry.person;
        let schooling = p.cause.primary == 9 || p.cause.secondary == Some(9);
        let (kind, amount, from, to) = if p.cause.primary == 6 {
            let kind = if rng.chance(70) { &BIG_ILLNESS } else { &IN_HOSPITAL };
            (kind, 100.0 * f64::from(rng.range(10, 28)), Date::new(2026, 2, 1), Date::new(2026, 10, 31))
        } else if schooling {
            (&SCHOOLING, 500.0 * f64::from(rng.range(2, 6)), Date::new(2026, 8, 20), Date::new(2026, 9, 10))
        } else {
            (&SPRING, 100.0 * f64::from(rng.range(5, 9)), Date::new(2026, 1, 15), Date::new(2026, 2, 10))
        };
        let date = Date::random_between(rng, from, to);
        self.pay(p, entry.union, kind, amount, date);
        if rng.chance(20) {
            let date = Date::random_between(rng, Date::new(2026, 3, 1), Date::new(2026, 10, 31));
            self.pay(p, entry.union, &LIVING, 100.0 * f64::from(rng.range(3, 8)), date);
        }
    }

    /// W301, W302, W303, W304.
    fn planted(&mut self, rng: &mut Rng, special: &[&Entry], registry: &mut Registry) -> Result<(), String> {
        let [over_single, over_yearly, twice] = special else {
            return Err("the ledger needs three planted recipients".into());
        };
        let medical = aid_cap(BIG_ILLNESS.canonical).ok_or("no cap for 医疗救助")?;
        let amount = medical.single + 1000.0;
        self.pay(&over_single.person, over_single.union, &BIG_ILLNESS, amount, Date::new(2026, 5, 12));
        let note = format!("单笔{amount:.0}元，超过{}单笔上限{:.0}元", medical.kind, medical.single);
        self.mark_last("W301", "金额", note, None);
        self.over_yearly(over_yearly)?;
        self.unregistered(rng, registry)?;
        let first = self.pay(&twice.person, twice.union, &LIVING, 600.0, Date::new(2026, 3, 10));
        self.pay(&twice.person, twice.union, &LIVING, 600.0, Date::new(2026, 3, 10));
        self.mark_last("W304", "金额", "同一人同类型同日期同金额重复发放".into(), Some(first));
        Ok(())
    }

    /// W302: three 送温暖 payments, each under the single cap, together over
    /// the yearly one; marked on the payment that crosses it.
    fn over_yearly(&mut self, entry: &Entry) -> Result<(), String> {
        let cap = aid_cap(SPRING.canonical).ok_or("no cap for 送温暖")?;
        let amounts = [0.40, 0.35, 0.30].map(|share| (cap.yearly * share / 100.0).round() * 100.0);
        let p = &entry.person;
        let first = self.pay(p, entry.union, &SPRING, amounts[0], Date::new(2026, 1, 20));
        self.pay(p, entry.union, &FESTIVAL, amounts[1], Date::new(2026, 6, 18));
        self.pay(p, entry.union, &FESTIVAL, amounts[2], Date::new(2026, 9, 24));
        let total: f64 = amounts.iter().sum();
        let note = format!("{}全年累计{total:.0}元，超过年度上限{:.0}元", cap.kind, cap.yearly);
        self.mark_last("W302", "金额", note, Some(first));
        Ok(())
    }

    /// W303: aid to a worker no roster registers.
    fn unregistered(&mut self, rng: &mut Rng, registry: &mut Registry) -> Result<(), String> {
        let union = self.unions.first().ok_or("no union")?;
        let household = Household { units: &union.units, retired: false };
        let stranger = person(rng, &household, registry);
        self.pay(&stranger, 0, &LIVING, 500.0, Date::new(2026, 4, 8));
        self.mark_last("W303", "身份证号", "花名册中没有此人（未建档）".into(), None);
        Ok(())
    }

    /// The sheet: title, header, payments by date, 合计.
    fn grid(&self, sink: &mut Sink) -> Grid {
        let headers = [
            "序号",
            "姓名",
            "身份证号",
            "帮扶类型",
            "金额(元)",
            "发放日期",
            "基层工会",
            "资金来源",
            "银行卡号",
            "备注",
        ];
        let mut grid = Grid::titled(SHEET, "2026年困难职工帮扶资金发放台账", headers.len());
        grid.header(&headers);
        for (i, p) in self.payments.iter().enumerate() {
            let row = grid.row(payment_cells(p, i + 1), Look::Body);
            sink.place(p.uid, &p.marks, PATH, SHEET, row + 1);
        }
        let total: f64 = self.payments.iter().map(|p| p.amount).sum();
        grid.row(vec![Some(Cell::text("合计")), None, None, None, Some(Cell::Number(total))], Look::Body);
        grid
    }
}

fn payment_cells(p: &Payment, seq: usize) -> Vec<Option<Cell>> {
    let remark = if p.kind.written == SCHOOLING.written { "子女就读证明已审核" } else { "" };
    vec![
        Some(Cell::Number(seq as f64)),
        Some(Cell::text(&p.name)),
        Some(Cell::text(&p.id)),
        Some(Cell::text(p.kind.written)),
        Some(amount_cell(p.amount, p.uid)),
        Some(Cell::text(p.date.format(DateStyle::Iso))),
        Some(Cell::text(&p.union)),
        Some(Cell::text(p.kind.fund)),
        Some(Cell::text(&p.card)),
        (!remark.is_empty()).then(|| Cell::text(remark)),
    ]
}

/// An amount as a number or as one of the texts clerks type.
fn amount_cell(amount: f64, uid: usize) -> Cell {
    match uid % 7 {
        0 => Cell::Text(thousands(amount)),
        1 => Cell::Text(format!("{amount:.0}元")),
        2 => Cell::Text(format!("{}万", trim_zeros(&format!("{:.4}", amount / 10_000.0)))),
        _ => Cell::Number(amount),
    }
}

/// 1,200.00
fn thousands(amount: f64) -> String {
    let whole = format!("{:.0}", amount.trunc());
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out}.{:02.0}", (amount.fract() * 100.0).round())
}

/// 0.1200 → 0.12
fn trim_zeros(s: &str) -> String {
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_clerks_write_them() {
        assert_eq!(thousands(1200.0), "1,200.00");
        assert_eq!(thousands(500.0), "500.00");
        assert_eq!(thousands(1234567.5), "1,234,567.50");
        assert_eq!(amount_cell(1500.0, 1), Cell::text("1500元"));
        assert_eq!(amount_cell(1200.0, 2), Cell::text("0.12万"));
        assert_eq!(amount_cell(4000.0, 2), Cell::text("0.4万"));
        assert_eq!(amount_cell(800.0, 3), Cell::Number(800.0));
    }
}
