//! What a file really is, decided from its first bytes, never from its name.
//!
//! Web systems export “.xls” files that are HTML tables or tab-separated text; people
//! rename PDFs and Word files. The format says which reader to use, or, for a file that
//! is no spreadsheet, what it is instead.

use std::io::{Read, Seek};

/// The container or text kind of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML workbook (.xlsx, .xlsm).
    Xlsx,
    /// Excel binary workbook (.xlsb).
    Xlsb,
    /// OpenDocument spreadsheet (.ods).
    Ods,
    /// Excel 97–2003 workbook (.xls, BIFF in an OLE2 compound file).
    Xls,
    /// An OLE2 file holding an encrypted OOXML workbook.
    EncryptedOoxml,
    /// An HTML page (web systems' “.xls” export).
    Html,
    /// Delimited text: CSV, TSV.
    Text,
    /// A container too damaged to open (a truncated upload): what it was, in Chinese.
    Damaged(&'static str),
    /// Not a spreadsheet: what it is, in Chinese.
    Other(&'static str),
}

impl Format {
    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
            Format::Xls => "xls",
            Format::EncryptedOoxml => "加密的xlsx",
            Format::Html => "html",
            Format::Text => "csv",
            Format::Damaged(what) | Format::Other(what) => what,
        }
    }
}

/// What a lower level's package, and each file inside it, is listed as: read through
/// its archive only, never sniffed.
pub const PACKAGE: Format = Format::Other("下级汇总包");

const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides the format of a file from its head and, for containers, its directory.
pub fn sniff<R: Read + Seek>(head: &[u8], file: &mut R) -> Format {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zip_kind(file);
    }
    if head.starts_with(OLE2) {
        return ole_kind(file);
    }
    if let Some(what) = binary_kind(head) {
        return Format::Other(what);
    }
    text_kind(head)
}

fn zip_kind<R: Read + Seek>(file: &mut R) -> Format {
    let Ok(archive) = zip::ZipArchive::new(file) else {
        return Format::Damaged("ZIP压缩结构损坏");
    };
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("xl/workbook.xml") {
        Format::Xlsx
    } else if has("xl/workbook.bin") {
        Format::Xlsb
    } else if has("content.xml") && has("mimetype") {
        Format::Ods
    } else if has("word/document.xml") {
        Format::Other("Word文档")
    } else if has("ppt/presentation.xml") {
        Format::Other("PowerPoint演示文稿")
    } else {
        Format::Other("ZIP压缩包")
    }
}

fn ole_kind<R: Read + Seek>(file: &mut R) -> Format {
    let Ok(compound) = cfb::CompoundFile::open(file) else {
        return Format::Xls;
    };
    let exists = |name: &str| compound.exists(name);
    if exists("/EncryptedPackage") || exists("/EncryptionInfo") {
        Format::EncryptedOoxml
    } else if exists("/Workbook") || exists("/Book") || exists("/WORKBOOK") || exists("/BOOK") {
        Format::Xls
    } else if exists("/WordDocument") {
        Format::Other("Word 97-2003文档")
    } else if exists("/PowerPoint Document") {
        Format::Other("PowerPoint 97-2003演示文稿")
    } else {
        Format::Xls
    }
}

fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF文件"),
        (b"\x89PNG", "PNG图片"),
        (b"\xFF\xD8\xFF", "JPEG图片"),
        (b"GIF8", "GIF图片"),
        (b"Rar!", "RAR压缩包"),
        (b"7z\xBC\xAF", "7z压缩包"),
        (b"\x1F\x8B", "gzip压缩文件"),
        (b"{\\rtf", "RTF文档"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, what)| *what)
        .or_else(|| looks_binary(head).then_some("二进制文件（不是电子表格）"))
}

/// Text has no NUL bytes, except in UTF-16.
fn looks_binary(head: &[u8]) -> bool {
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    !utf16 && head.contains(&0)
}

fn text_kind(head: &[u8]) -> Format {
    let sample = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_lowercase();
    let sample = sample.replace('\0', "");
    if sample.contains("<table") || sample.contains("<html") || sample.contains("<!doctype html") {
        Format::Html
    } else if sample.trim_start().starts_with("<?xml") {
        Format::Other("XML文件（不是电子表格）")
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn sniff_bytes(bytes: &[u8]) -> Format {
        sniff(bytes, &mut Cursor::new(bytes.to_vec()))
    }

    #[test]
    fn text_and_html_and_binary_are_told_apart() {
        assert_eq!(sniff_bytes("姓名,身份证号\n".as_bytes()), Format::Text);
        assert_eq!(sniff_bytes(b"<html><body><table><tr><td>1</td></tr></table>"), Format::Html);
        assert_eq!(sniff_bytes(b"%PDF-1.7\n"), Format::Other("PDF文件"));
        assert_eq!(sniff_bytes(&[0xFF, 0xFE, b'a', 0]), Format::Text);
        assert!(matches!(sniff_bytes(&[1, 2, 0, 4]), Format::Other(_)));
    }

    #[test]
    fn a_broken_zip_is_named() {
        assert_eq!(sniff_bytes(b"PK\x03\x04garbage"), Format::Damaged("ZIP压缩结构损坏"));
    }
}
