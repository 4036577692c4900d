//! The JSON API. Every route here is listed in [`ROUTES`], from which the
//! router is built and against which the OpenAPI document is tested.

use crate::State;
use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dossier_store::{SearchFilter, Store};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// (method, path) of every API route, in OpenAPI path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/documents"),
    ("post", "/api/documents"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/events"),
    ("get", "/api/timeline"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/register"),
    ("get", "/api/conflicts"),
    ("get", "/api/search"),
    ("get", "/api/openapi.json"),
];

pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/documents", get(documents).post(post_documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/events", get(events))
        .route("/api/timeline", get(timeline))
        .route("/api/stories/{id}", get(story))
        .route("/api/register", get(register))
        .route("/api/conflicts", get(conflicts))
        .route("/api/search", get(search))
        .route("/api/openapi.json", get(openapi))
        .fallback(not_found)
        .with_state(state)
}

/// A JSON error with a message for people; never internals.
pub(crate) fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such route")
}

/// Runs a read on a blocking thread, on an idle connection or a new one.
/// A connection goes back to the idle ones only after a read that
/// succeeded; it holds no transaction between reads, so each read sees
/// every write committed before it. Storage errors are logged on the server and
/// reported to the client without detail.
async fn read<T: Send + 'static>(state: &Arc<State>, f: impl FnOnce(&Store) -> Result<T, dossier_store::StoreError> + Send + 'static) -> Result<T, Response> {
    let state = state.clone();
    let result = tokio::task::spawn_blocking(move || {
        let idle = state.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match idle {
            Some(s) => s,
            None => Store::open(&state.config.db)?,
        };
        let out = f(&store)?;
        let mut idle = state.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < crate::IDLE_CONNECTIONS {
            idle.push(store);
        }
        Ok::<T, dossier_store::StoreError>(out)
    })
    .await;
    match result {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => {
            eprintln!("dossier: storage error: {e}");
            Err(error(StatusCode::INTERNAL_SERVER_ERROR, "the database could not answer"))
        }
        Err(_) => Err(error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
    }
}

fn ok(v: impl serde::Serialize) -> Response {
    Json(v).into_response()
}

async fn health(AxState(state): AxState<Arc<State>>) -> Response {
    match read(&state, |s| s.count_documents()).await {
        Ok(n) => ok(json!({ "status": "ok", "documents": n, "writable": state.config.token.is_some() })),
        Err(r) => r,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    limit: Option<usize>,
    offset: Option<usize>,
    q: Option<String>,
    outlet: Option<String>,
    from: Option<String>,
    to: Option<String>,
    entity: Option<String>,
    system: Option<String>,
    supplier: Option<String>,
    recipient: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
}

impl ListParams {
    fn filter(&self) -> SearchFilter {
        let nz = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
        SearchFilter {
            outlet: nz(&self.outlet),
            from: nz(&self.from),
            to: nz(&self.to),
            entity: nz(&self.entity),
            system: nz(&self.system),
            supplier: nz(&self.supplier),
            recipient: nz(&self.recipient),
            event_type: nz(&self.event_type),
        }
    }
    fn page(&self) -> (usize, usize) {
        (self.limit.unwrap_or(50).clamp(1, 500), self.offset.unwrap_or(0))
    }
    fn deal_filter(&self) -> dossier_query::Filter {
        let f = self.filter();
        dossier_query::Filter { system: f.system, supplier: f.supplier, recipient: f.recipient }
    }
}

async fn documents(AxState(state): AxState<Arc<State>>, Query(p): Query<ListParams>) -> Response {
    let (limit, offset) = p.page();
    let filter = p.filter();
    match read(&state, move |s| s.list_documents(&filter, limit, offset)).await {
        Ok((docs, total)) => ok(json!({ "total": total, "limit": limit, "offset": offset, "documents": docs })),
        Err(r) => r,
    }
}

async fn document(AxState(state): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    let lookup = id.clone();
    match read(&state, move |s| Ok((s.document(&lookup)?, s.copies_of(&lookup)?))).await {
        Ok((Some(doc), copies)) => ok(json!({ "document": doc, "copies": copies })),
        Ok((None, _)) => error(StatusCode::NOT_FOUND, &format!("no document {id:?}")),
        Err(r) => r,
    }
}

async fn events(AxState(state): AxState<Arc<State>>, Query(p): Query<ListParams>) -> Response {
    let (limit, offset) = p.page();
    let filter = p.filter();
    match read(&state, move |s| s.events(&filter, limit, offset)).await {
        Ok((evs, total)) => {
            let events: Vec<Value> = evs.into_iter().map(|(doc, index, event)| json!({ "doc": doc, "index": index, "event": event })).collect();
            ok(json!({ "total": total, "limit": limit, "offset": offset, "events": events }))
        }
        Err(r) => r,
    }
}

async fn timeline(AxState(state): AxState<Arc<State>>, Query(p): Query<ListParams>) -> Response {
    let filter = p.deal_filter();
    match read(&state, move |s| dossier_query::stored_timeline(s, &filter)).await {
        Ok(stories) => ok(json!({ "stories": stories })),
        Err(r) => r,
    }
}

async fn story(AxState(state): AxState<Arc<State>>, Path(id): Path<String>) -> Response {
    let want = id.clone();
    match read(&state, move |s| dossier_query::stored_story(s, &want)).await {
        Ok(Some((story, conflicts))) => ok(json!({ "story": story, "conflicts": conflicts })),
        Ok(None) => error(StatusCode::NOT_FOUND, &format!("no story {id:?}")),
        Err(r) => r,
    }
}

async fn register(AxState(state): AxState<Arc<State>>, Query(p): Query<ListParams>) -> Response {
    let filter = p.deal_filter();
    match read(&state, move |s| dossier_query::stored_register(s, &filter)).await {
        Ok(rows) => ok(json!({ "rows": rows })),
        Err(r) => r,
    }
}

async fn conflicts(AxState(state): AxState<Arc<State>>) -> Response {
    match read(&state, dossier_query::stored_conflicts).await {
        Ok(c) => ok(c),
        Err(r) => r,
    }
}

async fn search(AxState(state): AxState<Arc<State>>, Query(p): Query<ListParams>) -> Response {
    let q = p.q.clone().unwrap_or_default();
    if q.trim().is_empty() {
        return error(StatusCode::BAD_REQUEST, "missing query parameter q");
    }
    if q.len() > 1000 {
        return error(StatusCode::BAD_REQUEST, "query too long");
    }
    let (limit, _) = p.page();
    let filter = p.filter();
    match read(&state, move |s| s.search_filtered(&q, &filter, limit)).await {
        Ok(hits) => ok(json!({ "hits": hits })),
        Err(r) => r,
    }
}

async fn openapi() -> Response {
    ok(crate::openapi::document())
}

/// The refusal of a request that may not write, or `None` if it may. Writes
/// need a configured token, sent as `Authorization: Bearer TOKEN`, compared
/// in constant time.
fn refusal(state: &State, headers: &HeaderMap) -> Option<Response> {
    let Some(token) = &state.config.token else {
        return Some(error(StatusCode::FORBIDDEN, "this server is read-only: start it with a token to accept writes"));
    };
    let given = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    use subtle::ConstantTimeEq;
    // Compare hashes of equal length so the token's length does not leak either.
    let a = simple_digest(given.as_bytes());
    let b = simple_digest(token.as_bytes());
    if bool::from(a.ct_eq(&b)) && !given.is_empty() {
        None
    } else {
        Some(error(StatusCode::UNAUTHORIZED, "missing or wrong token"))
    }
}

/// A fixed-length digest (FNV-1a, 4 lanes) so comparison time does not depend on length.
fn simple_digest(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for lane in 0..4u64 {
        let mut h: u64 = 0xcbf29ce484222325 ^ lane.wrapping_mul(0x9e3779b97f4a7c15);
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
        out[lane as usize * 8..lane as usize * 8 + 8].copy_from_slice(&h.to_le_bytes());
    }
    out
}

/// Ingests articles posted as a JSON record or an array of records, in the
/// JSONL record format of the contract.
async fn post_documents(AxState(state): AxState<Arc<State>>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    if let Some(r) = refusal(&state, &headers) {
        return r;
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("the body is not JSON: {e}")),
    };
    let records: Vec<Value> = match value {
        Value::Array(a) => a,
        v @ Value::Object(_) => vec![v],
        _ => return error(StatusCode::BAD_REQUEST, "expected a JSON object or an array of objects"),
    };
    let mut jsonl = String::new();
    for r in &records {
        jsonl.push_str(&r.to_string());
        jsonl.push('\n');
    }
    let _guard = state.write_lock.lock().await;
    let db = state.config.db.clone();
    let gazetteers = state.config.gazetteers.clone();
    let result = tokio::task::spawn_blocking(move || -> Result<dossier_pipeline::Report, String> {
        let dir = tempfile_dir()?;
        let path = dir.join("posted.jsonl");
        std::fs::write(&path, jsonl).map_err(|e| e.to_string())?;
        let mut options = dossier_pipeline::Options::default();
        if !gazetteers.is_empty() {
            options.gazetteer = Some(Arc::new(dossier_pipeline::load_gazetteer(&gazetteers)?));
        }
        let mut store = Store::open(&db).map_err(|e| e.to_string())?;
        let report = dossier_pipeline::ingest(&mut store, &[dossier_pipeline::Input::Path(path)], &options, &mut ());
        let _ = std::fs::remove_dir_all(&dir);
        report.map_err(|e| e.to_string())
    })
    .await;
    match result {
        Ok(Ok(report)) => {
            let rejected: Vec<Value> = report
                .rejected
                .iter()
                .map(|e| json!({ "input": e.input.replace(std::env::temp_dir().to_string_lossy().as_ref(), ""), "reason": e.reason }))
                .collect();
            let status = if rejected.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
            (
                status,
                Json(json!({
                    "inserted": report.inserted, "unchanged": report.unchanged, "replaced": report.replaced,
                    "duplicates": report.duplicates, "rejected": rejected,
                })),
            )
                .into_response()
        }
        Ok(Err(e)) => {
            eprintln!("dossier: ingest through the API failed: {e}");
            error(StatusCode::INTERNAL_SERVER_ERROR, "the articles could not be stored")
        }
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}

fn tempfile_dir() -> Result<std::path::PathBuf, String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!("dossier-post-{}-{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}
