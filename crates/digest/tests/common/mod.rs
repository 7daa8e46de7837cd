//! Shared by the digest tests: the project's sample month in a ledger whose
//! recorded times are pinned (each day's bulletins recorded at 17:00 UTC
//! that day, so they fall in that day's evening edition), and the loopback
//! receivers the delivery tests send to. The same ledger can be had on
//! SQLite and, when a server answers, on a scratch PostgreSQL database.

#![allow(dead_code)]

pub mod receivers;

use jiff::Timestamp;
use std::path::{Path, PathBuf};
use truce_ledger::{ContentHash, LedgerStore, NewDocument, SqliteLedger, Stamp};
use truce_ledger_pg::LedgerTarget;
use truce_ledger_pg::testing::{Scratch, server_url};

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

pub fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Reads one bulletin file and stores it as recorded at `at`.
pub fn ingest_file(ledger: &mut dyn LedgerStore, path: &Path, at: Timestamp) {
    let bytes = std::fs::read(path).unwrap();
    let id = path.file_stem().unwrap().to_string_lossy().into_owned();
    let (text, extraction) =
        truce_extract::read(&bytes, &truce_extract::Options { id, date: None, lang: None }, Some(truce_places::Gazetteer::bundled())).unwrap();
    let key = path.display().to_string();
    let doc = NewDocument { source_key: &key, source_path: Some(&key), hash: ContentHash::of(&bytes), text: &text };
    ledger.ingest(&doc, &extraction, &Stamp::at("extract", at)).unwrap();
}

/// The sample month up to and including `last_day` (YYYY-MM-DD), each day
/// recorded at 17:00 UTC on that day.
pub fn sample_ledger(path: &Path, last_day: &str) -> SqliteLedger {
    let mut ledger = SqliteLedger::open(path).unwrap();
    fill_sample(&mut ledger, last_day);
    ledger
}

/// Stores the sample month up to `last_day` in `ledger`, in the same order
/// with the same times whatever the backend, so claim ids agree too.
pub fn fill_sample(ledger: &mut dyn LedgerStore, last_day: &str) {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(examples()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    files.sort();
    for f in files {
        let day = f.file_name().unwrap().to_string_lossy()[..10].to_owned();
        if day.as_str() <= last_day {
            ingest_file(ledger, &f, ts(&format!("{day}T17:00:00Z")));
        }
    }
}

/// The sample month up to `last_day` in an SQLite file and, when a
/// PostgreSQL server answers, in a scratch database (dropped with this).
pub struct SampleLedgers {
    pub sqlite: LedgerTarget,
    pub postgres: Option<LedgerTarget>,
    _dir: tempfile::TempDir,
    _scratch: Option<Scratch>,
}

impl SampleLedgers {
    pub fn new(test: &str, last_day: &str) -> SampleLedgers {
        let dir = tempfile::tempdir().unwrap();
        let sqlite = LedgerTarget::Sqlite(dir.path().join("l.db"));
        fill_sample(&mut *sqlite.open().unwrap(), last_day);
        let mut scratch = server_url(test).map(|url| Scratch::new(&url, test));
        let postgres = scratch.as_mut().map(|s| LedgerTarget::Postgres(s.database()));
        if let Some(pg) = &postgres {
            fill_sample(&mut *pg.open().unwrap(), last_day);
        }
        SampleLedgers { sqlite, postgres, _dir: dir, _scratch: scratch }
    }

    /// SQLite first, then PostgreSQL if there is one.
    pub fn targets(&self) -> impl Iterator<Item = &LedgerTarget> {
        std::iter::once(&self.sqlite).chain(self.postgres.as_ref())
    }
}
