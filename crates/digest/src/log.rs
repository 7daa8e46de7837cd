//! The delivery log: which edition went to whom on which channel, and what
//! failed. A table of its own in the ledger file (`digest_deliveries`),
//! versioned by its own row in `digest_meta`, like the server's tokens: the
//! ledger crate owns its schema, and a copied ledger carries its log.
//!
//! Each send is claimed first (state `sending`, with the time), then marked
//! `sent` or `failed`. Two `truce deliver` runs at once cannot both claim a
//! recipient, and a run that died mid-send leaves a claim that expires
//! after [`CLAIM_EXPIRY`], so the send is retried rather than lost: a crash
//! between the receiver's acceptance and the log's update is the one case
//! that can deliver twice.

use crate::DigestError;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use truce_ledger::sqlite::side::{SideSchema, SideTables, ensure_side_tables};
use std::path::Path;

/// The version of the delivery log this build writes.
pub const LOG_SCHEMA: i64 = SCHEMA.steps.len() as i64;

/// The log's tables, versioned in `digest_meta`.
const SCHEMA: SideSchema<'static> = SideSchema {
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

/// How long a claim made by a run that never finished holds.
pub const CLAIM_EXPIRY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

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

pub struct DeliveryLog {
    conn: Connection,
    location: String,
}

impl DeliveryLog {
    /// Opens the log in the ledger file at `path`, creating its table when
    /// missing. The file must already be a ledger (opened with
    /// `SqliteLedger` first); a log written by a newer truce is refused
    /// before anything is changed.
    pub fn open(path: &Path) -> Result<DeliveryLog, DigestError> {
        let location = path.display().to_string();
        let sql = |source| DigestError::Log { location: location.clone(), source };
        let mut conn = Connection::open(path).map_err(sql)?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(sql)?;
        if let SideTables::TooNew { found } = ensure_side_tables(&mut conn, &SCHEMA).map_err(sql)? {
            return Err(DigestError::LogTooNew { location, found, known: LOG_SCHEMA });
        }
        Ok(DeliveryLog { conn, location })
    }

    fn err(&self, source: rusqlite::Error) -> DigestError {
        DigestError::Log { location: self.location.clone(), source }
    }

    /// Claims the delivery of `edition` to `recipient` on `channel`: true
    /// when this run should send it now, false when it was sent already or
    /// another run is sending it.
    pub fn claim(&mut self, channel: &str, recipient: &str, edition: &str, now: Timestamp) -> Result<bool, DigestError> {
        let expired = now.as_microsecond() - i64::try_from(CLAIM_EXPIRY.as_micros()).unwrap_or(i64::MAX);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(|e| self_err(&self.location, e))?;
        let row: Option<(String, i64)> = tx
            .query_row(
                "SELECT state, claimed_at FROM digest_deliveries WHERE channel = ?1 AND recipient = ?2 AND edition = ?3",
                params![channel, recipient, edition],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self_err(&self.location, e))?;
        let go = match row {
            None => {
                tx.execute(
                    "INSERT INTO digest_deliveries (channel, recipient, edition, state, attempts, claimed_at) VALUES (?1, ?2, ?3, 'sending', 0, ?4)",
                    params![channel, recipient, edition, now.as_microsecond()],
                )
                .map_err(|e| self_err(&self.location, e))?;
                true
            }
            Some((state, _)) if state == "sent" => false,
            Some((state, at)) if state == "sending" && at > expired => false,
            Some(_) => {
                tx.execute(
                    "UPDATE digest_deliveries SET state = 'sending', claimed_at = ?4 WHERE channel = ?1 AND recipient = ?2 AND edition = ?3",
                    params![channel, recipient, edition, now.as_microsecond()],
                )
                .map_err(|e| self_err(&self.location, e))?;
                true
            }
        };
        tx.commit().map_err(|e| self_err(&self.location, e))?;
        Ok(go)
    }

    /// Records the outcome of a claimed delivery after `attempts` tries.
    /// `error` must already be free of secrets (the senders' errors are).
    pub fn finish(&mut self, channel: &str, recipient: &str, edition: &str, attempts: u32, outcome: Result<(), &str>, now: Timestamp) -> Result<(), DigestError> {
        let (state, sent_at, error) = match outcome {
            Ok(()) => ("sent", Some(now.as_microsecond()), None),
            Err(e) => ("failed", None, Some(e)),
        };
        self.conn
            .execute(
                "UPDATE digest_deliveries SET state = ?4, attempts = attempts + ?5, sent_at = ?6, last_error = ?7 \
                 WHERE channel = ?1 AND recipient = ?2 AND edition = ?3",
                params![channel, recipient, edition, state, attempts, sent_at, error],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The editions with a failed (or abandoned) delivery on `channel`.
    pub fn unsent_editions(&self, channel: &str) -> Result<Vec<String>, DigestError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT DISTINCT edition FROM digest_deliveries WHERE channel = ?1 AND state != 'sent' ORDER BY edition")
            .map_err(|e| self.err(e))?;
        let rows = st.query_map(params![channel], |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }

    /// Every entry, for `truce deliver --log` and tests.
    pub fn entries(&self) -> Result<Vec<Entry>, DigestError> {
        let mut st = self
            .conn
            .prepare("SELECT channel, recipient, edition, state, attempts, last_error, sent_at FROM digest_deliveries ORDER BY edition, channel, recipient")
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([], |r| {
                let sent: Option<i64> = r.get(6)?;
                Ok(Entry {
                    channel: r.get(0)?,
                    recipient: r.get(1)?,
                    edition: r.get(2)?,
                    state: r.get(3)?,
                    attempts: r.get(4)?,
                    last_error: r.get(5)?,
                    sent_at: sent.and_then(|m| Timestamp::from_microsecond(m).ok()),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }
}

fn self_err(location: &str, source: rusqlite::Error) -> DigestError {
    DigestError::Log { location: location.to_owned(), source }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn a_delivery_is_claimed_once_and_a_failure_is_claimed_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        let mut log = DeliveryLog::open(&path).unwrap();
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
        // The ledger still opens with the extra tables.
        drop(log);
        truce_ledger::SqliteLedger::open(&path).unwrap();
    }

    #[test]
    fn a_newer_log_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        truce_ledger::SqliteLedger::open(&path).unwrap();
        drop(DeliveryLog::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute("UPDATE digest_meta SET value = 7 WHERE key = 'deliveries_schema'", []).unwrap();
        drop(conn);
        assert!(matches!(DeliveryLog::open(&path), Err(DigestError::LogTooNew { found: 7, .. })));
    }
}
