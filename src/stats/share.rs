//! Counts and their percentages of a base, rounded half away from zero to one decimal.

use std::collections::HashMap;

use serde::Serialize;

/// One row of a one-way table: a label, how many, and the percent of the base.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Share {
    /// The canonical label.
    pub key: String,
    /// 致困原因 code (1–10), for the cause tables only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<u8>,
    /// How many.
    pub count: u32,
    /// Percent of the table's base.
    pub percent: f64,
}

/// `part` as a percent of `base`, rounded half away from zero to one decimal; 0 when
/// the base is 0. Integer arithmetic, so 12.25 % is 12.3 and never 12.2.
pub fn percent(part: u64, base: u64) -> f64 {
    if base == 0 {
        return 0.0;
    }
    let tenths = (2 * part * 1000 + base) / (2 * base);
    tenths as f64 / 10.0
}

/// The rows of `labels` in order, then any other label counted (sorted), each with its
/// percent of `base`; `always` keeps labels counted zero times.
pub fn shares(counts: &HashMap<String, u32>, labels: &[&str], base: u64, always: bool) -> Vec<Share> {
    let mut others: Vec<&String> = counts.keys().filter(|k| !labels.contains(&k.as_str())).collect();
    others.sort();
    labels
        .iter()
        .copied()
        .chain(others.into_iter().map(String::as_str))
        .map(|label| (label, counts.get(label).copied().unwrap_or(0)))
        .filter(|&(_, count)| always || count > 0)
        .map(|(label, count)| Share { key: label.to_string(), code: None, count, percent: percent(count.into(), base) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_away_from_zero() {
        assert_eq!(percent(1, 8), 12.5);
        assert_eq!(percent(1, 16), 6.3); // 6.25
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(49, 400), 12.3); // 12.25
        assert_eq!(percent(0, 0), 0.0);
        assert_eq!(percent(7, 7), 100.0);
    }

    #[test]
    fn shares_follow_the_labels_then_the_rest() {
        let counts = HashMap::from([("b".to_string(), 1), ("z".to_string(), 2), ("a".to_string(), 1)]);
        let keys = |rows: Vec<Share>| rows.into_iter().map(|s| (s.key, s.count)).collect::<Vec<_>>();
        assert_eq!(
            keys(shares(&counts, &["b", "c", "a"], 4, false)),
            [("b".into(), 1), ("a".into(), 1), ("z".into(), 2)]
        );
        assert_eq!(keys(shares(&counts, &["b", "c"], 4, true)).len(), 4);
    }
}
