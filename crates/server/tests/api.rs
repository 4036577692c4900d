//! API tests against a real server on a loopback port with a real database
//! holding the bundled example corpus.

use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

const TOKEN: &str = "test-token-4d1f";

fn start(token: Option<&str>) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("api.db").to_string_lossy().into_owned();
    let mut store = dossier_store::Store::open(&db).unwrap();
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    let mut options = dossier_pipeline::Options::default();
    options.config.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    dossier_pipeline::ingest(&mut store, &[dossier_pipeline::Input::Path(corpus)], &options, &mut ()).unwrap();
    drop(store);
    let mut config = dossier_server::Config::new(&db);
    config.token = token.map(str::to_string);
    config.max_body = 1024 * 1024;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    std::thread::spawn(move || dossier_server::serve_blocking(config, addr).unwrap());
    let base = format!("http://{addr}");
    for _ in 0..200 {
        if ureq::get(&format!("{base}/api/health")).call().is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    Server { base, _dir: dir }
}

fn shared() -> &'static Server {
    static S: OnceLock<Server> = OnceLock::new();
    S.get_or_init(|| start(None))
}

fn get(s: &Server, path: &str) -> (u16, Value) {
    match ureq::get(&format!("{}{path}", s.base)).call() {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap_or(Value::Null)),
        Err(e) => panic!("{path}: {e}"),
    }
}

/// A concrete URL for a spec path, with ids taken from the data.
fn concrete(s: &Server, path: &str) -> String {
    if path.contains("/api/documents/{id}") {
        let (_, list) = get(s, "/api/documents?limit=1");
        return path.replace("{id}", list["documents"][0]["id"].as_str().unwrap());
    }
    if path.contains("/api/stories/{id}") {
        let (_, t) = get(s, "/api/timeline");
        let story = &t["stories"][0];
        let url = path.replace("{id}", story["id"].as_str().unwrap());
        if path.ends_with("/sources") {
            return format!("{url}?fact={}", urlencode(story["facts"][0]["id"].as_str().unwrap()));
        }
        return url;
    }
    if path == "/api/search" {
        return "/api/search?q=tanks".into();
    }
    path.to_string()
}

#[test]
fn every_route_in_the_spec_answers_with_json() {
    let s = shared();
    let (code, spec) = get(s, "/api/openapi.json");
    assert_eq!(code, 200);
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if method != "get" {
                continue;
            }
            let url = concrete(s, path);
            let (code, body) = get(s, &url);
            assert_eq!(code, 200, "{url}: {body}");
            // Required properties of the 200 schema are present.
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
            if let Some(required) = schema["required"].as_array() {
                for r in required {
                    assert!(body.get(r.as_str().unwrap()).is_some(), "{url}: missing {r} in response");
                }
            }
            if schema["type"] == "array" {
                assert!(body.is_array(), "{url}: expected an array");
            }
        }
    }
}

#[test]
fn spec_and_router_list_the_same_routes() {
    let spec = dossier_server::openapi::document();
    let mut in_spec: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            in_spec.push((method.clone(), path.clone()));
        }
    }
    let mut routed: Vec<(String, String)> = dossier_server::ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    in_spec.sort();
    routed.sort();
    assert_eq!(in_spec, routed);
}

#[test]
fn filters_and_paging() {
    let s = shared();
    let (_, all) = get(s, "/api/documents?limit=500");
    let total = all["total"].as_u64().unwrap();
    assert!(total >= 10);
    let (_, page) = get(s, "/api/documents?limit=3&offset=3");
    assert_eq!(page["documents"].as_array().unwrap().len(), 3);
    assert_eq!(page["documents"][0]["id"], all["documents"][3]["id"]);
    let (_, pol) = get(s, "/api/documents?recipient=POL&limit=500");
    assert!(pol["total"].as_u64().unwrap() < total);
    assert!(pol["documents"].as_array().unwrap().iter().all(|d| d["id"].as_str().unwrap().starts_with('b') || d["id"].as_str().unwrap().starts_with('m')));
    let (_, timeline) = get(s, "/api/timeline?system=K2");
    assert!(timeline["stories"].as_array().unwrap().iter().all(|st| st["deal"]["system"] == "K2"));
    let (_, hits) = get(s, "/api/search?q=Gdynia");
    assert!(!hits["hits"].as_array().unwrap().is_empty());
    let hit = &hits["hits"][0];
    assert!(hit["snippet"].as_array().unwrap().iter().any(|p| p["hit"] == true), "{hit}");
}

/// The listings are written while they are read from the store, in
/// chunks: each body is byte for byte what serializing the whole listing
/// gives, filters included, and several chunks long for the larger ones.
#[test]
fn listings_stream_exactly_what_the_store_holds() {
    let s = shared();
    let store = dossier_store::Store::open(s._dir.path().join("api.db").to_str().unwrap()).unwrap();
    let body = |path: &str| -> (String, Option<String>) {
        let r = ureq::get(&format!("{}{path}", s.base)).call().unwrap();
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let chunked = r.header("transfer-encoding").map(str::to_string);
        (r.into_string().unwrap(), chunked)
    };
    let none = dossier_query::Filter::default();
    let by_supplier = dossier_query::Filter { supplier: Some("KOR".into()), ..Default::default() };
    let timeline = |f: &dossier_query::Filter| serde_json::json!({ "stories": dossier_query::stored_timeline(&store, f).unwrap() }).to_string();
    let register = |f: &dossier_query::Filter| {
        let rows = dossier_query::stored_register(&store, f).unwrap();
        serde_json::json!({ "rows": rows, "total": rows.len() }).to_string()
    };
    let conflicts = serde_json::to_string(&dossier_query::stored_conflicts(&store).unwrap()).unwrap();
    let cases = [
        ("/api/timeline", timeline(&none)),
        ("/api/register", register(&none)),
        ("/api/conflicts", conflicts),
        ("/api/timeline?supplier=kor", timeline(&by_supplier)),
        ("/api/register?supplier=KOR", register(&by_supplier)),
        ("/api/timeline?system=no-such-system", r#"{"stories":[]}"#.to_string()),
        ("/api/register?system=no-such-system", r#"{"rows":[],"total":0}"#.to_string()),
    ];
    for (path, want) in cases {
        let (got, chunked) = body(path);
        assert_eq!(got, want, "{path}");
        assert_eq!(chunked.as_deref(), Some("chunked"), "{path}");
    }
    assert!(timeline(&by_supplier).len() > 100 && timeline(&by_supplier).len() < timeline(&none).len());
    // Larger than one chunk of the stream.
    assert!(timeline(&none).len() > 2 * 16 * 1024);
}

/// The small answers the web UI builds its pages from, so that no page
/// downloads a whole listing for a count or one deal: counts in the health
/// answer, a deal's register row with its story, the deals without their
/// stories.
#[test]
fn counts_deals_and_a_story_with_its_register_row() {
    let s = shared();
    let (_, health) = get(s, "/api/health");
    let (_, conflicts) = get(s, "/api/conflicts");
    let (_, timeline) = get(s, "/api/timeline");
    let (_, register) = get(s, "/api/register");
    let stories = timeline["stories"].as_array().unwrap();
    assert_eq!(health["conflicts"].as_u64().unwrap() as usize, conflicts.as_array().unwrap().len());
    assert_eq!(health["stories"].as_u64().unwrap() as usize, stories.len());
    assert!(health["conflicts"].as_u64().unwrap() > 0);
    let (_, deals) = get(s, "/api/deals");
    let deals = deals["deals"].as_array().unwrap();
    assert_eq!(deals.len(), stories.len());
    for (d, st) in deals.iter().zip(stories) {
        assert_eq!(d["story"], st["id"]);
        for k in ["supplier", "recipient", "system"] {
            assert_eq!(d[k], st["deal"][k], "{k}");
        }
    }
    let rows = register["rows"].as_array().unwrap();
    for st in stories {
        let id = st["id"].as_str().unwrap();
        let (code, one) = get(s, &format!("/api/stories/{id}"));
        assert_eq!(code, 200);
        let row = rows.iter().find(|r| r["story"] == id).cloned().unwrap_or(serde_json::Value::Null);
        assert_eq!(one["register"], row, "{id}");
    }
    assert!(rows.len() >= 2);
    // One story's conflicts, and one field's, filtered by the server.
    let all = conflicts.as_array().unwrap();
    let story = all[0]["story"].as_str().unwrap();
    let field = all[0]["field"].as_str().unwrap();
    let (_, one) = get(s, &format!("/api/conflicts?story={story}"));
    let want: Vec<_> = all.iter().filter(|c| c["story"] == story).cloned().collect();
    assert_eq!(one.as_array().unwrap(), &want);
    assert!(want.len() < all.len() || all.iter().all(|c| c["story"] == story));
    let (_, by_field) = get(s, &format!("/api/conflicts?story={story}&field={field}"));
    let want: Vec<_> = all.iter().filter(|c| c["story"] == story && c["field"] == field).cloned().collect();
    assert_eq!(by_field.as_array().unwrap(), &want);
    assert!(!want.is_empty());
    let (_, none) = get(s, "/api/conflicts?story=no-such-story");
    assert_eq!(none, serde_json::json!([]));
    let (_, unfiltered) = get(s, "/api/conflicts?story=&field=");
    assert_eq!(&unfiltered, &conflicts);
}

/// The conflicts page reads one page at a time and the counts by field:
/// pages put together are the whole list, filters and all; the counts
/// are those of the whole list.
#[test]
fn conflicts_in_pages_and_counted_by_field() {
    let s = shared();
    let (_, all) = get(s, "/api/conflicts");
    let all = all.as_array().unwrap().clone();
    assert!(all.len() >= 3, "{} conflicts", all.len());
    for size in [1, 2, all.len() - 1] {
        let mut pages = Vec::new();
        for offset in (0..all.len() + size).step_by(size) {
            let (code, page) = get(s, &format!("/api/conflicts?limit={size}&offset={offset}"));
            assert_eq!(code, 200);
            let page = page.as_array().unwrap().clone();
            assert!(page.len() <= size);
            assert_eq!(page.is_empty(), offset >= all.len(), "page at {offset}");
            pages.extend(page);
        }
        assert_eq!(pages, all, "pages of {size}");
    }
    let (_, zero) = get(s, "/api/conflicts?limit=0");
    assert_eq!(zero, serde_json::json!([]));
    let (_, tail) = get(s, "/api/conflicts?offset=1");
    assert_eq!(tail.as_array().unwrap(), &all[1..]);
    // A filter first, then the page: the second of one field's conflicts.
    let field = all[0]["field"].as_str().unwrap();
    let of_field: Vec<_> = all.iter().filter(|c| c["field"] == field).cloned().collect();
    let (_, second) = get(s, &format!("/api/conflicts?field={field}&limit=1&offset=1"));
    assert_eq!(second.as_array().unwrap(), &of_field.get(1).into_iter().cloned().collect::<Vec<_>>());
    // Counts by field, of all and of one story.
    let story = all[0]["story"].as_str().unwrap();
    for (query, want) in [("".to_string(), all.clone()), (format!("?story={story}"), all.iter().filter(|c| c["story"] == story).cloned().collect())] {
        let (code, counts) = get(s, &format!("/api/conflicts/fields{query}"));
        assert_eq!(code, 200);
        assert_eq!(counts["total"].as_u64().unwrap() as usize, want.len(), "{query}");
        let mut expected: Vec<(String, usize)> = Vec::new();
        for c in &want {
            let f = c["field"].as_str().unwrap().to_string();
            match expected.iter_mut().find(|(g, _)| *g == f) {
                Some((_, n)) => *n += 1,
                None => expected.push((f, 1)),
            }
        }
        expected.sort();
        let got: Vec<(String, usize)> = counts["fields"].as_array().unwrap().iter().map(|x| (x["field"].as_str().unwrap().to_string(), x["conflicts"].as_u64().unwrap() as usize)).collect();
        assert_eq!(got, expected, "{query}");
    }
    let (_, none) = get(s, "/api/conflicts/fields?story=no-such-story");
    assert_eq!(none, serde_json::json!({ "total": 0, "fields": [] }));
}

/// The register page asks for rows with a few claims a field: everything
/// else as in the whole register, and each field says how many claims it has.
#[test]
fn register_rows_with_their_claims_capped() {
    let s = shared();
    let (_, whole) = get(s, "/api/register");
    let whole = whole["rows"].as_array().unwrap().clone();
    let mut capped_any = false;
    for n in [0usize, 1, 2] {
        let (code, capped) = get(s, &format!("/api/register?claims={n}"));
        assert_eq!(code, 200);
        let capped = capped["rows"].as_array().unwrap();
        assert_eq!(capped.len(), whole.len());
        for (c, w) in capped.iter().zip(&whole) {
            capped_any |= fields_capped(c, w, n);
        }
    }
    assert!(capped_any, "no field had more claims than the cap");
}

/// Checks that each field of a capped register row (or of a further order
/// of it) keeps the first `n` claims of the whole row's and says how many
/// there are; true if some field had more.
fn fields_capped(c: &Value, w: &Value, n: usize) -> bool {
    let (c, w) = (c.as_object().unwrap(), w.as_object().unwrap());
    assert_eq!(c.keys().collect::<Vec<_>>(), w.keys().collect::<Vec<_>>());
    let mut capped_any = false;
    for (k, wv) in w {
        let cv = &c[k];
        match wv.get("claims").and_then(|x| x.as_array()) {
            Some(all) => {
                assert_eq!(cv["n_claims"].as_u64().unwrap() as usize, all.len(), "{k}");
                let kept = cv["claims"].as_array().unwrap();
                assert_eq!(kept.as_slice(), &all[..all.len().min(n)], "{k}");
                capped_any |= all.len() > n;
                for key in ["value", "disputed", "values"] {
                    assert_eq!(cv[key], wv[key], "{k}.{key}");
                }
            }
            None if k == "later_orders" => {
                let (cs, ws) = (cv.as_array().unwrap(), wv.as_array().unwrap());
                assert_eq!(cs.len(), ws.len());
                for (co, wo) in cs.iter().zip(ws) {
                    assert_eq!(co["batch"], wo["batch"]);
                    capped_any |= fields_capped(co, wo, n);
                }
            }
            None => assert_eq!(cv, wv, "{k}"),
        }
    }
    capped_any
}

#[test]
fn errors_are_json_without_internals() {
    let s = shared();
    let (code, body) = get(s, "/api/documents/does-not-exist");
    assert_eq!(code, 404);
    assert!(body["error"].is_string());
    let (code, body) = get(s, "/api/nothing-here");
    assert_eq!(code, 404);
    assert!(body["error"].is_string());
    let (code, body) = get(s, "/api/search?q=");
    assert_eq!(code, 400);
    assert!(!body.to_string().to_lowercase().contains("sql"));
    // A query string that cannot be read says why, in JSON, on every route.
    for path in ["/api/documents?limit=abc", "/api/register?offset=-1", "/api/conflicts?limit=1e9", "/api/timeline?sources=x", "/api/events?limit=99999999999999999999999"] {
        let (code, body) = get(s, path);
        assert_eq!(code, 400, "{path}");
        assert!(body["error"].as_str().is_some_and(|e| e.contains("limit") || e.contains("offset") || e.contains("sources")), "{path}: {body}");
    }
}

#[test]
fn static_files_only_from_the_embedded_set() {
    let s = shared();
    let r = ureq::get(&format!("{}/", s.base)).call().unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    for path in ["/assets/../Cargo.toml", "/assets/%2e%2e/Cargo.toml", "/../../etc/passwd", "/assets/app.js.map"] {
        let code = match ureq::get(&format!("{}{path}", s.base)).call() {
            Ok(r) => r.status(),
            Err(ureq::Error::Status(c, _)) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(code, 404, "{path}");
    }
}

#[test]
fn writes_are_off_without_a_token() {
    let s = shared();
    let r = ureq::post(&format!("{}/api/documents", s.base)).send_json(serde_json::json!({"id": "x", "text": "Ukraine received more IRIS-T systems from Germany."}));
    match r {
        Err(ureq::Error::Status(403, _)) => {}
        other => panic!("expected 403, got {other:?}"),
    }
}

#[test]
fn writes_need_the_right_token() {
    let s = start(Some(TOKEN));
    let url = format!("{}/api/documents", s.base);
    let body = serde_json::json!({"id": "posted-1", "text": "Greece signed a contract for 24 Rafale jets from France, the ministry said on Monday.", "published": "2021-01-25"});
    // Reads before the write leave connections idle; reads after it, on
    // those same connections, see the write.
    let count = |s: &Server| get(s, "/api/health").1["documents"].as_u64().unwrap();
    let before: Vec<u64> = (0..4).map(|_| count(&s)).collect();
    assert!(before.windows(2).all(|w| w[0] == w[1]), "{before:?}");
    match ureq::post(&url).set("Authorization", "Bearer wrong").send_json(body.clone()) {
        Err(ureq::Error::Status(401, _)) => {}
        other => panic!("expected 401, got {other:?}"),
    }
    let r = ureq::post(&url).set("Authorization", &format!("Bearer {TOKEN}")).send_json(body).unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.into_json().unwrap();
    assert_eq!(v["inserted"], 1);
    for _ in 0..4 {
        assert_eq!(count(&s), before[0] + 1);
    }
    let (code, doc) = get(&s, "/api/documents/posted-1");
    assert_eq!(code, 200);
    assert_eq!(doc["document"]["published"], "2021-01-25");
    // Bodies over the limit are refused from their declared length, before they are read.
    use std::io::{Read, Write};
    let addr = s.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "POST /api/documents HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", 2 * 1024 * 1024).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
}

/// A register row's value of a sort column, as the test reads it: numbers
/// (with "billion" and the like) before text, text in lower case.
#[derive(Debug, PartialEq, PartialOrd)]
enum Key {
    Number(f64),
    Text(String),
}

fn key_of(row: &Value, column: &str) -> Option<Key> {
    let text = match column {
        "deal" => return Some(Key::Text(format!("{} {}", country(row["supplier"].as_str()?), country(row["recipient"].as_str()?)).to_lowercase())),
        "designation" | "description" => row[column].as_str()?.to_string(),
        "sources" => return Some(Key::Number(row["n_sources"].as_u64().unwrap_or_else(|| row["sources"].as_array().unwrap().len() as u64) as f64)),
        field => row[field]["value"].as_str()?.to_string(),
    };
    if text.is_empty() {
        return None;
    }
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').collect();
    match digits.replace(',', "").parse::<f64>() {
        Ok(n) => {
            let rest = text[digits.len()..].trim_start();
            let scale = [("billion", 1e9), ("million", 1e6), ("thousand", 1e3)].iter().find(|(w, _)| rest.starts_with(w)).map_or(1.0, |x| x.1);
            Some(Key::Number(n * scale))
        }
        Err(_) => Some(Key::Text(text.to_lowercase())),
    }
}

fn country(code: &str) -> &str {
    dossier_reconcile::register::country_name(code)
}

fn rows_of(s: &Server, path: &str) -> (Vec<Value>, usize) {
    let (code, body) = get(s, path);
    assert_eq!(code, 200, "{path}: {body}");
    (body["rows"].as_array().unwrap().clone(), body["total"].as_u64().unwrap() as usize)
}

/// The register sorted by each column, both ways: keys in order (numbers
/// by value, before text; empty fields last), ties in deal order; pages
/// put together are the whole sorted list; a few claims a field come from
/// the stored rows, equal to the whole rows cut short.
#[test]
fn register_sorts_by_every_column_in_pages() {
    let s = shared();
    let (whole, total) = rows_of(s, "/api/register");
    assert_eq!(total, whole.len());
    assert!(whole.len() >= 4);
    let deal_order: Vec<&Value> = whole.iter().map(|r| &r["story"]).collect();
    let rank = |r: &Value| deal_order.iter().position(|id| **id == r["story"]).unwrap();
    for column in dossier_store::REGISTER_SORTS {
        let mut distinct = Vec::new();
        for dir in ["asc", "desc"] {
            let (sorted, total) = rows_of(s, &format!("/api/register?sort={column}&dir={dir}"));
            assert_eq!(total, whole.len());
            assert_eq!(sorted.len(), whole.len(), "{column} {dir}");
            for pair in sorted.windows(2) {
                let (a, b) = (key_of(&pair[0], column), key_of(&pair[1], column));
                let in_order = match (&a, &b) {
                    (Some(_), None) | (None, None) => true,
                    (None, Some(_)) => false,
                    (Some(x), Some(y)) => {
                        let cmp = match (x, y) {
                            (Key::Number(_), Key::Text(_)) => std::cmp::Ordering::Less,
                            (Key::Text(_), Key::Number(_)) => std::cmp::Ordering::Greater,
                            _ => x.partial_cmp(y).unwrap(),
                        };
                        let cmp = if dir == "desc" { cmp.reverse() } else { cmp };
                        cmp == std::cmp::Ordering::Less || (cmp == std::cmp::Ordering::Equal && rank(&pair[0]) < rank(&pair[1]))
                    }
                };
                assert!(in_order, "sort={column}&dir={dir}: {a:?} ({}) before {b:?} ({})", pair[0]["story"], pair[1]["story"]);
                if a != b && !distinct.contains(&format!("{a:?}")) {
                    distinct.push(format!("{a:?}"));
                }
            }
            // Pages of 3 with 2 claims a field and 2 sources: the same rows,
            // each the whole row cut short.
            let mut paged = Vec::new();
            for offset in (0..whole.len() + 3).step_by(3) {
                let (page, total) = rows_of(s, &format!("/api/register?sort={column}&dir={dir}&limit=3&offset={offset}&claims=2&sources=2"));
                assert_eq!(total, whole.len());
                assert!(page.len() <= 3);
                paged.extend(page);
            }
            assert_eq!(paged.len(), sorted.len(), "{column} {dir}");
            for (p, full) in paged.iter().zip(&sorted) {
                let mut cut = full.clone();
                dossier_store::cap_row(&mut cut, Some(2), Some(2));
                assert_eq!(p, &cut, "{column} {dir}");
            }
        }
        assert!(!distinct.is_empty() || *column == "description", "the corpus does not tell sorting by {column} from no sorting");
    }
}

/// The register's filters on the server: words anywhere in a row, disputed
/// rows, and the deal's parties and system, alone and together, each with
/// the count of every row it keeps while the page shows a few.
/// Whether a register row has a disputed field, or a further order of it has.
fn row_disputed(r: &Value) -> bool {
    let fields = |r: &Value| r.as_object().unwrap().values().any(|f| f["disputed"] == true);
    fields(r) || r["later_orders"].as_array().is_some_and(|orders| orders.iter().any(fields))
}

#[test]
fn register_filters_rows_and_counts_them() {
    let s = shared();
    let (whole, _) = rows_of(s, "/api/register");
    let disputed = row_disputed;
    // What a row says for itself (not the evidence of its claims).
    let text = |r: &Value| {
        let mut parts = vec![r["supplier"].clone(), r["recipient"].clone(), r["designation"].clone(), r["description"].clone(), r["comments"].clone(), r["sources"].clone()];
        for f in r.as_object().unwrap().values().filter(|f| f.get("claims").is_some()) {
            parts.push(f["value"].clone());
            parts.push(f["values"].clone());
        }
        Value::Array(parts).to_string().to_lowercase()
    };
    let (only, total) = rows_of(s, "/api/register?disputed=1");
    let want: Vec<&Value> = whole.iter().filter(|r| disputed(r)).collect();
    assert!(!want.is_empty() && want.len() < whole.len());
    assert_eq!(only.iter().collect::<Vec<_>>(), want);
    assert_eq!(total, want.len());
    // A system named in some rows, and a word no row has.
    let system = whole[whole.len() / 2]["designation"].as_str().unwrap().to_string();
    for q in [system.clone(), system.to_uppercase(), format!("{} {}", country(whole[0]["supplier"].as_str().unwrap()), whole[0]["designation"].as_str().unwrap())] {
        let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
        let (found, total) = rows_of(s, &format!("/api/register?q={}", q.replace(' ', "+")));
        let want: Vec<&Value> = whole.iter().filter(|r| {
            let t = format!("{} {} {}", text(r), country(r["supplier"].as_str().unwrap()), country(r["recipient"].as_str().unwrap())).to_lowercase();
            words.iter().all(|w| t.contains(w.as_str()))
        }).collect();
        assert!(!want.is_empty(), "{q}");
        assert_eq!(found.iter().map(|r| &r["story"]).collect::<Vec<_>>(), want.iter().map(|r| &r["story"]).collect::<Vec<_>>(), "q={q}");
        assert_eq!(total, want.len());
    }
    let (none, total) = rows_of(s, "/api/register?q=zanzibar-trireme");
    assert!(none.is_empty() && total == 0);
    // Filters together, in a page of one, with the count of all they keep.
    let supplier = whole[0]["supplier"].as_str().unwrap();
    let want: Vec<&Value> = whole.iter().filter(|r| r["supplier"] == supplier && disputed(r)).collect();
    let (page, total) = rows_of(s, &format!("/api/register?supplier={}&disputed=1&limit=1&claims=0&sources=0", supplier.to_lowercase()));
    assert_eq!(total, want.len());
    assert_eq!(page.len(), want.len().min(1));
    // Bad parameters are refused with a reason.
    for bad in ["sort=price%3B+DROP+TABLE+stories", "dir=sideways", "disputed=maybe"] {
        let (code, body) = get(s, &format!("/api/register?{bad}"));
        assert_eq!(code, 400, "{bad}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{bad}: {body}");
    }
}

/// What the register page offers as filters, counted without reading rows.
#[test]
fn register_facets_count_deals_by_party_and_system() {
    let s = shared();
    let (whole, _) = rows_of(s, "/api/register");
    let (code, f) = get(s, "/api/register/facets");
    assert_eq!(code, 200);
    assert_eq!(f["deals"].as_u64().unwrap() as usize, whole.len());
    let disputed = whole.iter().filter(|r| row_disputed(r)).count();
    assert_eq!(f["disputed"].as_u64().unwrap() as usize, disputed);
    for (list, key, field) in [("suppliers", "code", "supplier"), ("recipients", "code", "recipient"), ("systems", "system", "designation")] {
        let mut want: Vec<(String, u64)> = Vec::new();
        for r in &whole {
            let v = r[field].as_str().unwrap().to_string();
            match want.iter_mut().find(|(k, _)| *k == v) {
                Some((_, n)) => *n += 1,
                None => want.push((v, 1)),
            }
        }
        want.sort();
        let got: Vec<(String, u64)> = f[list].as_array().unwrap().iter().map(|e| (e[key].as_str().unwrap().to_string(), e["deals"].as_u64().unwrap())).collect();
        assert_eq!(got, want, "{list}");
    }
    assert!(f["suppliers"].as_array().unwrap().iter().all(|e| e["name"].as_str().is_some_and(|n| !n.is_empty())));
    assert!(f["suppliers"].as_array().unwrap().iter().any(|e| e["name"] != e["code"]), "no supplier has a name");
}

/// Every outlet with its number of documents, counted in the database: the
/// search page's outlet filter, whatever the number of documents.
#[test]
fn outlets_are_counted_over_every_document() {
    let s = shared();
    let (_, docs) = get(s, "/api/documents?limit=500");
    let docs = docs["documents"].as_array().unwrap();
    let mut want: Vec<(String, u64)> = Vec::new();
    for d in docs.iter().filter_map(|d| d["outlet"].as_str()) {
        match want.iter_mut().find(|(o, _)| o == d) {
            Some((_, n)) => *n += 1,
            None => want.push((d.to_string(), 1)),
        }
    }
    want.sort();
    assert!(want.len() >= 2, "{want:?}");
    let (code, got) = get(s, "/api/outlets");
    assert_eq!(code, 200);
    let got: Vec<(String, u64)> = got["outlets"].as_array().unwrap().iter().map(|o| (o["outlet"].as_str().unwrap().to_string(), o["documents"].as_u64().unwrap())).collect();
    assert_eq!(got, want);
}

/// A deal page reads its story cut short: each fact with a few sources,
/// those that differ first, and the rest in pages. Cut or not, the story
/// holds the same facts, and the pages hold every source once.
#[test]
fn a_story_cut_short_and_its_sources_in_pages() {
    let s = shared();
    let (_, timeline) = get(s, "/api/timeline");
    let (mut cut_any, mut cut_conflict) = (false, false);
    for st in timeline["stories"].as_array().unwrap() {
        let id = st["id"].as_str().unwrap();
        let (_, whole) = get(s, &format!("/api/stories/{id}"));
        let (code, cut) = get(s, &format!("/api/stories/{id}?sources=2&docs=2&claims=1"));
        assert_eq!(code, 200);
        // Each conflict keeps one claim of each value it opposes.
        let (wc, cc) = (whole["conflicts"].as_array().unwrap(), cut["conflicts"].as_array().unwrap());
        assert_eq!(wc.len(), cc.len());
        for (w, c) in wc.iter().zip(cc) {
            let all = w["claims"].as_array().unwrap();
            assert_eq!(c["n_claims"].as_u64().unwrap() as usize, all.len());
            let values = |list: &[Value]| list.iter().map(|x| x["value"].to_string()).collect::<std::collections::BTreeSet<_>>();
            let kept = c["claims"].as_array().unwrap();
            assert_eq!(values(kept), values(all), "{id}");
            assert_eq!(kept.len(), values(all).len(), "{id}");
            assert!(kept.iter().all(|k| all.contains(k)));
            assert_eq!(c["explain"], w["explain"]);
            cut_conflict |= all.len() > kept.len();
        }
        let (w, c) = (&whole["story"], &cut["story"]);
        let docs = w["docs"].as_array().unwrap();
        assert_eq!(c["n_docs"].as_u64().unwrap() as usize, docs.len());
        assert_eq!(c["docs"].as_array().unwrap().as_slice(), &docs[..docs.len().min(2)]);
        let (wf, cf) = (w["facts"].as_array().unwrap(), c["facts"].as_array().unwrap());
        assert_eq!(wf.len(), cf.len());
        for (wf, cf) in wf.iter().zip(cf) {
            let all = wf["sources"].as_array().unwrap();
            for (k, v) in wf.as_object().unwrap() {
                if k != "sources" {
                    assert_eq!(&cf[k], v, "{id} {k}");
                }
            }
            assert_eq!(cf["n_sources"].as_u64().unwrap() as usize, all.len());
            // Every page of the fact's sources, put together, is every source once.
            let fact = wf["id"].as_str().unwrap();
            let mut paged = Vec::new();
            for offset in (0..all.len() + 1).step_by(2) {
                let (code, page) = get(s, &format!("/api/stories/{id}/sources?fact={}&offset={offset}&limit=2", urlencode(fact)));
                assert_eq!(code, 200, "{page}");
                assert_eq!(page["fact"], wf["id"]);
                assert_eq!(page["n_sources"].as_u64().unwrap() as usize, all.len());
                paged.extend(page["sources"].as_array().unwrap().iter().cloned());
            }
            assert_eq!(paged.len(), all.len(), "{fact}");
            assert!(all.iter().all(|x| paged.contains(x)), "{fact}");
            // The cut story's sources are the first page.
            assert_eq!(cf["sources"].as_array().unwrap().as_slice(), &paged[..all.len().min(2)]);
            cut_any |= all.len() > 2;
        }
        let reg = &cut["register"];
        if !reg.is_null() {
            let sources = whole["register"]["sources"].as_array().unwrap();
            assert_eq!(reg["n_sources"].as_u64().unwrap() as usize, sources.len());
            assert!(reg["sources"].as_array().unwrap().len() <= 2);
            assert!(reg["status"]["claims"].as_array().unwrap().len() <= 1);
        }
    }
    assert!(cut_any, "no fact had more than two sources");
    assert!(cut_conflict, "no conflict had two claims of one value");
    let id = timeline["stories"][0]["id"].as_str().unwrap();
    assert_eq!(get(s, &format!("/api/stories/{id}/sources")).0, 400);
    assert_eq!(get(s, &format!("/api/stories/{id}/sources?fact=no-such-fact")).0, 404);
    assert_eq!(get(s, "/api/stories/no-such-story/sources?fact=x").0, 404);
    assert_eq!(get(s, "/api/stories/no-such-story?sources=1").0, 404);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The timeline with a few sources a fact is each story as its deal's page
/// reads it.
#[test]
fn timeline_with_a_few_sources_a_fact() {
    let s = shared();
    let (_, cut) = get(s, "/api/timeline?sources=1");
    let (_, whole) = get(s, "/api/timeline");
    let (cut, whole) = (cut["stories"].as_array().unwrap(), whole["stories"].as_array().unwrap());
    assert_eq!(cut.len(), whole.len());
    for (c, w) in cut.iter().zip(whole) {
        let id = w["id"].as_str().unwrap();
        let (_, one) = get(s, &format!("/api/stories/{id}?sources=1"));
        assert_eq!(c, &one["story"], "{id}");
        for (cf, wf) in c["facts"].as_array().unwrap().iter().zip(w["facts"].as_array().unwrap()) {
            assert_eq!(cf["n_sources"].as_u64().unwrap() as usize, wf["sources"].as_array().unwrap().len());
        }
    }
    let (_, filtered) = get(s, "/api/timeline?sources=1&system=K2");
    assert!(filtered["stories"].as_array().unwrap().iter().all(|st| st["deal"]["system"] == "K2"));
}
