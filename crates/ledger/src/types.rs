//! The ledger's own vocabulary on top of the model: ids, review states,
//! what goes in (new documents and claims) and what comes out (stored rows,
//! filters, search hits).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use truce_model::{Claim, Date, Diagnostic, Document, Governorate, Metric, ReportDay};

/// A state of a ledger's content, as one read saw it: two reads that return
/// equal generations saw the same content, by whichever process wrote it.
/// What a cache of views is keyed on (see [`crate::LedgerStore::generation`]).
///
/// Opaque because each backend tells states apart its own way: SQLite, with
/// one writer at a time, by the highest ids of its append-only tables;
/// PostgreSQL, whose concurrent writers commit out of id order, by the
/// reading transaction's snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Generation(String);

impl Generation {
    /// A backend's token for one state. Equal tokens must mean equal content.
    pub fn new(token: impl Into<String>) -> Self {
        Generation(token.into())
    }
}

/// A stored document's number. Stable for the life of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub i64);

/// A stored claim's number: what `truce correct` and `truce review` take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub i64);

macro_rules! id_impls {
    ($t:ident, $what:literal) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
        impl FromStr for $t {
            type Err = crate::LedgerError;
            /// Accepts `42` and `#42`, as ids are printed in listings.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim().trim_start_matches('#');
                t.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .map($t)
                    .ok_or_else(|| crate::LedgerError::Invalid(format!("{:?} is not a {} id (expected a positive number)", s, $what)))
            }
        }
    };
}
id_impls!(DocId, "document");
id_impls!(ClaimId, "claim");

/// What a person has said about a claim. Every claim starts `Unreviewed`;
/// views never present `Disputed` or `Rejected` claims as fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    #[default]
    Unreviewed,
    Confirmed,
    Disputed,
    Rejected,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] = [ReviewState::Unreviewed, ReviewState::Confirmed, ReviewState::Disputed, ReviewState::Rejected];

    pub const fn as_str(self) -> &'static str {
        match self {
            ReviewState::Unreviewed => "unreviewed",
            ReviewState::Confirmed => "confirmed",
            ReviewState::Disputed => "disputed",
            ReviewState::Rejected => "rejected",
        }
    }
}

impl fmt::Display for ReviewState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReviewState {
    type Err = crate::LedgerError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReviewState::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| crate::LedgerError::Invalid(format!("unknown review state {s:?} (expected unreviewed, confirmed, disputed or rejected)")))
    }
}

/// Who writes, and when. Every write to the ledger takes one, so that the
/// recorded time is the caller's decision: tests pin it, the CLI uses now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// `"extract"` for automatic reading, otherwise a person's name.
    pub by: String,
    pub at: Timestamp,
}

impl Stamp {
    pub fn now(by: impl Into<String>) -> Self {
        Stamp { by: by.into(), at: Timestamp::now() }
    }
    pub fn at(by: impl Into<String>, at: Timestamp) -> Self {
        Stamp { by: by.into(), at }
    }
}

/// The blake3 hash of a document's raw bytes: the same bytes twice are one
/// document, whatever they are called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> Self {
        ContentHash(*blake3::hash(bytes).as_bytes())
    }
    pub fn to_hex(self) -> String {
        blake3::Hash::from_bytes(self.0).to_hex().to_string()
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

/// A document to store, beside the [`truce_model::Extraction`] read from it.
#[derive(Debug, Clone, Copy)]
pub struct NewDocument<'a> {
    /// What makes two files "the same document": a second document with the
    /// same key and other content is a new version of it. The CLI uses the
    /// canonical file path (or `stdin`).
    pub source_key: &'a str,
    /// Where it was read from, as given, for people.
    pub source_path: Option<&'a str>,
    pub hash: ContentHash,
    /// The decoded text the claims' spans point into.
    pub text: &'a str,
}

/// What became of one document handed to [`crate::LedgerStore::ingest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    /// Stored, with all its claims, in one transaction.
    Stored { doc: DocId, version: u32, claims: usize },
    /// The same bytes were stored before; nothing was written.
    Duplicate { existing: DocId },
}

impl IngestOutcome {
    /// Whether the document was a new version of one already stored.
    pub fn is_new_version(&self) -> bool {
        matches!(self, IngestOutcome::Stored { version, .. } if *version > 1)
    }
}

/// A claim added by hand (`truce record`) or as a correction.
#[derive(Debug, Clone, PartialEq)]
pub struct NewClaim {
    pub claim: Claim,
    pub reporter: Option<String>,
    /// The day the claim speaks for. When `None`, a `date` window gives it;
    /// otherwise the claim has no valid day.
    pub valid: Option<ReportDay>,
    /// Why it was recorded (a field report's reference, a correction's reason).
    pub note: Option<String>,
}

/// Who published a document and for which day, and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: DocId,
    /// `doc.id` is the name the extraction gave it (the file stem).
    pub doc: Document,
    pub source_key: String,
    pub source_path: Option<String>,
    /// 1 for the first content seen under `source_key`, then 2, 3, …
    pub version: u32,
    /// Hex blake3 of the raw bytes.
    pub hash: String,
    pub claim_count: u32,
    pub recorded_at: Timestamp,
    pub recorded_by: String,
}

/// A document with its text and what extraction said about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub info: DocumentInfo,
    pub text: String,
    pub boilerplate: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// A claim as the ledger keeps it: the claim, where it came from, when it was
/// recorded and by whom, the day it speaks for, and what people said of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredClaim {
    pub id: ClaimId,
    #[serde(flatten)]
    pub claim: Claim,
    /// `None` for a claim recorded by hand.
    pub document: Option<DocId>,
    pub reporter: Option<String>,
    /// Valid time: the day (or month) the figure speaks for.
    pub valid: Option<ReportDay>,
    /// Transaction time: when the ledger learnt it.
    pub recorded_at: Timestamp,
    pub recorded_by: String,
    /// The claim this one corrects.
    pub supersedes: Option<ClaimId>,
    /// The correction of this claim, if one was recorded (as of the query's
    /// `as_known_at`).
    pub superseded_by: Option<ClaimId>,
    /// The review state (as of the query's `as_known_at`).
    pub review: ReviewState,
    pub note: Option<String>,
}

/// One change of a claim's review state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewEvent {
    pub claim: ClaimId,
    pub state: ReviewState,
    pub by: String,
    pub at: Timestamp,
    pub note: Option<String>,
}

/// A claim with its whole review history: what `truce claims ID` prints and
/// `/api/claims/{id}` returns, so a reader sees who judged a figure and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub claim: StoredClaim,
    /// Oldest first.
    pub history: Vec<ReviewEvent>,
}

/// Which claims a query wants. The default is every current claim (not
/// superseded), in valid-day order, as known now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimFilter {
    pub metric: Option<Metric>,
    /// Claims with at least one place in any of these governorates. Pass both
    /// SY01 and SY03 to fold Damascus with its countryside.
    pub provinces: Vec<Governorate>,
    /// Claims with a place whose written name or canonical name equals this
    /// (case-insensitive), or whose gazetteer id is exactly this.
    pub place: Option<String>,
    /// District p-code.
    pub district: Option<String>,
    pub reporter: Option<String>,
    pub document: Option<DocId>,
    /// Any of these states; empty means any state.
    pub review: Vec<ReviewState>,
    /// Valid day range, both ends inclusive (by the day a month-only claim
    /// is anchored to: its first).
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    /// Show the ledger as it was recorded at this time: claims recorded
    /// later, corrections recorded later and review changes made later are
    /// left out.
    pub as_known_at: Option<Timestamp>,
    /// Also return claims that a correction has superseded.
    pub include_superseded: bool,
    /// Only claims of the newest version of each document (hand-recorded
    /// claims always pass).
    pub latest_versions_only: bool,
    pub limit: Option<u64>,
    pub offset: u64,
}

/// A page of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page { limit: 100, offset: 0 }
    }
}

/// A document that matches a full-text query, with its matching sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub document: DocumentInfo,
    pub sentences: Vec<SentenceHit>,
}

/// One matching sentence: its text and where it sits in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceHit {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Counts of what a ledger holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerStats {
    pub documents: u64,
    pub claims: u64,
    pub corrections: u64,
    pub reviews: u64,
    pub schema_version: i64,
}

/// Checks what a database schema cannot: a value is a finite number, only
/// metrics with a unit carry one, and every place has a name. Every backend
/// calls it before storing a claim, so all refuse the same claims.
pub fn validate_claim(claim: &Claim) -> crate::Result<()> {
    let invalid = |what: String| Err(crate::LedgerError::Invalid(what));
    if let Some(v) = claim.value {
        if !v.is_finite() {
            return invalid(format!("{} value {v} is not a finite number", claim.metric));
        }
        if !claim.metric.has_value() {
            return invalid(format!("{} carries no value, but {v} was given", claim.metric));
        }
    }
    if claim.places.iter().any(|p| p.name.trim().is_empty()) {
        return invalid(format!("a place of a {} claim has no name", claim.metric));
    }
    Ok(())
}

/// The day a claim speaks for: its dated event's day, else the day its
/// document reports on. A month-only report gives a month.
pub fn valid_of(claim: &Claim, published: Option<ReportDay>) -> Option<ReportDay> {
    match claim.window {
        truce_model::Window::Date { date } => Some(ReportDay::Day(date)),
        truce_model::Window::Day | truce_model::Window::Total { .. } => published,
    }
}
