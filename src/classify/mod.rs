//! 致困原因 — classifying the cause of hardship into the ACFTU archive's ten standard
//! causes (SPEC §5).

/// The ten standard causes, numbered 1–10 in this order.
pub const CAUSES: [&str; 10] = [
    "无劳动能力",
    "有劳动能力而未就业",
    "下岗失业",
    "未参加社会保险",
    "社会保险待遇落实不到位",
    "患重特大疾病",
    "遭受自然灾害",
    "遭受意外事故",
    "子女上学",
    "其他",
];

/// The label of a cause code.
pub fn label(code: u8) -> Option<&'static str> {
    CAUSES.get(usize::from(code).checked_sub(1)?).copied()
}

/// The cause written as a code or a standard label: `6`, `6.患重特大疾病`, `患重特大疾病`.
pub fn standard_form(text: &str) -> Option<u8> {
    let text = crate::normalize::text::clean(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if let Ok(code @ 1..=10) = digits.parse::<u8>() {
        let rest = text[digits.len()..].trim_start_matches(['.', '、', ':', ' ', '．']);
        if rest.is_empty() || label(code) == Some(rest) {
            return Some(code);
        }
    }
    CAUSES.iter().position(|c| *c == text).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels() {
        assert_eq!(standard_form("6"), Some(6));
        assert_eq!(standard_form("６"), Some(6));
        assert_eq!(standard_form("6.患重特大疾病"), Some(6));
        assert_eq!(standard_form("10、其他"), Some(10));
        assert_eq!(standard_form("子女上学"), Some(9));
        assert_eq!(standard_form("11"), None);
        assert_eq!(standard_form("6.子女上学"), None);
        assert_eq!(standard_form("本人患尿毒症"), None);
    }
}
