//! End-to-end tests of `truce ledger`.
