//! Pre-flight of Excel 97–2003 workbooks: the OLE2 compound file's sector chains (a
//! chain that comes back on itself makes a reader copy sectors until the declared
//! length, or forever), then the BIFF records of the workbook stream: record lengths,
//! the shared-string count against the strings' bytes, merged-region counts against
//! their record, each sheet's DIMENSIONS against the .xls sheet (65,536 × 256), and the
//! box each sheet's cell records span against the cell limit.
//! A chain or record that merely ends early (a truncated upload) is left to the
//! reader, which reports the file as damaged (F001).

use std::io::{Read, Seek, SeekFrom};

use super::NOT_READ;

const XLS_ROWS: u64 = 65_536;
const XLS_COLS: u64 = 256;
/// The fewest bytes a BIFF8 string takes: its length and its flags.
const MIN_BIFF_STRING: u64 = 3;

/// The compound file as far as the checks need it.
struct Compound {
    bytes: Vec<u8>,
    sector: usize,
    fat: Vec<u32>,
}

impl Compound {
    fn sectors(&self) -> u64 {
        self.bytes.len().saturating_sub(self.sector).div_ceil(self.sector) as u64
    }

    /// A sector's bytes; the last one, cut short, as far as it goes (as the reader reads
    /// it: a FAT in a cut-short sector still has entries).
    fn sector_bytes(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        let end = start.checked_add(self.sector)?.min(self.bytes.len());
        self.bytes.get(start..end).filter(|bytes| !bytes.is_empty())
    }

    /// The sectors of a chain, in order; `Err` naming the sector where it loops.
    fn chain(&self, start: u32, next: &[u32], limit: u64) -> Result<Vec<u32>, u32> {
        let mut seen = vec![false; next.len()];
        let mut chain = Vec::new();
        let mut id = start;
        while (id as usize) < next.len() && (chain.len() as u64) <= limit {
            if std::mem::replace(&mut seen[id as usize], true) {
                return Err(id);
            }
            chain.push(id);
            id = next[id as usize];
        }
        Ok(chain)
    }
}

fn u16_at(data: &[u8], at: usize) -> u64 {
    data.get(at..at + 2).map_or(0, |b| u64::from(u16::from_le_bytes([b[0], b[1]])))
}

/// The little-endian 32-bit words of a sector.
fn words(data: &[u8]) -> Vec<u32> {
    data.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect()
}

fn u32_at(data: &[u8], at: usize) -> u64 {
    data.get(at..at + 4).map_or(0, |b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// Checks an .xls file.
pub fn check<R: Read + Seek>(mut file: R, max_cells: u64) -> Option<String> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_end(&mut bytes).ok()?;
    let compound = open(bytes)?;
    match workbook_streams(&compound) {
        Ok(streams) => streams.iter().find_map(|stream| biff(stream, max_cells)),
        Err(message) => Some(message),
    }
}

fn open(bytes: Vec<u8>) -> Option<Compound> {
    let sector = match u16_at(&bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let mut compound = Compound { bytes, sector, fat: Vec::new() };
    let mut fat_sectors: Vec<u32> = (0..109).map(|i| u32_at(&compound.bytes, 76 + 4 * i) as u32).collect();
    let mut difat = u32_at(&compound.bytes, 68) as u32;
    for _ in 0..compound.sectors() {
        let Some(data) = compound.sector_bytes(difat) else { break };
        let mut entries = words(data);
        let Some(next) = entries.pop() else { break };
        fat_sectors.extend(entries);
        difat = next;
    }
    for id in fat_sectors.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
        let Some(data) = compound.sector_bytes(id) else { continue };
        let next = words(data);
        compound.fat.extend(next);
    }
    Some(compound)
}

/// One directory entry: name, first sector, declared length.
struct Entry {
    name: String,
    start: u32,
    len: u64,
}

/// The directory's entries as the reader names them: the whole 64-byte name field up
/// to its first NUL (the declared name length is not looked at), the length 32 bits
/// wide in files of 512-byte sectors and 64 bits in the others.
fn entries(directory: &[u8], sector: usize) -> Vec<Entry> {
    directory
        .chunks_exact(128)
        .map(|e| {
            let mut name = String::from_utf16_lossy(&(0..32).map(|i| u16_at(e, 2 * i) as u16).collect::<Vec<_>>());
            name.truncate(name.find('\0').unwrap_or(name.len()));
            let len = if sector == 512 { u32_at(e, 120) } else { u32_at(e, 120) | (u32_at(e, 124) << 32) };
            Entry { name, start: u32_at(e, 116) as u32, len }
        })
        .collect()
}

fn looping(what: &str, sector: u32, len: u64) -> String {
    format!("复合文档（OLE2）中{what}的扇区链在扇区 {sector} 处回到自身（成环），而声明长度为 {len} 字节；{NOT_READ}")
}

/// The bytes of the workbook streams the reader may read: `Workbook`, and `Book` (the
/// BIFF5 name) when the first cannot be read — both are checked when a file has both;
/// `Err` for a chain that loops.
fn workbook_streams(compound: &Compound) -> Result<Vec<Vec<u8>>, String> {
    let limit = compound.sectors();
    let dir_start = u32_at(&compound.bytes, 48) as u32;
    let dir_chain = compound.chain(dir_start, &compound.fat, limit).map_err(|s| looping("目录", s, 0))?;
    let directory: Vec<u8> = dir_chain.iter().filter_map(|&id| compound.sector_bytes(id)).flatten().copied().collect();
    let entries = entries(&directory, compound.sector);
    let Some(root) = entries.first() else { return Ok(Vec::new()) };
    let mini_fat_len = u32_at(&compound.bytes, 64);
    let regular = |start, len| -> Result<Vec<u8>, u32> {
        let chain = compound.chain(start, &compound.fat, limit)?;
        Ok(chain.iter().filter_map(|&id| compound.sector_bytes(id)).flatten().take(len as usize).copied().collect())
    };
    let mini_stream = if mini_fat_len > 0 {
        regular(root.start, root.len).map_err(|s| looping("迷你流（根目录）", s, root.len))?
    } else {
        Vec::new()
    };
    let mini_fat_start = u32_at(&compound.bytes, 60) as u32;
    let mini_fat = regular(mini_fat_start, mini_fat_len * compound.sector as u64)
        .map_err(|s| looping("迷你扇区分配表", s, mini_fat_len * compound.sector as u64))?;
    let mini_next = words(&mini_fat);
    let mini = |id: u32| mini_stream.get(id as usize * 64..(id as usize + 1) * 64).unwrap_or(&[]);
    let stream = |book: &Entry| -> Result<Vec<u8>, String> {
        let what = format!("“{}”流", book.name);
        if book.len >= 4096 {
            return regular(book.start, book.len).map_err(|s| looping(&what, s, book.len));
        }
        let chain = compound.chain(book.start, &mini_next, limit * 8).map_err(|s| looping(&what, s, book.len))?;
        Ok(chain.iter().flat_map(|&id| mini(id)).take(book.len as usize).copied().collect())
    };
    let named = |name: &str| entries.iter().find(|e| e.name.eq_ignore_ascii_case(name));
    ["Workbook", "Book"].into_iter().filter_map(named).map(stream).collect()
}

/// Walks the BIFF records of the workbook stream, then each sheet's as the reader does.
fn biff(stream: &[u8], max_cells: u64) -> Option<String> {
    let mut at = 0;
    let mut sheets = Vec::new();
    let mut globals = true;
    while at + 4 <= stream.len() {
        let (typ, len) = (u16_at(stream, at), u16_at(stream, at + 2) as usize);
        // A record cut short ends the walk, not the check: the sheets are read anyway.
        let Some(data) = stream.get(at + 4..at + 4 + len) else { break };
        let found = match typ {
            0x00FC => sst(data, &stream[at + 4 + len..]),
            0x00E5 => merges(data),
            0x0200 => dimensions(data),
            0x0085 if globals => {
                sheets.extend(data.get(..4).map(|_| u32_at(data, 0) as usize));
                None
            }
            0x000A => {
                globals = false;
                None
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        at += 4 + len;
    }
    let mut total: u64 = 0;
    for (k, &start) in sheets.iter().enumerate() {
        let sheet = Layout::of(stream.get(start..).unwrap_or_default());
        total = total.saturating_add(sheet.cells());
        if total > max_cells {
            return Some(sheet.refused(k + 1, total, max_cells));
        }
    }
    None
}

/// The cells the reader lays out for one sheet. calamine reads each sheet from the
/// position its BOUNDSHEET record gives (which need not be where the records before it
/// end), reserves what the sheet's DIMENSIONS declare, and then allocates the whole box
/// from its first to its last cell record, empty cells included — so a sheet with one
/// cell in A1 and one far away costs the box, not two cells. The fuzzer found an .xls
/// whose sheets of far-apart cells took more than 4 GB, and one whose BOUNDSHEET pointed
/// into the middle of a record, at a DIMENSIONS that asked for 7.5 PB.
#[derive(Default)]
struct Layout {
    /// Its first and last cell (row, column), 0-based; `None` before its first cell.
    corners: Option<((u64, u64), (u64, u64))>,
    /// The most cells a DIMENSIONS record of the sheet made the reader reserve.
    reserved: u64,
    /// The cell of the last FORMULA record (A1 before the first): a STRING record (a
    /// formula's text result) puts its value there.
    formula: (u64, u64),
}

impl Layout {
    /// Walks a sheet's records from its BOF to its EOF, skipping nested substreams
    /// (embedded charts), as the reader does.
    fn of(records: &[u8]) -> Layout {
        let mut layout = Layout::default();
        let (mut at, mut began, mut depth) = (0, false, 0usize);
        while at + 4 <= records.len() {
            let (typ, len) = (u16_at(records, at), u16_at(records, at + 2) as usize);
            let Some(data) = records.get(at + 4..at + 4 + len) else { break };
            at += 4 + len;
            match (typ, depth) {
                (0x0809, 0) if !began => began = true,
                (0x0809, _) => depth += 1,
                (0x000A, 0) => break,
                (0x000A, _) => depth -= 1,
                (_, 0) if typ == 0x0200 => layout.reserved = layout.reserved.max(reserved(data)),
                (_, 0) => layout.cell(typ, data),
                _ => (),
            }
        }
        layout
    }

    /// Takes in a record; a cell record has its row and column at its start.
    fn cell(&mut self, typ: u64, data: &[u8]) {
        let (row, first) = match typ {
            0x0207 => self.formula,
            _ => (u16_at(data, 0), u16_at(data, 2)),
        };
        if typ == 0x0006 && data.len() >= 4 {
            self.formula = (row, first);
        }
        let last = match typ {
            0x0207 => first,
            0x0006 | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E if data.len() >= 4 => first,
            0x00BD | 0x00BE if data.len() >= 6 => u16_at(data, data.len() - 2),
            _ => return,
        };
        let ((r0, c0), (r1, c1)) = self.corners.unwrap_or(((row, first), (row, first)));
        self.corners = Some(((r0.min(row), c0.min(first)), (r1.max(row), c1.max(first).max(last))));
    }

    fn area(&self) -> u64 {
        self.corners.map_or(0, |((r0, c0), (r1, c1))| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1))
    }

    fn cells(&self) -> u64 {
        self.area().max(self.reserved)
    }

    /// Why sheet `k` (1-based, in BOUNDSHEET order) is refused: `total` cells with the
    /// sheets before it, over `max_cells`.
    fn refused(&self, k: usize, total: u64, max_cells: u64) -> String {
        let what = match self.corners {
            Some(((r0, c0), (r1, c1))) if self.area() >= self.reserved => format!(
                "的单元格记录从第 {} 行第 {} 列到第 {} 行第 {} 列，读取时要按其间 {} 个单元格分配内存",
                r0 + 1,
                c0 + 1,
                r1 + 1,
                c1 + 1,
                self.area()
            ),
            _ => format!("的尺寸记录（DIMENSIONS）使读取时要预留 {} 个单元格的内存", self.reserved),
        };
        format!(
            "工作簿流中第 {k} 个工作表{what}（连同之前各表共 {total} 个），超过上限 {max_cells} 个单元格（[limits] max_cells），未读取。请删除远处的多余单元格或用Excel另存为.xlsx后再报送。"
        )
    }
}

/// The cells calamine reserves for a DIMENSIONS record, by its own arithmetic (32-bit,
/// wrapping: a first row past the last wraps to some four billion rows).
fn reserved(data: &[u8]) -> u64 {
    let (first_row, end_row, mut first_col, end_col) = match data.len() {
        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return 0,
    };
    let [first_row, end_row, end_col] = [first_row, end_row, end_col].map(|v| v as u32);
    if first_col > 0xFF || end_col < first_col as u32 {
        first_col = 0;
    }
    let first_col = first_col as u32;
    let (last_row, last_col) =
        if end_row >= 1 && end_col >= 1 { (end_row - 1, end_col - 1) } else { (first_row, first_col) };
    let rows = last_row.wrapping_sub(first_row).wrapping_add(1);
    let cols = last_col.wrapping_sub(first_col).wrapping_add(1);
    u64::from(rows).saturating_mul(u64::from(cols))
}

/// The SST's declared unique strings against its bytes and those of its CONTINUEs.
fn sst(data: &[u8], after: &[u8]) -> Option<String> {
    let unique = u32_at(data, 4);
    let mut bytes = data.len().saturating_sub(8) as u64;
    let mut at = 0;
    while at + 4 <= after.len() && u16_at(after, at) == 0x003C {
        let len = u16_at(after, at + 2);
        bytes += len;
        at += 4 + len as usize;
    }
    (unique.saturating_mul(MIN_BIFF_STRING) > bytes).then(|| {
        format!(
            "工作簿流的共享字符串表（SST）声明有 {unique} 个不同字符串，但只有 {bytes} 字节，每个字符串至少占 {MIN_BIFF_STRING} 字节；{NOT_READ}"
        )
    })
}

/// A MERGECELLS record's count against its length (8 bytes a region).
fn merges(data: &[u8]) -> Option<String> {
    let count = u16_at(data, 0);
    let room = (data.len().saturating_sub(2) / 8) as u64;
    (count > room).then(|| {
        format!(
            "合并单元格记录（MERGECELLS）声明有 {count} 个合并区域，但记录只有 {} 字节，最多容纳 {room} 个；{NOT_READ}",
            data.len()
        )
    })
}

/// A sheet's DIMENSIONS (BIFF8: first row, row after the last, first column, column
/// after the last) against the .xls sheet.
fn dimensions(data: &[u8]) -> Option<String> {
    let (first_row, end_row, first_col, end_col) = match data.len() {
        10 => (u16_at(data, 0), u16_at(data, 2), u16_at(data, 4), u16_at(data, 6)),
        14 | 16 => (u32_at(data, 0), u32_at(data, 4), u16_at(data, 8), u16_at(data, 10)),
        _ => return None,
    };
    let wrong = end_row > XLS_ROWS || (end_row >= 1 && first_row > end_row) || end_col > XLS_COLS;
    wrong.then(|| {
        format!(
            "工作表尺寸记录（DIMENSIONS）声明第 {}–{} 行、第 {}–{} 列，超出 .xls 工作表的范围（65536 行 × 256 列）；{NOT_READ}",
            first_row + 1,
            end_row,
            first_col + 1,
            end_col
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    /// A NUMBER record at a 0-based (row, column).
    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = [row.to_le_bytes(), col.to_le_bytes(), [0, 0]].concat();
        data.extend(1.5f64.to_le_bytes());
        record(0x0203, &data)
    }

    /// A BIFF8 workbook stream: globals with a BOUNDSHEET per sheet, then each sheet's
    /// records between a BOF and an EOF.
    fn workbook(sheets: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(0x0809, &[0, 6, 0x10, 0]);
        let eof = record(0x000A, &[]);
        let bound = |pos: u32| record(0x0085, &[&pos.to_le_bytes()[..], &[0, 0, 1, 0, b'S']].concat());
        let globals = bof.len() + sheets.len() * bound(0).len() + eof.len();
        let mut stream = bof.clone();
        let mut pos = globals;
        for sheet in sheets {
            stream.extend(bound(pos as u32));
            pos += bof.len() + sheet.len() + eof.len();
        }
        stream.extend(&eof);
        for sheet in sheets {
            stream.extend([&bof[..], sheet, &eof].concat());
        }
        stream
    }

    #[test]
    fn a_sheet_whose_cells_span_more_than_the_limit_is_refused() {
        let far_apart = workbook(&[[number(0, 0), number(65_535, 255)].concat()]);
        let message = biff(&far_apart, 5_000_000).expect("refused");
        assert!(message.contains("第 1 个工作表") && message.contains("第 65536 行第 256 列"), "{message}");
        let near = workbook(&[[number(0, 0), number(99, 9)].concat(), number(0, 0)]);
        // 100 × 10 cells, then 1: the boxes of all sheets count together.
        assert_eq!(biff(&near, 1_001), None);
        assert!(biff(&near, 1_000).is_some());
    }

    #[test]
    fn an_entry_is_named_up_to_its_first_nul_whatever_length_it_declares() {
        let mut entry = vec![0u8; 128];
        for (i, unit) in "Workbook".encode_utf16().chain([0, 0x41, 0x42]).enumerate() {
            entry[2 * i..2 * i + 2].copy_from_slice(&unit.to_le_bytes());
        }
        entry[64..66].copy_from_slice(&200u16.to_le_bytes());
        entry[120..128].copy_from_slice(&(5u64 << 32 | 7).to_le_bytes());
        let [small] = &entries(&entry, 512)[..] else { panic!("one entry") };
        assert_eq!((small.name.as_str(), small.len), ("Workbook", 7));
        assert_eq!(entries(&entry, 4096)[0].len, 5 << 32 | 7);
    }

    #[test]
    fn cells_in_an_embedded_chart_do_not_count_but_a_sheet_listed_twice_does() {
        let chart = [record(0x0809, &[0, 6, 0x20, 0]), number(65_535, 255), record(0x000A, &[])].concat();
        let with_chart = workbook(&[[number(0, 0), chart].concat()]);
        assert_eq!(biff(&with_chart, 1), None);
        let mut twice = workbook(&[[number(0, 0), number(9, 9)].concat(), Vec::new()]);
        // The second BOUNDSHEET points at the first sheet, as the first does.
        let first = u32_at(&twice, 12) as u32;
        twice[25..29].copy_from_slice(&first.to_le_bytes());
        assert_eq!(biff(&twice, 200), None);
        assert!(biff(&twice, 199).is_some());
    }

    #[test]
    fn a_formula_result_before_any_formula_stands_in_a1() {
        // A STRING record (a formula's text) takes the last formula's cell, A1 before any.
        let string = record(0x0207, &[1, 0, 0, b'x']);
        let far = workbook(&[[string, number(999, 99)].concat()]);
        assert!(biff(&far, 99_999).is_some());
        assert_eq!(biff(&far, 100_000), None);
    }

    #[test]
    fn a_dimensions_record_the_reader_would_wrap_round_is_refused_where_the_sheet_is_read() {
        // First row 5 after its last (4): the reader's 32-bit arithmetic wraps to some
        // four billion rows, and it reserves them.
        let wrapped = record(0x0200, &[5, 0, 0, 0, 4, 0, 0, 0, 0, 0, 200, 0, 0, 0]);
        // Hidden in a record the walk from the start reads as one LABEL record's text:
        // only the BOUNDSHEET's position, in the middle of it, makes it a record.
        let mut label = vec![0, 0, 0, 0, 0, 0];
        label.extend(&wrapped);
        let sheet = record(0x0204, &label);
        let mut stream = workbook(&[sheet]);
        let at = u32_at(&stream, 12) as usize + 8 + 4 + 6;
        stream[12..16].copy_from_slice(&(at as u32).to_le_bytes());
        // A record cut short at the end does not stop the sheets being checked.
        stream.extend([0x00, 0x10, 0xFF, 0x7F]);
        let message = biff(&stream, 5_000_000).expect("refused");
        assert!(
            message.contains("尺寸记录（DIMENSIONS）使读取时要预留") && message.contains("第 1 个工作表"),
            "{message}"
        );
        assert_eq!(reserved(&[0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 3, 0, 0, 0]), 30);
    }
}
