//! Morning and evening digests: what the ledger learnt since the previous
//! edition, short enough for a phone, and its delivery.
//!
//! - [`edition`]: editions and the schedule that gives each its window of
//!   recorded time.
//! - [`compose`]: an edition's content, read from the ledger as it stood at
//!   the edition's cut (so an edition never changes once closed).
//! - [`render`]: text, Markdown and HTML; [`atom`]: the Atom feed.
//! - [`config`]: the channels and schedule file, and where secrets come
//!   from (the environment or a file only its owner can read).
//! - [`log`]: the delivery log, a table of its own beside the ledger (in
//!   the SQLite file or the PostgreSQL database).
//! - [`send`]: SMTP and webhook delivery; [`deliver`] ties them together so
//!   that each recipient gets each edition once, and failures are retried
//!   on the next run.

pub mod atom;
pub mod compose;
pub mod config;
pub mod deliver;
pub mod edition;
pub mod log;
pub mod render;
pub mod send;

pub use compose::{Audience, Digest, compose};
pub use edition::{Edition, EditionKind, Schedule};
pub use render::Format;

/// Errors of the digest crate. None carries a secret: messages about a
/// channel name the channel, never its password or token.
#[derive(Debug, thiserror::Error)]
pub enum DigestError {
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {message}")]
    Config { path: String, message: String },
    #[error("{0}")]
    Store(String),
    #[error(transparent)]
    Ledger(#[from] truce_ledger::LedgerError),
    #[error(transparent)]
    View(#[from] truce_views::ViewError),
    /// The delivery log's database failed; `location` is the file or the
    /// URL without its password.
    #[error("delivery log {location}: {source}")]
    Log {
        location: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("the delivery log in {location} was written by a newer truce (version {found}; this build knows {known}); the file was not modified")]
    LogTooNew { location: String, found: i64, known: i64 },
}
