//! No input makes the reader panic: arbitrary bytes, adversarial HTML,
//! huge lines, and every claim's evidence and span point into the text.

use proptest::prelude::*;
use truce_extract::{Options, decode, extract};

fn check(text: &str) {
    let x = extract(text, &Options::default());
    for c in &x.claims {
        assert!(text.contains(&c.evidence));
        if let Some(span) = c.span {
            assert_eq!(&text[span.start..span.end], c.evidence);
        }
    }
}

/// Bulletin-like fragments, so that random text reaches the deep rules
/// (breakdowns, dates, province lists) and not only the tokenizer.
const PIECES: &[&str] = &[
    "date 2017-02-05\n",
    "date 2017-02\n",
    " 1 357,2 km2",
    " 1,446",
    " 2.022",
    " 1, 341",
    " dix",
    " vingt et un",
    " twelve",
    " a settlement",
    " une localité",
    " accords",
    " settlements",
    " violations",
    " (5)",
    " – 4",
    " dans la province d'Alep",
    " in the provinces of Aleppo, Hama and Idlib",
    " Latakia",
    " depuis le 1er janvier",
    " since January 1, 2017",
    " le 30 décembre dernier",
    " over the past 24 hours",
    " au cours des deux derniers jours",
    " dont",
    " including",
    " :",
    ", ",
    ". ",
    ".\n",
    "«",
    "»",
    "\"",
    " ont été libérées",
    " has reached",
    " s'élève à",
    " tonnes d'aide",
    " refugees returned from Lebanon",
    " négociations se poursuivent",
    " came into force on",
    " Mayir",
    " al-Tahta",
    " the number",
    "\u{a0}",
    "\u{202f}",
    "’",
    " km²",
    " square miles",
    "%",
    "<p>",
    "</p>",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(&bytes) {
            check(&text);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(&text);
    }

    #[test]
    fn bulletin_fragments_in_any_order_never_panic(parts in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        let text: String = parts.iter().map(|&i| PIECES[i]).collect();
        check(&text);
    }
}

#[test]
fn overlapping_place_mentions_in_a_breakdown() {
    // Found by a colleague's generated inputs: a breakdown part whose place
    // list ran into a mention that overlaps the last one sliced backwards.
    check("357,2km2 1,300in Hama and Idlib Kinsabba and Rabia,in Latakia province.");
}

#[test]
fn huge_line_and_deep_nesting() {
    let line = "12 violations in Aleppo, ".repeat(40_000);
    check(&line);
    let nested = format!("<html><body>{}<p>Over the past 24 hours, 9 violations.</p>{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000));
    let text = decode(nested.as_bytes()).unwrap();
    check(&text);
}

#[test]
fn a_large_file_is_read_whole() {
    // 8 MB here keeps the debug test suite quick; the 50 MB case runs in
    // the fuzz/ and bench set-ups, which build with optimisations.
    let bulletin = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/bulletin.en.txt")).unwrap();
    let body = bulletin.lines().skip(1).collect::<Vec<_>>().join("\n");
    let mut big = String::from("date 2024-03-04\n");
    while big.len() < 8 << 20 {
        big.push_str(&body);
        big.push('\n');
    }
    let x = extract(&big, &Options::default());
    assert!(x.claims.len() > 1000);
}

#[test]
fn the_fuzz_seed_corpus_reads_without_panic() {
    // The same seeds the fuzz target starts from (fuzz/corpus-seed), so the
    // main suite replays them on stable without libFuzzer.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/corpus-seed");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(text) = decode(&bytes) {
            check(&text);
        }
        check(&String::from_utf8_lossy(&bytes));
        seen += 1;
    }
    assert!(seen >= 10, "the seed corpus went missing");
}
