//! Measures linking quality on the dev gold (`../shared/data/dev/places.gold.tsv`):
//! links each row's (name, province) with the bundled gazetteer and prints
//! right / wrong / missed, as `tools/score_places.py` counts them.
//!
//! Run: `cargo run --release -p truce-places --example eval_places [GOLD_TSV] [--verbose]`
//!
//! The gold rows come from extraction, which will say whether a mention was
//! called a province; until the extractor does, a row whose note reads
//! "named as a province/governorate" is linked with kind Governorate and
//! every other row with no kind. `--context` also treats the notes that
//! read a bare name as the province from its context (a per-province
//! breakdown) as kind Governorate, to show what linking gives once the
//! extractor marks those.

use std::process::ExitCode;
use truce_model::{Governorate, Place, PlaceKind};
use truce_places::Gazetteer;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let context = args.iter().any(|a| a == "--context");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| format!("{}/../../../shared/data/dev/places.gold.tsv", env!("CARGO_MANIFEST_DIR")));
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path} (the dev gold lives in ../shared, outside the repository)");
        return ExitCode::from(2);
    };
    let started = std::time::Instant::now();
    let gazetteer = Gazetteer::bundled();
    eprintln!("bundled gazetteer loaded in {:?}", started.elapsed());

    let (mut scored, mut right, mut wrong, mut missed, mut ambiguous) = (0, 0, 0, 0, 0);
    let mut unscored_linked = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [file, name, province, expected, also, _canonical, note] = cols[..] else { continue };
        let province = province.parse::<Governorate>().ok();
        let province_reading = note.contains("named as a province/governorate")
            || note.contains("named as a governorate")
            || (context && (note.contains(": the province") || note.contains("read as the province") || note.contains(": provinces")));
        let mut place = Place::mention(name, province);
        if province_reading {
            place.kind = Some(PlaceKind::Governorate);
        }
        let diagnostic = gazetteer.link(&mut place);
        let got = place.id.clone();
        if matches!(expected, "outside" | "none" | "ambiguous") {
            if let Some(id) = &got {
                unscored_linked.push(format!("{file} {name:?}: expected {expected}, linked {id}"));
            }
            continue;
        }
        scored += 1;
        let ok: Vec<&str> = std::iter::once(expected).chain(also.split_whitespace()).collect();
        let verdict = match &got {
            Some(id) if ok.contains(&id.as_str()) => "right",
            Some(_) => "wrong",
            None => "missed",
        };
        match verdict {
            "right" => right += 1,
            "wrong" => wrong += 1,
            _ => missed += 1,
        }
        if !place.candidates.is_empty() {
            ambiguous += 1;
        }
        if verbose && verdict != "right" {
            let candidates: Vec<String> = place.candidates.iter().map(|c| format!("{} {} {:.2}", c.id, c.canonical, c.score)).collect();
            println!(
                "{verdict:6} {file} {name:?} ({}) expected {expected}, got {} {} {:?} {}",
                province.map_or("-", |p| p.pcode()),
                got.as_deref().unwrap_or("-"),
                place.canonical.as_deref().unwrap_or(""),
                place.score,
                if candidates.is_empty() { diagnostic.map(|d| d.message).unwrap_or_default() } else { candidates.join(", ") }
            );
        }
    }
    if verbose {
        for l in &unscored_linked {
            println!("unscored {l}");
        }
    }
    let n = f64::from(scored.max(1));
    println!(
        "places: {scored} scored, right {right} ({:.1}%), wrong {wrong} ({:.1}%), missed {missed} ({:.1}%), of which ambiguous {ambiguous}",
        100.0 * f64::from(right) / n,
        100.0 * f64::from(wrong) / n,
        100.0 * f64::from(missed) / n
    );
    println!("unscored rows (outside/none) that got an id: {}", unscored_linked.len());
    ExitCode::SUCCESS
}
