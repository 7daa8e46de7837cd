//! The ledger on PostgreSQL: the same [`LedgerStore`] as the SQLite file,
//! for a deployment where several ingest workers and several servers share
//! one database.
//!
//! - [`PgLedger::open`] takes a `postgres://` URL, creates or upgrades the
//!   schema ([`schema`]) and refuses a newer one untouched.
//! - A document and its claims, places and search sentences are written in
//!   one transaction; the content hash is unique and inserted with
//!   `ON CONFLICT DO NOTHING`, so two workers given the same bytes store them
//!   once, and a killed worker's transaction leaves nothing behind.
//! - Bulk writes are one statement per table per document: arrays bound as
//!   parameters and expanded with `unnest`, whatever the number of claims.
//! - [`queue`] is the job table `truce worker` drains with
//!   `FOR UPDATE SKIP LOCKED`; [`migrate`] copies an SQLite ledger across.
//!
//! The client is synchronous (`postgres`, itself a thin blocking layer over
//! `tokio-postgres`), as the SQLite backend is: callers on an async runtime
//! move calls to blocking threads, as the server already does.

pub mod migrate;
pub mod queue;
pub mod schema;
pub mod side;
mod target;
#[doc(hidden)]
pub mod testing;

pub use target::LedgerTarget;

use jiff::Timestamp;
use jiff::civil::Date;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement, Transaction};
use std::cell::RefCell;
use std::ops::ControlFlow;
use truce_ledger::{
    ClaimFilter, ClaimId, DocId, DocumentInfo, Generation, IngestOutcome, LedgerError, LedgerStats, LedgerStore, NewClaim, NewDocument, Page, Result,
    ReviewEvent, ReviewState, SearchHit, Stamp, StoredClaim, StoredDocument, valid_of, validate_claim,
};
use truce_model::{Candidate, Claim, Diagnostic, Document, Extraction, Governorate, Lang, Metric, Place, PlaceKind, ReportDay, Span, Window};

/// Whether `s` names a PostgreSQL ledger rather than an SQLite file.
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A ledger in a PostgreSQL database.
///
/// One connection, used by one thread at a time (the trait's read methods
/// take `&self`, hence the `RefCell`); open one `PgLedger` per thread or
/// process, as workers do.
pub struct PgLedger {
    client: RefCell<Client>,
    /// Prepared statements by SQL text: without it every query costs an
    /// extra round trip to prepare, which was half the time of an ingest.
    cache: RefCell<Cache>,
    location: String,
}

/// Prepared statements of one connection, by their SQL.
pub(crate) type Cache = std::collections::HashMap<String, Statement>;

/// The statement for `sql`, prepared once per connection.
pub(crate) fn prep(c: &mut impl GenericClient, cache: &mut Cache, sql: &str) -> Result<Statement, postgres::Error> {
    if let Some(st) = cache.get(sql) {
        return Ok(st.clone());
    }
    let st = c.prepare(sql)?;
    cache.insert(sql.to_owned(), st.clone());
    Ok(st)
}

impl std::fmt::Debug for PgLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgLedger").field("location", &self.location).finish()
    }
}

/// Claims read from the server per round trip when streaming.
const FETCH: i32 = 2000;

impl PgLedger {
    /// Connects to `url`, creating the schema in an empty database and
    /// upgrading an older one.
    pub fn open(url: &str) -> Result<Self> {
        Self::open_at_version(url, schema::LATEST)
    }

    /// Opens (creating or upgrading) up to schema `version` only: what the
    /// migration tests use.
    #[doc(hidden)]
    pub fn open_at_version(url: &str, version: i64) -> Result<Self> {
        let location = redact(url);
        let mut client = Client::connect(url, NoTls).map_err(|e| Self::err_at(&location, e))?;
        schema::migrate_to(&mut client, &location, version)?;
        Ok(PgLedger { client: RefCell::new(client), cache: RefCell::new(Cache::new()), location })
    }

    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&mut *self.conn()?, &self.location)
    }

    /// The connection, for tests and tools that need plain SQL. Writes
    /// belong to [`LedgerStore`] methods, which keep the invariants.
    pub fn client(&mut self) -> &mut Client {
        self.client.get_mut()
    }

    /// The connection, or an error (not a panic) when a callback of
    /// [`LedgerStore::for_each_claim`] calls back into the same ledger
    /// while its rows are streaming.
    fn conn(&self) -> Result<std::cell::RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| {
            LedgerError::Invalid(format!("{}: the ledger is busy streaming claims; read it from another connection inside the loop", self.location))
        })
    }

    pub(crate) fn err_at(location: &str, e: postgres::Error) -> LedgerError {
        LedgerError::Server { location: location.to_owned(), source: Box::new(e) }
    }

    fn err(&self, e: postgres::Error) -> LedgerError {
        Self::err_at(&self.location, e)
    }

    fn corrupt(&self, what: impl Into<String>) -> LedgerError {
        LedgerError::Corrupt { location: self.location.clone(), what: what.into() }
    }

    /// Claim ids of one document in reading order.
    pub fn claim_ids_of(&self, doc: DocId) -> Result<Vec<ClaimId>> {
        let rows =
            self.conn()?.query("SELECT id FROM claims WHERE document_id = $1 AND supersedes IS NULL ORDER BY seq", &[&doc.0]).map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| ClaimId(r.get(0))).collect())
    }

    /// Stores a document inside the caller's transaction (the worker's, which
    /// also finishes the job there). Writes nothing for a duplicate.
    pub(crate) fn ingest_in(
        tx: &mut Transaction<'_>,
        cache: &mut Cache,
        location: &str,
        doc: &NewDocument<'_>,
        ex: &Extraction,
        stamp: &Stamp,
    ) -> Result<IngestOutcome> {
        for c in &ex.claims {
            validate_claim(c).map_err(|e| LedgerError::Invalid(format!("document {}: {e}", ex.doc.id)))?;
        }
        let err = |e| Self::err_at(location, e);
        let hash = doc.hash.to_hex();
        // Versions are numbered per source key: two workers storing new
        // content under one key take turns.
        // Like SQLite's `synchronous = NORMAL`: the commit does not wait for
        // the WAL to reach the disk. A server crash can lose the last
        // documents' commits, never tear one; a queued job is committed with
        // its document, so such a job is simply done again.
        tx.batch_execute("SET LOCAL synchronous_commit = off").map_err(err)?;
        let lock = prep(tx, cache, "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))").map_err(err)?;
        tx.execute(&lock, &[&doc.source_key]).map_err(err)?;
        let by_hash = prep(tx, cache, "SELECT id FROM documents WHERE hash = $1").map_err(err)?;
        if let Some(r) = tx.query_opt(&by_hash, &[&hash]).map_err(err)? {
            return Ok(IngestOutcome::Duplicate { existing: DocId(r.get(0)) });
        }
        let next_version = prep(tx, cache, "SELECT coalesce(max(version), 0) + 1 FROM documents WHERE source_key = $1").map_err(err)?;
        let version: i32 = tx.query_one(&next_version, &[&doc.source_key]).map_err(err)?.get(0);
        let boilerplate = serde_json::to_string(&ex.boilerplate).unwrap_or_else(|_| "[]".into());
        let warnings = serde_json::to_string(&ex.warnings).unwrap_or_else(|_| "[]".into());
        let lang = ex.doc.lang.map(|l| l.as_str());
        let published = ex.doc.published.map(|p| p.to_string());
        // The same bytes under another key, stored by another worker since
        // the check above: the insert waits for it, then does nothing.
        let insert_doc = prep(
            tx,
            cache,
            "INSERT INTO documents (source_key, version, hash, name, lang, published, reporter, source_path, text,
                 boilerplate, warnings, claim_count, recorded_at, recorded_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (hash) DO NOTHING RETURNING id",
        )
        .map_err(err)?;
        let inserted = tx
            .query_opt(
                &insert_doc,
                &[
                    &doc.source_key,
                    &version,
                    &hash,
                    &ex.doc.id,
                    &lang,
                    &published,
                    &ex.doc.reporter,
                    &doc.source_path,
                    &doc.text,
                    &boilerplate,
                    &warnings,
                    &(ex.claims.len() as i32),
                    &stamp.at,
                    &stamp.by,
                ],
            )
            .map_err(err)?;
        let Some(row) = inserted else {
            let r = tx.query_one(&by_hash, &[&hash]).map_err(err)?;
            return Ok(IngestOutcome::Duplicate { existing: DocId(r.get(0)) });
        };
        let id: i64 = row.get(0);
        let batch = ClaimBatch { document: Some(id), reporter: ex.doc.reporter.as_deref(), supersedes: None, note: None, with_seq: true };
        let claims: Vec<(&Claim, Option<ReportDay>)> = ex.claims.iter().map(|c| (c, valid_of(c, ex.doc.published))).collect();
        insert_claims(tx, cache, &claims, &batch, stamp).map_err(err)?;
        index_sentences(tx, cache, id, ex.doc.lang, doc.text).map_err(err)?;
        Ok(IngestOutcome::Stored { doc: DocId(id), version: version as u32, claims: ex.claims.len() })
    }

    fn finish_claim(&self, r: &Row, places: Vec<Place>) -> Result<StoredClaim> {
        let id: i64 = r.get(0);
        let metric: String = r.get(2);
        let metric: Metric = metric.parse().map_err(|e| self.corrupt(format!("claim {id}: {e}")))?;
        let kind: String = r.get(4);
        let window = match kind.as_str() {
            "day" => Window::Day,
            "total" => Window::Total { since: r.get(5) },
            "date" => Window::Date { date: r.get::<_, Option<Date>>(6).ok_or_else(|| self.corrupt(format!("claim {id}: date window without a date")))? },
            k => return Err(self.corrupt(format!("claim {id}: unknown window kind {k:?}"))),
        };
        let valid = match (r.get::<_, Option<Date>>(12), r.get::<_, bool>(13)) {
            (None, _) => None,
            (Some(d), true) => Some(ReportDay::Month { year: d.year(), month: d.month() }),
            (Some(d), false) => Some(ReportDay::Day(d)),
        };
        let span = match (r.get::<_, Option<i64>>(9), r.get::<_, Option<i64>>(10)) {
            (Some(a), Some(b)) if a >= 0 && b >= a => Some(Span::new(a as usize, b as usize)),
            _ => None,
        };
        let review: String = r.get(19);
        let review: ReviewState = review.parse().map_err(|_| self.corrupt(format!("claim {id}: review state {review:?}")))?;
        let (evidence, reasons) = (r.get::<_, String>(8), r.get::<_, Option<&str>>(20));
        let reasons = match reasons {
            Some(j) => truce_ledger::reasons::decode(j, &evidence, span).map_err(|e| self.corrupt(format!("claim {id}: {e}")))?,
            None => Vec::new(),
        };
        Ok(StoredClaim {
            id: ClaimId(id),
            claim: Claim { metric, value: r.get(3), window, actor: r.get(7), places, evidence, span, reasons },
            document: r.get::<_, Option<i64>>(1).map(DocId),
            reporter: r.get(11),
            valid,
            recorded_at: r.get(14),
            recorded_by: r.get(15),
            supersedes: r.get::<_, Option<i64>>(16).map(ClaimId),
            superseded_by: r.get::<_, Option<i64>>(18).map(ClaimId),
            review,
            note: r.get(17),
        })
    }

    /// The places of a batch of claims, by claim id, in their order.
    fn places_of(&self, c: &mut impl GenericClient, ids: &[i64]) -> Result<std::collections::HashMap<i64, Vec<Place>>> {
        if ids.is_empty() {
            return Ok(Default::default());
        }
        let st = prep(
            c,
            &mut self.cache.borrow_mut(),
            "SELECT claim_id, name, province, kind, place_id, canonical, district, lat, lon, score, candidates
             FROM claim_places WHERE claim_id = ANY($1) ORDER BY claim_id, ord",
        )
        .map_err(|e| self.err(e))?;
        let rows = c.query(&st, &[&ids]).map_err(|e| self.err(e))?;
        let mut out: std::collections::HashMap<i64, Vec<Place>> = std::collections::HashMap::new();
        for r in rows {
            let claim: i64 = r.get(0);
            let province =
                r.get::<_, Option<String>>(2).map(|p| p.parse::<Governorate>().map_err(|e| self.corrupt(format!("claim {claim}: {e}")))).transpose()?;
            let kind = r
                .get::<_, Option<String>>(3)
                .map(|k| k.parse::<PlaceKind>().map_err(|_| self.corrupt(format!("claim {claim}: place kind {k:?}"))))
                .transpose()?;
            let candidates: Vec<Candidate> = match r.get::<_, Option<String>>(10) {
                Some(j) => serde_json::from_str(&j).map_err(|e| self.corrupt(format!("claim {claim}: candidates: {e}")))?,
                None => Vec::new(),
            };
            out.entry(claim).or_default().push(Place {
                name: r.get(1),
                province,
                kind,
                id: r.get(4),
                canonical: r.get(5),
                district: r.get(6),
                lat: r.get(7),
                lon: r.get(8),
                score: r.get(9),
                candidates,
            });
        }
        Ok(out)
    }

    /// Turns a batch of claim rows into claims, with their places.
    fn finish_batch(&self, c: &mut impl GenericClient, rows: &[Row]) -> Result<Vec<StoredClaim>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
        let mut places = self.places_of(c, &ids)?;
        rows.iter()
            .map(|r| {
                let id: i64 = r.get(0);
                self.finish_claim(r, places.remove(&id).unwrap_or_default())
            })
            .collect()
    }

    fn doc_info(&self, r: &Row) -> Result<DocumentInfo> {
        let id: i64 = r.get(0);
        let lang: Option<String> = r.get(5);
        let published: Option<String> = r.get(6);
        Ok(DocumentInfo {
            id: DocId(id),
            source_key: r.get(1),
            version: r.get::<_, i32>(2).try_into().unwrap_or(0),
            hash: r.get(3),
            doc: Document {
                id: r.get(4),
                lang: lang.map(|l| l.parse::<Lang>().map_err(|x| self.corrupt(format!("document {id}: {x}")))).transpose()?,
                published: published.map(|p| p.parse::<ReportDay>().map_err(|x| self.corrupt(format!("document {id}: {x}")))).transpose()?,
                reporter: r.get(7),
            },
            source_path: r.get(8),
            claim_count: r.get::<_, i32>(9).try_into().unwrap_or(0),
            recorded_at: r.get(10),
            recorded_by: r.get(11),
        })
    }
}

/// The URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}{tail}")
        }
        None => url.to_owned(),
    }
    .split('?')
    .next()
    .unwrap_or_default()
    .to_owned()
}

/// The text search configuration for a document's language.
fn ts_config(lang: Option<Lang>) -> &'static str {
    match lang {
        Some(Lang::Fr) => "truce_fr",
        Some(Lang::En) => "truce_en",
        Some(Lang::Ru) => "truce_ru",
        None => "truce_simple",
    }
}

/// Indexes a document's sentences, one statement for all of them.
fn index_sentences(tx: &mut Transaction<'_>, cache: &mut Cache, doc: i64, lang: Option<Lang>, text: &str) -> Result<(), postgres::Error> {
    let (mut starts, mut ends, mut bodies) = (Vec::new(), Vec::new(), Vec::new());
    for (a, b) in truce_ledger::sentences(text) {
        // Offsets past 2 GiB do not fit the column; such a text is no bulletin.
        let (Ok(a32), Ok(b32)) = (i32::try_from(a), i32::try_from(b)) else { break };
        starts.push(a32);
        ends.push(b32);
        bodies.push(&text[a..b]);
    }
    if starts.is_empty() {
        return Ok(());
    }
    // The configuration is one of four fixed names, not input.
    let cfg = ts_config(lang);
    let st = prep(
        tx,
        cache,
        &format!(
            "INSERT INTO sentences (document_id, start_byte, end_byte, config, tsv)
             SELECT $1, u.s, u.e, '{cfg}'::regconfig, to_tsvector('{cfg}'::regconfig, u.b)
             FROM unnest($2::int4[], $3::int4[], $4::text[]) AS u(s, e, b)"
        ),
    )?;
    tx.execute(&st, &[&doc, &starts, &ends, &bodies])?;
    Ok(())
}

/// What the claims of one write share.
struct ClaimBatch<'a> {
    document: Option<i64>,
    reporter: Option<&'a str>,
    supersedes: Option<i64>,
    note: Option<&'a str>,
    /// Number the claims 0, 1, … (`seq`): claims read from a document.
    with_seq: bool,
}

/// Inserts claims and their places, two statements whatever their number;
/// returns their ids, in order. Ids are drawn from the sequence first so
/// that the places can name them and a document's claims are numbered in
/// reading order even while other workers insert.
fn insert_claims(
    tx: &mut Transaction<'_>,
    cache: &mut Cache,
    claims: &[(&Claim, Option<ReportDay>)],
    b: &ClaimBatch<'_>,
    stamp: &Stamp,
) -> Result<Vec<i64>, postgres::Error> {
    let n = claims.len() as i32;
    if n == 0 {
        return Ok(Vec::new());
    }
    let next_ids = prep(tx, cache, "SELECT nextval(pg_get_serial_sequence('claims', 'id')) AS id FROM generate_series(1, $1) ORDER BY id")?;
    let ids: Vec<i64> = tx.query(&next_ids, &[&n])?.iter().map(|r| r.get(0)).collect();
    let mut seq = Vec::with_capacity(claims.len());
    let mut metric = Vec::with_capacity(claims.len());
    let mut value = Vec::with_capacity(claims.len());
    let mut kind = Vec::with_capacity(claims.len());
    let mut since = Vec::with_capacity(claims.len());
    let mut wdate = Vec::with_capacity(claims.len());
    let mut actor = Vec::with_capacity(claims.len());
    let mut evidence = Vec::with_capacity(claims.len());
    let mut ss = Vec::with_capacity(claims.len());
    let mut se = Vec::with_capacity(claims.len());
    let mut valid = Vec::with_capacity(claims.len());
    let mut month_only = Vec::with_capacity(claims.len());
    let mut reasons = Vec::with_capacity(claims.len());
    for (i, (c, v)) in claims.iter().enumerate() {
        seq.push(b.with_seq.then_some(i as i32));
        metric.push(c.metric.as_str());
        value.push(c.value);
        kind.push(c.window.kind());
        let (s, d) = match c.window {
            Window::Day => (None, None),
            Window::Total { since } => (since, None),
            Window::Date { date } => (None, Some(date)),
        };
        since.push(s);
        wdate.push(d);
        actor.push(c.actor.as_deref());
        evidence.push(c.evidence.as_str());
        ss.push(c.span.map(|s| s.start as i64));
        se.push(c.span.map(|s| s.end as i64));
        let (day, month) = match v {
            None => (None, false),
            Some(ReportDay::Day(d)) => (Some(*d), false),
            Some(r @ ReportDay::Month { .. }) => (Some(r.anchor()), true),
        };
        valid.push(day);
        month_only.push(month);
        reasons.push(truce_ledger::reasons::encode(c));
    }
    let insert = prep(
        tx,
        cache,
        "INSERT INTO claims (id, document_id, seq, metric, value, window_kind, window_since, window_date, actor,
             evidence, span_start, span_end, reporter, valid_day, valid_month_only, recorded_at, recorded_by,
             supersedes, note, reasons)
         SELECT u.id, $1, u.seq, u.metric, u.value, u.kind, u.since, u.wdate, u.actor, u.evidence, u.ss, u.se, $2,
             u.valid, u.month_only, $3, $4, $5, $6, u.reasons
         FROM unnest($7::int8[], $8::int4[], $9::text[], $10::float8[], $11::text[], $12::date[], $13::date[],
             $14::text[], $15::text[], $16::int8[], $17::int8[], $18::date[], $19::bool[], $20::text[])
             AS u(id, seq, metric, value, kind, since, wdate, actor, evidence, ss, se, valid, month_only, reasons)",
    )?;
    tx.execute(
        &insert,
        &[
            &b.document,
            &b.reporter,
            &stamp.at,
            &stamp.by,
            &b.supersedes,
            &b.note,
            &ids,
            &seq,
            &metric,
            &value,
            &kind,
            &since,
            &wdate,
            &actor,
            &evidence,
            &ss,
            &se,
            &valid,
            &month_only,
            &reasons,
        ],
    )?;
    let mut p_claim = Vec::new();
    let mut p_ord = Vec::new();
    let mut p_name = Vec::new();
    let mut p_prov = Vec::new();
    let mut p_kind = Vec::new();
    let mut p_id = Vec::new();
    let mut p_canon = Vec::new();
    let mut p_dist = Vec::new();
    let mut p_lat = Vec::new();
    let mut p_lon = Vec::new();
    let mut p_score = Vec::new();
    let mut p_cand = Vec::new();
    for ((c, _), id) in claims.iter().zip(&ids) {
        for (ord, p) in c.places.iter().enumerate() {
            p_claim.push(*id);
            p_ord.push(ord as i32);
            p_name.push(p.name.as_str());
            p_prov.push(p.province.map(|g| g.pcode()));
            p_kind.push(p.kind.map(PlaceKind::as_str));
            p_id.push(p.id.as_deref());
            p_canon.push(p.canonical.as_deref());
            p_dist.push(p.district.as_deref());
            p_lat.push(p.lat);
            p_lon.push(p.lon);
            p_score.push(p.score);
            p_cand.push(if p.candidates.is_empty() { None } else { serde_json::to_string(&p.candidates).ok() });
        }
    }
    if !p_claim.is_empty() {
        let insert = prep(
            tx,
            cache,
            "INSERT INTO claim_places (claim_id, ord, name, province, kind, place_id, canonical, district, lat, lon,
                 score, candidates)
             SELECT * FROM unnest($1::int8[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                 $8::text[], $9::float8[], $10::float8[], $11::float8[], $12::text[])",
        )?;
        tx.execute(&insert, &[&p_claim, &p_ord, &p_name, &p_prov, &p_kind, &p_id, &p_canon, &p_dist, &p_lat, &p_lon, &p_score, &p_cand])?;
    }
    Ok(ids)
}

const DOC_COLUMNS: &str = "id, source_key, version, hash, name, lang, published, reporter, source_path, claim_count, recorded_at, recorded_by";

const CLAIM_COLUMNS: &str = "c.id, c.document_id, c.metric, c.value, c.window_kind, c.window_since, c.window_date, \
     c.actor, c.evidence, c.span_start, c.span_end, c.reporter, c.valid_day, c.valid_month_only, c.recorded_at, \
     c.recorded_by, c.supersedes, c.note";

type Param = Box<dyn ToSql + Sync>;

/// Builds the SQL of a claim query from a filter, with numbered parameters:
/// the same shape as the SQLite query, in PostgreSQL's dialect.
struct Query<'f> {
    filter: &'f ClaimFilter,
    only: Option<ClaimId>,
    count: bool,
    values: Vec<Param>,
}

impl<'f> Query<'f> {
    fn new(filter: &'f ClaimFilter, only: Option<ClaimId>, count: bool) -> Self {
        Query { filter, only, count, values: Vec::new() }
    }

    fn bind(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.values.push(Box::new(v));
        format!("${}", self.values.len())
    }

    fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.values.iter().map(|b| b.as_ref()).collect()
    }

    fn sql(&mut self) -> String {
        let f = self.filter;
        // "As known at" absent: no time condition at all, which plans better
        // than comparing with the end of time.
        let t = f.as_known_at.map(|at| self.bind(at));
        let known = |col: &str| t.as_ref().map(|t| format!(" AND {col} <= {t}")).unwrap_or_default();
        let superseded_by = format!("(SELECT s.id FROM claims s WHERE s.supersedes = c.id{})", known("s.recorded_at"));
        let review = match &t {
            Some(t) => format!(
                "COALESCE((SELECT e.state FROM review_events e WHERE e.claim_id = c.id AND e.reviewed_at <= {t} \
                 ORDER BY e.reviewed_at DESC, e.id DESC LIMIT 1), 'unreviewed')"
            ),
            None => "c.review_state".to_owned(),
        };
        let mut w = vec![format!("TRUE{}", known("c.recorded_at"))];
        if let Some(id) = self.only {
            w.push(format!("c.id = {}", self.bind(id.0)));
        }
        if let Some(m) = f.metric {
            w.push(format!("c.metric = {}", self.bind(m.as_str())));
        }
        if let Some(d) = f.valid_from {
            w.push(format!("c.valid_day >= {}", self.bind(d)));
        }
        if let Some(d) = f.valid_to {
            w.push(format!("c.valid_day <= {}", self.bind(d)));
        }
        if let Some(r) = &f.reporter {
            w.push(format!("c.reporter = {}", self.bind(r.clone())));
        }
        if let Some(d) = f.document {
            w.push(format!("c.document_id = {}", self.bind(d.0)));
        }
        if !f.include_superseded && self.only.is_none() {
            w.push(format!("NOT EXISTS (SELECT 1 FROM claims s WHERE s.supersedes = c.id{})", known("s.recorded_at")));
        }
        if !f.provinces.is_empty() {
            let list: Vec<String> = f.provinces.iter().map(|g| g.pcode().to_owned()).collect();
            let p = self.bind(list);
            w.push(format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.province = ANY({p}))"));
        }
        if let Some(name) = &f.place {
            let n = self.bind(name.clone());
            w.push(format!(
                "EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND \
                 (lower(p.name) = lower({n}) OR lower(p.canonical) = lower({n}) OR p.place_id = {n}))"
            ));
        }
        if let Some(d) = &f.district {
            let d = self.bind(d.clone());
            w.push(format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.district = {d})"));
        }
        if !f.review.is_empty() {
            let list: Vec<&'static str> = f.review.iter().map(|r| r.as_str()).collect();
            let l = self.bind(list);
            w.push(format!("{review} = ANY({l})"));
        }
        if f.latest_versions_only {
            w.push(format!(
                "(c.document_id IS NULL OR NOT EXISTS (SELECT 1 FROM documents d JOIN documents d2 \
                 ON d2.source_key = d.source_key AND d2.version > d.version \
                 WHERE d.id = c.document_id{}))",
                known("d2.recorded_at")
            ));
        }
        let cond = w.join(" AND ");
        if self.count {
            return format!("SELECT count(*) FROM claims c WHERE {cond}");
        }
        // NULLS FIRST: undated claims first, as SQLite orders them.
        let mut sql = format!(
            "SELECT {CLAIM_COLUMNS}, {superseded_by}, {review}, c.reasons FROM claims c WHERE {cond} \
             ORDER BY c.valid_day NULLS FIRST, c.id"
        );
        if let Some(l) = f.limit {
            let l = self.bind(l.min(i64::MAX as u64) as i64);
            sql.push_str(&format!(" LIMIT {l}"));
        }
        if f.offset > 0 {
            let o = self.bind(f.offset.min(i64::MAX as u64) as i64);
            sql.push_str(&format!(" OFFSET {o}"));
        }
        sql
    }
}

/// The latest distinct recorded times (`$2` of them, at or before `$1`),
/// one at a time: each step takes the greatest time before the last one
/// from each of the three indexes (`documents_recorded`,
/// `claims_loose_recorded`, `claims_corrections_recorded`; a `max` under a
/// bound is one descent of a B-tree), so the query costs three probes per
/// time returned, whatever the history's length or how many documents share
/// a time. The planner's way with a `DISTINCT ... ORDER BY ... LIMIT` over
/// the three, by contrast, was to hash every time up to `$1` (it cannot
/// know how many distinct values a `UNION ALL` holds): 35 ms at 1M claims,
/// 180 ms with the prepared statement's generic plan. `GREATEST` skips the
/// NULL of an arm with nothing left.
pub(crate) const RECORDED_TIMES: &str = "WITH RECURSIVE times (at, n) AS ( \
       SELECT GREATEST( \
           (SELECT max(recorded_at) FROM documents WHERE recorded_at <= $1), \
           (SELECT max(recorded_at) FROM claims WHERE document_id IS NULL AND recorded_at <= $1), \
           (SELECT max(recorded_at) FROM claims WHERE supersedes IS NOT NULL AND recorded_at <= $1)), 1::bigint \
     UNION ALL \
       SELECT GREATEST( \
           (SELECT max(recorded_at) FROM documents WHERE recorded_at < at), \
           (SELECT max(recorded_at) FROM claims WHERE document_id IS NULL AND recorded_at < at), \
           (SELECT max(recorded_at) FROM claims WHERE supersedes IS NOT NULL AND recorded_at < at)), n + 1 \
       FROM times WHERE at IS NOT NULL AND n < $2 \
     ) \
     SELECT at FROM times WHERE at IS NOT NULL AND n <= $2 ORDER BY at DESC";

impl LedgerStore for PgLedger {
    fn location(&self) -> &str {
        &self.location
    }

    fn ingest(&mut self, doc: &NewDocument<'_>, ex: &Extraction, stamp: &Stamp) -> Result<IngestOutcome> {
        let location = self.location.clone();
        let (client, cache) = (self.client.get_mut(), self.cache.get_mut());
        let mut tx = client.transaction().map_err(|e| Self::err_at(&location, e))?;
        let out = Self::ingest_in(&mut tx, cache, &location, doc, ex, stamp)?;
        tx.commit().map_err(|e| Self::err_at(&location, e))?;
        Ok(out)
    }

    fn record(&mut self, new: &NewClaim, stamp: &Stamp) -> Result<ClaimId> {
        validate_claim(&new.claim)?;
        let location = self.location.clone();
        let err = |e| Self::err_at(&location, e);
        let (client, cache) = (self.client.get_mut(), self.cache.get_mut());
        let mut tx = client.transaction().map_err(err)?;
        let batch = ClaimBatch { document: None, reporter: new.reporter.as_deref(), supersedes: None, note: new.note.as_deref(), with_seq: false };
        let valid = new.valid.or_else(|| valid_of(&new.claim, None));
        let ids = insert_claims(&mut tx, cache, &[(&new.claim, valid)], &batch, stamp).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(ClaimId(ids[0]))
    }

    fn correct(&mut self, old: ClaimId, new: &NewClaim, stamp: &Stamp) -> Result<ClaimId> {
        validate_claim(&new.claim)?;
        let location = self.location.clone();
        let err = |e| Self::err_at(&location, e);
        let (client, cache) = (self.client.get_mut(), self.cache.get_mut());
        let mut tx = client.transaction().map_err(err)?;
        // FOR UPDATE: two corrections of one claim take turns, and the second
        // then sees the first.
        let prev = tx.query_opt("SELECT document_id, reporter, valid_day, valid_month_only FROM claims WHERE id = $1 FOR UPDATE", &[&old.0]).map_err(err)?;
        let Some(prev) = prev else { return Err(LedgerError::NoSuchClaim(old)) };
        if let Some(r) = tx.query_opt("SELECT id FROM claims WHERE supersedes = $1", &[&old.0]).map_err(err)? {
            return Err(LedgerError::AlreadyCorrected { old, by: ClaimId(r.get(0)) });
        }
        let document: Option<i64> = prev.get(0);
        let old_reporter: Option<String> = prev.get(1);
        let inherited = prev
            .get::<_, Option<Date>>(2)
            .map(|d| if prev.get::<_, bool>(3) { ReportDay::Month { year: d.year(), month: d.month() } } else { ReportDay::Day(d) });
        let reporter = new.reporter.clone().or(old_reporter);
        let valid = new.valid.or(match new.claim.window {
            Window::Date { date } => Some(ReportDay::Day(date)),
            _ => inherited,
        });
        let batch = ClaimBatch { document, reporter: reporter.as_deref(), supersedes: Some(old.0), note: new.note.as_deref(), with_seq: false };
        let ids = insert_claims(&mut tx, cache, &[(&new.claim, valid)], &batch, stamp).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(ClaimId(ids[0]))
    }

    fn review(&mut self, id: ClaimId, state: ReviewState, note: Option<&str>, stamp: &Stamp) -> Result<()> {
        let location = self.location.clone();
        let err = |e| Self::err_at(&location, e);
        let mut tx = self.client.get_mut().transaction().map_err(err)?;
        let n = tx.execute("UPDATE claims SET review_state = $1 WHERE id = $2", &[&state.as_str(), &id.0]).map_err(err)?;
        if n == 0 {
            return Err(LedgerError::NoSuchClaim(id));
        }
        tx.execute(
            "INSERT INTO review_events (claim_id, state, reviewed_by, reviewed_at, note) VALUES ($1, $2, $3, $4, $5)",
            &[&id.0, &state.as_str(), &stamp.by, &stamp.at, &note],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(())
    }

    fn claim(&self, id: ClaimId) -> Result<Option<StoredClaim>> {
        let all = ClaimFilter::default();
        let mut q = Query::new(&all, Some(id), false);
        let sql = q.sql();
        let mut client = self.conn()?;
        let st = prep(&mut *client, &mut self.cache.borrow_mut(), &sql).map_err(|e| self.err(e))?;
        let rows = client.query(&st, &q.params()).map_err(|e| self.err(e))?;
        Ok(self.finish_batch(&mut *client, &rows)?.into_iter().next())
    }

    /// One query and one for the places: no transaction and portal, which
    /// cost three more round trips, for what the caller collects anyway.
    /// Views ask many small questions (a report walks back day by day).
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        let mut q = Query::new(filter, None, false);
        let sql = q.sql();
        let mut client = self.conn()?;
        let st = prep(&mut *client, &mut self.cache.borrow_mut(), &sql).map_err(|e| self.err(e))?;
        let rows = client.query(&st, &q.params()).map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for chunk in rows.chunks(FETCH as usize) {
            out.extend(self.finish_batch(&mut *client, chunk)?);
        }
        Ok(out)
    }

    fn for_each_claim(&self, filter: &ClaimFilter, f: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>) -> Result<()> {
        let mut q = Query::new(filter, None, false);
        let sql = q.sql();
        let mut client = self.conn()?;
        // A portal streams the rows in batches; each batch's places come in
        // one more query, instead of one per claim.
        let mut tx = client.transaction().map_err(|e| self.err(e))?;
        let st = prep(&mut tx, &mut self.cache.borrow_mut(), &sql).map_err(|e| self.err(e))?;
        let portal = tx.bind(&st, &q.params()).map_err(|e| self.err(e))?;
        loop {
            let rows = tx.query_portal(&portal, FETCH).map_err(|e| self.err(e))?;
            let last = rows.len() < FETCH as usize;
            for c in self.finish_batch(&mut tx, &rows)? {
                if f(c).is_break() {
                    return Ok(());
                }
            }
            if last {
                return Ok(());
            }
        }
    }

    fn count_claims(&self, filter: &ClaimFilter) -> Result<u64> {
        let mut q = Query::new(filter, None, true);
        let sql = q.sql();
        let mut client = self.conn()?;
        let st = prep(&mut *client, &mut self.cache.borrow_mut(), &sql).map_err(|e| self.err(e))?;
        let n: i64 = client.query_one(&st, &q.params()).map_err(|e| self.err(e))?.get(0);
        Ok(n.max(0) as u64)
    }

    fn review_history(&self, id: ClaimId) -> Result<Vec<ReviewEvent>> {
        let rows = self
            .conn()?
            .query("SELECT state, reviewed_by, reviewed_at, note FROM review_events WHERE claim_id = $1 ORDER BY reviewed_at, id", &[&id.0])
            .map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                let state: String = r.get(0);
                Ok(ReviewEvent {
                    claim: id,
                    state: state.parse().map_err(|_| self.corrupt(format!("review of claim {id}: state {state:?}")))?,
                    by: r.get(1),
                    at: r.get::<_, Timestamp>(2),
                    note: r.get(3),
                })
            })
            .collect()
    }

    fn documents(&self, page: Page) -> Result<Vec<DocumentInfo>> {
        let rows = self
            .conn()?
            .query(
                &format!("SELECT {DOC_COLUMNS} FROM documents ORDER BY id DESC LIMIT $1 OFFSET $2"),
                &[&(page.limit.min(i64::MAX as u64) as i64), &(page.offset.min(i64::MAX as u64) as i64)],
            )
            .map_err(|e| self.err(e))?;
        rows.iter().map(|r| self.doc_info(r)).collect()
    }

    fn document(&self, id: DocId) -> Result<Option<StoredDocument>> {
        let row = self
            .conn()?
            .query_opt(&format!("SELECT {DOC_COLUMNS}, text, boilerplate, warnings FROM documents WHERE id = $1"), &[&id.0])
            .map_err(|e| self.err(e))?;
        let Some(r) = row else { return Ok(None) };
        let info = self.doc_info(&r)?;
        let bp: String = r.get(13);
        let wn: String = r.get(14);
        let boilerplate: Vec<String> = serde_json::from_str(&bp).map_err(|e| self.corrupt(format!("document {id}: boilerplate: {e}")))?;
        let warnings: Vec<Diagnostic> = serde_json::from_str(&wn).map_err(|e| self.corrupt(format!("document {id}: warnings: {e}")))?;
        Ok(Some(StoredDocument { info, text: r.get(12), boilerplate, warnings }))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        // Letters and digits only (`search_words`), so nothing the user
        // typed is tsquery syntax but what is added here: `&` between words
        // and `:*` after a prefix.
        let words = truce_ledger::search_words(query);
        if words.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let joined = |prefix: bool| {
            let part: Vec<String> =
                words.iter().filter(|w| w.prefix == prefix).map(|w| if prefix { format!("{}:*", w.text) } else { w.text.clone() }).collect();
            part.join(" & ")
        };
        let (whole, prefixes) = (joined(false), joined(true));
        // Whole words go through each language's stemmer, as the sentences
        // did. Prefixes do not: stemmed, "Maare*" would become "maar:*" and
        // match Maarrat too. A stem begins with its word's letters, so a
        // plain prefix finds every word whose stem is at least as long as
        // the prefix ("violat*" finds violations; "violations*" does not,
        // its stem being "violat"). An empty half of `&&` drops out.
        let rows = self
            .conn()?
            .query(
                "SELECT document_id, start_byte FROM sentences
                 WHERE (config = 'truce_en'::regconfig AND tsv @@ (to_tsquery('truce_en', $1) && to_tsquery('truce_simple', $2)))
                    OR (config = 'truce_fr'::regconfig AND tsv @@ (to_tsquery('truce_fr', $1) && to_tsquery('truce_simple', $2)))
                    OR (config = 'truce_ru'::regconfig AND tsv @@ (to_tsquery('truce_ru', $1) && to_tsquery('truce_simple', $2)))
                    OR (config = 'truce_simple'::regconfig AND tsv @@ (to_tsquery('truce_simple', $1) && to_tsquery('truce_simple', $2)))
                 ORDER BY document_id DESC, start_byte DESC
                 LIMIT 5000",
                &[&whole, &prefixes],
            )
            .map_err(|e| self.err(e))?;
        let matches = rows.iter().map(|r| Ok((r.get::<_, i64>(0), r.get::<_, i32>(1) as usize)));
        truce_ledger::search_hits(matches, limit, |id| self.document(id))
    }

    fn stats(&self) -> Result<LedgerStats> {
        let row = self
            .conn()?
            .query_one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims),
                        (SELECT count(*) FROM claims WHERE supersedes IS NOT NULL), (SELECT count(*) FROM review_events)",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let n = |i| row.get::<_, i64>(i).max(0) as u64;
        Ok(LedgerStats { documents: n(0), claims: n(1), corrections: n(2), reviews: n(3), schema_version: self.schema_version()? })
    }

    /// The snapshot of the reading transaction: writers commit out of id
    /// order, so the highest ids (what SQLite uses) could stay put while a
    /// slower transaction with a lower id lands. A snapshot lists the
    /// transactions still running and the first id not yet given out; any
    /// commit, anywhere in the cluster, changes it, and equal snapshots see
    /// the same rows.
    fn generation(&self) -> Result<Generation> {
        let mut c = self.conn()?;
        let st = prep(&mut *c, &mut self.cache.borrow_mut(), "SELECT pg_current_snapshot()::text").map_err(|e| self.err(e))?;
        let row = c.query_one(&st, &[]).map_err(|e| self.err(e))?;
        Ok(Generation::new(row.get::<_, String>(0)))
    }

    fn latest_day(&self) -> Result<Option<Date>> {
        let row = self.conn()?.query_one("SELECT max(valid_day) FROM claims", &[]).map_err(|e| self.err(e))?;
        Ok(row.get(0))
    }

    fn days_recorded(&self, since: Timestamp, until: Timestamp) -> Result<Vec<Date>> {
        let rows = self
            .conn()?
            .query(
                "SELECT valid_day FROM claims WHERE document_id IN \
                   (SELECT id FROM documents WHERE recorded_at > $1 AND recorded_at <= $2) AND valid_day IS NOT NULL \
                 UNION SELECT valid_day FROM claims WHERE document_id IS NULL AND recorded_at > $1 AND recorded_at <= $2 \
                   AND valid_day IS NOT NULL \
                 UNION SELECT valid_day FROM claims WHERE supersedes IS NOT NULL AND recorded_at > $1 AND recorded_at <= $2 \
                   AND valid_day IS NOT NULL \
                 ORDER BY 1",
                &[&since, &until],
            )
            .map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn recorded_times(&self, until: Timestamp, limit: usize) -> Result<Vec<Timestamp>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut c = self.conn()?;
        let st = prep(&mut *c, &mut self.cache.borrow_mut(), RECORDED_TIMES).map_err(|e| self.err(e))?;
        let rows = c.query(&st, &[&until, &limit]).map_err(|e| self.err(e))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each step of the feed's recorded times probes the three indexes,
    /// in the generic plan a prepared statement ends up with too. Sequential
    /// scans are disabled because on a tiny table they are cheaper: what is
    /// checked is that the indexes' conditions match the query's.
    #[test]
    fn recorded_times_probe_their_indexes() {
        let Some(url) = crate::testing::server_url("recorded_times_plan") else { return };
        let mut scratch = crate::testing::Scratch::new(&url, "rtplan");
        let mut l = PgLedger::open(&scratch.database()).expect("open");
        let c = l.client();
        c.batch_execute("SET enable_seqscan = off; SET plan_cache_mode = force_generic_plan").expect("settings");
        c.batch_execute(&format!("PREPARE rt (timestamptz, bigint) AS {RECORDED_TIMES}")).expect("prepare");
        let plan: Vec<String> = c.query("EXPLAIN ANALYZE EXECUTE rt (now(), 28)", &[]).expect("explain").iter().map(|r| r.get(0)).collect();
        let plan = plan.join("\n");
        for index in ["documents_recorded", "claims_loose_recorded", "claims_corrections_recorded"] {
            // Once for the first time, once for each step after it (the
            // steps' subplans are shown by EXPLAIN ANALYZE only).
            assert_eq!(plan.matches(&format!(" using {index} ")).count(), 2, "{index}:\n{plan}");
        }
        assert!(!plan.contains("Seq Scan"), "{plan}");
    }

    #[test]
    fn redact_drops_the_password_and_options() {
        assert_eq!(redact("postgres://u:secret@h:5432/db?sslmode=disable"), "postgres://u@h:5432/db");
        assert_eq!(redact("postgresql://h/db"), "postgresql://h/db");
        assert_eq!(redact("postgres://u@h"), "postgres://u@h");
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(is_postgres_url("postgres://h/db"));
        assert!(is_postgres_url("postgresql://h/db"));
        assert!(!is_postgres_url("truce.db"));
        assert!(!is_postgres_url("sqlite:truce.db"));
    }
}
