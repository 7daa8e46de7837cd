//! Tables that other crates keep in the ledger's file: the server's tokens,
//! the digest's delivery log. The ledger's migrations do not know them; each
//! owner versions its tables by its own row in a meta table of its own, so
//! a copied ledger carries them and neither schema waits on the other.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

/// One owner's tables: `steps[i]` brings them from version `i` to `i + 1`.
/// Append-only, like the ledger's migrations.
#[derive(Debug, Clone, Copy)]
pub struct SideSchema<'a> {
    /// The owner's meta table (`server_meta`, `digest_meta`).
    pub meta_table: &'a str,
    /// The row of the meta table that holds the version.
    pub key: &'a str,
    pub steps: &'a [&'a str],
}

impl SideSchema<'_> {
    /// The version this build writes.
    pub fn latest(&self) -> i64 {
        self.steps.len() as i64
    }
}

/// What [`ensure_side_tables`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTables {
    /// The tables are at the latest version (created or upgraded if need be).
    Ready,
    /// Written by a newer build; nothing was changed.
    TooNew { found: i64 },
}

/// Creates or upgrades `schema`'s tables in one immediate transaction, so
/// two processes opening the file at once migrate once; refuses newer
/// tables before touching anything.
pub fn ensure_side_tables(conn: &mut Connection, schema: &SideSchema<'_>) -> rusqlite::Result<SideTables> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let meta = schema.meta_table;
    tx.execute_batch(&format!("CREATE TABLE IF NOT EXISTS {meta} (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"))?;
    let found: i64 = tx.query_row(&format!("SELECT value FROM {meta} WHERE key = ?1"), params![schema.key], |r| r.get(0)).optional()?.unwrap_or(0);
    if found > schema.latest() {
        // Dropping the transaction rolls it back.
        return Ok(SideTables::TooNew { found });
    }
    for step in &schema.steps[found as usize..] {
        tx.execute_batch(step)?;
    }
    if found < schema.latest() {
        tx.execute(&format!("INSERT OR REPLACE INTO {meta} (key, value) VALUES (?1, ?2)"), params![schema.key, schema.latest()])?;
    }
    tx.commit()?;
    Ok(SideTables::Ready)
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1: &str = "CREATE TABLE t (a INTEGER)";
    const V2: &str = "ALTER TABLE t ADD COLUMN b INTEGER";

    #[test]
    fn creates_upgrades_and_refuses_newer() {
        let mut c = Connection::open_in_memory().expect("open");
        let v1 = SideSchema { meta_table: "x_meta", key: "t_schema", steps: &[V1] };
        assert_eq!(ensure_side_tables(&mut c, &v1).expect("create"), SideTables::Ready);
        assert_eq!(ensure_side_tables(&mut c, &v1).expect("again"), SideTables::Ready, "opening twice changes nothing");
        let v2 = SideSchema { steps: &[V1, V2], ..v1 };
        assert_eq!(ensure_side_tables(&mut c, &v2).expect("upgrade"), SideTables::Ready);
        c.execute("INSERT INTO t (a, b) VALUES (1, 2)", []).expect("the new column is there");
        assert_eq!(ensure_side_tables(&mut c, &v1).expect("older build"), SideTables::TooNew { found: 2 });
        let v: i64 = c.query_row("SELECT value FROM x_meta WHERE key = 't_schema'", [], |r| r.get(0)).expect("meta");
        assert_eq!(v, 2, "the older build changed nothing");
    }
}
