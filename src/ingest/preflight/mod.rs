//! Pre-flight: what a container declares, checked against what it can hold, before a
//! reader opens it.
//!
//! Readers trust a file's declarations: calamine reserves room for the shared strings an
//! xlsx says it has, for the cells an xls's DIMENSIONS record spans, and follows an OLE2
//! sector chain as long as the directory says. A 5 KB file declaring four billion
//! strings makes it ask for 103 GB, and a failed allocation ends the process, not the
//! file. So each declaration a reader acts on is checked here against the bytes that
//! would have to back it (a string needs at least a few bytes, a sector chain cannot be
//! longer than the file) and against Excel's own limits; a declaration the file cannot
//! back is an F004 whose message names the part and what it claims. Only declarations
//! are read here — never the data — so the check costs little beside the reading.

mod ods;
mod ooxml;
pub mod tags;
mod xls;

use std::fs::File;
use std::io::{BufReader, Read, Seek};
use std::path::Path;

use super::sniff::Format;
use crate::config::Limits;

/// Excel's largest sheet: rows.
pub const EXCEL_ROWS: u64 = 1_048_576;
/// Excel's largest sheet: columns (A … XFD).
pub const EXCEL_COLS: u64 = 16_384;

/// Why a container's declarations cannot be believed, in Chinese; `None` when they can
/// (or when the file cannot be opened: the reader then says why).
pub fn check(path: &Path, format: Format, limits: &Limits) -> Option<String> {
    let file = BufReader::new(File::open(path).ok()?);
    check_reader(file, format, limits)
}

/// [`check`] on any readable, seekable bytes.
pub fn check_reader<R: Read + Seek>(file: R, format: Format, limits: &Limits) -> Option<String> {
    match format {
        Format::Xlsx => ooxml::check_xlsx(zip::ZipArchive::new(file).ok()?),
        Format::Xlsb => ooxml::check_xlsb(zip::ZipArchive::new(file).ok()?),
        Format::Ods => ods::check(zip::ZipArchive::new(file).ok()?, limits),
        Format::Xls => xls::check(file, limits.max_cells),
        _ => None,
    }
}

/// The closing words of every pre-flight message.
const NOT_READ: &str = "文件声明与内容不符，可能已损坏或被篡改，未读取。请用Excel打开后另存为.xlsx再报送。";

/// A cell reference (`XFD1048576`) as 1-based (row, column); `None` if it is none.
pub fn cell_ref(text: &str) -> Option<(u64, u64)> {
    let text = text.trim().trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = text.split_at(letters);
    let row = row.trim_start_matches('$');
    if letters == 0 || letters > 8 || row.is_empty() || row.len() > 15 || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
    Some((row.parse().ok()?, column))
}

/// Whether a 1-based (row, column) lies outside Excel's sheet.
pub fn beyond_excel(row: u64, column: u64) -> bool {
    row == 0 || column == 0 || row > EXCEL_ROWS || column > EXCEL_COLS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_and_excel_limits() {
        assert_eq!(cell_ref("A1"), Some((1, 1)));
        assert_eq!(cell_ref("$XFD$1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref("xfe1"), Some((1, 16_385)));
        assert_eq!(cell_ref("12"), None);
        assert!(!beyond_excel(1_048_576, 16_384));
        assert!(beyond_excel(1_048_577, 1));
        assert!(beyond_excel(1, 16_385));
    }
}
