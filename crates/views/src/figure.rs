//! How the claims behind one figure become what a view shows: the values
//! read, which claims say each, whether any person confirmed them, and which
//! claims were set aside as disputed or rejected.
//!
//! Two claims giving different values for the same figure (two reporters,
//! the French and English versions, a headline and its body) are kept as two
//! readings of one figure, never silently reduced to one.

use serde::Serialize;
use std::collections::BTreeMap;
use truce_ledger::{ClaimId, DocId, ReviewState, StoredClaim};
use truce_model::{Date, Governorate, Metric, Place, Window};

/// Values closer than this are the same value (floating sums of decimals).
pub const SAME_VALUE: f64 = 1e-6;

/// Which period a figure counts over, as views compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    Total,
}

impl Period {
    pub fn of(window: &Window) -> Option<Period> {
        match window {
            Window::Day => Some(Period::Day),
            Window::Total { .. } => Some(Period::Total),
            Window::Date { .. } => None,
        }
    }
}

/// One value stated for a figure, with every claim that states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub value: f64,
    pub claims: Vec<ClaimId>,
    pub documents: Vec<DocId>,
    pub reporters: Vec<String>,
    /// A person confirmed at least one of the claims. When false, the value
    /// rests only on automatic reading; views mark it.
    pub confirmed: bool,
    /// The value is the sum of a per-place breakdown, no total being stated.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub summed: bool,
}

/// One figure of a view: a metric over a period for a day and a scope.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub metric: Metric,
    pub period: Period,
    /// The valid day of the claims behind it (a running total may be older
    /// than the day the view is for).
    pub day: Date,
    /// Since when a running total counts, where a claim says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Date>,
    /// Distinct values, the most attested first. More than one is a
    /// disagreement.
    pub readings: Vec<Reading>,
    /// Claims for this figure that a person disputed or rejected: listed so
    /// they can be traced, never used as a value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub set_aside: Vec<ClaimId>,
}

impl Figure {
    /// The value, when the sources agree.
    pub fn value(&self) -> Option<f64> {
        match self.readings.as_slice() {
            [one] => Some(one.value),
            _ => None,
        }
    }
    pub fn disagrees(&self) -> bool {
        self.readings.len() > 1
    }
    /// No reading has a confirmed claim behind it.
    pub fn unreviewed(&self) -> bool {
        !self.readings.iter().any(|r| r.confirmed)
    }
    pub fn claim_ids(&self) -> Vec<ClaimId> {
        self.readings.iter().flat_map(|r| r.claims.iter().copied()).collect()
    }
}

/// Whether a view may present a claim's value as fact.
pub fn usable(c: &StoredClaim) -> bool {
    !matches!(c.review, ReviewState::Disputed | ReviewState::Rejected)
}

/// The document a claim was read from, or a key of its own for a claim
/// recorded by hand: claims of one document are one source.
pub fn source_key(c: &StoredClaim) -> i64 {
    c.document.map_or(-c.id.0, |d| d.0)
}

/// Whether a place stands for a governorate or district rather than a locality.
pub fn is_admin(p: &Place) -> bool {
    truce_ledger::is_admin_place(p)
}

/// The governorate a place is in: as the text gives it, else from its p-code id.
pub fn governorate_of(p: &Place) -> Option<Governorate> {
    truce_ledger::governorate_of(p.province, p.id.as_deref())
}

/// Values stated by one source (document) for one figure, with their claims.
#[derive(Debug, Default)]
pub struct SourceValues<'a> {
    pub values: Vec<(f64, Vec<&'a StoredClaim>, bool)>,
}

/// The national figure each source states for `metric` over `period`: the
/// claims with no places (a headline and a body may give two), or, when a
/// source states only claims with places, their one value (an agreement
/// naming its localities) or the sum of its breakdown.
pub fn national_values<'a>(claims: &[&'a StoredClaim]) -> BTreeMap<i64, SourceValues<'a>> {
    let mut by_source: BTreeMap<i64, Vec<&'a StoredClaim>> = BTreeMap::new();
    for c in claims {
        by_source.entry(source_key(c)).or_default().push(c);
    }
    let mut out = BTreeMap::new();
    for (key, cs) in by_source {
        let mut sv = SourceValues::default();
        let unplaced: Vec<_> = cs.iter().copied().filter(|c| c.claim.places.is_empty()).collect();
        if !unplaced.is_empty() {
            for c in unplaced {
                if let Some(v) = c.claim.value {
                    sv.values.push((v, vec![c], false));
                }
            }
        } else if let [one] = cs.as_slice() {
            if let Some(v) = one.claim.value {
                sv.values.push((v, vec![one], false));
            }
        } else {
            let with_value: Vec<_> = cs.iter().copied().filter(|c| c.claim.value.is_some()).collect();
            if !with_value.is_empty() {
                let sum = with_value.iter().filter_map(|c| c.claim.value).sum();
                sv.values.push((sum, with_value, true));
            }
        }
        out.insert(key, sv);
    }
    out
}

/// Folds per-source values into readings: equal values from several sources
/// become one reading with all their claims.
pub fn readings_of(sources: &BTreeMap<i64, SourceValues<'_>>) -> Vec<Reading> {
    let mut readings: Vec<Reading> = Vec::new();
    for sv in sources.values() {
        for (value, cs, summed) in &sv.values {
            let i = match readings.iter().position(|r| (r.value - value).abs() < SAME_VALUE) {
                Some(i) => i,
                None => {
                    readings.push(Reading { value: *value, claims: vec![], documents: vec![], reporters: vec![], confirmed: false, summed: *summed });
                    readings.len() - 1
                }
            };
            let r = &mut readings[i];
            r.summed &= *summed;
            // Claims and documents are sorted and deduplicated below: a
            // reading of a national figure can gather thousands of claims.
            for c in cs {
                r.claims.push(c.id);
                if let Some(d) = c.document {
                    r.documents.push(d);
                }
                if let Some(rep) = &c.reporter
                    && !r.reporters.contains(rep)
                {
                    r.reporters.push(rep.clone());
                }
                r.confirmed |= c.review == ReviewState::Confirmed;
            }
        }
    }
    for r in &mut readings {
        r.claims.sort_unstable();
        r.claims.dedup();
        r.documents.sort_unstable();
        r.documents.dedup();
    }
    // Most attested first; ties by value, so output is stable.
    readings.sort_by(|a, b| b.documents.len().cmp(&a.documents.len()).then(a.value.total_cmp(&b.value)));
    readings
}

/// The national figure for `metric` over `period` from the claims of one
/// valid day, or `None` when no usable claim states it.
pub fn national_figure(metric: Metric, period: Period, day: Date, claims: &[StoredClaim]) -> Option<Figure> {
    let relevant: Vec<&StoredClaim> = claims.iter().filter(|c| c.claim.metric == metric && Period::of(&c.claim.window) == Some(period)).collect();
    let set_aside: Vec<ClaimId> = relevant.iter().filter(|c| !usable(c)).map(|c| c.id).collect();
    let usable_claims: Vec<&StoredClaim> = relevant.iter().copied().filter(|c| usable(c)).collect();
    let readings = readings_of(&national_values(&usable_claims));
    if readings.is_empty() && set_aside.is_empty() {
        return None;
    }
    let since = usable_claims.iter().find_map(|c| match c.claim.window {
        Window::Total { since } => since,
        _ => None,
    });
    Some(Figure { metric, period, day, since, readings, set_aside })
}
