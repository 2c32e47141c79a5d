//! Masking personal numbers, at write time and in this one place (SPEC §7): every ID
//! number and phone number a workbook, `summary.json` or the terminal shows passes
//! through a [`Mask`]. ID numbers keep their first 6 and last 4 characters
//! (`410102********123X`), phone numbers their first 3 and last 4. `--reveal-ids` turns
//! it off for the statistician's own workbooks (roster.xlsx, quality.xlsx) only.

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
        self.keep_ends(text, 6, 4)
    }

    /// A phone number: `13812345678` → `138****5678`.
    pub fn phone(self, text: &str) -> String {
        self.keep_ends(text, 3, 4)
    }

    /// A value of a column, masked by what the column holds.
    pub fn value(self, column: &str, value: &str) -> String {
        match column {
            "身份证号" => self.id(value),
            "联系电话" => self.phone(value),
            _ => value.to_string(),
        }
    }

    /// Free text (a finding's message): every ID number in it masked.
    pub fn text(self, text: &str) -> String {
        if self.reveal {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            let id = id_run(&chars[i..]);
            if id > 0 {
                out.push_str(&keep_ends(&chars[i..i + id], 6, 4));
                i += id;
            } else {
                let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count().max(1);
                out.extend(&chars[i..i + digits]);
                i += digits;
            }
        }
        out
    }

    fn keep_ends(self, text: &str, head: usize, tail: usize) -> String {
        if self.reveal {
            text.to_string()
        } else {
            keep_ends(&text.chars().collect::<Vec<_>>(), head, tail)
        }
    }
}

/// The length of an 18-character ID number at the start of `chars` (17 digits and a digit
/// or X, not part of a longer run of digits), else 0.
fn id_run(chars: &[char]) -> usize {
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let x = chars.get(17).is_some_and(|c| matches!(c, 'X' | 'x'));
    match digits {
        18 => 18,
        17 if x => 18,
        _ => 0,
    }
}

fn keep_ends(chars: &[char], head: usize, tail: usize) -> String {
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let middle = chars.len() - head - tail;
    chars[..head].iter().chain(std::iter::repeat_n(&'*', middle)).chain(&chars[chars.len() - tail..]).collect()
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
        assert_eq!(mask.value("姓名", "张三"), "张三");
        assert_eq!(Mask { reveal: true }.id("41010219800101123X"), "41010219800101123X");
    }

    #[test]
    fn ids_in_a_message_are_masked() {
        let text = "15位身份证号已按规则升级为18位：41010219800101123X。";
        assert_eq!(Mask::HIDDEN.text(text), "15位身份证号已按规则升级为18位：410102********123X。");
        assert_eq!(Mask::HIDDEN.text("共 2100 元"), "共 2100 元");
        assert_eq!(Mask { reveal: true }.text(text), text);
    }
}
