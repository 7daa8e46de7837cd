//! Tables that other crates keep in the ledger's PostgreSQL database (the
//! server's tokens, the digest's delivery log), versioned by their owner's
//! row in a meta table of its own: the counterpart of
//! `truce_ledger::sqlite::side`, with the same [`SideSchema`].

use postgres::Client;
pub use truce_ledger::sqlite::side::{SideSchema, SideTables};

/// Creates or upgrades `schema`'s tables in one transaction, under an
/// advisory lock named after the meta table, so that servers and workers
/// starting at once migrate once (PostgreSQL's `CREATE TABLE IF NOT EXISTS`
/// is not safe against a concurrent twin). Refuses newer tables before
/// touching anything.
pub fn ensure_side_tables(client: &mut Client, schema: &SideSchema<'_>) -> Result<SideTables, postgres::Error> {
    let mut tx = client.transaction()?;
    let meta = schema.meta_table;
    tx.execute("SELECT pg_advisory_xact_lock(hashtext($1)::bigint)", &[&meta])?;
    tx.batch_execute(&format!("CREATE TABLE IF NOT EXISTS {meta} (key text PRIMARY KEY, value bigint NOT NULL)"))?;
    let found: i64 = tx.query_opt(&format!("SELECT value FROM {meta} WHERE key = $1"), &[&schema.key])?.map(|r| r.get(0)).unwrap_or(0);
    if found > schema.latest() {
        // Dropping the transaction rolls it back.
        return Ok(SideTables::TooNew { found });
    }
    for step in &schema.steps[found as usize..] {
        tx.batch_execute(step)?;
    }
    if found < schema.latest() {
        tx.execute(
            &format!("INSERT INTO {meta} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            &[&schema.key, &schema.latest()],
        )?;
    }
    tx.commit()?;
    Ok(SideTables::Ready)
}
