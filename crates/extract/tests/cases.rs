//! The data-driven extraction suite: every `tests/cases/*.toml` file holds
//! `[[case]]`s of our own (a sentence or short article and what a careful
//! reader finds in it). One harness runs them all and prints every
//! difference, case by case. A category left out of a case is not checked;
//! a category given must match exactly (nothing missing, nothing extra).
//!
//! Run one file: `CASES=amounts cargo test -p dossier-extract --test cases`.

use dossier_extract::{analyze, Context};
use serde::Deserialize;
use std::fmt::Write;

#[derive(Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    published: Option<String>,
    /// The headline, read apart from the text.
    title: Option<String>,
    amounts: Option<Vec<ExpAmount>>,
    times: Option<Vec<ExpTime>>,
    quotes: Option<Vec<ExpQuote>>,
    events: Option<Vec<ExpEvent>>,
    entities: Option<Vec<ExpEntity>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpAmount {
    kind: String,
    value: f64,
    unit: String,
    text: String,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpTime {
    text: String,
    /// Omitted or empty: the expression is found but cannot be resolved.
    value: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpQuote {
    speaker: Option<String>,
    role: Option<String>,
    contains: String,
    /// Words the quote must not take in (where it ends).
    #[serde(default)]
    excludes: Option<String>,
    direct: bool,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpEvent {
    #[serde(rename = "type")]
    kind: String,
    polarity: Option<String>,
    modality: Option<String>,
    supplier: Option<String>,
    recipient: Option<String>,
    system: Option<String>,
    time: Option<String>,
    attributed_to: Option<String>,
    value: Option<f64>,
    currency: Option<String>,
    quantity: Option<f64>,
    /// Checked only when given; "" for none.
    batch: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ExpEntity {
    id: String,
    name: Option<String>,
    role: Option<String>,
}

fn none_if_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

fn check_case(case: &Case, report: &mut String) -> bool {
    let x = analyze(&case.text, &Context { published: case.published.as_deref(), gazetteer: None, title: case.title.as_deref() });
    let mut ok = true;
    let mut fail = |report: &mut String, msg: String| {
        if ok {
            let _ = writeln!(report, "\n--- {}\n    text: {:?}", case.name, case.text);
        }
        ok = false;
        let _ = writeln!(report, "    {msg}");
    };

    if let Some(exp) = &case.amounts {
        let got: Vec<String> = x
            .amounts
            .iter()
            .map(|a| format!("{} {} {} {:?}", serde_json::to_value(a.kind).unwrap().as_str().unwrap(), a.value, a.unit, a.text))
            .collect();
        let want: Vec<String> = exp.iter().map(|a| format!("{} {} {} {:?}", a.kind, a.value, a.unit, a.text)).collect();
        if got != want {
            fail(report, format!("amounts\n      want {want:?}\n      got  {got:?}"));
        }
    }
    if let Some(exp) = &case.times {
        let got: Vec<String> = x.times.iter().map(|t| format!("{:?}={}", t.text, t.value.as_deref().unwrap_or("?"))).collect();
        let want: Vec<String> =
            exp.iter().map(|t| format!("{:?}={}", t.text, none_if_empty(&t.value).unwrap_or("?"))).collect();
        if got != want {
            fail(report, format!("times\n      want {want:?}\n      got  {got:?}"));
        }
    }
    if let Some(exp) = &case.quotes {
        let mut used = vec![false; x.quotes.len()];
        for q in exp {
            let hit = x.quotes.iter().enumerate().find(|(i, p)| {
                !used[*i]
                    && p.text.contains(&q.contains)
                    && q.excludes.as_ref().is_none_or(|x| !p.text.contains(x.as_str()))
                    && p.direct == q.direct
                    && p.speaker.as_deref() == none_if_empty(&q.speaker)
                    && (q.role.is_none() || p.role.as_deref() == none_if_empty(&q.role))
            });
            match hit {
                Some((i, _)) => used[i] = true,
                None => fail(report, format!("missed quote {q:?}")),
            }
        }
        for (i, p) in x.quotes.iter().enumerate() {
            if !used[i] {
                fail(report, format!("extra quote speaker={:?} role={:?} direct={} text={:?}", p.speaker, p.role, p.direct, p.text));
            }
        }
    }
    if let Some(exp) = &case.events {
        let mut used = vec![false; x.events.len()];
        for e in exp {
            let hit = x.events.iter().enumerate().find(|(i, p)| {
                !used[*i]
                    && p.kind.as_str() == e.kind
                    && serde_json::to_value(p.polarity).unwrap() == e.polarity.as_deref().unwrap_or("affirmed")
                    && serde_json::to_value(p.modality).unwrap() == e.modality.as_deref().unwrap_or("fact")
                    && p.supplier.as_deref() == none_if_empty(&e.supplier)
                    && p.recipient.as_deref() == none_if_empty(&e.recipient)
                    && p.system.as_deref() == none_if_empty(&e.system)
                    && p.time.as_deref() == none_if_empty(&e.time)
                    && p.attributed_to.as_deref() == none_if_empty(&e.attributed_to)
                    && p.value.as_ref().map(|v| v.amount) == e.value
                    && (e.currency.is_none() || p.value.as_ref().map(|v| v.currency.as_str()) == e.currency.as_deref())
                    && p.quantity.as_ref().map(|q| q.count) == e.quantity
                    && e.batch.as_ref().is_none_or(|b| p.batch.as_deref() == none_if_empty(&Some(b.clone())))
            });
            match hit {
                Some((i, _)) => used[i] = true,
                None => fail(report, format!("missed event {e:?}")),
            }
        }
        for (i, p) in x.events.iter().enumerate() {
            if !used[i] {
                fail(
                    report,
                    format!(
                        "extra event {} {:?}/{:?} {:?}->{:?} system={:?} time={:?} by={:?} value={:?} qty={:?} batch={:?} rule={} evidence={:?}",
                        p.kind.as_str(),
                        p.polarity,
                        p.modality,
                        p.supplier,
                        p.recipient,
                        p.system,
                        p.time,
                        p.attributed_to,
                        p.value.as_ref().map(|v| (v.amount, v.currency.clone())),
                        p.quantity.as_ref().map(|q| q.count),
                        p.batch,
                        p.rule,
                        p.evidence.text
                    ),
                );
            }
        }
    }
    if let Some(exp) = &case.entities {
        for e in exp {
            let hit = x.entities.iter().find(|p| {
                p.id == e.id
                    && (e.name.is_none() || Some(p.name.as_str()) == e.name.as_deref())
                    && (e.role.is_none() || p.role.as_deref() == e.role.as_deref())
            });
            if hit.is_none() {
                fail(report, format!("missed entity {e:?}"));
            }
        }
        for p in &x.entities {
            if !exp.iter().any(|e| e.id == p.id) {
                fail(report, format!("extra entity {} {:?} role={:?}", p.id, p.name, p.role));
            }
        }
    }
    // Offsets always round-trip.
    let doc = dossier_model::Document {
        id: case.name.clone(),
        url: None,
        title: None,
        outlet: None,
        based_on: vec![],
        published: None,
        published_basis: None,
        duplicate_of: None,
        text: case.text.clone(),
        entities: x.entities.clone(),
        quotes: x.quotes.clone(),
        events: x.events.clone(),
        amounts: x.amounts.clone(),
        provenance: Default::default(),
        times: x.times.clone(),
    };
    if let Err(e) = dossier_model::check_offsets(&doc) {
        fail(report, format!("offsets: {e}"));
    }
    ok
}

#[test]
fn cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let only = std::env::var("CASES").ok();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let (mut total, mut failed) = (0, 0);
    let mut report = String::new();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "toml")) {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        if only.as_ref().is_some_and(|o| !o.split(',').any(|x| x == stem)) {
            continue;
        }
        let src = std::fs::read_to_string(path).unwrap();
        let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let _ = writeln!(report, "\n=== {stem}");
        for case in &file.case {
            total += 1;
            if !check_case(case, &mut report) {
                failed += 1;
            }
        }
    }
    assert!(total > 0, "no cases found in {}", dir.display());
    if failed > 0 {
        panic!("{failed} of {total} extraction cases failed:\n{report}");
    }
    eprintln!("{total} extraction cases passed");
}
