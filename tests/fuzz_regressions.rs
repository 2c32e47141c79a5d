//! Every input the fuzzers (fuzz/) found a crash with is kept in tests/fixtures/fuzz/,
//! named `<target>-<what>`, and is replayed here as its target ran it: it must now be
//! read to an end (tables or a file-level finding), no panic, no abort. A name with
//! `-F004-` must be refused as F004 (a reader would have run out of memory on it).

use std::path::Path;

use bangfu::finding::Code;
use bangfu::ingest::grid::Cell;
use bangfu::ingest::read_bytes;
use bangfu::ingest::sniff::{self, Format};
use bangfu::normalize::{date, id, money};

/// Runs `bytes` through what fuzz target `target` runs: `None` for an unknown target,
/// else the reading's file-level failure, if any.
fn replay(target: &str, bytes: &[u8]) -> Option<Option<Code>> {
    let failed = |read: Result<usize, (Code, String)>| read.err().map(|(code, _)| code);
    Some(match target {
        "sniff" => {
            let _ = sniff::sniff(&bytes[..bytes.len().min(8192)], &mut std::io::Cursor::new(bytes));
            None
        }
        "read_xlsx" => failed(read_bytes(bytes, Format::Xlsx)),
        "read_xls" => failed(read_bytes(bytes, Format::Xls)),
        "read_ods" => failed(read_bytes(bytes, Format::Ods)),
        "read_text" => {
            let (pick, rest) = bytes.split_first()?;
            failed(read_bytes(rest, if pick % 2 == 0 { Format::Text } else { Format::Html }))
        }
        "normalize" => {
            normalize(bytes);
            None
        }
        _ => return None,
    })
}

/// The normalize target: the bytes as text, and their first 8 as a number and a date.
fn normalize(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let mut cells = vec![Cell::Text(text.as_str().into())];
    if let Some(head) = bytes.get(..8) {
        let n = f64::from_le_bytes(head.try_into().unwrap_or([0; 8]));
        cells.extend([Cell::Number(n), Cell::Date(n)]);
    }
    for cell in &cells {
        let _ = (id::parse(cell), date::parse(cell), money::parse(cell));
    }
    let _ = (id::tidy(&text), id::upgrade15(&text), id::region_known(&text));
}

#[test]
fn every_kept_fuzz_crash_is_read_to_an_end() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((target, _)) = name.split_once('-') else { continue };
        let bytes = std::fs::read(entry.path()).expect("read");
        let failure = replay(target, &bytes).unwrap_or_else(|| panic!("{name}: no fuzz target is called {target}"));
        if name.contains("-F004-") {
            assert_eq!(failure, Some(Code::F004), "{name}");
        }
        checked += 1;
    }
    eprintln!("{checked} fuzz regression inputs replayed");
}
