//! The household around each registered worker: the spouse and the other members (for
//! the 配偶 / 子女身份证号 columns and the registration forms' family-member table), the
//! year's rigid spending (家庭年度刚性支出) and the last yearly review (复核日期).
//!
//! All of it is drawn after the rows, from a generator of its own per row (seeded by the
//! sample's seed and the row's uid), so that the people drawn before keep every value
//! they had. What is drawn agrees with the tier rules of SPEC §5a as `bangfu.toml`
//! configures them: a 低保 household keeps its tier after its rigid spending is
//! subtracted, and an accident household's spending is above 0.8 × its income.

use super::config::dibao_line;
use super::date::Date;
use super::people::{new_id, Person, Registry, Relative, Sex};
use super::render::Entry;
use super::rng::Rng;
use super::tables;

/// 复核日期 of a file reviewed in the last year: from here on (so no file is due in any
/// of the sample's months: the latest, ending 2026-11-30, would find one before
/// 2025-11-30 due) …
const REVIEWED_FROM: Date = Date::new(2025, 12, 1);
/// … up to here (before the earliest month's end).
const REVIEWED_UNTIL: Date = Date::new(2026, 8, 31);
/// Share of the yearly income above which rigid spending makes the household 意外致困.
pub const ACCIDENT_SHARE: f64 = 0.8;

/// Gives every row of `entries` its household.
pub fn furnish<'e>(entries: impl IntoIterator<Item = &'e mut Entry>, seed: u64, registry: &mut Registry) {
    for entry in entries {
        let mut rng = Rng::new(seed ^ 0xFA11_u64).fork(entry.uid as u64);
        furnish_one(&mut rng, &mut entry.person, registry);
    }
}

fn furnish_one(rng: &mut Rng, person: &mut Person, registry: &mut Registry) {
    let married = person.family_size >= 2 && !person.single_parent && rng.chance(90);
    let spouse = married.then(|| spouse(rng, person, registry));
    let wanted = person.family_size as usize - 1 - usize::from(spouse.is_some());
    let others = (0..wanted).map(|k| child_or_parent(rng, person, k, registry)).collect();
    person.family.spouse = spouse;
    person.family.others = others;
    person.family.reviewed =
        (person.filed_on < REVIEWED_FROM).then(|| Date::random_between(rng, REVIEWED_FROM, REVIEWED_UNTIL));
    set_rigid(rng, person);
}

/// A spouse of about the worker's age.
fn spouse(rng: &mut Rng, person: &Person, registry: &mut Registry) -> Relative {
    let sex = person.sex.other();
    let birth = person.birth.plus_days(rng.range(0, 3000) as i64 - 1500).min(Date::new(2004, 11, 30));
    let relation = match sex {
        Sex::Male => "丈夫",
        Sex::Female => "妻子",
    };
    relative(rng, person, relation, sex, birth, registry)
}

/// The `k`-th member besides the spouse: children while the worker is old enough to
/// have them (two at most), then parents.
fn child_or_parent(rng: &mut Rng, person: &Person, k: usize, registry: &mut Registry) -> Relative {
    let sex = if rng.chance(50) { Sex::Male } else { Sex::Female };
    let child_birth = person.birth.plus_days(365 * 24 + rng.range(0, 365 * 8) as i64);
    if k < 2 && child_birth < Date::new(2026, 6, 30) {
        let relation = if sex == Sex::Male { "儿子" } else { "女儿" };
        return relative(rng, person, relation, sex, child_birth, registry);
    }
    let parent_sex = if k.is_multiple_of(2) { Sex::Male } else { Sex::Female };
    let birth = person.birth.plus_days(-(365 * 24 + rng.range(0, 365 * 8) as i64));
    let relation = if parent_sex == Sex::Male { "父亲" } else { "母亲" };
    relative(rng, person, relation, parent_sex, birth, registry)
}

fn relative(
    rng: &mut Rng,
    person: &Person,
    relation: &'static str,
    sex: Sex,
    birth: Date,
    registry: &mut Registry,
) -> Relative {
    let same_surname = matches!(relation, "儿子" | "女儿" | "父亲");
    let name = family_name(rng, sex, same_surname.then(|| surname(&person.name)));
    let id = new_id(rng, registry, person.region, birth, sex);
    let health =
        if relation == "父亲" || relation == "母亲" { rng.pick(&["健康", "慢性病"]) } else { "健康" };
    Relative { relation, name, sex, birth, id, health }
}

/// The worker's surname (one character, as all the sample's surnames are).
fn surname(name: &str) -> &str {
    name.char_indices().nth(1).map_or(name, |(i, _)| &name[..i])
}

fn family_name(rng: &mut Rng, sex: Sex, surname: Option<&str>) -> String {
    let given = match sex {
        Sex::Male => tables::MALE_GIVEN,
        Sex::Female => tables::FEMALE_GIVEN,
    };
    let mut name = surname.map_or_else(|| rng.pick(tables::SURNAMES).to_string(), str::to_string);
    name += rng.pick(given);
    if rng.chance(70) {
        name += rng.pick(given);
    }
    name
}

/// 家庭年度刚性支出 that keeps the household's tier: some of the income for a 低保
/// household, no more than keeps a 低保边缘户 above the line, and more than
/// [`ACCIDENT_SHARE`] of the income for an accident.
pub fn set_rigid(rng: &mut Rng, person: &mut Person) {
    let income = person.family_income;
    let size = f64::from(person.family_size.max(1));
    let line = dibao_line(person.region);
    let room = match person.tier {
        0 => income * 0.3,
        1 => ((person.per_capita() - 1.05 * line) * 12.0 * size * 0.9).max(0.0),
        _ => {
            person.family.rigid = hundreds(income * rng.real(ACCIDENT_SHARE + 0.1, 1.4));
            return;
        }
    };
    person.family.rigid = hundreds(room * rng.real(0.0, 1.0));
}

/// Rounded down to whole hundreds of 元, as spending is declared.
fn hundreds(x: f64) -> f64 {
    (x / 100.0).floor() * 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EDGE_FACTOR;
    use crate::date::PERIOD_END;
    use crate::people::{person, Household};

    /// Whether the household is above every line (SPEC §5a rule 2) after its rigid spending.
    fn above_every_line(person: &Person) -> bool {
        let size = f64::from(person.family_size.max(1));
        let per_capita = (person.family_income - person.family.rigid) / 12.0 / size;
        per_capita >= EDGE_FACTOR * dibao_line(person.region)
    }

    fn people(n: usize) -> Vec<Person> {
        let mut rng = Rng::new(21);
        let mut registry = Registry::default();
        let units = vec!["华瑞食品有限公司".to_string()];
        let household = Household { units: &units, retired: false };
        let mut all: Vec<Person> = (0..n).map(|_| person(&mut rng, &household, &mut registry)).collect();
        for (uid, p) in all.iter_mut().enumerate() {
            furnish_one(&mut Rng::new(uid as u64), p, &mut registry);
        }
        all
    }

    #[test]
    fn households_have_family_size_people_with_valid_unique_ids() {
        let mut ids = std::collections::HashSet::new();
        for p in people(300) {
            assert_eq!(p.family.members().count() + 1, p.family_size as usize, "{p:?}");
            assert!(ids.insert(p.id.clone()));
            for r in p.family.members() {
                assert!(crate::idcard::is_valid18(&r.id), "{}", r.id);
                assert!(ids.insert(r.id.clone()), "{} twice", r.id);
                assert!(r.birth < PERIOD_END);
            }
            if p.single_parent {
                assert!(p.family.spouse.is_none());
            }
        }
    }

    #[test]
    fn rigid_spending_keeps_the_tier() {
        for p in people(300) {
            let size = f64::from(p.family_size);
            let line = dibao_line(p.region);
            let after = (p.family_income - p.family.rigid) / 12.0 / size;
            match p.tier {
                0 => assert!(after < line * 0.95 && p.family.rigid >= 0.0),
                1 => assert!(after > line * 1.04 && after < line * EDGE_FACTOR),
                _ => assert!(p.family.rigid > ACCIDENT_SHARE * p.family_income),
            }
            assert!(p.tier == 2 || !above_every_line(&p));
        }
    }

    #[test]
    fn reviews_are_within_the_year_of_every_month() {
        for p in people(200) {
            match p.family.reviewed {
                Some(day) => assert!(day >= REVIEWED_FROM && day >= p.filed_on && day <= REVIEWED_UNTIL),
                None => assert!(p.filed_on >= REVIEWED_FROM),
            }
        }
    }
}
