//! Reading stored inputs again: after an upgrade of the extractor, or with
//! gazetteer entries added since, every stored document is read from its
//! raw input as ingest read it (as a page or as text, with the metadata
//! given with it, judging dates by the same day of ingest) and replaced
//! where the reading differs. Stories follow.

use crate::{link_copies, prepare_one, update_stories, Options, Report};
use dossier_ingest::{Body, Config, Given, InputError, RawInput};
use dossier_store::{InputMeta, PutOutcome, Record, Store, StoreError, StoredInput};

/// Stored documents read (and compared) at a time.
const BATCH: usize = 256;

/// Changed documents named in a report, at most.
pub const CHANGED_IDS: usize = 1000;

/// What a reprocess did (or, in a dry run, would do).
#[derive(Debug, Clone, Default)]
pub struct ReprocessReport {
    /// Stored documents read again.
    pub read: usize,
    /// Read the same as stored: left as they are.
    pub unchanged: usize,
    /// Read differently: replaced (in a dry run, would be).
    pub changed: usize,
    /// The first [`CHANGED_IDS`] of them, in the order they were read.
    pub changed_ids: Vec<String>,
    /// Read with an input kind and given metadata inferred from the stored
    /// document (stored before inputs were recorded).
    pub inferred: usize,
    /// Stored documents this version cannot read (kept as they are), each
    /// with the reason.
    pub failed: Vec<InputError>,
    /// Bytes of raw input read.
    pub bytes: u64,
    /// Stored documents at the start, which are all it reads.
    pub total: usize,
}

/// Progress callbacks of a reprocess: after each batch.
pub trait ReprocessProgress {
    fn batch_done(&mut self, _report: &ReprocessReport) {}
}

impl ReprocessProgress for () {}

/// Reads every stored document again with this version (and `options`'
/// gazetteer), and replaces those that read differently; with `dry_run`,
/// only reports which would change. Documents this version rejects are
/// kept. Each batch is one transaction and stories are recomputed at the
/// end (an interrupted run leaves them dirty for the next run to finish),
/// so a run can be stopped and started again: documents already replaced
/// then read the same.
pub fn reprocess(
    store: &mut Store,
    options: &Options,
    dry_run: bool,
    progress: &mut dyn ReprocessProgress,
) -> Result<ReprocessReport, StoreError> {
    if !dry_run {
        let leftover = store.dirty_deals()?;
        update_stories(store, &leftover)?;
    }
    let mut report = ReprocessReport { total: store.count_documents()?, ..Default::default() };
    // Replaced documents are stored again past the last seq: reading up to
    // it reads each document once.
    let until = store.last_seq()?;
    let mut after = 0;
    let encoding = store.encoding();
    loop {
        let stored = store.stored_inputs(after, until, BATCH)?;
        let Some(last) = stored.last() else { break };
        after = last.seq;
        let read = |s: StoredInput| reread(s, options, encoding);
        let results: Vec<Reread> = match &options.pool {
            Some(pool) => pool.install(|| {
                use rayon::prelude::*;
                stored.into_par_iter().map(read).collect()
            }),
            None => {
                use rayon::prelude::*;
                stored.into_par_iter().map(read).collect()
            }
        };
        // Documents whose text or date read differently, and the rest of
        // those that changed.
        let (mut relink, mut keep): (Vec<Record>, Vec<Record>) = (Vec::new(), Vec::new());
        for r in results {
            report.read += 1;
            report.inferred += usize::from(r.inferred);
            report.bytes += r.bytes;
            match r.outcome {
                Ok(Reading::Same) => report.unchanged += 1,
                Ok(Reading::Changed { record, relink: again }) => {
                    report.changed += 1;
                    if report.changed_ids.len() < CHANGED_IDS {
                        report.changed_ids.push(record.doc.id.clone());
                    }
                    if again { relink.push(record) } else { keep.push(record) }
                }
                Err(e) => report.failed.push(e),
            }
        }
        if !dry_run && !(relink.is_empty() && keep.is_empty()) {
            store.lock_writes()?;
            // Copies are linked again as ingest links them where a text or
            // a date reads differently: it may copy other documents, or no
            // longer, or be the earliest of its copies now.
            let relinks = link_copies(store, &mut relink, &mut Report::default())?;
            relink.append(&mut keep);
            for outcome in store.put_batch_linked(&relink, &relinks)? {
                debug_assert_eq!(outcome, PutOutcome::Replaced);
            }
        }
        progress.batch_done(&report);
    }
    if !dry_run {
        let dirty = store.dirty_deals()?;
        update_stories(store, &dirty)?;
    }
    Ok(report)
}

/// One stored document read again.
struct Reread {
    outcome: Result<Reading, InputError>,
    inferred: bool,
    bytes: u64,
}

enum Reading {
    /// As stored.
    Same,
    /// Differently: the record to store in its place, and whether its copy
    /// links must be looked up again (its text or date changed). Otherwise
    /// it keeps the stored ones: a fresh lookup could find other copies
    /// only where a band's bucket was full ([`dossier_store::BUCKET_LIMIT`]),
    /// which depends on the order documents were stored in, not on them.
    Changed { record: Record, relink: bool },
}

fn reread(stored: StoredInput, options: &Options, encoding: dossier_store::Encoding) -> Reread {
    let inferred = stored.input.is_none();
    let input = stored.input.clone().unwrap_or_else(|| infer_input(&stored));
    let bytes = stored.raw.len() as u64;
    // Dates are judged by the day of ingest they were judged by before.
    let today = input.today.as_deref().or(stored.ingested_at.get(..10)).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let config = Config { today: today.unwrap_or(options.config.today) };
    let raw = RawInput {
        id: stored.doc.id.clone(),
        url: stored.url.clone(),
        body: if input.html { Body::Html(stored.raw) } else { Body::Text(stored.raw) },
        given: Given { title: input.title.clone(), published: input.published.clone(), outlet: input.outlet.clone(), captured: input.captured.clone() },
        origin: stored.origin.clone(),
    };
    // The record keeps the input as it came (recorded or inferred) and the
    // day its dates were judged by.
    let outcome = prepare_one(raw, &config, options.gazetteer.as_deref(), Some(stored.ingested_at), encoding).map(|(_, mut record)| {
        let relink = record.doc.text != stored.doc.text || record.doc.published != stored.doc.published;
        let fresh = std::mem::replace(&mut record.doc.duplicate_of, stored.doc.duplicate_of.clone());
        if record.doc == stored.doc {
            Reading::Same
        } else {
            if relink {
                record.doc.duplicate_of = fresh;
            }
            Reading::Changed { record, relink }
        }
    });
    Reread { outcome, inferred, bytes }
}

/// How a document stored before inputs were recorded most likely came in:
/// the metadata given with it is what its provenance says came with the
/// input; it was a page if its origin names a page or a web archive, text
/// if a text file, else if its raw input looks like markup.
pub fn infer_input(stored: &StoredInput) -> InputMeta {
    use dossier_ingest::read::Format;
    let given = |s: &Option<dossier_model::Source>, rule: &str| s.as_ref().filter(|s| s.rule == rule).map(|s| s.evidence.clone());
    let p = &stored.doc.provenance;
    let file = stored.origin.split('#').next().unwrap_or_default();
    let html = match Format::from_path(std::path::Path::new(file)) {
        Some(Format::Html | Format::Warc { .. }) => true,
        Some(Format::Text) => false,
        _ => looks_like_markup(&stored.raw),
    };
    InputMeta {
        html,
        title: given(&p.title, "input"),
        published: given(&p.published, "input"),
        outlet: given(&p.outlet, "input"),
        captured: given(&p.published, "capture-date"),
        today: None,
    }
}

/// Whether text opens like a web page, or holds the tags of one.
fn looks_like_markup(raw: &str) -> bool {
    let head = raw.trim_start();
    if head.starts_with('<') {
        return true;
    }
    let mut end = raw.len().min(1 << 16);
    while !raw.is_char_boundary(end) {
        end -= 1;
    }
    let sample = raw[..end].to_ascii_lowercase();
    ["<html", "<body", "<p>", "<p ", "<div", "<br", "<article", "</p>"].iter().any(|t| sample.contains(t))
}
