//! End-to-end tests that drive the real `truce` binary: one test binary,
//! one module per command family, so the suite links once.

mod browser;
mod digest;
mod extract;
mod ledger;
mod pg;
mod places;
mod serve;
mod views;
