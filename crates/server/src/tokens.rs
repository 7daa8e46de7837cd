//! API tokens: roles, creation and lookup. Only a token's blake3 hash is
//! stored, in the server's own table beside the ledger (`server_tokens`,
//! in the SQLite file or the PostgreSQL database), so a copied ledger does
//! not leak working tokens.
//!
//! The ledger crates own their schema; this table is the server's,
//! versioned by its own row in `server_meta`, and created when missing.
//! On PostgreSQL every `truce serve` behind a load balancer reads the same
//! table, so a token made through one server (or `truce token create`)
//! works on all of them at once, and a revoked one stops working on all.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use std::fmt;
use std::str::FromStr;
use truce_ledger::sqlite::side::{SideSchema, SideTables};
use truce_ledger_pg::LedgerTarget;

/// The version of the server's tables this build writes (both backends).
pub const TOKENS_SCHEMA: i64 = SQLITE_SCHEMA.steps.len() as i64;

// The two backends' tables move in step: one version number means the
// same columns on both.
const _: () = assert!(SQLITE_SCHEMA.steps.len() == POSTGRES_SCHEMA.steps.len());

/// What a token may do. Ordered: an admin may do what an editor may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads (needed only when the server runs with `--private`).
    Viewer,
    /// Reads, submits bulletins, records, corrects and reviews claims.
    Editor,
    /// Everything, including creating tokens.
    Admin,
}

impl Role {
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = TokenError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(Role::Viewer),
            "editor" => Ok(Role::Editor),
            "admin" => Ok(Role::Admin),
            _ => Err(TokenError::Invalid(format!("unknown role {s:?} (expected viewer, editor or admin)"))),
        }
    }
}

/// Who a request comes from: the token's name and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub role: Role,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("{0}")]
    Invalid(String),
    #[error("the ledger {location}'s server tables were written by a newer truce (version {found}; this build knows {TOKENS_SCHEMA}); nothing was modified")]
    TooNew { location: String, found: i64 },
    /// A database error of either backend; `location` is the file, or the
    /// URL without its password.
    #[error("ledger {location}: {source}")]
    Database {
        location: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("no source of randomness: {0}")]
    Random(String),
}

/// The server's tables in an SQLite ledger. Times are microseconds since
/// the epoch, UTC, as the ledger's own tables keep them.
const SQLITE_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "server_meta",
    key: "tokens_schema",
    steps: &["CREATE TABLE IF NOT EXISTS server_tokens (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        hash        TEXT    NOT NULL UNIQUE,   -- blake3 of the token, hex
        created_at  INTEGER NOT NULL,          -- microseconds since the epoch, UTC
        created_by  TEXT    NOT NULL,
        revoked_at  INTEGER
     );"],
};

/// The same tables in a PostgreSQL ledger: the same columns, with
/// `timestamptz` for times as the ledger's own PostgreSQL tables have.
const POSTGRES_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "server_meta",
    key: "tokens_schema",
    steps: &["CREATE TABLE IF NOT EXISTS server_tokens (
        id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        text        NOT NULL,
        role        text        NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        hash        text        NOT NULL UNIQUE,   -- blake3 of the token, hex
        created_at  timestamptz NOT NULL,
        created_by  text        NOT NULL,
        revoked_at  timestamptz
     );"],
};

const INSERT_SQLITE: &str = "INSERT INTO server_tokens (name, role, hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_POSTGRES: &str = "INSERT INTO server_tokens (name, role, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)";
const LOOKUP_SQLITE: &str = "SELECT name, role FROM server_tokens WHERE hash = ?1 AND revoked_at IS NULL";
const LOOKUP_POSTGRES: &str = "SELECT name, role FROM server_tokens WHERE hash = $1 AND revoked_at IS NULL";

/// The token table of a ledger, on one connection of its own: the one
/// token API the server and `truce token` use, whatever the backend.
pub enum TokenTable {
    Sqlite { conn: rusqlite::Connection, location: String },
    /// `lookup` is prepared once: every authenticated request runs it, and
    /// an unprepared query costs PostgreSQL a second round trip.
    Postgres { client: postgres::Client, lookup: postgres::Statement, location: String },
}

impl fmt::Debug for TokenTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenTable").field("location", &self.location()).finish()
    }
}

impl TokenTable {
    /// Opens the token table of the ledger at `target`, creating it when
    /// missing and refusing a newer one untouched. The ledger itself must
    /// exist already (the caller opens it first, which creates it).
    pub fn open(target: &LedgerTarget) -> Result<TokenTable, TokenError> {
        let location = target.describe();
        let db = |source: Box<dyn std::error::Error + Send + Sync>| TokenError::Database { location: location.clone(), source };
        let ready = |found: SideTables| match found {
            SideTables::Ready => Ok(()),
            SideTables::TooNew { found } => Err(TokenError::TooNew { location: location.clone(), found }),
        };
        match target {
            LedgerTarget::Sqlite(path) => {
                let mut conn = rusqlite::Connection::open(path).map_err(|e| db(e.into()))?;
                conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(|e| db(e.into()))?;
                ready(truce_ledger::sqlite::side::ensure_side_tables(&mut conn, &SQLITE_SCHEMA).map_err(|e| db(e.into()))?)?;
                Ok(TokenTable::Sqlite { conn, location })
            }
            LedgerTarget::Postgres(url) => {
                let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| db(e.into()))?;
                ready(truce_ledger_pg::side::ensure_side_tables(&mut client, &POSTGRES_SCHEMA).map_err(|e| db(e.into()))?)?;
                let lookup = client.prepare(LOOKUP_POSTGRES).map_err(|e| db(e.into()))?;
                Ok(TokenTable::Postgres { client, lookup, location })
            }
        }
    }

    /// The file, or the URL without its password.
    pub fn location(&self) -> &str {
        match self {
            TokenTable::Sqlite { location, .. } | TokenTable::Postgres { location, .. } => location,
        }
    }

    fn err(&self, source: impl std::error::Error + Send + Sync + 'static) -> TokenError {
        TokenError::Database { location: self.location().to_owned(), source: Box::new(source) }
    }

    /// Creates a token and returns it: the only time it is ever shown.
    /// `by` is who made it, kept beside it.
    pub fn create(&mut self, name: &str, role: Role, by: &str) -> Result<String, TokenError> {
        let name = check_name(name)?;
        let token = format!("truce_{}", random_hex(24)?);
        let (hash, at) = (hash(&token), Timestamp::now());
        match self {
            TokenTable::Sqlite { conn, .. } => {
                let done = conn.execute(INSERT_SQLITE, params![name, role.as_str(), hash, at.as_microsecond(), by]);
                done.map_err(|e| self.err(e))?;
            }
            TokenTable::Postgres { client, .. } => {
                let done = client.execute(INSERT_POSTGRES, &[&name, &role.as_str(), &hash, &at, &by]);
                done.map_err(|e| self.err(e))?;
            }
        }
        Ok(token)
    }

    /// Who holds `token`, if it is a live (not revoked) token of this ledger.
    pub fn lookup(&mut self, token: &str) -> Result<Option<Identity>, TokenError> {
        // Tokens are short; refuse absurd input before hashing it.
        if token.is_empty() || token.len() > 200 {
            return Ok(None);
        }
        let hash = hash(token);
        let row: Option<(String, String)> = match self {
            TokenTable::Sqlite { conn, .. } => {
                let found = conn.prepare_cached(LOOKUP_SQLITE).and_then(|mut st| st.query_row(params![hash], |r| Ok((r.get(0)?, r.get(1)?))).optional());
                found.map_err(|e| self.err(e))?
            }
            TokenTable::Postgres { client, lookup, .. } => {
                let found = client.query_opt(&*lookup, &[&hash]);
                found.map_err(|e| self.err(e))?.map(|r| (r.get(0), r.get(1)))
            }
        };
        Ok(match row {
            Some((name, role)) => Some(Identity { name, role: role.parse()? }),
            None => None,
        })
    }
}

/// One stored token, hash only: what [`TokenTable::copy_into`] carries.
struct StoredToken {
    name: String,
    role: String,
    hash: String,
    created_at: Timestamp,
    created_by: String,
    revoked_at: Option<Timestamp>,
}

impl TokenTable {
    /// Copies every token (live and revoked, by hash) into `dst`, keeping
    /// who made it and when; a token `dst` has already is left as it is,
    /// so a copy can be run again. What `truce migrate-db` uses, so that the
    /// tokens people hold keep working on the new database. Returns the
    /// tokens added.
    pub fn copy_into(&mut self, dst: &mut TokenTable) -> Result<u64, TokenError> {
        let tokens = self.all()?;
        let mut added = 0;
        for t in &tokens {
            type Boxed = Box<dyn std::error::Error + Send + Sync>;
            let inserted: Result<u64, Boxed> = match dst {
                TokenTable::Sqlite { conn, .. } => conn
                    .execute(
                        "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (hash) DO NOTHING",
                        params![t.name, t.role, t.hash, t.created_at.as_microsecond(), t.created_by, t.revoked_at.map(|r| r.as_microsecond())],
                    )
                    .map(|n| n as u64)
                    .map_err(Boxed::from),
                TokenTable::Postgres { client, .. } => client
                    .execute(
                        "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING",
                        &[&t.name, &t.role, &t.hash, &t.created_at, &t.created_by, &t.revoked_at],
                    )
                    .map_err(Boxed::from),
            };
            added += inserted.map_err(|source| TokenError::Database { location: dst.location().to_owned(), source })?;
        }
        Ok(added)
    }

    fn all(&mut self) -> Result<Vec<StoredToken>, TokenError> {
        const SELECT: &str = "SELECT name, role, hash, created_at, created_by, revoked_at FROM server_tokens ORDER BY id";
        let location = self.location().to_owned();
        let bad_time = |m: i64| TokenError::Invalid(format!("{location}: a token's time {m} is out of range"));
        match self {
            TokenTable::Sqlite { conn, .. } => {
                let rows: Vec<(String, String, String, i64, String, Option<i64>)> = conn
                    .prepare(SELECT)
                    .and_then(|mut st| st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?.collect())
                    .map_err(|e| TokenError::Database { location: location.clone(), source: Box::new(e) })?;
                rows.into_iter()
                    .map(|(name, role, hash, created, created_by, revoked)| {
                        Ok(StoredToken {
                            name,
                            role,
                            hash,
                            created_at: Timestamp::from_microsecond(created).map_err(|_| bad_time(created))?,
                            created_by,
                            revoked_at: revoked.map(|m| Timestamp::from_microsecond(m).map_err(|_| bad_time(m))).transpose()?,
                        })
                    })
                    .collect()
            }
            TokenTable::Postgres { client, .. } => {
                let rows = client.query(SELECT, &[]).map_err(|e| TokenError::Database { location: location.clone(), source: Box::new(e) })?;
                rows.iter()
                    .map(|r| {
                        Ok(StoredToken {
                            name: r.try_get(0)?,
                            role: r.try_get(1)?,
                            hash: r.try_get(2)?,
                            created_at: r.try_get(3)?,
                            created_by: r.try_get(4)?,
                            revoked_at: r.try_get(5)?,
                        })
                    })
                    .collect::<Result<_, postgres::Error>>()
                    .map_err(|e| TokenError::Database { location, source: Box::new(e) })
            }
        }
    }
}

fn hash(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// Random bytes as hex: for tokens and CSRF values.
pub fn random_hex(bytes: usize) -> Result<String, TokenError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

/// A token name: what every write it makes is attributed to.
pub fn check_name(name: &str) -> Result<&str, TokenError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(TokenError::Invalid("a token name is 1 to 100 printable characters".into()));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(path: &std::path::Path) -> TokenTable {
        TokenTable::open(&LedgerTarget::Sqlite(path.to_owned())).unwrap()
    }

    #[test]
    fn tokens_are_found_by_hash_and_only_the_hash_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let mut table = sqlite(&path);
        let t = table.create("amal", Role::Editor, "test").unwrap();
        assert_eq!(table.lookup(&t).unwrap(), Some(Identity { name: "amal".into(), role: Role::Editor }));
        assert_eq!(table.lookup("truce_nope").unwrap(), None);
        drop(table);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let stored: i64 = conn.query_row("SELECT count(*) FROM server_tokens WHERE hash = ?1", [&t], |r| r.get(0)).unwrap();
        assert_eq!(stored, 0, "the token itself is never stored");
        // A revoked token is refused.
        conn.execute("UPDATE server_tokens SET revoked_at = 1 WHERE name = 'amal'", []).unwrap();
        assert_eq!(sqlite(&path).lookup(&t).unwrap(), None);
        conn.execute("UPDATE server_tokens SET revoked_at = NULL WHERE name = 'amal'", []).unwrap();
        // Reopening keeps the table and its version.
        assert!(sqlite(&path).lookup(&t).unwrap().is_some());
        // The ledger still opens: the extra tables do not upset its checks.
        truce_ledger::SqliteLedger::open(&path).unwrap();
    }

    #[test]
    fn a_newer_server_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        drop(sqlite(&path));
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE server_meta SET value = 99 WHERE key = 'tokens_schema'", []).unwrap();
        let refused = TokenTable::open(&LedgerTarget::Sqlite(path.clone()));
        assert!(matches!(refused, Err(TokenError::TooNew { found: 99, .. })), "{refused:?}");
    }
}
