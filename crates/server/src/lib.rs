//! `truce serve`: the HTTP JSON API (`/api`, described at `/openapi.json`)
//! and the server-rendered dashboard, over one ledger: an SQLite file, or a
//! PostgreSQL database that several `truce serve` processes share behind a
//! load balancer.
//!
//! [`router`] builds the whole application from an [`AppState`] and is kept
//! apart from [`serve`], which binds and runs it, so tests drive the router
//! in-process or bind 127.0.0.1:0. The ledger is reached only through
//! [`store::Store`], which keeps the database off the async runtime's threads.

pub mod api;
pub mod auth;
pub mod cache;
pub mod dashboard;
pub mod error;
pub mod feeds;
pub mod map;
pub mod store;
pub mod tokens;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::net::SocketAddr;
use std::sync::Arc;
use truce_ledger_pg::LedgerTarget;

pub use error::ApiError;
pub use tokens::{Identity, Role, TokenInfo};

/// The largest request body accepted: a bulletin is tens of kilobytes; 2 MiB
/// leaves room for long HTML pages while refusing abuse early.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The default address: loopback, so serving on a network is a choice.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<store::Store>,
    /// Reads need a token too.
    pub private: bool,
}

/// Errors starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Ledger(#[from] truce_ledger::LedgerError),
    #[error(transparent)]
    Tokens(#[from] tokens::TokenError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl AppState {
    /// Opens the ledger at `db` for serving, on the blocking pool: opening
    /// connects, creates or upgrades the schema, and the PostgreSQL client
    /// may not block an async thread.
    pub async fn open(db: LedgerTarget, private: bool) -> Result<AppState, ServerError> {
        // Two cores here: a few readers keep both busy while one waits on
        // the disk or the database server.
        let readers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).clamp(2, 8);
        let store = tokio::task::spawn_blocking(move || store::Store::open(&db, readers)).await.map_err(std::io::Error::other)??;
        Ok(AppState { store: Arc::new(store), private })
    }
}

/// The whole application: API, OpenAPI document and dashboard.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::routes().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(api)
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let doc = Arc::clone(&openapi);
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .merge(dashboard::routes())
        .merge(feeds::routes())
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::private_gate))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Headers every answer carries: no framing by other sites, no sniffing,
/// nothing loaded from elsewhere (the dashboard embeds all it needs).
async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"),
    );
    res
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub db: LedgerTarget,
    pub addr: String,
    pub private: bool,
}

/// Binds `options.addr`, prints the address it listens on (a line
/// `listening on http://ADDR`, which scripts and tests read to learn a port
/// chosen with `:0`) and serves until Ctrl-C or SIGTERM.
pub async fn serve(options: ServeOptions) -> Result<(), ServerError> {
    let state = AppState::open(options.db.clone(), options.private).await?;
    let listener = tokio::net::TcpListener::bind(&options.addr).await.map_err(|source| ServerError::Bind { addr: options.addr.clone(), source })?;
    let local: SocketAddr = listener.local_addr()?;
    {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{local}");
        let _ = out.flush();
    }
    tracing::info!(addr = %local, db = %options.db.describe(), private = options.private, "serving");
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// For the synchronous CLI: logs to stderr (RUST_LOG, default `info`) and
/// runs [`serve`] on a multi-threaded runtime until stopped.
pub fn run_blocking(options: ServeOptions) -> Result<(), ServerError> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour only on a terminal: logs piped to a file stay plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(serve(options))
}

/// `truce token create`: opens the ledger at `db` (creating it if needed),
/// stores the hash of a new token and returns the token itself. Blocking.
pub fn create_token(db: &LedgerTarget, name: &str, role: Role) -> Result<String, ServerError> {
    drop(db.open()?);
    let by = std::env::var("USER").unwrap_or_else(|_| "cli".into());
    Ok(tokens::TokenTable::open(db)?.create(name, role, &format!("cli:{by}"))?)
}

/// `truce token list`: every token of the ledger at `db`, oldest first,
/// revoked ones included (never a token itself). Blocking.
pub fn list_tokens(db: &LedgerTarget) -> Result<Vec<TokenInfo>, ServerError> {
    drop(db.open()?);
    Ok(tokens::TokenTable::open(db)?.list()?)
}

/// `truce token revoke`: revokes token `id` on behalf of `by`; every
/// server, running or not, refuses it from its next request on. Blocking.
pub fn revoke_token(db: &LedgerTarget, id: i64, by: &str) -> Result<TokenInfo, ServerError> {
    drop(db.open()?);
    Ok(tokens::TokenTable::open(db)?.revoke(id, by)?)
}
