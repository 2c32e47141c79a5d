//! The ods path of ingest on any bytes: the pre-flight, then the reader, as `read_file`
//! runs them (in process: the fuzzer sees what a reader child would die of).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = bangfu::ingest::read_bytes(data, bangfu::ingest::sniff::Format::Ods);
});
