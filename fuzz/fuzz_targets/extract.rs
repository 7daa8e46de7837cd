//! libFuzzer target: arbitrary bytes through decode and extract, and as
//! lossy UTF-8 through extract; see `truce_fuzz::check` for the property.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    truce_fuzz::check(data);
});
