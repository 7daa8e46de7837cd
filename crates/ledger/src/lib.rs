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

mod error;
mod sentences;
pub mod sqlite;
mod store;
pub mod story;
pub mod synth;
mod types;

pub use error::{LedgerError, Result};
pub use sentences::{search_hits, sentences};
pub use sqlite::SqliteLedger;
pub use store::LedgerStore;
pub use types::*;

/// The governorate a place is in: as the text gives it, else the p-code
/// prefix of its gazetteer id. The one rule, shared by the ledger's scope
/// index and the views.
pub fn governorate_of(province: Option<truce_model::Governorate>, id: Option<&str>) -> Option<truce_model::Governorate> {
    province.or_else(|| id.and_then(|id| id.get(..4)).and_then(|code| code.parse().ok()))
}
