//! Reading a submitted bulletin: decode, extract, link. This mirrors the
//! CLI's `Reader::read` (crates/cli/src/reading.rs), which lives in the
//! binary and so cannot be called from here; both make the same three
//! library calls so that a bulletin reads the same by either door.

use truce_extract::{DecodeError, Options};
use truce_model::{Extraction, Lang, ReportDay, Severity};
use truce_places::Gazetteer;

/// Decodes and reads one bulletin, linking its places to the bundled
/// gazetteer. Only undecodable (empty) input is an error.
pub fn read(bytes: &[u8], id: String, date: Option<ReportDay>, lang: Option<Lang>) -> Result<(String, Extraction), DecodeError> {
    let text = truce_extract::decode(bytes)?;
    let mut extraction = truce_extract::extract(&text, &Options { id, date, lang });
    let diagnostics = Gazetteer::bundled().link_claims(&mut extraction.claims);
    extraction.warnings.extend(diagnostics.into_iter().filter(|d| d.severity >= Severity::Warning));
    Ok((text, extraction))
}
