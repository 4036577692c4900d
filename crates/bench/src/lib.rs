//! Benchmarks: a generator of realistic articles of our own (chrome,
//! quotes, amounts, dates, syndicated copies) at any size, and a runner that
//! times each stage (read, main text, extract, reconcile, store) and the
//! whole pipeline, with documents/s, MB/s and peak memory.

use std::io::Write;
use std::time::Instant;

pub mod crawl;

/// A small deterministic generator (xorshift), so corpora are reproducible.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next_u64() % xs.len() as u64) as usize]
    }
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

const SUPPLIERS: &[(&str, &str, &[&str], &str)] = &[
    ("Russia", "Moscow", &["S-400", "Su-35", "Su-30MKI", "T-90", "Mi-17", "Pantsir"], "Rosoboronexport"),
    ("the United States", "Washington", &["F-35", "F-16", "Patriot", "HIMARS", "Apache", "Abrams", "NASAMS"], "Lockheed Martin"),
    ("France", "Paris", &["Rafale", "CAESAR", "Scorpene", "Exocet", "Mirage 2000"], "Dassault Aviation"),
    ("South Korea", "Seoul", &["K2", "K9", "FA-50", "Chunmoo", "KF-21"], "Hanwha Aerospace"),
    ("Turkey", "Ankara", &["Bayraktar TB2", "Akinci", "T129 ATAK", "Hisar"], "Baykar"),
    ("China", "Beijing", &["J-10C", "JF-17", "HQ-9", "Wing Loong II", "VT-4"], "NORINCO"),
    ("Germany", "Berlin", &["Leopard 2", "IRIS-T", "PzH 2000", "Gepard"], "Rheinmetall"),
];
const RECIPIENTS: &[(&str, &str, &str)] = &[
    ("India", "New Delhi", "Indian"),
    ("Egypt", "Cairo", "Egyptian"),
    ("Poland", "Warsaw", "Polish"),
    ("Greece", "Athens", "Greek"),
    ("Ukraine", "Kyiv", "Ukrainian"),
    ("Saudi Arabia", "Riyadh", "Saudi"),
    ("Indonesia", "Jakarta", "Indonesian"),
    ("Brazil", "Brasilia", "Brazilian"),
];
const OUTLETS: &[&str] = &["Harbour Line News", "Baltic Defence Monitor", "The Gulf Ledger", "Asia Arms Review", "Danube Defence Digest", "Monsoon Defence Journal"];
const MONTHS: &[&str] = &["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const NAMES: &[&str] = &["Anna Kowalska", "Rajesh Menon", "Yusuf Demir", "Park Min-jun", "Elena Markova", "Nikos Papadakis", "Omar Haddad", "Claire Dubois"];
const ROLES: &[&str] = &["defence ministry spokesperson", "deputy defence minister", "head of the procurement agency", "chief executive of the manufacturer"];

/// One generated article: an id and a plain-text page (with chrome) or an HTML page.
pub struct Article {
    pub id: String,
    pub text: Option<String>,
    pub html: Option<String>,
    pub url: String,
}

fn body(r: &mut Rng) -> (String, String) {
    let (sup, sup_cap, systems, maker) = *r.pick(SUPPLIERS);
    let (rec, rec_cap, rec_adj) = *r.pick(RECIPIENTS);
    let system = *r.pick(systems);
    let year = r.range(2012, 2025);
    let month = *r.pick(MONTHS);
    let day = r.range(1, 28);
    let n = r.range(2, 240);
    let value = r.range(3, 95) as f64 / 10.0;
    let name = *r.pick(NAMES);
    let role = *r.pick(ROLES);
    let other = r.pick(SUPPLIERS).0;
    let later = year + r.range(1, 4);
    let earlier = year - r.range(1, 8);
    let units = r.range(2, 20);
    let range_km = r.range(40, 400);
    let years = r.range(5, 30);
    let share = r.range(10, 70);
    let sup_up = capitalize(sup);
    let title = match r.range(0, 3) {
        0 => format!("{rec} signs for {n} {system} from {sup}"),
        1 => format!("{sup_cap} and {rec_cap} agree {system} deal worth ${value} billion"),
        2 => format!("{rec_adj} military to get {system} under new contract"),
        _ => format!("{system} order: what {rec}'s deal with {sup} means"),
    };
    // Lead, quote and follow-up each come in several wordings, and the
    // background is drawn from a pool in random order, so that unrelated
    // reports share no more text than real ones do.
    let lead = match r.range(0, 4) {
        0 => format!("{sup_up} and {rec} signed a contract on {day} {month} {year} for {n} {system} systems worth about ${value} billion, officials in {rec_cap} said."),
        1 => format!("{rec} has ordered {n} {system} from {sup} in a deal valued at ${value} billion, the defence ministry announced on {day} {month} {year}."),
        2 => format!("The government of {rec} agreed on {month} {day}, {year} to buy {n} {system}, built by {maker}, for an estimated ${value} billion."),
        3 => format!("After months of talks, {rec_adj} negotiators concluded an agreement with {maker} for {n} {system} on {day} {month} {year}."),
        _ => format!("{sup_cap} will supply {n} {system} to {rec} under a ${value} billion contract signed in {month} {year}, according to a statement."),
    };
    let quote = match r.range(0, 3) {
        0 => format!("\"This agreement gives our forces capabilities they have waited for, and we expect the first deliveries within two years,\" said {name}, the {role}."),
        1 => format!("\"We chose the {system} because it met every requirement of the tender,\" {name}, the {role}, told reporters in {rec_cap}."),
        2 => format!("{name}, the {role}, said the purchase was \"a long-term commitment\" and that training of crews would begin in {later}."),
        _ => format!("\"Nobody should read this as a message to our neighbours,\" {name} said. \"It replaces equipment that is forty years old.\""),
    };
    let mut pool = vec![
        format!("According to {name}, the first batch will be delivered by the end of {later} and local production of components is being discussed with {maker}."),
        format!("{sup_cap} has not commented on the value of the deal. Earlier reports put the cost at ${:.1} billion, a figure the {rec_adj} side has denied.", value * 1.3),
        format!("The {system} has a range of {range_km} km. {rec} received an earlier batch of {units} units in {earlier}, according to the ministry."),
        format!("Talks on a second contract are under way, the {role} told reporters, adding that {sup} could also help with maintenance for the next {years} years."),
        format!("Analysts noted that {rec}'s purchases from {sup} have grown since {earlier}, while other suppliers, including {other}, have competed for the same requirement."),
        format!("Opposition lawmakers in {rec_cap} questioned the price and asked the auditor to review how {maker} was selected without an open competition."),
        format!("Deliveries are expected to start in {later}, with {units} systems arriving in the first year and the rest spread over {} years.", r.range(2, 6)),
        format!("The deal includes spare parts, simulators and a training package for about {} personnel, a person familiar with the negotiations said.", r.range(50, 900)),
        format!("{sup_cap} accounted for roughly {share} per cent of {rec}'s arms imports over the past decade, according to figures compiled by researchers."),
        format!("Officials in {sup_cap} described the agreement as a sign of trust, while diplomats in {rec_cap} stressed that it was not directed at any third country."),
        format!("Financing will come partly from a state loan, the finance ministry said, without giving the interest rate or the length of the repayment period."),
        format!("Industry sources said {maker} had offered to transfer some technology, a condition {rec} has attached to most large purchases since {earlier}."),
        format!("A parliamentary committee is due to review the contract in {month}, and several members have asked for the full text to be published."),
        format!("The announcement came a week after {other} presented a rival offer at an exhibition in {rec_cap}, which officials said had arrived too late."),
    ];
    let mut paras = vec![lead];
    let k = r.range(3, 8) as usize;
    for i in 0..k.min(pool.len()) {
        let j = i + r.range(0, (pool.len() - 1 - i) as u64) as usize;
        pool.swap(i, j);
        paras.push(pool[i].clone());
        if i == 0 {
            paras.push(quote.clone());
        }
    }
    (title, paras.join("\n\n"))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

fn chrome_text(r: &mut Rng, title: &str, body: &str, outlet: &str) -> String {
    let teasers = [
        "Navy tests new frigate radar\n\nThe trials off the coast lasted three weeks and...",
        "Air show draws record crowds\n\nOrganisers said more than 200 firms took part in...",
        "Budget debate delays drone purchase\n\nLawmakers asked for more details about...",
    ];
    format!(
        "Home\n\nDefence\n\n{title}\n\n{} {} {}\n\n{body}\n\nLatest News\n\n{}\n\n{}\n\nPhoto: {outlet}\n\n© {} {outlet}. All rights reserved.\n\nLeave a Reply\n\nPlease enter your comment!\n",
        r.range(1, 28),
        r.pick(MONTHS),
        r.range(2015, 2025),
        r.pick(&teasers),
        r.pick(&teasers),
        r.range(2015, 2025)
    )
}

fn html_page(title: &str, body: &str, outlet: &str) -> String {
    let paras: String = body.split("\n\n").map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;"))).collect();
    format!(
        "<!doctype html><html><head><title>{title} | {outlet}</title><meta property=\"og:site_name\" content=\"{outlet}\"></head><body><nav><a href=\"/\">Home</a><a href=\"/defence\">Defence</a><a href=\"/world\">World</a></nav><aside><h3>Related</h3><ul><li><a href=\"/a\">Navy tests new frigate radar</a></li><li><a href=\"/b\">Air show draws record crowds</a></li></ul></aside><article><h1>{title}</h1>{paras}</article><footer>© 2024 {outlet}. All rights reserved. <a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

/// The `n`th article's headline and text: every eighth is a syndicated
/// copy of the one before (a new headline, the last paragraph trimmed).
fn story(r: &mut Rng, n: u64, last: &mut Option<(String, String)>) -> (String, String) {
    let story = match (&*last, n.is_multiple_of(8)) {
        (Some((t, b)), true) => {
            let trimmed = b.rsplit_once("\n\n").map(|x| x.0.to_string()).unwrap_or_else(|| b.clone());
            (format!("{t} (update)"), trimmed)
        }
        _ => body(r),
    };
    *last = Some(story.clone());
    story
}

/// Generates about `bytes` of articles; one in eight is a syndicated copy
/// of an earlier one (new chrome and headline, a trimmed last paragraph).
pub fn generate(seed: u64, bytes: usize) -> impl Iterator<Item = Article> {
    let mut r = Rng::new(seed);
    let mut produced = 0usize;
    let mut n = 0usize;
    let mut last: Option<(String, String)> = None;
    std::iter::from_fn(move || {
        if produced >= bytes {
            return None;
        }
        n += 1;
        let outlet = *r.pick(OUTLETS);
        let (title, text) = story(&mut r, n as u64, &mut last);
        let url = format!("https://news.example/{}/{:02}/{:02}/story-{n}", r.range(2015, 2025), r.range(1, 12), r.range(1, 28));
        let a = if n.is_multiple_of(3) {
            Article { id: format!("g{n:08}"), text: None, html: Some(html_page(&title, &text, outlet)), url }
        } else {
            Article { id: format!("g{n:08}"), text: Some(chrome_text(&mut r, &title, &text, outlet)), html: None, url }
        };
        produced += a.text.as_ref().or(a.html.as_ref()).map_or(0, |s| s.len());
        Some(a)
    })
}

/// Writes a generated corpus as JSONL (the contract's input format).
pub fn write_jsonl(path: &std::path::Path, seed: u64, bytes: usize) -> std::io::Result<(usize, u64)> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let (mut docs, mut total) = (0usize, 0u64);
    for a in generate(seed, bytes) {
        let rec = match (&a.text, &a.html) {
            (Some(t), _) => serde_json::json!({"id": a.id, "url": a.url, "text": t}),
            (_, Some(h)) => serde_json::json!({"id": a.id, "url": a.url, "html": h}),
            _ => continue,
        };
        let line = rec.to_string();
        total += line.len() as u64 + 1;
        docs += 1;
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok((docs, total))
}

/// Peak resident memory of this process so far, in bytes (Linux).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Timing of one stage.
#[derive(Debug, Clone)]
pub struct Stage {
    pub name: &'static str,
    pub docs: usize,
    pub bytes: u64,
    pub seconds: f64,
}

impl Stage {
    pub fn docs_per_s(&self) -> f64 {
        self.docs as f64 / self.seconds.max(1e-9)
    }
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

/// Runs each stage on its own over a generated corpus of `bytes`, with
/// `threads` worker threads, then the whole pipeline into a temporary
/// SQLite database.
pub fn run(seed: u64, bytes: usize, threads: usize) -> Result<Vec<Stage>, String> {
    let pool = std::sync::Arc::new(rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| e.to_string())?);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let input = dir.path().join("corpus.jsonl");
    let (docs, total) = write_jsonl(&input, seed, bytes).map_err(|e| e.to_string())?;
    let mut stages = Vec::new();

    // Read: parse the JSONL records.
    let t = Instant::now();
    let mut raws = Vec::with_capacity(docs);
    dossier_ingest::read_path(&input, &mut |r| {
        if let Ok(r) = r {
            raws.push(r)
        }
    });
    stages.push(Stage { name: "read", docs: raws.len(), bytes: total, seconds: t.elapsed().as_secs_f64() });

    // Main text and metadata.
    let config = dossier_ingest::Config { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() };
    let t = Instant::now();
    use rayon::prelude::*;
    let articles: Vec<dossier_ingest::Article> = pool.install(|| raws.into_par_iter().filter_map(|r| dossier_ingest::prepare(r, &config).ok()).collect());
    stages.push(Stage { name: "main text", docs: articles.len(), bytes: total, seconds: t.elapsed().as_secs_f64() });
    let text_bytes: u64 = articles.iter().map(|a| a.text.len() as u64).sum();

    // Extraction.
    let t = Instant::now();
    let records: Vec<dossier_store::Record> = pool.install(|| articles.into_par_iter().map(|a| dossier_pipeline::process(a, None)).collect());
    stages.push(Stage { name: "extract", docs: records.len(), bytes: text_bytes, seconds: t.elapsed().as_secs_f64() });

    // Reconcile.
    let docs_only: Vec<dossier_model::Document> = records.iter().map(|r| r.doc.clone()).collect();
    let t = Instant::now();
    let record = dossier_reconcile::reconcile(&docs_only);
    stages.push(Stage { name: "reconcile", docs: docs_only.len(), bytes: text_bytes, seconds: t.elapsed().as_secs_f64() });
    drop(record);

    // Store.
    let db = dir.path().join("stage.db");
    let mut store = dossier_store::Store::open(db.to_str().unwrap()).map_err(|e| e.to_string())?;
    let t = Instant::now();
    for chunk in records.chunks(1024) {
        store.put_batch(chunk).map_err(|e| e.to_string())?;
    }
    stages.push(Stage { name: "store", docs: records.len(), bytes: text_bytes, seconds: t.elapsed().as_secs_f64() });
    drop(records);
    drop(docs_only);

    // End to end, as `dossier ingest` runs it.
    let db = dir.path().join("e2e.db");
    let mut store = dossier_store::Store::open(db.to_str().unwrap()).map_err(|e| e.to_string())?;
    let options = dossier_pipeline::Options { config, pool: Some(pool.clone()), ..Default::default() };
    let t = Instant::now();
    let report = dossier_pipeline::ingest(&mut store, &[dossier_pipeline::Input::Path(input.clone())], &options, &mut ()).map_err(|e| e.to_string())?;
    stages.push(Stage { name: "end to end", docs: report.seen(), bytes: total, seconds: t.elapsed().as_secs_f64() });
    Ok(stages)
}
