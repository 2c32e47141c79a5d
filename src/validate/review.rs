//! What the tier rules ask the statistician to review (SPEC §4): 拟脱困复核 (W215) for a
//! family above every line, 到期复核 (W217) for a file whose yearly review is due, and
//! 一户多档 (W216) for a household filed twice — the last across rows, after every row
//! is read. Warnings only: nothing here changes a count.

use std::collections::{BTreeSet, HashMap, HashSet};

use compact_str::CompactString;
use foldhash::fast::RandomState;

use super::{Context, RowCheck};
use crate::columns::Field;
use crate::finding::{Code, Finding, Location};
use crate::ingest::grid::Cell;
use crate::normalize::date::{format, Ymd};
use crate::normalize::id;
use crate::period::days_in_month;
use crate::rows::{FamilyId, Worker};
use crate::tier::Rung;

/// The columns that hold family members' IDs; a table may have several of them.
const FAMILY_ID_COLUMNS: [Field; 3] = [Field::SpouseId, Field::ChildId, Field::ParentId];

/// The family members' IDs on the row — its 配偶/子女/父母身份证号 cells (a cell may
/// hold several, separated by 、，;/ or spaces) and, on a registration form, the
/// family-member table's 身份证号 — each with its cell; only valid ones, as 18 characters.
pub fn family_ids(row: &RowCheck) -> Vec<FamilyId> {
    let record = row.record();
    let mut found = Vec::new();
    for field in FAMILY_ID_COLUMNS.into_iter().filter(|f| row.has_column(*f)) {
        let written = row.text(field);
        let location = record.location(field);
        found.extend(numbers_in(&written).map(|number| FamilyId {
            number,
            location: location.clone(),
            column: field.canonical(),
            written: written.to_string(),
        }));
    }
    for member in &record.members {
        let location = Location { row: member.row, ..record.origin.clone() };
        found.extend(numbers_in(&member.id).map(|number| FamilyId {
            number,
            location: location.clone(),
            column: Field::Id.canonical(),
            written: member.id.clone(),
        }));
    }
    found
}

/// The valid IDs in a cell's text, as 18 characters.
fn numbers_in(text: &str) -> impl Iterator<Item = CompactString> + '_ {
    let parts = text.split(['、', '，', ',', ';', '；', '/', ' ']).filter(|p| !p.trim().is_empty());
    parts.filter_map(|p| id::parse(&Cell::Text(p.trim().into())).ok()).map(|id| id.number)
}

/// W215 and W217 on one row; the worker learns whether they are above every line and
/// whether the yearly review is due.
pub fn check(row: &mut RowCheck, worker: &mut Worker, ctx: Context) {
    worker.above_standard = above_standard(row, worker, ctx);
    worker.review_due = review_due(row, worker, ctx);
}

/// W215: above every line, unless a declared 意外致困 whose rigid spending is not given
/// — or a declared tier that is not in the vocabulary (E113): it may be an 意外致困 the
/// rule cannot see, and the row goes back to be corrected anyway.
fn above_standard(row: &mut RowCheck, worker: &Worker, ctx: Context) -> bool {
    let Some(computed) = worker.computed.as_ref().filter(|c| c.rung == Rung::Above) else {
        return false;
    };
    if worker.tier.is_none() && !row.text(Field::Tier).is_empty() {
        return false;
    }
    let declared = worker.tier.as_deref().and_then(|t| ctx.vocab.tier.ladder.iter().position(|l| l == t));
    if declared.map(Rung::of_position) == Some(Rung::Accident) && computed.undecided_accident() {
        return false;
    }
    let reason = computed.reason(&worker.household(), ctx.dibao);
    row.push(Code::W215, Field::Tier, format!("按测算（{reason}）已超出各档标准，拟脱困复核：请核实是否已脱困。"));
    true
}

/// W217: in a table with a 复核日期 column, the last review (empty: the filing) more
/// than `review_months` before the period's end.
fn review_due(row: &mut RowCheck, worker: &Worker, ctx: Context) -> bool {
    if !row.has_column(Field::ReviewDate) {
        return false;
    }
    let months = ctx.dibao.review_months;
    let (Some(last), what) = worker.reviewed.map_or((worker.filed, "建档"), |day| (Some(day), "复核")) else {
        return false;
    };
    let last = last.ymd();
    if last >= months_before(ctx.period_end, months) {
        return false;
    }
    let end = format(ctx.period_end);
    let message =
        format!("上次{what}于{}，距报告期末{end}已超过{months}个月，到期复核：请核实并完成年度复核。", format(last));
    row.push(Code::W217, Field::ReviewDate, message);
    true
}

/// The same day `months` earlier (the month's last day when it has fewer days).
pub fn months_before((year, month, day): Ymd, months: u32) -> Ymd {
    let index = i64::from(year) * 12 + i64::from(month) - 1 - i64::from(months);
    let (year, month) = (index.div_euclid(12) as i32, index.rem_euclid(12) as u32 + 1);
    (year, month, day.min(days_in_month(year, month)))
}

/// W216 over all rows: a family member's ID on an accepted row is another accepted
/// row's worker. Each pair of rows is reported once on each row, naming both; the rows
/// learn their partners (`same_household`).
pub fn households(workers: &mut [Worker]) -> Vec<Finding> {
    // Only the IDs some row names as a family member's are looked up, so only those
    // are mapped to their rows: most rosters name few or none.
    let named: HashSet<&str, RandomState> = workers
        .iter()
        .filter(|w| w.accepted())
        .flat_map(|w| w.family_ids.iter().map(|id| id.number.as_str()))
        .collect();
    if named.is_empty() {
        return Vec::new();
    }
    let by_id: HashMap<&str, usize, RandomState> = workers
        .iter()
        .enumerate()
        .filter(|(_, w)| w.accepted())
        .filter_map(|(i, w)| Some((w.id_number().filter(|id| named.contains(id))?, i)))
        .collect();
    let mut pairs = BTreeSet::new();
    for (i, worker) in workers.iter().enumerate().filter(|(_, w)| w.accepted()) {
        for other in worker.family_ids.iter().filter_map(|id| by_id.get(id.number.as_str())).filter(|&&j| j != i) {
            pairs.insert((i.min(*other), i.max(*other)));
        }
    }
    let mut findings = Vec::new();
    for (a, b) in pairs {
        findings.push(same_household(&workers[a], &workers[b]));
        findings.push(same_household(&workers[b], &workers[a]));
        let (origin_a, origin_b) = (workers[a].origin().clone(), workers[b].origin().clone());
        workers[a].same_household.push(origin_b);
        workers[b].same_household.push(origin_a);
    }
    findings
}

/// The W216 finding on `worker`'s row about `other`'s: at the cell where `worker`'s row
/// names `other`'s ID, else (only `other` names this one) at the row's own 身份证号.
fn same_household(worker: &Worker, other: &Worker) -> Finding {
    let named = other.id_number().and_then(|number| worker.family_ids.iter().find(|f| f.number == number));
    let (location, column, value) = match named {
        Some(cell) => (cell.location.clone(), cell.column, cell.written.clone()),
        None => {
            let own = worker.written(Field::Id).map(ToString::to_string).unwrap_or_default();
            (worker.record.location(Field::Id), Field::Id.canonical(), own)
        }
    };
    let message = format!(
        "本行（{}，{}）与{}（{}）为同一家庭成员，一户多档：请核实是否同户，同一户只保留一份档案。",
        worker.name,
        location.where_is(),
        other.origin().where_is(),
        other.name
    );
    Finding { code: Code::W216, location, column, value: value.into(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::form::Member;
    use crate::ingest::table::Record;
    use crate::rows::worker::tests::worker;
    use crate::validate::tests::{check_row, codes, sheet_row};
    use std::sync::Arc;

    /// A family ID named at `row` of a.xlsx［S］ under `column`.
    fn named(number: &str, row: u32, column: &'static str) -> FamilyId {
        let location = Location { file: Arc::from("a.xlsx"), sheet: Arc::from("S"), row };
        FamilyId { number: number.into(), location, column, written: number.into() }
    }

    /// The family IDs of a row with these cells (and `members` in a family table).
    fn ids_of(cells: &[(&str, &str)], members: Vec<Member>) -> Vec<FamilyId> {
        let cells: Vec<(String, String)> = cells.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let (_, record) = sheet_row(&cells, crate::ingest::header::Role::Roster);
        let record = Arc::new(Record { members: members.into(), ..(*record).clone() });
        family_ids(&RowCheck::new(&record))
    }

    #[test]
    fn w215_above_every_line() {
        let above = [("困难类别", "相对困难"), ("家庭年度总收入", "48000"), ("家庭月人均收入", ""), ("刚性支出", "0")];
        let findings = check_row(&above);
        assert_eq!(codes(&findings), vec!["W205", "W215"]);
        assert!(findings[1].message.contains("人均 1333.33 ≥ 1.5 × 低保线 780"), "{}", findings[1].message);
        assert!(findings[1].message.contains("请核实是否已脱困"));
        let spent =
            [("困难类别", "相对困难"), ("家庭年度总收入", "48000"), ("家庭月人均收入", ""), ("刚性支出", "12000")];
        assert_eq!(codes(&check_row(&spent)), Vec::<&str>::new());
        let just_below = [("家庭年度总收入", "42119.64"), ("家庭月人均收入", ""), ("刚性支出", "0")];
        assert_eq!(codes(&check_row(&just_below)), Vec::<&str>::new());
        let at = [("家庭年度总收入", "42120"), ("家庭月人均收入", ""), ("刚性支出", "0")];
        assert_eq!(codes(&check_row(&at)), vec!["W205", "W215"]);
    }

    #[test]
    fn w215_not_for_a_tier_outside_the_vocabulary() {
        let unknown =
            [("困难类别", "待定"), ("家庭年度总收入", "72000"), ("家庭月人均收入", "2000"), ("刚性支出", "0")];
        assert_eq!(codes(&check_row(&unknown)), vec!["E113"]);
    }

    #[test]
    fn w215_and_w205_not_for_a_declared_accident_without_rigid_spending() {
        let accident = [("困难类别", "意外致困"), ("家庭年度总收入", "72000"), ("家庭月人均收入", "2000")];
        assert_eq!(codes(&check_row(&accident)), Vec::<&str>::new());
        let with_rigid =
            [("困难类别", "意外致困"), ("家庭年度总收入", "72000"), ("家庭月人均收入", ""), ("刚性支出", "60000")];
        assert_eq!(codes(&check_row(&with_rigid)), Vec::<&str>::new());
        let small_rigid =
            [("困难类别", "意外致困"), ("家庭年度总收入", "72000"), ("家庭月人均收入", ""), ("刚性支出", "100")];
        assert_eq!(codes(&check_row(&small_rigid)), vec!["W205", "W215"]);
        let deep_without = [("困难类别", "深度困难"), ("家庭年度总收入", "72000"), ("家庭月人均收入", "2000")];
        assert_eq!(codes(&check_row(&deep_without)), vec!["W205", "W215"]);
    }

    #[test]
    fn w217_review_due() {
        assert_eq!(codes(&check_row(&[("复核日期", "2025-11-29")])), vec!["W217"]);
        assert_eq!(codes(&check_row(&[("复核日期", "2025-11-30")])), Vec::<&str>::new());
        let findings = check_row(&[("复核日期", "")]);
        assert_eq!(codes(&findings), vec!["W217"], "empty: the filing date 2020-03-01");
        assert!(findings[0].message.contains("上次建档于2020-03-01"), "{}", findings[0].message);
        assert!(findings[0].message.contains("请核实并完成年度复核"));
        assert_eq!(codes(&check_row(&[("复核日期", ""), ("建档日期", "2026-01-05")])), Vec::<&str>::new());
        assert_eq!(codes(&check_row(&[])), Vec::<&str>::new(), "no 复核日期 column: no W217 on the row");
    }

    #[test]
    fn months_before_keeps_the_day_or_the_month_end() {
        assert_eq!(months_before((2026, 11, 30), 12), (2025, 11, 30));
        assert_eq!(months_before((2026, 3, 31), 1), (2026, 2, 28));
        assert_eq!(months_before((2026, 1, 31), 13), (2024, 12, 31));
    }

    #[test]
    fn w216_one_household_filed_twice() {
        let husband_id = "41010219800101123X";
        let wife_id = "410102198203040020";
        let mut husband = worker(2, "甲工会", "张三", husband_id, 5);
        husband.family_ids = vec![named(wife_id, 2, "配偶身份证号")];
        let wife = worker(7, "乙工会", "李四", wife_id, 5);
        let mut other = worker(9, "乙工会", "王五", "110101199003070011", 5);
        other.family_ids = vec![named("110101199003070011", 9, "配偶身份证号")];
        let mut workers = vec![husband, wife, other];
        let findings = households(&mut workers);
        assert_eq!(codes(&findings), vec!["W216", "W216"]);
        assert_eq!(findings[0].location.row, 2);
        assert_eq!(findings[1].location.row, 7);
        for finding in &findings {
            assert!(finding.message.contains("第2行") && finding.message.contains("第7行"), "{}", finding.message);
            assert!(finding.message.contains("请核实是否同户"));
        }
        assert_eq!(findings[0].column, "配偶身份证号", "where the husband's row names her");
        assert_eq!(findings[1].column, "身份证号", "her row names nobody: her own ID");
        assert_eq!(workers[1].same_household[0].row, 2);
        assert!(workers[2].same_household.is_empty(), "one's own ID is no second file");
    }

    #[test]
    fn w216_through_child_and_parent_columns_several_in_one_table() {
        let ids = ids_of(
            &[
                ("配偶身份证号", ""),
                ("子女身份证号", "410102200501010014、410102200802020021"),
                ("父母身份证号码", "410102195503030023"),
            ],
            vec![],
        );
        let got: Vec<(&str, &str)> = ids.iter().map(|f| (f.number.as_str(), f.column)).collect();
        assert_eq!(
            got,
            vec![
                ("410102200501010014", "子女身份证号"),
                ("410102200802020021", "子女身份证号"),
                ("410102195503030023", "父母身份证号"),
            ]
        );
        assert!(ids.iter().all(|f| f.location.row == 2));
        let mut parent = worker(2, "甲工会", "张三", "41010219800101123X", 5);
        parent.family_ids = ids;
        let mut workers = vec![parent, worker(4, "乙工会", "张小", "410102200802020021", 5)];
        let findings = households(&mut workers);
        assert_eq!(codes(&findings), vec!["W216", "W216"]);
        assert_eq!(
            (findings[0].column, findings[0].value.as_str()),
            ("子女身份证号", "410102200501010014、410102200802020021")
        );
    }

    #[test]
    fn w216_through_a_forms_family_member_table() {
        let member = |name: &str, id: &str, row| Member {
            name: name.into(),
            relation: "配偶".into(),
            id: id.into(),
            health: "健康".into(),
            row,
        };
        let ids = ids_of(&[], vec![member("李四", "410102198203040020", 12), member("无证", "", 13)]);
        assert_eq!(ids.len(), 1, "a member without an ID names nobody");
        assert_eq!((ids[0].location.row, ids[0].column), (12, "身份证号"));
        let mut form = worker(4, "甲工会", "张三", "41010219800101123X", 5);
        form.family_ids = ids;
        let mut workers = vec![worker(3, "乙工会", "李四", "410102198203040020", 5), form];
        let findings = households(&mut workers);
        let places: Vec<(u32, &str)> = findings.iter().map(|f| (f.location.row, f.column)).collect();
        assert_eq!(places, vec![(3, "身份证号"), (12, "身份证号")]);
        assert!(findings[1].message.contains("t.xlsx［S］第12行"), "{}", findings[1].message);
    }
}
