//! The web UI's files, embedded in the binary: served only from this fixed
//! set, so no request can reach the file system.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// (URL path, content type, body).
pub const ASSETS: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("../assets/index.html")),
    ("/assets/app.js", "text/javascript; charset=utf-8", include_str!("../assets/app.js")),
    ("/assets/style.css", "text/css; charset=utf-8", include_str!("../assets/style.css")),
];

pub(crate) fn router() -> Router {
    let mut r = Router::new();
    for (path, kind, body) in ASSETS {
        r = r.route(path, get(move || async move { asset(kind, body) }));
    }
    r
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    (StatusCode::OK, [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}
