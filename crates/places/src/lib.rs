//! The Syria gazetteer: loads the bundled (or a mission's own) list of
//! places, normalises transliterated names, and links the place mentions of
//! claims to gazetteer ids, admin p-codes and coordinates.
//!
//! Entry points: [`Gazetteer::bundled`] (compiled into the binary so that it
//! works offline), [`Gazetteer::link`] / [`Gazetteer::link_claims`] for the
//! extraction pipeline, and [`Gazetteer::search`] for a person checking a
//! spelling.
//!
//! Architecture invariant: linking never guesses between close candidates.
//! An ambiguous mention keeps its candidates and gets no id, plus a warning.

mod index;
mod link;
pub mod normalize;
mod similar;
mod tsv;
mod vocab;

use index::NameIndex;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::path::Path;
use std::sync::OnceLock;
use truce_model::Governorate;

pub use link::Match;
pub use tsv::{GazetteerError, TsvProblem};

/// The attribution the bundled data's licenses ask for; `truce about`
/// prints it. Keep in step with `data/ATTRIBUTION.md`.
pub const ATTRIBUTION: &str = "\
Place names: Who's On First (whosonfirst.org, see its License), including data from GeoNames (geonames.org, CC BY 4.0), Yahoo! GeoPlanet (CC BY 3.0 US) and foursquare Quattroshapes (CC BY); admin p-codes: UN OCHA COD-AB (CC BY 3.0 IGO) via OpenSyria (CC BY 4.0).
Administrative units: OpenSyria Data Geography (CC BY 4.0), from UN OCHA COD-AB/HDX (CC BY 3.0 IGO), geoBoundaries, GeoNames (CC BY 4.0), Wikidata (CC0); extra names from Who's On First.
Boundaries: UN OCHA Common Operational Datasets (COD-AB Syria, HDX), CC BY 3.0 IGO. The boundaries and names shown do not imply official endorsement or acceptance by the United Nations.
District polygons: Who's On First (whosonfirst.org, see its License), geometry from Mesoshapes (CC0); p-codes: UN OCHA COD-AB (CC BY 3.0 IGO).";

const BUNDLED_LOCALITIES: &str = include_str!("../../../data/syr_localities.tsv");
const BUNDLED_ADMIN_UNITS: &str = include_str!("../../../data/syr_admin_units.tsv");
const BUNDLED_REGIONS: &str = include_str!("../../../data/regions.tsv");
const BOUNDARIES_ADM1: &str = include_str!("../../../data/syr_adm1_ocha_simplified.geojson");
const BOUNDARIES_ADM2: &str = include_str!("../../../data/syr_adm2_wof_mesoshapes_simplified.geojson");

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A town, village or settlement (`wof:…` id).
    Locality,
    /// A first-level admin unit (`SY02`).
    Governorate,
    /// A second-level admin unit (`SY0204`).
    District,
    /// A third-level admin unit (`SY020404`).
    #[serde(rename = "subdistrict")]
    SubDistrict,
    /// A well-known region that is not an admin unit ("Eastern Ghouta");
    /// its id is the p-code of the governorate it lies in.
    Region,
}

impl EntryKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            EntryKind::Locality => "locality",
            EntryKind::Governorate => "governorate",
            EntryKind::District => "district",
            EntryKind::SubDistrict => "subdistrict",
            EntryKind::Region => "region",
        }
    }

    const fn is_admin(self) -> bool {
        !matches!(self, EntryKind::Locality)
    }
}

/// One place the gazetteer knows.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `wof:<id>` for a locality, the OCHA p-code for an admin unit.
    pub id: String,
    /// The canonical (Latin-script) name.
    pub name: String,
    pub name_ar: String,
    pub kind: EntryKind,
    pub governorate: Option<Governorate>,
    /// District p-code (`SY0204`), where known.
    pub district: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// GeoNames feature code (`PPL`, `PPLA3`, `PPLQ` = abandoned …).
    pub feature_code: String,
    pub population: u64,
    pub(crate) has_geonames: bool,
    pub(crate) is_current: bool,
    /// Every name this entry is known by, the canonical one first.
    pub names: Vec<String>,
}

impl Entry {
    /// How much to trust this record when two records of the same name
    /// compete: seats and GeoNames-backed, current, inhabited records first.
    /// Who's On First carries duplicates of big towns (a city and a stray
    /// "Latakia Governate" point), and the better-sourced one is the city.
    pub(crate) fn quality(&self) -> i32 {
        let feature = match self.feature_code.as_str() {
            "PPLC" => 6,
            "PPLA" => 5,
            "PPLA2" => 4,
            "PPLA3" => 3,
            "PPL" => 2,
            "PPLQ" => -2,
            _ => 1,
        };
        feature + 4 * i32::from(self.has_geonames) + i32::from(self.population > 0) + i32::from(self.is_current)
    }

    pub(crate) fn is_abandoned(&self) -> bool {
        self.feature_code == "PPLQ"
    }
}

/// The gazetteer: entries plus the name index over them.
pub struct Gazetteer {
    entries: Vec<Entry>,
    index: NameIndex,
    by_id: FxHashMap<String, u32>,
    /// Localities by 0.05° cell, to tell border villages from far ones.
    grid: FxHashMap<(i32, i32), Vec<u32>>,
    locality_count: usize,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entries", &self.entries.len())
            .field("localities", &self.locality_count)
            .field("names", &self.index.names.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer shipped in the binary (`data/` of the repository),
    /// parsed on first use and shared afterwards.
    pub fn bundled() -> &'static Gazetteer {
        static BUNDLED: OnceLock<Gazetteer> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            // The bundled files are part of the build and checked by a test;
            // failing here means the repository's data/ was broken.
            Gazetteer::from_texts("data/syr_localities.tsv", BUNDLED_LOCALITIES).expect("bundled data/syr_localities.tsv is valid")
        })
    }

    /// Loads a mission's own localities file (same columns as
    /// `data/syr_localities.tsv`; `id`, `name`, `lat`, `lon` required),
    /// alongside the bundled admin units.
    pub fn from_localities_tsv(path: impl AsRef<Path>) -> Result<Gazetteer, GazetteerError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| GazetteerError::Io { path: path.to_owned(), source })?;
        let origin = tsv::origin_of(path);
        let text = tsv::decode(&origin, &bytes)?;
        Gazetteer::from_texts(&origin, text)
    }

    /// Like [`Gazetteer::from_localities_tsv`], from any reader; `origin`
    /// names the source in error messages.
    pub fn from_localities_reader(mut reader: impl std::io::Read, origin: &str) -> Result<Gazetteer, GazetteerError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|source| GazetteerError::Io { path: origin.into(), source })?;
        let text = tsv::decode(origin, &bytes)?;
        Gazetteer::from_texts(origin, text)
    }

    fn from_texts(origin: &str, localities: &str) -> Result<Gazetteer, GazetteerError> {
        let mut entries = tsv::localities(origin, localities)?;
        let locality_count = entries.len();
        let admin = tsv::admin_units("data/syr_admin_units.tsv", BUNDLED_ADMIN_UNITS)?;
        let regions = tsv::regions("data/regions.tsv", BUNDLED_REGIONS, &admin)?;
        entries.extend(admin);
        entries.extend(regions);
        Ok(Gazetteer::build(entries, locality_count))
    }

    fn build(entries: Vec<Entry>, locality_count: usize) -> Gazetteer {
        let name_count: usize = entries.iter().map(|e| e.names.len()).sum();
        let mut index = NameIndex::with_capacity(name_count);
        let mut by_id = FxHashMap::default();
        let mut grid: FxHashMap<(i32, i32), Vec<u32>> = FxHashMap::default();
        // Governorates with a locality in each cell.
        let mut cell_governorates: FxHashMap<(i32, i32), u16> = FxHashMap::default();
        for (i, entry) in entries.iter().enumerate() {
            let Ok(entry_id) = u32::try_from(i) else { break };
            by_id.entry(entry.id.clone()).or_insert(entry_id);
            if entry.kind == EntryKind::Locality {
                let at = cell(entry.lat, entry.lon);
                grid.entry(at).or_default().push(entry_id);
                *cell_governorates.entry(at).or_default() |= entry.governorate.map_or(0, governorate_bit);
            }
        }
        for (i, entry) in entries.iter().enumerate() {
            let Ok(entry_id) = u32::try_from(i) else { break };
            // The governorates `near_governorate` could find for this
            // locality: those with a locality in the cells around it.
            let mut near = 0;
            if entry.kind == EntryKind::Locality {
                let (cy, cx) = cell(entry.lat, entry.lon);
                for dy in -1..=1 {
                    for dx in -1..=1 {
                        near |= cell_governorates.get(&(cy + dy, cx + dx)).copied().unwrap_or(0);
                    }
                }
            }
            for (n, name) in entry.names.iter().enumerate() {
                let Ok(name_id) = u16::try_from(n) else { break };
                link::index_name(&mut index, entry_id, name_id, name, entry, near);
            }
        }
        index.finish();
        Gazetteer { entries, index, by_id, grid, locality_count }
    }

    /// The entry with this id (`wof:…` or a p-code).
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i as usize))
    }

    /// All entries: localities first, then admin units, then regions.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The localities (populated places).
    pub fn localities(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::Locality)
    }

    /// Governorates, districts and sub-districts, with their names.
    pub fn admin_units(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| matches!(e.kind, EntryKind::Governorate | EntryKind::District | EntryKind::SubDistrict))
    }

    /// How many localities were loaded.
    pub fn locality_count(&self) -> usize {
        self.locality_count
    }

    /// Governorate polygons (OCHA ADM1, simplified) as GeoJSON, keyed by
    /// `ADM1_PCODE`.
    pub fn boundaries_adm1() -> &'static str {
        BOUNDARIES_ADM1
    }

    /// District polygons (Who's On First / Mesoshapes, simplified) as
    /// GeoJSON, keyed by `ADM2_PCODE`.
    pub fn boundaries_adm2() -> &'static str {
        BOUNDARIES_ADM2
    }

    /// Whether a locality of `governorate` lies within `km` of `entry`: a
    /// village a few hundred metres over a governorate line is still
    /// "in Latakia" for the bulletin that names it.
    pub(crate) fn near_governorate(&self, entry: &Entry, governorate: Governorate, km: f64) -> bool {
        let (cy, cx) = cell(entry.lat, entry.lon);
        for dy in -1..=1 {
            for dx in -1..=1 {
                let Some(ids) = self.grid.get(&(cy + dy, cx + dx)) else { continue };
                for &id in ids {
                    let Some(other) = self.entries.get(id as usize) else { continue };
                    if other.governorate.is_some_and(|g| g.same_as(governorate)) && within_km(entry.lat, entry.lon, other.lat, other.lon, km) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// Cells are 0.05° (at least 4.4 km across at Syria's latitudes), so every
/// point within `BORDER_KM` of a locality is in its cell or a neighbour.
const CELL_DEGREES: f64 = 0.05;

/// One bit per governorate, Damascus and Rural Damascus sharing theirs as
/// `Governorate::same_as` has it.
pub(crate) fn governorate_bit(g: Governorate) -> u16 {
    1 << (g.folded() as u16)
}

fn cell(lat: f64, lon: f64) -> (i32, i32) {
    // Saturating float-to-int casts: coordinates were range-checked on load.
    ((lat / CELL_DEGREES).floor() as i32, (lon / CELL_DEGREES).floor() as i32)
}

/// Whether two points are at most `km` apart: `distance_km(…) <= km`, with
/// the trigonometry skipped when the latitudes alone are too far apart (a
/// great circle is never shorter than its north-south span).
pub(crate) fn within_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64, km: f64) -> bool {
    if (lat2 - lat1).abs().to_radians() * 6371.0 > km + 1e-6 {
        return false;
    }
    distance_km(lat1, lon1, lat2, lon2) <= km
}

/// Great-circle distance; good to a few metres at Syria's scale.
pub(crate) fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}
