//! The views read one story at a time from the store equal the views over
//! the whole reconciled record.

use dossier_pipeline::{ingest, Input, Options};
use dossier_query::Filter;
use dossier_store::Store;
use std::path::PathBuf;

#[test]
fn views_read_story_by_story_equal_the_views_over_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    let mut options = Options::default();
    options.config.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    ingest(&mut store, &[Input::Path(demo)], &options, &mut ()).unwrap();
    let record = dossier_query::record(&store).unwrap();
    assert!(record.stories.len() > 1 && !record.conflicts.is_empty(), "the demo corpus has several stories and conflicts");

    let mut filters = vec![Filter::default()];
    for s in &record.stories {
        // Spelled as a reader types it: case, hyphens and spaces do not matter.
        filters.push(Filter { system: Some(s.deal.system.to_uppercase().replace('-', " ")), ..Filter::default() });
        filters.push(Filter { supplier: Some(s.deal.supplier.to_lowercase()), recipient: Some(s.deal.recipient.clone()), ..Filter::default() });
    }
    filters.push(Filter { system: Some("no such system".into()), ..Filter::default() });
    for f in &filters {
        assert_eq!(dossier_query::stored_timeline(&store, f).unwrap(), dossier_query::timeline(&record, f), "{f:?}");
        assert_eq!(dossier_query::stored_register(&store, f).unwrap(), dossier_query::register(&record, f), "{f:?}");
    }
    assert!(dossier_query::stored_timeline(&store, filters.last().unwrap()).unwrap().is_empty());
    assert_eq!(dossier_query::stored_conflicts(&store).unwrap(), dossier_query::conflicts(&record));
    for s in &record.stories {
        let (story, conflicts) = dossier_query::stored_story(&store, &s.id).unwrap().expect("stored");
        assert_eq!(&story, s);
        let want: Vec<_> = record.conflicts.iter().filter(|c| c.story == s.id).cloned().collect();
        assert_eq!(conflicts, want);
    }
    assert!(dossier_query::stored_story(&store, "no-such-story").unwrap().is_none());
}
