//! The rows of a list as worksheet XML, written by bangfu itself and spliced into the
//! workbook when it is saved. rust_xlsxwriter stores each cell, looks its style up by
//! hashing the whole `Format` and formats its XML through `write!`: at a million rows
//! that was most of roster.xlsx's time (bench/README.md). Here a list knows each
//! column's style index once ([`super::book::Book`] registers the list styles first, so
//! their indices are fixed), and a row is appended as bytes to a [`Spool`]. The library
//! writes everything else — title and header rows, widths, panes, filter, print setup,
//! styles — and the rows go into their sheet's part of the zip after the header, its
//! dimension widened to them: kept (in memory, or in a temporary file when they are
//! many) and compressed when the workbook is saved, or, for a long list whose length is
//! known, compressed as they are made (behind the head the library writes for the
//! sheet, asked for before the first row), so that the save does not compress a million
//! rows on one core after the other writers have finished. Such a list that is its
//! workbook's first is compressed into the workbook's own file, behind the parts the
//! library writes before its sheet, and the save finishes the workbook there when those
//! parts are still the same: the compressed rows are then not copied either.

use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, Write};
use std::mem;
use std::ops::Range;

use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::book::{Out, ZIP_LEVEL};
use super::notes::{shape_ids, SheetNotes};
use super::spool::Spool;
use super::xml::{column_letters, push_decimal, push_escaped};
use crate::normalize::date;

/// Longest text a cell holds, in UTF-16 units (Excel's limit).
const MAX_TEXT: usize = 32_767;

/// How a cell starts, before its column's letters.
const CELL_START: &str = "<c r=\"";

/// One cell of a row: its value and the index of its style.
pub type Cell<'a> = (&'a Out, u32);

/// The rows of one sheet, on their way to the workbook's save.
pub struct SheetRows {
    /// The sheet's index in the workbook.
    index: usize,
    /// The sheet's part in the zip: `xl/worksheets/sheet<N>.xml`.
    part: String,
    rows: Rows,
    /// The first row written, and the last row and column (0-based).
    first: Option<u32>,
    last: Option<(u32, u16)>,
    /// Each column's cells' start, `<c r="` and its letters, by column.
    cell_starts: Vec<String>,
    /// Each style's attribute, ` s="…"` with its quotes, by style index (known so far).
    style_attributes: Vec<String>,
    /// When the rows are compressed into the workbook's own file: the parts the library
    /// wrote before the sheet, copied there first, as a zip of their own.
    before: Option<Vec<u8>>,
}

impl SheetRows {
    /// The rows of the workbook's worksheet at `index`, of `columns` columns.
    pub fn new(index: usize, columns: u16) -> SheetRows {
        SheetRows {
            index,
            part: format!("xl/worksheets/sheet{}.xml", index + 1),
            rows: Rows::Kept(Spool::new(|| Ok(Kept::new()))),
            first: None,
            last: None,
            cell_starts: (0..columns).map(|col| format!("{CELL_START}{}", column_letters(col))).collect(),
            style_attributes: Vec::new(),
            before: None,
        }
    }

    /// The rows of the worksheet at `index` of the workbook `saved` (as it was saved with
    /// the sheet's title and header), of `columns` columns, to be the rows `rows`
    /// (0-based): compressed into the sheet's part as they are written, behind the head
    /// the library writes for the sheet, widened to them. The save checks that the head
    /// it finds is this one.
    ///
    /// The part goes into `workbook`, the workbook's own file, when it is given: behind
    /// the parts the library writes before the sheet, so that the save finishes the
    /// workbook there ([`splice_in_place`]) when those parts are still the same, and
    /// the compressed rows, hundreds of megabytes at a million, are not copied again.
    /// When the save finds those parts changed, it copies the part from that file into a
    /// new one; without `workbook`, the part goes into a temporary file of its own, from
    /// which the save copies it.
    pub fn compressed(
        index: usize,
        columns: u16,
        saved: Vec<u8>,
        rows: Range<u32>,
        workbook: Option<File>,
    ) -> io::Result<SheetRows> {
        SheetRows::compressed_within(index, columns, saved, rows, workbook, u64::from(u32::MAX))
    }

    /// [`SheetRows::compressed`], the part's XML compressed as long as it stays below
    /// `limit` bytes with room for the sheet's end; past that the rows are kept as they
    /// are, and compressed at the save (with ZIP64 if they need it).
    fn compressed_within(
        index: usize,
        columns: u16,
        saved: Vec<u8>,
        rows: Range<u32>,
        workbook: Option<File>,
        limit: u64,
    ) -> io::Result<SheetRows> {
        let mut sheet = SheetRows::new(index, columns);
        let mut xml = String::new();
        let mut book = ZipArchive::new(Cursor::new(saved)).map_err(io::Error::other)?;
        book.by_name(&sheet.part).map_err(io::Error::other)?.read_to_string(&mut xml)?;
        let last = rows.end.checked_sub(1).map(|row| (row, sheet.letters(columns.saturating_sub(1))));
        let (head, _) = around_rows(&xml, &sheet.part, Some(rows.start), last)?;
        let mut zip = match workbook {
            Some(file) => {
                let (before, count) = parts_before(&mut book, &sheet.part)?;
                let mut zip = ZipWriter::new(file);
                for i in 0..count {
                    zip.raw_copy_file(book.by_index_raw(i).map_err(io::Error::other)?).map_err(io::Error::other)?;
                }
                sheet.before = Some(before);
                zip
            }
            None => ZipWriter::new(tempfile::tempfile()?),
        };
        // Stored as the save stores a part short of 4 GiB: without a ZIP64 field (a
        // longer part is kept as it is, see [`Part`]).
        zip.start_file(sheet.part.as_str(), part_options(0)).map_err(io::Error::other)?;
        zip.write_all(head.as_bytes())?;
        let length = head.len() as u64;
        let part = Part::Compressing { zip: Box::new(ByTheMegabyte::new(zip)), head: length, length, limit };
        sheet.rows = Rows::Compressed { head, part: Spool::new(move || Ok(part)) };
        Ok(sheet)
    }

    /// A column's letters.
    fn letters(&self, col: u16) -> &str {
        &self.cell_starts[usize::from(col)][CELL_START.len()..]
    }

    /// The library's XML `xml` of the sheet before these rows, widened to them, and
    /// after them ([`around_rows`]).
    fn around<'x>(&self, xml: &'x str) -> io::Result<(String, &'x str)> {
        let last = self.last.map(|(row, col)| (row, self.letters(col)));
        around_rows(xml, &self.part, self.first, last)
    }

    /// The sheet's index in the workbook.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Writes row `row` (0-based, below the rows the library wrote): `height` in points
    /// when taller than the default, then its cells from the first column.
    pub fn row<'a>(
        &mut self,
        row: u32,
        height: Option<f64>,
        cells: impl Iterator<Item = Cell<'a>>,
    ) -> Result<(), XlsxError> {
        let mut number = itoa::Buffer::new();
        let number = number.format(row + 1).as_bytes();
        // Written straight into the spool's chunk, not copied there afterwards.
        let line = self.rows.spool_chunk();
        line.extend_from_slice(b"<row r=\"");
        line.extend_from_slice(number);
        line.push(b'"');
        if let Some(height) = height {
            // As the library writes it: whole pixels, in points.
            let points = (height * 4.0 / 3.0).round() * 0.75;
            line.extend_from_slice(b" ht=\"");
            push_decimal(line, points);
            line.extend_from_slice(b"\" customHeight=\"1\"");
        }
        line.push(b'>');
        let mut last_col = 0;
        for (col, (value, style)) in cells.enumerate() {
            let Some(start) = self.cell_starts.get(col) else { break };
            last_col = col as u16;
            line.extend_from_slice(start.as_bytes());
            line.extend_from_slice(number);
            let style = style as usize;
            if style >= self.style_attributes.len() {
                self.style_attributes.extend((self.style_attributes.len()..=style).map(|s| format!("\" s=\"{s}\"")));
            }
            line.extend_from_slice(self.style_attributes[style].as_bytes());
            match value {
                Out::Empty => line.extend_from_slice(b"/>"),
                Out::Number(n) => push_number(line, *n)?,
                Out::Date(day) => push_number(line, date::to_serial(*day))?,
                Out::Text(text) => push_text(line, text)?,
            }
        }
        line.extend_from_slice(b"</row>");
        self.rows.spool_written()?;
        self.first.get_or_insert(row);
        self.last = Some((row, last_col));
        Ok(())
    }
}

/// Where a sheet's rows go.
enum Rows {
    /// Kept as they are, compressed into the workbook when it is saved.
    Kept(Spool<Kept>),
    /// Into a zip of the sheet's part (in the workbook's own file, behind the parts
    /// before it, or in a file of its own), compressed as they come, behind `head`.
    Compressed { head: String, part: Spool<Part> },
}

impl Rows {
    /// The spool's chunk, where a row is written.
    fn spool_chunk(&mut self) -> &mut Vec<u8> {
        match self {
            Rows::Kept(spool) => spool.chunk(),
            Rows::Compressed { part, .. } => part.chunk(),
        }
    }

    /// Tells the spool a row is written.
    fn spool_written(&mut self) -> io::Result<()> {
        match self {
            Rows::Kept(spool) => spool.written(),
            Rows::Compressed { part, .. } => part.written(),
        }
    }
}

/// Bytes of rows kept in memory for the save; more go to a temporary file.
const IN_MEMORY: usize = 16 << 20;

/// A sheet's rows kept as they are for the save: in memory while they are few (a
/// union's list, even at a million warnings in a batch), in a temporary file past
/// `limit` bytes (a long list of unknown length; one whose length is known is
/// compressed as it is made instead).
enum Kept {
    /// The rows in the pieces they came in (each a spool's chunk, copied once).
    Memory {
        pieces: Vec<Vec<u8>>,
        limit: usize,
    },
    File(File),
}

impl Kept {
    fn new() -> Kept {
        Kept::within(IN_MEMORY)
    }

    fn within(limit: usize) -> Kept {
        Kept::Memory { pieces: Vec::new(), limit }
    }

    /// Bytes kept.
    fn length(&mut self) -> io::Result<u64> {
        match self {
            Kept::Memory { pieces, .. } => Ok(held(pieces) as u64),
            Kept::File(file) => file.stream_position(),
        }
    }

    /// Writes every byte kept to `out`.
    fn copy_to(self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Kept::Memory { pieces, .. } => pieces.iter().try_for_each(|piece| out.write_all(piece)),
            Kept::File(mut file) => {
                file.rewind()?;
                io::copy(&mut BufReader::with_capacity(PIECE, file), out).map(drop)
            }
        }
    }
}

impl Write for Kept {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Kept::Memory { pieces, limit } = self {
            if held(pieces) + bytes.len() > *limit {
                let mut file = tempfile::tempfile()?;
                pieces.iter().try_for_each(|piece| file.write_all(piece))?;
                *self = Kept::File(file);
            }
        }
        match self {
            Kept::Memory { pieces, .. } => {
                pieces.push(bytes.to_vec());
                Ok(bytes.len())
            }
            Kept::File(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes held in memory.
fn held(pieces: &[Vec<u8>]) -> usize {
    pieces.iter().map(Vec::len).sum()
}

/// Room left in a part compressed as it is made for the sheet's end, after its rows.
const END_ROOM: u64 = 1 << 20;

/// The rows of a sheet compressed as they come, into a zip whose last part is the
/// sheet's, behind its head of `head` bytes, as long as the part stays below its limit
/// (4 GiB, past which it would need ZIP64); from there on kept as they are, the rows
/// compressed so far decompressed first.
enum Part {
    /// Compressed so far: `length` bytes of XML, `head` of them the head.
    Compressing { zip: Box<ByTheMegabyte<ZipWriter<File>>>, head: u64, length: u64, limit: u64 },
    /// Kept, the head left out, for the save.
    Kept(Kept),
}

impl Part {
    /// The part with its rows kept as they are.
    fn kept(self) -> io::Result<Part> {
        match self {
            Part::Compressing { zip, head, .. } => Ok(Part::Kept(rows_of(zip, head)?)),
            kept => Ok(kept),
        }
    }
}

impl Write for Part {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if let Part::Compressing { length, limit, .. } = self {
            if *length + bytes.len() as u64 + END_ROOM > *limit {
                let placeholder = Part::Kept(Kept::new());
                *self = mem::replace(self, placeholder).kept()?;
            }
        }
        match self {
            Part::Compressing { zip, length, .. } => {
                let written = zip.write(bytes)?;
                *length += written as u64;
                Ok(written)
            }
            Part::Kept(kept) => kept.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The rows compressed so far into `zip` behind a head of `head` bytes, decompressed
/// and kept without the head.
fn rows_of(zip: Box<ByTheMegabyte<ZipWriter<File>>>, head: u64) -> io::Result<Kept> {
    let compressed = (*zip).finish()?.finish().map_err(io::Error::other)?;
    let mut compressed = ZipArchive::new(BufReader::with_capacity(PIECE, compressed)).map_err(io::Error::other)?;
    let mut part = compressed.by_index(compressed.len() - 1).map_err(io::Error::other)?;
    io::copy(&mut (&mut part).take(head), &mut io::sink())?;
    let mut rows = Kept::new();
    io::copy(&mut part, &mut rows)?;
    Ok(rows)
}

/// `>1</v></c>`-style number cell; Excel has no NaN or infinity, so the library writes
/// those as text, and so does this.
fn push_number(line: &mut Vec<u8>, n: f64) -> Result<(), XlsxError> {
    if !n.is_finite() {
        let text = if n.is_nan() {
            "NAN"
        } else if n > 0.0 {
            "INF"
        } else {
            "-INF"
        };
        return push_text(line, text);
    }
    line.extend_from_slice(b"><v>");
    push_decimal(line, n);
    line.extend_from_slice(b"</v></c>");
    Ok(())
}

/// An inline string cell, escaped as Excel does (and the library).
fn push_text(line: &mut Vec<u8>, text: &str) -> Result<(), XlsxError> {
    // A text takes no more UTF-16 units than UTF-8 bytes: only a long one is counted.
    if text.len() > MAX_TEXT && text.encode_utf16().count() > MAX_TEXT {
        return Err(XlsxError::MaxStringLengthExceeded);
    }
    let preserve = text.starts_with(['\t', '\n', ' ']) || text.ends_with(['\t', '\n', ' ']);
    line.extend_from_slice(if preserve {
        b" t=\"inlineStr\"><is><t xml:space=\"preserve\">".as_slice()
    } else {
        b" t=\"inlineStr\"><is><t>".as_slice()
    });
    push_escaped(line, text, true);
    line.extend_from_slice(b"</t></is></c>");
    Ok(())
}

/// Writes the workbook the library saved as `skeleton` to `out`, each sheet of `lists`
/// with its rows spliced in after the rows the library wrote, and the comments part and
/// drawing of each sheet of `notes` written whole; the other parts are copied as they
/// are, still compressed.
pub fn splice<W: Write + Seek>(
    skeleton: Vec<u8>,
    lists: Vec<SheetRows>,
    notes: Vec<SheetNotes>,
    out: W,
) -> io::Result<W> {
    let mut book = ZipArchive::new(Cursor::new(skeleton)).map_err(io::Error::other)?;
    splice_from(&mut book, 0, ZipWriter::new(out), lists, notes)
}

/// The workbook the library saved as `skeleton` finished in its own file, where the
/// rows of its first list were compressed as they were made behind the parts before
/// its sheet ([`SheetRows::compressed`]): when those parts are still the ones the
/// library wrote then, the rows stayed compressed, and the workbook has no comments
/// (`notes`). `None` otherwise, `lists` left for [`splice`] into a new file.
pub fn splice_in_place(skeleton: &[u8], lists: &mut Vec<SheetRows>, notes: &[SheetNotes]) -> io::Result<Option<File>> {
    let Some(k) = lists.iter().position(|rows| rows.before.is_some()) else { return Ok(None) };
    if !notes.is_empty() || lists.iter().any(|rows| rows.index < lists[k].index) {
        return Ok(None);
    }
    let mut book = ZipArchive::new(Cursor::new(skeleton)).map_err(io::Error::other)?;
    let (before, count) = parts_before(&mut book, &lists[k].part)?;
    if lists[k].before.as_ref() != Some(&before) {
        return Ok(None);
    }
    let placeholder = Rows::Kept(Spool::new(|| Ok(Kept::new())));
    let (promised, zip) = match mem::replace(&mut lists[k].rows, placeholder) {
        Rows::Compressed { head, part } => match part.finish()? {
            Part::Compressing { zip, .. } => (head, zip),
            kept => {
                lists[k].rows = Rows::Compressed { head, part: Spool::new(move || Ok(kept)) };
                return Ok(None);
            }
        },
        kept => {
            lists[k].rows = kept;
            return Ok(None);
        }
    };
    let rows = lists.swap_remove(k);
    let mut xml = String::new();
    book.by_index(count).map_err(io::Error::other)?.read_to_string(&mut xml)?;
    let (head, tail) = rows.around(&xml)?;
    let zip = compressed_part(&rows.part, zip, &promised, &head, tail)?;
    splice_from(&mut book, count + 1, zip, mem::take(lists), Vec::new()).map(Some)
}

/// Writes the parts of `book` from the one at `from` on into `zip`, as [`splice`] does,
/// and finishes it.
fn splice_from<R: Read + Seek, W: Write + Seek>(
    book: &mut ZipArchive<R>,
    from: usize,
    mut zip: ZipWriter<W>,
    mut lists: Vec<SheetRows>,
    mut notes: Vec<SheetNotes>,
) -> io::Result<W> {
    notes.sort_by_key(SheetNotes::sheet);
    let ids = shape_ids(&notes);
    // The library numbers the comments parts and drawings of the commented sheets 1, 2, …
    // in the sheets' order.
    let mut drawn = vec![(false, false); notes.len()];
    for i in from..book.len() {
        let name = book.by_index_raw(i).and_then(|part| Ok(part.name()?.to_string())).map_err(io::Error::other)?;
        if let Some(k) = lists.iter().position(|l| l.part == name) {
            let rows = lists.swap_remove(k);
            let mut xml = String::new();
            book.by_index(i).map_err(io::Error::other)?.read_to_string(&mut xml)?;
            splice_sheet(&mut zip, &xml, rows)?;
        } else if let Some(k) = numbered(&name, "xl/comments", ".xml").filter(|k| (1..=notes.len()).contains(k)) {
            zip.start_file(name, part_options(0)).map_err(io::Error::other)?;
            notes[k - 1].write_comments(&mut zip)?;
            drawn[k - 1].0 = true;
        } else if let Some(k) =
            numbered(&name, "xl/drawings/vmlDrawing", ".vml").filter(|k| (1..=notes.len()).contains(k))
        {
            zip.start_file(name, part_options(0)).map_err(io::Error::other)?;
            notes[k - 1].write_vml(&ids[k - 1], &mut zip)?;
            drawn[k - 1].1 = true;
        } else {
            zip.raw_copy_file(book.by_index_raw(i).map_err(io::Error::other)?).map_err(io::Error::other)?;
        }
    }
    if let Some(missing) = lists.first() {
        return Err(io::Error::other(format!("the workbook has no part {}", missing.part)));
    }
    if let Some(k) = drawn.iter().position(|&(comments, drawing)| !(comments && drawing)) {
        return Err(io::Error::other(format!("the workbook has no comments part or drawing {}", k + 1)));
    }
    zip.finish().map_err(io::Error::other)
}

/// The parts of `book` before its part `part`, as a zip of their own (the bytes a
/// workbook's file starts with, when the rows of that part are compressed into it), and
/// how many they are.
fn parts_before<R: Read + Seek>(book: &mut ZipArchive<R>, part: &str) -> io::Result<(Vec<u8>, usize)> {
    let mut before = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..book.len() {
        let entry = book.by_index_raw(i).map_err(io::Error::other)?;
        if entry.name().map_err(io::Error::other)? == part {
            return Ok((before.finish().map_err(io::Error::other)?.into_inner(), i));
        }
        before.raw_copy_file(entry).map_err(io::Error::other)?;
    }
    Err(io::Error::other(format!("the workbook has no part {part}")))
}

/// The number of a part named `{prefix}{number}{suffix}`.
fn numbered(name: &str, prefix: &str, suffix: &str) -> Option<usize> {
    name.strip_prefix(prefix)?.strip_suffix(suffix)?.parse().ok()
}

/// How a part bangfu writes is stored: deflated as the library stores its own parts.
fn part_options(size: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(i64::from(ZIP_LEVEL)))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
        .large_file(size >= u64::from(u32::MAX))
}

/// One sheet's part: the library's XML up to its rows' end, the rows of `rows`, the
/// rest; the dimension widened to the rows.
fn splice_sheet<W: Write + Seek>(zip: &mut ZipWriter<W>, xml: &str, rows: SheetRows) -> io::Result<()> {
    let (head, tail) = rows.around(xml)?;
    let body = match rows.rows {
        Rows::Kept(spool) => spool.finish()?,
        Rows::Compressed { head: promised, part } => match part.finish()? {
            Part::Compressing { zip: compressing, .. } => {
                let compressed = compressed_part(&rows.part, compressing, &promised, &head, tail)?;
                let compressed = compressed.finish().map_err(io::Error::other)?;
                let mut compressed =
                    ZipArchive::new(BufReader::with_capacity(PIECE, compressed)).map_err(io::Error::other)?;
                // The rows' part is the last of its zip.
                let compressed = compressed.by_index_raw(compressed.len() - 1).map_err(io::Error::other)?;
                return zip.raw_copy_file(compressed).map_err(io::Error::other);
            }
            Part::Kept(body) => body,
        },
    };
    splice_kept(zip, &rows.part, &head, tail, body)
}

/// The zip of the sheet's part `part` whose rows were compressed as they were made
/// behind the head `promised`, finished with the sheet's `tail`: checked to be behind
/// the `head` the library writes for the sheet at the save.
fn compressed_part(
    part: &str,
    compressing: Box<ByTheMegabyte<ZipWriter<File>>>,
    promised: &str,
    head: &str,
    tail: &str,
) -> io::Result<ZipWriter<File>> {
    if head != promised {
        return Err(io::Error::other(format!("{part}: the rows were compressed behind another head")));
    }
    let mut compressing = (*compressing).finish()?;
    compressing.write_all(tail.as_bytes())?;
    Ok(compressing)
}

/// A sheet's part from its head, its rows kept in `body` and its tail, compressed now.
fn splice_kept<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    part: &str,
    head: &str,
    tail: &str,
    mut body: Kept,
) -> io::Result<()> {
    let size = head.len() as u64 + body.length()? + tail.len() as u64;
    zip.start_file(part, part_options(size)).map_err(io::Error::other)?;
    zip.write_all(head.as_bytes())?;
    let mut pieces = ByTheMegabyte::new(&mut *zip);
    body.copy_to(&mut pieces)?;
    pieces.finish()?.write_all(tail.as_bytes())
}

/// A sheet's XML before its rows and after them: the library's XML up to its rows'
/// end, the dimension widened to the last row and column written, and from the rows'
/// end on. Anything the library wrote from the first of the rows on (a row it knew only
/// by a comment) is left out: the rows hold those rows.
fn around_rows<'x>(
    xml: &'x str,
    part: &str,
    first: Option<u32>,
    last: Option<(u32, &str)>,
) -> io::Result<(String, &'x str)> {
    let end = xml.find("</sheetData>").ok_or_else(|| io::Error::other(format!("{part}: no rows")))?;
    let ours = first.and_then(|first| xml[..end].find(&format!("<row r=\"{}\"", first + 1)));
    let head = without_repeated_row(&xml[..ours.unwrap_or(end)]);
    let head = match last {
        Some((row, letters)) => widened(head, row, letters),
        None => head.to_string(),
    };
    Ok((head, &xml[end..]))
}

/// The size of the pieces the rows are compressed in.
const PIECE: usize = 1 << 20;

/// A writer handing its bytes on a megabyte at a time: the compressed bytes depend on
/// the pieces the compressor is handed, and these are the pieces it has always been
/// handed, so that a workbook's bytes stay the same from one version to the next, and
/// whether its rows were compressed as they were made or at the save.
struct ByTheMegabyte<W: Write> {
    inner: W,
    piece: Vec<u8>,
}

impl<W: Write> ByTheMegabyte<W> {
    fn new(inner: W) -> ByTheMegabyte<W> {
        ByTheMegabyte { inner, piece: Vec::with_capacity(PIECE) }
    }

    /// The writer, handed the last piece.
    fn finish(mut self) -> io::Result<W> {
        if !self.piece.is_empty() {
            self.inner.write_all(&self.piece)?;
        }
        Ok(self.inner)
    }
}

impl<W: Write> Write for ByTheMegabyte<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let taken = bytes.len().min(PIECE - self.piece.len());
        self.piece.extend_from_slice(&bytes[..taken]);
        if self.piece.len() == PIECE {
            self.inner.write_all(&self.piece)?;
            self.piece.clear();
        }
        Ok(taken)
    }

    /// Flushes nothing: a piece is handed on only when full, or at the end.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The library's rows without its last row written a second time: when the last row it
/// holds has a height, it writes that row once with its cells and again empty (as
/// `<row r="2" ht="30" customHeight="1"/>`), and a row twice is not a valid sheet.
fn without_repeated_row(head: &str) -> &str {
    let Some(last) = head.rfind("<row r=\"") else { return head };
    let Some(before) = head[..last].rfind("<row r=\"") else { return head };
    let number = |at: usize| head[at + 8..].split('"').next();
    if head.ends_with("/>") && number(last) == number(before) {
        &head[..last]
    } else {
        head
    }
}

/// The sheet's head with its `<dimension ref>` running from A1 to the last row and
/// column written.
fn widened(head: &str, row: u32, letters: &str) -> String {
    let Some(start) = head.find("<dimension ref=\"") else { return head.to_string() };
    let start = start + "<dimension ref=\"".len();
    let end = start + head[start..].find('"').unwrap_or(0);
    let known = &head[start..end];
    let known_last = known.rsplit(':').next().unwrap_or(known);
    let known_row: u32 = known_last.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0);
    let known_letters = known_last.trim_end_matches(|c: char| c.is_ascii_digit());
    let letters = if (known_letters.len(), known_letters) > (letters.len(), letters) { known_letters } else { letters };
    format!("{}A1:{letters}{}{}", &head[..start], known_row.max(row + 1), &head[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: Out) -> String {
        let mut line = Vec::new();
        match &value {
            Out::Text(text) => push_text(&mut line, text).unwrap(),
            Out::Number(n) => push_number(&mut line, *n).unwrap(),
            _ => unreachable!(),
        }
        String::from_utf8(line).unwrap()
    }

    #[test]
    fn numbers_are_written_as_rust_writes_them() {
        assert_eq!(cell(Out::Number(1.0)), "><v>1</v></c>");
        assert_eq!(cell(Out::Number(1470.58)), "><v>1470.58</v></c>");
        assert_eq!(cell(Out::Number(-0.0)), "><v>-0</v></c>");
        assert_eq!(cell(Out::Number(f64::NAN)), " t=\"inlineStr\"><is><t>NAN</t></is></c>");
    }

    #[test]
    fn text_is_escaped_as_excel_does() {
        assert_eq!(cell(Out::Text("张三".into())), " t=\"inlineStr\"><is><t>张三</t></is></c>");
        assert_eq!(cell(Out::Text("a<b&c>".into())), " t=\"inlineStr\"><is><t>a&lt;b&amp;c&gt;</t></is></c>");
        assert_eq!(cell(Out::Text("x\u{1}y\r".into())), " t=\"inlineStr\"><is><t>x_x0001_y_x000D_</t></is></c>");
        assert_eq!(cell(Out::Text("_x0041_ _xZZ_".into())), " t=\"inlineStr\"><is><t>_x005F_x0041_ _xZZ_</t></is></c>");
        assert_eq!(
            cell(Out::Text(" 前后有空格 ".into())),
            " t=\"inlineStr\"><is><t xml:space=\"preserve\"> 前后有空格 </t></is></c>"
        );
        let mut line = Vec::new();
        assert!(push_text(&mut line, &"长".repeat(MAX_TEXT + 1)).is_err());
    }

    #[test]
    fn a_row_written_twice_is_written_once() {
        let twice = "<sheetData><row r=\"1\"><c/></row><row r=\"2\" ht=\"30\"><c/></row><row r=\"2\" ht=\"30\"/>";
        assert_eq!(without_repeated_row(twice), "<sheetData><row r=\"1\"><c/></row><row r=\"2\" ht=\"30\"><c/></row>");
        let once = "<sheetData><row r=\"1\"><c/></row><row r=\"2\" ht=\"30\"/>";
        assert_eq!(without_repeated_row(once), once);
    }

    /// A reader that hands out at most `step` bytes a time.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            out[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// A writer that keeps the length of every piece it is handed.
    #[derive(Default)]
    struct Pieces(Vec<usize>);

    impl Write for Pieces {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.push(bytes.len());
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn rows_reach_the_compressor_a_megabyte_at_a_time_however_they_are_read() {
        let rows = vec![7u8; (5 << 20) / 2];
        let mut pieces = ByTheMegabyte::new(Pieces::default());
        io::copy(&mut Trickle { bytes: &rows, step: 1000 }, &mut pieces).unwrap();
        assert_eq!(pieces.finish().unwrap().0, [1 << 20, 1 << 20, 1 << 19]);
    }

    /// How the rows of [`numbered_rows`] are compressed.
    #[derive(Clone, Copy)]
    enum Compressed {
        /// At the save.
        AtTheSave,
        /// As they are made, `promised` rows, the part within `limit` bytes: into a file
        /// of their own, or into the workbook's file (`in_place`).
        AsMade { promised: u32, limit: u64, in_place: bool },
    }

    /// A workbook of one sheet with a title and a header, its rows `count` numbered rows
    /// of two columns, compressed as told, and another sheet added after the rows when
    /// `then_another`; as saved, and whether it was finished in its own file.
    fn numbered_rows(count: u32, compressed: Compressed, then_another: bool) -> io::Result<(Vec<u8>, bool)> {
        // Its creation date fixed: saved a second later, it is still the same bytes.
        let mut workbook = super::super::book::new_workbook();
        let sheet = workbook.add_worksheet_with_constant_memory().unwrap();
        sheet.write_string(0, 0, "名单").unwrap();
        sheet.write_string(1, 0, "序号").unwrap();
        sheet.write_string(1, 1, "说明").unwrap();
        let mut rows = match compressed {
            Compressed::AsMade { promised, limit, in_place } => {
                let file = if in_place { Some(tempfile::tempfile()?) } else { None };
                let saved = workbook.save_to_buffer().unwrap();
                SheetRows::compressed_within(0, 2, saved, 2..2 + promised, file, limit)?
            }
            Compressed::AtTheSave => SheetRows::new(0, 2),
        };
        for k in 0..count {
            let (number, text) = (Out::Number(f64::from(k)), Out::Text(format!("第{k}行，共{count}行").into()));
            rows.row(2 + k, None, [(&number, 0), (&text, 0)].into_iter()).unwrap();
        }
        if then_another {
            workbook.add_worksheet().write_string(0, 0, "附表").unwrap();
        }
        let skeleton = workbook.save_to_buffer().unwrap();
        let mut lists = vec![rows];
        if let Some(mut file) = splice_in_place(&skeleton, &mut lists, &[])? {
            let mut saved = Vec::new();
            file.rewind()?;
            file.read_to_end(&mut saved)?;
            return Ok((saved, true));
        }
        Ok((splice(skeleton, lists, Vec::new(), Cursor::new(Vec::new()))?.into_inner(), false))
    }

    #[test]
    fn rows_compressed_as_made_are_the_bytes_compressed_at_the_save() {
        // Some 3 MB of rows: several chunks, several pieces.
        let (at_the_save, _) = numbered_rows(40_000, Compressed::AtTheSave, false).unwrap();
        let as_made = |limit, in_place| Compressed::AsMade { promised: 40_000, limit, in_place };
        // Into a file of their own, copied at the save, or into the workbook's file,
        // finished there.
        for in_place in [false, true] {
            let saved = numbered_rows(40_000, as_made(u64::from(u32::MAX), in_place), false).unwrap();
            assert!(saved == (at_the_save.clone(), in_place), "in place: {in_place}");
            // A part that would pass its limit goes on kept as it is, the rows compressed
            // so far (a megabyte) decompressed: the same bytes again, written anew.
            let saved = numbered_rows(40_000, as_made(3 << 20, in_place), false).unwrap();
            assert!(saved == (at_the_save.clone(), false), "in place: {in_place}");
        }
        // A sheet added after the rows began changes the parts before theirs: the
        // workbook is written anew, the same as when its rows are compressed at the save.
        let (at_the_save_then_another, _) = numbered_rows(40_000, Compressed::AtTheSave, true).unwrap();
        let saved = numbered_rows(40_000, as_made(u64::from(u32::MAX), true), true).unwrap();
        assert!(saved == (at_the_save_then_another, false));
        let mut zip = ZipArchive::new(Cursor::new(at_the_save)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
        assert!(xml.contains("<dimension ref=\"A1:B40002\"/>"));
        assert!(xml.contains(
            "<c r=\"B40002\" s=\"0\" t=\"inlineStr\"><is><t>第39999行，共40000行</t></is></c></row></sheetData>"
        ));
    }

    #[test]
    fn rows_past_the_memory_kept_go_on_in_a_file_the_same() {
        let rows: Vec<u8> = (0..3_000_000u32).map(|k| (k % 251) as u8).collect();
        for (limit, in_a_file) in [(IN_MEMORY, false), (1 << 20, true)] {
            let mut kept = Kept::within(limit);
            io::copy(&mut Trickle { bytes: &rows, step: 70_000 }, &mut kept).unwrap();
            assert_eq!(matches!(kept, Kept::File(_)), in_a_file, "limit {limit}");
            assert_eq!(kept.length().unwrap(), rows.len() as u64);
            let mut copied = Vec::new();
            kept.copy_to(&mut copied).unwrap();
            assert!(copied == rows, "limit {limit}");
        }
    }

    #[test]
    fn rows_short_of_those_promised_are_an_error() {
        for in_place in [false, true] {
            let promised = Compressed::AsMade { promised: 40_001, limit: u64::from(u32::MAX), in_place };
            let why = numbered_rows(40_000, promised, false).unwrap_err().to_string();
            assert_eq!(why, "xl/worksheets/sheet1.xml: the rows were compressed behind another head");
        }
    }

    #[test]
    fn the_dimension_is_widened_to_the_rows() {
        let head = "<worksheet><dimension ref=\"A1:I2\"/><sheetData><row r=\"1\">";
        assert_eq!(widened(head, 99, "I"), "<worksheet><dimension ref=\"A1:I100\"/><sheetData><row r=\"1\">");
        assert_eq!(widened("<dimension ref=\"A1\"/>", 2, "B"), "<dimension ref=\"A1:B3\"/>");
    }
}
