//! Extraction scored against the project's own sample bulletins
//! (examples/bulletins, with the claims a careful reader takes from each in
//! expected/). The floors are what the reader achieves today: a change that
//! reads worse fails here, on a fresh clone, without the dev set beside it.

use std::path::Path;
use truce_extract::{Options, decode, extract};
use truce_model::{Claim, Extraction, Governorate};

/// Core: metric, value and window agree. Full: and every expected place is
/// among the extracted ones, same governorate, loosely the same name.
fn core_eq(gold: &Claim, got: &Claim) -> bool {
    let value_eq = match (gold.value, got.value) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 0.05f64.max(0.005 * a.abs()),
        _ => false,
    };
    let unwindowed = !gold.metric.has_value();
    gold.metric == got.metric && value_eq && (unwindowed || gold.window == got.window)
}

fn loose(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn full_eq(gold: &Claim, got: &Claim) -> bool {
    core_eq(gold, got)
        && gold.places.iter().all(|g| {
            got.places.iter().any(|p| {
                let same_province = match (g.province, p.province) {
                    (Some(a), Some(b)) => a.same_as(b),
                    (Some(_), None) => false,
                    (None, _) => true,
                };
                let (a, b) = (loose(&g.name), loose(&p.name));
                same_province && (a == b || a.contains(&b) || b.contains(&a))
            })
        })
}

fn matched(gold: &[Claim], got: &[Claim], eq: fn(&Claim, &Claim) -> bool) -> usize {
    let mut used = vec![false; got.len()];
    gold.iter()
        .filter(|g| {
            let hit = got.iter().enumerate().find(|(i, p)| !used[*i] && eq(g, p));
            hit.map(|(i, _)| used[i] = true).is_some()
        })
        .count()
}

struct Score {
    gold: usize,
    got: usize,
    core: usize,
    full: usize,
}

impl Score {
    fn f1(&self, hits: usize) -> f64 {
        let p = hits as f64 / self.got.max(1) as f64;
        let r = hits as f64 / self.gold.max(1) as f64;
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn score(dir: &Path, lang_suffix: &str) -> Score {
    let mut s = Score { gold: 0, got: 0, core: 0, full: 0 };
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries.iter().filter(|p| p.to_string_lossy().ends_with(lang_suffix)) {
        let stem = path.file_name().unwrap().to_string_lossy().trim_end_matches(".txt").to_owned();
        let expected: Extraction = serde_json::from_str(&std::fs::read_to_string(dir.join("expected").join(format!("{stem}.json"))).unwrap()).unwrap();
        let text = decode(&std::fs::read(path).unwrap()).unwrap();
        let got = extract(&text, &Options { id: stem, ..Options::default() });
        for c in &got.claims {
            assert!(text.contains(&c.evidence), "evidence is not a substring of {}: {:?}", path.display(), c.evidence);
        }
        s.gold += expected.claims.len();
        s.got += got.claims.len();
        s.core += matched(&expected.claims, &got.claims, core_eq);
        s.full += matched(&expected.claims, &got.claims, full_eq);
    }
    s
}

fn bulletins() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

#[test]
fn english_sample_bulletins_read_at_least_as_well_as_before() {
    let s = score(&bulletins(), ".en.txt");
    assert!(s.gold > 300, "the sample set went missing");
    let (core, full) = (s.f1(s.core), s.f1(s.full));
    eprintln!("en: core F1 {core:.3}, full F1 {full:.3}");
    assert!(core >= 0.92, "en core F1 fell to {core:.3}");
    assert!(full >= 0.89, "en full F1 fell to {full:.3}");
}

#[test]
fn french_sample_bulletins_read_at_least_as_well_as_before() {
    let s = score(&bulletins(), ".fr.txt");
    let (core, full) = (s.f1(s.core), s.f1(s.full));
    eprintln!("fr: core F1 {core:.3}, full F1 {full:.3}");
    assert!(core >= 0.85, "fr core F1 fell to {core:.3}");
    assert!(full >= 0.84, "fr full F1 fell to {full:.3}");
}

#[test]
fn russian_sample_bulletins_read_at_least_as_well_as_before() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/russian");
    let s = score(&dir, ".ru.txt");
    assert!(s.gold >= 25, "the Russian samples went missing");
    let (core, full) = (s.f1(s.core), s.f1(s.full));
    eprintln!("ru: core F1 {core:.3}, full F1 {full:.3}");
    assert!(core >= 0.95, "ru core F1 fell to {core:.3}");
    assert!(full >= 0.95, "ru full F1 fell to {full:.3}");
}

#[test]
fn a_russian_bulletin_is_read_not_skipped() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/russian/2024-03-06.ru.txt");
    let got = extract(&std::fs::read_to_string(path).unwrap(), &Options::default());
    assert_eq!(got.doc.lang, Some(truce_model::Lang::Ru));
    assert!(got.warnings.iter().all(|w| !w.message.contains("Russian")), "{:?}", got.warnings);
    // "1,2 тыс. беженцев" with "с начала года": 1200 since the first of January.
    let total = got.claims.iter().find(|c| c.metric == truce_model::Metric::RefugeesReturned && c.value == Some(1200.0));
    assert_eq!(total.map(|c| c.window), Some(truce_model::Window::Total { since: Some(jiff::civil::date(2024, 1, 1)) }));
}

#[test]
fn html_and_windows_1252_pages_read_like_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for (file, expected) in
        [("html/2024-03-15.en.html", "html/expected/2024-03-15.en.json"), ("latin1/2024-03-15.fr.txt", "latin1/expected/2024-03-15.fr.json")]
    {
        let bytes = std::fs::read(root.join(file)).unwrap();
        let text = decode(&bytes).unwrap();
        assert!(!text.contains('<') && !text.contains("&eacute;"), "{file}: markup left in the text");
        let expected: Extraction = serde_json::from_str(&std::fs::read_to_string(root.join(expected)).unwrap()).unwrap();
        let got = extract(&text, &Options::default());
        assert_eq!(got.doc.published, expected.doc.published, "{file}: report day");
        let hits = matched(&expected.claims, &got.claims, core_eq);
        assert!(hits * 10 >= expected.claims.len() * 7, "{file}: only {hits} of {} claims read", expected.claims.len());
    }
}

#[test]
fn regression_issue_2_reads_the_example_bulletin_of_the_readme() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletin.fr.txt")).unwrap();
    let got = extract(&text, &Options::default());
    assert_eq!(got.doc.lang, Some(truce_model::Lang::Fr));
    assert!(got.claims.len() >= 8, "{:#?}", got.claims);
    // Every province a claim names is a real governorate code.
    for p in got.claims.iter().flat_map(|c| &c.places) {
        if let Some(g) = p.province {
            assert!(Governorate::ALL.contains(&g));
        }
    }
}
