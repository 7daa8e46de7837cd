//! Full-text search (`truce search`, the dashboard's search page): the
//! documents and sentences matching a query, newest document first.
//!
//! `cargo bench -p truce-ledger --bench search` builds a ledger of
//! `TRUCE_BENCH_CLAIMS` synthetic claims (default 300k, about 12.5k
//! documents) once per run; `TRUCE_BENCH_DB=PATH` searches an existing
//! ledger instead, such as the 10M-claim one of docs/benchmarks.md. The
//! synthetic bulletins repeat the same sentences, so "hours" is in nearly
//! every one: the worst case for a search that ranked every match.

use std::sync::OnceLock;
use truce_ledger::synth::bench_ledger;
use truce_ledger::{LedgerStore, SqliteLedger};

fn main() {
    divan::main();
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = std::path::PathBuf::from(bench_ledger(dir.path(), 300_000).expect("bench ledger"));
        assert!(path.exists(), "{} does not exist", path.display());
        // Indexed before timing, so no sample pays for it.
        SqliteLedger::open(&path).expect("open").index_pending().expect("search index");
        Fixture { _dir: dir, path }
    })
}

fn ledger() -> SqliteLedger {
    SqliteLedger::open(&fixture().path).expect("open")
}

/// Twenty documents, as the dashboard and the CLI ask by default.
#[divan::bench(args = ["hours", "Maarrat", "Maar*", "Salma Lattakia", "Palmyra"], sample_count = 20)]
fn search_20_documents(bencher: divan::Bencher, query: &str) {
    let l = ledger();
    bencher.bench_local(|| l.search(divan::black_box(query), 20).expect("search"));
}
