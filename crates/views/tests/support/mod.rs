//! The project's sample bulletins (examples/bulletins) read with the real
//! extraction and gazetteer into a ledger, recorded at fixed times so that
//! snapshots are stable.

use std::path::PathBuf;
use truce_ledger::{ContentHash, LedgerStore, NewDocument, SqliteLedger, Stamp};

pub fn bulletins_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

/// Where the claims of the sample ledger come from.
#[derive(Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // Each test binary compiles this module; only some read real extraction.
pub enum Claims {
    /// The gold claims of `expected/` (stable: what snapshots use).
    Gold,
    /// The real extraction of today's `truce-extract`.
    Extracted,
}

/// Every sample bulletin, in file-name order, recorded at 18:00 UTC on its
/// day, with places linked by the bundled gazetteer.
pub fn sample_ledger(source: Claims) -> SqliteLedger {
    let mut ledger = SqliteLedger::open_in_memory().expect("in-memory ledger");
    let mut files: Vec<PathBuf> = std::fs::read_dir(bulletins_dir())
        .expect("examples/bulletins")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).expect("read bulletin");
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("bulletin").to_owned();
        let text = truce_extract::decode(&bytes).expect("decode");
        let mut ex = match source {
            Claims::Extracted => truce_extract::extract(&text, &truce_extract::Options { id: name.clone(), date: None, lang: None }),
            Claims::Gold => {
                let gold = bulletins_dir().join("expected").join(format!("{name}.json"));
                serde_json::from_slice(&std::fs::read(gold).expect("gold claims")).expect("gold JSON")
            }
        };
        truce_places::Gazetteer::bundled().link_claims(&mut ex.claims);
        let day = &name[..10];
        let at: jiff::Timestamp = format!("{day}T18:00:00Z").parse().expect("timestamp");
        let doc = NewDocument { source_key: &name, source_path: None, hash: ContentHash::of(&bytes), text: &text };
        ledger.ingest(&doc, &ex, &Stamp::at("extract", at)).expect("ingest");
    }
    ledger
}

pub fn day(s: &str) -> truce_model::Date {
    s.parse().expect("date")
}
