//! The seed corpus passes the fuzz property on stable Rust, so CI checks the
//! target's inputs without nightly: `cargo test --manifest-path
//! fuzz/Cargo.toml --no-default-features`.

use std::path::PathBuf;

#[test]
fn every_seed_passes_the_fuzz_property() {
    let seeds = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus-seed"));
    let files = truce_fuzz::inputs(&[seeds]).expect("the seed corpus is readable");
    assert!(files.len() >= 10, "the seed corpus went missing: {files:?}");
    let failures = truce_fuzz::replay(&files).expect("seeds are readable");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_seeds_include_an_empty_input() {
    // libFuzzer starts from the empty input anyway; the replay should too.
    let seeds = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus-seed"));
    let files = truce_fuzz::inputs(&[seeds]).expect("the seed corpus is readable");
    assert!(files.iter().any(|f| std::fs::metadata(f).is_ok_and(|m| m.len() == 0)));
}
