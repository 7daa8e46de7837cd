//! The Atom feed of the morning and evening editions:
//! `/feeds/bulletin.atom?lang=fr&province=SY02`, or the governorate in the
//! path, `/feeds/SY02/bulletin.atom`, for feed readers that drop query
//! strings. The feed itself is built by `truce_digest::atom`.
//!
//! The editions' schedule is set once at start-up by `truce serve` (from
//! the delivery configuration) with [`set_schedule`]; a process-wide value
//! rather than a field of [`AppState`], so that serving feeds does not
//! change how the rest of the server is built.

use crate::AppState;
use crate::error::ApiError;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::OnceLock;
use truce_digest::atom::{EditionCache, FeedLinks, feed_from_ledger_cached};
use truce_digest::{Audience, Schedule};
use truce_model::Governorate;
use truce_views::Language;

static SCHEDULE: OnceLock<Schedule> = OnceLock::new();

/// Closed editions never change: each is composed once per process.
static CACHE: OnceLock<EditionCache> = OnceLock::new();

/// Sets the editions' schedule for the feeds; the first call wins. Without
/// one the default (07:00 and 19:00 UTC) applies.
pub fn set_schedule(schedule: Schedule) {
    let _ = SCHEDULE.set(schedule);
}

fn schedule() -> Schedule {
    SCHEDULE.get().cloned().unwrap_or_default()
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/feeds/bulletin.atom", get(query_form)).route("/feeds/{province}/bulletin.atom", get(path_form))
}

#[derive(Debug, serde::Deserialize)]
pub struct FeedParams {
    pub lang: Option<String>,
    pub province: Option<String>,
}

async fn query_form(State(s): State<AppState>, headers: HeaderMap, uri: Uri, Query(p): Query<FeedParams>) -> Response {
    respond(s, headers, uri, p.lang, p.province).await
}

async fn path_form(State(s): State<AppState>, headers: HeaderMap, uri: Uri, Path(province): Path<String>, Query(p): Query<FeedParams>) -> Response {
    if p.province.as_ref().is_some_and(|q| q != &province) {
        return ApiError::BadRequest("the governorate is given twice, differently (path and ?province=)".into()).into_response();
    }
    respond(s, headers, uri, p.lang, Some(province)).await
}

async fn respond(s: AppState, headers: HeaderMap, uri: Uri, lang: Option<String>, province: Option<String>) -> Response {
    match feed(s, headers, uri, lang, province).await {
        Ok(xml) => {
            let mut res = xml.into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
            res
        }
        Err(e) => e.into_response(),
    }
}

async fn feed(s: AppState, headers: HeaderMap, uri: Uri, lang: Option<String>, province: Option<String>) -> Result<String, ApiError> {
    let lang = match lang.as_deref() {
        None | Some("") => Language::En,
        Some(l) => l.parse::<Language>().map_err(|e| ApiError::BadRequest(e.to_string()))?,
    };
    let province = match province.as_deref() {
        None | Some("") => None,
        Some(p) => Some(Governorate::from_name_or_pcode(p).map_err(|e| ApiError::BadRequest(e.to_string()))?),
    };
    // Links point back where the reader found the feed. The Host header is
    // only echoed into escaped attribute values, never used to decide anything.
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost").to_owned();
    let scheme = match headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()) {
        Some("https") => "https",
        _ => "http",
    };
    let base_url = format!("{scheme}://{host}");
    let self_url = format!("{base_url}{}", uri.path_and_query().map(|p| p.as_str()).unwrap_or("/feeds/bulletin.atom"));
    let links = FeedLinks { self_url, base_url };
    let audience = Audience { lang, province };
    let schedule = schedule();
    s.store
        .read(move |l| {
            let cache = CACHE.get_or_init(EditionCache::default);
            feed_from_ledger_cached(l, &schedule, audience, jiff::Timestamp::now(), &links, cache).map_err(ApiError::internal)
        })
        .await
}
