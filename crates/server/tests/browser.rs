//! Browser tests of the web UI: a real server over a real database, driven
//! by headless Chromium through `tests/browser/run.mjs` (playwright-core).
//! Slow and needing Chromium and Node, so they run only with
//! `DOSSIER_BROWSER_TESTS=1`; CI sets it.
//!
//! The database holds the dev articles from `../shared/eval/dev/articles`
//! (read in place, never copied into the repository) or, where they are
//! absent, the bundled demo corpus; plus one hostile document whose title,
//! outlet and text carry markup and non-ASCII characters.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A document built to break a careless UI: markup that must show as text,
/// and multi-byte characters (flags, emoji, curly quotes, the euro sign)
/// before the evidence, so byte offsets and string indices differ.
const HOSTILE: &str = r#"{"id": "hostile-script", "title": "Injected <script>window.__pwned=1</script> headline & <b>bold</b>", "outlet": "<img src=x onerror=window.__pwned=2>", "published": "2023-01-12", "text": "Kyiv 🇺🇦 — Ukraine’s defence ministry said on Thursday that Germany delivered four IRIS-T SLM systems worth €600 million, and the text <script>window.__pwned=3</script> must show as text.\n\n“We received the first IRIS-T SLM battery in October 2022,” Defence Minister Oleksii Reznikov told reporters in Kyiv 😀 on Thursday, adding that <img src=x onerror=window.__pwned=4> was not a picture.\n\nGermany will deliver 8 more IRIS-T SLM systems to Ukraine in 2023, the ministry said."}"#;

fn repo_root() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// The articles to serve: the shared dev set when this checkout has one.
fn corpus(root: &Path) -> PathBuf {
    let dev = root.join("../shared/eval/dev/articles");
    if dev.is_dir() {
        dev
    } else {
        root.join("corpus/demo")
    }
}

/// Starts the server on a free loopback port; returns its base URL.
fn serve(db: &str) -> String {
    let config = dossier_server::Config::new(db);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    std::thread::spawn(move || dossier_server::serve_blocking(config, addr).unwrap());
    let base = format!("http://{addr}");
    for _ in 0..400 {
        if ureq::get(&format!("{base}/api/health")).call().is_ok() {
            return base;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    panic!("the server did not answer on {base}");
}

/// playwright-core from `tests/browser/package-lock.json`, installed once.
fn ensure_node_modules(dir: &Path) {
    if dir.join("node_modules/playwright-core/package.json").is_file() {
        return;
    }
    let status = Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(dir).status();
    match status {
        Ok(s) if s.success() => {}
        other => panic!("npm ci in {} failed ({other:?}): run `cd tests/browser && npm ci` first", dir.display()),
    }
}

#[test]
fn web_ui_in_headless_chromium() {
    if std::env::var("DOSSIER_BROWSER_TESTS").as_deref() != Ok("1") {
        println!("skipped: set DOSSIER_BROWSER_TESTS=1");
        return;
    }
    let root = repo_root();
    let articles = corpus(&root);
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join("hostile.jsonl");
    std::fs::write(&hostile, format!("{HOSTILE}\n")).unwrap();
    let db = dir.path().join("browser.db").to_string_lossy().into_owned();
    let mut store = dossier_store::Store::open(&db).unwrap();
    let mut options = dossier_pipeline::Options::default();
    options.config.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let inputs = [dossier_pipeline::Input::Path(articles.clone()), dossier_pipeline::Input::Path(hostile)];
    let report = dossier_pipeline::ingest(&mut store, &inputs, &options, &mut ()).unwrap();
    assert!(report.rejected.is_empty(), "inputs rejected: {:?}", report.rejected.iter().map(|e| &e.reason).collect::<Vec<_>>());
    drop(store);
    let base = serve(&db);
    eprintln!("browser tests: {} over {} on {base}", articles.display(), db);

    let browser_dir = root.join("tests/browser");
    ensure_node_modules(&browser_dir);
    let screenshots = std::env::var_os("SCREENSHOTS").map(PathBuf::from).unwrap_or_else(|| root.join("target/screenshots"));
    let status = Command::new("node")
        .arg(browser_dir.join("run.mjs"))
        .arg(&base)
        .current_dir(&root)
        .env("SCREENSHOTS", &screenshots)
        .env("HOSTILE_DOC", "hostile-script")
        .status()
        .expect("node could not be started: install Node.js 18 or later");
    assert!(status.success(), "browser tests failed ({status}); screenshots in {}", screenshots.display());
}
