//! The vocabulary every other truce crate speaks: what a claim is, which
//! metrics exist, over which window a figure counts, and where it happened.
//!
//! The serde forms here *are* the format of `spec/claims.md`; a change to a
//! field name is a change to the published format, so it is made here once.
//! This crate has no IO and no dependency on any other truce crate.

mod claim;
mod document;
mod governorate;
mod metric;
mod window;

pub use claim::{Candidate, Claim, Diagnostic, Place, PlaceKind, Reason, ReasonRole, Severity, Span, UnknownPlaceKind, UnknownReasonRole};
pub use document::{Document, Extraction, Lang, ReportDay};
pub use governorate::Governorate;
pub use metric::{Metric, Unit};
pub use window::Window;

/// A calendar day. Re-exported so that every crate names days with one type.
pub use jiff::civil::Date;
