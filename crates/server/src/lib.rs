//! The HTTP server: a JSON API over everything the CLI shows, its OpenAPI
//! document, and the web UI (assets embedded in the binary, no CDN). The only
//! crate that knows HTTP and JSON wire types.
//!
//! Hardened by default: request bodies and headers are limited, requests
//! time out, concurrency is bounded, writes are off unless a token is
//! configured (and then checked in constant time), errors never carry SQL or
//! stack traces, and static files come only from the embedded set.

mod api;
pub use api::ROUTES;
mod assets;
pub mod openapi;

use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database (SQLite path).
    pub db: String,
    /// The bearer token that enables writes; None means read-only.
    pub token: Option<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Requests handled at once; more wait.
    pub max_concurrency: usize,
    pub timeout: Duration,
    /// Extra gazetteer files for ingest through the API.
    pub gazetteers: Vec<PathBuf>,
}

impl Config {
    pub fn new(db: &str) -> Config {
        Config {
            db: db.to_string(),
            token: None,
            max_body: 8 * 1024 * 1024,
            max_concurrency: 64,
            timeout: Duration::from_secs(30),
            gazetteers: vec![],
        }
    }
}

pub(crate) struct State {
    pub config: Config,
    /// Writes go one at a time.
    pub write_lock: tokio::sync::Mutex<()>,
    /// Read connections between requests (at most [`IDLE_CONNECTIONS`]):
    /// opening one per request cost more than most reads.
    pub idle: std::sync::Mutex<Vec<dossier_store::Store>>,
    /// Streamed responses being written: each holds a permit until its
    /// body ends (the concurrency limit lets a request go when its
    /// response starts), at most `max_concurrency` at once.
    pub streams: Arc<tokio::sync::Semaphore>,
}

/// Read connections kept open between requests.
pub(crate) const IDLE_CONNECTIONS: usize = 8;

/// The application: API, OpenAPI document and UI, with the hardening layers.
pub fn app(config: Config) -> Router {
    let limit = config.max_body;
    let concurrency = config.max_concurrency;
    let timeout = config.timeout;
    let streams = Arc::new(tokio::sync::Semaphore::new(concurrency.max(1)));
    let state = Arc::new(State { config, write_lock: tokio::sync::Mutex::new(()), idle: std::sync::Mutex::new(Vec::new()), streams });
    api::router(state.clone())
        .merge(assets::router())
        .layer(
            tower::ServiceBuilder::new()
                .layer(axum::error_handling::HandleErrorLayer::new(|_: tower::BoxError| async {
                    api::error(axum::http::StatusCode::SERVICE_UNAVAILABLE, "the server is busy or the request took too long")
                }))
                .concurrency_limit(concurrency)
                .timeout(timeout),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(limit))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::X_CONTENT_TYPE_OPTIONS,
            axum::http::HeaderValue::from_static("nosniff"),
        ))
        .layer(tower_http::set_header::SetResponseHeaderLayer::overriding(
            axum::http::header::CONTENT_SECURITY_POLICY,
            axum::http::HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'"),
        ))
}

/// Serves until Ctrl-C. Prints the address it listens on.
pub async fn serve(config: Config, addr: SocketAddr) -> std::io::Result<()> {
    // Fail early on a database that cannot be opened.
    dossier_store::Store::open(&config.db).map_err(|e| std::io::Error::other(e.to_string()))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    // Streamed responses go out in several writes: without TCP_NODELAY the
    // last small one waits for the client's delayed ACK (40 ms on Linux).
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    eprintln!("dossier: serving {} on http://{local}/ ({})", config.db, if config.token.is_some() { "writes need the token" } else { "read-only" });
    axum::serve(listener, app(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

/// Serves on a runtime of its own, for callers without one (the CLI).
pub fn serve_blocking(config: Config, addr: SocketAddr) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(serve(config, addr))
}
