//! The words rules look for, in folded form (see [`crate::token::fold`]),
//! and what they mean: cue words by role, governorate spellings, month and
//! weekday names, Russian cues.
//!
//! No word list is written here: language knowledge is data. Each language
//! has a profile, `lang/<code>.toml` (and `lang/common.toml` for symbols of
//! no one language), compiled in and parsed once, at first use. A [`Words`]
//! names a role (`violations`, `total_verbs`, …) and holds the union of that
//! role's entries over every profile: roles are shared across languages,
//! since bulletins mix them and a French quote in an English article is
//! common. A trailing `*` makes an entry a prefix ("liber*" matches
//! "liberees", "liberated"). Adding a language means adding a profile (and
//! listing it in [`PROFILES`]) and its tests, not editing the rules; the
//! tests below check that every role the code names is in some profile,
//! that every role of a profile is one the code names, and that entries are
//! written folded.

use crate::token::{Norm, Token, TokenKind};
use jiff::civil::Weekday;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;
use truce_model::Governorate;

/// The language profiles, compiled in. Their order matters only for
/// `articles`, which are tried in order.
const PROFILES: [(&str, &str); 4] = [
    ("common", include_str!("../lang/common.toml")),
    ("en", include_str!("../lang/en.toml")),
    ("fr", include_str!("../lang/fr.toml")),
    ("ru", include_str!("../lang/ru.toml")),
];

/// One language's profile, as its file writes it (see `lang/en.toml`),
/// borrowing from the parsed document.
#[derive(Default)]
struct Profile {
    /// Bare Arabic articles a governorate name may follow ("al", "эль").
    articles: Vec<&'static str>,
    /// Role name → folded entries.
    roles: Vec<(&'static str, Vec<&'static str>)>,
    /// Folded spelling (hyphens as spaces, no article) → p-code.
    governorates: Vec<(&'static str, &'static str)>,
    /// Folded month name → month number.
    months: Vec<(&'static str, i8)>,
    /// Folded weekday name → English weekday name.
    weekdays: Vec<(&'static str, &'static str)>,
    /// Folded word or stem (`*`) → the shared cue it reads as.
    cues: Vec<(&'static str, &'static str)>,
}

type Document = toml::Spanned<toml::de::DeTable<'static>>;

/// Every profile, parsed on first use. The files are compiled in and the
/// tests parse each one, so a broken file never gets past `cargo test`.
/// The profile is read off toml's document tree rather than through serde:
/// the same checks, at two thirds of the start-up cost.
fn profiles() -> &'static [Profile] {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    static PARSED: OnceLock<Vec<Profile>> = OnceLock::new();
    PARSED.get_or_init(|| {
        let documents = DOCUMENTS
            .get_or_init(|| PROFILES.iter().map(|(name, text)| toml::de::DeTable::parse(text).unwrap_or_else(|e| panic!("lang/{name}.toml: {e}"))).collect());
        PROFILES.iter().zip(documents).map(|((name, _), doc)| read_profile(doc.get_ref()).unwrap_or_else(|e| panic!("lang/{name}.toml: {e}"))).collect()
    })
}

fn read_profile(doc: &'static toml::de::DeTable<'static>) -> Result<Profile, String> {
    use toml::de::DeValue;
    fn table(v: &'static DeValue<'static>, what: &str) -> Result<&'static toml::de::DeTable<'static>, String> {
        v.as_table().ok_or_else(|| format!("[{what}] is not a table"))
    }
    fn string(v: &'static DeValue<'static>, what: &str) -> Result<&'static str, String> {
        v.as_str().ok_or_else(|| format!("{what} is not a string"))
    }
    fn strings(v: &'static DeValue<'static>, what: &str) -> Result<Vec<&'static str>, String> {
        let items = v.as_array().ok_or_else(|| format!("{what} is not a list"))?;
        items.iter().map(|i| string(i.get_ref(), what)).collect()
    }
    fn pairs<V>(
        v: &'static DeValue<'static>,
        what: &str,
        value: impl Fn(&'static DeValue<'static>, &str) -> Result<V, String>,
    ) -> Result<Vec<(&'static str, V)>, String> {
        table(v, what)?.iter().map(|(k, v)| Ok((k.get_ref().as_ref(), value(v.get_ref(), k.get_ref())?))).collect()
    }
    let mut p = Profile::default();
    for (key, value) in doc {
        let value = value.get_ref();
        match key.get_ref().as_ref() {
            "articles" => p.articles = strings(value, "articles")?,
            "roles" => p.roles = pairs(value, "roles", strings)?,
            "governorates" => p.governorates = pairs(value, "governorates", string)?,
            "months" => {
                p.months = pairs(value, "months", |v, k| {
                    let n = v.as_integer().filter(|n| n.radix() == 10).and_then(|n| n.as_str().parse().ok());
                    n.ok_or_else(|| format!("the month {k:?} is not a number"))
                })?
            }
            "weekdays" => p.weekdays = pairs(value, "weekdays", string)?,
            "cues" => p.cues = pairs(value, "cues", string)?,
            other => return Err(format!("unknown section {other:?}")),
        }
    }
    Ok(p)
}

/// Each role's entries, the union over all profiles.
fn roles() -> &'static FxHashMap<&'static str, Vec<&'static str>> {
    static ROLES: OnceLock<FxHashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    ROLES.get_or_init(|| {
        let mut roles: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
        for profile in profiles() {
            for (role, entries) in &profile.roles {
                let list = roles.entry(*role).or_default();
                for &e in entries {
                    if !list.contains(&e) {
                        list.push(e);
                    }
                }
            }
        }
        roles
    })
}

/// A folded word → value table with a cheap first test: most words are
/// turned away by an array read (first byte, length) before any hashing.
struct WordMap<V> {
    map: FxHashMap<&'static str, V>,
    /// By [`pair_slot`] of a key's first two bytes, the key lengths (bit
    /// `min(len, 31)`).
    lengths: Box<[u32; PAIR_SLOTS]>,
}

impl<V: Copy> WordMap<V> {
    fn new(entries: impl IntoIterator<Item = (&'static str, V)>) -> Self {
        let map: FxHashMap<&'static str, V> = entries.into_iter().collect();
        let mut lengths = Box::new([0u32; PAIR_SLOTS]);
        for k in map.keys() {
            lengths[pair_slot(k.as_bytes())] |= 1 << k.len().min(31);
        }
        WordMap { map, lengths }
    }

    fn get(&self, norm: &str) -> Option<V> {
        if norm.is_empty() || self.lengths[pair_slot(norm.as_bytes())] & (1 << norm.len().min(31)) == 0 {
            return None;
        }
        self.map.get(norm).copied()
    }
}

/// The month a folded month name means: "janvier", "january", "jan",
/// "января", "янв" (see each profile's `[months]`).
pub fn month_number(norm: &str) -> Option<i8> {
    static MONTHS: OnceLock<WordMap<i8>> = OnceLock::new();
    MONTHS.get_or_init(|| WordMap::new(profiles().iter().flat_map(|p| p.months.iter().copied()))).get(norm)
}

/// The day a folded weekday name means (see each profile's `[weekdays]`).
pub fn weekday(norm: &str) -> Option<Weekday> {
    static WEEKDAYS: OnceLock<WordMap<Weekday>> = OnceLock::new();
    WEEKDAYS.get_or_init(|| WordMap::new(profiles().iter().flat_map(|p| p.weekdays.iter().filter_map(|&(k, v)| Some((k, weekday_named(v)?)))))).get(norm)
}

fn weekday_named(name: &str) -> Option<Weekday> {
    Some(match name {
        "monday" => Weekday::Monday,
        "tuesday" => Weekday::Tuesday,
        "wednesday" => Weekday::Wednesday,
        "thursday" => Weekday::Thursday,
        "friday" => Weekday::Friday,
        "saturday" => Weekday::Saturday,
        "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// A list of cue words. The lists named in [`CLASSIFIED`] are looked up
/// once per token, when it is read (see [`classify`]), and asking whether a
/// token is in one is then a bit test; any other list is indexed on first
/// use: a hash probe plus a few prefixes beats scanning fifty words.
pub struct Words {
    /// The role whose entries, over every profile, this list holds.
    role: &'static str,
    index: OnceLock<WordIndex>,
    /// This list's bit in [`Norm`]'s cue mask, set when the classifier is
    /// built; unset for a list missing from [`CLASSIFIED`].
    bit: OnceLock<u8>,
}

struct WordIndex {
    exact: FxHashSet<&'static str>,
    prefixes: Vec<&'static str>,
    /// The first `head_len` bytes of every prefix: most words share none,
    /// and are turned away without trying each prefix.
    heads: FxHashSet<&'static str>,
    head_len: usize,
    /// For each first byte, which word lengths the exact entries have
    /// (bit `min(len, 31)`), and whether any prefix starts with it: most
    /// words are turned away by two array reads, before any hashing.
    lengths_by_first: [u32; 256],
    prefix_first: [bool; 256],
}

impl Words {
    /// The words playing `role` in any language profile.
    pub const fn role(role: &'static str) -> Self {
        Words { role, index: OnceLock::new(), bit: OnceLock::new() }
    }

    /// This role's entries in every profile. A role no profile has is
    /// empty (the tests make sure there is none).
    fn entries(&self) -> &'static [&'static str] {
        let entries = roles().get(self.role);
        debug_assert!(entries.is_some(), "no profile in lang/ has the role {:?}", self.role);
        entries.map_or(&[], Vec::as_slice)
    }

    fn index(&self) -> &WordIndex {
        self.index.get_or_init(|| {
            let prefixes: Vec<&'static str> = self.entries().iter().filter_map(|e| e.strip_suffix('*')).collect();
            let head_len = prefixes.iter().map(|p| p.len()).min().unwrap_or(0);
            let exact: FxHashSet<&'static str> = self.entries().iter().copied().filter(|e| !e.ends_with('*')).collect();
            let mut lengths_by_first = [0u32; 256];
            for e in &exact {
                if let Some(&b) = e.as_bytes().first() {
                    lengths_by_first[b as usize] |= 1 << e.len().min(31);
                }
            }
            let mut prefix_first = [false; 256];
            for p in &prefixes {
                if let Some(&b) = p.as_bytes().first() {
                    prefix_first[b as usize] = true;
                }
            }
            WordIndex { exact, heads: prefixes.iter().filter_map(|p| p.get(..head_len)).collect(), prefixes, head_len, lengths_by_first, prefix_first }
        })
    }

    /// This list's bit in the cue mask, if it is one of [`CLASSIFIED`].
    fn bit(&self) -> Option<u8> {
        classifier();
        self.bit.get().copied()
    }
}

/// Something that can say whether a folded word is one of its entries.
pub trait Lookup {
    fn has(&self, norm: &str) -> bool;
    /// The same question about a token's word, which may already know the
    /// answer.
    fn has_word(&self, word: &Norm<'_>) -> bool {
        self.has(word)
    }
}

impl Lookup for Words {
    fn has(&self, norm: &str) -> bool {
        let index = self.index();
        let Some(&first) = norm.as_bytes().first() else { return false };
        let maybe_exact = index.lengths_by_first[first as usize] & (1 << norm.len().min(31)) != 0;
        if maybe_exact && index.exact.contains(norm) {
            return true;
        }
        if !index.prefix_first[first as usize] {
            return false;
        }
        !index.prefixes.is_empty()
            && norm.get(..index.head_len).is_some_and(|head| index.heads.contains(head))
            && index.prefixes.iter().any(|p| norm.starts_with(p))
    }

    fn has_word(&self, word: &Norm<'_>) -> bool {
        match self.bit() {
            Some(bit) => word.cues & (1 << bit) != 0,
            None => self.has(word),
        }
    }
}

impl Lookup for [&str] {
    fn has(&self, norm: &str) -> bool {
        // Short lists written inline in the rules, asked at most tokens:
        // length and first byte turn nearly every entry away before a
        // full comparison.
        let n = norm.as_bytes();
        self.iter().any(|e| {
            let e = e.as_bytes();
            match e.split_last() {
                Some((b'*', prefix)) => n.starts_with(prefix),
                _ => e.len() == n.len() && e.first() == n.first() && e == n,
            }
        })
    }
}

impl<const N: usize> Lookup for [&str; N] {
    fn has(&self, norm: &str) -> bool {
        self.as_slice().has(norm)
    }
}

/// A word as the rules hold it: a token's classified [`Norm`] or a plain
/// folded `str`.
pub trait Word {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool;
}

impl Word for str {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool {
        entries.has(self)
    }
}

impl Word for Norm<'_> {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool {
        entries.has_word(self)
    }
}

pub fn any<W: Lookup + ?Sized, N: Word + ?Sized>(entries: &W, norm: &N) -> bool {
    norm.is_in(entries)
}

/// Whether any token in `tokens` matches any entry.
pub fn mentions<W: Lookup + ?Sized>(tokens: &[Token<'_>], entries: &W) -> bool {
    tokens.iter().any(|t| entries.has_word(&t.norm))
}

/// What a number counts: the noun after it decides the metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Noun {
    /// Area; the factor converts to km².
    Area(f64),
    /// Mass; the factor converts to tonnes.
    Mass(f64),
    Agreement,
    Locality,
    ArmedGroup,
    Violation,
    HumanitarianAction,
    People,
    /// Women, children, minors: parts of a count of people, never a count.
    PeopleSubset,
}

// The words of facts stated without a count (`rules::facts`).

/// Talks that are not a locality's: "les négociations internationales",
/// "the Geneva talks", "Astana".
pub static INTERNATIONAL_TALKS: Words = Words::role("international_talks");
/// What a truce is in: "en vigueur", "in force", "took effect".
pub static IN_FORCE_NOUNS: Words = Words::role("in_force_nouns");
/// What puts a truce in force by itself: "introduced", "instauré".
pub static IN_FORCE_VERBS: Words = Words::role("in_force_verbs");
/// What a truce named just before does when it begins: "the ceasefire
/// started", "la trêve a commencé".
pub static TRUCE_START_VERBS: Words = Words::role("truce_start_verbs");
/// Agreements named in the plural without a count: "signed agreements
/// with the settlements of Izra and Shaqra".
pub static AGREEMENT_PLURALS: Words = Words::role("agreement_plurals");
pub static SIGNING_VERBS: Words = Words::role("signing_verbs");
/// What joins two names of a list.
pub static AND_WORDS: Words = Words::role("and_words");
/// Shelling said as a verb: "ont pilonné", "shelled".
pub static SHELLING_VERBS: Words = Words::role("shelling_verbs");
/// The word "violation(s)" itself, for violations said without a count.
pub static VIOLATION_WORDS: Words = Words::role("violation_words");
/// Words just before "violations" that make them the reporter's count:
/// "cas de violation", "ceasefire violations".
pub static VIOLATION_LEADS: Words = Words::role("violation_leads");

/// Nouns that name one locality: "la ville de Zakat", "the village of
/// Qabtan al-Jabal".
pub static SINGULAR_LOCALITY_NOUNS: Words = Words::role("singular_locality_nouns");
/// What may stand between a verb and the locality it takes: "ont repris
/// le village de", "captured the town of".
pub static OBJECT_LEAD: Words = Words::role("object_lead");

/// Words between a part of a breakdown and its place: "12 of which were
/// in…", "three others in…", "sept ont eu lieu dans…".
pub static PART_FILLERS: Words = Words::role("part_fillers");

/// Words that take a share of things counted before: "sur les cas de
/// violation, sept…", "of these violations, five…".
pub static PARTITIVES: Words = Words::role("partitives");

/// Words that may stand between "of" and the province it opens: "de la
/// province d'Alep", "of the province of Homs".
pub static PROVINCE_LEAD: Words = Words::role("province_lead");

/// Words that may stand between a number and the noun it counts.
pub static MODIFIERS: Words = Words::role("count_modifiers");

pub static AREA_QUALIFIED: Words = Words::role("area_qualified");
pub static AREA_KM: Words = Words::role("area_km");
pub static SQUARE: Words = Words::role("square");
pub static SQUARE_MILES: Words = Words::role("square_miles");
pub static TONNES: Words = Words::role("tonnes");
pub static KILOS: Words = Words::role("kilos");
pub static AGREEMENTS: Words = Words::role("agreements");
pub static LOCALITIES: Words = Words::role("localities");
/// Nouns that count places only after "populated", "inhabited" and the like.
pub static AREAS: Words = Words::role("areas");
pub static AREA_ADJECTIVES: Words = Words::role("area_adjectives");
pub static ARMED_GROUPS: Words = Words::role("armed_groups");
pub static VIOLATIONS: Words = Words::role("violations");
/// Nouns that count violations only where the sentence speaks of them.
pub static CASES: Words = Words::role("cases");
pub static VIOLATION_CONTEXT: Words = Words::role("violation_context");
/// Attacks count as violations where the text is about a truce: "sept
/// attaques dans la zone de désescalade", "14 harassments and attacks"
/// during a pause.
pub static ATTACKS: Words = Words::role("attacks");
pub static HUMANITARIAN_NOUNS: Words = Words::role("humanitarian_nouns");
pub static HUMANITARIAN: Words = Words::role("humanitarian");
pub static PEOPLE: Words = Words::role("people");
pub static REFUGEES: Words = Words::role("refugees");
pub static PEOPLE_SUBSETS: Words = Words::role("people_subsets");

/// Verbs that introduce a running total directly before its number.
pub static TOTAL_VERBS: Words = Words::role("total_verbs");
/// Verbs that say a count stayed as it was: what stays is a stock, a
/// running total, even in a 24-hour report.
pub static STOCK_VERBS: Words = Words::role("stock_verbs");

/// Words that make a figure a running total wherever they stand near it.
pub static TOTAL_WORDS: Words = Words::role("total_words");
pub static LIBERATION: Words = Words::role("liberation");
pub static JOINING: Words = Words::role("joining");
pub static RETURNING: Words = Words::role("returning");
/// Leaving a country is returning for refugees (never for evacuees).
pub static LEAVING: Words = Words::role("leaving");
pub static AID_CONTEXT: Words = Words::role("aid_context");
/// Intentions, readiness and drafts: "ready to join" is not joining.
pub static NOT_YET: Words = Words::role("not_yet");
pub static NEGOTIATION: Words = Words::role("negotiation");
pub static CONTINUING: Words = Words::role("continuing");
pub static IN_FORCE: Words = Words::role("in_force");
pub static CEASEFIRE: Words = Words::role("ceasefire");
pub static REGISTERING: Words = Words::role("registering");
pub static VAGUE_QUANTITY: Words = Words::role("vague_quantity");
/// Words that pick out a share of things already counted ("the majority
/// of violations were recorded near…"): such a sentence says where, not how
/// many, so it states no new fact.
pub static PROPORTION: Words = Words::role("proportion");
pub static NEGATION: Words = Words::role("negation");
pub static APPROXIMATE: Words = Words::role("approximate");
pub static PROVINCE_WORDS: Words = Words::role("province_words");
pub static LOCALITY_CUES: Words = Words::role("locality_cues");
/// Connectors inside a list of names.
pub static LIST_JOINERS: Words = Words::role("list_joiners");
/// Capitalised words that never begin a place name.
pub static NOT_PLACES: Words = Words::role("not_places");
/// The parts of a region: "le sud de", "north of".
pub static COMPASS: Words = Words::role("compass");
/// "northern Hama", "southern Idlib".
pub static COMPASS_ADJECTIVES: Words = Words::role("compass_adjectives");

/// What another country's first-level regions are called: "Donetsk region".
/// Syria's are provinces, and have their own names (see [`governorate_at`]).
pub static FOREIGN_REGION_WORDS: Words = Words::role("foreign_region_words");

/// The outskirts of a city: "la banlieue sud-est de Damas" is in Rural
/// Damascus (see [`governorate_at`]).
pub static SUBURBS: Words = Words::role("suburbs");
/// The capital, whose suburbs are in Rural Damascus.
pub static CAPITAL: Words = Words::role("capital");

/// Countries refugees come back from, as bulletins write them.
pub static COUNTRIES: Words = Words::role("countries");

/// Russian cue words (`[cues]` in `lang/ru.toml`) give a Russian word the
/// cue it means as its folded form (see [`crate::token`]): Russian inflects
/// every noun, adjective and verb, so most entries are stems (`*`):
/// "нарушени*" covers нарушения, нарушений, нарушениями, and one set of
/// rules reads all three languages: "семь случаев нарушения" reads as
/// "семь cases violations". Only words rules look at are listed; names and
/// other words keep their own form. An exact entry wins over stems, and
/// the longest matching stem over shorter ones ("боевик*" before "боев*").
/// The cue a folded Russian word stands for, if it is one rules read.
pub fn russian_cue(norm: &str) -> Option<&'static str> {
    struct Table {
        exact: FxHashMap<&'static str, &'static str>,
        /// Longest first, so that the most specific stem wins.
        stems: Vec<(&'static str, &'static str)>,
    }
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let cues = || profiles().iter().flat_map(|p| p.cues.iter().copied());
        let mut stems: Vec<(&'static str, &'static str)> = cues().filter_map(|(w, cue)| w.strip_suffix('*').map(|s| (s, cue))).collect();
        stems.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let exact = cues().filter(|(w, _)| !w.ends_with('*')).collect();
        Table { exact, stems }
    });
    if let Some(cue) = table.exact.get(norm) {
        return Some(cue);
    }
    table.stems.iter().find(|(stem, _)| norm.starts_with(stem)).map(|&(_, cue)| cue)
}

/// The lists every token is classified against when it is read, one bit
/// each in [`Norm`]'s cue mask (at most 64). A list left out still works,
/// through its own index.
static CLASSIFIED: [&Words; CLASSIFIED_LISTS] = [
    &MODIFIERS,
    &AREA_QUALIFIED,
    &AREA_KM,
    &SQUARE,
    &SQUARE_MILES,
    &TONNES,
    &KILOS,
    &AGREEMENTS,
    &LOCALITIES,
    &AREAS,
    &AREA_ADJECTIVES,
    &ARMED_GROUPS,
    &VIOLATIONS,
    &CASES,
    &VIOLATION_CONTEXT,
    &HUMANITARIAN_NOUNS,
    &VIOLATION_WORDS,
    &SHELLING_VERBS,
    &AGREEMENT_PLURALS,
    &HUMANITARIAN,
    &PEOPLE,
    &REFUGEES,
    &PEOPLE_SUBSETS,
    &TOTAL_VERBS,
    &TOTAL_WORDS,
    &LIBERATION,
    &JOINING,
    &RETURNING,
    &LEAVING,
    &AID_CONTEXT,
    &NOT_YET,
    &NEGOTIATION,
    &CONTINUING,
    &IN_FORCE,
    &CEASEFIRE,
    &REGISTERING,
    &VAGUE_QUANTITY,
    &NEGATION,
    &APPROXIMATE,
    &PROVINCE_WORDS,
    &LOCALITY_CUES,
    &LIST_JOINERS,
    &NOT_PLACES,
    &COUNTRIES,
    &crate::actor::HEADS,
    &crate::actor::MODIFIERS,
    &crate::places::BEFORE_PROVINCE_WORD,
    &crate::places::AFTER_PROVINCE_WORD,
    &crate::places::KEEP_PROVINCE_LIST,
    &PROPORTION,
    &SUBURBS,
    &CAPITAL,
];

const CLASSIFIED_LISTS: usize = 52;
const _: () = assert!(CLASSIFIED_LISTS <= 64, "a token's cue mask has 64 bits: leave further lists to their own index");

/// All classified lists merged: each word and each prefix maps to the mask
/// of the lists holding it, so one token costs one exact probe plus one
/// probe per prefix length that its first two bytes allow, and most words
/// are turned away by the length masks before any hashing.
struct Classifier {
    exact: FxHashMap<&'static str, u64>,
    prefixes: FxHashMap<&'static str, u64>,
    /// By [`pair_slot`] of a word's first two bytes: the lengths of the
    /// exact words (bit `min(len, 31)`) and of the prefixes (bit `len`)
    /// starting with those bytes, or with bytes sharing their slot.
    exact_lengths: Box<[u32; PAIR_SLOTS]>,
    prefix_lengths: Box<[u32; PAIR_SLOTS]>,
}

const PAIR_SLOTS: usize = 1024;

/// A slot for a word's first two bytes (the second is 0 in a one-byte
/// word): exact for lower-case ASCII letters, shared by other bytes, which
/// only makes the length masks let more through.
fn pair_slot(word: &[u8]) -> usize {
    let first = word.first().map_or(0, |&b| b as usize & 31);
    let second = word.get(1).map_or(0, |&b| b as usize & 31);
    first << 5 | second
}

fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| {
        let mut c = Classifier {
            exact: FxHashMap::default(),
            prefixes: FxHashMap::default(),
            exact_lengths: Box::new([0; PAIR_SLOTS]),
            prefix_lengths: Box::new([0; PAIR_SLOTS]),
        };
        for (bit, words) in CLASSIFIED.iter().enumerate() {
            // A prefix shorter than two bytes or too long for the length
            // mask: that list keeps to its own index.
            if words.entries().iter().any(|e| e.strip_suffix('*').is_some_and(|p| p.len() < 2 || p.len() >= 32)) {
                continue;
            }
            let _ = words.bit.set(bit as u8);
            for &entry in words.entries() {
                if entry.is_empty() {
                    continue;
                }
                match entry.strip_suffix('*') {
                    Some(prefix) => {
                        *c.prefixes.entry(prefix).or_default() |= 1 << bit;
                        c.prefix_lengths[pair_slot(prefix.as_bytes())] |= 1 << prefix.len();
                    }
                    None => {
                        *c.exact.entry(entry).or_default() |= 1 << bit;
                        c.exact_lengths[pair_slot(entry.as_bytes())] |= 1 << entry.len().min(31);
                    }
                }
            }
        }
        c
    })
}

/// What the lexicon knows of a folded word: the mask of the classified
/// lists holding it, whether a governorate name may start with it, and
/// whether it is a bare Arabic article.
pub fn classify(norm: &str) -> (u64, bool, bool) {
    if norm.is_empty() {
        return (0, false, false);
    }
    let c = classifier();
    let slot = pair_slot(norm.as_bytes());
    let mut cues = 0;
    if c.exact_lengths[slot] & (1 << norm.len().min(31)) != 0
        && let Some(mask) = c.exact.get(norm)
    {
        cues |= mask;
    }
    let mut lengths = c.prefix_lengths[slot] & if norm.len() >= 31 { u32::MAX } else { (2u32 << norm.len()) - 1 };
    while lengths != 0 {
        let len = lengths.trailing_zeros() as usize;
        lengths &= lengths - 1;
        if let Some(mask) = norm.get(..len).and_then(|head| c.prefixes.get(head)) {
            cues |= mask;
        }
    }
    let table = governorate_table();
    let first_word = first_word(table, norm);
    let opens_governorate = (table.first_word_lengths[pair_slot(first_word.as_bytes())] & (1 << first_word.len().min(31)) != 0
        && table.first_words.contains(first_word))
        || opens_declined_russian_name(table, first_word);
    (cues, opens_governorate, is_article(table, norm))
}

/// A Russian name without its case ending and final vowels: "латакии",
/// "латакию" and "латакия" are all "латаки", "идлибе" is "идлиб". Names
/// are keyed the same way, so a declined governorate name finds its entry.
fn russian_stem(key: &str) -> &str {
    const ENDINGS: [&str; 12] = ["ами", "ями", "ом", "ем", "еи", "ои", "ию", "ии", "ия", "ье", "ья", "ью"];
    let mut stem = key;
    if let Some(s) = ENDINGS.iter().find_map(|e| stem.strip_suffix(e)) {
        stem = s;
    }
    stem.trim_end_matches(['а', 'я', 'о', 'е', 'и', 'у', 'ю', 'ы', 'ь'])
}

fn is_article(table: &GovernorateTable, word: &str) -> bool {
    // Two or three letters (Cyrillic ones take two bytes each): a length
    // test, then one by first two bytes, spare most words the list.
    (2..=6).contains(&word.len()) && table.article_lengths[pair_slot(word.as_bytes())] & (1 << word.len()) != 0 && table.articles.contains(&word)
}

/// Whether a word may open a declined Russian governorate name
/// ("Латакии"): the first-word index holds only the names' nominative forms.
fn opens_declined_russian_name(table: &GovernorateTable, word: &str) -> bool {
    if !crate::token::is_cyrillic_word(word) {
        return false;
    }
    let stem = russian_stem(word);
    stem.len() >= 6 && table.russian_stems.keys().any(|s| s.starts_with(stem))
}

/// The governorate names keyed for lookup, and the first words they can
/// start with: almost every token fails the first-word test with one hash
/// probe, which keeps place finding cheap on long texts.
struct GovernorateTable {
    /// Names of governorates as bulletins write them (each profile's
    /// `[governorates]`), folded, hyphens as spaces, without a leading
    /// article. Russian inflected forms ("в Латакии", "в Идлибе") are
    /// found through their stems, see `russian_stem`.
    names: FxHashMap<&'static str, Governorate>,
    /// Bare Arabic articles a name may follow, in profile order: each is
    /// stripped in turn (see [`governorate_at`]).
    articles: Vec<&'static str>,
    /// By [`pair_slot`] of an article's first two bytes, article lengths.
    article_lengths: [u32; PAIR_SLOTS],
    /// Russian names by their stem (see `russian_stem`).
    russian_stems: FxHashMap<&'static str, Governorate>,
    first_words: FxHashSet<&'static str>,
    /// Bytes a name's first word can start with, checked before hashing.
    /// By [`pair_slot`] of their first two bytes, the lengths of the first
    /// words (bit `min(len, 31)`): most words are turned away before hashing.
    first_word_lengths: [u32; PAIR_SLOTS],
}

fn governorate_table() -> &'static GovernorateTable {
    static TABLE: OnceLock<GovernorateTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let names: FxHashMap<&'static str, Governorate> =
            profiles().iter().flat_map(|p| &p.governorates).filter_map(|&(n, pcode)| Some((n, pcode.parse().ok()?))).collect();
        let first_words: FxHashSet<&'static str> = names.keys().filter_map(|n| n.split(' ').next()).collect();
        let mut first_word_lengths = [0; PAIR_SLOTS];
        for w in &first_words {
            first_word_lengths[pair_slot(w.as_bytes())] |= 1 << w.len().min(31);
        }
        let russian_stems = names.iter().filter(|(n, _)| crate::token::is_cyrillic_word(n)).map(|(&n, &g)| (russian_stem(n), g)).collect();
        let mut articles: Vec<&'static str> = Vec::new();
        for &a in profiles().iter().flat_map(|p| &p.articles) {
            if !articles.contains(&a) {
                articles.push(a);
            }
        }
        let mut article_lengths = [0; PAIR_SLOTS];
        for a in &articles {
            article_lengths[pair_slot(a.as_bytes())] |= 1 << a.len().min(31);
        }
        GovernorateTable { names, articles, article_lengths, russian_stems, first_words, first_word_lengths }
    })
}

/// The first word of a folded token, past a glued article ("al-quneitra").
fn first_word<'a>(table: &GovernorateTable, norm: &'a str) -> &'a str {
    let Some(hyphen) = norm.bytes().position(|b| b == b'-') else { return norm };
    let (first, rest) = (&norm[..hyphen], &norm[hyphen + 1..]);
    if is_article(table, first) { rest.bytes().position(|b| b == b'-').map_or(rest, |h| &rest[..h]) } else { first }
}

/// A governorate name starting at `tokens[i]`, and how many tokens it spans.
pub fn governorate_at(tokens: &[Token<'_>], i: usize) -> Option<(Governorate, usize)> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Word {
        return None;
    }
    // "la banlieue sud-est de Damas", "the suburbs of Damascus": Rural Damascus.
    if any(&SUBURBS, &t.norm) {
        let mut near = tokens[i + 1..(i + 4).min(tokens.len())].iter();
        if let Some(k) = near.position(|n| any(&CAPITAL, &n.norm)) {
            return Some((Governorate::RuralDamascus, k + 2));
        }
    }
    // Whether the first word (past a bare article) can open a name,
    // declined Russian names included, was settled when the tokens were read.
    let opens = if t.norm.article { tokens.get(i + 1).is_some_and(|n| n.norm.opens_governorate) } else { t.norm.opens_governorate };
    if !opens {
        return None;
    }
    let table = governorate_table();
    // The key of the longest span (up to three tokens, hyphens as spaces)
    // is built once: the shorter spans' keys are its prefixes.
    let mut key = String::with_capacity(48);
    let mut ends = [0usize; 3];
    let span = &tokens[i..(i + 3).min(tokens.len())];
    for (k, t) in span.iter().enumerate() {
        if !key.is_empty() {
            key.push(' ');
        }
        let mut parts = t.norm.split('-');
        key.push_str(parts.next().unwrap_or(""));
        for part in parts {
            key.push(' ');
            key.push_str(part);
        }
        ends[k] = key.len();
    }
    for len in (1..=span.len()).rev() {
        let mut k = &key[..ends[len - 1]];
        // Each article in turn, as a word of its own ("al ", "эль "): most
        // keys start with none, which one test of their first word tells.
        if k.split_once(' ').is_some_and(|(first, _)| is_article(table, first)) {
            for a in &table.articles {
                if let Some(rest) = k.strip_prefix(a).and_then(|r| r.strip_prefix(' ')) {
                    k = rest;
                }
            }
        }
        if let Some(g) = table.names.get(k) {
            return Some((*g, len));
        }
        // "в Латакии", "в Идлибе": a declined Russian name. Only a word
        // that had an ending to lose is tried ("Хам" is not "Хама"), and
        // not a stem too short to tell names apart.
        if crate::token::is_cyrillic_word(k) {
            let stem = russian_stem(k);
            if stem.chars().count() >= 3
                && stem.len() < k.len()
                && let Some(g) = table.russian_stems.get(stem)
            {
                return Some((*g, len));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn a_token_classified_once_answers_as_each_list_would() {
        // Every entry of every list, the words its prefixes match, near
        // misses, and words of other lists: the bit answer must be the
        // list's own answer for each of them, in every list.
        let mut words: Vec<String> = Vec::new();
        for list in CLASSIFIED {
            for e in list.entries() {
                let stem = e.trim_end_matches('*');
                words.extend([stem.to_owned(), format!("{stem}s"), format!("{stem}ees"), stem[..stem.len() - 1].to_owned()]);
            }
        }
        words.extend(["", "x", "alep", "a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"].map(String::from));
        // Each list has its bit: the answers below come from the mask.
        assert!(CLASSIFIED.iter().all(|list| list.bit().is_some()));
        for w in &words {
            let norm = Norm::new(std::borrow::Cow::Borrowed(w));
            for list in CLASSIFIED {
                assert_eq!(any(list, &norm), list.has(w), "{w:?} in {}", list.role);
            }
        }
    }

    #[test]
    fn governorate_names_with_articles_and_hyphens() {
        for (text, want, len) in [
            ("Deir ez-Zor", Governorate::DeirEzZor, 2),
            ("al-Quneitra", Governorate::Quneitra, 1),
            ("Lattaquié", Governorate::Lattakia, 1),
            ("banlieue de Damas", Governorate::RuralDamascus, 3),
            ("Dar'a", Governorate::Daraa, 1),
        ] {
            let t = tokenize(text, 0, text.len());
            assert_eq!(governorate_at(&t, 0), Some((want, len)), "{text}");
        }
        let t = tokenize("Mayir", 0, 5);
        assert_eq!(governorate_at(&t, 0), None);
    }

    #[test]
    fn russian_governorate_names_in_every_case() {
        for (text, want, len) in [
            ("Латакия", Governorate::Lattakia, 1),
            ("Латакии", Governorate::Lattakia, 1),
            ("Идлибе", Governorate::Idleb, 1),
            ("Дамаска", Governorate::Damascus, 1),
            ("Эль-Кунейтра", Governorate::Quneitra, 1),
            ("Эс-Сувейда", Governorate::AsSweida, 1),
            ("Риф-Дамаск", Governorate::RuralDamascus, 1),
            ("Дейр-эз-Зор", Governorate::DeirEzZor, 1),
            ("Хаме", Governorate::Hama, 1),
        ] {
            let t = tokenize(text, 0, text.len());
            assert_eq!(governorate_at(&t, 0), Some((want, len)), "{text}");
        }
        // A stem too short to tell names apart is not guessed at.
        let t = tokenize("Хам", 0, "Хам".len());
        assert_eq!(governorate_at(&t, 0), None);
        let t = tokenize("Хомутово", 0, "Хомутово".len());
        assert_eq!(governorate_at(&t, 0), None);
    }

    #[test]
    fn russian_cue_words_read_as_the_cues_they_mean() {
        for (word, cue) in [
            ("нарушений", "violations"),
            ("нарушения", "violations"),
            ("населенных", "populated"),
            ("пунктов", "settlements"),
            ("соглашения", "agreements"),
            ("присоединившихся", "joined"),
            ("переговоры", "negotiations"),
            ("обстрелов", "shellings"),
            ("боевиков", "militants"),
            ("суток", "24-hour"),
            ("провинциях", "provinces"),
            ("провинции", "province"),
        ] {
            assert_eq!(russian_cue(word), Some(cue), "{word}");
        }
        assert_eq!(russian_cue("алеппо"), None);
        let s = "Зафиксировано семь нарушений";
        let norms: Vec<String> = tokenize(s, 0, s.len()).iter().map(|t| t.norm.to_string()).collect();
        assert_eq!(norms, ["registered", "семь", "violations"]);
    }

    /// The roles the code names, found in its source: a `Words::role`
    /// anywhere in `src/` counts, so a list added to any module is checked.
    fn roles_named_in_code() -> std::collections::BTreeSet<String> {
        let pattern = concat!("Words::role", "(\"");
        let mut named = std::collections::BTreeSet::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![dir];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    for (at, _) in text.match_indices(pattern) {
                        let rest = &text[at + pattern.len()..];
                        let end = rest.find('"').expect("a role name ends");
                        named.insert(rest[..end].to_owned());
                    }
                }
            }
        }
        named
    }

    #[test]
    fn every_role_the_code_names_is_in_a_profile_and_every_role_is_used() {
        let named = roles_named_in_code();
        assert!(named.len() >= 50, "the source scan found only {} roles", named.len());
        for role in &named {
            assert!(roles().get(role.as_str()).is_some_and(|e| !e.is_empty()), "no profile in lang/ has the role {role:?}");
        }
        for ((file, _), profile) in PROFILES.iter().zip(profiles()) {
            for (role, _) in &profile.roles {
                assert!(named.contains(*role), "lang/{file}.toml has the role {role:?}, which no code reads");
            }
        }
    }

    #[test]
    fn every_profile_entry_is_written_folded() {
        let folded = |file: &str, what: &str, w: &str| {
            assert!(!w.is_empty(), "lang/{file}.toml: an empty {what}");
            assert_eq!(crate::token::fold(w), w, "lang/{file}.toml: the {what} {w:?} is not folded");
        };
        for ((file, _), p) in PROFILES.iter().zip(profiles()) {
            for (role, entries) in &p.roles {
                assert!(!entries.is_empty(), "lang/{file}.toml: the role {role:?} is empty");
                for e in entries {
                    folded(file, role, e);
                }
            }
            p.articles.iter().for_each(|a| folded(file, "article", a));
            p.governorates.iter().for_each(|(n, _)| folded(file, "governorate name", n));
            p.months.iter().for_each(|(n, _)| folded(file, "month", n));
            p.weekdays.iter().for_each(|(n, _)| folded(file, "weekday", n));
            for (w, cue) in &p.cues {
                folded(file, "cue word", w);
                folded(file, "cue", cue);
            }
        }
    }

    #[test]
    fn profiles_agree_on_what_a_name_means() {
        // A spelling two profiles share means one thing in both.
        let mut governorates: FxHashMap<&str, &str> = FxHashMap::default();
        let mut months: FxHashMap<&str, i8> = FxHashMap::default();
        let mut weekdays: FxHashMap<&str, &str> = FxHashMap::default();
        for ((file, _), p) in PROFILES.iter().zip(profiles()) {
            for &(n, pcode) in &p.governorates {
                assert!(pcode.parse::<Governorate>().is_ok(), "lang/{file}.toml: {n:?} = {pcode:?} is no p-code");
                assert_eq!(*governorates.entry(n).or_insert(pcode), pcode, "lang/{file}.toml: {n:?}");
            }
            for &(n, m) in &p.months {
                assert!((1..=12).contains(&m), "lang/{file}.toml: {n:?} = {m}");
                assert_eq!(*months.entry(n).or_insert(m), m, "lang/{file}.toml: {n:?}");
            }
            for &(n, d) in &p.weekdays {
                assert!(weekday_named(d).is_some(), "lang/{file}.toml: {n:?} = {d:?} is no weekday");
                assert_eq!(*weekdays.entry(n).or_insert(d), d, "lang/{file}.toml: {n:?}");
            }
        }
        // Declined Russian names are found by stem: two names of different
        // governorates must not share one.
        let table = governorate_table();
        for (n, g) in &table.names {
            if crate::token::is_cyrillic_word(n) {
                assert_eq!(table.russian_stems.get(russian_stem(n)), Some(g), "{n:?}");
            }
        }
        assert_eq!(table.names.len(), governorates.len());
    }

    #[test]
    fn month_and_weekday_names_in_each_language() {
        for (w, m) in [("janvier", 1), ("february", 2), ("mar", 3), ("mai", 5), ("sept", 9), ("декабря", 12), ("маи", 5)] {
            assert_eq!(month_number(w), Some(m), "{w}");
        }
        for (w, d) in [("mercredi", Weekday::Wednesday), ("sunday", Weekday::Sunday), ("пятницу", Weekday::Friday)] {
            assert_eq!(weekday(w), Some(d), "{w}");
        }
        for w in ["", "x", "marsh", "семь", "mardis"] {
            assert_eq!((month_number(w), weekday(w)), (None, None), "{w}");
        }
    }
}
