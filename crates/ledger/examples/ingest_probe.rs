//! Ingest rate measured in ways the shared, noisy machine disturbs less
//! than wall time: claims per CPU-second and bytes written per document
//! (WAL frames and checkpoints, from /proc/self/io; Linux only).
//!
//! `cargo run --release -p truce-ledger --example ingest_probe -- [VERSION] [CLAIMS] [RUNS]`
//! ingests the bench corpus (48,000 claims by default) into a fresh file
//! at schema VERSION (default the latest), so an older schema's cost can be
//! measured by the same binary in the same run: `-- 2` against `-- 3`.
use std::time::Instant;
use truce_ledger::synth::{SynthSpec, documents};
use truce_ledger::{LedgerStore, SqliteLedger, Stamp};

fn io() -> (u64, f64) {
    let s = std::fs::read_to_string("/proc/self/io").unwrap();
    let w = s.lines().find(|l| l.starts_with("wchar:")).unwrap()[7..].trim().parse().unwrap();
    let st = std::fs::read_to_string("/proc/self/stat").unwrap();
    let f: Vec<&str> = st.rsplit(')').next().unwrap().split_whitespace().collect();
    let cpu = (f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap()) / 100.0;
    (w, cpu)
}

fn main() {
    let mut a = std::env::args().skip(1);
    let version: i64 = a.next().map(|s| s.parse().unwrap()).unwrap_or(99);
    let claims: u64 = a.next().map(|s| s.parse().unwrap()).unwrap_or(48_000);
    let reps: u32 = a.next().map(|s| s.parse().unwrap()).unwrap_or(3);
    let docs: Vec<_> = documents(SynthSpec::new(claims, 1, 1)).collect();
    let n: usize = docs.iter().map(|d| d.extraction.claims.len()).sum();
    for _ in 0..reps {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.db");
        let mut l = SqliteLedger::open_at_version(&p, version).unwrap();
        let stamp = Stamp::now("extract");
        let (w0, c0) = io();
        let t = Instant::now();
        for d in &docs {
            l.ingest(&d.new_document(), &d.extraction, &stamp).unwrap();
        }
        let secs = t.elapsed().as_secs_f64();
        let (w1, c1) = io();
        drop(l);
        let size = std::fs::metadata(&p).unwrap().len();
        println!(
            "v{version}: {:.0} claims/s wall, {:.0} claims/s cpu, {:.1} KiB written/doc, {:.1} MiB/M claims",
            n as f64 / secs,
            n as f64 / (c1 - c0),
            (w1 - w0) as f64 / 1024.0 / docs.len() as f64,
            size as f64 / 1048576.0 / (n as f64 / 1e6)
        );
    }
}
