//! The archive's layout (SPEC §7), shared by its reader here and its writer
//! ([`crate::output::archive`]): the folder, the files and the column names read back.

/// The archive folder inside a period's output folder.
pub const FOLDER: &str = "archive";
/// The clean roster.
pub const ROSTER: &str = "roster.parquet";
/// The accepted payments.
pub const LEDGER: &str = "ledger.parquet";
/// The workforce table.
pub const WORKFORCE: &str = "workforce.parquet";

/// 身份证号.
pub const ID: &str = "身份证号";
/// 姓名.
pub const NAME: &str = "姓名";
/// 基层工会.
pub const UNION: &str = "基层工会";
/// 困难类别.
pub const TIER: &str = "困难类别";
/// 家庭人口.
pub const FAMILY_SIZE: &str = "家庭人口";
/// 动态: 存量, 增量, 返困 or 已脱困.
pub const STANDING: &str = "动态";
/// 动态 of a row out of hardship.
pub const EXITED: &str = "已脱困";
/// 上级工会.
pub const PARENT: &str = "上级工会";
/// 职工总数.
pub const WORKFORCE_COUNT: &str = "职工总数";
/// 帮扶类型.
pub const KIND: &str = "帮扶类型";
/// 金额.
pub const AMOUNT: &str = "金额";
/// 发放日期.
pub const PAID: &str = "发放日期";
/// 资金来源.
pub const FUND_SOURCE: &str = "资金来源";
/// 备注.
pub const REMARK: &str = "备注";
/// 来源文件.
pub const SOURCE_FILE: &str = "来源文件";
/// 来源工作表.
pub const SOURCE_SHEET: &str = "来源工作表";
/// 来源行.
pub const SOURCE_ROW: &str = "来源行";
/// The rows held back for errors (SPEC §7).
pub const HELD_BACK: &str = "held_back.parquet";
/// 单位链: the units above a row's grassroots union, top first, joined by [`CHAIN_SEPARATOR`].
pub const CHAIN: &str = "单位链";
/// What joins the units of a chain.
pub const CHAIN_SEPARATOR: &str = "/";
/// 问题代码: the codes of a held-back row's errors, joined by 、.
pub const CODES: &str = "问题代码";
