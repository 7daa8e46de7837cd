//! A claim: one figure a reporter stated, with the words it was read from.

use crate::{Governorate, Metric, Window};
use serde::{Deserialize, Serialize};

/// Byte offsets `[start, end)` into the decoded text of a document.
///
/// Kept beside the evidence string so that a view can highlight the exact
/// words even when the same sentence occurs twice in a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One figure a reporter stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub metric: Metric,
    /// In the metric's unit; `None` where no count is written.
    pub value: Option<f64>,
    pub window: Window,
    /// Who did it, as written.
    pub actor: Option<String>,
    #[serde(default)]
    pub places: Vec<Place>,
    /// The exact substring of the document the claim was read from.
    pub evidence: String,
    /// Where `evidence` sits in the document's decoded text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The words that decided how the reader read the claim ("accords" →
    /// metric, "au total" → window), so a reviewer who disagrees sees which
    /// words decided. Not scored. Empty for a claim written by hand, and
    /// left out of the JSON then, so claims without reasons serialize as
    /// they did before reasons existed and older JSON still reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<Reason>,
}

/// One word or phrase of the document that decided part of a claim.
///
/// `cue` is kept beside `span` (as `evidence` is beside the claim's span) so
/// that a reason can be shown, and checked, without the document's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// Which part of the claim the cue decided.
    pub role: ReasonRole,
    /// The exact substring of the document's decoded text at `span`.
    pub cue: String,
    /// Where `cue` sits in the document's decoded text: the same offsets as
    /// the claim's own span, not offsets into the evidence.
    pub span: Span,
}

impl Reason {
    pub fn new(role: ReasonRole, cue: impl Into<String>, span: Span) -> Self {
        Reason { role, cue: cue.into(), span }
    }

    /// Where the cue sits inside `claim.evidence`, as a byte range of the
    /// evidence, when it does: its span falls inside the claim's span and
    /// the evidence has the cue's very text there. `None` otherwise (a
    /// claim without a span, a reason pointing elsewhere, a stale or hostile
    /// reason), so a view can skip it rather than highlight the wrong words.
    pub fn within_evidence(&self, claim: &Claim) -> Option<std::ops::Range<usize>> {
        let outer = claim.span?;
        if self.span.start < outer.start || self.span.end > outer.end || self.span.start >= self.span.end {
            return None;
        }
        let range = self.span.start - outer.start..self.span.end - outer.start;
        (claim.evidence.get(range.clone())? == self.cue).then_some(range)
    }
}

/// What a [`Reason`]'s cue decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReasonRole {
    /// The metric: the noun the number counts, the verb of what happened.
    Metric,
    /// The window: "over the past 24 hours", "au total", a date.
    Window,
    /// The value: the figure, or the words that stand for one ("dix", "no").
    Value,
    /// Who did it.
    Actor,
    /// A place the claim is about, or the province that places it.
    Place,
    /// That the claim is one part of a breakdown ("4 in Aleppo, 2 in Idlib").
    Breakdown,
}

impl ReasonRole {
    pub const ALL: [ReasonRole; 6] = [ReasonRole::Metric, ReasonRole::Window, ReasonRole::Value, ReasonRole::Actor, ReasonRole::Place, ReasonRole::Breakdown];

    /// The name used in JSON and in the ledger's tables (its serde name).
    pub const fn as_str(self) -> &'static str {
        match self {
            ReasonRole::Metric => "metric",
            ReasonRole::Window => "window",
            ReasonRole::Value => "value",
            ReasonRole::Actor => "actor",
            ReasonRole::Place => "place",
            ReasonRole::Breakdown => "breakdown",
        }
    }
}

impl std::fmt::Display for ReasonRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a reason role that is not one of [`ReasonRole::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown reason role {0:?} (expected metric, window, value, actor, place or breakdown)")]
pub struct UnknownReasonRole(pub String);

impl std::str::FromStr for ReasonRole {
    type Err = UnknownReasonRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReasonRole::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownReasonRole(s.to_owned()))
    }
}

/// A place a claim is about: as written, and once linked, as the gazetteer
/// knows it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Place {
    /// The name as written in the text.
    pub name: String,
    /// The governorate the text gives or implies.
    pub province: Option<Governorate>,
    /// What the text calls the place, where it says ("the province of
    /// Homs" is a governorate, not the city); `None` for a plain name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceKind>,
    /// The gazetteer id (`wof:…`) or, for an admin unit, its p-code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// District p-code (`SY0204`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Similarity of the written name to the linked one, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Close candidates of an ambiguous mention; then `id` is `None`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

impl Place {
    /// A place as written, not yet linked to the gazetteer.
    pub fn mention(name: impl Into<String>, province: Option<Governorate>) -> Self {
        Place { name: name.into(), province, ..Place::default() }
    }
}

/// The kind of place a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A first-level unit (`SY02`).
    Governorate,
    /// A second-level unit (`SY0204`).
    District,
    /// A town, village or settlement.
    Locality,
    /// A country outside Syria ("returned from Lebanon"): named, never
    /// linked to the Syrian gazetteer.
    Country,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 4] = [PlaceKind::Governorate, PlaceKind::District, PlaceKind::Locality, PlaceKind::Country];

    /// The name used in JSON and in the ledger's tables (its serde name).
    pub const fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Governorate => "governorate",
            PlaceKind::District => "district",
            PlaceKind::Locality => "locality",
            PlaceKind::Country => "country",
        }
    }
}

/// The error for a place kind that is not one of [`PlaceKind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown place kind {0:?} (expected governorate, district, locality or country)")]
pub struct UnknownPlaceKind(pub String);

impl std::str::FromStr for PlaceKind {
    type Err = UnknownPlaceKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| UnknownPlaceKind(s.to_owned()))
    }
}

/// One of several gazetteer entries an ambiguous mention may mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub canonical: String,
    pub score: f64,
}

/// How much a diagnostic matters to a person reading the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something the reader of a document could not make sense of. Extraction
/// reports these instead of failing, so one odd sentence never costs the
/// rest of a bulletin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    pub fn warning(message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic { severity: Severity::Warning, message: message.into(), span }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_kinds_round_trip_through_serde_and_from_str() {
        for k in PlaceKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
            assert_eq!(k.as_str().parse::<PlaceKind>().unwrap(), k);
        }
        assert!("village".parse::<PlaceKind>().is_err());
    }

    #[test]
    fn reason_roles_round_trip_through_serde_and_from_str() {
        for r in ReasonRole::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), format!("\"{}\"", r.as_str()));
            assert_eq!(r.as_str().parse::<ReasonRole>().unwrap(), r);
            assert_eq!(r.to_string(), r.as_str());
        }
        assert!("Metric".parse::<ReasonRole>().is_err());
    }

    fn claim(evidence: &str, span: Option<Span>, reasons: Vec<Reason>) -> Claim {
        Claim {
            metric: crate::Metric::CeasefireAgreements,
            value: Some(10.0),
            window: crate::Window::Total { since: None },
            actor: None,
            places: vec![],
            evidence: evidence.into(),
            span,
            reasons,
        }
    }

    /// Claims without reasons serialize as they did before reasons existed,
    /// and JSON written then still reads.
    #[test]
    fn reasons_are_optional_in_json() {
        let old = r#"{"metric":"ceasefire_agreements","value":10.0,"window":{"kind":"total"},"actor":null,"places":[],"evidence":"10 accords au total","span":{"start":3,"end":22}}"#;
        let c: Claim = serde_json::from_str(old).expect("old JSON reads");
        assert!(c.reasons.is_empty());
        let back = serde_json::to_value(&c).expect("json");
        assert!(back.get("reasons").is_none(), "{back}");
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(old).expect("json"));

        let with = Claim { reasons: vec![Reason::new(ReasonRole::Metric, "accords", Span::new(6, 13))], ..c };
        let v = serde_json::to_value(&with).expect("json");
        assert_eq!(v["reasons"], serde_json::json!([{ "role": "metric", "cue": "accords", "span": { "start": 6, "end": 13 } }]));
        assert_eq!(serde_json::from_value::<Claim>(v).expect("reads back"), with);
    }

    #[test]
    fn a_reason_is_found_in_the_evidence_only_where_it_is() {
        // "10 accords au total" at 3..22 of the document.
        let at = |role, cue: &str, a, b| Reason::new(role, cue, Span::new(a, b));
        let c = claim("10 accords au total", Some(Span::new(3, 22)), vec![]);
        assert_eq!(at(ReasonRole::Metric, "accords", 6, 13).within_evidence(&c), Some(3..10));
        assert_eq!(at(ReasonRole::Window, "au total", 14, 22).within_evidence(&c), Some(11..19));
        assert_eq!(at(ReasonRole::Value, "10", 3, 5).within_evidence(&c), Some(0..2));
        // Outside the evidence, past its end, text that differs, empty, reversed.
        assert_eq!(at(ReasonRole::Metric, "x", 0, 1).within_evidence(&c), None);
        assert_eq!(at(ReasonRole::Window, "total!", 16, 23).within_evidence(&c), None);
        assert_eq!(at(ReasonRole::Metric, "accord", 6, 13).within_evidence(&c), None);
        assert_eq!(at(ReasonRole::Metric, "", 6, 6).within_evidence(&c), None);
        assert_eq!(at(ReasonRole::Metric, "", 13, 6).within_evidence(&c), None);
        // Not on a character boundary: never a panic.
        let e = claim("trêve", Some(Span::new(0, 6)), vec![]);
        assert_eq!(at(ReasonRole::Metric, "t", 0, 3).within_evidence(&e), None);
        assert_eq!(at(ReasonRole::Metric, "trê", 0, 4).within_evidence(&e), Some(0..4));
        // No span on the claim: nothing to place the cue against.
        let loose = claim("10 accords au total", None, vec![]);
        assert_eq!(at(ReasonRole::Metric, "accords", 6, 13).within_evidence(&loose), None);
    }
}
