//! The ledger: an append-only store of documents and the claims read from
//! them, with review history, corrections and bitemporal queries.
//!
//! - [`LedgerStore`] is the interface; [`SqliteLedger`] the default backend
//!   (one file, nothing to install). A server backend (PostgreSQL, issue 7)
//!   implements the same trait and runs the same [`story`] tests.
//! - Valid time and transaction time are kept apart: every claim has the day
//!   it speaks for (`valid`) and when the ledger learnt it (`recorded_at`), so
//!   a query can ask what was known at time T about day D
//!   ([`ClaimFilter::as_known_at`]).
//! - Architecture invariant: the ledger never parses bulletin text; it
//!   stores what extraction produced. (It does split stored text into
//!   sentences for the search index, which is not reading claims.)

mod draft;
mod error;
pub mod reasons;
mod sentences;
pub mod sqlite;
mod store;
pub mod story;
pub mod synth;
mod types;

pub use draft::ClaimDraft;
pub use error::{LedgerError, Result};
pub use sentences::{MIN_PREFIX_CHARS, SearchWord, search_hits, search_words, sentences};
pub use sqlite::SqliteLedger;
pub use store::LedgerStore;
pub use types::*;

/// The governorate a place is in: as the text gives it, else the p-code
/// prefix of its gazetteer id. The one rule, shared by the ledger's scope
/// index and the views.
pub fn governorate_of(province: Option<truce_model::Governorate>, id: Option<&str>) -> Option<truce_model::Governorate> {
    province.or_else(|| id.and_then(|id| id.get(..4)).and_then(|code| code.parse().ok()))
}

/// The metrics whose day figures and dated events say that localities
/// joined the ceasefire (a running total of them says nothing of when).
pub const JOIN_METRICS: [truce_model::Metric; 2] = [truce_model::Metric::CeasefireAgreements, truce_model::Metric::LocalitiesJoinedCeasefire];

/// Whether `claim` says that the localities it names joined the ceasefire
/// on its day: a day figure or dated event of a [`JOIN_METRICS`] metric.
/// The one rule, shared by the ledger's `locality_joins` table and the audit.
pub fn joins_localities(claim: &truce_model::Claim) -> bool {
    JOIN_METRICS.contains(&claim.metric) && !matches!(claim.window, truce_model::Window::Total { .. })
}

/// Whether a place stands for a governorate or district rather than a locality.
pub fn is_admin_place(p: &truce_model::Place) -> bool {
    matches!(p.kind, Some(truce_model::PlaceKind::Governorate | truce_model::PlaceKind::District)) || p.id.as_deref().is_some_and(|id| id.starts_with("SY"))
}

/// What tells one locality from another when the audit asks whether it
/// joined twice: its gazetteer id, or, for a place the gazetteer could not
/// link, its written name (lowercased) with its governorate, so that the
/// same unlinked name in two governorates stays two places. `None` for a
/// governorate or district. Shared by the ledger's `locality_joins` table
/// and the audit, so both group joins alike.
pub fn locality_key(p: &truce_model::Place) -> Option<String> {
    if is_admin_place(p) {
        return None;
    }
    Some(match &p.id {
        Some(id) => id.clone(),
        None => format!("{}|{}", p.name.to_lowercase(), p.province.map_or("", |g| g.pcode())),
    })
}
