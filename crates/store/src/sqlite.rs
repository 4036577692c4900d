//! The SQLite backend: bundled, WAL, one transaction per batch. FTS5
//! indexes titles, texts and quotes.

use crate::{
    decode_signature, encode_fingerprints, parts, DocSummary, EventPage, PutOutcome, QuoteHit, Record, Result, SearchFilter,
    SearchHit, StoreError,
};
use dossier_model::Document;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;
use std::path::Path;

pub(crate) struct Sqlite {
    conn: Connection,
    path: String,
    /// Rows in `band_keys_recent`, counted on the first batch (`None` before).
    recent_keys: std::cell::Cell<Option<i64>>,
    /// Rows of `band_keys_recent` that make a batch merge them into `band_keys`.
    recent_limit: i64,
}

impl Sqlite {
    /// Opens (creating if needed) a SQLite database and brings its schema up to date.
    pub fn open(path: &str) -> Result<Sqlite> {
        let open_err = |source| StoreError::Open { path: path.to_string(), source };
        let conn = Connection::open(Path::new(path)).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(open_err)?;
        // 16 KB pages for a new database (an existing one keeps its own):
        // a document's text and stored input span fewer overflow pages, and
        // the writer makes a quarter of the writes. Over a generated 100 MB
        // corpus, storing took a fifth less time than with 4 KB pages, the
        // whole ingest a tenth less, for a database 3% larger.
        conn.pragma_update(None, "page_size", 16384).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        // 64 MB of page cache: duplicate lookups read signatures all over the file.
        conn.pragma_update(None, "cache_size", -65536).map_err(open_err)?;
        conn.set_prepared_statement_cache_capacity(64);
        // Fewer, larger checkpoints: index pages changed by many batches are
        // copied back to the database once rather than once per batch.
        conn.pragma_update(None, "wal_autocheckpoint", 16384).map_err(open_err)?;
        let mut store = Sqlite {
            conn,
            path: path.to_string(),
            recent_keys: std::cell::Cell::new(None),
            recent_limit: crate::schema::RECENT_BAND_KEYS,
        };
        crate::schema::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    /// Takes the write lock (`BEGIN IMMEDIATE`) unless a transaction is
    /// open: duplicate lookups and the batch's writes then run in one
    /// transaction (and in one read snapshot, with no lock taken per query).
    pub fn lock_writes(&mut self) -> Result<()> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(())
    }

    pub fn commit(&mut self) -> Result<()> {
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("COMMIT")?;
        }
        Ok(())
    }

    pub fn rollback(&mut self) -> Result<()> {
        // Rows added to the small band-key tier go with the transaction.
        self.recent_keys.set(None);
        if !self.conn.is_autocommit() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        Ok(())
    }

    /// Runs `f` in the open transaction, or in one of its own.
    fn in_transaction<T>(&mut self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        match f(&self.conn) {
            Ok(v) => {
                if own {
                    self.conn.execute_batch("COMMIT")?;
                }
                Ok(v)
            }
            Err(e) => {
                self.rollback()?;
                Err(e)
            }
        }
    }

    /// Stores a batch and relinks copies (old original → new original) in one
    /// transaction, and marks the deals whose stories change as dirty in it.
    pub fn put_batch_linked(&mut self, records: &[Record], relinks: &[(String, String)]) -> Result<Vec<PutOutcome>> {
        let own = self.conn.is_autocommit();
        if own {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        let result = self.write_batch(records, relinks);
        match result {
            Ok(outcomes) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(outcomes)
            }
            Err(e) => {
                self.rollback()?;
                Err(e)
            }
        }
    }

    fn write_batch(&self, records: &[Record], relinks: &[(String, String)]) -> Result<Vec<PutOutcome>> {
        let tx = &self.conn;
        let ids: Vec<String> = records.iter().map(|r| r.doc.id.clone()).collect();
        let mut dirty = deals_of(tx, &ids)?;
        let mut outcomes = Vec::with_capacity(records.len());
        let mut keys: Vec<(i64, i64, i64)> = Vec::new();
        let mut quotes: Vec<QuoteRow> = Vec::new();
        // Every document this batch inserts gets a rowid past the largest
        // one stored (AUTOINCREMENT): from `first_new` on.
        let first_new: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", [], |r| r.get(0))?;
        // Stored documents the batch replaces leave the full-text indexes
        // first, in one statement each (for the reason below).
        // What is stored under each id, looked up once: the batch's own
        // inserts update it, so a record whose id came earlier in the same
        // batch sees that document.
        let mut stored: HashMap<&str, (i64, &str)> = HashMap::with_capacity(records.len());
        let mut hashes: Vec<(usize, i64, String)> = Vec::new();
        {
            let mut stmt = tx.prepare_cached("SELECT seq, content_hash FROM documents WHERE id = ?1")?;
            for (i, r) in records.iter().enumerate() {
                let found: Option<(i64, String)> = stmt.query_row([&r.doc.id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
                if let Some((seq, hash)) = found {
                    hashes.push((i, seq, hash));
                }
            }
        }
        let mut replaced: Vec<i64> = Vec::new();
        for (i, seq, hash) in &hashes {
            let r = &records[*i];
            if *hash != r.content_hash || r.reread_of.is_some() {
                replaced.push(*seq);
            }
            stored.insert(&r.doc.id, (*seq, hash));
        }
        replaced.sort_unstable();
        replaced.dedup();
        if !replaced.is_empty() {
            let seqs = serde_json::to_string(&replaced)?;
            // An external-content index is told the values it indexed.
            tx.prepare_cached(
                "INSERT INTO documents_fts (documents_fts, rowid, title, text)
                 SELECT 'delete', seq, title, text FROM documents WHERE seq IN (SELECT value FROM json_each(?1))",
            )?
            .execute([&seqs])?;
            // CROSS JOIN keeps the list outside: each document's quotes are
            // then read by rowid range, not by scanning the whole index.
            let bits = crate::schema::QUOTE_ROWID_BITS;
            tx.prepare_cached(&format!(
                "DELETE FROM quotes_fts WHERE rowid IN
                 (SELECT q.rowid FROM json_each(?1) j CROSS JOIN quotes_fts q ON q.rowid >= (j.value << {bits}) AND q.rowid < ((j.value + 1) << {bits}))"
            ))?
            .execute([&seqs])?;
        }
        for r in records {
            let existing = stored.get(r.doc.id.as_str()).copied();
            let (outcome, seq) = put_one(tx, r, existing, &mut keys, &mut quotes)?;
            if let Some(seq) = seq {
                stored.insert(&r.doc.id, (seq, &r.content_hash));
            }
            outcomes.push(outcome);
        }
        // The batch's documents and quotes go into the full-text indexes in
        // one statement each. FTS5 writes the terms it holds to a new segment
        // of its index whenever a statement opens a savepoint, as every
        // insert in a transaction does: inserted one by one, each document
        // and each quote made a segment of its own, which automerge then
        // merged again and again (about a quarter of the writer's time).
        tx.prepare_cached("INSERT INTO documents_fts (rowid, title, text) SELECT seq, title, text FROM documents WHERE seq >= ?1 ORDER BY seq")?
            .execute([first_new])?;
        if !quotes.is_empty() {
            let rows = serde_json::to_string(&quotes)?;
            tx.prepare_cached("INSERT INTO quotes_fts (rowid, doc_id, speaker, text) SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?1)")?
                .execute([rows])?;
        }
        // Band keys go in in key order: consecutive inserts then land on the
        // same or the next page of the index, which random order (one
        // document after another) would visit all over the file.
        keys.sort_unstable();
        self.add_band_keys(&keys)?;
        for (old, new) in relinks {
            tx.execute("UPDATE documents SET duplicate_of = ?2 WHERE duplicate_of = ?1", params![old, new])?;
            tx.execute("UPDATE documents SET duplicate_of = ?2 WHERE id = ?1", params![old, new])?;
            mark_copy_claims(tx, old)?;
        }
        let relinked: Vec<String> = relinks.iter().map(|(old, _)| old.clone()).collect();
        for d in deals_of(tx, &ids)?.into_iter().chain(deals_of(tx, &relinked)?) {
            if !dirty.contains(&d) {
                dirty.push(d);
            }
        }
        for d in &dirty {
            tx.prepare_cached("INSERT OR IGNORE INTO dirty_deals (supplier, recipient, system) VALUES (?1, ?2, ?3)")?
                .execute(params![d.supplier, d.recipient, d.system])?;
        }
        Ok(outcomes)
    }

    /// Adds band keys (sorted) to the small tier, and merges it into the
    /// large one when it is full (see migration 10).
    fn add_band_keys(&self, keys: &[(i64, i64, i64)]) -> Result<()> {
        let tx = &self.conn;
        let mut recent = match self.recent_keys.get() {
            Some(n) => n,
            None => tx.query_row("SELECT count(*) FROM band_keys_recent", [], |r| r.get(0))?,
        };
        let mut stmt = tx.prepare_cached("INSERT OR IGNORE INTO band_keys_recent (band, hash, seq) VALUES (?1, ?2, ?3)")?;
        for &(band, hash, seq) in keys {
            recent += stmt.execute(params![band, hash, seq])? as i64;
        }
        if recent >= self.recent_limit {
            // The small table is read in key order: the large index is
            // walked once, front to back.
            tx.execute_batch(
                "INSERT OR IGNORE INTO band_keys (band, hash, seq) SELECT band, hash, seq FROM band_keys_recent ORDER BY band, hash, seq;
                 DELETE FROM band_keys_recent;",
            )?;
            recent = 0;
        }
        self.recent_keys.set(Some(recent));
        Ok(())
    }

    /// Sets the rows of the small band-key tier that trigger a merge (tests).
    #[cfg(test)]
    pub(crate) fn set_recent_band_key_limit(&mut self, limit: i64) {
        self.recent_limit = limit;
    }

    /// Deals whose stories wait to be recomputed.
    pub fn dirty_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        let mut stmt = self.conn.prepare("SELECT supplier, recipient, system FROM dirty_deals ORDER BY supplier, recipient, system")?;
        let rows = stmt.query_map([], |r| Ok(dossier_reconcile::Deal { supplier: r.get(0)?, recipient: r.get(1)?, system: r.get(2)? }))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Integrity of the database file (`PRAGMA integrity_check`): "ok" when sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Stored near copies of texts with these signatures (see
    /// [`crate::Store::near_copies`]), for a batch at once: each band bucket
    /// is read once, in key order, and each stored signature once, in
    /// rowid order, so that lookups walk the indexes rather than jump
    /// around them. Signatures are compared where they are stored; only the
    /// ids of the copies are read.
    pub fn near_copies(&self, signatures: &[&[u64]]) -> Result<Vec<Vec<String>>> {
        let mut probes: Vec<(i64, i64, usize)> = Vec::new();
        for (r, sig) in signatures.iter().enumerate() {
            if !sig.is_empty() {
                let bands = dossier_reconcile::dedup::bands(sig);
                probes.extend(bands.iter().enumerate().map(|(i, h)| (i as i64, *h as i64, r)));
            }
        }
        probes.sort_unstable();
        // The limit is written into the SQL: SQLite's planner reads a bound
        // LIMIT, so binding it marks the statement expired and every lookup
        // would compile it again.
        let sql = format!("SELECT seq FROM band_keys WHERE band = ?1 AND hash = ?2 LIMIT {}", crate::BUCKET_LIMIT);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let sql = format!("SELECT seq FROM band_keys_recent WHERE band = ?1 AND hash = ?2 LIMIT {}", crate::BUCKET_LIMIT);
        let mut recent_stmt = self.conn.prepare_cached(&sql)?;
        let mut pairs: Vec<(i64, usize)> = Vec::new();
        let mut i = 0;
        while i < probes.len() {
            let (band, hash, _) = probes[i];
            let mut j = i;
            while j < probes.len() && probes[j].0 == band && probes[j].1 == hash {
                j += 1;
            }
            // The first BUCKET_LIMIT documents of the bucket, oldest first:
            // the large tier holds the older ones.
            let mut seqs: Vec<i64> = stmt.query_map(params![band, hash], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<_>>()?;
            if (seqs.len() as i64) < crate::BUCKET_LIMIT {
                for seq in recent_stmt.query_map(params![band, hash], |r| r.get::<_, i64>(0))? {
                    seqs.push(seq?);
                }
                seqs.truncate(crate::BUCKET_LIMIT as usize);
            }
            for &(_, _, r) in &probes[i..j] {
                pairs.extend(seqs.iter().map(|&seq| (seq, r)));
            }
            i = j;
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut out: Vec<Vec<String>> = vec![Vec::new(); signatures.len()];
        let mut sig_stmt = self.conn.prepare_cached("SELECT signature FROM signatures WHERE seq = ?1")?;
        let mut id_stmt = self.conn.prepare_cached("SELECT id FROM documents WHERE seq = ?1")?;
        let mut i = 0;
        while i < pairs.len() {
            let seq = pairs[i].0;
            let mut j = i;
            while j < pairs.len() && pairs[j].0 == seq {
                j += 1;
            }
            let mut copied_by: Vec<usize> = Vec::new();
            let mut rows = sig_stmt.query([seq])?;
            if let Some(row) = rows.next()? {
                if let rusqlite::types::ValueRef::Blob(blob) = row.get_ref(0)? {
                    copied_by.extend(pairs[i..j].iter().map(|p| p.1).filter(|&r| crate::similar_to_stored(signatures[r], blob)));
                }
            }
            drop(rows);
            if !copied_by.is_empty() {
                if let Some(id) = id_stmt.query_row([seq], |r| r.get::<_, String>(0)).optional()? {
                    for r in copied_by {
                        out[r].push(id.clone());
                    }
                }
            }
            i = j;
        }
        Ok(out)
    }

    pub fn doc_link(&self, id: &str) -> Result<Option<(Option<String>, Option<String>)>> {
        let mut stmt = self.conn.prepare_cached("SELECT published, duplicate_of FROM documents WHERE id = ?1")?;
        Ok(stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    }

    /// Points a stored document (and every copy of it) at a new original.
    pub fn relink_duplicates(&mut self, old_original: &str, new_original: &str) -> Result<()> {
        self.in_transaction(|tx| {
            tx.execute("UPDATE documents SET duplicate_of = ?2 WHERE duplicate_of = ?1", params![old_original, new_original])?;
            tx.execute("UPDATE documents SET duplicate_of = ?2 WHERE id = ?1", params![old_original, new_original])?;
            mark_copy_claims(tx, old_original)?;
            Ok(())
        })
    }

    /// The deals (supplier, recipient, system) that these documents' transfer events name.
    pub fn deals_of_docs(&self, ids: &[String]) -> Result<Vec<dossier_reconcile::Deal>> {
        deals_of(&self.conn, ids)
    }

    /// The deals that transfer events of documents that are not copies
    /// name, in deal order (every deal that has a story), found from the
    /// stored events.
    pub fn event_deals(&self) -> Result<Vec<dossier_reconcile::Deal>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT e.supplier, e.recipient, e.system FROM events e JOIN documents d ON d.id = e.doc_id
             WHERE d.duplicate_of IS NULL AND e.supplier IS NOT NULL AND e.recipient IS NOT NULL AND e.system IS NOT NULL
               AND e.type NOT IN ('sanction', 'program_exclusion', 'waiver', 'cancellation')
             ORDER BY 1, 2, 3",
        )?;
        let rows = stmt.query_map([], |r| Ok(dossier_reconcile::Deal { supplier: r.get(0)?, recipient: r.get(1)?, system: r.get(2)? }))?;
        let mut deals: Vec<dossier_reconcile::Deal> = rows.collect::<rusqlite::Result<_>>()?;
        // Deals of a kind of arms ("unspecified drones"), which transfers
        // naming no system make: read from those documents.
        for_each_document_with_events(&self.conn, &format!("d.duplicate_of IS NULL AND d.id IN ({UNNAMED_TRANSFERS})"), [], |_, doc| {
            deals.extend(dossier_reconcile::deal_claims(doc).into_iter().map(|(deal, _)| deal).filter(|d| d.system.starts_with(dossier_reconcile::UNSPECIFIED)));
            Ok(())
        })?;
        deals.sort();
        deals.dedup();
        Ok(deals)
    }

    /// The documents (not copies) whose events name a deal, in id order,
    /// with their metadata and events alone, read from the stored events.
    pub fn documents_for_deal(&self, deal: &dossier_reconcile::Deal) -> Result<Vec<Document>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.url, d.title, d.outlet, d.based_on, d.published, d.published_basis, d.duplicate_of,
                    '[' || (SELECT group_concat(e.json, ',' ORDER BY e.idx) FROM events e WHERE e.doc_id = d.id) || ']'
             FROM documents d
             WHERE d.id IN (SELECT doc_id FROM events WHERE supplier = ?1 AND recipient = ?2 AND (system = ?3 OR (?4 AND system IS NULL))) AND d.duplicate_of IS NULL
             ORDER BY d.id",
        )?;
        let mut rows = stmt.query(params![deal.supplier, deal.recipient, deal.system, deal.system.starts_with(dossier_reconcile::UNSPECIFIED)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(meta(r)?.with_events(&r.get::<_, String>(8)?)?);
        }
        Ok(out)
    }

    /// Writes a deal's stored claims again from the stored events of every
    /// document naming it (copies too, marked as copies), in one
    /// transaction: what an ingest stores, as this version of reconcile
    /// reads the events. Rows of documents that no longer speak of the deal
    /// go.
    pub fn refresh_deal_claims(&mut self, deal: &dossier_reconcile::Deal) -> Result<()> {
        self.in_transaction(|tx| {
            tx.prepare_cached("DELETE FROM deal_claims WHERE supplier = ?1 AND recipient = ?2 AND system = ?3")?
                .execute(params![deal.supplier, deal.recipient, deal.system])?;
            let naming = "d.id IN (SELECT doc_id FROM events WHERE supplier = ?1 AND recipient = ?2 AND (system = ?3 OR (?4 AND system IS NULL)))";
            let unspecified = deal.system.starts_with(dossier_reconcile::UNSPECIFIED);
            for_each_document_with_events(tx, naming, params![deal.supplier, deal.recipient, deal.system, unspecified], |seq, doc| {
                for (named, claims) in dossier_reconcile::deal_claims(doc) {
                    if named == *deal {
                        insert_deal_claims(tx, seq, deal, doc.duplicate_of.is_some(), &crate::encode_claims(&claims)?)?;
                    }
                }
                Ok(())
            })
        })
    }

    /// The stored claims of a deal, a list per document that is not a
    /// copy, in document id order (see migration 11).
    pub fn deal_claims(&self, deal: &dossier_reconcile::Deal) -> Result<crate::StoredClaims> {
        let mut stmt = self.conn.prepare_cached("SELECT claims FROM deal_claims WHERE supplier = ?1 AND recipient = ?2 AND system = ?3 AND copy = 0")?;
        let rows = stmt.query_map(params![deal.supplier, deal.recipient, deal.system], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(crate::StoredClaims::encoded(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// Replaces the stored stories (and their conflicts) of these deals.
    pub fn replace_stories(&mut self, encoded: &crate::EncodedStories) -> Result<()> {
        self.in_transaction(|tx| {
            for d in &encoded.deals {
                tx.execute("DELETE FROM stories WHERE supplier = ?1 AND recipient = ?2 AND system = ?3", params![d.supplier, d.recipient, d.system])?;
                tx.execute("DELETE FROM dirty_deals WHERE supplier = ?1 AND recipient = ?2 AND system = ?3", params![d.supplier, d.recipient, d.system])?;
            }
            for s in &encoded.stories {
                let (id, deal) = (&s.id, &s.deal);
                tx.execute("DELETE FROM stories WHERE id = ?1", [id])?;
                // Rows a story left behind when it was deleted without the
                // foreign keys on (by another program): `check --repair`
                // writes the story again over them.
                tx.execute("DELETE FROM conflicts WHERE story = ?1", [id])?;
                tx.execute("DELETE FROM register WHERE story = ?1", [id])?;
                tx.execute(
                    "INSERT INTO stories (id, supplier, recipient, system, json) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![id, deal.supplier, deal.recipient, deal.system, s.json],
                )?;
                for (i, c) in s.conflicts.iter().enumerate() {
                    tx.execute("INSERT INTO conflicts (story, idx, json, field) VALUES (?1, ?2, ?3, ?4)", params![id, i as i64, c.json, c.field])?;
                }
                if let Some(entry) = &s.register {
                    insert_register(tx, entry)?;
                }
            }
            Ok(())
        })
    }

    pub fn register_page(&self, query: &crate::RegisterQuery) -> Result<crate::RegisterPage> {
        let (where_sql, order, args) = query.sql(crate::Dialect::Sqlite);
        let total: i64 = self.conn.query_row(&format!("SELECT count(*) FROM register {where_sql}"), rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        let mut page: Vec<rusqlite::types::Value> = args.into_iter().map(Into::into).collect();
        page.push(query.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64).into());
        page.push((query.offset.min(i64::MAX as usize) as i64).into());
        let mut stmt = self.conn.prepare(&format!("SELECT story, json FROM register {where_sql} {order} LIMIT ? OFFSET ?"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(page.iter()), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(crate::RegisterPage { total: total as usize, rows: rows.collect::<rusqlite::Result<_>>()? })
    }

    pub fn register_entry(&self, id: &str) -> Result<Option<crate::register::RegisterEntry>> {
        let n = crate::REGISTER_SORTS.len();
        let entry = self
            .conn
            .prepare_cached(crate::register::select_sql())?
            .query_row([id], |r| {
                Ok(crate::register::RegisterEntry {
                    story: r.get(0)?,
                    deal: dossier_reconcile::Deal { supplier: r.get(1)?, recipient: r.get(2)?, system: r.get(3)? },
                    matched: [r.get(4)?, r.get(5)?, r.get(6)?],
                    disputed: r.get::<_, i64>(7)? != 0,
                    keys: (0..n).map(|i| r.get(8 + i)).collect::<rusqlite::Result<_>>()?,
                    search: r.get(8 + n)?,
                    json: r.get(9 + n)?,
                })
            })
            .optional()?;
        Ok(entry)
    }

    pub fn outlets(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached("SELECT outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY outlet")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn register_facets(&self) -> Result<crate::RegisterFacets> {
        let (deals, disputed): (i64, i64) =
            self.conn.query_row("SELECT count(*), coalesce(sum(disputed), 0) FROM register", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let by = |col: &str| -> Result<Vec<(String, usize)>> {
            let mut stmt = self.conn.prepare(&format!("SELECT {col}, count(*) FROM register GROUP BY {col} ORDER BY {col}"))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(crate::RegisterFacets {
            deals: deals as usize,
            disputed: disputed as usize,
            suppliers: by("supplier")?,
            recipients: by("recipient")?,
            systems: by("system")?,
        })
    }

    /// The reconciled record as stored, stories in deal order.
    pub fn stored_record(&self) -> Result<dossier_reconcile::Record> {
        let mut record = dossier_reconcile::Record::default();
        let mut stmt = self.conn.prepare("SELECT json FROM stories ORDER BY supplier, recipient, system")?;
        for j in stmt.query_map([], |r| r.get::<_, String>(0))? {
            record.stories.push(serde_json::from_str(&j?)?);
        }
        let mut stmt = self.conn.prepare(
            "SELECT c.json FROM conflicts c JOIN stories s ON s.id = c.story ORDER BY s.supplier, s.recipient, s.system, c.idx",
        )?;
        for j in stmt.query_map([], |r| r.get::<_, String>(0))? {
            record.conflicts.push(serde_json::from_str(&j?)?);
        }
        Ok(record)
    }

    /// Every stored story's id and deal, in deal order (without the story).
    pub fn story_deals(&self) -> Result<Vec<(String, dossier_reconcile::Deal)>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, supplier, recipient, system FROM stories ORDER BY supplier, recipient, system")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, dossier_reconcile::Deal { supplier: r.get(1)?, recipient: r.get(2)?, system: r.get(3)? })))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One stored story, by id.
    pub fn story(&self, id: &str) -> Result<Option<dossier_reconcile::Story>> {
        let json: Option<String> = self.conn.prepare_cached("SELECT json FROM stories WHERE id = ?1")?.query_row([id], |r| r.get(0)).optional()?;
        Ok(json.map(|j| serde_json::from_str(&j)).transpose()?)
    }

    pub fn conflict_fields(&self, story: Option<&str>) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT field, count(*) FROM conflicts WHERE ?1 IS NULL OR story = ?1 GROUP BY field",
        )?;
        let rows = stmt.query_map([story], |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The stored conflicts (of one story, or all) in deal order, each
    /// decoded as it is read.
    pub fn for_each_conflict<E: From<crate::StoreError>>(
        &self,
        query: &crate::ConflictQuery,
        mut f: impl FnMut(dossier_reconcile::Conflict) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let store_err = crate::StoreError::from;
        // Filtered and paged before a conflict is decoded. CROSS JOIN keeps
        // SQLite's planner on the stories' deal index, then each story's
        // conflicts by key: in deal order with no sort of the whole table.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT c.json FROM stories s CROSS JOIN conflicts c ON s.id = c.story
                 WHERE (?1 IS NULL OR c.story = ?1) AND (?2 IS NULL OR c.field = ?2)
                 ORDER BY s.supplier, s.recipient, s.system, c.idx LIMIT ?3 OFFSET ?4",
            )
            .map_err(store_err)?;
        let (limit, offset) = (query.limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64), query.offset.min(i64::MAX as usize) as i64);
        let mut rows = stmt.query(params![query.story, query.field, limit, offset]).map_err(store_err)?;
        while let Some(r) = rows.next().map_err(store_err)? {
            let json = r.get_ref(0).and_then(|v| v.as_str().map_err(rusqlite::Error::from)).map_err(crate::StoreError::from)?;
            f(serde_json::from_str(json).map_err(crate::StoreError::from)?)?;
        }
        Ok(())
    }

    /// The id of a stored document with this content hash, if any.
    pub fn find_by_hash(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM documents WHERE content_hash = ?1 ORDER BY seq LIMIT 1", [hash], |r| r.get(0))
            .optional()?)
    }

    pub fn count_documents(&self) -> Result<usize> {
        Ok(self.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// Stored stories and conflicts, counted.
    pub fn count_stories_and_conflicts(&self) -> Result<(usize, usize)> {
        let (s, c): (i64, i64) = self.conn.query_row("SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM conflicts)", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((s as usize, c as usize))
    }

    /// Streams every document in id order without holding them all.
    pub fn for_each_document<E: From<crate::StoreError>>(&self, mut f: impl FnMut(Document) -> std::result::Result<(), E>) -> std::result::Result<(), E> {
        let store_err = crate::StoreError::from;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction
             FROM documents ORDER BY id",
            )
            .map_err(store_err)?;
        let mut rows = stmt.query([]).map_err(store_err)?;
        while let Some(row) = rows.next().map_err(store_err)? {
            f(row_to_doc(row)?)?;
        }
        Ok(())
    }

    pub fn document(&self, id: &str) -> Result<Option<Document>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction
             FROM documents WHERE id = ?1",
        )?;
        let mut rows = stmt.query([id])?;
        match rows.next()? {
            Some(row) => Ok(Some(row_to_doc(row)?)),
            None => Ok(None),
        }
    }

    /// The raw input a document was read from.
    pub fn raw(&self, id: &str) -> Result<Option<String>> {
        let stored: Option<Stored> = self.conn.query_row("SELECT raw FROM documents WHERE id = ?1", [id], |r| stored(r, 0)).optional()?;
        stored.map(Stored::text).transpose()
    }

    pub fn last_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM documents", [], |r| r.get(0))?)
    }

    pub fn stored_inputs(&self, after: i64, until: i64, limit: usize) -> Result<Vec<crate::StoredInput>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, provenance, extraction,
                    seq, origin, raw, input, ingested_at
             FROM documents WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3",
        )?;
        let mut rows = stmt.query(params![after, until, limit as i64])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let input: Option<String> = row.get(14)?;
            out.push(crate::StoredInput {
                doc: row_to_doc(row)?,
                seq: row.get(11)?,
                url: row.get(1)?,
                origin: row.get::<_, Option<String>>(12)?.unwrap_or_default(),
                raw: stored(row, 13)?.text()?,
                input: input.map(|i| serde_json::from_str(&i)).transpose()?,
                ingested_at: row.get(15)?,
            });
        }
        Ok(out)
    }

    /// Full-text search over documents and quotes with filters, best first,
    /// each hit with a highlighted snippet (and the quote it matched, if any).
    pub fn search_filtered(&self, query: &str, filter: &SearchFilter, limit: usize) -> Result<Vec<SearchHit>> {
        let fts = crate::fts_query(query);
        if fts.is_empty() {
            return Ok(vec![]);
        }
        let (where_sql, mut args) = sql_args(filter);
        let sql = format!(
            "SELECT d.id, d.title, d.outlet, d.published, snippet(documents_fts, 1, char(2), char(3), '…', 16), bm25(documents_fts)
             FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid
             WHERE documents_fts MATCH ? {where_sql} ORDER BY bm25(documents_fts) LIMIT ?"
        );
        let mut params_vec: Vec<rusqlite::types::Value> = vec![fts.clone().into()];
        params_vec.append(&mut args.clone());
        params_vec.push((limit as i64).into());
        let mut stmt = self.conn.prepare(&sql)?;
        let mut hits: Vec<SearchHit> = stmt
            .query_map(rusqlite::params_from_iter(params_vec.iter()), |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    snippet: parts(&r.get::<_, String>(4)?),
                    score: -r.get::<_, f64>(5)?,
                    quote: None,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        // Quotes that match: attach to their document's hit, or add the document.
        let qsql = format!(
            "SELECT q.doc_id, q.speaker, snippet(quotes_fts, 2, char(2), char(3), '…', 16), bm25(quotes_fts), d.title, d.outlet, d.published
             FROM quotes_fts q JOIN documents d ON d.id = q.doc_id
             WHERE quotes_fts MATCH ? {where_sql} ORDER BY bm25(quotes_fts) LIMIT ?"
        );
        let mut qparams: Vec<rusqlite::types::Value> = vec![fts.into()];
        qparams.append(&mut args);
        qparams.push((limit as i64).into());
        let mut qstmt = self.conn.prepare(&qsql)?;
        let rows = qstmt.query_map(rusqlite::params_from_iter(qparams.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, f64>(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
        })?;
        for row in rows {
            let (id, speaker, snippet, score, title, outlet, published) = row?;
            let quote = QuoteHit { speaker: Some(speaker).filter(|s| !s.is_empty()), snippet: parts(&snippet) };
            let n = hits.len();
            match hits.iter_mut().find(|h| h.id == id) {
                Some(h) if h.quote.is_none() => h.quote = Some(quote),
                Some(_) => {}
                None if n < limit => hits.push(SearchHit { id, title, outlet, published, snippet: quote.snippet.clone(), score: -score, quote: Some(quote) }),
                None => {}
            }
        }
        Ok(hits)
    }

    /// Documents in id order, filtered, one page at a time; and the total.
    pub fn list_documents(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<(Vec<DocSummary>, usize)> {
        let (where_sql, args) = sql_args(filter);
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM documents d WHERE 1 = 1 {where_sql}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let mut params_vec = args;
        params_vec.push((limit as i64).into());
        params_vec.push((offset as i64).into());
        let mut stmt = self.conn.prepare(&format!(
            "SELECT d.id, d.title, d.outlet, d.published, d.published_basis, d.duplicate_of, d.based_on,
                    (SELECT count(*) FROM events e WHERE e.doc_id = d.id)
             FROM documents d WHERE 1 = 1 {where_sql} ORDER BY d.id LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params_vec.iter()), |r| {
            let based_on: String = r.get(6)?;
            Ok(DocSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                published: r.get(3)?,
                published_basis: r.get(4)?,
                duplicate_of: r.get(5)?,
                based_on: serde_json::from_str(&based_on).unwrap_or_default(),
                n_events: r.get::<_, i64>(7)? as usize,
            })
        })?;
        Ok((rows.collect::<std::result::Result<_, _>>()?, total as usize))
    }

    /// Events with their document, filtered by deal fields and type, in document order.
    pub fn events(&self, filter: &SearchFilter, limit: usize, offset: usize) -> Result<EventPage> {
        // Events first (CROSS JOIN fixes the order): their key is the
        // listing's order, so a page is read off the index with no sort of
        // every event; each event's document is looked up by id.
        let mut sql = String::from(" FROM events e CROSS JOIN documents d ON d.id = e.doc_id WHERE d.duplicate_of IS NULL");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        for (col, v) in [("system", &filter.system), ("supplier", &filter.supplier), ("recipient", &filter.recipient), ("type", &filter.event_type)] {
            if let Some(v) = v {
                sql.push_str(&format!(" AND e.{col} = ?"));
                args.push(v.clone().into());
            }
        }
        let total: i64 = self.conn.query_row(&format!("SELECT count(*){sql}"), rusqlite::params_from_iter(args.iter()), |r| r.get(0))?;
        args.push((limit as i64).into());
        args.push((offset as i64).into());
        let mut stmt = self.conn.prepare(&format!("SELECT e.doc_id, e.idx, e.json{sql} ORDER BY e.doc_id, e.idx LIMIT ? OFFSET ?"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, idx, json) = row?;
            out.push((doc, idx as usize, serde_json::from_str(&json)?));
        }
        Ok((out, total as usize))
    }

    /// The ids of stored copies of a document.
    pub fn copies_of(&self, id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM documents WHERE duplicate_of = ?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

/// Writes one record; its band keys are added to `keys`, for the caller to insert.
/// A quote's row in the full-text index: rowid, document id, speaker, text.
type QuoteRow<'a> = (i64, &'a str, &'a str, &'a str);

/// Stores one document of a batch in place of `existing` (its stored seq
/// and content hash), if any, and returns its new seq (none if unchanged). Its band keys and quotes are added to
/// `keys` and `quotes`, written after the batch's last document; its text is
/// indexed then too.
fn put_one<'a>(
    tx: &Connection,
    r: &'a Record,
    existing: Option<(i64, &str)>,
    keys: &mut Vec<(i64, i64, i64)>,
    quotes: &mut Vec<QuoteRow<'a>>,
) -> Result<(PutOutcome, Option<i64>)> {
    if let Some((_, hash)) = existing {
        if hash == r.content_hash && r.reread_of.is_none() {
            return Ok((PutOutcome::Unchanged, None));
        }
    }
    let d = &r.doc;
    let enc = r.encoded(crate::Encoding::Compressed)?;
    let outcome = if let Some((seq, _)) = existing {
        delete_one(tx, seq, &d.id)?;
        // Written earlier in this batch and replaced in it: its keys and
        // quotes were not inserted yet.
        keys.retain(|k| k.2 != seq);
        quotes.retain(|q| q.0 >> crate::schema::QUOTE_ROWID_BITS != seq);
        PutOutcome::Replaced
    } else {
        PutOutcome::Inserted
    };
    tx.prepare_cached(
        "INSERT INTO documents (id, url, title, outlet, based_on, published, published_basis, duplicate_of, text, raw,
                                content_hash, provenance, extraction, origin, entity_ids, input, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                 COALESCE(?17, strftime('%Y-%m-%dT%H:%M:%SZ','now')))",
    )?
    .execute(params![
        d.id,
        d.url,
        d.title,
        d.outlet,
        enc.based_on,
        d.published,
        d.published_basis.map(|b| b.as_str()),
        d.duplicate_of,
        d.text,
        enc.raw,
        r.content_hash,
        enc.provenance,
        enc.extraction,
        r.origin,
        enc.entity_ids,
        enc.input,
        r.reread_of,
    ])?;
    let seq = tx.last_insert_rowid();
    // A document keeps fewer quotes than its rowid range holds (a
    // million): more would be no article.
    for (i, q) in d.quotes.iter().take(1 << crate::schema::QUOTE_ROWID_BITS).enumerate() {
        quotes.push((quote_rowid(seq, i), &d.id, q.speaker.as_deref().unwrap_or_default(), &q.text));
    }
    if !r.signature.is_empty() {
        tx.prepare_cached("INSERT INTO signatures (seq, signature) VALUES (?1, ?2)")?.execute(params![seq, encode_fingerprints(&r.signature)])?;
        keys.extend(enc.bands.iter().enumerate().map(|(i, h)| (i as i64, *h as i64, seq)));
    }
    for (deal, claims) in &enc.deal_claims {
        insert_deal_claims(tx, seq, deal, d.duplicate_of.is_some(), claims)?;
    }
    let mut ins = tx.prepare_cached(
        "INSERT INTO events (doc_id, idx, type, polarity, modality, supplier, recipient, system, time, attributed_to, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (i, (e, x)) in d.events.iter().zip(&enc.events).enumerate() {
        ins.execute(params![d.id, i as i64, e.kind.as_str(), x.polarity, x.modality, e.supplier, e.recipient, e.system, e.time, e.attributed_to, x.json])?;
    }
    Ok((outcome, Some(seq)))
}

/// Calls `f` with each stored document that `condition` (SQL over
/// `documents d`) keeps, with its `seq`, metadata and stored events: what a
/// deal's claims are read from.
pub(crate) fn for_each_document_with_events(
    conn: &Connection,
    condition: &str,
    args: impl rusqlite::Params,
    mut f: impl FnMut(i64, &Document) -> Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(&format!(
        "SELECT d.id, d.url, d.title, d.outlet, d.based_on, d.published, d.published_basis, d.duplicate_of,
                '[' || (SELECT group_concat(e.json, ',' ORDER BY e.idx) FROM events e WHERE e.doc_id = d.id) || ']', d.seq
         FROM documents d WHERE {condition}"
    ))?;
    let mut rows = stmt.query(args)?;
    while let Some(r) = rows.next()? {
        let doc = meta(r)?.with_events(&r.get::<_, String>(8)?)?;
        f(r.get(9)?, &doc)?;
    }
    Ok(())
}

/// Stores one document's claims of one deal (migration 11).
pub(crate) fn insert_deal_claims(tx: &Connection, seq: i64, deal: &dossier_reconcile::Deal, copy: bool, claims: &[u8]) -> Result<()> {
    tx.prepare_cached("INSERT INTO deal_claims (seq, supplier, recipient, system, copy, claims) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
        .execute(params![seq, deal.supplier, deal.recipient, deal.system, copy, claims])?;
    Ok(())
}

/// A stored document just made a copy of another: its claims leave the
/// stories (they count once, as its original's).
fn mark_copy_claims(tx: &Connection, id: &str) -> Result<()> {
    tx.prepare_cached("UPDATE deal_claims SET copy = 1 WHERE copy = 0 AND seq IN (SELECT seq FROM documents WHERE id = ?1 AND duplicate_of IS NOT NULL)")?
        .execute([id])?;
    Ok(())
}

/// The full-text rowid of a document's `i`th quote.
fn quote_rowid(seq: i64, i: usize) -> i64 {
    (seq << crate::schema::QUOTE_ROWID_BITS) + i as i64
}

/// Deletes a stored document and what is indexed with it, but for the
/// full-text indexes: [`Sqlite::write_batch`] takes a document stored before
/// the batch out of them before its first document, and one stored by the
/// batch itself is not in them yet.
fn delete_one(tx: &Connection, seq: i64, id: &str) -> Result<()> {
    let sig: Option<Vec<u8>> = tx.prepare_cached("SELECT signature FROM signatures WHERE seq = ?1")?.query_row([seq], |r| r.get(0)).optional()?;
    if let Some(sig) = sig {
        // The band keys to delete: from the stored signature if it has every
        // slot (written before schema 7's fingerprints), or else from the
        // stored text, which the signature was computed from.
        let full = match decode_signature(&sig) {
            Some(full) => full,
            None => {
                let text: String = tx.prepare_cached("SELECT text FROM documents WHERE seq = ?1")?.query_row([seq], |r| r.get(0))?;
                dossier_reconcile::dedup::signature(&text)
            }
        };
        let mut del = tx.prepare_cached("DELETE FROM band_keys WHERE band = ?1 AND hash = ?2 AND seq = ?3")?;
        let mut del_recent = tx.prepare_cached("DELETE FROM band_keys_recent WHERE band = ?1 AND hash = ?2 AND seq = ?3")?;
        for (i, h) in dossier_reconcile::dedup::bands(&full).iter().enumerate() {
            del.execute(params![i as i64, *h as i64, seq])?;
            del_recent.execute(params![i as i64, *h as i64, seq])?;
        }
        tx.prepare_cached("DELETE FROM signatures WHERE seq = ?1")?.execute([seq])?;
    }
    tx.prepare_cached("DELETE FROM events WHERE doc_id = ?1")?.execute([id])?;
    tx.prepare_cached("DELETE FROM documents WHERE seq = ?1")?.execute([seq])?;
    Ok(())
}

/// The deals that these documents' transfer events name.
/// The documents whose events include a transfer between two states that
/// names no system (SQL, a list of document ids).
pub(crate) const UNNAMED_TRANSFERS: &str = "SELECT doc_id FROM events WHERE system IS NULL AND supplier IS NOT NULL AND recipient IS NOT NULL
    AND type NOT IN ('sanction', 'program_exclusion', 'waiver', 'cancellation')";

/// The deals these documents' stored claims are of (see
/// [`dossier_reconcile::deal_claims`]): a deal's story changes when one of
/// its documents is stored, replaced or relinked.
fn deals_of(conn: &Connection, ids: &[String]) -> Result<Vec<dossier_reconcile::Deal>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT c.supplier, c.recipient, c.system FROM deal_claims c JOIN documents d ON d.seq = c.seq WHERE d.id = ?1",
    )?;
    for id in ids {
        let rows = stmt.query_map([id], |r| Ok(dossier_reconcile::Deal { supplier: r.get(0)?, recipient: r.get(1)?, system: r.get(2)? }))?;
        for d in rows {
            let d = d?;
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    let mut systems = conn.prepare_cached("SELECT DISTINCT system FROM deal_claims WHERE supplier = ?1 AND recipient = ?2")?;
    crate::with_joined_deals(&mut out, |supplier, recipient| {
        let rows = systems.query_map([supplier, recipient], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    Ok(out)
}

/// The metadata columns 0 to 7 of a document row.
pub(crate) fn meta(row: &rusqlite::Row) -> Result<crate::Meta> {
    Ok(crate::Meta {
        id: row.get(0)?,
        url: row.get(1)?,
        title: row.get(2)?,
        outlet: row.get(3)?,
        based_on: row.get(4)?,
        published: row.get(5)?,
        basis: row.get(6)?,
        duplicate_of: row.get(7)?,
    })
}

fn row_to_doc(row: &rusqlite::Row) -> Result<Document> {
    meta(row)?.with_extraction(row.get(8)?, &row.get::<_, String>(9)?, &stored(row, 10)?.text()?)
}

/// A column that holds text, or (as a blob) text compressed by
/// [`crate::Encoding::Compressed`]: SQLite keeps the two apart by type.
enum Stored {
    Text(String),
    Compressed(Vec<u8>),
}

impl Stored {
    fn text(self) -> Result<String> {
        match self {
            Stored::Text(t) => Ok(t),
            Stored::Compressed(b) => crate::decompress_text(&b),
        }
    }
}

fn stored(row: &rusqlite::Row, idx: usize) -> rusqlite::Result<Stored> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(idx)? {
        ValueRef::Blob(b) => Stored::Compressed(b.to_vec()),
        ValueRef::Text(_) => Stored::Text(row.get(idx)?),
        ValueRef::Null => Stored::Text(String::new()),
        ValueRef::Integer(i) => Stored::Text(i.to_string()),
        ValueRef::Real(f) => Stored::Text(f.to_string()),
    })
}

/// The filter's SQL with its arguments as SQLite values.
fn sql_args(filter: &SearchFilter) -> (String, Vec<rusqlite::types::Value>) {
    let (sql, args) = filter.sql(crate::Dialect::Sqlite);
    (sql, args.into_iter().map(rusqlite::types::Value::from).collect())
}

/// Writes a story's register row (`register`, migration 12).
pub(crate) fn insert_register(conn: &Connection, e: &crate::register::RegisterEntry) -> Result<()> {
    let mut args: Vec<rusqlite::types::Value> = vec![
        e.story.clone().into(),
        e.deal.supplier.clone().into(),
        e.deal.recipient.clone().into(),
        e.deal.system.clone().into(),
    ];
    args.extend(e.matched.iter().map(|m| m.clone().into()));
    args.push((e.disputed as i64).into());
    args.extend(e.keys.iter().map(|k| k.clone().into()));
    args.push(e.search.clone().into());
    args.push(e.json.clone().into());
    conn.prepare_cached(crate::register::insert_sql())?.execute(rusqlite::params_from_iter(args))?;
    Ok(())
}
