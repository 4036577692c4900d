//! Runs only the main-text stage (`dossier_ingest::prepare`) over a generated
//! corpus, on one thread, for profiling: `main_text [MB] [text|html|all]`.

use dossier_ingest::{Body, Given, RawInput};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: f64 = args.next().map_or(1.0, |a| a.parse().expect("MB is a number"));
    let which = args.next().unwrap_or_else(|| "all".into());
    let raws: Vec<RawInput> = dossier_bench::generate(7, (mb * 1e6) as usize)
        .filter_map(|a| {
            let body = match (a.text, a.html) {
                (Some(t), _) if which != "html" => Body::Text(t),
                (_, Some(h)) if which != "text" => Body::Html(h),
                _ => return None,
            };
            Some(RawInput { id: a.id, url: Some(a.url), body, given: Given::default(), origin: "generated".into() })
        })
        .collect();
    let bytes: usize = raws.iter().map(|r| match &r.body {
        Body::Text(s) | Body::Html(s) => s.len(),
        _ => 0,
    }).sum();
    let config = dossier_ingest::Config { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() };
    let n = raws.len();
    let t = Instant::now();
    let mut text_bytes = 0;
    for r in raws {
        if let Ok(a) = dossier_ingest::prepare(r, &config) {
            text_bytes += a.text.len();
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!("{which}: {n} docs, {:.2} MB in {s:.2} s: {:.2} MB/s, {:.0} docs/s ({text_bytes} bytes of text)", bytes as f64 / 1e6, bytes as f64 / 1e6 / s, n as f64 / s);
}
