//! The web playground that `ndplay serve` (and plain `ndplay`) runs at
//! `http://127.0.0.1:8501`: an axum [`Router`] serving the page embedded in the binary
//! and the JSON API behind it.
//!
//! Where things live:
//! - [`app`] builds the router from an [`AppState`] (the [`Config`] and the
//!   [`SessionStore`]); [`serve`] runs it on a listener until a
//!   shutdown signal, with [`connections`]' time and number limits on every connection.
//!   Tests drive [`app`] with `tower::ServiceExt::oneshot`, no socket.
//! - [`sandbox`]: which of the console worker's kernel protections this machine has.
//! - [`guard`]: in front of every endpoint, the `Host` and `Origin` check that keeps
//!   other sites' pages (DNS rebinding, cross-site forms) out.
//! - [`api`]: one handler per endpoint; [`error`]: [`AppError`], engine errors → 4xx with
//!   the explanation, internal faults → 500 without internals.
//! - [`session`]: per-tab sessions (header `X-Ndplay-Session`), bounded and expiring.
//! - [`tensor`]: making tensors and describing them (badge, strides, flags, signals);
//!   [`upload`]: tensor files parsed in memory; [`heatmap`]: slices, histograms, axis
//!   statistics, the pixel under the crosshair; [`views`], [`broadcast`], [`twins`]: the
//!   three lesson panels; [`parse`]: NumPy-spelled shapes and indices; [`assets`]: the embedded page;
//!   [`console`]: the console panel, one worker process per tab, and [`wire`], the
//!   frames it speaks over the worker's pipes; [`failures`]: the failure-modes page's
//!   catalogue.
//!
//! ```
//! use axum::body::Body;
//! use axum::http::Request;
//! use ndplay::server::{AppState, Config, app};
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let router = app(AppState::new(Config::default()));
//! let request = Request::get("/api/tensor").header("x-ndplay-session", "doc-tab-1").body(Body::empty()).unwrap();
//! let response = router.oneshot(request).await.unwrap();
//! assert_eq!(response.status(), 200);
//! # });
//! ```

pub mod api;
pub mod assets;
pub mod broadcast;
pub mod connections;
pub mod console;
pub mod error;
pub mod failures;
pub mod guard;
pub mod heatmap;
pub mod parse;
pub mod sandbox;
pub mod session;
pub mod tensor;
pub mod twins;
pub mod upload;
pub mod views;
pub mod wire;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;

use console::{ConsoleSettings, WorkerCount};
pub use error::AppError;
use session::{SessionLimits, SessionStore};

/// The server's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// Largest upload, in MB of 10^6 bytes (`--max-upload-mb`).
    pub max_upload_mb: u64,
    /// Most elements of a tensor made from the sidebar.
    pub max_elements: usize,
    /// How many sessions, for how long, in how much memory.
    pub sessions: SessionLimits,
    /// The console panel's settings.
    pub console: ConsoleSettings,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_upload_mb: 256,
            // 8,388,608: room for the lessons' (10000, 512) embedding matrix.
            max_elements: 1 << 23,
            sessions: SessionLimits::default(),
            console: ConsoleSettings::default(),
        }
    }
}

impl Config {
    /// The upload limit in bytes.
    pub fn max_upload_bytes(&self) -> usize {
        usize::try_from(self.max_upload_mb.saturating_mul(1_000_000)).unwrap_or(usize::MAX)
    }
}

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The settings.
    pub config: Arc<Config>,
    /// The tabs' sessions.
    pub sessions: Arc<SessionStore>,
    /// Console worker processes alive across all tabs.
    pub consoles: Arc<WorkerCount>,
    /// One upload is parsed at a time: an upload may inflate to its cap, so two at once
    /// would double the server's peak on top of what the sessions hold.
    pub uploads: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Fresh state: no sessions yet.
    pub fn new(config: Config) -> AppState {
        AppState {
            sessions: Arc::new(SessionStore::new(config.sessions)),
            consoles: Arc::new(WorkerCount::default()),
            uploads: Arc::new(tokio::sync::Semaphore::new(1)),
            config: Arc::new(config),
        }
    }
}

/// Multipart framing around an upload's bytes (boundaries, part headers).
const MULTIPART_SLACK: usize = 64 << 10;

/// The playground's router: the page, its assets and the JSON API.
pub fn app(state: AppState) -> Router {
    let upload_limit = state
        .config
        .max_upload_bytes()
        .saturating_add(MULTIPART_SLACK);
    let api = Router::new()
        .route("/health", get(api::health))
        .route("/examples", get(api::examples))
        .route("/tensor", get(api::get_tensor).post(api::make_tensor))
        .route("/reset", post(api::reset))
        .route("/simulate-error", post(api::simulate_error))
        .route(
            "/upload",
            post(api::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route("/upload/select", post(api::select_tensor))
        .route("/slice", get(api::get_slice))
        .route("/axis-stats", get(api::get_axis_stats))
        .route("/pixel", get(api::get_pixel))
        .route("/view", post(api::make_view).delete(api::clear_view))
        .route("/view/write", post(api::write_view))
        .route("/broadcast", post(api::broadcast))
        .route("/twins", post(api::twins))
        .route("/console", post(api::console_run))
        .route("/console/show", post(api::console_show))
        .route("/failure-modes", get(api::failure_modes))
        .fallback(api::not_found);
    Router::new()
        .route("/", get(assets::index))
        .route("/failure-modes", get(assets::failure_modes))
        .route("/assets/{file}", get(assets::asset))
        .route("/assets/vendor/{file}", get(assets::vendor))
        .nest("/api", api)
        .fallback(assets::not_found)
        .layer(axum::middleware::from_fn(guard::check))
        // gzip or brotli when the browser asks (Plotly goes from 4.8 MB to about 1.4 MB).
        // Quality 4, not brotli's default 11, which takes seconds on Plotly per request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state)
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then finishes the
/// requests in flight. Connections are bounded as [`connections`] says, with room for
/// the longest console run.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let console = &state.config.console;
    let limits = connections::Limits::for_console_deadline(console.timeout + console.grace);
    connections::serve(listener, app(state), limits, shutdown).await
}
