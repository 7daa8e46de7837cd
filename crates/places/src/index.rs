//! The name index: every name and alternate name of every entry under its
//! exact key (a hash map) and under its consonant skeleton's one-deletion
//! neighbourhood, so that candidates within one consonant edit are found by
//! a handful of hash lookups instead of a scan.
//!
//! The deletion neighbourhood ("symmetric delete", as in SymSpell) was
//! chosen over q-grams because the skeletons are short (3–8 letters): a
//! trigram posting list of a short key is long and unselective, while the
//! deletions of a 6-letter skeleton are 7 exact lookups.
//!
//! Loading indexes ~50k names, so adding one allocates nothing of its own:
//! keys and skeletons live in one text arena, the maps are keyed by hash
//! (the text is compared on lookup, so a collision costs nothing but a
//! comparison), and the names of one key or one skeleton are chained
//! through the name records instead of kept in small vectors.

use crate::EntryKind;
use crate::normalize::NameKey;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};
use truce_model::Governorate;

/// The end of a chain.
const NONE: u32 = u32::MAX;

/// One indexed spelling of an entry.
#[derive(Debug, Clone)]
pub(crate) struct IndexedName {
    pub entry: u32,
    /// Which of the entry's names this is (index into `Entry::names`).
    pub name: u16,
    /// Letters in the key, for the length bounds of the scorer.
    pub key_chars: u16,
    /// Whether the key is ASCII (most are), for the letter-count bound.
    pub ascii: bool,
    /// Made by dropping a generic leading word ("`Ayn Ghannam" → "Ghannam"):
    /// a weaker match than the name itself.
    pub derived: bool,
    /// The entry's kind, governorate and abandonment, copied here so that
    /// the scan can rule a name out without reading the entry.
    pub facts: Facts,
    /// The key, as a range of the index's text arena.
    key: (u32, u32),
    /// The previously added name of the same key hash, or `NONE`.
    next_same_key: u32,
    /// The previously added name of the same skeleton, or `NONE`.
    next_same_skeleton: u32,
}

/// What the candidate scan asks of an entry before scoring its names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    pub kind: EntryKind,
    pub governorate: Option<Governorate>,
    pub abandoned: bool,
    /// Bits of the governorates with a locality in the grid cells around
    /// this one (0 for admin units): a border check for any other
    /// governorate is sure to fail.
    pub near: u16,
}

/// One distinct skeleton: its text (a range of the arena), letter count and
/// the most recently added of its names.
#[derive(Debug, Clone)]
struct Skeleton {
    text: (u32, u32),
    chars: u16,
    head: u32,
}

#[derive(Default)]
pub(crate) struct NameIndex {
    pub names: Vec<IndexedName>,
    /// Keys and skeletons, back to back.
    text: String,
    /// Hash of a key → the most recently added name of that hash.
    exact: FxHashMap<u64, u32>,
    /// Hash of a skeleton → its skeleton id.
    skeleton_ids: FxHashMap<u64, u32>,
    skeletons: Vec<Skeleton>,
    /// (hash of a skeleton variant, skeleton id), sorted by hash after
    /// loading: one flat sorted array builds several times faster than a
    /// map of small vectors and is as fast to probe at this size.
    deletions: Vec<(u64, u32)>,
    /// Where in `deletions` each value of a hash's top `BUCKET_BITS` bits
    /// begins (one more slot for the end): a probe searches only its
    /// bucket, a few entries, instead of the whole table.
    buckets: Vec<u32>,
}

const BUCKET_BITS: u32 = 16;

fn bucket(hash: u64) -> usize {
    (hash >> (64 - BUCKET_BITS)) as usize
}

/// Skeletons shorter than this match only exactly: one edit on three
/// consonants would match a tenth of the gazetteer (and cost 100 µs a
/// lookup), and short names differ mostly in vowels anyway.
const MIN_FUZZY_SKELETON: usize = 4;

impl NameIndex {
    /// An index sized for about `names` spellings, so loading does not
    /// rehash as it grows.
    pub fn with_capacity(names: usize) -> Self {
        NameIndex {
            names: Vec::with_capacity(names),
            text: String::with_capacity(names * 24),
            exact: FxHashMap::with_capacity_and_hasher(names, Default::default()),
            skeleton_ids: FxHashMap::with_capacity_and_hasher(names / 2, Default::default()),
            skeletons: Vec::with_capacity(names / 2),
            deletions: Vec::with_capacity(names * 3),
            buckets: Vec::new(),
        }
    }

    fn text(&self, (start, end): (u32, u32)) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Appends `s` to the arena; `None` past 4 GiB of names.
    fn store(&mut self, s: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.text.len()).ok()?;
        let end = u32::try_from(self.text.len() + s.len()).ok()?;
        self.text.push_str(s);
        Some((start, end))
    }

    /// The key of an indexed name.
    pub fn key(&self, name: &IndexedName) -> &str {
        self.text(name.key)
    }

    pub fn add(&mut self, entry: u32, name: u16, key: &NameKey, derived: bool, facts: Facts) {
        if key.is_empty() {
            return;
        }
        let Ok(id) = u32::try_from(self.names.len()) else { return };
        // Many alternate spellings of one entry fold to the same key; one
        // copy is enough. The latest name of this key says whether this
        // entry already has it.
        let repeated = self
            .exact(&key.key)
            .next()
            .and_then(|last| self.names.get(last as usize))
            .is_some_and(|n| n.entry == entry && (n.derived == derived || !n.derived));
        if repeated {
            return;
        }
        let hash = hash_str(&key.key);
        let previous = self.exact.get(&hash).copied().unwrap_or(NONE);
        let Some(text) = self.store(&key.key) else { return };
        self.exact.insert(hash, id);
        let mut next_same_skeleton = NONE;
        if !key.skeleton.is_empty() {
            let skeleton_hash = hash_str(&key.skeleton);
            let known =
                self.skeleton_ids.get(&skeleton_hash).copied().filter(|&s| self.skeletons.get(s as usize).is_some_and(|k| self.text(k.text) == key.skeleton));
            let skeleton_id = match known {
                Some(known) => Some(known),
                // A new skeleton (or, once in 2^64, a hash collision: then
                // the newcomer gets a group of its own, found through its
                // deletions all the same).
                None => self.store(&key.skeleton).and_then(|text| {
                    let new = u32::try_from(self.skeletons.len()).ok()?;
                    self.skeleton_ids.entry(skeleton_hash).or_insert(new);
                    self.skeletons.push(Skeleton { text, chars: letters(&key.skeleton), head: NONE });
                    let deletions = &mut self.deletions;
                    for_each_variant(&key.skeleton, |hash| deletions.push((hash, new)));
                    Some(new)
                }),
            };
            if let Some(skeleton) = skeleton_id.and_then(|s| self.skeletons.get_mut(s as usize)) {
                next_same_skeleton = skeleton.head;
                skeleton.head = id;
            }
        }
        self.names.push(IndexedName {
            entry,
            name,
            key_chars: letters(&key.key),
            ascii: key.key.is_ascii(),
            derived,
            facts,
            key: text,
            next_same_key: previous,
            next_same_skeleton,
        });
    }

    /// Name ids whose key equals `key`, latest first.
    pub fn exact<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u32> + 'a {
        let head = self.exact.get(&hash_str(key)).copied().unwrap_or(NONE);
        self.chain(head, |n| n.next_same_key).filter(move |&id| self.names.get(id as usize).is_some_and(|n| self.text(n.key) == key))
    }

    fn chain(&self, head: u32, next: fn(&IndexedName) -> u32) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors((head != NONE).then_some(head), move |&id| self.names.get(id as usize).map(next).filter(|&n| n != NONE))
    }

    /// Collects into `out` (cleared first) the ids of the skeletons within
    /// one edit of `skeleton`, each once, in increasing order.
    pub fn near(&self, skeleton: &str, out: &mut Vec<u32>) {
        out.clear();
        if skeleton.is_empty() {
            return;
        }
        for_each_variant(skeleton, |hash| {
            let b = bucket(hash);
            let (Some(&lo), Some(&hi)) = (self.buckets.get(b), self.buckets.get(b + 1)) else { return };
            let slice = self.deletions.get(lo as usize..hi as usize).unwrap_or(&[]);
            let start = slice.partition_point(|&(h, _)| h < hash);
            for &(h, s) in slice.get(start..).unwrap_or(&[]) {
                if h != hash {
                    break;
                }
                out.push(s);
            }
        });
        out.sort_unstable();
        out.dedup();
    }

    /// A skeleton's text and letter count.
    pub fn skeleton(&self, id: u32) -> (&str, usize) {
        self.skeletons.get(id as usize).map_or(("", 0), |s| (self.text(s.text), usize::from(s.chars)))
    }

    /// The name ids of one skeleton, latest first.
    pub fn names_of(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let head = self.skeletons.get(id as usize).map_or(NONE, |s| s.head);
        self.chain(head, |n| n.next_same_skeleton)
    }

    /// Call once all names are added: sorts the deletion table for probing.
    pub fn finish(&mut self) {
        self.deletions.sort_unstable();
        self.deletions.dedup();
        self.deletions.shrink_to_fit();
        // Saturated: past 4G deletions the tail is unreachable, not wrong.
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        self.buckets = Vec::with_capacity((1 << BUCKET_BITS) + 1);
        let mut i = 0;
        for b in 0..=(1_usize << BUCKET_BITS) {
            while self.deletions.get(i).is_some_and(|&(h, _)| bucket(h) < b) {
                i += 1;
            }
            self.buckets.push(at(i));
        }
        self.names.shrink_to_fit();
        self.skeletons.shrink_to_fit();
        self.text.shrink_to_fit();
    }
}

/// Letter count, saturated (names are far shorter).
fn letters(s: &str) -> u16 {
    u16::try_from(s.chars().count()).unwrap_or(u16::MAX)
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The skeleton itself and, when long enough, each string with one letter
/// deleted; `f` gets their hashes. Hash collisions only add candidates,
/// which the scorer then rejects.
fn for_each_variant(skeleton: &str, mut f: impl FnMut(u64)) {
    f(hash_str(skeleton));
    let len = skeleton.chars().count();
    if len < MIN_FUZZY_SKELETON {
        return;
    }
    let mut buf = String::with_capacity(skeleton.len());
    let mut previous: Option<char> = None;
    for (i, c) in skeleton.char_indices() {
        // Deleting either letter of a double gives the same string.
        if previous == Some(c) {
            continue;
        }
        previous = Some(c);
        buf.clear();
        buf.push_str(&skeleton[..i]);
        buf.push_str(&skeleton[i + c.len_utf8()..]);
        f(hash_str(&buf));
    }
}
