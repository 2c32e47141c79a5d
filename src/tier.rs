//! The tier computed from income: the household's monthly income per person against the
//! 低保线 of its region — below it the deep rung; up to the edge factor the relative
//! rung; above, the accident rung when the primary cause is a disaster (7) or an accident
//! (8), else above every line (超出标准). Computed once per worker by validation and
//! stored on the worker; reported under the names of the configured ladder.

use crate::config::DibaoConfig;

/// A rung of the reporting ladder, or above all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rung {
    /// 深度困难 (or the configured ladder's first rung).
    Deep,
    /// 相对困难.
    Relative,
    /// 意外致困.
    Accident,
    /// 超出标准: above every line.
    Above,
}

/// The label of the computed tier above every line.
pub const ABOVE: &str = "超出标准";

impl Rung {
    /// The rung of a ladder position (0, 1, 2).
    pub fn of_position(position: usize) -> Rung {
        match position {
            0 => Rung::Deep,
            1 => Rung::Relative,
            _ => Rung::Accident,
        }
    }

    /// Its label on `ladder`.
    pub fn label(self, ladder: &[String; 3]) -> &str {
        match self {
            Rung::Deep => &ladder[0],
            Rung::Relative => &ladder[1],
            Rung::Accident => &ladder[2],
            Rung::Above => ABOVE,
        }
    }
}

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

/// The computed rung for a monthly income per person.
pub fn computed(per_capita: f64, line: f64, edge_factor: f64, primary_cause: Option<u8>) -> Rung {
    if per_capita < line {
        Rung::Deep
    } else if per_capita <= line * edge_factor {
        Rung::Relative
    } else if matches!(primary_cause, Some(7 | 8)) {
        Rung::Accident
    } else {
        Rung::Above
    }
}

/// The tier computed from income, and what it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComputedTier {
    /// 家庭月人均收入 used, 元.
    pub per_capita: f64,
    /// The 低保线 it was compared with, 元.
    pub line: f64,
    /// The rung.
    pub rung: Rung,
}

/// The computed tier of a household with this monthly income per person, the worker's
/// ID (for the regional line) and primary cause; `None` without an income, or without a
/// valid ID where regional lines are configured (the region, so the line, is unknown).
pub fn compute(
    per_capita: Option<f64>,
    id: Option<&str>,
    primary_cause: u8,
    dibao: &DibaoConfig,
) -> Option<ComputedTier> {
    let per_capita = per_capita?;
    if id.is_none() && !dibao.by_region.is_empty() {
        return None;
    }
    let line = dibao_line(dibao, id);
    Some(ComputedTier { per_capita, line, rung: computed(per_capita, line, dibao.edge_factor, Some(primary_cause)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rungs_by_income() {
        assert_eq!(computed(779.99, 780.0, 1.5, None), Rung::Deep);
        assert_eq!(computed(780.0, 780.0, 1.5, None), Rung::Relative);
        assert_eq!(computed(1170.0, 780.0, 1.5, None), Rung::Relative);
        assert_eq!(computed(1170.01, 780.0, 1.5, Some(8)), Rung::Accident);
        assert_eq!(computed(2000.0, 780.0, 1.5, Some(6)), Rung::Above);
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
