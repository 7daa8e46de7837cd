//! Several `truce serve` processes on one PostgreSQL database, as behind a
//! load balancer: two routers, each with its own connections, token check
//! and views cache, over one scratch database. A write through either is
//! seen by the other on the very next request. Skipped without a
//! PostgreSQL server (`TRUCE_TEST_PG_URL`), except in CI.

mod common;

use axum::http::StatusCode;
use common::{App, BULLETIN};
use serde_json::{Value, json};
use truce_ledger_pg::LedgerTarget;
use truce_ledger_pg::testing::{Scratch, server_url};
use truce_server::{AppState, Role};

/// Runs `story` on a runtime of its own. The scratch database is made and
/// dropped outside it: the PostgreSQL client blocks, which an async thread
/// must not.
fn with_database(test: &str, story: impl AsyncFnOnce(LedgerTarget, String)) {
    let Some(url) = server_url(test) else { return };
    let mut scratch = Scratch::new(&url, test);
    let db = scratch.database();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(story(LedgerTarget::parse(&db), db));
}

fn claims_of(page: &Value) -> &Vec<Value> {
    page["claims"].as_array().unwrap_or_else(|| panic!("not a claims page: {page}"))
}

/// The values read for `metric` on the report's day (more than one when
/// sources disagree), none when nothing is stated.
fn day_values(report: &Value, metric: &str) -> Vec<f64> {
    let line = report["metrics"].as_array().and_then(|ms| ms.iter().find(|m| m["metric"] == metric));
    let readings = line.and_then(|l| l["day"]["readings"].as_array()).cloned().unwrap_or_default();
    readings.iter().filter_map(|r| r["value"].as_f64()).collect()
}

#[test]
fn two_servers_on_one_database_see_each_others_writes_at_once() {
    with_database("two_servers", async |db, _| {
        let (a, b) = (App::open(db.clone(), false).await, App::open(db, false).await);
        let day = "2016-03-01";
        let report = format!("/api/report/{day}");
        let agreements = "/api/claims?metric=ceasefire_agreements";

        // A token made through A's API works on B at once.
        let admin = a.token(Role::Admin).await;
        let (s, made) = a.post("/api/tokens", Some(&admin), r#"{"name":"field desk","role":"editor"}"#).await;
        assert_eq!(s, StatusCode::CREATED, "{made}");
        let editor = made["token"].as_str().expect("a token").to_owned();
        let note = json!({ "metric": "ceasefire_violations", "value": 3.0, "valid": day, "evidence": "field report 1" }).to_string();
        let (s, first) = b.post("/api/claims", Some(&editor), &note).await;
        assert_eq!(s, StatusCode::CREATED, "{first}");
        assert_eq!(first["recorded_by"], "field desk", "B knows A's token by its name");

        // B computes and caches its views: nothing agreed yet.
        for _ in 0..2 {
            let (s, page) = b.get(agreements).await;
            assert_eq!(s, StatusCode::OK, "{page}");
            assert!(claims_of(&page).is_empty(), "{page}");
        }
        let (_, before) = b.get(&report).await;
        assert_eq!(b.get(&report).await.1, before, "the same answer twice");
        assert_eq!(day_values(&before, "ceasefire_violations"), [3.0], "{before}");
        assert!(day_values(&before, "ceasefire_agreements").is_empty(), "{before}");

        // A bulletin stored through A is in B's cached views on the next request.
        let (s, stored) = a.post("/api/documents", Some(&editor), &json!({ "text": BULLETIN, "name": "b1" }).to_string()).await;
        assert_eq!(s, StatusCode::CREATED, "{stored}");
        let (_, page) = b.get(agreements).await;
        let agreed = claims_of(&page).clone();
        assert!(!agreed.is_empty(), "B's claims page follows A's upload: {page}");
        let (_, after) = b.get(&report).await;
        assert_eq!(day_values(&after, "ceasefire_agreements"), [5.0], "B's report follows A's upload: {after}");
        let (s, hits) = b.get("/api/search?q=Halfaya").await;
        assert_eq!((s, hits.as_array().map(Vec::len)), (StatusCode::OK, Some(1)), "{hits}");

        // A claim recorded through A, then a review, each seen by B next.
        let more = json!({ "metric": "ceasefire_violations", "value": 77.0, "valid": day, "evidence": "field report 2" }).to_string();
        let (s, c) = a.post("/api/claims", Some(&editor), &more).await;
        assert_eq!(s, StatusCode::CREATED, "{c}");
        let (_, report2) = b.get(&report).await;
        let mut violations = day_values(&report2, "ceasefire_violations");
        violations.sort_by(f64::total_cmp);
        assert_eq!(violations, [3.0, 77.0], "B's report follows A's claim: {report2}");
        for c in &agreed {
            let (s, r) = a.post(&format!("/api/claims/{}/review", c["id"]), Some(&editor), r#"{"state":"rejected"}"#).await;
            assert_eq!(s, StatusCode::OK, "{r}");
        }
        let (_, page) = b.get(agreements).await;
        assert!(claims_of(&page).iter().all(|c| c["review"] == "rejected"), "B's claims follow A's reviews: {page}");
        let (_, page) = a.get(agreements).await;
        assert!(claims_of(&page).iter().all(|c| c["review"] == "rejected"), "and so do A's own: {page}");

        // The dashboard of B reads the same ledger.
        let (s, overview) = b.get(&format!("/?date={day}")).await;
        assert_eq!(s, StatusCode::OK);
        assert!(overview.as_str().is_some_and(|h| h.contains("claims in the ledger")), "{overview}");
        for page in [format!("/map?date={day}"), "/claims".into(), "/documents".into(), "/audit".into(), "/search?q=Hama".into()] {
            let (s, html) = b.get(&page).await;
            assert_eq!(s, StatusCode::OK, "{page}: {html}");
        }
    });
}

#[test]
fn tokens_on_postgres_are_hashed_checked_and_revoked_for_every_server() {
    with_database("pg_tokens", async |db, url| {
        let (a, b) = (App::open(db.clone(), true).await, App::open(db.clone(), true).await);
        let viewer = a.token(Role::Viewer).await;
        let bearer = |t: &str| axum::http::Request::get("/api/stats").header("authorization", format!("Bearer {t}")).body(axum::body::Body::empty()).unwrap();
        assert_eq!(b.call(bearer(&viewer)).await.0, StatusCode::OK);
        assert_eq!(b.call(bearer("truce_wrong")).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(b.get("/api/stats").await.0, StatusCode::UNAUTHORIZED, "private: reads need a token");
        // Only the hash is stored; revoking the token stops it on both
        // servers from their next request, though both have just used it.
        assert_eq!(a.call(bearer(&viewer)).await.0, StatusCode::OK);
        let (stored, revoked) = tokio::task::spawn_blocking(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
            let stored: i64 = c.query_one("SELECT count(*) FROM server_tokens WHERE hash = $1 OR name = $1", &[&viewer]).expect("count").get(0);
            let mut table = truce_server::tokens::TokenTable::open(&db).expect("token table");
            let id = table.list().expect("list").iter().find(|t| t.name == "viewer-person").expect("the viewer").id;
            (stored, (table.revoke(id, "lead").expect("revoke"), viewer))
        })
        .await
        .expect("database thread");
        assert_eq!(stored, 0, "the token itself is never stored");
        let (revoked, viewer) = revoked;
        assert_eq!(revoked.revoked_by.as_deref(), Some("lead"));
        assert_eq!(a.call(bearer(&viewer)).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(b.call(bearer(&viewer)).await.0, StatusCode::UNAUTHORIZED);
    });
}

#[test]
fn newer_server_tables_on_postgres_are_refused_untouched() {
    with_database("pg_newer_tables", async |db, url| {
        drop(App::open(db.clone(), false).await);
        tokio::task::spawn_blocking(move || {
            let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
            c.execute("UPDATE server_meta SET value = 99 WHERE key = 'tokens_schema'", &[]).expect("pretend a newer build");
        })
        .await
        .expect("database thread");
        let e = AppState::open(db.clone(), false).await.expect_err("a newer token table is refused").to_string();
        assert!(e.contains("newer truce") && e.contains(&db.describe()), "{e}");
    });
}

/// Needs no server: the message names the database, without its password.
#[tokio::test]
async fn an_unreachable_database_is_named_without_its_password() {
    let db = LedgerTarget::parse("postgres://truce:hunter2@127.0.0.1:1/ledger");
    let e = AppState::open(db, false).await.expect_err("nothing listens on port 1").to_string();
    assert!(e.contains("postgres://truce@127.0.0.1:1/ledger"), "{e}");
    assert!(!e.contains("hunter2"), "{e}");
}
