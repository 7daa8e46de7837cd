//! Speed of the views on a generated ledger (`truce_ledger::synth`): a daily
//! report, a country and a governorate series, the audit of one month, and
//! the exports' rate, each through the `LedgerStore` API (any backend) and
//! through SQL on SQLite (`*_sql`, what the CLI uses). Run with
//! `cargo bench -p truce-views`; `TRUCE_BENCH_CLAIMS` sets the ledger size
//! (default 300k claims over 5 years, built once per run in a temporary
//! file). `TRUCE_BENCH_DB=PATH` runs against an existing ledger instead
//! (such as the 10M-claim one built by
//! `cargo run --release -p truce-ledger --example synth -- PATH 10000000 5`),
//! which is opened as it is and never modified by the benches.
//!
//! Figures, and how they were measured, are in docs/benchmarks.md (10M
//! claims over 5 years, schema 3 against schema 4 in one session).

use divan::Bencher;
use divan::counter::ItemsCount;
use std::sync::OnceLock;
use truce_ledger::synth::bench_ledger;
use truce_ledger::{LedgerStore, SqliteLedger};
use truce_model::{Date, Governorate, Metric};
use truce_views::ViewQuery;
use truce_views::series::Scope;

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
        Fixture { _dir: dir, path }
    })
}

fn ledger() -> SqliteLedger {
    SqliteLedger::open(&fixture().path).expect("open")
}

const DAY: Date = jiff::civil::date(2018, 6, 15);

#[divan::bench(sample_count = 20)]
fn daily_report(b: Bencher) {
    let l = ledger();
    b.bench_local(|| truce_views::report::daily_report_generic(&l, DAY, &ViewQuery::default()).expect("report"));
}

#[divan::bench(sample_count = 20)]
fn daily_report_sql(b: Bencher) {
    let l = ledger();
    b.bench_local(|| truce_views::report::daily_report_sql(&l, DAY, &ViewQuery::default()).expect("report"));
}

#[divan::bench(sample_count = 10)]
fn series_governorate_one_year(b: Bencher) {
    let l = ledger();
    let (from, to) = (jiff::civil::date(2018, 1, 1), jiff::civil::date(2018, 12, 31));
    b.bench_local(|| {
        truce_views::series::series_generic(
            &l,
            Metric::CeasefireViolations,
            &Scope::Governorate(Governorate::Aleppo),
            Some(from),
            Some(to),
            &ViewQuery::default(),
        )
        .expect("series")
    });
}

#[divan::bench(sample_count = 10)]
fn series_sql_governorate_one_year(b: Bencher) {
    let l = ledger();
    let (from, to) = (jiff::civil::date(2018, 1, 1), jiff::civil::date(2018, 12, 31));
    b.bench_local(|| {
        truce_views::series::series_sql(&l, Metric::CeasefireViolations, &Scope::Governorate(Governorate::Aleppo), Some(from), Some(to), &ViewQuery::default())
            .expect("series")
    });
}

#[divan::bench(sample_count = 10)]
fn series_sql_governorate_one_month(b: Bencher) {
    let l = ledger();
    let (from, to) = (jiff::civil::date(2018, 6, 1), jiff::civil::date(2018, 6, 30));
    b.bench_local(|| {
        truce_views::series::series_sql(&l, Metric::CeasefireViolations, &Scope::Governorate(Governorate::Aleppo), Some(from), Some(to), &ViewQuery::default())
            .expect("series")
    });
}

#[divan::bench(sample_count = 10)]
fn series_sql_country_one_year(b: Bencher) {
    let l = ledger();
    let (from, to) = (jiff::civil::date(2018, 1, 1), jiff::civil::date(2018, 12, 31));
    b.bench_local(|| {
        truce_views::series::series_sql(&l, Metric::CeasefireViolations, &Scope::Country, Some(from), Some(to), &ViewQuery::default()).expect("series")
    });
}

#[divan::bench(sample_count = 10)]
fn series_country_one_year(b: Bencher) {
    let l = ledger();
    let (from, to) = (jiff::civil::date(2018, 1, 1), jiff::civil::date(2018, 12, 31));
    b.bench_local(|| {
        truce_views::series::series_generic(&l, Metric::CeasefireViolations, &Scope::Country, Some(from), Some(to), &ViewQuery::default()).expect("series")
    });
}

#[divan::bench(sample_count = 5)]
fn audit_one_month(b: Bencher) {
    let l = ledger();
    b.bench_local(|| {
        truce_views::audit::audit_generic(&l, jiff::civil::date(2018, 6, 1), jiff::civil::date(2018, 6, 30), &ViewQuery::default()).expect("audit")
    });
}

#[divan::bench(sample_count = 5)]
fn audit_sql_one_month(b: Bencher) {
    let l = ledger();
    b.bench_local(|| truce_views::audit::audit_sql(&l, jiff::civil::date(2018, 6, 1), jiff::civil::date(2018, 6, 30), &ViewQuery::default()).expect("audit"));
}

#[divan::bench(sample_count = 3)]
fn export_csv_one_year(b: Bencher) {
    let l = ledger();
    let filter = ViewQuery::default().filter(None, Some(jiff::civil::date(2018, 1, 1)), Some(jiff::civil::date(2018, 12, 31)));
    let rows = l.count_claims(&filter).expect("count");
    b.counter(ItemsCount::new(rows)).bench_local(|| truce_views::export::export_csv_generic(&l, &filter, std::io::sink()).expect("export"));
}

#[divan::bench(sample_count = 3)]
fn export_csv_sql_one_year(b: Bencher) {
    let l = ledger();
    let filter = ViewQuery::default().filter(None, Some(jiff::civil::date(2018, 1, 1)), Some(jiff::civil::date(2018, 12, 31)));
    let rows = l.count_claims(&filter).expect("count");
    b.counter(ItemsCount::new(rows)).bench_local(|| truce_views::export::export_csv_sql(&l, &filter, std::io::sink()).expect("export"));
}

#[divan::bench(sample_count = 3)]
fn export_jsonl_sql_one_year(b: Bencher) {
    let l = ledger();
    let filter = ViewQuery::default().filter(None, Some(jiff::civil::date(2018, 1, 1)), Some(jiff::civil::date(2018, 12, 31)));
    let rows = l.count_claims(&filter).expect("count");
    b.counter(ItemsCount::new(rows)).bench_local(|| truce_views::export::export_jsonl_sql(&l, &filter, std::io::sink()).expect("export"));
}
