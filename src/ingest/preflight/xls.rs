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
        (self.bytes.len().saturating_sub(self.sector) / self.sector) as u64
    }

    fn sector_bytes(&self, id: u32) -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
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

fn u32_at(data: &[u8], at: usize) -> u64 {
    data.get(at..at + 4).map_or(0, |b| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
}

/// Checks an .xls file.
pub fn check<R: Read + Seek>(mut file: R, max_cells: u64) -> Option<String> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_end(&mut bytes).ok()?;
    let compound = open(bytes)?;
    let stream = match workbook_stream(&compound) {
        Ok(stream) => stream?,
        Err(message) => return Some(message),
    };
    biff(&stream, max_cells)
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
        let entries: Vec<u32> = (0..sector / 4).map(|i| u32_at(data, 4 * i) as u32).collect();
        fat_sectors.extend(&entries[..entries.len() - 1]);
        difat = entries[entries.len() - 1];
    }
    for id in fat_sectors.into_iter().filter(|id| *id < 0xFFFF_FFFA) {
        let Some(data) = compound.sector_bytes(id) else { continue };
        let next: Vec<u32> = (0..sector / 4).map(|i| u32_at(data, 4 * i) as u32).collect();
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

fn entries(directory: &[u8]) -> Vec<Entry> {
    directory
        .chunks_exact(128)
        .map(|e| {
            let units = (u16_at(e, 64) as usize / 2).saturating_sub(1).min(32);
            let name = String::from_utf16_lossy(&(0..units).map(|i| u16_at(e, 2 * i) as u16).collect::<Vec<_>>());
            Entry { name, start: u32_at(e, 116) as u32, len: u32_at(e, 120) }
        })
        .collect()
}

fn looping(what: &str, sector: u32, len: u64) -> String {
    format!("复合文档（OLE2）中{what}的扇区链在扇区 {sector} 处回到自身（成环），而声明长度为 {len} 字节；{NOT_READ}")
}

/// The workbook stream's bytes; `Err` for a chain that loops.
fn workbook_stream(compound: &Compound) -> Result<Option<Vec<u8>>, String> {
    let limit = compound.sectors();
    let dir_start = u32_at(&compound.bytes, 48) as u32;
    let dir_chain = compound.chain(dir_start, &compound.fat, limit).map_err(|s| looping("目录", s, 0))?;
    let directory: Vec<u8> = dir_chain.iter().filter_map(|&id| compound.sector_bytes(id)).flatten().copied().collect();
    let entries = entries(&directory);
    let Some(root) = entries.first() else { return Ok(None) };
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
    let mini_next: Vec<u32> = mini_fat.chunks_exact(4).map(|b| u32_at(b, 0) as u32).collect();
    let names = ["workbook", "book"];
    let Some(book) = entries.iter().find(|e| names.contains(&e.name.to_lowercase().as_str())) else { return Ok(None) };
    let what = format!("“{}”流", book.name);
    if book.len >= 4096 {
        return regular(book.start, book.len).map(Some).map_err(|s| looping(&what, s, book.len));
    }
    let chain = compound.chain(book.start, &mini_next, limit * 8).map_err(|s| looping(&what, s, book.len))?;
    let mini = |id: u32| mini_stream.get(id as usize * 64..(id as usize + 1) * 64).unwrap_or(&[]);
    Ok(Some(chain.iter().flat_map(|&id| mini(id)).take(book.len as usize).copied().collect()))
}

/// Walks the BIFF records of the workbook stream.
fn biff(stream: &[u8], max_cells: u64) -> Option<String> {
    let mut at = 0;
    let mut boxes = Boxes::default();
    while at + 4 <= stream.len() {
        let (typ, len) = (u16_at(stream, at), u16_at(stream, at + 2) as usize);
        let data = stream.get(at + 4..at + 4 + len)?;
        let found = match typ {
            0x00FC => sst(data, &stream[at + 4 + len..]),
            0x00E5 => merges(data),
            0x0200 => dimensions(data),
            0x0809 => boxes.next_sheet(max_cells),
            _ => boxes.cell(typ, data).then(|| boxes.over(max_cells)).flatten(),
        };
        if found.is_some() {
            return found;
        }
        at += 4 + len;
    }
    boxes.next_sheet(max_cells)
}

/// The cells a reader lays out for the sheets: calamine allocates, for each sheet, the
/// whole box from its first to its last cell record (empty cells included), so a sheet
/// with one cell in A1 and one far away costs the box, not two cells. The fuzzer found
/// such an .xls (one sheet after another of far-apart cells) taking more than 4 GB.
#[derive(Default)]
struct Boxes {
    /// The BOF records seen: the first opens the workbook globals, each next a sheet.
    sheet: u64,
    /// Its first and last cell (row, column), 0-based; `None` before its first cell.
    corners: Option<((u64, u64), (u64, u64))>,
    /// The boxes of the sheets before it.
    done: u64,
}

impl Boxes {
    /// Takes in a record; true if it is a cell record (row, column at its start).
    fn cell(&mut self, typ: u64, data: &[u8]) -> bool {
        let (row, first) = (u16_at(data, 0), u16_at(data, 2));
        let last = match typ {
            0x0006 | 0x00D6 | 0x00FD | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E if data.len() >= 4 => first,
            0x00BD | 0x00BE if data.len() >= 6 => u16_at(data, data.len() - 2),
            _ => return false,
        };
        let ((r0, c0), (r1, c1)) = self.corners.unwrap_or(((row, first), (row, first)));
        self.corners = Some(((r0.min(row), c0.min(first)), (r1.max(row), c1.max(first).max(last))));
        true
    }

    fn area(&self) -> u64 {
        self.corners.map_or(0, |((r0, c0), (r1, c1))| (r1 - r0 + 1).saturating_mul(c1 - c0 + 1))
    }

    /// Why the boxes so far are over the cell limit, if they are.
    fn over(&self, max_cells: u64) -> Option<String> {
        let ((r0, c0), (r1, c1)) = self.corners?;
        let total = self.done.saturating_add(self.area());
        (total > max_cells).then(|| {
            format!(
                "工作簿流中第 {} 个工作表的单元格记录从第 {} 行第 {} 列到第 {} 行第 {} 列，读取时要按其间 {} 个单元格分配内存（连同之前各表共 {total} 个），超过上限 {max_cells} 个单元格（[limits] max_cells），未读取。请删除远处的多余单元格或用Excel另存为.xlsx后再报送。",
                self.sheet.saturating_sub(1),
                r0 + 1,
                c0 + 1,
                r1 + 1,
                c1 + 1,
                self.area()
            )
        })
    }

    /// A BOF: the sheet before it is done (checked), the next one begins.
    fn next_sheet(&mut self, max_cells: u64) -> Option<String> {
        let over = self.over(max_cells);
        self.done = self.done.saturating_add(self.area());
        (self.sheet, self.corners) = (self.sheet + 1, None);
        over
    }
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

    #[test]
    fn a_sheet_whose_cells_span_more_than_the_limit_is_refused() {
        let bof = record(0x0809, &[0, 6, 0x10, 0]);
        let far_apart = [bof.clone(), bof.clone(), number(0, 0), number(65_535, 255)].concat();
        let message = biff(&far_apart, 5_000_000).expect("refused");
        assert!(message.contains("第 1 个工作表") && message.contains("第 65536 行第 256 列"), "{message}");
        let near = [bof.clone(), bof.clone(), number(0, 0), number(99, 9), bof, number(0, 0)].concat();
        // 100 × 10 cells, then 1: the boxes of all sheets count together.
        assert_eq!(biff(&near, 1_001), None);
        assert!(biff(&near, 1_000).is_some());
    }
}
