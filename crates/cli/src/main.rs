//! The `truce` binary: a thin clap front over the library crates. Each
//! command lives in `cmd/`; this file only parses arguments and maps results
//! to exit codes.

mod cmd;
mod inputs;
mod reading;

use clap::{Parser, Subcommand};
use cmd::ledger::{self, DbArgs};
use std::process::ExitCode;

/// Turns ceasefire bulletins into an auditable ledger of dated claims.
#[derive(Parser, Debug)]
#[command(name = "truce", version = cmd::about::VERSION_LINE, about, long_about = None)]
struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read bulletins and print the claims they state.
    Extract(cmd::extract::ExtractArgs),
    /// Read bulletins and append them, with their claims, to the ledger.
    Ingest(ledger::IngestArgs),
    /// Add a claim by hand (a field report that did not come as text).
    Record(ledger::RecordArgs),
    /// Record a correction that supersedes a claim, keeping the old one.
    Correct(ledger::CorrectArgs),
    /// Set a claim's review state (unreviewed, confirmed, disputed, rejected).
    Review(ledger::ReviewArgs),
    /// Full-text search over the stored documents.
    Search(ledger::SearchArgs),
    /// List stored claims, with filters.
    Claims(ledger::ClaimsArgs),
    /// List stored documents, or show one.
    Documents(ledger::DocumentsArgs),
    /// The daily bulletin for one day, in French or English.
    Report(cmd::views::ReportArgs),
    /// Daily values and running totals of one metric (CSV, JSON, SVG chart).
    Series(cmd::views::SeriesArgs),
    /// Locality status as of a day: joined, liberated, under negotiation.
    Status(cmd::views::StatusArgs),
    /// What does not add up: totals, counts, places, disagreeing sources.
    Audit(cmd::views::AuditArgs),
    /// Stream claims out as CSV or JSON Lines, or localities as GeoJSON.
    Export(cmd::views::ExportArgs),
    /// Serve the JSON API and the dashboard (default 127.0.0.1:8080).
    Serve(cmd::serve::ServeArgs),
    /// Manage the server's API tokens.
    Token(cmd::serve::TokenArgs),
    /// The morning or evening digest: what is new since the edition before.
    Digest(cmd::digest::DigestArgs),
    /// Send the latest edition to the channels of the delivery configuration.
    Deliver(cmd::digest::DeliverArgs),
    /// Drain the ingest queue of a PostgreSQL ledger (see `ingest --queue`).
    Worker(cmd::worker::WorkerArgs),
    /// Copy an SQLite ledger into an empty PostgreSQL one, every row.
    MigrateDb(cmd::migrate::MigrateDbArgs),
    /// Look names up in the gazetteer.
    Places(cmd::places::PlacesArgs),
    /// Where truce's data comes from, and the attribution it requires.
    About,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = &cli.db;
    let result = match cli.command {
        Command::Extract(args) => cmd::extract::run(args),
        Command::Ingest(args) => ledger::run_ingest(args, db),
        Command::Record(args) => ledger::run_record(args, db),
        Command::Correct(args) => ledger::run_correct(args, db),
        Command::Review(args) => ledger::run_review(args, db),
        Command::Search(args) => ledger::run_search(args, db),
        Command::Claims(args) => ledger::run_claims(args, db),
        Command::Documents(args) => ledger::run_documents(args, db),
        Command::Report(args) => cmd::views::run_report(args, db),
        Command::Series(args) => cmd::views::run_series(args, db),
        Command::Status(args) => cmd::views::run_status(args, db),
        Command::Audit(args) => cmd::views::run_audit(args, db),
        Command::Export(args) => cmd::views::run_export(args, db),
        Command::Serve(args) => cmd::serve::run_serve(args, db),
        Command::Token(args) => cmd::serve::run_token(args, db),
        Command::Digest(args) => cmd::digest::run_digest(args, db),
        Command::Deliver(args) => cmd::digest::run_deliver(args, db),
        Command::Worker(args) => cmd::worker::run_worker(args, db),
        Command::MigrateDb(args) => cmd::migrate::run(args),
        Command::Places(args) => cmd::places::run(args),
        Command::About => cmd::about::run(),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `truce extract dir | head` closing the pipe early is not a failure.
/// serde_json wraps the io error without exposing it as a source, so its
/// own error kind is asked too.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == BrokenPipe)
            || e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind) == Some(BrokenPipe)
    })
}
