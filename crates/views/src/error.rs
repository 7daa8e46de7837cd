//! The one error type of the views: what can go wrong reading the ledger or
//! writing an output.

/// Why a view could not be computed or written.
#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error(transparent)]
    Ledger(#[from] truce_ledger::LedgerError),
    #[error("writing the output: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = ViewError> = std::result::Result<T, E>;
