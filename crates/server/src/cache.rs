//! Views computed once per state of the ledger: a read asks for a view by a
//! key naming everything it depends on (the endpoint and its parsed
//! parameters), and gets the value computed earlier for the same key if the
//! ledger has not changed since ([`truce_ledger::LedgerStore::generation`]).
//! The generation comes from the database, not from this process: on SQLite
//! the highest row ids, on PostgreSQL the transaction snapshot, which any
//! commit moves. So it sees the writes of every process (this server, an
//! ingest beside it, another `truce serve` on the same PostgreSQL database
//! behind a load balancer), and each process's cache stays correct on its
//! own, with nothing to share between them. Nothing is ever invalidated by
//! hand: a write moves the generation, and older entries stop matching.
//!
//! Why: the status of every locality, the map and the daily report take
//! milliseconds to seconds on a large ledger, and a monitoring cell reads the
//! same day again and again between bulletins.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use truce_ledger::Generation;

/// Bounds of the cache: entries, and their total weight (bytes, about).
const MAX_ENTRIES: usize = 512;
const MAX_WEIGHT: usize = 256 * 1024 * 1024;

struct Entry {
    generation: Generation,
    value: Arc<dyn Any + Send + Sync>,
    weight: usize,
    /// When it was last used, in requests: the least recent goes first.
    used: u64,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    weight: usize,
    clock: u64,
}

/// The views cache, shared by every request.
#[derive(Default)]
pub struct ViewCache {
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for ViewCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.inner.lock().map(|i| i.entries.len()).unwrap_or(0);
        f.debug_struct("ViewCache").field("entries", &n).finish()
    }
}

impl ViewCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The value stored under `key` for `generation`, if any (and of type `T`).
    pub fn get<T: Any + Send + Sync>(&self, key: &str, generation: &Generation) -> Option<Arc<T>> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let e = inner.entries.get_mut(key).filter(|e| e.generation == *generation)?;
        e.used = now;
        Arc::clone(&e.value).downcast::<T>().ok()
    }

    /// Stores `value` under `key` for `generation`, evicting the least
    /// recently used entries (and any of an older generation) to stay within
    /// bounds. A value heavier than the whole budget is not kept.
    pub fn put<T: Any + Send + Sync>(&self, key: String, generation: Generation, value: Arc<T>, weight: usize) {
        if weight > MAX_WEIGHT {
            return;
        }
        let mut inner = self.lock();
        inner.clock += 1;
        let used = inner.clock;
        if let Some(old) = inner.entries.remove(&key) {
            inner.weight -= old.weight;
        }
        // Entries of an older generation are dead: drop them all first.
        let stale: Vec<String> = inner.entries.iter().filter(|(_, e)| e.generation != generation).map(|(k, _)| k.clone()).collect();
        for k in stale {
            if let Some(e) = inner.entries.remove(&k) {
                inner.weight -= e.weight;
            }
        }
        while !inner.entries.is_empty() && (inner.entries.len() >= MAX_ENTRIES || inner.weight + weight > MAX_WEIGHT) {
            let Some(oldest) = inner.entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| k.clone()) else { break };
            if let Some(e) = inner.entries.remove(&oldest) {
                inner.weight -= e.weight;
            }
        }
        inner.weight += weight;
        inner.entries.insert(key, Entry { generation, value, weight, used });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn generation_of(l: &truce_ledger::SqliteLedger) -> Generation {
        use truce_ledger::LedgerStore;
        l.generation().expect("generation")
    }

    #[test]
    fn a_value_is_found_for_its_generation_only() {
        use truce_ledger::{LedgerStore, NewClaim, Stamp};
        let mut l = truce_ledger::SqliteLedger::open_in_memory().expect("ledger");
        let cache = ViewCache::default();
        let g0 = generation_of(&l);
        cache.put("a".into(), g0.clone(), Arc::new(1u32), 4);
        assert_eq!(cache.get::<u32>("a", &g0).as_deref(), Some(&1));
        assert!(cache.get::<u32>("b", &g0).is_none());
        assert!(cache.get::<String>("a", &g0).is_none(), "another type under the same key is a miss");
        let claim = truce_model::Claim {
            metric: truce_model::Metric::CeasefireViolations,
            value: Some(2.0),
            window: truce_model::Window::Day,
            actor: None,
            places: vec![],
            evidence: "2 violations".into(),
            span: None,
            reasons: Vec::new(),
        };
        let id = l.record(&NewClaim { claim, reporter: None, valid: None, note: None }, &Stamp::now("t")).expect("record");
        let g1 = generation_of(&l);
        assert_ne!(g0, g1, "a new claim moves the generation");
        assert!(cache.get::<u32>("a", &g1).is_none());
        cache.put("a".into(), g1.clone(), Arc::new(2u32), 4);
        l.review(id, truce_ledger::ReviewState::Rejected, None, &Stamp::now("t")).expect("review");
        let g2 = generation_of(&l);
        assert_ne!(g1, g2, "a review moves the generation");
        assert!(cache.get::<u32>("a", &g2).is_none());
        assert_eq!(cache.get::<u32>("a", &g1).as_deref(), Some(&2));
    }

    #[test]
    fn the_least_recently_used_goes_first_and_the_weight_is_bounded() {
        let l = truce_ledger::SqliteLedger::open_in_memory().expect("ledger");
        let g = generation_of(&l);
        let cache = ViewCache::default();
        for i in 0..MAX_ENTRIES {
            cache.put(format!("k{i}"), g.clone(), Arc::new(i), 1);
        }
        assert!(cache.get::<usize>("k0", &g).is_some());
        cache.put("new".into(), g.clone(), Arc::new(0usize), 1);
        assert!(cache.get::<usize>("k0", &g).is_some(), "k0 was used last");
        assert!(cache.get::<usize>("k1", &g).is_none(), "k1 was the least recent");
        cache.put("huge".into(), g.clone(), Arc::new(0usize), MAX_WEIGHT + 1);
        assert!(cache.get::<usize>("huge", &g).is_none());
        cache.put("big".into(), g.clone(), Arc::new(0usize), MAX_WEIGHT);
        assert!(cache.get::<usize>("big", &g).is_some());
        assert!(cache.get::<usize>("k0", &g).is_none(), "the rest made room");
        assert_eq!(cache.lock().weight, MAX_WEIGHT);
    }
}
