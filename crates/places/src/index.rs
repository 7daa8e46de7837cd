//! The name index: every name and alternate name of every entry under its
//! exact key (a hash map) and under its consonant skeleton's one-deletion
//! neighbourhood, so that candidates within one consonant edit are found by
//! a handful of hash lookups instead of a scan.
//!
//! The deletion neighbourhood ("symmetric delete", as in SymSpell) was
//! chosen over q-grams because the skeletons are short (3–8 letters): a
//! trigram posting list of a short key is long and unselective, while the
//! deletions of a 6-letter skeleton are 7 exact lookups.

use crate::EntryKind;
use crate::normalize::NameKey;
use truce_model::Governorate;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// One indexed spelling of an entry.
#[derive(Debug, Clone)]
pub(crate) struct IndexedName {
    pub entry: u32,
    /// Which of the entry's names this is (index into `Entry::names`).
    pub name: u16,
    pub key: Box<str>,
    /// Letters in `key`, for the length bounds of the scorer.
    pub key_chars: u16,
    /// The entry's kind, governorate and abandonment, copied here so that
    /// the scan can rule a name out without reading the entry.
    pub facts: Facts,
    /// Made by dropping a generic leading word ("`Ayn Ghannam" → "Ghannam"):
    /// a weaker match than the name itself.
    pub derived: bool,
}

/// What the candidate scan asks of an entry before scoring its names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts {
    pub kind: EntryKind,
    pub governorate: Option<Governorate>,
    pub abandoned: bool,
}

#[derive(Default)]
pub(crate) struct NameIndex {
    pub names: Vec<IndexedName>,
    exact: FxHashMap<Box<str>, Vec<u32>>,
    skeleton_ids: FxHashMap<Box<str>, u32>,
    names_by_skeleton: Vec<Vec<u32>>,
    /// Each skeleton id's skeleton and its letter count: names sharing a
    /// skeleton share its edit similarity, computed once per lookup.
    skeletons: Vec<(Box<str>, u16)>,
    /// (hash of a skeleton variant, skeleton id), sorted by hash after
    /// loading: one flat sorted array builds several times faster than a
    /// map of small vectors and is as fast to probe at this size.
    deletions: Vec<(u64, u32)>,
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
            exact: FxHashMap::with_capacity_and_hasher(names, Default::default()),
            skeleton_ids: FxHashMap::with_capacity_and_hasher(names / 2, Default::default()),
            names_by_skeleton: Vec::with_capacity(names / 2),
            skeletons: Vec::with_capacity(names / 2),
            deletions: Vec::with_capacity(names * 3),
        }
    }

    pub fn add(&mut self, entry: u32, name: u16, key: &NameKey, derived: bool, facts: Facts) {
        if key.is_empty() {
            return;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        // Many alternate spellings of one entry fold to the same key; one
        // copy is enough.
        if let Some(list) = self.exact.get_mut(key.key.as_str()) {
            let repeated = list
                .last()
                .and_then(|&last| self.names.get(last as usize))
                .is_some_and(|n| n.entry == entry && (n.derived == derived || !n.derived));
            if repeated {
                return;
            }
            list.push(id);
        } else {
            self.exact.insert(key.key.as_str().into(), vec![id]);
        }
        self.names.push(IndexedName {
            entry,
            name,
            key: key.key.as_str().into(),
            key_chars: letters(&key.key),
            facts,
            derived,
        });
        if key.skeleton.is_empty() {
            return;
        }
        let skeleton_id = match self.skeleton_ids.get(key.skeleton.as_str()) {
            Some(&known) => known,
            None => {
                let new = u32::try_from(self.names_by_skeleton.len()).unwrap_or(u32::MAX);
                self.skeleton_ids.insert(key.skeleton.as_str().into(), new);
                self.names_by_skeleton.push(Vec::new());
                self.skeletons.push((key.skeleton.as_str().into(), letters(&key.skeleton)));
                let deletions = &mut self.deletions;
                for_each_variant(&key.skeleton, |hash| deletions.push((hash, new)));
                new
            }
        };
        if let Some(list) = self.names_by_skeleton.get_mut(skeleton_id as usize) {
            list.push(id);
        }
    }

    /// Name ids whose key equals `key`.
    pub fn exact(&self, key: &str) -> &[u32] {
        self.exact.get(key).map_or(&[], Vec::as_slice)
    }

    /// Collects into `out` (cleared first) the ids of the skeletons within
    /// one edit of `skeleton`, each once, in increasing order.
    pub fn near(&self, skeleton: &str, out: &mut Vec<u32>) {
        out.clear();
        if skeleton.is_empty() {
            return;
        }
        for_each_variant(skeleton, |hash| {
            let start = self.deletions.partition_point(|&(h, _)| h < hash);
            for &(h, s) in self.deletions.get(start..).unwrap_or(&[]) {
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
        self.skeletons.get(id as usize).map_or(("", 0), |(s, n)| (s, usize::from(*n)))
    }

    /// The name ids of one skeleton.
    pub fn names_of(&self, id: u32) -> &[u32] {
        self.names_by_skeleton.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// Call once all names are added: sorts the deletion table for probing.
    pub fn finish(&mut self) {
        self.deletions.sort_unstable();
        self.deletions.dedup();
        self.deletions.shrink_to_fit();
        self.names.shrink_to_fit();
        self.names_by_skeleton.shrink_to_fit();
        self.skeletons.shrink_to_fit();
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
