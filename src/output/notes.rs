//! Comments on marked cells (SPEC §7), written by bangfu. The workbook is given only a
//! sheet's first comment, so that it links the sheet to a comments part and a VML
//! drawing; when the workbook is saved, [`super::sheet_xml::splice`] writes both parts
//! whole from [`SheetNotes`], as rust_xlsxwriter writes them: the same boxes, in the
//! same places, with the same shape ids. The library would keep, clone and position
//! each of a hundred thousand comments one by one; here a comment is its cell and text.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rust_xlsxwriter::{Note, Worksheet, XlsxError};

use super::xml::{column_letters, push_decimal, push_escaped};

/// Whom a comment is from (the sheet's one author).
const NOTE_AUTHOR: &str = "bangfu";

/// Excel's longest text, less the room the library keeps for the author's name.
const MAX_NOTE: usize = 32_767 - 54;

/// A column's width in pixels when not set, and a row's height.
const DEFAULT_WIDTH: u32 = 64;
const DEFAULT_HEIGHT: u32 = 20;

/// A comment box's size in pixels, as the library makes it by default.
const BOX_WIDTH: f64 = 128.0;
const BOX_HEIGHT: f64 = 74.0;

/// A column's width in pixels for a width in characters, rounded as the library does: 7
/// pixels a character and 5 of padding, at most 1790.
pub fn column_pixels(width: f64) -> u32 {
    if width == 0.0 {
        0
    } else if width < 1.0 {
        (width * 12.0).round() as u32
    } else {
        ((width * 7.0).round() as u32 + 5).min(1790)
    }
}

/// How many rows and columns a sheet has.
const ROW_MAX: u32 = 1_048_576;
const COL_MAX: u16 = 16_384;

/// The comments of one sheet, and the sheet's column widths and row heights that place
/// their boxes.
#[derive(Debug)]
pub struct SheetNotes {
    /// The sheet's index in its workbook.
    sheet: usize,
    /// Column widths in pixels, by column.
    widths: Vec<u32>,
    /// Rows given a height: row and pixels.
    heights: BTreeMap<u32, u32>,
    /// The comments, by cell (row, column).
    notes: BTreeMap<(u32, u16), String>,
}

impl SheetNotes {
    /// No comments yet on the sheet of this index.
    pub fn new(sheet: usize) -> SheetNotes {
        SheetNotes { sheet, widths: Vec::new(), heights: BTreeMap::new(), notes: BTreeMap::new() }
    }

    /// The sheet's index in its workbook.
    pub fn sheet(&self) -> usize {
        self.sheet
    }

    /// Whether the sheet has no comment.
    pub fn is_empty(&self) -> bool {
        self.notes.is_empty()
    }

    /// How many comments the sheet has.
    fn len(&self) -> usize {
        self.notes.len()
    }

    /// Sets a column's width (in characters) on the sheet, and for the boxes.
    pub fn set_column_width(&mut self, sheet: &mut Worksheet, col: u16, width: f64) -> Result<(), XlsxError> {
        sheet.set_column_width(col, width)?;
        let col = usize::from(col);
        if self.widths.len() <= col {
            self.widths.resize(col + 1, DEFAULT_WIDTH);
        }
        self.widths[col] = column_pixels(width);
        Ok(())
    }

    /// A row's height (in points) as the sheet has it, for the boxes.
    pub fn row_height(&mut self, row: u32, height: f64) {
        self.heights.insert(row, (height * 4.0 / 3.0).round() as u32);
    }

    /// Puts a comment on a cell. The sheet is given the first, which links it to the
    /// comments part and the drawing.
    pub fn add(&mut self, sheet: &mut Worksheet, row: u32, col: u16, text: String) -> Result<(), XlsxError> {
        if text.len() > MAX_NOTE && text.encode_utf16().count() > MAX_NOTE {
            return Err(XlsxError::MaxStringLengthExceeded);
        }
        if self.notes.is_empty() {
            sheet.insert_note(row, col, &Note::new(text.as_str()))?;
        }
        self.notes.insert((row, col), text);
        Ok(())
    }

    fn width(&self, col: u16) -> u32 {
        self.widths.get(usize::from(col)).copied().unwrap_or(DEFAULT_WIDTH)
    }

    fn height(&self, row: u32) -> u32 {
        self.heights.get(&row).copied().unwrap_or(DEFAULT_HEIGHT)
    }

    /// Writes the comments part (`xl/commentsN.xml`).
    pub fn write_comments(&self, out: &mut impl Write) -> io::Result<()> {
        let mut xml = Vec::with_capacity(CHUNK + 4096);
        xml.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        xml.extend_from_slice(b"<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
        xml.extend_from_slice(b"<authors><author>");
        push_escaped(&mut xml, NOTE_AUTHOR, false);
        xml.extend_from_slice(b"</author></authors><commentList>");
        const RUN: &[u8] = b"<sz val=\"8\"/><color indexed=\"81\"/><rFont val=\"Tahoma\"/><family val=\"2\"/></rPr>";
        for (&(row, col), text) in &self.notes {
            xml.extend_from_slice(b"<comment ref=\"");
            xml.extend_from_slice(column_letters(col).as_bytes());
            xml.extend_from_slice(itoa::Buffer::new().format(row + 1).as_bytes());
            xml.extend_from_slice(b"\" authorId=\"0\"><text><r><rPr><b/>");
            xml.extend_from_slice(RUN);
            xml.extend_from_slice(b"<t>");
            push_escaped(&mut xml, &format!("{NOTE_AUTHOR}:"), false);
            xml.extend_from_slice(b"</t></r><r><rPr>");
            xml.extend_from_slice(RUN);
            xml.extend_from_slice(b"<t xml:space=\"preserve\">\n");
            push_escaped(&mut xml, text, false);
            xml.extend_from_slice(b"</t></r></text></comment>");
            flush_full(&mut xml, out)?;
        }
        xml.extend_from_slice(b"</commentList></comments>");
        out.write_all(&xml)
    }

    /// Writes the drawing of the comments' boxes (`xl/drawings/vmlDrawingN.vml`); `ids`
    /// are the sheet's shape ids, from [`shape_ids`].
    pub fn write_vml(&self, ids: &ShapeIds, out: &mut impl Write) -> io::Result<()> {
        let mut xml = Vec::with_capacity(CHUNK + 4096);
        xml.extend_from_slice(
            b"<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
              xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"",
        );
        xml.extend_from_slice(ids.data.as_bytes());
        xml.extend_from_slice(
            b"\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" \
              path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" \
              o:connecttype=\"rect\"/></v:shapetype>",
        );
        let mut rows = Offsets::default();
        let mut cols = Offsets::default();
        for (k, &(row, col)) in self.notes.keys().enumerate() {
            let place = self.place(row, col, &mut rows, &mut cols);
            xml.extend_from_slice(b"<v:shape id=\"_x0000_s");
            xml.extend_from_slice(itoa::Buffer::new().format(ids.first + k as u32 + 1).as_bytes());
            xml.extend_from_slice(b"\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:");
            push_decimal(&mut xml, points(f64::from(place.left)));
            xml.extend_from_slice(b"pt;margin-top:");
            push_decimal(&mut xml, points(f64::from(place.top)));
            xml.extend_from_slice(b"pt;width:");
            push_decimal(&mut xml, points(BOX_WIDTH));
            xml.extend_from_slice(b"pt;height:");
            push_decimal(&mut xml, points(BOX_HEIGHT));
            xml.extend_from_slice(b"pt;z-index:");
            xml.extend_from_slice(itoa::Buffer::new().format(k + 1).as_bytes());
            xml.extend_from_slice(
                b";visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/>\
                  <v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox \
                  style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData \
                  ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>",
            );
            let (from, to) = (place.from, place.to);
            let corners =
                [f64::from(from.0), from.1, f64::from(from.2), from.3, f64::from(to.0), to.1, f64::from(to.2), to.3];
            for (i, value) in corners.into_iter().enumerate() {
                if i > 0 {
                    xml.extend_from_slice(b", ");
                }
                push_decimal(&mut xml, value);
            }
            xml.extend_from_slice(b"</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>");
            xml.extend_from_slice(itoa::Buffer::new().format(row).as_bytes());
            xml.extend_from_slice(b"</x:Row><x:Column>");
            xml.extend_from_slice(itoa::Buffer::new().format(col).as_bytes());
            xml.extend_from_slice(b"</x:Column></x:ClientData></v:shape>");
            flush_full(&mut xml, out)?;
        }
        xml.extend_from_slice(b"</xml>");
        out.write_all(&xml)
    }

    /// Where the box of a cell's comment goes, as the library places it: one column to
    /// the right and one row up (less at the sheet's edges), 15 and 10 pixels in.
    fn place(&self, row: u32, col: u16, rows: &mut Offsets, cols: &mut Offsets) -> Place {
        let top_row = match row {
            0 => 0,
            r if r >= ROW_MAX - 3 => r - 4,
            r => r - 1,
        };
        let (left_col, mut x1) = if col >= COL_MAX - 3 { (col - 3, 49) } else { (col + 1, 15) };
        let mut y1 = match row {
            0 => 2,
            r if r == ROW_MAX - 1 => 14,
            r if r >= ROW_MAX - 3 => 16,
            _ => 10,
        };
        let left = cols.to(u32::from(left_col), |c| self.width(c as u16)) + x1;
        let top = rows.to(top_row, |r| self.height(r)) + y1;
        let (mut col_start, mut row_start) = (left_col, top_row);
        while x1 >= self.width(col_start) {
            x1 -= self.width(col_start);
            col_start += 1;
        }
        while y1 >= self.height(row_start) {
            y1 -= self.height(row_start);
            row_start += 1;
        }
        let (mut col_end, mut row_end) = (col_start, row_start);
        let mut x2 = BOX_WIDTH + f64::from(x1);
        let mut y2 = BOX_HEIGHT + f64::from(y1);
        while x2 >= f64::from(self.width(col_end)) {
            x2 -= f64::from(self.width(col_end));
            col_end += 1;
        }
        while y2 >= f64::from(self.height(row_end)) {
            y2 -= f64::from(self.height(row_end));
            row_end += 1;
        }
        Place { left, top, from: (col_start, f64::from(x1), row_start, f64::from(y1)), to: (col_end, x2, row_end, y2) }
    }
}

/// A comment box: its distance from the sheet's top left corner in pixels, and its
/// corners as (column, pixels in, row, pixels down).
struct Place {
    left: u32,
    top: u32,
    from: (u16, f64, u32, f64),
    to: (u16, f64, u32, f64),
}

/// The distance in pixels to the start of a row (or column), walked on from the last
/// one asked for: the comments come in order.
#[derive(Default)]
struct Offsets {
    at: u32,
    offset: u32,
}

impl Offsets {
    fn to(&mut self, index: u32, size: impl Fn(u32) -> u32) -> u32 {
        if index < self.at {
            *self = Offsets::default();
        }
        self.offset += (self.at..index).map(size).sum::<u32>();
        self.at = index;
        self.offset
    }
}

/// How much of a part is gathered before it is written out.
const CHUNK: usize = 1 << 16;

/// Writes out what is gathered once it is a chunk.
fn flush_full(xml: &mut Vec<u8>, out: &mut impl Write) -> io::Result<()> {
    if xml.len() >= CHUNK {
        out.write_all(xml)?;
        xml.clear();
    }
    Ok(())
}

/// Pixels as VML's points, as the library rounds them.
fn points(pixels: f64) -> f64 {
    (pixels + 0.25).floor() * 72.0 / 96.0
}

/// A sheet's shape ids: its `o:idmap` blocks and the id before its first shape.
pub struct ShapeIds {
    data: String,
    first: u32,
}

/// The shape ids of each commented sheet of a workbook, in the sheets' order: each
/// sheet takes a block of 1,024 ids and one more for every 1,024 comments it has.
pub fn shape_ids(sheets: &[SheetNotes]) -> Vec<ShapeIds> {
    let (mut data_id, mut shape_id) = (1u32, 1024u32);
    sheets
        .iter()
        .map(|notes| {
            let count = notes.len() as u32;
            let data: Vec<String> = (0..=count / 1024).map(|i| (data_id + i).to_string()).collect();
            let ids = ShapeIds { data: data.join(","), first: shape_id };
            data_id += (1024 + count) / 1024;
            shape_id += 1024 * ((1024 + count) / 1024);
            ids
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Read};

    use rust_xlsxwriter::Workbook;
    use zip::ZipArchive;

    use super::*;
    use crate::output::sheet_xml::splice;

    /// The comments of two sheets: the first with more than 1,024 (a second block of
    /// shape ids), tall rows, set widths and comments at the sheet's edges.
    fn comments() -> Vec<(usize, u32, u16, String)> {
        let mut comments = vec![(0, 0, 0, "第一行 <&> _x0041_".to_string())];
        for row in (3..3300).step_by(3) {
            comments.push((0, row, (row % 7) as u16, format!("E101 请修改：第{row}行\n第二条")));
        }
        comments.push((0, ROW_MAX - 1, COL_MAX - 1, "最后一格".to_string()));
        comments.push((0, ROW_MAX - 3, COL_MAX - 2, " 前后有空格 ".to_string()));
        comments.push((1, 5, 2, "第二张表".to_string()));
        comments
    }

    /// Columns and their widths, rows and their heights.
    type Layout = (Vec<(u16, f64)>, Vec<(u32, f64)>);

    /// The column widths and row heights of a sheet.
    fn layout(sheet: usize) -> Layout {
        if sheet > 0 {
            return (Vec::new(), Vec::new());
        }
        let heights = (1..3000).step_by(5).map(|row| (row, 15.0 + f64::from(row % 40))).collect();
        (vec![(0, 7.0), (2, 21.0), (3, 0.5)], heights)
    }

    fn parts(xlsx: Vec<u8>) -> Vec<(String, Vec<u8>)> {
        let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut parts = Vec::new();
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).unwrap();
            let name = part.name().unwrap().to_string();
            if name.contains("comments") || name.contains("vmlDrawing") {
                let mut bytes = Vec::new();
                part.read_to_end(&mut bytes).unwrap();
                parts.push((name, bytes));
            }
        }
        parts.sort();
        parts
    }

    #[test]
    fn comments_and_boxes_are_the_librarys() {
        let mut library = Workbook::new();
        let mut ours = Workbook::new();
        let mut kept = Vec::new();
        for index in 0..2 {
            let sheet = library.add_worksheet();
            sheet.set_default_note_author(NOTE_AUTHOR);
            let (widths, heights) = layout(index);
            for &(col, width) in &widths {
                sheet.set_column_width(col, width).unwrap();
            }
            for &(row, height) in &heights {
                sheet.set_row_height(row, height).unwrap();
            }
            for (_, row, col, text) in comments().into_iter().filter(|c| c.0 == index) {
                sheet.insert_note(row, col, &Note::new(text)).unwrap();
            }
            let sheet = ours.add_worksheet();
            let mut notes = SheetNotes::new(index);
            for (col, width) in widths {
                notes.set_column_width(sheet, col, width).unwrap();
            }
            for (row, height) in heights {
                sheet.set_row_height(row, height).unwrap();
                notes.row_height(row, height);
            }
            for (_, row, col, text) in comments().into_iter().filter(|c| c.0 == index) {
                notes.add(sheet, row, col, text).unwrap();
            }
            kept.push(notes);
        }
        kept.reverse();
        let expected = parts(library.save_to_buffer().unwrap());
        let skeleton = ours.save_to_buffer().unwrap();
        let written = parts(splice(skeleton, Vec::new(), kept, Cursor::new(Vec::new())).unwrap().into_inner());
        assert_eq!(expected.len(), 4);
        assert_eq!(written.len(), 4);
        for ((name, want), (got_name, got)) in expected.iter().zip(&written) {
            assert_eq!(name, got_name);
            assert!(
                want == got,
                "{name} differs:\n{}\n{}",
                String::from_utf8_lossy(want),
                String::from_utf8_lossy(got)
            );
        }
        // The first sheet's 1,103 comments take two blocks of ids, so the second's is 3.
        assert!(String::from_utf8_lossy(&written[2].1).contains("data=\"1,2\""));
        assert!(String::from_utf8_lossy(&written[3].1).contains("data=\"3\""));
    }

    #[test]
    fn a_comment_longer_than_excel_holds_is_refused() {
        let mut book = Workbook::new();
        let mut notes = SheetNotes::new(0);
        let sheet = book.add_worksheet();
        assert!(notes.add(sheet, 1, 1, "长".repeat(MAX_NOTE + 1)).is_err());
        assert!(notes.add(sheet, 1, 1, "长".repeat(MAX_NOTE)).is_ok());
    }
}
