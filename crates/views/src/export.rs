//! Streaming exports: one row per claim as CSV (columns close to ACLED's)
//! or JSON Lines, written while the ledger is read, never holding it whole;
//! and GeoJSON of localities with their status.

use crate::figure::governorate_of;
use crate::status::StatusView;
use crate::Result;
use std::io::Write;
use std::ops::ControlFlow;
use truce_ledger::{ClaimFilter, LedgerStore, StoredClaim};
use truce_model::{PlaceKind, ReportDay, Window};

/// The CSV header: ACLED's names where a column means the same.
pub const CSV_COLUMNS: [&str; 19] = [
    "event_date", "time_precision", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "metric",
    "value", "window", "actor", "reporter", "source", "evidence", "recorded_at", "claim_id", "review", "superseded_by",
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
pub fn export_csv(store: &dyn LedgerStore, filter: &ClaimFilter, out: impl Write) -> Result<u64> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let mut rows = 0u64;
    let mut failure = None;
    store.for_each_claim(filter, &mut |c| match w.write_record(csv_row(&c)) {
        Ok(()) => {
            rows += 1;
            ControlFlow::Continue(())
        }
        Err(e) => {
            failure = Some(e);
            ControlFlow::Break(())
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    w.flush()?;
    Ok(rows)
}

/// Writes every claim matching `filter` as one JSON object per line (the
/// ledger's own serde form); returns the lines written.
pub fn export_jsonl(store: &dyn LedgerStore, filter: &ClaimFilter, mut out: impl Write) -> Result<u64> {
    let mut rows = 0u64;
    let mut failure: Option<crate::ViewError> = None;
    store.for_each_claim(filter, &mut |c| {
        let written = serde_json::to_writer(&mut out, &c).map_err(crate::ViewError::from).and_then(|()| out.write_all(b"\n").map_err(Into::into));
        match written {
            Ok(()) => {
                rows += 1;
                ControlFlow::Continue(())
            }
            Err(e) => {
                failure = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    out.flush()?;
    Ok(rows)
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
