//! Incremental reconcile: ingesting documents one batch at a time, in any
//! order, keeps stories and conflicts equal to a full recompute.

use dossier_pipeline::{full_record, ingest, Input, Options};
use dossier_store::Store;
use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "html" || e == "jsonl"))
        .collect();
    files.sort();
    files
}

fn options() -> Options {
    let mut o = Options::default();
    o.config.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    o
}

fn check(order: Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    for f in order {
        ingest(&mut store, &[Input::Path(f)], &options(), &mut ()).unwrap();
    }
    let incremental = store.stored_record().unwrap();
    let full = full_record(&store).unwrap();
    assert!(!full.stories.is_empty());
    assert!(!full.conflicts.is_empty(), "the demo corpus plants conflicts");
    assert_eq!(incremental.stories.len(), full.stories.len());
    for (a, b) in incremental.stories.iter().zip(&full.stories) {
        assert_eq!(a, b, "story {} differs from a full recompute", a.id);
    }
    assert_eq!(incremental.conflicts, full.conflicts);
}

#[test]
fn one_file_at_a_time_equals_full_recompute() {
    check(corpus());
}

#[test]
fn reverse_order_equals_full_recompute() {
    // Copies ingested before their originals are relinked; stories follow.
    let mut files = corpus();
    files.reverse();
    check(files);
}

#[test]
fn one_batch_equals_full_recompute() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    ingest(&mut store, &[Input::Path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo"))], &options(), &mut ()).unwrap();
    assert_eq!(store.stored_record().unwrap(), full_record(&store).unwrap());
}
