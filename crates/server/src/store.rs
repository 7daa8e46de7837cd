//! The ledger as async code sees it: a few reader connections and one
//! writer, each used on tokio's blocking pool so that neither SQLite nor
//! the PostgreSQL client (which blocks on a runtime of its own) ever
//! blocks the runtime's worker threads.
//!
//! Why not one connection behind a mutex: reads would queue behind a slow
//! ingest. SQLite in WAL mode lets readers run beside the one writer, and
//! PostgreSQL runs each connection's statements apart, so each reader gets
//! its own connection. The backend is chosen once, by the
//! [`LedgerTarget`]; past that, handlers see only [`LedgerStore`].

use crate::error::ApiError;
use crate::tokens::TokenTable;
use axum::response::IntoResponse;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use truce_ledger::LedgerStore;
use truce_ledger_pg::LedgerTarget;

/// An open ledger of either backend.
type Ledger = Box<dyn LedgerStore + Send>;

pub struct Store {
    location: String,
    /// `None` only while the store is being dropped (see [`Drop`]).
    conns: Option<Connections>,
    next: AtomicUsize,
    views: crate::cache::ViewCache,
}

/// Every connection the store holds, each its own.
struct Connections {
    readers: Vec<Mutex<Ledger>>,
    writer: Mutex<Ledger>,
    tokens: Mutex<TokenTable>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let readers = self.conns.as_ref().map_or(0, |c| c.readers.len());
        f.debug_struct("Store").field("location", &self.location).field("readers", &readers).finish()
    }
}

/// A poisoned lock only means another request panicked mid-way; the
/// database's own transactions keep the data whole, so the connection is
/// still usable.
fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Store {
    /// Opens (creating or upgrading) the ledger at `target` with `readers`
    /// reader connections, and the server's token table beside it.
    ///
    /// Blocking: connecting to PostgreSQL runs the client's own runtime, so
    /// call this off the async threads (as [`crate::AppState::open`] does).
    pub fn open(target: &LedgerTarget, readers: usize) -> Result<Store, crate::ServerError> {
        // The writer opens first: it creates and migrates the schema, which
        // the readers and the token table then find in place.
        let writer = target.open()?;
        let readers = (0..readers.max(1)).map(|_| target.open().map(Mutex::new)).collect::<Result<Vec<_>, _>>()?;
        let tokens = TokenTable::open(target)?;
        Ok(Store {
            location: writer.location().to_owned(),
            conns: Some(Connections { readers, writer: Mutex::new(writer), tokens: Mutex::new(tokens) }),
            next: AtomicUsize::new(0),
            views: Default::default(),
        })
    }

    /// The ledger's file, or its URL without the password: for logs.
    pub fn location(&self) -> &str {
        &self.location
    }

    fn conns(&self) -> Result<&Connections, ApiError> {
        self.conns.as_ref().ok_or_else(|| ApiError::internal(format!("{}: the store is closing", self.location)))
    }

    /// Runs `f` on a free reader connection, on the blocking pool.
    pub async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn LedgerStore) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let readers = &store.conns()?.readers;
            let n = readers.len();
            let start = store.next.fetch_add(1, Ordering::Relaxed) % n;
            // Take the first idle connection; if all are busy, wait on one.
            for i in 0..n {
                if let Ok(guard) = readers[(start + i) % n].try_lock() {
                    return f(&**guard);
                }
            }
            f(&**lock(&readers[start]))
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// The view named `key` as of the ledger's present state: computed by
    /// `f` on a reader connection, or taken from the views cache when the
    /// ledger has not changed since (see [`crate::cache`]). `key` must name
    /// everything `f` depends on; `f` returns the value and its weight in
    /// bytes, about.
    ///
    /// The generation is read before `f` runs, so a value is never older
    /// than the generation it is kept under; a write committed while `f`
    /// runs moves the generation every later request reads, so it is
    /// computed again, by this process or any other sharing the database.
    pub async fn cached<T, F>(self: &Arc<Self>, key: String, f: F) -> Result<Arc<T>, ApiError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&dyn LedgerStore) -> Result<(T, usize), ApiError> + Send + 'static,
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
        F: FnOnce(&dyn LedgerStore) -> Result<T, ApiError> + Send + 'static,
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
        F: FnOnce(&mut dyn LedgerStore) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || f(&mut **lock(&store.conns()?.writer))).await.map_err(ApiError::internal)?
    }

    /// Runs `f` on the token table's connection, on the blocking pool.
    pub async fn tokens<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut TokenTable) -> Result<T, ApiError> + Send + 'static,
    {
        let store = Arc::clone(self);
        tokio::task::spawn_blocking(move || f(&mut lock(&store.conns()?.tokens))).await.map_err(ApiError::internal)?
    }
}

impl Drop for Store {
    /// A PostgreSQL connection owns a small tokio runtime, and tokio panics
    /// when a runtime is dropped on an async thread, which is where the last
    /// handle on the store usually goes (the end of `serve`, of a test). So
    /// inside a runtime the connections are closed on a plain thread.
    fn drop(&mut self) {
        let Some(conns) = self.conns.take() else { return };
        if tokio::runtime::Handle::try_current().is_err() {
            return drop(conns);
        }
        // Wrapped so that, should no thread be available, the unrun closure
        // leaks the connections rather than dropping them here; the OS
        // closes them when the process ends.
        let conns = std::mem::ManuallyDrop::new(conns);
        let closing = std::thread::Builder::new().name("close-ledger".into()).spawn(move || drop(std::mem::ManuallyDrop::into_inner(conns)));
        if let Err(e) = closing {
            tracing::warn!(location = %self.location, error = %e, "ledger connections left open");
        }
    }
}
