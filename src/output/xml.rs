//! The text of an XML part as Excel and rust_xlsxwriter write it: numbers, escapes and
//! column letters, for the sheets' rows ([`super::sheet_xml`]) and the comments
//! ([`super::notes`]) that bangfu writes itself.

use std::io::Write;

/// A number as Rust's `{}` writes it; whole numbers and amounts of at most two decimals
/// (money, heights in points) without the general float formatting.
pub fn push_decimal(line: &mut Vec<u8>, n: f64) {
    if n == n.trunc() && n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative()) {
        line.extend_from_slice(itoa::Buffer::new().format(n as i64).as_bytes());
        return;
    }
    // The float nearest to a decimal of two places (and far below 2^53 hundredths) has
    // that decimal as its shortest form: any shorter one lies a hundredth away.
    let hundredths = (n.abs() * 100.0).round();
    // Below 1e9, the hundredths are a whole number below 1e11: exact as an integer.
    if n.abs() < 1e9 && hundredths / 100.0 == n.abs() && !(hundredths as u64).is_multiple_of(100) {
        let hundredths = hundredths as u64;
        if n < 0.0 {
            line.push(b'-');
        }
        line.extend_from_slice(itoa::Buffer::new().format(hundredths / 100).as_bytes());
        let (tenths, last) = ((hundredths % 100 / 10) as u8, (hundredths % 10) as u8);
        line.extend_from_slice(&[b'.', b'0' + tenths]);
        if last != 0 {
            line.push(b'0' + last);
        }
        return;
    }
    line.extend_from_slice(n.to_string().as_bytes());
}

/// Text with XML's three escapes and control characters as `_xHHHH_`; in a cell
/// (`in_cell`), a literal `_xHHHH_` is kept literal by escaping its underscore
/// (`_x005F_xHHHH_`), as Excel does (not in a comment). Read byte by byte: every
/// character escaped is ASCII but U+FFFE and U+FFFF, whose UTF-8 starts with 0xEF (never
/// a byte inside another character).
pub fn push_escaped(line: &mut Vec<u8>, text: &str, in_cell: bool) {
    let bytes = text.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !MAY_ESCAPE[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (escape, width): (&[u8], usize) = match bytes[i] {
            b'&' => (b"&amp;", 1),
            b'<' => (b"&lt;", 1),
            b'>' => (b"&gt;", 1),
            b'_' if in_cell && is_escape_sequence(&text[i..]) => (b"_x005F_", 1),
            0..=0x08 | 0x0B..=0x1F => (b"", 1),
            0xEF if matches!(bytes.get(i + 1..i + 3), Some([0xBF, 0xBE | 0xBF])) => (b"", 3),
            _ => {
                i += 1;
                continue;
            }
        };
        line.extend_from_slice(&bytes[done..i]);
        if escape.is_empty() {
            let c = text[i..].chars().next().map_or(0, u32::from);
            let _ = write!(line, "_x{c:04X}_");
        } else {
            line.extend_from_slice(escape);
        }
        i += width;
        done = i;
    }
    line.extend_from_slice(&bytes[done..]);
}

/// The bytes that may start an escape: XML's three, the underscore (of a literal
/// `_xHHHH_`), control characters but tab and line feed, and 0xEF (U+FFFE, U+FFFF).
const MAY_ESCAPE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'&' | b'<' | b'>' | b'_' | 0xEF | 0..=0x08 | 0x0B..=0x1F);
        b += 1;
    }
    table
};

/// Whether text starts with `_xHHHH_`.
fn is_escape_sequence(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7 && bytes[1] == b'x' && bytes[6] == b'_' && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
}

/// A column's letters: 0 → A, 26 → AA.
pub fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        let quarters = (-4000..4000).map(|q| f64::from(q) * 0.25);
        let others = [
            0.1,
            -0.3,
            1e9 + 0.25,
            1e15,
            -1e15,
            1.5e15,
            123456.789,
            1e-7,
            f64::MAX,
            -0.0,
            0.0,
            -0.25,
            999999999999999.8,
        ];
        for n in quarters.chain(others) {
            let mut line = Vec::new();
            push_decimal(&mut line, n);
            assert_eq!(String::from_utf8(line).unwrap(), n.to_string());
        }
    }

    fn written(n: f64) -> String {
        let mut line = Vec::new();
        push_decimal(&mut line, n);
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn amounts_of_two_decimals_are_written_as_rust_writes_them() {
        for cents in (-300_000i64..300_000).chain([99_999_999_999, 100_000_000_001, -100_000_000_001]) {
            let n = cents as f64 / 100.0;
            assert_eq!(written(n), n.to_string(), "{cents} hundredths");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_number_is_written_as_rust_writes_it(n in proptest::num::f64::ANY, cents in -1e12f64..1e12) {
            proptest::prop_assert_eq!(written(n), n.to_string());
            let near = cents.round() / 100.0 + 1e-9;
            proptest::prop_assert_eq!(written(near), near.to_string());
        }
    }

    /// The escapes as Excel writes them, character by character: what
    /// [`push_escaped`] must give, read byte by byte.
    fn escaped_char_by_char(text: &str, in_cell: bool) -> String {
        let mut out = String::new();
        for (i, c) in text.char_indices() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '_' if in_cell && is_escape_sequence(&text[i..]) => out.push_str("_x005F_"),
                '\0'..='\x08' | '\x0B'..='\x1F' | '\u{FFFE}' | '\u{FFFF}' => {
                    out.push_str(&format!("_x{:04X}_", c as u32))
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn escaped(text: &str, in_cell: bool) -> String {
        let mut line = Vec::new();
        push_escaped(&mut line, text, in_cell);
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn escapes_are_written_as_excel_writes_them() {
        let texts = [
            "",
            "a<b&c>d",
            "_x0041_ _xZZ_ _x12",
            "\u{1}\t\n\r\u{1F}",
            "\u{FFFE}\u{FFFF}\u{FFFD}\u{F000}",
            "困难_x00Af_职工",
        ];
        for text in texts {
            for in_cell in [true, false] {
                assert_eq!(escaped(text, in_cell), escaped_char_by_char(text, in_cell), "{text:?}");
            }
        }
        assert_eq!(escaped("x\u{1}y\r\u{FFFF}", true), "x_x0001_y_x000D__xFFFF_");
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_escaped_as_excel_escapes_it(text in "([a-z_<>&x0-9A-F]|\\PC|[\u{0}-\u{1F}\u{FFFE}\u{FFFF}\u{EFFF}\u{F8FF}]){0,24}") {
            for in_cell in [true, false] {
                proptest::prop_assert_eq!(escaped(&text, in_cell), escaped_char_by_char(&text, in_cell));
            }
        }
    }

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(50), "AY");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
