//! Where a ledger lives, as people write it after `--db`: an SQLite file or
//! a PostgreSQL URL. This crate is the one that knows both backends, so the
//! choice between them is made here, once, for the CLI, the server and the
//! digest.

use crate::PgLedger;
use std::path::PathBuf;
use truce_ledger::{LedgerStore, Result, SqliteLedger};

/// An SQLite file or a PostgreSQL database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LedgerTarget {
    Sqlite(PathBuf),
    /// The URL as given, password included: keep it out of messages
    /// (a ledger's `location()` is the redacted form).
    Postgres(String),
}

impl LedgerTarget {
    /// A URL (`postgres://`, `postgresql://`) is PostgreSQL; `sqlite:FILE`
    /// or anything else is an SQLite file path.
    pub fn parse(s: &str) -> Self {
        if crate::is_postgres_url(s) {
            LedgerTarget::Postgres(s.to_owned())
        } else {
            LedgerTarget::Sqlite(PathBuf::from(s.strip_prefix("sqlite:").unwrap_or(s)))
        }
    }

    /// Opens the ledger, creating or upgrading its schema. Each call is a
    /// new connection: open one per thread.
    pub fn open(&self) -> Result<Box<dyn LedgerStore + Send>> {
        Ok(match self {
            LedgerTarget::Sqlite(path) => Box::new(SqliteLedger::open(path)?),
            LedgerTarget::Postgres(url) => Box::new(PgLedger::open(url)?),
        })
    }

    /// The file, or the URL without its password: for messages.
    pub fn describe(&self) -> String {
        match self {
            LedgerTarget::Sqlite(path) => path.display().to_string(),
            LedgerTarget::Postgres(url) => crate::redact(url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_postgres_and_the_rest_are_files() {
        assert_eq!(LedgerTarget::parse("postgres://u:pw@h/db"), LedgerTarget::Postgres("postgres://u:pw@h/db".into()));
        assert_eq!(LedgerTarget::parse("sqlite:x.db"), LedgerTarget::Sqlite("x.db".into()));
        assert_eq!(LedgerTarget::parse("postgres.db"), LedgerTarget::Sqlite("postgres.db".into()));
        assert_eq!(LedgerTarget::parse("postgres://u:pw@h/db").describe(), "postgres://u@h/db");
    }
}
