//! The canonical columns (SPEC §2) and their aliases.
//!
//! The aliases are data (`data/columns.toml`, compiled in) extended by `[aliases]` in
//! `bangfu.toml`. This module only names columns and recognises header text; it does not
//! read cells.

use std::collections::HashMap;

use crate::text::header_key;

/// A canonical column, named as in the SPEC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 序号 — row number printed by the clerk, never data
    SerialNo,
    /// 姓名
    Name,
    /// 身份证号
    Id,
    /// 性别
    Sex,
    /// 民族
    Ethnicity,
    /// 出生日期
    BirthDate,
    /// 政治面貌
    Politics,
    /// 工作单位
    Employer,
    /// 基层工会 — the grassroots union
    Union,
    /// 身份 — employment status
    Status,
    /// 困难类别 — declared hardship tier
    Tier,
    /// 健康状况
    Health,
    /// 残疾类别
    Disability,
    /// 劳模类型
    ModelWorker,
    /// 是否单亲
    SingleParent,
    /// 家庭人口
    FamilySize,
    /// 本人月平均收入
    OwnIncome,
    /// 家庭年度总收入
    FamilyIncome,
    /// 家庭月人均收入
    PerCapitaIncome,
    /// 主要致困原因
    PrimaryCause,
    /// 次要致困原因
    SecondaryCause,
    /// 联系电话
    Phone,
    /// 家庭住址
    Address,
    /// 建档日期
    FiledDate,
    /// 脱困日期
    ExitDate,
    /// 复核日期 — the last yearly review
    ReviewDate,
    /// 家庭年度刚性支出 — the year's medical, schooling or disaster costs
    RigidSpending,
    /// 配偶姓名
    SpouseName,
    /// 配偶身份证号 — a family member's ID
    SpouseId,
    /// 子女身份证号 — the children's IDs (a cell may hold several)
    ChildId,
    /// 父母身份证号 — the parents' IDs (a cell may hold several)
    ParentId,
    /// 银行卡号 — sensitive: always masked to the last 4 digits
    BankCard,
    /// 开户行
    Bank,
    /// 帮扶类型 — kind of aid
    AidKind,
    /// 金额 — amount of aid, 元
    Amount,
    /// 发放日期
    PaidDate,
    /// 资金来源
    FundSource,
    /// 备注
    Remark,
    /// 职工总数 — workforce of a unit
    Workforce,
    /// 上级工会 — the upper-level union
    ParentUnion,
}

impl Field {
    /// Every field, in the order of the SPEC.
    pub const ALL: [Field; 40] = [
        Field::SerialNo,
        Field::Name,
        Field::Id,
        Field::Sex,
        Field::Ethnicity,
        Field::BirthDate,
        Field::Politics,
        Field::Employer,
        Field::Union,
        Field::Status,
        Field::Tier,
        Field::Health,
        Field::Disability,
        Field::ModelWorker,
        Field::SingleParent,
        Field::FamilySize,
        Field::OwnIncome,
        Field::FamilyIncome,
        Field::PerCapitaIncome,
        Field::PrimaryCause,
        Field::SecondaryCause,
        Field::Phone,
        Field::Address,
        Field::FiledDate,
        Field::ExitDate,
        Field::ReviewDate,
        Field::RigidSpending,
        Field::SpouseName,
        Field::SpouseId,
        Field::ChildId,
        Field::ParentId,
        Field::BankCard,
        Field::Bank,
        Field::AidKind,
        Field::Amount,
        Field::PaidDate,
        Field::FundSource,
        Field::Remark,
        Field::Workforce,
        Field::ParentUnion,
    ];

    /// The canonical Chinese name, as in the SPEC and the outputs.
    pub fn canonical(self) -> &'static str {
        match self {
            Field::SerialNo => "序号",
            Field::Name => "姓名",
            Field::Id => "身份证号",
            Field::Sex => "性别",
            Field::Ethnicity => "民族",
            Field::BirthDate => "出生日期",
            Field::Politics => "政治面貌",
            Field::Employer => "工作单位",
            Field::Union => "基层工会",
            Field::Status => "身份",
            Field::Tier => "困难类别",
            Field::Health => "健康状况",
            Field::Disability => "残疾类别",
            Field::ModelWorker => "劳模类型",
            Field::SingleParent => "是否单亲",
            Field::FamilySize => "家庭人口",
            Field::OwnIncome => "本人月平均收入",
            Field::FamilyIncome => "家庭年度总收入",
            Field::PerCapitaIncome => "家庭月人均收入",
            Field::PrimaryCause => "主要致困原因",
            Field::SecondaryCause => "次要致困原因",
            Field::Phone => "联系电话",
            Field::Address => "家庭住址",
            Field::FiledDate => "建档日期",
            Field::ExitDate => "脱困日期",
            Field::ReviewDate => "复核日期",
            Field::RigidSpending => "家庭年度刚性支出",
            Field::SpouseName => "配偶姓名",
            Field::SpouseId => "配偶身份证号",
            Field::ChildId => "子女身份证号",
            Field::ParentId => "父母身份证号",
            Field::BankCard => "银行卡号",
            Field::Bank => "开户行",
            Field::AidKind => "帮扶类型",
            Field::Amount => "金额",
            Field::PaidDate => "发放日期",
            Field::FundSource => "资金来源",
            Field::Remark => "备注",
            Field::Workforce => "职工总数",
            Field::ParentUnion => "上级工会",
        }
    }

    /// The field whose canonical name this is.
    pub fn from_canonical(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.canonical() == name)
    }
}

const BUILT_IN: &str = include_str!("data/columns.toml");

/// Header text → field, after normalisation with [`header_key`].
#[derive(Debug, Clone)]
pub struct Aliases {
    by_key: HashMap<String, Field>,
    /// Aliases of four characters or more, longest first: a header may end with one.
    suffixes: Vec<(String, Field)>,
}

/// Header cells are short; longer text is data, never looked up.
const LONGEST_HEADER: usize = 40;

/// An `[aliases]` key that names no canonical column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownColumn(pub String);

impl Aliases {
    /// The built-in aliases plus `extra` (canonical name → more aliases).
    pub fn new<'a>(extra: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>) -> Result<Aliases, UnknownColumn> {
        let mut aliases = Aliases::built_in();
        for (canonical, names) in extra {
            let field = Field::from_canonical(canonical).ok_or_else(|| UnknownColumn(canonical.clone()))?;
            for name in names {
                aliases.by_key.insert(header_key(name).into_owned(), field);
            }
        }
        Ok(Aliases::indexed(aliases.by_key))
    }

    /// The aliases compiled into bangfu.
    pub fn built_in() -> Aliases {
        let groups: HashMap<String, HashMap<String, Vec<String>>> = toml::from_str(BUILT_IN).unwrap_or_default();
        let mut by_key = HashMap::new();
        for (canonical, names) in groups.values().flatten() {
            if let Some(field) = Field::from_canonical(canonical) {
                by_key.insert(header_key(canonical).into_owned(), field);
                for name in names {
                    by_key.insert(header_key(name).into_owned(), field);
                }
            }
        }
        Aliases::indexed(by_key)
    }

    fn indexed(by_key: HashMap<String, Field>) -> Aliases {
        let mut suffixes: Vec<(String, Field)> =
            by_key.iter().filter(|(alias, _)| alias.chars().count() >= 4).map(|(a, f)| (a.clone(), *f)).collect();
        suffixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Aliases { by_key, suffixes }
    }

    /// The field a header cell names, if any. Tries the text as written, then without
    /// a bracketed remark (`金额(元)`, `身份证号码(18位)`), then the longest alias the
    /// text ends with (`困难职工身份证号码`).
    pub fn field_of(&self, header: &str) -> Option<Field> {
        if header.is_empty() || header.len() > LONGEST_HEADER * 4 {
            return None;
        }
        let key = header_key(header);
        if let Some(field) = self.by_key.get(&*key) {
            return Some(*field);
        }
        let bare = strip_remark(&key);
        if let Some(field) = self.by_key.get(bare) {
            return Some(*field);
        }
        self.by_suffix(bare)
    }

    fn by_suffix(&self, key: &str) -> Option<Field> {
        self.suffixes.iter().find(|(alias, _)| key.ends_with(alias.as_str())).map(|(_, field)| *field)
    }
}

/// `金额(元)` → `金额`: drops a bracketed remark at the end or the start.
fn strip_remark(key: &str) -> &str {
    let trimmed = match key.rfind('(') {
        Some(open) if key.ends_with(')') && open > 0 => &key[..open],
        _ => key,
    };
    match trimmed.find(')') {
        Some(close) if trimmed.starts_with('(') => &trimmed[close + 1..],
        _ => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_aliases_name_only_known_columns() {
        let groups: HashMap<String, HashMap<String, Vec<String>>> =
            toml::from_str(BUILT_IN).expect("columns.toml parses");
        for canonical in groups.values().flat_map(|g| g.keys()) {
            assert!(Field::from_canonical(canonical).is_some(), "{canonical}");
        }
    }

    #[test]
    fn messy_headers_are_recognised() {
        let aliases = Aliases::built_in();
        for (text, field) in [
            ("身份证\n号码", Field::Id),
            ("姓  名", Field::Name),
            ("＊姓名", Field::Name),
            ("金额（元）", Field::Amount),
            ("身份证号码(18位)", Field::Id),
            ("困难职工身份证号码", Field::Id),
            ("家庭人均月收入（元）", Field::PerCapitaIncome),
            ("所属工会", Field::Union),
            ("职工人数", Field::Workforce),
            ("子女身份证号码", Field::ChildId),
            ("父母身份证号", Field::ParentId),
            ("配偶身份证号码", Field::SpouseId),
        ] {
            assert_eq!(aliases.field_of(text), Some(field), "{text:?}");
        }
        assert_eq!(aliases.field_of("银行卡号"), Some(Field::BankCard));
        assert_eq!(aliases.field_of("备用电邮"), None);
        assert_eq!(aliases.field_of(""), None);
    }

    #[test]
    fn configured_aliases_extend_and_unknown_columns_are_refused() {
        let extra = [("身份证号".to_string(), vec!["身份证件号".to_string()])];
        let aliases = Aliases::new(extra.iter().map(|(k, v)| (k, v))).expect("known column");
        assert_eq!(aliases.field_of("身份证件号"), Some(Field::Id));
        let bad = [("身分证".to_string(), vec![])];
        let err = Aliases::new(bad.iter().map(|(k, v)| (k, v))).unwrap_err();
        assert_eq!(err, UnknownColumn("身分证".into()));
    }
}
