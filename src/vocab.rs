//! Controlled vocabularies (SPEC §2): 身份, 困难类别 and 帮扶类型, each a list of
//! canonical labels with aliases, kept as data in `data/vocab.toml`.

use std::collections::HashMap;

use serde::Deserialize;

use crate::text::clean;

/// One canonical label and the other ways it is written.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    /// The canonical label.
    pub label: String,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Built {
    status: Vec<Entry>,
    tier: Vec<Entry>,
    aid_kind: Vec<Entry>,
}

/// A vocabulary: labels in report order, and the lookup of every spelling.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    labels: Vec<String>,
    by_key: HashMap<String, usize>,
}

impl Vocabulary {
    /// From entries, in order.
    pub fn new(entries: &[Entry]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for (i, entry) in entries.iter().enumerate() {
            vocabulary.labels.push(entry.label.clone());
            for spelling in std::iter::once(&entry.label).chain(&entry.aliases) {
                vocabulary.by_key.entry(key(spelling)).or_insert(i);
            }
        }
        vocabulary
    }

    /// The canonical label of a written value.
    pub fn canonical(&self, written: &str) -> Option<&str> {
        self.by_key.get(&key(written)).map(|&i| self.labels[i].as_str())
    }

    /// The labels, in report order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// Comparison key: NFKC (full-width brackets become ASCII), no spaces.
fn key(text: &str) -> String {
    clean(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// The three vocabularies of a run.
#[derive(Debug, Clone)]
pub struct Vocabularies {
    /// 身份.
    pub status: Vocabulary,
    /// 困难类别.
    pub tier: Vocabulary,
    /// 帮扶类型.
    pub aid_kind: Vocabulary,
}

impl Vocabularies {
    /// The built-in vocabularies; `tiers` replaces the 困难类别 ladder (aliases of the
    /// built-in labels still apply to the labels kept).
    pub fn new(tiers: Option<&[String]>) -> Vocabularies {
        let built: Built = toml::from_str(include_str!("data/vocab.toml")).unwrap_or(Built {
            status: vec![],
            tier: vec![],
            aid_kind: vec![],
        });
        let tier = match tiers {
            Some(labels) => labels
                .iter()
                .map(|label| {
                    let aliases = built.tier.iter().find(|e| &e.label == label).map(|e| e.aliases.clone());
                    Entry { label: label.clone(), aliases: aliases.unwrap_or_default() }
                })
                .collect(),
            None => built.tier,
        };
        Vocabularies {
            status: Vocabulary::new(&built.status),
            tier: Vocabulary::new(&tier),
            aid_kind: Vocabulary::new(&built.aid_kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_vocabularies_load_in_order() {
        let v = Vocabularies::new(None);
        assert_eq!(v.status.labels().len(), 7);
        assert_eq!(v.tier.labels()[0], "低保户");
        assert_eq!(v.aid_kind.labels().len(), 7);
    }

    #[test]
    fn aliases_and_bracket_widths() {
        let v = Vocabularies::new(None);
        assert_eq!(v.status.canonical("下（待）岗"), Some("下(待)岗"));
        assert_eq!(v.status.canonical(" 待岗 "), Some("下(待)岗"));
        assert_eq!(v.status.canonical("离休"), Some("退休"));
        assert_eq!(v.tier.canonical("深度困难职工"), Some("深度困难"));
        assert_eq!(v.aid_kind.canonical("金秋助学"), Some("助学救助"));
        assert_eq!(v.status.canonical("学生"), None);
    }

    #[test]
    fn a_configured_ladder_replaces_the_tiers() {
        let tiers = vec!["低保户".to_string(), "低保边缘户".to_string()];
        let v = Vocabularies::new(Some(&tiers));
        assert_eq!(v.tier.labels(), tiers.as_slice());
        assert_eq!(v.tier.canonical("低保"), Some("低保户"));
        assert_eq!(v.tier.canonical("深度困难"), None);
    }
}
