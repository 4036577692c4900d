//! Storage: the only crate that knows SQL. SQLite (bundled, WAL) is the
//! embedded default; PostgreSQL (`postgres://…`) is for more than one
//! machine. Both keep the same schema and give the same results; every write
//! of a batch is one transaction, so an interrupted ingest leaves no
//! half-written document.

mod pg;
mod register;
mod schema;
mod sqlite;

pub use pg::Queued;

pub use register::{cap_row, match_key, RegisterFacets, RegisterPage, RegisterQuery, REGISTER_CLAIMS, REGISTER_SORTS, REGISTER_SOURCES, REGISTER_WORDS};

/// Which stored conflicts, in deal order: of one story, about one field
/// (`status`, `time`, `value`, `quantity`), and which page of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConflictQuery {
    pub story: Option<String>,
    pub field: Option<String>,
    /// At most this many (none: every one).
    pub limit: Option<usize>,
    /// Skip this many first.
    pub offset: usize,
}

use dossier_model::{Amount, Document, Entity, Event, Quote, TimeExpr};
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("database {path}: {source}")]
    PgOpen { path: String, source: postgres::Error },
    #[error("database: {0}")]
    Pg(#[from] postgres::Error),
    #[error("database {path}: schema version {found} is newer than this dossier understands ({known})")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("database: stored JSON is corrupt: {0}")]
    Json(#[from] serde_json::Error),
    #[error("database: stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A page of events, each with its document's id and its index there, and
/// how many match in all.
pub type EventPage = (Vec<(String, usize, dossier_model::Event)>, usize);

/// A document with what storage keeps beside the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub doc: Document,
    /// MinHash signature of the text (empty when too short to compare).
    pub signature: Vec<u64>,
    /// The decoded input as received.
    pub raw: String,
    pub content_hash: String,
    pub origin: String,
    /// How the input came (HTML or text, and the metadata given with it):
    /// what reading the raw input again needs. None when not known.
    pub input: Option<InputMeta>,
    /// Set when a stored document is read again (`reprocess`): the record
    /// replaces it even though its content is the same, and keeps this day
    /// of ingest (the stored `ingested_at`), which dates were judged by.
    pub reread_of: Option<String>,
    /// The columns as the store writes them, when computed ahead of the
    /// write ([`Record::encode`], on the extraction threads); the store
    /// computes what is missing itself.
    pub encoded: Option<Encoded>,
}

/// How a document's input came: besides the raw input, what ingest read it
/// with. Stored with each document (JSON in `documents.input`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputMeta {
    /// Read as a web page (else as text).
    pub html: bool,
    /// Metadata given with the input (a JSONL field, a feed entry, a WARC header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// When the page was captured (a WARC date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured: Option<String>,
    /// The day of ingest its dates were judged by (`YYYY-MM-DD`): no
    /// publication is later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub today: Option<String>,
}

/// A stored document with the input it was read from, as `reprocess`
/// reads it again.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInput {
    /// The store's order of arrival.
    pub seq: i64,
    pub doc: Document,
    pub url: Option<String>,
    pub origin: String,
    /// The decoded input as received.
    pub raw: String,
    /// None for documents stored before inputs were recorded (SQLite schema
    /// 15, PostgreSQL migration 6).
    pub input: Option<InputMeta>,
    /// When it was stored (`YYYY-MM-DDTHH:MM:SSZ`).
    pub ingested_at: String,
}

/// How a backend keeps large columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// JSON text as is (PostgreSQL compresses large values itself).
    Plain,
    /// The extraction JSON and the raw input compressed with LZ4 (SQLite).
    Compressed,
}

/// A record's columns as the store writes them: JSON serialised, large
/// values compressed, MinHash bands computed. Building this is most of the
/// CPU work of a write that needs no database, so ingest does it on the
/// extraction threads and the single writer only binds and inserts.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    encoding: Encoding,
    based_on: String,
    provenance: String,
    /// The extraction JSON; LZ4-compressed when `encoding` is `Compressed`.
    extraction: Vec<u8>,
    /// The raw input compressed with LZ4 (`Compressed` only).
    raw: Option<Vec<u8>>,
    /// The distinct entity ids as a JSON array, for the entity filter.
    entity_ids: String,
    events: Vec<EncodedEvent>,
    bands: Vec<u64>,
    /// The document's claims by deal ([`encode_claims`]; `Compressed` only:
    /// PostgreSQL builds stories from the events).
    deal_claims: Vec<(dossier_reconcile::Deal, Vec<u8>)>,
    /// [`Record::input`] as JSON.
    input: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
struct EncodedEvent {
    polarity: String,
    modality: String,
    json: String,
}

impl Record {
    /// Computes the columns the store will write, ahead of the write.
    pub fn encode(&mut self, encoding: Encoding) -> Result<()> {
        self.encoded = Some(Encoded::new(self, encoding)?);
        Ok(())
    }

    /// The record's columns in this encoding: those computed ahead, or new ones.
    pub(crate) fn encoded(&self, encoding: Encoding) -> Result<std::borrow::Cow<'_, Encoded>> {
        match &self.encoded {
            Some(e) if e.encoding == encoding => Ok(std::borrow::Cow::Borrowed(e)),
            _ => Ok(std::borrow::Cow::Owned(Encoded::new(self, encoding)?)),
        }
    }
}

impl Encoded {
    fn new(r: &Record, encoding: Encoding) -> Result<Encoded> {
        let d = &r.doc;
        let json = serde_json::to_vec(&Extraction::of(d))?;
        let (extraction, raw) = match encoding {
            Encoding::Plain => (json, None),
            Encoding::Compressed => (compress(&json), Some(compress(r.raw.as_bytes()))),
        };
        let mut ids: Vec<&str> = d.entities.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut events = Vec::with_capacity(d.events.len());
        for e in &d.events {
            events.push(EncodedEvent {
                polarity: serde_json::to_value(e.polarity)?.as_str().unwrap_or_default().to_string(),
                modality: serde_json::to_value(e.modality)?.as_str().unwrap_or_default().to_string(),
                json: serde_json::to_string(e)?,
            });
        }
        Ok(Encoded {
            encoding,
            based_on: serde_json::to_string(&d.based_on)?,
            provenance: serde_json::to_string(&d.provenance)?,
            extraction,
            raw,
            entity_ids: serde_json::to_string(&ids)?,
            events,
            bands: if r.signature.is_empty() { vec![] } else { dossier_reconcile::dedup::bands(&r.signature) },
            deal_claims: match encoding {
                Encoding::Plain => Vec::new(),
                Encoding::Compressed => {
                    dossier_reconcile::deal_claims(d).into_iter().map(|(deal, cs)| Ok((deal, encode_claims(&cs)?))).collect::<Result<_>>()?
                }
            },
            input: r.input.as_ref().map(serde_json::to_string).transpose()?,
        })
    }
}

/// A deal's claims as a backend reads them: SQLite's still encoded
/// ([`encode_claims`]), PostgreSQL's computed from the events.
pub struct StoredClaims {
    encoded: Vec<Vec<u8>>,
    decoded: Vec<Vec<dossier_reconcile::Claim>>,
}

impl StoredClaims {
    pub(crate) fn encoded(encoded: Vec<Vec<u8>>) -> StoredClaims {
        StoredClaims { encoded, decoded: Vec::new() }
    }

    pub(crate) fn decoded(decoded: Vec<Vec<dossier_reconcile::Claim>>) -> StoredClaims {
        StoredClaims { encoded: Vec::new(), decoded }
    }

    /// Adds another deal's claims: each list stays its document's.
    pub(crate) fn append(&mut self, other: StoredClaims) {
        self.encoded.extend(other.encoded);
        self.decoded.extend(other.decoded);
    }

    /// The bytes read (what in-flight limits count).
    pub fn bytes(&self) -> usize {
        self.encoded.iter().map(Vec::len).sum::<usize>() + self.decoded.iter().map(|cs| cs.len() * 1024).sum::<usize>()
    }

    /// The claims of each document, in document id order.
    pub fn decode(self) -> Result<Vec<Vec<dossier_reconcile::Claim>>> {
        let mut out = self.decoded;
        for blob in &self.encoded {
            let claims = decode_claims(blob)?;
            if !claims.is_empty() {
                out.push(claims);
            }
        }
        out.sort_by(|a, b| a[0].doc.cmp(&b[0].doc));
        Ok(out)
    }
}

/// Adds to deals whose stories change the deals of systems whose stories
/// the deals of a kind of arms among them join
/// ([`dossier_reconcile::kind_deals`]): `systems` lists the systems stored
/// for a supplier and recipient.
pub(crate) fn with_joined_deals(
    deals: &mut Vec<dossier_reconcile::Deal>,
    mut systems: impl FnMut(&str, &str) -> Result<Vec<String>>,
) -> Result<()> {
    let kinds: Vec<dossier_reconcile::Deal> = deals.iter().filter(|d| d.system.starts_with(dossier_reconcile::UNSPECIFIED)).cloned().collect();
    let mut pairs: Vec<(&str, &str)> = kinds.iter().map(|d| (d.supplier.as_str(), d.recipient.as_str())).collect();
    pairs.sort_unstable();
    pairs.dedup();
    for (supplier, recipient) in pairs {
        for system in systems(supplier, recipient)? {
            let deal = dossier_reconcile::Deal { supplier: supplier.to_string(), recipient: recipient.to_string(), system };
            if !deals.contains(&deal) && dossier_reconcile::kind_deals(&deal).iter().any(|k| kinds.contains(k)) {
                deals.push(deal);
            }
        }
    }
    Ok(())
}

/// Stories and their conflicts as the store writes them (JSON), for the
/// deals they replace.
pub struct EncodedStories {
    deals: Vec<dossier_reconcile::Deal>,
    /// Each story of those deals.
    stories: Vec<EncodedStory>,
}

/// A story as the store writes it: id, deal, JSON, its conflicts' JSON and
/// its register row.
pub(crate) struct EncodedStory {
    pub id: String,
    pub deal: dossier_reconcile::Deal,
    pub json: String,
    pub conflicts: Vec<EncodedConflict>,
    pub register: Option<register::RegisterEntry>,
}

/// A conflict as the store writes it: its JSON, and its field apart.
pub(crate) struct EncodedConflict {
    pub json: String,
    pub field: String,
}

impl EncodedStories {
    pub fn new(deals: &[dossier_reconcile::Deal], record: &dossier_reconcile::Record) -> Result<EncodedStories> {
        let mut stories = Vec::new();
        for s in record.stories.iter().filter(|s| deals.contains(&s.deal)) {
            let conflicts = record
                .conflicts
                .iter()
                .filter(|c| c.story == s.id)
                .map(|c| Ok(EncodedConflict { json: serde_json::to_string(c)?, field: c.field.clone() }))
                .collect::<serde_json::Result<_>>()?;
            stories.push(EncodedStory {
                id: s.id.clone(),
                deal: s.deal.clone(),
                json: serde_json::to_string(s)?,
                conflicts,
                register: register::RegisterEntry::of(s)?,
            });
        }
        Ok(EncodedStories { deals: deals.to_vec(), stories })
    }
}

/// A document's claims of one deal as stored: JSON, LZ4-compressed.
pub(crate) fn encode_claims(claims: &[dossier_reconcile::Claim]) -> Result<Vec<u8>> {
    Ok(compress(&serde_json::to_vec(claims)?))
}

/// The claims [`encode_claims`] stored.
pub(crate) fn decode_claims(bytes: &[u8]) -> Result<Vec<dossier_reconcile::Claim>> {
    Ok(serde_json::from_str(&decompress_text(bytes)?)?)
}

/// LZ4 (block format, size first): JSON shrinks about fourfold, at
/// several hundred MB/s even on the short values a document has.
fn compress(bytes: &[u8]) -> Vec<u8> {
    lz4_flex::compress_prepend_size(bytes)
}

/// The largest value a compressed column may claim to hold: a corrupt
/// length cannot make a read allocate more.
const MAX_STORED: usize = 1 << 30;

/// A compressed column's text.
pub(crate) fn decompress_text(bytes: &[u8]) -> Result<String> {
    let corrupt = |why: String| StoreError::Corrupt(format!("compressed column: {why}"));
    match lz4_flex::block::uncompressed_size(bytes) {
        Ok((n, _)) if n > MAX_STORED => return Err(corrupt(format!("claims {n} bytes"))),
        Err(e) => return Err(corrupt(e.to_string())),
        Ok(_) => {}
    }
    let plain = lz4_flex::decompress_size_prepended(bytes).map_err(|e| corrupt(e.to_string()))?;
    String::from_utf8(plain).map_err(|e| corrupt(format!("not UTF-8: {e}")))
}

/// What happened to one record of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PutOutcome {
    /// Stored for the first time.
    Inserted,
    /// The same id with the same content is already stored: nothing changed.
    Unchanged,
    /// The same id with other content: the stored document was replaced.
    Replaced,
}

/// Extraction results kept as one JSON value per document.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Extraction {
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub amounts: Vec<Amount>,
    #[serde(default)]
    pub times: Vec<TimeExpr>,
}

impl Extraction {
    fn of(d: &Document) -> Extraction {
        Extraction {
            entities: d.entities.clone(),
            quotes: d.quotes.clone(),
            events: d.events.clone(),
            amounts: d.amounts.clone(),
            times: d.times.clone(),
        }
    }
}

// One value per open database: boxing the larger variant would save nothing.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(pg::Pg),
}

/// A database: SQLite for a path, PostgreSQL for a `postgres://` URL.
pub struct Store {
    backend: Backend,
    path: String,
}

/// Calls the same method on whichever backend is open.
macro_rules! on_backend {
    ($self:ident, $s:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($s) => $call,
            Backend::Postgres($s) => $call,
        }
    };
    (mut $self:ident, $s:ident => $call:expr) => {
        match &mut $self.backend {
            Backend::Sqlite($s) => $call,
            Backend::Postgres($s) => $call,
        }
    };
}

impl Store {
    /// Opens (creating if needed) a database and brings its schema up to
    /// date: a `postgres://` or `postgresql://` URL opens PostgreSQL, any
    /// other string is a SQLite file path.
    pub fn open(path: &str) -> Result<Store> {
        let backend = if is_postgres(path) { Backend::Postgres(pg::Pg::open(path)?) } else { Backend::Sqlite(sqlite::Sqlite::open(path)?) };
        Ok(Store { backend, path: path.to_string() })
    }

    /// Another connection to the same database, for another thread.
    pub fn reopen(&self) -> Result<Store> {
        Store::open(&self.path)
    }

    /// The path or URL this store was opened with (a URL's password hidden).
    pub fn path(&self) -> String {
        redact(&self.path)
    }

    /// Whether several ingest workers may share this database (PostgreSQL):
    /// inputs then go through a queue in the database, claimed in batches.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// How this backend keeps large columns: records encoded this way ahead
    /// of [`Store::put_batch_linked`] are written without more work.
    pub fn encoding(&self) -> Encoding {
        match self.backend {
            Backend::Sqlite(_) => Encoding::Compressed,
            Backend::Postgres(_) => Encoding::Plain,
        }
    }

    /// Stores a batch in one transaction.
    pub fn put_batch(&mut self, records: &[Record]) -> Result<Vec<PutOutcome>> {
        self.put_batch_linked(records, &[])
    }

    /// Stores a batch and relinks copies (old original → new original) in one
    /// transaction, and marks the deals whose stories change as dirty in it.
    /// On PostgreSQL, a transaction opened by [`Store::claim`] or
    /// [`Store::lock_writes`] is the one committed here.
    pub fn put_batch_linked(&mut self, records: &[Record], relinks: &[(String, String)]) -> Result<Vec<PutOutcome>> {
        on_backend!(mut self, s => s.put_batch_linked(records, relinks))
    }

    /// Deals whose stories wait to be recomputed.
    pub fn dirty_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        on_backend!(self, s => s.dirty_deals())
    }

    /// Integrity of the database: "ok" when sound.
    pub fn integrity_check(&self) -> Result<String> {
        on_backend!(self, s => s.integrity_check())
    }

    /// Stored documents whose text is a near copy of a text with this
    /// MinHash signature: they share a band with it (each band's bucket read
    /// [`BUCKET_LIMIT`] deep), and their estimated similarity is at least
    /// [`dossier_reconcile::dedup::THRESHOLD`].
    /// For a batch, pass every signature at once: the lookups are then
    /// made in index order. An empty signature has no copies.
    pub fn near_copies(&self, signatures: &[&[u64]]) -> Result<Vec<Vec<String>>> {
        on_backend!(self, s => s.near_copies(signatures))
    }

    /// A stored document's publication date and the original it copies, if any.
    pub fn doc_link(&self, id: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        on_backend!(self, s => s.doc_link(id))
    }

    /// Points a stored document (and every copy of it) at a new original.
    pub fn relink_duplicates(&mut self, old_original: &str, new_original: &str) -> Result<()> {
        on_backend!(mut self, s => s.relink_duplicates(old_original, new_original))
    }

    /// The deals (supplier, recipient, system) that these documents' transfer events name.
    pub fn deals_of_docs(&self, ids: &[String]) -> Result<Vec<dossier_reconcile::Deal>> {
        on_backend!(self, s => s.deals_of_docs(ids))
    }

    /// The deals that transfer events of documents that are not copies
    /// name, in deal order: the deals that have stories, found from the
    /// stored events (not from the stories or the claims stored by deal).
    pub fn event_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        on_backend!(self, s => s.event_deals())
    }

    /// The documents (not copies) whose events name a deal, in id order,
    /// with their metadata and events alone, read from the stored events:
    /// what a deal's story is recomputed from, one deal at a time.
    pub fn documents_for_deal(&self, deal: &dossier_reconcile::Deal) -> Result<Vec<Document>> {
        let mut docs = on_backend!(self, s => s.documents_for_deal(deal))?;
        // And those of the deals of its kinds of arms, whose denials join it
        // ([`dossier_reconcile::kind_deals`]).
        for kind in dossier_reconcile::kind_deals(deal) {
            docs.extend(on_backend!(self, s => s.documents_for_deal(&kind))?);
        }
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        docs.dedup_by(|a, b| a.id == b.id);
        Ok(docs)
    }

    /// What a deal's story is built from: the claims of each document that
    /// speaks of it ([`dossier_reconcile::deal_claims`]), in document id
    /// order. Copies of another document are left out: reconcile counts
    /// their claims once, as their original's.
    pub fn deal_claims(&self, deal: &dossier_reconcile::Deal) -> Result<Vec<Vec<dossier_reconcile::Claim>>> {
        on_backend!(self, s => s.deal_claims(deal))?.decode()
    }

    /// [`Store::deal_claims`] and those of the deals of its kinds of arms
    /// ([`dossier_reconcile::kind_deals`]), as read, not yet decoded: what
    /// [`dossier_reconcile::reconcile_deal`] takes. Decoding can then run on
    /// another thread than the one that reads the database.
    pub fn stored_deal_claims(&self, deal: &dossier_reconcile::Deal) -> Result<StoredClaims> {
        let mut claims = on_backend!(self, s => s.deal_claims(deal))?;
        for kind in dossier_reconcile::kind_deals(deal) {
            claims.append(on_backend!(self, s => s.deal_claims(&kind))?);
        }
        Ok(claims)
    }

    /// Writes a deal's stored claims again from the stored events, as this
    /// version reads them (an earlier version may have read them
    /// otherwise); its story is then to be recomputed. PostgreSQL reads
    /// claims from the events and stores none.
    pub fn refresh_deal_claims(&mut self, deal: &dossier_reconcile::Deal) -> Result<()> {
        on_backend!(mut self, s => s.refresh_deal_claims(deal))
    }

    /// Replaces the stored stories (and their conflicts) of these deals.
    pub fn replace_stories(&mut self, deals: &[dossier_reconcile::Deal], record: &dossier_reconcile::Record) -> Result<()> {
        self.replace_encoded_stories(&EncodedStories::new(deals, record)?)
    }

    /// [`Store::replace_stories`] with the stories serialised ahead (on
    /// another thread than the writer's).
    pub fn replace_encoded_stories(&mut self, stories: &EncodedStories) -> Result<()> {
        on_backend!(mut self, s => s.replace_stories(stories))
    }

    /// Every stored story's id and deal, in deal order, without reading
    /// the stories (a story lists every source of every fact: all of them
    /// together can be far larger than memory should hold).
    pub fn story_deals(&self) -> Result<Vec<(String, dossier_reconcile::Deal)>> {
        on_backend!(self, s => s.story_deals())
    }

    /// One stored story, by id.
    pub fn story(&self, id: &str) -> Result<Option<dossier_reconcile::Story>> {
        on_backend!(self, s => s.story(id))
    }

    /// The stored conflicts of one story, or of every story (in deal
    /// order, as in [`Store::stored_record`]) for `None`.
    pub fn stored_conflicts(&self, story: Option<&str>) -> Result<Vec<dossier_reconcile::Conflict>> {
        let mut out = Vec::new();
        self.for_each_conflict(story, |c| {
            out.push(c);
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// How many stored conflicts (of one story, or all) concern each field,
    /// by field name, without decoding them.
    pub fn conflict_fields(&self, story: Option<&str>) -> Result<Vec<(String, usize)>> {
        let mut out = on_backend!(self, s => s.conflict_fields(story))?;
        out.sort();
        Ok(out)
    }

    /// The stored conflicts (of one story, or all) in deal order, one at a
    /// time: a listing of a large database need not be in memory at once.
    /// Stops at the first error `f` returns.
    pub fn for_each_conflict<E: From<StoreError>>(
        &self,
        story: Option<&str>,
        f: impl FnMut(dossier_reconcile::Conflict) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_conflict_in(&ConflictQuery { story: story.map(str::to_string), ..Default::default() }, f)
    }

    /// [`Store::for_each_conflict`] of the conflicts a query keeps: of one
    /// story, about one field, a page of them, chosen and skipped in SQL
    /// before any is decoded.
    pub fn for_each_conflict_in<E: From<StoreError>>(
        &self,
        query: &ConflictQuery,
        f: impl FnMut(dossier_reconcile::Conflict) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        on_backend!(self, s => s.for_each_conflict(query, f))
    }

    /// A page of the register: the rows the query keeps, in its order, each
    /// with at most [`REGISTER_CLAIMS`] claims a field and
    /// [`REGISTER_SOURCES`] sources (JSON; a row's story has them all).
    pub fn register_page(&self, query: &RegisterQuery) -> Result<RegisterPage> {
        on_backend!(self, s => s.register_page(query))
    }

    /// Whether the register row stored for story `id` is the one `story`
    /// gives (none stored when `story` is none or has no row): what
    /// `dossier check` asks after comparing the story with a recompute.
    pub fn register_matches(&self, id: &str, story: Option<&dossier_reconcile::Story>) -> Result<bool> {
        let stored = on_backend!(self, s => s.register_entry(id))?;
        let fresh = match story {
            Some(story) => register::RegisterEntry::of(story)?,
            None => None,
        };
        Ok(stored == fresh)
    }

    /// Every outlet the stored documents name, with how many (copies
    /// included), in outlet order.
    pub fn outlets(&self) -> Result<Vec<(String, usize)>> {
        on_backend!(self, s => s.outlets())
    }

    /// How many deals the register has, how many disputed, and by supplier,
    /// recipient and system (each in code order).
    pub fn register_facets(&self) -> Result<RegisterFacets> {
        on_backend!(self, s => s.register_facets())
    }

    /// The reconciled record as stored, stories in deal order.
    pub fn stored_record(&self) -> Result<dossier_reconcile::Record> {
        on_backend!(self, s => s.stored_record())
    }

    /// The id of a stored document with this content hash, if any.
    pub fn find_by_hash(&self, hash: &str) -> Result<Option<String>> {
        on_backend!(self, s => s.find_by_hash(hash))
    }

    pub fn count_documents(&self) -> Result<usize> {
        on_backend!(self, s => s.count_documents())
    }

    /// How many stories and conflicts are stored, without reading them.
    pub fn count_stories_and_conflicts(&self) -> Result<(usize, usize)> {
        on_backend!(self, s => s.count_stories_and_conflicts())
    }

    /// Every document, in id order.
    pub fn documents(&self) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        self.for_each_document(|d| {
            out.push(d);
            Ok::<_, StoreError>(())
        })?;
        Ok(out)
    }

    /// Streams every document in id order without holding them all.
    pub fn for_each_document<E: From<StoreError>>(&self, f: impl FnMut(Document) -> std::result::Result<(), E>) -> std::result::Result<(), E> {
        on_backend!(self, s => s.for_each_document(f))
    }

    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        on_backend!(self, s => s.document(id))
    }

    /// The raw input a document was read from.
    pub fn raw(&self, id: &str) -> Result<Option<String>> {
        on_backend!(self, s => s.raw(id))
    }

    /// The largest `seq` stored (0 when empty): documents stored later
    /// (replacements too) have larger ones.
    pub fn last_seq(&self) -> Result<i64> {
        on_backend!(self, s => s.last_seq())
    }

    /// Stored documents with their inputs, in order of `seq`, from just
    /// after `after` up to `until`: at most `limit` of them.
    pub fn stored_inputs(&self, after: i64, until: i64, limit: usize) -> Result<Vec<StoredInput>> {
        on_backend!(self, s => s.stored_inputs(after, until, limit))
    }

    /// Full-text search over titles and texts; returns (id, title, snippet) best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<(String, Option<String>, String)>> {
        Ok(self
            .search_filtered(query, &SearchFilter::default(), limit)?
            .into_iter()
            .map(|h| (h.id, h.title, h.snippet.iter().map(|p| if p.hit { format!("[{}]", p.text) } else { p.text.clone() }).collect()))
            .collect())
    }

    /// Full-text search over documents and quotes with filters, best first,
    /// each hit with a highlighted snippet (and the quote it matched, if any).
    pub fn search_filtered(&self, query: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<SearchHit>> {
        on_backend!(self, s => s.search_filtered(query, filter, limit))
    }

    /// Documents in id order, filtered, one page at a time; and the total.
    pub fn list_documents(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<(Vec<DocSummary>, usize)> {
        on_backend!(self, s => s.list_documents(filter, limit, offset))
    }

    /// Events with their document, filtered by deal fields and type, in document order.
    pub fn events(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<EventPage> {
        on_backend!(self, s => s.events(filter, limit, offset))
    }

    /// The ids of stored copies of a document.
    pub fn copies_of(&self, id: &str) -> Result<Vec<String>> {
        on_backend!(self, s => s.copies_of(id))
    }

    /// Puts inputs on the shared queue (PostgreSQL only); an input already
    /// queued or done (the same key) is left alone. Returns how many were new.
    pub fn enqueue(&mut self, items: &[Queued]) -> Result<usize> {
        match &mut self.backend {
            Backend::Postgres(s) => s.enqueue(items),
            Backend::Sqlite(_) => Err(StoreError::Unsupported("a SQLite database has no shared queue".into())),
        }
    }

    /// Claims up to `n` queued inputs no other worker holds, in a transaction
    /// that stays open (and keeps them locked) until [`Store::put_batch_linked`]
    /// commits it with their results, or this worker dies and it rolls back.
    /// Empty when nothing is claimable now; see [`Store::pending`].
    pub fn claim(&mut self, n: usize) -> Result<Vec<Queued>> {
        match &mut self.backend {
            Backend::Postgres(s) => s.claim(n),
            Backend::Sqlite(_) => Ok(vec![]),
        }
    }

    /// Marks claimed inputs done (with the reason, for those rejected), in the
    /// open transaction.
    pub fn finish_claimed(&mut self, done: &[(i64, Option<String>)]) -> Result<()> {
        match &mut self.backend {
            Backend::Postgres(s) => s.finish_claimed(done),
            Backend::Sqlite(_) => Ok(()),
        }
    }

    /// Inputs on the queue not yet done (some may be held by other workers).
    pub fn pending(&mut self) -> Result<usize> {
        match &mut self.backend {
            Backend::Postgres(s) => s.pending(),
            Backend::Sqlite(_) => Ok(0),
        }
    }

    /// Serialises writers: on PostgreSQL, takes the database's write lock in
    /// the open transaction (opening one if needed) until it commits, so that
    /// duplicate lookups and the writes that follow see every other worker's
    /// committed batches. On SQLite, begins the write transaction
    /// (`BEGIN IMMEDIATE`) that [`Store::put_batch_linked`] commits.
    pub fn lock_writes(&mut self) -> Result<()> {
        match &mut self.backend {
            Backend::Postgres(s) => s.lock_writes(),
            Backend::Sqlite(s) => s.lock_writes(),
        }
    }

    /// Commits the transaction opened by [`Store::lock_writes`], if any.
    pub fn commit(&mut self) -> Result<()> {
        match &mut self.backend {
            Backend::Postgres(s) => s.commit(),
            Backend::Sqlite(s) => s.commit(),
        }
    }

    /// Rolls back an open transaction, if any.
    pub fn rollback(&mut self) -> Result<()> {
        match &mut self.backend {
            Backend::Postgres(s) => s.rollback(),
            Backend::Sqlite(s) => s.rollback(),
        }
    }
}

/// Duplicate lookups read at most this many documents from one MinHash band
/// bucket. A copy shares nearly every band with the documents it copies, and
/// its story's own bands hold only that story's copies; a bucket holding many
/// more documents than that is boilerplate that unrelated reports share
/// (standard sentences, agency credits), and reading it whole would make
/// every lookup slower as the database grows.
pub const BUCKET_LIMIT: i64 = 32;

/// A document's metadata columns, which every document query selects
/// first and in this order: `id, url, title, outlet, based_on, published,
/// published_basis, duplicate_of` (both backends store the same ones).
pub(crate) struct Meta {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// JSON array.
    pub based_on: String,
    pub published: Option<String>,
    pub basis: Option<String>,
    pub duplicate_of: Option<String>,
}

impl Meta {
    /// The whole document: its text, provenance (JSON) and extraction (JSON).
    pub(crate) fn with_extraction(self, text: String, provenance: &str, extraction: &str) -> Result<Document> {
        let x: Extraction = serde_json::from_str(extraction)?;
        self.document(text, provenance, x)
    }

    /// Metadata and events (a JSON array), for reconciling: no text, no
    /// provenance (stored after the text, which reading it would read too)
    /// and no other extraction.
    pub(crate) fn with_events(self, events: &str) -> Result<Document> {
        let x = Extraction { events: serde_json::from_str(events)?, ..Extraction::default() };
        self.document(String::new(), "{}", x)
    }

    fn document(self, text: String, provenance: &str, x: Extraction) -> Result<Document> {
        Ok(Document {
            id: self.id,
            url: self.url,
            title: self.title,
            outlet: self.outlet,
            based_on: serde_json::from_str(&self.based_on)?,
            published: self.published,
            published_basis: self.basis.as_deref().and_then(dossier_model::Basis::parse),
            duplicate_of: self.duplicate_of,
            text,
            entities: x.entities,
            quotes: x.quotes,
            events: x.events,
            amounts: x.amounts,
            provenance: serde_json::from_str(provenance)?,
            times: x.times,
        })
    }
}

fn is_postgres(path: &str) -> bool {
    path.starts_with("postgres://") || path.starts_with("postgresql://")
}

/// SQL dialects the filters are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}


/// Filters for search and listing. Dates compare as ISO prefixes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchFilter {
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// An entity id (`country:TUR`, `system:S-400`, `person:dmitry-peskov`).
    pub entity: Option<String>,
    pub system: Option<String>,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
}

impl SearchFilter {
    /// The filter as SQL conditions on `d` (documents) with `?` placeholders,
    /// and their arguments.
    pub(crate) fn sql(&self, dialect: Dialect) -> (String, Vec<String>) {
        let mut sql = String::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(o) = &self.outlet {
            sql.push_str(" AND d.outlet = ?");
            args.push(o.clone());
        }
        if let Some(f) = &self.from {
            sql.push_str(if dialect == Dialect::Postgres { " AND d.published COLLATE \"C\" >= ?" } else { " AND d.published >= ?" });
            args.push(f.clone());
        }
        if let Some(t) = &self.to {
            // "to 2021" includes every date in 2021.
            sql.push_str(if dialect == Dialect::Postgres {
                " AND substr(d.published, 1, length(?)) COLLATE \"C\" <= ?"
            } else {
                " AND substr(d.published, 1, length(?)) <= ?"
            });
            args.push(t.clone());
            args.push(t.clone());
        }
        if let Some(e) = &self.entity {
            // SQLite keeps the extraction compressed and each document's
            // entity ids beside it; PostgreSQL reads them in the extraction.
            if dialect == Dialect::Postgres {
                sql.push_str(" AND strpos(d.extraction, ?) > 0");
                args.push(format!("\"id\":{}", serde_json::to_string(e).unwrap_or_default()));
            } else {
                sql.push_str(" AND instr(d.entity_ids, ?) > 0");
                args.push(serde_json::to_string(e).unwrap_or_default());
            }
        }
        let mut ev = String::new();
        for (col, v) in [("system", &self.system), ("supplier", &self.supplier), ("recipient", &self.recipient), ("type", &self.event_type)] {
            if let Some(v) = v {
                ev.push_str(&format!(" AND e.{col} = ?"));
                args.push(v.clone());
            }
        }
        if !ev.is_empty() {
            sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id{ev})"));
        }
        (sql, args)
    }
}

/// A part of a snippet: text, and whether it matched the query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

fn parts(snippet: &str) -> Vec<SnippetPart> {
    let mut out = Vec::new();
    let mut hit = false;
    let mut cur = String::new();
    for c in snippet.chars() {
        match c {
            '\u{2}' | '\u{3}' => {
                if !cur.is_empty() {
                    out.push(SnippetPart { text: std::mem::take(&mut cur), hit });
                }
                hit = c == '\u{2}';
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(SnippetPart { text: cur, hit });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteHit {
    pub speaker: Option<String>,
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub snippet: Vec<SnippetPart>,
    pub score: f64,
    pub quote: Option<QuoteHit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub published_basis: Option<String>,
    pub duplicate_of: Option<String>,
    pub based_on: Vec<String>,
    pub n_events: usize,
}


/// Turns free text into a query of quoted terms (FTS5, and PostgreSQL's
/// websearch syntax), so user input can
/// never be a syntax error.
pub(crate) fn fts_query(query: &str) -> String {
    query
        .split_whitespace()
        .map(|w| w.chars().filter(|c| *c != '"').collect::<String>())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_string(),
    }
}


/// A signature as PostgreSQL keeps it: every slot, 8 bytes each.
fn encode_signature(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A signature as SQLite keeps it: each slot's low 16 bits
/// ([`dossier_reconcile::dedup::FINGERPRINT_BITS`]), all that similarity
/// compares, in a quarter of the space, so that duplicate lookups read
/// fewer pages.
fn encode_fingerprints(sig: &[u64]) -> Vec<u8> {
    sig.iter().flat_map(|x| (*x as u16).to_le_bytes()).collect()
}

/// Whether a text with this signature is a near copy of a stored one
/// (either form), compared in place: the share of slots whose low 16 bits
/// agree is at least [`dossier_reconcile::dedup::THRESHOLD`], as
/// [`dossier_reconcile::dedup::similarity`] computes it.
fn similar_to_stored(sig: &[u64], blob: &[u8]) -> bool {
    let n = sig.len();
    let same = if blob.len() == n * 2 {
        sig.iter().zip(blob.chunks_exact(2)).filter(|(a, b)| (**a as u16).to_le_bytes() == **b).count()
    } else if blob.len() == n * 8 {
        sig.iter().zip(blob.chunks_exact(8)).filter(|(a, b)| (**a as u16).to_le_bytes() == b[..2]).count()
    } else {
        return false;
    };
    n > 0 && same as f64 / n as f64 >= dossier_reconcile::dedup::THRESHOLD
}

/// A stored signature with every slot (the 8-byte form), if it is one.
fn decode_signature(blob: &[u8]) -> Option<Vec<u64>> {
    (blob.len() == dossier_reconcile::dedup::NUM_HASHES * 8)
        .then(|| blob.chunks_exact(8).map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8]))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_model::{Basis, Provenance};

    fn record(id: &str, text: &str) -> Record {
        Record {
            doc: Document {
                id: id.into(),
                url: None,
                title: Some("A title".into()),
                outlet: None,
                based_on: vec![],
                published: Some("2021".into()),
                published_basis: Some(Basis::Text),
                duplicate_of: None,
                text: text.into(),
                entities: vec![],
                quotes: vec![],
                events: vec![],
                amounts: vec![],
                provenance: Provenance::default(),
                times: vec![],
            },
            signature: vec![],
            raw: text.into(),
            content_hash: format!("h-{text}"),
            origin: "test".into(),
            input: None,
            reread_of: None,
            encoded: None,
        }
    }

    #[test]
    fn same_content_twice_is_a_no_op() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        assert_eq!(s.put_batch(&[record("a", "Poland ordered tanks.")]).unwrap(), vec![PutOutcome::Inserted]);
        assert_eq!(s.put_batch(&[record("a", "Poland ordered tanks.")]).unwrap(), vec![PutOutcome::Unchanged]);
        assert_eq!(s.put_batch(&[record("a", "Poland ordered howitzers.")]).unwrap(), vec![PutOutcome::Replaced]);
        assert_eq!(s.count_documents().unwrap(), 1);
        let hits = s.search("howitzers", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert!(s.search("tanks", 10).unwrap().is_empty(), "replaced text must leave the index");
        // Reopening keeps everything and does not re-run migrations.
        drop(s);
        let s = Store::open(path.to_str().unwrap()).unwrap();
        assert_eq!(s.documents().unwrap()[0].text, "Poland ordered howitzers.");
    }

    #[test]
    fn search_input_is_never_a_syntax_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        s.put_batch(&[record("a", "The S-400 arrived in July.")]).unwrap();
        assert_eq!(s.search("S-400 \"AND (", 5).unwrap().len(), 0);
        assert_eq!(s.search("S-400", 5).unwrap().len(), 1);
    }

    fn with_entity(mut r: Record, id: &str) -> Record {
        r.doc.entities.push(dossier_model::Entity {
            id: id.into(),
            name: id.into(),
            kind: dossier_model::EntityKind::Country,
            role: None,
            mentions: vec![dossier_model::Span::new(0, 6)],
        });
        r
    }

    fn by_entity(s: &Store, id: &str) -> Vec<String> {
        let f = SearchFilter { entity: Some(id.into()), ..Default::default() };
        s.list_documents(&f, 10, 0).unwrap().0.into_iter().map(|d| d.id).collect()
    }

    #[test]
    fn large_columns_are_compressed_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        let mut r = with_entity(record("a", "Poland ordered K2 tanks from South Korea in 2022."), "country:POL");
        r.raw = "<html><body><p>Poland ordered K2 tanks from South Korea in 2022.</p></body></html>".into();
        s.put_batch(&[r.clone()]).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let kinds: (String, String, String) = conn
            .query_row("SELECT typeof(raw), typeof(extraction), typeof(text) FROM documents", [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap();
        assert_eq!(kinds, ("blob".into(), "blob".into(), "text".into()));
        assert_eq!(s.raw("a").unwrap().as_deref(), Some(r.raw.as_str()));
        let back = s.document("a").unwrap().unwrap();
        assert_eq!(back, r.doc);
        assert_eq!(by_entity(&s, "country:POL"), vec!["a".to_string()]);
        assert!(by_entity(&s, "country:KOR").is_empty());
        // A record encoded ahead in the wrong encoding is encoded again.
        let mut plain = record("b", "Norway ordered K9 howitzers.");
        plain.encode(Encoding::Plain).unwrap();
        s.put_batch(&[plain.clone()]).unwrap();
        assert_eq!(s.document("b").unwrap().unwrap(), plain.doc);
    }

    #[test]
    fn entity_ids_match_whole_ids_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        s.put_batch(&[with_entity(record("a", "Tanks for Poland."), "org:pgz-group"), with_entity(record("b", "Tanks for Korea."), "org:pgz")])
            .unwrap();
        assert_eq!(by_entity(&s, "org:pgz"), vec!["b".to_string()]);
        assert_eq!(by_entity(&s, "org:pgz-group"), vec!["a".to_string()]);
    }

    /// A database written by an earlier version (schema 6: plain JSON, the
    /// full-text index with its own copy, bands keyed by document id) is
    /// brought up to date on open and reads, searches and dedups as before.
    #[test]
    fn a_schema_6_database_is_brought_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let sig: Vec<u64> = (0..128u64).map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            for sql in &schema::MIGRATIONS[..6] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 6).unwrap();
            let old = with_entity(record("old", "Estonia received HIMARS launchers."), "country:EST");
            let x = serde_json::to_string(&Extraction::of(&old.doc)).unwrap();
            conn.execute(
                "INSERT INTO documents (id, title, text, raw, content_hash, extraction, ingested_at)
                 VALUES ('old', 'A title', ?1, ?1, 'h-old', ?2, '2026-01-01T00:00:00Z')",
                rusqlite::params![old.doc.text, x],
            )
            .unwrap();
            conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (1, 'A title', ?1)", [&old.doc.text]).unwrap();
            conn.execute("INSERT INTO quotes_fts (doc_id, speaker, text) VALUES ('old', 'A minister', 'The launchers are here.')", []).unwrap();
            conn.execute("INSERT INTO quotes_fts (doc_id, speaker, text) VALUES ('old', 'A minister', 'More rockets follow.')", []).unwrap();
            conn.execute("INSERT INTO minhash (doc_id, signature) VALUES ('old', ?1)", [encode_signature(&sig)]).unwrap();
            for (i, h) in dossier_reconcile::dedup::bands(&sig).iter().enumerate() {
                conn.execute("INSERT INTO minhash_bands (band, hash, doc_id) VALUES (?1, ?2, 'old')", rusqlite::params![i as i64, *h as i64])
                    .unwrap();
            }
        }
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        // It keeps its pages; a new database has 16 KB pages.
        let page_size = |p: &std::path::Path| rusqlite::Connection::open(p).unwrap().query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(page_size(&path), 4096);
        let new = dir.path().join("new.db");
        drop(Store::open(new.to_str().unwrap()).unwrap());
        assert_eq!(page_size(&new), 16384);
        let doc = s.document("old").unwrap().unwrap();
        assert_eq!(doc.text, "Estonia received HIMARS launchers.");
        assert_eq!(doc.entities[0].id, "country:EST");
        assert_eq!(s.search("HIMARS", 5).unwrap().len(), 1);
        let quoted = s.search_filtered("rockets", &SearchFilter::default(), 5).unwrap();
        assert_eq!(quoted.len(), 1);
        assert_eq!(quoted[0].quote.as_ref().and_then(|q| q.speaker.as_deref()), Some("A minister"));
        assert_eq!(by_entity(&s, "country:EST"), vec!["old".to_string()]);
        assert_eq!(s.near_copies(&[&sig]).unwrap(), vec![vec!["old".to_string()]]);
        // Replacing it removes the old text from the index and its bands.
        assert_eq!(s.put_batch(&[record("old", "Latvia received HIMARS launchers.")]).unwrap(), vec![PutOutcome::Replaced]);
        assert!(s.search("Estonia", 5).unwrap().is_empty());
        assert!(s.search("rockets", 5).unwrap().is_empty(), "the replaced document's quotes must leave the index");
        assert_eq!(s.search("Latvia", 5).unwrap().len(), 1);
        assert_eq!(s.near_copies(&[&sig]).unwrap(), vec![Vec::<String>::new()]);
        assert_eq!(s.integrity_check().unwrap(), "ok");
        // The index agrees with the rows it reads its content from.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
        let quote_rows: i64 = conn.query_row("SELECT count(*) FROM quotes_fts", [], |r| r.get(0)).unwrap();
        assert_eq!(quote_rows, 0);
        let left: i64 = conn.query_row("SELECT count(*) FROM band_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "the replacement has no signature, so no bands");
        // Schema 9: both full-text indexes merge sixteen segments at a time.
        for table in ["documents_fts_config", "quotes_fts_config"] {
            let merge: i64 = conn.query_row(&format!("SELECT v FROM {table} WHERE k = 'automerge'"), [], |r| r.get(0)).unwrap();
            assert_eq!(merge, 16, "{table}");
        }
    }

    /// Full-text search stays right when the index holds many segments
    /// (one per committed batch, merged sixteen at a time), and a fresh
    /// database is created with that setting.
    #[test]
    fn search_finds_every_batch_across_many_segments() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        for i in 0..40 {
            let word = if i % 3 == 0 { "frigates" } else { "howitzers" };
            let id = format!("d{i:02}");
            let text = format!("Batch {i} reports {word} for the navy, item{i}.");
            s.put_batch(&[record(&id, &text)]).unwrap();
        }
        assert_eq!(s.search("frigates", 100).unwrap().len(), 14);
        assert_eq!(s.search("howitzers", 100).unwrap().len(), 26);
        assert_eq!(s.search("item37", 100).unwrap().len(), 1);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let merge: i64 = conn.query_row("SELECT v FROM documents_fts_config WHERE k = 'automerge'", [], |r| r.get(0)).unwrap();
        assert_eq!(merge, 16);
        conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
    }

    /// Documents are read one at a time, in id order, and reading stops at
    /// the first error the callback returns (a reader that went away).
    #[test]
    fn documents_are_streamed_and_the_stream_stops_at_the_first_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        s.put_batch(&[record("c", "Chile bought frigates."), record("a", "Algeria bought tanks."), record("b", "Brazil bought jets.")]).unwrap();
        let mut ids = Vec::new();
        s.for_each_document(|d| {
            ids.push(d.id);
            Ok::<_, StoreError>(())
        })
        .unwrap();
        assert_eq!(ids, ["a", "b", "c"]);
        #[derive(Debug)]
        struct Gone;
        impl From<StoreError> for Gone {
            fn from(e: StoreError) -> Gone {
                panic!("{e}")
            }
        }
        let mut seen = 0;
        assert!(s
            .for_each_document(|_| {
                seen += 1;
                Err(Gone)
            })
            .is_err());
        assert_eq!(seen, 1);
        assert_eq!(s.documents().unwrap().len(), 3);
    }

    /// A batch is indexed after its last document: a document stored and
    /// replaced in the same batch, or replacing one stored before, leaves
    /// both full-text indexes agreeing with the rows they hold.
    #[test]
    fn a_document_replaced_twice_in_one_batch_leaves_the_others_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
        let with_events = |id: &str, text: &str| {
            let mut r = record(id, text);
            for _ in 0..3 {
                r.doc.events.push(dossier_model::Event {
                    kind: dossier_model::EventType::Delivery,
                    polarity: dossier_model::Polarity::Affirmed,
                    modality: dossier_model::Modality::Fact,
                    supplier: Some("FRA".into()),
                    recipient: Some("PER".into()),
                    system: Some("Gowind".into()),
                    time: None,
                    value: None,
                    quantity: None,
                    attributed_to: None,
                    evidence: dossier_model::Evidence { start: 0, end: 4, text: text[..4].into() },
                    rule: "test".into(),
                    batch: None,
                });
            }
            r
        };
        s.put_batch(&[record("x1", "Chile bought frigates."), record("x2", "Chile bought tankers."), record("x3", "Chile bought boats.")]).unwrap();
        let batch = vec![with_events("a", "Peru ordered corvettes."), with_events("a", "Peru ordered patrol vessels."), with_events("a", "Peru ordered landing ships.")];
        let outcomes = s.put_batch(&batch).unwrap();
        assert_eq!(outcomes, vec![PutOutcome::Inserted, PutOutcome::Replaced, PutOutcome::Replaced]);
        assert_eq!(s.count_documents().unwrap(), 4);
        for id in ["x1", "x2", "x3"] {
            assert!(s.document(id).unwrap().is_some(), "{id} was deleted");
        }
        assert_eq!(s.document("a").unwrap().unwrap().text, "Peru ordered landing ships.");
    }

    #[test]
    fn a_batch_is_indexed_whole_even_when_it_replaces_its_own_documents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        let quoted = |id: &str, text: &str, speaker: &str, quote: &str| {
            let mut r = record(id, text);
            let start = text.find(quote).unwrap();
            r.doc.quotes.push(Quote { speaker: Some(speaker.into()), role: None, text: quote.into(), direct: true, start, end: start + quote.len(), speaker_span: None });
            r
        };
        s.put_batch(&[quoted("kept", "Chile bought frigates. \"We needed ships,\" an admiral said.", "An admiral", "We needed ships")]).unwrap();
        let batch = vec![
            quoted("a", "Peru ordered corvettes. \"The yard is ready,\" a builder said.", "A builder", "The yard is ready"),
            quoted("kept", "Chile bought submarines. \"We needed boats,\" an admiral said.", "An admiral", "We needed boats"),
            record("b", "Bolivia received helicopters."),
            quoted("a", "Peru ordered patrol vessels. \"The hulls are laid,\" a builder said.", "A builder", "The hulls are laid"),
        ];
        let outcomes = s.put_batch(&batch).unwrap();
        assert_eq!(outcomes, vec![PutOutcome::Inserted, PutOutcome::Replaced, PutOutcome::Inserted, PutOutcome::Replaced]);
        assert_eq!(s.count_documents().unwrap(), 3);
        for (word, n) in [("corvettes", 0), ("yard", 0), ("frigates", 0), ("ships", 0), ("vessels", 1), ("hulls", 1), ("submarines", 1), ("boats", 1), ("helicopters", 1)] {
            assert_eq!(s.search(word, 10).unwrap().len(), n, "{word}");
        }
        let hit = s.search_filtered("hulls", &SearchFilter::default(), 5).unwrap();
        assert_eq!(hit.len(), 1);
        assert_eq!(hit[0].id, "a");
        assert_eq!(hit[0].quote.as_ref().and_then(|q| q.speaker.as_deref()), Some("A builder"));
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
        conn.execute("INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
        let quote_rows: i64 = conn.query_row("SELECT count(*) FROM quotes_fts", [], |r| r.get(0)).unwrap();
        assert_eq!(quote_rows, 2);
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn a_replaced_document_leaves_no_band_keys_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        let first = "Norway has ordered 54 K9 self-propelled howitzers from Hanwha Aerospace, the procurement agency said on Monday, \
                     adding that deliveries would run until 2028 and that the guns would replace older M109 systems in the brigade.";
        let second = "Finland has ordered 38 more K9 self-propelled howitzers from Hanwha Aerospace, its defence forces said on Friday, \
                      with deliveries planned from 2026 and an option for further guns and support vehicles later in the decade.";
        let quote = |text: &str, speaker: &str| dossier_model::Quote {
            speaker: Some(speaker.into()),
            role: None,
            text: text.into(),
            direct: true,
            start: 0,
            end: 0,
            speaker_span: None,
        };
        let mut a = record("a", first);
        a.signature = dossier_reconcile::dedup::signature(first);
        a.doc.quotes = vec![quote("the brigade gets new guns", "an official"), quote("deliveries start soon", "an official")];
        // Another document's quotes must survive the replacement.
        let mut c = record("c", "Estonia bought more howitzers.");
        c.doc.quotes = vec![quote("our brigade is ready", "a colonel")];
        s.put_batch(&[a.clone(), c]).unwrap();
        assert_eq!(s.search_filtered("brigade", &SearchFilter::default(), 5).unwrap().len(), 2);
        assert_eq!(s.near_copies(&[&a.signature, &[]]).unwrap(), vec![vec!["a".to_string()], vec![]]);
        let mut b = record("a", second);
        b.signature = dossier_reconcile::dedup::signature(second);
        b.doc.quotes = vec![quote("an option for more guns", "a spokesman")];
        assert_eq!(s.put_batch(&[b.clone()]).unwrap(), vec![PutOutcome::Replaced]);
        assert_eq!(s.near_copies(&[&a.signature, &b.signature]).unwrap(), vec![vec![], vec!["a".to_string()]]);
        let brigade: Vec<String> = s.search_filtered("brigade", &SearchFilter::default(), 5).unwrap().into_iter().map(|h| h.id).collect();
        assert_eq!(brigade, vec!["c".to_string()]);
        assert_eq!(s.search_filtered("option", &SearchFilter::default(), 5).unwrap().len(), 1);
        let conn = rusqlite::Connection::open(&path).unwrap();
        assert_eq!(band_key_counts(&conn), (0, dossier_reconcile::dedup::BANDS as i64));
        let sig_len: i64 = conn.query_row("SELECT length(signature) FROM signatures", [], |r| r.get(0)).unwrap();
        assert_eq!(sig_len, 2 * dossier_reconcile::dedup::NUM_HASHES as i64);
    }

    /// Rows in (`band_keys`, `band_keys_recent`).
    fn band_key_counts(conn: &rusqlite::Connection) -> (i64, i64) {
        let count = |t: &str| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap();
        (count("band_keys"), count("band_keys_recent"))
    }

    fn report(i: usize) -> String {
        let buyers = ["Norway", "Finland", "Estonia", "Poland", "Romania", "Latvia"];
        let systems = ["K9 howitzers", "HIMARS launchers", "Patriot batteries", "CV90 vehicles", "NASAMS units", "Leopard tanks"];
        format!(
            "{} has ordered {} {} in a contract worth {} million dollars, the ministry said in a statement on day {}, \
             adding that the first deliveries were expected within {} years and that crews would train abroad beforehand.",
            buyers[i % 6],
            10 + i * 7,
            systems[(i / 6) % 6],
            100 + i * 13,
            i + 1,
            2 + i % 4
        )
    }

    /// Band keys live in two tiers (schema 10): a batch's keys go into the
    /// small one, which merges into the large one when full. Near copies
    /// are found in either tier, a replaced document's keys leave both,
    /// and a bucket gives its oldest documents first across the tiers.
    #[test]
    fn near_copies_are_found_across_both_band_key_tiers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut s = Store::open(path.to_str().unwrap()).unwrap();
        let Backend::Sqlite(db) = &mut s.backend else { unreachable!() };
        // Two documents' keys fill the small tier.
        let bands = dossier_reconcile::dedup::BANDS as i64;
        db.set_recent_band_key_limit(2 * bands);
        let texts: Vec<String> = (0..5).map(report).collect();
        let signed = |id: &str, text: &str| {
            let mut r = record(id, text);
            r.signature = dossier_reconcile::dedup::signature(text);
            r
        };
        let conn = rusqlite::Connection::open(&path).unwrap();
        s.put_batch(&[signed("d0", &texts[0])]).unwrap();
        assert_eq!(band_key_counts(&conn), (0, bands));
        s.put_batch(&[signed("d1", &texts[1])]).unwrap();
        assert_eq!(band_key_counts(&conn), (2 * bands, 0), "a full small tier is merged");
        s.put_batch(&[signed("d2", &texts[2])]).unwrap();
        assert_eq!(band_key_counts(&conn), (2 * bands, bands));
        for (i, text) in texts.iter().enumerate().take(3) {
            let sig = dossier_reconcile::dedup::signature(text);
            assert_eq!(s.near_copies(&[&sig]).unwrap(), vec![vec![format!("d{i}")]], "d{i}");
        }
        // Replacing a document in the large tier and one in the small one.
        s.put_batch(&[signed("d0", &texts[3]), signed("d2", &texts[4])]).unwrap();
        let old0 = dossier_reconcile::dedup::signature(&texts[0]);
        let old2 = dossier_reconcile::dedup::signature(&texts[2]);
        assert_eq!(s.near_copies(&[&old0, &old2]).unwrap(), vec![Vec::<String>::new(), vec![]]);
        let new0 = dossier_reconcile::dedup::signature(&texts[3]);
        assert_eq!(s.near_copies(&[&new0]).unwrap(), vec![vec!["d0".to_string()]]);
        let (large, small) = band_key_counts(&conn);
        assert_eq!(large + small, 3 * bands, "three documents, no keys of the replaced texts");
        // A bucket shared by more documents than a lookup reads: the oldest
        // come first, whichever tier they are in.
        let Backend::Sqlite(db) = &mut s.backend else { unreachable!() };
        db.set_recent_band_key_limit(10 * bands);
        let same = &texts[1];
        let copies: Vec<Record> = (0..BUCKET_LIMIT + 4).map(|i| signed(&format!("copy{i:02}"), same)).collect();
        for chunk in copies.chunks(7) {
            s.put_batch(chunk).unwrap();
        }
        let (large, small) = band_key_counts(&conn);
        assert!(large > 0 && small > 0, "both tiers hold keys: {large}, {small}");
        let found = s.near_copies(&[&dossier_reconcile::dedup::signature(same)]).unwrap().remove(0);
        let mut expected: Vec<String> = vec!["d1".to_string()];
        expected.extend((0..BUCKET_LIMIT - 1).map(|i| format!("copy{i:02}")));
        let mut found_sorted = found.clone();
        found_sorted.sort();
        expected.sort();
        assert_eq!(found_sorted, expected);
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
}
