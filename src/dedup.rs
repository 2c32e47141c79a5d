//! People, not rows: duplicates and conflicts across the batch (SPEC §3.3, §4).
//!
//! Rows without errors are grouped by their normalised 18-character ID. One name: the
//! most complete, most recently filed row is kept and the others are merged into it
//! (W210 within a union; W211 on every row when two or more unions registered the
//! person — 一人多档). Two names: every row of the group is held back (E120). Rows
//! whose IDs differ but whose name, birth date and unit agree are flagged (W209).

use std::collections::BTreeMap;

use crate::finding::{Code, Finding, Location};
use crate::normalize::date::Ymd;
use crate::worker::Worker;

/// What becomes of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Counted in the statistics.
    Accepted,
    /// Held back because of an error.
    Rejected,
    /// A duplicate merged into the row with this index.
    Merged(usize),
}

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

/// The outcome of deduplication.
#[derive(Debug, Clone, Default)]
pub struct Dedup {
    /// One fate per row.
    pub fates: Vec<Fate>,
    /// Findings about duplicates.
    pub findings: Vec<Finding>,
    /// The groups found.
    pub clusters: Vec<Cluster>,
}

/// Deduplicates rows; `has_error[i]` says whether row i already has an error.
pub fn dedup(workers: &[Worker], has_error: &[bool]) -> Dedup {
    let mut out = Dedup {
        fates: has_error.iter().map(|&e| if e { Fate::Rejected } else { Fate::Accepted }).collect(),
        ..Dedup::default()
    };
    let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, worker) in workers.iter().enumerate() {
        if let (false, Some(id)) = (has_error[i], worker.id_number()) {
            by_id.entry(id).or_default().push(i);
        }
    }
    for members in by_id.into_values().filter(|m| m.len() > 1) {
        if distinct(members.iter().map(|&i| name_key(&workers[i].name))) > 1 {
            conflict(workers, members, &mut out);
        } else {
            merge(workers, members, &mut out);
        }
    }
    probable_duplicates(workers, &mut out);
    out
}

/// A name for comparison: without the spaces clerks put inside (`张  三`).
pub fn name_key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn distinct<T: Ord>(items: impl Iterator<Item = T>) -> usize {
    items.collect::<std::collections::BTreeSet<T>>().len()
}

fn conflict(workers: &[Worker], members: Vec<usize>, out: &mut Dedup) {
    let names: Vec<&str> = members.iter().map(|&i| workers[i].name.as_str()).collect();
    for &i in &members {
        out.fates[i] = Fate::Rejected;
        let message = format!(
            "同一身份证号登记了不同姓名（{}），涉及{}，已全部暂缓统计，请核实身份证号和姓名。",
            names.join("/"),
            places(workers, &members, i)
        );
        out.findings.push(finding(Code::E120, &workers[i], "姓名", &workers[i].name, message));
    }
    out.clusters.push(Cluster { code: Code::E120, members, kept: None });
}

fn merge(workers: &[Worker], members: Vec<usize>, out: &mut Dedup) {
    let kept = best(workers, &members);
    let unions = distinct(members.iter().map(|&i| &*workers[i].union));
    for &i in members.iter().filter(|&&i| i != kept) {
        out.fates[i] = Fate::Merged(kept);
        if members.iter().any(|&j| j != i && workers[j].union == workers[i].union) {
            let message = format!("与{}为同一人（身份证号相同），已合并为一条。", where_is(&workers[kept].origin));
            out.findings.push(finding(Code::W210, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
    }
    if unions > 1 {
        let mut names: Vec<&str> = Vec::new();
        for &i in &members {
            if !names.contains(&&*workers[i].union) {
                names.push(&workers[i].union);
            }
        }
        for &i in &members {
            let message = format!(
                "同一人被{}重复建档（一人多档），涉及{}，统计时只计一次。",
                names.join("、"),
                places(workers, &members, i)
            );
            out.findings.push(finding(Code::W211, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
    }
    let code = if unions > 1 { Code::W211 } else { Code::W210 };
    out.clusters.push(Cluster { code, members, kept: Some(kept) });
}

/// The most complete row, then the most recently filed, then the first.
fn best(workers: &[Worker], members: &[usize]) -> usize {
    let mut ranked = members.to_vec();
    ranked.sort_by(|&a, &b| {
        let (wa, wb) = (&workers[a], &workers[b]);
        wb.filled.cmp(&wa.filled).then(wb.filed.cmp(&wa.filed)).then(a.cmp(&b))
    });
    ranked[0]
}

fn probable_duplicates(workers: &[Worker], out: &mut Dedup) {
    let mut groups: BTreeMap<(String, Ymd, &str), Vec<usize>> = BTreeMap::new();
    for (i, worker) in workers.iter().enumerate() {
        let birth = worker.id.as_ref().ok().map(|id| id.birth).or(worker.birth_date);
        if let (false, Some(birth), false) = (worker.name.is_empty(), birth, worker.employer.is_empty()) {
            groups.entry((name_key(&worker.name), birth, worker.employer.as_str())).or_default().push(i);
        }
    }
    for members in groups.into_values() {
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
            out.findings.push(finding(Code::W209, &workers[i], "身份证号", id_of(&workers[i]), message));
        }
        out.clusters.push(Cluster { code: Code::W209, members, kept: None });
    }
}

fn id_of(worker: &Worker) -> &str {
    worker.id_number().unwrap_or("")
}

/// The other members' places, for a message to row `me`.
fn places(workers: &[Worker], members: &[usize], me: usize) -> String {
    let others: Vec<String> = members.iter().filter(|&&j| j != me).map(|&j| where_is(&workers[j].origin)).collect();
    others.join("、")
}

/// `file［sheet］第n行`, for a message that points at another row.
pub fn where_is(origin: &Location) -> String {
    if origin.sheet.is_empty() {
        format!("{} 第{}行", origin.file, origin.row)
    } else {
        format!("{}［{}］第{}行", origin.file, origin.sheet, origin.row)
    }
}

fn finding(code: Code, worker: &Worker, column: &str, value: &str, message: String) -> Finding {
    Finding { code, location: worker.origin.clone(), column: column.to_string(), value: value.to_string(), message }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::normalize::id;

    /// A worker with only what deduplication looks at.
    pub(crate) fn worker(row: u32, union: &str, name: &str, id_text: &str, filled: usize) -> Worker {
        Worker {
            origin: Location { file: Arc::from("a.xlsx"), sheet: Arc::from("S"), row },
            union: Arc::from(union),
            source: (0, row as usize),
            name: name.into(),
            id: id::parse(&crate::ingest::grid::Cell::Text(id_text.into())),
            sex: String::new(),
            birth_date: None,
            employer: "东风机械厂".into(),
            status: None,
            tier: None,
            family_size: None,
            family_income: None,
            per_capita_stated: None,
            primary_cause: String::new(),
            secondary_cause: String::new(),
            causes: crate::classify::Classification {
                primary: 10,
                secondary: vec![],
                term: String::new(),
                confident: false,
            },
            health: String::new(),
            single_parent: String::new(),
            filed: None,
            exited: None,
            filled,
        }
    }

    const ID: &str = "41010219800101123X";

    fn codes(d: &Dedup) -> Vec<&'static str> {
        d.findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn w210_same_union_duplicates_merge_into_the_most_complete() {
        let rows = [worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", ID, 9)];
        let d = dedup(&rows, &[false, false]);
        assert_eq!(d.fates, vec![Fate::Merged(1), Fate::Accepted]);
        assert_eq!(codes(&d), vec!["W210"]);
        assert_eq!(d.findings[0].location.row, 2);
    }

    #[test]
    fn w211_two_unions_register_one_person() {
        let rows = [worker(2, "甲工会", "张三", ID, 5), worker(3, "乙工会", "张 三", ID, 5)];
        let d = dedup(&rows, &[false, false]);
        assert_eq!(d.fates, vec![Fate::Accepted, Fate::Merged(0)]);
        assert_eq!(codes(&d), vec!["W211", "W211"]);
        assert!(d.findings[0].message.contains("甲工会、乙工会"));
    }

    #[test]
    fn e120_one_id_two_names_holds_both_back() {
        let rows = [worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "李四", ID, 5)];
        let d = dedup(&rows, &[false, false]);
        assert_eq!(d.fates, vec![Fate::Rejected, Fate::Rejected]);
        assert_eq!(codes(&d), vec!["E120", "E120"]);
    }

    #[test]
    fn w209_same_name_birth_and_unit_with_another_id() {
        let mut rows = vec![worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", "", 5)];
        rows[1].birth_date = Some((1980, 1, 1));
        let d = dedup(&rows, &[false, true]);
        assert_eq!(d.fates, vec![Fate::Accepted, Fate::Rejected]);
        assert_eq!(codes(&d), vec!["W209", "W209"]);
    }

    #[test]
    fn rows_with_errors_are_not_merged() {
        let rows = [worker(2, "甲工会", "张三", ID, 5), worker(3, "甲工会", "张三", ID, 5)];
        let d = dedup(&rows, &[false, true]);
        assert_eq!(d.fates, vec![Fate::Accepted, Fate::Rejected]);
        assert!(codes(&d).is_empty());
    }
}

#[cfg(test)]
mod accounting {
    //! Whatever the batch, every row is accepted, rejected or merged into an accepted row.
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    const IDS: [&str; 4] = ["41010219800101123X", "410102198202023456", "410102198303034568", ""];
    const NAMES: [&str; 3] = ["张三", "李四", "张 三"];
    const UNIONS: [&str; 3] = ["甲工会", "乙工会", "丙工会"];

    fn worker((id, name, union, filled): (usize, usize, usize, usize), row: usize) -> Worker {
        let mut worker = super::tests::worker(row as u32 + 2, UNIONS[union], NAMES[name], IDS[id], filled);
        worker.birth_date = Some((1980, 1, 1));
        worker
    }

    proptest! {
        #[test]
        fn read_equals_accepted_plus_rejected_plus_merged(
            rows in prop::collection::vec(((0..4usize, 0..3usize, 0..3usize, 0..5usize), any::<bool>()), 0..40)
        ) {
            let workers: Vec<Worker> = rows.iter().enumerate().map(|(i, (w, _))| worker(*w, i)).collect();
            let has_error: Vec<bool> = rows.iter().map(|(w, e)| *e || w.0 == 3).collect();
            let d = dedup(&workers, &has_error);
            prop_assert_eq!(d.fates.len(), workers.len());
            let accepted = d.fates.iter().filter(|f| **f == Fate::Accepted).count();
            let rejected = d.fates.iter().filter(|f| **f == Fate::Rejected).count();
            let merged = d.fates.iter().filter(|f| matches!(f, Fate::Merged(_))).count();
            prop_assert_eq!(accepted + rejected + merged, workers.len());
            for (i, fate) in d.fates.iter().enumerate() {
                if let Fate::Merged(into) = fate {
                    prop_assert_eq!(d.fates[*into], Fate::Accepted);
                    prop_assert_eq!(workers[*into].id_number(), workers[i].id_number());
                }
                if has_error[i] {
                    prop_assert_eq!(*fate, Fate::Rejected);
                }
            }
            let accepted_ids: Vec<_> = workers.iter().zip(&d.fates).filter(|(_, f)| **f == Fate::Accepted).map(|(w, _)| w.id_number()).collect();
            let unique: BTreeSet<_> = accepted_ids.iter().collect();
            prop_assert_eq!(unique.len(), accepted_ids.len());
        }
    }
}
