//! Read-side views over the store: the reconciled record, the timeline with
//! its filters, the register, conflicts. Shared by the CLI and the server.

use dossier_reconcile::register::Row;
use dossier_reconcile::{Conflict, Record, Story};
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
        let eq = |want: &Option<String>, have: &str| {
            want.as_ref().is_none_or(|w| {
                let norm = |s: &str| s.to_lowercase().replace(['-', ' '], "");
                norm(w) == norm(have)
            })
        };
        eq(&self.system, &story.deal.system) && eq(&self.supplier, &story.deal.supplier) && eq(&self.recipient, &story.deal.recipient)
    }
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
