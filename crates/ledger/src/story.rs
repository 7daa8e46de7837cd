//! The shared test story: what every backend must do, written once against
//! `&mut dyn LedgerStore` so SQLite and (later) PostgreSQL run the same checks.
//!
//! Test support, not product code: the functions panic on a failed check,
//! as test assertions do. Each takes a fresh, empty store.

use crate::{ClaimFilter, ClaimId, ContentHash, DocId, IngestOutcome, LedgerError, LedgerStore, NewClaim, NewDocument, Page, ReviewState, Stamp};
use jiff::Timestamp;
use truce_model::{
    Candidate, Claim, Date, Diagnostic, Document, Extraction, Governorate, Lang, Metric, Place, PlaceKind, Reason, ReasonRole, ReportDay, Span, Window,
};

/// One check of the story, on a fresh store.
type Story = fn(&mut dyn LedgerStore);

/// Every story, each on a fresh store from `fresh`.
pub fn run_all(fresh: &mut dyn FnMut() -> Box<dyn LedgerStore>) {
    let stories: [(&str, Story); 10] = [
        ("round_trip", round_trip),
        ("duplicates_and_versions", duplicates_and_versions),
        ("record_correct_review", record_correct_review),
        ("as_known_at", as_known_at),
        ("filters", filters),
        ("search", search),
        ("bad_claim_stores_nothing", bad_claim_stores_nothing),
        ("listing_documents", listing_documents),
        ("generations_and_recorded_times", generations_and_recorded_times),
        ("reasons", reasons),
    ];
    for (name, story) in stories {
        let mut store = fresh();
        eprintln!("story: {name}");
        story(store.as_mut());
    }
}

/// A fixed time: `day` of March 2017 at `hour`:00 UTC.
pub fn t(day: i8, hour: i8) -> Timestamp {
    jiff::civil::date(2017, 3, day).at(hour, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn d(y: i16, m: i8, day: i8) -> Date {
    jiff::civil::date(y, m, day)
}

/// A bulletin written for these tests, and what extraction would read.
pub fn sample(name: &str, day: Date, extra: &str) -> (String, Extraction) {
    let text = format!(
        "Bulletin of {day}. Over the past 24 hours, 5 ceasefire violations were registered in Maarrat al-Numan. \
         In all, 1357.2 square kilometres were liberated since 1 January 2017.\n\
         Agreements were signed with Kafr Zita and Suran.{extra}"
    );
    let span = |needle: &str| {
        let a = text.find(needle).unwrap_or(0);
        Some(Span::new(a, a + needle.len()))
    };
    let ev1 = "5 ceasefire violations were registered in Maarrat al-Numan";
    let ev2 = "1357.2 square kilometres were liberated since 1 January 2017";
    let ev3 = "Agreements were signed with Kafr Zita and Suran";
    // The words of `evidence` that decided the claim, at their spans in the text.
    let because = |evidence: &str, cues: &[(ReasonRole, &str)]| -> Vec<Reason> {
        let at = text.find(evidence).unwrap_or(0);
        cues.iter()
            .map(|&(role, cue)| {
                let a = at + evidence.find(cue).unwrap_or(0);
                Reason::new(role, cue, Span::new(a, a + cue.len()))
            })
            .collect()
    };
    let claims = vec![
        Claim {
            metric: Metric::CeasefireViolations,
            value: Some(5.0),
            window: Window::Day,
            actor: Some("armed groups".into()),
            places: vec![Place {
                name: "Maarrat al-Numan".into(),
                province: Some(Governorate::Idleb),
                kind: Some(PlaceKind::Locality),
                id: Some("wof:1".into()),
                canonical: Some("Ma'arrat al-Nu'man".into()),
                district: Some("SY0703".into()),
                lat: Some(35.64),
                lon: Some(36.67),
                score: Some(0.93),
                candidates: vec![],
            }],
            evidence: ev1.into(),
            span: span(ev1),
            reasons: because(ev1, &[(ReasonRole::Value, "5"), (ReasonRole::Metric, "violations"), (ReasonRole::Place, "Maarrat al-Numan")]),
        },
        Claim {
            metric: Metric::TerritoryKm2,
            value: Some(1357.2),
            window: Window::Total { since: Some(d(2017, 1, 1)) },
            actor: None,
            places: vec![],
            evidence: ev2.into(),
            span: span(ev2),
            reasons: because(
                ev2,
                &[(ReasonRole::Metric, "square kilometres"), (ReasonRole::Metric, "liberated"), (ReasonRole::Window, "since 1 January 2017")],
            ),
        },
        Claim {
            metric: Metric::CeasefireAgreements,
            value: None,
            window: Window::Date { date: day.yesterday().unwrap_or(day) },
            actor: None,
            places: vec![
                Place::mention("Kafr Zita", Some(Governorate::Hama)),
                Place {
                    name: "Suran".into(),
                    province: Some(Governorate::Hama),
                    candidates: vec![
                        Candidate { id: "wof:2".into(), canonical: "Suran".into(), score: 0.9 },
                        Candidate { id: "wof:3".into(), canonical: "Souran".into(), score: 0.8 },
                    ],
                    ..Place::default()
                },
            ],
            evidence: ev3.into(),
            span: span(ev3),
            // One claim without reasons: it must come back without.
            reasons: Vec::new(),
        },
    ];
    let ex = Extraction {
        doc: Document { id: name.into(), lang: Some(Lang::En), published: Some(ReportDay::Day(day)), reporter: Some("Reconciliation Centre".into()) },
        claims,
        boilerplate: vec!["Subscribe to our channel".into()],
        warnings: vec![Diagnostic::warning("could not read a figure", Some(Span::new(0, 8)))],
    };
    (text, ex)
}

fn ingest(store: &mut dyn LedgerStore, key: &str, text: &str, ex: &Extraction, at: Timestamp) -> IngestOutcome {
    let doc = NewDocument { source_key: key, source_path: Some(key), hash: ContentHash::of(text.as_bytes()), text };
    store.ingest(&doc, ex, &Stamp::at("extract", at)).expect("ingest")
}

fn manual(metric: Metric, value: f64, day: Date) -> NewClaim {
    NewClaim {
        claim: Claim {
            metric,
            value: Some(value),
            window: Window::Day,
            actor: None,
            places: vec![Place::mention("Douma", Some(Governorate::RuralDamascus))],
            evidence: "field report".into(),
            span: None,
            reasons: Vec::new(),
        },
        reporter: Some("Field team".into()),
        valid: Some(ReportDay::Day(day)),
        note: Some("phone call".into()),
    }
}

/// Every field of every claim comes back as stored, with its provenance.
pub fn round_trip(store: &mut dyn LedgerStore) {
    let (text, ex) = sample("b1", d(2017, 3, 2), "");
    let IngestOutcome::Stored { doc, version, claims } = ingest(store, "b1.txt", &text, &ex, t(2, 18)) else { panic!("first ingest must store") };
    assert_eq!((version, claims), (1, 3));
    let got = store.claims(&ClaimFilter { document: Some(doc), ..ClaimFilter::default() }).expect("claims");
    assert_eq!(got.len(), 3);
    for want in &ex.claims {
        let c = got.iter().find(|c| c.claim.metric == want.metric).expect("claim back");
        assert_eq!(&c.claim, want, "claim comes back field for field");
        assert_eq!(c.document, Some(doc));
        assert_eq!(c.reporter.as_deref(), Some("Reconciliation Centre"));
        assert_eq!(c.recorded_by, "extract");
        assert_eq!(c.recorded_at, t(2, 18));
        assert_eq!(c.review, ReviewState::Unreviewed);
        let s = c.claim.span.expect("span");
        assert_eq!(&text[s.start..s.end], c.claim.evidence);
        for r in &c.claim.reasons {
            assert_eq!(&text[r.span.start..r.span.end], r.cue, "a cue is the text at its span");
        }
    }
    // Valid day: the report day, or the dated event's day.
    let agreements = got.iter().find(|c| c.claim.metric == Metric::CeasefireAgreements).expect("agreements");
    assert_eq!(agreements.valid, Some(ReportDay::Day(d(2017, 3, 1))));
    let viol = got.iter().find(|c| c.claim.metric == Metric::CeasefireViolations).expect("violations");
    assert_eq!(viol.valid, Some(ReportDay::Day(d(2017, 3, 2))));
    let stored = store.document(doc).expect("document").expect("exists");
    assert_eq!(stored.text, text);
    assert_eq!(stored.info.doc, ex.doc);
    assert_eq!(stored.info.claim_count, 3);
    assert_eq!(stored.boilerplate, ex.boilerplate);
    assert_eq!(stored.warnings, ex.warnings);
    assert_eq!(stored.info.hash, ContentHash::of(text.as_bytes()).to_hex());
    assert_eq!(store.claim(viol.id).expect("claim"), Some(viol.clone()));
    assert_eq!(store.claim(ClaimId(999_999)).expect("claim"), None);
}

/// Same bytes twice: stored once. Same key, new bytes: version 2.
pub fn duplicates_and_versions(store: &mut dyn LedgerStore) {
    let (text, ex) = sample("b1", d(2017, 3, 2), "");
    let first = ingest(store, "b1.txt", &text, &ex, t(2, 18));
    let IngestOutcome::Stored { doc, .. } = first else { panic!("stored") };
    // Same bytes under another name are still the same document.
    assert_eq!(ingest(store, "copy-of-b1.txt", &text, &ex, t(3, 9)), IngestOutcome::Duplicate { existing: doc });
    assert_eq!(store.stats().expect("stats").documents, 1);
    assert_eq!(store.stats().expect("stats").claims, 3);
    let (text2, ex2) = sample("b1", d(2017, 3, 2), " Edited.");
    let again = ingest(store, "b1.txt", &text2, &ex2, t(3, 10));
    assert!(again.is_new_version(), "{again:?}");
    let IngestOutcome::Stored { doc: doc2, version, .. } = again else { panic!("stored") };
    assert_eq!(version, 2);
    assert_ne!(doc, doc2);
    // Both versions' claims are kept; "latest only" keeps the newest.
    let all = store.count_claims(&ClaimFilter::default()).expect("count");
    assert_eq!(all, 6);
    let latest = ClaimFilter { latest_versions_only: true, ..ClaimFilter::default() };
    let l = store.claims(&latest).expect("claims");
    assert_eq!(l.len(), 3);
    assert!(l.iter().all(|c| c.document == Some(doc2)));
    // Before version 2 was recorded, version 1 was the latest.
    let then = ClaimFilter { latest_versions_only: true, as_known_at: Some(t(3, 0)), ..ClaimFilter::default() };
    assert!(store.claims(&then).expect("claims").iter().all(|c| c.document == Some(doc)));
}

/// Hand-recorded claims, corrections that supersede, and review history.
pub fn record_correct_review(store: &mut dyn LedgerStore) {
    let id = store.record(&manual(Metric::RefugeesReturned, 120.0, d(2017, 3, 4)), &Stamp::at("Amal", t(4, 12))).expect("record");
    let c = store.claim(id).expect("claim").expect("exists");
    assert_eq!((c.recorded_by.as_str(), c.document, c.note.as_deref()), ("Amal", None, Some("phone call")));
    assert_eq!(c.valid, Some(ReportDay::Day(d(2017, 3, 4))));

    let mut fixed = manual(Metric::RefugeesReturned, 210.0, d(2017, 3, 4));
    fixed.note = Some("typo in the field report".into());
    fixed.reporter = None; // inherited from the old claim
    let new = store.correct(id, &fixed, &Stamp::at("Basel", t(5, 9))).expect("correct");
    let n = store.claim(new).expect("claim").expect("exists");
    assert_eq!(n.supersedes, Some(id));
    assert_eq!(n.reporter.as_deref(), Some("Field team"));
    let old = store.claim(id).expect("claim").expect("old stays");
    assert_eq!(old.superseded_by, Some(new));
    assert_eq!(old.claim.value, Some(120.0));
    // Current claims show only the correction; the old one on request.
    let now = store.claims(&ClaimFilter::default()).expect("claims");
    assert_eq!(now.iter().map(|c| c.id).collect::<Vec<_>>(), vec![new]);
    let all = store.claims(&ClaimFilter { include_superseded: true, ..ClaimFilter::default() }).expect("claims");
    assert_eq!(all.len(), 2);
    // A corrected claim cannot be corrected twice.
    match store.correct(id, &fixed, &Stamp::at("Basel", t(5, 10))) {
        Err(LedgerError::AlreadyCorrected { old, by }) => assert_eq!((old, by), (id, new)),
        other => panic!("expected AlreadyCorrected, got {other:?}"),
    }
    assert!(matches!(store.correct(ClaimId(424_242), &fixed, &Stamp::at("x", t(5, 10))), Err(LedgerError::NoSuchClaim(_))));

    store.review(new, ReviewState::Disputed, Some("numbers differ"), &Stamp::at("Chadi", t(6, 8))).expect("review");
    store.review(new, ReviewState::Confirmed, None, &Stamp::at("Dana", t(7, 8))).expect("review");
    let h = store.review_history(new).expect("history");
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].state, h[0].by.as_str(), h[0].note.as_deref()), (ReviewState::Disputed, "Chadi", Some("numbers differ")));
    assert_eq!((h[1].state, h[1].at), (ReviewState::Confirmed, t(7, 8)));
    assert_eq!(store.claim(new).expect("claim").expect("exists").review, ReviewState::Confirmed);
    assert!(matches!(store.review(ClaimId(424_242), ReviewState::Confirmed, None, &Stamp::at("x", t(7, 9))), Err(LedgerError::NoSuchClaim(_))));
    let confirmed = ClaimFilter { review: vec![ReviewState::Confirmed], ..ClaimFilter::default() };
    assert_eq!(store.count_claims(&confirmed).expect("count"), 1);
}

/// Every kind of write moves the generation, a read does not; the latest
/// valid day; which days and times the ledger learnt something on.
pub fn generations_and_recorded_times(store: &mut dyn LedgerStore) {
    assert_eq!(store.latest_day().expect("latest day"), None);
    let g0 = store.generation().expect("generation");
    // Steady while nobody writes is a promise of SQLite only: PostgreSQL's
    // snapshot also moves with commits to other databases of its cluster
    // (other tests), which costs a cache miss, never a wrong answer.
    let steady = store.as_sqlite().is_some();
    if steady {
        assert_eq!(store.generation().expect("generation"), g0, "reading moves nothing");
    }

    let (text, ex) = sample("b1", d(2017, 3, 1), "");
    ingest(store, "b1", &text, &ex, t(2, 9));
    let g1 = store.generation().expect("generation");
    assert_ne!(g1, g0, "a document moves the generation");
    let mut document_days: Vec<Date> = store.claims(&ClaimFilter::default()).expect("claims").iter().filter_map(|c| c.valid.map(|v| v.anchor())).collect();
    document_days.dedup();
    assert!(!document_days.is_empty());
    ingest(store, "b1", &text, &ex, t(2, 10));
    if steady {
        assert_eq!(store.generation().expect("generation"), g1, "a duplicate stores nothing");
    }

    let id = store.record(&manual(Metric::CeasefireViolations, 3.0, d(2017, 3, 4)), &Stamp::at("Amal", t(4, 12))).expect("record");
    let g2 = store.generation().expect("generation");
    assert_ne!(g2, g1, "a claim by hand moves it");
    let fixed = store.correct(id, &manual(Metric::CeasefireViolations, 4.0, d(2017, 2, 27)), &Stamp::at("Basel", t(6, 12))).expect("correct");
    let g3 = store.generation().expect("generation");
    assert_ne!(g3, g2, "a correction moves it");
    store.review(fixed, ReviewState::Confirmed, None, &Stamp::at("Chadi", t(8, 12))).expect("review");
    assert_ne!(store.generation().expect("generation"), g3, "a review moves it");

    assert_eq!(store.latest_day().expect("latest day"), Some(d(2017, 3, 4)));
    // The window's edges are (since, until].
    assert_eq!(store.days_recorded(t(2, 8), t(2, 9)).expect("days"), document_days);
    assert_eq!(store.days_recorded(t(2, 9), t(3, 0)).expect("days"), Vec::<Date>::new());
    assert_eq!(store.days_recorded(t(4, 0), t(7, 0)).expect("days"), vec![d(2017, 2, 27), d(2017, 3, 4)]);
    // Newest first; the review at t(8, 12) is not news.
    assert_eq!(store.recorded_times(t(9, 0), 10).expect("times"), vec![t(6, 12), t(4, 12), t(2, 9)]);
    assert_eq!(store.recorded_times(t(5, 0), 10).expect("times"), vec![t(4, 12), t(2, 9)]);

    // Each arm alone, equal times across arms, and times a microsecond
    // apart (the resolution both backends keep): a document recorded at the
    // very time of the claim by hand, another a microsecond before the
    // correction of that claim, and a correction of a document's claim (not
    // loose: found only as a correction) a microsecond after it.
    let us = |n: i64| jiff::SignedDuration::from_micros(n);
    let (text2, ex2) = sample("b2", d(2017, 3, 3), "");
    ingest(store, "b2", &text2, &ex2, t(4, 12));
    let (text3, ex3) = sample("b3", d(2017, 3, 5), "");
    ingest(store, "b3", &text3, &ex3, t(6, 12) - us(1));
    let of_b1 = store.claims(&ClaimFilter::default()).expect("claims").into_iter().find(|c| c.document.is_some()).expect("b1's claims");
    store.correct(of_b1.id, &manual(Metric::CeasefireViolations, 6.0, d(2017, 3, 1)), &Stamp::at("Dana", t(6, 12) + us(1))).expect("correct");
    let all = vec![t(6, 12) + us(1), t(6, 12), t(6, 12) - us(1), t(4, 12), t(2, 9)];
    assert_eq!(store.recorded_times(t(9, 0), 100).expect("times"), all);
    assert_eq!(store.recorded_times(t(9, 0), 0).expect("times"), Vec::<Timestamp>::new());
    assert_eq!(store.recorded_times(t(9, 0), 1).expect("times"), vec![t(6, 12) + us(1)]);
    assert_eq!(store.recorded_times(t(6, 12), 2).expect("times"), vec![t(6, 12), t(6, 12) - us(1)], "`until` is inclusive");
    assert_eq!(store.recorded_times(t(4, 12), 3).expect("times"), vec![t(4, 12), t(2, 9)], "one time, recorded twice");
    assert_eq!(store.recorded_times(t(2, 9) - us(1), 3).expect("times"), Vec::<Timestamp>::new());
    // Paging back a microsecond before the oldest time seen finds every
    // time once, whatever the page's size.
    for size in 1..=4 {
        let (mut seen, mut until) = (Vec::new(), t(9, 0));
        loop {
            let page = store.recorded_times(until, size).expect("times");
            assert!(page.len() <= size, "page of {size}: {page:?}");
            let Some(&oldest) = page.last() else { break };
            seen.extend(page);
            until = oldest - us(1);
        }
        assert_eq!(seen, all, "pages of {size}");
    }
}

/// What was known at time T about day D.
pub fn as_known_at(store: &mut dyn LedgerStore) {
    let day = d(2017, 3, 4);
    let id = store.record(&manual(Metric::CeasefireViolations, 3.0, day), &Stamp::at("Amal", t(4, 12))).expect("record");
    let new = store.correct(id, &manual(Metric::CeasefireViolations, 4.0, day), &Stamp::at("Basel", t(6, 12))).expect("correct");
    store.review(new, ReviewState::Rejected, None, &Stamp::at("Chadi", t(8, 12))).expect("review");
    let at = |ts| {
        let f = ClaimFilter { as_known_at: Some(ts), ..ClaimFilter::default() };
        store.claims_on(day, &f).expect("claims on")
    };
    assert!(at(t(4, 11)).is_empty(), "nothing known before it was recorded");
    let v: Vec<_> = at(t(5, 0)).iter().map(|c| (c.id, c.claim.value, c.superseded_by)).collect();
    assert_eq!(v, vec![(id, Some(3.0), None)], "before the correction: the old figure, not yet superseded");
    let v: Vec<_> = at(t(7, 0)).iter().map(|c| (c.id, c.claim.value, c.review)).collect();
    assert_eq!(v, vec![(new, Some(4.0), ReviewState::Unreviewed)], "after it: the correction, not yet reviewed");
    let v: Vec<_> = at(t(9, 0)).iter().map(|c| (c.id, c.review)).collect();
    assert_eq!(v, vec![(new, ReviewState::Rejected)]);
    // Other days know nothing of it.
    assert!(store.claims_on(d(2017, 3, 5), &ClaimFilter::default()).expect("claims on").is_empty());
}

/// Filters by metric, governorate, place, district, reporter, dates, paging.
pub fn filters(store: &mut dyn LedgerStore) {
    for (i, day) in [2, 3, 4].into_iter().enumerate() {
        let (text, ex) = sample(&format!("b{day}"), d(2017, 3, day), &" ".repeat(i));
        ingest(store, &format!("b{day}.txt"), &text, &ex, t(day, 18));
    }
    store.record(&manual(Metric::CeasefireViolations, 2.0, d(2017, 3, 3)), &Stamp::at("Amal", t(4, 12))).expect("record");
    let count = |f: ClaimFilter| store.count_claims(&f).expect("count");
    let any = ClaimFilter::default;
    assert_eq!(count(any()), 10);
    assert_eq!(count(ClaimFilter { metric: Some(Metric::CeasefireViolations), ..any() }), 4);
    assert_eq!(count(ClaimFilter { provinces: vec![Governorate::Hama], ..any() }), 3);
    // Damascus folded with its countryside: the caller passes both.
    assert_eq!(count(ClaimFilter { provinces: vec![Governorate::Damascus, Governorate::RuralDamascus], ..any() }), 1);
    assert_eq!(count(ClaimFilter { place: Some("maarrat al-numan".into()), ..any() }), 3, "name, any case");
    assert_eq!(count(ClaimFilter { place: Some("Ma'arrat al-Nu'man".into()), ..any() }), 3, "canonical");
    assert_eq!(count(ClaimFilter { place: Some("wof:1".into()), ..any() }), 3, "gazetteer id");
    assert_eq!(count(ClaimFilter { district: Some("SY0703".into()), ..any() }), 3);
    assert_eq!(count(ClaimFilter { reporter: Some("Field team".into()), ..any() }), 1);
    let range = ClaimFilter { valid_from: Some(d(2017, 3, 3)), valid_to: Some(d(2017, 3, 3)), ..any() };
    // Day 3: two claims of b3 (the agreement's date is the 2nd), one of b4 (dated the 3rd), the manual one.
    assert_eq!(count(range.clone()), 4);
    let all = store.claims(&any()).expect("claims");
    let days: Vec<_> = all.iter().map(|c| c.valid).collect();
    let mut sorted = days.clone();
    sorted.sort();
    assert_eq!(days, sorted, "claims come in valid-day order");
    let page = store.claims(&ClaimFilter { limit: Some(3), offset: 3, ..any() }).expect("page");
    assert_eq!(page.iter().map(|c| c.id).collect::<Vec<_>>(), all[3..6].iter().map(|c| c.id).collect::<Vec<_>>());
    // Streaming stops when asked to.
    let mut seen = 0;
    store
        .for_each_claim(&any(), &mut |_| {
            seen += 1;
            if seen == 2 { std::ops::ControlFlow::Break(()) } else { std::ops::ControlFlow::Continue(()) }
        })
        .expect("stream");
    assert_eq!(seen, 2);
}

/// Full-text search finds documents and the sentences that match.
pub fn search(store: &mut dyn LedgerStore) {
    let (text, ex) = sample("b2", d(2017, 3, 2), "\nLe village de Maarest el-Khan a rejoint la trêve.");
    let IngestOutcome::Stored { doc, .. } = ingest(store, "b2.txt", &text, &ex, t(2, 18)) else { panic!("stored") };
    let (text3, ex3) = sample("b3", d(2017, 3, 3), "");
    let IngestOutcome::Stored { doc: doc3, .. } = ingest(store, "b3.txt", &text3, &ex3, t(3, 18)) else { panic!("stored") };
    let hits = store.search("Maarest", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].document.id, doc);
    assert_eq!(hits[0].sentences.len(), 1);
    let s = &hits[0].sentences[0];
    assert_eq!(s.text, "Le village de Maarest el-Khan a rejoint la trêve.");
    assert_eq!(&text[s.start..s.end], s.text);
    // Diacritics and case do not matter; every word must match.
    assert_eq!(store.search("TREVE maarest", 10).expect("search").len(), 1);
    // Newest document first, on every backend; the limit keeps the newest.
    let both: Vec<DocId> = store.search("violations", 10).expect("search").iter().map(|h| h.document.id).collect();
    assert_eq!(both, vec![doc3, doc]);
    let newest = store.search("violations", 1).expect("search");
    assert_eq!(newest.iter().map(|h| h.document.id).collect::<Vec<_>>(), vec![doc3]);
    assert!(store.search("Aleppo", 10).expect("search").is_empty());
    // A trailing star matches the spellings a name takes: Maar* is both
    // Maarest (b2) and Maarrat (every sample), Maare* only Maarest.
    assert_eq!(store.search("Maar*", 10).expect("search").len(), 2);
    assert_eq!(store.search("Maare*", 10).expect("search").len(), 1);
    assert_eq!(store.search("maar* khan", 10).expect("search").len(), 1);
    assert!(store.search("Maar", 10).expect("search").is_empty(), "without the star, whole words only");
    assert!(store.search("Maax*", 10).expect("search").is_empty());
    // Query syntax cannot break it.
    for q in ["\"", "AND", "-", "a*b(", "NEAR(", "", "*", "ma*", "x:* & !y", "'a' | b <-> c"] {
        store.search(q, 10).expect("odd query is not an error");
    }
}

/// A claim the ledger refuses costs the whole document, never half of it.
pub fn bad_claim_stores_nothing(store: &mut dyn LedgerStore) {
    let (text, mut ex) = sample("bad", d(2017, 3, 2), "");
    ex.claims[2].value = Some(f64::NAN);
    let doc = NewDocument { source_key: "bad.txt", source_path: None, hash: ContentHash::of(text.as_bytes()), text: &text };
    let err = store.ingest(&doc, &ex, &Stamp::at("extract", t(2, 18))).expect_err("NaN refused");
    assert!(err.to_string().contains("bad"), "{err}");
    let s = store.stats().expect("stats");
    assert_eq!((s.documents, s.claims), (0, 0));
    let mut m = manual(Metric::NegotiationsOngoing, 3.0, d(2017, 3, 2));
    assert!(matches!(store.record(&m, &Stamp::at("x", t(2, 18))), Err(LedgerError::Invalid(_))), "no value for negotiations");
    m.claim.value = None;
    store.record(&m, &Stamp::at("x", t(2, 18))).expect("negotiations without a value");
}

/// Reasons come back with their claims, in order, whatever they hold; a
/// claim without them comes back without; a claim recorded or corrected by
/// hand has the reasons it is given (none, through a `ClaimDraft`), and the
/// corrected claim keeps its own.
pub fn reasons(store: &mut dyn LedgerStore) {
    let (text, ex) = sample("b1", d(2017, 3, 2), "");
    let IngestOutcome::Stored { doc, .. } = ingest(store, "b1.txt", &text, &ex, t(2, 18)) else { panic!("stored") };
    let read = store.claims(&ClaimFilter { document: Some(doc), ..ClaimFilter::default() }).expect("claims");
    let of = |m: Metric| read.iter().find(|c| c.claim.metric == m).expect("claim").clone();
    let viol = of(Metric::CeasefireViolations);
    let want: Vec<(ReasonRole, &str)> = viol.claim.reasons.iter().map(|r| (r.role, r.cue.as_str())).collect();
    assert_eq!(want, [(ReasonRole::Value, "5"), (ReasonRole::Metric, "violations"), (ReasonRole::Place, "Maarrat al-Numan"),]);
    assert_eq!(viol.claim.reasons, ex.claims[0].reasons);
    assert!(of(Metric::CeasefireAgreements).claim.reasons.is_empty());
    // One claim, and as known at a time, read them too.
    assert_eq!(store.claim(viol.id).expect("claim").expect("exists").claim.reasons, ex.claims[0].reasons);
    let then = ClaimFilter { as_known_at: Some(t(3, 0)), document: Some(doc), ..ClaimFilter::default() };
    let then = store.claims(&then).expect("claims");
    assert_eq!(then.iter().map(|c| c.claim.reasons.len()).sum::<usize>(), 6);

    // Given by hand, whatever the text: kept as given.
    // (A NUL is fine in a cue, which is stored as JSON; PostgreSQL's text
    // would refuse it in the evidence.)
    let odd = "<mark class=\"x\">«trêve» & 'ça'</mark>\n\u{0}";
    let mut given = manual(Metric::RefugeesReturned, 120.0, d(2017, 3, 4));
    given.claim.evidence = "120 refugees".into();
    given.claim.reasons = vec![
        Reason::new(ReasonRole::Value, "120", Span::new(0, 3)),
        Reason::new(ReasonRole::Actor, odd, Span::new(13, 13 + odd.len())),
        Reason::new(ReasonRole::Breakdown, "", Span::new(usize::MAX - 1, usize::MAX)),
    ];
    let id = store.record(&given, &Stamp::at("Amal", t(4, 12))).expect("record");
    assert_eq!(store.claim(id).expect("claim").expect("exists").claim, given.claim);

    // Corrected through a draft, as the CLI and the API correct: no reasons
    // of its own; the corrected claim keeps its reasons.
    let draft = crate::ClaimDraft { value: Some(6.0), ..crate::ClaimDraft::default() };
    let fixed = draft.resolve(Some(&viol), &mut |_| {}).expect("draft");
    assert!(fixed.claim.reasons.is_empty());
    let new = store.correct(viol.id, &fixed, &Stamp::at("Basel", t(5, 9))).expect("correct");
    assert!(store.claim(new).expect("claim").expect("exists").claim.reasons.is_empty());
    assert_eq!(store.claim(viol.id).expect("claim").expect("exists").claim.reasons, ex.claims[0].reasons);
    // Corrected with reasons given: kept.
    let mut again = fixed.clone();
    again.claim.reasons = vec![Reason::new(ReasonRole::Window, "past 24 hours", Span::new(28, 41))];
    let newer = store.correct(new, &again, &Stamp::at("Basel", t(5, 10))).expect("correct");
    assert_eq!(store.claim(newer).expect("claim").expect("exists").claim.reasons, again.claim.reasons);
}

/// Documents list newest first, in pages.
pub fn listing_documents(store: &mut dyn LedgerStore) {
    for day in 1..=5 {
        let (text, ex) = sample(&format!("b{day}"), d(2017, 3, day), "");
        ingest(store, &format!("b{day}.txt"), &text, &ex, t(day, 18));
    }
    let first = store.documents(Page { limit: 2, offset: 0 }).expect("documents");
    assert_eq!(first.iter().map(|d| d.doc.id.as_str()).collect::<Vec<_>>(), ["b5", "b4"]);
    let rest = store.documents(Page { limit: 10, offset: 2 }).expect("documents");
    assert_eq!(rest.len(), 3);
    assert_eq!(store.stats().expect("stats").documents, 5);
}
