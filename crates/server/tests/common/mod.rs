//! What the in-process tests share: an application (router) over a ledger
//! of either backend, and requests to it.

#![allow(dead_code)] // each test binary uses its own part of this module

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;
use truce_ledger_pg::LedgerTarget;
use truce_server::{AppState, Role, router};

pub const BULLETIN: &str = "date: 2016-03-01\nreporter: Russian Centre for Reconciliation\n\nOver the past 24 hours, 5 ceasefire agreements were signed with the settlements of Kafr Nabudah, Tayyibat al-Imam and Halfaya in the province of Hama.\n\nIn total, 41 settlements have joined the ceasefire.\n";

/// One server (one router, its own connections and views cache) over a ledger.
pub struct App {
    pub db: LedgerTarget,
    pub router: Router,
}

impl App {
    pub async fn open(db: LedgerTarget, private: bool) -> App {
        let state = AppState::open(db.clone(), private).await.unwrap_or_else(|e| panic!("open {}: {e}", db.describe()));
        App { db, router: router(state) }
    }

    /// A new token of `role`, made as `truce token create` makes it (on the
    /// blocking pool: the PostgreSQL client must not block an async thread).
    pub async fn token(&self, role: Role) -> String {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || truce_server::create_token(&db, &format!("{role}-person"), role))
            .await
            .expect("token thread")
            .expect("create a token")
    }

    pub async fn call(&self, req: Request<Body>) -> (StatusCode, Value) {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 16 << 20).await.unwrap();
        (status, serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into_owned())))
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        self.call(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn post(&self, uri: &str, token: Option<&str>, body: &str) -> (StatusCode, Value) {
        let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        self.call(b.body(Body::from(body.to_owned())).unwrap()).await
    }
}
