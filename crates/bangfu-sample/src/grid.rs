//! A format-neutral sheet: cells at (row, column), merged ranges and a rough
//! look per cell. Layouts fill grids; the writers turn them into .xlsx, BIFF8
//! .xls, CSV or an HTML table.
//!
//! Rows and columns are 0-based here; Excel's row numbers are `row + 1`.

/// A cell value as a spreadsheet stores it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// The value as a clerk would type it in a text file: whole numbers without
    /// decimals, others with two (money).
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => number_text(*x),
        }
    }
}

/// A number written the way a clerk types it: whole numbers without decimals
/// (3, 13812345678), others with two (612.50).
pub fn number_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

/// How a cell should look in a formatted workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// The big title of the sheet (标题).
    Title,
    /// Column headers (表头).
    Header,
    /// Data and totals, with borders.
    Body,
    /// Lines without borders: 填报单位, notes, footer (填表人 …).
    Note,
}

/// A merged range, 0-based and inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub last_row: u32,
    pub first_col: u16,
    pub last_col: u16,
}

/// One worksheet being built, row after row.
#[derive(Clone, Debug)]
pub struct Grid {
    pub name: String,
    pub cells: Vec<(u32, u16, Cell, Look)>,
    pub merges: Vec<Merge>,
    /// The next free row.
    pub next_row: u32,
    /// Printed one page wide (a registration form is one sheet of paper).
    pub one_page: bool,
}

impl Grid {
    pub fn new(name: &str) -> Grid {
        Grid { name: name.to_string(), cells: Vec::new(), merges: Vec::new(), next_row: 0, one_page: false }
    }

    /// A sheet that opens with `title` merged across `width` columns.
    pub fn titled(name: &str, title: &str, width: usize) -> Grid {
        let mut grid = Grid::new(name);
        grid.merged_line(title, u16::try_from(width).unwrap_or(u16::MAX), Look::Title);
        grid
    }

    /// Puts a cell anywhere (rows at or after `next_row` move it on).
    pub fn put(&mut self, row: u32, col: u16, cell: Cell, look: Look) {
        self.cells.push((row, col, cell, look));
        self.next_row = self.next_row.max(row + 1);
    }

    /// Appends a row of optional cells; returns its 0-based index.
    pub fn row(&mut self, cells: Vec<Option<Cell>>, look: Look) -> u32 {
        let row = self.next_row;
        for (col, cell) in cells.into_iter().enumerate() {
            if let Some(cell) = cell {
                self.put(row, col as u16, cell, look);
            }
        }
        self.next_row = row + 1;
        row
    }

    /// Appends a row of texts at the given columns.
    pub fn texts(&mut self, items: &[(u16, &str)], look: Look) -> u32 {
        let row = self.next_row;
        for (col, text) in items {
            self.put(row, *col, Cell::text(*text), look);
        }
        self.next_row = row + 1;
        row
    }

    /// Appends a one-row header: `titles` from the first column on.
    pub fn header(&mut self, titles: &[&str]) -> u32 {
        let items: Vec<(u16, &str)> = (0u16..).zip(titles.iter().copied()).collect();
        self.texts(&items, Look::Header)
    }

    /// Appends an empty row.
    pub fn blank(&mut self) {
        self.next_row += 1;
    }

    /// Appends one text merged across `width` columns.
    pub fn merged_line(&mut self, text: &str, width: u16, look: Look) -> u32 {
        let row = self.texts(&[(0, text)], look);
        self.merge(row, row, 0, width.saturating_sub(1));
        row
    }

    /// Marks a merged range (its text belongs in the top-left cell).
    pub fn merge(&mut self, first_row: u32, last_row: u32, first_col: u16, last_col: u16) {
        if first_row != last_row || first_col != last_col {
            self.merges.push(Merge { first_row, last_row, first_col, last_col });
        }
    }

    /// The cell at a position (the last one put there wins).
    #[cfg(test)]
    pub fn cell(&self, row: u32, col: u16) -> Option<&Cell> {
        self.cells.iter().rev().find(|(r, c, _, _)| *r == row && *c == col).map(|(_, _, cell, _)| cell)
    }

    /// Number of columns used by cells or merges.
    pub fn width(&self) -> u16 {
        let cells = self.cells.iter().map(|(_, c, _, _)| c + 1);
        cells.chain(self.merges.iter().map(|m| m.last_col + 1)).max().unwrap_or(0)
    }

    /// The merge whose top-left corner is (row, col).
    pub fn merge_at(&self, row: u32, col: u16) -> Option<&Merge> {
        self.merges.iter().find(|m| m.first_row == row && m.first_col == col)
    }

    /// Whether (row, col) is hidden inside a merge (not its top-left corner).
    pub fn is_covered(&self, row: u32, col: u16) -> bool {
        self.merges.iter().any(|m| {
            (m.first_row..=m.last_row).contains(&row)
                && (m.first_col..=m.last_col).contains(&col)
                && (row, col) != (m.first_row, m.first_col)
        })
    }

    /// Every row from 0 to `next_row`, `width` slots each: the cell and its look.
    pub fn dense(&self) -> Vec<Vec<Option<(&Cell, Look)>>> {
        let mut rows = vec![vec![None; usize::from(self.width())]; self.next_row as usize];
        for (r, c, cell, look) in &self.cells {
            if let Some(slot) = rows.get_mut(*r as usize).and_then(|row| row.get_mut(usize::from(*c))) {
                *slot = Some((cell, *look));
            }
        }
        rows
    }

    /// Cells sorted by row, then column, one per position.
    pub fn sorted_cells(&self) -> Vec<(u32, u16, &Cell, Look)> {
        let mut out: Vec<(u32, u16, &Cell, Look)> = Vec::new();
        let mut all: Vec<&(u32, u16, Cell, Look)> = self.cells.iter().collect();
        all.sort_by_key(|(r, c, _, _)| (*r, *c));
        for (r, c, cell, look) in all {
            match out.last_mut() {
                Some(last) if (last.0, last.1) == (*r, *c) => *last = (*r, *c, cell, *look),
                _ => out.push((*r, *c, cell, *look)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_append_and_merge() {
        let mut g = Grid::new("花名册");
        let title = g.merged_line("城关镇第一小学工会2026年困难职工花名册", 5, Look::Title);
        g.blank();
        let data = g.row(vec![Some(Cell::Number(1.0)), None, Some(Cell::text("张伟"))], Look::Body);
        assert_eq!((title, data), (0, 2));
        assert_eq!(g.cell(2, 2), Some(&Cell::text("张伟")));
        assert_eq!(g.cell(2, 1), None);
        assert_eq!(g.width(), 5);
        assert!(g.is_covered(0, 3));
        assert!(!g.is_covered(0, 0));
        assert!(g.merge_at(0, 0).is_some());
    }

    #[test]
    fn later_puts_win_in_sorted_cells() {
        let mut g = Grid::new("s");
        g.put(1, 0, Cell::text("a"), Look::Body);
        g.put(0, 1, Cell::text("b"), Look::Body);
        g.put(1, 0, Cell::text("c"), Look::Body);
        let cells = g.sorted_cells();
        assert_eq!(cells.len(), 2);
        assert_eq!(cells[1].2, &Cell::text("c"));
        let dense = g.dense();
        assert_eq!((dense.len(), dense[0].len()), (2, 2));
        assert_eq!(dense[1][0].map(|(c, _)| c), Some(&Cell::text("c")));
        assert!(dense[0][0].is_none());
    }

    #[test]
    fn numbers_read_like_a_clerk_wrote_them() {
        assert_eq!(number_text(3.0), "3");
        assert_eq!(number_text(612.5), "612.50");
        assert_eq!(number_text(13812345678.0), "13812345678");
    }
}
