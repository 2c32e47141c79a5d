//! Delimited text (CSV, TSV, “.xls” files that are really tab-separated) into a grid.
//!
//! The delimiter is the one of `,` `;` tab that splits the first lines most
//! consistently. Quoted fields may hold delimiters, quotes (`""`) and line breaks; each
//! record keeps the line number it starts on, which is the row number a clerk sees.

use super::grid::{Cell, Grid};

/// Parses decoded text into a grid named `name`.
pub fn parse(text: &str, name: String) -> Grid {
    let delimiter = guess_delimiter(text);
    let mut cells = Vec::new();
    for (line, fields) in records(text, delimiter) {
        for (col, field) in fields.into_iter().enumerate() {
            cells.push((line, col as u32, Cell::Text(field.into())));
        }
    }
    Grid::from_cells(name, cells, vec![])
}

fn guess_delimiter(text: &str) -> char {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    [',', '\t', ';'].into_iter().max_by_key(|&d| consistency(&lines, d)).unwrap_or(',')
}

/// How many lines share the most common non-zero field count.
fn consistency(lines: &[&str], delimiter: char) -> (usize, usize) {
    let mut counts: Vec<usize> = lines
        .iter()
        .map(|l| records(l, delimiter).first().map_or(0, |(_, f)| f.len() - 1))
        .filter(|&n| n > 0)
        .collect();
    counts.sort_unstable();
    let mut best = (0, 0);
    for run in counts.chunk_by(|a, b| a == b) {
        best = best.max((run.len(), run[0]));
    }
    best
}

/// (0-based start line, fields) of every record, blank lines included as no fields.
fn records(text: &str, delimiter: char) -> Vec<(u32, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut line, mut start, mut quoted, mut chars) = (0u32, 0u32, false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            '\n' | '\r' if !quoted => {
                fields.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut fields)));
                line += 1;
                start = line;
            }
            '\n' => {
                field.push(c);
                line += 1;
            }
            c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
            c => field.push(c),
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start, fields));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<(u32, Vec<String>)> {
        grid.rows.iter().map(|r| (r.index, r.cells.iter().map(|(_, c)| c.to_string()).collect())).collect()
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_breaks() {
        let grid = parse("a,b,c\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,z\n", "".into());
        assert_eq!(
            texts(&grid),
            vec![
                (0, vec!["a".into(), "b".into(), "c".into()]),
                (1, vec!["x,1".into(), "say \"hi\"".into(), "two\nlines".into()]),
                (4, vec!["last".into(), "z".into()]),
            ]
        );
    }

    #[test]
    fn the_delimiter_is_guessed() {
        assert_eq!(guess_delimiter("a\tb\tc\n1\t2\t3\n"), '\t');
        assert_eq!(guess_delimiter("a;b;c\n1;2,5;3\n"), ';');
        assert_eq!(guess_delimiter("标题\na,b\n1,2\n3,4\n"), ',');
    }

    #[test]
    fn crlf_line_ends_count_once() {
        let grid = parse("a,b\r\n1,2\r\n", "".into());
        assert_eq!(grid.rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1]);
    }
}
