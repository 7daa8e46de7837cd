//! Which editions had news, on real ledgers whose recorded times are spread
//! over many more times than the feed reads in one page: the editions found
//! are those of every time the test wrote, on SQLite and, when a server
//! answers, on PostgreSQL.

mod common;

use common::{examples, ingest_file, ts};
use jiff::{SignedDuration, Timestamp};
use std::collections::BTreeSet;
use truce_digest::atom::editions_with_news;
use truce_digest::{Edition, EditionKind, Schedule};
use truce_ledger::{ClaimFilter, LedgerStore, NewClaim, SqliteLedger, Stamp};
use truce_ledger_pg::LedgerTarget;
use truce_ledger_pg::testing::{Scratch, server_url};
use truce_model::{Claim, Metric, ReportDay, Window};

fn hand_claim(value: f64) -> NewClaim {
    NewClaim {
        claim: Claim {
            metric: Metric::CeasefireViolations,
            value: Some(value),
            window: Window::Day,
            actor: None,
            places: vec![],
            evidence: "field report".into(),
            span: None,
            reasons: Vec::new(),
        },
        reporter: Some("Field office".into()),
        valid: Some(ReportDay::Day(jiff::civil::date(2024, 3, 1))),
        note: None,
    }
}

/// Writes news over 30 days: editions with none, one, or up to 40 times
/// (the feed's first page is 4 times per edition wanted), times on a cut
/// and a microsecond either side of one, a document recorded at the very
/// time of a claim and a correction a microsecond after another. Returns
/// every time written.
fn write_history(ledger: &mut dyn LedgerStore, schedule: &Schedule) -> Vec<Timestamp> {
    let us = SignedDuration::from_micros;
    let mut times = Vec::new();
    let mut e = Edition::new(jiff::civil::date(2024, 3, 1), EditionKind::Morning);
    for k in 0..60usize {
        let (since, cut) = schedule.window(e).unwrap();
        let n = [0, 1, 9, 0, 14, 2, 0, 40, 1, 3][k % 10];
        for i in 0..n {
            let t = match i {
                0 => cut,
                1 => since + us(1),
                2 => cut - us(1),
                i => cut - SignedDuration::from_secs(i as i64 * 60) - us(i as i64),
            };
            ledger.record(&hand_claim(i as f64), &Stamp::at("amal", t)).unwrap();
            times.push(t);
        }
        e = e.next().unwrap();
    }
    // A document recorded at the very time of a claim, and another as the
    // only news of the first morning (k = 0 wrote nothing), on its cut.
    ingest_file(ledger, &examples().join("2024-03-01.en.txt"), times[0]);
    let lone = ts("2024-03-01T07:00:00Z");
    ingest_file(ledger, &examples().join("2024-03-02.en.txt"), lone);
    times.push(lone);
    // A correction a microsecond after the latest claim.
    let last_time = *times.iter().max().unwrap();
    let latest = ledger.claims(&ClaimFilter::default()).unwrap().into_iter().find(|c| c.recorded_at == last_time).unwrap();
    ledger.correct(latest.id, &hand_claim(99.0), &Stamp::at("basel", last_time + us(1))).unwrap();
    times.push(last_time + us(1));
    times
}

/// The editions of all `times`, closed by `now`, newest first: what the
/// feed found when it read every recorded time.
fn every_edition(times: &[Timestamp], schedule: &Schedule, now: Timestamp, limit: usize) -> Vec<Edition> {
    let closed = schedule.latest_closed(now).unwrap();
    let all: BTreeSet<Edition> = times.iter().filter(|t| **t <= now).map(|t| schedule.edition_of(*t).unwrap()).filter(|e| *e <= closed).collect();
    all.into_iter().rev().take(limit).collect()
}

fn check(target: &LedgerTarget) {
    let schedule = Schedule::default();
    let mut ledger = target.open().unwrap();
    let times = write_history(&mut *ledger, &schedule);
    let with_news = every_edition(&times, &schedule, Timestamp::MAX, usize::MAX).len();
    assert!(with_news > 30, "{with_news}");
    for now in ["2024-03-20T19:00:00Z", "2024-03-20T19:00:00.000001Z", "2024-03-25T12:00:00Z", "2024-05-01T00:00:00Z"] {
        let now = ts(now);
        for limit in (0..=with_news + 1).chain([112]) {
            let found = editions_with_news(&*ledger, &schedule, now, limit).unwrap();
            assert_eq!(found, every_edition(&times, &schedule, now, limit), "{} limit {limit} at {now}", target.describe());
        }
    }
}

#[test]
fn the_editions_with_news_are_those_of_every_recorded_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.db");
    drop(SqliteLedger::open(&path).unwrap());
    check(&LedgerTarget::Sqlite(path));
    if let Some(url) = server_url("editions_with_news") {
        let mut scratch = Scratch::new(&url, "news");
        check(&LedgerTarget::Postgres(scratch.database()));
    }
}
