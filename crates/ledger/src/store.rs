//! The storage interface every backend implements (SQLite now, PostgreSQL
//! later), so that the CLI, the views and the server never name a backend.

use crate::{
    ClaimDetail, ClaimFilter, ClaimId, DocId, DocumentInfo, Generation, IngestOutcome, LedgerStats, NewClaim, NewDocument, Page, Result, ReviewEvent,
    ReviewState, SearchHit, SqliteLedger, Stamp, StoredClaim, StoredDocument,
};
use jiff::Timestamp;
use std::ops::ControlFlow;
use truce_model::{Date, Extraction};

/// An append-only ledger of documents and claims.
///
/// Invariants every backend keeps (checked by [`crate::story`]):
/// - a document is stored with all its claims in one transaction, or not at all;
/// - the same content (hash) is stored once; the same source key with new
///   content is a new version;
/// - nothing is deleted or updated in place except a claim's current review
///   state, whose every change is also kept in the review history;
/// - a correction is a new claim that supersedes the old one.
pub trait LedgerStore {
    /// Where the ledger lives, for messages: a file, or a database URL
    /// without its password.
    fn location(&self) -> &str;

    /// Stores a document and the claims read from it, atomically.
    fn ingest(&mut self, doc: &NewDocument<'_>, extraction: &Extraction, stamp: &Stamp) -> Result<IngestOutcome>;

    /// Adds a claim by hand (not read from a stored document).
    fn record(&mut self, claim: &NewClaim, stamp: &Stamp) -> Result<ClaimId>;

    /// Records `claim` as the correction of `old`; `old` stays queryable.
    /// The correction keeps `old`'s document link so its source stays visible.
    fn correct(&mut self, old: ClaimId, claim: &NewClaim, stamp: &Stamp) -> Result<ClaimId>;

    /// Changes a claim's review state, keeping who, when and why.
    fn review(&mut self, id: ClaimId, state: ReviewState, note: Option<&str>, stamp: &Stamp) -> Result<()>;

    /// One claim, whatever its state (superseded ones too), as known now.
    fn claim(&self, id: ClaimId) -> Result<Option<StoredClaim>>;

    /// Claims matching `filter`, in (valid day, id) order.
    fn claims(&self, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        let mut out = Vec::new();
        self.for_each_claim(filter, &mut |c| {
            out.push(c);
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    /// Streams claims matching `filter` without holding them all in memory:
    /// what exports use. Stops early when `f` breaks.
    fn for_each_claim(&self, filter: &ClaimFilter, f: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>) -> Result<()>;

    /// How many claims match `filter` (ignoring its limit and offset).
    fn count_claims(&self, filter: &ClaimFilter) -> Result<u64>;

    /// The claims speaking for one valid day, as known at `filter.as_known_at`;
    /// the other fields of `filter` apply too.
    fn claims_on(&self, day: Date, filter: &ClaimFilter) -> Result<Vec<StoredClaim>> {
        let f = ClaimFilter { valid_from: Some(day), valid_to: Some(day), ..filter.clone() };
        self.claims(&f)
    }

    /// The review history of a claim, oldest first.
    fn review_history(&self, id: ClaimId) -> Result<Vec<ReviewEvent>>;

    /// One claim, whatever its state, with its review history.
    fn claim_detail(&self, id: ClaimId) -> Result<Option<ClaimDetail>> {
        let Some(claim) = self.claim(id)? else { return Ok(None) };
        Ok(Some(ClaimDetail { claim, history: self.review_history(id)? }))
    }

    /// Stored documents, newest first.
    fn documents(&self, page: Page) -> Result<Vec<DocumentInfo>>;

    /// One document with its text.
    fn document(&self, id: DocId) -> Result<Option<StoredDocument>>;

    /// Full-text search over stored documents: plain words, all required, a
    /// word ending in `*` matching as a prefix ([`crate::search_words`]); at
    /// most `limit` documents, best first, each with matching sentences.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;

    fn stats(&self) -> Result<LedgerStats>;

    /// The state of the content now. It changes whenever the content does,
    /// whoever wrote it, so a view computed after reading generation G may
    /// be kept for as long as the ledger still reads G.
    fn generation(&self) -> Result<Generation>;

    /// The latest valid day of any claim: the default end of view ranges.
    fn latest_day(&self) -> Result<Option<Date>>;

    /// The valid days of the claims recorded in `(since, until]`, oldest
    /// first: the days an edition of the digest must look at. Claims without
    /// a valid day are left out. It may name a day whose claims were all
    /// superseded since; callers filter the claims themselves.
    fn days_recorded(&self, since: Timestamp, until: Timestamp) -> Result<Vec<Date>>;

    /// The latest `limit` distinct times at or before `until` at which the
    /// ledger learnt something (a document, or a claim recorded apart from
    /// one: by hand, a correction), newest first. Reviews are not news and
    /// are left out.
    ///
    /// Bounded because the history only grows while its readers (the feed)
    /// want its end: read further back by asking again with an earlier
    /// `until`. Times are kept to the microsecond, so one microsecond before
    /// the oldest time returned neither skips nor repeats one.
    fn recorded_times(&self, until: Timestamp, limit: usize) -> Result<Vec<Timestamp>>;

    /// The SQLite ledger behind this store, if it is one: the views answer
    /// from it with SQL aggregations (`truce_views::sql`) instead of reading
    /// every claim through this trait.
    fn as_sqlite(&self) -> Option<&SqliteLedger> {
        None
    }
}
