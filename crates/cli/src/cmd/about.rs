//! `truce about`: version, data sources and the attribution their licences ask for.

use std::process::ExitCode;

pub const VERSION_LINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nPlace names and boundaries: see `truce about` for sources and attribution."
);

pub fn run() -> anyhow::Result<ExitCode> {
    println!("truce {}", env!("CARGO_PKG_VERSION"));
    println!();
    println!("Data bundled with this binary:");
    println!("(gazetteer attribution is printed here once the places crate is wired in)");
    Ok(ExitCode::SUCCESS)
}
