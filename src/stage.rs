//! Stage timings for the benchmark: with `BANGFU_STAGES` set in the environment, each
//! stage of a run prints its wall time on stderr, with the process's peak memory so far
//! (the profile in bench/README.md). Nothing is printed otherwise, and nothing is timed.

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

/// The process's peak resident memory so far (`getrusage`), in MB.
fn memory() -> String {
    // SAFETY: `rusage` is plain integers, valid when zeroed; getrusage only writes it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return String::new();
    }
    format!("{:>7} MB peak", usage.ru_maxrss / 1024)
}
