//! The planted defects of today's tier rules (SPEC §4, §5a): households above every
//! line (W215, with W205), files due for their yearly review (W217), one household filed
//! twice (W216) — and the declared 意外致困 without 刚性支出 that must draw no finding.

use super::{Loc, Submission};
use crate::config::dibao_line;
use crate::date::{Date, PERIOD_END};
use crate::field::Field;
use crate::layouts::Layout;
use crate::people::{Person, Relative, Sex};
use crate::render::{Entry, Place, Value};
use crate::rng::Rng;

/// A free row of another union, of the other sex, married (family of two or more): for
/// a `couple`, in a table with a 配偶身份证号 column and a spouse of its own (the two will
/// name each other); else a roster row without family-member columns (only the form
/// names it).
pub fn partner(couple: bool, subs: &[Submission], host: Loc, rng: &mut Rng) -> Option<Loc> {
    let h = &subs[host.0].parts[host.1].entries[host.2];
    let fits = |layout: Layout, e: &Entry| {
        let p = &e.person;
        let names_family = layout.has(Field::SpouseId) || layout.has(Field::ChildId);
        let form = matches!(layout, Layout::FormFolder | Layout::FormBook);
        e.union != h.union
            && !e.tainted
            && p.sex != h.person.sex
            && p.family_size >= 2
            && !p.single_parent
            && if couple { names_family && p.family.spouse.is_some() } else { !names_family && !form }
    };
    let rows: Vec<Loc> = subs
        .iter()
        .enumerate()
        .flat_map(|(s, sub)| sub.parts.iter().enumerate().map(move |(p, part)| (s, sub.layout, p, part)))
        .flat_map(|(s, layout, p, part)| {
            part.entries.iter().enumerate().map(move |(e, entry)| ((s, p, e), layout, entry))
        })
        .filter(|(_, layout, e)| fits(*layout, e))
        .map(|(loc, _, _)| loc)
        .collect();
    (!rows.is_empty()).then(|| rows[rng.below(rows.len())])
}

/// `host` and `partner` made one household filed twice: the host's spouse is the
/// partner; for a `couple` the partner's spouse is the host too.
pub fn pair(couple: bool, mut host: Entry, mut partner: Entry) -> (Entry, Entry) {
    host.person.family.spouse = Some(as_spouse(&partner.person));
    if couple {
        partner.person.family.spouse = Some(as_spouse(&host.person));
        let note =
            |other: &Entry| format!("配偶身份证号为另一工会登记的困难职工{}的身份证号：一户多档", other.person.name);
        let (to_host, to_partner) = (note(&partner), note(&host));
        host.mark("W216", Field::SpouseId.canonical(), to_host, Some(partner.uid));
        partner.mark("W216", Field::SpouseId.canonical(), to_partner, Some(host.uid));
    } else {
        let note = format!("家庭成员表中配偶{}是另一工会登记的困难职工：一户多档", partner.person.name);
        host.mark_at("W216", Field::Id.canonical(), note, Some(partner.uid), Place::Member(0));
        let note = format!("本人是另一工会登记表上{}的配偶：一户多档", host.person.name);
        partner.mark("W216", Field::Id.canonical(), note, Some(host.uid));
    }
    (host, partner)
}

/// The person as the spouse of a registered worker.
fn as_spouse(p: &Person) -> Relative {
    let relation = if p.sex == Sex::Male { "丈夫" } else { "妻子" };
    Relative { relation, name: p.name.clone(), sex: p.sex, birth: p.birth, id: p.id.clone(), health: p.health }
}

/// W205 and W215 (a declared 低保边缘户 well off, or an accident whose rigid spending
/// is small), or nothing at all when an accident's rigid spending is left empty.
pub fn above_lines(edge: bool, without_rigid: bool, e: &mut Entry, rng: &mut Rng) {
    if without_rigid {
        e.set(Field::RigidSpending, Value::Blank);
        e.tainted = true;
        return;
    }
    let what = if edge {
        e.person.make_well_off(rng);
        "申报低保边缘户（相对困难）"
    } else {
        e.person.family.rigid = 300.0;
        "申报意外致困，刚性支出仅300元"
    };
    let p = &e.person;
    let line = dibao_line(p.region);
    let note = format!("{what}，家庭月人均收入{:.2}元高于低保线{line:.0}元的1.5倍", p.per_capita());
    e.mark("W205", "困难类别", note, None);
    e.mark("W215", "困难类别", "家庭月人均收入超出各档标准：拟脱困复核".into(), None);
}

/// W217: reviewed last more than 12 months before the period end, or (never reviewed)
/// filed then.
pub fn review_due(reviewed: bool, e: &mut Entry, rng: &mut Rng) {
    let due_before = Date::new(PERIOD_END.year - 1, PERIOD_END.month, PERIOD_END.day);
    let note = if reviewed {
        let from = e.person.filed_on.max(Date::new(2024, 6, 1));
        let day = Date::random_between(rng, from, due_before.plus_days(-30));
        e.set(Field::ReviewDate, Value::Date(day));
        format!("上次复核于{}，距报告期末已超过12个月", day.ymd8())
    } else {
        e.set(Field::ReviewDate, Value::Blank);
        format!("未填复核日期，建档于{}，距报告期末已超过12个月", e.person.filed_on.ymd8())
    };
    e.mark("W217", Field::ReviewDate.canonical(), note, None);
}
