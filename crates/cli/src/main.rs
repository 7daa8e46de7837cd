//! The `truce` binary: a thin clap front over the library crates. Each
//! command lives in `cmd/`; this file only parses arguments and maps results
//! to exit codes.

mod cmd;
mod inputs;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Turns ceasefire bulletins into an auditable ledger of dated claims.
#[derive(Parser, Debug)]
#[command(name = "truce", version = cmd::about::VERSION_LINE, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read bulletins and print the claims they state.
    Extract(cmd::extract::ExtractArgs),
    /// Where truce's data comes from, and the attribution it requires.
    About,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => cmd::extract::run(args),
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
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
