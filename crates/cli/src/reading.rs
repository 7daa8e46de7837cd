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
                let g = Gazetteer::from_localities_tsv(path)
                    .with_context(|| format!("loading the gazetteer {}", path.display()))?;
                // One gazetteer lives as long as the command: leaking it
                // gives it the same lifetime as the bundled one.
                Ok(Box::leak(Box::new(g)))
            }
        }
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
