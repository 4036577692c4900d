//! The data-driven ingest suite: metadata and chrome removal as data.
//!
//! Every case is a pair of files in `tests/cases/`: the input (`NAME.txt`, a
//! page pasted as text, or `NAME.html`, a saved page) and `NAME.expect.toml`,
//! what a careful reader takes from it:
//!
//! ```toml
//! url = "https://example.com/2021/03/04/x"  # optional: the URL the input came with
//! today = "2026-11-25"                      # optional: the day of ingest (default 2026-11-25)
//! title = "..."
//! outlet = "..."
//! published = "2021-03-04"                  # "" when the date must stay unknown
//! published_basis = "text"                  # text | url | metadata | inferred
//! published_why = ["Friday"]                # words the date's evidence must hold
//! based_on = ["TASS"]                       # exactly these, in any order
//! text_contains = ["..."]                   # passages the clean text must keep
//! text_excludes = ["..."]                   # chrome that must not reach it
//! ```
//!
//! A field left out is not checked; `""` for title, outlet or published says
//! the field must be empty. One harness runs them all and prints every
//! difference at once. Run some: `CASES=tass_yearless,reuters cargo test -p
//! dossier-ingest --test cases` (names are matched as substrings).

use dossier_ingest::{prepare, Body, Config, Given, RawInput};
use serde::Deserialize;
use std::fmt::Write;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    url: Option<String>,
    today: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    published_basis: Option<String>,
    #[serde(default)]
    published_why: Vec<String>,
    based_on: Option<Vec<String>>,
    #[serde(default)]
    text_contains: Vec<String>,
    #[serde(default)]
    text_excludes: Vec<String>,
}

fn check_case(name: &str, input: &Path, expect: &Expect, report: &mut String) -> bool {
    let raw = std::fs::read_to_string(input).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let is_html = input.extension().is_some_and(|e| e == "html");
    let today = expect.today.as_deref().unwrap_or("2026-11-25");
    let config = Config {
        today: chrono::NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap_or_else(|e| panic!("{name}: today {today:?}: {e}")),
    };
    let raw_input = RawInput {
        id: name.to_string(),
        url: expect.url.clone(),
        body: if is_html { Body::Html(raw) } else { Body::Text(raw) },
        given: Given::default(),
        origin: input.display().to_string(),
    };
    let mut failures: Vec<String> = Vec::new();
    let article = match prepare(raw_input, &config) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(report, "\n--- {name}\n    rejected: {e}");
            return false;
        }
    };

    let mut field = |label: &str, want: &Option<String>, got: Option<&str>| {
        if let Some(want) = want {
            let want = Some(want.as_str()).filter(|w| !w.is_empty());
            if want != got {
                failures.push(format!("{label}\n      want {want:?}\n      got  {got:?}"));
            }
        }
    };
    field("title", &expect.title, article.title.as_deref());
    field("outlet", &expect.outlet, article.outlet.as_deref());
    field("published", &expect.published, article.published.as_deref());
    field("published_basis", &expect.published_basis, article.published_basis.map(|b| b.as_str()));

    let why = article.provenance.published.as_ref().map(|s| format!("{} {}", s.rule, s.evidence)).unwrap_or_default();
    for w in &expect.published_why {
        if !why.contains(w.as_str()) {
            failures.push(format!("published evidence lacks {w:?}\n      got  {why:?}"));
        }
    }
    if let Some(want) = &expect.based_on {
        let (mut want, mut got) = (want.clone(), article.based_on.clone());
        want.sort();
        got.sort();
        if want != got {
            failures.push(format!("based_on\n      want {want:?}\n      got  {got:?}"));
        }
    }
    for s in &expect.text_contains {
        if !article.text.contains(s.as_str()) {
            failures.push(format!("text lacks {s:?}"));
        }
    }
    for s in &expect.text_excludes {
        if article.text.contains(s.as_str()) {
            failures.push(format!("text keeps chrome {s:?}"));
        }
    }
    if failures.is_empty() {
        return true;
    }
    let _ = writeln!(report, "\n--- {name} ({})", input.display());
    for f in &failures {
        let _ = writeln!(report, "    {f}");
    }
    let _ = writeln!(report, "    text:");
    for para in article.text.split("\n\n") {
        let short: String = para.chars().take(110).collect();
        let _ = writeln!(report, "      | {short}{}", if short.len() < para.len() { "…" } else { "" });
    }
    false
}

#[test]
fn cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let only = std::env::var("CASES").ok();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let (mut total, mut failed) = (0, 0);
    let mut report = String::new();
    for path in &files {
        let file_name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(name) = file_name.strip_suffix(".expect.toml") else { continue };
        if only.as_ref().is_some_and(|o| !o.split(',').any(|x| name.contains(x))) {
            continue;
        }
        let input = ["txt", "html"].iter().map(|ext| dir.join(format!("{name}.{ext}"))).find(|p| p.exists());
        let Some(input) = input else {
            panic!("{}: no {name}.txt or {name}.html beside it", path.display());
        };
        let src = std::fs::read_to_string(path).unwrap();
        let expect: Expect = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        total += 1;
        if !check_case(name, &input, &expect, &mut report) {
            failed += 1;
        }
    }
    // Every input has its expectations.
    for path in &files {
        let file_name = path.file_name().unwrap().to_string_lossy().to_string();
        if let Some(stem) = file_name.strip_suffix(".txt").or_else(|| file_name.strip_suffix(".html")) {
            assert!(dir.join(format!("{stem}.expect.toml")).exists(), "{file_name} has no {stem}.expect.toml");
        }
    }
    assert!(total > 0, "no cases found in {}", dir.display());
    if failed > 0 {
        panic!("{failed} of {total} ingest cases failed:\n{report}");
    }
    eprintln!("{total} ingest cases passed");
}
