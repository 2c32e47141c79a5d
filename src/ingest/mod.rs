//! Ingest: from the files a statistician received to tables of records.
//!
//! Files are found ([`discover`]), their real format sniffed ([`sniff`]), read into
//! grids (workbooks, CSV, HTML), and in every sheet the header is found and the rows are
//! sorted into data and non-data ([`header`], [`table`]). A file that cannot be read
//! becomes one file-level finding and the batch goes on. Files are read in parallel.

pub mod config_file;
pub mod delimited;
pub mod discover;
pub mod form;
pub mod grid;
pub mod header;
pub mod html;
pub mod isolate;
pub mod limits;
pub mod merges;
pub mod periods;
pub mod preflight;
pub mod sniff;
pub mod table;
pub mod text;
pub mod wire;
pub mod workbook;

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::columns::Aliases;
use crate::config::Limits;
use crate::finding::{Code, Finding, Location};
use discover::InputFile;
use grid::Grid;
use header::Role;
use sniff::Format;
use table::{Record, Table};
use workbook::ReadError;

/// What was found in one sheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SheetReport {
    /// Sheet name (empty for CSV).
    pub name: String,
    /// The table's role, or `None` when no header was recognised.
    pub role: Option<Role>,
    /// Data rows.
    pub rows: usize,
    /// Rows that are not data.
    pub skipped: usize,
    /// A registration form (登记表) read as one roster row.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub form: bool,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    /// The name shown in findings.
    pub shown: Arc<str>,
    /// The format found by content.
    pub format: Format,
    /// The text encoding, for CSV and HTML.
    pub encoding: Option<&'static str>,
    /// Every sheet looked at.
    pub sheets: Vec<SheetReport>,
    /// The file-level finding, if the file could not be used.
    pub error: Option<Finding>,
}

impl FileReport {
    /// The file's main role: roster before ledger before workforce.
    pub fn role(&self) -> Option<Role> {
        self.sheets.iter().filter_map(|s| s.role).min()
    }

    /// Whether every roster sheet of the file is a registration form (role `form`).
    pub fn is_form(&self) -> bool {
        let rosters = self.sheets.iter().filter(|s| s.role == Some(Role::Roster));
        rosters.clone().count() > 0 && rosters.clone().all(|s| s.form)
    }

    /// Data rows in all its sheets.
    pub fn rows(&self) -> usize {
        self.sheets.iter().map(|s| s.rows).sum()
    }
}

/// Everything read from a batch.
#[derive(Debug, Default)]
pub struct Ingested {
    /// One report per file, in file order.
    pub files: Vec<FileReport>,
    /// The tables found, in file and sheet order.
    pub tables: Vec<Table>,
}

impl Ingested {
    /// File-level findings (F001–F004), in file order.
    pub fn file_findings(&self) -> impl Iterator<Item = &Finding> {
        self.files.iter().filter_map(|f| f.error.as_ref())
    }

    /// The records of the rows the findings point at, found when first asked for.
    pub fn records_at<'a>(&'a self, findings: &'a [Finding]) -> RecordsAt<'a> {
        RecordsAt { ingested: self, findings, at: OnceLock::new() }
    }
}

/// The records of the rows some findings point at (a form's record at each of its
/// values' rows): only in the sheets they name, not every row of the batch. Made once
/// for all the writers that ask (feedback and quality.xlsx), by the first to ask.
pub struct RecordsAt<'a> {
    ingested: &'a Ingested,
    findings: &'a [Finding],
    /// By file and sheet flagged: the rows from its first flagged to its last.
    at: OnceLock<SheetMap<'a, FlaggedRows>>,
}

/// A map keyed by file and sheet; a batch has a few hundred, looked up once per finding.
type SheetMap<'a, V> = HashMap<(&'a str, &'a str), V, foldhash::fast::RandomState>;

/// One sheet's rows from the first a finding points at to the last, each with the table
/// and record read there, if any (none for a finding about a whole file). Indexed by
/// row, so that a million findings are placed without a million-entry hash map.
struct FlaggedRows {
    first: u32,
    records: Vec<Option<(u32, u32)>>,
}

impl FlaggedRows {
    /// The place of a row in `records`, if it is not above the first.
    fn index(&self, row: u32) -> Option<usize> {
        row.checked_sub(self.first).map(|i| i as usize)
    }

    fn slot(&mut self, row: u32) -> Option<&mut Option<(u32, u32)>> {
        let i = self.index(row)?;
        self.records.get_mut(i)
    }
}

impl<'a> RecordsAt<'a> {
    fn at(&self) -> &SheetMap<'a, FlaggedRows> {
        self.at.get_or_init(|| {
            let mut spans: SheetMap<(u32, u32)> = SheetMap::default();
            for location in self.findings.iter().map(|f| &f.location) {
                let span = spans.entry((&location.file, &location.sheet)).or_insert((location.row, location.row));
                *span = (span.0.min(location.row), span.1.max(location.row));
            }
            let mut at: SheetMap<FlaggedRows> = spans
                .into_iter()
                .map(|(sheet, (first, last))| {
                    (sheet, FlaggedRows { first, records: vec![None; (last - first) as usize + 1] })
                })
                .collect();
            for (t, table) in self.ingested.tables.iter().enumerate() {
                for (r, record) in table.records.iter().enumerate() {
                    for (file, sheet, row) in record.rows() {
                        if let Some(slot) = at.get_mut(&(file, sheet)).and_then(|rows| rows.slot(row)) {
                            *slot = Some((t as u32, r as u32));
                        }
                    }
                }
            }
            at
        })
    }

    /// The table and record index of a row.
    pub fn position(&self, location: &Location) -> Option<(usize, usize)> {
        let rows = self.at().get(&(&*location.file, &*location.sheet))?;
        let (t, r) = (*rows.records.get(rows.index(location.row)?)?)?;
        Some((t as usize, r as usize))
    }

    /// The record of a row.
    pub fn record(&self, location: &Location) -> Option<&'a Record> {
        self.position(location).map(|(t, r)| &*self.ingested.tables[t].records[r])
    }
}

/// Reads every file, in parallel; `done` is called after each file with its name. Each
/// file is a task of its own, so a core that comes free takes the next file (handed out
/// in runs, the last run could leave one core reading alone).
pub fn ingest(files: &[InputFile], aliases: &Aliases, limits: &Limits, done: &(dyn Fn(&str) + Sync)) -> Ingested {
    let results: Vec<(FileReport, Vec<Table>)> = files
        .par_iter()
        .with_max_len(1)
        .map(|input| {
            let result = read_guarded(input, aliases, limits);
            done(&input.shown);
            result
        })
        .collect();
    let mut ingested = Ingested::default();
    for (report, tables) in results {
        ingested.files.push(report);
        ingested.tables.extend(tables);
    }
    ingested
}

/// Reads one file; a panic inside a reader becomes an F001 instead of ending the batch.
fn read_guarded(input: &InputFile, aliases: &Aliases, limits: &Limits) -> (FileReport, Vec<Table>) {
    let shown: Arc<str> = Arc::from(input.shown.as_str());
    catch_unwind(AssertUnwindSafe(|| read_file(input, shown.clone(), aliases, limits))).unwrap_or_else(|_| {
        let finding = Finding::file(
            Code::F001,
            shown.clone(),
            "读取文件时出现内部错误，文件结构异常。请用Excel打开后另存为.xlsx再报送。",
        );
        (failed(shown, Format::Other("未知"), finding), vec![])
    })
}

fn read_file(input: &InputFile, shown: Arc<str>, aliases: &Aliases, limits: &Limits) -> (FileReport, Vec<Table>) {
    let fail = |format, code, message: String| {
        (failed(shown.clone(), format, Finding::file(code, shown.clone(), message)), vec![])
    };
    let (format, size) = match sniff_file(&input.path) {
        Ok(found) => found,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(Format::Other("不存在"), Code::F001, "文件不存在，请检查路径。".to_string())
        }
        Err(e) => return fail(Format::Other("无法读取"), Code::F001, format!("无法打开文件：{e}")),
    };
    let over = limits::check_size(size, limits).or_else(|| zip_limits(&input.path, format, limits));
    if let Some(message) = over.or_else(|| preflight::check(&input.path, format, limits)) {
        return fail(format, Code::F004, message);
    }
    let (grids, encoding) = match read_grids(&input.path, format, limits) {
        Ok(read) => read,
        Err((code, message)) => return fail(format, code, message),
    };
    let stem = Path::new(&input.shown).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut report = FileReport { shown: shown.clone(), format, encoding, sheets: vec![], error: None };
    let mut tables = Vec::new();
    let mut incomplete = Vec::new();
    for grid in &grids {
        let origin = Location { file: shown.clone(), sheet: Arc::from(grid.name.as_str()), row: 0 };
        let table = read_sheet(grid, aliases, origin, &stem).unwrap_or_else(|missing| {
            incomplete.push(incomplete_form(&grid.name, &missing));
            None
        });
        report.sheets.push(SheetReport {
            name: grid.name.clone(),
            role: table.as_ref().map(|t| t.role),
            rows: table.as_ref().map_or(0, |t| t.records.len()),
            skipped: table.as_ref().map_or(0, |t| t.skipped.len()),
            form: table.as_ref().is_some_and(|t| t.form.is_some()),
        });
        tables.extend(table);
    }
    if tables.is_empty() {
        let message = if incomplete.is_empty() { no_header_message(&grids) } else { incomplete.join("") };
        report.error = Some(Finding::file(Code::F003, shown, message));
    }
    (report, tables)
}

/// Reads one file given as bytes in a known format, as [`ingest`] reads a file (the
/// limits, the pre-flight, the reader, the form and header search) and returns the number of tables found or
/// the file-level failure. For the fuzz targets: workbooks go through a temporary file,
/// since their readers open paths, and are read in this process.
pub fn read_bytes(bytes: &[u8], format: Format) -> Result<usize, (Code, String)> {
    let limits = Limits::default();
    let grids = if matches!(format, Format::Html | Format::Text) {
        read_text(bytes, format).0
    } else {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("bangfu-bytes-{}-{n}", std::process::id()));
        std::fs::write(&path, bytes).map_err(|e| (Code::F001, e.to_string()))?;
        let over = limits::check_size(bytes.len() as u64, &limits).or_else(|| zip_limits(&path, format, &limits));
        let read = match over.or_else(|| preflight::check(&path, format, &limits)) {
            Some(message) => Err((Code::F004, message)),
            None => read_workbook(&path, format, limits.max_cells),
        };
        let _ = std::fs::remove_file(&path);
        read?
    };
    let aliases = Aliases::built_in();
    let origin = |grid: &Grid| Location { file: Arc::from("fuzz"), sheet: Arc::from(grid.name.as_str()), row: 0 };
    Ok(grids.iter().filter_map(|grid| read_sheet(grid, &aliases, origin(grid), "fuzz").ok().flatten()).count())
}

/// The table of one sheet: a registration form, else the table under its header;
/// `Err` with the missing labels for a sheet that looks like a form but is not one.
fn read_sheet(
    grid: &Grid,
    aliases: &Aliases,
    origin: Location,
    stem: &str,
) -> Result<Option<Table>, Vec<&'static str>> {
    let incomplete = match form::read(grid, aliases, origin.clone(), stem) {
        form::Sheet::Form(table) => return Ok(Some(table)),
        form::Sheet::Incomplete(missing) => Some(missing),
        form::Sheet::NotForm => None,
    };
    match (header::find(grid, aliases), incomplete) {
        (Some(header), _) => Ok(Some(table::extract(grid, header, origin, stem))),
        (None, Some(missing)) => Err(missing),
        (None, None) => Ok(None),
    }
}

/// F003 for a sheet that looks like a registration form but lacks required labels.
fn incomplete_form(sheet: &str, missing: &[&str]) -> String {
    let sheet = if sheet.is_empty() { "（文本）" } else { sheet };
    format!("工作表“{sheet}”像是困难职工家庭情况登记表，但缺少必填项：{}。请补上后重新报送。", missing.join("、"))
}

fn failed(shown: Arc<str>, format: Format, finding: Finding) -> FileReport {
    FileReport { shown, format, encoding: None, sheets: vec![], error: Some(finding) }
}

fn sniff_file(path: &Path) -> std::io::Result<(Format, u64)> {
    let mut file = BufReader::new(File::open(path)?);
    let size = file.get_ref().metadata()?.len();
    let mut head = Vec::with_capacity(8192);
    (&mut file).take(8192).read_to_end(&mut head)?;
    Ok((sniff::sniff(&head, &mut file), size))
}

fn zip_limits(path: &Path, format: Format, limits: &Limits) -> Option<String> {
    matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods)
        .then(|| File::open(path).ok().and_then(|f| limits::check_zip(BufReader::new(f), limits)))
        .flatten()
}

type Grids = (Vec<Grid>, Option<&'static str>);

fn read_grids(path: &Path, format: Format, limits: &Limits) -> Result<Grids, (Code, String)> {
    match format {
        Format::Xls | Format::Ods if isolate::wanted(format) => {
            Ok((isolate::read(path, format, limits.max_cells)?, None))
        }
        Format::Xlsx | Format::Xlsb | Format::Xls | Format::Ods => {
            Ok((read_workbook(path, format, limits.max_cells)?, None))
        }
        Format::Html | Format::Text => {
            let bytes = std::fs::read(path).map_err(|e| (Code::F001, format!("无法读取文件：{e}")))?;
            Ok(read_text(&bytes, format))
        }
        Format::EncryptedOoxml => Err((Code::F002, ENCRYPTED.to_string())),
        Format::Damaged(what) => {
            Err((Code::F001, format!("文件已损坏或不完整（{what}），可能只传了一部分。请重新导出后再报送。")))
        }
        Format::Other(what) => {
            Err((Code::F001, format!("文件实际是{what}，不是电子表格。请另存为.xlsx或.xls后重新报送。")))
        }
    }
}

/// Reads a workbook's sheets, in this process (or in the reader child, which calls this).
///
/// The reader guard: a panic inside calamine is caught here and is the file's F001 with
/// the reader's words, so that it ends the reading of that file only. Fuzzing found
/// calamine 0.38 panicking on damaged xls files (sector indices of the OLE2 container,
/// BIFF records shorter than their fields: fuzz/README.md); a panic cannot ask for
/// memory, so the pre-flight and the child's memory limit stay the defence against that.
pub fn read_workbook(path: &Path, format: Format, max_cells: u64) -> Result<Vec<Grid>, (Code, String)> {
    match catch_unwind(AssertUnwindSafe(|| workbook::read(path, format, max_cells))) {
        Ok(read) => read.map(|book| book.sheets).map_err(read_error),
        Err(panic) => Err((Code::F001, reader_panicked(format, panic.as_ref()))),
    }
}

/// F001's message for a reader that panicked: the format and the reader's own words.
fn reader_panicked(format: Format, panic: &(dyn std::any::Any + Send)) -> String {
    let words = panic.downcast_ref::<&str>().copied().or_else(|| panic.downcast_ref::<String>().map(String::as_str));
    format!(
        "{}文件内部结构异常，读取器无法解析（{}），未读取。请用Excel打开后另存为.xlsx再报送。",
        format.label(),
        words.unwrap_or("未知错误")
    )
}

const ENCRYPTED: &str = "文件设有打开密码或已加密，无法读取。请去掉密码后重新报送。";

fn read_text(bytes: &[u8], format: Format) -> Grids {
    let declared = (format == Format::Html).then(|| html::declared_charset(bytes)).flatten();
    let (text, encoding) = match declared.and_then(|label| text::decode_declared(bytes, &label)) {
        Some(text) => (text, "HTML声明的编码"),
        None => text::decode(bytes),
    };
    let grids = match format {
        Format::Html => html::parse(&text),
        _ => vec![delimited::parse(&text, String::new())],
    };
    (grids, Some(encoding))
}

fn read_error(error: ReadError) -> (Code, String) {
    match error {
        ReadError::Encrypted => (Code::F002, ENCRYPTED.to_string()),
        ReadError::Corrupt(reason) => {
            (Code::F001, format!("文件已损坏或不完整，无法打开（{reason}）。请用Excel打开后另存为.xlsx再报送。"))
        }
        ReadError::TooManyCells { sheet, limit } => {
            (Code::F004, format!("工作表“{sheet}”的单元格超过 {limit} 个（[limits] max_cells），未读取"))
        }
        ReadError::BeyondSheet { sheet, row, col } => (
            Code::F004,
            format!("工作表“{sheet}”中有单元格位于第 {row} 行、第 {col} 列，超出 Excel 工作表的上限（1048576 行 × 16384 列），未读取"),
        ),
    }
}

fn no_header_message(grids: &[Grid]) -> String {
    if grids.iter().all(|g| g.rows.is_empty()) {
        return "文件中没有数据。".to_string();
    }
    let names: Vec<&str> = grids.iter().map(|g| if g.name.is_empty() { "（文本）" } else { g.name.as_str() }).collect();
    format!(
        "在工作表 {} 中未找到可识别的表头：花名册需有“身份证号”及“致困原因”或“困难类别”列，台账需有“姓名”或“身份证号”及“金额”“帮扶类型”列，职工人数表需有“职工总数”列。",
        names.join("、")
    )
}
