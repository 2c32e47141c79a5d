//! The ID, date and money normalisers on any text and on any number.
#![no_main]
use bangfu::ingest::grid::Cell;
use bangfu::normalize::{date, id, money};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut cells = vec![Cell::Text(String::from_utf8_lossy(data).into_owned())];
    if let Some(bytes) = data.get(..8) {
        let n = f64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
        cells.extend([Cell::Number(n), Cell::Date(n)]);
    }
    for cell in &cells {
        let _ = id::parse(cell);
        let _ = date::parse(cell);
        let _ = money::parse(cell);
    }
    if let Some(Cell::Text(text)) = cells.first() {
        let _ = id::tidy(text);
        let _ = id::upgrade15(text);
        let _ = id::region_known(text);
    }
});
