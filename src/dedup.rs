//! People, not rows: duplicates and conflicts across the batch (SPEC §3.3, §4).
//!
//! Rows without errors are grouped by their normalised 18-character ID. One name: the
//! most complete, most recently filed row is kept and the others are merged into it
//! (W210 within a union; W211 on every row when two or more unions registered the
//! person — 一人多档). Two names: every row of the group is held back (E120). Rows
//! whose IDs differ but whose name, birth date and unit agree are flagged (W209). The
//! fate of each row is stored on its worker.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::BuildHasher;

use compact_str::CompactString;
use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::columns::Field;
use crate::finding::{Code, Finding};
use crate::normalize::date::Ymd;
use crate::rows::{Fate, Worker};
use crate::text::name_key;

/// A group of rows about one person (or probably one person).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// W210, W211, E120 or W209.
    pub code: Code,
    /// Row indices, in input order.
    pub members: Vec<usize>,
    /// The row kept, for merged groups.
    pub kept: Option<usize>,
}

/// The roster rows of a batch after deduplication.
#[derive(Debug, Default)]
pub struct Roster {
    /// One worker per roster row, in input order, each with its fate.
    pub workers: Vec<Worker>,
    /// Groups of rows about one person.
    pub clusters: Vec<Cluster>,
}

impl Roster {
    /// The workers counted in the statistics.
    pub fn accepted(&self) -> impl Iterator<Item = &Worker> {
        self.with_fate(Fate::Accepted)
    }

    /// The workers whose rows met `fate`.
    pub fn with_fate(&self, fate: Fate) -> impl Iterator<Item = &Worker> {
        self.workers.iter().filter(move |w| w.fate == fate)
    }
}

/// Deduplicates the rows, whose fate is `Rejected` when they have an error and
/// `Accepted` otherwise; returns the roster with every fate settled, and the findings.
pub fn dedup(mut workers: Vec<Worker>) -> (Roster, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut clusters = Vec::new();
    let by_id = workers.iter().enumerate().filter_map(|(i, worker)| match (worker.fate, worker.id_number()) {
        (Fate::Accepted, Some(id)) => Some((id, i)),
        _ => None,
    });
    for members in shared(by_id.collect()) {
        let cluster = if distinct(members.iter().map(|&i| name_key(&workers[i].name))) > 1 {
            conflict(&mut workers, members, &mut findings)
        } else {
            merge(&mut workers, members, &mut findings)
        };
        clusters.push(cluster);
    }
    clusters.extend(probable_duplicates(&workers, &mut findings));
    (Roster { workers, clusters }, findings)
}

/// The row indices of each key that two or more rows share: groups in key order, each in
/// input order. A sort, not a map: a million rows make a million keys, and a map held a
/// key and a list for each.
fn shared<K: Ord + Send>(mut keyed: Vec<(K, usize)>) -> Vec<Vec<usize>> {
    keyed.par_sort_unstable();
    keyed.chunk_by(|a, b| a.0 == b.0).filter(|group| group.len() > 1).map(|g| g.iter().map(|k| k.1).collect()).collect()
}

fn distinct<T: Ord>(items: impl Iterator<Item = T>) -> usize {
    items.collect::<std::collections::BTreeSet<T>>().len()
}

fn conflict(workers: &mut [Worker], members: Vec<usize>, findings: &mut Vec<Finding>) -> Cluster {
    let names: Vec<&str> = members.iter().map(|&i| workers[i].name.as_str()).collect();
    for &i in &members {
        let message = format!(
            "同一身份证号登记了不同姓名（{}），涉及{}，已全部暂缓统计，请核实身份证号和姓名。",
            names.join("/"),
            places(workers, &members, i)
        );
        findings.push(finding(Code::E120, &workers[i], "姓名", &workers[i].name, message));
    }
    for &i in &members {
        workers[i].fate = Fate::Rejected;
    }
    Cluster { code: Code::E120, members, kept: None }
}

fn merge(workers: &mut [Worker], members: Vec<usize>, findings: &mut Vec<Finding>) -> Cluster {
    let kept = best(workers, &members);
    let paths: Vec<String> = members.iter().map(|&i| workers[i].unit_path()).collect();
    let unions = distinct(paths.iter());
    for (k, &i) in members.iter().enumerate().filter(|(_, &i)| i != kept) {
        if paths.iter().enumerate().any(|(l, path)| l != k && *path == paths[k]) {
            let message = format!("与{}为同一人（身份证号相同），已合并为一条。", workers[kept].origin().where_is());
            findings.push(finding(Code::W210, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
    }
    if unions > 1 {
        let mut names: Vec<&str> = Vec::new();
        for path in &paths {
            if !names.contains(&path.as_str()) {
                names.push(path);
            }
        }
        for &i in &members {
            let message = format!(
                "同一人被{}重复建档（一人多档），涉及{}，统计时只计一次。",
                names.join("、"),
                places(workers, &members, i)
            );
            findings.push(finding(Code::W211, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
    }
    for &i in members.iter().filter(|&&i| i != kept) {
        workers[i].fate = Fate::Merged(kept as u32);
    }
    let code = if unions > 1 { Code::W211 } else { Code::W210 };
    Cluster { code, members, kept: Some(kept) }
}

/// Within one level's rosters: the most complete row, then the most recently filed, then
/// the first. Across packages (a row with a chain of units among them, SPEC §2): the
/// earliest 建档日期 (an unknown one last), a tie to the package first in sort order.
fn best(workers: &[Worker], members: &[usize]) -> usize {
    let mut ranked = members.to_vec();
    if members.iter().any(|&i| !workers[i].chain.is_empty()) {
        ranked.sort_by(|&a, &b| {
            let (wa, wb) = (&workers[a], &workers[b]);
            let filed = |w: &Worker| (w.filed.is_none(), w.filed);
            filed(wa).cmp(&filed(wb)).then_with(|| wa.chain.cmp(&wb.chain)).then(a.cmp(&b))
        });
    } else {
        ranked.sort_by(|&a, &b| {
            let (wa, wb) = (&workers[a], &workers[b]);
            wb.filled.cmp(&wa.filled).then(wb.filed.cmp(&wa.filed)).then(a.cmp(&b))
        });
    }
    ranked[0]
}

fn probable_duplicates(workers: &[Worker], findings: &mut Vec<Finding>) -> Vec<Cluster> {
    // Rows are grouped by a hash of their key, not the key itself, which would hold a
    // name and a unit for each of a million rows at once; rows whose hashes agree are
    // then split by the key, and the groups put in the key's order. The keys, of cleaned
    // text for every row, are made on both cores.
    let hashes = FixedState::default();
    let hashed = workers.par_iter().enumerate().filter_map(|(i, worker)| Some((hashes.hash_one(person(worker)?), i)));
    let mut groups: Vec<(Person, Vec<usize>)> = Vec::new();
    for members in shared(hashed.collect()) {
        let mut by_person: BTreeMap<Person, Vec<usize>> = BTreeMap::new();
        for i in members {
            if let Some(key) = person(&workers[i]) {
                by_person.entry(key).or_default().push(i);
            }
        }
        groups.extend(by_person.into_iter().filter(|(_, members)| members.len() > 1));
    }
    groups.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut clusters = Vec::new();
    for (_, members) in groups {
        let ids =
            distinct(members.iter().map(|&i| workers[i].id_number().map_or_else(|| format!("#{i}"), str::to_string)));
        if ids < 2 {
            continue;
        }
        for &i in &members {
            let message = format!(
                "与{}姓名、出生日期、工作单位都相同，但身份证号不同或无效，疑似同一人重复登记，请核实。",
                places(workers, &members, i)
            );
            findings.push(finding(Code::W209, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
        clusters.push(Cluster { code: Code::W209, members, kept: None });
    }
    clusters
}

/// Name, birth date and unit: what makes two rows probably one person.
type Person<'a> = (Cow<'a, str>, Ymd, CompactString);

fn person(worker: &Worker) -> Option<Person<'_>> {
    let employer = worker.text(Field::Employer);
    match (worker.name.is_empty(), worker.birth(), employer.is_empty()) {
        (false, Some(birth), false) => Some((name_key(&worker.name), birth, employer)),
        _ => None,
    }
}

fn id_of(worker: &Worker) -> &str {
    worker.id_number().unwrap_or("")
}

/// The other members' places, for a message to row `me`.
fn places(workers: &[Worker], members: &[usize], me: usize) -> String {
    let others: Vec<String> = members.iter().filter(|&&j| j != me).map(|&j| workers[j].origin().where_is()).collect();
    others.join("、")
}

fn finding(code: Code, worker: &Worker, column: &'static str, value: &str, message: String) -> Finding {
    Finding { code, location: worker.origin().clone(), column, value: value.into(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::date::Day;
    use crate::rows::worker::tests::worker;
    use std::sync::Arc;

    const ID: &str = "41010219800101123X";

    /// Deduplicates rows of which those marked `true` have an error: the fates and codes.
    pub(super) fn run(mut rows: Vec<Worker>, has_error: &[bool]) -> (Vec<Fate>, Vec<Finding>, Roster) {
        for (worker, &error) in rows.iter_mut().zip(has_error) {
            worker.fate = if error { Fate::Rejected } else { Fate::Accepted };
        }
        let (roster, findings) = dedup(rows);
        (roster.workers.iter().map(|w| w.fate).collect(), findings, roster)
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn w210_same_union_duplicates_merge_into_the_most_complete() {
        let rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", ID, 9)];
        let (fates, findings, _) = run(rows, &[false, false]);
        assert_eq!(fates, vec![Fate::Merged(1), Fate::Accepted]);
        assert_eq!(codes(&findings), vec!["W210"]);
        assert_eq!(findings[0].location.row, 2);
    }

    #[test]
    fn w211_two_unions_register_one_person() {
        let rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "乙工会", "张 三", ID, 5)];
        let (fates, findings, _) = run(rows, &[false, false]);
        assert_eq!(fates, vec![Fate::Accepted, Fate::Merged(0)]);
        assert_eq!(codes(&findings), vec!["W211", "W211"]);
        assert!(findings[0].message.contains("甲工会、乙工会"));
    }

    #[test]
    fn w211_across_packages_keeps_the_earliest_filed_and_names_the_chains() {
        let mut rows = vec![worker(2, "甲工会", "张三", ID, 9), worker(3, "甲工会", "张三", ID, 5)];
        rows[0].chain = vec![Arc::from("乙县总工会")];
        rows[1].chain = vec![Arc::from("甲县总工会")];
        rows[0].filed = Day::new((2021, 1, 1));
        rows[1].filed = Day::new((2019, 1, 1));
        let (fates, findings, _) = run(rows.clone(), &[false, false]);
        assert_eq!(fates, vec![Fate::Merged(1), Fate::Accepted]);
        assert_eq!(codes(&findings), vec!["W211", "W211"]);
        assert!(findings[0].message.contains("乙县总工会/甲工会、甲县总工会/甲工会"), "{}", findings[0].message);
        rows[0].filed = rows[1].filed;
        let (fates, _, _) = run(rows, &[false, false]);
        // 乙 (U+4E59) sorts before 甲 (U+7532), as the package folders are sorted.
        assert_eq!(fates, vec![Fate::Accepted, Fate::Merged(0)], "a tie goes to the package first in sort order");
    }

    #[test]
    fn e120_one_id_two_names_holds_both_back() {
        let rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "李四", ID, 5)];
        let (fates, findings, _) = run(rows, &[false, false]);
        assert_eq!(fates, vec![Fate::Rejected, Fate::Rejected]);
        assert_eq!(codes(&findings), vec!["E120", "E120"]);
    }

    #[test]
    fn w209_same_name_birth_and_unit_with_another_id() {
        let mut rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", "", 5)];
        rows[1].birth_date = Day::new((1980, 1, 1));
        let (fates, findings, _) = run(rows, &[false, true]);
        assert_eq!(fates, vec![Fate::Accepted, Fate::Rejected]);
        assert_eq!(codes(&findings), vec!["W209", "W209"]);
    }

    #[test]
    fn w209_groups_come_in_the_order_of_name_birth_and_unit() {
        // 张 (U+5F20) sorts before 李 (U+674E): 张三's group comes first although 李四's
        // rows come earlier; each group keeps its rows in input order.
        let mut rows: Vec<Worker> = [(2, "李四"), (3, "张三"), (4, "李四"), (5, "张三"), (6, "张三")]
            .map(|(r, n)| worker(r, "甲工会", n, "", 5))
            .into();
        for row in &mut rows {
            row.birth_date = Day::new((1980, 1, 1));
        }
        rows[4].birth_date = Day::new((1979, 1, 1));
        let (_, findings, roster) = run(rows, &[false; 5]);
        let groups: Vec<&[usize]> = roster.clusters.iter().map(|c| c.members.as_slice()).collect();
        assert_eq!(groups, vec![&[1, 3][..], &[0, 2]]);
        assert_eq!(codes(&findings), vec!["W209"; 4]);
    }

    #[test]
    fn rows_with_errors_are_not_merged() {
        let rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", ID, 5)];
        let (fates, findings, _) = run(rows, &[false, true]);
        assert_eq!(fates, vec![Fate::Accepted, Fate::Rejected]);
        assert!(codes(&findings).is_empty());
    }
}

#[cfg(test)]
mod accounting {
    //! Whatever the batch, every row is accepted, rejected or merged into an accepted row.
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;
    use crate::normalize::date::Day;

    const IDS: [&str; 4] = ["41010219800101123X", "410102198202023456", "410102198303034568", ""];
    const NAMES: [&str; 3] = ["张三", "李四", "张 三"];
    const UNIONS: [&str; 3] = ["甲工会", "乙工会", "丙工会"];

    fn worker((id, name, union, filled): (usize, usize, usize, usize), row: usize) -> Worker {
        let mut worker =
            crate::rows::worker::tests::worker(row as u32 + 2, UNIONS[union], NAMES[name], IDS[id], filled as u16);
        worker.birth_date = Day::new((1980, 1, 1));
        worker
    }

    proptest! {
        #[test]
        fn read_equals_accepted_plus_rejected_plus_merged(
            rows in prop::collection::vec(((0..4usize, 0..3usize, 0..3usize, 0..5usize), any::<bool>()), 0..40)
        ) {
            let workers: Vec<Worker> = rows.iter().enumerate().map(|(i, (w, _))| worker(*w, i)).collect();
            let has_error: Vec<bool> = rows.iter().map(|(w, e)| *e || w.0 == 3).collect();
            let (fates, _, roster) = super::tests::run(workers, &has_error);
            let workers = roster.workers;
            prop_assert_eq!(fates.len(), workers.len());
            let accepted = fates.iter().filter(|f| **f == Fate::Accepted).count();
            let rejected = fates.iter().filter(|f| **f == Fate::Rejected).count();
            let merged = fates.iter().filter(|f| matches!(f, Fate::Merged(_))).count();
            prop_assert_eq!(accepted + rejected + merged, workers.len());
            for (i, fate) in fates.iter().enumerate() {
                if let Fate::Merged(into) = fate {
                    prop_assert_eq!(fates[*into as usize], Fate::Accepted);
                    prop_assert_eq!(workers[*into as usize].id_number(), workers[i].id_number());
                }
                if has_error[i] {
                    prop_assert_eq!(*fate, Fate::Rejected);
                }
            }
            let accepted_ids: Vec<_> = workers.iter().filter(|w| w.accepted()).map(|w| w.id_number()).collect();
            let unique: BTreeSet<_> = accepted_ids.iter().collect();
            prop_assert_eq!(unique.len(), accepted_ids.len());
        }
    }
}
