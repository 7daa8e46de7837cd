//! The ingest queue: `truce ingest --queue` adds paths (or bytes) to
//! `ingest_jobs`; any number of `truce worker` processes, on any machines
//! that see the same files, drain it.
//!
//! A worker takes the oldest queued job with `FOR UPDATE SKIP LOCKED` (other
//! workers skip the row it holds instead of waiting), reads it outside the
//! database, stores the document and marks the job done in the same
//! transaction. So a worker killed at any point loses nothing (its
//! transaction rolls back and the job is queued again for the others) and
//! stores nothing twice (the job is done exactly when its document is in).

use crate::PgLedger;
use truce_ledger::{ContentHash, DocId, IngestOutcome, LedgerError, NewDocument, Result, Stamp};
use truce_model::Extraction;

/// What to ingest: a path every worker can read, or the bytes themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobInput {
    Path(String),
    Bytes { name: String, body: Vec<u8> },
}

/// A job as a worker receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    /// The path, or the name given with the bytes.
    pub source: String,
    /// `None`: read `source` from disk.
    pub body: Option<Vec<u8>>,
}

/// A job's input read and extracted by the worker, ready to store.
#[derive(Debug, Clone)]
pub struct ReadJob {
    pub source_key: String,
    pub source_path: Option<String>,
    pub hash: ContentHash,
    pub text: String,
    pub extraction: Extraction,
}

/// What became of one job.
#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    Stored {
        job: i64,
        doc: DocId,
        claims: usize,
    },
    Duplicate {
        job: i64,
        existing: DocId,
    },
    /// The input could not be read, or the ledger refused it; the job is
    /// marked failed with this message and not retried.
    Failed {
        job: i64,
        source: String,
        error: String,
    },
}

/// How many jobs are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueCounts {
    pub queued: u64,
    pub done: u64,
    pub failed: u64,
}

/// Rows per enqueue statement: large enough to make a big archive quick to
/// queue, small enough to keep one statement's arrays modest.
const ENQUEUE_BATCH: usize = 5000;

impl PgLedger {
    /// Adds jobs, in order; returns how many.
    pub fn enqueue(&mut self, inputs: &[JobInput]) -> Result<u64> {
        let location = self.location.clone();
        let err = |e| Self::err_at(&location, e);
        let mut tx = self.client.get_mut().transaction().map_err(err)?;
        for chunk in inputs.chunks(ENQUEUE_BATCH) {
            let mut sources = Vec::with_capacity(chunk.len());
            let mut bodies: Vec<Option<&[u8]>> = Vec::with_capacity(chunk.len());
            for i in chunk {
                match i {
                    JobInput::Path(p) => {
                        sources.push(p.as_str());
                        bodies.push(None);
                    }
                    JobInput::Bytes { name, body } => {
                        sources.push(name.as_str());
                        bodies.push(Some(body.as_slice()));
                    }
                }
            }
            tx.execute(
                "INSERT INTO ingest_jobs (source, body) SELECT u.s, u.b FROM unnest($1::text[], $2::bytea[]) WITH ORDINALITY AS u(s, b, n) ORDER BY n",
                &[&sources, &bodies],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(inputs.len() as u64)
    }

    pub fn queue_counts(&self) -> Result<QueueCounts> {
        let rows = self.conn()?.query("SELECT state, count(*) FROM ingest_jobs GROUP BY state", &[]).map_err(|e| self.err(e))?;
        let mut c = QueueCounts::default();
        for r in rows {
            let n = r.get::<_, i64>(1).max(0) as u64;
            match r.get::<_, &str>(0) {
                "queued" => c.queued = n,
                "done" => c.done = n,
                _ => c.failed += n,
            }
        }
        Ok(c)
    }

    /// Takes one queued job, reads it with `read` and stores it, all in one
    /// transaction; `None` when no job is free. A `read` error or a document
    /// the ledger refuses fails the job (recorded with its message); a
    /// database error leaves the job queued and is returned.
    pub fn work_one(&mut self, worker: &str, stamp: &Stamp, read: &mut dyn FnMut(&Job) -> std::result::Result<ReadJob, String>) -> Result<Option<JobOutcome>> {
        let location = self.location.clone();
        let err = |e| Self::err_at(&location, e);
        let (client, cache) = (self.client.get_mut(), self.cache.get_mut());
        let mut tx = client.transaction().map_err(err)?;
        let row =
            tx.query_opt("SELECT id, source, body FROM ingest_jobs WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED", &[]).map_err(err)?;
        let Some(row) = row else { return Ok(None) };
        let job = Job { id: row.get(0), source: row.get(1), body: row.get(2) };
        let stored = match read(&job) {
            Err(e) => Err(e),
            Ok(r) => {
                let doc = NewDocument { source_key: &r.source_key, source_path: r.source_path.as_deref(), hash: r.hash, text: &r.text };
                match Self::ingest_in(&mut tx, cache, &location, &doc, &r.extraction, stamp) {
                    Ok(out) => Ok(out),
                    // Refused before anything was written: the job fails, the
                    // transaction is still good for saying so.
                    Err(LedgerError::Invalid(m)) => Err(m),
                    Err(e) => return Err(e),
                }
            }
        };
        let outcome = match stored {
            Ok(IngestOutcome::Stored { doc, claims, .. }) => JobOutcome::Stored { job: job.id, doc, claims },
            Ok(IngestOutcome::Duplicate { existing }) => JobOutcome::Duplicate { job: job.id, existing },
            Err(error) => JobOutcome::Failed { job: job.id, source: job.source.clone(), error },
        };
        let (state, doc, error) = match &outcome {
            JobOutcome::Stored { doc, .. } | JobOutcome::Duplicate { existing: doc, .. } => ("done", Some(doc.0), None),
            JobOutcome::Failed { error, .. } => ("failed", None, Some(error.as_str())),
        };
        tx.execute(
            "UPDATE ingest_jobs SET state = $2, document_id = $3, error = $4, worker = $5, finished_at = now() WHERE id = $1",
            &[&job.id, &state, &doc, &error, &worker],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(Some(outcome))
    }
}
