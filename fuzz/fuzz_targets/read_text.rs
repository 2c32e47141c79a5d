//! CSV and HTML: the first byte picks which, the rest is the file; read as `read_file`
//! reads text (encoding detection, then the CSV or HTML parser).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = if pick % 2 == 0 { bangfu::ingest::sniff::Format::Text } else { bangfu::ingest::sniff::Format::Html };
    let _ = bangfu::ingest::read_bytes(rest, format);
});
