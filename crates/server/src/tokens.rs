//! API tokens: roles, creation, lookup, listing and revocation. Only a
//! token's blake3 hash is stored, in the server's own table beside the
//! ledger (`server_tokens`, in the SQLite file or the PostgreSQL database),
//! so a copied ledger does not leak working tokens. A revoked token keeps
//! its row, with who revoked it and when: the table is also the record of
//! who could write when.
//!
//! The ledger crates own their schema; this table is the server's,
//! versioned by its own row in `server_meta`, and created when missing.
//! On PostgreSQL every `truce serve` behind a load balancer reads the same
//! table, so a token made through one server (or `truce token create`)
//! works on all of them at once, and a revoked one stops working on all.
//! Lookups are never cached, so a revocation counts from the next request.

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
    #[error("ledger {location}: no token {id} (`truce token list` shows the tokens and their ids)")]
    Unknown { location: String, id: i64 },
    #[error("ledger {location}: token {} ({:?}) was already revoked at {}{}", .token.id, .token.name, revoked_at(.token), revoked_by(.token))]
    AlreadyRevoked { location: String, token: Box<TokenInfo> },
}

fn revoked_at(t: &TokenInfo) -> String {
    t.revoked_at.map(|at| at.to_string()).unwrap_or_default()
}

fn revoked_by(t: &TokenInfo) -> String {
    t.revoked_by.as_deref().map(|by| format!(" by {by}")).unwrap_or_default()
}

/// The server's tables in an SQLite ledger. Times are microseconds since
/// the epoch, UTC, as the ledger's own tables keep them.
const SQLITE_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "server_meta",
    key: "tokens_schema",
    steps: &[
        "CREATE TABLE IF NOT EXISTS server_tokens (
        id          INTEGER PRIMARY KEY,
        name        TEXT    NOT NULL,
        role        TEXT    NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        hash        TEXT    NOT NULL UNIQUE,   -- blake3 of the token, hex
        created_at  INTEGER NOT NULL,          -- microseconds since the epoch, UTC
        created_by  TEXT    NOT NULL,
        revoked_at  INTEGER
     );",
        // 2: who revoked a token. Tokens revoked before have none.
        "ALTER TABLE server_tokens ADD COLUMN revoked_by TEXT;",
    ],
};

/// The same tables in a PostgreSQL ledger: the same columns, with
/// `timestamptz` for times as the ledger's own PostgreSQL tables have.
const POSTGRES_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "server_meta",
    key: "tokens_schema",
    steps: &[
        "CREATE TABLE IF NOT EXISTS server_tokens (
        id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name        text        NOT NULL,
        role        text        NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
        hash        text        NOT NULL UNIQUE,   -- blake3 of the token, hex
        created_at  timestamptz NOT NULL,
        created_by  text        NOT NULL,
        revoked_at  timestamptz
     );",
        "ALTER TABLE server_tokens ADD COLUMN revoked_by text;",
    ],
};

const INSERT_SQLITE: &str = "INSERT INTO server_tokens (name, role, hash, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)";
const INSERT_POSTGRES: &str = "INSERT INTO server_tokens (name, role, hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5)";
const LOOKUP_SQLITE: &str = "SELECT name, role FROM server_tokens WHERE hash = ?1 AND revoked_at IS NULL";
const LOOKUP_POSTGRES: &str = "SELECT name, role FROM server_tokens WHERE hash = $1 AND revoked_at IS NULL";

/// The token table of a ledger, on one connection of its own: the one
/// token API the server and `truce token` use, whatever the backend.
pub enum TokenTable {
    Sqlite {
        conn: rusqlite::Connection,
        location: String,
    },
    /// `lookup` is prepared once: every authenticated request runs it, and
    /// an unprepared query costs PostgreSQL a second round trip.
    Postgres {
        client: postgres::Client,
        lookup: postgres::Statement,
        location: String,
    },
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

/// A token as `truce token list` shows it: everything but the token and
/// its hash.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    /// The row's id, which `truce token revoke` takes: names need not be
    /// unique (a person may hold several tokens).
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at: Timestamp,
    pub created_by: String,
    /// When it stopped working; `None` while it works.
    pub revoked_at: Option<Timestamp>,
    /// Who revoked it; `None` also for a token revoked before the table
    /// kept that (server tables version 1).
    pub revoked_by: Option<String>,
}

/// One stored row: the token's description and its hash, which only
/// [`TokenTable::copy_into`] reads.
struct StoredToken {
    info: TokenInfo,
    hash: String,
}

/// The columns of a whole row, in the order the decoders below read them.
const COLUMNS: &str = "id, name, role, created_at, created_by, revoked_at, revoked_by, hash";

type SqliteRow = (i64, String, String, i64, String, Option<i64>, Option<String>, String);

fn sqlite_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SqliteRow> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
}

/// An SQLite row as a token; a time or role no truce writes is an error
/// naming the ledger and the token, not a panic.
fn from_sqlite(location: &str, row: SqliteRow) -> Result<StoredToken, TokenError> {
    let (id, name, role, created, created_by, revoked, revoked_by, hash) = row;
    let time = |m: i64| Timestamp::from_microsecond(m).map_err(|_| TokenError::Invalid(format!("ledger {location}: token {id}'s time {m} is out of range")));
    let role = role.parse().map_err(|e| TokenError::Invalid(format!("ledger {location}: token {id}: {e}")))?;
    let info = TokenInfo { id, name, role, created_at: time(created)?, created_by, revoked_at: revoked.map(time).transpose()?, revoked_by };
    Ok(StoredToken { info, hash })
}

fn from_postgres(location: &str, r: &postgres::Row) -> Result<StoredToken, TokenError> {
    let db = |e: postgres::Error| TokenError::Database { location: location.to_owned(), source: Box::new(e) };
    let (id, role): (i64, String) = (r.try_get(0).map_err(db)?, r.try_get(2).map_err(db)?);
    let role = role.parse().map_err(|e| TokenError::Invalid(format!("ledger {location}: token {id}: {e}")))?;
    let info = TokenInfo {
        id,
        name: r.try_get(1).map_err(db)?,
        role,
        created_at: r.try_get(3).map_err(db)?,
        created_by: r.try_get(4).map_err(db)?,
        revoked_at: r.try_get(5).map_err(db)?,
        revoked_by: r.try_get(6).map_err(db)?,
    };
    Ok(StoredToken { info, hash: r.try_get(7).map_err(db)? })
}

impl TokenTable {
    /// Every token, oldest first, revoked ones included.
    pub fn list(&mut self) -> Result<Vec<TokenInfo>, TokenError> {
        Ok(self.all()?.into_iter().map(|t| t.info).collect())
    }

    /// Revokes token `id` on behalf of `by`, keeping its row; returns it as
    /// it now stands. Every server refuses it from its next request on. An
    /// unknown or already revoked token is an error: revoking is what
    /// someone does on purpose, and a typo in the id must not look done.
    pub fn revoke(&mut self, id: i64, by: &str) -> Result<TokenInfo, TokenError> {
        let by = check_label("the name of who revokes a token", by)?;
        let at = Timestamp::now();
        let location = self.location().to_owned();
        // One statement both checks and revokes, so two people revoking
        // at once cannot both succeed.
        let revoked = match self {
            TokenTable::Sqlite { conn, .. } => {
                let sql = format!("UPDATE server_tokens SET revoked_at = ?1, revoked_by = ?2 WHERE id = ?3 AND revoked_at IS NULL RETURNING {COLUMNS}");
                let row = conn.query_row(&sql, params![at.as_microsecond(), by, id], sqlite_row).optional();
                row.map_err(|e| self.err(e))?.map(|r| from_sqlite(&location, r)).transpose()?
            }
            TokenTable::Postgres { client, .. } => {
                let sql = format!("UPDATE server_tokens SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL RETURNING {COLUMNS}");
                let row = client.query_opt(&sql, &[&at, &by, &id]);
                row.map_err(|e| self.err(e))?.map(|r| from_postgres(&location, &r)).transpose()?
            }
        };
        if let Some(t) = revoked {
            return Ok(t.info);
        }
        // Nothing changed: say why.
        match self.all()?.into_iter().find(|t| t.info.id == id) {
            Some(t) => Err(TokenError::AlreadyRevoked { location, token: Box::new(t.info) }),
            None => Err(TokenError::Unknown { location, id }),
        }
    }

    /// Copies every token (live and revoked, by hash) into `dst`, keeping
    /// who made it and when, and who revoked it and when. A token `dst` has
    /// already is left as it is, except that one revoked here is revoked
    /// there too (never the other way round), so a copy can be run again
    /// and never leaves working a token that no longer works here. What
    /// `truce migrate-db` uses, so that the tokens people hold keep working
    /// on the new database and the revoked ones stay refused. Returns the
    /// tokens added or newly revoked in `dst`.
    pub fn copy_into(&mut self, dst: &mut TokenTable) -> Result<u64, TokenError> {
        let tokens = self.all()?;
        let mut changed = 0;
        for StoredToken { info: t, hash } in &tokens {
            type Boxed = Box<dyn std::error::Error + Send + Sync>;
            let copied: Result<u64, Boxed> = match dst {
                TokenTable::Sqlite { conn, .. } => conn
                    .execute(
                        "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at, revoked_by) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (hash) DO UPDATE \
                         SET revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by \
                         WHERE server_tokens.revoked_at IS NULL AND excluded.revoked_at IS NOT NULL",
                        params![
                            t.name,
                            t.role.as_str(),
                            hash,
                            t.created_at.as_microsecond(),
                            t.created_by,
                            t.revoked_at.map(|r| r.as_microsecond()),
                            t.revoked_by
                        ],
                    )
                    .map(|n| n as u64)
                    .map_err(Boxed::from),
                TokenTable::Postgres { client, .. } => client
                    .execute(
                        "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at, revoked_by) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hash) DO UPDATE \
                         SET revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by \
                         WHERE server_tokens.revoked_at IS NULL AND excluded.revoked_at IS NOT NULL",
                        &[&t.name, &t.role.as_str(), hash, &t.created_at, &t.created_by, &t.revoked_at, &t.revoked_by],
                    )
                    .map_err(Boxed::from),
            };
            changed += copied.map_err(|source| TokenError::Database { location: dst.location().to_owned(), source })?;
        }
        Ok(changed)
    }

    /// Every row, oldest first.
    fn all(&mut self) -> Result<Vec<StoredToken>, TokenError> {
        let select = format!("SELECT {COLUMNS} FROM server_tokens ORDER BY id");
        let location = self.location().to_owned();
        match self {
            TokenTable::Sqlite { conn, .. } => {
                let rows: Vec<SqliteRow> = conn
                    .prepare(&select)
                    .and_then(|mut st| st.query_map([], sqlite_row)?.collect())
                    .map_err(|e| TokenError::Database { location: location.clone(), source: Box::new(e) })?;
                rows.into_iter().map(|r| from_sqlite(&location, r)).collect()
            }
            TokenTable::Postgres { client, .. } => {
                let rows = client.query(&select, &[]).map_err(|e| TokenError::Database { location: location.clone(), source: Box::new(e) })?;
                rows.iter().map(|r| from_postgres(&location, r)).collect()
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
    check_label("a token name", name)
}

/// A name kept in the token table (a token's, its revoker's), trimmed:
/// printable, so that `truce token list` can show it on one line.
fn check_label<'a>(what: &str, name: &'a str) -> Result<&'a str, TokenError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(TokenError::Invalid(format!("{what} is 1 to 100 printable characters")));
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

    #[test]
    fn tokens_are_listed_and_revoked_by_id_keeping_who_and_when() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let mut table = sqlite(&path);
        let before = Timestamp::now();
        let amal = table.create("amal", Role::Editor, "cli:lead").unwrap();
        let bo = table.create("bo", Role::Viewer, "api:root").unwrap();
        // Names need not be unique: the second "amal" is a token of its own.
        let amal2 = table.create("amal", Role::Admin, "cli:lead").unwrap();
        let listed = table.list().unwrap();
        let summary: Vec<_> = listed.iter().map(|t| (t.name.as_str(), t.role, t.created_by.as_str(), t.revoked_at)).collect();
        assert_eq!(summary, [("amal", Role::Editor, "cli:lead", None), ("bo", Role::Viewer, "api:root", None), ("amal", Role::Admin, "cli:lead", None)]);
        // Stored to the microsecond, so a creation may read a little before `before`.
        let floor = before - jiff::SignedDuration::from_millis(1);
        assert!(listed.iter().all(|t| t.created_at >= floor && t.created_at <= Timestamp::now()), "{listed:?}");
        let json = serde_json::to_string(&listed).unwrap();
        for secret in [&amal, &bo, &amal2] {
            assert!(!json.contains(secret.as_str()) && !json.contains(&hash(secret)), "a listing shows neither token nor hash: {json}");
        }

        let first = listed[0].id;
        let revoked = table.revoke(first, "  lead ").unwrap();
        assert_eq!((revoked.id, revoked.name.as_str(), revoked.revoked_by.as_deref()), (first, "amal", Some("lead")));
        let at = revoked.revoked_at.expect("a revocation time");
        assert!(at >= revoked.created_at && at <= Timestamp::now(), "{at}");
        assert_eq!(table.lookup(&amal).unwrap(), None, "the revoked token is refused");
        assert_eq!(table.lookup(&amal2).unwrap().map(|i| i.role), Some(Role::Admin), "the other token of the same name still works");
        assert_eq!(table.list().unwrap(), [revoked.clone(), listed[1].clone(), listed[2].clone()], "the row is kept, the others untouched");

        let again = table.revoke(first, "someone else").unwrap_err();
        assert!(matches!(&again, TokenError::AlreadyRevoked { token, .. } if token.revoked_by.as_deref() == Some("lead")), "{again:?}");
        let msg = again.to_string();
        assert!(msg.contains(&path.display().to_string()) && msg.contains("token 1 (\"amal\")") && msg.contains("by lead"), "{msg}");
        assert_eq!(table.list().unwrap()[0], revoked, "a second revocation changes nothing");
        let unknown = table.revoke(99, "lead").unwrap_err();
        assert!(matches!(unknown, TokenError::Unknown { id: 99, .. }), "{unknown:?}");
        let msg = unknown.to_string();
        assert!(msg.contains(&path.display().to_string()) && msg.contains("no token 99"), "{msg}");
        assert!(matches!(table.revoke(listed[1].id, " \n").unwrap_err(), TokenError::Invalid(_)), "who revokes must be named");
        assert!(table.lookup(&bo).unwrap().is_some());
    }

    /// Server tables as version 1 wrote them, with a live and a revoked
    /// token (revoked by hand, as was the only way then), written by `exec`
    /// (hash, created, revoked) on either backend.
    fn version_1_rows(exec: &mut dyn FnMut(&str, i64, Option<i64>)) -> (String, String) {
        let (live, gone) = ("truce_live".to_owned(), "truce_gone".to_owned());
        exec(&hash(&live), 1_700_000_000_000_000, None);
        exec(&hash(&gone), 1_700_000_000_000_000, Some(1_700_000_100_000_000));
        (live, gone)
    }

    fn check_upgraded(table: &mut TokenTable, live: &str, gone: &str) {
        assert_eq!(table.lookup(live).unwrap().map(|i| i.name), Some(format!("{}-name", &hash(live)[..6])));
        assert_eq!(table.lookup(gone).unwrap(), None);
        let listed = table.list().unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[1].revoked_at, Some(Timestamp::from_microsecond(1_700_000_100_000_000).unwrap()));
        assert_eq!(listed[1].revoked_by, None, "version 1 did not know who revoked");
        let revoked = table.revoke(listed[0].id, "lead").unwrap();
        assert_eq!(revoked.revoked_by.as_deref(), Some("lead"));
        assert_eq!(table.lookup(live).unwrap(), None);
    }

    #[test]
    fn version_1_tables_on_sqlite_are_upgraded_keeping_their_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = SideSchema { steps: &SQLITE_SCHEMA.steps[..1], ..SQLITE_SCHEMA };
        assert_eq!(truce_ledger::sqlite::side::ensure_side_tables(&mut conn, &v1).unwrap(), SideTables::Ready);
        let (live, gone) = version_1_rows(&mut |h, created, revoked| {
            conn.execute(
                "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at) VALUES (?1, 'editor', ?2, ?3, 'cli:old', ?4)",
                params![format!("{}-name", &h[..6]), h, created, revoked],
            )
            .unwrap();
        });
        check_upgraded(&mut sqlite(&path), &live, &gone);
        let v: i64 = conn.query_row("SELECT value FROM server_meta WHERE key = 'tokens_schema'", [], |r| r.get(0)).unwrap();
        assert_eq!(v, TOKENS_SCHEMA);
    }

    #[test]
    fn version_1_tables_on_postgres_are_upgraded_keeping_their_tokens() {
        use truce_ledger_pg::testing::{Scratch, server_url};
        let Some(url) = server_url("tokens_v1_upgrade") else { return };
        let mut scratch = Scratch::new(&url, "tokensv1");
        let db = scratch.database();
        let mut client = postgres::Client::connect(&db, postgres::NoTls).unwrap();
        let v1 = SideSchema { steps: &POSTGRES_SCHEMA.steps[..1], ..POSTGRES_SCHEMA };
        assert_eq!(truce_ledger_pg::side::ensure_side_tables(&mut client, &v1).unwrap(), SideTables::Ready);
        let (live, gone) = version_1_rows(&mut |h, created, revoked| {
            let time = |m: i64| Timestamp::from_microsecond(m).unwrap();
            client
                .execute(
                    "INSERT INTO server_tokens (name, role, hash, created_at, created_by, revoked_at) VALUES ($1, 'editor', $2, $3, 'cli:old', $4)",
                    &[&format!("{}-name", &h[..6]), &h, &time(created), &revoked.map(time)],
                )
                .unwrap();
        });
        check_upgraded(&mut TokenTable::open(&LedgerTarget::Postgres(db.clone())).unwrap(), &live, &gone);
        let v: i64 = client.query_one("SELECT value FROM server_meta WHERE key = 'tokens_schema'", &[]).unwrap().get(0);
        assert_eq!(v, TOKENS_SCHEMA);
    }

    #[test]
    fn a_copy_carries_revocations_and_a_second_copy_adds_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let (from, to) = (dir.path().join("from.db"), dir.path().join("to.db"));
        for p in [&from, &to] {
            truce_ledger::SqliteLedger::open(p).unwrap();
        }
        let (mut src, mut dst) = (sqlite(&from), sqlite(&to));
        let kept = src.create("amal", Role::Editor, "cli:lead").unwrap();
        let gone = src.create("bo", Role::Viewer, "cli:lead").unwrap();
        let ids: Vec<i64> = src.list().unwrap().iter().map(|t| t.id).collect();
        src.revoke(ids[1], "lead").unwrap();
        assert_eq!(src.copy_into(&mut dst).unwrap(), 2);
        assert_eq!(dst.list().unwrap(), src.list().unwrap(), "every row as it stands, revocations included");
        assert!(dst.lookup(&kept).unwrap().is_some());
        assert_eq!(dst.lookup(&gone).unwrap(), None, "a token revoked before the copy is refused after it");

        // Revoked at the source after a first copy: a second copy revokes it.
        src.revoke(ids[0], "desk").unwrap();
        assert_eq!(src.copy_into(&mut dst).unwrap(), 1);
        assert_eq!(dst.lookup(&kept).unwrap(), None);
        assert_eq!(dst.list().unwrap(), src.list().unwrap());
        assert_eq!(src.copy_into(&mut dst).unwrap(), 0, "nothing left to carry");

        // Never the other way round: a token revoked only at the target stays revoked.
        let late = src.create("cy", Role::Viewer, "cli:lead").unwrap();
        src.copy_into(&mut dst).unwrap();
        let cy = dst.list().unwrap().into_iter().find(|t| t.name == "cy").unwrap();
        dst.revoke(cy.id, "lead").unwrap();
        assert_eq!(src.copy_into(&mut dst).unwrap(), 0);
        assert_eq!(dst.lookup(&late).unwrap(), None);
    }
}
