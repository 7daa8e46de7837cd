//! Stable replay of the fuzz target: runs `truce_fuzz::check` over files or
//! directories (the seed corpus by default, or a libFuzzer corpus or crash
//! artifact), so the fuzz property is checked without nightly or libFuzzer.
//!
//! `cargo run --manifest-path fuzz/Cargo.toml --no-default-features --release --bin replay [--large] [PATH...]`
//!
//! `--large` also reads one 50 MB bulletin built from the examples: the
//! size the issue names, too slow for the debug test suite.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut large = false;
    let mut paths = Vec::new();
    for arg in std::env::args_os().skip(1) {
        if arg == "--large" {
            large = true;
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus-seed")));
    }
    let files = match truce_fuzz::inputs(&paths) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("error: cannot list the inputs: {err}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let failures = match truce_fuzz::replay(&files) {
        Ok(failures) => failures,
        Err(err) => {
            eprintln!("error: cannot read an input: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("replayed {} inputs in {:.2?}", files.len(), started.elapsed());
    for f in &failures {
        eprintln!("PANIC {}: {}\n  input (base64): {}", f.path.display(), f.message, f.base64);
    }
    if large && !check_large() {
        return ExitCode::FAILURE;
    }
    if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// One 50 MB document made of the English example bulletin repeated.
fn check_large() -> bool {
    let bulletin = include_str!("../../examples/bulletin.en.txt");
    let body: String = bulletin.lines().skip(1).map(|l| format!("{l}\n")).collect();
    let mut big = String::from("date 2024-03-04\n");
    while big.len() < 50 << 20 {
        big.push_str(&body);
    }
    let started = Instant::now();
    let ok = std::panic::catch_unwind(|| truce_fuzz::check(big.as_bytes())).is_ok();
    let secs = started.elapsed().as_secs_f64();
    // check() reads the text twice (decoded and lossy), hence the 2.
    println!("50 MB document: {} in {secs:.2} s ({:.1} MB/s)", if ok { "ok" } else { "PANIC" }, 2.0 * big.len() as f64 / 1e6 / secs);
    ok
}
