//! The tier computed by the rules of SPEC §5a: rigid spending first (意外致困 when it
//! exceeds `accident_share` of the yearly income), then the monthly income per person
//! after it against the 低保线 in force for the worker's region and period — below it
//! the deep rung, below `relative_factor` × it the relative rung, else above every line
//! (超出标准). Computed once per worker by validation and stored on the worker; the words
//! of the rule that decided are made when a message or a list shows them (a million
//! workers need not hold them); reported under the names of the configured ladder.
//! Pure: no finding is made here.

use std::fmt::Write;

use crate::config::DibaoConfig;
use crate::normalize::date::Ymd;
use crate::period::Period;

/// A rung of the reporting ladder, or above all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rung {
    /// 深度困难 (or the configured ladder's first rung).
    Deep,
    /// 相对困难.
    Relative,
    /// 意外致困.
    Accident,
    /// 超出标准: above every line.
    Above,
}

/// The label of the computed tier above every line.
pub const ABOVE: &str = "超出标准";

/// What the roster says when rule 1 could not be decided.
pub const NO_RIGID: &str = "未填刚性支出";

impl Rung {
    /// The rung of a ladder position (0, 1, 2).
    pub fn of_position(position: usize) -> Rung {
        match position {
            0 => Rung::Deep,
            1 => Rung::Relative,
            _ => Rung::Accident,
        }
    }

    /// Its label on `ladder`.
    pub fn label(self, ladder: &[String; 3]) -> &str {
        match self {
            Rung::Deep => &ladder[0],
            Rung::Relative => &ladder[1],
            Rung::Accident => &ladder[2],
            Rung::Above => ABOVE,
        }
    }
}

/// The 低保线 in force and where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 元 per person per month.
    pub value: f64,
    /// The region prefix it was configured for; `None` for the default line.
    pub region: Option<String>,
}

/// The line in force for an ID at the end of a period: the dated line of the longest
/// prefix with the latest `from` on or before the end; else the longest `by_region`
/// prefix; else the default line.
pub fn line_in_force(dibao: &DibaoConfig, id: Option<&str>, period_end: Ymd) -> Line {
    let id = id.unwrap_or("");
    let dated = dibao
        .lines
        .iter()
        .filter(|l| {
            id.starts_with(l.region.as_str()) && Period::parse(&l.from).is_some_and(|p| p.start() <= period_end)
        })
        .max_by_key(|l| (l.region.len(), Period::parse(&l.from).map(Period::start)));
    if let Some(line) = dated {
        return Line { value: line.value, region: Some(line.region.clone()) };
    }
    let regional = dibao.by_region.iter().filter(|(prefix, _)| id.starts_with(prefix.as_str()));
    match regional.max_by_key(|(prefix, _)| prefix.len()) {
        Some((prefix, value)) => Line { value: *value, region: Some(prefix.clone()) },
        None => Line { value: dibao.default, region: None },
    }
}

/// What the rules read from a household.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Household {
    /// 家庭年度总收入, 元.
    pub income: Option<f64>,
    /// 家庭人口.
    pub size: Option<u32>,
    /// 家庭月人均收入 as stated, 元.
    pub per_capita_stated: Option<f64>,
    /// 家庭年度刚性支出, 元.
    pub rigid: Option<f64>,
}

impl Household {
    /// The monthly income per person after rigid spending, and whether the spending was
    /// known (rule 1 decidable): from the yearly total when there is one, else as stated.
    fn per_capita(&self) -> Option<(f64, bool)> {
        match (self.income, self.size) {
            (Some(total), Some(size)) if size > 0 => {
                let rigid = self.rigid.unwrap_or(0.0);
                Some(((total - rigid) / 12.0 / f64::from(size), self.rigid.is_some()))
            }
            _ => self.per_capita_stated.map(|stated| (stated, false)),
        }
    }

    /// Rule 1: the rigid spending above `share` of the yearly income.
    fn accident(&self, share: f64) -> Option<(f64, f64)> {
        let (rigid, income) = (self.rigid?, self.income?);
        (rigid > share * income).then_some((rigid, income))
    }
}

/// The tier computed by SPEC §5a, and what it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedTier {
    /// 家庭月人均收入 after rigid spending, 元.
    pub per_capita: f64,
    /// The 低保线 it was compared with.
    pub line: Line,
    /// The rung.
    pub rung: Rung,
    /// Whether 家庭年度刚性支出 was given (rule 1 decidable).
    pub rigid_known: bool,
}

impl ComputedTier {
    /// Above every line while rule 1 could not be decided: a declared 意外致困 may be
    /// right, so it is neither contradicted (W205) nor proposed for 脱困 (W215).
    pub fn undecided_accident(&self) -> bool {
        self.rung == Rung::Above && !self.rigid_known
    }

    /// The rule that decided, in words: `人均 742.50 < 低保线 760（3701）`, given the
    /// household and the lines it was computed from.
    pub fn reason(&self, household: &Household, dibao: &DibaoConfig) -> String {
        if let (Rung::Accident, Some((rigid, income))) = (self.rung, household.accident(dibao.accident_share)) {
            return format!("刚性支出 {} > {} × 年收入 {}", amount(rigid), dibao.accident_share, amount(income));
        }
        let (less, not_less) = if dibao.inclusive { ("≤", ">") } else { ("<", "≥") };
        let (sign, with_factor) = match self.rung {
            Rung::Deep => (less, false),
            Rung::Relative => (less, true),
            Rung::Above | Rung::Accident => (not_less, true),
        };
        // Put together piece by piece: a roster's every row has one, written twice.
        let mut reason = String::with_capacity(64);
        for piece in ["人均 ", &two_decimals(self.per_capita), " ", sign, " "] {
            reason.push_str(piece);
        }
        if with_factor {
            let _ = write!(reason, "{} × ", dibao.relative_factor());
        }
        reason.push_str(&line_words(&self.line));
        if !self.rigid_known {
            reason.push('；');
            reason.push_str(NO_RIGID);
        }
        reason
    }
}

/// The computed tier of a household, given the worker's ID (for the regional line) and
/// the period's end (for the dated line); `None` without an income, or without a valid
/// ID where regional lines are configured (the region, so the line, is unknown).
pub fn compute(household: Household, id: Option<&str>, dibao: &DibaoConfig, period_end: Ymd) -> Option<ComputedTier> {
    let (per_capita, rigid_known) = household.per_capita()?;
    if id.is_none() && dibao.regional() {
        return None;
    }
    let line = line_in_force(dibao, id, period_end);
    let rung = if household.accident(dibao.accident_share).is_some() {
        Rung::Accident
    } else {
        against_line(per_capita, &line, dibao)
    };
    Some(ComputedTier { per_capita, line, rung, rigid_known })
}

/// Rules 2 and 3: the rung of a monthly income per person against a line.
fn against_line(per_capita: f64, line: &Line, dibao: &DibaoConfig) -> Rung {
    let below = |limit: f64| if dibao.inclusive { per_capita <= limit } else { per_capita < limit };
    if below(line.value) {
        Rung::Deep
    } else if below(dibao.relative_factor() * line.value) {
        Rung::Relative
    } else {
        Rung::Above
    }
}

/// `低保线 760（3701）`, or `低保线 780` for the default line.
fn line_words(line: &Line) -> String {
    match &line.region {
        Some(region) => format!("低保线 {}（{region}）", amount(line.value)),
        None => format!("低保线 {}", amount(line.value)),
    }
}

/// An amount without trailing zeros: 760, 742.5.
fn amount(value: f64) -> String {
    let text = two_decimals(value);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `value` to two decimals, as `format!("{value:.2}")` writes it. The formatter rounds
/// the exact value, and most often has to do it the slow way; a hundred times the value,
/// as a float, is off from the exact product by less than a ten-thousandth (below 1e12),
/// so away from a half its rounding is the same.
fn two_decimals(value: f64) -> String {
    let hundredths = value * 100.0;
    let from_half = (hundredths - hundredths.floor() - 0.5).abs();
    if value.is_sign_positive() && hundredths < 1e12 && from_half > 1e-3 {
        let hundredths = hundredths.round() as u64;
        let cents = (hundredths % 100) as u8;
        let mut text = String::from(itoa::Buffer::new().format(hundredths / 100));
        text.extend(['.', char::from(b'0' + cents / 10), char::from(b'0' + cents % 10)]);
        return text;
    }
    format!("{value:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DatedLine;

    const END: Ymd = (2026, 11, 30);
    const ID: &str = "410102198001011234";

    /// A household of `size` with a monthly income per person of `per_capita` (no rigid
    /// spending unless given).
    fn family(per_capita: f64, size: u32, rigid: Option<f64>) -> Household {
        let income = per_capita * 12.0 * f64::from(size) + rigid.unwrap_or(0.0);
        Household { income: Some(income), size: Some(size), per_capita_stated: None, rigid }
    }

    fn rung(household: Household, dibao: &DibaoConfig) -> Rung {
        compute(household, Some(ID), dibao, END).expect("computed").rung
    }

    #[test]
    fn each_line_just_below_at_and_just_above_for_one_to_four_members() {
        let dibao = DibaoConfig::default();
        for size in 1..=4 {
            for rigid in [None, Some(0.0), Some(1200.0)] {
                let at = |pc: f64| rung(family(pc, size, rigid), &dibao);
                assert_eq!(at(779.99), Rung::Deep, "{size} {rigid:?}");
                assert_eq!(at(780.0), Rung::Relative, "{size} {rigid:?}");
                assert_eq!(at(780.01), Rung::Relative, "{size} {rigid:?}");
                assert_eq!(at(1169.99), Rung::Relative, "{size} {rigid:?}");
                assert_eq!(at(1170.0), Rung::Above, "{size} {rigid:?}");
                assert_eq!(at(1170.01), Rung::Above, "{size} {rigid:?}");
            }
        }
    }

    #[test]
    fn inclusive_makes_both_comparisons_at_most() {
        let dibao = DibaoConfig { inclusive: true, ..DibaoConfig::default() };
        for size in 1..=4 {
            let at = |pc: f64| rung(family(pc, size, Some(600.0)), &dibao);
            assert_eq!(at(780.0), Rung::Deep);
            assert_eq!(at(780.01), Rung::Relative);
            assert_eq!(at(1170.0), Rung::Relative);
            assert_eq!(at(1170.01), Rung::Above);
        }
        let household = family(780.0, 1, Some(0.0));
        let tier = compute(household, Some(ID), &dibao, END).expect("computed");
        assert_eq!(tier.reason(&household, &dibao), "人均 780.00 ≤ 低保线 780");
    }

    #[test]
    fn rigid_spending_above_the_share_is_an_accident() {
        let dibao = DibaoConfig::default();
        let household = |income: f64, rigid: f64| Household {
            income: Some(income),
            size: Some(3),
            per_capita_stated: None,
            rigid: Some(rigid),
        };
        assert_eq!(rung(household(36_000.0, 28_800.0), &dibao), Rung::Deep);
        assert_eq!(rung(household(36_000.0, 28_800.01), &dibao), Rung::Accident);
        assert_eq!(rung(household(36_000.0, 50_000.0), &dibao), Rung::Accident);
        let changed = DibaoConfig { accident_share: 0.5, ..DibaoConfig::default() };
        assert_eq!(rung(household(36_000.0, 18_000.01), &changed), Rung::Accident);
        let spent = household(36_000.0, 30_000.0);
        let tier = compute(spent, Some(ID), &dibao, END).expect("computed");
        assert_eq!(tier.reason(&spent, &dibao), "刚性支出 30000 > 0.8 × 年收入 36000");
    }

    #[test]
    fn rigid_spending_is_subtracted_before_the_line() {
        let dibao = DibaoConfig::default();
        let rich = Household { income: Some(48_000.0), size: Some(2), per_capita_stated: None, rigid: None };
        let tier = compute(rich, Some(ID), &dibao, END).expect("computed");
        assert_eq!((tier.per_capita, tier.rung), (2000.0, Rung::Above));
        assert!(tier.undecided_accident());
        assert_eq!(tier.reason(&rich, &dibao), "人均 2000.00 ≥ 1.5 × 低保线 780；未填刚性支出");
        let spent = Household { rigid: Some(30_000.0), ..rich };
        let tier = compute(spent, Some(ID), &dibao, END).expect("computed");
        assert_eq!((tier.per_capita, tier.rung), (750.0, Rung::Deep));
        assert!(!tier.undecided_accident());
        assert_eq!(tier.reason(&spent, &dibao), "人均 750.00 < 低保线 780");
    }

    #[test]
    fn only_the_stated_per_capita_income_is_the_per_capita() {
        let dibao = DibaoConfig::default();
        let stated = Household { income: None, size: Some(3), per_capita_stated: Some(900.0), rigid: Some(100.0) };
        let tier = compute(stated, Some(ID), &dibao, END).expect("computed");
        assert_eq!((tier.per_capita, tier.rung, tier.rigid_known), (900.0, Rung::Relative, false));
        assert_eq!(compute(Household::default(), Some(ID), &dibao, END), None);
    }

    #[test]
    fn a_changed_relative_factor_and_its_old_name() {
        let dibao = DibaoConfig { relative_factor: Some(2.0), ..DibaoConfig::default() };
        assert_eq!(rung(family(1559.99, 2, None), &dibao), Rung::Relative);
        assert_eq!(rung(family(1560.0, 2, None), &dibao), Rung::Above);
        let old = DibaoConfig { edge_factor: Some(1.2), ..DibaoConfig::default() };
        assert_eq!(rung(family(935.99, 2, None), &old), Rung::Relative);
        assert_eq!(rung(family(936.0, 2, None), &old), Rung::Above);
    }

    #[test]
    fn the_longest_region_prefix_wins() {
        let mut dibao = DibaoConfig::default();
        dibao.by_region.insert("41".into(), 700.0);
        dibao.by_region.insert("4101".into(), 850.0);
        let value = |id: Option<&str>| line_in_force(&dibao, id, END).value;
        assert_eq!(value(Some("410102198001011234")), 850.0);
        assert_eq!(value(Some("411302198001011234")), 700.0);
        assert_eq!(value(Some("110102198001011234")), 780.0);
        assert_eq!(value(None), 780.0);
        assert_eq!(rung(family(849.99, 3, Some(0.0)), &dibao), Rung::Deep);
        assert_eq!(rung(family(850.0, 3, Some(0.0)), &dibao), Rung::Relative);
        assert_eq!(rung(family(1275.0, 3, Some(0.0)), &dibao), Rung::Above);
        let none = compute(family(500.0, 1, None), None, &dibao, END);
        assert_eq!(none, None, "no region, no line where regional lines are configured");
        let household = family(742.5, 4, Some(0.0));
        let tier = compute(household, Some(ID), &dibao, END).expect("computed");
        assert_eq!(tier.reason(&household, &dibao), "人均 742.50 < 低保线 850（4101）");
    }

    #[test]
    fn the_dated_line_in_force_at_the_period_end() {
        let dated =
            |region: &str, from: &str, value: f64| DatedLine { region: region.into(), from: from.into(), value };
        let mut dibao = DibaoConfig::default();
        dibao.by_region.insert("4101".into(), 850.0);
        dibao.lines =
            vec![dated("4101", "2025", 860.0), dated("4101", "2026-07", 880.0), dated("41", "2026-12", 999.0)];
        let value = |end: Ymd| line_in_force(&dibao, Some(ID), end).value;
        assert_eq!(value((2024, 12, 31)), 850.0, "no dated line yet: by_region");
        assert_eq!(value((2025, 1, 31)), 860.0);
        assert_eq!(value((2026, 6, 30)), 860.0);
        assert_eq!(value((2026, 7, 31)), 880.0);
        assert_eq!(value((2026, 12, 31)), 880.0, "a longer prefix before a later date");
        assert_eq!(line_in_force(&dibao, Some("411302198001011234"), (2026, 12, 31)).value, 999.0);
        assert_eq!(line_in_force(&dibao, Some("411302198001011234"), END).value, 780.0);
        assert_eq!(rung(family(879.99, 2, Some(0.0)), &dibao), Rung::Deep);
        assert_eq!(rung(family(880.0, 2, Some(0.0)), &dibao), Rung::Relative);
        assert_eq!(rung(family(1320.0, 2, Some(0.0)), &dibao), Rung::Above);
    }

    #[test]
    fn two_decimals_are_what_the_formatter_writes() {
        // Halves of a hundredth and their neighbours, where rounding is decided.
        let halves = (0..200_000).flat_map(|k| {
            let half = (f64::from(k) + 0.5) / 100.0;
            [half, half.next_up(), half.next_down()]
        });
        for value in halves.chain([0.0, -0.0, -0.004, -1.5, 1e10, 1e10 + 0.125, f64::NAN, f64::INFINITY, 1e-300]) {
            assert_eq!(two_decimals(value), format!("{value:.2}"), "{value:e}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_amount_has_the_formatters_two_decimals(value in proptest::num::f64::ANY, small in 0f64..1e7) {
            proptest::prop_assert_eq!(two_decimals(value), format!("{value:.2}"));
            proptest::prop_assert_eq!(two_decimals(small), format!("{small:.2}"));
        }
    }
}
