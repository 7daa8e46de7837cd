//! End-to-end tests of `truce places`.
