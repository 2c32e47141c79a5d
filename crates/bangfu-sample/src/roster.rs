//! Builds the roster files' rows: which union sends which layout, how many rows
//! each file gets, and the people on them. Defects are planted afterwards.

use super::date::PERIOD_END;
use super::layouts::{plan, Part, Slot, Submission};
use super::people::{person, Household, Registry};
use super::render::Entry;
use super::rng::Rng;
use super::unions::Union;

/// Every roster file with its clean rows; `rows` in total.
pub fn submissions(
    rng: &mut Rng,
    unions: &[Union],
    rows: usize,
    registry: &mut Registry,
) -> Result<Vec<Submission>, String> {
    let slots = plan(unions.len());
    let shares = shares(&slots, unions.len(), rows)?;
    let mut uid = 0;
    let mut subs = Vec::with_capacity(slots.len());
    for (slot, counts) in slots.iter().zip(shares) {
        let mut parts = Vec::with_capacity(slot.unions.len());
        for (&union, count) in slot.unions.iter().zip(counts) {
            let retired = slot.layout.retired_rows(count);
            let entries = entries(rng, unions, union, (count, retired), &mut uid, registry)?;
            parts.push(Part { union, entries });
        }
        subs.push(Submission { layout: slot.layout, month: PERIOD_END.month, supplement: slot.supplement, parts });
    }
    Ok(subs)
}

/// Rows per union in each slot: a union's rows are its share of the total;
/// each 补报 file of it takes a fifth (at least 2), its main file the rest.
fn shares(slots: &[Slot], unions: usize, rows: usize) -> Result<Vec<Vec<usize>>, String> {
    let total = |u: usize| rows / unions + usize::from(u < rows % unions);
    let supplement_rows = |u: usize| (total(u) / 5).max(2);
    let supplements = |u: usize| slots.iter().filter(|s| s.supplement && s.unions.contains(&u)).count();
    let main_rows = |u: usize| total(u).checked_sub(supplements(u) * supplement_rows(u)).filter(|n| *n >= 2);
    slots
        .iter()
        .map(|slot| {
            slot.unions
                .iter()
                .map(|&u| {
                    if slot.supplement {
                        Ok(supplement_rows(u))
                    } else {
                        main_rows(u).ok_or_else(|| "too few --rows for this many --unions".to_string())
                    }
                })
                .collect()
        })
        .collect()
}

/// `count` new people of union `u`, the last `retired` of them retired.
fn entries(
    rng: &mut Rng,
    unions: &[Union],
    u: usize,
    (count, retired): (usize, usize),
    uid: &mut usize,
    registry: &mut Registry,
) -> Result<Vec<Entry>, String> {
    let union = unions.get(u).ok_or("unknown union")?;
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let is_retired = i >= count - retired;
        let household = Household { units: &union.units, retired: is_retired };
        *uid += 1;
        out.push(Entry::new(*uid, u, person(rng, &household, registry), is_retired));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unions::unions;

    fn total_rows(subs: &[Submission]) -> usize {
        subs.iter().flat_map(|s| &s.parts).map(|p| p.entries.len()).sum()
    }

    #[test]
    fn rows_add_up() {
        for (n, rows) in [(3, 60), (6, 240), (7, 61), (20, 1000)] {
            let mut rng = Rng::new(8);
            let u = unions(&mut rng, n);
            let subs = submissions(&mut rng, &u, rows, &mut Registry::default()).expect("builds");
            assert_eq!(total_rows(&subs), rows, "{n} unions");
        }
    }

    #[test]
    fn uids_are_unique_and_multi_sheet_has_retired() {
        let mut rng = Rng::new(8);
        let u = unions(&mut rng, 6);
        let subs = submissions(&mut rng, &u, 240, &mut Registry::default()).expect("builds");
        let mut uids: Vec<usize> = subs.iter().flat_map(|s| &s.parts).flat_map(|p| &p.entries).map(|e| e.uid).collect();
        let n = uids.len();
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(uids.len(), n);
        assert!(subs.iter().flat_map(|s| &s.parts).flat_map(|p| &p.entries).any(|e| e.retired));
    }

    #[test]
    fn too_few_rows_is_an_error() {
        let mut rng = Rng::new(8);
        let u = unions(&mut rng, 3);
        assert!(submissions(&mut rng, &u, 9, &mut Registry::default()).is_err());
    }
}
