//! What an edition says: the claims the ledger learnt in the edition's
//! window, folded so that one figure stated by two language versions of a
//! bulletin is one line, and the audit findings that appeared in it.
//!
//! [`compose`] reads the ledger; [`fold`] and [`new_findings`] are the pure
//! core it hands the claims to.

use crate::DigestError;
use crate::edition::{Edition, Schedule};
use jiff::Timestamp;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use truce_ledger::{ClaimId, LedgerStore, StoredClaim};
use truce_model::{Date, Governorate, Metric, Window};
use truce_views::audit::{Finding, FindingKind};
use truce_views::figure::{governorate_of, is_admin, usable};
use truce_views::{Language, ViewQuery};

/// Who the digest is for: its language and, for a governorate's feed or
/// list, the governorate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Audience {
    pub lang: Language,
    /// Only claims with a place in this governorate (Damascus and Rural
    /// Damascus fold together, as everywhere in truce).
    pub province: Option<Governorate>,
}

/// A place as a digest line names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PlaceName {
    /// The gazetteer's name when linked, else the name as written.
    pub name: String,
    pub governorate: Option<Governorate>,
    /// The place is the governorate itself ("in Aleppo province").
    pub admin: bool,
}

/// One figure that is new in the edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// The day the figure speaks for.
    pub day: Option<Date>,
    pub metric: Metric,
    pub value: Option<f64>,
    pub window: Window,
    pub places: Vec<PlaceName>,
    /// The claims that state it (one per document that states it).
    pub claims: Vec<ClaimId>,
    /// Every claim behind it is unreviewed automatic reading.
    pub unreviewed: bool,
}

/// One edition's digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Digest {
    #[serde(serialize_with = "edition_key")]
    pub edition: Edition,
    pub lang: Language,
    pub province: Option<Governorate>,
    /// The window of recorded time the edition covers: after `since`, up to
    /// and including `until`.
    pub since: Timestamp,
    pub until: Timestamp,
    /// Newest day first, then in the model's metric order.
    pub items: Vec<Item>,
    /// Findings the audit shows at `until` and did not show at `since`.
    pub findings: Vec<Finding>,
    /// How many documents the new claims came from.
    pub documents: usize,
}

fn edition_key<S: serde::Serializer>(e: &Edition, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&e.key())
}

impl Digest {
    /// Nothing new: no figure and no finding.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.findings.is_empty()
    }
}

/// Composes `edition` from the ledger, as the ledger stood at the edition's
/// cut: claims recorded later, and reviews made later, are not in it.
///
/// Reads only the valid days the window's claims speak for
/// ([`LedgerStore::days_recorded`], a superset is fine: [`assemble`] keeps
/// only the window's claims), then the indexed per-day queries the views
/// use, and audits only those days.
pub fn compose(ledger: &dyn LedgerStore, schedule: &Schedule, edition: Edition, audience: Audience) -> Result<Digest, DigestError> {
    let (since, until) = schedule.window(edition)?;
    let days = ledger.days_recorded(since, until)?;
    let at_until = ViewQuery { reporter: None, as_known_at: Some(until) };
    let mut day_claims = Vec::new();
    for day in &days {
        day_claims.extend(ledger.claims_on(*day, &at_until.filter(None, None, None))?);
    }
    let (findings, findings_before) = match (days.first(), days.last()) {
        (Some(&from), Some(&to)) => {
            let before = ViewQuery { reporter: None, as_known_at: Some(since) };
            (truce_views::audit::audit(ledger, from, to, &at_until)?, truce_views::audit::audit(ledger, from, to, &before)?)
        }
        _ => (Vec::new(), Vec::new()),
    };
    Ok(assemble(edition, audience, since, until, &day_claims, findings, &findings_before))
}

/// The pure core of [`compose`]: from the claims of the touched days (as
/// known at `until`) and the audits at both ends of the window, the digest.
pub fn assemble(
    edition: Edition,
    audience: Audience,
    since: Timestamp,
    until: Timestamp,
    day_claims: &[StoredClaim],
    findings: Vec<Finding>,
    findings_before: &[Finding],
) -> Digest {
    let in_scope = |c: &StoredClaim| match audience.province {
        None => true,
        Some(g) => c.claim.places.iter().any(|p| governorate_of(p).is_some_and(|pg| pg.same_as(g))),
    };
    let fresh: Vec<&StoredClaim> = day_claims.iter().filter(|c| c.recorded_at > since && c.recorded_at <= until && usable(c) && in_scope(c)).collect();
    let documents = fresh.iter().filter_map(|c| c.document).collect::<BTreeSet<_>>().len();
    let scoped: BTreeSet<ClaimId> = day_claims.iter().filter(|c| in_scope(c)).map(|c| c.id).collect();
    let mut findings = new_findings(findings, findings_before);
    if audience.province.is_some() {
        findings.retain(|f| f.claims.iter().any(|r| scoped.contains(&r.id)));
    }
    Digest { edition, lang: audience.lang, province: audience.province, since, until, items: fold(&fresh), findings, documents }
}

/// One line per distinct figure: claims of the same day, metric, window and
/// value fold together (the language versions of one bulletin, or two
/// sources that agree), with the places any of them names. Sources that
/// disagree stay on separate lines, so the disagreement shows.
pub fn fold(claims: &[&StoredClaim]) -> Vec<Item> {
    type Key = (Option<Date>, Metric, String, Option<u64>);
    let mut items: BTreeMap<Key, (Item, BTreeSet<PlaceName>)> = BTreeMap::new();
    for c in claims {
        let day = c.valid.map(|v| v.anchor());
        let window = serde_json::to_string(&c.claim.window).unwrap_or_default();
        let key = (day, c.claim.metric, window, c.claim.value.map(f64::to_bits));
        let (item, places) = items.entry(key).or_insert_with(|| {
            (
                Item { day, metric: c.claim.metric, value: c.claim.value, window: c.claim.window, places: Vec::new(), claims: Vec::new(), unreviewed: true },
                BTreeSet::new(),
            )
        });
        places.extend(c.claim.places.iter().map(|p| PlaceName {
            name: p.canonical.clone().unwrap_or_else(|| p.name.clone()),
            governorate: governorate_of(p),
            admin: is_admin(p),
        }));
        item.claims.push(c.id);
        item.unreviewed &= c.review == truce_ledger::ReviewState::Unreviewed;
    }
    let mut out: Vec<Item> = items
        .into_values()
        .map(|(mut item, places)| {
            // Localities before whole governorates, then by name.
            let mut places: Vec<PlaceName> = places.into_iter().collect();
            places.sort_by(|a, b| a.admin.cmp(&b.admin).then(a.name.cmp(&b.name)));
            item.places = places;
            item
        })
        .collect();
    // Newest day first; within a day, the model's metric order, day figures
    // before totals, the national figure before its breakdown by place.
    out.sort_by(|a, b| {
        b.day
            .cmp(&a.day)
            .then(a.metric.cmp(&b.metric))
            .then(window_rank(&a.window).cmp(&window_rank(&b.window)))
            .then(a.places.is_empty().cmp(&b.places.is_empty()).reverse())
            .then(b.value.unwrap_or(0.0).total_cmp(&a.value.unwrap_or(0.0)))
    });
    out
}

fn window_rank(w: &Window) -> u8 {
    match w {
        Window::Day => 0,
        Window::Date { .. } => 1,
        Window::Total { .. } => 2,
    }
}

/// The findings of `now` that `before` did not have. A finding is the same
/// when it is of the same kind, day and metric and cites the same claims: a
/// third source joining a disagreement makes it new again, since it says
/// something new.
pub fn new_findings(now: Vec<Finding>, before: &[Finding]) -> Vec<Finding> {
    type Key = (FindingKind, Option<Date>, Option<Metric>, Vec<ClaimId>);
    let key = |f: &Finding| -> Key {
        let mut ids: Vec<ClaimId> = f.claims.iter().map(|c| c.id).collect();
        ids.sort();
        (f.kind, f.day, f.metric, ids)
    };
    let mut seen: HashMap<Key, usize> = HashMap::new();
    for f in before {
        *seen.entry(key(f)).or_default() += 1;
    }
    now.into_iter()
        .filter(|f| match seen.get_mut(&key(f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
