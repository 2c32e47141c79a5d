//! 词典 — the cause dictionary: the terms of `data/causes.toml`, the ten standard
//! labels, and the extra terms of bangfu.toml `[causes]`, each with the cause it names.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::frame::Frame;
use super::negation::Negation;
use super::simplified::simplified;
use super::{standard_form, CAUSES};
use crate::text::clean;

/// The built-in dictionary, written for statisticians to read.
const BUILT_IN: &str = include_str!("../data/causes.toml");

/// What a term means (词义): the cause it names when present, when denied, and when
/// said to be too low.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Sense {
    /// The cause named when the term is present (not denied).
    pub affirmed: Option<u8>,
    /// The cause named when the term is denied (没有社保 → 4).
    pub denied: Option<u8>,
    /// The cause named when a shortfall word follows the term (养老金过低 → 5).
    pub lacking: Option<u8>,
}

/// The dictionary as read, before it is compiled into a matcher.
#[derive(Debug, Clone)]
pub(super) struct Lexicon {
    /// Term (after NFKC) → its sense.
    pub terms: BTreeMap<String, Sense>,
    /// How negation words are recognised.
    pub negation: Negation,
    /// Subjects and predicates that name a cause together (句式).
    pub frames: Vec<Frame>,
    /// Words that contain a frame's subject but are none (手续, 头几年).
    pub not_subjects: Vec<String>,
    /// Terms that say what follows from a cause named before them (干不了重活).
    pub consequences: BTreeSet<String>,
    /// Words that make a consequence after them a cause of its own (也, 又).
    pub also: Vec<String>,
}

/// The layout of `causes.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltIn {
    window: usize,
    object_window: usize,
    negators: Vec<String>,
    stoppages: Vec<String>,
    separable: Vec<String>,
    joiners: Vec<String>,
    shortfalls: Vec<String>,
    neutral: Vec<String>,
    causes: BTreeMap<String, Vec<String>>,
    denied: BTreeMap<String, Vec<String>>,
    lacking: BTreeMap<String, Vec<String>>,
    not_subjects: Vec<String>,
    consequences: Vec<String>,
    also: Vec<String>,
    frames: Vec<Frame>,
}

impl Lexicon {
    /// The built-in dictionary, the standard labels, then `extra` (cause code → terms,
    /// from bangfu.toml `[causes]`); an extra term replaces a built-in one.
    pub fn load(extra: &BTreeMap<String, Vec<String>>) -> Result<Lexicon, String> {
        let built: BuiltIn = toml::from_str(BUILT_IN).map_err(|e| format!("内置致困原因词典有误：{e}"))?;
        let mut terms = BTreeMap::new();
        for term in &built.neutral {
            terms.insert(clean(term), Sense::default());
        }
        for (code, label) in (1..).zip(CAUSES) {
            terms.entry(label.to_string()).or_default().affirmed = Some(code);
        }
        add(&mut terms, &built.causes, |sense, code| sense.affirmed = Some(code))?;
        add(&mut terms, &built.denied, |sense, code| sense.denied = Some(code))?;
        add(&mut terms, &built.lacking, |sense, code| sense.lacking = Some(code))?;
        add(&mut terms, extra, |sense, code| sense.affirmed = Some(code))?;
        add_split_forms(&mut terms, &built.separable);
        let negation = Negation {
            negators: built.negators.iter().map(|n| clean(n)).collect(),
            stoppages: built.stoppages.iter().map(|n| clean(n)).collect(),
            joiners: built.joiners.iter().map(|j| clean(j)).collect(),
            shortfalls: built.shortfalls.iter().map(|s| clean(s)).collect(),
            window: built.window,
            object_window: built.object_window,
        };
        let consequences = built.consequences.iter().map(|c| simplified(&clean(c))).collect();
        let also = built.also.iter().map(|a| clean(a)).collect();
        Ok(Lexicon { terms, negation, frames: built.frames, not_subjects: built.not_subjects, consequences, also })
    }
}

/// Every two-character term that names a cause is also read split by one of the
/// `separable` words (下了岗, 住过院, 开了刀, 受了灾), unless that form is a term itself.
fn add_split_forms(terms: &mut BTreeMap<String, Sense>, separable: &[String]) {
    let pairs: Vec<(String, Sense)> = terms
        .iter()
        .filter(|(term, sense)| term.chars().count() == 2 && **sense != Sense::default())
        .map(|(term, sense)| (term.clone(), *sense))
        .collect();
    for (term, sense) in pairs {
        let mut chars = term.chars();
        let (Some(first), Some(second)) = (chars.next(), chars.next()) else { continue };
        for word in separable {
            terms.entry(format!("{first}{word}{second}")).or_insert(sense);
        }
    }
}

/// Adds the terms of a `code → terms` table, setting the code with `set`.
fn add(
    terms: &mut BTreeMap<String, Sense>,
    table: &BTreeMap<String, Vec<String>>,
    set: impl Fn(&mut Sense, u8),
) -> Result<(), String> {
    for (key, words) in table {
        let code = cause_key(key)?;
        for word in words {
            let word = simplified(&clean(word));
            if word.is_empty() {
                return Err(format!("[causes] “{key}” 中有空词条"));
            }
            set(terms.entry(word).or_default(), code);
        }
    }
    Ok(())
}

/// The cause a table key names: a code 1–10 (`"6"`) or a standard label.
fn cause_key(key: &str) -> Result<u8, String> {
    standard_form(key).ok_or_else(|| format!("[causes] 的键“{key}”不是致困原因代码 1–10"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> BuiltIn {
        toml::from_str(BUILT_IN).expect("causes.toml parses")
    }

    #[test]
    fn the_built_in_dictionary_parses_and_covers_every_cause() {
        let built = built_in();
        for code in 1..=10 {
            assert!(built.causes.contains_key(&code.to_string()), "cause {code}");
        }
        assert!(built.window > 0);
        assert!(Lexicon::load(&BTreeMap::new()).is_ok());
    }

    #[test]
    fn no_built_in_term_names_two_causes_or_is_also_neutral() {
        let built = built_in();
        for table in [&built.causes, &built.denied, &built.lacking] {
            let mut seen: BTreeMap<String, &String> = BTreeMap::new();
            for (code, words) in table {
                for word in words {
                    assert!(!built.neutral.contains(word), "{word} is also neutral");
                    if let Some(other) = seen.insert(clean(word), code) {
                        assert_eq!(other, code, "{word} names causes {other} and {code}");
                    }
                }
            }
        }
        for (code, label) in (1u8..).zip(CAUSES) {
            for (key, words) in &built.causes {
                if key != &code.to_string() {
                    assert!(!words.iter().any(|w| w == label), "label {label} under {key}");
                }
            }
        }
    }

    #[test]
    fn labels_and_terms_carry_their_causes() {
        let lexicon = Lexicon::load(&BTreeMap::new()).expect("built-in");
        let sense = |t: &str| lexicon.terms.get(t).copied().unwrap_or_default();
        assert_eq!(sense("患重特大疾病").affirmed, Some(6));
        assert_eq!(sense("其他").affirmed, Some(10));
        assert_eq!(sense("尿毒症").affirmed, Some(6));
        assert_eq!(sense("社保"), Sense { affirmed: None, denied: Some(4), lacking: None });
        assert_eq!(sense("失业金"), Sense { affirmed: Some(3), denied: Some(5), lacking: Some(5) });
        assert_eq!(sense("养老金"), Sense { affirmed: None, denied: Some(5), lacking: Some(5) });
        assert_eq!(sense("不幸"), Sense::default());
    }

    #[test]
    fn extra_terms_extend_and_replace() {
        let extra = BTreeMap::from([
            ("6".to_string(), vec!["渐冻人".to_string()]),
            ("患重特大疾病".to_string(), vec!["ＡＬＳ".to_string()]),
            ("10".to_string(), vec!["下岗".to_string()]),
        ]);
        let lexicon = Lexicon::load(&extra).expect("valid keys");
        assert_eq!(lexicon.terms["渐冻人"].affirmed, Some(6));
        assert_eq!(lexicon.terms["ALS"].affirmed, Some(6));
        assert_eq!(lexicon.terms["下岗"].affirmed, Some(10));
    }

    #[test]
    fn a_bad_key_or_empty_term_is_named() {
        for key in ["0", "11", "疾病", ""] {
            let extra = BTreeMap::from([(key.to_string(), vec!["x".to_string()])]);
            let err = Lexicon::load(&extra).expect_err("bad key");
            assert!(err.contains(&format!("“{key}”")), "{err}");
        }
        let extra = BTreeMap::from([("6".to_string(), vec![" ".to_string()])]);
        assert!(Lexicon::load(&extra).expect_err("empty").contains("“6”"));
    }
}
