//! Locality status as of a day: which localities joined the ceasefire (when,
//! by which claim, according to whom), which were liberated, where
//! negotiations go on; grouped by governorate and district.

use crate::Result;
use crate::figure::{governorate_of, is_admin, usable};
use crate::query::ViewQuery;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::ControlFlow;
use truce_ledger::{ClaimId, LedgerStore, ReviewState, StoredClaim};
use truce_model::{Date, Governorate, Metric};

/// One dated statement about a locality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub date: Date,
    pub claim: ClaimId,
    pub metric: Metric,
    pub reporter: Option<String>,
    pub review: ReviewState,
    pub evidence: String,
}

/// What is known of one locality as of the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocalityStatus {
    /// The gazetteer id, or the name as written when unlinked.
    pub key: String,
    pub name: String,
    pub governorate: Option<Governorate>,
    pub district: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The first claim that it joined the ceasefire.
    pub joined: Option<Event>,
    /// Later claims that it joined again (the audit flags these).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joined_again: Vec<Event>,
    pub liberated: Option<Event>,
    /// The latest claim that negotiations go on there.
    pub negotiating: Option<Event>,
}

impl LocalityStatus {
    /// The one word a map colours it by.
    pub fn status(&self) -> &'static str {
        if self.joined.is_some() {
            "joined"
        } else if self.liberated.is_some() {
            "liberated"
        } else {
            "under_negotiation"
        }
    }
}

/// Localities by status as of a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusView {
    pub date: Date,
    pub localities: Vec<LocalityStatus>,
    /// Governorates (not localities) named in negotiations, latest claim each.
    pub negotiating_governorates: Vec<(Governorate, Event)>,
}

const METRICS: [Metric; 4] = [Metric::CeasefireAgreements, Metric::LocalitiesJoinedCeasefire, Metric::LocalitiesLiberated, Metric::NegotiationsOngoing];

/// The status of every locality named by the claims valid up to `date`.
/// Streams the claims; holds one entry per locality (bounded by the gazetteer).
pub fn status(store: &dyn LedgerStore, date: Date, query: &ViewQuery) -> Result<StatusView> {
    let mut localities: BTreeMap<String, Gathered> = BTreeMap::new();
    let mut govs: BTreeMap<Governorate, Event> = BTreeMap::new();
    for metric in METRICS {
        store.for_each_claim(&query.filter(Some(metric), None, Some(date)), &mut |c| {
            if usable(&c) {
                apply(&c, &mut localities, &mut govs);
            }
            ControlFlow::Continue(())
        })?;
    }
    let mut list: Vec<LocalityStatus> = localities.into_values().map(settle_joins).collect();
    list.sort_by(|a, b| (a.governorate, &a.district, &a.name).cmp(&(b.governorate, &b.district, &b.name)));
    Ok(StatusView { date, localities: list, negotiating_governorates: govs.into_iter().collect() })
}

/// A locality as the claims are streamed: its status but for the joins,
/// and every join seen so far.
struct Gathered {
    status: LocalityStatus,
    joins: Vec<Event>,
}

/// The first join is the earliest of a locality's joins by day (then
/// claim), whichever metric said it: the two join metrics are streamed one
/// after the other, so the order they arrive in is not the order of days.
/// The rest are the days it joined again, one event per day, as the audit
/// counts them.
fn settle_joins(Gathered { status: mut l, mut joins }: Gathered) -> LocalityStatus {
    joins.sort_by_key(|e| (e.date, e.claim));
    let mut joins = joins.into_iter();
    l.joined = joins.next();
    let first_day = l.joined.as_ref().map(|e| e.date);
    for e in joins {
        if Some(e.date) != first_day && l.joined_again.last().is_none_or(|last| last.date != e.date) {
            l.joined_again.push(e);
        }
    }
    l
}

fn apply(c: &StoredClaim, localities: &mut BTreeMap<String, Gathered>, govs: &mut BTreeMap<Governorate, Event>) {
    let Some(date) = c.valid.map(|v| v.anchor()) else { return };
    let event = Event { date, claim: c.id, metric: c.claim.metric, reporter: c.reporter.clone(), review: c.review, evidence: c.claim.evidence.clone() };
    for p in &c.claim.places {
        if is_admin(p) {
            if c.claim.metric == Metric::NegotiationsOngoing
                && let Some(g) = governorate_of(p)
            {
                govs.insert(g, event.clone());
            }
            continue;
        }
        let Some(key) = truce_ledger::locality_key(p) else { continue };
        let g = localities.entry(key.clone()).or_insert_with(|| Gathered {
            status: LocalityStatus {
                key,
                name: p.canonical.clone().unwrap_or_else(|| p.name.clone()),
                governorate: governorate_of(p),
                district: p.district.clone(),
                lat: p.lat,
                lon: p.lon,
                joined: None,
                joined_again: vec![],
                liberated: None,
                negotiating: None,
            },
            joins: vec![],
        });
        let l = &mut g.status;
        match c.claim.metric {
            Metric::CeasefireAgreements | Metric::LocalitiesJoinedCeasefire => g.joins.push(event.clone()),
            Metric::LocalitiesLiberated => {
                if l.liberated.is_none() {
                    l.liberated = Some(event.clone());
                }
            }
            _ => l.negotiating = Some(event.clone()),
        }
    }
}

/// The status as text, by governorate and district.
pub fn status_text(v: &StatusView, lang: crate::Language) -> String {
    let mut out = format!("Locality status as of {}\n", v.date);
    let mut current: Option<(Option<Governorate>, Option<String>)> = None;
    for l in &v.localities {
        let here = (l.governorate, l.district.clone());
        if current.as_ref() != Some(&here) {
            let g = l.governorate.map_or("?".to_owned(), |g| crate::locale::governorate(g, lang).to_owned());
            let district = l.district.as_deref().and_then(|d| truce_places::Gazetteer::bundled().get(d)).map(|e| e.name.clone());
            out.push_str(&format!("\n{g} / {}\n", district.or(l.district.clone()).unwrap_or_else(|| "?".into())));
            current = Some(here);
        }
        let ev = |e: &Option<Event>| e.as_ref().map(|e| format!("{} (#{}, {})", e.date, e.claim, e.reporter.as_deref().unwrap_or("?")));
        let mut parts = Vec::new();
        if let Some(j) = ev(&l.joined) {
            parts.push(format!("joined {j}"));
        }
        if !l.joined_again.is_empty() {
            parts.push(format!("joined again {}", l.joined_again.iter().map(|e| e.date.to_string()).collect::<Vec<_>>().join(", ")));
        }
        if let Some(j) = ev(&l.liberated) {
            parts.push(format!("liberated {j}"));
        }
        if let Some(j) = ev(&l.negotiating) {
            parts.push(format!("negotiating {j}"));
        }
        out.push_str(&format!("- {}: {}\n", l.name, parts.join("; ")));
    }
    if !v.negotiating_governorates.is_empty() {
        out.push_str("\nNegotiations under way\n");
        for (g, e) in &v.negotiating_governorates {
            out.push_str(&format!("- {}: latest {} (#{})\n", crate::locale::governorate(*g, lang), e.date, e.claim));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_ledger::{ClaimDraft, SqliteLedger, Stamp};
    use truce_model::{Place, ReportDay, Window};

    fn join(l: &mut SqliteLedger, metric: Metric, day: &str, place: &str) -> ClaimId {
        let draft = ClaimDraft {
            metric: Some(metric),
            value: metric.has_value().then_some(1.0),
            window: Some(Window::Day),
            places: Some(vec![Place::mention(place, Some(Governorate::Aleppo))]),
            valid: Some(day.parse::<ReportDay>().expect("day")),
            ..ClaimDraft::default()
        };
        l.record(&draft.resolve(None, &mut |_| {}).expect("claim"), &Stamp::now("test")).expect("record")
    }

    /// The two join metrics are read one after the other; the first join is
    /// still the earliest day, whichever metric said it.
    #[test]
    fn the_first_join_is_the_earliest_of_either_metric() {
        let mut l = SqliteLedger::open_in_memory().expect("ledger");
        let agreement = join(&mut l, Metric::CeasefireAgreements, "2024-03-05", "Tell Rifaat");
        let joined = join(&mut l, Metric::LocalitiesJoinedCeasefire, "2024-03-01", "Tell Rifaat");
        let same_day = join(&mut l, Metric::LocalitiesJoinedCeasefire, "2024-03-05", "Tell Rifaat");
        let v = status(&l, "2024-03-31".parse().expect("date"), &ViewQuery::default()).expect("status");
        assert_eq!(v.localities.len(), 1);
        let t = &v.localities[0];
        assert_eq!(t.joined.as_ref().map(|e| e.claim), Some(joined));
        let again: Vec<ClaimId> = t.joined_again.iter().map(|e| e.claim).collect();
        assert_eq!(again, vec![agreement], "one event per day again, the first claim of that day ({same_day} is the same day)");
    }
}
