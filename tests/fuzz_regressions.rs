//! Every input the fuzzers (fuzz/) found a crash with is kept in tests/fixtures/fuzz/,
//! named `<target>-<what>`, and must now be read to an end: tables or a file-level
//! finding, no panic, no abort.

use std::path::Path;

use bangfu::ingest::read_bytes;
use bangfu::ingest::sniff::Format;

/// The format a fuzz target reads its input as, and the input.
fn as_read(target: &str, bytes: &[u8]) -> Option<(Format, Vec<u8>)> {
    Some(match target {
        "read_xlsx" => (Format::Xlsx, bytes.to_vec()),
        "read_xls" => (Format::Xls, bytes.to_vec()),
        "read_ods" => (Format::Ods, bytes.to_vec()),
        "read_text" => {
            let (pick, rest) = bytes.split_first()?;
            (if pick % 2 == 0 { Format::Text } else { Format::Html }, rest.to_vec())
        }
        _ => return None,
    })
}

#[test]
fn every_kept_fuzz_crash_is_read_to_an_end() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fixtures/fuzz").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((target, _)) = name.split_once('-') else { continue };
        let bytes = std::fs::read(entry.path()).expect("read");
        if let Some((format, input)) = as_read(target, &bytes) {
            let _ = read_bytes(&input, format);
            checked += 1;
        }
    }
    eprintln!("{checked} fuzz regression inputs read");
}
