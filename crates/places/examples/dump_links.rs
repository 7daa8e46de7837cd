//! Prints what linking and search answer for a fixed, broad set of
//! queries (the dev gold names, and misspellings of a sample of gazetteer
//! names, with and without a province), one line each. Diff the output
//! before and after a change meant to be speed-only: it must not move.
//!
//! Run: `cargo run --release -p truce-places --example dump_links [GOLD_TSV] > out.txt`
use truce_model::{Governorate, Place, PlaceKind};
use truce_places::Gazetteer;

fn show(g: &Gazetteer, name: &str, province: Option<Governorate>, kind: Option<PlaceKind>) {
    let mut p = Place::mention(name, province);
    p.kind = kind;
    let d = g.link(&mut p);
    let cands: Vec<String> = p.candidates.iter().map(|c| format!("{}:{}", c.id, c.score)).collect();
    println!(
        "link {name:?} {:?} {kind:?} -> {:?} {:?} [{}] {}",
        province.map(Governorate::pcode),
        p.id,
        p.score,
        cands.join(" "),
        d.map(|d| d.message).unwrap_or_default()
    );
}

fn variants(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = vec![name.to_owned()];
    if chars.len() > 3 {
        // Drop one letter, double one, swap a vowel.
        let mid = chars.len() / 2;
        out.push(chars.iter().enumerate().filter(|&(i, _)| i != mid).map(|(_, c)| c).collect());
        out.push(chars.iter().flat_map(|&c| if c == chars[1] { vec![c, c] } else { vec![c] }).collect());
        out.push(
            chars
                .iter()
                .map(|&c| match c {
                    'a' => 'e',
                    'u' => 'o',
                    c => c,
                })
                .collect(),
        );
        out.push(chars[..chars.len() - 1].iter().collect());
    }
    out
}

fn main() {
    let g = Gazetteer::bundled();
    let path = std::env::args().nth(1).unwrap_or_else(|| format!("{}/../../../shared/data/dev/places.gold.tsv", env!("CARGO_MANIFEST_DIR")));
    if let Ok(text) = std::fs::read_to_string(&path) {
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let [_, name, province, ..] = cols[..] else { continue };
            let province = province.parse::<Governorate>().ok();
            for kind in [None, Some(PlaceKind::Governorate), Some(PlaceKind::District), Some(PlaceKind::Locality)] {
                show(g, name, province, kind);
            }
            show(g, name, None, None);
            for m in g.search(name, province, 10) {
                println!("search {name:?} -> {} {} {}", m.id, m.score, m.matched_name);
            }
        }
    }
    let provinces = [None, Some(Governorate::Aleppo), Some(Governorate::Damascus), Some(Governorate::Homs)];
    for (i, e) in g.entries().iter().enumerate().step_by(23) {
        for (j, n) in e.names.iter().enumerate().take(4) {
            for v in variants(n) {
                let province = provinces[(i + j) % provinces.len()];
                show(g, &v, province, None);
                show(g, &v, e.governorate, None);
                if i % 5 == 0 {
                    for m in g.search(&v, None, 10) {
                        println!("search {v:?} -> {} {} {}", m.id, m.score, m.matched_name);
                    }
                }
            }
        }
    }
}
