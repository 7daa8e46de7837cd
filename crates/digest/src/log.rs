//! The delivery log: which edition went to whom on which channel, and what
//! failed. A table of its own beside the ledger (`digest_deliveries`, in
//! the SQLite file or the PostgreSQL database), versioned by its own row in
//! `digest_meta`, like the server's tokens: the ledger crates own their
//! schema, and a copied SQLite ledger carries its log.
//!
//! Each send is claimed first (state `sending`, with the time), then marked
//! `sent` or `failed`. The claim is one statement on both backends, an
//! upsert that takes the row only when it is new, failed, or claimed by a
//! run that never finished ([`CLAIM_EXPIRY`]), and says whether it did: the
//! database decides, so two `truce deliver` runs at once (two processes,
//! two connections, two machines on one PostgreSQL) never both claim a
//! recipient, and a run that died mid-send is retried rather than lost. A
//! crash between the receiver's acceptance and the log's update is the one
//! case that can deliver twice.

use crate::DigestError;
use jiff::Timestamp;
use rusqlite::{Connection, params};
use truce_ledger::sqlite::side::{SideSchema, SideTables};
use truce_ledger_pg::LedgerTarget;

/// The version of the delivery log this build writes (the same on both
/// backends).
pub const LOG_SCHEMA: i64 = SQLITE_SCHEMA.steps.len() as i64;

/// The log's tables in an SQLite ledger, versioned in `digest_meta`.
const SQLITE_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "digest_meta",
    key: "deliveries_schema",
    steps: &["CREATE TABLE IF NOT EXISTS digest_deliveries (
        channel     TEXT    NOT NULL,   -- the channel's name in the configuration
        recipient   TEXT    NOT NULL,   -- an e-mail address or a chat id
        edition     TEXT    NOT NULL,   -- 2024-03-31/evening
        state       TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        attempts    INTEGER NOT NULL,
        claimed_at  INTEGER NOT NULL,   -- microseconds since the epoch, UTC
        sent_at     INTEGER,
        last_error  TEXT,
        PRIMARY KEY (channel, recipient, edition)
     );"],
};

/// The same table in a PostgreSQL ledger: 64-bit integers where SQLite's
/// are, and byte order (`C`) for text, so that rows read back in the same
/// order as from SQLite.
const PG_SCHEMA: SideSchema<'static> = SideSchema {
    meta_table: "digest_meta",
    key: "deliveries_schema",
    steps: &["CREATE TABLE IF NOT EXISTS digest_deliveries (
        channel     text COLLATE \"C\" NOT NULL,
        recipient   text COLLATE \"C\" NOT NULL,
        edition     text COLLATE \"C\" NOT NULL,
        state       text   NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
        attempts    bigint NOT NULL,
        claimed_at  bigint NOT NULL,   -- microseconds since the epoch, UTC, as in SQLite
        sent_at     bigint,
        last_error  text,
        PRIMARY KEY (channel, recipient, edition)
     );"],
};

const _: () = assert!(SQLITE_SCHEMA.steps.len() == PG_SCHEMA.steps.len(), "both backends are at the same log version");

/// How long a claim made by a run that never finished holds.
pub const CLAIM_EXPIRY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// The claim: insert the row, or take it over when it failed or its claim
/// expired (`?5` is the newest expired claim time); a row comes back only
/// when this run got it. The same statement on both backends, but for the
/// placeholders.
const CLAIM_SQLITE: &str = "INSERT INTO digest_deliveries (channel, recipient, edition, state, attempts, claimed_at) \
     VALUES (?1, ?2, ?3, 'sending', 0, ?4) \
     ON CONFLICT (channel, recipient, edition) DO UPDATE SET state = 'sending', claimed_at = excluded.claimed_at \
     WHERE digest_deliveries.state = 'failed' OR (digest_deliveries.state = 'sending' AND digest_deliveries.claimed_at <= ?5) \
     RETURNING 1";
const CLAIM_PG: &str = "INSERT INTO digest_deliveries (channel, recipient, edition, state, attempts, claimed_at) \
     VALUES ($1, $2, $3, 'sending', 0, $4) \
     ON CONFLICT (channel, recipient, edition) DO UPDATE SET state = 'sending', claimed_at = excluded.claimed_at \
     WHERE digest_deliveries.state = 'failed' OR (digest_deliveries.state = 'sending' AND digest_deliveries.claimed_at <= $5) \
     RETURNING 1";

const FINISH_SQLITE: &str = "UPDATE digest_deliveries SET state = ?4, attempts = attempts + ?5, sent_at = ?6, last_error = ?7 \
     WHERE channel = ?1 AND recipient = ?2 AND edition = ?3";
const FINISH_PG: &str = "UPDATE digest_deliveries SET state = $4, attempts = attempts + $5, sent_at = $6, last_error = $7 \
     WHERE channel = $1 AND recipient = $2 AND edition = $3";

const UNSENT_SQLITE: &str = "SELECT DISTINCT edition FROM digest_deliveries WHERE channel = ?1 AND state != 'sent' ORDER BY edition";
const UNSENT_PG: &str = "SELECT DISTINCT edition FROM digest_deliveries WHERE channel = $1 AND state != 'sent' ORDER BY edition";

const ENTRIES: &str = "SELECT channel, recipient, edition, state, attempts, last_error, sent_at FROM digest_deliveries \
     ORDER BY edition, channel, recipient";

/// Where one delivery stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub channel: String,
    pub recipient: String,
    pub edition: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<Timestamp>,
}

/// The delivery log of one ledger, on its own connection (a deliverer and
/// the ledger it reads do not share one, so that neither waits on the
/// other's statements).
pub struct DeliveryLog {
    db: Db,
    /// The file, or the URL without its password.
    location: String,
}

enum Db {
    Sqlite(Connection),
    Postgres(postgres::Client),
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn log_err(location: &str, source: impl Into<BoxError>) -> DigestError {
    DigestError::Log { location: location.to_owned(), source: source.into() }
}

impl DeliveryLog {
    /// Opens the log beside the ledger at `target`, creating its table when
    /// missing. The ledger must already exist (opened with
    /// [`LedgerTarget::open`] first); a log written by a newer truce is
    /// refused before anything is changed.
    pub fn open(target: &LedgerTarget) -> Result<DeliveryLog, DigestError> {
        let location = target.describe();
        let (db, tables) = match target {
            LedgerTarget::Sqlite(path) => {
                let sql = |e| log_err(&location, e);
                let mut conn = Connection::open(path).map_err(sql)?;
                conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
                let tables = truce_ledger::sqlite::side::ensure_side_tables(&mut conn, &SQLITE_SCHEMA).map_err(sql)?;
                (Db::Sqlite(conn), tables)
            }
            LedgerTarget::Postgres(url) => {
                let pg = |e| log_err(&location, e);
                let mut client = postgres::Client::connect(url, postgres::NoTls).map_err(pg)?;
                let tables = truce_ledger_pg::side::ensure_side_tables(&mut client, &PG_SCHEMA).map_err(pg)?;
                (Db::Postgres(client), tables)
            }
        };
        if let SideTables::TooNew { found } = tables {
            return Err(DigestError::LogTooNew { location, found, known: LOG_SCHEMA });
        }
        Ok(DeliveryLog { db, location })
    }

    /// Claims the delivery of `edition` to `recipient` on `channel`: true
    /// when this run should send it now, false when it was sent already or
    /// another run is sending it.
    pub fn claim(&mut self, channel: &str, recipient: &str, edition: &str, now: Timestamp) -> Result<bool, DigestError> {
        let now_us = now.as_microsecond();
        let expired = now_us - i64::try_from(CLAIM_EXPIRY.as_micros()).unwrap_or(i64::MAX);
        let location = &self.location;
        match &mut self.db {
            Db::Sqlite(conn) => {
                let sql = |e| log_err(location, e);
                let mut st = conn.prepare_cached(CLAIM_SQLITE).map_err(sql)?;
                let mut rows = st.query(params![channel, recipient, edition, now_us, expired]).map_err(sql)?;
                Ok(rows.next().map_err(sql)?.is_some())
            }
            Db::Postgres(client) => {
                let row = client.query_opt(CLAIM_PG, &[&channel, &recipient, &edition, &now_us, &expired]).map_err(|e| log_err(location, e))?;
                Ok(row.is_some())
            }
        }
    }

    /// Records the outcome of a claimed delivery after `attempts` tries.
    /// `error` must already be free of secrets (the senders' errors are).
    pub fn finish(
        &mut self,
        channel: &str,
        recipient: &str,
        edition: &str,
        attempts: u32,
        outcome: Result<(), &str>,
        now: Timestamp,
    ) -> Result<(), DigestError> {
        let (state, sent_at, error) = match outcome {
            Ok(()) => ("sent", Some(now.as_microsecond()), None),
            Err(e) => ("failed", None, Some(e)),
        };
        let attempts = i64::from(attempts);
        let location = &self.location;
        match &mut self.db {
            Db::Sqlite(conn) => conn
                .prepare_cached(FINISH_SQLITE)
                .and_then(|mut st| st.execute(params![channel, recipient, edition, state, attempts, sent_at, error]))
                .map(drop)
                .map_err(|e| log_err(location, e)),
            Db::Postgres(client) => {
                client.execute(FINISH_PG, &[&channel, &recipient, &edition, &state, &attempts, &sent_at, &error]).map(drop).map_err(|e| log_err(location, e))
            }
        }
    }

    /// The editions with a failed (or abandoned) delivery on `channel`.
    pub fn unsent_editions(&mut self, channel: &str) -> Result<Vec<String>, DigestError> {
        let location = &self.location;
        match &mut self.db {
            Db::Sqlite(conn) => {
                let sql = |e| log_err(location, e);
                let mut st = conn.prepare_cached(UNSENT_SQLITE).map_err(sql)?;
                let rows = st.query_map(params![channel], |r| r.get::<_, String>(0)).map_err(sql)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(sql)
            }
            Db::Postgres(client) => {
                let rows = client.query(UNSENT_PG, &[&channel]).map_err(|e| log_err(location, e))?;
                rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<String>, _>>().map_err(|e| log_err(location, e))
            }
        }
    }

    /// Copies every row of the log into `dst`, claims and failures
    /// included, leaving the rows `dst` has already as they are (so a copy
    /// can run again). What `truce migrate-db` uses, so that moving a
    /// ledger does not send its editions again. Returns the rows added.
    pub fn copy_into(&mut self, dst: &mut DeliveryLog) -> Result<u64, DigestError> {
        const SELECT: &str = "SELECT channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error \
             FROM digest_deliveries ORDER BY edition, channel, recipient";
        type Row = (String, String, String, String, i64, i64, Option<i64>, Option<String>);
        let location = &self.location;
        let rows: Vec<Row> = match &mut self.db {
            Db::Sqlite(conn) => conn
                .prepare(SELECT)
                .and_then(|mut st| {
                    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)))?.collect()
                })
                .map_err(|e| log_err(location, e))?,
            Db::Postgres(client) => client
                .query(SELECT, &[])
                .map_err(|e| log_err(location, e))?
                .iter()
                .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?, r.try_get(7)?)))
                .collect::<Result<_, postgres::Error>>()
                .map_err(|e| log_err(location, e))?,
        };
        let location = &dst.location;
        let mut added = 0;
        for (channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error) in &rows {
            let n = match &mut dst.db {
                Db::Sqlite(conn) => conn
                    .execute(
                        "INSERT INTO digest_deliveries (channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error) \
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
                        params![channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error],
                    )
                    .map(|n| n as u64)
                    .map_err(|e| log_err(location, e))?,
                Db::Postgres(client) => client
                    .execute(
                        "INSERT INTO digest_deliveries (channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                        &[channel, recipient, edition, state, attempts, claimed_at, sent_at, last_error],
                    )
                    .map_err(|e| log_err(location, e))?,
            };
            added += n;
        }
        Ok(added)
    }

    /// Every entry, oldest edition first: for tests and inspection.
    pub fn entries(&mut self) -> Result<Vec<Entry>, DigestError> {
        let location = &self.location;
        let entry = |channel, recipient, edition, state, attempts, last_error, sent_at: Option<i64>| Entry {
            channel,
            recipient,
            edition,
            state,
            attempts,
            last_error,
            sent_at: sent_at.and_then(|m| Timestamp::from_microsecond(m).ok()),
        };
        match &mut self.db {
            Db::Sqlite(conn) => {
                let sql = |e| log_err(location, e);
                let mut st = conn.prepare(ENTRIES).map_err(sql)?;
                let rows = st.query_map([], |r| Ok(entry(r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))).map_err(sql)?;
                rows.collect::<Result<Vec<_>, _>>().map_err(sql)
            }
            Db::Postgres(client) => {
                let rows = client.query(ENTRIES, &[]).map_err(|e| log_err(location, e))?;
                rows.iter()
                    .map(|r| Ok(entry(r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?, r.try_get(4)?, r.try_get(5)?, r.try_get(6)?)))
                    .collect::<Result<Vec<_>, postgres::Error>>()
                    .map_err(|e| log_err(location, e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_ledger_pg::testing::{Scratch, server_url};

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    /// Runs `check` on a new SQLite ledger, then on a new PostgreSQL one
    /// when a server answers (skipped with a message otherwise, except in CI).
    fn on_each_backend(test: &str, check: impl Fn(&LedgerTarget)) {
        let dir = tempfile::tempdir().unwrap();
        let sqlite = LedgerTarget::Sqlite(dir.path().join("l.db"));
        sqlite.open().unwrap();
        check(&sqlite);
        if let Some(url) = server_url(test) {
            let mut scratch = Scratch::new(&url, test);
            let pg = LedgerTarget::Postgres(scratch.database());
            pg.open().unwrap();
            check(&pg);
        }
    }

    #[test]
    fn a_delivery_is_claimed_once_and_a_failure_is_claimed_again() {
        on_each_backend("log_claims", |target| {
            let mut log = DeliveryLog::open(target).unwrap();
            let now = ts("2024-03-31T19:00:00Z");
            assert!(log.claim("tg", "1", "2024-03-31/evening", now).unwrap());
            // Another run while the first is sending: not claimed.
            assert!(!log.claim("tg", "1", "2024-03-31/evening", now).unwrap());
            log.finish("tg", "1", "2024-03-31/evening", 3, Err("HTTP 500"), now).unwrap();
            assert_eq!(log.unsent_editions("tg").unwrap(), vec!["2024-03-31/evening".to_owned()]);
            assert!(log.claim("tg", "1", "2024-03-31/evening", now).unwrap());
            log.finish("tg", "1", "2024-03-31/evening", 1, Ok(()), now).unwrap();
            assert!(!log.claim("tg", "1", "2024-03-31/evening", now).unwrap());
            let e = &log.entries().unwrap()[0];
            assert_eq!((e.state.as_str(), e.attempts, e.sent_at), ("sent", 4, Some(now)));
            assert!(log.unsent_editions("tg").unwrap().is_empty());
            // A claim left by a run that died is taken over once it expires.
            assert!(log.claim("tg", "2", "2024-03-31/evening", now).unwrap());
            assert!(!log.claim("tg", "2", "2024-03-31/evening", ts("2024-03-31T19:10:00Z")).unwrap());
            assert!(log.claim("tg", "2", "2024-03-31/evening", ts("2024-03-31T19:16:00Z")).unwrap());
            // A sent delivery stays sent however late the next run comes.
            assert!(!log.claim("tg", "1", "2024-03-31/evening", ts("2025-01-01T00:00:00Z")).unwrap());
            // The ledger still opens with the extra tables, and so does the log.
            drop(log);
            target.open().unwrap();
            assert_eq!(DeliveryLog::open(target).unwrap().entries().unwrap().len(), 2);
        });
    }

    /// Two deliverers, each with its own connection, claim the same
    /// deliveries at the same instant: new ones, then failed ones, then
    /// abandoned ones. Each is claimed by exactly one of them every time.
    #[test]
    fn racing_deliverers_never_claim_the_same_delivery() {
        on_each_backend("log_race", |target| {
            const N: usize = 150;
            let edition = "2024-03-31/evening";
            let race = |now: Timestamp| -> Vec<usize> {
                let barrier = std::sync::Barrier::new(2);
                let won: Vec<Vec<usize>> = std::thread::scope(|s| {
                    let runs: Vec<_> = (0..2)
                        .map(|_| {
                            s.spawn(|| {
                                let mut log = DeliveryLog::open(target).unwrap();
                                barrier.wait();
                                (0..N).filter(|i| log.claim("tg", &i.to_string(), edition, now).unwrap()).collect()
                            })
                        })
                        .collect();
                    runs.into_iter().map(|r| r.join().unwrap()).collect()
                });
                let mut all = won.concat();
                all.sort_unstable();
                all
            };
            let each_once: Vec<usize> = (0..N).collect();
            let at = |t: &str| ts(&format!("2024-03-31T{t}:00Z"));
            assert_eq!(race(at("19:00")), each_once, "new, on {}", target.describe());
            // Every send failed; the next runs take them over, once each.
            let mut log = DeliveryLog::open(target).unwrap();
            for i in 0..N {
                log.finish("tg", &i.to_string(), edition, 1, Err("HTTP 502"), at("19:01")).unwrap();
            }
            assert_eq!(race(at("19:05")), each_once, "failed, on {}", target.describe());
            // Those runs died mid-send: their claims hold, then expire.
            assert_eq!(race(at("19:10")), Vec::<usize>::new(), "claimed, on {}", target.describe());
            assert_eq!(race(at("19:21")), each_once, "expired, on {}", target.describe());
        });
    }

    #[test]
    fn a_newer_log_schema_is_refused() {
        on_each_backend("log_newer", |target| {
            drop(DeliveryLog::open(target).unwrap());
            let bump = "UPDATE digest_meta SET value = 7 WHERE key = 'deliveries_schema'";
            match target {
                LedgerTarget::Sqlite(path) => drop(Connection::open(path).unwrap().execute(bump, []).unwrap()),
                LedgerTarget::Postgres(url) => drop(postgres::Client::connect(url, postgres::NoTls).unwrap().execute(bump, &[]).unwrap()),
            }
            let err = DeliveryLog::open(target).err().expect("refused");
            assert!(matches!(err, DigestError::LogTooNew { found: 7, .. }), "{err}");
            assert!(err.to_string().contains(&target.describe()), "{err}");
        });
    }

    #[test]
    fn errors_name_the_database_without_its_password() {
        // Nothing listens on port 1 of loopback.
        let target = LedgerTarget::Postgres("postgres://truce:hunter2-pw@127.0.0.1:1/ledger".into());
        let err = DeliveryLog::open(&target).err().expect("no server").to_string();
        assert!(err.starts_with("delivery log postgres://truce@127.0.0.1:1/ledger: "), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }
}
