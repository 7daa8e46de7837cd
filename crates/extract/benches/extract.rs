//! Benchmarks of the reader: extraction over ≥ 10 MB of the project's own
//! bulletins (as many documents, and as one big document), one typical
//! bulletin, and decoding (UTF-8 files and the HTML example).
//!
//! Run: `cargo bench -p truce-extract --bench extract`
//!
//! Issue 2's target is ≥ 20 MB/s of text on one core for extraction alone;
//! divan runs on one thread unless DIVAN_THREADS says otherwise, and the
//! throughput column is that figure.

use divan::Bencher;
use divan::counter::BytesCount;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use truce_extract::{Options, decode, extract};

fn main() {
    divan::main();
}

/// The issue asks for a benchmark over at least this much text.
const TARGET_BYTES: usize = 10 << 20;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The month of example bulletins (French and English), as (id, text).
static MONTH: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let dir = examples().join("bulletins");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/bulletins exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "the example month went missing: {} files", files.len());
    files
        .into_iter()
        .map(|p| {
            let id = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (id, std::fs::read_to_string(&p).expect("example bulletins are UTF-8"))
        })
        .collect()
});

/// The month repeated until it holds ≥ 10 MB: about ten thousand documents,
/// each read on its own as `truce extract DIR` reads a directory.
static DOCUMENTS: LazyLock<Vec<(Options, String)>> = LazyLock::new(|| {
    let mut docs = Vec::new();
    let mut total = 0;
    'fill: for round in 0.. {
        for (id, text) in MONTH.iter() {
            if total >= TARGET_BYTES {
                break 'fill;
            }
            total += text.len();
            docs.push((Options { id: format!("{id}.{round}"), ..Options::default() }, text.clone()));
        }
    }
    docs
});

fn documents_bytes() -> usize {
    DOCUMENTS.iter().map(|(_, t)| t.len()).sum()
}

/// One document of ≥ 10 MB in one language: the month's bulletins in that
/// language, their `date` lines dropped, repeated under one header — the
/// shape of an archive exported as a single file.
fn big_document(lang: &str) -> String {
    let suffix = format!(".{lang}");
    let bodies: Vec<&str> =
        MONTH.iter().filter(|(id, _)| id.ends_with(&suffix)).map(|(_, text)| text.split_once('\n').map_or(text.as_str(), |(_, body)| body)).collect();
    let mut big = String::from("date 2024-03-31\n");
    while big.len() < TARGET_BYTES {
        for body in &bodies {
            big.push_str(body);
            big.push('\n');
        }
    }
    big
}

static BIG_FR: LazyLock<String> = LazyLock::new(|| big_document("fr"));
static BIG_EN: LazyLock<String> = LazyLock::new(|| big_document("en"));

/// ~10,000 bulletins (≥ 10 MB), each extracted separately.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn documents_10mb(bencher: Bencher) {
    let docs = &*DOCUMENTS;
    bencher.counter(BytesCount::new(documents_bytes())).bench(|| {
        let mut claims = 0;
        for (options, text) in docs {
            claims += extract(divan::black_box(text), options).claims.len();
        }
        claims
    });
}

/// One ≥ 10 MB document per language.
#[divan::bench(args = ["fr", "en"], sample_count = 10, sample_size = 1)]
fn one_document_10mb(bencher: Bencher, lang: &str) {
    let text: &str = if lang == "fr" { &BIG_FR } else { &BIG_EN };
    bencher.counter(BytesCount::new(text.len())).bench(|| extract(divan::black_box(text), &Options::default()).claims.len());
}

/// A typical daily bulletin (about 1 KB), French and English.
#[divan::bench(args = ["2024-03-15.fr", "2024-03-15.en"])]
fn typical_bulletin(bencher: Bencher, id: &str) {
    let text = &MONTH.iter().find(|(i, _)| i == id).expect("the example bulletin exists").1;
    let options = Options { id: id.to_owned(), ..Options::default() };
    bencher.counter(BytesCount::new(text.len())).bench(|| extract(divan::black_box(text), &options).claims.len());
}

/// Decoding the HTML example: tags, scripts and styles dropped, entities
/// decoded.
#[divan::bench]
fn decode_html(bencher: Bencher) {
    let bytes = std::fs::read(examples().join("html/2024-03-15.en.html")).expect("the HTML example exists");
    bencher.counter(BytesCount::new(bytes.len())).bench(|| decode(divan::black_box(&bytes)).map(|t| t.len()));
}

/// Decoding the Windows-1252 example (not UTF-8, so it is transcoded).
#[divan::bench]
fn decode_windows_1252(bencher: Bencher) {
    let bytes = std::fs::read(examples().join("latin1/2024-03-15.fr.txt")).expect("the Windows-1252 example exists");
    bencher.counter(BytesCount::new(bytes.len())).bench(|| decode(divan::black_box(&bytes)).map(|t| t.len()));
}

/// Decoding the ≥ 10 MB of UTF-8 documents: the step the CLI adds before
/// extraction, to set beside `documents_10mb`.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn decode_documents_10mb(bencher: Bencher) {
    let docs: Vec<&[u8]> = DOCUMENTS.iter().map(|(_, t)| t.as_bytes()).collect();
    bencher.counter(BytesCount::new(documents_bytes())).bench(|| docs.iter().map(|b| decode(divan::black_box(b)).map_or(0, |t| t.len())).sum::<usize>());
}
