//! The PostgreSQL ingest queue from the command line: `truce ingest --queue`
//! adds paths (or standard input's bytes) to the queue, `truce worker`
//! drains it. Run as many workers as the database and the machines allow;
//! each job is read, stored and marked done in one transaction (see
//! `truce_ledger_pg::queue`).

use super::ledger::{DbArgs, IngestArgs};
use crate::inputs::{self, Input};
use crate::reading::{GazetteerArgs, Reader};
use anyhow::bail;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use truce_ledger::{ContentHash, LedgerStore, Stamp};
use truce_ledger_pg::LedgerTarget;
use truce_ledger_pg::PgLedger;
use truce_ledger_pg::queue::{Job, JobInput, JobOutcome, ReadJob};

fn open_pg(db: &DbArgs, what: &str) -> anyhow::Result<PgLedger> {
    match db.target() {
        LedgerTarget::Postgres(url) => Ok(PgLedger::open(&url)?),
        LedgerTarget::Sqlite(p) => {
            bail!("{what} needs a PostgreSQL ledger (--db postgres://…); {} is an SQLite file", p.display())
        }
    }
}

/// `truce ingest --queue PATHS`: queues the inputs instead of reading them.
/// Files are queued by their canonical path, which every worker must be
/// able to read; standard input is queued as bytes.
pub fn run_enqueue(args: &IngestArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = open_pg(db, "ingest --queue")?;
    let mut jobs = Vec::new();
    let mut missing = Vec::new();
    for input in inputs::collect(&args.input.paths) {
        match &input {
            Input::Stdin => {
                let body = input.read().map_err(|e| anyhow::anyhow!("reading standard input: {e}"))?;
                jobs.push(JobInput::Bytes { name: args.stdin_name.clone(), body });
            }
            Input::File(p) => match std::fs::canonicalize(p) {
                Ok(c) => jobs.push(JobInput::Path(c.display().to_string())),
                Err(e) => missing.push(format!("{}: {e}", p.display())),
            },
        }
    }
    let n = ledger.enqueue(&jobs)?;
    let counts = ledger.queue_counts()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let v = serde_json::json!({ "queued": n, "errors": missing, "queue": counts });
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
    } else {
        writeln!(out, "{n} job(s) queued; {} waiting in {}", counts.queued, ledger.location())?;
        for m in &missing {
            writeln!(out, "  not queued: {m}")?;
        }
    }
    Ok(if missing.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Drain the ingest queue of a PostgreSQL ledger.
#[derive(Args, Debug)]
pub struct WorkerArgs {
    /// This worker's name in the job table (default: host name and process id).
    #[arg(long)]
    pub name: Option<String>,
    /// Keep waiting for new jobs (polling every second) instead of stopping
    /// when the queue is empty.
    #[arg(long)]
    pub follow: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Default, serde::Serialize)]
struct WorkSummary {
    worker: String,
    jobs: u64,
    documents: u64,
    claims: u64,
    duplicates: u64,
    failed: Vec<String>,
    seconds: f64,
}

pub fn run_worker(args: WorkerArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = open_pg(db, "truce worker")?;
    let reader = Reader { date: None, lang: None, gazetteer: Some(args.gazetteer.load()?) };
    let name = args.name.clone().unwrap_or_else(|| {
        let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_default();
        format!("{host}:{}", std::process::id())
    });
    let mut s = WorkSummary { worker: name.clone(), ..WorkSummary::default() };
    let started = Instant::now();
    let mut read = |job: &Job| read_job(job, &reader);
    loop {
        match ledger.work_one(&name, &Stamp::now("extract"), &mut read)? {
            Some(JobOutcome::Stored { claims, .. }) => {
                s.documents += 1;
                s.claims += claims as u64;
            }
            Some(JobOutcome::Duplicate { .. }) => s.duplicates += 1,
            Some(JobOutcome::Failed { source, error, .. }) => {
                eprintln!("error: {source}: {error}");
                s.failed.push(format!("{source}: {error}"));
            }
            None if args.follow => {
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
            None => break,
        }
        s.jobs += 1;
    }
    s.seconds = started.elapsed().as_secs_f64();
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?;
    } else {
        writeln!(
            out,
            "worker {}: {} job(s): {} document(s) stored, {} claim(s), {} duplicate(s), {} failed, in {:.1} s; ledger {}",
            s.worker,
            s.jobs,
            s.documents,
            s.claims,
            s.duplicates,
            s.failed.len(),
            s.seconds,
            ledger.location()
        )?;
    }
    Ok(if s.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Reads one job's bytes (from disk, or as queued) and extracts it, named
/// as `truce ingest` names the same input.
fn read_job(job: &Job, reader: &Reader) -> Result<ReadJob, String> {
    let (bytes, source_key, id) = match &job.body {
        Some(b) => (b.clone(), format!("stdin:{}", job.source), job.source.clone()),
        None => {
            let input = Input::File(job.source.clone().into());
            let bytes = input.read().map_err(|e| e.to_string())?;
            (bytes, job.source.clone(), input.id())
        }
    };
    let (text, extraction) = reader.read(&bytes, id).map_err(|e| e.to_string())?;
    Ok(ReadJob { source_key, source_path: Some(job.source.clone()), hash: ContentHash::of(&bytes), text, extraction })
}
