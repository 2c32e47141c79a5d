//! The tables over time: trend (one row per archived period and the current one) and
//! dynamics against the previous period (上期, 新增, 退出, 本期 per union; 存量 / 增量 /
//! 返困; changes of 困难类别).

use std::collections::{BTreeMap, HashMap, HashSet};

use polars::prelude::PolarsResult;
use serde::Serialize;

use super::hierarchy::Hierarchy;
use super::share::percent;
use super::workforce::Workforce;
use crate::archive::frames::{col_names, strings};
use crate::archive::history::History;
use crate::normalize::date::Ymd;
use crate::period::Period;
use crate::worker::Worker;

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

/// One period's roster in the few columns the trend and the dynamics need.
pub struct PeriodRoster {
    /// 报告期.
    pub period: Period,
    /// (身份证号, 基层工会, 困难类别) per worker.
    pub people: Vec<(String, String, String)>,
    /// The workforce table.
    pub workforce: Workforce,
}

impl PeriodRoster {
    /// An archived period.
    pub fn archived(history: &History) -> PolarsResult<Vec<PeriodRoster>> {
        history
            .periods
            .iter()
            .map(|a| {
                let (ids, unions, tiers) = (
                    strings(&a.roster, col_names::ID)?,
                    strings(&a.roster, col_names::UNION)?,
                    strings(&a.roster, col_names::TIER)?,
                );
                let people = ids.into_iter().zip(unions).zip(tiers).map(|((i, u), t)| (i, u, t)).collect();
                Ok(PeriodRoster { period: a.period, people, workforce: a.workforce.clone() })
            })
            .collect()
    }

    /// The current period.
    pub fn current(period: Period, workers: &[&Worker], workforce: &Workforce) -> PeriodRoster {
        let people = workers
            .iter()
            .map(|w| {
                let id = w.id_number().unwrap_or_default().to_string();
                (id, w.union.to_string(), w.tier.clone().unwrap_or_default())
            })
            .collect();
        PeriodRoster { period, people, workforce: workforce.clone() }
    }

    /// The trend row of this period.
    pub fn trend_row(&self, reporting_unit: Option<&str>) -> TrendRow {
        let mut per_union: HashMap<String, u32> = HashMap::new();
        let mut tiers: BTreeMap<String, u32> = BTreeMap::new();
        for (_, union, tier) in &self.people {
            *per_union.entry(union.clone()).or_default() += 1;
            *tiers.entry(tier.clone()).or_default() += 1;
        }
        let hierarchy = Hierarchy { workforce: &self.workforce, reporting_unit };
        let whole = hierarchy.total(&hierarchy.ratio(&per_union));
        TrendRow {
            period: self.period.to_string(),
            workforce: whole.workforce,
            hardship: self.people.len() as u64,
            percent: percent(whole.hardship, whole.workforce),
            tiers,
        }
    }
}

/// 新增, 退出 and the rest of one union.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnionDynamics {
    /// 基层工会.
    pub union: String,
    /// Workers in the previous period.
    pub previous: u32,
    /// 新增: not in the previous period.
    pub new: u32,
    /// 退出: in the previous period and gone, or 脱困日期 within this period.
    pub exited: u32,
    /// Workers now.
    pub current: u32,
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
    /// Workers in the previous period.
    pub previous: u32,
    /// 新增.
    pub new: u32,
    /// 退出 (脱困).
    pub exited: u32,
    /// Workers now.
    pub current: u32,
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

/// The label of a current worker: 存量, 增量 or 返困.
pub fn label(id: &str, previous: &HashSet<&str>, earlier: &HashSet<&str>) -> &'static str {
    if previous.contains(id) {
        "存量"
    } else if earlier.contains(id) {
        "返困"
    } else {
        "增量"
    }
}

/// Compares the current period with the archived ones; `exits` are the current
/// workers' 脱困日期, `period_days` the first and last day of the period.
pub fn dynamics(
    archived: &[PeriodRoster],
    current: &PeriodRoster,
    exits: &[Option<Ymd>],
    period_days: (Ymd, Ymd),
) -> Dynamics {
    let Some(previous) = archived.last() else {
        let mut dynamics = Dynamics::default();
        count_current(&mut dynamics, current, exits, period_days, &HashMap::new(), &HashSet::new());
        return dynamics;
    };
    let before: HashMap<&str, (&str, &str)> =
        previous.people.iter().map(|(id, union, tier)| (id.as_str(), (union.as_str(), tier.as_str()))).collect();
    let earlier: HashSet<&str> =
        archived[..archived.len() - 1].iter().flat_map(|p| p.people.iter().map(|(id, _, _)| id.as_str())).collect();
    let mut dynamics = Dynamics { previous_period: Some(previous.period.to_string()), ..Dynamics::default() };
    let mut unions: BTreeMap<String, UnionDynamics> = BTreeMap::new();
    let now: HashSet<&str> = current.people.iter().map(|(id, _, _)| id.as_str()).collect();
    for (id, union, _) in &previous.people {
        let row = unions.entry(union.clone()).or_insert_with(|| named(union));
        row.previous += 1;
        dynamics.previous += 1;
        if !now.contains(id.as_str()) {
            row.exited += 1;
            dynamics.exited += 1;
        }
    }
    let mut changes: BTreeMap<(String, String), u32> = BTreeMap::new();
    for (id, _, tier) in &current.people {
        if let Some((_, before_tier)) = before.get(id.as_str()).filter(|(_, t)| t != tier) {
            *changes.entry((before_tier.to_string(), tier.clone())).or_default() += 1;
        }
    }
    dynamics.tier_changes = changes.into_iter().map(|((from, to), count)| TierChange { from, to, count }).collect();
    dynamics.by_union = unions.into_values().collect();
    count_current(&mut dynamics, current, exits, period_days, &before, &earlier);
    dynamics
}

fn named(union: &str) -> UnionDynamics {
    UnionDynamics { union: union.to_string(), ..UnionDynamics::default() }
}

/// Counts the current workers into `dynamics`: current, new, the labels, and exits
/// dated within the period.
fn count_current(
    dynamics: &mut Dynamics,
    current: &PeriodRoster,
    exits: &[Option<Ymd>],
    (first_day, last_day): (Ymd, Ymd),
    before: &HashMap<&str, (&str, &str)>,
    earlier: &HashSet<&str>,
) {
    let previous: HashSet<&str> = before.keys().copied().collect();
    for ((id, union, _), exit) in current.people.iter().zip(exits) {
        let position = match dynamics.by_union.iter().position(|u| u.union == *union) {
            Some(i) => i,
            None => {
                dynamics.by_union.push(named(union));
                dynamics.by_union.len() - 1
            }
        };
        let row = &mut dynamics.by_union[position];
        row.current += 1;
        dynamics.current += 1;
        match label(id, &previous, earlier) {
            "存量" => dynamics.continuing += 1,
            "返困" => dynamics.returned += 1,
            _ => dynamics.added += 1,
        }
        if !previous.contains(id.as_str()) {
            row.new += 1;
            dynamics.new += 1;
        }
        if exit.is_some_and(|day| first_day <= day && day <= last_day) {
            row.exited += 1;
            dynamics.exited += 1;
        }
    }
    dynamics.by_union.sort_by(|a, b| a.union.cmp(&b.union));
}
