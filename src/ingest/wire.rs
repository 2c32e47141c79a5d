//! The compact serialisation in which a reader child hands its grids back (see
//! [`super::isolate`]): little-endian lengths and values, no field names. Decoding checks
//! every length against the bytes left, so a truncated or garbled answer is refused,
//! never trusted.

use super::grid::{Cell, Grid, Merge, Row};

/// Appends grids to `out`.
pub fn encode(grids: &[Grid], out: &mut Vec<u8>) {
    put_u32(out, grids.len());
    for grid in grids {
        put_str(out, &grid.name);
        put_u32(out, grid.merges.len());
        for m in &grid.merges {
            [m.top, m.bottom, m.left, m.right].iter().for_each(|v| out.extend(v.to_le_bytes()));
        }
        put_u32(out, grid.rows.len());
        for row in &grid.rows {
            out.extend(row.index.to_le_bytes());
            put_u32(out, row.cells.len());
            for (col, cell) in &row.cells {
                out.extend(col.to_le_bytes());
                put_cell(out, cell);
            }
        }
    }
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend(u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

/// Appends a string: its length, then its UTF-8 bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend(s.as_bytes());
}

fn put_cell(out: &mut Vec<u8>, cell: &Cell) {
    match cell {
        Cell::Empty => out.push(0),
        Cell::Text(t) => {
            out.push(1);
            put_str(out, t);
        }
        Cell::Number(n) => {
            out.push(2);
            out.extend(n.to_le_bytes());
        }
        Cell::Date(n) => {
            out.push(3);
            out.extend(n.to_le_bytes());
        }
        Cell::Bool(b) => out.extend([4, u8::from(*b)]),
        Cell::Error(e) => {
            out.push(5);
            put_str(out, e);
        }
    }
}

/// Reads values from the front of a byte slice.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = (self.bytes.get(..n)?, self.bytes.get(n..)?);
        self.bytes = rest;
        Some(head)
    }

    /// One byte.
    pub fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }

    /// A u32.
    pub fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A count of items each at least `each` bytes long, checked against the bytes left.
    fn count(&mut self, each: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(each)? <= self.bytes.len()).then_some(n)
    }

    fn f64(&mut self) -> Option<f64> {
        self.take(8).and_then(|b| b.try_into().ok()).map(f64::from_le_bytes)
    }

    /// A string written by [`put_str`].
    pub fn string(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }

    fn cell(&mut self) -> Option<Cell> {
        Some(match self.u8()? {
            0 => Cell::Empty,
            1 => Cell::Text(self.string()?.into()),
            2 => Cell::Number(self.f64()?),
            3 => Cell::Date(self.f64()?),
            4 => Cell::Bool(self.u8()? != 0),
            5 => Cell::Error(self.string()?.into()),
            _ => return None,
        })
    }

    fn row(&mut self) -> Option<Row> {
        let index = self.u32()?;
        let n = self.count(5)?;
        let cells = (0..n).map(|_| Some((self.u32()?, self.cell()?))).collect::<Option<_>>()?;
        Some(Row { index, cells })
    }

    fn grid(&mut self) -> Option<Grid> {
        let name = self.string()?;
        let n = self.count(16)?;
        let merges = (0..n)
            .map(|_| Some(Merge { top: self.u32()?, bottom: self.u32()?, left: self.u32()?, right: self.u32()? }))
            .collect::<Option<_>>()?;
        let n = self.count(8)?;
        let rows = (0..n).map(|_| self.row()).collect::<Option<_>>()?;
        Some(Grid { name, rows, merges })
    }

    /// Grids written by [`encode`].
    pub fn grids(&mut self) -> Option<Vec<Grid>> {
        let n = self.count(12)?;
        (0..n).map(|_| self.grid()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_come_back_as_they_went() {
        let cells = vec![
            (0, 0, Cell::Text("姓名".into())),
            (0, 3, Cell::Number(1.5)),
            (2, 1, Cell::Date(45000.0)),
            (2, 2, Cell::Bool(true)),
            (2, 4, Cell::Error("#N/A".into())),
        ];
        let merge = Merge { top: 0, bottom: 1, left: 0, right: 2 };
        let grids = vec![Grid::from_cells("表1".into(), cells, vec![merge]), Grid::default()];
        let mut bytes = Vec::new();
        encode(&grids, &mut bytes);
        assert_eq!(Reader::new(&bytes).grids(), Some(grids));
        for cut in 0..bytes.len() {
            assert_eq!(Reader::new(&bytes[..cut]).grids(), None, "cut at {cut}");
        }
    }
}
