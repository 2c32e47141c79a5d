//! From a registered worker to the cells of one roster row, the way one union
//! writes them: its tier vocabulary, its spelling of 身份, causes as numbers,
//! labels or free text, dates as text in some style or as Excel serials.
//!
//! A roster row is an [`Entry`]: the person, the values a planted defect puts
//! in place of the true ones, and the defects it carries (with the canonical
//! column each is about). Rendering never decides what is wrong; it only writes.

use super::date::{Date, DateStyle};
use super::field::Field;
use super::grid::Cell;
use super::people::Person;
use super::tables::{CAUSES, CAUSE_PHRASES, TIER_VOCABS};

/// A value before it is written in a layout's style.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(Date),
    Blank,
}

/// A planted defect on a row: the finding the program should report.
#[derive(Clone, Debug)]
pub struct Mark {
    pub code: &'static str,
    /// Canonical column name, or "" when the finding is about the whole row.
    pub column: &'static str,
    pub note: String,
    /// The row this one is a duplicate or conflict of (its `Entry::uid`).
    pub partner: Option<usize>,
    /// Which cell of a registration form the finding is at (a roster row has one row).
    pub place: Place,
}

/// Where on a registration form a planted finding points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The value of the mark's column.
    Value,
    /// The form's own row, its 身份证号 value: findings about the row as a whole
    /// (duplicates and conflicts).
    Record,
    /// The `k`-th row of the family-member table.
    Member(usize),
}

/// One roster row: a person as registered by one union.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Unique in the whole sample; also varies styles from row to row.
    pub uid: usize,
    /// Index of the grassroots union.
    pub union: usize,
    pub person: Person,
    /// Values written instead of the person's own (planted defects).
    pub overrides: Vec<(Field, Value)>,
    pub marks: Vec<Mark>,
    /// Involved in a planted defect: never reused for another one or the ledger.
    pub tainted: bool,
    /// Belongs on a sheet of retired workers.
    pub retired: bool,
}

impl Entry {
    pub fn new(uid: usize, union: usize, person: Person, retired: bool) -> Entry {
        Entry { uid, union, person, overrides: Vec::new(), marks: Vec::new(), tainted: false, retired }
    }

    /// Writes `value` in `field` instead of the true value.
    pub fn set(&mut self, field: Field, value: Value) {
        self.overrides.retain(|(f, _)| *f != field);
        self.overrides.push((field, value));
    }

    /// Records a planted defect and takes the row out of further use.
    pub fn mark(&mut self, code: &'static str, column: &'static str, note: String, partner: Option<usize>) {
        self.mark_at(code, column, note, partner, Place::Value);
    }

    /// Records a planted defect at a given place of a form.
    pub fn mark_at(
        &mut self,
        code: &'static str,
        column: &'static str,
        note: String,
        partner: Option<usize>,
        place: Place,
    ) {
        self.marks.push(Mark { code, column, note, partner, place });
        self.tainted = true;
    }

    /// Whether the row is free of planted defects.
    pub fn is_clean(&self) -> bool {
        self.marks.is_empty()
    }
}

/// How 致困原因 is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CauseStyle {
    /// 6
    Code,
    /// 6.患重特大疾病
    CodeLabel,
    /// 患重特大疾病
    Label,
    /// The clerk's own words when there are some (本人患尿毒症长期透析), else the label.
    Phrase,
}

/// How a date column is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateForm {
    Text(DateStyle),
    /// An Excel serial number (a number cell).
    Serial,
}

/// The writing habits of one union.
pub struct Style {
    /// Index into `TIER_VOCABS`.
    pub vocab: usize,
    /// Writes 下岗, 失业 … instead of 下(待)岗, 失(无)业 ….
    pub status_alias: bool,
    /// Cause styles, used in turn from row to row.
    pub causes: &'static [CauseStyle],
    /// Styles of 出生日期, in turn.
    pub birth: &'static [DateForm],
    /// Styles of 建档日期, in turn.
    pub filed: &'static [DateForm],
    /// 联系电话 typed as a number.
    pub phone_as_number: bool,
    /// Some IDs typed with full-width digits (４１０１０２…).
    pub fullwidth_ids: bool,
}

impl Style {
    /// The habits of a careful clerk, which each layout varies: the first tier
    /// vocabulary, canonical 身份, cause labels, ISO dates, phones and IDs as text.
    pub const PLAIN: Style = Style {
        vocab: 0,
        status_alias: false,
        causes: &[CauseStyle::Label],
        birth: &[DateForm::Text(DateStyle::Iso)],
        filed: &[DateForm::Text(DateStyle::Iso)],
        phone_as_number: false,
        fullwidth_ids: false,
    };

    /// The tier word of index `tier` in this union's vocabulary.
    pub fn tier_word(&self, tier: usize) -> &'static str {
        TIER_VOCABS[self.vocab % TIER_VOCABS.len()][tier % 3]
    }
}

/// The cell of `field` for `entry`; `None` for an empty cell.
pub fn cell(entry: &Entry, field: Field, style: &Style, union_name: &str) -> Option<Cell> {
    let value = match entry.overrides.iter().find(|(f, _)| *f == field) {
        Some((_, v)) => v.clone(),
        None => value(&entry.person, field, style, entry.uid, union_name),
    };
    let cell = match value {
        Value::Blank => return None,
        Value::Text(s) => Cell::Text(s),
        Value::Number(x) => Cell::Number(x),
        Value::Date(d) => date_cell(d, date_forms(field, style), entry.uid),
    };
    Some(match cell {
        Cell::Text(s) if field == Field::Id && style.fullwidth_ids && entry.uid % 5 == 2 => Cell::Text(fullwidth(&s)),
        other => other,
    })
}

fn date_forms(field: Field, style: &Style) -> &'static [DateForm] {
    if field == Field::BirthDate {
        style.birth
    } else {
        style.filed
    }
}

/// A date in the form used for row `uid`.
fn date_cell(date: Date, forms: &[DateForm], uid: usize) -> Cell {
    match forms.get(uid % forms.len().max(1)) {
        Some(DateForm::Serial) => Cell::Number(date.excel_serial()),
        Some(DateForm::Text(style)) => Cell::Text(date.format(*style)),
        None => Cell::Text(date.format(DateStyle::Iso)),
    }
}

/// The true value of `field` for `person`.
fn value(person: &Person, field: Field, style: &Style, uid: usize, union_name: &str) -> Value {
    let text = |s: &str| Value::Text(s.to_string());
    match field {
        Field::Name => text(&person.name),
        Field::Id => text(&person.id),
        Field::Sex => text(person.sex.label()),
        Field::Ethnicity => text(person.ethnicity),
        Field::BirthDate => Value::Date(person.birth),
        Field::Politics => text(person.politics),
        Field::Employer => text(&person.unit),
        Field::Union => text(union_name),
        Field::Status => text(if style.status_alias { person.status.alias } else { person.status.canonical }),
        Field::Tier => text(style.tier_word(person.tier)),
        Field::Health => text(person.health),
        Field::Disability if person.disability.is_empty() => Value::Blank,
        Field::Disability => text(person.disability),
        Field::ModelWorker => text("无"),
        Field::SingleParent => text(if person.single_parent { "是" } else { "否" }),
        Field::FamilySize => Value::Number(f64::from(person.family_size)),
        Field::OwnIncome => Value::Number(person.own_income),
        Field::FamilyIncome => Value::Number(person.family_income),
        Field::PerCapitaIncome => Value::Number(person.per_capita()),
        Field::PrimaryCause => text(&primary_cause(person, cause_style(style, uid))),
        Field::SecondaryCause => secondary_cause(person, cause_style(style, uid)),
        Field::Phone if style.phone_as_number => phone_number(&person.phone),
        Field::Phone => text(&person.phone),
        Field::Address => text(&person.address),
        Field::FiledDate => Value::Date(person.filed_on),
        Field::ReviewDate => person.family.reviewed.map_or(Value::Blank, Value::Date),
        Field::RigidSpending => Value::Number(person.family.rigid),
        Field::SpouseName => person.family.spouse.as_ref().map_or(Value::Blank, |s| text(&s.name)),
        Field::SpouseId => person.family.spouse.as_ref().map_or(Value::Blank, |s| text(&s.id)),
        Field::ChildId => match person.family.children_ids() {
            ids if ids.is_empty() => Value::Blank,
            ids => Value::Text(ids),
        },
        Field::Remark if person.single_parent => text("单亲家庭"),
        Field::Remark => Value::Blank,
    }
}

fn cause_style(style: &Style, uid: usize) -> CauseStyle {
    style.causes.get(uid % style.causes.len().max(1)).copied().unwrap_or(CauseStyle::Label)
}

/// A cause code written in `style` (the phrase style falls back to the label).
pub fn cause_text(code: u8, style: CauseStyle) -> String {
    let label = cause_label(code);
    match style {
        CauseStyle::Code => code.to_string(),
        CauseStyle::CodeLabel => format!("{code}.{label}"),
        CauseStyle::Label | CauseStyle::Phrase => label.to_string(),
    }
}

/// The standard label of a cause code (1–10); 其他 for any other number.
fn cause_label(code: u8) -> &'static str {
    usize::from(code).checked_sub(1).and_then(|i| CAUSES.get(i)).copied().unwrap_or("其他")
}

fn primary_cause(person: &Person, style: CauseStyle) -> String {
    match (style, person.cause.phrase) {
        (CauseStyle::Phrase, Some(phrase)) => phrase.to_string(),
        _ => cause_text(person.cause.primary, style),
    }
}

/// 次要致困原因: empty when the clerk's phrase already names it.
fn secondary_cause(person: &Person, style: CauseStyle) -> Value {
    let named_in_phrase = style == CauseStyle::Phrase
        && CAUSE_PHRASES.iter().any(|p| Some(p.text) == person.cause.phrase && p.secondary.is_some());
    match person.cause.secondary {
        Some(code) if !named_in_phrase => Value::Text(cause_text(code, style)),
        _ => Value::Blank,
    }
}

fn phone_number(phone: &str) -> Value {
    match phone.parse::<f64>() {
        Ok(x) => Value::Number(x),
        Err(_) => Value::Text(phone.to_string()),
    }
}

/// Digits and X in full width, as some input methods type them.
pub fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'X' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{person, Household, Registry};
    use crate::rng::Rng;

    const STYLE: Style = Style {
        vocab: 0,
        status_alias: true,
        causes: &[CauseStyle::CodeLabel],
        birth: &[DateForm::Serial],
        filed: &[DateForm::Text(DateStyle::Chinese)],
        phone_as_number: true,
        fullwidth_ids: true,
    };

    fn entry(uid: usize) -> Entry {
        let units = vec!["宏达建材有限公司".to_string()];
        let household = Household { units: &units, retired: false };
        let p = person(&mut Rng::new(9), &household, &mut Registry::default());
        Entry::new(uid, 0, p, false)
    }

    #[test]
    fn styles_shape_cells() {
        let e = entry(0);
        let p = &e.person;
        assert_eq!(cell(&e, Field::BirthDate, &STYLE, ""), Some(Cell::Number(p.birth.excel_serial())));
        assert_eq!(cell(&e, Field::FiledDate, &STYLE, ""), Some(Cell::Text(p.filed_on.format(DateStyle::Chinese))));
        assert!(matches!(cell(&e, Field::Phone, &STYLE, ""), Some(Cell::Number(_))));
        let cause = cell(&e, Field::PrimaryCause, &STYLE, "").map(|c| c.display()).unwrap_or_default();
        assert!(cause.starts_with(&format!("{}.", p.cause.primary)), "{cause}");
        assert_eq!(cell(&e, Field::Union, &STYLE, "宏达建材有限公司工会"), Some(Cell::text("宏达建材有限公司工会")));
    }

    #[test]
    fn overrides_win_and_blank_is_empty() {
        let mut e = entry(1);
        e.set(Field::Id, Value::Blank);
        e.set(Field::Tier, Value::Text("待定".into()));
        assert_eq!(cell(&e, Field::Id, &STYLE, ""), None);
        assert_eq!(cell(&e, Field::Tier, &STYLE, ""), Some(Cell::text("待定")));
    }

    #[test]
    fn some_ids_are_fullwidth() {
        let e = entry(2);
        let id = cell(&e, Field::Id, &STYLE, "").map(|c| c.display()).unwrap_or_default();
        assert!(id.starts_with('４'), "{id}");
        assert_eq!(fullwidth("41X"), "４１Ｘ");
    }

    #[test]
    fn cause_texts() {
        assert_eq!(cause_text(6, CauseStyle::Code), "6");
        assert_eq!(cause_text(6, CauseStyle::CodeLabel), "6.患重特大疾病");
        assert_eq!(cause_text(9, CauseStyle::Label), "子女上学");
        assert_eq!(cause_text(10, CauseStyle::Label), "其他");
        assert_eq!(cause_text(0, CauseStyle::CodeLabel), "0.其他");
    }
}
