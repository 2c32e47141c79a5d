//! Controlled vocabularies (SPEC §2): 身份, 困难类别 and 帮扶类型, each a list of
//! canonical labels with aliases, kept as data in `data/vocab.toml`; and the reporting
//! ladder of 困难类别 with the mapping of every declared label onto one of its rungs.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::RandomState;
use serde::Deserialize;

use crate::text::compact_key;

/// One canonical label and the other ways it is written.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    /// The canonical label.
    pub label: String,
    /// Other spellings.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// For a 困难类别: the rung of the ladder it is mapped onto by default (1–3).
    #[serde(default)]
    pub rung: Option<usize>,
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
    by_key: HashMap<String, usize, RandomState>,
}

impl Vocabulary {
    /// From entries, in order.
    pub fn new(entries: &[Entry]) -> Vocabulary {
        let mut vocabulary = Vocabulary::default();
        for (i, entry) in entries.iter().enumerate() {
            vocabulary.labels.push(entry.label.clone());
            for spelling in std::iter::once(&entry.label).chain(&entry.aliases) {
                vocabulary.by_key.entry(compact_key(spelling).into_owned()).or_insert(i);
            }
        }
        vocabulary
    }

    /// The canonical label of a written value.
    pub fn canonical(&self, written: &str) -> Option<&str> {
        self.by_key.get(compact_key(written).as_ref()).map(|&i| self.labels[i].as_str())
    }

    /// The labels, in report order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// The national reporting ladder since 2018: deep, relative, accident.
pub const DEFAULT_LADDER: [&str; 3] = ["深度困难", "相对困难", "意外致困"];

/// 困难类别: the labels recognised, the reporting ladder, and the rung each label is
/// reported under.
#[derive(Debug, Clone)]
pub struct Tiers {
    /// Every label recognised as declared (the ladder's own included).
    pub declared: Vocabulary,
    /// The ladder, in report order: deep, relative, accident.
    pub ladder: [String; 3],
    rung_of: HashMap<String, usize>,
}

impl Tiers {
    /// The ladder's label a declared (canonical) label is reported under.
    pub fn on_ladder(&self, declared: &str) -> Option<&str> {
        self.rung_of.get(declared).map(|&rung| self.ladder[rung].as_str())
    }
}

/// The three vocabularies of a run.
#[derive(Debug, Clone)]
pub struct Vocabularies {
    /// 身份.
    pub status: Vocabulary,
    /// 困难类别.
    pub tier: Tiers,
    /// 帮扶类型.
    pub aid_kind: Vocabulary,
}

impl Vocabularies {
    /// The built-in vocabularies with the configured ladder (the national one when `None`)
    /// and mappings (declared label → a label of the ladder). `Err` says what is wrong: a
    /// ladder of other than three rungs, or a mapping onto a label off the ladder (named).
    pub fn new(ladder: Option<&[String]>, tier_map: &BTreeMap<String, String>) -> Result<Vocabularies, String> {
        let built: Built = toml::from_str(include_str!("data/vocab.toml")).map_err(|e| e.to_string())?;
        Ok(Vocabularies {
            status: Vocabulary::new(&built.status),
            tier: tiers(built.tier, ladder, tier_map)?,
            aid_kind: Vocabulary::new(&built.aid_kind),
        })
    }
}

fn tiers(
    mut entries: Vec<Entry>,
    ladder: Option<&[String]>,
    tier_map: &BTreeMap<String, String>,
) -> Result<Tiers, String> {
    let ladder: Vec<String> = match ladder {
        Some(labels) => labels.to_vec(),
        None => DEFAULT_LADDER.iter().map(|l| l.to_string()).collect(),
    };
    let ladder: [String; 3] = ladder.try_into().map_err(|l: Vec<String>| {
        format!("[vocab] ladder 应正好有三级（深度、相对、意外），现有 {} 级：{}", l.len(), l.join("、"))
    })?;
    for (rung, label) in ladder.iter().enumerate() {
        match entries.iter_mut().find(|e| &e.label == label) {
            Some(entry) => entry.rung = Some(rung + 1),
            None => entries.push(Entry { label: label.clone(), aliases: vec![], rung: Some(rung + 1) }),
        }
    }
    for (from, to) in tier_map {
        let rung = ladder.iter().position(|l| l == to).ok_or_else(|| {
            format!("[vocab.tier_map] 中“{from}”映射到的“{to}”不在困难类别等级（{}）中", ladder.join("、"))
        })?;
        match entries.iter_mut().find(|e| &e.label == from) {
            Some(entry) => entry.rung = Some(rung + 1),
            None => entries.push(Entry { label: from.clone(), aliases: vec![], rung: Some(rung + 1) }),
        }
    }
    let rung_of = entries.iter().filter_map(|e| Some((e.label.clone(), e.rung?.checked_sub(1)?.min(2)))).collect();
    Ok(Tiers { declared: Vocabulary::new(&entries), ladder, rung_of })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> Vocabularies {
        Vocabularies::new(None, &BTreeMap::new()).expect("built in")
    }

    #[test]
    fn built_in_vocabularies_load_in_order() {
        let v = built_in();
        assert_eq!(v.status.labels().len(), 7);
        assert_eq!(v.tier.ladder, DEFAULT_LADDER.map(String::from));
        assert_eq!(v.aid_kind.labels().len(), 7);
    }

    #[test]
    fn aliases_and_bracket_widths() {
        let v = built_in();
        assert_eq!(v.status.canonical("下（待）岗"), Some("下(待)岗"));
        assert_eq!(v.status.canonical(" 待岗 "), Some("下(待)岗"));
        assert_eq!(v.status.canonical("离休"), Some("退休"));
        assert_eq!(v.tier.declared.canonical("深度困难职工"), Some("深度困难"));
        assert_eq!(v.aid_kind.canonical("金秋助学"), Some("助学救助"));
        assert_eq!(v.status.canonical("学生"), None);
    }

    #[test]
    fn every_declared_tier_is_mapped_onto_the_ladder() {
        let v = built_in();
        for (declared, rung) in [
            ("低保户", "深度困难"),
            ("特困", "深度困难"),
            ("低保边缘户", "相对困难"),
            ("重困", "相对困难"),
            ("一般困难", "相对困难"),
            ("支出型困难", "相对困难"),
            ("意外致困户", "意外致困"),
            ("意外致困", "意外致困"),
        ] {
            assert_eq!(v.tier.on_ladder(declared), Some(rung), "{declared}");
        }
    }

    #[test]
    fn the_old_ladder_takes_the_same_rungs() {
        let old: Vec<String> = ["低保户", "低保边缘户", "意外致困户"].map(String::from).to_vec();
        let v = Vocabularies::new(Some(&old), &BTreeMap::new()).expect("old ladder");
        assert_eq!(v.tier.on_ladder("深度困难"), Some("低保户"));
        assert_eq!(v.tier.on_ladder("一般困难"), Some("低保边缘户"));
        assert_eq!(v.tier.on_ladder("意外致困"), Some("意外致困户"));
    }

    #[test]
    fn configured_mappings_and_their_errors() {
        let map = BTreeMap::from([
            ("一般困难".to_string(), "深度困难".to_string()),
            ("三类".to_string(), "意外致困".to_string()),
        ]);
        let v = Vocabularies::new(None, &map).expect("valid map");
        assert_eq!(v.tier.on_ladder("一般困难"), Some("深度困难"));
        assert_eq!(v.tier.declared.canonical("三类"), Some("三类"));
        assert_eq!(v.tier.on_ladder("三类"), Some("意外致困"));
        let bad = BTreeMap::from([("一般困难".to_string(), "低保户".to_string())]);
        let err = Vocabularies::new(None, &bad).unwrap_err();
        assert!(err.contains("“一般困难”") && err.contains("“低保户”"), "{err}");
        let two: Vec<String> = vec!["深度困难".into(), "相对困难".into()];
        assert!(Vocabularies::new(Some(&two), &BTreeMap::new()).unwrap_err().contains("三级"));
    }
}
