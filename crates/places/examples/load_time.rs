//! Times the pieces of loading the bundled gazetteer (parse, index), for
//! tuning the < 100 ms load budget.
fn main() {
    let t = std::time::Instant::now();
    let g = truce_places::Gazetteer::bundled();
    println!("bundled load: {:?} ({g:?})", t.elapsed());
}
