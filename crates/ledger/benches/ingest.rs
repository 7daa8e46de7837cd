//! Ingest speed (issue 4): claims per second into SQLite from
//! already-extracted claims, and end to end from text (decode + extract +
//! store). Run with `cargo bench -p truce-ledger`; figures go to
//! docs/benchmarks.md.
//!
//! Each sample ingests a batch of generated documents (24 claims each, one
//! transaction per document, as `truce ingest` does) into a fresh ledger file
//! in WAL mode, so the rate includes commits, the FTS index and the places.

use divan::Bencher;
use divan::counter::ItemsCount;
use truce_ledger::synth::{SynthDoc, SynthSpec, documents};
use truce_ledger::{LedgerStore, SqliteLedger, Stamp};

fn main() {
    divan::main();
}

const CLAIMS: u64 = 48_000;

fn corpus() -> Vec<SynthDoc> {
    documents(SynthSpec::new(CLAIMS, 1, 1)).collect()
}

fn claims_in(docs: &[SynthDoc]) -> usize {
    docs.iter().map(|d| d.extraction.claims.len()).sum()
}

/// Already-extracted claims into a ledger file.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn store_extracted(b: Bencher) {
    let docs = corpus();
    let n = claims_in(&docs);
    b.counter(ItemsCount::new(n)).with_inputs(|| tempfile::tempdir().expect("tempdir")).bench_local_values(|dir| {
        let mut l = SqliteLedger::open(dir.path().join("bench.db")).expect("open");
        let stamp = Stamp::now("extract");
        for d in &docs {
            l.ingest(&d.new_document(), &d.extraction, &stamp).expect("ingest");
        }
        dir
    });
}

/// [`store_extracted`] into a ledger kept at schema 4, without the
/// `locality_joins` rows of schema 5: their cost, measured in one run.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn store_extracted_schema4(b: Bencher) {
    let docs = corpus();
    let n = claims_in(&docs);
    b.counter(ItemsCount::new(n)).with_inputs(|| tempfile::tempdir().expect("tempdir")).bench_local_values(|dir| {
        let mut l = SqliteLedger::open_at_version(dir.path().join("bench.db"), 4).expect("open");
        let stamp = Stamp::now("extract");
        for d in &docs {
            l.ingest(&d.new_document(), &d.extraction, &stamp).expect("ingest");
        }
        dir
    });
}

/// The same into an in-memory ledger: the cost of SQLite itself, no file.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn store_extracted_in_memory(b: Bencher) {
    let docs = corpus();
    let n = claims_in(&docs);
    b.counter(ItemsCount::new(n)).bench_local(|| {
        let mut l = SqliteLedger::open_in_memory().expect("open");
        let stamp = Stamp::now("extract");
        for d in &docs {
            l.ingest(&d.new_document(), &d.extraction, &stamp).expect("ingest");
        }
    });
}

/// From text: decode, extract, store, one thread (the CLI overlaps reading
/// with writing on two). Counted in claims extract found; when extract finds
/// fewer than the generator wrote, the rate is per found claim.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn end_to_end_from_text(b: Bencher) {
    let docs = corpus();
    let texts: Vec<(String, Vec<u8>)> = docs.iter().map(|d| (d.source_key.clone(), d.text.clone().into_bytes())).collect();
    let found: usize = texts
        .iter()
        .map(|(id, bytes)| {
            let text = truce_extract::decode(bytes).unwrap_or_default();
            truce_extract::extract(&text, &truce_extract::Options { id: id.clone(), ..Default::default() }).claims.len()
        })
        .sum();
    // Count documents when extract finds nothing, so the bench still says something.
    let items = if found > 0 { found } else { texts.len() };
    b.counter(ItemsCount::new(items)).with_inputs(|| tempfile::tempdir().expect("tempdir")).bench_local_values(|dir| {
        let mut l = SqliteLedger::open(dir.path().join("bench.db")).expect("open");
        let stamp = Stamp::now("extract");
        for (id, bytes) in &texts {
            let Ok(text) = truce_extract::decode(bytes) else { continue };
            let ex = truce_extract::extract(&text, &truce_extract::Options { id: id.clone(), ..Default::default() });
            let doc = truce_ledger::NewDocument { source_key: id, source_path: None, hash: truce_ledger::ContentHash::of(bytes), text: &text };
            l.ingest(&doc, &ex, &stamp).expect("ingest");
        }
        dir
    });
}
