//! Ingest speed on PostgreSQL: claims per second from already-extracted
//! documents, one writer and four, each sample into a fresh database. Needs
//! a server (`TRUCE_TEST_PG_URL`, or the cluster `scripts/pg-test-server`
//! starts); without one it says so and measures nothing. The larger run with
//! SQLite beside it is `examples/bench.rs`; figures in docs/benchmarks.md.

use divan::Bencher;
use divan::counter::ItemsCount;
use truce_ledger::synth::{SynthDoc, SynthSpec, documents};
use truce_ledger::{LedgerStore, Stamp};
use truce_ledger_pg::PgLedger;
use truce_ledger_pg::testing::{Scratch, server_url};

fn main() {
    divan::main();
}

const CLAIMS: u64 = 24_000;

fn ingest_with(b: Bencher, writers: usize) {
    let Some(url) = server_url("ledger-pg bench") else { return };
    let docs: Vec<SynthDoc> = documents(SynthSpec::new(CLAIMS, 1, 1)).collect();
    let n: usize = docs.iter().map(|d| d.extraction.claims.len()).sum();
    let mut scratch = Scratch::new(&url, "bench");
    b.counter(ItemsCount::new(n))
        .with_inputs(|| {
            let db = scratch.database();
            drop(PgLedger::open(&db).expect("create"));
            db
        })
        .bench_local_values(|db| {
            std::thread::scope(|s| {
                for w in 0..writers {
                    let (db, docs) = (&db, &docs);
                    s.spawn(move || {
                        let mut l = PgLedger::open(db).expect("open");
                        let stamp = Stamp::now("extract");
                        for d in docs.iter().skip(w).step_by(writers) {
                            l.ingest(&d.new_document(), &d.extraction, &stamp).expect("ingest");
                        }
                    });
                }
            });
        });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn store_extracted_1_writer(b: Bencher) {
    ingest_with(b, 1);
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn store_extracted_4_writers(b: Bencher) {
    ingest_with(b, 4);
}
