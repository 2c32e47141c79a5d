//! From a sheet with a header to records: which rows are data, which are not (and why),
//! and which grassroots union each row belongs to.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use foldhash::fast::RandomState;

use super::form::Member;
use super::grid::{Cell, Grid, Merge, Row};
use super::header::{Column, Columns, Header, Role};
use crate::columns::Field;
use crate::finding::{Location, RowKey};
use crate::text::{changed_key, clean, header_key, is_own_key};

/// Why a row is not data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A title or note above the header.
    Title,
    /// The header itself.
    Header,
    /// Empty, or holding only a printed 序号.
    Blank,
    /// 合计 / 小计 / 总计.
    Total,
    /// 填表人, 审核人, 制表日期 …
    Footer,
    /// The header repeated at a page break.
    RepeatedHeader,
    /// A row of column numbers (栏次 1 2 3 …) under the header.
    ColumnNumbers,
    /// A lone note or section heading inside the table.
    Note,
}

impl SkipReason {
    /// Every reason, in report order.
    pub const ALL: [SkipReason; 8] = [
        SkipReason::Title,
        SkipReason::Header,
        SkipReason::Blank,
        SkipReason::Total,
        SkipReason::Footer,
        SkipReason::RepeatedHeader,
        SkipReason::ColumnNumbers,
        SkipReason::Note,
    ];

    /// In a clerk's words.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Title => "标题或说明行",
            SkipReason::Header => "表头行",
            SkipReason::Blank => "空行",
            SkipReason::Total => "合计行",
            SkipReason::Footer => "落款行（填表人、审核人等）",
            SkipReason::RepeatedHeader => "重复的表头行",
            SkipReason::ColumnNumbers => "栏次行",
            SkipReason::Note => "备注或分组标题行",
        }
    }
}

/// One data row: where it came from, its union, and its cells (one per column of its
/// table's header, which it shares).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// File, sheet, Excel row.
    pub origin: Location,
    /// 基层工会 — the grassroots union the row belongs to.
    pub union: Arc<str>,
    /// The columns of the table's header.
    pub columns: Arc<Columns>,
    /// The cells, parallel to the columns.
    pub cells: Box<[Cell]>,
    /// 家庭成员 — the family-member table under a registration form; empty on a roster.
    pub members: Box<[Member]>,
}

impl Record {
    /// The cell of a canonical column, if the sheet has the column.
    pub fn cell(&self, field: Field) -> Option<&Cell> {
        self.columns.position(field).and_then(|i| self.cells.get(i))
    }

    /// Where the value of a canonical column is: the record's row, or on a form the
    /// value's own row (its column is the finding's column name).
    pub fn location(&self, field: Field) -> Location {
        let own = self.columns.position(field).and_then(|i| self.columns[i].row);
        Location { row: own.unwrap_or(self.origin.row), ..self.origin.clone() }
    }

    /// Every row a finding about this record can point at: its own, and on a form the
    /// rows of its values.
    pub fn rows(&self) -> impl Iterator<Item = RowKey<'_>> + '_ {
        let own = std::iter::once(self.origin.row);
        let values = self.columns.iter().filter_map(|c| c.row).filter(|r| *r != self.origin.row);
        own.chain(values).map(|row| (&*self.origin.file, &*self.origin.sheet, row))
    }
}

/// A table read from one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Roster, ledger or workforce.
    pub role: Role,
    /// File and sheet.
    pub origin: Location,
    /// The header's Excel row numbers.
    pub header_rows: Vec<u32>,
    /// Columns, in the sheet's own order.
    pub columns: Arc<Columns>,
    /// The data rows.
    pub records: Vec<Arc<Record>>,
    /// Rows that are not data: Excel row number and reason.
    pub skipped: Vec<(u32, SkipReason)>,
    /// For a registration form, the sheet as read (labels and values in their cells),
    /// so that feedback can hand back a copy of the form itself.
    pub form: Option<Arc<Grid>>,
}

impl Table {
    /// The position of a canonical column, if the sheet has it.
    pub fn position(&self, field: Field) -> Option<usize> {
        self.columns.position(field)
    }
}

/// Reads the records under a header. `fallback_union` is the file name's stem.
pub fn extract(grid: &Grid, header: Header, origin: Location, fallback_union: &str) -> Table {
    let last_header = header.rows.last().copied().unwrap_or(0);
    let sheet_union: Arc<str> =
        Arc::from(union_named_above(grid, header.rows[0]).unwrap_or_else(|| fallback_union.to_string()));
    let fills = MergeFills::new(&grid.merges, last_header);
    let mut table = Table {
        role: header.role,
        origin: origin.clone(),
        header_rows: header.rows.iter().map(|r| r + 1).collect(),
        columns: Arc::new(header.columns.into_iter().collect()),
        records: Vec::new(),
        skipped: Vec::new(),
        form: None,
    };
    let header_keys: HashSet<String, RandomState> = header
        .rows
        .iter()
        .filter_map(|r| grid.row(*r))
        .flat_map(|r| r.cells.iter().filter_map(|(_, c)| c.as_text()).map(|t| header_key(t).into_owned()))
        .collect();
    let mut known = KnownKeys::default();
    let mut previous: Option<u32> = None;
    for row in &grid.rows {
        let gap_start = previous.map_or(0, |p| p + 1);
        table.skipped.extend((gap_start..row.index).map(|r| (r + 1, SkipReason::Blank)));
        previous = Some(row.index);
        let reason = if row.index < header.rows[0] {
            Some(SkipReason::Title)
        } else if row.index <= last_header {
            Some(SkipReason::Header)
        } else {
            skip_reason(row, &table.columns, &header_keys, &mut known)
        };
        match reason {
            Some(reason) => table.skipped.push((row.index + 1, reason)),
            None => {
                let unions = (&sheet_union, table.records.last().map_or(&sheet_union, |r| &r.union));
                let record = read_record(grid, row, &table, &fills, unions);
                table.records.push(Arc::new(record));
            }
        }
    }
    table
}

/// A row's record. `unions` are the sheet's union (for a row that names none) and the
/// previous row's (shared when the row names the same one, as the rows of one union do).
fn read_record(grid: &Grid, row: &Row, table: &Table, fills: &MergeFills, unions: (&Arc<str>, &Arc<str>)) -> Record {
    let (sheet_union, last_union) = unions;
    let cells: Vec<Cell> = table
        .columns
        .iter()
        .map(|column| match row.get(column.index) {
            Some(cell) => cell.clone(),
            None => fills.value(grid, row.index, column.index).cloned().unwrap_or_default(),
        })
        .collect();
    let union = table
        .position(Field::Union)
        .and_then(|i| cells.get(i))
        .map(Cell::cleaned)
        .filter(|u| !u.is_empty())
        .map_or_else(
            || sheet_union.clone(),
            |u| if u == **last_union { last_union.clone() } else { Arc::from(u.as_str()) },
        );
    let origin = Location { row: row.index + 1, ..table.origin.clone() };
    Record { origin, union, columns: table.columns.clone(), cells: cells.into(), members: Box::default() }
}

/// The keys ([`header_key`]) of a sheet's texts that are not their own, each computed
/// once: a column of cause texts written with full-width commas repeats a few dozen
/// texts thousands of times. At most [`KEYS_KEPT`] are kept, so that a sheet whose
/// texts never repeat does not fill memory with them.
#[derive(Default)]
struct KnownKeys<'g>(HashMap<&'g str, String, RandomState>);

/// How many keys [`KnownKeys`] keeps for one sheet.
const KEYS_KEPT: usize = 4096;

impl<'g> KnownKeys<'g> {
    fn key(&mut self, text: &'g str) -> Cow<'g, str> {
        if is_own_key(text) {
            return Cow::Borrowed(text);
        }
        if let Some(key) = self.0.get(text) {
            return Cow::Owned(key.clone());
        }
        let key = changed_key(text);
        if self.0.len() < KEYS_KEPT {
            self.0.insert(text, key.clone());
        }
        Cow::Owned(key)
    }
}

/// Why a row under the header is not data, or `None` for data. `header_keys` are the
/// keys of the header rows' cells: a row made of them is the header repeated.
fn skip_reason<'g>(
    row: &'g Row,
    columns: &[Column],
    header_keys: &HashSet<String, RandomState>,
    known: &mut KnownKeys<'g>,
) -> Option<SkipReason> {
    let field_at = |col: u32| columns.iter().find(|c| c.index == col).and_then(|c| c.field);
    // The comparison key of each short text cell, computed once: numbers and long text
    // are never totals, footers or header names.
    let texts = row.cells.iter().filter_map(|(_, c)| c.as_text()).filter(|t| t.len() <= 160);
    let keys: Vec<Cow<str>> = texts.map(|t| known.key(t)).collect();
    if keys.iter().take(3).any(|k| TOTAL_WORDS.iter().any(|w| k.starts_with(w))) {
        return Some(SkipReason::Total);
    }
    if keys.iter().any(|k| is_footer(k)) {
        return Some(SkipReason::Footer);
    }
    let repeated = keys.iter().filter(|k| header_keys.contains(k.as_ref())).count();
    if repeated >= 2 && repeated * 2 >= row.cells.len() {
        return Some(SkipReason::RepeatedHeader);
    }
    if is_column_numbers(row) {
        return Some(SkipReason::ColumnNumbers);
    }
    match row.cells.as_slice() {
        [(col, cell)] if field_at(*col) == Some(Field::SerialNo) => {
            Some(if matches!(cell, Cell::Number(_)) || cell.to_string().trim().parse::<u32>().is_ok() {
                SkipReason::Blank
            } else {
                SkipReason::Note
            })
        }
        [(col, _)] if !matches!(field_at(*col), Some(Field::Name | Field::Id)) => Some(SkipReason::Note),
        [_] if keys.first().is_some_and(|k| is_note(k)) => Some(SkipReason::Note),
        _ => None,
    }
}

const TOTAL_WORDS: [&str; 5] = ["合计", "小计", "总计", "共计", "累计"];

const FOOTER_WORDS: [&str; 17] = [
    "填表人",
    "填报人",
    "制表人",
    "制表",
    "审核人",
    "审批人",
    "核对人",
    "单位负责人",
    "负责人",
    "填表日期",
    "填报日期",
    "报送日期",
    "制表日期",
    "联系人",
    "联系电话:",
    "(盖章)",
    "盖章",
];

/// Whether a cell's key starts like a footer.
pub(super) fn is_footer(key: &str) -> bool {
    FOOTER_WORDS.iter().any(|w| key.starts_with(w)) || key.starts_with("单位(盖章)")
}

/// Whether a lone cell's key starts like a note.
fn is_note(key: &str) -> bool {
    ["注:", "注：", "说明", "备注:", "以下空白", "以下无"].iter().any(|w| key.starts_with(w))
}

/// 1 2 3 4 … across the row (栏次), at least three.
fn is_column_numbers(row: &Row) -> bool {
    let numbers: Option<Vec<f64>> = row
        .cells
        .iter()
        .map(|(_, c)| match c {
            Cell::Number(n) => Some(*n),
            Cell::Text(t) => t.trim().parse().ok(),
            _ => None,
        })
        .collect();
    numbers.is_some_and(|n| n.len() >= 3 && n[0] <= 1.0 && n.windows(2).all(|w| w[1] == w[0] + 1.0))
}

/// The unit named above the header: a “填报单位：…” line, else a title naming a 工会.
pub(super) fn union_named_above(grid: &Grid, header_row: u32) -> Option<String> {
    let texts: Vec<String> = grid
        .rows
        .iter()
        .take_while(|r| r.index < header_row)
        .flat_map(|r| r.cells.iter().filter_map(|(_, c)| c.as_text().map(clean)))
        .collect();
    texts.iter().find_map(|t| labelled_unit(t)).or_else(|| texts.iter().find_map(|t| union_in_title(t)))
}

fn labelled_unit(text: &str) -> Option<String> {
    let compact: String = text.replace(['：'], ":");
    for label in ["填报单位", "基层工会", "工会名称", "报送单位", "单位名称", "单位"] {
        if let Some(at) = compact.find(&format!("{label}:")) {
            let rest = compact[at + label.len() + 1..].trim_start();
            let unit: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            let unit = unit.split("填报日期").next().unwrap_or("").trim_end_matches(['(', '（']);
            if !unit.is_empty() {
                return Some(unit.to_string());
            }
        }
    }
    None
}

/// `城关镇第一小学工会2026年困难职工花名册` → `城关镇第一小学工会`.
fn union_in_title(text: &str) -> Option<String> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if let (Some(open), Some(close)) = (text.find('('), text.rfind(')')) {
        let inner = &text[open + 1..close.max(open + 1)];
        if inner.contains("工会") {
            return Some(inner.to_string());
        }
    }
    let mut end = text.rfind("工会")? + "工会".len();
    // 工会联合会, 工会委员会, 工会工作委员会 are one body.
    if let Some(suffix) = ["联合会", "委员会", "工作委员会"].into_iter().find(|s| text[end..].starts_with(s))
    {
        end += suffix.len();
    }
    let name = strip_leading_year(&text[..end]);
    (name.chars().count() > 2).then(|| name.to_string())
}

fn strip_leading_year(text: &str) -> &str {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    match text[digits..].strip_prefix("年度").or_else(|| text[digits..].strip_prefix('年')) {
        Some(rest) if digits == 4 => rest,
        _ => text,
    }
}

/// Vertically merged cells inside the data area (a union's name merged over its rows):
/// for each column, the merged intervals sorted by first row.
struct MergeFills {
    by_column: HashMap<u32, Vec<Merge>>,
}

impl MergeFills {
    fn new(merges: &[Merge], last_header: u32) -> MergeFills {
        let mut by_column: HashMap<u32, Vec<Merge>> = HashMap::new();
        for m in merges.iter().filter(|m| m.top > last_header && m.bottom > m.top) {
            by_column.entry(m.left).or_default().push(*m);
        }
        by_column.values_mut().for_each(|v| v.sort_by_key(|m| m.top));
        MergeFills { by_column }
    }

    /// The value a vertically merged region shows at (row, col).
    fn value<'g>(&self, grid: &'g Grid, row: u32, col: u32) -> Option<&'g Cell> {
        let merges = self.by_column.get(&col)?;
        let i = merges.partition_point(|m| m.top <= row).checked_sub(1)?;
        let m = merges[i];
        (m.bottom >= row).then(|| grid.row(m.top).and_then(|r| r.get(m.left)))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_the_header_keys() {
        let texts: Vec<String> = ["姓名", "本人患尿毒症，需长期透析", "合计：", "ＡＢＣ 工会", "Name*"]
            .into_iter()
            .map(String::from)
            .chain((0..KEYS_KEPT + 10).map(|i| format!("因病，第{i}户")))
            .collect();
        let mut known = KnownKeys::default();
        // Twice over: the second time the keys kept are the ones given.
        for _ in 0..2 {
            for text in &texts {
                assert_eq!(known.key(text), header_key(text), "{text}");
            }
        }
        assert_eq!(known.0.len(), KEYS_KEPT);
        assert!(matches!(known.key("姓名"), Cow::Borrowed("姓名")));
    }

    #[test]
    fn unions_are_read_from_titles_and_labels() {
        assert_eq!(union_in_title("城关镇第一小学工会2026年困难职工花名册").as_deref(), Some("城关镇第一小学工会"));
        assert_eq!(union_in_title("2026年城关镇第一小学工会困难职工花名册").as_deref(), Some("城关镇第一小学工会"));
        assert_eq!(
            union_in_title("城关镇东街社区工会联合会困难职工花名册（退休）").as_deref(),
            Some("城关镇东街社区工会联合会")
        );
        assert_eq!(union_in_title("困难职工花名册(市第二医院工会)").as_deref(), Some("市第二医院工会"));
        assert_eq!(union_in_title("困难职工花名册"), None);
        assert_eq!(
            labelled_unit("填报单位：东风机械厂工会    填报日期：2026年11月").as_deref(),
            Some("东风机械厂工会")
        );
        assert_eq!(labelled_unit("填报单位:"), None);
    }

    #[test]
    fn footers_totals_and_column_numbers_are_recognised() {
        assert!(is_footer(&header_key("填表人：张三")));
        assert!(is_footer(&header_key("审 核 人：")));
        assert!(!is_footer(&header_key("张三")));
        let numbers = Row { index: 3, cells: (0..5).map(|c| (c, Cell::Number(f64::from(c + 1)))).collect() };
        assert!(is_column_numbers(&numbers));
        let data = Row { index: 3, cells: vec![(0, Cell::Number(1.0)), (1, Cell::Text("张三".into()))] };
        assert!(!is_column_numbers(&data));
    }
}
