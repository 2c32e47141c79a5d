//! 困难职工 — one roster row after normalisation: the values the statistics use, parsed,
//! with the row's origin. Built by [`crate::validate`]; the original cells stay in the
//! ingested table for messages and feedback.

use std::sync::Arc;

use crate::classify::Classification;
use crate::finding::Location;
use crate::normalize::date::Ymd;
use crate::normalize::id::{IdError, ResidentId};

/// A worker in hardship as one roster row describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Worker {
    /// File, sheet, Excel row.
    pub origin: Location,
    /// 基层工会.
    pub union: Arc<str>,
    /// (table, record) indices into the ingested tables.
    pub source: (usize, usize),
    /// 姓名, cleaned.
    pub name: String,
    /// 身份证号, parsed.
    pub id: Result<ResidentId, IdError>,
    /// 性别 as written, cleaned.
    pub sex: String,
    /// 出生日期 as written, parsed.
    pub birth_date: Option<Ymd>,
    /// 工作单位.
    pub employer: String,
    /// 身份, canonical.
    pub status: Option<String>,
    /// 困难类别, canonical.
    pub tier: Option<String>,
    /// 家庭人口.
    pub family_size: Option<u32>,
    /// 家庭年度总收入, 元.
    pub family_income: Option<f64>,
    /// 家庭月人均收入 as stated, 元.
    pub per_capita_stated: Option<f64>,
    /// 主要致困原因 as written.
    pub primary_cause: String,
    /// 次要致困原因 as written.
    pub secondary_cause: String,
    /// The causes classified from both.
    pub causes: Classification,
    /// 健康状况 as written.
    pub health: String,
    /// 是否单亲 as written.
    pub single_parent: String,
    /// 建档日期.
    pub filed: Option<Ymd>,
    /// 脱困日期.
    pub exited: Option<Ymd>,
    /// How many of the canonical fields hold a value (for choosing among duplicates).
    pub filled: usize,
}

impl Worker {
    /// 家庭月人均收入: from the annual total when there is one, else as stated.
    pub fn per_capita(&self) -> Option<f64> {
        match (self.family_income, self.family_size) {
            (Some(total), Some(size)) if size > 0 => Some(total / 12.0 / f64::from(size)),
            _ => self.per_capita_stated,
        }
    }

    /// 患病: 健康状况 names an illness (anything but healthy or blank).
    pub fn ill(&self) -> bool {
        let health = self.health.as_str();
        !health.is_empty() && !["健康", "良好", "一般", "正常", "无", "较好", "好"].contains(&health)
    }

    /// 单亲: 是否单亲 says yes.
    pub fn single_parent(&self) -> bool {
        matches!(self.single_parent.as_str(), "是" | "单亲" | "Y" | "y" | "1" | "√")
    }

    /// The 18-character ID, when valid.
    pub fn id_number(&self) -> Option<&str> {
        self.id.as_ref().ok().map(|id| id.number.as_str())
    }
}
