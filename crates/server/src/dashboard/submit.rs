//! The dashboard's forms that write: signing in and out, and submitting a
//! bulletin (paste or upload, preview the claims, then save). Every POST
//! checks the CSRF field against its cookie before anything else.

use super::{Ctx, csrf_ok, session_cookie};
use crate::AppState;
use crate::api::{SubmitBulletin, submit as submit_bulletin};
use crate::auth;
use crate::error::ApiError;
use crate::tokens::Role;
use axum::Form;
use axum::extract::{Multipart, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;
use truce_model::ReportDay;
use truce_views::locale;

fn csrf_refused(ctx: &Ctx) -> Response {
    ctx.error(ApiError::Forbidden("the form expired or came from another site; reload the page and try again".into()))
}

pub async fn login_form(ctx: Ctx) -> Response {
    ctx.page(
        "Sign in",
        "",
        html! {
            div.card {
                p { "Paste the token you were given (" code { "truce token create --role editor --name NAME" } ")." }
                form method="post" action="/login" {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    input type="password" name="token" size="60" autocomplete="off" required;
                    " " button type="submit" { "Sign in" }
                }
            }
        },
    )
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub csrf: String,
    pub token: String,
}

pub async fn login(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    if !csrf_ok(&headers, &f.csrf) {
        return csrf_refused(&ctx);
    }
    let token = f.token.trim().to_owned();
    let t2 = token.clone();
    match s.store.tokens(move |t| Ok(t.lookup(&t2)?)).await {
        Ok(Some(i)) => {
            tracing::info!(name = %i.name, role = %i.role, "signed in to the dashboard");
            (StatusCode::SEE_OTHER, [(LOCATION, "/".to_owned()), (SET_COOKIE, session_cookie(Some(&token)))]).into_response()
        }
        Ok(None) => ctx.error(ApiError::Unauthorized),
        Err(e) => ctx.error(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    pub csrf: String,
}

pub async fn logout(ctx: Ctx, headers: HeaderMap, Form(f): Form<CsrfOnly>) -> Response {
    if !csrf_ok(&headers, &f.csrf) {
        return csrf_refused(&ctx);
    }
    (StatusCode::SEE_OTHER, [(LOCATION, "/".to_owned()), (SET_COOKIE, session_cookie(None))]).into_response()
}

fn submit_form(ctx: &Ctx, text: &str, name: &str, date: &str) -> maud::Markup {
    html! {
        form.card method="post" action="/submit" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(ctx.csrf);
            p { label { "Paste the bulletin" br; textarea name="text" { (text) } } }
            p { label { "…or upload a file (text or HTML, at most 2 MB) " input type="file" name="file" accept=".txt,.html,.htm,text/plain,text/html"; } }
            p.filters {
                label { "Name " input name="name" value=(name) placeholder="e.g. 2016-03-01-en"; }
                label { "Report day (if the text lacks it) " input name="date" value=(date) placeholder="YYYY-MM-DD"; }
            }
            button type="submit" name="action" value="preview" { "Read it (preview)" }
        }
    }
}

pub async fn form(ctx: Ctx) -> Response {
    if let Err(e) = auth::require(&ctx.who, Role::Editor) {
        return ctx.page_status(
            e.status(),
            "Submit a bulletin",
            "/submit",
            html! {
                div.card { p { "Submitting needs an editor's token. " a href="/login" { "Sign in" } } }
            },
        );
    }
    let body = submit_form(&ctx, "", "", "");
    ctx.page("Submit a bulletin", "/submit", body)
}

/// The submit form's fields, read from multipart so an upload works without JavaScript.
#[derive(Debug, Default)]
struct Fields {
    csrf: String,
    text: String,
    name: String,
    date: String,
    action: String,
}

async fn read_fields(mut mp: Multipart) -> Result<Fields, ApiError> {
    let mut f = Fields::default();
    let bad = |e: axum::extract::multipart::MultipartError| crate::error::from_rejection(e.status(), e.body_text(), crate::BODY_LIMIT);
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                let bytes = field.bytes().await.map_err(bad)?;
                if !bytes.is_empty() {
                    // Decoded like any bulletin file (UTF-8, else Windows-1252, HTML stripped).
                    f.text = truce_extract::decode(&bytes).map_err(|e| ApiError::Invalid(format!("file: {e}")))?;
                }
            }
            "text" if f.text.is_empty() => f.text = field.text().await.map_err(bad)?,
            "csrf" => f.csrf = field.text().await.map_err(bad)?,
            "name" => f.name = field.text().await.map_err(bad)?,
            "date" => f.date = field.text().await.map_err(bad)?,
            "action" => f.action = field.text().await.map_err(bad)?,
            _ => {}
        }
    }
    Ok(f)
}

pub async fn post(State(s): State<AppState>, ctx: Ctx, headers: HeaderMap, mp: Multipart) -> Response {
    let f = match read_fields(mp).await {
        Ok(f) => f,
        Err(e) => return ctx.error(e),
    };
    if !csrf_ok(&headers, &f.csrf) {
        return csrf_refused(&ctx);
    }
    let who = match auth::require(&ctx.who, Role::Editor) {
        Ok(i) => i.name.clone(),
        Err(e) => return ctx.error(e),
    };
    if f.text.trim().is_empty() {
        return ctx.error(ApiError::Invalid("paste a bulletin or choose a file".into()));
    }
    let date = match f.date.trim() {
        "" => None,
        d => match d.parse::<ReportDay>() {
            Ok(d) => Some(d),
            Err(_) => return ctx.error(ApiError::BadRequest(format!("report day {d:?} is not YYYY-MM-DD or YYYY-MM"))),
        },
    };
    let save = f.action == "save";
    let req = SubmitBulletin { text: f.text.clone(), name: Some(f.name.clone()).filter(|n| !n.trim().is_empty()), date, lang: None, dry_run: !save };
    let out = match submit_bulletin(&s, &who, req).await {
        Ok(o) => o,
        Err(e) => return ctx.error(e),
    };
    let ex = &out.extraction;
    let day = ex.doc.published;
    let claims_table = html! {
        table {
            tr { th { "Metric" } th { "Value" } th { "Window" } th { "Places" } th { "Evidence" } }
            @for c in &ex.claims {
                tr {
                    td { (locale::metric_label(c.metric, truce_views::Language::En)) }
                    td.num { (c.value.map(|v| locale::number(v, truce_views::Language::En)).unwrap_or_else(|| "—".into())) }
                    td { (c.window.kind()) }
                    td { @for (i, p) in c.places.iter().enumerate() {
                        @if i > 0 { ", " }
                        @if let Some(canon) = &p.canonical { (canon) } @else { (p.name) }
                        @if p.id.is_none() { span.mark title="not linked to the gazetteer" { @if p.candidates.is_empty() { "unlinked" } @else { "ambiguous" } } }
                    } }
                    td.evidence { (c.evidence) }
                }
            }
        }
    };
    let body = if save {
        html! {
            div.card {
                @match (out.outcome.as_str(), out.document) {
                    ("stored", Some(d)) => { p { "Stored as " a href={ "/documents/" (d) } { "document " (d) } " with " (ex.claims.len()) " claims, attributed to " (who) "." } }
                    (_, Some(d)) => { p { "These exact bytes were stored before, as " a href={ "/documents/" (d) } { "document " (d) } "; nothing was added." } }
                    _ => { p { "Nothing was stored." } }
                }
                @if let Some(d) = day { p { a href={ "/?date=" (d.anchor()) } { "See the overview of " (d) } } }
            }
            (claims_table)
        }
    } else {
        html! {
            div.card {
                p { strong { (ex.claims.len()) " claims" } " read; report day " (day.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into()))
                    ", reporter " (ex.doc.reporter.clone().unwrap_or_else(|| "unknown".into())) ". Nothing is stored until you save." }
                @for w in &ex.warnings { p.note { "⚠ " (w.message) } }
                form method="post" action="/submit" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(ctx.csrf);
                    input type="hidden" name="text" value=(f.text);
                    input type="hidden" name="name" value=(f.name);
                    input type="hidden" name="date" value=(f.date);
                    button type="submit" name="action" value="save" { "Save to the ledger" }
                }
            }
            (claims_table)
            h2 { "Edit and read again" }
            (submit_form(&ctx, &f.text, &f.name, &f.date))
        }
    };
    ctx.page(if save { "Bulletin submitted" } else { "Preview" }, "/submit", body)
}
