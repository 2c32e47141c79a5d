//! A minimal BIFF8 (.xls, Excel 97–2003) writer, so the sample holds the format
//! government offices still send most.
//!
//! It writes what Excel needs and nothing more: the workbook globals (BOF,
//! CODEPAGE, WINDOW1, FONT, 16 style XFs and one cell XF, STYLE, BOUNDSHEET8,
//! SST with CONTINUE and EXTSST, EOF) and per sheet (BOF, DIMENSIONS, NUMBER /
//! LABELSST cells, MERGEDCELLS, WINDOW2, EOF), in a `Workbook` stream of an OLE2
//! compound file built in memory. No formatting, no formulas. The output is
//! deterministic: the `cfb` crate stamps times only on storages, and a workbook
//! has none besides the root, whose times stay zero.
//! Reference: [MS-XLS] and [MS-CFB].

use std::collections::HashMap;
use std::io::{Cursor, Write};

/// One worksheet: cells (row, column, value) and merged ranges
/// (first_row, last_row, first_col, last_col), all 0-based.
pub struct XlsSheet {
    pub name: String,
    pub cells: Vec<(u16, u16, XlsValue)>,
    pub merges: Vec<(u16, u16, u16, u16)>,
}

/// A cell value.
#[derive(Clone, Debug, PartialEq)]
pub enum XlsValue {
    Text(String),
    Number(f64),
}

/// Largest record body BIFF8 allows.
const MAX_RECORD: usize = 8224;
/// Excel reads Workbook streams shorter than this badly; shorter ones are padded.
const MIN_STREAM: usize = 4096;
/// Index of the one cell XF (after the 16 style XFs).
const CELL_XF: u16 = 16;
/// Merged ranges per MERGEDCELLS record.
const MERGES_PER_RECORD: usize = 1026;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CODEPAGE: u16 = 0x0042;
const WINDOW1: u16 = 0x003D;
const FONT: u16 = 0x0031;
const XF: u16 = 0x00E0;
const STYLE: u16 = 0x0293;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const EXTSST: u16 = 0x00FF;
const DIMENSIONS: u16 = 0x0200;
const NUMBER: u16 = 0x0203;
const LABELSST: u16 = 0x00FD;
const MERGEDCELLS: u16 = 0x00E5;
const WINDOW2: u16 = 0x023E;

/// Writes the sheets as a complete .xls file.
pub fn write_xls(sheets: &[XlsSheet]) -> Result<Vec<u8>, String> {
    if sheets.is_empty() {
        return Err("an .xls workbook needs at least one sheet".into());
    }
    let mut sst = SharedStrings::default();
    let bodies = sheets
        .iter()
        .enumerate()
        .map(|(i, s)| sheet_stream(s, i == 0, &mut sst))
        .collect::<Result<Vec<_>, String>>()?;
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    let globals_len = globals(&names, &vec![0; sheets.len()], &sst)?.len();
    let mut offsets = Vec::with_capacity(bodies.len());
    let mut at = globals_len;
    for body in &bodies {
        offsets.push(u32::try_from(at).map_err(|_| "workbook too large for .xls")?);
        at += body.len();
    }
    let mut stream = globals(&names, &offsets, &sst)?;
    bodies.iter().for_each(|b| stream.extend_from_slice(b));
    if stream.len() < MIN_STREAM {
        stream.resize(MIN_STREAM, 0);
    }
    compound_file(&stream)
}

/// Wraps the Workbook stream in an OLE2 compound file.
fn compound_file(stream: &[u8]) -> Result<Vec<u8>, String> {
    let io = |e: std::io::Error| format!("cannot build the compound file: {e}");
    // Version 3 (512-byte sectors), as Excel writes it.
    let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).map_err(io)?;
    {
        let mut workbook = file.create_stream("/Workbook").map_err(io)?;
        workbook.write_all(stream).map_err(io)?;
        workbook.flush().map_err(io)?;
    }
    file.flush().map_err(io)?;
    Ok(file.into_inner().into_inner())
}

/// Appends one record.
fn record(out: &mut Vec<u8>, typ: u16, body: &[u8]) {
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(body.len() as u16).to_le_bytes());
    out.extend_from_slice(body);
}

/// Little-endian bytes of several u16.
fn u16s(values: &[u16]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// BOF of a BIFF8 substream (0x0005 globals, 0x0010 worksheet).
fn bof(out: &mut Vec<u8>, kind: u16) {
    let mut body = u16s(&[0x0600, kind, 0x0DBB, 0x07CC]);
    body.extend_from_slice(&0u32.to_le_bytes()); // file history
    body.extend_from_slice(&6u32.to_le_bytes()); // lowest BIFF version
    record(out, BOF, &body);
}

/// The workbook globals substream; `offsets` are the stream positions of the
/// sheets' BOF records.
fn globals(names: &[&str], offsets: &[u32], sst: &SharedStrings) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    bof(&mut out, 0x0005);
    record(&mut out, CODEPAGE, &1200u16.to_le_bytes());
    record(&mut out, WINDOW1, &u16s(&[0x0168, 0x010E, 0x3A5C, 0x23BE, 0x0038, 0, 0, 1, 0x0258]));
    for _ in 0..4 {
        record(&mut out, FONT, &font("宋体"));
    }
    for _ in 0..CELL_XF {
        record(&mut out, XF, &xf(true));
    }
    record(&mut out, XF, &xf(false));
    record(&mut out, STYLE, &[0x00, 0x80, 0x00, 0xFF]);
    for (name, offset) in names.iter().zip(offsets) {
        let mut body = offset.to_le_bytes().to_vec();
        body.extend_from_slice(&[0, 0]); // visible worksheet
        body.extend_from_slice(&short_string(name)?);
        record(&mut out, BOUNDSHEET, &body);
    }
    sst.write(&mut out);
    record(&mut out, EOF, &[]);
    Ok(out)
}

/// FONT: 11 pt, regular, automatic colour, GB2312 character set.
fn font(name: &str) -> Vec<u8> {
    let mut body = u16s(&[220, 0, 0x7FFF, 400, 0]);
    body.extend_from_slice(&[0, 0, 134, 0]); // underline, family, charset, reserved
    let units: Vec<u16> = name.encode_utf16().collect();
    body.extend_from_slice(&[units.len() as u8, 1]);
    body.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    body
}

/// XF: a style XF or the cell XF, General format, font 0, no borders.
fn xf(style: bool) -> Vec<u8> {
    let (kind, used) = if style { (0xFFF5u16, 0xF4u8) } else { (0x0001, 0x00) };
    let mut body = u16s(&[0, 0, kind]);
    body.extend_from_slice(&[0x20, 0x00, 0x00, used]);
    body.extend_from_slice(&[0; 8]);
    body.extend_from_slice(&0x20C0u16.to_le_bytes()); // pattern colours 64/65
    body
}

/// ShortXLUnicodeString (1-byte length), for sheet names (at most 31 characters).
fn short_string(s: &str) -> Result<Vec<u8>, String> {
    let units: Vec<u16> = s.encode_utf16().collect();
    if units.is_empty() || units.len() > 31 {
        return Err(format!("sheet name {s:?} must have 1 to 31 characters"));
    }
    let mut body = vec![units.len() as u8, 1];
    body.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    Ok(body)
}

/// One worksheet substream.
fn sheet_stream(sheet: &XlsSheet, first: bool, sst: &mut SharedStrings) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    bof(&mut out, 0x0010);
    record(&mut out, DIMENSIONS, &dimensions(&sheet.cells));
    let mut cells: Vec<&(u16, u16, XlsValue)> = sheet.cells.iter().collect();
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    for (row, col, value) in cells {
        let mut body = u16s(&[*row, *col, CELL_XF]);
        match value {
            XlsValue::Number(x) => {
                body.extend_from_slice(&x.to_le_bytes());
                record(&mut out, NUMBER, &body);
            }
            XlsValue::Text(s) => {
                body.extend_from_slice(&sst.intern(s)?.to_le_bytes());
                record(&mut out, LABELSST, &body);
            }
        }
    }
    merged_cells(&mut out, &sheet.merges);
    let options: u16 = if first { 0x06B6 } else { 0x00B6 };
    record(&mut out, WINDOW2, &u16s(&[options, 0, 0, 0x40, 0, 0, 0, 0, 0]));
    record(&mut out, EOF, &[]);
    Ok(out)
}

/// DIMENSIONS: first row, last row + 1, first column, last column + 1.
fn dimensions(cells: &[(u16, u16, XlsValue)]) -> Vec<u8> {
    let rows = cells.iter().map(|c| u32::from(c.0));
    let cols = cells.iter().map(|c| c.1);
    let (r0, r1) = (rows.clone().min().unwrap_or(0), rows.max().map_or(0, |r| r + 1));
    let (c0, c1) = (cols.clone().min().unwrap_or(0), cols.max().map_or(0, |c| c + 1));
    let mut body = r0.to_le_bytes().to_vec();
    body.extend_from_slice(&r1.to_le_bytes());
    body.extend_from_slice(&u16s(&[c0, c1, 0]));
    body
}

/// MERGEDCELLS records (Ref8 ranges).
fn merged_cells(out: &mut Vec<u8>, merges: &[(u16, u16, u16, u16)]) {
    for chunk in merges.chunks(MERGES_PER_RECORD) {
        let mut body = (chunk.len() as u16).to_le_bytes().to_vec();
        for (r0, r1, c0, c1) in chunk {
            body.extend_from_slice(&u16s(&[*r0, *r1, *c0, *c1]));
        }
        record(out, MERGEDCELLS, &body);
    }
}

/// The shared string table (SST): unique strings and how often cells use them.
#[derive(Default)]
struct SharedStrings {
    strings: Vec<String>,
    index: HashMap<String, u32>,
    uses: u32,
}

/// Where a string starts: record number in the SST chain, offset in its body.
type StringStart = (usize, usize);

impl SharedStrings {
    /// The index of `s`, adding it when new.
    fn intern(&mut self, s: &str) -> Result<u32, String> {
        if s.encode_utf16().count() > 32_767 {
            return Err("a cell text is longer than Excel's 32767 characters".into());
        }
        self.uses += 1;
        if let Some(i) = self.index.get(s) {
            return Ok(*i);
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), i);
        Ok(i)
    }

    /// Strings per EXTSST bucket (at most 128 buckets, at least 8 strings each).
    fn bucket_size(&self) -> usize {
        self.strings.len().div_ceil(128).max(8)
    }

    /// SST (+ CONTINUE) and EXTSST, appended to the globals in `out`.
    fn write(&self, out: &mut Vec<u8>) {
        let mut header = self.uses.to_le_bytes().to_vec();
        header.extend_from_slice(&(self.strings.len() as u32).to_le_bytes());
        let mut chain = Chain { bodies: vec![header] };
        let bucket = self.bucket_size();
        let mut starts = Vec::new();
        for (i, s) in self.strings.iter().enumerate() {
            let start = chain.push_string(s);
            if i % bucket == 0 {
                starts.push(start);
            }
        }
        let sst_at = out.len();
        for (i, body) in chain.bodies.iter().enumerate() {
            record(out, if i == 0 { SST } else { CONTINUE }, body);
        }
        record(out, EXTSST, &chain.ext_sst(sst_at, bucket, &starts));
    }
}

/// The SST record and its CONTINUE records, being filled.
struct Chain {
    bodies: Vec<Vec<u8>>,
}

impl Chain {
    fn room(&self) -> usize {
        MAX_RECORD - self.bodies.last().map_or(0, Vec::len)
    }

    /// Appends an XLUnicodeRichExtendedString (no rich text, no phonetics). The
    /// 3-byte header never splits; characters split across CONTINUE records,
    /// each continuation starting with the option byte again.
    fn push_string(&mut self, s: &str) -> StringStart {
        let units: Vec<u16> = s.encode_utf16().collect();
        let wide = units.iter().any(|u| *u > 0xFF);
        let per_char = if wide { 2 } else { 1 };
        if self.room() < 3 + per_char {
            self.bodies.push(Vec::new());
        }
        let start = (self.bodies.len() - 1, self.bodies.last().map_or(0, Vec::len));
        self.append(&(units.len() as u16).to_le_bytes());
        self.append(&[u8::from(wide)]);
        let mut rest = &units[..];
        loop {
            let n = (self.room() / per_char).min(rest.len());
            let bytes: Vec<u8> = rest[..n].iter().flat_map(|u| char_bytes(*u, wide)).collect();
            self.append(&bytes);
            rest = &rest[n..];
            if rest.is_empty() {
                return start;
            }
            self.bodies.push(vec![u8::from(wide)]);
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        if let Some(last) = self.bodies.last_mut() {
            last.extend_from_slice(bytes);
        }
    }

    /// EXTSST: bucket size, then per bucket the stream position of its first
    /// string and that string's offset inside its record (header included).
    fn ext_sst(&self, sst_at: usize, bucket: usize, starts: &[StringStart]) -> Vec<u8> {
        let mut record_at = Vec::with_capacity(self.bodies.len());
        let mut at = sst_at;
        for body in &self.bodies {
            record_at.push(at);
            at += 4 + body.len();
        }
        let mut out = (bucket as u16).to_le_bytes().to_vec();
        for (rec, offset) in starts {
            let in_record = 4 + offset;
            out.extend_from_slice(&((record_at[*rec] + in_record) as u32).to_le_bytes());
            out.extend_from_slice(&u16s(&[in_record as u16, 0]));
        }
        out
    }
}

/// One UTF-16 unit as 1 (compressed) or 2 bytes.
fn char_bytes(unit: u16, wide: bool) -> Vec<u8> {
    if wide {
        unit.to_le_bytes().to_vec()
    } else {
        vec![unit as u8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xls};

    fn open(bytes: Vec<u8>) -> Xls<Cursor<Vec<u8>>> {
        Xls::new(Cursor::new(bytes)).expect("calamine opens the .xls")
    }

    fn sample() -> Vec<XlsSheet> {
        vec![
            XlsSheet {
                name: "困难职工".into(),
                cells: vec![
                    (0, 0, XlsValue::Text("城关镇第一小学工会困难职工花名册".into())),
                    (1, 0, XlsValue::Text("职工姓名".into())),
                    (1, 1, XlsValue::Text("公民身份号码".into())),
                    (2, 0, XlsValue::Text("张秀英".into())),
                    (2, 1, XlsValue::Number(410102850307123.0)),
                    (2, 2, XlsValue::Number(31113.0)),
                    (3, 0, XlsValue::Text("Li Lei".into())),
                    (3, 1, XlsValue::Text("41010219850307123X".into())),
                ],
                merges: vec![(0, 0, 0, 5)],
            },
            XlsSheet {
                name: "说明".into(),
                cells: vec![(0, 0, XlsValue::Text("张秀英".into())), (4, 2, XlsValue::Number(-1.5))],
                merges: vec![],
            },
        ]
    }

    #[test]
    fn calamine_reads_text_numbers_and_merges() {
        let mut book = open(write_xls(&sample()).expect("writes"));
        assert_eq!(book.sheet_names(), vec!["困难职工".to_string(), "说明".to_string()]);
        let range = book.worksheet_range("困难职工").expect("sheet");
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("城关镇第一小学工会困难职工花名册".into())));
        assert_eq!(range.get_value((2, 0)), Some(&Data::String("张秀英".into())));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(410102850307123.0)));
        assert_eq!(range.get_value((2, 2)), Some(&Data::Float(31113.0)));
        assert_eq!(range.get_value((3, 0)), Some(&Data::String("Li Lei".into())));
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("41010219850307123X".into())));
        let merges = book.merge_cells_by_sheet_name("困难职工").expect("merges");
        assert_eq!(merges.len(), 1);
        assert_eq!((merges[0].start, merges[0].end), ((0, 0), (0, 5)));
        let notes = book.worksheet_range("说明").expect("sheet");
        assert_eq!(notes.get_value((4, 2)), Some(&Data::Float(-1.5)));
    }

    #[test]
    fn long_shared_string_tables_continue() {
        // ~2000 distinct CJK strings force several CONTINUE records, some
        // strings split across them.
        let cells: Vec<(u16, u16, XlsValue)> = (0..2000u16)
            .map(|i| {
                (
                    i,
                    0,
                    XlsValue::Text(format!("城关镇建设路{i}号院困难职工家庭住址{}", "长".repeat(usize::from(i % 37)))),
                )
            })
            .collect();
        let sheet = XlsSheet { name: "住址".into(), cells, merges: vec![] };
        let mut book = open(write_xls(&[sheet]).expect("writes"));
        let range = book.worksheet_range("住址").expect("sheet");
        for i in [0u16, 1, 500, 1234, 1999] {
            let want = format!("城关镇建设路{i}号院困难职工家庭住址{}", "长".repeat(usize::from(i % 37)));
            assert_eq!(range.get_value((u32::from(i), 0)), Some(&Data::String(want)));
        }
    }

    #[test]
    fn sheets_without_merges_have_none() {
        let book = open(write_xls(&sample()).expect("writes"));
        assert!(book.merge_cells_by_sheet_name("说明").expect("merges").is_empty());
    }

    #[test]
    fn output_is_deterministic_and_padded() {
        let a = write_xls(&sample()).expect("writes");
        let b = write_xls(&sample()).expect("writes");
        assert_eq!(a, b);
        assert_eq!(&a[..8], &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        assert!(a.len() >= MIN_STREAM + 512);
    }

    #[test]
    fn no_clock_in_the_directory() {
        let file = cfb::CompoundFile::open(Cursor::new(write_xls(&sample()).expect("writes"))).expect("OLE2");
        for path in ["/", "/Workbook"] {
            let entry = file.entry(path).expect("entry");
            // A zero CFB timestamp is 1601-01-01, long before the Unix epoch.
            assert!(entry.created() < std::time::UNIX_EPOCH && entry.modified() < std::time::UNIX_EPOCH, "{path}");
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(write_xls(&[]).is_err());
        let long = XlsSheet { name: "名".repeat(32), cells: vec![], merges: vec![] };
        assert!(write_xls(&[long]).is_err());
    }
}
