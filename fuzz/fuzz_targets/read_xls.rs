//! The xls path of ingest on any bytes: the limits, the pre-flight, then the reader, as
//! `read_file` runs them (in process: the fuzzer sees what a reader child would die of).
//! A panic inside calamine is caught by bangfu's reader guard (`ingest::read_workbook`,
//! F001), so the init puts back Rust's default panic hook in place of libfuzzer-sys's
//! aborting one; a panic anywhere else still unwinds out of the target and is a crash.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: drop(std::panic::take_hook()),
    |data: &[u8]| {
        let _ = bangfu::ingest::read_bytes(data, bangfu::ingest::sniff::Format::Xls);
    }
);
