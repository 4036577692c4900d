//! The web UI's files, embedded in the binary: served only from this fixed
//! set, so no request can reach the file system.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// (URL path, content type, body).
pub const ASSETS: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("../assets/index.html")),
    ("/assets/style.css", "text/css; charset=utf-8", include_str!("../assets/style.css")),
    ("/assets/app.js", "text/javascript; charset=utf-8", include_str!("../assets/app.js")),
    ("/assets/api.js", "text/javascript; charset=utf-8", include_str!("../assets/api.js")),
    ("/assets/dom.js", "text/javascript; charset=utf-8", include_str!("../assets/dom.js")),
    ("/assets/text.js", "text/javascript; charset=utf-8", include_str!("../assets/text.js")),
    ("/assets/labels.js", "text/javascript; charset=utf-8", include_str!("../assets/labels.js")),
    ("/assets/widgets.js", "text/javascript; charset=utf-8", include_str!("../assets/widgets.js")),
    ("/assets/register.js", "text/javascript; charset=utf-8", include_str!("../assets/register.js")),
    ("/assets/deal.js", "text/javascript; charset=utf-8", include_str!("../assets/deal.js")),
    ("/assets/conflicts.js", "text/javascript; charset=utf-8", include_str!("../assets/conflicts.js")),
    ("/assets/doc.js", "text/javascript; charset=utf-8", include_str!("../assets/doc.js")),
    ("/assets/search.js", "text/javascript; charset=utf-8", include_str!("../assets/search.js")),
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
