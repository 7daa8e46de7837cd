//! The digest on a PostgreSQL ledger reads exactly what it reads on an
//! SQLite one: the same history written to both gives the same bytes for
//! every edition of a month, in every format and for the Atom feeds.
//! Skipped without a PostgreSQL server, except in CI.

mod common;

use common::{SampleLedgers, ts};
use jiff::civil::{Date, date};
use truce_digest::atom::{FeedLinks, editions_with_news, feed_from_ledger};
use truce_digest::render::{self, Format};
use truce_digest::{Audience, Edition, EditionKind, Schedule, compose};
use truce_ledger::{ClaimFilter, ClaimId, LedgerStore, NewClaim, ReviewState, Stamp};
use truce_model::{Claim, Governorate, Metric, ReportDay, Window};
use truce_views::Language;

fn hand_claim(metric: Metric, value: f64, day: Date) -> NewClaim {
    NewClaim {
        claim: Claim {
            metric,
            value: Some(value),
            window: Window::Day,
            actor: None,
            places: vec![],
            evidence: "field report".into(),
            span: None,
            reasons: Vec::new(),
        },
        reporter: Some("Field office".into()),
        valid: Some(ReportDay::Day(day)),
        note: None,
    }
}

fn first_claim(ledger: &dyn LedgerStore, day: Date, metric: Metric) -> ClaimId {
    let claims = ledger.claims_on(day, &ClaimFilter::default()).unwrap();
    claims.iter().filter(|c| c.claim.metric == metric).map(|c| c.id).min().unwrap_or_else(|| panic!("no {metric:?} claim on {day}"))
}

/// What happens after the bulletins, the same on both ledgers: a claim
/// recorded by hand, a dispute and a correction, each the next morning,
/// since claims recorded apart from a document are found by other queries
/// than the documents' recorded times.
fn later_history(ledger: &mut dyn LedgerStore) -> [ClaimId; 3] {
    let field = ledger.record(&hand_claim(Metric::CeasefireViolations, 14.0, date(2024, 3, 17)), &Stamp::at("amal", ts("2024-03-18T06:00:00Z"))).unwrap();
    let disputed = first_claim(ledger, date(2024, 3, 17), Metric::CeasefireViolations);
    ledger.review(disputed, ReviewState::Disputed, Some("misread"), &Stamp::at("amal", ts("2024-03-18T06:30:00Z"))).unwrap();
    let actions = first_claim(ledger, date(2024, 3, 16), Metric::HumanitarianActions);
    let fixed =
        ledger.correct(actions, &hand_claim(Metric::HumanitarianActions, 3.0, date(2024, 3, 16)), &Stamp::at("amal", ts("2024-03-19T20:00:00Z"))).unwrap();
    [field, disputed, fixed]
}

#[test]
fn editions_and_feeds_are_the_same_bytes_on_postgres_as_on_sqlite() {
    let ledgers = SampleLedgers::new("digest_same_on_postgres", "2024-03-21");
    let Some(pg) = &ledgers.postgres else { return };
    let mut sqlite = ledgers.sqlite.open().unwrap();
    let mut pg = pg.open().unwrap();
    assert_eq!(later_history(&mut *sqlite), later_history(&mut *pg), "the same claims have the same ids");

    let schedule = Schedule::default();
    let aleppo = Governorate::from_name_or_pcode("SY02").unwrap();
    let audiences = [Audience::default(), Audience { lang: Language::Fr, province: None }, Audience { lang: Language::Fr, province: Some(aleppo) }];
    let mut compared = 0;
    let mut with_news = 0;
    let mut day = date(2024, 3, 1);
    while day <= date(2024, 3, 21) {
        for kind in [EditionKind::Morning, EditionKind::Evening] {
            let edition = Edition::new(day, kind);
            for audience in audiences {
                let on_sqlite = compose(&*sqlite, &schedule, edition, audience).unwrap();
                let on_pg = compose(&*pg, &schedule, edition, audience).unwrap();
                for format in [Format::Text, Format::Markdown, Format::Html] {
                    let (a, b) = (render::render(&on_sqlite, format), render::render(&on_pg, format));
                    assert!(a == b, "{edition} {audience:?} {format:?} differs:\n--- SQLite\n{a}\n--- PostgreSQL\n{b}");
                    compared += 1;
                }
                assert_eq!(on_sqlite, on_pg, "{edition} {audience:?}");
                with_news += usize::from(!on_sqlite.is_empty());
            }
        }
        day = day.tomorrow().unwrap();
    }
    assert_eq!(compared, 21 * 2 * 3 * 3);
    assert!(with_news >= 40, "the comparison covers editions that say something: {with_news}");

    // The feeds, from the first day's editions to after the corrections.
    for now in ["2024-03-02T00:00:00Z", "2024-03-18T07:00:00Z", "2024-03-22T00:00:00Z"] {
        let now = ts(now);
        let news = editions_with_news(&*sqlite, &schedule, now, 100).unwrap();
        assert_eq!(news, editions_with_news(&*pg, &schedule, now, 100).unwrap(), "editions with news at {now}");
        assert!(!news.is_empty());
        for audience in audiences {
            let links = FeedLinks { self_url: "http://truce.test/feeds/bulletin.atom".into(), base_url: "http://truce.test".into() };
            let a = feed_from_ledger(&*sqlite, &schedule, audience, now, &links).unwrap();
            let b = feed_from_ledger(&*pg, &schedule, audience, now, &links).unwrap();
            assert!(a == b, "feed at {now} for {audience:?} differs:\n--- SQLite\n{a}\n--- PostgreSQL\n{b}");
            assert!(a.contains("<entry>"), "{a}");
        }
    }
    // The hand-made history is in the editions it belongs to, on both.
    let morning_18 = Edition::new(date(2024, 3, 18), EditionKind::Morning);
    let evening_19 = Edition::new(date(2024, 3, 19), EditionKind::Evening);
    let morning_20 = Edition::new(date(2024, 3, 20), EditionKind::Morning);
    assert!(editions_with_news(&*pg, &schedule, ts("2024-03-22T00:00:00Z"), 100).unwrap().contains(&morning_18));
    let d = compose(&*pg, &schedule, morning_18, Audience::default()).unwrap();
    assert!(d.items.iter().any(|i| i.value == Some(14.0) && i.metric == Metric::CeasefireViolations), "{d:#?}");
    let d = compose(&*pg, &schedule, morning_20, Audience::default()).unwrap();
    assert!(d.items.iter().any(|i| i.value == Some(3.0) && i.metric == Metric::HumanitarianActions), "{d:#?}");
    assert!(
        !compose(&*pg, &schedule, evening_19, Audience::default())
            .unwrap()
            .items
            .iter()
            .any(|i| i.value == Some(3.0) && i.metric == Metric::HumanitarianActions)
    );
}
