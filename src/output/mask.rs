//! Masking personal numbers, at write time and in this one place (SPEC §7): every value
//! a workbook, `summary.json` or the terminal shows passes through a [`Mask`]. ID numbers
//! keep their first 6 and last 4 characters (`410102********123X`), bank card and account
//! numbers their last 4 (`**** **** **** 1234`), phone numbers their first 3 and last 4;
//! and whatever a column is called, no run of 15 or more digits stands in full (an ID
//! keeps its ends, any other number its last 4). `--reveal-ids` turns it off for the
//! statistician's own workbooks (roster.xlsx, quality.xlsx) only.

use std::borrow::Cow;

use compact_str::CompactString;

use crate::columns::Field;

/// Digits in a run that is masked wherever it stands.
const LONG_RUN: usize = 15;

/// How personal numbers are shown by one output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask {
    /// Show them in full.
    pub reveal: bool,
}

impl Mask {
    /// Masked, whatever the command line says: what travels (report, feedback, summary).
    pub const HIDDEN: Mask = Mask { reveal: false };

    /// An ID number: `410102198001011234` → `410102********1234`.
    pub fn id(self, text: &str) -> String {
        if self.reveal {
            return text.to_string();
        }
        keep_ends(text, 6, 4)
    }

    /// A phone number: `13812345678` → `138****5678`.
    pub fn phone(self, text: &str) -> String {
        if self.reveal {
            return text.to_string();
        }
        let kept = keep_ends(text, 3, 4);
        match self.text(&kept) {
            Cow::Borrowed(_) => kept,
            Cow::Owned(masked) => masked,
        }
    }

    /// A bank card or account number: `6222 0212 3456 7890 123` → `**** **** **** 0123`.
    pub fn card(self, text: &str) -> String {
        if self.reveal {
            return text.to_string();
        }
        let digits: Vec<char> = text.chars().filter(char::is_ascii_alphanumeric).collect();
        if digits.len() <= 4 {
            return "*".repeat(digits.len());
        }
        let last: String = digits[digits.len() - 4..].iter().collect();
        format!("**** **** **** {last}")
    }

    /// A value of a canonical column, masked by what the column holds.
    pub fn field(self, field: Option<Field>, value: &str) -> Cow<'_, str> {
        match field {
            Some(Field::Id | Field::SpouseId) => Cow::Owned(self.id(value)),
            Some(Field::Phone) => Cow::Owned(self.phone(value)),
            Some(Field::BankCard) => Cow::Owned(self.card(value)),
            _ => self.text(value),
        }
    }

    /// [`Mask::field`] of a value already owned, handed back as it is when nothing in it
    /// is masked (most values: a roster writes millions).
    pub fn field_owned(self, field: Option<Field>, value: CompactString) -> CompactString {
        match self.field(field, &value) {
            Cow::Borrowed(_) => value,
            Cow::Owned(masked) => masked.into(),
        }
    }

    /// A value under a canonical column name (a finding's column).
    pub fn value<'a>(self, column: &str, value: &'a str) -> Cow<'a, str> {
        self.field(Field::from_canonical(column), value)
    }

    /// Free text: every run of 15 or more digits in it masked — an ID number (18
    /// characters, or 15 digits) keeps its first 6 and last 4, any other its last 4.
    pub fn text(self, text: &str) -> Cow<'_, str> {
        if self.reveal || !has_long_run(text) {
            return Cow::Borrowed(text);
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let id_end = usize::from(digits == 17 && chars.get(i + 17).is_some_and(|c| matches!(c, 'X' | 'x')));
            let run = digits + id_end;
            if run >= LONG_RUN {
                let (head, tail) = if matches!(run, 15 | 18) { (6, 4) } else { (0, 4) };
                out.push_str(&keep_ends(&chars[i..i + run].iter().collect::<String>(), head, tail));
                i += run;
            } else {
                let step = run.max(1);
                out.extend(&chars[i..i + step]);
                i += step;
            }
        }
        Cow::Owned(out)
    }
}

/// Whether the text holds a run of 15 or more digits (checked before any copy: most
/// values have none). Its digits are counted first, 255 bytes at a time into a byte (a
/// pass the compiler makes wide), which settles most texts (a name, a message): fewer
/// digits than a run needs, no run.
fn has_long_run(text: &str) -> bool {
    let digits: usize = text
        .as_bytes()
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, b| n + u8::from(b.is_ascii_digit()))))
        .sum();
    if digits < LONG_RUN - 1 {
        return false;
    }
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= LONG_RUN - 1 {
            return true;
        }
    }
    false
}

/// The text with all but its first `head` and last `tail` characters starred; all starred
/// when it has no more than those.
fn keep_ends(text: &str, head: usize, tail: usize) -> String {
    let count = text.chars().count();
    if count <= head + tail {
        return "*".repeat(count);
    }
    let middle = count - head - tail;
    let mut chars = text.chars();
    let mut out = String::with_capacity(text.len());
    out.extend(chars.by_ref().take(head));
    out.extend(std::iter::repeat_n('*', middle));
    out.extend(chars.skip(middle));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_ends() {
        let mask = Mask::HIDDEN;
        assert_eq!(mask.id("41010219800101123X"), "410102********123X");
        assert_eq!(mask.id("410102800101123"), "410102*****1123");
        assert_eq!(mask.phone("13812345678"), "138****5678");
        assert_eq!(mask.id("12345"), "*****");
        // Characters, not bytes, are kept and starred.
        assert_eq!(mask.phone("电话13812345678"), "电话1******5678");
        assert_eq!(mask.id("４１０１０２１９８００１０１１２３Ｘ"), "４１０１０２********１２３Ｘ");
        assert_eq!(mask.card("6222 0212 3456 7890 123"), "**** **** **** 0123");
        assert_eq!(mask.value("姓名", "张三"), "张三");
        assert_eq!(mask.value("银行卡号", "6222021234567890123"), "**** **** **** 0123");
        assert_eq!(Mask { reveal: true }.id("41010219800101123X"), "41010219800101123X");
    }

    #[test]
    fn long_digit_runs_in_any_text_are_masked() {
        let text = "15位身份证号已按规则升级为18位：41010219800101123X。";
        assert_eq!(Mask::HIDDEN.text(text), "15位身份证号已按规则升级为18位：410102********123X。");
        assert_eq!(Mask::HIDDEN.text("账号6222021234567890123"), "账号***************0123");
        assert_eq!(Mask::HIDDEN.text("共 2100 元，电话 13812345678"), "共 2100 元，电话 13812345678");
        assert_eq!(Mask { reveal: true }.text(text), text);
        // Digits are counted 255 bytes at a time: a run across the edge, and a text of
        // nothing but digits, longer than one count holds.
        let across = format!("{}41010219800101123X", "a".repeat(248));
        assert_eq!(Mask::HIDDEN.text(&across), format!("{}410102********123X", "a".repeat(248)));
        let short_runs = "1234567890 ".repeat(40);
        assert_eq!(Mask::HIDDEN.text(&short_runs), short_runs);
        let digits = "7".repeat(600);
        assert_eq!(Mask::HIDDEN.text(&digits), format!("{}7777", "*".repeat(596)));
        let masked = Mask::HIDDEN.text("a123456789012345678901234b");
        assert!(!masked.chars().filter(char::is_ascii_digit).collect::<String>().contains("1234567890"));
    }

    #[test]
    fn an_owned_value_is_masked_as_a_borrowed_one() {
        let cases = [
            (Some(Field::Id), "41010219800101123X"),
            (Some(Field::SpouseId), "41010219800101123X"),
            (Some(Field::Phone), "13812345678"),
            (Some(Field::BankCard), "6222021234567890123"),
            (Some(Field::Name), "张三"),
            (Some(Field::Address), "户号41010219800101123X"),
            (None, "6222021234567890123"),
        ];
        for mask in [Mask::HIDDEN, Mask { reveal: true }] {
            for (field, value) in cases {
                assert_eq!(mask.field_owned(field, value.into()), mask.field(field, value), "{field:?} {value}");
            }
        }
    }
}
