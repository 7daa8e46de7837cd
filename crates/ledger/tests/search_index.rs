//! The search index trails ingest and catches up in batches: a search
//! always sees every stored document.

use truce_ledger::{ContentHash, LedgerStore, NewDocument, SqliteLedger, Stamp, story};

#[test]
fn search_catches_up_with_documents_ingested_since_the_last_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut l = SqliteLedger::open(dir.path().join("l.db")).expect("open");
    for day in 1..=3 {
        let (text, ex) = story::sample(&format!("b{day}"), jiff::civil::date(2017, 3, day), "\nMaarest el-Khan.");
        let doc = NewDocument { source_key: &ex.doc.id.clone(), source_path: None, hash: ContentHash::of(text.as_bytes()), text: &text };
        l.ingest(&doc, &ex, &Stamp::now("extract")).expect("ingest");
    }
    let upto = |l: &SqliteLedger| -> i64 { l.connection().query_row("SELECT indexed_upto FROM search_state", [], |r| r.get(0)).expect("state") };
    assert_eq!(upto(&l), 0, "ingest leaves indexing for later");
    assert_eq!(l.search("Maarest", 10).expect("search").len(), 3);
    assert_eq!(upto(&l), 3);
    assert_eq!(l.index_pending().expect("index"), 0, "nothing left");
    // Searching twice does not index twice.
    assert_eq!(l.search("Maarest", 10).expect("search")[0].sentences.len(), 1);
}
