//! Read-only SQL over a SQLite ledger's connection, for the views that
//! would otherwise read every claim through [`truce_ledger::LedgerStore`]
//! (series, the audit's month scan). Only what a view needs is selected
//! (no evidence, no places row by row), and every value is bound as a
//! parameter.
//!
//! Which claims are visible is decided exactly as the ledger decides it for
//! [`ViewQuery::filter`]: recorded by `as_known_at`, not superseded by a
//! correction recorded by then, of the newest version of their document as
//! of then, of the reporter when one is asked for, and with the review state
//! as of then. `tests/sql_paths.rs` checks the SQL paths against the
//! API-based ones on the sample ledger.

use crate::query::ViewQuery;
use crate::{Result, ViewError};
use rusqlite::types::Value;
use truce_ledger::{ClaimId, DocId, LedgerError, LedgerStore, ReviewState, SqliteLedger, StoredClaim};
use truce_model::{Claim, Date, Metric, Place, ReportDay, Window};

/// A WHERE clause under construction, with its numbered parameters.
pub(crate) struct Where {
    pub values: Vec<Value>,
    pub conds: Vec<String>,
    /// Conditions tested last, after the cheap and selective ones: whether a
    /// correction supersedes the claim and whether its document is the
    /// newest version.
    late: Vec<String>,
    /// The newest-version condition, last of all.
    newest: String,
    /// The parameter holding "as known at" (the end of time when not asked).
    pub t: String,
    /// The SQL expression of a claim's review state as of `t`.
    pub review: String,
}

impl Where {
    /// The visibility conditions of [`ViewQuery::filter`] on claims `c`.
    pub fn visible(query: &ViewQuery) -> Self {
        Where::new(query.as_known_at, query.reporter.as_deref(), false, true)
    }

    /// [`Where::visible`] on rows `c` of `claim_scopes` (schema 4), whose
    /// claim id is `c.claim_id`; every other column it tests has the name
    /// and meaning it has in `claims`.
    pub fn visible_on_scopes(query: &ViewQuery) -> Self {
        Where::on("c.claim_id", query.as_known_at, query.reporter.as_deref(), false, true)
    }

    /// The visibility conditions of a ledger filter with these fields.
    pub fn new(as_known_at: Option<jiff::Timestamp>, reporter: Option<&str>, include_superseded: bool, latest_versions_only: bool) -> Self {
        Where::on("c.id", as_known_at, reporter, include_superseded, latest_versions_only)
    }

    fn on(id: &str, as_known_at: Option<jiff::Timestamp>, reporter: Option<&str>, include_superseded: bool, latest_versions_only: bool) -> Self {
        let mut w = Where { values: Vec::new(), conds: Vec::new(), late: Vec::new(), newest: String::new(), t: String::new(), review: String::new() };
        w.t = w.bind(as_known_at.map(|t| t.as_microsecond()).unwrap_or(i64::MAX));
        let t = w.t.clone();
        w.review = if as_known_at.is_some() {
            format!(
                "COALESCE((SELECT e.state FROM review_events e WHERE e.claim_id = {id} AND e.at <= {t} \
                 ORDER BY e.at DESC, e.id DESC LIMIT 1), 'unreviewed')"
            )
        } else {
            "c.review_state".to_owned()
        };
        w.conds.push(format!("c.recorded_at <= {t}"));
        if let Some(r) = reporter {
            let r = w.bind(r.to_owned());
            w.conds.push(format!("c.reporter = {r}"));
        }
        if !include_superseded {
            w.late.push(format!("NOT EXISTS (SELECT 1 FROM claims s WHERE s.supersedes = {id} AND s.recorded_at <= {t})"));
        }
        if !latest_versions_only {
            w.newest = "1".to_owned();
            return w;
        }
        // One probe of the small table of replaced documents (schema 4),
        // rather than a document row per claim.
        w.newest = format!(
            "({doc} IS NULL OR NOT EXISTS (SELECT 1 FROM replaced_documents r \
             WHERE r.document_id = {doc} AND r.replaced_at <= {t}))",
            doc = "c.document_id"
        );
        w
    }

    /// Leaves out the supersession and newest-version probes when no
    /// correction and no newer version of a document was recorded by the
    /// query's time (two index lookups): they cannot exclude anything then,
    /// and they cost as much as reading the rows they test.
    pub fn skip_void_checks(&mut self, l: &SqliteLedger) -> Result<()> {
        let t = self.values.first().cloned().unwrap_or(Value::Integer(i64::MAX));
        let any = |sql: &str| -> Result<bool> { l.connection().prepare_cached(sql).and_then(|mut st| st.query_row([&t], |r| r.get(0))).map_err(|e| err(l, e)) };
        if !any("SELECT EXISTS (SELECT 1 FROM claims WHERE supersedes IS NOT NULL AND recorded_at <= ?1)")? {
            self.late.retain(|c| !c.contains("s.supersedes"));
        }
        if self.newest != "1" && !any("SELECT EXISTS (SELECT 1 FROM replaced_documents WHERE replaced_at <= ?1)")? {
            self.newest = "1".to_owned();
        }
        Ok(())
    }

    pub fn bind(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        format!("?{}", self.values.len())
    }

    pub fn metric(&mut self, m: Metric) {
        let p = self.bind(m.as_str().to_owned());
        self.conds.push(format!("c.metric = {p}"));
    }

    /// Valid days in `[from, to]`; claims without a valid day are left out
    /// even when both ends are open (a view of days has no place for them).
    pub fn days(&mut self, from: Option<Date>, to: Option<Date>) {
        if let (Some(a), Some(b)) = (from, to)
            && a == b
        {
            // Equality, so that a metric is sought in the (valid_day,
            // metric) index rather than tested on every claim of the day.
            let p = self.bind(a.to_string());
            self.conds.push(format!("c.valid_day = {p}"));
            return;
        }
        match from {
            Some(d) => {
                let p = self.bind(d.to_string());
                self.conds.push(format!("c.valid_day >= {p}"));
            }
            None => self.conds.push("c.valid_day IS NOT NULL".to_owned()),
        }
        if let Some(d) = to {
            let p = self.bind(d.to_string());
            self.conds.push(format!("c.valid_day <= {p}"));
        }
    }

    pub fn sql(&self) -> String {
        let all: Vec<&str> = self.conds.iter().chain(&self.late).chain([&self.newest]).map(String::as_str).collect();
        all.join(" AND ")
    }
}

pub(crate) fn err(l: &SqliteLedger, source: rusqlite::Error) -> ViewError {
    ViewError::Ledger(LedgerError::Sqlite { location: l.location().to_owned(), source })
}

pub(crate) fn corrupt(l: &SqliteLedger, what: String) -> ViewError {
    ViewError::Ledger(LedgerError::Corrupt { location: l.location().to_owned(), what })
}

/// The columns [`lean_claim`] reads, in order; `{review}` is replaced by
/// the review expression.
pub(crate) const LEAN_COLUMNS: &str = "c.id, c.document_id, c.metric, c.value, c.window_kind, c.window_since, \
     c.window_date, c.reporter, c.valid_day, c.valid_month_only, {review}, \
     EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id)";

/// A claim with what the figures need and nothing else: no evidence, no
/// span, no actor, and for places only whether it has any (one blank place
/// stands for them). Enough for [`crate::figure::national_figure`].
pub(crate) fn lean_claim(l: &SqliteLedger, r: &rusqlite::Row<'_>) -> Result<StoredClaim> {
    let e = |x| err(l, x);
    let id: i64 = r.get(0).map_err(e)?;
    // Text columns are read in place (no String each): this runs once per
    // claim of a series or a month.
    let text = |i: usize| -> Result<Option<&str>> {
        match r.get_ref(i).map_err(|x| err(l, x))? {
            rusqlite::types::ValueRef::Null => Ok(None),
            v => v.as_str().map(Some).map_err(|x| corrupt(l, format!("claim {id}: column {i}: {x}"))),
        }
    };
    let metric: Metric = text(2)?.unwrap_or_default().parse().map_err(|x| corrupt(l, format!("claim {id}: {x}")))?;
    let date = |i: usize, what: &str| -> Result<Option<Date>> {
        text(i)?.map(|s| parse_day(s).map_err(|x| corrupt(l, format!("claim {id}: {what} {s:?}: {x}")))).transpose()
    };
    let window = match text(4)?.unwrap_or_default() {
        "day" => Window::Day,
        "total" => Window::Total { since: date(5, "window.since")? },
        "date" => Window::Date { date: date(6, "window.date")?.ok_or_else(|| corrupt(l, format!("claim {id}: date window without a date")))? },
        k => return Err(corrupt(l, format!("claim {id}: unknown window kind {k:?}"))),
    };
    let month_only = r.get::<_, i64>(9).map_err(e)? != 0;
    let valid = date(8, "valid day")?.map(|d| if month_only { ReportDay::Month { year: d.year(), month: d.month() } } else { ReportDay::Day(d) });
    let review = text(10)?.unwrap_or_default();
    let review: ReviewState = review.parse().map_err(|_| corrupt(l, format!("claim {id}: review state {review:?}")))?;
    let placed = r.get::<_, i64>(11).map_err(e)? != 0;
    Ok(StoredClaim {
        id: ClaimId(id),
        claim: Claim {
            metric,
            value: r.get(3).map_err(e)?,
            window,
            actor: None,
            places: if placed { vec![Place::default()] } else { Vec::new() },
            evidence: String::new(),
            span: None,
            reasons: Vec::new(),
        },
        document: r.get::<_, Option<i64>>(1).map_err(e)?.map(DocId),
        reporter: r.get(7).map_err(e)?,
        valid,
        recorded_at: jiff::Timestamp::UNIX_EPOCH,
        recorded_by: String::new(),
        supersedes: None,
        superseded_by: None,
        review,
        note: None,
    })
}

/// A stored day (`YYYY-MM-DD`, as the ledger writes it) read without the
/// general parser: it runs for every claim a view reads. Anything else goes
/// through that parser, so errors read the same.
pub(crate) fn parse_day(s: &str) -> std::result::Result<Date, jiff::Error> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let n = |r: std::ops::Range<usize>| b[r].iter().try_fold(0i16, |a, d| d.is_ascii_digit().then(|| a * 10 + i16::from(d - b'0')));
        if let (Some(y), Some(m), Some(d)) = (n(0..4), n(5..7), n(8..10))
            && let Ok(date) = Date::new(y, m as i8, d as i8)
        {
            return Ok(date);
        }
    }
    s.parse()
}

/// The claims matching `w`, in valid-day then id order, as [`lean_claim`]s.
pub(crate) fn lean_claims(l: &SqliteLedger, w: &Where) -> Result<Vec<StoredClaim>> {
    let sql = format!("SELECT {} FROM claims c WHERE {} ORDER BY c.valid_day, c.id", LEAN_COLUMNS.replace("{review}", &w.review), w.sql());
    let mut st = l.connection().prepare_cached(&sql).map_err(|e| err(l, e))?;
    let mut rows = st.query(rusqlite::params_from_iter(w.values.iter())).map_err(|e| err(l, e))?;
    let mut claims = Vec::new();
    while let Some(row) = rows.next().map_err(|e| err(l, e))? {
        claims.push(lean_claim(l, row)?);
    }
    drop(rows);
    Ok(claims)
}

/// The claims matching `w`, in valid-day then id order, each with its
/// places (read a run of claim ids at a time rather than claim by claim),
/// with their evidence when `evidence` (in the same row, so cheaper than
/// fetching it later even for the few a view cites) and `from` a clause
/// other than `claims c` when given (such as a join on days).
pub(crate) fn claims_with_places(l: &SqliteLedger, w: &Where, evidence: bool, from: Option<&str>) -> Result<Vec<StoredClaim>> {
    // Places are read below: no need for the "has places" probe.
    let columns = LEAN_COLUMNS.replace("{review}", &w.review).replace("EXISTS (SELECT 1 FROM claim_places p WHERE p.claim_id = c.id)", "0");
    let evidence_column = if evidence { "c.evidence" } else { "''" };
    let sql = format!("SELECT {columns}, {evidence_column} FROM {} WHERE {} ORDER BY c.valid_day, c.id", from.unwrap_or("claims c"), w.sql());
    let mut st = l.connection().prepare_cached(&sql).map_err(|e| err(l, e))?;
    let mut rows = st.query(rusqlite::params_from_iter(w.values.iter())).map_err(|e| err(l, e))?;
    let mut claims = Vec::new();
    while let Some(row) = rows.next().map_err(|e| err(l, e))? {
        let mut c = lean_claim(l, row)?;
        c.claim.evidence = row.get(12).map_err(|e| err(l, e))?;
        claims.push(c);
    }
    drop(rows);
    attach_places(l, &mut claims)?;
    Ok(claims)
}

/// Reads the places of `claims` from `claim_places`, one range query per
/// run of nearby claim ids (the claims of a day were mostly stored together).
pub(crate) fn attach_places(l: &SqliteLedger, claims: &mut [StoredClaim]) -> Result<()> {
    let mut ids: Vec<(i64, usize)> = claims.iter().enumerate().map(|(i, c)| (c.id.0, i)).collect();
    ids.sort_unstable();
    let mut st = l
        .connection()
        .prepare_cached(
            "SELECT claim_id, name, province, kind, place_id, canonical, district, lat, lon, score, candidates \
             FROM claim_places WHERE claim_id BETWEEN ?1 AND ?2 ORDER BY claim_id, ord",
        )
        .map_err(|e| err(l, e))?;
    let mut k = 0;
    while k < ids.len() {
        // A run: ids no further apart than 64, so little is read for nothing.
        let mut end = k;
        while end + 1 < ids.len() && ids[end + 1].0 - ids[end].0 <= 64 {
            end += 1;
        }
        let run = &ids[k..=end];
        let mut rows = st.query(rusqlite::params![run[0].0, run[run.len() - 1].0]).map_err(|e| err(l, e))?;
        while let Some(r) = rows.next().map_err(|e| err(l, e))? {
            let claim: i64 = r.get(0).map_err(|e| err(l, e))?;
            let Ok(j) = run.binary_search_by_key(&claim, |x| x.0) else { continue };
            let place = place_of(l, claim, r)?;
            claims[run[j].1].claim.places.push(place);
        }
        k = end + 1;
    }
    Ok(())
}

fn place_of(l: &SqliteLedger, claim: i64, r: &rusqlite::Row<'_>) -> Result<Place> {
    let get = |i| -> Result<Option<String>> { r.get::<_, Option<String>>(i).map_err(|e| err(l, e)) };
    let getf = |i| -> Result<Option<f64>> { r.get::<_, Option<f64>>(i).map_err(|e| err(l, e)) };
    let province = get(2)?.map(|p| p.parse::<truce_model::Governorate>().map_err(|e| corrupt(l, format!("claim {claim}: {e}")))).transpose()?;
    // The ledger stores a kind as its serde name; reading it through serde
    // keeps up with kinds added to the model.
    let kind = get(3)?
        .map(|k| {
            use serde::Deserialize;
            truce_model::PlaceKind::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(&k))
                .map_err(|_| corrupt(l, format!("claim {claim}: place kind {k:?}")))
        })
        .transpose()?;
    let candidates = match get(10)? {
        Some(j) => serde_json::from_str(&j).map_err(|e| corrupt(l, format!("claim {claim}: candidates: {e}")))?,
        None => Vec::new(),
    };
    Ok(Place {
        name: get(1)?.unwrap_or_default(),
        province,
        kind,
        id: get(4)?,
        canonical: get(5)?,
        district: get(6)?,
        lat: getf(7)?,
        lon: getf(8)?,
        score: getf(9)?,
        candidates,
    })
}
