//! `truce about`: version, the data bundled in the binary, and the
//! attribution its licences ask for.

use std::process::ExitCode;

/// `truce --version`: the version and where the attribution is.
pub const VERSION_LINE: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nBundled place names and boundaries: Who's On First, GeoNames (CC BY 4.0), UN OCHA COD-AB (CC BY 3.0 IGO), OpenSyria (CC BY 4.0).",
    "\nRun `truce about` for the full attribution."
);

pub fn run() -> anyhow::Result<ExitCode> {
    let gazetteer = truce_places::Gazetteer::bundled();
    println!("truce {}", env!("CARGO_PKG_VERSION"));
    println!("Turns ceasefire bulletins into an auditable ledger of dated claims.");
    println!();
    println!("Bundled data: {} Syrian localities and the governorate and district boundaries.", gazetteer.locality_count());
    println!();
    println!("{}", truce_places::ATTRIBUTION);
    Ok(ExitCode::SUCCESS)
}
