//! Builds a large synthetic ledger for the views' benchmarks (issues 5, 7)
//! and reports the ingest rate and the file size per million claims.
//!
//! `cargo run --release -p truce-ledger --example synth -- OUT.db [CLAIMS] [YEARS] [SEED]`
//! (default 1,000,000 claims over 5 years, seed 1). "10M claims over 5
//! years" is `OUT.db 10000000 5`.

use std::time::Instant;
use truce_ledger::synth::{SynthSpec, fill};
use truce_ledger::{LedgerStore, SqliteLedger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().ok_or("usage: synth OUT.db [CLAIMS] [YEARS] [SEED]")?;
    let claims: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1_000_000);
    let years: u32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(5);
    let seed: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    if std::path::Path::new(&out).exists() {
        return Err(format!("{out} exists; choose a new file").into());
    }
    let mut ledger = SqliteLedger::open(&out)?;
    let started = Instant::now();
    let mut last = Instant::now();
    let filled = fill(&mut ledger, SynthSpec::new(claims, years, seed), &mut |f| {
        if last.elapsed().as_secs() >= 5 {
            last = Instant::now();
            let rate = f.claims as f64 / started.elapsed().as_secs_f64();
            eprintln!("{} documents, {} claims, {rate:.0} claims/s", f.documents, f.claims);
        }
    })?;
    let secs = started.elapsed().as_secs_f64();
    let stats = ledger.stats()?;
    drop(ledger); // checkpoints the WAL into the file
    let bytes = std::fs::metadata(&out)?.len();
    println!(
        "{} documents, {} claims in {secs:.1} s: {:.0} claims/s; file {:.1} MiB, {:.1} MiB per million claims",
        filled.documents,
        stats.claims,
        stats.claims as f64 / secs,
        bytes as f64 / 1048576.0,
        bytes as f64 / 1048576.0 / (stats.claims as f64 / 1e6)
    );
    Ok(())
}
