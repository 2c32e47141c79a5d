//! The format sniffer on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let head = &data[..data.len().min(8192)];
    let _ = bangfu::ingest::sniff::sniff(head, &mut std::io::Cursor::new(data));
});
