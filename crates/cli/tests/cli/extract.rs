//! End-to-end tests of `truce extract`.
