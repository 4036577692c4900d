//! Incremental reconcile: ingesting documents one batch at a time, in any
//! order, keeps stories and conflicts equal to a full recompute.

use dossier_pipeline::{check_stories, check_stories_with, full_record, ingest, Input, Options};
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
    // The deal-by-deal check agrees with the whole comparison.
    let checked = check_stories(&store).unwrap();
    assert!(checked.matches(), "{:?}", checked.mismatched);
    assert_eq!((checked.stories, checked.conflicts), (full.stories.len(), full.conflicts.len()));
}

/// `check_stories` names each deal whose stored story or conflicts differ
/// from a recompute: a story changed, a story missing, a conflict missing,
/// and a story no document supports.
#[test]
fn check_stories_names_every_deal_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(path.to_str().unwrap()).unwrap();
    ingest(&mut store, &[Input::Path(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo"))], &options(), &mut ()).unwrap();
    assert!(check_stories(&store).unwrap().matches());
    let full = full_record(&store).unwrap();
    let conflicts_of = |id: &str| full.conflicts.iter().filter(|c| c.story == id).cloned().collect::<Vec<_>>();
    let with_conflicts = full.stories.iter().find(|s| !conflicts_of(&s.id).is_empty()).expect("the demo corpus plants conflicts").clone();
    let others: Vec<_> = full.stories.iter().filter(|s| s.id != with_conflicts.id).cloned().collect();
    assert!(others.len() >= 2);
    let record = |stories: Vec<dossier_reconcile::Story>, conflicts| dossier_reconcile::Record { stories, conflicts };

    // One fact fewer in one story.
    let mut changed = others[0].clone();
    changed.facts.pop();
    store.replace_stories(&[changed.deal.clone()], &record(vec![changed.clone()], conflicts_of(&changed.id))).unwrap();
    // Another story gone.
    store.replace_stories(&[others[1].deal.clone()], &record(vec![], vec![])).unwrap();
    // A conflict gone.
    let mut fewer = conflicts_of(&with_conflicts.id);
    fewer.pop();
    store.replace_stories(std::slice::from_ref(&with_conflicts.deal), &record(vec![with_conflicts.clone()], fewer)).unwrap();
    // A story of a deal no document names.
    let mut invented = others[0].clone();
    invented.deal = dossier_reconcile::Deal { supplier: "Atlantis".into(), recipient: "Lemuria".into(), system: "Trireme".into() };
    invented.id = "atlantis-lemuria-trireme".into();
    store.replace_stories(&[invented.deal.clone()], &record(vec![invented.clone()], vec![])).unwrap();
    // A register row that is not its story's.
    let tampered = others.get(2).expect("three deals besides the disputed one");
    rusqlite::Connection::open(&path).unwrap().execute("UPDATE register SET search = 'nothing' WHERE story = ?1", [&tampered.id]).unwrap();

    let checked = check_stories(&store).unwrap();
    let mut expected = vec![changed.deal, others[1].deal.clone(), with_conflicts.deal, invented.deal, tampered.deal.clone()];
    expected.sort();
    assert_eq!(checked.mismatched, expected);
    assert_eq!(checked.stories, full.stories.len(), "one story gone, one invented");
    assert!(!check_stories(&store).unwrap().matches());
    // One thread or several, each with its own connection: the same verdict.
    for threads in [1, 2, 3, 8] {
        assert_eq!(check_stories_with(&store, threads).unwrap(), checked, "{threads} threads");
    }
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

/// Which document is the original of a group of copies does not depend on
/// the order they arrive in, nor on how they are split into batches.
#[test]
fn copy_groups_do_not_depend_on_order() {
    let dir = tempfile::tempdir().unwrap();
    let gen = dir.path().join("gen.jsonl");
    dossier_bench::write_jsonl(&gen, 7, 250_000).unwrap();
    let lines: Vec<String> = std::fs::read_to_string(&gen).unwrap().lines().map(str::to_string).collect();
    let links = |order: &[String], batch_size: usize, name: &str| {
        let input = dir.path().join(format!("{name}.jsonl"));
        std::fs::write(&input, order.join("\n")).unwrap();
        let mut store = Store::open(dir.path().join(format!("{name}.db")).to_str().unwrap()).unwrap();
        let mut o = options();
        o.batch_size = batch_size;
        ingest(&mut store, &[Input::Path(input)], &o, &mut ()).unwrap();
        let docs = store.documents().unwrap();
        assert_eq!(store.stored_record().unwrap(), full_record(&store).unwrap());
        docs.into_iter().map(|d| (d.id, d.duplicate_of)).collect::<Vec<_>>()
    };
    let forward = links(&lines, 256, "forward");
    assert!(forward.iter().filter(|(_, d)| d.is_some()).count() > 10, "the generated corpus has syndicated copies");
    let mut reversed = lines.clone();
    reversed.reverse();
    assert_eq!(links(&reversed, 7, "reversed"), forward);
    // A shuffle, in batches of one.
    let mut shuffled = lines.clone();
    let mut rng = dossier_bench::Rng::new(3);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, rng.range(0, i as u64) as usize);
    }
    assert_eq!(links(&shuffled, 1, "shuffled"), forward);
}

/// Extraction of the next batch overlaps storing of the last; called from a
/// thread of a one-thread pool (as a benchmark might), ingest must not wait
/// on itself.
#[test]
fn ingest_inside_a_one_thread_pool_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let mut store = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
    let mut o = options();
    o.batch_size = 3;
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let report = pool.install(|| ingest(&mut store, &[Input::Path(demo)], &o, &mut ())).unwrap();
        let _ = tx.send(report.inserted);
    });
    let inserted = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("ingest inside a one-thread pool never finished");
    assert!(inserted > 10);
}

/// A batch ends at `batch_bytes` of input as well as at `batch_size`
/// records, so full-size web pages do not fill memory a thousand at a time;
/// the result is the same as in one batch.
#[test]
fn batches_end_at_their_byte_limit() {
    struct Batches(Vec<usize>);
    impl dossier_pipeline::Progress for Batches {
        fn batch_done(&mut self, report: &dossier_pipeline::Report) {
            self.0.push(report.seen());
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("pages.jsonl");
    // Ten records of exactly 2,000 bytes of text each.
    let lines: Vec<String> = (0..10)
        .map(|i| {
            let text = format!("Country{i} ordered {} more patrol boats from a foreign shipyard, the navy said.", i + 2);
            let text = format!("{text}{}", " Officials gave no further details.".repeat(100))[..2000].to_string();
            serde_json::json!({"id": format!("p{i}"), "text": text}).to_string()
        })
        .collect();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let run = |batch_size: usize, batch_bytes: usize, name: &str| {
        let mut store = Store::open(dir.path().join(format!("{name}.db")).to_str().unwrap()).unwrap();
        let mut o = options();
        o.batch_size = batch_size;
        o.batch_bytes = batch_bytes;
        let mut batches = Batches(Vec::new());
        ingest(&mut store, &[Input::Path(input.clone())], &o, &mut batches).unwrap();
        // `seen` counts up over the run: the differences are the batch sizes.
        let sizes: Vec<usize> = batches.0.iter().scan(0, |last, &n| Some(n - std::mem::replace(last, n))).collect();
        (sizes, store.stored_record().unwrap())
    };
    let (by_bytes, record) = run(1000, 6_000, "bytes");
    assert_eq!(by_bytes, vec![3, 3, 3, 1]);
    let (by_count, same) = run(4, 1 << 30, "count");
    assert_eq!(by_count, vec![4, 4, 2]);
    assert_eq!(record, same);
}

/// A database written before schema 11 has no stored claims by deal: on
/// open they are computed from its events, equal to what ingest stores, and
/// stories recomputed from them are the stories it had.
#[test]
fn claims_by_deal_are_filled_in_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let path = path.to_str().unwrap();
    let demo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    // In reverse order, so that copies are relinked and some claims belong to copies.
    let mut files = corpus();
    files.reverse();
    let mut store = Store::open(path).unwrap();
    for f in files {
        ingest(&mut store, &[Input::Path(f)], &options(), &mut ()).unwrap();
    }
    let deals: Vec<_> = store.story_deals().unwrap().into_iter().map(|(_, d)| d).collect();
    assert!(deals.len() > 3);
    let claims: Vec<_> = deals.iter().map(|d| store.deal_claims(d).unwrap()).collect();
    assert!(claims.iter().all(|c| !c.is_empty()));
    let record = store.stored_record().unwrap();
    drop(store);
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("ALTER TABLE documents DROP COLUMN input; ALTER TABLE conflicts DROP COLUMN field; DROP INDEX documents_outlet; DROP TABLE register; DROP TABLE deal_claims; PRAGMA user_version = 10;").unwrap();
        conn.execute_batch("INSERT INTO dirty_deals SELECT supplier, recipient, system FROM stories; DELETE FROM stories;").unwrap();
    }
    let mut store = Store::open(path).unwrap();
    for (d, c) in deals.iter().zip(&claims) {
        assert_eq!(&store.deal_claims(d).unwrap(), c, "claims of {d:?} after the upgrade");
    }
    // The next run recomputes the stories left dirty, from the filled-in claims.
    ingest(&mut store, &[Input::Path(demo)], &options(), &mut ()).unwrap();
    assert_eq!(store.stored_record().unwrap(), record);
}

/// A database written before schema 12 has no register beside its
/// stories: on open it is filled from them, row for row what ingest
/// stores, and pages of it are served at once.
#[test]
fn the_register_is_filled_in_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let path = path.to_str().unwrap();
    let mut store = Store::open(path).unwrap();
    for f in corpus() {
        ingest(&mut store, &[Input::Path(f)], &options(), &mut ()).unwrap();
    }
    let everything = dossier_store::RegisterQuery::default();
    let page = store.register_page(&everything).unwrap();
    assert!(page.total > 3 && page.rows.len() == page.total, "{}", page.total);
    let facets = store.register_facets().unwrap();
    let fields = store.conflict_fields(None).unwrap();
    assert!(!fields.is_empty());
    drop(store);
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("ALTER TABLE documents DROP COLUMN input; ALTER TABLE conflicts DROP COLUMN field; DROP INDEX documents_outlet; DROP TABLE register; PRAGMA user_version = 11;").unwrap();
    }
    let store = Store::open(path).unwrap();
    assert_eq!(store.register_page(&everything).unwrap(), page);
    assert_eq!(store.register_facets().unwrap(), facets);
    // Schema 14 reads each conflict's field into a column: counts and
    // filters by field are as before.
    assert_eq!(store.conflict_fields(None).unwrap(), fields);
    for (field, n) in &fields {
        let query = dossier_store::ConflictQuery { field: Some(field.clone()), ..Default::default() };
        let mut seen = 0;
        store
            .for_each_conflict_in(&query, |c| -> Result<(), dossier_store::StoreError> {
                assert_eq!(&c.field, field);
                seen += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(seen, *n, "{field}");
    }
    for (id, _) in store.story_deals().unwrap() {
        assert!(store.register_matches(&id, store.story(&id).unwrap().as_ref()).unwrap(), "{id}");
    }
    let check = dossier_pipeline::check_stories(&store).unwrap();
    assert!(check.mismatched.is_empty(), "{:?}", check.mismatched);
}

/// A report replaced by a text that no longer names its deal takes the
/// deal's story with it, as a full recompute would.
#[test]
fn a_deal_no_document_names_any_more_has_no_story() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
    let input = dir.path().join("in.jsonl");
    let write = |text: &str| {
        let line = serde_json::json!({"id": "r1", "text": text, "published": "2020-03-02"});
        std::fs::write(&input, format!("{line}\n")).unwrap();
    };
    write("Russia delivered the first S-400 air defence battalion to Turkey in July 2019, the ministry said.");
    ingest(&mut store, &[Input::Path(input.clone())], &options(), &mut ()).unwrap();
    let before = store.stored_record().unwrap();
    assert_eq!(before.stories.len(), 1, "{:#?}", before.stories);
    write("The weather in Ankara was mild on Monday, the forecasters said.");
    ingest(&mut store, &[Input::Path(input.clone())], &options(), &mut ()).unwrap();
    let after = store.stored_record().unwrap();
    assert_eq!(after, full_record(&store).unwrap());
    assert!(after.stories.is_empty(), "{:#?}", after.stories);
}

/// Reports stored one at a time keep the stories a full recompute gives: a
/// report that only cancels a deal changes that deal's story, and
/// transfers that name only a kind of arms ("drones") make a deal of it,
/// where a denial meets the claim it denies.
#[test]
fn cancellations_and_kinds_of_arms_are_kept_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db").to_str().unwrap()).unwrap();
    // Written by us: one report a line (see `tests/fixtures/kinds-of-arms.jsonl`).
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/kinds-of-arms.jsonl");
    let fixture = std::fs::read_to_string(fixture).unwrap();
    for (i, line) in fixture.lines().enumerate() {
        let input = dir.path().join(format!("{i}.jsonl"));
        std::fs::write(&input, format!("{line}\n")).unwrap();
        ingest(&mut store, &[Input::Path(input)], &options(), &mut ()).unwrap();
    }
    let record = store.stored_record().unwrap();
    assert_eq!(record, full_record(&store).unwrap());
    let ids: Vec<&str> = record.stories.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["irn-rus-shahed-136", "irn-rus-unspecified-arms", "irn-rus-unspecified-drones", "rus-idn-su-35"]);
    let su35 = &record.stories[3];
    assert!(su35.facts.iter().any(|f| f.kind == dossier_model::EventType::Cancellation && f.sources.iter().any(|s| s.doc == "c2")), "{su35:#?}");
    // The denials of drones (stored before any report named Shahed-136) and
    // of any weapons (stored after) are of the Shahed-136 deliveries too.
    assert_eq!(record.stories[0].docs, ["d2", "d3", "d4"]);
    assert_eq!(
        record.conflicts.iter().map(|c| (c.story.as_str(), c.field.as_str())).collect::<Vec<_>>(),
        [("irn-rus-shahed-136", "status"), ("irn-rus-unspecified-drones", "status")]
    );
    let check = check_stories(&store).unwrap();
    assert!(check.matches(), "{:?}", check.mismatched);
}
