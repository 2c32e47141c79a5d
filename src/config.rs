//! Configuration: `bangfu.toml` (SPEC §10), its defaults, and the validated settings
//! the rest of the program sees (ripgrep's way: raw values first, checked settings
//! second, with the vocabularies, column aliases and cause dictionary built once).
//!
//! Every key is optional; an unknown key is an error that names the key and the file.
//! The file itself is read by [`crate::ingest::config_file`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::classify::Dictionary;
use crate::columns::Aliases;
use crate::error::Error;
use crate::period::Period;
use crate::vocab::Vocabularies;

/// `bangfu.toml` as written by the statistician.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// 报告期, `YYYY` or `YYYY-MM`.
    pub period: Option<String>,
    /// Who reports: 填报单位, 填表人, 审核人.
    #[serde(default)]
    pub report: ReportConfig,
    /// 低保线.
    #[serde(default)]
    pub dibao: DibaoConfig,
    /// Vocabularies.
    #[serde(default)]
    pub vocab: VocabConfig,
    /// Extra column aliases: canonical name → aliases.
    #[serde(default)]
    pub aliases: BTreeMap<String, Vec<String>>,
    /// Extra cause-dictionary terms: cause code → terms.
    #[serde(default)]
    pub causes: BTreeMap<String, Vec<String>>,
    /// Caps on aid per 帮扶类型.
    #[serde(default)]
    pub aid_cap: Vec<AidCap>,
    /// Resource limits for reading files.
    #[serde(default)]
    pub limits: Limits,
}

/// `[report]`: the people and unit named on the report.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// 填报单位.
    pub unit: Option<String>,
    /// 上级: the unit this one reports to (placed in its hierarchy in a roll-up).
    pub parent: Option<String>,
    /// 填表人.
    pub preparer: Option<String>,
    /// 审核人.
    pub reviewer: Option<String>,
    /// 单位负责人.
    pub head: Option<String>,
    /// 报送日期, as it should be printed (left blank for the pen when not given).
    pub date: Option<String>,
}

/// `[dibao]`: the minimum-living-standard line, 元 per person per month, and the
/// numbers of the tier rules (SPEC §5a).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DibaoConfig {
    /// The line where no regional line applies.
    #[serde(default = "DibaoConfig::default_line")]
    pub default: f64,
    /// 相对困难 below this multiple of the line; read through [`DibaoConfig::relative_factor`].
    pub relative_factor: Option<f64>,
    /// The old name of `relative_factor`.
    pub edge_factor: Option<f64>,
    /// 意外致困 when the rigid spending exceeds this share of the yearly income.
    #[serde(default = "DibaoConfig::default_accident_share")]
    pub accident_share: f64,
    /// `≤` instead of `<` in both comparisons with a line.
    #[serde(default)]
    pub inclusive: bool,
    /// 到期复核 when the last review is more than this many months before the period's end.
    #[serde(default = "DibaoConfig::default_review_months")]
    pub review_months: u32,
    /// ID region-code prefix → line.
    #[serde(default)]
    pub by_region: BTreeMap<String, f64>,
    /// Dated lines (`[[dibao.line]]`), as the 低保 standard changes.
    #[serde(default, rename = "line")]
    pub lines: Vec<DatedLine>,
}

/// `[[dibao.line]]`: the line of a region from a month on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedLine {
    /// ID region-code prefix.
    pub region: String,
    /// In force from this period, `YYYY` or `YYYY-MM`.
    pub from: String,
    /// 元 per person per month.
    pub value: f64,
}

impl DibaoConfig {
    fn default_line() -> f64 {
        780.0
    }
    fn default_accident_share() -> f64 {
        0.8
    }
    fn default_review_months() -> u32 {
        12
    }

    /// The factor of 相对困难, under its name or its old name (1.5 when neither is given).
    pub fn relative_factor(&self) -> f64 {
        self.relative_factor.or(self.edge_factor).unwrap_or(1.5)
    }

    /// Whether any line depends on the region.
    pub fn regional(&self) -> bool {
        !self.by_region.is_empty() || !self.lines.is_empty()
    }

    /// Checks what serde cannot: one name for the factor, dated lines that parse.
    fn check(&self) -> Result<(), String> {
        if self.relative_factor.is_some() && self.edge_factor.is_some() {
            return Err("[dibao] 中 relative_factor 与 edge_factor（relative_factor 的旧名）只能写一个".to_string());
        }
        match self.lines.iter().find(|line| Period::parse(&line.from).is_none()) {
            Some(line) => Err(format!("[[dibao.line]] 中 from = \"{}\" 格式不对，应为 YYYY 或 YYYY-MM", line.from)),
            None => Ok(()),
        }
    }
}

impl Default for DibaoConfig {
    fn default() -> Self {
        DibaoConfig {
            default: Self::default_line(),
            relative_factor: None,
            edge_factor: None,
            accident_share: Self::default_accident_share(),
            inclusive: false,
            review_months: Self::default_review_months(),
            by_region: BTreeMap::new(),
            lines: Vec::new(),
        }
    }
}

/// `[vocab]`: the reporting ladder of 困难类别 and the mappings onto it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabConfig {
    /// The ladder of 困难类别 — deep, relative, accident — in report order.
    pub ladder: Option<Vec<String>>,
    /// The old name of `ladder`.
    pub tiers: Option<Vec<String>>,
    /// Declared 困难类别 → the label of the ladder it is reported under.
    #[serde(default)]
    pub tier_map: BTreeMap<String, String>,
}

impl VocabConfig {
    /// The ladder configured, under its name or its old name (not both).
    fn ladder(&self) -> Result<Option<&[String]>, String> {
        match (&self.ladder, &self.tiers) {
            (Some(_), Some(_)) => Err("[vocab] 中 ladder 与 tiers（ladder 的旧名）只能写一个".to_string()),
            (ladder, tiers) => Ok(ladder.as_deref().or(tiers.as_deref())),
        }
    }
}

/// `[[aid_cap]]`: caps on one 帮扶类型.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AidCap {
    /// The canonical 帮扶类型.
    pub kind: String,
    /// Cap on one payment, 元.
    pub single: Option<f64>,
    /// Cap on one person's payments in a year, 元.
    pub yearly: Option<f64>,
}

/// `[limits]`: what a single input may cost to read.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest input file, MB.
    pub max_file_mb: u64,
    /// Most non-empty cells read from one sheet.
    pub max_cells: u64,
    /// Largest total uncompressed size of a zip container (xlsx, ods), MB.
    pub max_unzipped_mb: u64,
    /// Largest compression ratio of a zip entry over 10 MB uncompressed.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_mb: 200, max_cells: 5_000_000, max_unzipped_mb: 2_000, max_ratio: 200 }
    }
}

/// The settings of a run, checked: what the stages see.
#[derive(Debug, Clone)]
pub struct Settings {
    /// 报告期.
    pub period: Period,
    /// The configuration file's content (defaults where it is silent).
    pub file: ConfigFile,
    /// Column aliases, built in and configured.
    pub aliases: Aliases,
    /// The cause dictionary, built in and configured.
    pub causes: Dictionary,
    /// The vocabularies of 身份, 困难类别 and 帮扶类型.
    pub vocab: Vocabularies,
    /// Show full ID numbers in the workbooks.
    pub reveal_ids: bool,
}

impl ConfigFile {
    /// Parses and checks the bytes of the configuration file at `path`.
    pub fn parse(bytes: Vec<u8>, path: &Path) -> Result<ConfigFile, Error> {
        let text = String::from_utf8(bytes).map_err(|_| config_error(path, "不是 UTF-8 编码的文本".to_string()))?;
        toml::from_str(&text).map_err(|e| config_error(path, describe_toml_error(&e)))
    }

    /// Checks the file's values and combines them with the command line.
    pub fn settle(self, path: Option<&Path>, period_flag: Option<&str>, reveal_ids: bool) -> Result<Settings, Error> {
        let where_ = path.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("bangfu.toml"));
        let aliases = Aliases::new(&self.aliases)
            .map_err(|e| config_error(&where_, format!("[aliases] 中的列名“{}”不是规定的列名", e.0)))?;
        let causes = Dictionary::new(&self.causes).map_err(|message| config_error(&where_, message))?;
        let period = match period_flag.or(self.period.as_deref()) {
            Some(text) => Period::given(text)?,
            None => Period::current(),
        };
        self.dibao.check().map_err(|message| config_error(&where_, message))?;
        let ladder = self.vocab.ladder().map_err(|message| config_error(&where_, message))?;
        let vocab =
            Vocabularies::new(ladder, &self.vocab.tier_map).map_err(|message| config_error(&where_, message))?;
        Ok(Settings { period, file: self, aliases, causes, vocab, reveal_ids })
    }
}

/// A configuration error about the file at `path`.
pub fn config_error(path: &Path, message: String) -> Error {
    Error::Config { path: path.to_path_buf(), message }
}

fn describe_toml_error(error: &toml::de::Error) -> String {
    let message = error.message();
    match message.strip_prefix("unknown field `") {
        Some(rest) => {
            let key = rest.split('`').next().unwrap_or(rest);
            format!("未知的配置项“{key}”（{}）", message.trim())
        }
        None => message.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ConfigFile, String> {
        toml::from_str::<ConfigFile>(text).map_err(|e| describe_toml_error(&e))
    }

    #[test]
    fn the_spec_example_parses() {
        let config = parse(
            r#"
period = "2026-11"
[report]
unit = "某某县总工会"
preparer = "张三"
reviewer = "李四"
[dibao]
default = 780.0
relative_factor = 1.5
accident_share = 0.8
inclusive = false
review_months = 12
by_region = { "4101" = 850.0 }
[[dibao.line]]
region = "4101"
from = "2026-07"
value = 880.0
[vocab]
ladder = ["低保户", "低保边缘户", "意外致困户"]
[vocab.tier_map]
"特困" = "低保户"
[aliases]
"身份证号" = ["身份证件号"]
[causes]
6 = ["渐冻症"]
[[aid_cap]]
kind = "医疗救助"
single = 1000.0
yearly = 2000.0
[limits]
max_file_mb = 200
"#,
        )
        .expect("spec example");
        assert_eq!(config.dibao.by_region.get("4101"), Some(&850.0));
        assert_eq!(config.causes.get("6").map(Vec::len), Some(1));
        assert_eq!(config.aid_cap[0].yearly, Some(2000.0));
        assert_eq!(config.limits.max_cells, Limits::default().max_cells);
        let settings = config.settle(None, None, false).expect("valid");
        assert_eq!(settings.vocab.tier.on_ladder("深度困难"), Some("低保户"));
    }

    #[test]
    fn the_ladder_under_both_names_is_an_error_naming_both() {
        let config = parse("[vocab]\nladder = [\"a\", \"b\", \"c\"]\ntiers = [\"a\", \"b\", \"c\"]\n").expect("parses");
        let err = config.settle(None, Some("2026"), false).unwrap_err().to_string();
        assert!(err.contains("ladder") && err.contains("tiers"), "{err}");
        let config = parse("[vocab.tier_map]\n\"特困\" = \"特别困难\"\n").expect("parses");
        let err = config.settle(None, Some("2026"), false).unwrap_err().to_string();
        assert!(err.contains("“特困”"), "{err}");
    }

    #[test]
    fn the_relative_factor_under_both_names_is_an_error_naming_both() {
        let old = parse("[dibao]\nedge_factor = 2.0\n").expect("parses");
        assert_eq!(old.dibao.relative_factor(), 2.0);
        let config = parse("[dibao]\nrelative_factor = 1.5\nedge_factor = 1.5\n").expect("parses");
        let err = config.settle(None, Some("2026"), false).unwrap_err().to_string();
        assert!(err.contains("relative_factor") && err.contains("edge_factor"), "{err}");
    }

    #[test]
    fn dated_lines_parse_and_a_bad_from_is_named() {
        let text = "[dibao]\ninclusive = true\n[[dibao.line]]\nregion = \"4101\"\nfrom = \"2026-07\"\nvalue = 880.0\n";
        let config = parse(text).expect("parses");
        assert_eq!(config.dibao.lines[0].value, 880.0);
        assert!(config.dibao.inclusive && config.dibao.regional());
        let bad = parse(&text.replace("2026-07", "2026年7月")).expect("parses");
        let err = bad.settle(None, Some("2026"), false).unwrap_err().to_string();
        assert!(err.contains("2026年7月"), "{err}");
    }

    #[test]
    fn unknown_keys_are_named() {
        let err = parse("[report]\nunit = \"x\"\nauthor = \"y\"\n").unwrap_err();
        assert!(err.contains("未知的配置项“author”"), "{err}");
        let err = parse("peroid = \"2026\"\n").unwrap_err();
        assert!(err.contains("“peroid”"), "{err}");
    }

    #[test]
    fn defaults_apply_when_silent() {
        let config = parse("").expect("empty file");
        assert_eq!(config.dibao.default, 780.0);
        assert_eq!(config.dibao.relative_factor(), 1.5);
        assert_eq!(config.dibao.accident_share, 0.8);
        assert_eq!(config.dibao.review_months, 12);
        assert!(!config.dibao.inclusive);
        assert_eq!(config.limits.max_file_mb, 200);
    }
}
