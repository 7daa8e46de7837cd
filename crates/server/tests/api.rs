//! In-process tests of the HTTP API and dashboard: the router driven with
//! `tower::ServiceExt::oneshot`, on a ledger in a temporary file. The same
//! router over PostgreSQL, two of them sharing one database, is in pg.rs.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{App, BULLETIN};
use serde_json::json;
use tower::ServiceExt;
use truce_ledger_pg::LedgerTarget;
use truce_server::Role;

/// An application over a new ledger file, kept as long as the application.
struct FileApp {
    app: App,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl std::ops::Deref for FileApp {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

async fn app(private: bool) -> FileApp {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    FileApp { app: App::open(LedgerTarget::Sqlite(path.clone()), private).await, _dir: dir, path }
}

async fn seeded() -> (FileApp, String) {
    let a = app(false).await;
    let t = a.token(Role::Editor).await;
    let (s, v) = a.post("/api/documents", Some(&t), &json!({ "text": BULLETIN, "name": "b1" }).to_string()).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    (a, t)
}

#[tokio::test]
async fn a_submitted_bulletin_is_read_stored_and_listed() {
    let (a, _t) = seeded().await;
    let (s, docs) = a.get("/api/documents").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["recorded_by"], "editor-person", "writes are attributed to the token's name");
    let id = docs[0]["id"].as_i64().unwrap();
    let (s, doc) = a.get(&format!("/api/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(doc["text"].as_str().unwrap().contains("Kafr Nabudah"));
    let (_, claims) = a.get("/api/claims").await;
    assert!(!claims["claims"].as_array().unwrap().is_empty(), "{claims}");
    let (s, _) = a.get("/api/report/2016-03-01").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = a.get("/api/status/2016-03-01").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = a.get("/api/series/ceasefire_agreements?from=2016-02-01&to=2016-03-01").await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = a.get("/api/audit?from=2016-02-01&to=2016-03-01").await;
    assert_eq!(s, StatusCode::OK);
    let (s, hits) = a.get("/api/search?q=Halfaya").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    // The same bytes again are a duplicate, not a second document.
    let t = a.token(Role::Editor).await;
    let (s, v) = a.post("/api/documents", Some(&t), &json!({ "text": BULLETIN, "name": "b1" }).to_string()).await;
    assert_eq!((s, v["outcome"].as_str()), (StatusCode::OK, Some("duplicate")));
}

#[tokio::test]
async fn claim_filters_and_pagination() {
    let (a, _) = seeded().await;
    let (_, all) = a.get("/api/claims?limit=1000").await;
    let n = all["claims"].as_array().unwrap().len();
    assert!(n >= 2, "{all}");
    let (_, m) = a.get("/api/claims?metric=ceasefire_agreements").await;
    assert!(m["claims"].as_array().unwrap().iter().all(|c| c["metric"] == "ceasefire_agreements"));
    let (_, g) = a.get("/api/claims?governorate=Hama").await;
    assert!(!g["claims"].as_array().unwrap().is_empty());
    let (_, g) = a.get("/api/claims?governorate=SY02").await;
    assert!(g["claims"].as_array().unwrap().is_empty(), "nothing in Aleppo");
    let (_, r) = a.get("/api/claims?review=confirmed").await;
    assert!(r["claims"].as_array().unwrap().is_empty());
    let (_, d) = a.get("/api/claims?from=2016-03-02").await;
    assert!(d["claims"].as_array().unwrap().is_empty());
    let (_, p1) = a.get("/api/claims?limit=1").await;
    assert_eq!(p1["claims"].as_array().unwrap().len(), 1);
    assert_eq!(p1["next_offset"], 1);
    let (_, last) = a.get(&format!("/api/claims?limit=1&offset={}", n - 1)).await;
    assert!(last["next_offset"].is_null());
    for bad in [
        "/api/claims?metric=nope",
        "/api/claims?from=yesterday",
        "/api/claims?limit=0",
        "/api/claims?limit=x",
        "/api/claims?review=maybe",
        "/api/claims?colour=red",
        "/api/report/not-a-date",
        "/api/claims/abc",
    ] {
        let (s, v) = a.get(bad).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad}: {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{bad}: {v}");
    }
    let (s, _) = a.get("/api/claims/999999").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn writes_need_a_token_of_the_right_role() {
    let (a, editor) = seeded().await;
    let viewer = a.token(Role::Viewer).await;
    let body = json!({ "metric": "ceasefire_violations", "value": 3.0, "valid": "2016-03-01", "evidence": "field report 12" }).to_string();
    assert_eq!(a.post("/api/claims", None, &body).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(a.post("/api/claims", Some("truce_wrong"), &body).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(a.post("/api/claims", Some(&viewer), &body).await.0, StatusCode::FORBIDDEN);
    let (s, c) = a.post("/api/claims", Some(&editor), &body).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(c["recorded_by"], "editor-person");
    let id = c["id"].as_i64().unwrap();
    // Review, then correct; the correction supersedes, a second one conflicts.
    let (s, r) = a.post(&format!("/api/claims/{id}/review"), Some(&editor), r#"{"state":"confirmed","note":"checked"}"#).await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["review"], "confirmed");
    assert_eq!(r["history"][0]["by"], "editor-person");
    let (s, fix) = a.post(&format!("/api/claims/{id}/correction"), Some(&editor), r#"{"value":4}"#).await;
    assert_eq!(s, StatusCode::CREATED, "{fix}");
    assert_eq!(fix["supersedes"], id);
    assert_eq!(fix["metric"], "ceasefire_violations", "unset fields keep the corrected claim's values");
    let (s, _) = a.post(&format!("/api/claims/{id}/correction"), Some(&editor), r#"{"value":5}"#).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(a.post("/api/claims/999999/review", Some(&editor), r#"{"state":"confirmed"}"#).await.0, StatusCode::NOT_FOUND);
    // Only admins make tokens.
    assert_eq!(a.post("/api/tokens", Some(&editor), r#"{"name":"x","role":"viewer"}"#).await.0, StatusCode::FORBIDDEN);
    let admin = a.token(Role::Admin).await;
    let (s, t) = a.post("/api/tokens", Some(&admin), r#"{"name":"field","role":"editor"}"#).await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(t["token"].as_str().unwrap().starts_with("truce_"));
}

#[tokio::test]
async fn bad_bodies_are_4xx_with_a_message_never_500() {
    let (a, t) = seeded().await;
    let cases: &[(&str, &str)] = &[
        ("/api/claims", "{not json"),
        ("/api/claims", r#"{"metric":"ceasefire_violations","valid":"2016-03-01","colour":"red"}"#),
        ("/api/claims", r#"{"metric":"nope","valid":"2016-03-01"}"#),
        ("/api/claims", r#"{"value":1}"#),
        ("/api/claims", r#"{"metric":"ceasefire_violations"}"#),
        ("/api/claims", "[]"),
        ("/api/documents", r#"{"text":""}"#),
        ("/api/documents", r#"{"text":"x","extra":1}"#),
        ("/api/claims/1/review", r#"{"state":"maybe"}"#),
    ];
    for (uri, body) in cases {
        let (s, v) = a.post(uri, Some(&t), body).await;
        assert!(s.is_client_error(), "{uri} {body}: {s} {v}");
        assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{uri} {body}: {v}");
    }
    let (s, v) = a.post("/api/claims", Some(&t), r#"{"metric":"ceasefire_violations","valid":"2016-03-01","colour":"red"}"#).await;
    assert!(v["error"].as_str().unwrap().contains("colour"), "the unknown field is named: {s} {v}");
    // Wrong content type.
    let req = Request::post("/api/claims").header(header::AUTHORIZATION, format!("Bearer {t}")).body(Body::from("{}")).unwrap();
    assert_eq!(a.call(req).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_with_413() {
    let (a, t) = seeded().await;
    let big = json!({ "text": "a".repeat(truce_server::BODY_LIMIT + 10) }).to_string();
    let (s, v) = a.post("/api/documents", Some(&t), &big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
}

#[tokio::test]
async fn private_servers_need_a_token_for_reads() {
    let a = app(true).await;
    assert_eq!(a.get("/api/claims").await.0, StatusCode::UNAUTHORIZED);
    let v = a.token(Role::Viewer).await;
    let req = Request::get("/api/claims").header(header::AUTHORIZATION, format!("Bearer {v}")).body(Body::empty()).unwrap();
    assert_eq!(a.call(req).await.0, StatusCode::OK);
    let res = a.router.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the dashboard sends strangers to the login page");
    assert_eq!(a.get("/login").await.0, StatusCode::OK);
    assert_eq!(a.get("/openapi.json").await.0, StatusCode::OK);
}

/// A token revoked while the server runs (through its own connection to
/// the table, as `truce token revoke` does) is refused on the very next
/// request, bearer or session cookie alike; other tokens keep working.
#[tokio::test]
async fn a_token_revoked_while_serving_is_refused_on_the_next_request() {
    let a = app(true).await;
    let (editor, viewer) = (a.token(Role::Editor).await, a.token(Role::Viewer).await);
    let body = json!({ "metric": "ceasefire_violations", "value": 3.0, "valid": "2016-03-01", "evidence": "field report 9" }).to_string();
    let read = |t: &str| Request::get("/api/claims").header(header::AUTHORIZATION, format!("Bearer {t}")).body(Body::empty()).unwrap();
    let page = |t: &str| Request::get("/").header(header::COOKIE, format!("truce_session={t}")).body(Body::empty()).unwrap();
    let (s, c) = a.post("/api/claims", Some(&editor), &body).await;
    assert_eq!(s, StatusCode::CREATED, "{c}");
    assert_eq!(a.call(read(&editor)).await.0, StatusCode::OK);
    assert_eq!(a.router.clone().oneshot(page(&editor)).await.unwrap().status(), StatusCode::OK);

    let path = a.path.clone();
    let revoked = tokio::task::spawn_blocking(move || {
        let mut table = truce_server::tokens::TokenTable::open(&LedgerTarget::Sqlite(path)).unwrap();
        let id = table.list().unwrap().iter().find(|t| t.name == "editor-person").unwrap().id;
        table.revoke(id, "lead").unwrap()
    })
    .await
    .unwrap();
    assert_eq!(revoked.revoked_by.as_deref(), Some("lead"));

    assert_eq!(a.post("/api/claims", Some(&editor), &body).await.0, StatusCode::UNAUTHORIZED, "the same write, refused");
    assert_eq!(a.call(read(&editor)).await.0, StatusCode::UNAUTHORIZED, "private reads too");
    let res = a.router.clone().oneshot(page(&editor)).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the dashboard session ends: back to the login page");
    assert_eq!(a.call(read(&viewer)).await.0, StatusCode::OK, "other tokens keep working");
}

/// Every documented operation is served by the router, and no API route is
/// added outside `utoipa_axum::routes!` (which documents it by construction).
#[tokio::test]
async fn every_route_is_in_the_openapi_document() {
    let (a, t) = seeded().await;
    let (s, doc) = a.get("/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for expected in [
        "/api/documents",
        "/api/documents/{id}",
        "/api/claims",
        "/api/claims/{id}",
        "/api/claims/{id}/correction",
        "/api/claims/{id}/review",
        "/api/report/{date}",
        "/api/series/{metric}",
        "/api/status/{date}",
        "/api/audit",
        "/api/search",
        "/api/stats",
        "/api/tokens",
        "/healthz",
    ] {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }
    for (path, ops) in paths {
        let uri = path.replace("{id}", "1").replace("{date}", "2016-03-01").replace("{metric}", "ceasefire_agreements");
        let uri = if path == "/api/audit" {
            format!("{uri}?from=2016-03-01&to=2016-03-01")
        } else if path == "/api/search" {
            format!("{uri}?q=x")
        } else {
            uri
        };
        for method in ops.as_object().unwrap().keys() {
            let req = Request::builder()
                .method(method.to_uppercase().as_str())
                .uri(&uri)
                .header(header::AUTHORIZATION, format!("Bearer {t}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let res = a.router.clone().oneshot(req).await.unwrap();
            assert_ne!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path} is documented but not routed");
            let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
            assert!(!String::from_utf8_lossy(&body).contains("no such page"), "{method} {path} is documented but not routed");
        }
    }
    // The other direction: the API module registers routes only through
    // `.routes(routes!(...))`; a bare `.route(` would bypass the document.
    let src = include_str!("../src/api.rs");
    assert!(!src.contains(".route("), "api.rs adds a route outside utoipa_axum::routes!");
    let lib = include_str!("../src/lib.rs");
    assert_eq!(lib.matches(".route(").count(), 1, "lib.rs routes only /openapi.json itself");
}

#[tokio::test]
async fn dashboard_pages_render() {
    let (a, _) = seeded().await;
    for uri in [
        "/",
        "/?date=2016-03-01",
        "/map?date=2016-03-01",
        "/claims",
        "/claims?governorate=SY05&metric=",
        "/documents",
        "/documents/1?claim=1",
        "/claims/1",
        "/audit",
        "/search?q=Hama",
        "/login",
        "/submit",
        "/assets/style.css",
    ] {
        let res = a.router.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
        let status = res.status();
        let body = String::from_utf8_lossy(&axum::body::to_bytes(res.into_body(), 16 << 20).await.unwrap()).into_owned();
        // /submit without a session explains that an editor is needed.
        if uri == "/submit" {
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
    let (s, page) = a.get("/documents/1?claim=1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.as_str().unwrap().contains("<mark id=\"evidence\">"), "the claim's evidence is highlighted");
    let (_, m) = a.get("/map?date=2016-03-01").await;
    assert!(m.as_str().unwrap().contains("<path class=\"gov\""));
    let (s, _) = a.get("/?date=garbage").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn dashboard_forms_need_the_csrf_token_and_an_editor_session() {
    let (a, editor) = seeded().await;
    // Without the CSRF cookie, signing in is refused.
    let req =
        Request::post("/login").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body(Body::from(format!("csrf=abc&token={editor}"))).unwrap();
    assert_eq!(a.call(req).await.0, StatusCode::FORBIDDEN);
    let csrf = "0".repeat(48);
    let cookie = format!("truce_csrf={csrf}");
    let req = Request::post("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(format!("csrf={csrf}&token={editor}")))
        .unwrap();
    let res = a.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[header::SET_COOKIE].to_str().unwrap().contains("HttpOnly"));
    // A preview through the multipart form, then a save.
    let session = format!("{cookie}; truce_session={editor}");
    let form = |action: &str, csrf: &str| {
        let b = "XBOUNDARYX";
        let text = BULLETIN.replace("41", "42");
        let body = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{b}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{text}\r\n--{b}\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\n{action}\r\n--{b}--\r\n"
        );
        Request::post("/submit")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={b}"))
            .header(header::COOKIE, &session)
            .body(Body::from(body))
            .unwrap()
    };
    let (s, page) = a.call(form("preview", &csrf)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.as_str().unwrap().contains("Nothing is stored until you save"));
    assert_eq!(a.get("/api/documents").await.1.as_array().unwrap().len(), 1);
    assert_eq!(a.call(form("save", &"1".repeat(48))).await.0, StatusCode::FORBIDDEN, "a wrong CSRF value is refused");
    let (s, page) = a.call(form("save", &csrf)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert!(page.as_str().unwrap().contains("Stored as"));
    assert_eq!(a.get("/api/documents").await.1.as_array().unwrap().len(), 2);
}

/// Views are cached per state of the ledger: a review through the API, or a
/// claim recorded by another process on the same file, shows in the next
/// read of the report, the status, the claims page and the map.
#[tokio::test]
async fn cached_views_follow_every_write() {
    use truce_ledger::LedgerStore;
    let (a, editor) = seeded().await;
    let day = "2016-03-01";
    let (_, status0) = a.get(&format!("/api/status/{day}")).await;
    let joined = status0["localities"].as_array().unwrap().iter().filter(|l| !l["joined"].is_null()).count();
    assert!(joined >= 3, "{status0}");
    let (_, report0) = a.get(&format!("/api/report/{day}")).await;
    assert_eq!(a.get(&format!("/api/report/{day}")).await.1, report0, "the same answer twice");
    let (_, claims0) = a.get("/api/claims?metric=ceasefire_agreements").await;
    let agreements = claims0["claims"].as_array().unwrap();
    assert!(!agreements.is_empty());
    let map0 = a.get(&format!("/map?date={day}")).await.1.to_string();
    // Reject every agreement: no locality has joined by an agreement any more.
    for c in agreements {
        let (s, _) = a.post(&format!("/api/claims/{}/review", c["id"]), Some(&editor), r#"{"state":"rejected"}"#).await;
        assert_eq!(s, StatusCode::OK);
    }
    let (_, claims1) = a.get("/api/claims?metric=ceasefire_agreements").await;
    assert!(claims1["claims"].as_array().unwrap().iter().all(|c| c["review"] == "rejected"), "{claims1}");
    let (_, status1) = a.get(&format!("/api/status/{day}")).await;
    assert_ne!(status1, status0, "the status follows the reviews");
    let (_, report1) = a.get(&format!("/api/report/{day}")).await;
    assert_ne!(report1, report0, "the report follows the reviews");
    let map1 = a.get(&format!("/map?date={day}")).await.1.to_string();
    assert_ne!(map1, map0, "the map follows the reviews");
    // A claim recorded by another process, straight into the file.
    let mut other = truce_ledger::SqliteLedger::open(&a.path).unwrap();
    let claim = truce_model::Claim {
        metric: truce_model::Metric::CeasefireViolations,
        value: Some(77.0),
        window: truce_model::Window::Day,
        actor: None,
        places: vec![],
        evidence: "77 violations".into(),
        span: None,
        reasons: Vec::new(),
    };
    let valid = Some(truce_model::ReportDay::Day(jiff::civil::date(2016, 3, 1)));
    other.record(&truce_ledger::NewClaim { claim, reporter: None, valid, note: None }, &truce_ledger::Stamp::now("cli")).unwrap();
    let (_, report2) = a.get(&format!("/api/report/{day}")).await;
    assert!(report2.to_string().contains("77"), "{report2}");
    assert_ne!(report2, report1);
}

/// A claim whose reasons are given, stored straight into the app's file (as
/// another process would); its id.
fn record_with_reasons(a: &FileApp, claim: truce_model::Claim) -> i64 {
    use truce_ledger::LedgerStore;
    let mut other = truce_ledger::SqliteLedger::open(&a.path).unwrap();
    let valid = Some(truce_model::ReportDay::Day(jiff::civil::date(2016, 3, 1)));
    let new = truce_ledger::NewClaim { claim, reporter: None, valid, note: None };
    other.record(&new, &truce_ledger::Stamp::now("cli")).unwrap().0
}

/// The claim page shows the evidence with each cue that decided the claim
/// marked by its role, and lists the reasons; a reason whose text is not
/// the evidence's at its span, or whose span lies outside the evidence, or
/// which overlaps a cue marked before it, is listed but marks nothing; and
/// whatever a reason holds is escaped.
#[tokio::test]
async fn the_claim_page_marks_the_cues_that_decided_the_claim() {
    use truce_model::{Reason, ReasonRole, Span};
    let a = app(false).await;
    let evidence = "10 accords <b>signés</b> au total";
    // The evidence's place in its document.
    let at = 1000;
    let cue = |role, text: &str| {
        let s = at + evidence.find(text).unwrap();
        Reason::new(role, text, Span::new(s, s + text.len()))
    };
    let claim = truce_model::Claim {
        metric: truce_model::Metric::CeasefireAgreements,
        value: Some(10.0),
        window: truce_model::Window::Total { since: None },
        actor: None,
        places: vec![],
        evidence: evidence.into(),
        span: Some(Span::new(at, at + evidence.len())),
        reasons: vec![
            cue(ReasonRole::Window, "au total"),
            cue(ReasonRole::Value, "10"),
            cue(ReasonRole::Metric, "accords"),
            // Markup in the bulletin's own words.
            cue(ReasonRole::Actor, "<b>signés</b>"),
            // Crosses the cue before it.
            cue(ReasonRole::Window, "</b> au"),
            // Hostile: not the evidence's text at its span.
            Reason::new(ReasonRole::Place, "<script>alert(1)</script>", Span::new(at + 3, at + 10)),
            // Outside the evidence; at the very end of the offsets.
            Reason::new(ReasonRole::Breakdown, "x", Span::new(5, 6)),
            Reason::new(ReasonRole::Window, "\"><i>", Span::new(usize::MAX - 1, usize::MAX)),
        ],
    };
    let id = record_with_reasons(&a, claim.clone());
    let (s, page) = a.get(&format!("/claims/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    let page = page.as_str().unwrap();
    let mark = |role: &str, text: &str| format!("<mark class=\"{role}\" title=\"{role}\">{text}</mark>");
    let quote = format!(
        "<blockquote class=\"evidence\">{} {} {} {}</blockquote>",
        mark("value", "10"),
        mark("metric", "accords"),
        mark("actor", "&lt;b&gt;signés&lt;/b&gt;"),
        mark("window", "au total")
    );
    assert!(page.contains(&quote), "{page}");
    assert_eq!(page.matches("<mark").count(), 4, "{page}");
    assert_eq!(page.matches("</mark>").count(), 4);
    // Every reason listed, escaped.
    assert!(page.contains("Why it was read this way"));
    assert!(page.contains("<strong>place</strong>: «&lt;script&gt;alert(1)&lt;/script&gt;»"), "{page}");
    assert!(page.contains("<strong>window</strong>: «&lt;/b&gt; au»"), "{page}");
    assert!(page.contains("«&quot;&gt;&lt;i&gt;»"), "{page}");
    assert!(!page.contains("<script") && !page.contains("<b>") && !page.contains("<i>"), "{page}");
    assert_eq!(page.matches("(not at its place in the evidence)").count(), 3, "{page}");

    // A claim without reasons: its evidence plain, no list.
    let plain = truce_model::Claim { reasons: Vec::new(), ..claim };
    let id = record_with_reasons(&a, plain);
    let (_, page) = a.get(&format!("/claims/{id}")).await;
    let page = page.as_str().unwrap();
    assert!(page.contains("<blockquote class=\"evidence\">10 accords &lt;b&gt;signés&lt;/b&gt; au total</blockquote>"), "{page}");
    assert!(!page.contains("<mark") && !page.contains("Why it was read"), "{page}");
}

/// The API serves each claim's reasons, and the OpenAPI document describes
/// them and every other field a claim is served with.
#[tokio::test]
async fn claims_are_served_with_their_reasons_as_documented() {
    use truce_model::{Reason, ReasonRole, Span};
    let (a, _) = seeded().await;
    let claim = truce_model::Claim {
        metric: truce_model::Metric::CeasefireViolations,
        value: Some(3.0),
        window: truce_model::Window::Day,
        actor: None,
        places: vec![],
        evidence: "3 violations".into(),
        span: Some(Span::new(40, 52)),
        reasons: vec![Reason::new(ReasonRole::Metric, "violations", Span::new(42, 52))],
    };
    let id = record_with_reasons(&a, claim);
    let (s, detail) = a.get(&format!("/api/claims/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(detail["reasons"], json!([{ "role": "metric", "cue": "violations", "span": { "start": 42, "end": 52 } }]));
    let (_, page) = a.get("/api/claims?limit=1000").await;
    let served = page["claims"].as_array().unwrap();
    assert!(served.iter().any(|c| c["id"] == id && c["reasons"][0]["cue"] == "violations"), "{page}");

    let (_, doc) = a.get("/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<std::collections::BTreeSet<_>>();
    assert_eq!(keys(&schemas["Reason"]["properties"]), ["cue", "role", "span"].map(String::from).into());
    let roles: Vec<&str> = schemas["ReasonRole"]["enum"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(roles, ReasonRole::ALL.map(|r| r.as_str()));
    let claim = &schemas["Claim"];
    assert_eq!(claim["properties"]["reasons"]["items"]["$ref"], "#/components/schemas/Reason");
    assert!(!claim["required"].as_array().unwrap().contains(&json!("reasons")), "reasons are optional");
    let documented = keys(&claim["properties"]);
    for c in served {
        assert!(keys(c).is_subset(&documented), "{:?} not documented", keys(c).difference(&documented).collect::<Vec<_>>());
    }
    let mut with_history = documented.clone();
    with_history.insert("history".into());
    assert!(keys(&detail).is_subset(&with_history), "{detail}");
    for (path, method) in [("/api/claims/{id}", "get"), ("/api/claims", "post")] {
        let op = &doc["paths"][path][method]["responses"];
        assert!(op.to_string().contains("#/components/schemas/Claim"), "{path}: {op}");
    }
}
