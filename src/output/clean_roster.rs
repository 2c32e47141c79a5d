//! The clean roster's columns, defined once for its two writers: roster.xlsx (masked, for
//! people) and the archive's roster.parquet (full, the system of record). Each column
//! says what it holds and how a worker's value in it is found; the key columns come first
//! (they are what roster.xlsx prints).

use compact_str::CompactString;

use super::book::Kind;
use crate::classify;
use crate::columns::Field;
use crate::config::DibaoConfig;
use crate::history::schema::CHAIN_SEPARATOR;
use crate::ingest::grid::Cell;
use crate::normalize::date::{Day, Ymd};
use crate::rows::{Standing, Worker};

/// One accepted worker with what the roster shows beside them.
pub struct RosterRow<'a> {
    /// The worker.
    pub worker: &'a Worker,
    /// Registered by two or more unions (一人多档).
    pub several_unions: bool,
    /// The codes of the row's warnings, joined.
    pub warnings: String,
    /// The reporting ladder.
    pub ladder: &'a [String; 3],
    /// 填报单位 of this run (empty when not configured): the top of every row's chain.
    pub unit: &'a str,
    /// The lines the tiers were computed from (for the words of the rule).
    pub dibao: &'a DibaoConfig,
}

/// A value of the clean roster, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(CompactString),
    /// A number.
    Number(f64),
    /// A date.
    Date(Ymd),
}

/// What a column holds and where it goes.
#[derive(Debug, Clone, Copy)]
pub struct RosterColumn {
    /// The header.
    pub header: &'static str,
    /// The canonical field whose values it shows (for masking), if any.
    pub field: Option<Field>,
    /// How roster.xlsx formats it, and its width there.
    pub kind: Kind,
    /// Width in roster.xlsx.
    pub width: f64,
    /// Only in roster.xlsx, not archived.
    pub sheet_only: bool,
    value: fn(&RosterRow) -> Value,
}

const fn column(
    header: &'static str,
    field: Option<Field>,
    kind: Kind,
    width: f64,
    value: fn(&RosterRow) -> Value,
) -> RosterColumn {
    RosterColumn { header, field, kind, width, sheet_only: false, value }
}

const fn sheet_only(header: &'static str, kind: Kind, width: f64, value: fn(&RosterRow) -> Value) -> RosterColumn {
    RosterColumn { header, field: None, kind, width, sheet_only: true, value }
}

impl RosterColumn {
    /// The worker's value in this column.
    pub fn value(&self, row: &RosterRow) -> Value {
        (self.value)(row)
    }
}

/// The key columns: printed in roster.xlsx after its 序号.
pub const KEY_COLUMNS: usize = 8;

/// Every column, the key ones first.
pub const COLUMNS: [RosterColumn; 50] = [
    column("姓名", Some(Field::Name), Kind::Text, 9.0, |r| text(&r.worker.name)),
    column("身份证号", Some(Field::Id), Kind::Text, 20.0, |r| text(r.worker.id_number().unwrap_or_default())),
    column("基层工会", Some(Field::Union), Kind::Wrap, 20.0, |r| text(r.worker.union())),
    column("困难类别", Some(Field::Tier), Kind::Text, 9.0, |r| opt(r.worker.tier.as_deref())),
    column("致困原因", None, Kind::Wrap, 16.0, |r| {
        text(classify::label(r.worker.causes.primary).unwrap_or_default())
    }),
    column("家庭人口", Some(Field::FamilySize), Kind::Count, 6.0, |r| number(r.worker.family_size.map(f64::from))),
    column("人均收入", None, Kind::Money, 9.0, |r| number(r.worker.computed.as_ref().map(|c| cents(c.per_capita)))),
    sheet_only("来源", Kind::Wrap, 26.0, |r| text(&r.worker.origin().where_is())),
    column("申报困难类别", Some(Field::Tier), Kind::Text, 12.0, |r| written(r, Field::Tier)),
    column("测算类别", None, Kind::Text, 9.0, |r| opt(r.worker.computed.as_ref().map(|c| c.rung.label(r.ladder)))),
    column("低保线", None, Kind::Money, 8.0, |r| number(r.worker.computed.as_ref().map(|c| c.line.value))),
    column("测算依据", None, Kind::Wrap, 24.0, |r| opt(r.worker.tier_reason(r.dibao).as_deref())),
    column("性别", Some(Field::Sex), Kind::Text, 5.0, |r| written(r, Field::Sex)),
    column("出生日期", Some(Field::BirthDate), Kind::Date, 11.0, |r| date(r.worker.birth())),
    column("民族", Some(Field::Ethnicity), Kind::Text, 6.0, |r| written(r, Field::Ethnicity)),
    column("政治面貌", Some(Field::Politics), Kind::Text, 9.0, |r| written(r, Field::Politics)),
    column("工作单位", Some(Field::Employer), Kind::Wrap, 20.0, |r| written(r, Field::Employer)),
    column("身份", Some(Field::Status), Kind::Text, 9.0, |r| opt(r.worker.status.as_deref())),
    column("身份(原填)", Some(Field::Status), Kind::Text, 10.0, |r| written(r, Field::Status)),
    column("健康状况", Some(Field::Health), Kind::Wrap, 12.0, |r| written(r, Field::Health)),
    column("残疾类别", Some(Field::Disability), Kind::Text, 9.0, |r| written(r, Field::Disability)),
    column("劳模类型", Some(Field::ModelWorker), Kind::Text, 9.0, |r| written(r, Field::ModelWorker)),
    column("是否单亲", Some(Field::SingleParent), Kind::Text, 8.0, |r| written(r, Field::SingleParent)),
    column("本人月平均收入", Some(Field::OwnIncome), Kind::Money, 10.0, |r| money(r, Field::OwnIncome)),
    column("家庭年度总收入", Some(Field::FamilyIncome), Kind::Money, 10.0, |r| number(r.worker.family_income)),
    column("家庭月人均收入", Some(Field::PerCapitaIncome), Kind::Money, 10.0, |r| {
        number(r.worker.per_capita_stated)
    }),
    column("家庭年度刚性支出", Some(Field::RigidSpending), Kind::Money, 10.0, |r| {
        money(r, Field::RigidSpending)
    }),
    column("主要致困原因(原填)", Some(Field::PrimaryCause), Kind::Wrap, 22.0, |r| {
        written(r, Field::PrimaryCause)
    }),
    column("次要致困原因(原填)", Some(Field::SecondaryCause), Kind::Wrap, 18.0, |r| {
        written(r, Field::SecondaryCause)
    }),
    column("致困原因编码", None, Kind::Count, 8.0, |r| Value::Number(f64::from(r.worker.causes.primary))),
    column("次要致困原因编码", None, Kind::Text, 10.0, |r| text(&codes(&r.worker.causes.secondary))),
    column("归类依据", None, Kind::Wrap, 12.0, |r| text(&r.worker.causes.term)),
    column("患病", None, Kind::Text, 5.0, |r| flag(r.worker.ill())),
    column("单亲", None, Kind::Text, 5.0, |r| flag(r.worker.single_parent())),
    column("联系电话", Some(Field::Phone), Kind::Text, 13.0, |r| written(r, Field::Phone)),
    column("银行卡号", Some(Field::BankCard), Kind::Text, 20.0, |r| written(r, Field::BankCard)),
    column("开户行", Some(Field::Bank), Kind::Wrap, 14.0, |r| written(r, Field::Bank)),
    column("家庭住址", Some(Field::Address), Kind::Wrap, 24.0, |r| written(r, Field::Address)),
    column("配偶姓名", Some(Field::SpouseName), Kind::Text, 9.0, |r| written(r, Field::SpouseName)),
    column("配偶身份证号", Some(Field::SpouseId), Kind::Text, 20.0, |r| written(r, Field::SpouseId)),
    column("建档日期", Some(Field::FiledDate), Kind::Date, 11.0, |r| date(r.worker.filed.map(Day::ymd))),
    column("复核日期", Some(Field::ReviewDate), Kind::Date, 11.0, |r| written_date(r, Field::ReviewDate)),
    column("脱困日期", Some(Field::ExitDate), Kind::Date, 11.0, |r| date(r.worker.exited.map(Day::ymd))),
    column("一人多档", None, Kind::Text, 8.0, |r| flag(r.several_unions)),
    column("动态", None, Kind::Text, 6.0, |r| text(r.worker.standing.map_or("", Standing::label))),
    sheet_only("警告", Kind::Wrap, 14.0, |r| text(&r.warnings)),
    column("单位链", None, Kind::Wrap, 20.0, |r| text(&chain(r))),
    column("来源文件", None, Kind::Wrap, 24.0, |r| text(&r.worker.origin().file)),
    column("来源工作表", None, Kind::Text, 12.0, |r| text(&r.worker.origin().sheet)),
    column("来源行", None, Kind::Count, 7.0, |r| Value::Number(f64::from(r.worker.origin().row))),
];

fn text(value: &str) -> Value {
    if value.is_empty() {
        Value::Empty
    } else {
        Value::Text(value.into())
    }
}

fn opt(value: Option<&str>) -> Value {
    value.map_or(Value::Empty, text)
}

fn number(value: Option<f64>) -> Value {
    value.map_or(Value::Empty, Value::Number)
}

fn date(value: Option<Ymd>) -> Value {
    value.map_or(Value::Empty, Value::Date)
}

fn flag(yes: bool) -> Value {
    if yes {
        text("是")
    } else {
        Value::Empty
    }
}

fn cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// 单位链: this run's unit, then the units above the row's union as its package named
/// them, joined by /.
fn chain(row: &RosterRow) -> String {
    unit_chain(row.unit, row.worker)
}

/// A worker's chain of units as archived: `unit` (this run's), then the worker's own.
pub fn unit_chain(unit: &str, worker: &Worker) -> String {
    let units = std::iter::once(unit).chain(worker.chain.iter().map(|u| &**u));
    units.filter(|u| !u.is_empty()).collect::<Vec<_>>().join(CHAIN_SEPARATOR)
}

fn codes(codes: &[u8]) -> String {
    codes.iter().map(u8::to_string).collect::<Vec<_>>().join("、")
}

/// A cell as written, as text.
fn written(row: &RosterRow, field: Field) -> Value {
    match row.worker.text(field) {
        text if text.is_empty() => Value::Empty,
        text => Value::Text(text),
    }
}

/// A money cell as written, as a number when it is one.
fn money(row: &RosterRow, field: Field) -> Value {
    number(row.worker.written(field).and_then(crate::normalize::money::parse))
}

/// A date cell as written, as a date when it is one.
fn written_date(row: &RosterRow, field: Field) -> Value {
    date(row.worker.written(field).and_then(|c: &Cell| crate::normalize::date::parse(c)))
}
