//! The JSON API under `/api`: every handler carries its OpenAPI description
//! (`#[utoipa::path]`) and is registered with `utoipa_axum::routes!`, which
//! adds the route and its documentation in one step.
//!
//! Reads take query strings of plain strings, parsed here, so that a bad
//! value gets a message naming the parameter; bodies are read with
//! [`ApiJson`], which refuses unknown fields with a 4xx.

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody, from_rejection};
use crate::tokens::Role;
use crate::{AppState, BODY_LIMIT};
use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use truce_ledger::{
    ClaimDraft, ClaimFilter, ClaimId, ContentHash, DocId, IngestOutcome, LedgerStore, NewClaim, NewDocument, Page, ReviewState, Stamp, StoredClaim,
};
use truce_model::{Date, Extraction, Governorate, Lang, Metric, Place, ReportDay, Window};
use truce_views::ViewQuery;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(title = "truce", description = "Ceasefire bulletins as an auditable ledger of dated claims. Reads are public unless the server runs with --private; writes need `Authorization: Bearer <token>` (see `truce token create`)."),
    components(schemas(ErrorBody, Role)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

/// Every API route, each with its documentation.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(list_documents, submit_document))
        .routes(routes!(get_document))
        .routes(routes!(list_claims, record_claim))
        .routes(routes!(get_claim))
        .routes(routes!(correct_claim))
        .routes(routes!(review_claim))
        .routes(routes!(daily_report))
        .routes(routes!(series))
        .routes(routes!(status))
        .routes(routes!(audit))
        .routes(routes!(search))
        .routes(routes!(stats))
        .routes(routes!(create_token))
        .routes(routes!(healthz))
}

/// Unknown paths: a JSON 404 for the API, the same for anything else.
pub async fn not_found() -> ApiError {
    ApiError::NotFound("no such page".into())
}

// ------------------------------------------------------------ extractors

/// `Json<T>` whose rejections are our errors: invalid JSON is a 400, a
/// missing or unknown field a 422 naming it, a wrong content type a 415, a
/// body over the limit a 413 — never a 500.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(r) => Err(from_rejection(r.status(), r.body_text(), BODY_LIMIT)),
        }
    }
}

/// `Query<T>` whose rejections are 400s with the parameter named.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(r) => Err(ApiError::BadRequest(r.body_text())),
        }
    }
}

/// `Path<T>` whose rejections are 400s (a claim id that is not a number).
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> axum::extract::FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(r) => Err(ApiError::BadRequest(r.body_text())),
        }
    }
}

// ------------------------------------------------------------ parsing

/// An optional query value: absent and empty (an untouched form field) are both "none".
fn opt(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub fn parse_date(name: &str, s: &str) -> Result<Date, ApiError> {
    s.parse().map_err(|_| ApiError::BadRequest(format!("{name}: {s:?} is not a date (YYYY-MM-DD)")))
}

pub fn parse_metric(s: &str) -> Result<Metric, ApiError> {
    s.trim().parse::<Metric>().map_err(|e| ApiError::BadRequest(e.to_string()))
}

/// A governorate by p-code (SY02) or by its English or French name, as the CLI takes it.
pub fn parse_governorate(s: &str) -> Result<Governorate, ApiError> {
    Governorate::from_name_or_pcode(s).map_err(|e| ApiError::BadRequest(e.to_string()))
}

fn parse_known_at(s: &str) -> Result<jiff::Timestamp, ApiError> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t);
    }
    // A bare date means the end of that day, UTC, as on the command line.
    let d = parse_date("as_known_at", s)?;
    d.tomorrow()
        .ok()
        .and_then(|n| n.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .and_then(|z| z.timestamp().checked_sub(jiff::SignedDuration::from_micros(1)).ok())
        .ok_or_else(|| ApiError::BadRequest(format!("as_known_at: {s:?} is out of range")))
}

/// What every view takes: a reporter and a point in recorded time.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ViewParams {
    /// Only claims of this reporter (exact).
    pub reporter: Option<String>,
    /// The ledger as recorded at this time (RFC 3339, or a date meaning its end, UTC).
    pub as_known_at: Option<String>,
}

impl ViewParams {
    pub fn query(&self) -> Result<ViewQuery, ApiError> {
        Ok(ViewQuery { reporter: opt(&self.reporter).map(str::to_owned), as_known_at: opt(&self.as_known_at).map(parse_known_at).transpose()? })
    }
}

/// Claim filters, shared by the API and the dashboard's claims table.
#[derive(Debug, Default, Clone, Deserialize, Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClaimParams {
    /// A metric name (`localities_joined_ceasefire`, …).
    pub metric: Option<String>,
    /// A governorate p-code or name; Damascus includes Rural Damascus.
    pub governorate: Option<String>,
    /// A locality: written name, canonical name or gazetteer id.
    pub locality: Option<String>,
    /// Only claims of this reporter (exact).
    pub reporter: Option<String>,
    /// Review states, comma-separated (unreviewed, confirmed, disputed, rejected).
    pub review: Option<String>,
    /// Only claims of this document.
    pub document: Option<String>,
    /// First valid day (YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    /// Last valid day (YYYY-MM-DD), inclusive.
    pub to: Option<String>,
    /// The ledger as recorded at this time.
    pub as_known_at: Option<String>,
    /// Also claims that a correction superseded (`true`).
    pub include_superseded: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    pub limit: Option<String>,
    /// Claims to skip (default 0).
    pub offset: Option<String>,
}

pub const MAX_PAGE: u64 = 1000;

impl ClaimParams {
    pub fn filter(&self) -> Result<ClaimFilter, ApiError> {
        let num = |name: &str, v: &Option<String>| -> Result<Option<u64>, ApiError> {
            opt(v).map(|s| s.parse::<u64>().map_err(|_| ApiError::BadRequest(format!("{name}: {s:?} is not a whole number")))).transpose()
        };
        let limit = num("limit", &self.limit)?.unwrap_or(100);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::BadRequest(format!("limit: between 1 and {MAX_PAGE}")));
        }
        let provinces = match opt(&self.governorate) {
            None => Vec::new(),
            Some(g) => {
                let g = parse_governorate(g)?;
                Governorate::ALL.into_iter().filter(|o| o.same_as(g)).collect()
            }
        };
        let review = match opt(&self.review) {
            None => Vec::new(),
            Some(r) => r
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.parse::<ReviewState>().map_err(|e| ApiError::BadRequest(format!("review: {e}"))))
                .collect::<Result<_, _>>()?,
        };
        let document = opt(&self.document).map(|d| d.parse::<DocId>().map_err(|e| ApiError::BadRequest(format!("document: {e}")))).transpose()?;
        Ok(ClaimFilter {
            metric: opt(&self.metric).map(parse_metric).transpose()?,
            provinces,
            place: opt(&self.locality).map(str::to_owned),
            reporter: opt(&self.reporter).map(str::to_owned),
            document,
            review,
            valid_from: opt(&self.from).map(|s| parse_date("from", s)).transpose()?,
            valid_to: opt(&self.to).map(|s| parse_date("to", s)).transpose()?,
            as_known_at: opt(&self.as_known_at).map(parse_known_at).transpose()?,
            include_superseded: matches!(opt(&self.include_superseded), Some("true" | "1" | "on" | "yes")),
            limit: Some(limit),
            offset: num("offset", &self.offset)?.unwrap_or(0),
            ..ClaimFilter::default()
        })
    }
}

/// Claims of one page, and where the next page starts.
#[derive(Debug, Serialize)]
pub struct ClaimPage {
    pub claims: Vec<StoredClaim>,
    pub limit: u64,
    pub offset: u64,
    /// The `offset` of the next page; absent on the last page.
    pub next_offset: Option<u64>,
}

/// One page of claims: asks for one more than the page to know whether
/// another follows, rather than counting every match (slow on a big ledger).
pub fn claim_page(ledger: &dyn LedgerStore, mut filter: ClaimFilter) -> Result<ClaimPage, ApiError> {
    let limit = filter.limit.unwrap_or(100);
    let offset = filter.offset;
    filter.limit = Some(limit + 1);
    let mut claims = ledger.claims(&filter)?;
    let more = claims.len() as u64 > limit;
    claims.truncate(limit as usize);
    Ok(ClaimPage { claims, limit, offset, next_offset: more.then_some(offset + limit) })
}

// ------------------------------------------------------------ documents

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 1000 (default 100).
    pub limit: Option<u64>,
    /// Items to skip.
    pub offset: Option<u64>,
}

/// Stored documents, newest first.
#[utoipa::path(get, path = "/api/documents", tag = "documents", params(PageParams),
    responses((status = 200, description = "Document summaries (no text)", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn list_documents(State(s): State<AppState>, ApiQuery(p): ApiQuery<PageParams>) -> Result<Response, ApiError> {
    let page = Page { limit: p.limit.unwrap_or(100).clamp(1, MAX_PAGE), offset: p.offset.unwrap_or(0) };
    let docs = s.store.read(move |l| Ok(l.documents(page)?)).await?;
    Ok(Json(docs).into_response())
}

/// One document with its text, boilerplate and reading warnings.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents", params(("id" = i64, Path, description = "Document id")),
    responses((status = 200, description = "The document", body = serde_json::Value), (status = 404, body = ErrorBody)))]
async fn get_document(State(s): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<Response, ApiError> {
    let doc = s.store.read(move |l| Ok(l.document(DocId(id))?)).await?;
    doc.map(|d| Json(d).into_response()).ok_or_else(|| ApiError::NotFound(format!("no document {id}")))
}

/// A bulletin to read and store.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitBulletin {
    /// The bulletin's text (plain text or HTML).
    pub text: String,
    /// A name for it (default: `submitted`); the same name with new text is a new version.
    pub name: Option<String>,
    /// Overrides the report day found in the text (YYYY-MM-DD or YYYY-MM).
    #[schema(value_type = Option<String>)]
    pub date: Option<ReportDay>,
    /// Overrides language detection (fr, en).
    #[schema(value_type = Option<String>)]
    pub lang: Option<Lang>,
    /// Read and return the claims without storing them.
    #[serde(default)]
    pub dry_run: bool,
}

/// What a submission gave.
#[derive(Debug, Serialize, ToSchema)]
pub struct Submitted {
    /// `stored`, `duplicate` (the same bytes were stored before) or `preview` (dry run).
    pub outcome: String,
    pub document: Option<i64>,
    pub version: Option<u32>,
    /// The claims read, with their places linked to the gazetteer.
    #[schema(value_type = Object)]
    pub extraction: Extraction,
}

/// Reads a submitted bulletin and, unless `dry_run`, stores it with its
/// claims, attributed to the token's name (editor or admin).
pub async fn submit(s: &AppState, by: &str, b: SubmitBulletin) -> Result<Submitted, ApiError> {
    let name = b.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).unwrap_or("submitted").to_owned();
    if name.len() > 200 {
        return Err(ApiError::Invalid("name: at most 200 bytes".into()));
    }
    let text = b.text;
    let (date, lang, dry_run) = (b.date, b.lang, b.dry_run);
    let reading_name = name.clone();
    // Extraction is CPU work: off the async threads too.
    let (decoded, extraction) = tokio::task::spawn_blocking(move || {
        truce_extract::read(text.as_bytes(), &truce_extract::Options { id: reading_name, date, lang }, Some(truce_places::Gazetteer::bundled()))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(|e| ApiError::Invalid(format!("text: {e}")))?;
    if dry_run {
        return Ok(Submitted { outcome: "preview".into(), document: None, version: None, extraction });
    }
    let stamp = Stamp::now(by);
    let source_key = format!("api:{name}");
    let hash = ContentHash::of(decoded.as_bytes());
    let (outcome, extraction) = s
        .store
        .write(move |l| {
            let doc = NewDocument { source_key: &source_key, source_path: None, hash, text: &decoded };
            let o = l.ingest(&doc, &extraction, &stamp)?;
            Ok((o, extraction))
        })
        .await?;
    Ok(match outcome {
        IngestOutcome::Stored { doc, version, claims } => {
            tracing::info!(by, document = doc.0, version, claims, "bulletin stored");
            Submitted { outcome: "stored".into(), document: Some(doc.0), version: Some(version), extraction }
        }
        IngestOutcome::Duplicate { existing } => Submitted { outcome: "duplicate".into(), document: Some(existing.0), version: None, extraction },
    })
}

/// Submit a bulletin's text: it is read (claims extracted, places linked),
/// returned, and stored unless `dry_run`. Needs an editor token.
#[utoipa::path(post, path = "/api/documents", tag = "documents", request_body = SubmitBulletin, security(("bearer" = [])),
    responses((status = 201, description = "Stored", body = Submitted), (status = 200, description = "Duplicate or dry run", body = Submitted),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn submit_document(State(s): State<AppState>, caller: Caller, ApiJson(b): ApiJson<SubmitBulletin>) -> Result<Response, ApiError> {
    let who = caller.require(Role::Editor)?.name.clone();
    let out = submit(&s, &who, b).await?;
    let status = if out.outcome == "stored" { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(out)).into_response())
}

// ------------------------------------------------------------ claims

// The claim as the API serves it, for the OpenAPI document only: handlers
// serve `StoredClaim`, `ClaimDetail` and `ClaimPage` through serde, and
// tests/api.rs checks that every field they serve is described here.

/// Byte offsets `[start, end)` into the document's decoded text.
#[derive(ToSchema)]
#[schema(as = Span)]
#[allow(dead_code)]
struct SpanDoc {
    start: u64,
    end: u64,
}

/// Which part of the claim a reason's cue decided.
#[derive(ToSchema)]
#[schema(as = ReasonRole)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum ReasonRoleDoc {
    Metric,
    Window,
    Value,
    Actor,
    Place,
    Breakdown,
}

/// Why the reader read the claim this way: a word or phrase of the document
/// that decided part of it ("accords" → metric, "au total" → window).
#[derive(ToSchema)]
#[schema(as = Reason)]
#[allow(dead_code)]
struct ReasonDoc {
    role: ReasonRoleDoc,
    /// The exact substring of the document's decoded text at `span`.
    cue: String,
    /// Where the cue sits in the document (the same offsets as the claim's
    /// `span`, not offsets into the evidence).
    span: SpanDoc,
}

/// A claim as the ledger keeps it: the fields of spec/claims.md, where it
/// came from, when it was recorded and by whom, and its review state.
#[derive(ToSchema)]
#[schema(as = Claim)]
#[allow(dead_code)]
struct ClaimDoc {
    id: i64,
    /// One of the metrics of spec/claims.md (`ceasefire_agreements`, …).
    metric: String,
    /// In the metric's unit; null where no count is written.
    value: Option<f64>,
    /// `{"kind":"day"}`, `{"kind":"total","since":"2016-02-27"}` or `{"kind":"date","date":"2016-03-01"}`.
    #[schema(value_type = Object)]
    window: serde_json::Value,
    actor: Option<String>,
    /// Places as written, with the gazetteer's id, name and coordinates once linked.
    #[schema(value_type = Vec<Object>)]
    places: Vec<serde_json::Value>,
    /// The exact substring of the document the claim was read from.
    evidence: String,
    /// Where `evidence` sits in the document; absent for words typed by hand.
    span: Option<SpanDoc>,
    /// The words that decided the claim; absent when there are none (a claim
    /// recorded or corrected by hand has none unless given).
    #[serde(default)]
    reasons: Vec<ReasonDoc>,
    /// The document it was read from; null for a claim recorded by hand.
    document: Option<i64>,
    reporter: Option<String>,
    /// The day (YYYY-MM-DD) or month (YYYY-MM) the figure speaks for.
    valid: Option<String>,
    /// When the ledger learnt it (RFC 3339).
    recorded_at: String,
    recorded_by: String,
    /// The claim this one corrects.
    supersedes: Option<i64>,
    /// The correction of this claim (as of `as_known_at`).
    superseded_by: Option<i64>,
    /// unreviewed, confirmed, disputed or rejected (as of `as_known_at`).
    review: String,
    note: Option<String>,
}

/// A claim with its review history, oldest first.
#[derive(ToSchema)]
#[schema(as = ClaimDetail)]
#[allow(dead_code)]
struct ClaimDetailDoc {
    #[serde(flatten)]
    claim: ClaimDoc,
    /// `{claim, state, by, at, note}` for each change of review state.
    #[schema(value_type = Vec<Object>)]
    history: Vec<serde_json::Value>,
}

/// One page of claims.
#[derive(ToSchema)]
#[schema(as = ClaimPage)]
#[allow(dead_code)]
struct ClaimPageDoc {
    claims: Vec<ClaimDoc>,
    limit: u64,
    offset: u64,
    /// The `offset` of the next page; absent on the last page.
    next_offset: Option<u64>,
}

/// Claims matching the filters, in (valid day, id) order, one page at a time.
#[utoipa::path(get, path = "/api/claims", tag = "claims", params(ClaimParams),
    responses((status = 200, description = "One page of claims", body = ClaimPageDoc), (status = 400, body = ErrorBody)))]
async fn list_claims(State(s): State<AppState>, ApiQuery(p): ApiQuery<ClaimParams>) -> Result<Response, ApiError> {
    let filter = p.filter()?;
    s.store.cached_json(format!("claims {filter:?}"), move |l| claim_page(l, filter)).await
}

/// One claim (superseded ones too) with its review history.
#[utoipa::path(get, path = "/api/claims/{id}", tag = "claims", params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "The claim and its review history", body = ClaimDetailDoc), (status = 404, body = ErrorBody)))]
async fn get_claim(State(s): State<AppState>, ApiPath(id): ApiPath<i64>) -> Result<Response, ApiError> {
    let id = ClaimId(id);
    let detail = s.store.read(move |l| Ok(l.claim_detail(id)?)).await?;
    detail.map(|d| Json(d).into_response()).ok_or_else(|| ApiError::NotFound(format!("no claim {id}")))
}

/// A place of a hand-recorded claim; it is linked to the gazetteer.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceInput {
    pub name: String,
    /// Governorate p-code (SY02).
    #[schema(value_type = Option<String>)]
    pub province: Option<Governorate>,
}

/// A claim recorded by hand, or a correction (where absent fields keep the corrected claim's values).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimInput {
    /// Required when recording; a correction keeps the old metric by default.
    #[schema(value_type = Option<String>)]
    pub metric: Option<Metric>,
    pub value: Option<f64>,
    /// `{"kind":"day"}`, `{"kind":"total","since":"2016-02-27"}` or `{"kind":"date","date":"2016-03-01"}`.
    #[schema(value_type = Option<Object>)]
    pub window: Option<Window>,
    pub actor: Option<String>,
    #[serde(default)]
    pub places: Vec<PlaceInput>,
    /// What the claim rests on (a field report's words).
    pub evidence: Option<String>,
    pub reporter: Option<String>,
    /// The day the figure speaks for (YYYY-MM-DD).
    #[schema(value_type = Option<String>)]
    pub valid: Option<ReportDay>,
    /// Why it was recorded.
    pub note: Option<String>,
}

/// The claim to store from what the caller sent, over `base` for a
/// correction (the rules are `ClaimDraft`'s, shared with the CLI); places
/// the caller names are linked to the gazetteer as extraction links them.
fn build_claim(input: ClaimInput, base: Option<&StoredClaim>) -> Result<NewClaim, ApiError> {
    let places = (!input.places.is_empty()).then(|| input.places.iter().map(|p| Place::mention(p.name.trim(), p.province)).collect());
    let draft = ClaimDraft {
        metric: input.metric,
        value: input.value,
        window: input.window,
        actor: input.actor,
        places,
        evidence: input.evidence,
        reporter: input.reporter,
        valid: input.valid,
        note: input.note,
    };
    Ok(draft.resolve(base, &mut |c| {
        truce_places::Gazetteer::bundled().link_claims(std::slice::from_mut(c));
    })?)
}

/// Records a claim by hand (editor). Answers the stored claim.
#[utoipa::path(post, path = "/api/claims", tag = "claims", request_body = ClaimInput, security(("bearer" = [])),
    responses((status = 201, description = "The stored claim", body = ClaimDoc), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn record_claim(State(s): State<AppState>, caller: Caller, ApiJson(input): ApiJson<ClaimInput>) -> Result<Response, ApiError> {
    let who = caller.require(Role::Editor)?.name.clone();
    let new = build_claim(input, None)?;
    let stamp = Stamp::now(&who);
    let stored = s
        .store
        .write(move |l| {
            let id = l.record(&new, &stamp)?;
            l.claim(id)?.ok_or_else(|| ApiError::internal("the claim just recorded is missing"))
        })
        .await?;
    tracing::info!(by = %who, claim = stored.id.0, "claim recorded");
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

/// Records a correction of claim `id` (editor); the old claim stays, superseded.
#[utoipa::path(post, path = "/api/claims/{id}/correction", tag = "claims", request_body = ClaimInput, security(("bearer" = [])),
    params(("id" = i64, Path, description = "The claim to correct")),
    responses((status = 201, description = "The correcting claim", body = ClaimDoc), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Already corrected", body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn correct_claim(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ClaimInput>,
) -> Result<Response, ApiError> {
    let who = caller.require(Role::Editor)?.name.clone();
    let stamp = Stamp::now(&who);
    let old = ClaimId(id);
    let stored = s
        .store
        .write(move |l| {
            let base = l.claim(old)?.ok_or(ApiError::NotFound(format!("no claim {old}")))?;
            let new = build_claim(input, Some(&base))?;
            let id = l.correct(old, &new, &stamp)?;
            l.claim(id)?.ok_or_else(|| ApiError::internal("the correction just recorded is missing"))
        })
        .await?;
    tracing::info!(by = %who, claim = id, correction = stored.id.0, "claim corrected");
    Ok((StatusCode::CREATED, Json(stored)).into_response())
}

/// A change of review state.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewInput {
    /// unreviewed, confirmed, disputed or rejected.
    #[schema(value_type = String)]
    pub state: ReviewState,
    pub note: Option<String>,
}

/// Sets claim `id`'s review state (editor); who, when and why are kept.
#[utoipa::path(post, path = "/api/claims/{id}/review", tag = "claims", request_body = ReviewInput, security(("bearer" = [])),
    params(("id" = i64, Path, description = "Claim id")),
    responses((status = 200, description = "The claim and its review history", body = ClaimDetailDoc), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn review_claim(
    State(s): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReviewInput>,
) -> Result<Response, ApiError> {
    let who = caller.require(Role::Editor)?.name.clone();
    let stamp = Stamp::now(&who);
    let id = ClaimId(id);
    let state = input.state;
    let detail = s
        .store
        .write(move |l| {
            l.review(id, input.state, input.note.as_deref(), &stamp)?;
            l.claim_detail(id)?.ok_or(ApiError::NotFound(format!("no claim {id}")))
        })
        .await?;
    tracing::info!(by = %who, claim = id.0, %state, "claim reviewed");
    Ok(Json(detail).into_response())
}

// ------------------------------------------------------------ views

/// The daily bulletin's figures for one day, with changes and totals.
#[utoipa::path(get, path = "/api/report/{date}", tag = "views", params(("date" = String, Path, description = "YYYY-MM-DD"), ViewParams),
    responses((status = 200, description = "The day's report", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn daily_report(State(s): State<AppState>, ApiPath(date): ApiPath<String>, ApiQuery(v): ApiQuery<ViewParams>) -> Result<Response, ApiError> {
    let date = parse_date("date", &date)?;
    let q = v.query()?;
    s.store.cached_json(format!("report {date} {q:?}"), move |l| Ok(truce_views::report::daily_report(l, date, &q)?)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SeriesParams {
    /// A governorate p-code or name (default: the whole country).
    pub governorate: Option<String>,
    /// A district p-code (SY0204).
    pub district: Option<String>,
    /// First day (YYYY-MM-DD).
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD).
    pub to: Option<String>,
    pub reporter: Option<String>,
    pub as_known_at: Option<String>,
}

pub fn scope_of(governorate: &Option<String>, district: &Option<String>) -> Result<truce_views::series::Scope, ApiError> {
    use truce_views::series::Scope;
    Ok(match (opt(governorate), opt(district)) {
        (Some(_), Some(_)) => return Err(ApiError::BadRequest("give governorate or district, not both".into())),
        (Some(g), None) => Scope::Governorate(parse_governorate(g)?),
        (None, Some(d)) => Scope::District(d.to_owned()),
        (None, None) => Scope::Country,
    })
}

/// Daily values and running totals of one metric.
#[utoipa::path(get, path = "/api/series/{metric}", tag = "views", params(("metric" = String, Path, description = "A metric name"), SeriesParams),
    responses((status = 200, description = "The series", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn series(State(s): State<AppState>, ApiPath(metric): ApiPath<String>, ApiQuery(p): ApiQuery<SeriesParams>) -> Result<Response, ApiError> {
    let metric = parse_metric(&metric)?;
    let scope = scope_of(&p.governorate, &p.district)?;
    let from = opt(&p.from).map(|d| parse_date("from", d)).transpose()?;
    let to = opt(&p.to).map(|d| parse_date("to", d)).transpose()?;
    let q = ViewParams { reporter: p.reporter, as_known_at: p.as_known_at }.query()?;
    let key = format!("series {metric} {scope:?} {from:?} {to:?} {q:?}");
    s.store.cached_json(key, move |l| Ok(truce_views::series::series(l, metric, &scope, from, to, &q)?)).await
}

/// Every locality's status (joined, liberated, under negotiation) as of a day.
#[utoipa::path(get, path = "/api/status/{date}", tag = "views", params(("date" = String, Path, description = "YYYY-MM-DD"), ViewParams),
    responses((status = 200, description = "Localities by status", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn status(State(s): State<AppState>, ApiPath(date): ApiPath<String>, ApiQuery(v): ApiQuery<ViewParams>) -> Result<Response, ApiError> {
    let date = parse_date("date", &date)?;
    let q = v.query()?;
    s.store.cached_json(format!("status {date} {q:?}"), move |l| Ok(truce_views::status::status(l, date, &q)?)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// First day (YYYY-MM-DD), required.
    pub from: String,
    /// Last day (YYYY-MM-DD), required; at most 366 days after `from`.
    pub to: String,
    pub reporter: Option<String>,
    pub as_known_at: Option<String>,
}

/// The longest audit range one request may ask for: bounds the work.
pub const MAX_AUDIT_DAYS: i64 = 366;

pub fn audit_range(from: &str, to: &str) -> Result<(Date, Date), ApiError> {
    let (f, t) = (parse_date("from", from)?, parse_date("to", to)?);
    if t < f {
        return Err(ApiError::BadRequest("to: before from".into()));
    }
    let days = (t - f).get_days() as i64;
    if days > MAX_AUDIT_DAYS {
        return Err(ApiError::BadRequest(format!("at most {MAX_AUDIT_DAYS} days per audit")));
    }
    Ok((f, t))
}

/// What does not add up between `from` and `to`, each finding with its claims' evidence.
#[utoipa::path(get, path = "/api/audit", tag = "views", params(AuditParams),
    responses((status = 200, description = "Findings", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn audit(State(s): State<AppState>, ApiQuery(p): ApiQuery<AuditParams>) -> Result<Response, ApiError> {
    let (from, to) = audit_range(&p.from, &p.to)?;
    let q = ViewParams { reporter: p.reporter, as_known_at: p.as_known_at }.query()?;
    s.store.cached_json(format!("audit {from} {to} {q:?}"), move |l| Ok(truce_views::audit::audit(l, from, to, &q)?)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, all required; case and accents do not matter. A word ending in `*` (3 letters or more) is a prefix: `Maar*` finds Maarest.
    pub q: String,
    /// At most this many documents (1 to 100, default 20).
    pub limit: Option<usize>,
}

/// Full-text search over stored documents, with matching sentences.
#[utoipa::path(get, path = "/api/search", tag = "documents", params(SearchParams),
    responses((status = 200, description = "Matching documents, newest first", body = serde_json::Value), (status = 400, body = ErrorBody)))]
async fn search(State(s): State<AppState>, ApiQuery(p): ApiQuery<SearchParams>) -> Result<Response, ApiError> {
    if p.q.len() > 500 {
        return Err(ApiError::BadRequest("q: at most 500 bytes".into()));
    }
    let limit = p.limit.unwrap_or(20).clamp(1, 100);
    let r = s.store.read(move |l| Ok(l.search(&p.q, limit)?)).await?;
    Ok(Json(r).into_response())
}

/// Counts of what the ledger holds.
#[utoipa::path(get, path = "/api/stats", tag = "views", responses((status = 200, description = "Counts", body = serde_json::Value)))]
async fn stats(State(s): State<AppState>) -> Result<Response, ApiError> {
    let r = s.store.read(|l| Ok(l.stats()?)).await?;
    Ok(Json(r).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedToken {
    pub name: String,
    pub role: Role,
    /// Shown once; only its hash is stored.
    pub token: String,
}

/// Creates a token (admin). The token is in the answer and nowhere else.
#[utoipa::path(post, path = "/api/tokens", tag = "auth", request_body = NewToken, security(("bearer" = [])),
    responses((status = 201, body = CreatedToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_token(State(s): State<AppState>, caller: Caller, ApiJson(t): ApiJson<NewToken>) -> Result<Response, ApiError> {
    let who = caller.require(Role::Admin)?.name.clone();
    let (name, role, by) = (t.name.clone(), t.role, who.clone());
    let token = s.store.tokens(move |t| Ok(t.create(&name, role, &by)?)).await?;
    tracing::info!(by = %who, name = %t.name, role = %t.role, "token created");
    Ok((StatusCode::CREATED, Json(CreatedToken { name: t.name, role: t.role, token })).into_response())
}

/// Liveness: answers `ok` without touching the ledger.
#[utoipa::path(get, path = "/healthz", tag = "auth", responses((status = 200, description = "ok", body = String)))]
async fn healthz() -> &'static str {
    "ok"
}
