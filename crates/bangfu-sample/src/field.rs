//! The canonical roster columns (SPEC §2) the sample writes, each with its
//! canonical Chinese name — the name a planted defect gives as its column.
//!
//! A copy of the columns the generator needs, not bangfu's own list: the sample
//! stands alone so that it can check the program from outside. The names must stay
//! the SPEC's, the ones bangfu reports.

/// A canonical column of a roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
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
    /// 复核日期 — the last yearly review
    ReviewDate,
    /// 家庭年度刚性支出 — the year's medical, schooling or disaster costs
    RigidSpending,
    /// 配偶姓名
    SpouseName,
    /// 配偶身份证号
    SpouseId,
    /// 子女身份证号 (several joined by 、)
    ChildId,
    /// 备注
    Remark,
}

impl Field {
    /// The canonical Chinese name, as in the SPEC and bangfu's outputs.
    pub fn canonical(self) -> &'static str {
        match self {
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
            Field::ReviewDate => "复核日期",
            Field::RigidSpending => "家庭年度刚性支出",
            Field::SpouseName => "配偶姓名",
            Field::SpouseId => "配偶身份证号",
            Field::ChildId => "子女身份证号",
            Field::Remark => "备注",
        }
    }
}
