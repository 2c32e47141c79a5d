//! The statistical tables of SPEC §6, computed with polars over the accepted,
//! deduplicated workers: counts (户) and percents of the table's base.
//!
//! Pure: rows and the earlier periods in, tables out. No file is read or written here,
//! and no finding is made.

pub mod assistance;
pub mod dynamics;
pub mod frame;
pub mod hierarchy;
pub mod reporting;
pub mod review;
pub mod share;

use std::collections::{HashMap, HashSet};

use polars::prelude::PolarsResult;
use serde::Serialize;

use crate::classify::CAUSES;
use crate::config::Settings;
use crate::history::Earlier;
use crate::rows::{Payment, RowCounts, Worker, Workforce};
use crate::tier::ABOVE;
use assistance::Aid;
use dynamics::{Dynamics, PeriodRoster, TrendRow};
use frame::{Coded, AGE_BANDS, NOT_GIVEN};
use hierarchy::{Hierarchy, LevelTier, ParentTier, Ratio, UnionTier};
use reporting::Reporting;
use review::Review;
use share::{percent, shares, Share};

/// Every table of a run, as written to `summary.json` and `report.xlsx`.
#[derive(Debug, Clone, Serialize)]
pub struct Tables {
    /// Key figures and the row accounting.
    pub overview: Overview,
    /// Per rung of the ladder, the declared 困难类别 mapped onto it.
    pub tier: Vec<Share>,
    /// Per tier computed from income and the 低保线, on the ladder, and 超出标准.
    pub tier_computed: Vec<Share>,
    /// The declared 困难类别 reported under another label of the ladder, with counts.
    pub tier_mappings: Vec<TierMapping>,
    /// Per 身份.
    pub status: Vec<Share>,
    /// Per primary cause, all ten (sums to 100 %).
    pub cause_primary: Vec<Share>,
    /// Workers naming each cause as primary or secondary.
    pub cause_any: Vec<Share>,
    /// Per age band, age at the period's end.
    pub age_band: Vec<Share>,
    /// Per grassroots union and 困难类别, grouped by 上级工会.
    pub union_tier: Vec<UnionTier>,
    /// The 小计 of each 上级工会 in `union_tier`.
    pub union_tier_parents: Vec<ParentTier>,
    /// In a roll-up, the subtotal at every level of the chains (市, then 县 …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub union_tier_levels: Vec<LevelTier>,
    /// Per unit of the workforce table.
    pub ratio: Vec<Ratio>,
    /// One row per period: the archived ones, then this one.
    pub trend: Vec<TrendRow>,
    /// Against the previous archived period.
    pub dynamics: Dynamics,
    /// Aid per 帮扶类型.
    pub assistance_kind: Vec<Aid>,
    /// Payments per amount band.
    pub assistance_band: Vec<Aid>,
    /// Aid per 基层工会.
    pub assistance_union: Vec<Aid>,
    /// Which units reported.
    pub reporting: Reporting,
    /// 到期复核, 拟脱困复核 and 一户多档, in all and by union.
    pub review: Review,
}

/// The key figures of a period, to set beside another's.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// 报告期.
    pub period: String,
    /// 困难职工 (户).
    pub workers: u64,
    /// 家庭人口.
    pub members: u64,
    /// 职工总数.
    pub workforce: u64,
    /// Hardship workers of the units with a workforce figure, percent of it.
    pub percent: f64,
    /// Persons aided.
    pub aid_persons: u32,
    /// Aid paid, 元.
    pub aid_amount: f64,
}

/// The key figures of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// 困难职工 (户): accepted, deduplicated workers.
    pub workers: u64,
    /// 家庭人口 summed over them.
    pub members: u64,
    /// 职工总数 of the whole (the units of the workforce table not under another).
    pub workforce: u64,
    /// Hardship workers of those units.
    pub hardship: u64,
    /// hardship / workforce, percent.
    pub percent: f64,
    /// Roster rows: read = accepted + rejected + merged.
    pub rows: RowCounts,
    /// All aid paid: persons, 人次, 元.
    pub aid: Aid,
    /// The same figures of the previous period, when one is archived.
    pub previous: Option<Figures>,
}

/// A declared 困难类别 reported under a label of the ladder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierMapping {
    /// As declared.
    pub from: String,
    /// On the ladder.
    pub to: String,
    /// Workers.
    pub count: u32,
}

/// What the tables are computed from.
pub struct Input<'a> {
    /// The workers counted: accepted, and not out of hardship (脱困) by the period's end.
    pub workers: Vec<&'a Worker>,
    /// Every roster row, whatever became of it.
    pub all_workers: &'a [Worker],
    /// The files that could not be read.
    pub unreadable: Vec<&'a str>,
    /// The workers on rows held back for an error.
    pub held_back: Vec<&'a Worker>,
    /// The IDs on rows that lower levels' packages held back for an error: kept at the
    /// lower level to be corrected, neither sent up nor gone (SPEC §7 held_back).
    pub held_back_below: Vec<&'a str>,
    /// The workforce table.
    pub workforce: &'a Workforce,
    /// The roster row accounting.
    pub rows: &'a RowCounts,
    /// The accepted payments.
    pub payments: &'a [Payment],
    /// The earlier periods.
    pub earlier: &'a Earlier<'a>,
}

impl Tables {
    /// Computes every table.
    pub fn compute(input: &Input, settings: &Settings) -> PolarsResult<Tables> {
        let vocab = &settings.vocab;
        let reporting_unit = settings.file.report.unit.as_deref();
        // The tallies of the workers, and the people over the periods, side by side: they
        // share nothing until the tiered breakdown below.
        let (tallies, people) = rayon::join(
            || Tallies::of(input, settings),
            || {
                let archived: Vec<PeriodRoster> =
                    input.earlier.periods.iter().map(|a| PeriodRoster::archived(a)).collect();
                let previous_unions: Vec<&str> = archived.last().map(|p| p.unions()).unwrap_or_default();
                let reporting = Reporting::settle(
                    input.all_workers,
                    input.workforce,
                    &previous_unions,
                    &input.unreadable,
                    reporting_unit,
                );
                let current = PeriodRoster::current(settings.period, &input.workers, input.workforce);
                let trend: Vec<TrendRow> =
                    archived.iter().chain([&current]).map(|p| p.trend_row(reporting_unit)).collect();
                let held_back: HashSet<&str> = input
                    .held_back
                    .iter()
                    .filter_map(|w| w.id_number())
                    .chain(input.held_back_below.iter().copied())
                    .collect();
                let dynamics = dynamics::dynamics(archived.last(), &input.workers, &held_back, &reporting);
                (archived, reporting, trend, dynamics)
            },
        );
        let tallies = tallies?;
        let (archived, reporting, trend, dynamics) = people;
        let hierarchy = Hierarchy { workforce: input.workforce, reporting_unit };

        let tiers_in_use: Vec<String> = tallies.tier.iter().map(|s| s.key.clone()).collect();
        let union_tier = if input.workers.iter().any(|w| !w.chain.is_empty()) {
            hierarchy::chained(&input.workers, &tiers_in_use, |u| hierarchy.parent_of(u))
        } else {
            hierarchy.union_tier(&tallies.union_and_tier, &tiers_in_use, &reporting)
        };
        let union_tier_parents = hierarchy::subtotals(&union_tier);
        let union_tier_levels = hierarchy::levels(&union_tier);
        let ratio = hierarchy.ratio(&frame::tally_column(&tallies.workers, "union")?, &reporting);
        let whole = hierarchy.total(&ratio);

        let payments = assistance::payments(input.payments)?;
        let kinds = as_strs(vocab.aid_kind.labels());
        let assistance_kind = assistance::by(&payments, Some("kind"), &kinds)?;
        let bands: Vec<&str> = assistance::BANDS.iter().map(|(label, _)| *label).collect();
        let assistance_band = assistance::by(&payments, Some("band"), &bands)?;
        let unions: Vec<&str> = union_tier.iter().map(|u| u.union.as_str()).collect();
        let assistance_union =
            assistance::by(&payments, Some("union"), &unions)?.into_iter().filter(|a| a.times > 0).collect();
        let aid = assistance::by(&payments, None, &[])?.remove(0);
        let review = review::review(&input.workers, &unions);
        let previous = match (input.earlier.previous(), archived.last(), trend.len().checked_sub(2)) {
            (Some(archive), Some(roster), Some(k)) => Some(previous_figures(archive, roster, &trend[k])?),
            _ => None,
        };

        let overview = Overview {
            workers: tallies.base,
            members: frame::sum(&tallies.workers, "family_size")?,
            workforce: whole.workforce,
            hardship: whole.hardship,
            percent: percent(whole.hardship, whole.workforce),
            rows: input.rows.clone(),
            aid,
            previous,
        };
        Ok(Tables {
            overview,
            tier: tallies.tier,
            tier_computed: tallies.tier_computed,
            tier_mappings: tallies.tier_mappings,
            status: tallies.status,
            cause_primary: tallies.cause_primary,
            cause_any: tallies.cause_any,
            age_band: tallies.age_band,
            union_tier,
            union_tier_parents,
            union_tier_levels,
            ratio,
            trend,
            dynamics,
            assistance_kind,
            assistance_band,
            assistance_union,
            reporting,
            review,
        })
    }

    /// The 困难类别 in use, in ladder order: the columns of the tiered breakdown.
    pub fn tiers_in_use(&self) -> Vec<&str> {
        self.tier.iter().map(|s| s.key.as_str()).collect()
    }
}

/// The tables tallied from the workers' frame of codes.
struct Tallies {
    workers: Coded,
    base: u64,
    tier: Vec<Share>,
    tier_computed: Vec<Share>,
    tier_mappings: Vec<TierMapping>,
    status: Vec<Share>,
    cause_primary: Vec<Share>,
    cause_any: Vec<Share>,
    age_band: Vec<Share>,
    union_and_tier: HashMap<(String, String), u32>,
}

impl Tallies {
    fn of(input: &Input, settings: &Settings) -> PolarsResult<Tallies> {
        let vocab = &settings.vocab;
        let ladder = &vocab.tier.ladder;
        let workers = frame::workers(&input.workers, settings.period.end(), ladder)?;
        let base = workers.height() as u64;

        let tier_counts = frame::tally_column(&workers, "tier")?;
        let rungs = as_strs(ladder);
        let tier = drop_empty_not_given(shares(&tier_counts, &rungs, base, true));
        let computed_labels: Vec<&str> = rungs.iter().copied().chain([ABOVE]).collect();
        let tier_computed = drop_empty_not_given(shares(
            &frame::tally_column(&workers, "tier_computed")?,
            &computed_labels,
            base,
            true,
        ));
        let tier_mappings = mappings(&input.workers);
        let mut status_labels = as_strs(vocab.status.labels());
        status_labels.push(NOT_GIVEN);
        let status =
            drop_empty_not_given(shares(&frame::tally_column(&workers, "status")?, &status_labels, base, true));
        let cause_primary = with_codes(shares(&frame::tally_column(&workers, "cause")?, &CAUSES, base, true));
        let named = frame::causes_named(&input.workers)?;
        let cause_any = with_codes(shares(&frame::tally_column(&named, "cause")?, &CAUSES, base, true));
        let mut bands = AGE_BANDS.to_vec();
        bands.push(NOT_GIVEN);
        let age_band = drop_empty_not_given(shares(&frame::tally_column(&workers, "age_band")?, &bands, base, true));
        let union_and_tier = frame::tally(&workers, &["union", "tier"])?
            .into_iter()
            .map(|(key, n)| ((key[0].clone(), key[1].clone()), n))
            .collect();
        Ok(Tallies {
            workers,
            base,
            tier,
            tier_computed,
            tier_mappings,
            status,
            cause_primary,
            cause_any,
            age_band,
            union_and_tier,
        })
    }
}

fn as_strs(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

/// The key figures of the previous period, from its archive and its trend row.
fn previous_figures(
    archive: &crate::history::Archived,
    roster: &PeriodRoster,
    trend: &TrendRow,
) -> PolarsResult<Figures> {
    let aid = assistance::by(&assistance::payments(&archive.payments)?, None, &[])?.remove(0);
    Ok(Figures {
        period: trend.period.clone(),
        workers: trend.hardship,
        members: roster.members,
        workforce: trend.workforce,
        percent: trend.percent,
        aid_persons: aid.persons,
        aid_amount: aid.amount,
    })
}

/// The declared 困难类别 reported under another label, with counts, most first.
fn mappings(workers: &[&Worker]) -> Vec<TierMapping> {
    let mut counts: std::collections::BTreeMap<(&str, &str), u32> = Default::default();
    for worker in workers {
        if let (Some(from), Some(to)) = (worker.declared_tier.as_deref(), worker.tier.as_deref()) {
            if from != to {
                *counts.entry((from, to)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<TierMapping> =
        counts.into_iter().map(|((from, to), count)| TierMapping { from: from.into(), to: to.into(), count }).collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.to, &a.from).cmp(&(&b.to, &b.from))));
    out
}

/// The cause rows with their codes 1–10.
fn with_codes(rows: Vec<Share>) -> Vec<Share> {
    rows.into_iter()
        .map(|row| Share { code: CAUSES.iter().position(|c| *c == row.key).map(|i| i as u8 + 1), ..row })
        .collect()
}

/// Drops the 未填写 row when nothing is missing.
fn drop_empty_not_given(rows: Vec<Share>) -> Vec<Share> {
    rows.into_iter().filter(|row| row.key != NOT_GIVEN || row.count > 0).collect()
}
