//! Text clean-up shared by every stage: NFKC (full-width digits, letters and brackets to
//! ASCII), trimming, and the keys under which header cells, labels and names are compared.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// NFKC, skipped for text that is already in that form (most cells are). Chinese text
/// with its usual punctuation (full-width commas, brackets, the ideographic space) is
/// normalised character by character, without the general algorithm.
pub fn nfkc(text: &str) -> Cow<'_, str> {
    if is_plain(text) {
        return Cow::Borrowed(text);
    }
    match narrows(text) {
        Some(false) => Cow::Borrowed(text),
        Some(true) => Cow::Owned(text.chars().map(narrow).collect()),
        None if matches!(is_nfkc_quick(text.chars()), IsNormalized::Yes) => Cow::Borrowed(text),
        None => Cow::Owned(text.nfkc().collect()),
    }
}

/// Whether text is in NFKC already.
fn is_nfkc(text: &str) -> bool {
    is_plain(text)
        || match narrows(text) {
            Some(wide) => !wide,
            None => matches!(is_nfkc_quick(text.chars()), IsNormalized::Yes),
        }
}

/// For text made only of ASCII, the common ideographs, CJK and general punctuation that
/// is its own normal form, and the full-width forms of ASCII and the ideographic space
/// (whose normal form is the ASCII character): whether any of the latter is in it. None
/// of these characters decomposes further or combines with its neighbour, so such text
/// is normalised character by character ([`narrow`]). `None` for any other text.
fn narrows(text: &str) -> Option<bool> {
    let mut wide = false;
    for c in text.chars() {
        match c {
            '\u{FF01}'..='\u{FF5E}' | '\u{3000}' => wide = true,
            '\0'..='\u{7F}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{3001}'..='\u{301F}'
            | '\u{2012}'..='\u{2016}'
            | '\u{2018}'..='\u{2023}'
            | '\u{B7}'
            | '\u{D7}' => {}
            _ => return None,
        }
    }
    Some(wide)
}

/// The normal form of one character of such text: `，` → `,`, the ideographic space → ` `.
fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    }
}

/// Whether text is only ASCII and the common CJK ideographs (U+4E00–U+9FFF), read byte
/// by byte: in UTF-8 those ideographs are the three-byte sequences led by E5–E9, or by E4
/// with a second byte from B8.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            0..=0x7F => i += 1,
            0xE5..=0xE9 => i += 3,
            0xE4 if bytes[i + 1] >= 0xB8 => i += 3,
            _ => return false,
        }
    }
    true
}

/// NFKC and trim: `　１２３ ` → `123`.
pub fn clean(text: &str) -> String {
    nfkc(text).trim().to_string()
}

/// The comparison key of a header cell or label: NFKC, no white space or line breaks,
/// no required-field stars or trailing colons, latin letters in lower case. Text that is
/// its own key (most cells: every data row is looked at) is not copied.
pub fn header_key(text: &str) -> Cow<'_, str> {
    if is_own_key(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(changed_key(text))
    }
}

/// Whether text is its own [`header_key`].
pub fn is_own_key(text: &str) -> bool {
    let lower = |c: char| {
        if c.is_ascii() {
            return !c.is_ascii_uppercase();
        }
        let mut lower = c.to_lowercase();
        lower.next() == Some(c) && lower.next().is_none()
    };
    // Plain text (ASCII and ideographs) is its own key unless an ASCII byte says otherwise.
    let plain_key = || {
        is_plain(text)
            && !text.bytes().any(|b| b.is_ascii_uppercase() || b.is_ascii_whitespace() || matches!(b, b'*' | 0x0B))
    };
    (plain_key() || is_nfkc(text) && text.chars().all(|c| kept_in_key(&c) && lower(c))) && !text.ends_with([':', '：'])
}

/// The [`header_key`] of text that is not its own.
pub fn changed_key(text: &str) -> String {
    let key: String = nfkc(text).chars().filter(kept_in_key).flat_map(char::to_lowercase).collect();
    key.trim_end_matches([':', '：']).to_string()
}

/// Whether a character stays in a [`header_key`].
fn kept_in_key(c: &char) -> bool {
    !c.is_whitespace() && !matches!(c, '*' | '※' | '★')
}

/// NFKC without any white space: `下 岗` and `下岗` alike; not copied when the text is
/// both already.
pub fn compact_key(text: &str) -> Cow<'_, str> {
    if is_nfkc(text) && !text.contains(char::is_whitespace) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(nfkc(text).chars().filter(|c| !c.is_whitespace()).collect())
    }
}

/// A name for comparison: without the spaces clerks put inside (`张  三`); not copied
/// when it has none.
pub fn name_key(name: &str) -> Cow<'_, str> {
    if name.contains(char::is_whitespace) {
        Cow::Owned(name.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(name)
    }
}

/// Text with its character references resolved (`&amp;`, `&#x4E00;`, and HTML's
/// `&nbsp;` as a space); a `&` that starts none is kept.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        match tail.find(';').filter(|&i| i <= 10).and_then(|i| entity(&tail[1..i]).map(|c| (c, i))) {
            Some((c, i)) => {
                out.push(c);
                rest = &tail[i + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    match name {
        "nbsp" => Some(' '),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_folds_full_width_and_trims() {
        assert_eq!(clean("　４１０１０２ＡＢ "), "410102AB");
        assert_eq!(clean("下（待）岗"), "下(待)岗");
    }

    #[test]
    fn text_of_ascii_and_common_ideographs_is_its_own_normal_form() {
        for text in ["张三 410102198001011234", "abc-DEF_123", ""] {
            assert!(is_nfkc(text), "{text}");
            assert_eq!(text.nfkc().collect::<String>(), text);
        }
        // A combining mark after ASCII composes; full-width forms fold.
        for text in ["e\u{301}", "１２３", "（元）", "\u{2F00}"] {
            assert!(!is_nfkc(text), "{text}");
        }
    }

    /// The characters normalised one by one: for every character alone, and for these in
    /// any mix with characters around them (ones that compose or decompose too), the
    /// result is the general algorithm's.
    #[test]
    fn chinese_punctuation_is_normalised_as_the_general_algorithm_does() {
        let ranges = [(0x21, 0x7E), (0xB7, 0xB7), (0xD7, 0xD7), (0x2012, 0x2016), (0x2018, 0x2023)];
        let more = [(0x3000, 0x301F), (0x4E00, 0x4E10), (0x9FF0, 0x9FFF), (0xFF01, 0xFF5E)];
        let own: Vec<char> =
            ranges.iter().chain(&more).flat_map(|&(a, b)| (a..=b).filter_map(char::from_u32)).collect();
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            let text = c.to_string();
            assert_eq!(nfkc(&text), text.nfkc().collect::<String>(), "{c:?}");
            assert!(!is_nfkc(&text) || text.nfkc().eq(text.chars()), "{c:?}");
        }
        for c in &own {
            assert!(narrows(&c.to_string()).is_some(), "{c:?}");
        }
        // Neighbours that are not of the set: combining marks, Hangul jamo, compatibility
        // characters that decompose, half-width katakana.
        let others = [
            '\u{301}', '\u{308}', '\u{1100}', '\u{1161}', '\u{2011}', '\u{2026}', '\u{FF5F}', '\u{FF76}', '\u{FF9E}',
            'é', '①',
        ];
        let alphabet: Vec<char> = own.iter().step_by(5).chain(&others).copied().collect();
        proptest::proptest!(|(picks in proptest::collection::vec(0..alphabet.len(), 0..12))| {
            let text: String = picks.iter().map(|&i| alphabet[i]).collect();
            let general: String = text.nfkc().collect();
            proptest::prop_assert_eq!(nfkc(&text), general.as_str());
            // Told in normal form only when it is (a quick check may leave it in doubt).
            proptest::prop_assert!(!is_nfkc(&text) || general == text);
        });
    }

    /// Plain text is told byte by byte exactly as character by character, and its key is
    /// the one the full rules give.
    #[test]
    fn plain_text_is_told_by_its_bytes() {
        let samples = [
            "张三",
            "一丁",
            "\u{4DFF}",
            "\u{4E00}",
            "\u{9FFF}",
            "\u{A000}",
            "㐀",
            "é",
            "Ａ",
            "a\u{0B}b",
            "Abc",
            "填表人:",
            "*姓名",
            "鿿x",
            "患病；失业",
            "Ｎａｍｅ：",
            "（元）",
            "姓　名",
            "下岗 ， 失业",
            "ＡＢ·×“合计”",
        ];
        for text in samples
            .iter()
            .map(|s| s.to_string())
            .chain((0x3000..0xA100).step_by(7).filter_map(char::from_u32).map(|c| format!("a{c}1")))
        {
            let by_chars = text.chars().all(|c| c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c));
            assert_eq!(is_plain(&text), by_chars, "{text:?}");
            let full: String = text
                .nfkc()
                .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '※' | '★'))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(header_key(&text), full.trim_end_matches([':', '：']), "{text:?}");
        }
    }

    #[test]
    fn compact_key_folds_and_drops_every_space() {
        assert_eq!(compact_key(" 下 岗\n"), "下岗");
        assert_eq!(compact_key("ＡＢ　c"), "ABc");
        assert!(matches!(compact_key("低保户"), Cow::Borrowed("低保户")));
    }

    #[test]
    fn character_references_are_resolved() {
        assert_eq!(decode_entities("A&amp;B &#x4E00;&#20108; &bad"), "A&B 一二 &bad");
    }

    #[test]
    fn header_key_drops_spaces_breaks_and_marks() {
        assert_eq!(header_key(" 身份证\r\n号 码* "), "身份证号码");
        assert_eq!(header_key("金额（元）："), "金额(元)");
        assert_eq!(header_key("ID"), "id");
    }

    #[test]
    fn text_that_is_its_own_header_key_is_not_copied() {
        for own in ["姓名", "410102198001011234", "张三", "id"] {
            assert!(matches!(header_key(own), Cow::Borrowed(_)), "{own}");
        }
        for changed in ["姓名：", "姓 名", "Id", "（元）", "*姓名"] {
            assert!(matches!(header_key(changed), Cow::Owned(_)), "{changed}");
        }
    }
}
