//! Speed of composing an edition and building the Atom feed (what every
//! feed request does) on a generated ledger (`truce_ledger::synth`, each
//! day's documents recorded at 18:00 UTC, so one evening edition per day).
//! Run with `cargo bench -p truce-digest`; `TRUCE_BENCH_CLAIMS` sets the
//! ledger size (default 300k claims over 5 years, built once per run in a
//! temporary file); `TRUCE_BENCH_DB=PATH` uses an existing ledger, opened
//! as it is (never written by these benches): an SQLite file or a
//! `postgres://` URL, so both backends are measured on the same ledger
//! (copy one across with `truce migrate-db`).

use divan::Bencher;
use std::sync::OnceLock;
use truce_digest::atom::{EditionCache, FEED_ENTRIES, FeedLinks, editions_with_news, feed_from_ledger, feed_from_ledger_cached};
use truce_digest::{Audience, Edition, EditionKind, Format, Schedule, compose, render};
use truce_ledger::LedgerStore;
use truce_ledger::synth::bench_ledger;
use truce_ledger_pg::LedgerTarget;
use truce_model::Governorate;

fn main() {
    divan::main();
}

struct Fixture {
    _dir: tempfile::TempDir,
    target: LedgerTarget,
    last: jiff::civil::Date,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = LedgerTarget::parse(&bench_ledger(dir.path(), 300_000).expect("bench ledger"));
        let last = target.open().expect("open").latest_day().expect("latest day").expect("a ledger with claims");
        eprintln!("ledger: {}", target.describe());
        Fixture { _dir: dir, target, last }
    })
}

fn ledger() -> Box<dyn LedgerStore + Send> {
    fixture().target.open().expect("open")
}

/// The evening edition of the ledger's last day.
#[divan::bench]
fn compose_edition(b: Bencher) {
    let l = ledger();
    let e = Edition::new(fixture().last, EditionKind::Evening);
    b.bench_local(|| compose(&*l, &Schedule::default(), e, Audience::default()).expect("compose"));
}

/// Composing and rendering it as text for a phone.
#[divan::bench]
fn compose_and_render_text(b: Bencher) {
    let l = ledger();
    let e = Edition::new(fixture().last, EditionKind::Evening);
    b.bench_local(|| render::render(&compose(&*l, &Schedule::default(), e, Audience::default()).expect("compose"), Format::Text));
}

fn feed(b: Bencher, province: Option<Governorate>) {
    let l = ledger();
    let now = fixture().last.tomorrow().expect("a day").to_zoned(jiff::tz::TimeZone::UTC).expect("zoned").timestamp();
    let links = FeedLinks { self_url: "http://h/feeds/bulletin.atom".into(), base_url: "http://h".into() };
    b.bench_local(|| feed_from_ledger(&*l, &Schedule::default(), Audience { province, ..Audience::default() }, now, &links).expect("feed"));
}

/// The whole feed: 28 editions composed and written as Atom.
#[divan::bench(sample_count = 10)]
fn atom_feed(b: Bencher) {
    feed(b, None);
}

/// A governorate's feed (Aleppo).
#[divan::bench(sample_count = 10)]
fn atom_feed_governorate(b: Bencher) {
    feed(b, Governorate::from_name_or_pcode("SY02").ok());
}

/// The feed as the server answers it once its editions are cached: the
/// scan for editions with news and the XML.
#[divan::bench]
fn atom_feed_cached(b: Bencher) {
    let l = ledger();
    let now = fixture().last.tomorrow().expect("a day").to_zoned(jiff::tz::TimeZone::UTC).expect("zoned").timestamp();
    let links = FeedLinks { self_url: "http://h/feeds/bulletin.atom".into(), base_url: "http://h".into() };
    let cache = EditionCache::default();
    b.bench_local(|| feed_from_ledger_cached(&*l, &Schedule::default(), Audience::default(), now, &links, &cache).expect("feed"));
}

/// Finding which editions had news, the part of every feed request that
/// the cache cannot spare: `FEED_ENTRIES` editions for the whole feed, four
/// times as many for a governorate's (which skips editions with nothing
/// for it). It should not grow with the ledger's history.
#[divan::bench(args = [FEED_ENTRIES, FEED_ENTRIES * 4])]
fn editions_with_news_found(b: Bencher, limit: usize) {
    let l = ledger();
    let now = fixture().last.tomorrow().expect("a day").to_zoned(jiff::tz::TimeZone::UTC).expect("zoned").timestamp();
    b.bench_local(|| {
        let found = editions_with_news(&*l, &Schedule::default(), now, limit).expect("editions");
        assert_eq!(found.len(), limit);
        found
    });
}
