//! Streaming exports: one row per claim as CSV (columns close to ACLED's)
//! or JSON Lines, written while the ledger is read, never holding it whole;
//! and GeoJSON of localities with their status.

use crate::Result;
use crate::figure::governorate_of;
use crate::sql::{self, Where};
use crate::status::StatusView;
use std::io::Write;
use std::ops::ControlFlow;
use truce_ledger::{ClaimFilter, ClaimId, LedgerStore, SqliteLedger, StoredClaim};
use truce_model::{PlaceKind, ReportDay, Window};

/// The CSV header: ACLED's names where a column means the same.
pub const CSV_COLUMNS: [&str; 19] = [
    "event_date",
    "time_precision",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "metric",
    "value",
    "window",
    "actor",
    "reporter",
    "source",
    "evidence",
    "recorded_at",
    "claim_id",
    "review",
    "superseded_by",
];

fn csv_row(c: &StoredClaim) -> [String; 19] {
    let (date, precision) = match c.valid {
        Some(ReportDay::Day(d)) => (d.to_string(), "1"),
        Some(m @ ReportDay::Month { .. }) => (m.to_string(), "3"),
        None => (String::new(), ""),
    };
    let places = &c.claim.places;
    let one = if places.len() == 1 { places.first() } else { None };
    let admin1: Vec<&str> = {
        let mut v: Vec<&str> = places.iter().filter_map(governorate_of).map(|g| g.name_en()).collect();
        v.dedup();
        v
    };
    let admin2: Vec<&str> = places.iter().filter_map(|p| p.district.as_deref()).collect();
    let geo_precision = match one {
        Some(p) if p.lat.is_some() && !matches!(p.kind, Some(PlaceKind::Governorate | PlaceKind::District)) => "1",
        Some(p) if p.lat.is_some() => "2",
        _ if !places.is_empty() => "3",
        _ => "",
    };
    let window = match c.claim.window {
        Window::Day => "day".to_owned(),
        Window::Total { since: Some(s) } => format!("total since {s}"),
        Window::Total { since: None } => "total".to_owned(),
        Window::Date { date } => format!("date {date}"),
    };
    [
        date,
        precision.to_owned(),
        admin1.join("; "),
        admin2.join("; "),
        places.iter().map(|p| p.canonical.as_deref().unwrap_or(&p.name)).collect::<Vec<_>>().join("; "),
        one.and_then(|p| p.lat).map(|v| v.to_string()).unwrap_or_default(),
        one.and_then(|p| p.lon).map(|v| v.to_string()).unwrap_or_default(),
        geo_precision.to_owned(),
        c.claim.metric.to_string(),
        c.claim.value.map(|v| v.to_string()).unwrap_or_default(),
        window,
        c.claim.actor.clone().unwrap_or_default(),
        c.reporter.clone().unwrap_or_default(),
        c.document.map(|d| format!("document:{d}")).unwrap_or_else(|| "recorded by hand".into()),
        c.claim.evidence.clone(),
        c.recorded_at.to_string(),
        c.id.to_string(),
        c.review.to_string(),
        c.superseded_by.map(|s| s.to_string()).unwrap_or_default(),
    ]
}

/// Writes every claim matching `filter` as CSV; returns the rows written.
/// On SQLite, reads in batches with SQL ([`export_csv_sql`]); elsewhere
/// streams through the [`LedgerStore`] API ([`export_csv_generic`]). Both
/// write the same bytes.
pub fn export_csv(store: &dyn LedgerStore, filter: &ClaimFilter, out: impl Write) -> Result<u64> {
    match store.as_sqlite() {
        Some(ledger) => export_csv_sql(ledger, filter, out),
        None => export_csv_generic(store, filter, out),
    }
}

/// [`export_csv`] through the [`LedgerStore`] API, on any backend.
pub fn export_csv_generic(store: &dyn LedgerStore, filter: &ClaimFilter, out: impl Write) -> Result<u64> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let rows = write_each(store, filter, |c| Ok(w.write_record(csv_row(c))?))?;
    w.flush()?;
    Ok(rows)
}

/// Writes every claim matching `filter` as one JSON object per line (the
/// ledger's own serde form, reasons included); returns the lines written. Like
/// [`export_csv`], with SQL on SQLite and through the API elsewhere.
pub fn export_jsonl(store: &dyn LedgerStore, filter: &ClaimFilter, out: impl Write) -> Result<u64> {
    match store.as_sqlite() {
        Some(ledger) => export_jsonl_sql(ledger, filter, out),
        None => export_jsonl_generic(store, filter, out),
    }
}

/// [`export_jsonl`] through the [`LedgerStore`] API, on any backend.
pub fn export_jsonl_generic(store: &dyn LedgerStore, filter: &ClaimFilter, mut out: impl Write) -> Result<u64> {
    let rows = write_each(store, filter, |c| {
        serde_json::to_writer(&mut out, c)?;
        Ok(out.write_all(b"\n")?)
    })?;
    out.flush()?;
    Ok(rows)
}

/// Streams the claims matching `filter` through `write`, stopping at the
/// first write that fails; returns how many were written.
fn write_each(store: &dyn LedgerStore, filter: &ClaimFilter, mut write: impl FnMut(&StoredClaim) -> Result<()>) -> Result<u64> {
    let mut rows = 0u64;
    let mut failure = None;
    store.for_each_claim(filter, &mut |c| match write(&c) {
        Ok(()) => {
            rows += 1;
            ControlFlow::Continue(())
        }
        Err(e) => {
            failure = Some(e);
            ControlFlow::Break(())
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(rows),
    }
}

/// Localities with coordinates as a GeoJSON FeatureCollection (RFC 7946:
/// longitude first), each with its status and dates.
pub fn status_geojson(view: &StatusView, mut out: impl Write) -> Result<u64> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut n = 0u64;
    for l in &view.localities {
        let (Some(lat), Some(lon)) = (l.lat, l.lon) else { continue };
        let feature = serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {
                "id": l.key,
                "name": l.name,
                "status": l.status(),
                "admin1": l.governorate.map(|g| g.name_en()),
                "admin1_pcode": l.governorate.map(|g| g.pcode()),
                "admin2_pcode": l.district,
                "joined": l.joined.as_ref().map(|e| e.date.to_string()),
                "joined_claim": l.joined.as_ref().map(|e| e.claim),
                "joined_reporter": l.joined.as_ref().and_then(|e| e.reporter.clone()),
                "joined_again": l.joined_again.iter().map(|e| e.date.to_string()).collect::<Vec<_>>(),
                "liberated": l.liberated.as_ref().map(|e| e.date.to_string()),
                "negotiating": l.negotiating.as_ref().map(|e| e.date.to_string()),
                "as_of": view.date.to_string(),
            }
        });
        if n > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut out, &feature)?;
        n += 1;
    }
    out.write_all(b"]}\n")?;
    out.flush()?;
    Ok(n)
}

/// Whether [`export_csv_sql`] / [`export_jsonl_sql`] can serve `filter`
/// themselves: the filters the `export` command sets (metric, days,
/// governorates, reporter, as known at, versions, corrections). Others go
/// through the ledger's API.
fn sql_serves(f: &ClaimFilter) -> bool {
    f.place.is_none() && f.district.is_none() && f.document.is_none() && f.review.is_empty() && f.limit.is_none() && f.offset == 0
}

/// Rows read before their places are fetched and they are written: a
/// bounded buffer, so an export still never holds the ledger.
const BATCH: usize = 2048;

/// Streams the claims of `filter` in batches of [`BATCH`], in the ledger's
/// order (valid day, then id), as the ledger would return them, with places
/// read a run of ids at a time.
fn for_each_batch(ledger: &SqliteLedger, f: &ClaimFilter, with_reasons: bool, each: &mut dyn FnMut(&[StoredClaim]) -> Result<()>) -> Result<()> {
    let mut w = Where::new(f.as_known_at, f.reporter.as_deref(), f.include_superseded, f.latest_versions_only);
    if let Some(m) = f.metric {
        w.metric(m);
    }
    if let Some(d) = f.valid_from {
        let p = w.bind(d.to_string());
        w.conds.push(format!("c.valid_day >= {p}"));
    }
    if let Some(d) = f.valid_to {
        let p = w.bind(d.to_string());
        w.conds.push(format!("c.valid_day <= {p}"));
    }
    if !f.provinces.is_empty() {
        let list: Vec<String> = f.provinces.iter().map(|g| w.bind(g.pcode().to_owned())).collect();
        w.conds.push(format!("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id AND p.province IN ({}))", list.join(", ")));
    }
    // Without corrections or replaced versions recorded by then, the
    // probes for them cannot leave anything out: two per row saved.
    w.skip_void_checks(ledger)?;
    let t = w.t.clone();
    let superseded_by = if f.include_superseded {
        format!("(SELECT s.id FROM claims s WHERE s.supersedes = c.id AND s.recorded_at <= {t})")
    } else {
        // Claims with a correction known by then are left out: none has one.
        "NULL".to_owned()
    };
    let columns = sql::LEAN_COLUMNS.replace("{review}", &w.review).replace("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id)", "0");
    let query = format!(
        "SELECT {columns}, c.actor, c.evidence, c.span_start, c.span_end, c.recorded_at, c.recorded_by, c.supersedes, c.note, \
         {superseded_by}, c.reasons FROM claims c WHERE {} ORDER BY c.valid_day, c.id",
        w.sql()
    );
    let e = |x| sql::err(ledger, x);
    let mut st = ledger.connection().prepare(&query).map_err(e)?;
    let mut rows = st.query(rusqlite::params_from_iter(w.values.iter())).map_err(e)?;
    let mut batch: Vec<StoredClaim> = Vec::with_capacity(BATCH);
    let mut flush = |batch: &mut Vec<StoredClaim>| -> Result<()> {
        sql::attach_places(ledger, batch)?;
        each(batch)?;
        batch.clear();
        Ok(())
    };
    while let Some(r) = rows.next().map_err(e)? {
        let mut c = sql::lean_claim(ledger, r)?;
        let id = c.id.0;
        c.claim.actor = r.get(12).map_err(e)?;
        c.claim.evidence = r.get(13).map_err(e)?;
        let (a, b): (Option<i64>, Option<i64>) = (r.get(14).map_err(e)?, r.get(15).map_err(e)?);
        c.claim.span = match (a, b) {
            (Some(a), Some(b)) if a >= 0 && b >= a => Some(truce_model::Span::new(a as usize, b as usize)),
            _ => None,
        };
        let at: i64 = r.get(16).map_err(e)?;
        c.recorded_at = jiff::Timestamp::from_microsecond(at).map_err(|x| sql::corrupt(ledger, format!("claim {id}: time {at}: {x}")))?;
        c.recorded_by = r.get(17).map_err(e)?;
        c.supersedes = r.get::<_, Option<i64>>(18).map_err(e)?.map(ClaimId);
        c.note = r.get(19).map_err(e)?;
        c.superseded_by = r.get::<_, Option<i64>>(20).map_err(e)?.map(ClaimId);
        // Only JSON Lines carry reasons; CSV's columns stay as they were.
        if with_reasons && let Some(column) = r.get::<_, Option<String>>(21).map_err(e)? {
            c.claim.reasons =
                truce_ledger::reasons::decode(&column, &c.claim.evidence, c.claim.span).map_err(|x| sql::corrupt(ledger, format!("claim {id}: {x}")))?;
        }
        batch.push(c);
        if batch.len() >= BATCH {
            flush(&mut batch)?;
        }
    }
    if !batch.is_empty() {
        flush(&mut batch)?;
    }
    Ok(())
}

/// [`export_csv`] on a SQLite ledger: the same rows, read in batches with
/// their places a run of claim ids at a time rather than claim by claim.
pub fn export_csv_sql(ledger: &SqliteLedger, filter: &ClaimFilter, out: impl Write) -> Result<u64> {
    if !sql_serves(filter) {
        return export_csv_generic(ledger, filter, out);
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut rows = 0u64;
    for_each_batch(ledger, filter, false, &mut |batch| {
        for c in batch {
            w.write_record(csv_row(c))?;
            rows += 1;
        }
        Ok(())
    })?;
    w.flush()?;
    Ok(rows)
}

/// [`export_jsonl`] on a SQLite ledger, read as [`export_csv_sql`] reads.
pub fn export_jsonl_sql(ledger: &SqliteLedger, filter: &ClaimFilter, mut out: impl Write) -> Result<u64> {
    if !sql_serves(filter) {
        return export_jsonl_generic(ledger, filter, out);
    }
    let mut rows = 0u64;
    // A batch's lines are serialized into one buffer and written at once:
    // `out` may be unbuffered, and serde writes many small pieces.
    let mut buf: Vec<u8> = Vec::with_capacity(BATCH * 512);
    for_each_batch(ledger, filter, true, &mut |batch| {
        buf.clear();
        for c in batch {
            serde_json::to_writer(&mut buf, c)?;
            buf.push(b'\n');
            rows += 1;
        }
        Ok(out.write_all(&buf)?)
    })?;
    out.flush()?;
    Ok(rows)
}
