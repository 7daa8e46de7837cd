//! How every command reads a bulletin: [`truce_extract::read`] with the
//! caller's overrides and gazetteer. `extract` prints the result, `ingest`
//! stores it; both go through [`Reader::read`] so they never differ.

use anyhow::Context;
use std::path::PathBuf;
use truce_extract::{DecodeError, Options};
use truce_model::{Extraction, Lang, ReportDay};
use truce_places::Gazetteer;

/// Which gazetteer links places. Shared by every command that links.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct GazetteerArgs {
    /// A localities file to use instead of the bundled Syria gazetteer
    /// (same columns as data/syr_localities.tsv).
    #[arg(long, env = "TRUCE_GAZETTEER", global = true, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,
}

impl GazetteerArgs {
    /// The chosen gazetteer; the bundled one is parsed once per process.
    pub fn load(&self) -> anyhow::Result<&'static Gazetteer> {
        match &self.gazetteer {
            None => Ok(Gazetteer::bundled()),
            Some(path) => {
                let g = Gazetteer::from_localities_tsv(path).with_context(|| format!("loading the gazetteer {}", path.display()))?;
                // One gazetteer lives as long as the command: leaking it
                // gives it the same lifetime as the bundled one.
                Ok(Box::leak(Box::new(g)))
            }
        }
    }
}

/// What every command that reads bulletins takes: where they are, what the
/// caller knows better than the text, and the gazetteer to link with.
#[derive(clap::Args, Debug)]
pub struct ReadArgs {
    /// Files, directories (searched recursively for *.txt, *.html, *.htm)
    /// or `-` for standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The report day (YYYY-MM-DD or YYYY-MM), overriding what each text says.
    #[arg(long)]
    pub date: Option<ReportDay>,
    /// The language (fr, en), overriding detection.
    #[arg(long)]
    pub lang: Option<Lang>,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
}

impl ReadArgs {
    /// The reader these arguments describe; `link: false` leaves places
    /// as written.
    pub fn reader(&self, link: bool) -> anyhow::Result<Reader> {
        let gazetteer = if link { Some(self.gazetteer.load()?) } else { None };
        Ok(Reader { date: self.date, lang: self.lang, gazetteer })
    }
}

/// Reads bulletins with the caller's overrides and a gazetteer.
pub struct Reader {
    pub date: Option<ReportDay>,
    pub lang: Option<Lang>,
    /// `None` leaves places as written, unlinked.
    pub gazetteer: Option<&'static Gazetteer>,
}

impl Reader {
    /// Decodes and reads one document. Only undecodable bytes are an error;
    /// everything else the reader cannot place becomes a warning.
    pub fn read(&self, bytes: &[u8], id: String) -> Result<(String, Extraction), DecodeError> {
        truce_extract::read(bytes, &Options { id, date: self.date, lang: self.lang }, self.gazetteer)
    }
}
