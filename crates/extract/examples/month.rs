//! Reads the example month (`examples/bulletins`) a number of times, each
//! bulletin on its own as `truce extract DIR` does, and prints the
//! throughput by the CPU time of this thread as well as by the wall clock.
//!
//! A fixed, repeatable workload for comparing two versions of the reader:
//! under `valgrind --tool=callgrind` its instruction count is the same from
//! run to run however busy the machine is, and on a shared machine the CPU
//! time is steadier than the wall clock.
//!
//! Run: `cargo run --release -p truce-extract --example month -- [ROUNDS]`
//! (default 10 rounds, about 0.7 MB; 154 rounds is the 10.6 MB of the
//! `documents_10mb` benchmark).

use std::path::Path;
use std::time::Instant;
use truce_extract::{Options, extract};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = match std::env::args().nth(1) {
        Some(arg) => arg.parse().map_err(|e| format!("ROUNDS {arg:?}: {e}"))?,
        None => 10,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut month = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        month.push((Options { id, ..Options::default() }, text));
    }
    let bytes = month.iter().map(|(_, t)| t.len()).sum::<usize>() * rounds;
    let (cpu_start, wall_start) = (thread_cpu_ns(), Instant::now());
    let mut claims = 0;
    for _ in 0..rounds {
        for (options, text) in &month {
            claims += extract(text, options).claims.len();
        }
    }
    let wall = wall_start.elapsed().as_secs_f64();
    let mb = bytes as f64 / 1e6;
    print!("{} documents, {mb:.2} MB, {claims} claims: wall {wall:.3} s ({:.1} MB/s)", month.len() * rounds, mb / wall);
    match (cpu_start, thread_cpu_ns()) {
        (Some(a), Some(b)) => println!(", CPU {:.3} s ({:.1} MB/s)", (b - a) as f64 / 1e9, mb / ((b - a) as f64 / 1e9)),
        _ => println!(),
    }
    Ok(())
}

/// Nanoseconds this thread has run on a CPU (Linux); `None` elsewhere.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}
