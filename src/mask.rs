//! Masking personal numbers in everything a person may forward: ID numbers keep their
//! first 6 and last 4 characters (`410102********123X`), phone numbers their first 3
//! and last 4 (SPEC §7). `--reveal-ids` turns it off.

/// `410102198001011234` → `410102********1234`.
pub fn id(text: &str) -> String {
    keep_ends(text, 6, 4)
}

/// `13812345678` → `138****5678`.
pub fn phone(text: &str) -> String {
    keep_ends(text, 3, 4)
}

fn keep_ends(text: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let middle = chars.len() - head - tail;
    chars[..head].iter().chain(std::iter::repeat_n(&'*', middle)).chain(&chars[chars.len() - tail..]).collect()
}

/// Masks a finding's value by its column.
pub fn value(column: &str, value: &str) -> String {
    match column {
        "身份证号" => id(value),
        "联系电话" => phone(value),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_ends() {
        assert_eq!(id("41010219800101123X"), "410102********123X");
        assert_eq!(id("410102800101123"), "410102*****1123");
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(id("12345"), "*****");
        assert_eq!(value("姓名", "张三"), "张三");
    }
}
