//! Daily values and running totals of one metric, for the country, a
//! governorate or a district; with CSV and JSON renderers (the SVG chart is
//! in [`crate::svg`]).

use crate::figure::{Figure, Period, governorate_of, national_figure};
use crate::query::{ViewQuery, shift};
use crate::Result;
use serde::Serialize;
use std::ops::ControlFlow;
use truce_ledger::{ClaimId, LedgerStore, StoredClaim};
use truce_model::{Date, Governorate, Metric, Place};

/// Where a series counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "lowercase")]
pub enum Scope {
    Country,
    Governorate(Governorate),
    /// A district p-code (`SY0204`).
    District(String),
}

impl Scope {
    fn contains(&self, p: &Place) -> bool {
        match self {
            Scope::Country => true,
            Scope::Governorate(g) => governorate_of(p).is_some_and(|pg| pg.same_as(*g)),
            Scope::District(d) => p.district.as_deref() == Some(d.as_str()) || p.id.as_deref() == Some(d.as_str()),
        }
    }
}

/// One day of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesPoint {
    pub date: Date,
    /// The day's figure (the most attested reading when sources disagree).
    pub daily: Option<f64>,
    /// The running total stated that day.
    pub stated_total: Option<f64>,
    /// The sum of daily figures from the first day of the series.
    pub cumulative: f64,
    /// Sources gave different values for the day's figure or total.
    pub disagreement: bool,
    /// Every claim behind the day's values is unreviewed.
    pub unreviewed: bool,
    pub claims: Vec<ClaimId>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub metric: Metric,
    pub scope: Scope,
    pub points: Vec<SeriesPoint>,
}

/// The series of `metric` in `scope` over `[from, to]` (open ends: as far
/// as the ledger goes). Streams the claims in day order, holding one day at
/// a time; days without claims in the range appear with no values, so a
/// chart keeps a true time axis.
pub fn series(
    store: &dyn LedgerStore,
    metric: Metric,
    scope: &Scope,
    from: Option<Date>,
    to: Option<Date>,
    query: &ViewQuery,
) -> Result<Series> {
    let mut filter = query.filter(Some(metric), from, to);
    match scope {
        Scope::Country => {}
        Scope::Governorate(g) => {
            filter.provinces = Governorate::ALL.into_iter().filter(|o| o.same_as(*g)).collect();
        }
        Scope::District(d) => filter.district = Some(d.clone()),
    }
    let mut points: Vec<SeriesPoint> = Vec::new();
    let mut day_claims: Vec<StoredClaim> = Vec::new();
    let mut current: Option<Date> = None;
    let mut cumulative = 0.0;
    let mut flush = |day: Date, claims: &mut Vec<StoredClaim>, points: &mut Vec<SeriesPoint>| {
        let in_scope: Vec<StoredClaim> = claims
            .drain(..)
            .filter(|c| *scope == Scope::Country || (!c.claim.places.is_empty() && c.claim.places.iter().all(|p| scope.contains(p))))
            .collect();
        let daily = national_figure(metric, Period::Day, day, &in_scope);
        let total = national_figure(metric, Period::Total, day, &in_scope);
        let first = |f: &Option<Figure>| f.as_ref().and_then(|f| f.readings.first().map(|r| r.value));
        let d = first(&daily);
        cumulative += d.unwrap_or(0.0);
        if let Some(start) = from {
            let mut next = points.last().and_then(|p| shift(p.date, 1)).unwrap_or(start);
            while next < day {
                points.push(empty(next, cumulative - d.unwrap_or(0.0)));
                next = match shift(next, 1) { Some(n) => n, None => break };
            }
        }
        let figures: Vec<&Figure> = daily.iter().chain(total.iter()).collect();
        points.push(SeriesPoint {
            date: day,
            daily: d,
            stated_total: first(&total),
            cumulative,
            disagreement: figures.iter().any(|f| f.disagrees()),
            unreviewed: figures.iter().all(|f| f.unreviewed()),
            claims: figures.iter().flat_map(|f| f.claim_ids()).collect(),
        });
    };
    store.for_each_claim(&filter, &mut |c| {
        let day = c.valid.map(|v| v.anchor());
        if day != current {
            if let Some(d) = current {
                flush(d, &mut day_claims, &mut points);
            }
            current = day;
        }
        day_claims.push(c);
        ControlFlow::Continue(())
    })?;
    if let Some(d) = current {
        flush(d, &mut day_claims, &mut points);
    }
    if let (Some(end), Some(last)) = (to, points.last().map(|p| (p.date, p.cumulative))) {
        let mut next = shift(last.0, 1);
        while let Some(n) = next.filter(|n| *n <= end) {
            points.push(empty(n, last.1));
            next = shift(n, 1);
        }
    }
    Ok(Series { metric, scope: scope.clone(), points })
}

fn empty(date: Date, cumulative: f64) -> SeriesPoint {
    SeriesPoint { date, daily: None, stated_total: None, cumulative, disagreement: false, unreviewed: false, claims: vec![] }
}

/// The series as CSV: one row per day, claim ids space-separated.
pub fn series_csv(s: &Series, out: impl std::io::Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["date", "metric", "daily", "stated_total", "cumulative", "disagreement", "unreviewed", "claims"])?;
    let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in &s.points {
        let ids: Vec<String> = p.claims.iter().map(|c| c.to_string()).collect();
        w.write_record([
            p.date.to_string(),
            s.metric.to_string(),
            num(p.daily),
            num(p.stated_total),
            ((p.cumulative * 1000.0).round() / 1000.0).to_string(),
            p.disagreement.to_string(),
            p.unreviewed.to_string(),
            ids.join(" "),
        ])?;
    }
    w.flush()?;
    Ok(())
}
