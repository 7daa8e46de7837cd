//! What people read, computed from the ledger: the daily bulletin, series,
//! locality status, the audit and exports.
//!
//! Views are pure functions from claims to plain data structs
//! ([`report::DailyReport`], [`audit::Finding`], [`series::Series`],
//! [`status::StatusView`]); renderers turn those into text, Markdown, JSON,
//! CSV or SVG. Only [`export`] writes while it reads, because it must stream.
//!
//! Trust is visible: a figure resting only on unreviewed automatic claims is
//! marked, disputed and rejected claims are set aside and never shown as
//! fact, and two sources stating different values for one figure are both
//! shown ([`figure::Figure::readings`]). `--as-known-at` is the ledger's
//! filter ([`ViewQuery::as_known_at`]), so a view can be rerun exactly.

pub mod audit;
mod error;
pub mod export;
pub mod figure;
pub mod locale;
mod query;
pub mod render;
pub mod report;
pub mod series;
mod sql;
pub mod status;
pub mod svg;

pub use error::{Result, ViewError};
pub use locale::Language;
pub use query::{ViewQuery, shift};
