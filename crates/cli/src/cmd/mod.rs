//! One module per command family.

pub mod about;
pub mod extract;
