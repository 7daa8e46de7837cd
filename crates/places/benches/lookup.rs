//! Benchmarks of the bundled gazetteer: loading it, and linking a mix of
//! exact and misspelt names (the extraction pipeline's hot path).
//!
//! Run: `cargo bench -p truce-places --bench lookup`

use truce_model::{Governorate, Place, PlaceKind};
use truce_places::Gazetteer;

fn main() {
    divan::main();
}

/// Names as bulletins write them: half exact gazetteer spellings, half
/// transliteration variants that need the fuzzy index; with and without a
/// province; a few governorates and misses.
const MENTIONS: &[(&str, Option<Governorate>, Option<PlaceKind>)] = &[
    ("Maarest Al-Khan", Some(Governorate::Aleppo), None),
    ("Mayir", Some(Governorate::Aleppo), None),
    ("Modiara", Some(Governorate::Damascus), None),
    ("Misraba", Some(Governorate::Damascus), None),
    ("Ram Al-Inz", Some(Governorate::Homs), None),
    ("Alep", Some(Governorate::Aleppo), Some(PlaceKind::Governorate)),
    ("Kbana", Some(Governorate::Lattakia), None),
    ("Tell Abyad", None, None),
    ("Djisrein", Some(Governorate::Damascus), None),
    ("Chinchar", Some(Governorate::Homs), None),
    ("Jaramana", Some(Governorate::RuralDamascus), None),
    ("Nahshebba", Some(Governorate::Lattakia), None),
    ("Латакия", Some(Governorate::Lattakia), Some(PlaceKind::Governorate)),
    ("صيدنايا", None, None),
    ("Kubeibat-Abu-El-Khod", Some(Governorate::Hama), None),
    ("Umm Hartayn", Some(Governorate::Hama), None),
    ("Deir ez-Zor", Some(Governorate::DeirEzZor), None),
    ("Stanytsia Luhanska", None, None),
    ("Gabagib", Some(Governorate::Daraa), None),
    ("Zayzoune", None, None),
];

#[divan::bench]
fn load_bundled() -> usize {
    // Not `Gazetteer::bundled()`: that is parsed once per process.
    let g = Gazetteer::from_localities_reader(include_bytes!("../../../data/syr_localities.tsv").as_slice(), "bundled");
    g.map(|g| g.locality_count()).unwrap_or(0)
}

/// One iteration links all of `MENTIONS` (20 lookups).
#[divan::bench]
fn link_mixed_20(bencher: divan::Bencher) {
    let g = Gazetteer::bundled();
    let mut places: Vec<Place> = MENTIONS
        .iter()
        .map(|&(name, province, kind)| {
            let mut p = Place::mention(name, province);
            p.kind = kind;
            p
        })
        .collect();
    bencher.counter(divan::counter::ItemsCount::new(MENTIONS.len())).bench_local(|| {
        for p in &mut places {
            divan::black_box(g.link(p));
        }
    });
}

/// `search` as `truce places search` calls it.
#[divan::bench]
fn search_misspelt(bencher: divan::Bencher) {
    let g = Gazetteer::bundled();
    bencher.bench_local(|| g.search(divan::black_box("Maarest Al-Khan"), None, 10));
}
