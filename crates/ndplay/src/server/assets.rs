//! The pages, embedded in the binary: `index.html`, `failure-modes.html`, `app.css`,
//! `app.js`, `ndplay.js` (session, API and console rendering both pages use), `failure-modes.js` from
//! `crates/ndplay/assets/` and Plotly (`plotly.js-dist-min`, vendored under
//! `assets/vendor/` with its license header). Nothing is fetched from the network at
//! run time, and only these names are served: a request never names a path on disk.
//!
//! ```
//! use ndplay::server::assets::lookup;
//! assert_eq!(lookup("app.js").unwrap().0, "text/javascript; charset=utf-8");
//! assert!(lookup("../Cargo.toml").is_none());
//! ```

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

const INDEX_HTML: &str = include_str!("../../assets/index.html");
const APP_CSS: &str = include_str!("../../assets/app.css");
const APP_JS: &str = include_str!("../../assets/app.js");
const NDPLAY_JS: &str = include_str!("../../assets/ndplay.js");
const FAILURES_HTML: &str = include_str!("../../assets/failure-modes.html");
const FAILURES_JS: &str = include_str!("../../assets/failure-modes.js");
const PLOTLY_JS: &str = include_str!("../../assets/vendor/plotly.min.js");

/// The content type and text of an asset under `/assets/`.
pub fn lookup(file: &str) -> Option<(&'static str, &'static str)> {
    match file {
        "app.css" => Some(("text/css; charset=utf-8", APP_CSS)),
        "app.js" => Some(("text/javascript; charset=utf-8", APP_JS)),
        "ndplay.js" => Some(("text/javascript; charset=utf-8", NDPLAY_JS)),
        "failure-modes.js" => Some(("text/javascript; charset=utf-8", FAILURES_JS)),
        _ => None,
    }
}

/// `GET /`.
pub async fn index() -> Html<&'static str> {
    Html(INDEX_HTML)
}

/// `GET /failure-modes`: the bugs NumPy lets through, each runnable in the console.
pub async fn failure_modes() -> Html<&'static str> {
    Html(FAILURES_HTML)
}

fn text(content_type: &'static str, body: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

/// `GET /assets/{file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match lookup(&file) {
        // The page and its scripts change with the binary: always revalidate.
        Some((ct, body)) => text(ct, body, "no-cache"),
        None => not_found().await.into_response(),
    }
}

/// `GET /assets/vendor/{file}`.
pub async fn vendor(Path(file): Path<String>) -> Response {
    match file.as_str() {
        "plotly.min.js" => text(
            "text/javascript; charset=utf-8",
            PLOTLY_JS,
            "public, max-age=86400",
        ),
        _ => not_found().await.into_response(),
    }
}

/// Anything else.
pub async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        "not found: the playground is at /, its API under /api/\n",
    )
}
