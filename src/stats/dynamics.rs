//! The tables over time: trend (one row per archived period and the current one) and
//! dynamics against the previous period (上期, 新增, 退出, 本期 per union; 存量 / 增量 /
//! 返困 from each worker's standing; changes of 困难类别).

use std::collections::{BTreeMap, HashMap, HashSet};

use foldhash::fast::RandomState;
use serde::Serialize;

use super::hierarchy::Hierarchy;
use super::reporting::{Reporting, UnitStatus};
use super::share::percent;
use crate::history::{Archived, OnFile};
use crate::period::Period;
use crate::rows::{Standing, Worker, Workforce};

/// One period of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendRow {
    /// 报告期.
    pub period: String,
    /// 职工总数.
    pub workforce: u64,
    /// 困难职工 (户).
    pub hardship: u64,
    /// Hardship workers of the units with a workforce figure, percent of it.
    pub percent: f64,
    /// Workers per 困难类别.
    pub tiers: BTreeMap<String, u32>,
}

/// Where a period's workers are held: an archive's roster, or today's workers.
enum People<'a> {
    Archived(&'a [OnFile]),
    Current(&'a [&'a Worker]),
}

/// One period's roster in the few columns the trend and the dynamics need.
pub struct PeriodRoster<'a> {
    /// 报告期.
    pub period: Period,
    people: People<'a>,
    /// The workforce table.
    pub workforce: &'a Workforce,
    /// 家庭人口 summed over the workers.
    pub members: u64,
}

impl<'a> PeriodRoster<'a> {
    /// An archived period.
    pub fn archived(archived: &'a Archived) -> PeriodRoster<'a> {
        let people = People::Archived(&archived.on_file);
        let members = archived.on_file.iter().map(|w| u64::from(w.family_size)).sum();
        PeriodRoster { period: archived.period, people, workforce: &archived.workforce, members }
    }

    /// The current period.
    pub fn current(period: Period, workers: &'a [&'a Worker], workforce: &'a Workforce) -> PeriodRoster<'a> {
        let people = People::Current(workers);
        let members = workers.iter().map(|w| u64::from(w.family_size.unwrap_or(0))).sum();
        PeriodRoster { period, people, workforce, members }
    }

    /// (身份证号, 基层工会, 困难类别) per worker, read from where they are held.
    pub fn people(&self) -> Box<dyn Iterator<Item = (&'a str, &'a str, &'a str)> + 'a> {
        match self.people {
            People::Archived(on_file) => {
                Box::new(on_file.iter().map(|w| (w.id.as_str(), w.union.as_str(), w.tier.as_str())))
            }
            People::Current(workers) => Box::new(
                workers
                    .iter()
                    .map(|w| (w.id_number().unwrap_or_default(), &**w.union(), w.tier.as_deref().unwrap_or_default())),
            ),
        }
    }

    /// The unions of the period, in order of first appearance.
    pub fn unions(&self) -> Vec<&'a str> {
        let mut unions: Vec<&str> = Vec::new();
        for (_, union, _) in self.people() {
            if !unions.contains(&union) {
                unions.push(union);
            }
        }
        unions
    }

    /// The trend row of this period.
    pub fn trend_row(&self, reporting_unit: Option<&str>) -> TrendRow {
        // Counted under borrowed names (a million people, a few hundred unions and tiers).
        let mut unions: HashMap<&str, u32, RandomState> = HashMap::default();
        let mut tier_counts: HashMap<&str, u32, RandomState> = HashMap::default();
        let mut hardship = 0;
        for (_, union, tier) in self.people() {
            hardship += 1;
            *unions.entry(union).or_default() += 1;
            *tier_counts.entry(tier).or_default() += 1;
        }
        let per_union: HashMap<String, u32> = unions.into_iter().map(|(u, n)| (u.to_string(), n)).collect();
        let tiers: BTreeMap<String, u32> = tier_counts.into_iter().map(|(t, n)| (t.to_string(), n)).collect();
        let hierarchy = Hierarchy { workforce: self.workforce, reporting_unit };
        let whole = hierarchy.total(&hierarchy.ratio(&per_union, &Reporting::default()));
        TrendRow {
            period: self.period.to_string(),
            workforce: whole.workforce,
            hardship,
            percent: percent(whole.hardship, whole.workforce),
            tiers,
        }
    }
}

/// How the workers of a union, or of all, moved since the previous period:
/// previous + new − exited − held_back − not_reported = current.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Movement {
    /// Workers in the previous period.
    pub previous: u32,
    /// 新增: not in the previous period (0 when none is archived).
    pub new: u32,
    /// 退出 (脱困): in the previous period, and no longer on a roster its union sent, or
    /// marked 脱困.
    pub exited: u32,
    /// 有误退回: in the previous period, and sent again on a row held back for an error
    /// (to be corrected, not gone).
    pub held_back: u32,
    /// 未报送: in the previous period, and its union sent nothing readable (not gone).
    pub not_reported: u32,
    /// Workers now.
    pub current: u32,
}

impl Movement {
    /// The figures in table order: 上期, 新增, 退出, 有误退回, 未报送, 本期.
    pub fn figures(&self) -> [u32; 6] {
        [self.previous, self.new, self.exited, self.held_back, self.not_reported, self.current]
    }

    fn add(&mut self, other: &Movement) {
        self.previous += other.previous;
        self.new += other.new;
        self.exited += other.exited;
        self.held_back += other.held_back;
        self.not_reported += other.not_reported;
        self.current += other.current;
    }
}

/// The movement of one union.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnionDynamics {
    /// 基层工会.
    pub union: String,
    /// Its figures.
    #[serde(flatten)]
    pub movement: Movement,
}

/// One change of 困难类别 between the two periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierChange {
    /// 上期类别.
    pub from: String,
    /// 本期类别.
    pub to: String,
    /// How many workers.
    pub count: u32,
}

/// The dynamics against the previous period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dynamics {
    /// The previous period, when one is archived.
    pub previous_period: Option<String>,
    /// The figures of all unions.
    #[serde(flatten)]
    pub movement: Movement,
    /// 存量: in the previous period too.
    pub continuing: u32,
    /// 增量: in no earlier period.
    pub added: u32,
    /// 返困: in an earlier period, not in the previous one, back now.
    pub returned: u32,
    /// Per union.
    pub by_union: Vec<UnionDynamics>,
    /// Changes of 困难类别 among the continuing workers.
    pub tier_changes: Vec<TierChange>,
}

/// Compares the current period with the previous archived one: previous + new − exited
/// − held_back − not_reported = current. People are matched by ID across the whole
/// batch: one who moved to another union is neither new nor exited (the two unions' rows
/// then differ by the move). `workers` are the
/// current period's counted workers, each with its standing; `held_back` the IDs on this
/// period's rows held back for an error.
pub fn dynamics(
    previous: Option<&PeriodRoster<'_>>,
    workers: &[&Worker],
    held_back: &HashSet<&str>,
    reporting: &Reporting,
) -> Dynamics {
    let previous_people = || previous.into_iter().flat_map(|p| p.people());
    let before: HashMap<&str, &str, RandomState> = previous_people().map(|(id, _, tier)| (id, tier)).collect();
    // Only whether a previous period's ID is on today's roster is asked.
    let now: HashSet<&str, RandomState> =
        workers.iter().filter_map(|w| w.id_number()).filter(|id| before.contains_key(id)).collect();

    let mut changes: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut by_union: BTreeMap<&str, UnionDynamics> = BTreeMap::new();
    for (id, union, _) in previous_people() {
        let row = entry(&mut by_union, union);
        row.movement.previous += 1;
        if now.contains(id) {
            continue;
        }
        if held_back.contains(id) {
            row.movement.held_back += 1;
        } else if reporting.status(union) == UnitStatus::NotReported {
            row.movement.not_reported += 1;
        } else {
            row.movement.exited += 1;
        }
    }
    for worker in workers {
        let row = entry(&mut by_union, worker.union());
        row.movement.current += 1;
        let tier = worker.tier.as_deref().unwrap_or_default();
        let was = before.get(worker.id_number().unwrap_or_default());
        if let Some(&tier_before) = was.filter(|t| **t != tier) {
            *changes.entry((tier_before.to_string(), tier.to_string())).or_default() += 1;
        }
        row.movement.new += u32::from(previous.is_some() && was.is_none());
    }
    let by_union: Vec<UnionDynamics> = by_union.into_values().collect();
    let mut movement = Movement::default();
    by_union.iter().for_each(|u| movement.add(&u.movement));
    let count = |s: Standing| workers.iter().filter(|w| w.standing == Some(s)).count() as u32;
    Dynamics {
        previous_period: previous.map(|p| p.period.to_string()),
        movement,
        continuing: count(Standing::Continuing),
        added: count(Standing::Added),
        returned: count(Standing::Returned),
        tier_changes: changes.into_iter().map(|((from, to), count)| TierChange { from, to, count }).collect(),
        by_union,
    }
}

/// The row of a union, made on first use.
fn entry<'m, 'u>(by_union: &'m mut BTreeMap<&'u str, UnionDynamics>, union: &'u str) -> &'m mut UnionDynamics {
    by_union.entry(union).or_insert_with(|| UnionDynamics { union: union.to_string(), ..UnionDynamics::default() })
}
