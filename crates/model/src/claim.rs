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
}
