//! The SQLite backend: one file, WAL, one transaction per document.

pub mod schema;
pub mod side;

use crate::{
    ClaimFilter, ClaimId, DocId, DocumentInfo, Generation, IngestOutcome, LedgerError, LedgerStats, LedgerStore, NewClaim, NewDocument, Page, Result,
    ReviewEvent, ReviewState, SearchHit, Stamp, StoredClaim, StoredDocument, valid_of, validate_claim,
};
use jiff::Timestamp;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use std::ops::ControlFlow;
use std::path::Path;
use truce_model::{Candidate, Claim, Date, Diagnostic, Document, Extraction, Governorate, Lang, Metric, Place, PlaceKind, ReportDay, Span, Window};

/// A ledger in one SQLite file.
///
/// Speed without giving up crash safety: every document is its own
/// transaction (the contract that a kill -9 leaves no half document), so
/// speed comes from elsewhere: WAL with `synchronous = NORMAL` (a commit
/// appends to the WAL without an fsync; durability is at checkpoints, and a
/// crash can lose the last commits but never tear one), cached prepared
/// statements, and `BEGIN IMMEDIATE` so a writer takes its lock once.
pub struct SqliteLedger {
    conn: Connection,
    location: String,
    /// The schema has the tables of version 4 (false only for ledgers that
    /// the migration tests open at an earlier version on purpose).
    v4: bool,
    /// The schema has `locality_joins` (version 5).
    v5: bool,
    /// The claims have a `reasons` column (version 7).
    v7: bool,
}

impl std::fmt::Debug for SqliteLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteLedger").field("location", &self.location).finish()
    }
}

impl SqliteLedger {
    /// Opens the ledger at `path`, creating it if missing and upgrading an
    /// older schema. A ledger of a newer schema, or an SQLite file that is
    /// not a ledger, is refused before anything is written to it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_at_version(path, schema::LATEST)
    }

    /// Opens (creating or upgrading) up to schema `version` only: what the
    /// migration tests use to make ledgers of every earlier version.
    #[doc(hidden)]
    pub fn open_at_version(path: impl AsRef<Path>, version: i64) -> Result<Self> {
        let path = path.as_ref();
        let location = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| LedgerError::Open { location: location.clone(), source })?;
        Self::setup(conn, location, version, true)
    }

    /// A throw-away ledger in memory (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        let location = ":memory:".to_owned();
        let conn = Connection::open_in_memory().map_err(|source| LedgerError::Open { location: location.clone(), source })?;
        Self::setup(conn, location, schema::LATEST, false)
    }

    fn setup(mut conn: Connection, location: String, version: i64, wal: bool) -> Result<Self> {
        let sql = |source| LedgerError::Sqlite { location: location.clone(), source };
        // Several processes may share a file (an ingest and a server): wait
        // for a writer rather than fail at once.
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
        // Refuse before the first write: a newer ledger must stay untouched.
        schema::check(&conn, &location)?;
        if wal {
            conn.pragma_update(None, "journal_mode", "WAL").map_err(sql)?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(sql)?;
        // A larger page cache keeps the index pages that every claim insert
        // touches in memory (64 MiB; SQLite's default is 2 MiB).
        conn.pragma_update(None, "cache_size", -65536).map_err(sql)?;
        // Checkpoint every 16k pages (64 MiB of WAL) instead of every 1000:
        // each checkpoint fsyncs, and the default meant one every ten
        // documents with schema 2 (~100 pages a commit), every ~60 now (~17).
        conn.pragma_update(None, "wal_autocheckpoint", 16384).map_err(sql)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(sql)?;
        conn.set_prepared_statement_cache_capacity(64);
        let version = schema::migrate_to(&mut conn, &location, version)?;
        Ok(SqliteLedger { conn, location, v4: version >= 4, v5: version >= 5, v7: version >= 7 })
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.sql(e))
    }

    /// The connection, for views that aggregate in SQL. Treat as read-only:
    /// writes belong to [`LedgerStore`] methods, which keep the invariants.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn sql(&self, source: rusqlite::Error) -> LedgerError {
        LedgerError::Sqlite { location: self.location.clone(), source }
    }

    fn corrupt(&self, what: impl Into<String>) -> LedgerError {
        LedgerError::Corrupt { location: self.location.clone(), what: what.into() }
    }

    fn query(&self, filter: &ClaimFilter, only: Option<ClaimId>, f: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>) -> Result<()> {
        let mut q = Query::new(filter, only, false);
        q.reasons = self.v7;
        let sql = q.sql();
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| self.sql(e))?;
        let mut rows = st.query(params_from_iter(q.values.iter())).map_err(|e| self.sql(e))?;
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let raw = RawClaim::from_row(row).map_err(|e| self.sql(e))?;
            let claim = self.finish_claim(raw)?;
            if f(claim).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn finish_claim(&self, r: RawClaim) -> Result<StoredClaim> {
        let metric: Metric = r.metric.parse().map_err(|e| self.corrupt(format!("claim {}: {e}", r.id)))?;
        let date = |s: Option<String>, what: &str| -> Result<Option<Date>> {
            s.map(|s| s.parse::<Date>().map_err(|e| self.corrupt(format!("claim {}: {what} {s:?}: {e}", r.id)))).transpose()
        };
        let window = match r.window_kind.as_str() {
            "day" => Window::Day,
            "total" => Window::Total { since: date(r.window_since, "window.since")? },
            "date" => {
                Window::Date { date: date(r.window_date, "window.date")?.ok_or_else(|| self.corrupt(format!("claim {}: date window without a date", r.id)))? }
            }
            k => return Err(self.corrupt(format!("claim {}: unknown window kind {k:?}", r.id))),
        };
        let valid = match date(r.valid_day, "valid day")? {
            None => None,
            Some(d) if r.valid_month_only => Some(ReportDay::Month { year: d.year(), month: d.month() }),
            Some(d) => Some(ReportDay::Day(d)),
        };
        let span = match (r.span_start, r.span_end) {
            (Some(a), Some(b)) if a >= 0 && b >= a => Some(Span::new(a as usize, b as usize)),
            _ => None,
        };
        let review: ReviewState = r.review.parse().map_err(|_| self.corrupt(format!("claim {}: review state {:?}", r.id, r.review)))?;
        let places = self.places_of(r.id)?;
        let reasons = match r.reasons {
            Some(j) => crate::reasons::decode(&j, &r.evidence, span).map_err(|e| self.corrupt(format!("claim {}: {e}", r.id)))?,
            None => Vec::new(),
        };
        Ok(StoredClaim {
            id: ClaimId(r.id),
            claim: Claim { metric, value: r.value, window, actor: r.actor, places, evidence: r.evidence, span, reasons },
            document: r.document_id.map(DocId),
            reporter: r.reporter,
            valid,
            recorded_at: self.ts(r.recorded_at)?,
            recorded_by: r.recorded_by,
            supersedes: r.supersedes.map(ClaimId),
            superseded_by: r.superseded_by.map(ClaimId),
            review,
            note: r.note,
        })
    }

    fn ts(&self, micros: i64) -> Result<Timestamp> {
        Timestamp::from_microsecond(micros).map_err(|e| self.corrupt(format!("time {micros}: {e}")))
    }

    fn places_of(&self, claim: i64) -> Result<Vec<Place>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT name, province, kind, place_id, canonical, district, lat, lon, score, candidates
                 FROM claim_places WHERE claim_id = ?1 ORDER BY ord",
            )
            .map_err(|e| self.sql(e))?;
        let mut rows = st.query([claim]).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.sql(e))? {
            let get = |i| -> Result<Option<String>> { row.get::<_, Option<String>>(i).map_err(|e| self.sql(e)) };
            let getf = |i| -> Result<Option<f64>> { row.get::<_, Option<f64>>(i).map_err(|e| self.sql(e)) };
            let name = get(0)?.unwrap_or_default();
            let province = get(1)?.map(|p| p.parse::<Governorate>().map_err(|e| self.corrupt(format!("claim {claim}: {e}")))).transpose()?;
            let kind = get(2)?.map(|k| k.parse::<PlaceKind>().map_err(|_| self.corrupt(format!("claim {claim}: place kind {k:?}")))).transpose()?;
            let candidates: Vec<Candidate> = match get(9)? {
                Some(j) => serde_json::from_str(&j).map_err(|e| self.corrupt(format!("claim {claim}: candidates: {e}")))?,
                None => Vec::new(),
            };
            out.push(Place {
                name,
                province,
                kind,
                id: get(3)?,
                canonical: get(4)?,
                district: get(5)?,
                lat: getf(6)?,
                lon: getf(7)?,
                score: getf(8)?,
                candidates,
            });
        }
        Ok(out)
    }

    fn doc_info(&self, row: &rusqlite::Row<'_>) -> Result<DocumentInfo> {
        let e = |e| self.sql(e);
        let id: i64 = row.get(0).map_err(e)?;
        let lang: Option<String> = row.get(5).map_err(e)?;
        let published: Option<String> = row.get(6).map_err(e)?;
        Ok(DocumentInfo {
            id: DocId(id),
            source_key: row.get(1).map_err(e)?,
            version: row.get::<_, i64>(2).map_err(e)?.try_into().unwrap_or(u32::MAX),
            hash: row.get(3).map_err(e)?,
            doc: Document {
                id: row.get(4).map_err(e)?,
                lang: lang.map(|l| l.parse::<Lang>().map_err(|x| self.corrupt(format!("document {id}: {x}")))).transpose()?,
                published: published.map(|p| p.parse::<ReportDay>().map_err(|x| self.corrupt(format!("document {id}: {x}")))).transpose()?,
                reporter: row.get(7).map_err(e)?,
            },
            source_path: row.get(8).map_err(e)?,
            claim_count: row.get::<_, i64>(9).map_err(e)?.try_into().unwrap_or(u32::MAX),
            recorded_at: self.ts(row.get(10).map_err(e)?)?,
            recorded_by: row.get(11).map_err(e)?,
        })
    }

    /// Brings the search index up to date with the stored documents, in
    /// transactions of 500 documents; returns how many were indexed. Ingest
    /// leaves the index behind (see the schema), `search` calls this first,
    /// and `truce ingest` calls it at the end of a run.
    pub fn index_pending(&self) -> Result<u64> {
        let mut total = 0;
        loop {
            // By hand rather than `Transaction`, which needs `&mut self`:
            // `search` (a read) calls this. IMMEDIATE takes the write lock
            // up front, so a concurrent ingest makes it wait, not fail.
            self.conn.execute_batch("BEGIN IMMEDIATE").map_err(|e| self.sql(e))?;
            let n = match schema::index_batch(&self.conn, 500).and_then(|n| self.conn.execute_batch("COMMIT").map(|()| n)) {
                Ok(n) => n,
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(self.sql(e));
                }
            };
            total += n;
            if n == 0 {
                return Ok(total);
            }
        }
    }

    /// Claim ids of one document in reading order: what the crash test uses.
    pub fn claim_ids_of(&self, doc: DocId) -> Result<Vec<ClaimId>> {
        let mut st = self.conn.prepare_cached("SELECT id FROM claims WHERE document_id = ?1 AND supersedes IS NULL ORDER BY seq").map_err(|e| self.sql(e))?;
        let ids = st.query_map([doc.0], |r| r.get(0)).map_err(|e| self.sql(e))?;
        ids.map(|r| r.map(ClaimId).map_err(|e| self.sql(e))).collect()
    }

    /// Runs SQLite's own consistency checks (integrity and foreign keys).
    pub fn check_integrity(&self) -> Result<()> {
        let ok: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| self.sql(e))?;
        if ok != "ok" {
            return Err(self.corrupt(format!("integrity check: {ok}")));
        }
        let bad: Option<String> = self.conn.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional().map_err(|e| self.sql(e))?;
        if let Some(t) = bad {
            return Err(self.corrupt(format!("a row of {t} points at a missing row")));
        }
        Ok(())
    }
}

const DOC_COLUMNS: &str = "id, source_key, version, hash, name, lang, published, reporter, source_path, claim_count, recorded_at, recorded_by";

fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// A claim row before its fields are parsed (parsing can fail with our
/// error type, which a rusqlite row closure cannot return).
struct RawClaim {
    id: i64,
    document_id: Option<i64>,
    metric: String,
    value: Option<f64>,
    window_kind: String,
    window_since: Option<String>,
    window_date: Option<String>,
    actor: Option<String>,
    evidence: String,
    span_start: Option<i64>,
    span_end: Option<i64>,
    reporter: Option<String>,
    valid_day: Option<String>,
    valid_month_only: bool,
    recorded_at: i64,
    recorded_by: String,
    supersedes: Option<i64>,
    note: Option<String>,
    superseded_by: Option<i64>,
    review: String,
    /// See [`crate::reasons`]; NULL when none (and always before schema 7).
    reasons: Option<String>,
}

const CLAIM_COLUMNS: &str = "c.id, c.document_id, c.metric, c.value, c.window_kind, c.window_since, c.window_date, \
     c.actor, c.evidence, c.span_start, c.span_end, c.reporter, c.valid_day, c.valid_month_only, c.recorded_at, \
     c.recorded_by, c.supersedes, c.note";

impl RawClaim {
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(RawClaim {
            id: r.get(0)?,
            document_id: r.get(1)?,
            metric: r.get(2)?,
            value: r.get(3)?,
            window_kind: r.get(4)?,
            window_since: r.get(5)?,
            window_date: r.get(6)?,
            actor: r.get(7)?,
            evidence: r.get(8)?,
            span_start: r.get(9)?,
            span_end: r.get(10)?,
            reporter: r.get(11)?,
            valid_day: r.get(12)?,
            valid_month_only: r.get::<_, i64>(13)? != 0,
            recorded_at: r.get(14)?,
            recorded_by: r.get(15)?,
            supersedes: r.get(16)?,
            note: r.get(17)?,
            superseded_by: r.get(18)?,
            review: r.get(19)?,
            reasons: r.get(20)?,
        })
    }
}

/// Builds the SQL of a claim query from a filter, with numbered parameters.
struct Query<'f> {
    filter: &'f ClaimFilter,
    only: Option<ClaimId>,
    count: bool,
    values: Vec<Value>,
    /// Read the claims' `reasons` column (schema version 7 on).
    reasons: bool,
}

impl<'f> Query<'f> {
    fn new(filter: &'f ClaimFilter, only: Option<ClaimId>, count: bool) -> Self {
        Query { filter, only, count, values: Vec::new(), reasons: false }
    }

    fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        format!("?{}", self.values.len())
    }

    fn sql(&mut self) -> String {
        let f = self.filter;
        // "As known at" defaults to the end of time: one query shape for both.
        let t = self.bind(f.as_known_at.map(micros).unwrap_or(i64::MAX));
        let superseded_by = format!("(SELECT s.id FROM claims s WHERE s.supersedes = c.id AND s.recorded_at <= {t})");
        let review = if f.as_known_at.is_some() {
            format!(
                "COALESCE((SELECT e.state FROM review_events e WHERE e.claim_id = c.id AND e.at <= {t} \
                 ORDER BY e.at DESC, e.id DESC LIMIT 1), 'unreviewed')"
            )
        } else {
            "c.review_state".to_owned()
        };
        let mut w = vec![format!("c.recorded_at <= {t}")];
        if let Some(id) = self.only {
            w.push(format!("c.id = {}", self.bind(id.0)));
        }
        if let Some(m) = f.metric {
            w.push(format!("c.metric = {}", self.bind(m.as_str().to_owned())));
        }
        if let Some(d) = f.valid_from {
            w.push(format!("c.valid_day >= {}", self.bind(d.to_string())));
        }
        if let Some(d) = f.valid_to {
            w.push(format!("c.valid_day <= {}", self.bind(d.to_string())));
        }
        if let Some(r) = &f.reporter {
            w.push(format!("c.reporter = {}", self.bind(r.clone())));
        }
        if let Some(d) = f.document {
            w.push(format!("c.document_id = {}", self.bind(d.0)));
        }
        if !f.include_superseded && self.only.is_none() {
            w.push(format!("NOT EXISTS (SELECT 1 FROM claims s WHERE s.supersedes = c.id AND s.recorded_at <= {t})"));
        }
        if !f.provinces.is_empty() {
            let list: Vec<String> = f.provinces.iter().map(|g| self.bind(g.pcode().to_owned())).collect();
            w.push(format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.province IN ({}))", list.join(", ")));
        }
        if let Some(name) = &f.place {
            let n = self.bind(name.clone());
            w.push(format!(
                "EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND \
                 (p.name = {n} COLLATE NOCASE OR p.canonical = {n} COLLATE NOCASE OR p.place_id = {n}))"
            ));
        }
        if let Some(d) = &f.district {
            let d = self.bind(d.clone());
            w.push(format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.district = {d})"));
        }
        if !f.review.is_empty() {
            let list: Vec<String> = f.review.iter().map(|r| self.bind(r.as_str().to_owned())).collect();
            w.push(format!("{review} IN ({})", list.join(", ")));
        }
        if f.latest_versions_only {
            w.push(format!(
                "(c.document_id IS NULL OR NOT EXISTS (SELECT 1 FROM documents d JOIN documents d2 \
                 ON d2.source_key = d.source_key AND d2.version > d.version \
                 WHERE d.id = c.document_id AND d2.recorded_at <= {t}))"
            ));
        }
        let cond = w.join(" AND ");
        if self.count {
            return format!("SELECT count(*) FROM claims c WHERE {cond}");
        }
        let reasons = if self.reasons { "c.reasons" } else { "NULL" };
        let mut sql = format!(
            "SELECT {CLAIM_COLUMNS}, {superseded_by}, {review}, {reasons} FROM claims c WHERE {cond} \
             ORDER BY c.valid_day, c.id"
        );
        if f.limit.is_some() || f.offset > 0 {
            let lim = self.bind(f.limit.map(|l| l.min(i64::MAX as u64) as i64).unwrap_or(-1));
            let off = self.bind(f.offset.min(i64::MAX as u64) as i64);
            sql.push_str(&format!(" LIMIT {lim} OFFSET {off}"));
        }
        sql
    }
}

/// Everything of a claim row that is not in [`Claim`].
struct ClaimMeta<'a> {
    document: Option<i64>,
    seq: Option<i64>,
    reporter: Option<&'a str>,
    valid: Option<ReportDay>,
    supersedes: Option<i64>,
    note: Option<&'a str>,
}

/// Rows per multi-row `INSERT`: a document's claims (and their places) go
/// in statements of this many rows and the rest one by one, so each table
/// has only two statement shapes to prepare and cache. One statement per
/// eight rows instead of per row saves about a fifth of the ingest time.
const BATCH: usize = 8;

const CLAIM_INSERT: &str = "INSERT INTO claims (id, document_id, seq, metric, value, window_kind, window_since, \
     window_date, actor, evidence, span_start, span_end, reporter, valid_day, valid_month_only, recorded_at, \
     recorded_by, supersedes, note) VALUES ";
const CLAIM_INSERT_COLUMNS: usize = 19;

/// [`CLAIM_INSERT`] with the claim's reasons (schema version 7 on).
const CLAIM_INSERT_V7: &str = "INSERT INTO claims (id, document_id, seq, metric, value, window_kind, window_since, \
     window_date, actor, evidence, span_start, span_end, reporter, valid_day, valid_month_only, recorded_at, \
     recorded_by, supersedes, note, reasons) VALUES ";

const PLACE_INSERT: &str = "INSERT INTO claim_places (claim_id, ord, name, province, kind, place_id, canonical, \
     district, lat, lon, score, candidates) VALUES ";
const PLACE_INSERT_COLUMNS: usize = 12;

/// `head` followed by `rows` groups of `cols` numbered parameters.
fn multi_row_sql(head: &str, cols: usize, rows: usize) -> String {
    let mut sql = String::with_capacity(head.len() + rows * cols * 5);
    sql.push_str(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("?{}", r * cols + c + 1));
        }
        sql.push(')');
    }
    sql
}

/// Inserts `rows` in statements of [`BATCH`] rows (then single rows); `bind`
/// binds one row's values starting at the given parameter index.
fn insert_rows<T>(
    tx: &Connection,
    head: &str,
    cols: usize,
    rows: &[T],
    bind: &mut dyn FnMut(&mut rusqlite::CachedStatement<'_>, usize, &T) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut chunks = rows.chunks_exact(BATCH);
    if rows.len() >= BATCH {
        let mut st = tx.prepare_cached(&multi_row_sql(head, cols, BATCH))?;
        for chunk in &mut chunks {
            for (r, row) in chunk.iter().enumerate() {
                bind(&mut st, r * cols + 1, row)?;
            }
            st.raw_execute()?;
        }
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut st = tx.prepare_cached(&multi_row_sql(head, cols, 1))?;
        for row in rest {
            bind(&mut st, 1, row)?;
            st.raw_execute()?;
        }
    }
    Ok(())
}

/// Inserts claims with their places; returns the id of the first (the
/// others follow it in order). Ids are given explicitly, the next after the
/// highest, as SQLite would choose them: the caller's write transaction
/// keeps them ours, and the places need them.
fn insert_claims(tx: &Connection, claims: &[(&Claim, ClaimMeta<'_>)], stamp: &Stamp, (v4, v5, v7): (bool, bool, bool)) -> rusqlite::Result<i64> {
    let first: i64 = tx.prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM claims")?.query_row([], |r| r.get(0))?;
    let at = micros(stamp.at);
    let by = stamp.by.as_str();
    let mut i = first;
    let (head, cols) = if v7 { (CLAIM_INSERT_V7, CLAIM_INSERT_COLUMNS + 1) } else { (CLAIM_INSERT, CLAIM_INSERT_COLUMNS) };
    insert_rows(tx, head, cols, claims, &mut |st, k, (c, m)| {
        let (since, date) = match c.window {
            Window::Day => (None, None),
            Window::Total { since } => (since.map(|d| d.to_string()), None),
            Window::Date { date } => (None, Some(date.to_string())),
        };
        let (valid_day, month_only) = match m.valid {
            None => (None, false),
            Some(ReportDay::Day(d)) => (Some(d.to_string()), false),
            Some(r @ ReportDay::Month { .. }) => (Some(r.anchor().to_string()), true),
        };
        st.raw_bind_parameter(k, i)?;
        st.raw_bind_parameter(k + 1, m.document)?;
        st.raw_bind_parameter(k + 2, m.seq)?;
        st.raw_bind_parameter(k + 3, c.metric.as_str())?;
        st.raw_bind_parameter(k + 4, c.value)?;
        st.raw_bind_parameter(k + 5, c.window.kind())?;
        st.raw_bind_parameter(k + 6, since)?;
        st.raw_bind_parameter(k + 7, date)?;
        st.raw_bind_parameter(k + 8, &c.actor)?;
        st.raw_bind_parameter(k + 9, &c.evidence)?;
        st.raw_bind_parameter(k + 10, c.span.map(|s| s.start as i64))?;
        st.raw_bind_parameter(k + 11, c.span.map(|s| s.end as i64))?;
        st.raw_bind_parameter(k + 12, m.reporter)?;
        st.raw_bind_parameter(k + 13, valid_day)?;
        st.raw_bind_parameter(k + 14, month_only)?;
        st.raw_bind_parameter(k + 15, at)?;
        st.raw_bind_parameter(k + 16, by)?;
        st.raw_bind_parameter(k + 17, m.supersedes)?;
        st.raw_bind_parameter(k + 18, m.note)?;
        if v7 {
            st.raw_bind_parameter(k + 19, crate::reasons::encode(c))?;
        }
        i += 1;
        Ok(())
    })?;
    let places: Vec<(i64, i64, &Place)> =
        claims.iter().zip(first..).flat_map(|((c, _), id)| c.places.iter().enumerate().map(move |(ord, p)| (id, ord as i64, p))).collect();
    insert_rows(tx, PLACE_INSERT, PLACE_INSERT_COLUMNS, &places, &mut |st, k, (id, ord, p)| {
        let candidates = if p.candidates.is_empty() { None } else { serde_json::to_string(&p.candidates).ok() };
        st.raw_bind_parameter(k, id)?;
        st.raw_bind_parameter(k + 1, ord)?;
        st.raw_bind_parameter(k + 2, &p.name)?;
        st.raw_bind_parameter(k + 3, p.province.map(|g| g.pcode()))?;
        st.raw_bind_parameter(k + 4, p.kind.map(PlaceKind::as_str))?;
        st.raw_bind_parameter(k + 5, &p.id)?;
        st.raw_bind_parameter(k + 6, &p.canonical)?;
        st.raw_bind_parameter(k + 7, &p.district)?;
        st.raw_bind_parameter(k + 8, p.lat)?;
        st.raw_bind_parameter(k + 9, p.lon)?;
        st.raw_bind_parameter(k + 10, p.score)?;
        st.raw_bind_parameter(k + 11, candidates)?;
        Ok(())
    })?;
    if v4 {
        insert_scopes(tx, claims, first, at)?;
    }
    if v5 {
        insert_locality_joins(tx, claims, first)?;
    }
    Ok(first)
}

/// The `claim_scopes` rows of claims just inserted from id `first` on
/// (see `schema::V4`): one per province written and per district, for the
/// claims with a valid day.
fn insert_scopes(tx: &Connection, claims: &[(&Claim, ClaimMeta<'_>)], first: i64, at: i64) -> rusqlite::Result<()> {
    /// One row: the claim, its id, valid day, scope and whether it is inside.
    type Row<'c> = (&'c Claim, &'c ClaimMeta<'c>, i64, String, String, bool);
    let mut rows: Vec<Row<'_>> = Vec::new();
    for ((c, m), id) in claims.iter().zip(first..) {
        let Some(valid) = m.valid else { continue };
        if c.places.is_empty() {
            continue;
        }
        let places: Vec<_> = c.places.iter().map(|p| (p.province, p.id.as_deref(), p.district.as_deref())).collect();
        let day = valid.anchor().to_string();
        for (scope, inside) in schema::scopes_of(&places) {
            rows.push((c, m, id, day.clone(), scope, inside));
        }
    }
    // Multi-row statements, as for the claims and places.
    insert_rows(tx, SCOPE_INSERT, SCOPE_INSERT_COLUMNS, &rows, &mut |st, k, (c, m, id, day, scope, inside)| {
        let (since, date) = match c.window {
            Window::Day => (None, None),
            Window::Total { since } => (since.map(|d| d.to_string()), None),
            Window::Date { date } => (None, Some(date.to_string())),
        };
        st.raw_bind_parameter(k, day)?;
        st.raw_bind_parameter(k + 1, c.metric.as_str())?;
        st.raw_bind_parameter(k + 2, scope)?;
        st.raw_bind_parameter(k + 3, id)?;
        st.raw_bind_parameter(k + 4, inside)?;
        st.raw_bind_parameter(k + 5, m.document)?;
        st.raw_bind_parameter(k + 6, c.value)?;
        st.raw_bind_parameter(k + 7, c.window.kind())?;
        st.raw_bind_parameter(k + 8, since)?;
        st.raw_bind_parameter(k + 9, date)?;
        st.raw_bind_parameter(k + 10, m.reporter)?;
        st.raw_bind_parameter(k + 11, matches!(m.valid, Some(ReportDay::Month { .. })))?;
        st.raw_bind_parameter(k + 12, ReviewState::Unreviewed.as_str())?;
        st.raw_bind_parameter(k + 13, at)?;
        Ok(())
    })
}

/// The `locality_joins` rows of claims just inserted from id `first` on
/// (see `schema::V5`).
fn insert_locality_joins(tx: &Connection, claims: &[(&Claim, ClaimMeta<'_>)], first: i64) -> rusqlite::Result<()> {
    let mut rows: Vec<(String, String, i64)> = Vec::new();
    for ((c, m), id) in claims.iter().zip(first..) {
        let Some(valid) = m.valid else { continue };
        for key in schema::locality_joins_of(c) {
            rows.push((valid.anchor().to_string(), key, id));
        }
    }
    insert_rows(tx, "INSERT INTO locality_joins (valid_day, locality, claim_id) VALUES ", 3, &rows, &mut |st, k, (day, key, id)| {
        st.raw_bind_parameter(k, day)?;
        st.raw_bind_parameter(k + 1, key)?;
        st.raw_bind_parameter(k + 2, id)?;
        Ok(())
    })?;
    // The earliest day per locality: one upsert per locality and day, which
    // writes nothing once the locality has an earlier one.
    let mut firsts: Vec<(&str, &str)> = rows.iter().map(|(day, key, _)| (key.as_str(), day.as_str())).collect();
    firsts.sort_unstable();
    firsts.dedup_by_key(|(key, _)| *key);
    let mut st = tx.prepare_cached(schema::FIRST_JOIN_UPSERT)?;
    for (key, day) in firsts {
        st.execute(params![key, day])?;
    }
    Ok(())
}

const SCOPE_INSERT: &str = "INSERT INTO claim_scopes (valid_day, metric, scope, claim_id, inside, document_id, value, \
     window_kind, window_since, window_date, reporter, valid_month_only, review_state, recorded_at) VALUES ";
const SCOPE_INSERT_COLUMNS: usize = 14;

/// The latest distinct recorded times (`?2` of them, at or before `?1`):
/// a compound SELECT with an ORDER BY is a merge of its arms, each read
/// backwards along its index (schema version 6), and stops after `?2`
/// rows, so it reads about as many index entries as it returns whatever the
/// history's length. `UNION` drops a time found in two arms. On an older
/// schema the same query is right, only slower.
pub(crate) const RECORDED_TIMES: &str = "SELECT recorded_at FROM documents WHERE recorded_at <= ?1 \
     UNION SELECT recorded_at FROM claims WHERE document_id IS NULL AND recorded_at <= ?1 \
     UNION SELECT recorded_at FROM claims WHERE supersedes IS NOT NULL AND recorded_at <= ?1 \
     ORDER BY 1 DESC LIMIT ?2";

impl LedgerStore for SqliteLedger {
    fn location(&self) -> &str {
        &self.location
    }

    fn ingest(&mut self, doc: &NewDocument<'_>, ex: &Extraction, stamp: &Stamp) -> Result<IngestOutcome> {
        for c in &ex.claims {
            validate_claim(c).map_err(|e| LedgerError::Invalid(format!("document {}: {e}", ex.doc.id)))?;
        }
        let location = self.location.clone();
        let sql = |source| LedgerError::Sqlite { location: location.clone(), source };
        let hash = doc.hash.to_hex();
        let boilerplate = serde_json::to_string(&ex.boilerplate).unwrap_or_else(|_| "[]".into());
        let warnings = serde_json::to_string(&ex.warnings).unwrap_or_else(|_| "[]".into());
        // IMMEDIATE: take the write lock before reading the hash, so two
        // processes cannot both decide a document is new.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let existing: Option<i64> =
            tx.prepare_cached("SELECT id FROM documents WHERE hash = ?1").and_then(|mut s| s.query_row([&hash], |r| r.get(0)).optional()).map_err(sql)?;
        if let Some(id) = existing {
            return Ok(IngestOutcome::Duplicate { existing: DocId(id) });
        }
        let version: i64 = tx
            .prepare_cached("SELECT coalesce(max(version), 0) + 1 FROM documents WHERE source_key = ?1")
            .and_then(|mut s| s.query_row([doc.source_key], |r| r.get(0)))
            .map_err(sql)?;
        tx.prepare_cached(
            "INSERT INTO documents (source_key, version, hash, name, lang, published, reporter, source_path, text,
                 boilerplate, warnings, claim_count, recorded_at, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut s| {
            s.execute(params![
                doc.source_key,
                version,
                hash,
                ex.doc.id,
                ex.doc.lang.map(|l| l.as_str()),
                ex.doc.published.map(|p| p.to_string()),
                ex.doc.reporter,
                doc.source_path,
                doc.text,
                boilerplate,
                warnings,
                ex.claims.len() as i64,
                micros(stamp.at),
                stamp.by,
            ])
        })
        .map_err(sql)?;
        let id = tx.last_insert_rowid();
        let claims: Vec<(&Claim, ClaimMeta<'_>)> = ex
            .claims
            .iter()
            .enumerate()
            .map(|(seq, c)| {
                (
                    c,
                    ClaimMeta {
                        document: Some(id),
                        seq: Some(seq as i64),
                        reporter: ex.doc.reporter.as_deref(),
                        valid: valid_of(c, ex.doc.published),
                        supersedes: None,
                        note: None,
                    },
                )
            })
            .collect();
        insert_claims(&tx, &claims, stamp, (self.v4, self.v5, self.v7)).map_err(sql)?;
        if version > 1 && self.v4 {
            // The older versions are replaced from now on (or from earlier,
            // when a later version was recorded with an earlier stamp).
            tx.prepare_cached(
                "INSERT INTO replaced_documents (document_id, replaced_at) \
                 SELECT id, ?1 FROM documents WHERE source_key = ?2 AND version < ?3 AND true \
                 ON CONFLICT (document_id) DO UPDATE SET replaced_at = min(replaced_at, excluded.replaced_at)",
            )
            .and_then(|mut s| s.execute(params![micros(stamp.at), doc.source_key, version]))
            .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(IngestOutcome::Stored { doc: DocId(id), version: version.try_into().unwrap_or(u32::MAX), claims: ex.claims.len() })
    }

    fn record(&mut self, new: &NewClaim, stamp: &Stamp) -> Result<ClaimId> {
        validate_claim(&new.claim)?;
        let location = self.location.clone();
        let sql = |source| LedgerError::Sqlite { location: location.clone(), source };
        let meta = ClaimMeta {
            document: None,
            seq: None,
            reporter: new.reporter.as_deref(),
            valid: new.valid.or_else(|| valid_of(&new.claim, None)),
            supersedes: None,
            note: new.note.as_deref(),
        };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let id = insert_claims(&tx, &[(&new.claim, meta)], stamp, (self.v4, self.v5, self.v7)).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(ClaimId(id))
    }

    fn correct(&mut self, old: ClaimId, new: &NewClaim, stamp: &Stamp) -> Result<ClaimId> {
        validate_claim(&new.claim)?;
        let location = self.location.clone();
        let sql = |source| LedgerError::Sqlite { location: location.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let prev: Option<(Option<i64>, Option<String>)> =
            tx.query_row("SELECT document_id, reporter FROM claims WHERE id = ?1", [old.0], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(sql)?;
        let Some((document, old_reporter)) = prev else {
            return Err(LedgerError::NoSuchClaim(old));
        };
        let by: Option<i64> = tx.query_row("SELECT id FROM claims WHERE supersedes = ?1", [old.0], |r| r.get(0)).optional().map_err(sql)?;
        if let Some(by) = by {
            return Err(LedgerError::AlreadyCorrected { old, by: ClaimId(by) });
        }
        // The old claim's valid day, unless the correction says otherwise.
        let old_valid: (Option<String>, i64) =
            tx.query_row("SELECT valid_day, valid_month_only FROM claims WHERE id = ?1", [old.0], |r| Ok((r.get(0)?, r.get(1)?))).map_err(sql)?;
        let inherited = match old_valid {
            (Some(d), m) => d.parse::<Date>().ok().map(|d| if m != 0 { ReportDay::Month { year: d.year(), month: d.month() } } else { ReportDay::Day(d) }),
            (None, _) => None,
        };
        let reporter = new.reporter.clone().or(old_reporter);
        let meta = ClaimMeta {
            document,
            seq: None,
            reporter: reporter.as_deref(),
            valid: new.valid.or(match new.claim.window {
                Window::Date { date } => Some(ReportDay::Day(date)),
                _ => inherited,
            }),
            supersedes: Some(old.0),
            note: new.note.as_deref(),
        };
        let id = insert_claims(&tx, &[(&new.claim, meta)], stamp, (self.v4, self.v5, self.v7)).map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(ClaimId(id))
    }

    fn review(&mut self, id: ClaimId, state: ReviewState, note: Option<&str>, stamp: &Stamp) -> Result<()> {
        let location = self.location.clone();
        let sql = |source| LedgerError::Sqlite { location: location.clone(), source };
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(sql)?;
        let n = tx.execute("UPDATE claims SET review_state = ?1 WHERE id = ?2", params![state.as_str(), id.0]).map_err(sql)?;
        if n == 0 {
            return Err(LedgerError::NoSuchClaim(id));
        }
        if self.v4 {
            tx.execute(
                "UPDATE claim_scopes SET review_state = ?1 WHERE valid_day = (SELECT valid_day FROM claims WHERE id = ?2) \
             AND metric = (SELECT metric FROM claims WHERE id = ?2) AND claim_id = ?2",
                params![state.as_str(), id.0],
            )
            .map_err(sql)?;
        }
        tx.execute(
            "INSERT INTO review_events (claim_id, state, by, at, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.0, state.as_str(), stamp.by, micros(stamp.at), note],
        )
        .map_err(sql)?;
        tx.commit().map_err(sql)?;
        Ok(())
    }

    fn claim(&self, id: ClaimId) -> Result<Option<StoredClaim>> {
        let mut out = None;
        self.query(&ClaimFilter::default(), Some(id), &mut |c| {
            out = Some(c);
            ControlFlow::Break(())
        })?;
        Ok(out)
    }

    fn for_each_claim(&self, filter: &ClaimFilter, f: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>) -> Result<()> {
        self.query(filter, None, f)
    }

    fn count_claims(&self, filter: &ClaimFilter) -> Result<u64> {
        let mut q = Query::new(filter, None, true);
        let sql = q.sql();
        let n: i64 = self.conn.prepare_cached(&sql).and_then(|mut s| s.query_row(params_from_iter(q.values.iter()), |r| r.get(0))).map_err(|e| self.sql(e))?;
        Ok(n.max(0) as u64)
    }

    fn review_history(&self, id: ClaimId) -> Result<Vec<ReviewEvent>> {
        let mut st = self.conn.prepare_cached("SELECT state, by, at, note FROM review_events WHERE claim_id = ?1 ORDER BY at, id").map_err(|e| self.sql(e))?;
        let mut rows = st.query([id.0]).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            let state: String = r.get(0).map_err(|e| self.sql(e))?;
            out.push(ReviewEvent {
                claim: id,
                state: state.parse().map_err(|_| self.corrupt(format!("review of claim {id}: state {state:?}")))?,
                by: r.get(1).map_err(|e| self.sql(e))?,
                at: self.ts(r.get(2).map_err(|e| self.sql(e))?)?,
                note: r.get(3).map_err(|e| self.sql(e))?,
            });
        }
        Ok(out)
    }

    fn documents(&self, page: Page) -> Result<Vec<DocumentInfo>> {
        let mut st = self.conn.prepare_cached(&format!("SELECT {DOC_COLUMNS} FROM documents ORDER BY id DESC LIMIT ?1 OFFSET ?2")).map_err(|e| self.sql(e))?;
        let mut rows = st.query(params![page.limit.min(i64::MAX as u64) as i64, page.offset.min(i64::MAX as u64) as i64]).map_err(|e| self.sql(e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.sql(e))? {
            out.push(self.doc_info(r)?);
        }
        Ok(out)
    }

    fn document(&self, id: DocId) -> Result<Option<StoredDocument>> {
        let mut st =
            self.conn.prepare_cached(&format!("SELECT {DOC_COLUMNS}, text, boilerplate, warnings FROM documents WHERE id = ?1")).map_err(|e| self.sql(e))?;
        let mut rows = st.query([id.0]).map_err(|e| self.sql(e))?;
        let Some(r) = rows.next().map_err(|e| self.sql(e))? else {
            return Ok(None);
        };
        let info = self.doc_info(r)?;
        let text: String = r.get(12).map_err(|e| self.sql(e))?;
        let bp: String = r.get(13).map_err(|e| self.sql(e))?;
        let wn: String = r.get(14).map_err(|e| self.sql(e))?;
        let boilerplate: Vec<String> = serde_json::from_str(&bp).map_err(|e| self.corrupt(format!("document {id}: boilerplate: {e}")))?;
        let warnings: Vec<Diagnostic> = serde_json::from_str(&wn).map_err(|e| self.corrupt(format!("document {id}: warnings: {e}")))?;
        Ok(Some(StoredDocument { info, text, boilerplate, warnings }))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = fts_query(query) else {
            return Ok(Vec::new());
        };
        self.index_pending()?;
        // A rowid is (document, sentence start), so descending rowids are
        // newest documents first, each document's matches together: FTS5
        // walks them in that order and `search_hits` stops reading after
        // `limit` documents.
        let mut st = self.conn.prepare_cached("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?1 ORDER BY rowid DESC").map_err(|e| self.sql(e))?;
        let matches = st.query_map([fts], |r| r.get::<_, i64>(0)).map_err(|e| self.sql(e))?.map(|r| r.map(schema::split_rowid).map_err(|e| self.sql(e)));
        crate::search_hits(matches, limit, |id| self.document(id))
    }

    fn stats(&self) -> Result<LedgerStats> {
        let n = |sql: &str| -> Result<u64> { self.conn.query_row(sql, [], |r| r.get::<_, i64>(0)).map(|v| v.max(0) as u64).map_err(|e| self.sql(e)) };
        Ok(LedgerStats {
            documents: n("SELECT count(*) FROM documents")?,
            claims: n("SELECT count(*) FROM claims")?,
            corrections: n("SELECT count(*) FROM claims WHERE supersedes IS NOT NULL")?,
            reviews: n("SELECT count(*) FROM review_events")?,
            schema_version: self.schema_version()?,
        })
    }

    /// Every write appends a document, a claim or a review event, and one
    /// writer at a time commits in id order, so the highest ids of the three
    /// tables tell one state from another (three index seeks).
    fn generation(&self) -> Result<Generation> {
        self.conn
            .prepare_cached(
                "SELECT (SELECT coalesce(max(id), 0) FROM documents), (SELECT coalesce(max(id), 0) FROM claims), \
                 (SELECT coalesce(max(id), 0) FROM review_events)",
            )
            .and_then(|mut s| s.query_row([], |r| Ok(Generation::new(format!("{}:{}:{}", r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))))
            .map_err(|e| self.sql(e))
    }

    fn latest_day(&self) -> Result<Option<Date>> {
        let day: Option<String> =
            self.conn.prepare_cached("SELECT max(valid_day) FROM claims").and_then(|mut s| s.query_row([], |r| r.get(0))).map_err(|e| self.sql(e))?;
        day.map(|d| d.parse().map_err(|e| self.corrupt(format!("valid day {d:?}: {e}")))).transpose()
    }

    /// The claims table is never scanned: a document's claims are recorded
    /// with it, so the documents recorded in
    /// the window give most days (a range of `documents_recorded`, then the
    /// index on `document_id`), and the claims recorded apart from a
    /// document (by hand, or corrections) are found through the partial
    /// indexes `claims_loose_recorded` and `claims_corrections_recorded`.
    /// (Before schema version 6 the same query scans the documents.)
    fn days_recorded(&self, since: Timestamp, until: Timestamp) -> Result<Vec<Date>> {
        let mut st = self
            .conn
            .prepare_cached(
                // No condition on valid_day and no ORDER BY or UNION here: either
                // lures the planner onto the valid-day index and a scan of the
                // claims; sorting and undated claims are dealt with below.
                "SELECT valid_day FROM claims WHERE document_id IN \
                   (SELECT id FROM documents WHERE recorded_at > ?1 AND recorded_at <= ?2) \
                 UNION ALL SELECT valid_day FROM claims WHERE document_id IS NULL AND recorded_at > ?1 AND recorded_at <= ?2 \
                 UNION ALL SELECT valid_day FROM claims WHERE supersedes IS NOT NULL AND recorded_at > ?1 AND recorded_at <= ?2",
            )
            .map_err(|e| self.sql(e))?;
        let rows = st.query_map(params![since.as_microsecond(), until.as_microsecond()], |r| r.get::<_, Option<String>>(0)).map_err(|e| self.sql(e))?;
        let mut days = std::collections::BTreeSet::new();
        for r in rows {
            let Some(s) = r.map_err(|e| self.sql(e))? else { continue };
            days.insert(s.parse::<Date>().map_err(|e| self.corrupt(format!("valid day {s:?}: {e}")))?);
        }
        Ok(days.into_iter().collect())
    }

    fn recorded_times(&self, until: Timestamp, limit: usize) -> Result<Vec<Timestamp>> {
        let mut st = self.conn.prepare_cached(RECORDED_TIMES).map_err(|e| self.sql(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st.query_map(params![until.as_microsecond(), limit], |r| r.get::<_, i64>(0)).map_err(|e| self.sql(e))?;
        rows.map(|r| self.ts(r.map_err(|e| self.sql(e))?)).collect()
    }

    fn as_sqlite(&self) -> Option<&SqliteLedger> {
        Some(self)
    }
}

/// An FTS5 query for `q` that cannot be a syntax error: each word quoted,
/// a prefix word followed by FTS5's `*`, all words required. `None` when
/// there are no words.
fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> =
        crate::search_words(q).into_iter().map(|w| if w.prefix { format!("\"{}\"*", w.text) } else { format!("\"{}\"", w.text) }).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The feed's recorded times are three ranges of indexes merged in
    /// order: no table scanned, nothing sorted, so a bounded read stays
    /// bounded however long the history.
    #[test]
    fn recorded_times_read_their_indexes_in_order() {
        let l = SqliteLedger::open_in_memory().expect("open");
        let mut st = l.connection().prepare(&format!("EXPLAIN QUERY PLAN {RECORDED_TIMES}")).expect("prepare");
        let plan: Vec<String> = st.query_map(params![0, 28], |r| r.get::<_, String>(3)).expect("plan").map(|r| r.expect("row")).collect();
        let plan = plan.join("\n");
        for index in ["documents_recorded", "claims_loose_recorded", "claims_corrections_recorded"] {
            assert!(plan.contains(&format!("INDEX {index} ")), "{index} unused:\n{plan}");
        }
        assert!(!plan.contains("SCAN") && !plan.contains("TEMP B-TREE"), "{plan}");
        assert!(plan.contains("MERGE"), "{plan}");
    }

    #[test]
    fn fts_query_quotes_words_and_drops_syntax() {
        assert_eq!(fts_query("Maarest"), Some("\"Maarest\"".into()));
        assert_eq!(fts_query("al-Numan \"x"), Some("\"al\" \"Numan\" \"x\"".into()));
        assert_eq!(fts_query(" - * "), None);
        assert_eq!(fts_query("Maar* x*"), Some("\"Maar\"* \"x\"".into()));
    }

    #[test]
    fn rowids_pack_and_unpack() {
        let r = schema::sentence_rowid(123_456, 4_000_000);
        assert_eq!(schema::split_rowid(r), (123_456, 4_000_000));
    }
}
