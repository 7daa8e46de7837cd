//! The ledger as async code sees it: a few reader connections and one
//! writer, each used on tokio's blocking pool so that SQLite never blocks
//! the runtime's worker threads.
//!
//! Why not one connection behind a mutex: reads would queue behind a slow
//! ingest. SQLite in WAL mode lets readers run beside the one writer, so
//! each reader gets its own connection.

use crate::error::ApiError;
use crate::tokens;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use axum::response::IntoResponse;
use truce_ledger::{LedgerStore, SqliteLedger};

pub struct Store {
    path: PathBuf,
    readers: Vec<Mutex<SqliteLedger>>,
    writer: Mutex<SqliteLedger>,
    tokens: Mutex<Connection>,
    next: AtomicUsize,
    views: crate::cache::ViewCache,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("readers", &self.readers.len()).finish()
    }
}

/// A poisoned lock only means another request panicked mid-way; SQLite's
/// own transactions keep the data whole, so the connection is still usable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Store {
    /// Opens (creating or upgrading) the ledger at `path` with `readers`
    /// reader connections, and the server's token table beside it.
    pub fn open(path: impl AsRef<Path>, readers: usize) -> Result<Store, crate::ServerError> {
        let path = path.as_ref().to_path_buf();
        // The writer opens first: it creates and migrates the file.
        let writer = SqliteLedger::open(&path)?;
        let readers = (0..readers.max(1)).map(|_| SqliteLedger::open(&path).map(Mutex::new)).collect::<Result<Vec<_>, _>>()?;
        let tokens = tokens::open(&path)?;
        Ok(Store { path, readers, writer: Mutex::new(writer), tokens: Mutex::new(tokens), next: AtomicUsize::new(0), views: Default::default() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a free reader connection, on the blocking pool.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteLedger) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let n = store.readers.len();
            let start = store.next.fetch_add(1, Ordering::Relaxed) % n;
            // Take the first idle connection; if all are busy, wait on one.
            for i in 0..n {
                if let Ok(guard) = store.readers[(start + i) % n].try_lock() {
                    return f(&guard);
                }
            }
            f(&lock(&store.readers[start]))
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// The view named `key` as of the ledger's present state: computed by
    /// `f` on a reader connection, or taken from the views cache when the
    /// ledger has not changed since (see [`crate::cache`]). `key` must name
    /// everything `f` depends on; `f` returns the value and its weight in
    /// bytes, about.
    pub async fn cached<T, F>(self: &Arc<Self>, key: String, f: F) -> Result<Arc<T>, ApiError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&SqliteLedger) -> Result<(T, usize), ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        self.read(move |l| {
            let generation = l.generation()?;
            if let Some(v) = store.views.get::<T>(&key, &generation) {
                return Ok(v);
            }
            let (value, weight) = f(l)?;
            let value = Arc::new(value);
            store.views.put(key, generation, Arc::clone(&value), weight);
            Ok(value)
        })
        .await
    }

    /// [`Store::cached`] of a value served as JSON: the bytes are cached,
    /// so a hit costs no serialisation either.
    pub async fn cached_json<T, F>(self: &Arc<Self>, key: String, f: F) -> Result<axum::response::Response, ApiError>
    where
        T: serde::Serialize,
        F: FnOnce(&SqliteLedger) -> Result<T, ApiError> + Send + 'static,
    {
        let body = self
            .cached(key, move |l| {
                let bytes = axum::body::Bytes::from(serde_json::to_vec(&f(l)?).map_err(ApiError::internal)?);
                let n = bytes.len();
                Ok((bytes, n))
            })
            .await?;
        Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], axum::body::Bytes::clone(&body)).into_response())
    }

    /// Runs `f` on the one writer connection, on the blocking pool.
    pub async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteLedger) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || f(&mut lock(&store.writer))).await.map_err(ApiError::internal)?
    }

    /// Runs `f` on the token table's connection, on the blocking pool.
    pub async fn tokens<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || f(&lock(&store.tokens))).await.map_err(ApiError::internal)?
    }
}
