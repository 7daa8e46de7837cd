//! Opens a ledger, upgrading its schema to this build's, and says how long
//! the upgrade took: how the cost of a migration on a large ledger (such as
//! the 10M-claim `synth` one) is measured.
//!
//! `cargo run --release -p truce-ledger --example migrate -- LEDGER.db`

use std::time::Instant;
use truce_ledger::SqliteLedger;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: migrate LEDGER.db")?;
    if !std::path::Path::new(&path).exists() {
        return Err(format!("{path} does not exist").into());
    }
    let before = rusqlite::Connection::open(&path)?.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
    let started = Instant::now();
    let ledger = SqliteLedger::open(&path)?;
    let after = ledger.schema_version()?;
    println!("{path}: schema {before} -> {after} in {:.1?}", started.elapsed());
    Ok(())
}
