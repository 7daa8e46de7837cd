//! The SQLite schema and its migrations: versioned by `PRAGMA user_version`,
//! append-only (never edit a released step; add a new one).

use crate::{LedgerError, Result};
use rusqlite::{Connection, Transaction, params};
use truce_model::Governorate;

/// `PRAGMA application_id` of a truce ledger ("truc"): tells our files from
/// other SQLite files, so `--db` pointed at the wrong file is refused.
pub const APPLICATION_ID: i64 = 0x7472_7563;

/// One migration step: SQL, then an optional data step in Rust for what SQL
/// cannot do (such as splitting stored text into sentences).
pub struct Migration {
    pub sql: &'static str,
    pub data: Option<fn(&Transaction<'_>) -> rusqlite::Result<()>>,
}

/// Every schema version in order; the schema version of a ledger is the
/// number of steps applied to it.
pub const MIGRATIONS: &[Migration] = &[
    // 1: documents, claims with their places, review history.
    Migration { sql: V1, data: None },
    // 2: full-text search over stored documents, sentence by sentence.
    Migration { sql: V2, data: Some(index_existing_documents) },
    // 3: fewer indexes, for ingest speed (issue 4).
    Migration { sql: V3, data: None },
    // 4: what the fast views read: claims by day, metric and scope with the
    // columns figures need; documents replaced by a newer version (issue 5).
    Migration { sql: V4, data: Some(fill_claim_scopes) },
    // 5: every join of a locality, by locality then day, so the audit finds
    // a locality's first join over the whole history with one seek (issue 5).
    Migration { sql: V5, data: Some(fill_locality_joins) },
    // 6: recorded times in order, so the feed reads the latest few of them
    // and an edition finds its documents without a scan.
    Migration { sql: V6, data: None },
    // 7: each claim's reasons, the words that decided how it was read.
    Migration { sql: V7, data: None },
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// Times are INTEGER microseconds since the Unix epoch, UTC: compact, and
/// compared as numbers by the bitemporal queries. Days are TEXT `YYYY-MM-DD`,
/// which sorts as dates do.
const V1: &str = r#"
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    source_key   TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    hash         TEXT    NOT NULL UNIQUE,          -- blake3 of the raw bytes, hex
    name         TEXT    NOT NULL,                 -- the extraction's doc.id
    lang         TEXT,
    published    TEXT,                             -- YYYY-MM-DD or YYYY-MM
    reporter     TEXT,
    source_path  TEXT,
    text         TEXT    NOT NULL,                 -- decoded text: spans point into it
    boilerplate  TEXT    NOT NULL DEFAULT '[]',    -- JSON array of strings
    warnings     TEXT    NOT NULL DEFAULT '[]',    -- JSON array of diagnostics
    claim_count  INTEGER NOT NULL,                 -- written in the same transaction as the claims
    recorded_at  INTEGER NOT NULL,
    recorded_by  TEXT    NOT NULL,
    UNIQUE (source_key, version)
);

CREATE TABLE claims (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER REFERENCES documents(id),   -- NULL when recorded by hand
    seq           INTEGER,                            -- order within its document
    metric        TEXT    NOT NULL,
    value         REAL,
    window_kind   TEXT    NOT NULL CHECK (window_kind IN ('day', 'total', 'date')),
    window_since  TEXT,
    window_date   TEXT,
    actor         TEXT,
    evidence      TEXT    NOT NULL,
    span_start    INTEGER,
    span_end      INTEGER,
    reporter      TEXT,
    valid_day     TEXT,                               -- YYYY-MM-DD (first of the month when month_only)
    valid_month_only INTEGER NOT NULL DEFAULT 0,
    recorded_at   INTEGER NOT NULL,
    recorded_by   TEXT    NOT NULL,
    supersedes    INTEGER REFERENCES claims(id),
    review_state  TEXT    NOT NULL DEFAULT 'unreviewed'
                  CHECK (review_state IN ('unreviewed', 'confirmed', 'disputed', 'rejected')),
    note          TEXT
);
CREATE INDEX claims_valid ON claims (valid_day);
CREATE INDEX claims_metric_valid ON claims (metric, valid_day);
CREATE INDEX claims_document ON claims (document_id);
CREATE UNIQUE INDEX claims_supersedes ON claims (supersedes) WHERE supersedes IS NOT NULL;

CREATE TABLE claim_places (
    claim_id    INTEGER NOT NULL REFERENCES claims(id),
    ord         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    province    TEXT,                                 -- p-code SY01..SY14
    kind        TEXT,
    place_id    TEXT,                                 -- gazetteer id or admin p-code
    canonical   TEXT,
    district    TEXT,
    lat         REAL,
    lon         REAL,
    score       REAL,
    candidates  TEXT,                                 -- JSON array, NULL when none
    PRIMARY KEY (claim_id, ord)
) WITHOUT ROWID;
CREATE INDEX claim_places_province ON claim_places (province, claim_id);
CREATE INDEX claim_places_place ON claim_places (place_id, claim_id);
CREATE INDEX claim_places_name ON claim_places (name COLLATE NOCASE, claim_id);

CREATE TABLE review_events (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL REFERENCES claims(id),
    state     TEXT    NOT NULL
              CHECK (state IN ('unreviewed', 'confirmed', 'disputed', 'rejected')),
    by        TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    note      TEXT
);
CREATE INDEX review_events_claim ON review_events (claim_id, at);
"#;

/// Contentless FTS5: the text lives once, in `documents.text`. A row is one
/// sentence; its rowid packs the document id and the sentence's byte offset
/// (`doc_id << 32 | start`), so a hit finds its sentence without another table.
///
/// The index is derived data, kept out of the per-document ingest
/// transaction: FTS5 writes a new segment at every commit, which cost a
/// third of the ingest time. `search_state.indexed_upto` is the highest
/// document id indexed; [`super::SqliteLedger::index_pending`] catches up in
/// batches (at the end of an ingest and before every search), each batch in
/// one transaction with its high-water mark, so a kill leaves it consistent.
/// `detail = none` keeps the index small: queries are sets of words, not
/// phrases.
const V2: &str = r#"
CREATE TABLE search_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto  INTEGER NOT NULL
);
INSERT INTO search_state (id, indexed_upto) VALUES (1, 0);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    body,
    content = '',
    detail = none,
    tokenize = 'unicode61 remove_diacritics 2'
);
"#;

/// Fewer indexes, for ingest speed (issue 4). Every index costs a commit
/// one leaf page (and its parents) per distinct key the document touches,
/// and a commit writes each dirty page whole to the WAL: with version 2 a
/// 24-claim document wrote ~57 pages (233 KiB with checkpoints), now ~17.
///
/// - The three place indexes were used by no query: the place, province and
///   district filters are `EXISTS` probes correlated on `claim_id`, which
///   the primary key of `claim_places` serves (`EXPLAIN QUERY PLAN`).
/// - `claims_valid (valid_day)` and `claims_metric_valid (metric, valid_day)`
///   become one `(valid_day, metric)`: it serves every claim query's order
///   (valid day, then id), a valid-day range, and a metric within a range
///   (the metric is tested in the index, so only matching rows are read).
///   Valid days grow with ingest order, so inserts land at its end, where
///   `(metric, valid_day)` took one leaf per metric of each document. A
///   metric over all time, with no range, now scans this index instead of
///   seeking a slice of it.
const V3: &str = r#"
DROP INDEX claim_places_province;
DROP INDEX claim_places_place;
DROP INDEX claim_places_name;
DROP INDEX claims_metric_valid;
DROP INDEX claims_valid;
CREATE INDEX claims_valid_metric ON claims (valid_day, metric);
"#;

/// What the views of a governorate or district read, and nothing else
/// (issue 5: a governorate's series over a year read ~333k claims' places
/// and rows scattered over 400 MB at 10M claims; now one index range a day).
///
/// `claim_scopes` holds, for every claim with a valid day, one row per
/// province written on its places (`SY02`) and one per district
/// (`d:SY0200`), with the columns a figure needs copied from the claim, and
/// `inside`: whether every place of the claim lies in that scope (for a
/// province, its governorate or one that means the same, see
/// `Governorate::same_as`). It is written with the claims, in their
/// transaction, and its `review_state` is updated with the claim's. The key
/// starts with the valid day, so a document's rows land at the end of the
/// index as the claims' do.
///
/// `replaced_documents` says since when a newer version of a document
/// exists (the earliest recording of a later version), so "newest version as
/// known at T" is one probe of a small table instead of reading a document
/// row per claim.
const V4: &str = r#"
CREATE TABLE claim_scopes (
    valid_day        TEXT    NOT NULL,
    metric           TEXT    NOT NULL,
    scope            TEXT    NOT NULL,
    claim_id         INTEGER NOT NULL,
    inside           INTEGER NOT NULL,
    document_id      INTEGER,
    value            REAL,
    window_kind      TEXT    NOT NULL,
    window_since     TEXT,
    window_date      TEXT,
    reporter         TEXT,
    valid_month_only INTEGER NOT NULL,
    review_state     TEXT    NOT NULL,
    recorded_at      INTEGER NOT NULL,
    PRIMARY KEY (valid_day, metric, scope, claim_id)
) WITHOUT ROWID;

CREATE TABLE replaced_documents (
    document_id  INTEGER PRIMARY KEY REFERENCES documents(id),
    replaced_at  INTEGER NOT NULL
);
INSERT INTO replaced_documents (document_id, replaced_at)
    SELECT d.id, min(d2.recorded_at) FROM documents d
    JOIN documents d2 ON d2.source_key = d.source_key AND d2.version > d.version
    GROUP BY d.id;
"#;

/// Every join of a locality, for the audit's "joined twice" over the whole
/// history (issue 5), written with the claims in their transaction.
///
/// `locality_joins` has one row per locality a joining claim names (see
/// [`crate::joins_localities`], [`crate::locality_key`]), for claims with a
/// valid day. Its key starts with the day, so a document's rows land
/// together at the end of the index: keyed by locality first, each document
/// dirtied one more page per locality it names, which cost 15–20 % of the
/// ingest rate (docs/benchmarks.md).
///
/// `locality_first_joins` keeps the earliest valid day of any of those rows
/// per locality, whatever its review state or version: no visible join can
/// come before it, so "the first visible join of this locality before D"
/// starts at that day (one probe) and is usually found there. Once a
/// locality has a row, a later join writes nothing (the upsert's condition
/// is false), so ingest only reads it. Which rows are visible (recorded by
/// then, not superseded, newest version, review state) is decided on the
/// claim itself, joined by id, as every view decides it.
const V5: &str = r#"
CREATE TABLE locality_joins (
    valid_day  TEXT    NOT NULL,
    locality   TEXT    NOT NULL,
    claim_id   INTEGER NOT NULL,
    PRIMARY KEY (valid_day, locality, claim_id)
) WITHOUT ROWID;

CREATE TABLE locality_first_joins (
    locality   TEXT    PRIMARY KEY,
    first_day  TEXT    NOT NULL
) WITHOUT ROWID;
"#;

/// The times the ledger learnt something, in order (`recorded_times`), and
/// the documents recorded in an edition's window (`days_recorded`), each
/// one range of an index instead of reading the documents whole: without
/// them the feed read every document row (their text included) on each
/// request, ~110 ms at 1M claims and growing with the history.
///
/// The claims recorded apart from a document (by hand) and corrections are
/// indexed by time apart, in partial indexes: only those claims are in
/// them, so a document's ingest writes to neither. The names are those of
/// the PostgreSQL schema. `claims_loose_recorded` starts with the
/// `document_id` that is always NULL in it: keyed by time alone, the
/// planner took `claims_document` for `document_id IS NULL` (an equality
/// beats a range) and sorted every loose claim (`EXPLAIN QUERY PLAN`).
const V6: &str = r#"
CREATE INDEX documents_recorded ON documents (recorded_at);
CREATE INDEX claims_loose_recorded ON claims (document_id, recorded_at) WHERE document_id IS NULL;
CREATE INDEX claims_corrections_recorded ON claims (recorded_at) WHERE supersedes IS NOT NULL;
"#;

/// Each claim's reasons (`Claim::reasons`), as [`crate::reasons`] writes
/// them (compact JSON: a cue the evidence holds is kept by its span alone),
/// NULL when the claim has none (every claim stored before this version,
/// and claims written by hand).
///
/// A column rather than a table of its own: reasons are only ever read
/// with their claim, never searched or filtered, so a table would cost each
/// ingest another B-tree to write (rows, keys and their pages) for nothing
/// any query needs. `ADD COLUMN` rewrites no row, so the upgrade is
/// instant whatever the ledger's size.
const V7: &str = r#"
ALTER TABLE claims ADD COLUMN reasons TEXT;
"#;

/// Records that `locality` joined on `day`, keeping the earliest day.
pub const FIRST_JOIN_UPSERT: &str = "INSERT INTO locality_first_joins (locality, first_day) VALUES (?1, ?2) \
     ON CONFLICT (locality) DO UPDATE SET first_day = excluded.first_day WHERE excluded.first_day < first_day";

/// The `locality_joins` keys of one claim: each locality it names once, in
/// the order first named; none when it does not say its localities joined.
pub fn locality_joins_of(claim: &truce_model::Claim) -> Vec<String> {
    if !crate::joins_localities(claim) {
        return Vec::new();
    }
    let mut keys: Vec<String> = Vec::new();
    for k in claim.places.iter().filter_map(crate::locality_key) {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys
}

/// Inserts one `locality_joins` row.
pub const LOCALITY_JOIN_INSERT: &str = "INSERT INTO locality_joins (valid_day, locality, claim_id) VALUES (?1, ?2, ?3)";

/// Fills `locality_joins` from the claims and places already stored: only
/// the claims of the join metrics are read, with what the keys need.
fn fill_locality_joins(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let metrics: Vec<&str> = crate::JOIN_METRICS.iter().map(|m| m.as_str()).collect();
    let mut read = tx.prepare(
        "SELECT c.id, c.valid_day, c.metric, c.window_kind, p.name, p.province, p.kind, p.place_id          FROM claims c JOIN claim_places p ON p.claim_id = c.id          WHERE c.valid_day IS NOT NULL AND c.metric IN (?1, ?2) ORDER BY c.id, p.ord",
    )?;
    let mut write = tx.prepare(LOCALITY_JOIN_INSERT)?;
    let mut first = tx.prepare(FIRST_JOIN_UPSERT)?;
    let mut rows = read.query(params![metrics[0], metrics[1]])?;
    // One claim at a time: its id, valid day and the claim the keys are made from.
    let mut current: Option<(i64, String, truce_model::Claim)> = None;
    let mut flush = |current: &Option<(i64, String, truce_model::Claim)>| -> rusqlite::Result<()> {
        if let Some((id, day, claim)) = current {
            for key in locality_joins_of(claim) {
                write.execute(params![day, key, id])?;
                first.execute(params![key, day])?;
            }
        }
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if current.as_ref().map(|c| c.0) != Some(id) {
            flush(&current)?;
            let metric: String = r.get(2)?;
            let window_kind: String = r.get(3)?;
            let claim = truce_model::Claim {
                metric: metric.parse().unwrap_or(crate::JOIN_METRICS[0]),
                value: None,
                // Only whether it is a running total matters to the keys.
                window: if window_kind == "total" { truce_model::Window::Total { since: None } } else { truce_model::Window::Day },
                actor: None,
                places: Vec::new(),
                evidence: String::new(),
                span: None,
                reasons: Vec::new(),
            };
            current = Some((id, r.get(1)?, claim));
        }
        let province: Option<String> = r.get(5)?;
        let kind: Option<String> = r.get(6)?;
        if let Some((_, _, claim)) = current.as_mut() {
            claim.places.push(truce_model::Place {
                name: r.get(4)?,
                province: province.and_then(|p| p.parse().ok()),
                kind: kind.as_deref().and_then(|k| k.parse().ok()),
                id: r.get(7)?,
                ..truce_model::Place::default()
            });
        }
    }
    flush(&current)?;
    Ok(())
}

/// The scope rows of one claim: `(scope, inside)` for each distinct
/// province written on its places and each distinct district. `places` are
/// `(province, place id, district)`.
pub fn scopes_of(places: &[(Option<Governorate>, Option<&str>, Option<&str>)]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for (province, _, district) in places {
        if let Some(g) = province {
            let key = g.pcode().to_owned();
            if !out.iter().any(|(k, _)| *k == key) {
                let inside = places.iter().all(|(p, id, _)| crate::governorate_of(*p, *id).is_some_and(|o| o.same_as(*g)));
                out.push((key, inside));
            }
        }
        if let Some(d) = district {
            let key = format!("d:{d}");
            if !out.iter().any(|(k, _)| *k == key) {
                let inside = places.iter().all(|(_, id, dd)| dd == &Some(*d) || id == &Some(*d));
                out.push((key, inside));
            }
        }
    }
    out
}

/// Fills `claim_scopes` from the claims and places already stored.
fn fill_claim_scopes(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut read = tx.prepare(
        "SELECT c.id, c.valid_day, c.metric, c.document_id, c.value, c.window_kind, c.window_since, c.window_date, \
         c.reporter, c.valid_month_only, c.review_state, c.recorded_at, p.province, p.place_id, p.district \
         FROM claims c JOIN claim_places p ON p.claim_id = c.id WHERE c.valid_day IS NOT NULL ORDER BY c.id, p.ord",
    )?;
    let mut write = tx.prepare(SCOPE_INSERT)?;
    let mut rows = read.query([])?;
    // One claim's columns (the first row's) and its places.
    let mut current: Option<(i64, Vec<rusqlite::types::Value>)> = None;
    let mut places: Vec<(Option<Governorate>, Option<String>, Option<String>)> = Vec::new();
    let mut flush = |current: &Option<(i64, Vec<rusqlite::types::Value>)>,
                     places: &mut Vec<(Option<Governorate>, Option<String>, Option<String>)>|
     -> rusqlite::Result<()> {
        if let Some((id, cols)) = current {
            let borrowed: Vec<_> = places.iter().map(|(g, i, d)| (*g, i.as_deref(), d.as_deref())).collect();
            for (scope, inside) in scopes_of(&borrowed) {
                write
                    .execute(params![cols[0], cols[1], scope, id, inside, cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], cols[9], cols[10]])?;
            }
        }
        places.clear();
        Ok(())
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        if current.as_ref().map(|c| c.0) != Some(id) {
            flush(&current, &mut places)?;
            let cols = (1..12).map(|i| r.get::<_, rusqlite::types::Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
            current = Some((id, cols));
        }
        let province: Option<String> = r.get(12)?;
        places.push((province.and_then(|p| p.parse().ok()), r.get(13)?, r.get(14)?));
    }
    flush(&current, &mut places)?;
    Ok(())
}

/// Inserts one `claim_scopes` row: valid_day, metric, scope, claim_id,
/// inside, then the copied columns in the table's order.
pub const SCOPE_INSERT: &str = "INSERT INTO claim_scopes (valid_day, metric, scope, claim_id, inside, document_id, value, \
     window_kind, window_since, window_date, reporter, valid_month_only, review_state, recorded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

/// Packs a document id and a sentence's start into an FTS rowid.
pub fn sentence_rowid(doc: i64, start: usize) -> i64 {
    (doc << 32) | (start as i64 & 0xFFFF_FFFF)
}

/// Inverse of [`sentence_rowid`].
pub fn split_rowid(rowid: i64) -> (i64, usize) {
    (rowid >> 32, (rowid & 0xFFFF_FFFF) as usize)
}

/// Adds one document's sentences to the search index.
pub fn index_document(tx: &Connection, doc: i64, text: &str) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached("INSERT INTO sentences_fts (rowid, body) VALUES (?1, ?2)")?;
    for (a, b) in crate::sentences(text) {
        // Offsets past 4 GiB cannot be packed; such a document is not a bulletin.
        if a > 0xFFFF_FFFF {
            break;
        }
        st.execute(params![sentence_rowid(doc, a), &text[a..b]])?;
    }
    Ok(())
}

fn index_existing_documents(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    while index_batch(tx, i64::MAX)? > 0 {}
    Ok(())
}

/// Indexes up to `max_docs` documents past the high-water mark and moves
/// the mark; returns how many. Runs inside the caller's transaction.
pub fn index_batch(tx: &Connection, max_docs: i64) -> rusqlite::Result<u64> {
    let upto: i64 = tx.query_row("SELECT indexed_upto FROM search_state WHERE id = 1", [], |r| r.get(0))?;
    let mut st = tx.prepare_cached("SELECT id, text FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2")?;
    let mut rows = st.query(params![upto, max_docs])?;
    let (mut n, mut last) = (0u64, upto);
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let text: String = row.get(1)?;
        index_document(tx, id, &text)?;
        n += 1;
        last = id;
    }
    if n > 0 {
        tx.execute("UPDATE search_state SET indexed_upto = ?1 WHERE id = 1", [last])?;
    }
    Ok(n)
}

/// Reads the schema version and checks the file is ours, writing nothing.
pub fn check(conn: &Connection, location: &str) -> Result<i64> {
    let sql = |source| LedgerError::Sqlite { location: location.to_owned(), source };
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(sql)?;
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(sql)?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0)).map_err(sql)?;
    if app != APPLICATION_ID && (app != 0 || tables > 0) {
        return Err(LedgerError::NotALedger { location: location.to_owned(), found: app });
    }
    if version > LATEST {
        return Err(LedgerError::TooNew { location: location.to_owned(), found: version, supported: LATEST });
    }
    Ok(version)
}

/// Brings the schema from its current version up to `target`, one
/// transaction per step, so a failed step leaves the previous version whole.
pub fn migrate_to(conn: &mut Connection, location: &str, target: i64) -> Result<i64> {
    let mut version = check(conn, location)?;
    let target = target.min(LATEST);
    while version < target {
        let step = &MIGRATIONS[version as usize];
        let next = version + 1;
        let fail = |source| LedgerError::Migration {
            location: location.to_owned(),
            version: next,
            source: Box::new(LedgerError::Sqlite { location: location.to_owned(), source }),
        };
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive).map_err(fail)?;
        // Checked again inside the lock: another process may have migrated.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(fail)?;
        if now != version {
            drop(tx);
            version = check(conn, location)?;
            continue;
        }
        tx.execute_batch(step.sql).map_err(fail)?;
        if let Some(data) = step.data {
            data(&tx).map_err(fail)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID).map_err(fail)?;
        tx.pragma_update(None, "user_version", next).map_err(fail)?;
        tx.commit().map_err(fail)?;
        version = next;
    }
    Ok(version)
}
