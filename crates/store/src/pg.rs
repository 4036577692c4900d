//! The PostgreSQL backend, for more than one machine: the SQLite schema with
//! PostgreSQL types, full-text search on `tsvector` columns (the `simple`
//! configuration, so words match as they are, as in FTS5), and a queue of
//! inputs (`inbox`) that ingest workers claim in batches with
//! `FOR UPDATE SKIP LOCKED`. A worker keeps its claim's transaction open
//! while it extracts, and commits the documents with the claim: a worker
//! that dies rolls back, and its inputs go to the next one.
//!
//! Text is ordered with `COLLATE "C"` everywhere, so every listing comes out
//! in the same (byte) order as SQLite's whatever the database's collation.

use crate::{
    encode_signature, parts, redact, DocSummary, EventPage, PutOutcome, QuoteHit, Record, Result, SearchFilter,
    SearchHit, StoreError,
};
use dossier_model::Document;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::HashMap;

/// An input on the shared queue: the raw bytes and what came with them, as
/// the reader produced them. `key` names the content (equal keys are the
/// same input); `seq` is set when claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub seq: i64,
    pub key: String,
    pub id: String,
    pub url: Option<String>,
    pub origin: String,
    /// How to read `body` (the reader's body kind).
    pub kind: String,
    pub body: Vec<u8>,
    /// What the container said about the input (title, dates, outlet) as JSON.
    pub given: String,
}

/// Key of the advisory lock that serialises writers and migrations.
const WRITE_LOCK: i64 = 0x0064_6f73_7369_6572; // "dossier"

const MIGRATIONS: &[&str] = &[
    // 1: the SQLite schema's tables, with full-text columns and the queue.
    r#"
    CREATE TABLE documents (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        title TEXT,
        outlet TEXT,
        based_on TEXT NOT NULL DEFAULT '[]',
        published TEXT,
        published_basis TEXT,
        duplicate_of TEXT,
        text TEXT NOT NULL,
        raw TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        provenance TEXT NOT NULL DEFAULT '{}',
        extraction TEXT NOT NULL DEFAULT '{}',
        origin TEXT,
        ingested_at TEXT NOT NULL,
        fts TSVECTOR GENERATED ALWAYS AS
            (setweight(to_tsvector('simple', coalesce(title, '')), 'A') || to_tsvector('simple', text)) STORED
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    CREATE INDEX documents_fts ON documents USING GIN (fts);
    CREATE TABLE events (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        type TEXT NOT NULL,
        polarity TEXT NOT NULL,
        modality TEXT NOT NULL,
        supplier TEXT,
        recipient TEXT,
        system TEXT,
        time TEXT,
        attributed_to TEXT,
        json TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX events_deal ON events(supplier, recipient, system);
    CREATE TABLE minhash (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        signature BYTEA NOT NULL
    );
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        hash BIGINT NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_lookup ON minhash_bands(band, hash);
    CREATE INDEX minhash_bands_doc ON minhash_bands(doc_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        supplier TEXT NOT NULL,
        recipient TEXT NOT NULL,
        system TEXT NOT NULL,
        json TEXT NOT NULL,
        UNIQUE (supplier, recipient, system)
    );
    CREATE TABLE conflicts (
        story TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (story, idx)
    );
    CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        text TEXT NOT NULL,
        fts TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', speaker || ' ' || text)) STORED,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX quotes_fts ON quotes USING GIN (fts);
    CREATE TABLE dirty_deals (
        supplier TEXT NOT NULL,
        recipient TEXT NOT NULL,
        system TEXT NOT NULL,
        PRIMARY KEY (supplier, recipient, system)
    );
    CREATE TABLE inbox (
        seq BIGSERIAL PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        done BOOLEAN NOT NULL DEFAULT false,
        id TEXT NOT NULL,
        url TEXT,
        origin TEXT NOT NULL,
        kind TEXT NOT NULL,
        body BYTEA,
        given TEXT NOT NULL,
        error TEXT
    );
    CREATE INDEX inbox_pending ON inbox(seq) WHERE NOT done;
    "#,
    // 2: duplicate lookups read doc ids from the band index alone.
    r#"
    CREATE INDEX minhash_bands_cover ON minhash_bands(band, hash, doc_id);
    DROP INDEX minhash_bands_lookup;
    "#,
    // 3: the register's rows beside their stories, as SQLite's migration
    // 12 (`crate::register`); filled from the stored stories.
    r#"
    CREATE TABLE register (
        story TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
        supplier TEXT NOT NULL,
        recipient TEXT NOT NULL,
        system TEXT NOT NULL,
        m_supplier TEXT NOT NULL,
        m_recipient TEXT NOT NULL,
        m_system TEXT NOT NULL,
        disputed INTEGER NOT NULL,
        k_deal TEXT, k_designation TEXT, k_description TEXT, k_number_ordered TEXT, k_year_of_order TEXT,
        k_years_of_delivery TEXT, k_number_delivered TEXT, k_value TEXT, k_status TEXT, k_sources TEXT,
        search TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE INDEX register_deal ON register(supplier COLLATE "C", recipient COLLATE "C", system COLLATE "C");
    "#,
    // 4: outlets counted from an index, as SQLite's migration 13.
    r#"
    CREATE INDEX documents_outlet ON documents(outlet COLLATE "C");
    "#,
    // 5: each conflict's field in a column, as SQLite's migration 14.
    r#"
    ALTER TABLE conflicts ADD COLUMN field TEXT;
    UPDATE conflicts SET field = (json::json)->>'field';
    "#,
    // 6: how each document's input came, as SQLite's migration 15.
    r#"
    ALTER TABLE documents ADD COLUMN input TEXT;
    "#,
];

/// The migration that adds `register`, which Rust code fills.
const REGISTER: usize = 3;

pub(crate) struct Pg {
    client: RefCell<Client>,
    statements: RefCell<HashMap<&'static str, Statement>>,
    /// Whether a transaction is open (claimed inputs, or the write lock).
    in_tx: bool,
}

impl Pg {
    pub fn open(url: &str) -> Result<Pg> {
        let open_err = |source| StoreError::PgOpen { path: redact(url), source };
        let mut client = Client::connect(url, NoTls).map_err(open_err)?;
        client.batch_execute("SET client_min_messages = warning").map_err(open_err)?;
        migrate(&mut client, url)?;
        Ok(Pg { client: RefCell::new(client), statements: RefCell::new(HashMap::new()), in_tx: false })
    }

    /// A prepared statement, prepared once per connection.
    fn stmt(&self, sql: &'static str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.borrow_mut().prepare(sql)?;
        self.statements.borrow_mut().insert(sql, s.clone());
        Ok(s)
    }

    fn execute(&self, sql: &'static str, args: &[&(dyn postgres::types::ToSql + Sync)]) -> Result<u64> {
        let s = self.stmt(sql)?;
        Ok(self.client.borrow_mut().execute(&s, args)?)
    }

    fn query(&self, sql: &'static str, args: &[&(dyn postgres::types::ToSql + Sync)]) -> Result<Vec<Row>> {
        let s = self.stmt(sql)?;
        Ok(self.client.borrow_mut().query(&s, args)?)
    }

    fn begin(&mut self) -> Result<()> {
        if !self.in_tx {
            self.client.borrow_mut().batch_execute("BEGIN")?;
            self.in_tx = true;
        }
        Ok(())
    }

    pub fn commit(&mut self) -> Result<()> {
        if self.in_tx {
            self.in_tx = false;
            self.client.borrow_mut().batch_execute("COMMIT")?;
        }
        Ok(())
    }

    pub fn rollback(&mut self) -> Result<()> {
        if self.in_tx {
            self.in_tx = false;
            self.client.borrow_mut().batch_execute("ROLLBACK")?;
        }
        Ok(())
    }

    /// Runs `f` in the open transaction, or in one of its own; an error rolls
    /// the whole transaction back.
    fn in_transaction<T>(&mut self, f: impl FnOnce(&mut Pg) -> Result<T>) -> Result<T> {
        let own = !self.in_tx;
        self.begin()?;
        match f(self) {
            Ok(v) => {
                if own {
                    self.commit()?;
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.rollback();
                Err(e)
            }
        }
    }

    pub fn lock_writes(&mut self) -> Result<()> {
        self.begin()?;
        if let Err(e) = self.query("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]) {
            let _ = self.rollback();
            return Err(e);
        }
        Ok(())
    }

    /// Stores a batch (and commits the open transaction, with any claim).
    pub fn put_batch_linked(&mut self, records: &[Record], relinks: &[(String, String)]) -> Result<Vec<PutOutcome>> {
        let result = (|| {
            self.lock_writes()?;
            let ids: Vec<String> = records.iter().map(|r| r.doc.id.clone()).collect();
            let mut dirty = self.deals_of_docs(&ids)?;
            let mut outcomes = Vec::with_capacity(records.len());
            for r in records {
                outcomes.push(self.put_one(r)?);
            }
            for (old, new) in relinks {
                self.execute("UPDATE documents SET duplicate_of = $2 WHERE duplicate_of = $1", &[old, new])?;
                self.execute("UPDATE documents SET duplicate_of = $2 WHERE id = $1", &[old, new])?;
            }
            let relinked: Vec<String> = relinks.iter().map(|(old, _)| old.clone()).collect();
            for d in self.deals_of_docs(&ids)?.into_iter().chain(self.deals_of_docs(&relinked)?) {
                if !dirty.contains(&d) {
                    dirty.push(d);
                }
            }
            for d in &dirty {
                self.execute(
                    "INSERT INTO dirty_deals (supplier, recipient, system) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    &[&d.supplier, &d.recipient, &d.system],
                )?;
            }
            Ok(outcomes)
        })();
        match result {
            Ok(outcomes) => {
                self.commit()?;
                Ok(outcomes)
            }
            Err(e) => {
                let _ = self.rollback();
                Err(e)
            }
        }
    }

    fn put_one(&mut self, r: &Record) -> Result<PutOutcome> {
        let d = &r.doc;
        let existing = self.query("SELECT content_hash FROM documents WHERE id = $1", &[&d.id])?;
        if let Some(row) = existing.first() {
            if row.get::<_, String>(0) == r.content_hash && r.reread_of.is_none() {
                return Ok(PutOutcome::Unchanged);
            }
        }
        let outcome = if existing.is_empty() {
            PutOutcome::Inserted
        } else {
            // Bands, signature, events and quotes go with the row.
            self.execute("DELETE FROM documents WHERE id = $1", &[&d.id])?;
            PutOutcome::Replaced
        };
        let enc = r.encoded(crate::Encoding::Plain)?;
        let extraction = std::str::from_utf8(&enc.extraction).map_err(|e| StoreError::Corrupt(format!("extraction JSON: {e}")))?;
        let basis = d.published_basis.map(|b| b.as_str());
        self.execute(
            "INSERT INTO documents (id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, raw,
                                    content_hash, provenance, extraction, origin, input, ingested_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                     COALESCE($16, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))",
            &[
                &d.id,
                &d.url,
                &d.title,
                &d.outlet,
                &enc.based_on,
                &d.published,
                &basis,
                &d.duplicate_of,
                &d.text,
                &r.raw,
                &r.content_hash,
                &enc.provenance,
                &extraction,
                &r.origin,
                &enc.input,
                &r.reread_of,
            ],
        )?;
        if !d.quotes.is_empty() {
            let idx: Vec<i32> = (0..d.quotes.len() as i32).collect();
            let speakers: Vec<String> = d.quotes.iter().map(|q| q.speaker.clone().unwrap_or_default()).collect();
            let texts: Vec<&str> = d.quotes.iter().map(|q| q.text.as_str()).collect();
            self.execute(
                "INSERT INTO quotes (doc_id, idx, speaker, text) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])",
                &[&d.id, &idx, &speakers, &texts],
            )?;
        }
        if !r.signature.is_empty() {
            self.execute("INSERT INTO minhash (doc_id, signature) VALUES ($1, $2)", &[&d.id, &encode_signature(&r.signature)])?;
            let hashes: Vec<i64> = enc.bands.iter().map(|h| *h as i64).collect();
            let bands: Vec<i32> = (0..hashes.len() as i32).collect();
            self.execute(
                "INSERT INTO minhash_bands (band, hash, doc_id) SELECT b, h, $3 FROM unnest($1::int[], $2::bigint[]) AS t(b, h)",
                &[&bands, &hashes, &d.id],
            )?;
        }
        for (i, (e, x)) in d.events.iter().zip(&enc.events).enumerate() {
            self.execute(
                "INSERT INTO events (doc_id, idx, type, polarity, modality, supplier, recipient, system, time, attributed_to, json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                &[
                    &d.id,
                    &(i as i32),
                    &e.kind.as_str(),
                    &x.polarity,
                    &x.modality,
                    &e.supplier,
                    &e.recipient,
                    &e.system,
                    &e.time,
                    &e.attributed_to,
                    &x.json,
                ],
            )?;
        }
        Ok(outcome)
    }

    pub fn dirty_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        let rows = self.query(
            r#"SELECT supplier, recipient, system FROM dirty_deals ORDER BY supplier COLLATE "C", recipient COLLATE "C", system COLLATE "C""#,
            &[],
        )?;
        Ok(rows.iter().map(|r| dossier_reconcile::Deal { supplier: r.get(0), recipient: r.get(1), system: r.get(2) }).collect())
    }

    /// PostgreSQL keeps its own pages sound; what can go wrong here is the
    /// data: every copy must point at a stored original, every story at its deal.
    pub fn integrity_check(&self) -> Result<String> {
        let orphans: i64 = self.query(
            "SELECT count(*) FROM documents c WHERE c.duplicate_of IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM documents o WHERE o.id = c.duplicate_of)",
            &[],
        )?[0]
            .get(0);
        Ok(if orphans == 0 { "ok".into() } else { format!("{orphans} copies point at no stored original") })
    }

    pub fn near_copies(&self, signatures: &[&[u64]]) -> Result<Vec<Vec<String>>> {
        signatures.iter().map(|sig| if sig.is_empty() { Ok(vec![]) } else { self.near_copies_of(sig, &dossier_reconcile::dedup::bands(sig)) }).collect()
    }

    fn near_copies_of(&self, signature: &[u64], bands: &[u64]) -> Result<Vec<String>> {
        let hashes: Vec<i64> = bands.iter().map(|h| *h as i64).collect();
        let idx: Vec<i32> = (0..hashes.len() as i32).collect();
        let rows = self.query(
            "SELECT m.doc_id, m.signature FROM minhash m
             WHERE m.doc_id IN (SELECT b.doc_id FROM unnest($1::int[], $2::bigint[]) AS q(band, hash),
                                LATERAL (SELECT doc_id FROM minhash_bands b WHERE b.band = q.band AND b.hash = q.hash LIMIT $3) b)",
            &[&idx, &hashes, &crate::BUCKET_LIMIT],
        )?;
        Ok(rows.iter().filter(|r| crate::similar_to_stored(signature, r.get::<_, &[u8]>(1))).map(|r| r.get(0)).collect())
    }

    pub fn doc_link(&self, id: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        Ok(self.query("SELECT published, duplicate_of FROM documents WHERE id = $1", &[&id])?.first().map(|r| (r.get(0), r.get(1))))
    }

    pub fn relink_duplicates(&mut self, old_original: &str, new_original: &str) -> Result<()> {
        self.in_transaction(|s| {
            s.execute("UPDATE documents SET duplicate_of = $2 WHERE duplicate_of = $1", &[&old_original, &new_original])?;
            s.execute("UPDATE documents SET duplicate_of = $2 WHERE id = $1", &[&old_original, &new_original])?;
            Ok(())
        })
    }

    pub fn deals_of_docs(&self, ids: &[String]) -> Result<Vec<dossier_reconcile::Deal>> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        // The deals the documents' claims are of (what SQLite reads from
        // its stored claims): those their events name, a cancellation's
        // included, and those of a kind of arms ("unspecified drones").
        let rows = self.query(
            r#"SELECT DISTINCT supplier COLLATE "C", recipient COLLATE "C", system COLLATE "C" FROM events
               WHERE doc_id = ANY($1) AND supplier IS NOT NULL AND recipient IS NOT NULL AND system IS NOT NULL
                 AND type NOT IN ('sanction', 'program_exclusion', 'waiver')
               ORDER BY 1, 2, 3"#,
            &[&ids],
        )?;
        let mut deals: Vec<dossier_reconcile::Deal> = rows.iter().map(|r| dossier_reconcile::Deal { supplier: r.get(0), recipient: r.get(1), system: r.get(2) }).collect();
        deals.extend(self.kind_deals(Some(ids))?);
        crate::with_joined_deals(&mut deals, |supplier, recipient| {
            let rows = self.query(
                r#"SELECT DISTINCT system COLLATE "C" FROM events WHERE supplier = $1 AND recipient = $2 AND system IS NOT NULL
                     AND type NOT IN ('sanction', 'program_exclusion', 'waiver')"#,
                &[&supplier, &recipient],
            )?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })?;
        deals.sort();
        deals.dedup();
        Ok(deals)
    }

    /// The deals of a kind of arms ("unspecified drones") that transfers
    /// naming no system make: those of these documents (copies too), or
    /// of every document that is not a copy.
    fn kind_deals(&self, ids: Option<&[String]>) -> Result<Vec<dossier_reconcile::Deal>> {
        let ids: Option<Vec<String>> = ids.map(<[String]>::to_vec);
        let unnamed = self.query(
            r#"SELECT d.id, d.url, d.title, d.outlet, d.based_on, d.published, d.published_basis, d.duplicate_of,
                    '[' || (SELECT string_agg(e.json, ',' ORDER BY e.idx) FROM events e WHERE e.doc_id = d.id) || ']'
               FROM documents d
               WHERE (CASE WHEN $1::text[] IS NULL THEN d.duplicate_of IS NULL ELSE d.id = ANY($1) END)
                 AND d.id IN (SELECT doc_id FROM events WHERE system IS NULL AND supplier IS NOT NULL AND recipient IS NOT NULL
                   AND type NOT IN ('sanction', 'program_exclusion', 'waiver', 'cancellation'))"#,
            &[&ids],
        )?;
        let mut deals = Vec::new();
        for r in &unnamed {
            let doc = meta(r).with_events(r.get(8))?;
            deals.extend(dossier_reconcile::deal_claims(&doc).into_iter().map(|(deal, _)| deal).filter(|d| d.system.starts_with(dossier_reconcile::UNSPECIFIED)));
        }
        Ok(deals)
    }

    /// Nothing to write: a deal's claims are read from the stored events
    /// (see [`crate::sqlite::Sqlite::refresh_deal_claims`]).
    pub fn refresh_deal_claims(&mut self, _deal: &dossier_reconcile::Deal) -> Result<()> {
        Ok(())
    }

    /// A deal's claims, a list per document that is not a copy, in id order:
    /// computed from the documents' stored events.
    pub fn deal_claims(&self, deal: &dossier_reconcile::Deal) -> Result<crate::StoredClaims> {
        Ok(crate::StoredClaims::decoded(dossier_reconcile::claims_of_deal(deal, &self.documents_for_deal(deal)?)))
    }

    /// See [`crate::sqlite::Sqlite::event_deals`].
    pub fn event_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        let rows = self.query(
            r#"SELECT DISTINCT e.supplier COLLATE "C", e.recipient COLLATE "C", e.system COLLATE "C" FROM events e JOIN documents d ON d.id = e.doc_id
               WHERE d.duplicate_of IS NULL AND e.supplier IS NOT NULL AND e.recipient IS NOT NULL AND e.system IS NOT NULL
                 AND e.type NOT IN ('sanction', 'program_exclusion', 'waiver', 'cancellation')
               ORDER BY 1, 2, 3"#,
            &[],
        )?;
        let mut deals: Vec<dossier_reconcile::Deal> = rows.iter().map(|r| dossier_reconcile::Deal { supplier: r.get(0), recipient: r.get(1), system: r.get(2) }).collect();
        deals.extend(self.kind_deals(None)?);
        deals.sort();
        deals.dedup();
        Ok(deals)
    }

    /// See [`crate::sqlite::Sqlite::documents_for_deal`].
    pub fn documents_for_deal(&self, deal: &dossier_reconcile::Deal) -> Result<Vec<Document>> {
        let rows = self.query(
            r#"SELECT d.id, d.url, d.title, d.outlet, d.based_on, d.published, d.published_basis, d.duplicate_of,
                    '[' || (SELECT string_agg(e.json, ',' ORDER BY e.idx) FROM events e WHERE e.doc_id = d.id) || ']'
               FROM documents d
               WHERE d.id IN (SELECT doc_id FROM events WHERE supplier = $1 AND recipient = $2 AND (system = $3 OR ($4 AND system IS NULL))) AND d.duplicate_of IS NULL
               ORDER BY d.id COLLATE "C""#,
            &[&deal.supplier, &deal.recipient, &deal.system, &deal.system.starts_with(dossier_reconcile::UNSPECIFIED)],
        )?;
        rows.iter().map(|r| meta(r).with_events(r.get(8))).collect()
    }

    pub fn replace_stories(&mut self, encoded: &crate::EncodedStories) -> Result<()> {
        self.in_transaction(|s| {
            for d in &encoded.deals {
                s.execute("DELETE FROM stories WHERE supplier = $1 AND recipient = $2 AND system = $3", &[&d.supplier, &d.recipient, &d.system])?;
                s.execute(
                    "DELETE FROM dirty_deals WHERE supplier = $1 AND recipient = $2 AND system = $3",
                    &[&d.supplier, &d.recipient, &d.system],
                )?;
            }
            for story in &encoded.stories {
                let (id, deal) = (&story.id, &story.deal);
                s.execute("DELETE FROM stories WHERE id = $1", &[id])?;
                s.execute(
                    "INSERT INTO stories (id, supplier, recipient, system, json) VALUES ($1, $2, $3, $4, $5)",
                    &[id, &deal.supplier, &deal.recipient, &deal.system, &story.json],
                )?;
                for (i, c) in story.conflicts.iter().enumerate() {
                    s.execute("INSERT INTO conflicts (story, idx, json, field) VALUES ($1, $2, $3, $4)", &[id, &(i as i32), &c.json, &c.field])?;
                }
                if let Some(entry) = &story.register {
                    let statement = s.stmt(register_insert())?;
                    insert_register(&mut *s.client.borrow_mut(), &statement, entry)?;
                }
            }
            Ok(())
        })
    }

    pub fn stored_record(&self) -> Result<dossier_reconcile::Record> {
        let mut record = dossier_reconcile::Record::default();
        for r in self.query(r#"SELECT json FROM stories ORDER BY supplier COLLATE "C", recipient COLLATE "C", system COLLATE "C""#, &[])? {
            record.stories.push(serde_json::from_str(r.get::<_, &str>(0))?);
        }
        for r in self.query(
            r#"SELECT c.json FROM conflicts c JOIN stories s ON s.id = c.story
               ORDER BY s.supplier COLLATE "C", s.recipient COLLATE "C", s.system COLLATE "C", c.idx"#,
            &[],
        )? {
            record.conflicts.push(serde_json::from_str(r.get::<_, &str>(0))?);
        }
        Ok(record)
    }

    pub fn story_deals(&self) -> Result<Vec<(String, dossier_reconcile::Deal)>> {
        let rows = self.query(r#"SELECT id, supplier, recipient, system FROM stories ORDER BY supplier COLLATE "C", recipient COLLATE "C", system COLLATE "C""#, &[])?;
        Ok(rows.iter().map(|r| (r.get(0), dossier_reconcile::Deal { supplier: r.get(1), recipient: r.get(2), system: r.get(3) })).collect())
    }

    pub fn story(&self, id: &str) -> Result<Option<dossier_reconcile::Story>> {
        match self.query("SELECT json FROM stories WHERE id = $1", &[&id])?.first() {
            Some(r) => Ok(Some(serde_json::from_str(r.get::<_, &str>(0))?)),
            None => Ok(None),
        }
    }

    pub fn conflict_fields(&self, story: Option<&str>) -> Result<Vec<(String, usize)>> {
        let rows = self.query(
            "SELECT field, count(*) FROM conflicts WHERE $1::text IS NULL OR story = $1 GROUP BY field",
            &[&story],
        )?;
        Ok(rows.iter().map(|r| (r.get::<_, Option<String>>(0).unwrap_or_default(), r.get::<_, i64>(1) as usize)).collect())
    }

    /// The stored conflicts (of one story, or all) in deal order, each
    /// decoded as its row arrives from the server: a listing of a large
    /// database is never in memory at once. `f` must not use this store
    /// (the connection is busy with the rows until the last one).
    pub fn for_each_conflict<E: From<crate::StoreError>>(
        &self,
        query: &crate::ConflictQuery,
        mut f: impl FnMut(dossier_reconcile::Conflict) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let stmt = self.stmt(
            r#"SELECT c.json FROM conflicts c JOIN stories s ON s.id = c.story
               WHERE ($1::text IS NULL OR c.story = $1) AND ($2::text IS NULL OR c.field = $2)
               ORDER BY s.supplier COLLATE "C", s.recipient COLLATE "C", s.system COLLATE "C", c.idx LIMIT $3 OFFSET $4"#,
        )?;
        let limit: Option<i64> = query.limit.map(|l| l.min(i64::MAX as usize) as i64);
        let offset = query.offset.min(i64::MAX as usize) as i64;
        let params: [&(dyn postgres::types::ToSql + Sync); 4] = [&query.story, &query.field, &limit, &offset];
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, params).map_err(crate::StoreError::from)?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(crate::StoreError::from)? {
            f(serde_json::from_str(row.get::<_, &str>(0)).map_err(crate::StoreError::from)?)?;
        }
        Ok(())
    }

    pub fn find_by_hash(&self, hash: &str) -> Result<Option<String>> {
        Ok(self.query("SELECT id FROM documents WHERE content_hash = $1 ORDER BY seq LIMIT 1", &[&hash])?.first().map(|r| r.get(0)))
    }

    pub fn count_documents(&self) -> Result<usize> {
        Ok(self.query("SELECT count(*) FROM documents", &[])?[0].get::<_, i64>(0) as usize)
    }

    pub fn register_page(&self, query: &crate::RegisterQuery) -> Result<crate::RegisterPage> {
        let (where_sql, order, args) = query.sql(crate::Dialect::Postgres);
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
        let mut client = self.client.borrow_mut();
        let total: i64 = client.query_one(&numbered(&format!("SELECT count(*) FROM register {where_sql}")), &params)?.get(0);
        let limit: Option<i64> = query.limit.map(|l| l.min(i64::MAX as usize) as i64);
        let offset = query.offset.min(i64::MAX as usize) as i64;
        params.push(&limit);
        params.push(&offset);
        let rows = client.query(&numbered(&format!("SELECT story, json FROM register {where_sql} {order} LIMIT ? OFFSET ?")), &params)?;
        Ok(crate::RegisterPage { total: total as usize, rows: rows.iter().map(|r| (r.get(0), r.get(1))).collect() })
    }

    pub fn register_entry(&self, id: &str) -> Result<Option<crate::register::RegisterEntry>> {
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| numbered(crate::register::select_sql()));
        let n = crate::REGISTER_SORTS.len();
        Ok(self.query(sql, &[&id])?.first().map(|r| crate::register::RegisterEntry {
            story: r.get(0),
            deal: dossier_reconcile::Deal { supplier: r.get(1), recipient: r.get(2), system: r.get(3) },
            matched: [r.get(4), r.get(5), r.get(6)],
            disputed: r.get::<_, i32>(7) != 0,
            keys: (0..n).map(|i| r.get(8 + i)).collect(),
            search: r.get(8 + n),
            json: r.get(9 + n),
        }))
    }

    pub fn outlets(&self) -> Result<Vec<(String, usize)>> {
        let rows = self.query(r#"SELECT outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet COLLATE "C""#, &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as usize)).collect())
    }

    pub fn register_facets(&self) -> Result<crate::RegisterFacets> {
        let row = &self.query("SELECT count(*), coalesce(sum(disputed), 0)::bigint FROM register", &[])?[0];
        let (deals, disputed) = (row.get::<_, i64>(0) as usize, row.get::<_, i64>(1) as usize);
        let by = |rows: Vec<Row>| rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as usize)).collect();
        Ok(crate::RegisterFacets {
            deals,
            disputed,
            suppliers: by(self.query(r#"SELECT supplier, count(*) FROM register GROUP BY supplier ORDER BY supplier COLLATE "C""#, &[])?),
            recipients: by(self.query(r#"SELECT recipient, count(*) FROM register GROUP BY recipient ORDER BY recipient COLLATE "C""#, &[])?),
            systems: by(self.query(r#"SELECT system, count(*) FROM register GROUP BY system ORDER BY system COLLATE "C""#, &[])?),
        })
    }

    pub fn count_stories_and_conflicts(&self) -> Result<(usize, usize)> {
        let row = &self.query("SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM conflicts)", &[])?[0];
        Ok((row.get::<_, i64>(0) as usize, row.get::<_, i64>(1) as usize))
    }

    /// Streams rows from the server as they come, so memory stays bounded.
    pub fn for_each_document<E: From<crate::StoreError>>(&self, mut f: impl FnMut(Document) -> std::result::Result<(), E>) -> std::result::Result<(), E> {
        let stmt = self.stmt(
            r#"SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction
               FROM documents ORDER BY id COLLATE "C""#,
        )?;
        let mut client = self.client.borrow_mut();
        let mut rows = client.query_raw(&stmt, std::iter::empty::<i32>()).map_err(crate::StoreError::from)?;
        while let Some(row) = postgres::fallible_iterator::FallibleIterator::next(&mut rows).map_err(crate::StoreError::from)? {
            f(row_to_doc(&row)?)?;
        }
        Ok(())
    }

    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let rows = self.query(
            "SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction
             FROM documents WHERE id = $1",
            &[&id],
        )?;
        rows.first().map(row_to_doc).transpose()
    }

    pub fn raw(&self, id: &str) -> Result<Option<String>> {
        Ok(self.query("SELECT raw FROM documents WHERE id = $1", &[&id])?.first().map(|r| r.get(0)))
    }

    pub fn last_seq(&self) -> Result<i64> {
        Ok(self.query("SELECT COALESCE(MAX(seq), 0)::bigint FROM documents", &[])?[0].get(0))
    }

    pub fn stored_inputs(&self, after: i64, until: i64, limit: usize) -> Result<Vec<crate::StoredInput>> {
        let rows = self.query(
            "SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction,
                    seq::bigint, origin, raw, input, ingested_at
             FROM documents WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
            &[&after, &until, &(limit as i64)],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let input: Option<String> = row.get(14);
            out.push(crate::StoredInput {
                doc: row_to_doc(row)?,
                seq: row.get(11),
                url: row.get(1),
                origin: row.get::<_, Option<String>>(12).unwrap_or_default(),
                raw: row.get(13),
                input: input.map(|i| serde_json::from_str(&i)).transpose()?,
                ingested_at: row.get(15),
            });
        }
        Ok(out)
    }

    pub fn search_filtered(&self, query: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<SearchHit>> {
        // Every word quoted, as for FTS5: websearch_to_tsquery then reads
        // each as a phrase ("S-400" is `s <-> -400`) and joins them with AND,
        // and user input is never a syntax error.
        let words = crate::fts_query(query);
        if words.is_empty() {
            return Ok(vec![]);
        }
        let (where_sql, args) = filter.sql(crate::Dialect::Postgres);
        let headline = "'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=10, MaxFragments=1, FragmentDelimiter=…'";
        let sql = numbered(&format!(
            r#"SELECT d.id, d.title, d.outlet, d.published, ts_headline('simple', d.text, q, {headline}), ts_rank_cd(d.fts, q)::float8
               FROM documents d, websearch_to_tsquery('simple', ?) q
               WHERE d.fts @@ q {where_sql} ORDER BY 6 DESC, d.id COLLATE "C" LIMIT ?"#
        ));
        let limit = limit as i64;
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = vec![&words];
        params.extend(args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)));
        params.push(&limit);
        let mut client = self.client.borrow_mut();
        let mut hits: Vec<SearchHit> = client
            .query(&sql, &params)?
            .iter()
            .map(|r| SearchHit {
                id: r.get(0),
                title: r.get(1),
                outlet: r.get(2),
                published: r.get(3),
                snippet: parts(r.get::<_, &str>(4)),
                score: r.get(5),
                quote: None,
            })
            .collect();
        let qsql = numbered(&format!(
            r#"SELECT d.id, qt.speaker, ts_headline('simple', qt.text, q, {headline}), ts_rank_cd(qt.fts, q)::float8, d.title, d.outlet, d.published
               FROM quotes qt JOIN documents d ON d.id = qt.doc_id, websearch_to_tsquery('simple', ?) q
               WHERE qt.fts @@ q {where_sql} ORDER BY 4 DESC, d.id COLLATE "C", qt.idx LIMIT ?"#
        ));
        for r in client.query(&qsql, &params)? {
            let (id, speaker): (String, String) = (r.get(0), r.get(1));
            let quote = QuoteHit { speaker: Some(speaker).filter(|s| !s.is_empty()), snippet: parts(r.get::<_, &str>(2)) };
            let n = hits.len();
            match hits.iter_mut().find(|h| h.id == id) {
                Some(h) if h.quote.is_none() => h.quote = Some(quote),
                Some(_) => {}
                None if n < limit as usize => hits.push(SearchHit {
                    id,
                    title: r.get(4),
                    outlet: r.get(5),
                    published: r.get(6),
                    snippet: quote.snippet.clone(),
                    score: r.get(3),
                    quote: Some(quote),
                }),
                None => {}
            }
        }
        Ok(hits)
    }

    pub fn list_documents(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<(Vec<DocSummary>, usize)> {
        let (where_sql, args) = filter.sql(crate::Dialect::Postgres);
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
        let mut client = self.client.borrow_mut();
        let total: i64 = client.query_one(&numbered(&format!("SELECT count(*) FROM documents d WHERE true {where_sql}")), &params)?.get(0);
        let (limit, offset) = (limit as i64, offset as i64);
        let mut page = params.clone();
        page.push(&limit);
        page.push(&offset);
        let rows = client.query(
            &numbered(&format!(
                r#"SELECT d.id, d.title, d.outlet, d.published, d.published_basis, d.duplicate_of, d.based_on,
                          (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
                   FROM documents d WHERE true {where_sql} ORDER BY d.id COLLATE "C" LIMIT ? OFFSET ?"#
            )),
            &page,
        )?;
        let docs = rows
            .iter()
            .map(|r| DocSummary {
                id: r.get(0),
                title: r.get(1),
                outlet: r.get(2),
                published: r.get(3),
                published_basis: r.get(4),
                duplicate_of: r.get(5),
                based_on: serde_json::from_str(r.get::<_, &str>(6)).unwrap_or_default(),
                n_events: r.get::<_, i64>(7) as usize,
            })
            .collect();
        Ok((docs, total as usize))
    }

    pub fn events(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<EventPage> {
        let mut sql = String::from(" FROM events e JOIN documents d ON d.id = e.doc_id WHERE d.duplicate_of IS NULL");
        let mut args: Vec<String> = Vec::new();
        for (col, v) in [("system", &filter.system), ("supplier", &filter.supplier), ("recipient", &filter.recipient), ("type", &filter.event_type)] {
            if let Some(v) = v {
                sql.push_str(&format!(" AND e.{col} = ?"));
                args.push(v.clone());
            }
        }
        let mut params: Vec<&(dyn postgres::types::ToSql + Sync)> = args.iter().map(|a| a as &(dyn postgres::types::ToSql + Sync)).collect();
        let mut client = self.client.borrow_mut();
        let total: i64 = client.query_one(&numbered(&format!("SELECT count(*){sql}")), &params)?.get(0);
        let (limit, offset) = (limit as i64, offset as i64);
        params.push(&limit);
        params.push(&offset);
        let rows = client.query(&numbered(&format!(r#"SELECT e.doc_id, e.idx, e.json{sql} ORDER BY e.doc_id COLLATE "C", e.idx LIMIT ? OFFSET ?"#)), &params)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push((r.get(0), r.get::<_, i32>(1) as usize, serde_json::from_str(r.get::<_, &str>(2))?));
        }
        Ok((out, total as usize))
    }

    pub fn copies_of(&self, id: &str) -> Result<Vec<String>> {
        Ok(self.query(r#"SELECT id FROM documents WHERE duplicate_of = $1 ORDER BY id COLLATE "C""#, &[&id])?.iter().map(|r| r.get(0)).collect())
    }

    pub fn enqueue(&mut self, items: &[Queued]) -> Result<usize> {
        if items.is_empty() {
            return Ok(0);
        }
        let keys: Vec<&str> = items.iter().map(|q| q.key.as_str()).collect();
        let ids: Vec<&str> = items.iter().map(|q| q.id.as_str()).collect();
        let urls: Vec<Option<&str>> = items.iter().map(|q| q.url.as_deref()).collect();
        let origins: Vec<&str> = items.iter().map(|q| q.origin.as_str()).collect();
        let kinds: Vec<&str> = items.iter().map(|q| q.kind.as_str()).collect();
        let bodies: Vec<&[u8]> = items.iter().map(|q| q.body.as_slice()).collect();
        let given: Vec<&str> = items.iter().map(|q| q.given.as_str()).collect();
        // One statement per batch; WITH ORDINALITY keeps the input order in `seq`.
        let n = self.execute(
            "INSERT INTO inbox (key, id, url, origin, kind, body, given)
             SELECT k, i, u, o, kd, b, g FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[])
                  WITH ORDINALITY AS t(k, i, u, o, kd, b, g, n)
             ORDER BY n
             ON CONFLICT (key) DO NOTHING",
            &[&keys, &ids, &urls, &origins, &kinds, &bodies, &given],
        )?;
        Ok(n as usize)
    }

    pub fn claim(&mut self, n: usize) -> Result<Vec<Queued>> {
        self.begin()?;
        let rows = match self.query(
            "SELECT seq, key, id, url, origin, kind, body, given FROM inbox WHERE NOT done
             ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED",
            &[&(n as i64)],
        ) {
            Ok(rows) => rows,
            Err(e) => {
                let _ = self.rollback();
                return Err(e);
            }
        };
        if rows.is_empty() {
            self.rollback()?;
            return Ok(vec![]);
        }
        Ok(rows
            .iter()
            .map(|r| Queued {
                seq: r.get(0),
                key: r.get(1),
                id: r.get(2),
                url: r.get(3),
                origin: r.get(4),
                kind: r.get(5),
                body: r.get::<_, Option<Vec<u8>>>(6).unwrap_or_default(),
                given: r.get(7),
            })
            .collect())
    }

    pub fn finish_claimed(&mut self, done: &[(i64, Option<String>)]) -> Result<()> {
        let seqs: Vec<i64> = done.iter().map(|(s, _)| *s).collect();
        let errors: Vec<Option<&str>> = done.iter().map(|(_, e)| e.as_deref()).collect();
        self.execute(
            "UPDATE inbox SET done = true, body = NULL, error = t.e FROM unnest($1::bigint[], $2::text[]) AS t(s, e) WHERE inbox.seq = t.s",
            &[&seqs, &errors],
        )?;
        Ok(())
    }

    pub fn pending(&mut self) -> Result<usize> {
        Ok(self.query("SELECT count(*) FROM inbox WHERE NOT done", &[])?[0].get::<_, i64>(0) as usize)
    }
}

/// Numbers `?` placeholders as PostgreSQL's `$1`, `$2`, … (our SQL has no
/// other question marks).
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// Brings the schema up to date, one migration per transaction, under the
/// write lock so that workers starting together migrate once.
fn migrate(client: &mut Client, url: &str) -> Result<()> {
    let err = |source| StoreError::PgOpen { path: redact(url), source };
    let mut tx = client.transaction().map_err(err)?;
    tx.query("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]).map_err(err)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS dossier_schema (version INTEGER NOT NULL)").map_err(err)?;
    let version: i64 = tx.query_one("SELECT coalesce(max(version), 0)::bigint FROM dossier_schema", &[]).map_err(err)?.get(0);
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew { path: redact(url), found: version, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.batch_execute(sql).map_err(err)?;
        if i + 1 == REGISTER {
            for r in tx.query("SELECT json FROM stories", &[]).map_err(err)? {
                let story: dossier_reconcile::Story = serde_json::from_str(r.get::<_, &str>(0))?;
                if let Some(entry) = crate::register::RegisterEntry::of(&story)? {
                    insert_register(&mut tx, register_insert(), &entry)?;
                }
            }
        }
        tx.execute("DELETE FROM dossier_schema", &[]).map_err(err)?;
        tx.execute("INSERT INTO dossier_schema (version) VALUES ($1)", &[&((i + 1) as i32)]).map_err(err)?;
    }
    tx.commit().map_err(err)?;
    Ok(())
}

/// [`crate::register::insert_sql`] with PostgreSQL's placeholders.
fn register_insert() -> &'static str {
    static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SQL.get_or_init(|| numbered(crate::register::insert_sql()))
}

/// Writes a story's register row (`register`, migration 3).
fn insert_register<S: postgres::ToStatement + ?Sized>(client: &mut impl postgres::GenericClient, statement: &S, e: &crate::register::RegisterEntry) -> Result<()> {
    let disputed = e.disputed as i32;
    let mut args: Vec<&(dyn postgres::types::ToSql + Sync)> =
        vec![&e.story, &e.deal.supplier, &e.deal.recipient, &e.deal.system, &e.matched[0], &e.matched[1], &e.matched[2], &disputed];
    args.extend(e.keys.iter().map(|k| k as &(dyn postgres::types::ToSql + Sync)));
    args.push(&e.search);
    args.push(&e.json);
    client.execute(statement, &args)?;
    Ok(())
}

/// The metadata columns 0 to 7 of a document row.
fn meta(row: &Row) -> crate::Meta {
    crate::Meta {
        id: row.get(0),
        url: row.get(1),
        title: row.get(2),
        outlet: row.get(3),
        based_on: row.get(4),
        published: row.get(5),
        basis: row.get(6),
        duplicate_of: row.get(7),
    }
}

fn row_to_doc(row: &Row) -> Result<Document> {
    meta(row).with_extraction(row.get(8), row.get(9), row.get(10))
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn placeholders_are_numbered_in_order() {
        assert_eq!(numbered("a = ? AND b = ? LIMIT ?"), "a = $1 AND b = $2 LIMIT $3");
        assert_eq!(numbered("no placeholders"), "no placeholders");
    }
}
