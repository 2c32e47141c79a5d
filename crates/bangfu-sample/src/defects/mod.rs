//! Planted roster defects: one or more rows for every roster finding code of
//! SPEC §4, each recorded with the canonical column it is about.
//!
//! A defect is planted on a clean row of a file whose layout can show it (a
//! wrong 性别 needs a 性别 column; E105 needs the BIFF8 file, where IDs can be
//! numbers). Defects go round the files so every file gets some. A row used
//! for one defect, or as the original of a duplicate, is never used again, so
//! each planted row has exactly the findings recorded for it.

use super::config::dibao_line;
use super::date::{Date, PERIOD_END};
use super::field::Field;
use super::idcard;
use super::layouts::{Layout, Submission};
use super::people::{chinese_name, Person, Registry};
use super::render::{Entry, Place, Value};
use super::rng::Rng;
use super::tables::{self, ON_DUTY, UNKNOWN_REGION};

mod household;

/// A kind of planted roster defect, named by what is wrong (code in the doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Defect {
    /// E101 ID missing.
    MissingId,
    /// E102 ID of 17 digits.
    ShortId,
    /// E103 wrong check character.
    BadCheck,
    /// E104 ID with the birth date of February 30.
    ImpossibleBirth,
    /// E105 18-digit ID stored as a number: the last digits are lost.
    NumericId,
    /// E110 工作单位 empty.
    MissingUnit,
    /// E111 家庭人口 0.
    BadFamilySize,
    /// E112 家庭年度总收入 "不详".
    BadIncome,
    /// E113 困难类别 outside the vocabulary.
    UnknownTier,
    /// E114 身份 outside the vocabulary.
    UnknownStatus,
    /// E120 the ID of a worker of another union, with another name (both rows).
    NameConflict,
    /// W201 region code that never existed.
    UnknownRegion,
    /// W202 性别 contradicts the ID.
    WrongSex,
    /// W203 出生日期 contradicts the ID.
    WrongBirth,
    /// W204 家庭月人均收入 off by 150 元.
    WrongPerCapita,
    /// W205 a declared 低保户 whose income is above the 低保 edge; also W215, as the
    /// household is above every line.
    TierMismatch,
    /// W206 在岗 at about 70.
    ImplausibleAge,
    /// W207 a 10-digit phone.
    BadPhone,
    /// W208 an old 15-digit ID.
    OldId,
    /// W209 the same worker again without ID (also E101); both rows.
    NoIdTwin,
    /// W210 the same worker twice in one union; the later row (merged).
    SameUnionDuplicate,
    /// W211 the same worker registered by another union too; both rows.
    TwoUnions,
    /// W212 a cause nobody can classify.
    VagueCause,
    /// W213 建档日期 after the period end.
    FutureFiling,
    /// W205 and W215: a declared 低保边缘户 (相对困难) whose income is above every line.
    AboveLines,
    /// W205 and W215: a declared 意外致困 whose 刚性支出 is small: above every line.
    AccidentSmallRigid,
    /// No finding (SPEC §5a rule 4): a declared 意外致困 above the lines whose 刚性支出
    /// is left empty, in a table with the column — shown, not reported.
    AccidentNoRigid,
    /// W217 复核日期 more than 12 months before the period end.
    ReviewDue,
    /// W217 复核日期 empty and 建档日期 more than 12 months before the period end.
    NeverReviewed,
    /// W216 a couple filed twice, in two unions: each row's 配偶身份证号 is the other's ID.
    Couple,
    /// W216 a registration form's 配偶 (first family member) is a worker another union
    /// filed; on the form at the member's 身份证号, on the other row at its own ID.
    SpouseFiledElsewhere,
}

/// What is planted, and where it must go (a layout), in planting order.
const PLANS: &[(Defect, Option<Layout>)] = &[
    (Defect::MissingId, None),
    (Defect::ShortId, None),
    (Defect::BadCheck, None),
    (Defect::ImpossibleBirth, None),
    (Defect::NumericId, Some(Layout::Biff)),
    (Defect::MissingUnit, None),
    (Defect::BadFamilySize, None),
    (Defect::BadIncome, None),
    (Defect::UnknownTier, None),
    (Defect::UnknownStatus, None),
    (Defect::NameConflict, None),
    (Defect::UnknownRegion, None),
    (Defect::WrongSex, None),
    (Defect::WrongBirth, None),
    (Defect::WrongPerCapita, None),
    (Defect::TierMismatch, None),
    (Defect::ImplausibleAge, None),
    (Defect::BadPhone, None),
    (Defect::OldId, Some(Layout::Biff)),
    (Defect::OldId, Some(Layout::GbkCsv)),
    (Defect::NoIdTwin, None),
    (Defect::SameUnionDuplicate, None),
    (Defect::TwoUnions, None),
    (Defect::VagueCause, None),
    (Defect::FutureFiling, None),
    (Defect::BadCheck, Some(Layout::FormFolder)),
    (Defect::MissingUnit, Some(Layout::FormBook)),
    (Defect::ReviewDue, Some(Layout::FormFolder)),
    (Defect::SpouseFiledElsewhere, Some(Layout::FormBook)),
    (Defect::AboveLines, None),
    (Defect::AccidentSmallRigid, None),
    (Defect::AccidentNoRigid, None),
    (Defect::ReviewDue, None),
    (Defect::NeverReviewed, None),
    (Defect::Couple, None),
];

/// Where a row is: submission, part, entry.
type Loc = (usize, usize, usize);

/// Plants every defect of [`PLANS`] into the submissions.
pub fn plant(subs: &mut [Submission], rng: &mut Rng, registry: &mut Registry) -> Result<(), String> {
    for (k, (defect, layout)) in PLANS.iter().enumerate() {
        let planted = (0..subs.len())
            .map(|i| (i + k) % subs.len())
            .filter(|s| fits(*defect, *layout, &subs[*s]))
            .find_map(|s| pick_rows(*defect, subs, s, rng));
        // A registration form's own showing of a defect is best effort: a small sample
        // may have only a 补报 handful of forms, already used.
        let on_a_form = matches!(layout, Some(Layout::FormFolder | Layout::FormBook));
        let (host, source) = match planted {
            Some(found) => found,
            None if on_a_form => continue,
            None => return Err(format!("too few rows to plant {defect:?}; use more --rows")),
        };
        apply(*defect, subs, host, source, rng, registry);
    }
    Ok(())
}

/// Columns a defect must be visible in.
fn needs(defect: Defect) -> &'static [Field] {
    match defect {
        Defect::WrongSex => &[Field::Sex],
        Defect::WrongBirth | Defect::NoIdTwin => &[Field::BirthDate],
        Defect::WrongPerCapita => &[Field::PerCapitaIncome],
        Defect::BadPhone => &[Field::Phone],
        Defect::FutureFiling => &[Field::FiledDate],
        Defect::AccidentSmallRigid | Defect::AccidentNoRigid => &[Field::RigidSpending],
        Defect::ReviewDue | Defect::NeverReviewed => &[Field::ReviewDate],
        Defect::Couple => &[Field::SpouseId],
        _ => &[],
    }
}

/// Whether a file can carry the defect.
fn fits(defect: Defect, layout: Option<Layout>, sub: &Submission) -> bool {
    let tier_has_income_meaning = defect != Defect::TierMismatch || sub.layout.style().vocab == 0;
    layout.is_none_or(|l| l == sub.layout)
        && needs(defect).iter().all(|f| sub.layout.has(*f))
        && tier_has_income_meaning
}

/// Whether a row may host the defect.
fn can_host(defect: Defect, entry: &Entry) -> bool {
    let p = &entry.person;
    !entry.tainted
        && match defect {
            Defect::ImplausibleAge => !entry.retired,
            Defect::UnknownRegion => dibao_line(p.region) == dibao_line(UNKNOWN_REGION),
            Defect::VagueCause => p.tier != 2,
            Defect::AboveLines => p.tier == 1,
            Defect::AccidentSmallRigid => p.tier == 2 && p.per_capita() >= 1.8 * dibao_line(p.region),
            Defect::AccidentNoRigid => p.tier == 2,
            Defect::ReviewDue => p.filed_on < Date::new(2024, 6, 1),
            Defect::NeverReviewed => p.filed_on < Date::new(2025, 6, 1),
            Defect::Couple | Defect::SpouseFiledElsewhere => p.family.spouse.is_some(),
            _ => true,
        }
}

/// The host row (and the original, for duplicates) in submission `s`.
fn pick_rows(defect: Defect, subs: &[Submission], s: usize, rng: &mut Rng) -> Option<(Loc, Option<Loc>)> {
    match defect {
        Defect::NoIdTwin | Defect::SameUnionDuplicate => same_part_pair(subs, s, rng),
        Defect::NameConflict | Defect::TwoUnions => {
            let host = free_row(defect, subs, s, rng)?;
            let source = other_union_row(subs, host, rng)?;
            Some((host, Some(source)))
        }
        Defect::Couple | Defect::SpouseFiledElsewhere => {
            let host = free_row(defect, subs, s, rng)?;
            let partner = household::partner(defect == Defect::Couple, subs, host, rng)?;
            Some((host, Some(partner)))
        }
        _ => free_row(defect, subs, s, rng).map(|host| (host, None)),
    }
}

/// A random row of submission `s` that can host the defect.
fn free_row(defect: Defect, subs: &[Submission], s: usize, rng: &mut Rng) -> Option<Loc> {
    let rows: Vec<Loc> = subs[s]
        .parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.entries.iter().enumerate().map(move |(e, entry)| ((s, p, e), entry)))
        .filter(|(_, entry)| can_host(defect, entry))
        .map(|(loc, _)| loc)
        .collect();
    (!rows.is_empty()).then(|| rows[rng.below(rows.len())])
}

/// Two free rows of one part on the same sheet: (later row, earlier row).
fn same_part_pair(subs: &[Submission], s: usize, rng: &mut Rng) -> Option<(Loc, Option<Loc>)> {
    for (p, part) in subs[s].parts.iter().enumerate() {
        let free: Vec<usize> = (0..part.entries.len()).filter(|e| !part.entries[*e].tainted).collect();
        for retired in [false, true] {
            let side: Vec<usize> = free.iter().copied().filter(|e| part.entries[*e].retired == retired).collect();
            if side.len() >= 2 {
                let h = 1 + rng.below(side.len() - 1);
                let o = rng.below(h);
                return Some(((s, p, side[h]), Some((s, p, side[o]))));
            }
        }
    }
    None
}

/// A free row of another union, on the same kind of sheet as `host`.
fn other_union_row(subs: &[Submission], host: Loc, rng: &mut Rng) -> Option<Loc> {
    let h = &subs[host.0].parts[host.1].entries[host.2];
    let rows: Vec<Loc> = subs
        .iter()
        .enumerate()
        .flat_map(|(s, sub)| sub.parts.iter().enumerate().map(move |(p, part)| (s, p, part)))
        .flat_map(|(s, p, part)| part.entries.iter().enumerate().map(move |(e, entry)| ((s, p, e), entry)))
        .filter(|(_, e)| e.union != h.union && !e.tainted && e.retired == h.retired)
        .map(|(loc, _)| loc)
        .collect();
    (!rows.is_empty()).then(|| rows[rng.below(rows.len())])
}

fn entry_mut(subs: &mut [Submission], loc: Loc) -> &mut Entry {
    &mut subs[loc.0].parts[loc.1].entries[loc.2]
}

/// Plants the defect on `host` (copying `source` for duplicates).
fn apply(
    defect: Defect,
    subs: &mut [Submission],
    host: Loc,
    source: Option<Loc>,
    rng: &mut Rng,
    registry: &mut Registry,
) {
    let layout = subs[host.0].layout;
    let Some(src) = source else {
        return row_defect(defect, entry_mut(subs, host), layout, rng, registry);
    };
    if matches!(defect, Defect::Couple | Defect::SpouseFiledElsewhere) {
        let (a, b) = (entry_mut(subs, host).clone(), entry_mut(subs, src).clone());
        let (host_entry, partner_entry) = household::pair(defect == Defect::Couple, a, b);
        *entry_mut(subs, host) = host_entry;
        *entry_mut(subs, src) = partner_entry;
        return;
    }
    let original = subs[src.0].parts[src.1].entries[src.2].clone();
    let host_uid = entry_mut(subs, host).uid;
    let (code, column, note) = pair_finding(defect);
    let src_entry = entry_mut(subs, src);
    src_entry.tainted = true;
    // The original is reported too, except the row a duplicate is merged into.
    if defect != Defect::SameUnionDuplicate {
        src_entry.mark_at(code, column, note.into(), Some(host_uid), Place::Record);
    }
    copy_defect(defect, entry_mut(subs, host), &original, rng);
    entry_mut(subs, host).mark_at(code, column, note.into(), Some(original.uid), Place::Record);
}

/// The finding a pair of rows gets: code, column, note.
fn pair_finding(defect: Defect) -> (&'static str, &'static str, &'static str) {
    match defect {
        Defect::NoIdTwin => ("W209", "身份证号", "两行姓名、出生日期、工作单位相同，其中一行未填身份证号"),
        Defect::SameUnionDuplicate => ("W210", "身份证号", "同一工会重复登记"),
        Defect::TwoUnions => ("W211", "身份证号", "同一人在两个工会登记（一人多档）"),
        _ => ("E120", "姓名", "与另一行身份证号相同而姓名不同"),
    }
}

/// The host of a duplicate or conflict becomes a copy of `original`.
fn copy_defect(defect: Defect, host: &mut Entry, original: &Entry, rng: &mut Rng) {
    let own = host.person.clone();
    host.person = original.person.clone();
    match defect {
        Defect::NoIdTwin => {
            host.set(Field::Id, Value::Blank);
            host.mark("E101", "身份证号", "身份证号为空".into(), None);
        }
        Defect::SameUnionDuplicate => {}
        Defect::TwoUnions => keep_own_registration(&mut host.person, &own),
        _ => {
            keep_own_registration(&mut host.person, &own);
            host.person.name = other_name(rng, &host.person);
        }
    }
}

/// A worker registered again by another union keeps that union's unit, phone,
/// address and filing date.
fn keep_own_registration(person: &mut Person, own: &Person) {
    person.unit = own.unit.clone();
    person.phone = own.phone.clone();
    person.address = own.address.clone();
    person.filed_on = own.filed_on;
    person.bank_card = own.bank_card.clone();
}

fn other_name(rng: &mut Rng, person: &Person) -> String {
    loop {
        let name = chinese_name(rng, person.sex);
        if name != person.name {
            return name;
        }
    }
}

/// The defects of a single row.
fn row_defect(defect: Defect, e: &mut Entry, layout: Layout, rng: &mut Rng, registry: &mut Registry) {
    match defect {
        Defect::MissingId | Defect::ShortId | Defect::BadCheck | Defect::ImpossibleBirth | Defect::NumericId => {
            id_defect(defect, e)
        }
        Defect::UnknownRegion | Defect::ImplausibleAge | Defect::OldId => {
            person_defect(defect, e, layout, rng, registry)
        }
        _ => value_defect(defect, e, rng),
    }
}

/// E101–E105: the ID cell is wrong.
fn id_defect(defect: Defect, e: &mut Entry) {
    let id = e.person.id.clone();
    let body = &id[..17];
    let (code, value, note) = match defect {
        Defect::MissingId => ("E101", Value::Blank, "身份证号为空".to_string()),
        Defect::ShortId => ("E102", Value::Text(body.to_string()), "身份证号只有17位".to_string()),
        Defect::BadCheck => {
            let wrong = idcard::wrong_check(body);
            let note = format!("校验码应为{}，填成了{wrong}", &id[17..]);
            ("E103", Value::Text(format!("{body}{wrong}")), note)
        }
        Defect::ImpossibleBirth => {
            let bad = idcard::with_check(&format!("{}{}0230{}", &id[..6], &id[6..10], &id[14..17]));
            e.set(Field::BirthDate, Value::Blank);
            ("E104", Value::Text(bad), format!("身份证号中的出生日期{}年2月30日不存在", &id[6..10]))
        }
        _ => {
            let kept = format!("{}000", &id[..15]).parse().unwrap_or(0.0);
            ("E105", Value::Number(kept), format!("身份证号被存成数值，末三位已丢失（原为{id}）"))
        }
    };
    e.set(Field::Id, value);
    e.mark(code, "身份证号", note, None);
}

/// W201, W206, W208: the person is changed and gets a matching ID.
fn person_defect(defect: Defect, e: &mut Entry, layout: Layout, rng: &mut Rng, registry: &mut Registry) {
    let p = &mut e.person;
    match defect {
        Defect::UnknownRegion => {
            p.region = UNKNOWN_REGION;
            p.reissue_id(rng, registry);
            e.mark("W201", "身份证号", format!("行政区划代码{UNKNOWN_REGION}不存在"), None);
        }
        Defect::ImplausibleAge => {
            p.birth = Date::random_between(rng, Date::new(1955, 1, 1), Date::new(1958, 12, 31));
            p.status = &ON_DUTY;
            p.reissue_id(rng, registry);
            let note = format!("在岗职工，按身份证号年龄{}岁", p.birth.age_on(PERIOD_END));
            e.mark("W206", "身份", note, None);
        }
        _ => {
            p.birth = Date::random_between(rng, Date::new(1967, 1, 1), Date::new(1976, 11, 30));
            p.region = old_region(rng, p.region);
            p.reissue_id15(rng, registry);
            if layout == Layout::Biff {
                let number = p.id.parse().unwrap_or(0.0);
                e.set(Field::Id, Value::Number(number));
            }
            let note = format!("15位身份证号{}", e.person.id);
            e.mark("W208", "身份证号", note, None);
        }
    }
}

/// A region code that existed before 1999, with the same 低保线 as `region`.
fn old_region(rng: &mut Rng, region: &'static str) -> &'static str {
    let same_line: Vec<&'static str> =
        tables::REGIONS.iter().filter(|r| r.old && dibao_line(r.code) == dibao_line(region)).map(|r| r.code).collect();
    if same_line.is_empty() {
        region
    } else {
        same_line[rng.below(same_line.len())]
    }
}

/// E110–E114 and W202–W205, W207, W212, W213: one value is wrong.
fn value_defect(defect: Defect, e: &mut Entry, rng: &mut Rng) {
    let p = e.person.clone();
    let (code, field, value, note) = match defect {
        Defect::MissingUnit => ("E110", Field::Employer, Value::Blank, "工作单位为空".to_string()),
        Defect::BadFamilySize => ("E111", Field::FamilySize, Value::Number(0.0), "家庭人口填为0".into()),
        Defect::BadIncome => {
            ("E112", Field::FamilyIncome, Value::Text("不详".into()), "家庭年度总收入填为“不详”".into())
        }
        Defect::UnknownTier => ("E113", Field::Tier, Value::Text("待定".into()), "困难类别“待定”不在词表中".into()),
        Defect::UnknownStatus => {
            ("E114", Field::Status, Value::Text("个体经营".into()), "身份“个体经营”不在词表中".into())
        }
        Defect::WrongSex => {
            let note = format!("身份证号为{}性，性别填为{}", p.sex.label(), p.sex.other().label());
            ("W202", Field::Sex, Value::Text(p.sex.other().label().into()), note)
        }
        Defect::WrongBirth => {
            let wrong = p.birth.plus_days(-400);
            ("W203", Field::BirthDate, Value::Date(wrong), format!("身份证号中的出生日期为{}", p.birth.ymd8()))
        }
        Defect::WrongPerCapita => {
            let note = format!("应为{:.2}（家庭年度总收入÷12÷家庭人口）", p.per_capita());
            ("W204", Field::PerCapitaIncome, Value::Number(p.per_capita() + 150.0), note)
        }
        Defect::TierMismatch => return tier_mismatch(e, rng),
        Defect::AboveLines | Defect::AccidentSmallRigid | Defect::AccidentNoRigid => {
            return household::above_lines(defect == Defect::AboveLines, defect == Defect::AccidentNoRigid, e, rng)
        }
        Defect::ReviewDue | Defect::NeverReviewed => return household::review_due(defect == Defect::ReviewDue, e, rng),
        Defect::BadPhone => ("W207", Field::Phone, Value::Text(p.phone[..10].to_string()), "联系电话只有10位".into()),
        Defect::VagueCause => {
            e.set(Field::SecondaryCause, Value::Blank);
            ("W212", Field::PrimaryCause, Value::Text("情况特殊".into()), "致困原因“情况特殊”无法归类".into())
        }
        _ => (
            "W213",
            Field::FiledDate,
            Value::Date(Date::new(2026, 12, 15)),
            "建档日期晚于报告期末2026年11月30日".into(),
        ),
    };
    e.set(field, value);
    e.mark(code, field.canonical(), note, None);
}

/// W205 and W215: declared 低保户, income well above the 低保 edge.
fn tier_mismatch(e: &mut Entry, rng: &mut Rng) {
    e.person.tier = 0;
    e.person.make_well_off(rng);
    let note = format!(
        "申报低保户，家庭月人均收入{:.2}元高于低保线{:.0}元的1.5倍",
        e.person.per_capita(),
        dibao_line(e.person.region)
    );
    e.mark("W205", "困难类别", note, None);
    let note = "家庭月人均收入超出各档标准：拟脱困复核".to_string();
    e.mark("W215", "困难类别", note, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layouts::Part;
    use crate::people::{person, Household};

    fn subs() -> Vec<Submission> {
        let mut rng = Rng::new(4);
        let mut registry = Registry::default();
        let units = vec!["豫丰纺织有限公司".to_string()];
        let mut uid = 0;
        let mut part = |union: usize, n: usize| {
            let household = Household { units: &units, retired: false };
            let entries = (0..n)
                .map(|_| {
                    uid += 1;
                    Entry::new(uid, union, person(&mut rng, &household, &mut registry), false)
                })
                .collect();
            Part { union, entries }
        };
        let layouts = [Layout::Titled, Layout::Biff, Layout::GbkCsv, Layout::TwoRowHeader];
        let mut subs: Vec<Submission> = layouts
            .iter()
            .enumerate()
            .map(|(i, l)| Submission { layout: *l, month: 11, supplement: false, parts: vec![part(i, 20)] })
            .collect();
        let entries = subs.iter_mut().flat_map(|s| &mut s.parts).flat_map(|p| &mut p.entries);
        crate::family::furnish(entries, 4, &mut registry);
        subs
    }

    fn marks(subs: &[Submission]) -> Vec<&'static str> {
        let mut codes: Vec<&str> = subs
            .iter()
            .flat_map(|s| &s.parts)
            .flat_map(|p| &p.entries)
            .flat_map(|e| e.marks.iter().map(|m| m.code))
            .collect();
        codes.sort_unstable();
        codes
    }

    #[test]
    fn every_code_is_planted() {
        let mut s = subs();
        plant(&mut s, &mut Rng::new(1), &mut Registry::default()).expect("room enough");
        let codes = marks(&s);
        for code in [
            "E101", "E102", "E103", "E104", "E105", "E110", "E111", "E112", "E113", "E114", "E120", "W201", "W202",
            "W203", "W204", "W205", "W206", "W207", "W208", "W209", "W210", "W211", "W212", "W213",
        ] {
            assert!(codes.contains(&code), "{code} missing");
        }
        for pair in ["E120", "W209", "W211"] {
            assert_eq!(codes.iter().filter(|c| **c == pair).count(), 2, "{pair} on both rows");
        }
        assert_eq!(codes.iter().filter(|c| **c == "W210").count(), 1);
    }

    #[test]
    fn numeric_ids_only_in_the_biff_file() {
        let mut s = subs();
        plant(&mut s, &mut Rng::new(2), &mut Registry::default()).expect("room enough");
        for sub in &s {
            for e in sub.parts.iter().flat_map(|p| &p.entries) {
                let numeric = e.overrides.iter().any(|(f, v)| *f == Field::Id && matches!(v, Value::Number(_)));
                assert!(!numeric || sub.layout == Layout::Biff);
            }
        }
    }

    #[test]
    fn too_few_rows_is_an_error() {
        let mut s = subs();
        for sub in &mut s {
            sub.parts[0].entries.truncate(2);
        }
        assert!(plant(&mut s, &mut Rng::new(3), &mut Registry::default()).is_err());
    }

    #[test]
    fn impossible_birth_keeps_a_right_check_digit() {
        let mut s = subs();
        let e = &mut s[0].parts[0].entries[0];
        id_defect(Defect::ImpossibleBirth, e);
        let id = e.overrides.iter().find_map(|(f, v)| match (f, v) {
            (Field::Id, Value::Text(t)) => Some(t.clone()),
            _ => None,
        });
        let id = id.unwrap_or_default();
        assert_eq!(&id[10..14], "0230");
        assert_eq!(crate::idcard::check_char(&id[..17]).map(String::from).as_deref(), Some(&id[17..]));
    }
}
