//! Schema migrations, numbered by SQLite's `user_version`. A migration is
//! appended, never edited, once it has shipped.

use crate::{Result, StoreError};
use rusqlite::Connection;

pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, their full-text index and their events.
    r#"
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
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
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_content_hash ON documents(content_hash);
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2');
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
    "#,
    // 2: MinHash signatures and their bands, for near-duplicate lookup.
    r#"
    CREATE TABLE minhash (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_lookup ON minhash_bands(band, hash);
    CREATE INDEX minhash_bands_doc ON minhash_bands(doc_id);
    "#,
    // 3: reconciled stories and their conflicts, kept up to date by ingest.
    r#"
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
    "#,
    // 4: quotes in the full-text index, written with their document.
    r#"
    CREATE VIRTUAL TABLE quotes_fts USING fts5(doc_id UNINDEXED, speaker, text, tokenize = 'unicode61 remove_diacritics 2');
    "#,
    // 5: deals whose stories must be recomputed, written in the same
    // transaction as the documents that changed them, so a crash between
    // storing documents and updating stories is repaired on the next run.
    r#"
    CREATE TABLE dirty_deals (
        supplier TEXT NOT NULL,
        recipient TEXT NOT NULL,
        system TEXT NOT NULL,
        PRIMARY KEY (supplier, recipient, system)
    );
    "#,
    // 6: duplicate lookups read doc ids from the band index itself, without
    // visiting the table for each row; relinking copies finds them by index.
    r#"
    CREATE INDEX minhash_bands_cover ON minhash_bands(band, hash, doc_id);
    DROP INDEX minhash_bands_lookup;
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    "#,
    // 7: less written per document. The full-text index reads titles and
    // texts from `documents` (external content) instead of keeping a copy;
    // signatures are keyed by the document's rowid (appended, not inserted
    // at random); band keys live in one b-tree without a rowid or a foreign
    // key to check; the extraction and raw input may be stored compressed,
    // so each document's entity ids are kept beside them for the filter.
    r#"
    ALTER TABLE documents ADD COLUMN entity_ids TEXT NOT NULL DEFAULT '[]';
    UPDATE documents SET entity_ids = (
        SELECT json_group_array(DISTINCT json_extract(e.value, '$.id'))
        FROM json_each(documents.extraction, '$.entities') e);
    DROP TABLE documents_fts;
    CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content = 'documents', content_rowid = 'seq',
                                                  tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
    CREATE TABLE signatures (
        seq INTEGER PRIMARY KEY,
        signature BLOB NOT NULL
    );
    INSERT INTO signatures (seq, signature) SELECT d.seq, m.signature FROM minhash m JOIN documents d ON d.id = m.doc_id;
    CREATE TABLE band_keys (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (band, hash, seq)
    ) WITHOUT ROWID;
    INSERT INTO band_keys (band, hash, seq) SELECT b.band, b.hash, d.seq FROM minhash_bands b JOIN documents d ON d.id = b.doc_id;
    DROP TABLE minhash_bands;
    DROP TABLE minhash;
    "#,
    // 8: a document's quotes have rowids of their own range (its rowid
    // shifted left by QUOTE_ROWID_BITS, plus the quote's index), so that
    // replacing a document deletes its quotes by range instead of scanning
    // the whole table (`doc_id` is not indexed in an FTS5 table).
    r#"
    CREATE VIRTUAL TABLE quotes_fts_new USING fts5(doc_id UNINDEXED, speaker, text, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO quotes_fts_new (rowid, doc_id, speaker, text)
        SELECT (d.seq << 20) + (row_number() OVER (PARTITION BY q.doc_id ORDER BY q.rowid) - 1), q.doc_id, q.speaker, q.text
        FROM quotes_fts q JOIN documents d ON d.id = q.doc_id;
    DROP TABLE quotes_fts;
    ALTER TABLE quotes_fts_new RENAME TO quotes_fts;
    "#,
    // 9: the full-text indexes merge segments sixteen at a time instead of
    // four. Every committed batch adds a segment; merging four at a time
    // rewrites each posting once per level of four: on a 300 MB database,
    // about a sixth of the writer's time. Sixteen at a time took a tenth
    // off adding 32 MB to it. A search reads more segments (at most sixteen
    // a level), still few.
    r#"
    INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
    INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('automerge', 16);
    "#,
    // 10: band keys in two tiers. A batch's keys go into a small table
    // (whose pages stay in the cache), which is merged into the large one,
    // in key order, once it holds RECENT_BAND_KEYS rows. Keys added one
    // batch at a time straight into the large index dirtied a page of it
    // for nearly every key, and each such page went to the WAL and again to
    // the database at the checkpoint. Every key in the small table belongs
    // to a later document (`seq`) than any in the large one.
    r#"
    CREATE TABLE band_keys_recent (
        band INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (band, hash, seq)
    ) WITHOUT ROWID;
    "#,
    // 11: each document's claims, by the deal whose story each joins
    // (`dossier_reconcile::deal_claims`: JSON, LZ4-compressed), so that a
    // story is rebuilt from its deal's rows alone instead of every event of
    // every document that names the deal, looked up one by one and decoded.
    // `copy` follows `documents.duplicate_of` (a copy's claims count once,
    // as its original's); a deal's rows are found by the index and put in
    // document id order as they are decoded. Filled from the stored events
    // by `fill_deal_claims`.
    r#"
    CREATE TABLE deal_claims (
        seq INTEGER NOT NULL REFERENCES documents(seq) ON DELETE CASCADE,
        supplier TEXT NOT NULL,
        recipient TEXT NOT NULL,
        system TEXT NOT NULL,
        copy INTEGER NOT NULL,
        claims BLOB NOT NULL
    );
    CREATE INDEX deal_claims_deal ON deal_claims(supplier, recipient, system, copy);
    CREATE INDEX deal_claims_seq ON deal_claims(seq);
    "#,
    // 12: the register's rows beside their stories (`crate::register`), so
    // that a page of the register is a query, not a rebuild of every row
    // from every story. `m_*` are the deal's names as filters compare them,
    // `k_*` the sort keys. Filled from the stored stories by `fill_register`.
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
    CREATE INDEX register_deal ON register(supplier, recipient, system);
    "#,
    // 13: outlets counted from an index, not a scan of every document.
    r#"
    CREATE INDEX documents_outlet ON documents(outlet);
    "#,
    // 14: each conflict's field in a column: conflicts filtered and
    // counted by field without reading their JSON.
    r#"
    ALTER TABLE conflicts ADD COLUMN field TEXT;
    UPDATE conflicts SET field = json_extract(json, '$.field');
    "#,
    // 15: how each document's input came (read as HTML or as text, and the
    // metadata given with it), so that `reprocess` can read the stored raw
    // input again as ingest did. Documents stored before have none: reprocess
    // infers it from the raw input and the provenance.
    r#"
    ALTER TABLE documents ADD COLUMN input TEXT;
    "#,
];

/// The migration that adds `register`, which Rust code fills.
const REGISTER: usize = 12;

/// The migration that adds `deal_claims`, which Rust code fills.
const DEAL_CLAIMS: usize = 11;

/// Rows of `band_keys_recent` (migration 10) at which a batch merges them
/// into `band_keys`: about 30 batches of 1,024 documents, 20 MB of table.
pub(crate) const RECENT_BAND_KEYS: i64 = 1 << 20;

/// Bits of a quote's rowid in the full-text index that number it within its
/// document (migration 8): a document's quotes are rowids
/// `seq << QUOTE_ROWID_BITS` onwards.
pub(crate) const QUOTE_ROWID_BITS: u32 = 20;

pub fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as i64;
    if version > known {
        return Err(StoreError::TooNew { path: path.to_string(), found: version, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if i + 1 == DEAL_CLAIMS {
            fill_deal_claims(&tx)?;
        }
        if i + 1 == REGISTER {
            fill_register(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Fills `deal_claims` (migration 11) from every stored document's events.
fn fill_deal_claims(tx: &rusqlite::Transaction) -> Result<()> {
    crate::sqlite::for_each_document_with_events(tx, "EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id)", [], |seq, doc| {
        for (deal, claims) in dossier_reconcile::deal_claims(doc) {
            crate::sqlite::insert_deal_claims(tx, seq, &deal, doc.duplicate_of.is_some(), &crate::encode_claims(&claims)?)?;
        }
        Ok(())
    })
}

/// Fills `register` (migration 12) from the stored stories.
fn fill_register(tx: &rusqlite::Transaction) -> Result<()> {
    let mut read = tx.prepare("SELECT json FROM stories")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let story: dossier_reconcile::Story = serde_json::from_str(&r.get::<_, String>(0)?)?;
        if let Some(entry) = crate::register::RegisterEntry::of(&story)? {
            crate::sqlite::insert_register(tx, &entry)?;
        }
    }
    Ok(())
}
