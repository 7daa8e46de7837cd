//! Daily values and running totals of one metric, for the country, a
//! governorate or a district; with CSV and JSON renderers (the SVG chart is
//! in [`crate::svg`]).

use crate::Result;
use crate::figure::{Figure, Period, governorate_of, national_figure};
use crate::query::{ViewQuery, shift};
use crate::sql::{self, LEAN_COLUMNS, Where};
use serde::Serialize;
use std::ops::ControlFlow;
use truce_ledger::{ClaimId, LedgerStore, SqliteLedger, StoredClaim};
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

/// The daily values and running totals of `metric` in `scope`: with SQL on
/// SQLite ([`series_sql`]), through the [`LedgerStore`] API elsewhere
/// ([`series_generic`]). Both give the same series.
pub fn series(store: &dyn LedgerStore, metric: Metric, scope: &Scope, from: Option<Date>, to: Option<Date>, query: &ViewQuery) -> Result<Series> {
    match store.as_sqlite() {
        Some(ledger) => series_sql(ledger, metric, scope, from, to, query),
        None => series_generic(store, metric, scope, from, to, query),
    }
}

/// The series of `metric` in `scope` over `[from, to]` (open ends: as far
/// as the ledger goes). Streams the claims in day order, holding one day at
/// a time; days without claims in the range appear with no values, so a
/// chart keeps a true time axis. Claims without a valid day have no place
/// in a series and are left out.
///
/// This reads every claim through the [`LedgerStore`] API, so it works on
/// any backend; on SQLite, [`series_sql`] gives the same series much faster.
pub fn series_generic(store: &dyn LedgerStore, metric: Metric, scope: &Scope, from: Option<Date>, to: Option<Date>, query: &ViewQuery) -> Result<Series> {
    let mut filter = query.filter(Some(metric), from, to);
    match scope {
        Scope::Country => {}
        Scope::Governorate(g) => {
            filter.provinces = Governorate::ALL.into_iter().filter(|o| o.same_as(*g)).collect();
        }
        Scope::District(d) => filter.district = Some(d.clone()),
    }
    let mut acc = Accumulator::new(metric, from);
    let mut day_claims: Vec<StoredClaim> = Vec::new();
    let mut current: Option<Date> = None;
    let in_scope = |c: &StoredClaim| *scope == Scope::Country || (!c.claim.places.is_empty() && c.claim.places.iter().all(|p| scope.contains(p)));
    store.for_each_claim(&filter, &mut |c| {
        let Some(day) = c.valid.map(|v| v.anchor()) else { return ControlFlow::Continue(()) };
        if Some(day) != current {
            if let Some(d) = current {
                acc.day(d, &day_claims);
                day_claims.clear();
            }
            current = Some(day);
        }
        if in_scope(&c) {
            day_claims.push(c);
        }
        ControlFlow::Continue(())
    })?;
    if let Some(d) = current {
        acc.day(d, &day_claims);
    }
    Ok(acc.finish(scope, to))
}

/// [`series_generic`] computed with SQL on a SQLite ledger, selecting only what the
/// figures need (ids, documents, values, windows, review states, whether a
/// claim has places and whether all of them are in the scope), without
/// evidence and without reading places claim by claim: for the country,
/// from the claims, one (valid_day, metric) seek a day; for a governorate or
/// a district, from the ledger's `claim_scopes`, which holds those columns
/// by day, metric and scope. Same claims, same figures, same output as
/// [`series_generic`], `as_known_at` included (checked by `tests/sql_paths.rs`).
pub fn series_sql(ledger: &SqliteLedger, metric: Metric, scope: &Scope, from: Option<Date>, to: Option<Date>, query: &ViewQuery) -> Result<Series> {
    let mut w = Where::visible(query);
    w.metric(metric);
    // Open ends are the ledger's first and last valid days (two index seeks).
    let bounds: (Option<String>, Option<String>) = ledger
        .connection()
        .query_row("SELECT (SELECT min(valid_day) FROM claims), (SELECT max(valid_day) FROM claims)", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(|e| sql::err(ledger, e))?;
    let (Some(first), Some(last)) = (from.map(|d| d.to_string()).or(bounds.0), to.map(|d| d.to_string()).or(bounds.1)) else {
        return Ok(Accumulator::new(metric, from).finish(scope, to));
    };
    if *scope != Scope::Country {
        return series_on_scopes(ledger, metric, scope, (first, last), from, to, query);
    }
    // As for a governorate: without corrections or replaced versions
    // recorded by then, their two probes per claim cannot leave any out.
    w.skip_void_checks(ledger)?;
    let (first, last) = (w.bind(first), w.bind(last));
    // Day by day: each day's claims of the metric are one seek in the
    // (valid_day, metric) index, where a range of days would test the metric
    // of every claim of every metric in it.
    let days = format!("days(d) AS (SELECT {first} WHERE {first} <= {last} UNION ALL SELECT date(d, '+1 day') FROM days WHERE d < {last})");
    let columns = LEAN_COLUMNS.replace("{review}", &w.review);
    let sql = format!(
        "WITH RECURSIVE {days} SELECT {columns}, 1 FROM days CROSS JOIN claims c ON c.valid_day = days.d \
         WHERE {} ORDER BY c.valid_day, c.id",
        w.sql()
    );
    accumulate(ledger, &w, &sql, metric, scope, from, to)
}

/// Runs a series query whose rows are [`LEAN_COLUMNS`] then whether the
/// claim is in the scope, in day order, and folds them into the series.
fn accumulate(ledger: &SqliteLedger, w: &Where, sql: &str, metric: Metric, scope: &Scope, from: Option<Date>, to: Option<Date>) -> Result<Series> {
    let mut st = ledger.connection().prepare_cached(sql).map_err(|e| sql::err(ledger, e))?;
    let mut rows = st.query(rusqlite::params_from_iter(w.values.iter())).map_err(|e| sql::err(ledger, e))?;
    let mut acc = Accumulator::new(metric, from);
    let mut day_claims: Vec<StoredClaim> = Vec::new();
    let mut current: Option<Date> = None;
    while let Some(row) = rows.next().map_err(|e| sql::err(ledger, e))? {
        let c = sql::lean_claim(ledger, row)?;
        let Some(day) = c.valid.map(|v| v.anchor()) else { continue };
        if Some(day) != current {
            if let Some(d) = current {
                acc.day(d, &day_claims);
                day_claims.clear();
            }
            current = Some(day);
        }
        if row.get::<_, i64>(12).map_err(|e| sql::err(ledger, e))? != 0 {
            day_claims.push(c);
        }
    }
    if let Some(d) = current {
        acc.day(d, &day_claims);
    }
    Ok(acc.finish(scope, to))
}

/// [`series_sql`] of a governorate or a district, from `claim_scopes`
/// (schema 4): per day, one index range holds the claims of the metric with
/// a place in the scope, with every column the figures need and whether all
/// their places are in it, so no claim row and no place is read.
fn series_on_scopes(
    ledger: &SqliteLedger,
    metric: Metric,
    scope: &Scope,
    (first, last): (String, String),
    from: Option<Date>,
    to: Option<Date>,
    query: &ViewQuery,
) -> Result<Series> {
    let mut w = Where::visible_on_scopes(query);
    w.skip_void_checks(ledger)?;
    let m = w.bind(metric.as_str().to_owned());
    // The scope keys the ledger's filter asks for: the provinces meaning
    // the same governorate (a claim has a row for each written on its
    // places), or the district.
    let keys: Vec<String> = match scope {
        Scope::Country => unreachable!("the country is read from claims"),
        Scope::Governorate(g) => Governorate::ALL.into_iter().filter(|o| o.same_as(*g)).map(|o| o.pcode().to_owned()).collect(),
        Scope::District(d) => vec![format!("d:{d}")],
    };
    let day = w.bind(String::new());
    let key = w.bind(String::new());
    let (day_at, key_at) = (w.values.len() - 2, w.values.len() - 1);
    let columns = LEAN_COLUMNS
        .replacen("c.id,", "c.claim_id,", 1)
        .replace("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id)", "1")
        .replace("{review}", &w.review);
    // One day, metric and key is one range of the index, in claim id order.
    let sql = format!(
        "SELECT {columns}, c.inside FROM claim_scopes c WHERE c.valid_day = {day} AND c.metric = {m} AND c.scope = {key} \
         AND {} ORDER BY c.claim_id",
        w.sql()
    );
    let e = |x| sql::err(ledger, x);
    let parse = |s: &str| s.parse::<Date>().map_err(|x| sql::corrupt(ledger, format!("valid day {s:?}: {x}")));
    let (mut d, last) = (parse(&first)?, parse(&last)?);
    let mut st = ledger.connection().prepare_cached(&sql).map_err(e)?;
    let mut acc = Accumulator::new(metric, from);
    let mut claims: Vec<(StoredClaim, bool)> = Vec::new();
    let mut values = w.values.clone();
    while d <= last {
        values[day_at] = d.to_string().into();
        claims.clear();
        for k in &keys {
            values[key_at] = k.clone().into();
            let mut rows = st.query(rusqlite::params_from_iter(values.iter())).map_err(e)?;
            while let Some(row) = rows.next().map_err(e)? {
                let inside = row.get::<_, i64>(12).map_err(e)? != 0;
                claims.push((sql::lean_claim(ledger, row)?, inside));
            }
        }
        if !claims.is_empty() {
            // A claim with places in two provinces of one governorate
            // (Damascus and its countryside) has a row under each.
            if keys.len() > 1 {
                claims.sort_by_key(|c| c.0.id);
                claims.dedup_by_key(|c| c.0.id);
            }
            let in_scope: Vec<StoredClaim> = claims.drain(..).filter(|c| c.1).map(|c| c.0).collect();
            acc.day(d, &in_scope);
        }
        d = match shift(d, 1) {
            Some(n) => n,
            None => break,
        };
    }
    Ok(acc.finish(scope, to))
}

/// Days of claims in, points out: the figures of each day with claims, the
/// running sum, and empty days filled in where the range asks for them.
struct Accumulator {
    metric: Metric,
    from: Option<Date>,
    points: Vec<SeriesPoint>,
    cumulative: f64,
}

impl Accumulator {
    fn new(metric: Metric, from: Option<Date>) -> Self {
        Accumulator { metric, from, points: Vec::new(), cumulative: 0.0 }
    }

    /// One day with claims matching the filter; `in_scope` are those whose
    /// places are all in the scope (possibly none: the day still has a point).
    fn day(&mut self, day: Date, in_scope: &[StoredClaim]) {
        let daily = national_figure(self.metric, Period::Day, day, in_scope);
        let total = national_figure(self.metric, Period::Total, day, in_scope);
        let first = |f: &Option<Figure>| f.as_ref().and_then(|f| f.readings.first().map(|r| r.value));
        let d = first(&daily);
        self.cumulative += d.unwrap_or(0.0);
        if let Some(start) = self.from {
            let mut next = self.points.last().and_then(|p| shift(p.date, 1)).unwrap_or(start);
            while next < day {
                self.points.push(empty(next, self.cumulative - d.unwrap_or(0.0)));
                next = match shift(next, 1) {
                    Some(n) => n,
                    None => break,
                };
            }
        }
        let figures: Vec<&Figure> = daily.iter().chain(total.iter()).collect();
        self.points.push(SeriesPoint {
            date: day,
            daily: d,
            stated_total: first(&total),
            cumulative: self.cumulative,
            disagreement: figures.iter().any(|f| f.disagrees()),
            unreviewed: figures.iter().all(|f| f.unreviewed()),
            claims: figures.iter().flat_map(|f| f.claim_ids()).collect(),
        });
    }

    fn finish(mut self, scope: &Scope, to: Option<Date>) -> Series {
        if let (Some(end), Some(last)) = (to, self.points.last().map(|p| (p.date, p.cumulative))) {
            let mut next = shift(last.0, 1);
            while let Some(n) = next.filter(|n| *n <= end) {
                self.points.push(empty(n, last.1));
                next = shift(n, 1);
            }
        }
        Series { metric: self.metric, scope: scope.clone(), points: self.points }
    }
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
