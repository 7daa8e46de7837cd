//! The ledger commands: `ingest`, `record`, `correct`, `review`, `search`,
//! `claims` and `documents`. Thin glue: parsing arguments and printing; the
//! store's rules live in truce-ledger.

use crate::inputs::{self, Input};
use crate::reading::{GazetteerArgs, ReadArgs, Reader};
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::Timestamp;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use truce_ledger::{
    ClaimDetail, ClaimDraft, ClaimFilter, ClaimId, ContentHash, DocId, DocumentInfo, IngestOutcome, LedgerStore, NewClaim, NewDocument, Page, ReviewState,
    SqliteLedger, Stamp, StoredClaim,
};
use truce_ledger_pg::LedgerTarget;
use truce_model::{Date, Governorate, Metric, Place, ReportDay, Window};

/// Where the ledger lives. Every command that reads or writes it takes the
/// same option.
#[derive(Args, Debug, Clone, Default)]
pub struct DbArgs {
    /// The ledger: an SQLite file (`truce.db`, or `sqlite:FILE`), or a
    /// PostgreSQL database (`postgres://user@host/db`). Default: `truce.db`
    /// in the current directory, so a ledger sits beside the bulletins it
    /// was made from.
    #[arg(long, env = "TRUCE_DB", global = true, value_name = "FILE|URL")]
    pub db: Option<String>,
}

/// The ledger file used when neither `--db` nor `TRUCE_DB` is given.
pub const DEFAULT_DB: &str = "truce.db";

impl DbArgs {
    pub fn target(&self) -> LedgerTarget {
        LedgerTarget::parse(self.db.as_deref().unwrap_or(DEFAULT_DB))
    }

    /// Opens (creating or upgrading) the ledger. Its errors already name the
    /// file or database and the problem.
    pub fn open(&self) -> anyhow::Result<Ledger> {
        Ok(self.target().open()?)
    }
}

/// An open ledger of either backend, used through [`LedgerStore`].
pub type Ledger = Box<dyn LedgerStore + Send>;

/// Brings the SQLite search index up to date; PostgreSQL indexes each
/// document as it is stored.
fn index_pending(ledger: &Ledger) -> truce_ledger::Result<u64> {
    ledger.as_sqlite().map_or(Ok(0), SqliteLedger::index_pending)
}

// ---------------------------------------------------------------- ingest

/// Read bulletins and append them, with their claims, to the ledger.
#[derive(Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: ReadArgs,
    /// The document name for standard input.
    #[arg(long, default_value = "stdin", value_name = "NAME")]
    pub stdin_name: String,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Queue the inputs for `truce worker` instead of reading them now
    /// (PostgreSQL ledgers only).
    #[arg(long)]
    pub queue: bool,
}

/// What an ingest did, printed at the end.
#[derive(Debug, Default, serde::Serialize)]
struct Summary {
    files: u64,
    documents: u64,
    claims: u64,
    duplicates: u64,
    new_versions: u64,
    /// What extraction asks a person to check (an ambiguous place, a
    /// missing date), for the documents stored by this run: a duplicate's
    /// warnings were reported when it was first stored.
    warnings: Vec<FileWarning>,
    errors: Vec<FileError>,
}

#[derive(Debug, serde::Serialize)]
struct FileError {
    file: String,
    error: String,
}

#[derive(Debug, serde::Serialize)]
struct FileWarning {
    file: String,
    warning: String,
}

/// How many warnings the text summary lists before it only counts the rest:
/// an archive can raise thousands, and the errors must stay visible below
/// them. `--json` lists every one.
const WARNINGS_LISTED: usize = 20;

/// One input read and extracted, ready to store.
struct Read1 {
    name: String,
    source_key: String,
    source_path: String,
    hash: ContentHash,
    text: String,
    extraction: truce_model::Extraction,
}

pub fn run_ingest(args: IngestArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    if args.queue {
        return super::worker::run_enqueue(&args, db);
    }
    let mut ledger = db.open()?;
    let mut summary = Summary::default();
    let inputs = inputs::collect(&args.input.paths);
    let reader = args.input.reader(true)?;
    summary.files = inputs.len() as u64;

    let bar = if std::io::stderr().is_terminal() && inputs.len() > 1 {
        let b = ProgressBar::with_draw_target(Some(inputs.len() as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files, {eta} left  {msg}") {
            b.set_style(style);
        }
        b
    } else {
        ProgressBar::hidden()
    };

    // Reading and extracting run on a second thread while this one writes,
    // so the two cores overlap; one reader keeps the input order.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Read1, FileError>>(64);
    std::thread::scope(|s| -> anyhow::Result<()> {
        s.spawn(|| {
            for input in &inputs {
                if tx.send(read_one(input, &reader, &args.stdin_name)).is_err() {
                    break;
                }
            }
            drop(tx);
        });
        for item in rx {
            match item {
                Err(e) => {
                    bar.suspend(|| eprintln!("error: {}: {}", e.file, e.error));
                    summary.errors.push(e);
                }
                Ok(r) => {
                    let doc = NewDocument { source_key: &r.source_key, source_path: Some(&r.source_path), hash: r.hash, text: &r.text };
                    match ledger.ingest(&doc, &r.extraction, &Stamp::now("extract")) {
                        Ok(IngestOutcome::Duplicate { .. }) => summary.duplicates += 1,
                        Ok(out @ IngestOutcome::Stored { claims, .. }) => {
                            summary.documents += 1;
                            summary.claims += claims as u64;
                            summary.new_versions += u64::from(out.is_new_version());
                            summary.warnings.extend(r.extraction.warnings.iter().map(|w| FileWarning { file: r.name.clone(), warning: w.message.clone() }));
                        }
                        Err(e) => {
                            let e = FileError { file: r.name.clone(), error: e.to_string() };
                            bar.suspend(|| eprintln!("error: {}: {}", e.file, e.error));
                            summary.errors.push(e);
                        }
                    }
                }
            }
            bar.inc(1);
            bar.set_message(format!("{} claims", summary.claims));
        }
        Ok(())
    })?;
    // The search index trails the stored documents (it is kept out of the
    // per-document transaction for speed); bring it up to date once.
    bar.set_message("updating the search index");
    if let Err(e) = index_pending(&ledger) {
        let e = FileError { file: ledger.location().to_owned(), error: format!("search index: {e}") };
        summary.errors.push(e);
    }
    bar.finish_and_clear();

    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        writeln!(
            out,
            "{} file(s): {} document(s) stored ({} new version(s)), {} claim(s), {} duplicate(s) skipped, {} warning(s), {} error(s); ledger {}",
            summary.files,
            summary.documents,
            summary.new_versions,
            summary.claims,
            summary.duplicates,
            summary.warnings.len(),
            summary.errors.len(),
            ledger.location()
        )?;
        for w in summary.warnings.iter().take(WARNINGS_LISTED) {
            writeln!(out, "  warning: {}: {}", w.file, w.warning)?;
        }
        if let Some(more) = summary.warnings.len().checked_sub(WARNINGS_LISTED).filter(|&n| n > 0) {
            writeln!(out, "  … and {more} more warning(s); --json lists every one")?;
        }
        for e in &summary.errors {
            writeln!(out, "  failed: {}: {}", e.file, e.error)?;
        }
    }
    Ok(if summary.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn read_one(input: &Input, reader: &Reader, stdin_name: &str) -> Result<Read1, FileError> {
    let bytes = input.read().map_err(|e| FileError { file: input.display(), error: e.to_string() })?;
    let (name, source_key, id) = match input {
        Input::Stdin => (format!("<stdin:{stdin_name}>"), format!("stdin:{stdin_name}"), stdin_name.to_owned()),
        Input::File(p) => {
            let name = p.display().to_string();
            // The canonical path names the document wherever truce is run
            // from; an edited file under the same path is a new version.
            let key = std::fs::canonicalize(p).map(|c| c.display().to_string()).unwrap_or_else(|_| name.clone());
            (name, key, input.id())
        }
    };
    let (text, extraction) = reader.read(&bytes, id).map_err(|e| FileError { file: name.clone(), error: e.to_string() })?;
    Ok(Read1 { source_path: name.clone(), name, source_key, hash: ContentHash::of(&bytes), text, extraction })
}

// ---------------------------------------------------------------- record / correct

/// The fields of a claim given by hand. For `correct`, every field left out
/// is taken from the claim being corrected.
#[derive(Args, Debug, Default)]
pub struct ClaimFields {
    /// What is counted (territory_km2, ceasefire_violations, …).
    #[arg(long)]
    pub metric: Option<Metric>,
    /// The figure, in the metric's unit.
    #[arg(long)]
    pub value: Option<f64>,
    /// Over which period the value counts.
    #[arg(long, value_enum)]
    pub window: Option<WindowKind>,
    /// For `--window total`: counted since this day.
    #[arg(long)]
    pub since: Option<Date>,
    /// For `--window date`: the day of the event.
    #[arg(long = "date")]
    pub event_date: Option<Date>,
    /// A place, optionally with its governorate p-code: `Douma@SY03`. Repeatable.
    #[arg(long = "place", value_name = "NAME[@SY..]")]
    pub places: Vec<String>,
    /// Who did it, as reported.
    #[arg(long)]
    pub actor: Option<String>,
    /// The body that reported the figure.
    #[arg(long)]
    pub reporter: Option<String>,
    /// The day the figure speaks for (YYYY-MM-DD or YYYY-MM).
    #[arg(long)]
    pub valid_day: Option<ReportDay>,
    /// The words the claim rests on (a field report's sentence).
    #[arg(long)]
    pub evidence: Option<String>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WindowKind {
    Day,
    Total,
    Date,
}

/// Add a claim by hand (a field report that did not come as text).
#[derive(Args, Debug)]
pub struct RecordArgs {
    #[command(flatten)]
    pub fields: ClaimFields,
    #[command(flatten)]
    pub written: Written,
}

/// Who writes a claim by hand and why; `record` and `correct` both take it.
#[derive(Args, Debug)]
pub struct Written {
    /// Who writes it (recorded with the claim).
    #[arg(long, env = "TRUCE_USER")]
    pub by: String,
    /// Why, or where it comes from.
    #[arg(long)]
    pub note: Option<String>,
    /// Print the stored claim as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Record a correction: a new claim that supersedes CLAIM-ID, which stays in
/// the ledger. Fields left out are copied from the old claim.
#[derive(Args, Debug)]
pub struct CorrectArgs {
    /// The claim to correct.
    #[arg(value_name = "CLAIM-ID")]
    pub claim: ClaimId,
    #[command(flatten)]
    pub fields: ClaimFields,
    #[command(flatten)]
    pub written: Written,
}

fn parse_place(s: &str) -> anyhow::Result<Place> {
    let (name, province) = match s.rsplit_once('@') {
        Some((n, p)) => (n, Some(p.parse::<Governorate>().with_context(|| format!("--place {s:?}"))?)),
        None => (s, None),
    };
    let name = name.trim();
    if name.is_empty() {
        bail!("--place {s:?} has no name");
    }
    Ok(Place::mention(name, province))
}

/// The window the flags name: `--window`, or else the one `--date` or
/// `--since` implies; `None` leaves it to the draft (a correction keeps the
/// old window, a new claim counts over 24 hours).
fn window_of(f: &ClaimFields) -> anyhow::Result<Option<Window>> {
    let kind = match f.window {
        Some(k) => k,
        None if f.event_date.is_some() => WindowKind::Date,
        None if f.since.is_some() => WindowKind::Total,
        None => return Ok(None),
    };
    Ok(Some(match kind {
        WindowKind::Day => Window::Day,
        WindowKind::Total => Window::Total { since: f.since },
        WindowKind::Date => Window::Date { date: f.event_date.context("--window date needs --date YYYY-MM-DD")? },
    }))
}

/// The claim to store, from the flags alone (`base` None) or over the claim
/// they correct: the rules are [`ClaimDraft`]'s, shared with the API. Places
/// named here are linked to the gazetteer, as extraction links its own.
fn build_claim(f: &ClaimFields, note: &Option<String>, base: Option<&StoredClaim>) -> anyhow::Result<NewClaim> {
    let places = if f.places.is_empty() { None } else { Some(f.places.iter().map(|p| parse_place(p)).collect::<anyhow::Result<_>>()?) };
    let draft = ClaimDraft {
        metric: f.metric,
        value: f.value,
        window: window_of(f)?,
        actor: f.actor.clone(),
        places,
        evidence: f.evidence.clone(),
        reporter: f.reporter.clone(),
        valid: f.valid_day,
        note: note.clone(),
    };
    // Loaded only for places to link: parsing the bundled one takes ~60 ms.
    let gazetteer = if f.places.is_empty() { None } else { Some(f.gazetteer.load()?) };
    // The draft's messages name fields, not flags: point to the flags.
    draft
        .resolve(base, &mut |c| {
            if let Some(g) = gazetteer {
                g.link_claims(std::slice::from_mut(c));
            }
        })
        .context("the claim's fields (--metric, --value, --valid-day, --window…; see --help)")
}

pub fn run_record(args: RecordArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let new = build_claim(&args.fields, &args.written.note, None)?;
    let mut ledger = db.open()?;
    let id = ledger.record(&new, &Stamp::now(&args.written.by))?;
    print_written(&ledger, id, args.written.json, "recorded")
}

pub fn run_correct(args: CorrectArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = db.open()?;
    let old = ledger.claim(args.claim)?.with_context(|| format!("no claim {} in {}", args.claim, ledger.location()))?;
    let new = build_claim(&args.fields, &args.written.note, Some(&old))?;
    let id = ledger.correct(args.claim, &new, &Stamp::now(&args.written.by))?;
    print_written(&ledger, id, args.written.json, &format!("claim {} corrected by", args.claim))
}

fn print_written(ledger: &Ledger, id: ClaimId, json: bool, verb: &str) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if json {
        let c = ledger.claim(id)?.context("the claim just written is missing")?;
        writeln!(out, "{}", serde_json::to_string(&c)?)?;
    } else {
        writeln!(out, "{verb} claim {id}")?;
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- review

/// Set a claim's review state; who, when and why are kept in its history.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    #[arg(value_name = "CLAIM-ID")]
    pub claim: ClaimId,
    /// unreviewed, confirmed, disputed or rejected.
    #[arg(long)]
    pub state: ReviewState,
    /// Who reviews it.
    #[arg(long, env = "TRUCE_USER")]
    pub by: String,
    /// Why: kept in the claim's review history.
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run_review(args: ReviewArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let mut ledger = db.open()?;
    ledger.review(args.claim, args.state, args.note.as_deref(), &Stamp::now(&args.by))?;
    writeln!(std::io::stdout().lock(), "claim {} is now {}", args.claim, args.state)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- search

/// Full-text search over the stored documents: shows matching documents and
/// their matching sentences. Every word must match; case and accents do not
/// matter. A word ending in `*` (3 letters or more) matches as a prefix:
/// `Maar*` finds Maarest, Maaret and Maarrat.
#[derive(Args, Debug)]
pub struct SearchArgs {
    #[arg(required = true, value_name = "WORDS")]
    pub query: Vec<String>,
    /// At most this many documents.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per document.
    #[arg(long)]
    pub json: bool,
}

pub fn run_search(args: SearchArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let hits = ledger.search(&args.query.join(" "), args.limit)?;
    let mut out = std::io::stdout().lock();
    for h in &hits {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(h)?)?;
            continue;
        }
        let d = &h.document;
        let published = d.doc.published.map(|p| p.to_string()).unwrap_or_else(|| "undated".into());
        writeln!(out, "document {} {} ({}, v{}) {}", d.id, d.doc.id, published, d.version, d.source_path.as_deref().unwrap_or(&d.source_key))?;
        for s in &h.sentences {
            writeln!(out, "  [{}..{}] {}", s.start, s.end, s.text)?;
        }
    }
    if hits.is_empty() {
        eprintln!("no document matches");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- claims / documents

/// List claims, filtered; what was known at a time with --as-known-at. With
/// a CLAIM-ID, show that one claim in full: its source, its corrections and
/// who reviewed it when.
#[derive(Args, Debug)]
pub struct ClaimsArgs {
    /// Show this claim in full, superseded or not, with its review history.
    #[arg(value_name = "CLAIM-ID", conflicts_with_all = [
        "metric", "provinces", "place", "reporter", "states", "document", "from", "to", "as_known_at", "all", "limit", "offset",
    ])]
    pub id: Option<ClaimId>,
    /// What is counted (territory_km2, ceasefire_violations, …).
    #[arg(long)]
    pub metric: Option<Metric>,
    /// Governorate p-code (SY01…SY14). Repeatable (any of them).
    #[arg(long = "province")]
    pub provinces: Vec<Governorate>,
    /// A place's written or canonical name, or its gazetteer id.
    #[arg(long)]
    pub place: Option<String>,
    /// The body that reported the figure, as the bulletin names it.
    #[arg(long)]
    pub reporter: Option<String>,
    /// Review state. Repeatable (any of them).
    #[arg(long = "state")]
    pub states: Vec<ReviewState>,
    /// Claims of one stored document.
    #[arg(long)]
    pub document: Option<DocId>,
    /// Valid days from (inclusive).
    #[arg(long)]
    pub from: Option<Date>,
    /// Valid days to (inclusive).
    #[arg(long)]
    pub to: Option<Date>,
    /// The ledger as recorded at this time: RFC 3339 (2017-03-05T12:00:00Z)
    /// or a day, meaning the end of that day (UTC).
    #[arg(long, value_parser = parse_known_at)]
    pub as_known_at: Option<Timestamp>,
    /// Also list claims that a correction superseded.
    #[arg(long)]
    pub all: bool,
    /// At most this many claims.
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    /// Skip this many first: the next page.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// JSON Lines, one claim per line (one JSON object with CLAIM-ID).
    #[arg(long)]
    pub json: bool,
}

/// A timestamp, or a day meaning its last microsecond (UTC).
pub fn parse_known_at(s: &str) -> Result<Timestamp, String> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let d: Date = s.parse().map_err(|_| format!("{s:?} is neither a time (2017-03-05T12:00:00Z) nor a day (2017-03-05)"))?;
    d.tomorrow()
        .and_then(|n| n.to_zoned(jiff::tz::TimeZone::UTC))
        .and_then(|z| z.timestamp().checked_sub(jiff::SignedDuration::from_micros(1)))
        .map_err(|e| format!("{s:?}: {e}"))
}

pub fn run_claims(args: ClaimsArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    if let Some(id) = args.id {
        let detail = ledger.claim_detail(id)?.with_context(|| format!("no claim {id} in {}", ledger.location()))?;
        let mut out = std::io::stdout().lock();
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&detail)?)?;
        } else {
            let document = match detail.claim.document {
                Some(d) => ledger.document(d)?.map(|d| d.info),
                None => None,
            };
            write_claim_detail(&mut out, &detail, document.as_ref())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let filter = ClaimFilter {
        metric: args.metric,
        provinces: args.provinces,
        place: args.place,
        reporter: args.reporter,
        document: args.document,
        review: args.states,
        valid_from: args.from,
        valid_to: args.to,
        as_known_at: args.as_known_at,
        include_superseded: args.all,
        limit: Some(args.limit),
        offset: args.offset,
        ..ClaimFilter::default()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut err = None;
    ledger.for_each_claim(&filter, &mut |c| {
        let r: anyhow::Result<()> = if args.json {
            serde_json::to_string(&c).map_err(anyhow::Error::from).and_then(|s| writeln!(out, "{s}").map_err(Into::into))
        } else {
            write_claim_line(&mut out, &c).map_err(Into::into)
        };
        match r {
            Ok(()) => std::ops::ControlFlow::Continue(()),
            Err(e) => {
                err = Some(e);
                std::ops::ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = err {
        return Err(e);
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_claim_line(out: &mut impl Write, c: &StoredClaim) -> std::io::Result<()> {
    let valid = c.valid.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let value = c.claim.value.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let places: Vec<String> = c
        .claim
        .places
        .iter()
        .map(|p| match p.province {
            Some(g) => format!("{}@{}", p.name, g.pcode()),
            None => p.name.clone(),
        })
        .collect();
    let mut flags = String::new();
    if let Some(s) = c.supersedes {
        flags.push_str(&format!(" corrects:{s}"));
    }
    if let Some(s) = c.superseded_by {
        flags.push_str(&format!(" corrected-by:{s}"));
    }
    let evidence: String = c.claim.evidence.chars().take(80).collect();
    writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}{}\t{}",
        c.id,
        valid,
        c.claim.metric,
        value,
        c.claim.window.kind(),
        places.join(", "),
        c.reporter.as_deref().unwrap_or("-"),
        c.review,
        flags,
        evidence
    )
}

/// One claim as a reader checks it: the figure, where it comes from, what
/// corrected it and who judged it when.
fn write_claim_detail(out: &mut impl Write, d: &ClaimDetail, document: Option<&DocumentInfo>) -> std::io::Result<()> {
    let c = &d.claim;
    let value = c.claim.value.map(|v| v.to_string()).unwrap_or_else(|| "-".into());
    let window = match c.claim.window {
        Window::Day => "over 24 hours".to_owned(),
        Window::Total { since: Some(s) } => format!("running total since {s}"),
        Window::Total { since: None } => "running total".to_owned(),
        Window::Date { date } => format!("on {date}"),
    };
    let valid = c.valid.map(|v| v.to_string()).unwrap_or_else(|| "undated".into());
    writeln!(out, "claim {}: {} {value} {window}, valid {valid}", c.id, c.claim.metric)?;
    for p in &c.claim.places {
        let mut line = p.name.clone();
        if let Some(canonical) = p.canonical.as_deref().filter(|n| *n != p.name) {
            line.push_str(&format!(" = {canonical}"));
        }
        let province = p.province.map(|g| g.pcode().to_owned());
        let mut linked: Vec<&str> = p.kind.map(|k| k.as_str()).into_iter().collect();
        for code in [province.as_deref(), p.district.as_deref(), p.id.as_deref()].into_iter().flatten() {
            // A governorate's id is its p-code: say it once.
            if !linked.contains(&code) {
                linked.push(code);
            }
        }
        if !linked.is_empty() {
            line.push_str(&format!(" ({})", linked.join(", ")));
        }
        if p.id.is_none() {
            line.push_str(" [not linked to the gazetteer]");
        }
        writeln!(out, "  place:        {line}")?;
    }
    if let Some(a) = &c.claim.actor {
        writeln!(out, "  actor:        {a}")?;
    }
    writeln!(out, "  reporter:     {}", c.reporter.as_deref().unwrap_or("-"))?;
    match (c.document, document) {
        (Some(_), Some(doc)) => {
            let span = c.claim.span.map(|s| format!(", bytes {}..{}", s.start, s.end)).unwrap_or_default();
            let from = doc.source_path.as_deref().unwrap_or(&doc.source_key);
            writeln!(out, "  source:       document {} {} v{}{span} ({from})", doc.id, doc.doc.id, doc.version)?;
        }
        (Some(id), None) => writeln!(out, "  source:       document {id} (missing)")?,
        (None, _) => writeln!(out, "  source:       recorded by hand")?,
    }
    writeln!(out, "  evidence:     {}", c.claim.evidence)?;
    if let Some(why) = super::why(&c.claim) {
        writeln!(out, "  why:          {why}")?;
    }
    writeln!(out, "  recorded:     {} by {}", c.recorded_at, c.recorded_by)?;
    if let Some(n) = &c.note {
        writeln!(out, "  note:         {n}")?;
    }
    if let Some(old) = c.supersedes {
        writeln!(out, "  corrects:     claim {old}")?;
    }
    if let Some(new) = c.superseded_by {
        writeln!(out, "  corrected by: claim {new}")?;
    }
    writeln!(out, "  review:       {}", c.review)?;
    for e in &d.history {
        let note = e.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default();
        writeln!(out, "    {} {} by {}{note}", e.at, e.state, e.by)?;
    }
    Ok(())
}

/// List stored documents (newest first), or show one with its text.
#[derive(Args, Debug)]
pub struct DocumentsArgs {
    /// Show this document with its text.
    #[arg(value_name = "DOC-ID")]
    pub id: Option<DocId>,
    /// At most this many documents.
    #[arg(long, default_value_t = 100)]
    pub limit: u64,
    /// Skip this many first: the next page.
    #[arg(long, default_value_t = 0)]
    pub offset: u64,
    /// JSON: one object per line, or the whole document with DOC-ID.
    #[arg(long)]
    pub json: bool,
}

pub fn run_documents(args: DocumentsArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let mut out = std::io::stdout().lock();
    if let Some(id) = args.id {
        let d = ledger.document(id)?.with_context(|| format!("no document {id} in {}", ledger.location()))?;
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&d)?)?;
        } else {
            writeln!(out, "document {} {} v{} {} claims, {}", d.info.id, d.info.doc.id, d.info.version, d.info.claim_count, d.info.source_key)?;
            writeln!(out, "{}", d.text)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    for d in ledger.documents(Page { limit: args.limit, offset: args.offset })? {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&d)?)?;
        } else {
            let published = d.doc.published.map(|p| p.to_string()).unwrap_or_else(|| "undated".into());
            writeln!(
                out,
                "{}\t{}\t{}\tv{}\t{} claims\t{}\t{}",
                d.id,
                d.doc.id,
                published,
                d.version,
                d.claim_count,
                d.doc.reporter.as_deref().unwrap_or("-"),
                d.source_path.as_deref().unwrap_or(&d.source_key)
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_parse_with_and_without_province() {
        let p = parse_place("Douma@SY03").unwrap();
        assert_eq!((p.name.as_str(), p.province), ("Douma", Some(Governorate::RuralDamascus)));
        assert_eq!(parse_place("Saraqib").unwrap().province, None);
        assert!(parse_place("X@SY99").is_err());
        assert!(parse_place("@SY01").is_err());
    }

    #[test]
    fn known_at_takes_times_and_days() {
        let t = parse_known_at("2017-03-05").unwrap();
        assert_eq!(t.to_string(), "2017-03-05T23:59:59.999999Z");
        assert!(parse_known_at("2017-03-05T12:00:00Z").is_ok());
        assert!(parse_known_at("yesterday").is_err());
    }
}
