//! Pre-flight of Office Open XML workbooks: the shared-string table's declared counts
//! against the part's size, and each worksheet's declared dimension against Excel's
//! sheet (xlsx, xlsm as XML; xlsb as binary records).

use std::io::{BufReader, Read, Seek};

use zip::ZipArchive;

use super::tags::{Event, Tag, Tags};
use super::{beyond_excel, cell_ref, NOT_READ};

/// The fewest bytes one shared string takes: `<si/>` in XML; in xlsb a record header,
/// its flags and its length.
const MIN_STRING_XML: u64 = 5;
const MIN_STRING_BIN: u64 = 7;
/// The fewest bytes a cell that uses a shared string takes in a worksheet.
const MIN_REFERENCE: u64 = 10;

/// Checks an xlsx or xlsm.
pub fn check_xlsx<R: Read + Seek>(mut zip: ZipArchive<R>) -> Option<String> {
    let sheets_size = total_size(&mut zip, |name| name.starts_with("xl/worksheets/"));
    first_found(zip, |zip, name, lower| {
        if lower.ends_with("sharedstrings.xml") {
            shared_strings_xml(zip, name, sheets_size)
        } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".xml") {
            dimension_xml(zip, name)
        } else {
            None
        }
    })
}

/// Checks an xlsb.
pub fn check_xlsb<R: Read + Seek>(zip: ZipArchive<R>) -> Option<String> {
    first_found(zip, |zip, name, lower| {
        if lower.ends_with("sharedstrings.bin") {
            shared_strings_bin(zip, name)
        } else if lower.starts_with("xl/worksheets/") && lower.ends_with(".bin") {
            dimension_bin(zip, name)
        } else {
            None
        }
    })
}

/// The first problem `check` finds in an entry (given its name and lower-case name).
fn first_found<R: Read + Seek>(
    mut zip: ZipArchive<R>,
    mut check: impl FnMut(&mut ZipArchive<R>, &str, &str) -> Option<String>,
) -> Option<String> {
    entry_names(&zip).iter().find_map(|name| check(&mut zip, name, &name.to_ascii_lowercase()))
}

fn entry_names<R: Read + Seek>(zip: &ZipArchive<R>) -> Vec<String> {
    zip.file_names().filter_map(Result::ok).map(|name| name.into_owned()).collect()
}

fn total_size<R: Read + Seek>(zip: &mut ZipArchive<R>, wanted: impl Fn(&str) -> bool) -> u64 {
    (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().filter(|e| wanted(&e.name().unwrap_or_default())).map(|e| e.size()))
        .fold(0, u64::saturating_add)
}

/// The first start tag named `local` (any prefix) before `stop`, in an entry.
fn first_tag<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str, local: &str, stop: &str) -> Option<(Tag, u64)> {
    let entry = zip.by_name(name).ok()?;
    let size = entry.size();
    let local_of = |n: &str| n.rsplit(':').next().map(str::to_string).unwrap_or_default();
    for event in Tags::new(BufReader::new(entry)) {
        match event {
            Event::Start(tag) if local_of(&tag.name) == local => return Some((tag, size)),
            Event::Start(tag) if local_of(&tag.name) == stop => return None,
            _ => {}
        }
    }
    None
}

fn shared_strings_xml<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str, sheets_size: u64) -> Option<String> {
    let (sst, size) = first_tag(zip, name, "sst", "si")?;
    if let Some(unique) = sst.number("uniqueCount").filter(|n| n.saturating_mul(MIN_STRING_XML) > size) {
        return Some(too_many_strings(name, "uniqueCount", unique, size, MIN_STRING_XML));
    }
    let count = sst.number("count").filter(|n| n.saturating_mul(MIN_REFERENCE) > sheets_size)?;
    Some(format!(
        "“{name}”声明工作表中共有 {count} 处引用共享字符串（count），但全部工作表解压后只有 {sheets_size} 字节，每处引用至少占 {MIN_REFERENCE} 字节；{NOT_READ}"
    ))
}

fn too_many_strings(name: &str, field: &str, declared: u64, size: u64, each: u64) -> String {
    format!(
        "“{name}”声明有 {declared} 个不同的字符串（{field}），但该部分解压后只有 {size} 字节，每个字符串至少占 {each} 字节，最多容纳 {} 个；{NOT_READ}",
        size / each
    )
}

fn dimension_xml<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Option<String> {
    let (dimension, _) = first_tag(zip, name, "dimension", "sheetData")?;
    let declared = dimension.attr("ref")?;
    let beyond = declared.split(':').filter_map(cell_ref).any(|(row, col)| beyond_excel(row, col));
    beyond.then(|| beyond_message(name, declared))
}

/// The message for a declared range outside Excel's sheet.
pub fn beyond_message(part: &str, declared: &str) -> String {
    format!("“{part}”声明的范围 {declared} 超出 Excel 工作表的上限（1048576 行 × 16384 列）；{NOT_READ}")
}

/// One xlsb record: its type and the first bytes of its data (up to 16).
fn bin_record(input: &mut impl Read) -> Option<(u32, Vec<u8>)> {
    let typ = varint(input, 2)?;
    let size = varint(input, 4)?;
    let mut head = Vec::new();
    input.take(u64::from(size).min(16)).read_to_end(&mut head).ok()?;
    std::io::copy(&mut input.take(u64::from(size).saturating_sub(16)), &mut std::io::sink()).ok()?;
    Some((typ, head))
}

fn varint(input: &mut impl Read, bytes: u32) -> Option<u32> {
    let mut value = 0u32;
    for i in 0..bytes {
        let mut byte = [0u8];
        input.read_exact(&mut byte).ok()?;
        value |= u32::from(byte[0] & 0x7F) << (7 * i);
        if byte[0] & 0x80 == 0 {
            break;
        }
    }
    Some(value)
}

/// The first record of a type among an entry's first records.
fn first_record<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str, wanted: u32) -> Option<(Vec<u8>, u64)> {
    let entry = zip.by_name(name).ok()?;
    let size = entry.size();
    let mut input = BufReader::new(entry);
    (0..64).map_while(|_| bin_record(&mut input)).find(|(typ, _)| *typ == wanted).map(|(_, data)| (data, size))
}

fn u32_at(data: &[u8], at: usize) -> Option<u64> {
    data.get(at..at + 4).map(|b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

fn shared_strings_bin<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Option<String> {
    const BEGIN_SST: u32 = 0x009F;
    let (data, size) = first_record(zip, name, BEGIN_SST)?;
    let unique = u32_at(&data, 4).filter(|n| n.saturating_mul(MIN_STRING_BIN) > size)?;
    Some(too_many_strings(name, "cstUnique", unique, size, MIN_STRING_BIN))
}

fn dimension_bin<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Option<String> {
    const WS_DIM: u32 = 0x0094;
    let (data, _) = first_record(zip, name, WS_DIM)?;
    let (first_row, last_row) = (u32_at(&data, 0)?, u32_at(&data, 4)?);
    let (first_col, last_col) = (u32_at(&data, 8)?, u32_at(&data, 12)?);
    let beyond = beyond_excel(last_row + 1, last_col + 1);
    beyond.then(|| {
        beyond_message(name, &format!("第{}–{}行、第{}–{}列", first_row + 1, last_row + 1, first_col + 1, last_col + 1))
    })
}
