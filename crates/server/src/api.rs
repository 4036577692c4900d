//! The JSON API. Every route here is listed in [`ROUTES`], from which the
//! router is built and against which the OpenAPI document is tested.

use crate::State;
use axum::extract::{Path, Query, State as AxState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use dossier_store::{cap_row, RegisterQuery, SearchFilter, Store, REGISTER_CLAIMS, REGISTER_SORTS, REGISTER_SOURCES, REGISTER_WORDS};
use serde::Deserialize;
use futures_util::StreamExt;
use serde_json::{json, Value};
use std::sync::Arc;

/// (method, path) of every API route, in OpenAPI path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/documents"),
    ("post", "/api/documents"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/outlets"),
    ("get", "/api/events"),
    ("get", "/api/timeline"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/stories/{id}/sources"),
    ("get", "/api/deals"),
    ("get", "/api/register"),
    ("get", "/api/register/facets"),
    ("get", "/api/conflicts"),
    ("get", "/api/conflicts/fields"),
    ("get", "/api/search"),
    ("get", "/api/openapi.json"),
];

pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/api/health", get(health))
        .route("/api/documents", get(documents).post(post_documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/outlets", get(outlets))
        .route("/api/events", get(events))
        .route("/api/timeline", get(timeline))
        .route("/api/stories/{id}", get(story))
        .route("/api/stories/{id}/sources", get(story_sources))
        .route("/api/deals", get(deals))
        .route("/api/register", get(register))
        .route("/api/register/facets", get(register_facets))
        .route("/api/conflicts", get(conflicts))
        .route("/api/conflicts/fields", get(conflict_fields))
        .route("/api/search", get(search))
        .route("/api/openapi.json", get(openapi))
        .fallback(not_found)
        .with_state(state)
}

/// The query string's parameters, as axum's `Query` reads them; one that
/// cannot be read (`?limit=abc`) gets a 400 in JSON with the reason, as
/// every other error, not a text body.
pub(crate) struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Params<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Response> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(Params(value)),
            Err(rejection) => Err(error(StatusCode::BAD_REQUEST, &rejection.body_text())),
        }
    }
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
/// Runs `f` with a read connection (an idle one, or a new one), and keeps
/// the connection for later requests if `f` succeeds.
fn with_store<T, E: From<dossier_store::StoreError>>(state: &State, f: impl FnOnce(&Store) -> Result<T, E>) -> Result<T, E> {
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
    Ok(out)
}

async fn read<T: Send + 'static>(state: &Arc<State>, f: impl FnOnce(&Store) -> Result<T, dossier_store::StoreError> + Send + 'static) -> Result<T, Response> {
    let state = state.clone();
    let result = tokio::task::spawn_blocking(move || with_store(&state, f)).await;
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
    match read(&state, |s| Ok((s.count_documents()?, s.count_stories_and_conflicts()?))).await {
        Ok((n, (stories, conflicts))) => {
            ok(json!({ "status": "ok", "documents": n, "stories": stories, "conflicts": conflicts, "writable": state.config.token.is_some() }))
        }
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
    /// Register: at most this many claims for each field (its `n_claims`
    /// says how many it has).
    claims: Option<usize>,
    /// Register: at most this many sources a row (its `n_sources` says how
    /// many it has). Timeline: at most this many sources a fact.
    sources: Option<usize>,
    /// Register: the column to sort by.
    sort: Option<String>,
    /// Register: `asc` or `desc`.
    dir: Option<String>,
    /// Register: `1` for rows with a disputed field only.
    disputed: Option<String>,
}

impl ListParams {
    fn filter(&self) -> SearchFilter {
        let nz = |s: &Option<String>| non_blank(s.clone());
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

    /// The register's rows these parameters ask for, or what is wrong with them.
    fn register_query(&self) -> Result<RegisterQuery, String> {
        let f = self.filter();
        let sort = non_blank(self.sort.clone());
        if let Some(s) = sort.as_deref().filter(|s| !REGISTER_SORTS.contains(s)) {
            return Err(format!("no register column {s:?} to sort by (one of: {})", REGISTER_SORTS.join(", ")));
        }
        let descending = match non_blank(self.dir.clone()).as_deref() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => return Err(format!("dir must be asc or desc, not {other:?}")),
        };
        let disputed = match non_blank(self.disputed.clone()).as_deref() {
            None | Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => return Err(format!("disputed must be 1 or 0, not {other:?}")),
        };
        let words = self.q.as_deref().unwrap_or("").split_whitespace().take(REGISTER_WORDS).map(str::to_string).collect();
        Ok(RegisterQuery {
            supplier: f.supplier,
            recipient: f.recipient,
            system: f.system,
            words,
            disputed,
            sort,
            descending,
            limit: self.limit,
            offset: self.offset.unwrap_or(0),
        })
    }
}

async fn documents(AxState(state): AxState<Arc<State>>, Params(p): Params<ListParams>) -> Response {
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

/// Every outlet of the stored documents with how many it has: the search
/// page's outlet filter, complete however many documents there are.
async fn outlets(AxState(state): AxState<Arc<State>>) -> Response {
    match read(&state, |s| s.outlets()).await {
        Ok(list) => {
            let outlets: Vec<Value> = list.into_iter().map(|(outlet, n)| json!({ "outlet": outlet, "documents": n })).collect();
            ok(json!({ "outlets": outlets }))
        }
        Err(r) => r,
    }
}

async fn events(AxState(state): AxState<Arc<State>>, Params(p): Params<ListParams>) -> Response {
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

async fn timeline(AxState(state): AxState<Arc<State>>, Params(p): Params<ListParams>) -> Response {
    let (filter, sources) = (p.deal_filter(), p.sources);
    stream_json(&state, "{\"stories\":[", "]}", move |s, out| {
        dossier_query::for_each_story(s, &filter, |story| match sources {
            None => out.push_value(&story),
            // A few sources a fact, as a deal's page reads its story.
            Some(n) => out.push_value(&dossier_query::story_json(story, dossier_query::StoryCaps { sources: Some(n), ..Default::default() })["story"]),
        })
    })
    .await
}

async fn story(AxState(state): AxState<Arc<State>>, Path(id): Path<String>, Params(p): Params<StoryParams>) -> Response {
    let want = id.clone();
    match read(&state, move |s| dossier_query::stored_story(s, &want)).await {
        Ok(Some((story, conflicts))) => {
            let caps = dossier_query::StoryCaps { sources: p.sources, docs: p.docs, claims: p.claims };
            let mut body = dossier_query::story_json(story, caps);
            body["conflicts"] = dossier_query::conflicts_json(conflicts, p.claims);
            ok(body)
        }
        Ok(None) => error(StatusCode::NOT_FOUND, &format!("no story {id:?}")),
        Err(r) => r,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct StoryParams {
    /// At most this many sources a fact, those that differ first (each
    /// fact's `n_sources` says how many it has).
    sources: Option<usize>,
    /// At most this many documents in the story's `docs` and the register
    /// row's `sources` (`n_docs`, `n_sources` say how many).
    docs: Option<usize>,
    /// At most this many claims a register field, and of each value a
    /// conflict opposes (`n_claims` on each says how many it has).
    claims: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FactSourcesParams {
    /// The fact's id (as the story gives it).
    fact: Option<String>,
    offset: Option<usize>,
    limit: Option<usize>,
}

/// A page of one fact's sources, in the order `?sources=` cuts them: what
/// a deal page asks for when a reader wants more than the first few.
async fn story_sources(AxState(state): AxState<Arc<State>>, Path(id): Path<String>, Params(p): Params<FactSourcesParams>) -> Response {
    let Some(fact) = non_blank(p.fact) else {
        return error(StatusCode::BAD_REQUEST, "the fact parameter is required");
    };
    let (offset, limit) = (p.offset.unwrap_or(0), p.limit.unwrap_or(50));
    let want = id.clone();
    match read(&state, move |s| s.story(&want)).await {
        Ok(Some(story)) => match dossier_query::fact_sources(&story, &fact, offset, limit) {
            Some(page) => ok(page),
            None => error(StatusCode::NOT_FOUND, &format!("story {id:?} has no fact {fact:?}")),
        },
        Ok(None) => error(StatusCode::NOT_FOUND, &format!("no story {id:?}")),
        Err(r) => r,
    }
}

/// Every deal that has a story (its id and parties), without the stories.
async fn deals(AxState(state): AxState<Arc<State>>) -> Response {
    match read(&state, |s| s.story_deals()).await {
        Ok(deals) => {
            let deals: Vec<Value> = deals
                .into_iter()
                .map(|(id, d)| json!({ "story": id, "supplier": d.supplier, "recipient": d.recipient, "system": d.system }))
                .collect();
            ok(json!({ "deals": deals }))
        }
        Err(r) => r,
    }
}

/// Register rows in deal order, or sorted, filtered and in pages; each row
/// with every claim, or a few (`claims`, `sources`). A page with few claims
/// comes from the rows stored beside the stories; any other from the
/// stories themselves.
async fn register(AxState(state): AxState<Arc<State>>, Params(p): Params<ListParams>) -> Response {
    let query = match p.register_query() {
        Ok(q) => q,
        Err(message) => return error(StatusCode::BAD_REQUEST, &message),
    };
    let (claims, sources) = (p.claims, p.sources);
    let stored = claims.is_some_and(|n| n <= REGISTER_CLAIMS) && sources.is_some_and(|n| n <= REGISTER_SOURCES);
    stream_json(&state, "{\"rows\":[", "}", move |s, out| {
        let page = s.register_page(&query)?;
        for (story, json) in page.rows {
            let mut row: Value = if stored {
                serde_json::from_str(&json).map_err(|e| StreamError::Store(e.into()))?
            } else {
                // Written between the page and this read: the next page has it.
                let Some(story) = s.story(&story)? else { continue };
                let Some(row) = dossier_reconcile::register::row_of(&story) else { continue };
                serde_json::to_value(row).map_err(|e| StreamError::Store(e.into()))?
            };
            cap_row(&mut row, claims, sources);
            out.push(&row)?;
        }
        out.buf.extend_from_slice(format!("],\"total\":{}", page.total).as_bytes());
        Ok(())
    })
    .await
}

/// How many deals the register has, how many with a disputed field, and
/// how many of each supplier, recipient and system: what the register's
/// page offers as filters, without reading its rows.
async fn register_facets(AxState(state): AxState<Arc<State>>) -> Response {
    match read(&state, |s| s.register_facets()).await {
        Ok(f) => {
            let countries = |list: Vec<(String, usize)>| -> Vec<Value> {
                list.into_iter().map(|(code, n)| json!({ "code": code, "name": dossier_reconcile::register::country_name(&code), "deals": n })).collect()
            };
            let systems: Vec<Value> = f.systems.into_iter().map(|(system, n)| json!({ "system": system, "deals": n })).collect();
            ok(json!({
                "deals": f.deals,
                "disputed": f.disputed,
                "suppliers": countries(f.suppliers),
                "recipients": countries(f.recipients),
                "systems": systems,
            }))
        }
        Err(r) => r,
    }
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ConflictParams {
    /// One story's conflicts only.
    story: Option<String>,
    /// Conflicts about this field only (status, quantity, value, time, ...).
    field: Option<String>,
    /// At most this many conflicts (none: every one).
    limit: Option<usize>,
    /// Skip this many first (of those the filters keep).
    offset: Option<usize>,
}

fn non_blank(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

async fn conflicts(AxState(state): AxState<Arc<State>>, Params(p): Params<ConflictParams>) -> Response {
    // Filtered and paged in SQL: a page deep in a large list decodes only its own.
    let query = dossier_store::ConflictQuery { story: non_blank(p.story), field: non_blank(p.field), limit: p.limit, offset: p.offset.unwrap_or(0) };
    stream_json(&state, "[", "]", move |s, out| s.for_each_conflict_in(&query, |c| out.push(&c))).await
}

/// How many conflicts (of one story, or all) concern each field, and in all:
/// what a page of conflicts needs to show its filters and its pages.
async fn conflict_fields(AxState(state): AxState<Arc<State>>, Params(p): Params<ConflictParams>) -> Response {
    let story = non_blank(p.story);
    match read(&state, move |s| s.conflict_fields(story.as_deref())).await {
        Ok(fields) => {
            let total: usize = fields.iter().map(|(_, n)| n).sum();
            let fields: Vec<Value> = fields.into_iter().map(|(field, n)| json!({ "field": field, "conflicts": n })).collect();
            ok(json!({ "total": total, "fields": fields }))
        }
        Err(r) => r,
    }
}

/// Why a streamed response stopped early.
#[derive(Debug)]
enum StreamError {
    Store(dossier_store::StoreError),
    /// The client went away, or read nothing for the request timeout.
    Gone,
}

impl From<dossier_store::StoreError> for StreamError {
    fn from(e: dossier_store::StoreError) -> Self {
        StreamError::Store(e)
    }
}

/// Bytes of a streamed response gathered before they are handed on.
const STREAM_CHUNK: usize = 16 << 10;

/// The elements of a JSON array written as they are read, comma-separated,
/// in chunks of [`STREAM_CHUNK`] bytes: what `serde_json` writes for the
/// whole array, without the whole array in memory.
struct JsonStream {
    buf: Vec<u8>,
    first: bool,
    tx: tokio::sync::mpsc::Sender<Result<Vec<u8>, StreamError>>,
    handle: tokio::runtime::Handle,
    timeout: std::time::Duration,
}

impl JsonStream {
    fn push(&mut self, v: &impl serde::Serialize) -> Result<(), StreamError> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        serde_json::to_writer(&mut self.buf, v).map_err(|e| StreamError::Store(e.into()))?;
        if self.buf.len() >= STREAM_CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// [`JsonStream::push`] for a value written the way `json!` writes it
    /// (the keys of its objects sorted), as these routes always have.
    fn push_value(&mut self, v: &impl serde::Serialize) -> Result<(), StreamError> {
        let v = serde_json::to_value(v).map_err(|e| StreamError::Store(e.into()))?;
        self.push(&v)
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(STREAM_CHUNK + 4096));
        self.send(Ok(chunk))
    }

    fn send(&self, item: Result<Vec<u8>, StreamError>) -> Result<(), StreamError> {
        // A client that stops reading holds a connection and a thread: it
        // gets the request timeout for each chunk.
        match self.handle.block_on(tokio::time::timeout(self.timeout, self.tx.send(item))) {
            Ok(Ok(())) => Ok(()),
            _ => Err(StreamError::Gone),
        }
    }
}

/// A JSON response written while `each` reads it from the store, one
/// element at a time (`head`, the elements, then `tail`), so that a
/// listing of a large database is never whole in memory. An error before
/// the first chunk is an error response; after it, the body is cut short
/// (the status is sent by then) and the error logged. Each stream holds
/// one of the server's request slots until it ends.
async fn stream_json(
    state: &Arc<State>,
    head: &'static str,
    tail: &'static str,
    each: impl FnOnce(&Store, &mut JsonStream) -> Result<(), StreamError> + Send + 'static,
) -> Response {
    let Ok(permit) = state.streams.clone().acquire_owned().await else {
        return error(StatusCode::SERVICE_UNAVAILABLE, "the server is shutting down");
    };
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, StreamError>>(2);
    let task_state = state.clone();
    let handle = tokio::runtime::Handle::current();
    let timeout = state.config.timeout;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut out = JsonStream { buf: Vec::with_capacity(STREAM_CHUNK + 4096), first: true, tx, handle, timeout };
        out.buf.extend_from_slice(head.as_bytes());
        let result = with_store(&task_state, |s| each(s, &mut out)).and_then(|()| {
            out.buf.extend_from_slice(tail.as_bytes());
            out.flush()
        });
        match result {
            Ok(()) | Err(StreamError::Gone) => {}
            Err(e) => {
                let _ = out.send(Err(e));
            }
        }
    });
    let first = match rx.recv().await {
        Some(Ok(chunk)) => chunk,
        Some(Err(StreamError::Store(e))) => {
            eprintln!("dossier: storage error: {e}");
            return error(StatusCode::INTERNAL_SERVER_ERROR, "the database could not answer");
        }
        Some(Err(StreamError::Gone)) | None => return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await? {
            Ok(chunk) => Some((Ok(axum::body::Bytes::from(chunk)), rx)),
            Err(e) => {
                if let StreamError::Store(e) = &e {
                    eprintln!("dossier: storage error while streaming a response: {e}");
                }
                Some((Err(std::io::Error::other("the response was cut short")), rx))
            }
        }
    });
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(axum::body::Bytes::from(first)) }).chain(rest);
    ([(axum::http::header::CONTENT_TYPE, "application/json")], axum::body::Body::from_stream(body)).into_response()
}

async fn search(AxState(state): AxState<Arc<State>>, Params(p): Params<ListParams>) -> Response {
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
