//! One module per command family.

pub mod about;
pub mod digest;
pub mod extract;
pub mod ledger;
pub mod migrate;
pub mod places;
pub mod serve;
pub mod views;
pub mod worker;
