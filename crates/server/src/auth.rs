//! Who is calling: a bearer token (API) or the dashboard's session cookie,
//! looked up in the token table; and the gate that makes reads token-only
//! when the server runs with `--private`.
//!
//! API writes take the bearer header only, never the cookie: a cookie is
//! sent by the browser on its own, which is what CSRF abuses. Dashboard
//! forms take the cookie and a CSRF token (see `dashboard::csrf`).

use crate::AppState;
use crate::error::ApiError;
use crate::tokens::{Identity, Role};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The dashboard's session cookie: the token itself, HttpOnly.
pub const SESSION_COOKIE: &str = "truce_session";

/// A cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// Looks the token up in the table on every request, never in a cache of
/// this process: a token revoked anywhere (`truce token revoke`, another
/// server) is refused from the very next request. The lookup is one
/// indexed probe by hash, small beside any request it guards.
async fn identify(state: &AppState, token: Option<&str>) -> Result<Option<Identity>, ApiError> {
    let Some(token) = token.map(str::to_owned) else { return Ok(None) };
    state.store.tokens(move |t| Ok(t.lookup(&token)?)).await
}

/// The caller of an API request, from its bearer token (if any). A token
/// that was sent but is unknown is refused at once (401), not treated as
/// anonymous, so a typo never silently turns a write into a read.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<Identity>);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match bearer(&parts.headers) {
            None => Ok(Caller(None)),
            Some(t) => identify(state, Some(t)).await?.map(|i| Caller(Some(i))).ok_or(ApiError::Unauthorized),
        }
    }
}

/// The dashboard user, from the session cookie (anonymous when none).
#[derive(Debug, Clone)]
pub struct Visitor(pub Option<Identity>);

impl FromRequestParts<AppState> for Visitor {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Visitor(identify(state, cookie(&parts.headers, SESSION_COOKIE)).await?))
    }
}

/// Whether `who` may act with `role`: 401 without a token, 403 with one
/// that ranks too low.
pub fn require(who: &Option<Identity>, role: Role) -> Result<&Identity, ApiError> {
    match who {
        None => Err(ApiError::Unauthorized),
        Some(i) if i.role >= role => Ok(i),
        Some(i) => Err(ApiError::Forbidden(format!("the token {:?} is a {}; this needs {} or above", i.name, i.role, role))),
    }
}

impl Caller {
    pub fn require(&self, role: Role) -> Result<&Identity, ApiError> {
        require(&self.0, role)
    }
}

/// With `--private`, every request but the login page, the stylesheet and
/// the OpenAPI document needs a viewer token (bearer or session cookie).
pub async fn private_gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !state.private {
        return next.run(req).await;
    }
    let path = req.uri().path();
    if path == "/login" || path.starts_with("/assets/") || path == "/openapi.json" || path == "/healthz" {
        return next.run(req).await;
    }
    let token = bearer(req.headers()).or_else(|| cookie(req.headers(), SESSION_COOKIE)).map(str::to_owned);
    match identify(&state, token.as_deref()).await {
        Ok(Some(_)) => next.run(req).await,
        Ok(None) if !path.starts_with("/api/") => axum::response::Redirect::to("/login").into_response(),
        Ok(None) => ApiError::Unauthorized.into_response(),
        Err(e) => e.into_response(),
    }
}
