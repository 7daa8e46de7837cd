//! Schema migrations: from an empty file and from every earlier version to
//! the latest, data kept; newer ledgers and foreign files refused untouched.

use std::path::Path;
use truce_ledger::sqlite::schema::{APPLICATION_ID, LATEST};
use truce_ledger::{ClaimFilter, LedgerError, LedgerStore, SqliteLedger, story};

/// The schema as SQLite prints it, sorted: equal for equal schemas.
fn schema_of(path: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).expect("open");
    let mut st = c.prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name").expect("prepare");
    st.query_map([], |r| r.get(0)).expect("query").map(|r| r.expect("row")).collect()
}

#[test]
fn from_an_empty_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("empty.db");
    std::fs::write(&p, b"").expect("write");
    let l = SqliteLedger::open(&p).expect("an empty file becomes a ledger");
    assert_eq!(l.schema_version().expect("version"), LATEST);
    let app: i64 = l.connection().query_row("PRAGMA application_id", [], |r| r.get(0)).expect("app id");
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn from_every_earlier_version_the_schema_equals_a_fresh_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("fresh.db");
    drop(SqliteLedger::open(&fresh).expect("fresh"));
    let want = schema_of(&fresh);
    for v in 0..LATEST {
        let p = dir.path().join(format!("v{v}.db"));
        let old = SqliteLedger::open_at_version(&p, v).expect("old version");
        assert_eq!(old.schema_version().expect("version"), v);
        drop(old);
        let l = SqliteLedger::open(&p).expect("upgrade");
        assert_eq!(l.schema_version().expect("version"), LATEST);
        drop(l);
        assert_eq!(schema_of(&p), want, "upgraded from version {v}");
    }
}

/// Version 1 had no search index: documents stored then are searchable
/// after the upgrade, and every claim is still there.
#[test]
fn from_version_1_data_is_kept_and_indexed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("v1.db");
    let old = SqliteLedger::open_at_version(&p, 1).expect("v1");
    let (text, ex) = story::sample("b1", jiff::civil::date(2017, 3, 2), "\nMaarest el-Khan joined.");
    let doc = truce_ledger::NewDocument { source_key: "b1.txt", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
    // Ingest at v1 goes through the same code, which writes the index: make
    // the v1 file honest by writing the rows by hand instead.
    let ts = story::t(2, 18).as_microsecond();
    old.connection()
        .execute(
            "INSERT INTO documents (source_key, version, hash, name, text, claim_count, recorded_at, recorded_by)
             VALUES ('b1.txt', 1, ?1, 'b1', ?2, 0, ?3, 'extract')",
            rusqlite::params![doc.hash.to_hex(), text, ts],
        )
        .expect("insert v1 document");
    old.connection()
        .execute(
            "INSERT INTO claims (document_id, seq, metric, value, window_kind, evidence, recorded_at, recorded_by)
             VALUES (1, 0, 'ceasefire_violations', 5, 'day', 'x', ?1, 'extract')",
            [ts],
        )
        .expect("insert v1 claim");
    drop(old);
    let l = SqliteLedger::open(&p).expect("upgrade");
    assert_eq!(l.count_claims(&ClaimFilter::default()).expect("count"), 1);
    let hits = l.search("Maarest", 5).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].sentences[0].text, "Maarest el-Khan joined.");
    // And the same document is still known as a duplicate.
    let mut l = l;
    let out = l.ingest(&doc, &ex, &truce_ledger::Stamp::now("extract")).expect("ingest");
    assert!(matches!(out, truce_ledger::IngestOutcome::Duplicate { .. }));
}

#[test]
fn a_newer_ledger_is_refused_and_not_modified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("future.db");
    drop(SqliteLedger::open(&p).expect("create"));
    {
        let c = rusqlite::Connection::open(&p).expect("open");
        c.pragma_update(None, "user_version", LATEST + 1).expect("bump");
        // Leave the file in rollback-journal mode and checkpointed, so its
        // bytes are all there is to compare.
        c.pragma_update(None, "journal_mode", "DELETE").expect("journal mode");
    }
    let before = std::fs::read(&p).expect("read");
    let err = SqliteLedger::open(&p).expect_err("refused");
    assert!(matches!(err, LedgerError::TooNew { found, supported, .. } if found == LATEST + 1 && supported == LATEST));
    let msg = err.to_string();
    assert!(msg.contains("future.db") && msg.contains("newer") && msg.contains("not modified"), "{msg}");
    assert_eq!(std::fs::read(&p).expect("read"), before, "the file is byte for byte the same");
}

#[test]
fn a_foreign_sqlite_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&p).expect("open");
        c.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('mine');").expect("create");
    }
    let before = std::fs::read(&p).expect("read");
    let err = SqliteLedger::open(&p).expect_err("refused");
    assert!(matches!(err, LedgerError::NotALedger { .. }), "{err}");
    assert_eq!(std::fs::read(&p).expect("read"), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("notes.txt");
    std::fs::write(&p, "this is not a database, it is a plain text file with enough bytes to look like a header....").expect("write");
    let err = SqliteLedger::open(&p).expect_err("refused");
    assert!(err.to_string().contains("notes.txt"), "{err}");
}

/// Version 3 dropped and merged indexes: claims stored under version 2 are
/// all still found, by every filter, after the upgrade.
#[test]
fn from_version_2_every_filter_finds_the_same_claims() {
    use truce_model::{Governorate, Metric};
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("v2.db");
    let filters = || {
        let day = |d| Some(jiff::civil::date(2017, 3, d));
        vec![
            ClaimFilter::default(),
            ClaimFilter { metric: Some(Metric::CeasefireViolations), ..Default::default() },
            ClaimFilter { valid_from: day(2), valid_to: day(3), ..Default::default() },
            ClaimFilter { metric: Some(Metric::CeasefireViolations), valid_from: day(3), valid_to: day(4), ..Default::default() },
            ClaimFilter { provinces: vec![Governorate::Idleb], ..Default::default() },
            ClaimFilter { place: Some("maarrat al-numan".into()), ..Default::default() },
            ClaimFilter { place: Some("wof:1".into()), ..Default::default() },
            ClaimFilter { district: Some("SY0703".into()), ..Default::default() },
        ]
    };
    let mut old = SqliteLedger::open_at_version(&p, 2).expect("v2");
    for d in 1..=4 {
        let (text, ex) = story::sample(&format!("b{d}"), jiff::civil::date(2017, 3, d), "");
        let doc = truce_ledger::NewDocument {
            source_key: &format!("b{d}.txt"),
            source_path: None,
            hash: truce_ledger::ContentHash::of(text.as_bytes()),
            text: &text,
        };
        old.ingest(&doc, &ex, &truce_ledger::Stamp::at("extract", story::t(d, 18))).expect("ingest at v2");
    }
    let before: Vec<Vec<_>> = filters().iter().map(|f| old.claims(f).expect("query at v2")).collect();
    assert!(before.iter().all(|c| !c.is_empty()), "each filter finds something");
    drop(old);
    let l = SqliteLedger::open(&p).expect("upgrade");
    assert_eq!(l.schema_version().expect("version"), LATEST);
    let after: Vec<Vec<_>> = filters().iter().map(|f| l.claims(f).expect("query")).collect();
    assert_eq!(after, before);
    l.check_integrity().expect("integrity");
}

/// The same writes, made on a ledger of schema `version` then upgraded.
fn written_at(path: &Path, version: i64) -> SqliteLedger {
    use truce_ledger::{NewClaim, ReviewState, Stamp};
    use truce_model::{Claim, Governorate, Metric, Place, ReportDay, Window};
    let mut l = SqliteLedger::open_at_version(path, version).expect("open");
    let ingest = |l: &mut SqliteLedger, key: &str, d: i8, extra: &str, at: i8| {
        let (text, ex) = story::sample(key, jiff::civil::date(2017, 3, d), extra);
        let doc = truce_ledger::NewDocument { source_key: key, source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
        l.ingest(&doc, &ex, &Stamp::at("extract", story::t(at, 18))).expect("ingest");
    };
    for d in 1..=4 {
        ingest(&mut l, &format!("b{d}.txt"), d, "", d);
    }
    // Second and third versions of b2, the third stamped before the second.
    ingest(&mut l, "b2.txt", 2, " Second edition.", 6);
    ingest(&mut l, "b2.txt", 2, " Third edition.", 5);
    let claims = l.claims(&ClaimFilter::default()).expect("claims");
    l.review(claims[0].id, ReviewState::Disputed, None, &Stamp::at("tester", story::t(7, 9))).expect("review");
    let mut fixed = claims[2].claim.clone();
    fixed.value = Some(9.0);
    let new = NewClaim { claim: fixed, reporter: None, valid: None, note: None };
    l.correct(claims[2].id, &new, &Stamp::at("tester", story::t(8, 9))).expect("correct");
    let place = |name: &str, g: Option<Governorate>, id: Option<&str>| Place { id: id.map(str::to_owned), ..Place::mention(name, g) };
    let by_hand = Claim {
        metric: Metric::LocalitiesJoinedCeasefire,
        value: Some(3.0),
        window: Window::Day,
        actor: None,
        places: vec![
            place("Douma", Some(Governorate::RuralDamascus), None),
            place("Jobar", Some(Governorate::Damascus), None),
            place("Somewhere", None, Some("SY020000")),
        ],
        evidence: "3 localities joined".into(),
        span: None,
        reasons: Vec::new(),
    };
    let new = NewClaim { claim: by_hand, reporter: Some("hand".into()), valid: Some(ReportDay::Day(jiff::civil::date(2017, 3, 9))), note: None };
    let id = l.record(&new, &Stamp::at("tester", story::t(9, 9))).expect("record");
    l.review(id, ReviewState::Confirmed, None, &Stamp::at("tester", story::t(9, 10))).expect("review");
    drop(l);
    SqliteLedger::open(path).expect("upgrade")
}

fn rows(l: &SqliteLedger, sql: &str) -> Vec<Vec<rusqlite::types::Value>> {
    let mut st = l.connection().prepare(sql).expect("prepare");
    let n = st.column_count();
    st.query_map([], |r| (0..n).map(|i| r.get(i)).collect()).expect("query").map(|r| r.expect("row")).collect()
}

/// Version 4's and 5's tables, filled from the claims of an older ledger,
/// hold exactly what the same writes made on the latest version put in
/// them: the scope rows with the review states of the moment, the replaced
/// versions with the earliest recording of a newer one, and every join of a
/// locality.
#[test]
fn from_every_earlier_version_the_view_tables_equal_those_written_at_ingest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = written_at(&dir.path().join("fresh.db"), LATEST);
    let scopes = "SELECT * FROM claim_scopes ORDER BY valid_day, metric, scope, claim_id";
    let replaced = "SELECT * FROM replaced_documents ORDER BY document_id";
    let joins = "SELECT * FROM locality_joins ORDER BY valid_day, locality, claim_id";
    let firsts = "SELECT * FROM locality_first_joins ORDER BY locality";
    let want = (rows(&fresh, scopes), rows(&fresh, replaced), rows(&fresh, joins), rows(&fresh, firsts));
    // Rows for each province, district, and the hand claim's two provinces.
    assert!(want.0.len() > 12, "{:?}", want.0);
    let text = |v: &rusqlite::types::Value| match v {
        rusqlite::types::Value::Text(s) => s.clone(),
        _ => String::new(),
    };
    assert!(want.0.iter().any(|r| text(&r[2]) == "d:SY0703"));
    assert!(want.0.iter().any(|r| text(&r[2]) == "SY03" && text(&r[12]) == "confirmed"));
    assert!(want.0.iter().any(|r| text(&r[12]) == "disputed"));
    // b2's first version replaced by the third's stamp (day 5), the second by the third's too.
    assert_eq!(want.1.len(), 2, "{:?}", want.1);
    let day5 = rusqlite::types::Value::Integer(story::t(5, 18).as_microsecond());
    assert!(want.1.iter().all(|r| r[1] == day5), "{:?}", want.1);
    // The hand claim's two unlinked localities joined on day 9, keyed by
    // name and governorate; the district it names is no locality.
    let day9 = |key: &str| want.2.iter().any(|r| text(&r[1]) == key && text(&r[0]) == "2017-03-09");
    assert!(day9("douma|SY03") && day9("jobar|SY01"), "{:?}", want.2);
    assert!(!want.2.iter().any(|r| text(&r[1]).starts_with("SY")), "{:?}", want.2);
    // Each locality's earliest join, once.
    assert!(want.3.iter().any(|r| text(&r[0]) == "douma|SY03" && text(&r[1]) == "2017-03-09"), "{:?}", want.3);
    assert_eq!(want.3.len(), want.2.iter().map(|r| text(&r[1])).collect::<std::collections::BTreeSet<_>>().len());
    for v in 1..LATEST {
        let l = written_at(&dir.path().join(format!("v{v}.db")), v);
        assert_eq!((rows(&l, scopes), rows(&l, replaced), rows(&l, joins), rows(&l, firsts)), want, "upgraded from version {v}");
    }
}

/// Version 7 added each claim's reasons: claims stored under an earlier
/// version keep every other field and read back with none (the same claims
/// as the same writes made on the latest version, reasons aside), and
/// documents stored after the upgrade keep theirs.
#[test]
fn from_every_earlier_version_claims_read_back_and_new_ones_keep_their_reasons() {
    let dir = tempfile::tempdir().expect("tempdir");
    let all = ClaimFilter { include_superseded: true, ..ClaimFilter::default() };
    let fresh = written_at(&dir.path().join("fresh.db"), LATEST);
    let want = fresh.claims(&all).expect("claims");
    assert!(want.iter().any(|c| !c.claim.reasons.is_empty()), "the story's claims have reasons");
    let want: Vec<_> = want
        .into_iter()
        .map(|mut c| {
            c.claim.reasons.clear();
            c
        })
        .collect();
    for v in 1..LATEST {
        let mut l = written_at(&dir.path().join(format!("r{v}.db")), v);
        assert_eq!(l.claims(&all).expect("claims"), want, "upgraded from version {v}");
        let (text, ex) = story::sample("b9", jiff::civil::date(2017, 3, 9), "");
        let doc = truce_ledger::NewDocument { source_key: "b9.txt", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
        let stamp = truce_ledger::Stamp::at("extract", story::t(10, 18));
        let Ok(truce_ledger::IngestOutcome::Stored { doc, .. }) = l.ingest(&doc, &ex, &stamp) else { panic!("ingest after the upgrade from version {v}") };
        // In reading order, as extraction gave them.
        let ids = l.claim_ids_of(doc).expect("ids");
        let reasons: Vec<_> = ids.iter().map(|&id| l.claim(id).expect("claim").expect("exists").claim.reasons).collect();
        let given: Vec<_> = ex.claims.iter().map(|c| c.reasons.clone()).collect();
        assert_eq!(reasons, given, "upgraded from version {v}");
        l.check_integrity().expect("integrity");
    }
}
