//! The review table (SPEC §6 `review`): 到期复核 (W217), 拟脱困复核 (W215) and 一户多档
//! (W216) among the counted workers, in all and by union. A household filed twice is
//! one pair of rows, counted once in all and once in each union holding one of them.
//!
//! Pure: read from what validation stored on each worker; no finding is made here.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::finding::Location;
use crate::rows::Worker;

/// The counts of one union, or of all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReviewCounts {
    /// 到期复核: files whose yearly review is due.
    pub due: u32,
    /// 拟脱困复核: families above every line.
    pub above_standard: u32,
    /// 一户多档: households filed twice (pairs of rows).
    pub household: u32,
}

/// One union's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionReview {
    /// 基层工会.
    pub union: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: ReviewCounts,
}

/// The review table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    /// All unions together.
    #[serde(flatten)]
    pub total: ReviewCounts,
    /// Per union, in `unions` order, then any other union by name.
    pub by_union: Vec<UnionReview>,
}

type Pair<'a> = (&'a Location, &'a Location);

/// Counts the workers' review flags, the unions in the order given.
pub fn review(workers: &[&Worker], unions: &[&str]) -> Review {
    let mut by_union: BTreeMap<&str, (ReviewCounts, BTreeSet<Pair>)> = BTreeMap::new();
    let mut pairs: BTreeSet<Pair> = BTreeSet::new();
    for worker in workers {
        let (counts, own_pairs) = by_union.entry(worker.union()).or_default();
        counts.due += u32::from(worker.review_due);
        counts.above_standard += u32::from(worker.above_standard);
        for other in &worker.same_household {
            let pair = (worker.origin().min(other), worker.origin().max(other));
            own_pairs.insert(pair);
            pairs.insert(pair);
        }
    }
    let mut total = ReviewCounts { household: pairs.len() as u32, ..ReviewCounts::default() };
    let mut rows = Vec::new();
    let listed = unions.iter().copied().chain(by_union.keys().copied().filter(|u| !unions.contains(u)));
    for union in listed.collect::<Vec<_>>() {
        let Some((counts, own_pairs)) = by_union.remove(union) else {
            continue;
        };
        total.due += counts.due;
        total.above_standard += counts.above_standard;
        let counts = ReviewCounts { household: own_pairs.len() as u32, ..counts };
        rows.push(UnionReview { union: union.to_string(), counts });
    }
    Review { total, by_union: rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::worker::tests::worker;

    #[test]
    fn the_review_counts_pairs_once_in_all_and_in_each_union() {
        let mut a = worker(2, "甲工会", "张三", "41010219800101123X", 5);
        let mut b = worker(7, "乙工会", "李四", "410102198203040020", 5);
        let mut c = worker(9, "乙工会", "王五", "110101199003070011", 5);
        a.same_household.push(b.origin().clone());
        b.same_household.push(a.origin().clone());
        (a.review_due, b.review_due, c.review_due) = (true, true, false);
        c.above_standard = true;
        let table = review(&[&a, &b, &c], &["乙工会", "甲工会"]);
        assert_eq!(table.total, ReviewCounts { due: 2, above_standard: 1, household: 1 });
        assert_eq!(table.by_union[0].union, "乙工会");
        assert_eq!(table.by_union[0].counts, ReviewCounts { due: 1, above_standard: 1, household: 1 });
        assert_eq!(table.by_union[1].counts, ReviewCounts { due: 1, above_standard: 0, household: 1 });
    }
}
