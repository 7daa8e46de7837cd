//! The ledger's typed errors: each names the ledger (file or URL) and the problem.

use crate::ClaimId;

/// Everything that can go wrong reading or writing a ledger.
///
/// Every variant that touches storage carries `location` (the database file,
/// or a URL for a server backend) so that a message shown to a person says
/// *which* ledger is at fault without the caller adding context.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The file could not be opened or created at all.
    #[error("cannot open the ledger {location}: {source}")]
    Open {
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    /// Written by a newer truce: refused, and left exactly as it was, so the
    /// newer program can still read it.
    #[error(
        "the ledger {location} was written by a newer truce (schema version {found}; this build knows versions up to {supported}). Upgrade truce to use it; the file was not modified"
    )]
    TooNew { location: String, found: i64, supported: i64 },
    /// An SQLite file that some other program made.
    #[error("{location} is not a truce ledger (it is an SQLite file with application id {found:#x} and its own tables); choose another --db file")]
    NotALedger { location: String, found: i64 },
    /// A migration step failed; its transaction was rolled back.
    #[error("the ledger {location} could not be upgraded to schema version {version}: {source}")]
    Migration {
        location: String,
        version: i64,
        #[source]
        source: Box<LedgerError>,
    },
    /// Any other database error.
    #[error("ledger {location}: {source}")]
    Sqlite {
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    /// An error from a database server backend (PostgreSQL), reported by its
    /// driver. Kept as a boxed error so this crate does not depend on every
    /// backend's driver.
    #[error("ledger {location}: {source}")]
    Server {
        location: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A stored value that this build cannot read back (hand-edited file, bug).
    #[error("ledger {location}: stored data cannot be read: {what}")]
    Corrupt { location: String, what: String },
    #[error("no claim {0} in the ledger")]
    NoSuchClaim(ClaimId),
    /// Corrections form a chain: only its newest link may be corrected, so a
    /// claim never has two competing successors.
    #[error("claim {old} was already corrected by claim {by}; correct claim {by} instead")]
    AlreadyCorrected { old: ClaimId, by: ClaimId },
    /// A claim or argument that the ledger will not store.
    #[error("invalid input: {0}")]
    Invalid(String),
}

/// The crate's result type.
pub type Result<T, E = LedgerError> = std::result::Result<T, E>;
