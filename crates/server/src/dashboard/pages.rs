//! The dashboard's read-only pages. Each handler asks the views on a
//! reader connection and renders the result; no figure is computed here.

use super::{Ctx, svg};
use crate::AppState;
use crate::api::{self, ClaimParams};
use crate::error::ApiError;
use crate::map;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use truce_ledger::{ClaimDetail, ClaimId, DocId, LedgerStore, Page, StoredClaim};
use truce_model::{Claim, Date, Metric, ReasonRole};
use truce_views::figure::Figure;
use truce_views::locale;
use truce_views::{Language, ViewQuery};

const EN: Language = Language::En;

/// The newest valid day in the ledger: what the overview and map open on.
fn latest_day(l: &dyn LedgerStore) -> Result<Option<Date>, ApiError> {
    Ok(l.latest_day()?)
}

fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

async fn chosen_day(s: &AppState, date: &Option<String>) -> Result<Date, ApiError> {
    match opt(date) {
        Some(d) => api::parse_date("date", d),
        None => Ok(s.store.read(latest_day).await?.unwrap_or_else(|| jiff::Zoned::now().date())),
    }
}

fn fmt_value(v: Option<f64>) -> String {
    v.map(|v| locale::number(v, EN)).unwrap_or_else(|| "—".into())
}

fn figure_cell(f: &Option<Figure>) -> Markup {
    html! {
        (fmt_value(f.as_ref().and_then(Figure::value)))
        @if let Some(f) = f {
            @if f.disagrees() { span.mark title="sources give different values" { "disputed" } }
            @if f.unreviewed() { span.mark title="rests only on unreviewed automatic claims" { "unreviewed" } }
        }
    }
}

fn change(v: Option<f64>) -> Markup {
    match v {
        Some(c) if c > 0.0 => html! { span.change.up { "▲ +" (locale::number(c, EN)) } },
        Some(c) if c < 0.0 => html! { span.change.down { "▼ " (locale::number(c, EN)) } },
        Some(_) => html! { span.change.flat { "= no change" } },
        None => html! { span.change.flat { "no comparison" } },
    }
}

fn day_bar(path: &str, day: Date) -> Markup {
    let link = |d: i64| truce_views::shift(day, d).map(|x| format!("{path}?date={x}"));
    html! {
        form.datebar method="get" action=(path) {
            @if let Some(h) = link(-7) { a href=(h) { "« week" } }
            @if let Some(h) = link(-1) { a href=(h) { "‹ day" } }
            input type="date" name="date" value=(day) onchange="this.form.submit()";
            button type="submit" { "Show" }
            @if let Some(h) = link(1) { a href=(h) { "day ›" } }
            @if let Some(h) = link(7) { a href=(h) { "week »" } }
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DateParams {
    pub date: Option<String>,
    pub locality: Option<String>,
}

/// Charts on the overview: the metrics a monitoring cell follows daily.
const CHARTED: [Metric; 2] = [Metric::LocalitiesJoinedCeasefire, Metric::CeasefireViolations];

pub async fn overview(State(s): State<AppState>, ctx: Ctx, Query(p): Query<DateParams>) -> Response {
    let day = match chosen_day(&s, &p.date).await {
        Ok(d) => d,
        Err(e) => return ctx.error(e),
    };
    let from = truce_views::shift(day, -59);
    let res = s
        .store
        .read(move |l| {
            let q = ViewQuery::default();
            let report = truce_views::report::daily_report(l, day, &q)?;
            let mut charts = Vec::new();
            for m in CHARTED {
                let series = truce_views::series::series(l, m, &truce_views::series::Scope::Country, from, Some(day), &q)?;
                if series.points.iter().any(|p| p.daily.is_some() || p.stated_total.is_some()) {
                    charts.push(truce_views::svg::series_svg(&series, EN));
                }
            }
            Ok((report, charts, l.stats()?))
        })
        .await;
    let (report, charts, stats) = match res {
        Ok(r) => r,
        Err(e) => return ctx.error(e),
    };
    let body = html! {
        (day_bar("/", day))
        p.note { (stats.documents) " documents, " (stats.claims) " claims in the ledger." }
        @if report.metrics.is_empty() {
            div.card { "No figures for " (day) ". Move the date, or " a href="/submit" { "submit a bulletin" } "." }
        }
        div.grid {
            @for m in &report.metrics {
                div.figure {
                    div.label { (locale::metric_label(m.metric, EN)) }
                    div.value { (figure_cell(&m.day)) }
                    div { "vs day before: " (fmt_value(m.previous_day.as_ref().and_then(Figure::value))) " " (change(m.day_change)) }
                    div.note { "running total: " (figure_cell(&m.total)) " " (change(m.total_change)) }
                    a href={ "/claims?metric=" (m.metric.as_str()) "&from=" (day) "&to=" (day) } { "claims" }
                }
            }
        }
        @if !report.agreements.is_empty() {
            h2 { "Localities joining the ceasefire" }
            table {
                tr { th { "Governorate" } th { "Localities" } }
                @for g in &report.agreements {
                    tr {
                        td { (g.governorate.map(|g| locale::governorate(g, EN)).unwrap_or("—")) }
                        td { @for (i, loc) in g.localities.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href={ "/map?date=" (day) "&locality=" (loc.id.clone().unwrap_or_else(|| loc.name.clone())) } { (loc.name) }
                        } }
                    }
                }
            }
        }
        @if !charts.is_empty() {
            h2 { "Last 60 days" }
            div.charts { @for c in charts { div.card { (svg(c)) } } }
        }
    };
    ctx.page(&format!("Overview of {day}"), "/", body)
}

pub async fn map(State(s): State<AppState>, ctx: Ctx, Query(p): Query<DateParams>) -> Response {
    let day = match chosen_day(&s, &p.date).await {
        Ok(d) => d,
        Err(e) => return ctx.error(e),
    };
    // The same view as /api/status, cached apart (a value, not JSON).
    let view = match s
        .store
        .cached(format!("status-view {day}"), move |l| {
            let v = truce_views::status::status(l, day, &ViewQuery::default())?;
            let weight = v.localities.iter().map(|l| 256 + (1 + l.joined_again.len()) * 256).sum();
            Ok((v, weight))
        })
        .await
    {
        Ok(v) => v,
        Err(e) => return ctx.error(e),
    };
    let base = map::basemap();
    let selected = opt(&p.locality).and_then(|k| view.localities.iter().find(|l| l.key == k));
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in &view.localities {
        *counts.entry(l.status()).or_default() += 1;
    }
    let h = base.projection.height;
    let svg_markup = html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (map::WIDTH) " " (format!("{h:.0}")) } role="img" aria-label={ "Localities by status on " (day) } {
            @for o in &base.outlines {
                a href={ "/claims?governorate=" (o.pcode) } { path.gov d=(o.path) { title { (o.name) } } }
            }
            @for o in &base.outlines { text.govlabel x=(format!("{:.0}", o.label.0)) y=(format!("{:.0}", o.label.1)) { (o.name) } }
            @for l in &view.localities {
                @if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
                    @let (x, y) = base.projection.xy(lon, lat);
                    a href={ "/map?date=" (day) "&locality=" (l.key) "#history" } {
                        circle.loc class=[(selected.is_some_and(|s| s.key == l.key)).then_some("selected")] cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="5" fill=(map::status_colour(l.status())) {
                            title { (l.name) " — " (l.status().replace('_', " ")) }
                        }
                    }
                }
            }
        }
    };
    let unplaced = view.localities.iter().filter(|l| l.lat.is_none()).count();
    let body = html! {
        (day_bar("/map", day))
        div.mapwrap {
            div { (svg_markup) }
            div.side {
                div.card.legend {
                    @for st in ["joined", "liberated", "under_negotiation"] {
                        span style={ "background:" (map::status_colour(st)) } {} (st.replace('_', " ")) " (" (counts.get(st).copied().unwrap_or(0)) ")"
                    }
                    @if unplaced > 0 { p.note { (unplaced) " localities without coordinates are not drawn." } }
                }
                div.card #history {
                    @if let Some(l) = selected {
                        h2 { (l.name) }
                        p { "Status on " (day) ": " strong { (l.status().replace('_', " ")) } }
                        @if let Some(g) = l.governorate { p.note { (locale::governorate(g, EN)) @if let Some(d) = &l.district { " · " (d) } } }
                        @for (label, e) in l.negotiating.iter().map(|e| ("under negotiation", e)).chain(l.joined.iter().map(|e| ("joined", e))).chain(l.joined_again.iter().map(|e| ("joined again", e))).chain(l.liberated.iter().map(|e| ("liberated", e))) {
                            p { strong { (e.date) } " — " (label) " · " a href={ "/claims/" (e.claim) } { "claim " (e.claim) } " · " (e.review) }
                            blockquote { (e.evidence) }
                        }
                        p { a href={ "/claims?locality=" (l.key) "&include_superseded=true" } { "All claims naming " (l.name) } }
                    } @else {
                        p.note { "Click a locality to see its history." }
                    }
                }
            }
        }
    };
    ctx.page(&format!("Map on {day}"), "/map", body)
}

fn claim_row(c: &StoredClaim) -> Markup {
    let places: Vec<String> = c.claim.places.iter().map(|p| p.canonical.clone().unwrap_or_else(|| p.name.clone())).collect();
    let evidence: String = c.claim.evidence.chars().take(160).collect();
    html! {
        tr {
            td { a href={ "/claims/" (c.id) } { (c.id) } }
            td { (c.valid.map(|v| v.to_string()).unwrap_or_default()) }
            td { (locale::metric_label(c.claim.metric, EN)) }
            td.num { (fmt_value(c.claim.value)) }
            td { (c.claim.window.kind()) }
            td { (places.join(", ")) }
            td { (c.reporter.clone().unwrap_or_default()) }
            td { (c.review) @if c.superseded_by.is_some() { span.mark { "corrected" } } }
            td.evidence {
                @if let Some(d) = c.document { a href={ "/documents/" (d) "?claim=" (c.id) "#evidence" } { (evidence) } }
                @else { (evidence) }
            }
        }
    }
}

pub async fn claims(State(s): State<AppState>, ctx: Ctx, Query(p): Query<ClaimParams>) -> Response {
    let filter = match p.filter() {
        Ok(f) => f,
        Err(e) => return ctx.error(e),
    };
    let page = match s.store.read(move |l| api::claim_page(l, filter)).await {
        Ok(x) => x,
        Err(e) => return ctx.error(e),
    };
    let with_offset = |off: u64| {
        let mut q = p.clone();
        q.offset = Some(off.to_string());
        format!("/claims?{}", serde_urlencoded_lite(&q))
    };
    let v = |o: &Option<String>| o.clone().unwrap_or_default();
    let body = html! {
        form.filters method="get" action="/claims" {
            label { "Metric" select name="metric" {
                option value="" { "any" }
                @for m in Metric::ALL { option value=(m.as_str()) selected[p.metric.as_deref() == Some(m.as_str())] { (locale::metric_label(m, EN)) } }
            } }
            label { "Governorate" select name="governorate" {
                option value="" { "any" }
                @for g in truce_model::Governorate::ALL { option value=(g.pcode()) selected[p.governorate.as_deref() == Some(g.pcode())] { (g.name_en()) } }
            } }
            label { "Locality" input name="locality" value=(v(&p.locality)) size="14"; }
            label { "Reporter" input name="reporter" value=(v(&p.reporter)) size="10"; }
            label { "Review" select name="review" {
                option value="" { "any" }
                @for r in truce_ledger::ReviewState::ALL { option value=(r.as_str()) selected[p.review.as_deref() == Some(r.as_str())] { (r) } }
            } }
            label { "From" input type="date" name="from" value=(v(&p.from)); }
            label { "To" input type="date" name="to" value=(v(&p.to)); }
            button type="submit" { "Filter" }
            a href="/claims" { "clear" }
        }
        @if page.claims.is_empty() { div.card { "No claim matches." } } @else {
            table {
                tr { th { "#" } th { "Day" } th { "Metric" } th { "Value" } th { "Window" } th { "Places" } th { "Reporter" } th { "Review" } th { "Evidence" } }
                @for c in &page.claims { (claim_row(c)) }
            }
        }
        div.pager {
            @if page.offset > 0 { a href=(with_offset(page.offset.saturating_sub(page.limit))) { "‹ previous" } }
            span.note { "claims " (page.offset + 1) "–" (page.offset + page.claims.len() as u64) }
            @if let Some(n) = page.next_offset { a href=(with_offset(n)) { "next ›" } }
        }
    };
    ctx.page("Claims", "/claims", body)
}

/// The query string of a claims filter (only the fields that are set).
fn serde_urlencoded_lite(p: &ClaimParams) -> String {
    let v = serde_json::to_value(p).unwrap_or_default();
    v.as_object()
        .map(|o| o.iter().filter_map(|(k, v)| v.as_str().filter(|s| !s.is_empty()).map(|s| format!("{k}={}", encode(s)))).collect::<Vec<_>>().join("&"))
        .unwrap_or_default()
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The claim's evidence with each reason's cue marked: `<mark>` with the
/// role as its class and title. A cue is marked only where
/// `Reason::within_evidence` finds it (its span inside the claim's and the
/// evidence's very text there), so a stale or hostile reason marks nothing,
/// and only when it does not overlap a cue marked before it, since marks
/// cannot cross. Every piece is escaped by maud.
fn evidence_with_cues(c: &Claim) -> Markup {
    let mut cues: Vec<(Range<usize>, ReasonRole)> = c.reasons.iter().filter_map(|r| Some((r.within_evidence(c)?, r.role))).collect();
    cues.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    // Plain text and marked cues, in order.
    let mut pieces: Vec<(&str, Option<ReasonRole>)> = Vec::new();
    let mut at = 0;
    for (r, role) in cues {
        if r.start < at {
            continue;
        }
        let (Some(before), Some(cue)) = (c.evidence.get(at..r.start), c.evidence.get(r.clone())) else {
            continue;
        };
        pieces.push((before, None));
        pieces.push((cue, Some(role)));
        at = r.end;
    }
    pieces.push((c.evidence.get(at..).unwrap_or_default(), None));
    html! {
        blockquote.evidence {
            @for (text, role) in pieces {
                @if let Some(role) = role {
                    mark class=(role.as_str()) title=(role.as_str()) { (text) }
                } @else {
                    (text)
                }
            }
        }
    }
}

pub async fn claim(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<ClaimId>() else { return ctx.error(ApiError::NotFound("no such claim".into())) };
    match s.store.read(move |l| Ok(l.claim_detail(id)?)).await {
        Ok(Some(ClaimDetail { claim: c, history: hist })) => {
            let body = html! {
                table { (claim_row(&c)) }
                div.card {
                    p { "Recorded " (c.recorded_at) " by " (c.recorded_by) }
                    @if let Some(o) = c.supersedes { p { "Corrects " a href={ "/claims/" (o) } { "claim " (o) } } }
                    @if let Some(n) = c.superseded_by { p { "Corrected by " a href={ "/claims/" (n) } { "claim " (n) } } }
                    @if let Some(n) = &c.note { p { "Note: " (n) } }
                    (evidence_with_cues(&c.claim))
                    @if let Some(d) = c.document { p { a href={ "/documents/" (d) "?claim=" (c.id) "#evidence" } { "See it in its document" } } }
                }
                @if !c.claim.reasons.is_empty() {
                    h2 { "Why it was read this way" }
                    ul.reasons {
                        @for r in &c.claim.reasons {
                            li {
                                strong { (r.role) } ": «" (r.cue) "»"
                                @if r.within_evidence(&c.claim).is_none() {
                                    " " span.note { "(not at its place in the evidence)" }
                                }
                            }
                        }
                    }
                }
                @if !hist.is_empty() {
                    h2 { "Review history" }
                    table { tr { th { "When" } th { "State" } th { "By" } th { "Note" } }
                        @for e in &hist { tr { td { (e.at) } td { (e.state) } td { (e.by) } td { (e.note.clone().unwrap_or_default()) } } } }
                }
            };
            ctx.page(&format!("Claim {id}"), "/claims", body)
        }
        Ok(None) => ctx.error(ApiError::NotFound(format!("no claim {id}"))),
        Err(e) => ctx.error(e),
    }
}

pub async fn documents(State(s): State<AppState>, ctx: Ctx) -> Response {
    match s.store.read(|l| Ok(l.documents(Page { limit: 200, offset: 0 })?)).await {
        Ok(docs) => ctx.page(
            "Documents",
            "/documents",
            html! {
                table {
                    tr { th { "#" } th { "Name" } th { "Day" } th { "Reporter" } th { "Lang" } th { "Claims" } th { "Version" } th { "Recorded" } }
                    @for d in &docs {
                        tr {
                            td { a href={ "/documents/" (d.id) } { (d.id) } }
                            td { a href={ "/documents/" (d.id) } { (d.doc.id) } }
                            td { (d.doc.published.map(|p| p.to_string()).unwrap_or_default()) }
                            td { (d.doc.reporter.clone().unwrap_or_default()) }
                            td { (d.doc.lang.map(|l| format!("{l:?}")).unwrap_or_default()) }
                            td.num { (d.claim_count) }
                            td.num { (d.version) }
                            td { (d.recorded_at.strftime("%Y-%m-%d %H:%M")) " · " (d.recorded_by) }
                        }
                    }
                }
            },
        ),
        Err(e) => ctx.error(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct DocParams {
    pub claim: Option<String>,
}

pub async fn document(State(s): State<AppState>, ctx: Ctx, Path(id): Path<String>, Query(p): Query<DocParams>) -> Response {
    let Ok(id) = id.parse::<DocId>() else { return ctx.error(ApiError::NotFound("no such document".into())) };
    let claim_id = opt(&p.claim).and_then(|c| c.parse::<ClaimId>().ok());
    let res = s
        .store
        .read(move |l| {
            let Some(doc) = l.document(id)? else { return Ok(None) };
            let filter = truce_ledger::ClaimFilter { document: Some(id), include_superseded: true, limit: Some(500), ..Default::default() };
            let claims = l.claims(&filter)?;
            let chosen = match claim_id {
                Some(c) => l.claim(c)?,
                None => None,
            };
            Ok(Some((doc, claims, chosen)))
        })
        .await;
    let (doc, claims, chosen) = match res {
        Ok(Some(x)) => x,
        Ok(None) => return ctx.error(ApiError::NotFound(format!("no document {id}"))),
        Err(e) => return ctx.error(e),
    };
    // The highlight uses the claim's span, checked against the text so a
    // bad span shows the text plain rather than failing.
    let text = &doc.text;
    let span = chosen
        .as_ref()
        .filter(|c| c.document == Some(id))
        .and_then(|c| c.claim.span)
        .filter(|sp| sp.start < sp.end && sp.end <= text.len() && text.is_char_boundary(sp.start) && text.is_char_boundary(sp.end));
    let body = html! {
        p.note {
            (doc.info.doc.reporter.clone().unwrap_or_default()) " · " (doc.info.doc.published.map(|p| p.to_string()).unwrap_or_default())
            " · version " (doc.info.version) " · " (doc.info.claim_count) " claims · recorded by " (doc.info.recorded_by)
        }
        @if let Some(c) = &chosen { @if span.is_none() { p.note { "Claim " (c.id) " has no position in this text; its evidence: " span.evidence { (c.claim.evidence) } } } }
        pre.doc {
            @if let Some(sp) = span {
                (&text[..sp.start]) mark #evidence { (&text[sp.start..sp.end]) } (&text[sp.end..])
            } @else { (text) }
        }
        h2 { "Claims read from it" }
        table {
            tr { th { "#" } th { "Day" } th { "Metric" } th { "Value" } th { "Window" } th { "Places" } th { "Reporter" } th { "Review" } th { "Evidence" } }
            @for c in &claims { (claim_row(c)) }
        }
    };
    ctx.page(&format!("Document {id}: {}", doc.info.doc.id), "/documents", body)
}

#[derive(Debug, Deserialize)]
pub struct AuditPage {
    pub from: Option<String>,
    pub to: Option<String>,
}

pub async fn audit(State(s): State<AppState>, ctx: Ctx, Query(p): Query<AuditPage>) -> Response {
    let to = match chosen_day(&s, &p.to).await {
        Ok(d) => d,
        Err(e) => return ctx.error(e),
    };
    let from = match opt(&p.from) {
        Some(f) => f.to_owned(),
        None => truce_views::shift(to, -30).unwrap_or(to).to_string(),
    };
    let (from, to) = match api::audit_range(&from, &to.to_string()) {
        Ok(r) => r,
        Err(e) => return ctx.error(e),
    };
    let findings = match s.store.read(move |l| Ok(truce_views::audit::audit(l, from, to, &ViewQuery::default())?)).await {
        Ok(f) => f,
        Err(e) => return ctx.error(e),
    };
    let body = html! {
        form.filters method="get" action="/audit" {
            label { "From" input type="date" name="from" value=(from); }
            label { "To" input type="date" name="to" value=(to); }
            button type="submit" { "Audit" }
        }
        p.note { (findings.len()) " findings between " (from) " and " (to) "." }
        @for f in &findings {
            div.card.finding class=[(f.severity == truce_model::Severity::Error).then_some("error")] {
                p { strong { (f.kind.as_str().replace('_', " ")) } " · " (f.day.map(|d| d.to_string()).unwrap_or_default())
                    @if let Some(m) = f.metric { " · " (locale::metric_label(m, EN)) } }
                p { (f.message) }
                @for c in &f.claims {
                    p.note {
                        a href={ "/claims/" (c.id) } { "claim " (c.id) } " · " (c.reporter.clone().unwrap_or_default()) " · " (c.day.map(|d| d.to_string()).unwrap_or_default()) " · value " (fmt_value(c.value))
                        @if let Some(d) = c.document { " · " a href={ "/documents/" (d) "?claim=" (c.id) "#evidence" } { "in its document" } }
                    }
                    blockquote { (c.evidence) }
                }
            }
        }
    };
    ctx.page("Audit", "/audit", body)
}

#[derive(Debug, Deserialize)]
pub struct SearchPage {
    pub q: Option<String>,
}

pub async fn search(State(s): State<AppState>, ctx: Ctx, Query(p): Query<SearchPage>) -> Response {
    let q = opt(&p.q).map(str::to_owned).filter(|q| q.len() <= 500);
    let hits = match q.clone() {
        None => Vec::new(),
        Some(q) => match s.store.read(move |l| Ok(l.search(&q, 30)?)).await {
            Ok(h) => h,
            Err(e) => return ctx.error(e),
        },
    };
    let body = html! {
        form.filters method="get" action="/search" {
            input type="search" name="q" value=(q.clone().unwrap_or_default()) size="40" placeholder="words, all required";
            button type="submit" { "Search" }
        }
        @if q.is_some() && hits.is_empty() { div.card { "Nothing found." } }
        @for h in &hits {
            div.card {
                p { a href={ "/documents/" (h.document.id) } { (h.document.doc.id) } " · " span.note { (h.document.doc.published.map(|p| p.to_string()).unwrap_or_default()) " " (h.document.doc.reporter.clone().unwrap_or_default()) } }
                @for sn in &h.sentences { blockquote.evidence { (sn.text) } }
            }
        }
    };
    ctx.page("Search", "/search", body)
}
