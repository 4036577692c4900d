//! The ingest pipeline: inputs are read, cleaned, extracted and stored in
//! batches, one transaction each. Shared by the CLI and the server; knows
//! no terminal and no HTTP.

use dossier_ingest::{Article, Config, InputError, RawInput};
use dossier_model::Document;
use dossier_store::{PutOutcome, Record, Store, StoreError};
use std::collections::HashMap;
use std::path::PathBuf;

/// One thing to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

#[derive(Clone)]
pub struct Options {
    pub config: Config,
    /// Records per transaction.
    pub batch_size: usize,
    /// The gazetteer to read with: the bundled one plus the user's files.
    pub gazetteer: Option<std::sync::Arc<dossier_extract::gazetteer::Gazetteer>>,
}

impl Default for Options {
    fn default() -> Options {
        Options { config: Config::default(), batch_size: 256, gazetteer: None }
    }
}

/// Builds a gazetteer from the bundled tables and the user's files.
pub fn load_gazetteer(paths: &[PathBuf]) -> Result<dossier_extract::gazetteer::Gazetteer, String> {
    let mut extra = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| format!("gazetteer {}: {e}", p.display()))?;
        extra.push((p.display().to_string(), text));
    }
    dossier_extract::gazetteer::Gazetteer::build(&extra)
}

/// What an ingest did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub inserted: usize,
    pub unchanged: usize,
    pub replaced: usize,
    /// Stored documents whose content equals an earlier document's.
    pub duplicates: usize,
    pub rejected: Vec<InputError>,
    pub bytes: u64,
}

impl Report {
    pub fn seen(&self) -> usize {
        self.inserted + self.unchanged + self.replaced + self.rejected.len()
    }
}

/// Progress callbacks: called after each stored batch and for each rejected input.
pub trait Progress {
    fn batch_done(&mut self, _report: &Report) {}
    fn rejected(&mut self, _error: &InputError) {}
}

impl Progress for () {}

/// Turns an article into a stored record: extraction runs here.
pub fn process(article: Article, gazetteer: Option<&dossier_extract::gazetteer::Gazetteer>) -> Record {
    let context = dossier_extract::Context { published: article.published.as_deref(), gazetteer };
    let x = dossier_extract::analyze(&article.text, &context);
    let signature = dossier_reconcile::dedup::signature(&article.text);
    Record {
        signature,
        doc: Document {
            id: article.id,
            url: article.url,
            title: article.title,
            outlet: article.outlet,
            based_on: article.based_on,
            published: article.published,
            published_basis: article.published_basis,
            duplicate_of: None,
            text: article.text,
            entities: x.entities,
            quotes: x.quotes,
            events: x.events,
            amounts: x.amounts,
            provenance: article.provenance,
            times: x.times,
        },
        raw: article.raw,
        content_hash: article.content_hash,
        origin: article.origin,
    }
}

/// Ingests every input into the store.
pub fn ingest(
    store: &mut Store,
    inputs: &[Input],
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Report, StoreError> {
    // Worker threads get deep stacks: third-party HTML parsing recurses.
    static POOL: std::sync::Once = std::sync::Once::new();
    POOL.call_once(|| {
        let _ = rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build_global();
    });
    // Stories left dirty by an interrupted run are brought up to date first.
    let leftover = store.dirty_deals()?;
    update_stories(store, &leftover)?;
    let mut report = Report::default();
    let mut batch: Vec<RawInput> = Vec::with_capacity(options.batch_size);
    let mut failure: Option<StoreError> = None;
    {
        let mut sink = |item: Result<RawInput, InputError>| {
            if failure.is_some() {
                return;
            }
            match item {
                Ok(raw) => {
                    batch.push(raw);
                    if batch.len() >= options.batch_size {
                        if let Err(e) = flush(store, &mut batch, options, &mut report, progress) {
                            failure = Some(e);
                        }
                    }
                }
                Err(e) => {
                    progress.rejected(&e);
                    report.rejected.push(e);
                }
            }
        };
        for input in inputs {
            match input {
                Input::Path(p) => dossier_ingest::read_path(p, &mut sink),
                Input::Stdin => dossier_ingest::read_stdin(std::io::stdin().lock(), &mut sink),
            }
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    flush(store, &mut batch, options, &mut report, progress)?;
    // Stories are recomputed once per run, for the deals the run touched
    // (recorded with each batch, so an interrupted run is finished by the next).
    let dirty = store.dirty_deals()?;
    update_stories(store, &dirty)?;
    Ok(report)
}

/// Recomputes the stories of these deals from the documents that speak of
/// them, and stores them: the rest of the database is not read.
pub fn update_stories(store: &mut Store, deals: &[dossier_reconcile::Deal]) -> Result<(), StoreError> {
    // One deal at a time: a story depends only on the documents that speak
    // of its deal, and memory stays bounded by the largest story.
    for deal in deals {
        let one = std::slice::from_ref(deal);
        let docs = store.documents_of_deals(one)?;
        let record = dossier_reconcile::reconcile(&docs);
        store.replace_stories(one, &record)?;
    }
    Ok(())
}

/// Recomputes every story from every document (what incremental updates must equal).
pub fn full_record(store: &Store) -> Result<dossier_reconcile::Record, StoreError> {
    Ok(dossier_reconcile::reconcile(&store.documents()?))
}

/// Sort key for "earliest copy": publication date (undated last), then id.
fn earliest(published: &Option<String>, id: &str) -> (String, String) {
    (published.clone().unwrap_or_else(|| "9999".into()), id.to_string())
}

fn flush(
    store: &mut Store,
    batch: &mut Vec<RawInput>,
    options: &Options,
    report: &mut Report,
    progress: &mut dyn Progress,
) -> Result<(), StoreError> {
    if batch.is_empty() {
        return Ok(());
    }
    // Reading and extraction run in parallel; storing stays single-threaded
    // and in input order.
    use rayon::prelude::*;
    let config = options.config;
    let gazetteer = options.gazetteer.as_deref();
    let prepared: Vec<Result<(u64, Record), InputError>> = batch
        .drain(..)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|raw| {
            let article = dossier_ingest::prepare(raw, &config)?;
            let bytes = article.raw.len() as u64;
            Ok((bytes, process(article, gazetteer)))
        })
        .collect();
    let mut records = Vec::with_capacity(prepared.len());
    for item in prepared {
        match item {
            Ok((bytes, record)) => {
                report.bytes += bytes;
                records.push(record);
            }
            Err(e) => {
                progress.rejected(&e);
                report.rejected.push(e);
            }
        }
    }
    // Exact copies: the same content under another id is stored as a copy of the first.
    let mut seen_in_batch: HashMap<String, String> = HashMap::new();
    let mut relinks: Vec<(String, String)> = Vec::new();
    for i in 0..records.len() {
        let r = &records[i];
        let earlier = match seen_in_batch.get(&r.content_hash) {
            Some(id) => Some(id.clone()),
            None => store.find_by_hash(&r.content_hash)?,
        };
        match earlier {
            Some(id) if id != r.doc.id => {
                records[i].doc.duplicate_of = Some(id);
                report.duplicates += 1;
                continue;
            }
            _ => {
                seen_in_batch.insert(r.content_hash.clone(), r.doc.id.clone());
            }
        }
        // Near-duplicates (syndicated copies): MinHash candidates from the
        // store and from earlier records of this batch.
        if r.signature.is_empty() {
            continue;
        }
        let bands = dossier_reconcile::dedup::bands(&r.signature);
        let mut candidates = store.near_candidates(&bands)?;
        for other in &records[..i] {
            if other.doc.duplicate_of.is_none() && !other.signature.is_empty() {
                candidates.push((other.doc.id.clone(), other.signature.clone(), other.doc.published.clone()));
            }
        }
        let best = candidates
            .into_iter()
            .filter(|(id, sig, _)| id != &r.doc.id && dossier_reconcile::dedup::similarity(&r.signature, sig) >= dossier_reconcile::dedup::THRESHOLD)
            .min_by(|a, b| earliest(&a.2, &a.0).cmp(&earliest(&b.2, &b.0)));
        if let Some((id, _, published)) = best {
            // The earliest copy is the original; a later-ingested earlier copy takes its place.
            let original = store.document(&id)?.and_then(|d| d.duplicate_of).unwrap_or(id.clone());
            if earliest(&r.doc.published, &r.doc.id) < earliest(&published, &id) && original == id {
                relinks.push((id, r.doc.id.clone()));
            } else {
                records[i].doc.duplicate_of = Some(original);
            }
            report.duplicates += 1;
        }
    }
    // Documents, relinked copies and the list of deals whose stories change
    // are written in one transaction; the stories follow.
    let outcomes = store.put_batch_linked(&records, &relinks)?;
    for o in outcomes {
        match o {
            PutOutcome::Inserted => report.inserted += 1,
            PutOutcome::Unchanged => report.unchanged += 1,
            PutOutcome::Replaced => report.replaced += 1,
        }
    }
    progress.batch_done(report);
    Ok(())
}
