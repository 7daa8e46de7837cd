//! The name index: every name and alternate name of every entry under its
//! exact key (a hash map) and under its consonant skeleton's one-deletion
//! neighbourhood, so that candidates within one consonant edit are found by
//! a handful of hash lookups instead of a scan.
//!
//! The deletion neighbourhood ("symmetric delete", as in SymSpell) was
//! chosen over q-grams because the skeletons are short (3–8 letters): a
//! trigram posting list of a short key is long and unselective, while the
//! deletions of a 6-letter skeleton are 7 exact lookups.

use crate::normalize::NameKey;
use rustc_hash::{FxHashMap, FxHasher};
use std::hash::{Hash, Hasher};

/// One indexed spelling of an entry.
#[derive(Debug, Clone)]
pub(crate) struct IndexedName {
    pub entry: u32,
    /// Which of the entry's names this is (index into `Entry::names`).
    pub name: u16,
    pub key: Box<str>,
    pub skeleton: Box<str>,
    /// Made by dropping a generic leading word ("`Ayn Ghannam" → "Ghannam"):
    /// a weaker match than the name itself.
    pub derived: bool,
}

#[derive(Default)]
pub(crate) struct NameIndex {
    pub names: Vec<IndexedName>,
    exact: FxHashMap<Box<str>, Vec<u32>>,
    skeleton_ids: FxHashMap<Box<str>, u32>,
    names_by_skeleton: Vec<Vec<u32>>,
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
            deletions: Vec::with_capacity(names * 3),
        }
    }

    pub fn add(&mut self, entry: u32, name: u16, key: &NameKey, derived: bool) {
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
            skeleton: key.skeleton.as_str().into(),
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

    /// Calls `f` with every name id whose skeleton is within one edit of
    /// `skeleton` (possibly more than once: callers dedupe by entry).
    pub fn near(&self, skeleton: &str, mut f: impl FnMut(u32)) {
        if skeleton.is_empty() {
            return;
        }
        for_each_variant(skeleton, |hash| {
            let start = self.deletions.partition_point(|&(h, _)| h < hash);
            for &(h, s) in self.deletions.get(start..).unwrap_or(&[]) {
                if h != hash {
                    break;
                }
                if let Some(names) = self.names_by_skeleton.get(s as usize) {
                    names.iter().copied().for_each(&mut f);
                }
            }
        });
    }

    /// Call once all names are added: sorts the deletion table for probing.
    pub fn finish(&mut self) {
        self.deletions.sort_unstable();
        self.deletions.dedup();
        self.deletions.shrink_to_fit();
        self.names.shrink_to_fit();
        self.names_by_skeleton.shrink_to_fit();
    }
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
