//! Composing editions from the sample month: what is in an edition, what is
//! not, and how it reads.

mod common;

use common::{sample_ledger, ts};
use jiff::civil::date;
use std::collections::BTreeSet;
use truce_digest::render::{self, MAX_ITEMS};
use truce_digest::{Audience, Edition, EditionKind, Format, Schedule, compose};
use truce_ledger::{ClaimFilter, ClaimId, LedgerStore, NewClaim, ReviewState, SqliteLedger, Stamp};
use truce_model::{Claim, Governorate, Metric, Place, ReportDay, Window};
use truce_views::Language;

fn evening(d: jiff::civil::Date) -> Edition {
    Edition::new(d, EditionKind::Evening)
}

fn morning(d: jiff::civil::Date) -> Edition {
    Edition::new(d, EditionKind::Morning)
}

fn ids(d: &truce_digest::Digest) -> BTreeSet<ClaimId> {
    d.items.iter().flat_map(|i| i.claims.iter().copied()).collect()
}

/// Claims a reader of the ledger would call new in `(since, until]`,
/// computed here without the digest's code: every current claim as known
/// at `until`, recorded after `since`, not disputed or rejected.
fn recorded_between(ledger: &SqliteLedger, since: &str, until: &str) -> BTreeSet<ClaimId> {
    let f = ClaimFilter { as_known_at: Some(ts(until)), latest_versions_only: true, ..ClaimFilter::default() };
    ledger
        .claims(&f)
        .unwrap()
        .into_iter()
        .filter(|c| c.recorded_at > ts(since) && !matches!(c.review, ReviewState::Disputed | ReviewState::Rejected))
        .map(|c| c.id)
        .collect()
}

fn hand_claim(metric: Metric, value: f64, day: jiff::civil::Date, places: Vec<Place>) -> NewClaim {
    NewClaim {
        claim: Claim { metric, value: Some(value), window: Window::Day, actor: None, places, evidence: "field report".into(), span: None, reasons: Vec::new() },
        reporter: Some("Field office".into()),
        valid: Some(ReportDay::Day(day)),
        note: None,
    }
}

#[test]
fn an_edition_holds_exactly_the_claims_recorded_in_its_window() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-18");
    let s = Schedule::default();
    let d = compose(&ledger, &s, evening(date(2024, 3, 17)), Audience::default()).unwrap();
    let expected = recorded_between(&ledger, "2024-03-17T07:00:00Z", "2024-03-17T19:00:00Z");
    assert!(!expected.is_empty());
    assert_eq!(ids(&d), expected);
    // The English and French bulletins of the day: two documents, one line per figure.
    assert_eq!(d.documents, 2);
    assert!(d.items.iter().all(|i| i.day == Some(date(2024, 3, 17))));
    let agreements = d.items.iter().find(|i| i.metric == Metric::CeasefireAgreements && i.window == Window::Day).unwrap();
    assert_eq!(agreements.value, Some(10.0));
    assert!(agreements.claims.len() >= 2, "both language versions state it: {:?}", agreements.claims);
    assert!(agreements.places.iter().any(|p| p.name == "Hardibah"), "{:?}", agreements.places);
    let violations: Vec<f64> = d.items.iter().filter(|i| i.metric == Metric::CeasefireViolations).filter_map(|i| i.value).collect();
    assert_eq!(violations, vec![10.0, 6.0, 3.0, 1.0], "the national figure, then its breakdown");
    // Nothing was recorded overnight: the next morning has nothing to say;
    // the next evening has the 18th.
    let m = compose(&ledger, &s, morning(date(2024, 3, 18)), Audience::default()).unwrap();
    assert!(m.is_empty(), "{m:?}");
    assert!(render::text(&m).contains("Nothing new since 17 March 2024, 19:00 UTC."));
    let e = compose(&ledger, &s, evening(date(2024, 3, 18)), Audience::default()).unwrap();
    assert_eq!(ids(&e), recorded_between(&ledger, "2024-03-18T07:00:00Z", "2024-03-18T19:00:00Z"));
    assert!(ids(&e).is_disjoint(&ids(&d)));
}

#[test]
fn a_closed_edition_never_changes_and_later_news_go_to_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-17");
    let s = Schedule::default();
    let before = compose(&ledger, &s, evening(date(2024, 3, 17)), Audience::default()).unwrap();
    // The next morning: a field office states another figure for the 17th,
    // and a person disputes one of the 17th's claims.
    let field =
        ledger.record(&hand_claim(Metric::CeasefireViolations, 14.0, date(2024, 3, 17), vec![]), &Stamp::at("amal", ts("2024-03-18T06:00:00Z"))).unwrap();
    let disputed = before.items[0].claims[0];
    ledger.review(disputed, ReviewState::Disputed, Some("misread"), &Stamp::at("amal", ts("2024-03-18T06:30:00Z"))).unwrap();
    // And corrects the humanitarian actions of the 16th: a correction keeps
    // its document link, but is news of its own recording time.
    let the_16th = compose(&ledger, &s, evening(date(2024, 3, 16)), Audience::default()).unwrap();
    let actions = the_16th.items.iter().find(|i| i.metric == Metric::HumanitarianActions).unwrap().claims[0];
    let fixed = ledger
        .correct(actions, &hand_claim(Metric::HumanitarianActions, 3.0, date(2024, 3, 16), vec![]), &Stamp::at("amal", ts("2024-03-18T06:45:00Z")))
        .unwrap();
    let after = compose(&ledger, &s, evening(date(2024, 3, 17)), Audience::default()).unwrap();
    assert_eq!(after, before, "an edition is what the ledger knew at its cut");
    for f in [Format::Text, Format::Markdown, Format::Html] {
        assert_eq!(render::render(&after, f), render::render(&before, f));
    }
    let next = compose(&ledger, &s, morning(date(2024, 3, 18)), Audience::default()).unwrap();
    assert_eq!(ids(&next), BTreeSet::from([field, fixed]));
    assert!(next.items.iter().any(|i| i.metric == Metric::CeasefireViolations && i.value == Some(14.0)));
    // The audit now sees two reporters disagree on the 17th: raised in this
    // edition, absent from the one before.
    let cites = |d: &truce_digest::Digest| d.findings.iter().any(|f| f.claims.iter().any(|c| c.id == field));
    assert!(cites(&next), "{:#?}", next.findings);
    assert!(!cites(&before));
    let old: BTreeSet<String> = before.findings.iter().map(|f| f.message.clone()).collect();
    assert!(next.findings.iter().all(|f| f.claims.iter().any(|c| c.id == field) || !old.contains(&f.message)), "only new findings");
}

#[test]
fn a_governorate_digest_keeps_only_its_places() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-17");
    let aleppo = Governorate::from_name_or_pcode("SY02").unwrap();
    let all = compose(&ledger, &Schedule::default(), evening(date(2024, 3, 17)), Audience::default()).unwrap();
    let d = compose(&ledger, &Schedule::default(), evening(date(2024, 3, 17)), Audience { lang: Language::Fr, province: Some(aleppo) }).unwrap();
    assert!(!d.items.is_empty());
    assert!(d.items.len() < all.items.len());
    for i in &d.items {
        assert!(i.places.iter().any(|p| p.governorate.is_some_and(|g| g.same_as(aleppo))), "{i:?}");
    }
    let text = render::text(&d);
    assert!(text.starts_with("truce · Édition du soir, 17 mars 2024 — Alep\n"), "{text}");
    assert!(text.contains("Violations du cessez-le-feu\u{a0}: 3 en 24 h†"), "{text}");
}

#[test]
fn hostile_text_is_escaped_in_markdown_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-01");
    let evil = "<script>alert(\"x\")</script> & [link](http://evil.example) *b*";
    ledger
        .record(
            &hand_claim(Metric::CeasefireViolations, 2.0, date(2024, 3, 1), vec![Place::mention(evil, None)]),
            &Stamp::at("amal", ts("2024-03-01T18:00:00Z")),
        )
        .unwrap();
    let d = compose(&ledger, &Schedule::default(), evening(date(2024, 3, 1)), Audience::default()).unwrap();
    assert!(render::text(&d).contains(evil));
    let html = render::render(&d, Format::Html);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; [link](http://evil.example) *b*"), "{html}");
    let md = render::render(&d, Format::Markdown);
    assert!(!md.contains("[link](") && !md.contains("<script>") && !md.contains(" *b*"), "{md}");
    assert!(md.contains(r#"\<script\>alert\("x"\)\</script\> & \[link\]\(http://evil.example\) \*b\*"#), "{md}");
}

#[test]
fn a_digest_fits_a_phone_screen() {
    // The whole month recorded at once, as `truce ingest examples/bulletins` does.
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = SqliteLedger::open(dir.path().join("l.db")).unwrap();
    for e in std::fs::read_dir(common::examples()).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            common::ingest_file(&mut ledger, &path, ts("2024-03-31T17:00:00Z"));
        }
    }
    let d = compose(&ledger, &Schedule::default(), evening(date(2024, 3, 31)), Audience::default()).unwrap();
    assert!(d.items.len() > 100, "{}", d.items.len());
    let text = render::text(&d);
    assert_eq!(text.lines().filter(|l| l.starts_with("- ")).count(), MAX_ITEMS + render::MAX_FINDINGS.min(d.findings.len()), "{text}");
    assert!(text.contains(&format!("… and {} more figures (truce claims).", d.items.len() - MAX_ITEMS)), "{text}");
    assert!(text.chars().count() < 3000, "{} characters", text.chars().count());
    // The newest day comes first.
    assert!(text.lines().nth(3).unwrap().starts_with("31 March 2024"), "{text}");
    // The French edition says its findings in French.
    let fr = compose(&ledger, &Schedule::default(), evening(date(2024, 3, 31)), Audience { lang: Language::Fr, province: None }).unwrap();
    let text = render::text(&fr);
    let shown: Vec<_> = fr.findings.iter().take(render::MAX_FINDINGS).collect();
    assert!(!shown.is_empty());
    for f in shown {
        assert!(text.contains(&f.message_in(Language::Fr)) && !text.contains(&f.message), "{}\n{text}", f.message);
    }
}
