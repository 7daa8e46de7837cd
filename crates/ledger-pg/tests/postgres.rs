//! What only a shared server backend has to show: schema versions from an
//! empty database, many writers at once, the job queue, and the copy of an
//! SQLite ledger. Skipped without a server, except in CI.

use std::collections::BTreeMap;
use truce_ledger::synth::{SynthSpec, documents};
use truce_ledger::{ClaimFilter, IngestOutcome, LedgerError, LedgerStore, Page, ReviewState, SqliteLedger, Stamp, story};
use truce_ledger_pg::queue::{JobInput, JobOutcome, ReadJob};
use truce_ledger_pg::testing::{Scratch, server_url};
use truce_ledger_pg::{PgLedger, migrate, schema};

#[test]
fn schema_is_built_from_empty_and_a_newer_one_is_refused_untouched() {
    let Some(url) = server_url("schema") else { return };
    let mut scratch = Scratch::new(&url, "schema");
    let db = scratch.database();
    let empty = PgLedger::open_at_version(&db, 0).expect("open at 0");
    assert_eq!(empty.schema_version().expect("version"), 0);
    drop(empty);
    let mut l = PgLedger::open(&db).expect("open");
    assert_eq!(l.schema_version().expect("version"), schema::LATEST);
    assert_eq!(l.stats().expect("stats").schema_version, schema::LATEST);
    // Opening again migrates nothing.
    drop(PgLedger::open(&db).expect("reopen"));
    let newer = (schema::LATEST + 1) as i32;
    l.client().execute("INSERT INTO truce_schema (version) VALUES ($1)", &[&newer]).expect("pretend newer");
    match PgLedger::open(&db) {
        Err(LedgerError::TooNew { found, supported, .. }) => assert_eq!((found, supported), (i64::from(newer), schema::LATEST)),
        other => panic!("expected TooNew, got {other:?}"),
    }
    let n: i64 = l.client().query_one("SELECT count(*) FROM truce_schema", &[]).expect("count").get(0);
    assert_eq!(n, schema::LATEST + 1, "the refused open wrote nothing");
}

/// Schema 4 added each claim's reasons: a claim stored under version 3
/// reads back with none after the upgrade, and a document stored after it
/// keeps its reasons.
#[test]
fn claims_of_schema_3_read_back_after_the_upgrade_and_new_ones_keep_their_reasons() {
    let Some(url) = server_url("reasons") else {
        return;
    };
    let mut scratch = Scratch::new(&url, "reasons");
    let db = scratch.database();
    let mut old = PgLedger::open_at_version(&db, 3).expect("open at 3");
    // Written by hand: this build writes only the latest schema.
    old.client()
        .batch_execute(
            "INSERT INTO claims (metric, value, window_kind, evidence, valid_day, recorded_at, recorded_by)
             VALUES ('ceasefire_violations', 5, 'day', '5 violations', '2017-03-02', now(), 'extract')",
        )
        .expect("a claim at version 3");
    drop(old);
    let mut l = PgLedger::open(&db).expect("upgrade");
    assert_eq!(l.schema_version().expect("version"), schema::LATEST);
    let before = l.claims(&ClaimFilter::default()).expect("claims");
    assert_eq!(before.len(), 1);
    assert_eq!((before[0].claim.value, before[0].claim.reasons.len()), (Some(5.0), 0));
    let (text, ex) = story::sample("b1", jiff::civil::date(2017, 3, 2), "");
    let doc = truce_ledger::NewDocument { source_key: "b1.txt", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
    let Ok(IngestOutcome::Stored { doc, .. }) = l.ingest(&doc, &ex, &Stamp::at("extract", story::t(2, 18))) else { panic!("ingest after the upgrade") };
    let ids = l.claim_ids_of(doc).expect("ids");
    let reasons: Vec<_> = ids.iter().map(|&id| l.claim(id).expect("claim").expect("exists").claim.reasons).collect();
    let given: Vec<_> = ex.claims.iter().map(|c| c.reasons.clone()).collect();
    assert_eq!(reasons, given);
}

#[test]
fn four_writers_given_the_same_documents_store_each_once() {
    let Some(url) = server_url("four_writers") else { return };
    let mut scratch = Scratch::new(&url, "writers");
    let db = scratch.database();
    drop(PgLedger::open(&db).expect("create"));
    let docs: Vec<_> = documents(SynthSpec { claims_per_doc: 9, ..SynthSpec::new(9 * 40, 1, 3) }).collect();
    let stored: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|w| {
                let (db, docs) = (&db, &docs);
                s.spawn(move || {
                    let mut l = PgLedger::open(db).expect("open");
                    let mut mine = 0;
                    // Each writer goes through all documents, starting elsewhere.
                    for k in 0..docs.len() {
                        let d = &docs[(k + w * 10) % docs.len()];
                        let out = l.ingest(&d.new_document(), &d.extraction, &Stamp::at("extract", d.recorded_at)).expect("ingest");
                        mine += usize::from(matches!(out, IngestOutcome::Stored { .. }));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("writer")).sum()
    });
    assert_eq!(stored, docs.len(), "every document stored by exactly one writer");
    let l = PgLedger::open(&db).expect("open");
    let s = l.stats().expect("stats");
    let want: usize = docs.iter().map(|d| d.extraction.claims.len()).sum();
    assert_eq!((s.documents, s.claims), (docs.len() as u64, want as u64));
    for info in l.documents(Page { limit: 1000, offset: 0 }).expect("documents") {
        let ids = l.claim_ids_of(info.id).expect("ids");
        assert_eq!(ids.len() as u32, info.claim_count, "document {} whole", info.id);
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "claim ids follow reading order");
    }
}

#[test]
fn workers_drain_the_queue_and_a_bad_input_fails_only_its_job() {
    let Some(url) = server_url("queue") else { return };
    let mut scratch = Scratch::new(&url, "queue");
    let db = scratch.database();
    let docs: Vec<_> = documents(SynthSpec { claims_per_doc: 5, ..SynthSpec::new(5 * 30, 1, 9) }).collect();
    let mut l = PgLedger::open(&db).expect("open");
    let mut jobs: Vec<JobInput> = docs.iter().map(|d| JobInput::Bytes { name: d.source_key.clone(), body: d.text.clone().into_bytes() }).collect();
    jobs.insert(7, JobInput::Bytes { name: "broken.txt".into(), body: b"\xff\xfe".to_vec() });
    jobs.push(jobs[0].clone()); // the same bytes twice: one document
    assert_eq!(l.enqueue(&jobs).expect("enqueue"), docs.len() as u64 + 2);
    assert_eq!(l.queue_counts().expect("counts").queued, docs.len() as u64 + 2);
    let by_key: BTreeMap<&str, &truce_ledger::synth::SynthDoc> = docs.iter().map(|d| (d.source_key.as_str(), d)).collect();
    let outcomes: Vec<JobOutcome> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..3)
            .map(|w| {
                let (db, by_key) = (&db, &by_key);
                s.spawn(move || {
                    let mut l = PgLedger::open(db).expect("open");
                    let mut out = Vec::new();
                    let mut read = |job: &truce_ledger_pg::queue::Job| -> Result<ReadJob, String> {
                        let body = job.body.clone().unwrap_or_default();
                        let text = String::from_utf8(body).map_err(|e| format!("{}: not UTF-8: {e}", job.source))?;
                        let d = by_key.get(job.source.as_str()).ok_or("unknown")?;
                        Ok(ReadJob {
                            source_key: job.source.clone(),
                            source_path: None,
                            hash: truce_ledger::ContentHash::of(text.as_bytes()),
                            text,
                            extraction: d.extraction.clone(),
                        })
                    };
                    while let Some(o) = l.work_one(&format!("w{w}"), &Stamp::now("extract"), &mut read).expect("work") {
                        out.push(o);
                    }
                    out
                })
            })
            .collect();
        hs.into_iter().flat_map(|h| h.join().expect("worker")).collect()
    });
    assert_eq!(outcomes.len(), jobs.len(), "every job taken exactly once");
    let failed: Vec<_> = outcomes.iter().filter(|o| matches!(o, JobOutcome::Failed { .. })).collect();
    assert!(matches!(failed.as_slice(), [JobOutcome::Failed { source, error, .. }] if source == "broken.txt" && error.contains("UTF-8")), "{failed:?}");
    let dups = outcomes.iter().filter(|o| matches!(o, JobOutcome::Duplicate { .. })).count();
    assert_eq!(dups, 1);
    let c = l.queue_counts().expect("counts");
    assert_eq!((c.queued, c.done, c.failed), (0, docs.len() as u64 + 1, 1));
    assert_eq!(l.stats().expect("stats").documents, docs.len() as u64);
}

#[test]
fn an_sqlite_ledger_is_copied_row_for_row() {
    let Some(url) = server_url("migrate") else { return };
    let mut scratch = Scratch::new(&url, "migrate");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut src = SqliteLedger::open(dir.path().join("l.db")).expect("sqlite");
    // Documents with versions, hand-recorded claims, corrections, reviews.
    story::listing_documents(&mut src);
    let mut hand = src.claims(&ClaimFilter::default()).expect("claims")[1].clone();
    let hand_claim = truce_ledger::NewClaim { claim: hand.claim.clone(), reporter: Some("Field team".into()), valid: None, note: Some("call".into()) };
    let id = src.record(&hand_claim, &Stamp::at("Amal", story::t(6, 1))).expect("record");
    hand.claim.value = hand.claim.value.map(|v| v + 1.0);
    let fixed = truce_ledger::NewClaim { claim: hand.claim.clone(), reporter: None, valid: None, note: Some("typo".into()) };
    let new = src.correct(id, &fixed, &Stamp::at("Basel", story::t(7, 1))).expect("correct");
    src.review(new, ReviewState::Confirmed, None, &Stamp::at("Dana", story::t(8, 1))).expect("review");
    src.review(new, ReviewState::Rejected, Some("no"), &Stamp::at("Dana", story::t(8, 2))).expect("review");
    let (text, ex) = story::sample("b1", jiff::civil::date(2017, 3, 1), " Edited. Le village de Maarest a rejoint la trêve.");
    let doc = truce_ledger::NewDocument { source_key: "b1.txt", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
    src.ingest(&doc, &ex, &Stamp::at("extract", story::t(9, 1))).expect("new version");
    for d in documents(SynthSpec { claims_per_doc: 11, ..SynthSpec::new(11 * 20, 1, 5) }) {
        src.ingest(&d.new_document(), &d.extraction, &Stamp::at("extract", d.recorded_at)).expect("synth");
    }
    let first = src.claims(&ClaimFilter::default()).expect("claims")[0].id;
    src.review(first, ReviewState::Disputed, Some("why"), &Stamp::at("Eve", story::t(10, 1))).expect("review");

    let mut dst = PgLedger::open(&scratch.database()).expect("pg");
    let copied = migrate::copy_sqlite_to_postgres(&src, &mut dst).expect("copy");
    let (a, b) = (src.stats().expect("stats"), dst.stats().expect("stats"));
    assert_eq!((a.documents, a.claims, a.corrections, a.reviews), (b.documents, b.claims, b.corrections, b.reviews));
    assert_eq!((copied.documents, copied.claims, copied.reviews), (a.documents, a.claims, a.reviews));
    // Every claim, superseded ones too, field for field with its id, review and history.
    let all = ClaimFilter { include_superseded: true, ..ClaimFilter::default() };
    let (ca, cb) = (src.claims(&all).expect("claims"), dst.claims(&all).expect("claims"));
    assert_eq!(ca.len() as u64, a.claims);
    assert_eq!(ca, cb);
    for c in &ca {
        assert_eq!(src.review_history(c.id).expect("history"), dst.review_history(c.id).expect("history"));
    }
    // As known at an earlier time, too.
    let then = ClaimFilter { as_known_at: Some(story::t(6, 0)), include_superseded: true, ..ClaimFilter::default() };
    assert_eq!(src.claims(&then).expect("claims"), dst.claims(&then).expect("claims"));
    // Every document with its text, boilerplate and warnings.
    let page = Page { limit: 10_000, offset: 0 };
    let (da, db) = (src.documents(page).expect("docs"), dst.documents(page).expect("docs"));
    assert_eq!(da, db);
    for d in &da {
        assert_eq!(src.document(d.id).expect("doc"), dst.document(d.id).expect("doc"));
    }
    // The copy is searchable, and new writes take fresh ids.
    let hits = dst.search("treve Maarest", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentences[0].text, "Le village de Maarest a rejoint la trêve.");
    let new = dst
        .record(&truce_ledger::NewClaim { claim: ca[0].claim.clone(), reporter: None, valid: None, note: None }, &Stamp::now("x"))
        .expect("record after copy");
    assert!(new.0 > ca.iter().map(|c| c.id.0).max().unwrap_or(0));
    // A second copy into a ledger that holds data is refused.
    assert!(matches!(migrate::copy_sqlite_to_postgres(&src, &mut dst), Err(LedgerError::Invalid(_))));
}

#[test]
fn a_callback_that_reads_the_streaming_ledger_gets_an_error_not_a_panic() {
    let Some(url) = server_url("reentrant") else { return };
    let mut scratch = Scratch::new(&url, "reentrant");
    let mut l = PgLedger::open(&scratch.database()).expect("open");
    let (text, ex) = story::sample("b1", jiff::civil::date(2017, 3, 2), "");
    let doc = truce_ledger::NewDocument { source_key: "b1", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
    l.ingest(&doc, &ex, &Stamp::now("extract")).expect("ingest");
    let mut inner = Vec::new();
    l.for_each_claim(&ClaimFilter::default(), &mut |_| {
        inner.push(l.stats().map(|_| ()));
        std::ops::ControlFlow::Continue(())
    })
    .expect("stream");
    assert_eq!(inner.len(), 3);
    assert!(inner.iter().all(|r| matches!(r, Err(LedgerError::Invalid(m)) if m.contains("busy"))), "{inner:?}");
    assert_eq!(l.stats().expect("usable afterwards").claims, 3);
}

#[test]
fn side_tables_are_created_once_upgraded_and_refused_when_newer() {
    use truce_ledger_pg::side::{SideSchema, SideTables, ensure_side_tables};
    let Some(url) = server_url("side_tables") else { return };
    let mut scratch = Scratch::new(&url, "side");
    let db = scratch.database();
    drop(PgLedger::open(&db).expect("ledger"));
    let v1 = SideSchema { meta_table: "x_meta", key: "t_schema", steps: &["CREATE TABLE t (a bigint)"] };
    let v2 = SideSchema { steps: &["CREATE TABLE t (a bigint)", "ALTER TABLE t ADD COLUMN b bigint"], ..v1 };
    // Four processes' worth of connections opening at once migrate once.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut c = postgres::Client::connect(&db, postgres::NoTls).expect("connect");
                assert_eq!(ensure_side_tables(&mut c, &v1).expect("create"), SideTables::Ready);
            });
        }
    });
    let mut c = postgres::Client::connect(&db, postgres::NoTls).expect("connect");
    assert_eq!(ensure_side_tables(&mut c, &v2).expect("upgrade"), SideTables::Ready);
    c.execute("INSERT INTO t (a, b) VALUES (1, 2)", &[]).expect("the new column is there");
    assert_eq!(ensure_side_tables(&mut c, &v1).expect("older build"), SideTables::TooNew { found: 2 });
    let v: i64 = c.query_one("SELECT value FROM x_meta WHERE key = 't_schema'", &[]).expect("meta").get(0);
    assert_eq!(v, 2, "the older build changed nothing");
}
