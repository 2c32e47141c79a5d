//! The grassroots unions (基层工会) of the sample county, their member units
//! and the upper-level unions (上级工会) they report through.
//!
//! The first twelve are written by hand; more are composed from place and trade
//! names so `--unions` can grow. Every union has its own clerks, who sign the
//! footers of their rosters.

use super::people::{chinese_name, Sex};
use super::rng::Rng;

/// Upper-level unions (上级工会) the grassroots unions are grouped under.
pub const PARENTS: [&str; 3] = ["城关镇总工会", "教育工会", "产业园区工会"];

/// A unit with a workforce figure but no readable roster (its roster file is
/// the truncated one).
pub const WORKFORCE_ONLY: &str = "县自来水公司工会";

/// Parent of [`WORKFORCE_ONLY`] (an index into [`PARENTS`]).
pub const WORKFORCE_ONLY_PARENT: usize = 0;

/// One grassroots union.
#[derive(Clone, Debug)]
pub struct Union {
    /// 基层工会 name, as it appears in titles, file names and 基层工会 columns.
    pub name: String,
    /// Index into [`PARENTS`].
    pub parent: usize,
    /// 工作单位 of its members.
    pub units: Vec<String>,
    /// 填表人
    pub preparer: String,
    /// 审核人
    pub reviewer: String,
}

/// Hand-written unions: name, parent, member units.
const KNOWN: &[(&str, usize, &[&str])] = &[
    ("城关镇第一小学工会", 1, &["城关镇第一小学"]),
    ("豫丰纺织有限公司工会", 2, &["豫丰纺织有限公司", "豫丰纺织有限公司织造分厂"]),
    ("县第二高级中学工会", 1, &["豫安县第二高级中学"]),
    ("城关镇东街社区工会联合会", 0, &["东街便民超市", "东街物业服务中心", "东街社区卫生服务站"]),
    ("城关镇供销合作社工会", 0, &["城关镇供销合作社"]),
    ("中原机械制造有限公司工会", 2, &["中原机械制造有限公司", "中原机械制造有限公司铸造车间"]),
    ("县实验幼儿园工会", 1, &["豫安县实验幼儿园"]),
    ("宏达建材有限公司工会", 2, &["宏达建材有限公司"]),
    ("城关镇环卫所工会", 0, &["城关镇环境卫生管理所"]),
    ("县职业中等专业学校工会", 1, &["豫安县职业中等专业学校"]),
    ("华瑞食品有限公司工会", 2, &["华瑞食品有限公司"]),
    ("城关镇卫生院工会", 0, &["城关镇卫生院"]),
];

const PLACES: &[&str] = &["城东", "城西", "城南", "城北", "河西", "新区"];
const TRADES: &[&str] = &["建筑公司", "物流公司", "商贸公司", "电子科技公司", "服装厂", "印刷厂"];

/// The first `n` unions.
pub fn unions(rng: &mut Rng, n: usize) -> Vec<Union> {
    (0..n).map(|i| union(rng, i)).collect()
}

fn union(rng: &mut Rng, i: usize) -> Union {
    let (name, parent, units) = match KNOWN.get(i) {
        Some((name, parent, units)) => (name.to_string(), *parent, units.iter().map(|u| u.to_string()).collect()),
        None => composed(i - KNOWN.len()),
    };
    let preparer = chinese_name(rng, Sex::Female);
    let reviewer = chinese_name(rng, Sex::Male);
    Union { name, parent, units, preparer, reviewer }
}

/// Union number `k` beyond the hand-written ones: 城东建筑公司工会, …, then
/// branches (城东建筑公司第2分公司工会).
fn composed(k: usize) -> (String, usize, Vec<String>) {
    let base = format!("{}{}", PLACES[k % PLACES.len()], TRADES[(k / PLACES.len()) % TRADES.len()]);
    let round = k / (PLACES.len() * TRADES.len());
    let unit = if round == 0 { base } else { format!("{base}第{}分公司", round + 1) };
    (format!("{unit}工会"), 2, vec![unit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_end_in_gonghui() {
        let all = unions(&mut Rng::new(1), 200);
        let names: HashSet<&str> = all.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names.len(), 200);
        assert!(!names.contains(WORKFORCE_ONLY));
        for u in &all {
            assert!(u.name.contains("工会"), "{}", u.name);
            assert!(u.parent < PARENTS.len());
            assert!(!u.units.is_empty());
        }
    }

    #[test]
    fn composed_names() {
        assert_eq!(composed(0).0, "城东建筑公司工会");
        assert_eq!(composed(36).0, "城东建筑公司第2分公司工会");
    }
}
