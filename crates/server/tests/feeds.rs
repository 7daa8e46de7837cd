//! The Atom feed routes, driven in-process: the query and path forms, bad
//! parameters, and the private mode's gate. The feed's content is checked
//! in truce-digest's own tests.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use truce_ledger::{LedgerStore, NewClaim, Stamp};
use truce_ledger_pg::LedgerTarget;
use truce_model::{Claim, Metric, Place, ReportDay, Window};
use truce_server::{AppState, Role, router};

async fn get(app: &axum::Router, uri: &str, token: Option<&str>) -> (StatusCode, String, String) {
    let mut req = Request::get(uri).header(header::HOST, "feeds.test");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app.clone().oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
    let status = res.status();
    let ct = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20).await.unwrap();
    (status, ct, String::from_utf8(bytes.to_vec()).unwrap())
}

fn ledger_with_one_claim(db: &std::path::Path) {
    let mut l = truce_ledger::SqliteLedger::open(db).unwrap();
    let aleppo = truce_model::Governorate::from_name_or_pcode("SY02").unwrap();
    l.record(
        &NewClaim {
            claim: Claim {
                metric: Metric::CeasefireViolations,
                value: Some(4.0),
                window: Window::Day,
                actor: None,
                places: vec![Place::mention("Aleppo", Some(aleppo))],
                evidence: "4 violations in Aleppo".into(),
                span: None,
                reasons: Vec::new(),
            },
            reporter: Some("Field".into()),
            valid: Some(ReportDay::Day(jiff::civil::date(2024, 3, 1))),
            note: None,
        },
        &Stamp::at("amal", "2024-03-01T12:00:00Z".parse().unwrap()),
    )
    .unwrap();
}

#[tokio::test]
async fn feeds_answer_in_both_forms_and_refuse_bad_parameters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ledger_with_one_claim(&db);
    let app = router(AppState::open(LedgerTarget::Sqlite(db.clone()), false).await.unwrap());
    let (status, ct, body) = get(&app, "/feeds/bulletin.atom?lang=fr&province=SY02", None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ct, "application/atom+xml; charset=utf-8");
    assert!(body.contains("<id>tag:truce.invalid,2024:bulletin/fr/SY02/2024-03-01/evening</id>"), "{body}");
    assert!(body.contains("href=\"http://feeds.test/feeds/bulletin.atom?lang=fr&amp;province=SY02\""), "{body}");
    let (status, _, path_form) = get(&app, "/feeds/SY02/bulletin.atom?lang=fr", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(path_form.replace("/feeds/SY02/bulletin.atom?lang=fr", "/feeds/bulletin.atom?lang=fr&amp;province=SY02"), body);
    // Another governorate has nothing: a valid feed without entries.
    let (status, _, other) = get(&app, "/feeds/SY13/bulletin.atom", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!other.contains("<entry>"), "{other}");
    for bad in ["/feeds/bulletin.atom?lang=de", "/feeds/bulletin.atom?province=Atlantis", "/feeds/SY02/bulletin.atom?province=SY13"] {
        let (status, _, body) = get(&app, bad, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
}

#[tokio::test]
async fn a_private_server_keeps_its_feeds_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ledger_with_one_claim(&db);
    let app = router(AppState::open(LedgerTarget::Sqlite(db.clone()), true).await.unwrap());
    let (status, _, _) = get(&app, "/feeds/bulletin.atom", None).await;
    assert_ne!(status, StatusCode::OK);
    let token = truce_server::create_token(&LedgerTarget::Sqlite(db.clone()), "reader", Role::Viewer).unwrap();
    let (status, _, body) = get(&app, "/feeds/bulletin.atom", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("<entry>"));
}
