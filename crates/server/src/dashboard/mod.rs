//! The dashboard: server-rendered HTML (maud) that works without
//! JavaScript — overview of a day, map, claims, documents with evidence
//! highlighted, audit, search, and the editors' submit form.
//!
//! Forms that change anything carry a CSRF token checked against a cookie
//! of the same value (double submit): another site can make the browser
//! send our cookies, but cannot read them to fill in the form field.

mod pages;
mod submit;

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE, Visitor};
use crate::error::ApiError;
use crate::tokens::Identity;
use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, PreEscaped, html};

pub const CSRF_COOKIE: &str = "truce_csrf";
pub const STYLE: &str = include_str!("style.css");

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(pages::overview))
        .route("/map", get(pages::map))
        .route("/claims", get(pages::claims))
        .route("/claims/{id}", get(pages::claim))
        .route("/documents", get(pages::documents))
        .route("/documents/{id}", get(pages::document))
        .route("/audit", get(pages::audit))
        .route("/search", get(pages::search))
        .route("/submit", get(submit::form).post(submit::post))
        .route("/login", get(submit::login_form).post(submit::login))
        .route("/logout", axum::routing::post(submit::logout))
        .route("/assets/style.css", get(style))
}

async fn style() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8"), (CACHE_CONTROL, "max-age=3600")], STYLE).into_response()
}

/// What every page knows of its visitor: who (from the session cookie) and
/// the CSRF value for its forms (a new one is set when the browser has none).
#[derive(Debug, Clone)]
pub struct Ctx {
    pub who: Option<Identity>,
    pub csrf: String,
    new_csrf: bool,
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Visitor(who) = Visitor::from_request_parts(parts, state).await?;
        match auth::cookie(&parts.headers, CSRF_COOKIE).filter(|v| valid_csrf_shape(v)) {
            Some(v) => Ok(Ctx { who, csrf: v.to_owned(), new_csrf: false }),
            None => Ok(Ctx { who, csrf: crate::tokens::random_hex(24)?, new_csrf: true }),
        }
    }
}

fn valid_csrf_shape(v: &str) -> bool {
    v.len() == 48 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether a form's CSRF field matches the cookie. Compared without early
/// exit so timing tells nothing about how much matched.
pub fn csrf_ok(headers: &axum::http::HeaderMap, field: &str) -> bool {
    let Some(cookie) = auth::cookie(headers, CSRF_COOKIE) else { return false };
    if !valid_csrf_shape(cookie) || cookie.len() != field.len() {
        return false;
    }
    cookie.bytes().zip(field.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

impl Ctx {
    /// A full page: layout around `body`, with the CSRF cookie set if new.
    pub fn page(&self, title: &str, active: &str, body: Markup) -> Response {
        self.page_status(StatusCode::OK, title, active, body)
    }

    pub fn page_status(&self, status: StatusCode, title: &str, active: &str, body: Markup) -> Response {
        let nav = [
            ("/", "Overview"),
            ("/map", "Map"),
            ("/claims", "Claims"),
            ("/documents", "Documents"),
            ("/audit", "Audit"),
            ("/search", "Search"),
            ("/submit", "Submit"),
        ];
        let markup = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · truce" }
                    link rel="stylesheet" href="/assets/style.css";
                }
                body {
                    header.top {
                        a.brand href="/" { "truce" }
                        nav {
                            @for (href, label) in nav {
                                a href=(href) class=[(active == href).then_some("active")] { (label) }
                            }
                        }
                        div.who {
                            @if let Some(i) = &self.who {
                                span { (i.name) " · " (i.role) }
                                form method="post" action="/logout" {
                                    input type="hidden" name="csrf" value=(self.csrf);
                                    button.link type="submit" { "Sign out" }
                                }
                            } @else {
                                a href="/login" { "Sign in" }
                            }
                        }
                    }
                    main { h1 { (title) } (body) }
                    footer { "truce · ceasefire bulletins as an auditable ledger · " a href="/openapi.json" { "API" } }
                }
            }
        };
        let mut res = (status, maud_html(markup)).into_response();
        if self.new_csrf {
            let c = format!("{CSRF_COOKIE}={}; Path=/; SameSite=Strict; HttpOnly", self.csrf);
            if let Ok(v) = HeaderValue::from_str(&c) {
                res.headers_mut().append(SET_COOKIE, v);
            }
        }
        res
    }

    /// An error shown as a page, keeping its status; internal detail is logged, not shown.
    pub fn error(&self, e: ApiError) -> Response {
        let status = e.status();
        let msg = e.public_message();
        self.page_status(status, "Something is wrong", "", html! { p.error { (msg) } p { a href="/" { "Back to the overview" } } })
    }
}

pub fn maud_html(m: Markup) -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], m.into_string())
}

/// A session cookie carrying `token` (empty and expired to sign out).
pub fn session_cookie(token: Option<&str>) -> String {
    match token {
        Some(t) => format!("{SESSION_COOKIE}={t}; Path=/; SameSite=Strict; HttpOnly"),
        None => format!("{SESSION_COOKIE}=; Path=/; SameSite=Strict; HttpOnly; Max-Age=0"),
    }
}

/// Markup from an SVG string that the server itself produced.
pub fn svg(s: String) -> Markup {
    PreEscaped(s)
}
