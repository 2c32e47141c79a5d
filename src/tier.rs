//! The tier computed from income (SPEC §6): the household's monthly income per person
//! against the 低保线 of its region — below it 低保户; up to the edge factor 低保边缘户;
//! above, 意外致困户 when the primary cause is a disaster (7) or an accident (8), else
//! 支出型困难. Computed once per worker by validation and stored on the worker.

use crate::config::DibaoConfig;

/// The computed tiers, in report order.
pub const COMPUTED_TIERS: [&str; 4] = ["低保户", "低保边缘户", "意外致困户", "支出型困难"];

/// The declared tiers that have an income meaning (W205 compares only these).
pub const INCOME_TIERS: [&str; 3] = ["低保户", "低保边缘户", "意外致困户"];

/// The 低保线 for an ID: the longest configured region prefix it starts with, else the
/// default line.
pub fn dibao_line(dibao: &DibaoConfig, id: Option<&str>) -> f64 {
    id.and_then(|id| {
        dibao
            .by_region
            .iter()
            .filter(|(prefix, _)| id.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|(_, line)| *line)
    })
    .unwrap_or(dibao.default)
}

/// The computed tier for a monthly income per person.
pub fn computed(per_capita: f64, line: f64, edge_factor: f64, primary_cause: Option<u8>) -> &'static str {
    if per_capita < line {
        "低保户"
    } else if per_capita <= line * edge_factor {
        "低保边缘户"
    } else if matches!(primary_cause, Some(7 | 8)) {
        "意外致困户"
    } else {
        "支出型困难"
    }
}

/// The tier computed from income, and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComputedTier {
    /// 家庭月人均收入 used, 元.
    pub per_capita: f64,
    /// The 低保线 it was compared with, 元.
    pub line: f64,
    /// The tier.
    pub tier: &'static str,
}

/// The computed tier of a household with this monthly income per person, the worker's
/// ID (for the regional line) and primary cause; `None` without an income.
pub fn compute(
    per_capita: Option<f64>,
    id: Option<&str>,
    primary_cause: u8,
    dibao: &DibaoConfig,
) -> Option<ComputedTier> {
    let per_capita = per_capita?;
    let line = dibao_line(dibao, id);
    Some(ComputedTier { per_capita, line, tier: computed(per_capita, line, dibao.edge_factor, Some(primary_cause)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_of_section_6() {
        assert_eq!(computed(779.99, 780.0, 1.5, None), "低保户");
        assert_eq!(computed(780.0, 780.0, 1.5, None), "低保边缘户");
        assert_eq!(computed(1170.0, 780.0, 1.5, None), "低保边缘户");
        assert_eq!(computed(1170.01, 780.0, 1.5, Some(8)), "意外致困户");
        assert_eq!(computed(2000.0, 780.0, 1.5, Some(6)), "支出型困难");
    }

    #[test]
    fn the_longest_region_prefix_wins() {
        let mut dibao = DibaoConfig::default();
        dibao.by_region.insert("41".into(), 700.0);
        dibao.by_region.insert("4101".into(), 850.0);
        assert_eq!(dibao_line(&dibao, Some("410102198001011234")), 850.0);
        assert_eq!(dibao_line(&dibao, Some("411302198001011234")), 700.0);
        assert_eq!(dibao_line(&dibao, Some("110102198001011234")), 780.0);
        assert_eq!(dibao_line(&dibao, None), 780.0);
    }
}
