//! API tokens: roles, creation and lookup. Only a token's blake3 hash is
//! stored, in the server's own table inside the ledger file
//! (`server_tokens`), so a copied ledger does not leak working tokens.
//!
//! The ledger crate owns its schema; this table is the server's, versioned
//! by its own row in `server_meta`, and created when missing.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use truce_ledger::sqlite::side::{SideSchema, SideTables, ensure_side_tables};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The version of the server's tables this build writes.
pub const TOKENS_SCHEMA: i64 = SCHEMA.steps.len() as i64;

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
    #[error("the ledger {location}'s server tables were written by a newer truce (version {found}; this build knows {TOKENS_SCHEMA}); the file was not modified")]
    TooNew { location: String, found: i64 },
    #[error("ledger {location}: {source}")]
    Sqlite {
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("no source of randomness: {0}")]
    Random(String),
}

/// The server's tables, versioned in `server_meta`.
const SCHEMA: SideSchema<'static> = SideSchema {
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

/// Opens the ledger file's token table, creating it when missing. The file
/// must already be a ledger (the caller opens it with `SqliteLedger` first).
pub fn open(path: &Path) -> Result<Connection, TokenError> {
    let location = path.display().to_string();
    let sql = |source| TokenError::Sqlite { location: location.clone(), source };
    let mut conn = Connection::open(path).map_err(sql)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
    match ensure_side_tables(&mut conn, &SCHEMA).map_err(sql)? {
        SideTables::Ready => Ok(conn),
        SideTables::TooNew { found } => Err(TokenError::TooNew { location, found }),
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

/// Creates a token and returns it: the only time it is ever shown.
pub fn create(conn: &Connection, name: &str, role: Role, by: &str) -> Result<String, TokenError> {
    let name = check_name(name)?;
    let token = format!("truce_{}", random_hex(24)?);
    let at = Timestamp::now().as_microsecond();
    conn.execute(
        "INSERT INTO server_tokens (name, role, hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, role.as_str(), hash(&token), at, by],
    )
    .map_err(|source| TokenError::Sqlite { location: "ledger".into(), source })?;
    Ok(token)
}

/// Who holds `token`, if it is a live token of this ledger.
pub fn lookup(conn: &Connection, token: &str) -> Result<Option<Identity>, TokenError> {
    // Tokens are short; refuse absurd input before hashing it.
    if token.is_empty() || token.len() > 200 {
        return Ok(None);
    }
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT name, role FROM server_tokens WHERE hash = ?1 AND revoked_at IS NULL")
        .and_then(|mut st| st.query_row(params![hash(token)], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .map_err(|source| TokenError::Sqlite { location: "ledger".into(), source })?;
    Ok(match row {
        Some((name, role)) => Some(Identity { name, role: role.parse()? }),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_by_hash_and_only_the_hash_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let conn = open(&path).unwrap();
        let t = create(&conn, "amal", Role::Editor, "test").unwrap();
        assert_eq!(lookup(&conn, &t).unwrap(), Some(Identity { name: "amal".into(), role: Role::Editor }));
        assert_eq!(lookup(&conn, "truce_nope").unwrap(), None);
        let stored: i64 = conn.query_row("SELECT count(*) FROM server_tokens WHERE hash = ?1", [&t], |r| r.get(0)).unwrap();
        assert_eq!(stored, 0, "the token itself is never stored");
        // Reopening keeps the table and its version.
        drop(conn);
        let conn = open(&path).unwrap();
        assert!(lookup(&conn, &t).unwrap().is_some());
        // The ledger still opens: the extra tables do not upset its checks.
        truce_ledger::SqliteLedger::open(&path).unwrap();
    }

    #[test]
    fn a_newer_server_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let conn = open(&path).unwrap();
        conn.execute("UPDATE server_meta SET value = 99 WHERE key = 'tokens_schema'", []).unwrap();
        drop(conn);
        assert!(matches!(open(&path), Err(TokenError::TooNew { found: 99, .. })));
    }
}
