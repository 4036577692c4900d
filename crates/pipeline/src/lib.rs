//! The ingest pipeline: inputs are read, cleaned, extracted and stored in
//! batches, one transaction each. Shared by the CLI and the server; knows
//! no terminal and no HTTP.

use dossier_ingest::{Article, Body, Config, Given, InputError, RawInput};
use dossier_model::Document;
use dossier_store::{Encoding, InputMeta, PutOutcome, Queued, Record, Store, StoreError};
use std::collections::HashMap;
use std::path::PathBuf;

mod reprocess;
pub use reprocess::{infer_input, reprocess, ReprocessProgress, ReprocessReport, CHANGED_IDS};

/// One thing to ingest.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

#[derive(Clone)]
pub struct Options {
    pub config: Config,
    /// Records per transaction, at most.
    pub batch_size: usize,
    /// Bytes of input per transaction, at most (a batch ends at whichever
    /// limit it reaches first): full-size web pages fill a batch long
    /// before `batch_size` records, and three batches are held at once.
    pub batch_bytes: usize,
    /// The gazetteer to read with: the bundled one plus the user's files.
    pub gazetteer: Option<std::sync::Arc<dossier_extract::gazetteer::Gazetteer>>,
    /// The thread pool extraction runs on (default: rayon's global pool).
    pub pool: Option<std::sync::Arc<rayon::ThreadPool>>,
}

impl Default for Options {
    fn default() -> Options {
        // Large enough that each commit's writes to the random-keyed indexes
        // (MinHash bands, content hashes) share pages; small enough that two
        // batches in flight stay well within the memory budget.
        Options { config: Config::default(), batch_size: 1024, batch_bytes: 16 << 20, gazetteer: None, pool: None }
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
    /// Inputs another run had already put on a shared database's queue (or
    /// finished): left to that run, or already stored.
    pub already_queued: usize,
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
    let context = dossier_extract::Context { published: article.published.as_deref(), gazetteer, title: article.title.as_deref() };
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
        input: None,
        reread_of: None,
        encoded: None,
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
    if store.is_shared() {
        return ingest_shared(store, inputs, options, progress);
    }
    // Stories left dirty by an interrupted run are brought up to date first.
    let leftover = store.dirty_deals()?;
    update_stories(store, &leftover)?;
    let mut report = Report::default();
    let mut batch: Vec<RawInput> = Vec::with_capacity(options.batch_size);
    let mut batch_bytes = 0usize;
    let mut failure: Option<StoreError> = None;
    // One batch is extracted on the thread pool while the one before it is
    // stored on this thread: storing is serial, extraction is not.
    // (Not from a thread of the pool itself: waiting there for the pool could
    // wait forever.)
    let overlap = rayon::current_thread_index().is_none() || options.pool.is_some();
    let encoding = store.encoding();
    let mut in_flight: Option<std::sync::mpsc::Receiver<Prepared>> = None;
    {
        let mut sink = |item: Result<RawInput, InputError>| {
            if failure.is_some() {
                return;
            }
            match item {
                Ok(raw) => {
                    batch_bytes += raw.body.len();
                    batch.push(raw);
                    let full = batch.len() >= options.batch_size || batch_bytes >= options.batch_bytes;
                    if full {
                        batch_bytes = 0;
                    }
                    if full && !overlap {
                        if let Err(e) = store_batch(store, std::mem::take(&mut batch), None, options, &mut report, progress) {
                            failure = Some(e);
                        }
                    } else if full {
                        let next = spawn_prepare(std::mem::take(&mut batch), options, encoding);
                        if let Some(done) = in_flight.replace(next) {
                            if let Err(e) = store_prepared(store, receive(done), None, &mut report, progress) {
                                failure = Some(e);
                            }
                        }
                    }
                }
                Err(e) => {
                    progress.rejected(&e);
                    report.rejected.push(e);
                }
            }
        };
        read_inputs(inputs, &mut sink);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    if let Some(done) = in_flight.take() {
        store_prepared(store, receive(done), None, &mut report, progress)?;
    }
    if !batch.is_empty() {
        store_batch(store, batch, None, options, &mut report, progress)?;
    }
    // Stories are recomputed once per run, for the deals the run touched
    // (recorded with each batch, so an interrupted run is finished by the next).
    let dirty = store.dirty_deals()?;
    update_stories(store, &dirty)?;
    Ok(report)
}

/// Ingest into a database several workers share (PostgreSQL). Every input
/// read is put on the database's queue; then this worker claims batches
/// (`FOR UPDATE SKIP LOCKED`), extracts them, and commits their documents
/// with the claim, until the queue is empty. Inputs another worker holds are
/// waited for: if it dies, its claim rolls back and this worker takes them.
fn ingest_shared(store: &mut Store, inputs: &[Input], options: &Options, progress: &mut dyn Progress) -> Result<Report, StoreError> {
    let leftover = store.dirty_deals()?;
    update_stories(store, &leftover)?;
    let mut report = Report::default();
    let mut queue: Vec<Queued> = Vec::with_capacity(options.batch_size);
    let mut queue_bytes = 0usize;
    let mut failure: Option<StoreError> = None;
    {
        let mut sink = |item: Result<RawInput, InputError>| {
            if failure.is_some() {
                return;
            }
            match item {
                Ok(raw) => {
                    queue_bytes += raw.body.len();
                    queue.push(to_queued(raw));
                    if queue.len() >= options.batch_size || queue_bytes >= options.batch_bytes {
                        queue_bytes = 0;
                        match store.enqueue(&queue) {
                            Ok(n) => report.already_queued += queue.len() - n,
                            Err(e) => failure = Some(e),
                        }
                        queue.clear();
                    }
                }
                Err(e) => {
                    progress.rejected(&e);
                    report.rejected.push(e);
                }
            }
        };
        read_inputs(inputs, &mut sink);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    let n = store.enqueue(&queue)?;
    report.already_queued += queue.len() - n;
    loop {
        let claimed = store.claim(options.batch_size.min(CLAIM_SIZE))?;
        if claimed.is_empty() {
            if store.pending()? == 0 {
                break;
            }
            // Another worker holds the rest: wait for it to finish or die.
            std::thread::sleep(std::time::Duration::from_millis(100));
            continue;
        }
        let seqs: Vec<i64> = claimed.iter().map(|q| q.seq).collect();
        let raws: Vec<RawInput> = claimed.into_iter().map(from_queued).collect();
        if let Err(e) = store_batch(store, raws, Some(&seqs), options, &mut report, progress) {
            let _ = store.rollback();
            return Err(e);
        }
    }
    // Every worker has committed or died: the dirty deals are all known.
    let dirty = store.dirty_deals()?;
    update_stories(store, &dirty)?;
    Ok(report)
}

/// Inputs claimed at a time from a shared queue: small enough that workers
/// share a modest corpus, and that a dying worker hands back little work.
const CLAIM_SIZE: usize = 128;

/// A raw input as the queue keeps it; its key names its content.
fn to_queued(raw: RawInput) -> Queued {
    use sha2::{Digest, Sha256};
    let (kind, body) = match raw.body {
        Body::Text(s) => ("text", s.into_bytes()),
        Body::Html(s) => ("html", s.into_bytes()),
        Body::TextBytes(b) => ("text-bytes", b),
        Body::HtmlBytes(b) => ("html-bytes", b),
    };
    let given = serde_json::json!({
        "title": raw.given.title, "published": raw.given.published,
        "outlet": raw.given.outlet, "captured": raw.given.captured,
    })
    .to_string();
    let mut h = Sha256::new();
    for part in [raw.id.as_bytes(), raw.url.as_deref().unwrap_or("").as_bytes(), kind.as_bytes(), &body, given.as_bytes()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    Queued { seq: 0, key: hex::encode(h.finalize()), id: raw.id, url: raw.url, origin: raw.origin, kind: kind.into(), body, given }
}

/// The raw input back from the queue.
fn from_queued(q: Queued) -> RawInput {
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let body = match q.kind.as_str() {
        "text" => Body::Text(text(q.body)),
        "html" => Body::Html(text(q.body)),
        "html-bytes" => Body::HtmlBytes(q.body),
        _ => Body::TextBytes(q.body),
    };
    let given: serde_json::Value = serde_json::from_str(&q.given).unwrap_or_default();
    let field = |k: &str| given.get(k).and_then(|v| v.as_str()).map(str::to_string);
    RawInput {
        id: q.id,
        url: q.url,
        body,
        given: Given { title: field("title"), published: field("published"), outlet: field("outlet"), captured: field("captured") },
        origin: q.origin,
    }
}

/// Reads every input, handing each record (or why it was rejected) to `sink`.
fn read_inputs(inputs: &[Input], sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    for input in inputs {
        match input {
            Input::Path(p) => dossier_ingest::read_path(p, sink),
            Input::Stdin => dossier_ingest::read_stdin(std::io::stdin().lock(), sink),
        }
    }
}

/// Recomputes the stories of these deals from the documents that speak of
/// them, and stores them: the rest of the database is not read.
pub fn update_stories(store: &mut Store, deals: &[dossier_reconcile::Deal]) -> Result<(), StoreError> {
    // A story depends only on the documents that speak of its deal. Deals'
    // stored claims are read one at a time on this thread; each is decoded,
    // reconciled and serialised on the thread pool while the next is read,
    // and written as soon as this thread is free. What is in memory stays
    // bounded: once the deals read and not yet written hold
    // `STORY_BYTES_IN_FLIGHT` bytes of stored claims, reading waits for a
    // story to be written. A group of deals is read and written in one
    // transaction (on a shared database, under the write lock), with its
    // deals' dirty marks.
    const GROUP: usize = 16;
    type Done = (usize, Result<dossier_store::EncodedStories, StoreError>);
    for group in deals.chunks(GROUP) {
        let result = (|| {
            store.lock_writes()?;
            let (done, finished) = std::sync::mpsc::channel::<Done>();
            let mut in_flight = 0usize;
            let write = |store: &mut Store, in_flight: &mut usize, (bytes, stories): Done| {
                *in_flight -= bytes;
                store.replace_encoded_stories(&stories?)
            };
            rayon::in_place_scope(|scope| -> Result<(), StoreError> {
                for deal in group {
                    let claims = store.stored_deal_claims(deal)?;
                    let bytes = claims.bytes();
                    in_flight += bytes;
                    let done = done.clone();
                    scope.spawn(move |_| {
                        let stories = claims.decode().and_then(|docs| {
                            let record = dossier_reconcile::reconcile_deal(deal, &docs);
                            drop(docs);
                            dossier_store::EncodedStories::new(std::slice::from_ref(deal), &record)
                        });
                        let _ = done.send((bytes, stories));
                    });
                    while let Ok(r) = finished.try_recv() {
                        write(store, &mut in_flight, r)?;
                    }
                    while in_flight > STORY_BYTES_IN_FLIGHT {
                        match finished.try_recv() {
                            Ok(r) => write(store, &mut in_flight, r)?,
                            // On a worker of the pool (ingest run inside it),
                            // help with its jobs rather than block one.
                            Err(_) => match rayon::yield_now() {
                                Some(rayon::Yield::Executed) => {}
                                _ => std::thread::sleep(std::time::Duration::from_micros(200)),
                            },
                        }
                    }
                }
                Ok(())
            })?;
            drop(done);
            for r in finished.iter() {
                write(store, &mut in_flight, r)?;
            }
            store.commit()
        })();
        if let Err(e) = result {
            let _ = store.rollback();
            return Err(e);
        }
    }
    Ok(())
}

/// How many bytes of stored claims (LZ4-compressed JSON) the deals being
/// reconciled may hold at once (read and not yet written): about 8,000
/// claims, a deal of the largest kind and a smaller one, some tens of MB of
/// claims and stories once decoded. (16 MB let the stories of a 1.1 GB
/// corpus, deals of 2.6-3.3 MB each, take peak RSS to 326 MB; 8 MB to 238
/// MB, 4 MB to 201 MB, in the same time.)
const STORY_BYTES_IN_FLIGHT: usize = 4 << 20;

/// Recomputes every story from every document (what incremental updates must equal).
pub fn full_record(store: &Store) -> Result<dossier_reconcile::Record, StoreError> {
    Ok(dossier_reconcile::reconcile(&store.documents()?))
}

/// What [`check_stories`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryCheck {
    /// Stories stored.
    pub stories: usize,
    /// Conflicts stored.
    pub conflicts: usize,
    /// The deals whose stored story, conflicts, register row or claims by
    /// deal differ from a recompute,
    /// in deal order (a deal with no stored story, or with a story and no
    /// document naming it any more, included).
    pub mismatched: Vec<dossier_reconcile::Deal>,
}

impl StoryCheck {
    pub fn matches(&self) -> bool {
        self.mismatched.is_empty()
    }
}

/// Brings these deals' stored claims, stories, conflicts and register rows
/// up to date with this version's reading of the stored events: what a
/// check found mismatched after an upgrade changed how events are read or
/// reconciled. The documents' own extraction is left as stored.
pub fn repair_deals(store: &mut Store, deals: &[dossier_reconcile::Deal]) -> Result<(), StoreError> {
    for deal in deals {
        store.refresh_deal_claims(deal)?;
    }
    update_stories(store, deals)
}

/// Compares every stored story and its conflicts with a recompute from the
/// stored events, one deal at a time: what [`full_record`] compares whole,
/// holding only one deal's documents and story at once, so that a database
/// far larger than memory can be checked. The deals are those the events
/// name and those that have a stored story.
pub fn check_stories(store: &Store) -> Result<StoryCheck, StoreError> {
    check_stories_with(store, std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// [`check_stories`] with `threads` threads, each with its own connection
/// to the database, taking deals in turn.
pub fn check_stories_with(store: &Store, threads: usize) -> Result<StoryCheck, StoreError> {
    let stored = store.story_deals()?;
    let named = store.event_deals()?;
    let mut deals: Vec<&dossier_reconcile::Deal> = stored.iter().map(|(_, d)| d).chain(&named).collect();
    deals.sort();
    deals.dedup();
    let story_of: HashMap<&dossier_reconcile::Deal, &str> = stored.iter().map(|(id, d)| (d, id.as_str())).collect();
    // Deal i's verdict: how many conflicts it has stored, and whether it matches.
    let check_deal = |store: &Store, deal: &dossier_reconcile::Deal| -> Result<(usize, bool), StoreError> {
        let docs = store.documents_for_deal(deal)?;
        let per_doc = dossier_reconcile::claims_of_deal(deal, &docs);
        // The claims stored by deal, which the next ingest's recompute
        // reads, are this version's reading of the events (each document's
        // list, in any order).
        fn by_doc(lists: &[Vec<dossier_reconcile::Claim>]) -> Vec<&Vec<dossier_reconcile::Claim>> {
            let mut sorted: Vec<_> = lists.iter().collect();
            sorted.sort_by(|a, b| a.first().map(|c| &c.doc).cmp(&b.first().map(|c| &c.doc)));
            sorted
        }
        let claims_current = by_doc(&store.deal_claims(deal)?) == by_doc(&per_doc);
        let joining = dossier_reconcile::claims_joining(deal, &docs);
        drop(docs);
        let fresh = dossier_reconcile::reconcile_deal(deal, &[per_doc.as_slice(), joining.as_slice()].concat());
        let (story, conflicts) = match story_of.get(deal) {
            Some(id) => (store.story(id)?, store.stored_conflicts(Some(id))?),
            None => (None, Vec::new()),
        };
        let same = fresh.stories.first() == story.as_ref() && fresh.conflicts == conflicts;
        // The register row stored beside the story is the story's row.
        let register = match story_of.get(deal) {
            Some(id) => store.register_matches(id, story.as_ref())?,
            None => true,
        };
        Ok((conflicts.len(), same && register && claims_current))
    };
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let (next, failed) = (AtomicUsize::new(0), AtomicBool::new(false));
    // Each thread takes the next deal until none is left or one thread failed.
    let work = |store: &Store| -> Result<Vec<(usize, usize, bool)>, StoreError> {
        let mut out = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(deal) = deals.get(i) else { break };
            match check_deal(store, deal) {
                Ok((conflicts, same)) => out.push((i, conflicts, same)),
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok(out)
    };
    let threads = threads.clamp(1, deals.len().max(1));
    // The other threads have connections of their own; this one uses `store`.
    let connections = (1..threads).map(|_| store.reopen()).collect::<Result<Vec<Store>, StoreError>>()?;
    let mut verdicts = std::thread::scope(|scope| -> Result<Vec<(usize, usize, bool)>, StoreError> {
        let work = &work;
        let others: Vec<_> = connections.into_iter().map(|s| scope.spawn(move || work(&s))).collect();
        let mut all = work(store);
        for t in others {
            let theirs = t.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            all = all.and_then(|mut a| theirs.map(|t| {
                a.extend(t);
                a
            }));
        }
        all
    })?;
    verdicts.sort_unstable_by_key(|v| v.0);
    Ok(StoryCheck {
        stories: stored.len(),
        conflicts: verdicts.iter().map(|v| v.1).sum(),
        mismatched: verdicts.iter().filter(|v| !v.2).map(|v| deals[v.0].clone()).collect(),
    })
}

/// Links copies: exact ones (the same content) and near ones (syndicated
/// copies, by MinHash). Copies form groups, the connected parts of the graph
/// of "is a copy of"; each group's original is its earliest document (by
/// publication date, then id), and every other member points at it. A new
/// document joins every group it copies a member of, merging them, so the
/// groups and their originals do not depend on the order documents arrive
/// in: one run or many, one worker or several. Returns the relinks (old
/// original → new original) to store with the batch.
pub(crate) fn link_copies(store: &Store, records: &mut [Record], report: &mut Report) -> Result<Vec<(String, String)>, StoreError> {
    use dossier_reconcile::dedup::{bands, similarity, THRESHOLD};
    // The original of every document this batch has looked at, as it stands
    // after the links made so far; and the publication date of originals.
    let mut original_of: HashMap<String, String> = HashMap::new();
    let mut published_of: HashMap<String, Option<String>> = HashMap::new();
    let mut first_with_hash: HashMap<String, String> = HashMap::new();
    let mut relinks: Vec<(String, String)> = Vec::new();
    let index: HashMap<String, usize> = records.iter().enumerate().map(|(i, r)| (r.doc.id.clone(), i)).collect();
    let mut in_batch: HashMap<(usize, u64), Vec<usize>> = HashMap::new();
    let signatures: Vec<&[u64]> = records.iter().map(|r| r.signature.as_slice()).collect();
    let mut stored_copies = store.near_copies(&signatures)?;
    for i in 0..records.len() {
        let r = &records[i];
        let me = r.doc.id.clone();
        // Everything this document copies: the same content, or a similar text.
        let mut copied: Vec<String> = Vec::new();
        match first_with_hash.get(&r.content_hash) {
            Some(id) => copied.push(id.clone()),
            None => {
                copied.extend(store.find_by_hash(&r.content_hash)?);
                first_with_hash.insert(r.content_hash.clone(), me.clone());
            }
        }
        if !r.signature.is_empty() {
            copied.append(&mut stored_copies[i]);
            // Earlier records of this batch, found the way the store finds
            // documents (a shared band), so that a pair is linked or not
            // whatever batches its two documents fall in.
            let mine = bands(&r.signature);
            let mut seen: Vec<usize> = Vec::new();
            for (b, h) in mine.iter().enumerate() {
                for &j in in_batch.get(&(b, *h)).map(Vec::as_slice).unwrap_or(&[]) {
                    if !seen.contains(&j) {
                        seen.push(j);
                        if similarity(&r.signature, &records[j].signature) >= THRESHOLD {
                            copied.push(records[j].doc.id.clone());
                        }
                    }
                }
            }
            for (b, h) in mine.into_iter().enumerate() {
                in_batch.entry((b, h)).or_default().push(i);
            }
        }
        copied.retain(|id| *id != me);
        copied.sort();
        copied.dedup();
        original_of.insert(me.clone(), me.clone());
        published_of.insert(me.clone(), r.doc.published.clone());
        if copied.is_empty() {
            continue;
        }
        // The groups this document joins, by their originals.
        let mut originals: Vec<String> = vec![me.clone()];
        for id in copied {
            let o = match original_of.get(&id) {
                Some(o) => o.clone(),
                None => {
                    let (published, duplicate_of) = match index.get(&id) {
                        Some(&j) => (records[j].doc.published.clone(), records[j].doc.duplicate_of.clone()),
                        None => store.doc_link(&id)?.unwrap_or((None, None)),
                    };
                    published_of.entry(id.clone()).or_insert(published);
                    let o = duplicate_of.unwrap_or(id.clone());
                    original_of.insert(id.clone(), o.clone());
                    o
                }
            };
            if !published_of.contains_key(&o) {
                let published = match index.get(&o) {
                    Some(&j) => records[j].doc.published.clone(),
                    None => store.doc_link(&o)?.and_then(|(p, _)| p),
                };
                published_of.insert(o.clone(), published);
            }
            if !originals.contains(&o) {
                originals.push(o);
            }
        }
        let key = |id: &String| earliest(published_of.get(id).unwrap_or(&None), id);
        let first = originals.iter().min_by_key(|id| key(id)).cloned().unwrap_or(me.clone());
        for o in originals.iter().filter(|o| **o != first) {
            if *o != me {
                relinks.push((o.clone(), first.clone()));
            }
            for v in original_of.values_mut() {
                if v == o {
                    *v = first.clone();
                }
            }
            for rec in records.iter_mut() {
                if rec.doc.duplicate_of.as_ref() == Some(o) || rec.doc.id == *o {
                    rec.doc.duplicate_of = Some(first.clone());
                }
            }
        }
        records[i].doc.duplicate_of = if first == me { None } else { Some(first.clone()) };
        report.duplicates += 1;
    }
    Ok(relinks)
}

/// Sort key for "earliest copy": publication date (undated last), then id.
fn earliest(published: &Option<String>, id: &str) -> (String, String) {
    (published.clone().unwrap_or_else(|| "9999".into()), id.to_string())
}

/// A batch read and extracted: each input's size and record, or why it was rejected.
type Prepared = Vec<Result<(u64, Record), InputError>>;

/// Reads and extracts a batch in parallel, keeping input order.
/// Records are also encoded for the store here (JSON serialised, large
/// columns compressed), so that the single writer only inserts.
fn prepare_batch(
    batch: Vec<RawInput>,
    config: Config,
    gazetteer: Option<&dossier_extract::gazetteer::Gazetteer>,
    encoding: Encoding,
) -> Prepared {
    use rayon::prelude::*;
    batch.into_par_iter().map(|raw| prepare_one(raw, &config, gazetteer, None, encoding)).collect()
}

/// Reads, extracts and encodes one input, recording how it came. With
/// `reread_of` (the stored time of ingest), the record replaces the stored
/// document of its id even though its content is the same.
pub(crate) fn prepare_one(
    raw: RawInput,
    config: &Config,
    gazetteer: Option<&dossier_extract::gazetteer::Gazetteer>,
    reread_of: Option<String>,
    encoding: Encoding,
) -> Result<(u64, Record), InputError> {
    let input = InputMeta {
        html: matches!(raw.body, Body::Html(_) | Body::HtmlBytes(_)),
        title: raw.given.title.clone(),
        published: raw.given.published.clone(),
        outlet: raw.given.outlet.clone(),
        captured: raw.given.captured.clone(),
        today: Some(config.today.format("%Y-%m-%d").to_string()),
    };
    let article = dossier_ingest::prepare(raw, config)?;
    let bytes = article.raw.len() as u64;
    let mut record = process(article, gazetteer);
    record.input = Some(input);
    record.reread_of = reread_of;
    // If encoding fails here, the store encodes the record again
    // when it writes it, and reports the error then.
    let _ = record.encode(encoding);
    Ok((bytes, record))
}

/// Starts [`prepare_batch`] on the thread pool; the result arrives on the channel.
fn spawn_prepare(batch: Vec<RawInput>, options: &Options, encoding: Encoding) -> std::sync::mpsc::Receiver<Prepared> {
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let (config, gazetteer) = (options.config, options.gazetteer.clone());
    let task = move || {
        let _ = tx.send(prepare_batch(batch, config, gazetteer.as_deref(), encoding));
    };
    match &options.pool {
        Some(pool) => pool.spawn(task),
        None => rayon::spawn(task),
    }
    rx
}

fn receive(rx: std::sync::mpsc::Receiver<Prepared>) -> Prepared {
    // The sender only goes away without sending if extraction panicked,
    // which rayon has already reported and turned into an abort.
    rx.recv().expect("extraction thread ended without a result")
}

/// Reads, extracts and stores one batch; with `claimed` (the queue rows the
/// batch came from), marks them done in the same transaction.
fn store_batch(
    store: &mut Store,
    batch: Vec<RawInput>,
    claimed: Option<&[i64]>,
    options: &Options,
    report: &mut Report,
    progress: &mut dyn Progress,
) -> Result<(), StoreError> {
    let prepared = match &options.pool {
        Some(pool) => {
            let encoding = store.encoding();
            pool.install(|| prepare_batch(batch, options.config, options.gazetteer.as_deref(), encoding))
        }
        None => prepare_batch(batch, options.config, options.gazetteer.as_deref(), store.encoding()),
    };
    store_prepared(store, prepared, claimed, report, progress)
}

/// Links copies and stores a prepared batch in one transaction.
fn store_prepared(
    store: &mut Store,
    prepared: Prepared,
    claimed: Option<&[i64]>,
    report: &mut Report,
    progress: &mut dyn Progress,
) -> Result<(), StoreError> {
    let mut records = Vec::with_capacity(prepared.len());
    let mut finished: Vec<(i64, Option<String>)> = Vec::new();
    for (i, item) in prepared.into_iter().enumerate() {
        let seq = claimed.map(|c| c[i]);
        match item {
            Ok((bytes, record)) => {
                report.bytes += bytes;
                records.push(record);
                finished.extend(seq.map(|s| (s, None)));
            }
            Err(e) => {
                finished.extend(seq.map(|s| (s, Some(e.reason.clone()))));
                progress.rejected(&e);
                report.rejected.push(e);
            }
        }
    }
    // Duplicate lookups and the writes below see every other worker's
    // committed batches (on a shared database), and the claim is done with them.
    store.lock_writes()?;
    if claimed.is_some() {
        store.finish_claimed(&finished)?;
    }
    let relinks = link_copies(store, &mut records, report)?;
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
