//! The two months before the sample's period (2026-09, 2026-10): the same unions sent
//! their rosters and the workforce table then too, so a run over the sample shows a
//! trend and the dynamics (SPEC §6).
//!
//! Going back from the current rosters (before defects are planted): people who joined
//! in October or November are not there yet (新增), people who have since left are
//! (退出), a few households were on the rolls in September, off them in October and are
//! back now (返困), and a few were in the other 低保 tier (类别变化). Who joined when
//! follows from the row's uid, so deciding it draws nothing from the generator's
//! streams. Earlier months carry no planted defects and no ledger: 帮扶台账 is kept for
//! the whole year and comes with the current month.

use super::date::{days_in_month, Date, PERIOD_END};
use super::layouts::{self, Part, Submission};
use super::people::{person, Household, Registry};
use super::render::Entry;
use super::rng::Rng;
use super::sink::Sink;
use super::unions::Union;
use super::{family, workforce, SampleFile};

/// The earlier months, oldest first.
pub const MONTHS: [u32; 2] = [9, 10];
/// uids of people who left, above every roster, ledger and planted row's uid.
const FIRST_LEAVER_UID: usize = 2_000_000;

/// When a row's person first appears in the sample's months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joined {
    /// On the rolls all along.
    Before,
    /// Registered in this month of 2026.
    In(u32),
    /// On the rolls in September, off them in October, back in November (返困).
    Returned,
}

impl Joined {
    /// Of the row with this uid: one in sixteen joined in November, one in sixteen in
    /// October, one in forty-eight returned.
    pub fn of(uid: usize) -> Joined {
        match (uid % 16, uid % 48) {
            (3, _) => Joined::In(PERIOD_END.month),
            (11, _) => Joined::In(MONTHS[1]),
            (_, 7) => Joined::Returned,
            _ => Joined::Before,
        }
    }

    /// Whether the person is on the rolls in `month`.
    fn on_rolls(self, month: u32) -> bool {
        match self {
            Joined::Before => true,
            Joined::In(joined) => month >= joined,
            Joined::Returned => month != MONTHS[1],
        }
    }
}

/// Dates the 建档日期 of the people who joined in the sample's months into that month,
/// and of those who returned before September.
pub fn date_newcomers(subs: &mut [Submission]) {
    let early = Date::new(2026, MONTHS[0], 1);
    for entry in subs.iter_mut().flat_map(|s| &mut s.parts).flat_map(|p| &mut p.entries) {
        let day = 1 + (entry.uid % 25) as u32;
        match Joined::of(entry.uid) {
            Joined::In(month) => entry.person.filed_on = Date::new(2026, month, day),
            Joined::Returned if entry.person.filed_on >= early => entry.person.filed_on = Date::new(2026, 3, day),
            _ => {}
        }
    }
}

/// The files of the earlier months, under `2026-09/` and `2026-10/`: the rosters of
/// `current` (the clean rows of this month) as they stood then, and the workforce table.
pub fn months(
    rng: &mut Rng,
    current: &[Submission],
    unions: &[Union],
    sizes: &[u32],
    registry: &mut Registry,
) -> Result<Vec<SampleFile>, String> {
    let (left_in_october, left_in_november) = leavers(rng, current, unions, registry);
    let mut files = Vec::new();
    for (back, month) in MONTHS.iter().rev().enumerate() {
        let mut subs = current.to_vec();
        for sub in &mut subs {
            sub.month = *month;
            let main_file = !sub.supplement;
            for part in &mut sub.parts {
                as_it_stood(rng, part, *month);
                if !main_file {
                    continue;
                }
                part.entries.extend(left_in_november.iter().filter(|e| e.union == part.union).cloned());
                if *month < MONTHS[1] {
                    part.entries.extend(left_in_october.iter().filter(|e| e.union == part.union).cloned());
                }
            }
        }
        let folder = format!("2026-{month:02}");
        let mut sink = Sink::default();
        for sub in &subs {
            for file in layouts::render(sub, unions, &mut sink)? {
                files.push(SampleFile { path: format!("{folder}/{}", file.path), bytes: file.bytes });
            }
        }
        let grown = back as u32 + 1;
        let then: Vec<u32> = sizes.iter().enumerate().map(|(i, s)| s.saturating_sub(grown * (i as u32 % 4))).collect();
        let table = workforce::workforce(unions, &then)?;
        files.push(SampleFile { path: format!("{folder}/{}", table.path), bytes: table.bytes });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The part's rows in `month`: who was on the rolls (and filed by the month's end), one
/// in sixteen of the 低保 households in the other 低保 tier then.
fn as_it_stood(rng: &mut Rng, part: &mut Part, month: u32) {
    let month_end = Date::new(2026, month, days_in_month(2026, month));
    part.entries.retain(|e| Joined::of(e.uid).on_rolls(month) && e.person.filed_on <= month_end);
    for entry in &mut part.entries {
        if tier_changed(entry.uid) && entry.person.tier < 2 {
            let other = 1 - entry.person.tier;
            entry.person.set_tier(rng, other);
            family::set_rigid(rng, &mut entry.person);
        }
    }
}

/// Whether the household of the row with this uid was in the other 低保 tier before
/// November (one in sixteen; never a row that joined or returned).
fn tier_changed(uid: usize) -> bool {
    uid % 16 == 5
}

/// People who left the rolls: in October (on them in September only) and in November
/// (on them in September and October) — about one row in thirty, and one in twenty, of
/// each union's rows.
fn leavers(
    rng: &mut Rng,
    current: &[Submission],
    unions: &[Union],
    registry: &mut Registry,
) -> (Vec<Entry>, Vec<Entry>) {
    let mut uid = FIRST_LEAVER_UID;
    let (mut october, mut november) = (Vec::new(), Vec::new());
    for part in current.iter().filter(|s| !s.supplement).flat_map(|s| &s.parts) {
        let Some(union) = unions.get(part.union) else { continue };
        let household = Household { units: &union.units, retired: false };
        let rows = part.entries.len();
        for (list, count) in [(&mut october, rows / 30), (&mut november, (rows / 20).max(1))] {
            for _ in 0..count {
                let mut someone = person(rng, &household, registry);
                someone.filed_on = Date::random_between(rng, Date::new(2015, 1, 1), Date::new(2026, 8, 31));
                uid += 1;
                list.push(Entry::new(uid, part.union, someone, false));
            }
        }
    }
    let seed = rng.next_u64();
    family::furnish(october.iter_mut().chain(november.iter_mut()), seed, registry);
    (october, november)
}
