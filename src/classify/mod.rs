//! 致困原因 — classifying the cause of hardship into the ACFTU archive's ten standard
//! causes (SPEC §5).
//!
//! A [`Dictionary`] reads the 主要致困原因 and 次要致困原因 cells: codes, labels,
//! shorthands and free text, with negation handled; traditional characters are read
//! as simplified first (`data/traditional.txt`). The terms live in `data/causes.toml`,
//! which also records how conflicts between causes were decided.

mod cell;
mod dictionary;
mod frame;
mod matcher;
mod negation;
mod simplified;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use compact_str::CompactString;
use foldhash::fast::RandomState;

use matcher::{Matcher, Mention};

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
    let text = crate::text::clean(text);
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    if let Ok(code @ 1..=10) = digits.parse::<u8>() {
        let rest = text[digits.len()..].trim_start_matches(['.', '、', ':', ' ', '．']);
        if rest.is_empty() || label(code) == Some(rest) {
            return Some(code);
        }
    }
    CAUSES.iter().position(|c| *c == text).map(|i| i as u8 + 1)
}

/// 其他 — the cause of what names no other.
const OTHER: u8 = 10;

/// Secondary causes kept at most.
const MAX_SECONDARY: usize = 3;

/// One classified cause cell pair (主要 / 次要致困原因).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// 主要致困原因, 1..=10.
    pub primary: u8,
    /// 次要致困原因: at most 3, none equal to `primary`, in order of appearance.
    pub secondary: Vec<u8>,
    /// The deciding term for the primary (the dictionary term, the code, or the label);
    /// empty when unclassifiable.
    pub term: CompactString,
    /// False when the primary is 10 其他 because nothing was named: the caller reports W212.
    pub confident: bool,
}

/// The cause dictionary (致困原因词典): terms per cause, compiled, and the pairs of texts
/// already classified — a million rows hold a few thousand distinct cause texts, so each
/// pair is read once.
#[derive(Debug)]
pub struct Dictionary {
    matcher: Matcher,
    seen: Mutex<Seen>,
}

/// The classifications made, by 主要致困原因 and then 次要致困原因 text: looked up by the
/// texts as written, without a copy.
#[derive(Debug, Default)]
struct Seen {
    by_primary: HashMap<String, HashMap<String, Arc<Classification>, RandomState>, RandomState>,
    pairs: usize,
}

/// Pairs of texts remembered at most: past it (a batch of all-different free text), the
/// rest are classified each time, and memory does not grow further.
const REMEMBERED: usize = 200_000;

impl Clone for Dictionary {
    fn clone(&self) -> Dictionary {
        Dictionary { matcher: self.matcher.clone(), seen: Mutex::default() }
    }
}

impl Dictionary {
    /// The built-in dictionary plus extra terms per cause code (`"6"` → `["渐冻症"]`)
    /// from bangfu.toml `[causes]`; `Err` names a bad key.
    pub fn new(extra: &BTreeMap<String, Vec<String>>) -> Result<Dictionary, String> {
        let lexicon = dictionary::Lexicon::load(extra)?;
        Ok(Dictionary { matcher: Matcher::new(lexicon)?, seen: Mutex::default() })
    }

    /// Classifies the 主要致困原因 and 次要致困原因 texts; rows with the same texts share
    /// one classification.
    pub fn classify(&self, primary: &str, secondary: &str) -> Arc<Classification> {
        let known = self.seen.lock().ok().and_then(|seen| seen.by_primary.get(primary)?.get(secondary).cloned());
        if let Some(known) = known {
            return known;
        }
        let named = cell::mentions(primary, &self.matcher);
        let also = cell::mentions(secondary, &self.matcher);
        let classification = Arc::new(Classification::decide(&named, &also));
        if let Ok(mut seen) = self.seen.lock() {
            if seen.pairs < REMEMBERED {
                seen.pairs += 1;
                let of_primary = seen.by_primary.entry(primary.to_string()).or_default();
                of_primary.insert(secondary.to_string(), classification.clone());
            }
        }
        classification
    }
}

impl Classification {
    /// The primary is the first cause the primary text names, 10 其他 only when it names
    /// no other; the rest of both texts, in order, are the secondary causes. A
    /// consequence after a named cause (腰椎间盘突出，干不了重活) adds nothing.
    fn decide(primary: &[Mention], secondary: &[Mention]) -> Classification {
        let mut named = false;
        let mut causes = |mentions: &[Mention]| -> Vec<Mention> {
            let mut kept = Vec::new();
            for mention in mentions {
                if !(mention.consequence && named) {
                    kept.push(mention.clone());
                }
                named |= mention.code != OTHER;
            }
            kept
        };
        let (primary, secondary) = (causes(primary), causes(secondary));
        let first = primary.iter().find(|m| m.code != OTHER).or_else(|| primary.first());
        let (code, term, confident) = match first {
            Some(m) => (m.code, CompactString::from(m.term.as_str()), true),
            None => (OTHER, CompactString::default(), false),
        };
        let mut others: Vec<u8> = Vec::new();
        for mention in primary.iter().chain(&secondary) {
            let new = mention.code != code && mention.code != OTHER && !others.contains(&mention.code);
            if new && others.len() < MAX_SECONDARY {
                others.push(mention.code);
            }
        }
        Classification { primary: code, secondary: others, term, confident }
    }
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

    fn dictionary() -> Dictionary {
        Dictionary::new(&BTreeMap::new()).expect("built-in dictionary")
    }

    #[test]
    fn the_first_named_cause_is_primary() {
        let c = dictionary().classify("丈夫车祸去世，女儿上大学", "");
        assert_eq!((c.primary, c.secondary.clone(), c.term.as_str(), c.confident), (8, vec![9], "车祸", true));
    }

    #[test]
    fn secondary_causes_come_from_both_texts_deduplicated_and_capped() {
        let c = dictionary().classify("本人下岗，妻子患病", "6、9、7、1");
        assert_eq!((c.primary, c.secondary.clone()), (3, vec![6, 9, 7]));
    }

    #[test]
    fn nothing_named_is_other_without_confidence() {
        let c = dictionary().classify("家庭困难", "");
        assert_eq!((c.primary, c.secondary.clone(), c.term.as_str(), c.confident), (10, vec![], "", false));
        let c = dictionary().classify("", "子女上学");
        assert_eq!((c.primary, c.secondary.clone(), c.confident), (10, vec![9], false));
    }

    #[test]
    fn other_written_out_is_confident_but_never_outranks_a_cause() {
        let c = dictionary().classify("10.其他", "");
        assert_eq!((c.primary, c.term.as_str(), c.confident), (10, "其他", true));
        let c = dictionary().classify("单亲，本人患病", "其他");
        assert_eq!((c.primary, c.secondary.clone()), (6, vec![]));
    }

    #[test]
    fn a_consequence_after_a_named_cause_adds_nothing() {
        let c = dictionary().classify("本人腰椎间盘突出，干不了重活", "");
        assert_eq!((c.primary, c.secondary.clone()), (6, vec![]));
        let c = dictionary().classify("干不了重活", "");
        assert_eq!((c.primary, c.secondary.clone()), (1, vec![]));
        let c = dictionary().classify("老伴走了，自己腿脚也不利索", "");
        assert_eq!((c.primary, c.secondary.clone()), (8, vec![1]));
        let c = dictionary().classify("厂子关门了", "一直没活干");
        assert_eq!((c.primary, c.secondary.clone()), (3, vec![]));
    }

    #[test]
    fn a_one_character_catch_all_gives_the_term_to_the_next() {
        let c = dictionary().classify("女儿读大学", "");
        assert_eq!((c.primary, c.term.as_str()), (9, "大学"));
    }

    #[test]
    fn config_terms_extend_the_dictionary() {
        let before = dictionary().classify("丈夫患ALS", "");
        assert_eq!(before.primary, 10);
        let extra = BTreeMap::from([("6".to_string(), vec!["ALS".to_string()])]);
        let c = Dictionary::new(&extra).expect("valid").classify("丈夫患ＡＬＳ", "");
        assert_eq!((c.primary, c.term.as_str()), (6, "ALS"));
        let bad = BTreeMap::from([("12".to_string(), vec!["x".to_string()])]);
        assert!(Dictionary::new(&bad).is_err());
    }
}
