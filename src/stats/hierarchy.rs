//! The tables that follow the union hierarchy: union_tier (each grassroots union's
//! workers per 困难类别, grouped under its 上级工会) and ratio (hardship workers per unit
//! with a workforce figure).
//!
//! In a roll-up (rows from lower levels' packages, each with its chain of units) the
//! grassroots unions are grouped under their whole chain (市 → 县), with a subtotal at
//! every level of it ([`levels`]); a plain roster's union among them keeps its 上级工会.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::frame::NOT_GIVEN;
use super::reporting::Reporting;
use super::share::percent;
use crate::history::schema::CHAIN_SEPARATOR;
use crate::rows::workforce::{same_name, Workforce};
use crate::rows::Worker;

/// One grassroots union's workers per 困难类别.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionTier {
    /// 基层工会.
    pub union: String,
    /// 上级工会 from the workforce table; empty when not listed there.
    pub parent: String,
    /// Workers per 困难类别 (every tier in use, zeros included).
    pub counts: BTreeMap<String, u32>,
    /// All its workers.
    pub total: u32,
    /// 未报送 or 有误退回 when the union's counts are not figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// In a roll-up: the units above the union, top first (市, 县).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
}

/// In a roll-up, one level's subtotal: the workers under a unit of the chains.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelTier {
    /// The unit and the units above it, top first; its depth is the chain's length.
    pub chain: Vec<String>,
    /// Workers per 困难类别.
    pub counts: BTreeMap<String, u32>,
    /// All its workers.
    pub total: u32,
}

/// One 上级工会's subtotal (小计) over its grassroots unions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParentTier {
    /// 上级工会; empty for the unions not listed in the workforce table.
    pub parent: String,
    /// Workers per 困难类别.
    pub counts: BTreeMap<String, u32>,
    /// All its workers.
    pub total: u32,
}

/// One unit's hardship ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratio {
    /// The unit as the workforce table names it.
    pub unit: String,
    /// 职工总数.
    pub workforce: u64,
    /// Hardship workers of the unit and of the unions under it.
    pub hardship: u64,
    /// hardship / workforce, percent.
    pub percent: f64,
    /// 未报送 or 有误退回 when the unit's figure is not a count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
}

/// The hierarchy of a run: the workforce table, and the reporting union (填报单位), which
/// holds every union.
pub struct Hierarchy<'a> {
    /// The workforce table.
    pub workforce: &'a Workforce,
    /// 填报单位, when configured.
    pub reporting_unit: Option<&'a str>,
}

impl Hierarchy<'_> {
    /// Whether `union` is `unit` or lies under it.
    fn contains(&self, unit: &str, union: &str) -> bool {
        self.reporting_unit.is_some_and(|r| same_name(r, unit)) || self.workforce.within(union, unit)
    }

    /// The tiered breakdown: unions grouped by 上级工会 (in the workforce table's order,
    /// the unlisted last), each group's unions in table order then by name; every
    /// grassroots unit of the workforce table appears, with zeros if it sent no roster.
    pub fn union_tier(
        &self,
        counts: &HashMap<(String, String), u32>,
        tiers: &[String],
        reporting: &Reporting,
    ) -> Vec<UnionTier> {
        let mut unions: Vec<&str> = Vec::new();
        let listed = self.workforce.units.iter().map(|u| u.name.as_str());
        let grassroots = listed.filter(|u| !self.workforce.is_parent(u) && !self.is_reporting_unit(u));
        let mut from_rosters: Vec<&str> = counts.keys().map(|(union, _)| union.as_str()).collect();
        from_rosters.extend(reporting.not_reported.iter().chain(&reporting.held_back).map(String::as_str));
        from_rosters.sort();
        for union in grassroots.chain(from_rosters) {
            if !unions.iter().any(|u| same_name(u, union)) {
                unions.push(union);
            }
        }
        let parent_of = |union: &str| self.parent_of(union);
        let parents = self.parents();
        let rank = |parent: &str| parents.iter().position(|p| p == parent).unwrap_or(parents.len());
        let mut rows: Vec<UnionTier> = unions
            .into_iter()
            .map(|union| {
                let counts: BTreeMap<String, u32> = tiers
                    .iter()
                    .map(|tier| {
                        let n = counts.iter().filter(|((u, t), _)| same_name(u, union) && t == tier).map(|(_, n)| n);
                        (tier.clone(), n.sum())
                    })
                    .collect();
                let total = counts.values().sum();
                let status = reporting.status(union).label();
                let parent = parent_of(union);
                UnionTier { union: union.to_string(), parent, counts, total, status, chain: Vec::new() }
            })
            .collect();
        rows.sort_by_key(|row| rank(&row.parent));
        rows
    }

    /// A union's 上级工会 from the workforce table; empty when not listed there.
    pub fn parent_of(&self, union: &str) -> String {
        self.workforce.unit(union).and_then(|u| u.parent.clone()).unwrap_or_default()
    }

    /// The 上级工会 in the order the workforce table first names them.
    fn parents(&self) -> Vec<String> {
        let mut parents: Vec<String> = Vec::new();
        for parent in self.workforce.units.iter().filter_map(|u| u.parent.clone()) {
            if !parents.contains(&parent) {
                parents.push(parent);
            }
        }
        parents
    }

    fn is_reporting_unit(&self, name: &str) -> bool {
        self.reporting_unit.is_some_and(|r| same_name(r, name))
    }

    /// Every unit of the workforce table with its hardship workers (its own and those of
    /// the unions under it), in table order.
    pub fn ratio(&self, per_union: &HashMap<String, u32>, reporting: &Reporting) -> Vec<Ratio> {
        self.workforce
            .units
            .iter()
            .map(|unit| {
                let hardship: u64 = per_union
                    .iter()
                    .filter(|(union, _)| self.contains(&unit.name, union))
                    .map(|(_, n)| u64::from(*n))
                    .sum();
                Ratio {
                    unit: unit.name.clone(),
                    workforce: unit.workforce,
                    hardship,
                    percent: percent(hardship, unit.workforce),
                    status: reporting.status(&unit.name).label(),
                }
            })
            .collect()
    }

    /// The whole: the units not under another listed unit (the reporting union alone when
    /// it is listed), their workforce and hardship workers.
    pub fn total(&self, ratios: &[Ratio]) -> Ratio {
        let top = |r: &&Ratio| match self.workforce.unit(&r.unit).and_then(|u| u.parent.as_deref()) {
            Some(parent) => self.workforce.unit(parent).is_none(),
            None => true,
        };
        let tops: Vec<&Ratio> = match ratios.iter().find(|r| self.is_reporting_unit(&r.unit)) {
            Some(reporting) => vec![reporting],
            None => ratios.iter().filter(top).collect(),
        };
        let workforce = tops.iter().map(|r| r.workforce).sum();
        let hardship = tops.iter().map(|r| r.hardship).sum();
        Ratio { unit: "合计".to_string(), workforce, hardship, percent: percent(hardship, workforce), status: None }
    }
}

/// In a roll-up: one row per grassroots union under its chain, ordered by chain then
/// union (a plain roster's unions, without a chain, first); `parent` is the chain joined
/// by / (or the union's 上级工会 from `parent_of`), so [`subtotals`] groups by it.
pub fn chained(workers: &[&Worker], tiers: &[String], parent_of: impl Fn(&str) -> String) -> Vec<UnionTier> {
    let mut unions: BTreeMap<(Vec<String>, &str), BTreeMap<String, u32>> = BTreeMap::new();
    for worker in workers {
        let chain = worker.chain.iter().map(|u| u.to_string()).collect();
        let counts =
            unions.entry((chain, worker.union())).or_insert_with(|| tiers.iter().map(|t| (t.clone(), 0)).collect());
        if let Some(n) = counts.get_mut(worker.tier.as_deref().unwrap_or(NOT_GIVEN)) {
            *n += 1;
        }
    }
    unions
        .into_iter()
        .map(|((chain, union), counts)| {
            let parent = if chain.is_empty() { parent_of(union) } else { chain.join(CHAIN_SEPARATOR) };
            let total = counts.values().sum();
            UnionTier { union: union.to_string(), parent, counts, total, status: None, chain }
        })
        .collect()
}

/// The subtotal of every unit of the rows' chains, depth first (a 市, then each 县 under
/// it); empty without chains.
pub fn levels(rows: &[UnionTier]) -> Vec<LevelTier> {
    let mut levels: BTreeMap<&[String], LevelTier> = BTreeMap::new();
    for row in rows {
        for depth in 1..=row.chain.len() {
            let prefix = &row.chain[..depth];
            let level = levels.entry(prefix).or_insert_with(|| LevelTier {
                chain: prefix.to_vec(),
                counts: BTreeMap::new(),
                total: 0,
            });
            for (tier, n) in &row.counts {
                *level.counts.entry(tier.clone()).or_default() += n;
            }
            level.total += row.total;
        }
    }
    levels.into_values().collect()
}

/// The subtotals of `rows` per 上级工会, in the rows' order.
pub fn subtotals(rows: &[UnionTier]) -> Vec<ParentTier> {
    let mut out: Vec<ParentTier> = Vec::new();
    for row in rows {
        if out.last().is_none_or(|p| p.parent != row.parent) {
            out.push(ParentTier { parent: row.parent.clone(), counts: BTreeMap::new(), total: 0 });
        }
        if let Some(group) = out.last_mut() {
            for (tier, n) in &row.counts {
                *group.counts.entry(tier.clone()).or_default() += n;
            }
            group.total += row.total;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::Unit;

    fn unit(name: &str, parent: Option<&str>, workforce: u64) -> Unit {
        Unit { name: name.into(), parent: parent.map(str::to_string), workforce }
    }

    fn counts(pairs: &[(&str, &str, u32)]) -> HashMap<(String, String), u32> {
        pairs.iter().map(|(u, t, n)| ((u.to_string(), t.to_string()), *n)).collect()
    }

    #[test]
    fn unions_group_under_their_parents_with_listed_units_at_zero() {
        let workforce = Workforce {
            units: vec![
                unit("甲厂工会", Some("城关镇总工会"), 100),
                unit("乙校工会", Some("教育工会"), 50),
                unit("丙厂工会", Some("城关镇总工会"), 80),
            ],
        };
        let hierarchy = Hierarchy { workforce: &workforce, reporting_unit: None };
        let tiers = ["特困".to_string(), "一般困难".to_string()];
        let rows = hierarchy.union_tier(
            &counts(&[("乙校工会", "特困", 2), ("甲厂工会", "一般困难", 3), ("丁店工会", "特困", 1)]),
            &tiers,
            &Reporting::default(),
        );
        let order: Vec<(&str, &str, u32)> =
            rows.iter().map(|r| (r.union.as_str(), r.parent.as_str(), r.total)).collect();
        assert_eq!(
            order,
            [
                ("甲厂工会", "城关镇总工会", 3),
                ("丙厂工会", "城关镇总工会", 0),
                ("乙校工会", "教育工会", 2),
                ("丁店工会", "", 1)
            ]
        );
        let groups = subtotals(&rows);
        assert_eq!(groups.iter().map(|g| g.total).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(groups[0].counts["一般困难"], 3);
    }

    #[test]
    fn a_parent_unit_counts_the_workers_under_it() {
        let workforce = Workforce {
            units: vec![
                unit("城关镇总工会", None, 1000),
                unit("甲厂工会", Some("城关镇总工会"), 100),
                unit("乙校工会", None, 50),
            ],
        };
        let hierarchy = Hierarchy { workforce: &workforce, reporting_unit: None };
        let per_union =
            HashMap::from([("甲厂工会".to_string(), 4), ("乙校工会".to_string(), 1), ("城关镇总工会".to_string(), 1)]);
        let ratios = hierarchy.ratio(&per_union, &Reporting::default());
        assert_eq!(ratios.iter().map(|r| r.hardship).collect::<Vec<_>>(), [5, 4, 1]);
        assert_eq!(ratios[1].percent, 4.0);
        let total = hierarchy.total(&ratios);
        assert_eq!((total.workforce, total.hardship, total.percent), (1050, 6, 0.6));
        let county = Workforce { units: vec![unit("某县总工会", None, 2000), unit("甲厂工会", None, 100)] };
        let hierarchy = Hierarchy { workforce: &county, reporting_unit: Some("某县总工会") };
        let total = hierarchy.total(&hierarchy.ratio(&per_union, &Reporting::default()));
        assert_eq!((total.workforce, total.hardship, total.percent), (2000, 6, 0.3));
    }
}
