//! Every claim says why it was read that way: its reasons are exact
//! substrings of the document at their byte spans, on every text the
//! project has (its examples, and the dev bulletins when ../shared is
//! beside the repository) and on random bulletin-like text.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use truce_extract::{Options, decode, extract};
use truce_model::{Claim, ReasonRole};

/// The reasons of every claim of `text` point at their own words, and a
/// figure says which words gave its value and its metric.
fn check(text: &str, name: &str) {
    let x = extract(text, &Options::default());
    for c in &x.claims {
        for r in &c.reasons {
            assert_eq!(text.get(r.span.start..r.span.end), Some(r.cue.as_str()), "{name}: reason {r:?} of {:?}", c.evidence);
            assert!(!r.cue.is_empty(), "{name}: empty cue in {c:?}");
        }
        if c.value.is_some_and(|v| v != 0.0) {
            assert!(has(c, ReasonRole::Value), "{name}: no value reason for {} {:?} in {:?}", c.metric.as_str(), c.value, c.evidence);
        }
        assert!(has(c, ReasonRole::Metric), "{name}: no metric reason for {} {:?} in {:?}", c.metric.as_str(), c.value, c.evidence);
    }
}

fn cues(c: &Claim, role: ReasonRole) -> Vec<&str> {
    c.reasons.iter().filter(|r| r.role == role).map(|r| r.cue.as_str()).collect()
}

fn has(c: &Claim, role: ReasonRole) -> bool {
    c.reasons.iter().any(|r| r.role == role)
}

fn texts_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let path = e.path();
        if path.is_dir() {
            texts_under(&path, out);
        } else if path.extension().is_some_and(|x| x == "txt" || x == "html") {
            out.push(path);
        }
    }
}

fn check_files(dir: &Path) -> usize {
    let mut files = Vec::new();
    texts_under(dir, &mut files);
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if let Ok(text) = decode(&bytes) {
            check(&text, &f.display().to_string());
        }
    }
    files.len()
}

#[test]
fn every_example_claim_points_at_its_reasons() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    assert!(check_files(&examples) >= 60, "the examples are the project's own texts and must be there");
}

#[test]
fn every_dev_claim_points_at_its_reasons() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if !data.join("dev").is_dir() {
        eprintln!("skipped: no ../shared/data/dev beside the repository");
        return;
    }
    let n = check_files(&data.join("dev")) + check_files(&data.join("dev2"));
    assert!(n >= 54, "{n} dev texts");
}

#[test]
fn reasons_name_the_deciding_words() {
    let text = "date 2017-02-05\n\nAu cours des dernières 24 heures, les troupes gouvernementales syriennes ont signé 10 accords avec les localités de Mayir et de Maarest Al-Khan dans la province d'Alep : 6 à Alep et 4 à Hama.";
    let x = extract(text, &Options::default());
    let total = x.claims.iter().find(|c| c.value == Some(10.0)).expect("the total");
    assert_eq!(cues(total, ReasonRole::Value), ["10"]);
    assert_eq!(cues(total, ReasonRole::Metric), ["accords"]);
    assert_eq!(cues(total, ReasonRole::Window), ["24 heures"]);
    assert_eq!(cues(total, ReasonRole::Actor), ["les troupes gouvernementales syriennes"]);
    let part = x.claims.iter().find(|c| c.value == Some(4.0)).expect("a part");
    assert_eq!(cues(part, ReasonRole::Breakdown), ["4 à Hama"]);
    assert_eq!(cues(part, ReasonRole::Place), ["Hama"]);
    assert_eq!(cues(part, ReasonRole::Metric), ["accords"], "a part is read as its total was");
}

/// Bulletin-like fragments, so that random text reaches the rules that
/// give reasons (breakdowns, dates, province lists).
const PIECES: &[&str] = &[
    "date 2017-02-05\n",
    " 1 357,2 km2",
    " 1,446",
    " dix",
    " a settlement",
    " une localité",
    " accords",
    " settlements",
    " violations",
    " (5)",
    " [3]",
    " – 4",
    " dans la province d'Alep",
    " in the provinces of Aleppo, Hama and Idlib",
    " depuis le 1er janvier",
    " in September",
    " over the past 48 hours",
    " le 30 décembre dernier",
    " dont",
    " including",
    " :",
    ", ",
    ". ",
    "«",
    "»",
    " ont été libérées",
    " has reached",
    " the Russian side",
    " тонн",
    " нарушений",
    " за сутки",
    " refugees returned from Lebanon",
    " négociations se poursuivent",
    " came into force on",
    " Mayir",
    "\u{a0}",
    "’",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reasons_hold_on_any_bulletin_like_text(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let text: String = parts.iter().map(|&i| PIECES[i]).collect();
        check(&text, "generated");
    }
}
