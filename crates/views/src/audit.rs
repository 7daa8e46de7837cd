//! The audit: what does not add up in the ledger over a range of days.
//! Each finding names its kind, its severity and the claims involved with
//! their evidence, so a person can check the sentences themselves.

use crate::figure::{Period, SAME_VALUE, is_admin, national_figure, source_key, usable};
use crate::query::{ViewQuery, shift};
use crate::report::TOTAL_LOOKBACK_DAYS;
use crate::sql::{self, Where};
use crate::{Language, Result};
use rusqlite::OptionalExtension;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use truce_ledger::sqlite::schema::locality_joins_of;
use truce_ledger::{ClaimId, JOIN_METRICS, LedgerStore, SqliteLedger, StoredClaim};
use truce_model::{Date, Metric, Severity};

/// Totals are stated with one decimal; smaller gaps are rounding.
const TOTAL_TOLERANCE: f64 = 0.05;

/// What kind of inconsistency a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A running total is not the previous total plus the days' figures since.
    RunningTotalMismatch,
    /// A running total is lower than the one before it.
    TotalDecreased,
    /// "10 agreements" with another number of localities named.
    CountDiffersFromNamed,
    /// A total and its per-place breakdown in one document differ.
    BreakdownDoesNotAddUp,
    /// A document states two values for one figure (a headline against its body).
    HeadlineContradictsBody,
    /// Documents of different reporters give different values for one figure.
    ReportersDisagree,
    /// Documents of one reporter (language versions) give different values.
    VersionsDisagree,
    /// A locality joins the ceasefire on two different days.
    LocalityJoinedTwice,
    /// A place could not be linked to the gazetteer.
    PlaceUnlinked,
    /// A place matches several gazetteer entries.
    PlaceAmbiguous,
}

impl FindingKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FindingKind::RunningTotalMismatch => "running_total_mismatch",
            FindingKind::TotalDecreased => "total_decreased",
            FindingKind::CountDiffersFromNamed => "count_differs_from_named",
            FindingKind::BreakdownDoesNotAddUp => "breakdown_does_not_add_up",
            FindingKind::HeadlineContradictsBody => "headline_contradicts_body",
            FindingKind::ReportersDisagree => "reporters_disagree",
            FindingKind::VersionsDisagree => "versions_disagree",
            FindingKind::LocalityJoinedTwice => "locality_joined_twice",
            FindingKind::PlaceUnlinked => "place_unlinked",
            FindingKind::PlaceAmbiguous => "place_ambiguous",
        }
    }
}

/// A claim as a finding cites it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRef {
    pub id: ClaimId,
    pub document: Option<i64>,
    pub reporter: Option<String>,
    pub day: Option<Date>,
    pub value: Option<f64>,
    pub evidence: String,
}

impl ClaimRef {
    fn of(c: &StoredClaim) -> Self {
        ClaimRef {
            id: c.id,
            document: c.document.map(|d| d.0),
            reporter: c.reporter.clone(),
            day: c.valid.map(|v| v.anchor()),
            value: c.claim.value,
            evidence: c.claim.evidence.clone(),
        }
    }
}

/// One thing that does not add up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    pub day: Option<Date>,
    pub metric: Option<Metric>,
    /// [`Finding::detail`] in English: what the CLI, the API and the
    /// dashboard show.
    pub message: String,
    /// The figures behind the message, so that it can be said in another
    /// language ([`Finding::message_in`]).
    #[serde(skip)]
    pub detail: Detail,
    pub claims: Vec<ClaimRef>,
}

impl Finding {
    fn new(kind: FindingKind, severity: Severity, day: Date, metric: Option<Metric>, detail: Detail, claims: Vec<ClaimRef>) -> Self {
        Finding { kind, severity, day: Some(day), metric, message: detail.message(Language::En), detail, claims }
    }

    /// The message in `lang`: a French digest quotes its findings in French.
    pub fn message_in(&self, lang: Language) -> String {
        match lang {
            Language::En => self.message.clone(),
            Language::Fr => self.detail.message(lang),
        }
    }
}

/// Whether sources disagree on a day's figure or on a running total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureKind {
    Daily,
    RunningTotal,
}

/// What a finding found, with its figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    RunningTotalMismatch {
        metric: Metric,
        total: f64,
        day: Date,
        last_total: f64,
        last_day: Date,
        added: f64,
        expected: f64,
    },
    TotalDecreased {
        metric: Metric,
        last_total: f64,
        last_day: Date,
        total: f64,
        day: Date,
    },
    HeadlineContradictsBody {
        metric: Metric,
        values: Vec<f64>,
    },
    BreakdownDoesNotAddUp {
        metric: Metric,
        totals: Vec<f64>,
        sum: f64,
    },
    /// Each source's values (a source may state a figure in parts).
    SourcesDisagree {
        metric: Metric,
        figure: FigureKind,
        day: Date,
        stated: Vec<Vec<f64>>,
    },
    CountDiffersFromNamed {
        stated: f64,
        named: usize,
    },
    PlaceUnlinked {
        name: String,
    },
    /// Candidates as "canonical name (id)".
    PlaceAmbiguous {
        name: String,
        candidates: Vec<String>,
    },
    LocalityJoinedTwice {
        name: String,
        day: Date,
        first_day: Date,
    },
}

impl Detail {
    /// The sentence for a reader of `lang`. English names metrics by their
    /// identifiers and days in ISO form, as the audit always has (scripts
    /// read it); French uses the labels and dates of the bulletin.
    pub fn message(&self, lang: Language) -> String {
        let n = |v: f64| crate::locale::number(v, lang);
        let join = |vs: &[f64], sep: &str| vs.iter().map(|v| n(*v)).collect::<Vec<_>>().join(sep);
        let fr_date = |d: Date| crate::locale::date(d, Language::Fr);
        let label = |m: Metric| crate::locale::metric_label(m, Language::Fr);
        match (self, lang) {
            (Detail::RunningTotalMismatch { metric, total, day, last_total, last_day, added, expected }, Language::En) => format!(
                "{metric} total {} on {day} is not the total {} of {last_day} plus {} stated since ({} expected)",
                n(*total),
                n(*last_total),
                n(*added),
                n(*expected)
            ),
            (Detail::RunningTotalMismatch { metric, total, day, last_total, last_day, added, expected }, Language::Fr) => format!(
                "{}\u{a0}: le total de {} au {} n'est pas celui de {} au {} plus les {} annoncés depuis ({} attendus)",
                label(*metric),
                n(*total),
                fr_date(*day),
                n(*last_total),
                fr_date(*last_day),
                n(*added),
                n(*expected)
            ),
            (Detail::TotalDecreased { metric, last_total, last_day, total, day }, Language::En) => {
                format!("{metric} total goes down from {} on {last_day} to {} on {day}", n(*last_total), n(*total))
            }
            (Detail::TotalDecreased { metric, last_total, last_day, total, day }, Language::Fr) => {
                format!("{}\u{a0}: le total baisse de {} au {} à {} au {}", label(*metric), n(*last_total), fr_date(*last_day), n(*total), fr_date(*day))
            }
            (Detail::HeadlineContradictsBody { metric, values }, Language::En) => {
                format!("one document states {metric} as {} (a headline against its body?)", join(values, " and "))
            }
            (Detail::HeadlineContradictsBody { metric, values }, Language::Fr) => {
                format!("{}\u{a0}: un même document donne {} (le titre contredit-il le texte\u{202f}?)", label(*metric), join(values, " et "))
            }
            (Detail::BreakdownDoesNotAddUp { metric, totals, sum }, Language::En) => {
                format!("{metric}: total {} but the breakdown by place sums to {}", join(totals, " / "), n(*sum))
            }
            (Detail::BreakdownDoesNotAddUp { metric, totals, sum }, Language::Fr) => {
                format!("{}\u{a0}: total de {}, mais la ventilation par lieu fait {}", label(*metric), join(totals, " / "), n(*sum))
            }
            (Detail::SourcesDisagree { metric, figure, day, stated }, Language::En) => format!(
                "sources disagree on the {} {metric} of {day}: {}",
                match figure {
                    FigureKind::Daily => "daily",
                    FigureKind::RunningTotal => "running total of",
                },
                stated.iter().map(|s| join(s, "+")).collect::<Vec<_>>().join(" vs ")
            ),
            (Detail::SourcesDisagree { metric, figure, day, stated }, Language::Fr) => format!(
                "{}\u{a0}: les sources divergent sur {} du {}\u{a0}: {}",
                label(*metric),
                match figure {
                    FigureKind::Daily => "le chiffre du jour",
                    FigureKind::RunningTotal => "le total cumulé",
                },
                fr_date(*day),
                stated.iter().map(|s| join(s, "+")).collect::<Vec<_>>().join(" contre ")
            ),
            (Detail::CountDiffersFromNamed { stated, named }, Language::En) => format!("{} stated, {named} localities named", n(*stated)),
            (Detail::CountDiffersFromNamed { stated, named }, Language::Fr) => {
                format!("{} annoncé(s), {named} localité(s) nommée(s)", n(*stated))
            }
            (Detail::PlaceUnlinked { name }, Language::En) => format!("{name:?} is not in the gazetteer"),
            (Detail::PlaceUnlinked { name }, Language::Fr) => format!("«\u{a0}{name}\u{a0}» ne figure pas dans le répertoire des lieux"),
            (Detail::PlaceAmbiguous { name, candidates }, Language::En) => format!("{name:?} may be any of {}", candidates.join(", ")),
            (Detail::PlaceAmbiguous { name, candidates }, Language::Fr) => {
                format!("«\u{a0}{name}\u{a0}» peut désigner\u{a0}: {}", candidates.join(", "))
            }
            (Detail::LocalityJoinedTwice { name, day, first_day }, Language::En) => {
                format!("{name} joins the ceasefire on {day}, having first joined on {first_day}")
            }
            (Detail::LocalityJoinedTwice { name, day, first_day }, Language::Fr) => {
                format!("{name} rejoint la trêve le {}, alors qu'elle l'avait rejointe le {}", fr_date(*day), fr_date(*first_day))
            }
        }
    }
}

/// Audits claims valid in `[from, to]`: with SQL on SQLite ([`audit_sql`]),
/// through the [`LedgerStore`] API elsewhere ([`audit_generic`]). Both give
/// the same findings.
pub fn audit(store: &dyn LedgerStore, from: Date, to: Date, query: &ViewQuery) -> Result<Vec<Finding>> {
    match store.as_sqlite() {
        Some(ledger) => audit_sql(ledger, from, to, query),
        None => audit_generic(store, from, to, query),
    }
}

/// The first visible join of each locality (by [`truce_ledger::locality_key`])
/// before the claims an audit reads: its day and the usable claims that
/// say it, in id order.
type FirstJoins = BTreeMap<String, (Date, Vec<StoredClaim>)>;

/// [`audit`] through the [`LedgerStore`] API, on any backend.
///
/// Claims from [`TOTAL_LOOKBACK_DAYS`] before `from` are read too, so the
/// first total of the range is checked against the one before it; findings
/// are reported only for days in the range. A locality joining in the range
/// is checked against its first join over the whole history: the joining
/// claims before that are streamed metric by metric, keeping only the first
/// day of the localities that join in the range, and stopping once every
/// one of them has been found.
pub fn audit_generic(store: &dyn LedgerStore, from: Date, to: Date, query: &ViewQuery) -> Result<Vec<Finding>> {
    let start = shift(from, -TOTAL_LOOKBACK_DAYS).unwrap_or(from);
    let claims = store.claims(&query.filter(None, Some(start), Some(to)))?;
    let wanted = joining_in(&claims, from, to);
    let mut first: FirstJoins = BTreeMap::new();
    if let (Some(before), false) = (shift(start, -1), wanted.is_empty()) {
        for metric in JOIN_METRICS {
            store.for_each_claim(&query.filter(Some(metric), None, Some(before)), &mut |c| {
                let Some(day) = c.valid.map(|v| v.anchor()) else { return ControlFlow::Continue(()) };
                // Claims come in day order: past the latest first day, once
                // every locality has one, nothing can change.
                if first.len() == wanted.len() && first.values().all(|(d, _)| *d < day) {
                    return ControlFlow::Break(());
                }
                if usable(&c) {
                    for key in locality_joins_of(&c.claim).into_iter().filter(|k| wanted.contains(k)) {
                        match first.get_mut(&key) {
                            Some((d, cs)) if *d == day => cs.push(c.clone()),
                            Some((d, _)) if *d < day => {}
                            _ => {
                                first.insert(key, (day, vec![c.clone()]));
                            }
                        }
                    }
                }
                ControlFlow::Continue(())
            })?;
        }
        for (_, cs) in first.values_mut() {
            cs.sort_by_key(|c| c.id);
            cs.dedup_by_key(|c| c.id);
        }
    }
    Ok(audit_owned(claims, from, to, &first))
}

/// The localities that some usable claim says joined on a day in `[from, to]`.
fn joining_in(claims: &[StoredClaim], from: Date, to: Date) -> BTreeSet<String> {
    claims.iter().filter(|c| usable(c) && c.valid.is_some_and(|v| v.anchor() >= from && v.anchor() <= to)).flat_map(|c| locality_joins_of(&c.claim)).collect()
}

/// [`audit_generic`] on a SQLite ledger, with the same findings, reading less:
///
/// - Before `from`, only from the latest day (within [`TOTAL_LOOKBACK_DAYS`])
///   on which some running total was stated, found by index seeks of one
///   metric and one day: what comes earlier cannot change a check in the
///   range, since each total is checked against the latest one before it.
/// - For each locality joining in the range, its first visible join before
///   the claims read, from the ledger's `locality_joins` (schema 5): a probe
///   of its earliest day, then that day's rows whose claims are visible and
///   usable (see [`first_joins_sql`]).
/// - Claims are read with only the columns findings use, their places a
///   run of claim ids at a time.
pub fn audit_sql(ledger: &SqliteLedger, from: Date, to: Date, query: &ViewQuery) -> Result<Vec<Finding>> {
    let earliest = shift(from, -TOTAL_LOOKBACK_DAYS).unwrap_or(from);
    let start = lookback_start(ledger, earliest, from, query)?;
    let mut w = Where::visible(query);
    w.days(Some(start), Some(to));
    let claims = sql::claims_with_places(ledger, &w, true, None)?;
    let wanted = joining_in(&claims, from, to);
    let first = first_joins_sql(ledger, &wanted, start, query)?;
    Ok(audit_owned(claims, from, to, &first))
}

/// The first visible, usable join before `before` of each locality of
/// `wanted`, from `locality_joins` and `locality_first_joins` (schema 5):
/// no join of a locality comes before its earliest recorded day, so the
/// search starts there, one index range of (day, locality) a day, and moves
/// on to the locality's next day only when none of that day's claims is
/// visible and usable (rejected, corrected since, of another reporter...).
fn first_joins_sql(ledger: &SqliteLedger, wanted: &BTreeSet<String>, before: Date, query: &ViewQuery) -> Result<FirstJoins> {
    if wanted.is_empty() {
        return Ok(BTreeMap::new());
    }
    let e = |x| sql::err(ledger, x);
    let mut w = Where::visible(query);
    w.skip_void_checks(ledger)?;
    let day = w.bind(String::new());
    let key = w.bind(String::new());
    let (day_at, key_at) = (w.values.len() - 2, w.values.len() - 1);
    let sql = format!(
        "SELECT j.claim_id FROM locality_joins j CROSS JOIN claims c ON c.id = j.claim_id \
         WHERE j.valid_day = {day} AND j.locality = {key} AND {} AND {} NOT IN ('disputed', 'rejected') ORDER BY j.claim_id",
        w.sql(),
        w.review
    );
    let conn = ledger.connection();
    let mut visible = conn.prepare_cached(&sql).map_err(e)?;
    let mut earliest = conn.prepare_cached("SELECT first_day FROM locality_first_joins WHERE locality = ?1 AND first_day < ?2").map_err(e)?;
    let mut next_day = conn.prepare_cached("SELECT min(valid_day) FROM locality_joins WHERE valid_day > ?1 AND valid_day < ?2 AND locality = ?3").map_err(e)?;
    let before_text = before.to_string();
    let mut ids_of: BTreeMap<&str, (String, Vec<i64>)> = BTreeMap::new();
    for locality in wanted {
        let mut d: Option<String> = earliest.query_row(rusqlite::params![locality, before_text], |r| r.get(0)).optional().map_err(e)?;
        w.values[key_at] = rusqlite::types::Value::Text(locality.clone());
        while let Some(current) = d {
            w.values[day_at] = rusqlite::types::Value::Text(current.clone());
            let ids: Vec<i64> = visible.query_map(rusqlite::params_from_iter(w.values.iter()), |r| r.get(0)).and_then(|rows| rows.collect()).map_err(e)?;
            if !ids.is_empty() {
                ids_of.insert(locality, (current, ids));
                break;
            }
            d = next_day.query_row(rusqlite::params![current, before_text, locality], |r| r.get(0)).map_err(e)?;
        }
    }
    drop((visible, earliest, next_day));
    if ids_of.is_empty() {
        return Ok(BTreeMap::new());
    }
    // The cited claims in full, in one query.
    let all: BTreeSet<i64> = ids_of.values().flat_map(|(_, ids)| ids.iter().copied()).collect();
    let mut w = Where::visible(query);
    let list = w.bind(serde_json::to_string(&all).unwrap_or_else(|_| "[]".into()));
    w.conds.push(format!("c.id IN (SELECT value FROM json_each({list}))"));
    let claims = sql::claims_with_places(ledger, &w, true, None)?;
    let mut out = BTreeMap::new();
    for (locality, (day, ids)) in ids_of {
        let day: Date = day.parse().map_err(|e| sql::corrupt(ledger, format!("locality_joins: day {day:?}: {e}")))?;
        let mut cs: Vec<StoredClaim> = claims.iter().filter(|c| ids.contains(&c.id.0)).cloned().collect();
        cs.sort_by_key(|c| c.id);
        out.insert(locality.to_owned(), (day, cs));
    }
    Ok(out)
}

/// The earliest day in `[earliest, from)` the running-total check needs:
/// the latest day with a usable stated total, taken over every cumulative
/// metric that has one (`from` when none has). One index seek per metric
/// and day, stopping at the first total of each metric.
fn lookback_start(ledger: &SqliteLedger, earliest: Date, from: Date, query: &ViewQuery) -> Result<Date> {
    let mut start = from;
    for metric in Metric::ALL.into_iter().filter(|m| m.is_cumulative()) {
        let mut day = shift(from, -1);
        while let Some(d) = day.filter(|d| *d >= earliest) {
            let mut w = Where::visible(query);
            w.metric(metric);
            w.days(Some(d), Some(d));
            w.conds.push("c.window_kind = 'total' AND c.value IS NOT NULL".to_owned());
            let sql = format!("SELECT EXISTS (SELECT 1 FROM claims c WHERE {} AND {} NOT IN ('disputed', 'rejected'))", w.sql(), w.review);
            let found: bool = ledger
                .connection()
                .prepare_cached(&sql)
                .and_then(|mut st| st.query_row(rusqlite::params_from_iter(w.values.iter()), |r| r.get(0)))
                .map_err(|e| sql::err(ledger, e))?;
            if found {
                start = start.min(d);
                break;
            }
            day = shift(d, -1);
        }
    }
    Ok(start)
}

/// The audit over claims already read (pure): a locality's joins are
/// compared only among these claims.
pub fn audit_claims(claims: &[StoredClaim], from: Date, to: Date) -> Vec<Finding> {
    audit_owned(claims.to_vec(), from, to, &BTreeMap::new())
}

/// The audit of `[from, to]` over `claims` (those of the range and some
/// days before), with `first`, the first join of localities before them.
fn audit_owned(claims: Vec<StoredClaim>, from: Date, to: Date, first: &FirstJoins) -> Vec<Finding> {
    let mut claims = claims;
    claims.retain(|c| usable(c) && c.valid.is_some());
    // Both paths read in (valid day, id) order already, so this only checks
    // it; then each day is a slice of one vector, no claim moved again.
    claims.sort_by_key(|c| (c.valid.map(|v| v.anchor()), c.id));
    let mut by_day: BTreeMap<Date, &[StoredClaim]> = BTreeMap::new();
    for cs in claims.chunk_by(|a, b| a.valid.map(|v| v.anchor()) == b.valid.map(|v| v.anchor())) {
        if let Some(v) = cs[0].valid {
            by_day.insert(v.anchor(), cs);
        }
    }
    let in_range = |d: Date| d >= from && d <= to;
    let mut findings = Vec::new();
    running_totals(&by_day, &in_range, &mut findings);
    for (day, cs) in by_day.iter().filter(|(d, _)| in_range(**d)) {
        within_documents(*day, cs, &mut findings);
        between_sources(*day, cs, &mut findings);
        counts_named(*day, cs, &mut findings);
        places(*day, cs, &mut findings);
    }
    joined_twice(&by_day, from, to, first, &mut findings);
    findings.sort_by(|a, b| a.day.cmp(&b.day).then(a.kind.cmp(&b.kind)).then(a.metric.cmp(&b.metric)));
    findings
}

fn refs(cs: &[&StoredClaim]) -> Vec<ClaimRef> {
    let mut seen = BTreeSet::new();
    cs.iter().filter(|c| seen.insert(c.id)).map(|c| ClaimRef::of(c)).collect()
}

fn fmt(v: f64) -> String {
    crate::locale::number(v, crate::Language::En)
}

/// The daily figure that feeds a metric's running total: its own, except
/// that the total of localities joined grows by the agreements of the day
/// when no day count of localities is stated.
fn feed(metric: Metric, day: Date, cs: &[StoredClaim]) -> Option<(f64, Vec<&StoredClaim>)> {
    let mut candidates = vec![metric];
    if metric == Metric::LocalitiesJoinedCeasefire {
        candidates.push(Metric::CeasefireAgreements);
    }
    for m in candidates {
        if let Some(f) = national_figure(m, Period::Day, day, cs)
            && let Some(r) = f.readings.first()
        {
            let claims = cs.iter().filter(|c| r.claims.binary_search(&c.id).is_ok()).collect();
            return Some((r.value, claims));
        }
    }
    None
}

fn running_totals(by_day: &BTreeMap<Date, &[StoredClaim]>, in_range: &dyn Fn(Date) -> bool, out: &mut Vec<Finding>) {
    for metric in Metric::ALL.into_iter().filter(|m| m.is_cumulative()) {
        let mut last: Option<(Date, f64, Vec<&StoredClaim>)> = None;
        let mut added = 0.0;
        let mut added_claims: Vec<&StoredClaim> = Vec::new();
        for (day, cs) in by_day {
            if let Some((v, claims)) = feed(metric, *day, cs) {
                added += v;
                added_claims.extend(claims);
            }
            let Some(total) = national_figure(metric, Period::Total, *day, cs) else { continue };
            let Some(reading) = total.readings.first() else { continue };
            let total_claims: Vec<&StoredClaim> = cs.iter().filter(|c| reading.claims.binary_search(&c.id).is_ok()).collect();
            if let Some((last_day, last_value, last_claims)) = &last
                && in_range(*day)
            {
                let expected = last_value + added;
                let mut involved = total_claims.clone();
                involved.extend(last_claims.iter().copied());
                involved.extend(added_claims.iter().copied());
                if (reading.value - expected).abs() > TOTAL_TOLERANCE {
                    let detail =
                        Detail::RunningTotalMismatch { metric, total: reading.value, day: *day, last_total: *last_value, last_day: *last_day, added, expected };
                    out.push(Finding::new(FindingKind::RunningTotalMismatch, Severity::Error, *day, Some(metric), detail, refs(&involved)));
                }
                if reading.value < last_value - TOTAL_TOLERANCE {
                    let mut involved = total_claims.clone();
                    involved.extend(last_claims.iter().copied());
                    let detail = Detail::TotalDecreased { metric, last_total: *last_value, last_day: *last_day, total: reading.value, day: *day };
                    out.push(Finding::new(FindingKind::TotalDecreased, Severity::Error, *day, Some(metric), detail, refs(&involved)));
                }
            }
            last = Some((*day, reading.value, total_claims));
            added = 0.0;
            added_claims.clear();
        }
    }
}

/// Per document: two values for one national figure, and totals whose
/// breakdown sums to something else.
fn within_documents(day: Date, cs: &[StoredClaim], out: &mut Vec<Finding>) {
    let mut groups: BTreeMap<(i64, Metric, Period), Vec<&StoredClaim>> = BTreeMap::new();
    for c in cs {
        if let (Some(p), Some(_)) = (Period::of(&c.claim.window), c.claim.value) {
            groups.entry((source_key(c), c.claim.metric, p)).or_default().push(c);
        }
    }
    for ((_, metric, _), group) in groups {
        let unplaced: Vec<&StoredClaim> = group.iter().copied().filter(|c| c.claim.places.is_empty()).collect();
        let placed: Vec<&StoredClaim> = group.iter().copied().filter(|c| !c.claim.places.is_empty()).collect();
        let mut values: Vec<f64> = unplaced.iter().filter_map(|c| c.claim.value).collect();
        values.sort_by(f64::total_cmp);
        values.dedup_by(|a, b| (*a - *b).abs() < SAME_VALUE);
        if values.len() > 1 {
            let detail = Detail::HeadlineContradictsBody { metric, values: values.clone() };
            out.push(Finding::new(FindingKind::HeadlineContradictsBody, Severity::Warning, day, Some(metric), detail, refs(&unplaced)));
        }
        let breakdown_metric = !matches!(metric, Metric::CeasefireAgreements | Metric::LocalitiesJoinedCeasefire);
        if breakdown_metric && !values.is_empty() && !placed.is_empty() {
            let sum: f64 = placed.iter().filter_map(|c| c.claim.value).sum();
            if !values.iter().any(|v| (v - sum).abs() < TOTAL_TOLERANCE) {
                let mut involved = unplaced.clone();
                involved.extend(placed.iter().copied());
                let detail = Detail::BreakdownDoesNotAddUp { metric, totals: values.clone(), sum };
                out.push(Finding::new(FindingKind::BreakdownDoesNotAddUp, Severity::Warning, day, Some(metric), detail, refs(&involved)));
            }
        }
    }
}

/// Different documents stating different values for the same national figure.
fn between_sources(day: Date, cs: &[StoredClaim], out: &mut Vec<Finding>) {
    for metric in Metric::ALL.into_iter().filter(|m| m.has_value()) {
        for period in [Period::Day, Period::Total] {
            let relevant: Vec<&StoredClaim> = cs.iter().filter(|c| c.claim.metric == metric && Period::of(&c.claim.window) == Some(period)).collect();
            if relevant.is_empty() {
                continue;
            }
            let per_source = crate::figure::national_values(&relevant);
            let mut sets: BTreeMap<Vec<i64>, Vec<&StoredClaim>> = BTreeMap::new();
            let mut reporters: BTreeSet<Option<String>> = BTreeSet::new();
            for sv in per_source.values() {
                let mut key: Vec<i64> = sv.values.iter().map(|(v, _, _)| (v * 1000.0).round() as i64).collect();
                key.sort_unstable();
                key.dedup();
                if key.is_empty() {
                    continue;
                }
                let entry = sets.entry(key).or_default();
                for (_, claims, _) in &sv.values {
                    entry.extend(claims.iter().copied());
                    reporters.extend(claims.iter().map(|c| c.reporter.clone()));
                }
            }
            if sets.len() < 2 {
                continue;
            }
            let kind = if reporters.len() > 1 { FindingKind::ReportersDisagree } else { FindingKind::VersionsDisagree };
            let stated: Vec<Vec<f64>> = sets.keys().map(|k| k.iter().map(|v| *v as f64 / 1000.0).collect()).collect();
            let involved: Vec<&StoredClaim> = sets.values().flatten().copied().collect();
            let figure = match period {
                Period::Day => FigureKind::Daily,
                Period::Total => FigureKind::RunningTotal,
            };
            let detail = Detail::SourcesDisagree { metric, figure, day, stated };
            out.push(Finding::new(kind, Severity::Error, day, Some(metric), detail, refs(&involved)));
        }
    }
}

/// Agreements whose count differs from the number of localities they name.
fn counts_named(day: Date, cs: &[StoredClaim], out: &mut Vec<Finding>) {
    for c in cs {
        if !matches!(c.claim.metric, Metric::CeasefireAgreements | Metric::LocalitiesJoinedCeasefire) {
            continue;
        }
        let Some(v) = c.claim.value else { continue };
        let named = c.claim.places.iter().filter(|p| !is_admin(p)).count();
        if named > 0 && (v - named as f64).abs() > SAME_VALUE {
            let detail = Detail::CountDiffersFromNamed { stated: v, named };
            out.push(Finding::new(FindingKind::CountDiffersFromNamed, Severity::Warning, day, Some(c.claim.metric), detail, vec![ClaimRef::of(c)]));
        }
    }
}

/// Places that could not be linked, or only ambiguously.
fn places(day: Date, cs: &[StoredClaim], out: &mut Vec<Finding>) {
    for c in cs {
        for p in c.claim.places.iter().filter(|p| p.id.is_none()) {
            let (kind, severity, detail) = if p.candidates.is_empty() {
                (FindingKind::PlaceUnlinked, Severity::Info, Detail::PlaceUnlinked { name: p.name.clone() })
            } else {
                let candidates = p.candidates.iter().map(|k| format!("{} ({})", k.canonical, k.id)).collect();
                (FindingKind::PlaceAmbiguous, Severity::Warning, Detail::PlaceAmbiguous { name: p.name.clone(), candidates })
            };
            out.push(Finding::new(kind, severity, day, Some(c.claim.metric), detail, vec![ClaimRef::of(c)]));
        }
    }
}

/// A locality joining the ceasefire on a day of `[from, to]` when it had
/// joined on an earlier day: one finding per such day, citing that day's
/// joins of the locality and its first join (from `first`, the history
/// before the claims read, or else the earliest day among them).
fn joined_twice(by_day: &BTreeMap<Date, &[StoredClaim]>, from: Date, to: Date, first: &FirstJoins, out: &mut Vec<Finding>) {
    if from > to {
        return;
    }
    let mut joins: BTreeMap<String, BTreeMap<Date, Vec<&StoredClaim>>> = BTreeMap::new();
    for (day, cs) in by_day {
        for c in cs.iter() {
            for key in locality_joins_of(&c.claim) {
                joins.entry(key).or_default().entry(*day).or_default().push(c);
            }
        }
    }
    for (key, days) in &joins {
        let earlier = first.get(key).map(|(d, cs)| (*d, cs.iter().collect::<Vec<_>>()));
        let Some((first_day, first_claims)) = earlier.or_else(|| days.first_key_value().map(|(d, cs)| (*d, cs.clone()))) else {
            continue;
        };
        // The name as the first join gives it.
        let name = first_claims
            .iter()
            .flat_map(|c| c.claim.places.iter())
            .find(|p| truce_ledger::locality_key(p).as_deref() == Some(key.as_str()))
            .map(|p| p.canonical.clone().unwrap_or_else(|| p.name.clone()))
            .unwrap_or_else(|| key.clone());
        for (day, cs) in days.range(from..=to).filter(|(d, _)| **d > first_day) {
            let mut involved = cs.clone();
            involved.extend(first_claims.iter().copied());
            let detail = Detail::LocalityJoinedTwice { name: name.clone(), day: *day, first_day };
            out.push(Finding::new(FindingKind::LocalityJoinedTwice, Severity::Warning, *day, None, detail, refs(&involved)));
        }
    }
}

/// The findings as text, one block each, with the evidence quoted.
pub fn audit_text(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let day = f.day.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        out.push_str(&format!("{day} {sev} {}: {}\n", f.kind.as_str(), f.message));
        for c in &f.claims {
            let v = c.value.map(fmt).unwrap_or_else(|| "—".into());
            out.push_str(&format!("    #{} [{}] {v}: {:?}\n", c.id, c.day.map(|d| d.to_string()).unwrap_or_default(), c.evidence));
        }
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    out.push_str(&format!("{} findings: {errors} errors, {warnings} warnings, {} notes\n", findings.len(), findings.len() - errors - warnings));
    out
}
