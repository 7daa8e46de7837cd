//! The daily bulletin as data: the day's figures and running totals per
//! metric, the change against the day before, agreements and violations by
//! governorate, negotiations. Renderers (`render`) turn it into text,
//! Markdown or JSON; this module only reads the ledger and computes.

use crate::figure::{Figure, Period, governorate_of, is_admin, national_figure, source_key, usable};
use crate::query::{ViewQuery, shift};
use crate::sql::{self, Where};
use crate::{Result, figure};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;
use truce_ledger::{ClaimId, LedgerStore, SqliteLedger, StoredClaim};
use truce_model::{Date, Governorate, Metric};

/// How far back a running total is looked for when the day states none:
/// a bulletin that skips a total for a month is not speaking for it.
pub const TOTAL_LOOKBACK_DAYS: i64 = 31;

/// The daily bulletin for one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DailyReport {
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_known_at: Option<Timestamp>,
    /// One line per metric with anything to say, in the model's order.
    pub metrics: Vec<MetricLine>,
    pub agreements: Vec<GovernorateLocalities>,
    pub violations: Vec<GovernorateFigure>,
    pub negotiations: Vec<GovernorateLocalities>,
    /// Claims of the day a person disputed or rejected: never shown as fact.
    pub set_aside: Vec<ClaimId>,
    /// Documents the day's claims were read from.
    pub documents: Vec<i64>,
}

/// One metric of the bulletin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricLine {
    pub metric: Metric,
    /// The 24-hour figure stated for the day.
    pub day: Option<Figure>,
    /// The day before's 24-hour figure, for the change.
    pub previous_day: Option<Figure>,
    /// The latest running total valid on or before the day.
    pub total: Option<Figure>,
    /// The latest running total before `total`.
    pub previous_total: Option<Figure>,
    /// `day − previous_day`, when both are agreed values.
    pub day_change: Option<f64>,
    /// `total − previous_total`, when both are agreed values.
    pub total_change: Option<f64>,
}

/// Localities named in a governorate, with the claims that name them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GovernorateLocalities {
    pub governorate: Option<Governorate>,
    pub localities: Vec<NamedLocality>,
    pub claims: Vec<ClaimId>,
    /// Every claim behind it is unreviewed.
    pub unreviewed: bool,
}

/// A locality as the gazetteer knows it (or as written, when unlinked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedLocality {
    /// The gazetteer id, when linked.
    pub id: Option<String>,
    pub name: String,
    /// Spellings the sources used, when they differ from `name`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<String>,
    pub claims: Vec<ClaimId>,
}

/// A per-governorate figure (violations by governorate).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GovernorateFigure {
    pub governorate: Option<Governorate>,
    pub figure: Figure,
}

/// Computes the bulletin for `date`: with SQL on SQLite
/// ([`daily_report_sql`]), through the [`LedgerStore`] API elsewhere
/// ([`daily_report_generic`]). Both give the same report.
pub fn daily_report(store: &dyn LedgerStore, date: Date, query: &ViewQuery) -> Result<DailyReport> {
    match store.as_sqlite() {
        Some(ledger) => daily_report_sql(ledger, date, query),
        None => daily_report_generic(store, date, query),
    }
}

/// [`daily_report`] through the [`LedgerStore`] API, on any backend.
///
/// Reads only the claims valid on `date` and the day before, plus, per
/// metric with no total on the day, one indexed query per earlier day until
/// a total is found: a report stays cheap on a ledger of years.
pub fn daily_report_generic(store: &dyn LedgerStore, date: Date, query: &ViewQuery) -> Result<DailyReport> {
    let today = store.claims_on(date, &query.filter(None, None, None))?;
    let yesterday = match shift(date, -1) {
        Some(d) => store.claims_on(d, &query.filter(None, None, None))?,
        None => Vec::new(),
    };
    build(date, query, today, yesterday, &mut |d, metric| Ok(store.claims_on(d, &query.filter(Some(metric), None, None))?))
}

/// [`daily_report`] on a SQLite ledger, the same report read with less:
/// claims of the day without their evidence (no view of the report shows
/// it), their places a run of ids at a time; the day before and earlier
/// totals with no places at all (their figures only ask whether a claim
/// has any).
pub fn daily_report_sql(ledger: &SqliteLedger, date: Date, query: &ViewQuery) -> Result<DailyReport> {
    let day = |d: Date, metric: Option<Metric>, places: bool| -> Result<Vec<StoredClaim>> {
        let mut w = Where::visible(query);
        if let Some(m) = metric {
            w.metric(m);
        }
        w.days(Some(d), Some(d));
        if places { sql::claims_with_places(ledger, &w, false, None) } else { sql::lean_claims(ledger, &w) }
    };
    let today = day(date, None, true)?;
    let yesterday = match shift(date, -1) {
        Some(d) => day(d, None, false)?,
        None => Vec::new(),
    };
    build(date, query, today, yesterday, &mut |d, metric| day(d, Some(metric), false))
}

/// The report from the claims of the day and the day before; `earlier`
/// reads the claims of one metric on an earlier day, for totals.
fn build(
    date: Date,
    query: &ViewQuery,
    today: Vec<StoredClaim>,
    yesterday: Vec<StoredClaim>,
    earlier: &mut dyn FnMut(Date, Metric) -> Result<Vec<StoredClaim>>,
) -> Result<DailyReport> {
    let mut metrics = Vec::new();
    for metric in Metric::ALL.into_iter().filter(|m| m.has_value()) {
        let day = national_figure(metric, Period::Day, date, &today);
        let previous_day = shift(date, -1).and_then(|d| national_figure(metric, Period::Day, d, &yesterday));
        let known = [(Some(date), today.as_slice()), (shift(date, -1), yesterday.as_slice())];
        let total = latest_total(earlier, metric, date, &known)?;
        let previous_total = match total.as_ref().and_then(|t| shift(t.day, -1)) {
            Some(before) => latest_total(earlier, metric, before, &known)?,
            None => None,
        };
        let day_change = match (&day, &previous_day) {
            (Some(a), Some(b)) => a.value().zip(b.value()).map(|(a, b)| a - b),
            _ => None,
        };
        let total_change = match (&total, &previous_total) {
            (Some(a), Some(b)) => a.value().zip(b.value()).map(|(a, b)| a - b),
            _ => None,
        };
        if day.is_some() || total.is_some() {
            metrics.push(MetricLine { metric, day, previous_day, total, previous_total, day_change, total_change });
        }
    }
    let mut documents: Vec<i64> = today.iter().filter_map(|c| c.document.map(|d| d.0)).collect();
    documents.sort_unstable();
    documents.dedup();
    Ok(DailyReport {
        date,
        reporter: query.reporter.clone(),
        as_known_at: query.as_known_at,
        metrics,
        agreements: localities_by_governorate(&today, &[Metric::CeasefireAgreements, Metric::LocalitiesJoinedCeasefire]),
        violations: figures_by_governorate(&today, Metric::CeasefireViolations, date),
        negotiations: localities_by_governorate(&today, &[Metric::NegotiationsOngoing]),
        set_aside: today.iter().filter(|c| !usable(c)).map(|c| c.id).collect(),
        documents,
    })
}

/// The latest national running total of `metric` valid on or before `day`,
/// looking back at most [`TOTAL_LOOKBACK_DAYS`].
fn latest_total(
    earlier: &mut dyn FnMut(Date, Metric) -> Result<Vec<StoredClaim>>,
    metric: Metric,
    day: Date,
    known: &[(Option<Date>, &[StoredClaim])],
) -> Result<Option<Figure>> {
    for back in 0..TOTAL_LOOKBACK_DAYS {
        let Some(d) = shift(day, -back) else { break };
        let figure = match known.iter().find(|(k, _)| *k == Some(d)) {
            Some((_, claims)) => national_figure(metric, Period::Total, d, claims),
            None => {
                let claims = earlier(d, metric)?;
                national_figure(metric, Period::Total, d, &claims)
            }
        };
        if figure.as_ref().is_some_and(|f| !f.readings.is_empty()) {
            return Ok(figure);
        }
    }
    Ok(None)
}

/// Localities that claims of `metrics` name, grouped by governorate; the
/// same locality from several sources (French and English versions) is one.
pub fn localities_by_governorate(claims: &[StoredClaim], metrics: &[Metric]) -> Vec<GovernorateLocalities> {
    let mut groups: BTreeMap<Option<Governorate>, GovernorateLocalities> = BTreeMap::new();
    for c in claims.iter().filter(|c| metrics.contains(&c.claim.metric) && usable(c)) {
        if !matches!(figure::Period::of(&c.claim.window), Some(Period::Day)) {
            continue;
        }
        for p in &c.claim.places {
            let g = governorate_of(p);
            let group =
                groups.entry(g).or_insert_with(|| GovernorateLocalities { governorate: g, localities: Vec::new(), claims: Vec::new(), unreviewed: true });
            if !group.claims.contains(&c.id) {
                group.claims.push(c.id);
            }
            group.unreviewed &= c.review != truce_ledger::ReviewState::Confirmed;
            if is_admin(p) {
                continue;
            }
            let name = p.canonical.clone().unwrap_or_else(|| p.name.clone());
            let same = |l: &NamedLocality| match (&l.id, &p.id) {
                (Some(a), Some(b)) => a == b,
                _ => l.name.eq_ignore_ascii_case(&name),
            };
            let i = match group.localities.iter().position(same) {
                Some(i) => i,
                None => {
                    group.localities.push(NamedLocality { id: p.id.clone(), name: name.clone(), written: vec![], claims: vec![] });
                    group.localities.len() - 1
                }
            };
            let l = &mut group.localities[i];
            if p.name != l.name && !l.written.contains(&p.name) {
                l.written.push(p.name.clone());
            }
            if !l.claims.contains(&c.id) {
                l.claims.push(c.id);
            }
        }
    }
    groups.into_values().collect()
}

/// Per-governorate figures of `metric` (one valid day): each source's claims
/// placed in one governorate, summed per source, then compared across sources.
pub fn figures_by_governorate(claims: &[StoredClaim], metric: Metric, day: Date) -> Vec<GovernorateFigure> {
    let mut per_gov: BTreeMap<Governorate, BTreeMap<i64, figure::SourceValues<'_>>> = BTreeMap::new();
    let mut set_aside: BTreeMap<Governorate, Vec<ClaimId>> = BTreeMap::new();
    for c in claims.iter().filter(|c| c.claim.metric == metric && Period::of(&c.claim.window) == Some(Period::Day)) {
        let govs: Vec<Governorate> = c.claim.places.iter().filter_map(governorate_of).collect();
        let Some(&g) = govs.first() else { continue };
        if govs.iter().any(|o| *o != g) {
            continue; // one value over several governorates cannot be split
        }
        if !usable(c) {
            set_aside.entry(g).or_default().push(c.id);
            continue;
        }
        let Some(v) = c.claim.value else { continue };
        let sv = per_gov.entry(g).or_default().entry(source_key(c)).or_default();
        match sv.values.first_mut() {
            Some((sum, cs, _)) => {
                *sum += v;
                cs.push(c);
            }
            None => sv.values.push((v, vec![c], false)),
        }
    }
    per_gov
        .into_iter()
        .map(|(g, sources)| GovernorateFigure {
            governorate: Some(g),
            figure: Figure {
                metric,
                period: Period::Day,
                day,
                since: None,
                readings: figure::readings_of(&sources),
                set_aside: set_aside.remove(&g).unwrap_or_default(),
            },
        })
        .collect()
}
