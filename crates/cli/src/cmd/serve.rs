//! The `serve` and `token` commands: thin glue over truce-server, which owns
//! the HTTP API, the dashboard and the token table. Both take `--db` as
//! every command does: an SQLite file, or a PostgreSQL database that
//! several `truce serve` processes may share.

use super::ledger::DbArgs;
use clap::{Args, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// Serve the JSON API and the dashboard over the ledger.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Where to listen. The default is loopback: serving to a network is a
    /// deliberate choice (e.g. 0.0.0.0:8080). Port 0 picks a free port; the
    /// chosen address is printed as `listening on http://ADDR`.
    #[arg(long, default_value = truce_server::DEFAULT_ADDR, value_name = "HOST:PORT")]
    pub addr: String,
    /// Reads need a token too (viewer or above); otherwise reads are public
    /// and only writes need one.
    #[arg(long)]
    pub private: bool,
    /// Also deliver the morning and evening editions when they close, to
    /// the channels of the delivery configuration (see `truce deliver`).
    #[arg(long)]
    pub schedule: bool,
    #[command(flatten)]
    pub delivery: super::digest::ConfigArgs,
}

pub fn run_serve(args: ServeArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    super::digest::start_schedule(&args.delivery, args.schedule, db)?;
    truce_server::run_blocking(truce_server::ServeOptions { db: db.target(), addr: args.addr, private: args.private })?;
    Ok(ExitCode::SUCCESS)
}

/// Manage the server's API tokens (stored as hashes beside the ledger).
#[derive(Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token and print it once; only its hash is kept.
    Create {
        /// viewer (reads), editor (submits, records, corrects, reviews) or admin.
        #[arg(long)]
        role: truce_server::Role,
        /// Who holds it: every write made with it is attributed to this name.
        #[arg(long)]
        name: String,
    },
    /// List every token: id, name, role, who created it and when, and
    /// whether (when, by whom) it was revoked. Never the tokens themselves.
    List {
        /// JSON Lines, one token per line.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token: every server refuses it from its next request on.
    /// Its row is kept, with who revoked it and when.
    Revoke {
        /// The token's id, as `truce token list` shows it (names need not
        /// be unique).
        #[arg(value_name = "ID")]
        id: i64,
        /// Who revokes it (kept with the token).
        #[arg(long, env = "TRUCE_USER")]
        by: String,
    },
}

pub fn run_token(args: TokenArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TokenCommand::Create { role, name } => {
            let token = truce_server::create_token(&db.target(), &name, role)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{token}")?;
            drop(out);
            eprintln!("token for {name:?} ({role}) created; it is shown only now, keep it safe");
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::List { json } => {
            let tokens = truce_server::list_tokens(&db.target())?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for t in &tokens {
                if json {
                    writeln!(out, "{}", serde_json::to_string(t)?)?;
                } else {
                    writeln!(out, "{}", token_line(t))?;
                }
            }
            out.flush()?;
            if tokens.is_empty() {
                eprintln!("no tokens in {} (`truce token create` makes one)", db.target().describe());
            }
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::Revoke { id, by } => {
            let t = truce_server::revoke_token(&db.target(), id, &by)?;
            writeln!(std::io::stdout().lock(), "{}", token_line(&t))?;
            eprintln!("token {} ({:?}, {}) revoked in {}; servers refuse it from their next request", t.id, t.name, t.role, db.target().describe());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One token as a tab-separated line: id, name, role, created, and
/// `live` or when and by whom it was revoked. Names hold no tabs or line
/// breaks (`check_name`), so the columns stay columns.
fn token_line(t: &truce_server::TokenInfo) -> String {
    let state = match (t.revoked_at, &t.revoked_by) {
        (None, _) => "live".to_owned(),
        (Some(at), Some(by)) => format!("revoked {} by {by}", seconds(at)),
        (Some(at), None) => format!("revoked {}", seconds(at)),
    };
    format!("{}\t{}\t{}\tcreated {} by {}\t{state}", t.id, t.name, t.role, seconds(t.created_at), t.created_by)
}

/// A time to the second: enough to tell tokens apart, and short.
fn seconds(t: jiff::Timestamp) -> impl std::fmt::Display {
    t.strftime("%Y-%m-%dT%H:%M:%SZ")
}
