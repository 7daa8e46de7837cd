//! Times linking each benchmark mention on its own, to find slow paths.
use truce_model::{Governorate, Place, PlaceKind};
fn main() {
    let g = truce_places::Gazetteer::bundled();
    let cases: &[(&str, Option<Governorate>, Option<PlaceKind>)] = &[
        ("Maarest Al-Khan", Some(Governorate::Aleppo), None),
        ("Mayir", Some(Governorate::Aleppo), None),
        ("Modiara", Some(Governorate::Damascus), None),
        ("Alep", Some(Governorate::Aleppo), Some(PlaceKind::Governorate)),
        ("Kbana", Some(Governorate::Lattakia), None),
        ("Tell Abyad", None, None),
        ("Латакия", Some(Governorate::Lattakia), Some(PlaceKind::Governorate)),
        ("صيدنايا", None, None),
        ("Stanytsia Luhanska", None, None),
        ("Zayzoune", None, None),
    ];
    for &(name, province, kind) in cases {
        let mut p = Place::mention(name, province);
        p.kind = kind;
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            let mut q = p.clone();
            std::hint::black_box(g.link(&mut q));
        }
        println!("{name:25} {:?}/lookup", t.elapsed() / 1000);
    }
}
