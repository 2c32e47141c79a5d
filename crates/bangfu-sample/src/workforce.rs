//! The workforce table (职工人数统计.xlsx): every grassroots union with its
//! upper-level union and 职工总数, grouped by upper-level union, plus one unit
//! that has a workforce but no readable roster. The sizes are drawn once; each
//! month's table writes them as they stood then.

use super::grid::{Cell, Grid, Look};
use super::layouts::Submission;
use super::rng::Rng;
use super::unions::{Union, PARENTS, WORKFORCE_ONLY, WORKFORCE_ONLY_PARENT};
use super::{write, SampleFile};

const PATH: &str = "职工人数统计.xlsx";

/// 职工总数 of every union, in union order, then of [`WORKFORCE_ONLY`].
pub fn sizes(rng: &mut Rng, unions: &[Union], subs: &[Submission]) -> Vec<u32> {
    let mut sizes: Vec<u32> = (0..unions.len()).map(|u| size(rng, roster_count(subs, u))).collect();
    sizes.push(size(rng, 6));
    sizes
}

/// The workbook of the sizes.
pub fn workforce(unions: &[Union], sizes: &[u32]) -> Result<SampleFile, String> {
    let names = unions.iter().map(|u| (u.parent, u.name.as_str()));
    let mut rows: Vec<(usize, &str, u32)> = names
        .chain([(WORKFORCE_ONLY_PARENT, WORKFORCE_ONLY)])
        .zip(sizes)
        .map(|((parent, name), size)| (parent, name, *size))
        .collect();
    rows.sort_by_key(|r| r.0);
    let headers = ["序号", "基层工会", "上级工会", "职工总数"];
    let mut grid = Grid::titled("职工人数", "2026年基层工会职工人数统计表", headers.len());
    grid.header(&headers);
    for (i, (parent, name, workers)) in rows.iter().enumerate() {
        let parent = PARENTS.get(*parent).copied().unwrap_or_default();
        let cells = vec![
            Some(Cell::Number((i + 1) as f64)),
            Some(Cell::text(*name)),
            Some(Cell::text(parent)),
            Some(Cell::Number(f64::from(*workers))),
        ];
        grid.row(cells, Look::Body);
    }
    let total: u32 = rows.iter().map(|r| r.2).sum();
    grid.row(vec![Some(Cell::text("合计")), None, None, Some(Cell::Number(f64::from(total)))], Look::Body);
    Ok(SampleFile { path: PATH.to_string(), bytes: write::xlsx(&[grid])? })
}

/// Rows a union has in all roster files.
fn roster_count(subs: &[Submission], union: usize) -> usize {
    subs.iter().flat_map(|s| &s.parts).filter(|p| p.union == union).map(|p| p.entries.len()).sum()
}

/// A workforce some 8 to 30 times the number of workers in hardship.
fn size(rng: &mut Rng, hardship: usize) -> u32 {
    let hardship = u32::try_from(hardship).unwrap_or(u32::MAX / 64);
    hardship.max(1) * rng.range(8, 30) + rng.range(0, 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_exceed_the_roster() {
        let mut rng = Rng::new(1);
        for n in [1, 10, 40] {
            assert!(size(&mut rng, n) >= 8 * n as u32);
        }
    }
}
