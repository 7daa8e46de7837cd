//! `truce migrate-db`: copies an SQLite ledger into an empty PostgreSQL one
//! without loss: every document, claim (with its reasons), place and review
//! event, with its id, times and review state, so ids printed in old reports
//! still name the same claims. The copy is one transaction: a failure leaves
//! the target empty. Rows go in with binary `COPY`; the search index is
//! rebuilt from the documents' text, in each document's language.

use crate::{PgLedger, index_sentences};
use jiff::Timestamp;
use jiff::civil::Date;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use truce_ledger::{LedgerError, LedgerStore, Result, SqliteLedger};
use truce_model::Lang;

/// How many rows of each table were copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    pub documents: u64,
    pub claims: u64,
    pub places: u64,
    pub reviews: u64,
}

/// Copies every row of `from` into `to`, which must hold no documents and
/// no claims.
pub fn copy_sqlite_to_postgres(from: &SqliteLedger, to: &mut PgLedger) -> Result<Copied> {
    let s = to.stats()?;
    if s.documents > 0 || s.claims > 0 {
        return Err(LedgerError::Invalid(format!(
            "{} already holds {} documents and {} claims; migrate-db copies into an empty ledger only",
            to.location(),
            s.documents,
            s.claims
        )));
    }
    let src = from.connection();
    let sloc = from.location().to_owned();
    let dloc = to.location().to_owned();
    let lite = |e: rusqlite::Error| LedgerError::Sqlite { location: sloc.clone(), source: e };
    let pg = |e: postgres::Error| PgLedger::err_at(&dloc, e);
    let corrupt = |what: String| LedgerError::Corrupt { location: sloc.clone(), what };
    let ts = |micros: i64| Timestamp::from_microsecond(micros).map_err(|e| corrupt(format!("time {micros}: {e}")));
    let day = |s: Option<String>| -> Result<Option<Date>> { s.map(|s| s.parse::<Date>().map_err(|e| corrupt(format!("day {s:?}: {e}")))).transpose() };
    let mut copied = Copied::default();
    let mut tx = to.client.get_mut().transaction().map_err(pg)?;

    // Documents.
    {
        let sink = tx
            .copy_in(
                "COPY documents (id, source_key, version, hash, name, lang, published, reporter, source_path, text,
                     boilerplate, warnings, claim_count, recorded_at, recorded_by) FROM STDIN (FORMAT binary)",
            )
            .map_err(pg)?;
        let types = [
            Type::INT8,
            Type::TEXT,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::INT4,
            Type::TIMESTAMPTZ,
            Type::TEXT,
        ];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let mut st = src
            .prepare(
                "SELECT id, source_key, version, hash, name, lang, published, reporter, source_path, text,
                     boilerplate, warnings, claim_count, recorded_at, recorded_by FROM documents ORDER BY id",
            )
            .map_err(lite)?;
        let mut rows = st.query([]).map_err(lite)?;
        while let Some(r) = rows.next().map_err(lite)? {
            let id: i64 = r.get(0).map_err(lite)?;
            let version = r.get::<_, i64>(2).map_err(lite)? as i32;
            let count = r.get::<_, i64>(12).map_err(lite)? as i32;
            let at = ts(r.get(13).map_err(lite)?)?;
            let texts: Vec<Option<String>> =
                [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14].into_iter().map(|i| r.get::<_, Option<String>>(i)).collect::<rusqlite::Result<_>>().map_err(lite)?;
            let t = |i: usize| &texts[i];
            let row: [&(dyn ToSql + Sync); 15] = [&id, t(0), &version, t(1), t(2), t(3), t(4), t(5), t(6), t(7), t(8), t(9), &count, &at, t(10)];
            w.write(&row).map_err(pg)?;
            copied.documents += 1;
        }
        w.finish().map_err(pg)?;
    }

    // Claims.
    {
        let sink = tx
            .copy_in(
                "COPY claims (id, document_id, seq, metric, value, window_kind, window_since, window_date, actor,
                     evidence, span_start, span_end, reporter, valid_day, valid_month_only, recorded_at, recorded_by,
                     supersedes, review_state, note, reasons) FROM STDIN (FORMAT binary)",
            )
            .map_err(pg)?;
        let types = [
            Type::INT8,
            Type::INT8,
            Type::INT4,
            Type::TEXT,
            Type::FLOAT8,
            Type::TEXT,
            Type::DATE,
            Type::DATE,
            Type::TEXT,
            Type::TEXT,
            Type::INT8,
            Type::INT8,
            Type::TEXT,
            Type::DATE,
            Type::BOOL,
            Type::TIMESTAMPTZ,
            Type::TEXT,
            Type::INT8,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
        ];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let mut st = src
            .prepare(
                "SELECT id, document_id, seq, metric, value, window_kind, window_since, window_date, actor, evidence,
                     span_start, span_end, reporter, valid_day, valid_month_only, recorded_at, recorded_by,
                     supersedes, review_state, note, reasons FROM claims ORDER BY id",
            )
            .map_err(lite)?;
        let mut rows = st.query([]).map_err(lite)?;
        while let Some(r) = rows.next().map_err(lite)? {
            let g = |i| r.get::<_, Option<String>>(i).map_err(lite);
            let gi = |i| r.get::<_, Option<i64>>(i).map_err(lite);
            let id: i64 = r.get(0).map_err(lite)?;
            let document = gi(1)?;
            let seq = gi(2)?.map(|s| s as i32);
            let (metric, kind, actor, evidence, reporter, by, review, note) = (g(3)?, g(5)?, g(8)?, g(9)?, g(12)?, g(16)?, g(18)?, g(19)?);
            // The same JSON in both schemas: copied as it is.
            let reasons = g(20)?;
            let value: Option<f64> = r.get(4).map_err(lite)?;
            let (since, wdate, valid) = (day(g(6)?)?, day(g(7)?)?, day(g(13)?)?);
            let (ss, se, sup) = (gi(10)?, gi(11)?, gi(17)?);
            let month_only = r.get::<_, i64>(14).map_err(lite)? != 0;
            let at = ts(r.get(15).map_err(lite)?)?;
            let row: [&(dyn ToSql + Sync); 21] = [
                &id,
                &document,
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
                &reporter,
                &valid,
                &month_only,
                &at,
                &by,
                &sup,
                &review,
                &note,
                &reasons,
            ];
            w.write(&row).map_err(pg)?;
            copied.claims += 1;
        }
        w.finish().map_err(pg)?;
    }

    // Places.
    {
        let sink = tx
            .copy_in(
                "COPY claim_places (claim_id, ord, name, province, kind, place_id, canonical, district, lat, lon,
                     score, candidates) FROM STDIN (FORMAT binary)",
            )
            .map_err(pg)?;
        let types = [
            Type::INT8,
            Type::INT4,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::TEXT,
            Type::FLOAT8,
            Type::FLOAT8,
            Type::FLOAT8,
            Type::TEXT,
        ];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let mut st = src
            .prepare(
                "SELECT claim_id, ord, name, province, kind, place_id, canonical, district, lat, lon, score, candidates
                 FROM claim_places ORDER BY claim_id, ord",
            )
            .map_err(lite)?;
        let mut rows = st.query([]).map_err(lite)?;
        while let Some(r) = rows.next().map_err(lite)? {
            let g = |i| r.get::<_, Option<String>>(i).map_err(lite);
            let gf = |i| r.get::<_, Option<f64>>(i).map_err(lite);
            let claim: i64 = r.get(0).map_err(lite)?;
            let ord = r.get::<_, i64>(1).map_err(lite)? as i32;
            let (name, prov, kind, pid, canon, dist, cand) = (g(2)?, g(3)?, g(4)?, g(5)?, g(6)?, g(7)?, g(11)?);
            let (lat, lon, score) = (gf(8)?, gf(9)?, gf(10)?);
            let row: [&(dyn ToSql + Sync); 12] = [&claim, &ord, &name, &prov, &kind, &pid, &canon, &dist, &lat, &lon, &score, &cand];
            w.write(&row).map_err(pg)?;
            copied.places += 1;
        }
        w.finish().map_err(pg)?;
    }

    // Review events.
    {
        let sink = tx.copy_in("COPY review_events (id, claim_id, state, reviewed_by, reviewed_at, note) FROM STDIN (FORMAT binary)").map_err(pg)?;
        let types = [Type::INT8, Type::INT8, Type::TEXT, Type::TEXT, Type::TIMESTAMPTZ, Type::TEXT];
        let mut w = BinaryCopyInWriter::new(sink, &types);
        let mut st = src.prepare("SELECT id, claim_id, state, by, at, note FROM review_events ORDER BY id").map_err(lite)?;
        let mut rows = st.query([]).map_err(lite)?;
        while let Some(r) = rows.next().map_err(lite)? {
            let id: i64 = r.get(0).map_err(lite)?;
            let claim: i64 = r.get(1).map_err(lite)?;
            let state: String = r.get(2).map_err(lite)?;
            let by: String = r.get(3).map_err(lite)?;
            let at = ts(r.get(4).map_err(lite)?)?;
            let note: Option<String> = r.get(5).map_err(lite)?;
            let row: [&(dyn ToSql + Sync); 6] = [&id, &claim, &state, &by, &at, &note];
            w.write(&row).map_err(pg)?;
            copied.reviews += 1;
        }
        w.finish().map_err(pg)?;
    }

    // The identity sequences continue after the copied ids.
    tx.batch_execute(
        "SELECT setval(pg_get_serial_sequence('documents', 'id'), coalesce(max(id), 0) + 1, false) FROM documents;
         SELECT setval(pg_get_serial_sequence('claims', 'id'), coalesce(max(id), 0) + 1, false) FROM claims;
         SELECT setval(pg_get_serial_sequence('review_events', 'id'), coalesce(max(id), 0) + 1, false) FROM review_events;",
    )
    .map_err(pg)?;

    // The search index, from the text, in each document's language.
    let mut cache = crate::Cache::new();
    let mut st = src.prepare("SELECT id, lang, text FROM documents ORDER BY id").map_err(lite)?;
    let mut rows = st.query([]).map_err(lite)?;
    while let Some(r) = rows.next().map_err(lite)? {
        let id: i64 = r.get(0).map_err(lite)?;
        let lang: Option<String> = r.get(1).map_err(lite)?;
        let lang = lang.and_then(|l| l.parse::<Lang>().ok());
        let text: String = r.get(2).map_err(lite)?;
        index_sentences(&mut tx, &mut cache, id, lang, &text).map_err(pg)?;
    }
    tx.commit().map_err(pg)?;
    Ok(copied)
}
