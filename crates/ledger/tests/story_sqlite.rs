//! Runs the shared ledger story against the SQLite backend, in memory and
//! in a file (WAL).

use truce_ledger::{LedgerStore, SqliteLedger, story};

#[test]
fn story_in_memory() {
    story::run_all(&mut || Box::new(SqliteLedger::open_in_memory().expect("open")) as Box<dyn LedgerStore>);
}

#[test]
fn story_in_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut n = 0;
    story::run_all(&mut || {
        n += 1;
        let l = SqliteLedger::open(dir.path().join(format!("story{n}.db"))).expect("open");
        Box::new(l) as Box<dyn LedgerStore>
    });
}
