//! Reading stored inputs again (`reprocess`): a database read again with
//! what a clean ingest would have read equals that clean ingest, inputs are
//! read as they came, and nothing stored is lost.

use dossier_pipeline::{check_stories, ingest, load_gazetteer, reprocess, Input, Options};
use dossier_store::Store;
use std::path::{Path, PathBuf};

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo")
}

fn options(gazetteer: Option<&Path>) -> Options {
    let mut o = Options::default();
    o.config.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    if let Some(g) = gazetteer {
        o.gazetteer = Some(std::sync::Arc::new(load_gazetteer(&[g.to_path_buf()]).unwrap()));
    }
    o
}

/// A made-up system only a user's gazetteer knows, and an article about it
/// (with a syndicated copy, so that copies are linked again too).
fn extra(dir: &Path) -> (PathBuf, PathBuf) {
    let g = dir.join("mine.tsv");
    std::fs::write(&g, "#kind: systems\nZeta-9\tair_defence\tSRB\tZ9|Zeta 9\n").unwrap();
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let story = "BELGRADE, June 3, 2024 (Danube Wire) - Serbia has signed a contract to sell eight Zeta-9 air defence \
                 batteries to Hungary, the defence ministry said on Monday. Deliveries are due in 2026, the ministry said.\n";
    std::fs::write(inputs.join("z1.txt"), format!("Serbia to sell Zeta-9 batteries to Hungary\n\n{story}")).unwrap();
    std::fs::write(inputs.join("z2.txt"), format!("Hungary buys Serbian air defence\n\n{story}\nCopyright Danube Wire.\n")).unwrap();
    (g, inputs)
}

fn open(dir: &Path, name: &str) -> Store {
    Store::open(dir.join(name).to_str().unwrap()).unwrap()
}

/// Everything a reader sees: documents, stories and conflicts.
fn contents(store: &Store) -> (Vec<dossier_model::Document>, dossier_reconcile::Record) {
    (store.documents().unwrap(), store.stored_record().unwrap())
}

/// Ingested without the user's gazetteer, then read again with it: the
/// database equals one ingested with it from the start, documents, copies,
/// stories and conflicts; reading again once more changes nothing.
#[test]
fn reading_again_with_a_new_gazetteer_equals_a_clean_ingest_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (g, extra_inputs) = extra(dir.path());
    let inputs = [Input::Path(demo()), Input::Path(extra_inputs)];
    let mut before = open(dir.path(), "before.db");
    ingest(&mut before, &inputs, &options(None), &mut ()).unwrap();
    let mut clean = open(dir.path(), "clean.db");
    ingest(&mut clean, &inputs, &options(Some(&g)), &mut ()).unwrap();
    assert_ne!(contents(&before), contents(&clean), "the gazetteer must change the reading");

    let report = reprocess(&mut before, &options(Some(&g)), false, &mut ()).unwrap();
    assert_eq!(report.read, report.total);
    assert_eq!(report.read, before.count_documents().unwrap());
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.inferred, 0);
    assert_eq!(report.changed_ids, ["z1", "z2"], "only the articles naming the new system read differently");
    assert_eq!(report.unchanged, report.read - 2);
    let (docs, record) = contents(&before);
    let (clean_docs, clean_record) = contents(&clean);
    assert_eq!(docs, clean_docs);
    assert!(docs.iter().any(|d| d.id == "z2" && d.duplicate_of.as_deref() == Some("z1")), "the copy is linked again");
    assert!(record.stories.iter().any(|s| s.deal.system == "Zeta-9"));
    assert_eq!(record, clean_record);
    assert!(check_stories(&before).unwrap().matches());
    // The full-text indexes hold each replaced document and its quotes once.
    let conn = rusqlite::Connection::open(dir.path().join("before.db")).unwrap();
    conn.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
    let indexed: usize = conn.query_row("SELECT count(*) FROM quotes_fts", [], |r| r.get(0)).unwrap();
    assert_eq!(indexed, docs.iter().map(|d| d.quotes.len()).sum::<usize>());
    assert!(docs.iter().any(|d| d.id == "z1" && !d.quotes.is_empty()));
    let hits: Vec<String> = before.search("Zeta", 10).unwrap().into_iter().map(|h| h.0).collect();
    assert_eq!(hits.len(), 2, "{hits:?}");

    let again = reprocess(&mut before, &options(Some(&g)), false, &mut ()).unwrap();
    assert_eq!((again.changed, again.unchanged), (0, again.read));
}

/// A document whose text and date read as before keeps its copy links,
/// even where looking them up again would not find them (as when a band's
/// bucket is full, which depends on the order documents were stored in);
/// one whose text changed is linked again.
#[test]
fn copy_links_are_kept_where_the_text_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("mine.tsv");
    std::fs::write(&g, "#kind: systems\nZeta-9\tair_defence\tSRB\tZ9|Zeta 9\n").unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let story = "BUDAPEST, June 4, 2024 (Danube Wire) - Hungary will buy eight air defence batteries from Serbia under a \
                 contract signed in Belgrade on Monday, the defence ministry said. The first two batteries are due in \
                 2026 and the rest by 2028, the ministry said, adding that crews would train in Serbia for six months \
                 before the first deliveries. Opposition lawmakers asked for the price, which the ministry did not \
                 give, and said parliament had not been told of the talks. Serbia's president called the sale a sign \
                 of trust between the two neighbours.";
    std::fs::write(inputs.join("o.txt"), format!("Hungary to buy Serbian air defence\n\n{story}\n")).unwrap();
    std::fs::write(inputs.join("p.txt"), format!("Hungary to buy Serbian air defence\n\n{story} The batteries are of the Zeta-9 type.\n")).unwrap();
    let mut store = open(dir.path(), "t.db");
    ingest(&mut store, &[Input::Path(inputs)], &options(None), &mut ()).unwrap();
    assert_eq!(store.document("p").unwrap().unwrap().duplicate_of.as_deref(), Some("o"));
    // The original's band keys gone: a fresh lookup from the copy finds nothing.
    let conn = rusqlite::Connection::open(dir.path().join("t.db")).unwrap();
    for table in ["band_keys", "band_keys_recent"] {
        conn.execute(&format!("DELETE FROM {table} WHERE seq = (SELECT seq FROM documents WHERE id = 'o')"), []).unwrap();
    }
    let report = reprocess(&mut store, &options(Some(&g)), false, &mut ()).unwrap();
    assert_eq!(report.changed_ids, ["p"], "the copy names the new system");
    assert_eq!(store.document("p").unwrap().unwrap().duplicate_of.as_deref(), Some("o"));
}

/// A dry run names what would change and writes nothing.
#[test]
fn a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (g, extra_inputs) = extra(dir.path());
    let mut store = open(dir.path(), "t.db");
    ingest(&mut store, &[Input::Path(extra_inputs)], &options(None), &mut ()).unwrap();
    let stored = contents(&store);
    let report = reprocess(&mut store, &options(Some(&g)), true, &mut ()).unwrap();
    assert_eq!((report.read, report.changed, report.changed_ids.len()), (2, 2, 2));
    assert_eq!(contents(&store), stored);
    assert_eq!(reprocess(&mut store, &options(Some(&g)), false, &mut ()).unwrap().changed, 2);
    assert_ne!(contents(&store), stored);
}

/// Inputs are read again as they came: a page as a page, text as text, the
/// metadata given with a JSONL record, and dates judged by the day of the
/// first ingest, not of the reprocess. Documents stored before inputs were
/// recorded are read with what their provenance and raw input tell.
#[test]
fn inputs_are_read_again_as_they_came() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // Given metadata wins over what the page says; a page read as text would
    // keep its markup's words.
    let page = "<html><head><title>Page title</title></head><body><nav>Home | World | Sport</nav>\
                <article><h1>Page title</h1><p>WARSAW, May 5, 2023 - Poland signed a contract with South Korea \
                for 180 K2 tanks, the defence ministry said on Friday.</p><p>The first tanks arrive this year, \
                the ministry said.</p></article></body></html>";
    let record = serde_json::json!({"id": "given", "html": page, "title": "Given title", "published": "2023-05-06", "outlet": "Given Outlet"});
    std::fs::write(inputs.join("a.jsonl"), format!("{record}\n")).unwrap();
    // A date after the day of ingest is no publication date.
    std::fs::write(
        inputs.join("later.txt"),
        "Egypt and Russia\n\nCAIRO, March 18, 2027 (Nile Post) - Egypt signed a contract with Russia for 24 Su-35 fighter jets, \
         the defence ministry said.\n",
    )
    .unwrap();
    std::fs::write(inputs.join("markup.txt"), "Text about <p> tags\n\nA reader wrote that <p> marks a paragraph in a web page.\n").unwrap();
    let mut store = open(dir.path(), "t.db");
    ingest(&mut store, &[Input::Path(inputs)], &options(None), &mut ()).unwrap();
    let stored = contents(&store);
    let given = store.document("given").unwrap().unwrap();
    assert_eq!((given.title.as_deref(), given.outlet.as_deref(), given.published.as_deref()), (Some("Given title"), Some("Given Outlet"), Some("2023-05-06")));
    assert!(!given.text.contains("Home | World"));
    assert_eq!(store.document("later").unwrap().unwrap().published, None);

    // Read again years later: the same reading.
    let mut later = options(None);
    later.config.today = chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap();
    let report = reprocess(&mut store, &later, false, &mut ()).unwrap();
    assert_eq!((report.read, report.changed, report.inferred), (3, 0, 0), "{:?}", report.changed_ids);
    assert_eq!(contents(&store), stored);

    // Stored before inputs were recorded: the kind and given metadata are
    // inferred, and read the same (the text file by its name, though it
    // holds a tag).
    let conn = rusqlite::Connection::open(dir.path().join("t.db")).unwrap();
    conn.execute("UPDATE documents SET input = NULL", []).unwrap();
    let report = reprocess(&mut store, &later, false, &mut ()).unwrap();
    assert_eq!((report.read, report.changed, report.inferred), (3, 0, 3), "{:?}", report.changed_ids);
    assert_eq!(contents(&store), stored);
}

/// A stored document this version cannot read is named with its reason
/// and kept; the rest are read again.
#[test]
fn what_cannot_be_read_again_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (g, extra_inputs) = extra(dir.path());
    let mut store = open(dir.path(), "t.db");
    ingest(&mut store, &[Input::Path(extra_inputs)], &options(None), &mut ()).unwrap();
    let z1 = store.document("z1").unwrap().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("t.db")).unwrap();
    conn.execute("UPDATE documents SET raw = '   ' WHERE id = 'z1'", []).unwrap();
    let report = reprocess(&mut store, &options(Some(&g)), false, &mut ()).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert!(report.failed[0].input.contains("z1.txt") && report.failed[0].reason.contains("empty"), "{}", report.failed[0]);
    assert_eq!(report.changed_ids, ["z2"]);
    assert_eq!(store.document("z1").unwrap().unwrap(), z1);
    assert!(check_stories(&store).unwrap().matches());
}
