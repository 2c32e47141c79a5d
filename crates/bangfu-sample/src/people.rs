//! Realistic workers in hardship (困难职工) and their households.
//!
//! A [`Person`] is the truth about one registered worker; layouts decide how it
//! is written. Everything a fresh person holds agrees with itself: the ID
//! carries the birth date and sex, the per-capita income is the annual income
//! / 12 / family size, and the declared tier matches the income against the
//! 低保线 of the person's region (SPEC §6). Defects are planted later, on purpose.

use std::collections::HashSet;

use super::config::{dibao_line, EDGE_FACTOR};
use super::date::{Date, PERIOD_END};
use super::idcard;
use super::rng::Rng;
use super::tables::{self, CausePhrase, Status};

/// 性别.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// 男 / 女.
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// The other sex (for planted W202).
    pub fn other(self) -> Sex {
        match self {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        }
    }
}

/// 致困原因 — primary cause code (1–10), the clerk's free text if any, and a
/// secondary cause code.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    pub primary: u8,
    pub phrase: Option<&'static str>,
    pub secondary: Option<u8>,
}

/// One registered worker in hardship and the household (户).
#[derive(Clone, Debug)]
pub struct Person {
    pub name: String,
    pub sex: Sex,
    pub birth: Date,
    /// 6-digit region code of the ID.
    pub region: &'static str,
    /// 身份证号 as issued (18 digits, or 15 for an old one).
    pub id: String,
    pub ethnicity: &'static str,
    pub politics: &'static str,
    pub phone: String,
    /// 工作单位
    pub unit: String,
    /// 身份
    pub status: &'static Status,
    /// 困难类别 as an index into a vocabulary of `tables::TIER_VOCABS`.
    pub tier: usize,
    pub health: &'static str,
    /// 残疾类别 ("" when none)
    pub disability: &'static str,
    pub single_parent: bool,
    /// 家庭人口
    pub family_size: u32,
    /// 本人月平均收入, 元
    pub own_income: f64,
    /// 家庭年度总收入, whole 元
    pub family_income: f64,
    pub cause: Cause,
    pub address: String,
    /// 建档日期
    pub filed_on: Date,
    /// 银行卡号 (kept by one layout as an extra column)
    pub bank_card: String,
    /// The household's members, rigid spending and last review (see [`crate::family`]).
    pub family: Family,
}

/// A member of the worker's household (家庭成员).
#[derive(Clone, Debug, PartialEq)]
pub struct Relative {
    /// 与本人关系 — 配偶, 丈夫, 妻子, 儿子, 女儿, 父亲, 母亲.
    pub relation: &'static str,
    pub name: String,
    pub sex: Sex,
    pub birth: Date,
    /// 身份证号, unique in the sample.
    pub id: String,
    /// 健康状况
    pub health: &'static str,
}

/// What a household holds besides the worker: filled in after the rows are drawn, by
/// [`crate::family::furnish`], so that the people drawn before stay as they were.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Family {
    /// The spouse, when married.
    pub spouse: Option<Relative>,
    /// Children, then parents: with the worker and the spouse, 家庭人口 people.
    pub others: Vec<Relative>,
    /// 家庭年度刚性支出, whole 元.
    pub rigid: f64,
    /// 复核日期: the last yearly review, none for a file less than a year old.
    pub reviewed: Option<Date>,
}

impl Family {
    /// Every member, the spouse first.
    pub fn members(&self) -> impl Iterator<Item = &Relative> {
        self.spouse.iter().chain(&self.others)
    }

    /// The children's IDs, joined by 、 as a clerk writes them in one cell.
    pub fn children_ids(&self) -> String {
        let children = self.others.iter().filter(|r| matches!(r.relation, "儿子" | "女儿"));
        children.map(|r| r.id.as_str()).collect::<Vec<_>>().join("、")
    }
}

/// What the union says about the people it registers.
pub struct Household<'a> {
    /// 工作单位 names of the union's member units.
    pub units: &'a [String],
    /// Retired workers (退休, aged 50–60) instead of working-age ones.
    pub retired: bool,
}

/// Everything already handed out, so IDs and (name, birth) pairs stay unique
/// across the whole sample unless a defect copies them on purpose.
#[derive(Default)]
pub struct Registry {
    ids: HashSet<String>,
    name_births: HashSet<(String, Date)>,
}

/// Rounds to whole fen (2 decimals), as 家庭月人均收入 is written.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Person {
    /// 家庭月人均收入 = 家庭年度总收入 / 12 / 家庭人口, rounded to 2 decimals.
    pub fn per_capita(&self) -> f64 {
        round2(self.family_income / 12.0 / f64::from(self.family_size.max(1)))
    }

    /// Age at the end of the period.
    #[cfg(test)]
    pub fn age(&self) -> u32 {
        self.birth.age_on(PERIOD_END)
    }

    /// Gives the person a new, unique 18-digit ID that agrees with the current
    /// region, birth date and sex.
    pub fn reissue_id(&mut self, rng: &mut Rng, registry: &mut Registry) {
        self.id = fresh_id(rng, registry, |seq| idcard::id18(self.region, self.birth, seq), self.sex);
    }

    /// Gives the person a unique old 15-digit ID (region must be an old one).
    pub fn reissue_id15(&mut self, rng: &mut Rng, registry: &mut Registry) {
        self.id = fresh_id(rng, registry, |seq| idcard::id15(self.region, self.birth, seq), self.sex);
    }

    /// Moves the household to tier 0 or 1, with incomes that agree with it (a tier
    /// change between months; the accident tier needs an accident, so it is left alone).
    pub fn set_tier(&mut self, rng: &mut Rng, tier: usize) {
        self.tier = tier;
        self.family_income = household_income(rng, tier, dibao_line(self.region), self.family_size);
        self.own_income = own_income(rng, self.status, self.family_income, self.family_size);
    }

    /// Sets income and tier so the household is well above the 低保 edge (used
    /// by planted W205: a declared 低保户 that the income contradicts).
    pub fn make_well_off(&mut self, rng: &mut Rng) {
        let size = f64::from(self.family_size);
        let per_capita = dibao_line(self.region) * EDGE_FACTOR * rng.real(1.5, 2.0);
        self.family_income = (per_capita * 12.0 * size).round();
        self.family.rigid = 0.0;
    }
}

/// A new, unique 18-digit ID of someone born in `region` on `birth`.
pub fn new_id(rng: &mut Rng, registry: &mut Registry, region: &str, birth: Date, sex: Sex) -> String {
    fresh_id(rng, registry, |seq| idcard::id18(region, birth, seq), sex)
}

/// A unique ID built by `make` from a sequence number of the right parity.
fn fresh_id(rng: &mut Rng, registry: &mut Registry, make: impl Fn(u32) -> String, sex: Sex) -> String {
    loop {
        let seq = rng.range(0, 499) * 2 + u32::from(sex == Sex::Male);
        let id = make(seq);
        if registry.ids.insert(id.clone()) {
            return id;
        }
    }
}

/// A new, clean person of `household`.
pub fn person(rng: &mut Rng, household: &Household, registry: &mut Registry) -> Person {
    let sex = if rng.chance(48) { Sex::Male } else { Sex::Female };
    let birth = birth_date(rng, household.retired);
    let name = unique_name(rng, sex, birth, registry);
    let region = rng.weighted(&regions()).code;
    let tier = rng.weighted(&[(0usize, 35), (1, 40), (2, 25)]);
    let family_size = rng.weighted(&[(1u32, 8), (2, 22), (3, 35), (4, 25), (5, 10)]);
    let cause = cause(rng, tier, sex, family_size);
    let status = status(rng, household.retired, cause.primary);
    let family_income = household_income(rng, tier, dibao_line(region), family_size);
    let mut p = Person {
        name,
        sex,
        birth,
        region,
        id: String::new(),
        ethnicity: rng.weighted(tables::ETHNICITIES),
        politics: politics(rng, birth),
        phone: phone(rng),
        unit: household.units.get(rng.below(household.units.len())).cloned().unwrap_or_default(),
        status,
        tier,
        health: health(rng, cause.primary),
        disability: if cause.primary == 1 { "肢体残疾" } else { "" },
        single_parent: family_size >= 2 && rng.chance(12),
        family_size,
        own_income: own_income(rng, status, family_income, family_size),
        family_income,
        cause,
        address: address(rng),
        filed_on: Date::random_between(rng, Date::new(2015, 1, 1), Date::new(2026, 10, 31)),
        bank_card: format!("622848{:013}", rng.next_u64() % 10_000_000_000_000),
        family: Family::default(),
    };
    p.reissue_id(rng, registry);
    p
}

fn regions() -> Vec<(&'static tables::Region, u32)> {
    tables::REGIONS.iter().map(|r| (r, r.weight)).collect()
}

/// Ages 22–60 at the period end (50–60 for the retired).
fn birth_date(rng: &mut Rng, retired: bool) -> Date {
    let oldest = Date::new(1966, 12, 1);
    let youngest = if retired { Date::new(1976, 11, 30) } else { Date::new(2004, 11, 30) };
    Date::random_between(rng, oldest, youngest)
}

/// A name whose (name, birth date) pair nobody else has.
fn unique_name(rng: &mut Rng, sex: Sex, birth: Date, registry: &mut Registry) -> String {
    loop {
        let name = chinese_name(rng, sex);
        if registry.name_births.insert((name.clone(), birth)) {
            return name;
        }
    }
}

/// Surname and a one- or two-character given name.
pub fn chinese_name(rng: &mut Rng, sex: Sex) -> String {
    let given = match sex {
        Sex::Male => tables::MALE_GIVEN,
        Sex::Female => tables::FEMALE_GIVEN,
    };
    let mut name = rng.pick(tables::SURNAMES).to_string();
    name += rng.pick(given);
    if rng.chance(70) {
        name += rng.pick(given);
    }
    name
}

/// The causes: accident tier households have a disaster or an accident.
fn cause(rng: &mut Rng, tier: usize, sex: Sex, family_size: u32) -> Cause {
    let table = if tier == 2 { tables::ACCIDENT_CAUSES } else { tables::PRIMARY_CAUSES };
    let primary = rng.weighted(table);
    let phrases: Vec<&CausePhrase> =
        tables::CAUSE_PHRASES.iter().filter(|p| p.primary == primary && fits(p, sex, family_size)).collect();
    let phrase = (!phrases.is_empty() && rng.chance(60)).then(|| rng.pick(&phrases));
    let secondary = match phrase.and_then(|p| p.secondary) {
        Some(s) => Some(s),
        None => other_cause(rng, primary),
    };
    Cause { primary, phrase: phrase.map(|p| p.text), secondary }
}

/// Whether a phrase can describe this household: a 妻子 is a man's, and a
/// worker living alone has no family to speak of.
fn fits(phrase: &CausePhrase, sex: Sex, family_size: u32) -> bool {
    let names_family = tables::FAMILY_WORDS.iter().any(|w| phrase.text.contains(w));
    (phrase.sex.is_empty() || phrase.sex == sex.label()) && (family_size > 1 || !names_family)
}

/// Sometimes a second, different cause.
fn other_cause(rng: &mut Rng, primary: u8) -> Option<u8> {
    if !rng.chance(30) {
        return None;
    }
    let others: Vec<(u8, u32)> = tables::PRIMARY_CAUSES.iter().copied().filter(|(c, _)| *c != primary).collect();
    Some(rng.weighted(&others))
}

/// 身份: the laid-off are laid off; the retired are retired.
fn status(rng: &mut Rng, retired: bool, primary: u8) -> &'static Status {
    if retired {
        return &tables::RETIRED;
    }
    let pool: Vec<(&Status, u32)> = tables::STATUSES
        .iter()
        .filter(|(s, _)| primary != 3 || s.canonical.starts_with('下') || s.canonical.starts_with('失'))
        .map(|(s, w)| (s, *w))
        .collect();
    rng.weighted(&pool)
}

/// Annual household income in whole 元, inside the band of the tier with a
/// margin, so that rounding never moves a household across a line.
fn household_income(rng: &mut Rng, tier: usize, line: f64, size: u32) -> f64 {
    let (lo, hi) = match tier {
        0 => (0.35, 0.90),
        1 => (1.10, 1.40),
        _ => (1.60, 3.00),
    };
    let per_capita = line * rng.real(lo, hi);
    (per_capita * 12.0 * f64::from(size)).round()
}

/// 本人月平均收入: the jobless have none unless they live alone.
fn own_income(rng: &mut Rng, status: &Status, family_income: f64, size: u32) -> f64 {
    let monthly = family_income / 12.0;
    if size == 1 {
        return round2(monthly);
    }
    let jobless = status.canonical.starts_with('下') || status.canonical.starts_with('失');
    if jobless {
        return 0.0;
    }
    (monthly * rng.real(0.45, 0.9)).round()
}

fn politics(rng: &mut Rng, birth: Date) -> &'static str {
    if birth.age_on(PERIOD_END) <= 28 && rng.chance(40) {
        return "共青团员";
    }
    rng.weighted(tables::POLITICS)
}

fn health(rng: &mut Rng, primary: u8) -> &'static str {
    match primary {
        6 => rng.pick(tables::SICK),
        1 => "残疾",
        _ => "健康",
    }
}

/// An 11-digit mobile number (13x, 15x, 18x).
pub fn phone(rng: &mut Rng) -> String {
    format!("{}{:08}", rng.pick(tables::PHONE_PREFIXES), rng.next_u64() % 100_000_000)
}

fn address(rng: &mut Rng) -> String {
    if rng.chance(70) {
        format!("城关镇{}{}号", rng.pick(tables::STREETS), rng.range(1, 220))
    } else {
        format!("城关镇{}{}组", rng.pick(tables::VILLAGES), rng.range(1, 9))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(n: usize, retired: bool) -> Vec<Person> {
        let mut rng = Rng::new(11);
        let mut registry = Registry::default();
        let units = vec!["豫丰纺织有限公司".to_string()];
        let household = Household { units: &units, retired };
        (0..n).map(|_| person(&mut rng, &household, &mut registry)).collect()
    }

    #[test]
    fn ids_agree_with_birth_and_sex() {
        for p in people(300, false) {
            assert!(idcard::is_valid18(&p.id), "{}", p.id);
            assert_eq!(&p.id[6..14], p.birth.ymd8());
            let seq: u32 = p.id[14..17].parse().unwrap_or(0);
            assert_eq!(idcard::sequence_is_male(seq), p.sex == Sex::Male);
            assert!((22..=60).contains(&p.age()), "age {}", p.age());
        }
    }

    #[test]
    fn tiers_agree_with_income() {
        for p in people(300, false) {
            let line = dibao_line(p.region);
            let pc = p.per_capita();
            match p.tier {
                0 => assert!(pc < line * 0.95),
                1 => assert!(pc > line * 1.05 && pc < line * EDGE_FACTOR * 0.95),
                _ => {
                    assert!(pc > line * EDGE_FACTOR * 1.05);
                    assert!([7, 8].contains(&p.cause.primary));
                }
            }
            assert!(p.own_income <= p.family_income / 12.0 + 0.01);
        }
    }

    #[test]
    fn phrases_fit_the_household() {
        for p in people(400, false) {
            let text = p.cause.phrase.unwrap_or("");
            assert!(!text.starts_with("丈夫") || p.sex == Sex::Female, "{text}");
            assert!(!text.starts_with("妻子") || p.sex == Sex::Male, "{text}");
            assert!(!text.contains("夫妻") || p.family_size > 1, "{text}");
        }
    }

    #[test]
    fn phones_and_cards_have_the_right_length() {
        for p in people(100, false) {
            assert_eq!(p.phone.len(), 11);
            assert!(p.phone.starts_with('1'));
            assert_eq!(p.bank_card.len(), 19);
        }
    }

    #[test]
    fn retired_people_are_50_to_60() {
        for p in people(100, true) {
            assert!((50..=60).contains(&p.age()));
            assert_eq!(p.status.canonical, "退休");
        }
    }

    #[test]
    fn old_ids_have_15_digits() {
        let mut rng = Rng::new(5);
        let mut registry = Registry::default();
        let mut p = people(1, false).remove(0);
        p.birth = Date::new(1970, 5, 6);
        p.reissue_id15(&mut rng, &mut registry);
        assert_eq!(p.id.len(), 15);
        assert_eq!(&p.id[6..12], "700506");
    }
}
