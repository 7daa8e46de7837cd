//! The one property every fuzz input is checked against, shared by the
//! libFuzzer target and the stable replay so both test the same thing.
//!
//! For any bytes: decoding and extraction never panic, and every claim's
//! evidence is a substring of the text it was read from, with its span (when
//! given) pointing at exactly that substring.

use truce_extract::{Options, decode, extract};

/// Runs one input through the two ways text reaches the reader: the CLI's
/// path (decode, then extract) and raw bytes read as lossy UTF-8, which
/// skips decode's refusals (NUL bytes, control characters, blank text) and
/// so reaches the extractor with text decode would never hand it.
pub fn check(data: &[u8]) {
    if let Ok(text) = decode(data) {
        check_text(&text, &Options::default());
    }
    let lossy = String::from_utf8_lossy(data);
    check_text(&lossy, &options_for(data));
}

/// Overrides picked by the input's first byte, so that the fuzzer also
/// reaches the rules behind a forced language and resolves relative dates
/// against a known day, without a second target.
fn options_for(data: &[u8]) -> Options {
    let selector = data.first().copied().unwrap_or(0);
    Options {
        id: String::new(),
        lang: match selector % 3 {
            1 => "fr".parse().ok(),
            2 => "en".parse().ok(),
            _ => None,
        },
        date: match selector % 4 {
            1 => "2017-02-05".parse().ok(),
            2 => "2016-12".parse().ok(),
            _ => None,
        },
    }
}

/// Extracts from `text` and checks that evidence and spans point into it.
pub fn check_text(text: &str, options: &Options) {
    let x = extract(text, options);
    for claim in &x.claims {
        assert!(
            text.contains(claim.evidence.as_str()),
            "evidence is not a substring of the text: {:?}",
            claim.evidence
        );
        if let Some(span) = claim.span {
            assert_eq!(
                text.get(span.start..span.end),
                Some(claim.evidence.as_str()),
                "span {span:?} does not hold the evidence"
            );
        }
    }
    for warning in &x.warnings {
        if let Some(span) = warning.span {
            assert!(text.get(span.start..span.end).is_some(), "warning span {span:?} is not in the text: {}", warning.message);
        }
    }
}

/// An input that made [`check`] panic.
#[derive(Debug)]
pub struct Failure {
    pub path: std::path::PathBuf,
    pub message: String,
    /// The input itself, so a report can carry it whole.
    pub base64: String,
}

/// Files under `paths` (directories are read one level deep, as libFuzzer
/// lays out its corpora), in a stable order.
pub fn inputs(paths: &[std::path::PathBuf]) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in std::fs::read_dir(path)? {
                let entry = entry?;
                if entry.file_type()?.is_file() {
                    files.push(entry.path());
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    files.sort();
    Ok(files)
}

/// Runs [`check`] over each file, catching panics so that one bad input
/// does not hide the others.
pub fn replay(files: &[std::path::PathBuf]) -> std::io::Result<Vec<Failure>> {
    let mut failures = Vec::new();
    for path in files {
        let data = std::fs::read(path)?;
        if let Err(payload) = std::panic::catch_unwind(|| check(&data)) {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "non-string panic".to_owned());
            failures.push(Failure { path: path.clone(), message, base64: base64(&data) });
        }
    }
    Ok(failures)
}

/// Standard base64 with padding: enough to paste a crashing input into an
/// issue without adding a dependency to the fuzz crate.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        {
            assert_eq!(super::base64(plain.as_bytes()), encoded);
        }
    }
}
