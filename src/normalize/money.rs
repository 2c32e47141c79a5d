//! Amounts of money and other numbers as clerks write them: 1,234.50 · 1234元 ·
//! 0.12万 · ￥800 · full-width digits. Returns 元.

use crate::ingest::grid::Cell;
use crate::text::clean;

/// The amount in 元, or `None` when the cell holds no number.
pub fn parse(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => parse_text(t),
        _ => None,
    }
}

fn parse_text(text: &str) -> Option<f64> {
    let text: String = clean(text).chars().filter(|c| !matches!(c, ',' | '，' | ' ' | '¥' | '￥')).collect();
    let text = text.strip_suffix("元").unwrap_or(&text).trim_end_matches("人民币");
    let (number, factor) = match text.strip_suffix("万元").or_else(|| text.strip_suffix('万')) {
        Some(rest) => (rest, 10_000.0),
        None => (text, 1.0),
    };
    let valid = !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let value: f64 = valid.then(|| number.parse().ok()).flatten()?;
    value.is_finite().then(|| round_cents(value * factor))
}

/// Rounds to the fen (0.01 元), so 0.12万 is exactly 1200.
fn round_cents(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn written_amounts() {
        for (written, expected) in [
            ("1,234.50", 1234.5),
            ("1234元", 1234.0),
            ("0.12万", 1200.0),
            ("0.12万元", 1200.0),
            ("￥800", 800.0),
            ("１２００", 1200.0),
            ("-5", -5.0),
        ] {
            assert_eq!(parse(&text(written)), Some(expected), "{written}");
        }
        for bad in ["", "一千元", "12a", "1.2.3", "--"] {
            assert_eq!(parse(&text(bad)), None, "{bad}");
        }
        assert_eq!(parse(&Cell::Number(99.5)), Some(99.5));
    }
}
