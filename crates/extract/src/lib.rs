//! Text in, claims out. (Being written: the API below is the contract the
//! other crates code against.)

use truce_model::{Extraction, Lang, ReportDay};

/// What the caller knows better than the text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's id in the output (usually the file stem).
    pub id: String,
    /// Overrides the report day found in the text.
    pub date: Option<ReportDay>,
    /// Overrides the detected language.
    pub lang: Option<Lang>,
}

/// Why bytes could not be read as a bulletin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file looks binary (it has NUL bytes or mostly control characters)")]
    Binary,
}

/// Turns a file's bytes into text: UTF-8, else Windows-1252; HTML pages lose
/// their tags, scripts and styles and have their entities decoded.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// Reads one bulletin. Never fails: what it cannot read becomes a warning.
pub fn extract(text: &str, options: &Options) -> Extraction {
    let _ = text;
    Extraction {
        doc: truce_model::Document {
            id: options.id.clone(),
            lang: options.lang,
            published: options.date,
            reporter: None,
        },
        claims: Vec::new(),
        boilerplate: Vec::new(),
        warnings: Vec::new(),
    }
}
