//! Runs the shared ledger story against PostgreSQL, each story in a fresh
//! database. Skipped (with a message) when no server answers, except in CI.

use truce_ledger::{LedgerStore, story};
use truce_ledger_pg::PgLedger;
use truce_ledger_pg::testing::{Scratch, server_url};

#[test]
fn story_on_postgres() {
    let Some(url) = server_url("story_on_postgres") else { return };
    let mut scratch = Scratch::new(&url, "story");
    story::run_all(&mut || Box::new(PgLedger::open(&scratch.database()).expect("open")) as Box<dyn LedgerStore>);
}
