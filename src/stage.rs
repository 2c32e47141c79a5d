//! Stage timings for the benchmark: with `BANGFU_STAGES` set in the environment, each
//! stage of a run prints its wall time on stderr, with the process's resident memory at
//! its end and the peak so far (the profile in bench/README.md). Nothing is printed
//! otherwise, and nothing is timed.

use std::time::Instant;

/// Runs one stage of the run; with `BANGFU_STAGES` set, prints how long it took.
pub fn stage<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if std::env::var_os("BANGFU_STAGES").is_none() {
        return work();
    }
    let start = Instant::now();
    let done = work();
    eprintln!("stage {name:<16} {:>8.2} s {}", start.elapsed().as_secs_f64(), memory());
    done
}

/// The resident memory now and at its peak, from Linux's `/proc/self/status`; empty
/// where that file is not.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let megabytes = |key: &str| {
        let line = status.lines().find(|l| l.starts_with(key))?;
        let kilobytes: u64 = line[key.len()..].trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kilobytes / 1024)
    };
    match (megabytes("VmRSS:"), megabytes("VmHWM:")) {
        (Some(now), Some(peak)) => format!("{now:>7} MB now {peak:>7} MB peak"),
        _ => String::new(),
    }
}
