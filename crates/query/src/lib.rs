//! Read-side views over the store: the reconciled record, the timeline with
//! its filters, the register, conflicts. Shared by the CLI and the server.

use dossier_reconcile::register::Row;
use dossier_reconcile::{Conflict, Deal, Record, Story};
use dossier_store::{Store, StoreError};

/// Filters of the timeline and the register.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub system: Option<String>,
    pub supplier: Option<String>,
    pub recipient: Option<String>,
}

impl Filter {
    pub fn matches(&self, story: &Story) -> bool {
        self.matches_deal(&story.deal)
    }

    pub fn matches_deal(&self, deal: &Deal) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_ref().is_none_or(|w| dossier_store::match_key(w) == dossier_store::match_key(have));
        eq(&self.system, &deal.system) && eq(&self.supplier, &deal.supplier) && eq(&self.recipient, &deal.recipient)
    }
}

/// Calls `f` with each stored story the filter matches, in deal order, one
/// story in memory at a time.
pub fn for_each_story<E: From<StoreError>>(store: &Store, filter: &Filter, mut f: impl FnMut(Story) -> Result<(), E>) -> Result<(), E> {
    for (id, deal) in store.story_deals()? {
        if filter.matches_deal(&deal) {
            if let Some(story) = store.story(&id)? {
                f(story)?;
            }
        }
    }
    Ok(())
}

/// The stored stories the filter matches, in deal order (what [`timeline`]
/// gives over [`record`], without reading the others or the conflicts).
pub fn stored_timeline(store: &Store, filter: &Filter) -> Result<Vec<Story>, StoreError> {
    let mut out = Vec::new();
    for_each_story(store, filter, |s| {
        out.push(s);
        Ok::<_, StoreError>(())
    })?;
    Ok(out)
}

/// The register of the stored stories the filter matches (what
/// [`register`] gives over [`record`]), built one story at a time: the
/// register is small, the stories it reads need not all fit in memory.
pub fn stored_register(store: &Store, filter: &Filter) -> Result<Vec<Row>, StoreError> {
    let mut rows = Vec::new();
    for_each_story(store, filter, |s| {
        rows.extend(dossier_reconcile::register::row_of(&s));
        Ok::<_, StoreError>(())
    })?;
    Ok(rows)
}

/// One stored story and its conflicts.
pub fn stored_story(store: &Store, id: &str) -> Result<Option<(Story, Vec<Conflict>)>, StoreError> {
    match store.story(id)? {
        Some(story) => Ok(Some((story, store.stored_conflicts(Some(id))?))),
        None => Ok(None),
    }
}

/// Every stored conflict, in deal order (what [`conflicts`] gives over
/// [`record`], without reading the stories).
pub fn stored_conflicts(store: &Store) -> Result<Vec<Conflict>, StoreError> {
    store.stored_conflicts(None)
}

/// The reconciled record, as ingest keeps it up to date in the store.
pub fn record(store: &Store) -> Result<Record, StoreError> {
    store.stored_record()
}

pub fn timeline(record: &Record, filter: &Filter) -> Vec<Story> {
    record.stories.iter().filter(|s| filter.matches(s)).cloned().collect()
}

pub fn register(record: &Record, filter: &Filter) -> Vec<Row> {
    let stories: Vec<Story> = timeline(record, filter);
    let filtered = Record { stories, conflicts: vec![] };
    dossier_reconcile::register::register(&filtered)
}

pub fn conflicts(record: &Record) -> Vec<Conflict> {
    record.conflicts.clone()
}
