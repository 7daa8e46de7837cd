//! Ingest writes a document's claims and places in multi-row statements:
//! documents of every size around the batch read back exactly as given.

use truce_ledger::synth::{SynthSpec, documents};
use truce_ledger::{ClaimFilter, LedgerStore, SqliteLedger, Stamp};

#[test]
fn claims_and_places_read_back_in_order_for_every_batch_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut l = SqliteLedger::open(dir.path().join("b.db")).expect("open");
    let stamp = Stamp::now("extract");
    for (k, n) in [1u32, 7, 8, 9, 16, 17, 25].into_iter().enumerate() {
        let spec = SynthSpec { claims_per_doc: n, ..SynthSpec::new(u64::from(n), 1, k as u64 + 1) };
        let d = documents(spec).next().expect("a document");
        assert_eq!(d.extraction.claims.len(), n as usize);
        let out = l.ingest(&d.new_document(), &d.extraction, &stamp).expect("ingest");
        let truce_ledger::IngestOutcome::Stored { doc, .. } = out else { panic!("stored") };
        let ids = l.claim_ids_of(doc).expect("ids");
        assert_eq!(ids.len(), n as usize);
        assert!(ids.windows(2).all(|w| w[1].0 == w[0].0 + 1), "consecutive ids");
        for (id, want) in ids.iter().zip(&d.extraction.claims) {
            let got = l.claim(*id).expect("claim").expect("found");
            assert_eq!(&got.claim, want);
            assert_eq!(got.document, Some(doc));
        }
        let f = ClaimFilter { document: Some(doc), ..Default::default() };
        assert_eq!(l.count_claims(&f).expect("count"), u64::from(n));
    }
    l.check_integrity().expect("integrity");
}
