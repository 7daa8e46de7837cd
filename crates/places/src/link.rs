//! Linking a place mention to the gazetteer: reading what kind of place the
//! words name, ranking candidates by similarity under the province
//! constraint, collapsing duplicate records of one place, and reporting
//! ambiguity instead of guessing.

use crate::index::{Facts, NameIndex};
use crate::normalize::{NameKey, normalize};
use crate::similar;
use crate::vocab::vocab;
use crate::{Entry, EntryKind, Gazetteer, within_km};
use rustc_hash::FxHashMap;
use serde::Serialize;
use truce_model::{Candidate, Claim, Diagnostic, Governorate, Place, PlaceKind, Severity};

/// Below this similarity a candidate is not the place the text means.
/// Set on the dev gold: real variants score ≥ 0.85, unrelated names of the
/// same skeleton ≤ 0.8.
const ACCEPT: f64 = 0.82;
/// Candidates scoring within this of the best are "as good": if they are
/// distinct places the mention is ambiguous.
const AMBIGUITY_MARGIN: f64 = 0.03;
/// Records closer than this with near-equal names are one place recorded
/// twice (Who's On First keeps GeoNames and Quattroshapes points apart).
const SAME_PLACE_KM: f64 = 5.0;
/// A village this close to the governorate the text gives counts as in it:
/// the points are rounded and the lines simplified.
const BORDER_KM: f64 = 3.0;
/// Cost of matching after dropping a generic first word ("`Ayn", "Tall").
const GENERIC_PENALTY: f64 = 0.08;
/// Cost of a record for an abandoned place (GeoNames PPLQ).
const ABANDONED_PENALTY: f64 = 0.05;
/// Cost of a village just over the line of the governorate the text gives.
const BORDER_PENALTY: f64 = 0.04;
/// Localities a claim names together lie this close to one another: the
/// dev lists of villages signing together span a few kilometres.
const NEIGHBOUR_KM: f64 = 10.0;
/// How far below the best a candidate near a neighbour may score and
/// still be taken for it.
const NEIGHBOUR_MARGIN: f64 = 0.06;
/// How many candidates an ambiguous mention lists.
const MAX_CANDIDATES: usize = 5;
/// The lowest similarity `search` shows a person.
const SEARCH_FLOOR: f64 = 0.6;
/// The lowest floor any scan uses.
const LOWEST_FLOOR: f64 = SEARCH_FLOOR;

/// One gazetteer entry offered for a name, with how well it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// `wof:…` for a locality, the p-code for an admin unit or region.
    pub id: String,
    pub canonical: String,
    pub kind: EntryKind,
    pub governorate: Option<Governorate>,
    pub district: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Similarity of the written name to `matched_name`, 0 to 1.
    pub score: f64,
    /// The gazetteer's spelling that matched best.
    pub matched_name: String,
}

/// A candidate entry and its best-matching name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub entry: u32,
    pub name: u16,
    pub score: f64,
}

/// What linking decided.
#[derive(Debug, Clone)]
pub(crate) enum Resolution {
    Linked(Scored),
    Ambiguous(Vec<Scored>),
    NotFound,
}

/// Adds one name of an entry to the index, with its derived forms: admin
/// names also without their admin words ("Gouvernorat d'Alep" → "Alep"),
/// and any name also without a generic first word.
///
/// `near` has the bits ([`crate::governorate_bit`]) of the governorates
/// with a locality in the grid cells around this one.
pub(crate) fn index_name(index: &mut NameIndex, entry_id: u32, name_id: u16, name: &str, entry: &Entry, near: u16) {
    let is_admin = entry.kind.is_admin();
    let facts = Facts { kind: entry.kind, governorate: entry.governorate, abandoned: entry.is_abandoned(), near };
    let key = normalize(name);
    index.add(entry_id, name_id, &key, false, facts);
    let words = vocab();
    if is_admin {
        let kept: Vec<String> = key.tokens.iter().filter(|t| !words.governorate.contains(*t) && !words.district.contains(*t)).cloned().collect();
        if !kept.is_empty() && kept.len() < key.tokens.len() {
            index.add(entry_id, name_id, &NameKey::from_tokens(kept), false, facts);
        }
    }
    if key.tokens.len() >= 2 && key.tokens.first().is_some_and(|t| words.generic.contains(t)) {
        index.add(entry_id, name_id, &NameKey::from_tokens(key.tokens[1..].to_vec()), true, facts);
    }
}

/// A mention as read: its keys without the words that only say what kind
/// of place it is.
struct Reading {
    key: NameKey,
    kind: Option<PlaceKind>,
    /// "banlieue de", "north of", "Rif": about the area, not the city.
    outskirts: bool,
}

fn read_mention(name: &str, kind: Option<PlaceKind>) -> Reading {
    let key = normalize(name);
    let words = vocab();
    let mut said_kind = None;
    let mut outskirts = false;
    let mut kept = Vec::with_capacity(key.tokens.len());
    for token in &key.tokens {
        if words.governorate.contains(token) {
            said_kind = Some(PlaceKind::Governorate);
        } else if words.district.contains(token) {
            said_kind = said_kind.or(Some(PlaceKind::District));
        } else if words.city.contains(token) {
            said_kind = said_kind.or(Some(PlaceKind::Locality));
        } else if words.outskirts.contains(token) {
            outskirts = true;
        } else {
            kept.push(token.clone());
        }
    }
    if kept.is_empty() || kept.len() == key.tokens.len() {
        return Reading { key, kind, outskirts: false };
    }
    Reading { key: NameKey::from_tokens(kept), kind: kind.or(said_kind), outskirts }
}

/// Similarity of two keys: Jaro-Winkler on the full keys (rewards a shared
/// beginning, which transliterations keep) blended with edit similarity on
/// the skeletons (forgives vowels). An exact key is 1; anything else stays
/// below 0.97 so that an exact hit always outranks it.
fn blend(jw: f64, sk: f64) -> f64 {
    0.97 * (0.55 * jw + 0.45 * sk)
}

/// Room left for float rounding when a bound rules a name out: the bounds
/// are exact in real numbers, and a name is skipped only when even its
/// bound falls clearly below the floor.
const BOUND_SLACK: f64 = 1e-9;

/// Whether an entry may be offered, decided before any scoring.
pub(crate) enum Gate {
    /// Not of the kind or place wanted.
    Skip,
    /// Offered, at this cost.
    Keep(f64),
    /// A locality outside the province: offered at [`BORDER_PENALTY`] if it
    /// lies within [`BORDER_KM`] of it (a grid scan, so only checked for
    /// names that scored well enough).
    Border(Governorate),
}

/// A mention's keys made ready for the candidate scans: its variants
/// (itself, and without a generic first word) with their skeletons within
/// one edit and those skeletons' edit similarity. Made once per mention,
/// whatever number of scans (localities, admin units) then read it.
pub(crate) struct Query {
    variants: Vec<Variant>,
}

struct Variant {
    key: NameKey,
    key_chars: usize,
    /// Letter counts of an ASCII key.
    counts: Option<[u8; 128]>,
    penalty: f64,
    /// Skeleton ids near the key's skeleton, with their similarity to it;
    /// only those that could reach the lowest floor of any scan.
    skeletons: Vec<(u32, f64)>,
}

impl Gazetteer {
    fn query(&self, key: &NameKey) -> Query {
        let mut keys: Vec<(NameKey, f64)> = Vec::with_capacity(2);
        keys.push((key.clone(), 0.0));
        if key.tokens.len() >= 2 && key.tokens.first().is_some_and(|t| vocab().generic.contains(t)) {
            keys.push((NameKey::from_tokens(key.tokens[1..].to_vec()), GENERIC_PENALTY));
        }
        // A lone generic word ("Kafar", "Tall") names too little to guess
        // at: only an exact spelling of it counts.
        let only_exact = key.tokens.len() == 1 && key.tokens.first().is_some_and(|t| vocab().generic.contains(t));
        let mut near = Vec::new();
        let variants = keys
            .into_iter()
            .map(|(key, penalty)| {
                let mut skeletons = Vec::new();
                if !only_exact {
                    let skeleton_chars = key.skeleton.chars().count();
                    self.index.near(&key.skeleton, &mut near);
                    for &s in &near {
                        let (skeleton, chars) = self.index.skeleton(s);
                        let bound = similar::levenshtein_bound(skeleton_chars, chars);
                        if blend(1.0, bound) - penalty < LOWEST_FLOOR - BOUND_SLACK {
                            continue;
                        }
                        skeletons.push((s, similar::normalized_levenshtein(&key.skeleton, skeleton)));
                    }
                }
                Variant { key_chars: key.key.chars().count(), counts: similar::letter_counts(&key.key), key, penalty, skeletons }
            })
            .collect();
        Query { variants }
    }
}

impl Gazetteer {
    /// Candidates for `key` among entries `gate` lets through, best score
    /// per entry.
    ///
    /// Names are found by exact key and by skeletons within one edit, and
    /// scored only when they can still reach `floor`: the gate (kind and
    /// province) first, then bounds from the skeleton's edit similarity
    /// (shared by all names of a skeleton) and from the key lengths, and
    /// only then the exact Jaro-Winkler. The bounds are true upper bounds,
    /// so the result is the same as scoring every name.
    fn candidates(&self, query: &Query, floor: f64, gate: impl Fn(&Facts) -> Gate) -> Vec<Scored> {
        let mut found: Vec<Scored> = Vec::new();
        let index = &self.index;
        // `sk` is the skeleton similarity, `None` for an exact key hit.
        let mut consider = |variant: &Variant, name_id: u32, sk: Option<f64>| {
            let Some(name) = index.names.get(name_id as usize) else { return };
            let (entry_penalty, border) = match gate(&name.facts) {
                Gate::Skip => return,
                Gate::Keep(p) => (p, None),
                // No locality of that governorate in the cells around:
                // `near_governorate` would say no.
                Gate::Border(g) if name.facts.near & crate::governorate_bit(g) == 0 => return,
                Gate::Border(g) => (BORDER_PENALTY, Some(g)),
            };
            let penalty = variant.penalty;
            let mut fixed = penalty + entry_penalty;
            if name.derived {
                fixed += GENERIC_PENALTY;
            }
            if name.facts.abandoned {
                fixed += ABANDONED_PENALTY;
            }
            let name_key = index.key(name);
            let similarity = if variant.key.key == name_key {
                1.0
            } else {
                let Some(sk) = sk else { return };
                let prefix = similar::common_prefix(&variant.key.key, name_key);
                let bound = similar::jaro_winkler_bound(variant.key_chars, usize::from(name.key_chars), prefix);
                if blend(bound, sk) - fixed < floor - BOUND_SLACK {
                    return;
                }
                // A tighter bound for ASCII keys: only the letters the two
                // have in common can match.
                if let Some(counts) = variant.counts.as_ref().filter(|_| name.ascii) {
                    let common = similar::common_letters(counts, name_key);
                    let bound = similar::jaro_winkler_bound_with(variant.key_chars, usize::from(name.key_chars), common, prefix);
                    if blend(bound, sk) - fixed < floor - BOUND_SLACK {
                        return;
                    }
                }
                blend(similar::jaro_winkler(&variant.key.key, name_key), sk)
            };
            // The same subtractions, in the same order, as ever: scores
            // are compared with each other and with fixed thresholds.
            let mut score = similarity - penalty;
            if name.derived {
                score -= GENERIC_PENALTY;
            }
            if name.facts.abandoned {
                score -= ABANDONED_PENALTY;
            }
            if score < floor {
                return;
            }
            score -= entry_penalty;
            if score < floor {
                return;
            }
            if let Some(g) = border
                && !self.entry(name.entry).is_some_and(|entry| self.near_governorate(entry, g, BORDER_KM))
            {
                return;
            }
            found.push(Scored { entry: name.entry, name: name.name, score });
        };
        for variant in &query.variants {
            for id in index.exact(&variant.key.key) {
                consider(variant, id, None);
            }
            for &(s, sk) in &variant.skeletons {
                // Even a perfect Jaro-Winkler and no penalty beyond the
                // variant's cannot lift this skeleton's names to the floor.
                if blend(1.0, sk) - variant.penalty < floor - BOUND_SLACK {
                    continue;
                }
                for id in index.names_of(s) {
                    consider(variant, id, Some(sk));
                }
            }
        }
        // Best name per entry.
        // Ties go to the entry's earliest name (its canonical one first), so
        // that `search` shows the same matched name whatever the scan order.
        found.sort_unstable_by(|a, b| a.entry.cmp(&b.entry).then_with(|| b.score.total_cmp(&a.score)).then_with(|| a.name.cmp(&b.name)));
        found.dedup_by_key(|s| s.entry);
        found
    }

    fn entry(&self, id: u32) -> Option<&Entry> {
        self.entries.get(id as usize)
    }

    /// Orders candidates best first (score, then record quality) and folds
    /// records of one place into the best of them; keeps the head that
    /// [`Gazetteer::decide`] reads.
    fn rank(&self, found: Vec<Scored>, province: Option<Governorate>) -> Vec<Scored> {
        // Only the head matters: `decide` looks at the candidates within
        // the margin of the best, at most `MAX_CANDIDATES` of them (the
        // same test, so the same ones), and the rest are never sorted or
        // folded.
        let Some(best) = found.iter().map(|s| s.score).max_by(f64::total_cmp) else { return Vec::new() };
        let mut head: Vec<(Scored, bool, i32)> = found
            .into_iter()
            .filter(|s| s.score >= best - AMBIGUITY_MARGIN)
            .map(|s| {
                let entry = self.entry(s.entry);
                let exact_province = province.is_some() && entry.and_then(|e| e.governorate) == province;
                (s, exact_province, entry.map_or(i32::MIN, Entry::quality))
            })
            .collect();
        head.sort_by(|(a, a_province, a_quality), (b, b_province, b_quality)| {
            b.score.total_cmp(&a.score).then_with(|| b_province.cmp(a_province)).then_with(|| b_quality.cmp(a_quality)).then_with(|| a.entry.cmp(&b.entry))
        });
        let mut kept: Vec<Scored> = Vec::with_capacity(head.len().min(MAX_CANDIDATES));
        for (s, _, _) in head {
            if kept.len() == MAX_CANDIDATES {
                break;
            }
            let Some(e) = self.entry(s.entry) else { continue };
            let duplicate = kept.iter().any(|k| self.entry(k.entry).is_some_and(|head| same_place(head, e)));
            if !duplicate {
                kept.push(s);
            }
        }
        kept
    }

    /// The decision on ranked candidates: one clear best, several close
    /// ones, or nothing good enough.
    fn decide(&self, ranked: &[Scored]) -> Resolution {
        let Some(best) = ranked.first().copied() else { return Resolution::NotFound };
        if best.score < ACCEPT {
            return Resolution::NotFound;
        }
        let close: Vec<Scored> = ranked.iter().copied().take_while(|s| s.score >= best.score - AMBIGUITY_MARGIN).take(MAX_CANDIDATES).collect();
        if close.len() > 1 { Resolution::Ambiguous(close) } else { Resolution::Linked(best) }
    }

    /// Admin units (and regions) of the given kinds, under the province.
    fn admin_candidates(&self, query: &Query, kinds: &[EntryKind], province: Option<Governorate>) -> Vec<Scored> {
        let found = self.candidates(query, SEARCH_FLOOR, |e| {
            if !kinds.contains(&e.kind) {
                return Gate::Skip;
            }
            match (province, e.governorate) {
                (Some(p), Some(g)) if !g.same_as(p) && e.kind != EntryKind::Governorate => Gate::Skip,
                // A governorate name that is not the given province is
                // still the governorate the words name, but it ranks lower.
                (Some(p), Some(g)) if !g.same_as(p) => Gate::Keep(0.05),
                _ => Gate::Keep(0.0),
            }
        });
        self.rank(found, province)
    }

    /// Localities under the province constraint: inside it, or just over
    /// its line at a small cost.
    fn locality_candidates(&self, query: &Query, province: Option<Governorate>, floor: f64) -> Vec<Scored> {
        let found = self.candidates(query, floor, |e| {
            if e.kind != EntryKind::Locality {
                return Gate::Skip;
            }
            let Some(p) = province else { return Gate::Keep(0.0) };
            if e.governorate.is_some_and(|g| g.same_as(p)) { Gate::Keep(0.0) } else { Gate::Border(p) }
        });
        self.rank(found, province)
    }

    /// Decides what a mention names.
    pub(crate) fn resolve(&self, name: &str, province: Option<Governorate>, kind: Option<PlaceKind>) -> Resolution {
        let reading = read_mention(name, kind);
        if reading.key.is_empty() {
            return Resolution::NotFound;
        }
        let query = self.query(&reading.key);
        let governorates = [EntryKind::Governorate, EntryKind::Region];
        match reading.kind {
            Some(PlaceKind::Governorate) => self.decide(&self.admin_candidates(&query, &governorates, province)),
            // A district is usually named after its seat, as is the seat's
            // sub-district: the district wins, the sub-district is the
            // fallback.
            Some(PlaceKind::District) => match self.decide(&self.admin_candidates(&query, &[EntryKind::District], province)) {
                Resolution::NotFound => self.decide(&self.admin_candidates(&query, &[EntryKind::SubDistrict], province)),
                found => found,
            },
            Some(PlaceKind::Locality) => self.decide(&self.locality_candidates(&query, province, ACCEPT)),
            Some(PlaceKind::Country) => Resolution::NotFound,
            None if reading.outskirts => {
                let admin = self.admin_candidates(&query, &governorates, province);
                match self.decide(&admin) {
                    Resolution::Linked(best) => Resolution::Linked(self.surroundings_of(best)),
                    _ => self.resolve_plain(&query, province),
                }
            }
            None => self.resolve_plain(&query, province),
        }
    }

    /// A plain name: a locality when one matches as well as an admin unit
    /// ("six à Alep" is the city), the admin unit or region otherwise
    /// ("Rif Dimashq", "Ghouta orientale").
    fn resolve_plain(&self, query: &Query, province: Option<Governorate>) -> Resolution {
        let localities = self.locality_candidates(query, province, ACCEPT - AMBIGUITY_MARGIN);
        let admin = self.admin_candidates(query, &[EntryKind::Governorate, EntryKind::Region], province);
        let best_locality = localities.first().map_or(0.0, |s| s.score);
        let best_admin = admin.first().map_or(0.0, |s| s.score);
        if best_admin >= ACCEPT && best_admin > best_locality + AMBIGUITY_MARGIN { self.decide(&admin) } else { self.decide(&localities) }
    }

    /// The area around a place: around Damascus city, whose governorate is
    /// the city itself, that is Rural Damascus.
    fn surroundings_of(&self, best: Scored) -> Scored {
        let is_damascus = self.entry(best.entry).is_some_and(|e| e.governorate == Some(Governorate::Damascus));
        if !is_damascus {
            return best;
        }
        match self.by_id.get(Governorate::RuralDamascus.pcode()) {
            Some(&entry) => Scored { entry, name: 0, score: best.score },
            None => best,
        }
    }

    /// Fills `place` with its gazetteer id, canonical name, district,
    /// coordinates and score; or, when several places fit as well, with
    /// the candidates and no id. Returns a diagnostic for an ambiguous or
    /// unknown name.
    pub fn link(&self, place: &mut Place) -> Option<Diagnostic> {
        let resolution = self.resolve(&place.name, place.province, place.kind);
        self.apply(place, resolution)
    }

    /// Writes what linking decided into `place` (see [`Gazetteer::link`]).
    fn apply(&self, place: &mut Place, resolution: Resolution) -> Option<Diagnostic> {
        clear_link(place);
        match resolution {
            Resolution::Linked(s) => {
                let entry = self.entry(s.entry)?;
                place.id = Some(entry.id.clone());
                place.canonical = Some(entry.name.clone());
                place.district = entry.district.clone();
                place.lat = Some(entry.lat);
                place.lon = Some(entry.lon);
                place.score = Some(round3(s.score));
                None
            }
            Resolution::Ambiguous(close) => {
                place.candidates = close
                    .iter()
                    .filter_map(|s| {
                        let e = self.entry(s.entry)?;
                        Some(Candidate { id: e.id.clone(), canonical: e.name.clone(), score: round3(s.score) })
                    })
                    .collect();
                let listed: Vec<String> = close
                    .iter()
                    .filter_map(|s| {
                        let e = self.entry(s.entry)?;
                        let g = e.governorate.map_or("?", Governorate::pcode);
                        Some(format!("{} ({}, {g}, {:.2})", e.name, e.id, s.score))
                    })
                    .collect();
                Some(Diagnostic::warning(format!("place {:?} is ambiguous: {}", place.name, listed.join("; ")), None))
            }
            Resolution::NotFound => Some(Diagnostic {
                severity: Severity::Info,
                message: format!("place {:?}{} is not in the gazetteer", place.name, place.province.map(|p| format!(" ({p})")).unwrap_or_default()),
                span: None,
            }),
        }
    }

    /// Links every place of every claim; the diagnostics carry the claim's
    /// evidence span so a reader can find the words.
    pub fn link_claims(&self, claims: &mut [Claim]) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        // A bulletin names the same places claim after claim: each
        // (name, province, kind) is resolved once per call.
        let mut seen: FxHashMap<(String, Option<Governorate>, Option<PlaceKind>), Resolution> = FxHashMap::default();
        for claim in claims.iter_mut() {
            let mut resolutions: Vec<Resolution> = claim
                .places
                .iter()
                .map(|place| {
                    let key = (place.name.clone(), place.province, place.kind);
                    seen.entry(key).or_insert_with(|| self.resolve(&place.name, place.province, place.kind)).clone()
                })
                .collect();
            self.settle_by_neighbours(&claim.places, &mut resolutions);
            for (place, resolution) in claim.places.iter_mut().zip(resolutions) {
                if let Some(mut d) = self.apply(place, resolution) {
                    d.span = d.span.or(claim.span);
                    diagnostics.push(d);
                }
            }
        }
        diagnostics
    }

    /// Localities a claim names together lie together: "les localités de
    /// Wadi al-Kalé et d'el-Guinnam" are two villages a few kilometres
    /// apart, not one of them and a namesake across the province. A
    /// locality that is ambiguous, or linked far from every other locality
    /// of its claim, takes the one candidate (scoring nearly as well as
    /// the best) that lies near one of them. Only localities linked
    /// outright serve as neighbours, and a single near candidate is
    /// required, so this settles ambiguity from the text, never by chance.
    fn settle_by_neighbours(&self, places: &[Place], resolutions: &mut [Resolution]) {
        let anchors: Vec<(usize, &Entry)> = resolutions
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r {
                Resolution::Linked(s) => self.entry(s.entry).filter(|e| e.kind == EntryKind::Locality).map(|e| (i, e)),
                _ => None,
            })
            .collect();
        if anchors.is_empty() {
            return;
        }
        for (i, place) in places.iter().enumerate() {
            if place.kind != Some(PlaceKind::Locality) {
                continue;
            }
            let neighbours: Vec<&Entry> = anchors.iter().filter(|(j, _)| *j != i).map(|(_, e)| *e).collect();
            let near = |e: &Entry| neighbours.iter().any(|n| within_km(e.lat, e.lon, n.lat, n.lon, NEIGHBOUR_KM));
            let best = match &resolutions[i] {
                Resolution::Ambiguous(close) => close.first().map_or(0.0, |s| s.score),
                Resolution::Linked(s) if self.entry(s.entry).is_some_and(|e| !near(e)) => s.score,
                _ => continue,
            };
            if neighbours.is_empty() {
                continue;
            }
            let reading = read_mention(&place.name, place.kind);
            let query = self.query(&reading.key);
            let mut close: Vec<Scored> = self
                .locality_candidates_all(&query, place.province)
                .into_iter()
                .filter(|s| s.score >= best - NEIGHBOUR_MARGIN && self.entry(s.entry).is_some_and(near))
                .collect();
            close.sort_by(|a, b| b.score.total_cmp(&a.score));
            let Some(first) = close.first().copied() else { continue };
            let one_place =
                close.iter().all(|s| s.entry == first.entry || self.entry(s.entry).zip(self.entry(first.entry)).is_some_and(|(a, b)| same_place(a, b)));
            if one_place {
                resolutions[i] = Resolution::Linked(first);
            }
        }
    }

    /// Every locality candidate at or above [`ACCEPT`] under the province
    /// constraint, not only the head [`Gazetteer::rank`] keeps.
    fn locality_candidates_all(&self, query: &Query, province: Option<Governorate>) -> Vec<Scored> {
        self.candidates(query, ACCEPT, |e| {
            if e.kind != EntryKind::Locality {
                return Gate::Skip;
            }
            let Some(p) = province else { return Gate::Keep(0.0) };
            if e.governorate.is_some_and(|g| g.same_as(p)) { Gate::Keep(0.0) } else { Gate::Border(p) }
        })
    }

    /// Every entry whose names come close to `name`, best first: localities,
    /// admin units and regions alike, for a person checking a spelling.
    /// With a province, only entries in it (or on its border) are listed.
    pub fn search(&self, name: &str, province: Option<Governorate>, limit: usize) -> Vec<Match> {
        let reading = read_mention(name, None);
        if reading.key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found = self.candidates(&self.query(&reading.key), SEARCH_FLOOR, |e| match (province, e.governorate) {
            (None, _) => Gate::Keep(0.0),
            (Some(p), Some(g)) if g.same_as(p) => Gate::Keep(0.0),
            (Some(p), _) if e.kind == EntryKind::Locality => Gate::Border(p),
            _ => Gate::Skip,
        });
        let quality = |s: &Scored| self.entry(s.entry).map_or(i32::MIN, |e| e.quality());
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| quality(b).cmp(&quality(a))));
        found
            .into_iter()
            .take(limit)
            .filter_map(|s| {
                let e = self.entry(s.entry)?;
                Some(Match {
                    id: e.id.clone(),
                    canonical: e.name.clone(),
                    kind: e.kind,
                    governorate: e.governorate,
                    district: e.district.clone(),
                    lat: e.lat,
                    lon: e.lon,
                    score: round3(s.score),
                    matched_name: e.names.get(s.name as usize).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// Whether two records are one place: two localities a few km apart, or
/// two governorates that bulletins use for each other (Damascus / Rural
/// Damascus).
fn same_place(a: &Entry, b: &Entry) -> bool {
    match (a.kind, b.kind) {
        (EntryKind::Locality, EntryKind::Locality) => within_km(a.lat, a.lon, b.lat, b.lon, SAME_PLACE_KM),
        (EntryKind::Locality, _) | (_, EntryKind::Locality) => false,
        _ if a.id == b.id => true,
        (EntryKind::Governorate | EntryKind::Region, EntryKind::Governorate | EntryKind::Region) => {
            matches!((a.governorate, b.governorate), (Some(x), Some(y)) if x.same_as(y))
        }
        _ => false,
    }
}

fn clear_link(place: &mut Place) {
    place.id = None;
    place.canonical = None;
    place.district = None;
    place.lat = None;
    place.lon = None;
    place.score = None;
    place.candidates.clear();
}

fn round3(x: f64) -> f64 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}
