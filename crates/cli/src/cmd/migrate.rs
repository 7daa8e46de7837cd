//! `truce migrate-db`: copies an SQLite ledger into an empty PostgreSQL one,
//! every row with its id (see `truce_ledger_pg::migrate`), then the tables
//! the server and the digest keep beside it (tokens, delivery log).

use anyhow::bail;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;
use truce_ledger::{LedgerStore, SqliteLedger};
use truce_ledger_pg::LedgerTarget;
use truce_ledger_pg::PgLedger;

/// Copy a ledger from SQLite to PostgreSQL.
#[derive(Args, Debug)]
pub struct MigrateDbArgs {
    /// The SQLite ledger to copy: `sqlite:FILE` or a file path.
    #[arg(long, value_name = "sqlite:FILE")]
    pub from: String,
    /// The PostgreSQL database to copy into (created tables; must hold no
    /// documents or claims yet).
    #[arg(long, value_name = "postgres://…")]
    pub to: String,
}

pub fn run(args: MigrateDbArgs) -> anyhow::Result<ExitCode> {
    let LedgerTarget::Sqlite(from) = LedgerTarget::parse(&args.from) else {
        bail!("--from must be an SQLite ledger (sqlite:FILE), not {}", args.from);
    };
    let LedgerTarget::Postgres(to) = LedgerTarget::parse(&args.to) else {
        bail!("--to must be a PostgreSQL URL (postgres://…), not {}", args.to);
    };
    if !from.exists() {
        bail!("{}: no such ledger file", from.display());
    }
    let src = SqliteLedger::open(&from)?;
    let mut dst = PgLedger::open(&to)?;
    let started = std::time::Instant::now();
    let c = truce_ledger_pg::migrate::copy_sqlite_to_postgres(&src, &mut dst)?;
    // The tables other crates keep beside the ledger come along, so that
    // tokens keep working and sent editions are not sent again.
    let (from, to) = (LedgerTarget::Sqlite(from), LedgerTarget::Postgres(to));
    let tokens = truce_server::tokens::TokenTable::open(&from)?.copy_into(&mut truce_server::tokens::TokenTable::open(&to)?)?;
    let deliveries = truce_digest::log::DeliveryLog::open(&from)?.copy_into(&mut truce_digest::log::DeliveryLog::open(&to)?)?;
    writeln!(
        std::io::stdout().lock(),
        "copied {} document(s), {} claim(s), {} place(s), {} review(s), {tokens} token(s) and {deliveries} delivery record(s) \
         from {} to {} in {:.1} s",
        c.documents,
        c.claims,
        c.places,
        c.reviews,
        src.location(),
        dst.location(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}
