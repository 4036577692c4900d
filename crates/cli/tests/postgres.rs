//! The PostgreSQL backend end to end, through the real binary against a real
//! server: the same results as SQLite, two workers sharing one database,
//! and a worker killed mid-ingest losing nothing.
//!
//! `DOSSIER_TEST_PG` names a server and a role that may create databases
//! (`postgres://user:pass@127.0.0.1:5432/postgres`); each test makes its own
//! database and drops it. Without it the tests are skipped, except under CI
//! (`CI` set), where a missing server is a failure: `.ci/run` starts one.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A fresh database on the test server, dropped at the end.
struct TestDb {
    admin: String,
    name: String,
    url: String,
}

impl TestDb {
    fn new(test: &str) -> Option<TestDb> {
        let admin = match std::env::var("DOSSIER_TEST_PG") {
            Ok(url) if !url.is_empty() => url,
            _ if std::env::var_os("CI").is_some() => panic!("CI must provide a PostgreSQL server in DOSSIER_TEST_PG (see .ci/run)"),
            _ => {
                eprintln!("skipped: DOSSIER_TEST_PG is not set (no PostgreSQL server to test against)");
                return None;
            }
        };
        let name = format!("dossier_test_{}_{test}", std::process::id());
        let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to DOSSIER_TEST_PG");
        client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).unwrap();
        client.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
        let url = format!("{base}/{name}");
        Some(TestDb { admin, name, url })
    }

    fn client(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

fn dossier(db: &str, args: &[&str]) -> Command {
    let mut c = Command::cargo_bin("dossier").unwrap();
    c.env("CI", "1").arg(args[0]).args(["--db", db]).args(&args[1..]);
    c
}

fn ingest_json(db: &str, inputs: &[&Path]) -> Value {
    let mut c = dossier(db, &["ingest", "--today", "2026-11-25", "--json"]);
    c.args(inputs);
    let out = c.output().unwrap();
    assert!(out.status.success(), "ingest into {db} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(db: &str, args: &[&str]) -> String {
    let out = dossier(db, args).output().unwrap();
    assert!(out.status.success(), "{args:?} on {db}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every view a user reads, which must not depend on the backend.
fn views(db: &str) -> Vec<(String, String)> {
    [
        vec!["export", "--format", "jsonl"],
        vec!["conflicts", "--format", "json"],
        vec!["register", "--format", "json"],
        vec!["timeline"],
    ]
    .into_iter()
    .map(|args| (args.join(" "), stdout(db, &args)))
    .collect()
}

fn assert_same_views(pg: &str, sqlite: &str) {
    for ((what, a), (_, b)) in views(pg).into_iter().zip(views(sqlite)) {
        if a != b {
            let (la, lb) = a.lines().zip(b.lines()).find(|(x, y)| x != y).unwrap_or(("(shorter)", "(shorter)"));
            let cut = |s: &str| s.chars().take(3000).collect::<String>();
            panic!("`dossier {what}` differs between PostgreSQL and SQLite:\n{}\n{}", cut(la), cut(lb));
        }
    }
}

fn demo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo")
}

/// A generated corpus of our own in `parts` files.
fn generated(dir: &Path, parts: usize, bytes_each: usize) -> Vec<PathBuf> {
    (0..parts)
        .map(|i| {
            let p = dir.join(format!("part{i}.jsonl"));
            dossier_bench::write_jsonl(&p, 100 + i as u64, bytes_each).unwrap();
            // Ids unique across parts: the generator numbers each part from one.
            let text = std::fs::read_to_string(&p).unwrap();
            let lines: Vec<String> = text
                .lines()
                .map(|l| {
                    let mut v: Value = serde_json::from_str(l).unwrap();
                    v["id"] = Value::String(format!("p{i}-{}", v["id"].as_str().unwrap()));
                    v.to_string()
                })
                .collect();
            std::fs::write(&p, lines.join("\n")).unwrap();
            p
        })
        .collect()
}

/// `reprocess` on PostgreSQL reads what SQLite reads: with a gazetteer added
/// since ingest, the same documents change and every view stays the same
/// as SQLite's; documents stored before inputs were recorded read the same.
#[test]
fn reprocess_on_postgres_equals_sqlite() {
    let Some(pg) = TestDb::new("reprocess") else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("t.db").to_string_lossy().into_owned();
    let g = dir.path().join("mine.tsv");
    std::fs::write(&g, "#kind: systems\nZeta-9\tair_defence\tSRB\tZ9|Zeta 9\n").unwrap();
    let z = dir.path().join("z.txt");
    std::fs::write(&z, "Serbia to sell Zeta-9 batteries\n\nBELGRADE, June 3, 2024 - Serbia signed a contract to sell eight Zeta-9 air defence batteries to Hungary, the defence ministry said on Monday.\n").unwrap();
    let corpus = demo_corpus();
    for db in [&pg.url, &sqlite] {
        ingest_json(db, &[&corpus, &z]);
    }
    let reprocess = |db: &str| -> Value {
        let out = dossier(db, &["reprocess", "--json", "--gazetteer", g.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "reprocess {db}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let on_pg = reprocess(&pg.url);
    assert_eq!(on_pg["changed_ids"], serde_json::json!(["z"]), "{on_pg}");
    assert_eq!(reprocess(&sqlite)["changed_ids"], on_pg["changed_ids"]);
    assert!(stdout(&pg.url, &["timeline"]).contains("Zeta-9"));
    assert_same_views(&pg.url, &sqlite);
    pg.client().batch_execute("UPDATE documents SET input = NULL").unwrap();
    let again = reprocess(&pg.url);
    assert_eq!((again["changed"].as_u64(), again["inferred"].clone(), again["read"].clone()), (Some(0), again["documents"].clone(), again["documents"].clone()), "{again}");
    assert_same_views(&pg.url, &sqlite);
}

/// Reports stored one at a time on PostgreSQL read as on SQLite: a report
/// that only cancels a deal, and transfers naming only a kind of arms
/// ("drones", a deal of its own where a denial meets the claim it denies,
/// and whose denials join the deals of its systems).
#[test]
fn cancellations_and_kinds_of_arms_on_postgres_equal_sqlite() {
    let Some(pg) = TestDb::new("kinds") else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("t.db").to_string_lossy().into_owned();
    // Written by us: one report a line (see `tests/fixtures/kinds-of-arms.jsonl`).
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/kinds-of-arms.jsonl");
    let fixture = std::fs::read_to_string(fixture).unwrap();
    for (i, line) in fixture.lines().enumerate() {
        let input = dir.path().join(format!("{i}.jsonl"));
        std::fs::write(&input, format!("{line}\n")).unwrap();
        for db in [&pg.url, &sqlite] {
            ingest_json(db, &[&input]);
        }
    }
    assert_same_views(&pg.url, &sqlite);
    let conflicts: Value = serde_json::from_str(&stdout(&pg.url, &["conflicts", "--format", "json"])).unwrap();
    assert_eq!(conflicts.as_array().map(Vec::len), Some(2), "{conflicts:#}");
    // A denial of drones stored before any report named Shahed-136, and one
    // of any weapons stored after, are of the Shahed-136 deliveries too.
    assert_eq!(conflicts[0]["story"], "irn-rus-shahed-136");
    let denied: Vec<&str> = conflicts[0]["claims"].as_array().unwrap().iter().filter(|c| c["value"] == "denied").filter_map(|c| c["doc"].as_str()).collect();
    assert_eq!(denied, ["d2", "d4"]);
    assert_eq!(conflicts[1]["story"], "irn-rus-unspecified-drones");
    assert!(stdout(&pg.url, &["register", "--format", "csv"]).contains("cancelled"));
    let check: Value = serde_json::from_str(&stdout(&pg.url, &["check"])).unwrap();
    assert_eq!(check["mismatched_deals"], serde_json::json!([]), "{check:#}");
}

#[test]
fn postgres_gives_the_same_results_as_sqlite() {
    let Some(pg) = TestDb::new("same") else { return };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = dir.path().join("t.db").to_string_lossy().into_owned();
    let corpus = demo_corpus();
    let a = ingest_json(&pg.url, &[&corpus]);
    let b = ingest_json(&sqlite, &[&corpus]);
    for k in ["inserted", "duplicates", "documents"] {
        assert_eq!(a[k], b[k], "{k}");
    }
    assert!(a["inserted"].as_u64().unwrap() > 10);
    assert_same_views(&pg.url, &sqlite);
    // Search uses PostgreSQL's own full text: the same documents are found
    // (ranking differs between the two engines, so compare as sets).
    for q in ["S-400", "waiver India", "tanks"] {
        let hits = |db: &str| {
            let v: Value = serde_json::from_str(&stdout(db, &["search", "--json", q])).unwrap();
            let mut ids: Vec<String> = v.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_string()).collect();
            ids.sort();
            ids
        };
        let (p, s) = (hits(&pg.url), hits(&sqlite));
        assert!(!p.is_empty(), "no PostgreSQL hit for {q}");
        assert_eq!(p, s, "search {q}");
    }
    // Query syntax in user input is read as words, never an error.
    stdout(&pg.url, &["search", "\"AND ( -x OR"]);
    // Re-ingesting is a no-op: every input is already done.
    let again = ingest_json(&pg.url, &[&corpus]);
    assert_eq!(again["inserted"], 0);
    assert_eq!(again["already_queued"], a["inserted"]);
    assert_same_views(&pg.url, &sqlite);
    // Stories equal a recompute from the stored events, deal by deal, on
    // both databases, with the same counts.
    let check = |db: &str| -> Value { serde_json::from_str(&stdout(db, &["check"])).unwrap() };
    let (p, s) = (check(&pg.url), check(&sqlite));
    assert_eq!(p["integrity"], "ok", "{p}");
    assert_eq!(p["stories_match_full_recompute"], true, "{p}");
    assert_eq!(p["mismatched_deals"], serde_json::json!([]), "{p}");
    assert!(p["stories"].as_u64().unwrap() > 0, "{p}");
    for key in ["stories", "conflicts", "documents", "stories_match_full_recompute"] {
        assert_eq!(p[key], s[key], "check {key}");
    }
    // Conflicts are read as their rows arrive; a listing stopped at its
    // first conflict leaves the connection usable.
    #[derive(Debug)]
    struct Stop;
    impl From<dossier_store::StoreError> for Stop {
        fn from(e: dossier_store::StoreError) -> Stop {
            panic!("{e}")
        }
    }
    let store = dossier_store::Store::open(&pg.url).unwrap();
    let all = store.stored_conflicts(None).unwrap();
    assert!(all.len() >= 2, "the demo corpus plants conflicts");
    let mut seen = 0;
    assert!(store.for_each_conflict(None, |_| { seen += 1; Err(Stop) }).is_err());
    assert_eq!(seen, 1);
    assert_eq!(store.stored_conflicts(None).unwrap(), all);
    assert_eq!(store.count_documents().unwrap() as u64, p["documents"].as_u64().unwrap());
    // Counts by field, without decoding the conflicts: as on SQLite, and as
    // the conflicts themselves say.
    let lite = dossier_store::Store::open(&sqlite).unwrap();
    for story in [None, all.first().map(|c| c.story.as_str())] {
        let fields = store.conflict_fields(story).unwrap();
        assert_eq!(fields, lite.conflict_fields(story).unwrap(), "{story:?}");
        let mut want: Vec<(String, usize)> = Vec::new();
        for c in all.iter().filter(|c| story.is_none_or(|s| c.story == s)) {
            match want.iter_mut().find(|(f, _)| *f == c.field) {
                Some((_, n)) => *n += 1,
                None => want.push((c.field.clone(), 1)),
            }
        }
        want.sort();
        assert_eq!(fields, want, "{story:?}");
    }
    // Conflicts chosen and paged in SQL: as on SQLite, and as filtering
    // and cutting the whole list gives.
    let listed = |s: &dossier_store::Store, q: &dossier_store::ConflictQuery| {
        let mut out = Vec::new();
        s.for_each_conflict_in(q, |c| -> Result<(), dossier_store::StoreError> {
            out.push(c);
            Ok(())
        })
        .unwrap();
        out
    };
    let field = all[0].field.clone();
    for (story, field, limit, offset) in [(None, None, Some(1), 1), (None, Some(field.clone()), None, 0), (Some(all[0].story.clone()), Some(field), Some(2), 0), (None, None, Some(100), 1000)] {
        let q = dossier_store::ConflictQuery { story: story.clone(), field: field.clone(), limit, offset };
        let want: Vec<_> = all
            .iter()
            .filter(|c| story.as_ref().is_none_or(|s| c.story == *s) && field.as_ref().is_none_or(|f| c.field == *f))
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .cloned()
            .collect();
        assert_eq!(listed(&store, &q), want, "{q:?}");
        assert_eq!(listed(&lite, &q), want, "{q:?}");
    }
    // The stored register: every sort, both ways, filters and pages, and
    // its counts, as on SQLite (sort keys and text compare byte for byte).
    let whole = lite.register_page(&dossier_store::RegisterQuery::default()).unwrap();
    assert!(whole.total > 3, "{}", whole.total);
    assert_eq!(store.register_page(&dossier_store::RegisterQuery::default()).unwrap(), whole);
    assert_eq!(store.register_facets().unwrap(), lite.register_facets().unwrap());
    let mut queries = Vec::new();
    for sort in dossier_store::REGISTER_SORTS {
        for descending in [false, true] {
            queries.push(dossier_store::RegisterQuery { sort: Some(sort.to_string()), descending, limit: Some(3), offset: 1, ..Default::default() });
        }
    }
    let supplier = whole.rows[0].0.split('-').next().unwrap().to_uppercase();
    queries.push(dossier_store::RegisterQuery { supplier: Some(supplier), disputed: true, ..Default::default() });
    queries.push(dossier_store::RegisterQuery { words: vec!["S-400".into(), "russia".into()], descending: true, ..Default::default() });
    for q in &queries {
        let page = store.register_page(q).unwrap();
        assert_eq!(page, lite.register_page(q).unwrap(), "{q:?}");
        assert!(!page.rows.is_empty(), "{q:?}");
    }
    assert_eq!(store.outlets().unwrap(), lite.outlets().unwrap());
    assert!(!store.outlets().unwrap().is_empty());
    // A database from before the register gets it filled from its stories.
    drop(store);
    pg.client().batch_execute("ALTER TABLE documents DROP COLUMN input; ALTER TABLE conflicts DROP COLUMN field; DROP INDEX documents_outlet; DROP TABLE register; UPDATE dossier_schema SET version = 2").unwrap();
    let store = dossier_store::Store::open(&pg.url).unwrap();
    assert_eq!(store.register_page(&dossier_store::RegisterQuery::default()).unwrap(), whole);
    assert_eq!(store.register_facets().unwrap(), lite.register_facets().unwrap());
}

#[test]
fn two_workers_share_one_database() {
    let Some(pg) = TestDb::new("workers") else { return };
    let dir = tempfile::tempdir().unwrap();
    let files = generated(dir.path(), 3, 300_000);
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let sqlite = dir.path().join("t.db").to_string_lossy().into_owned();
    let single = ingest_json(&sqlite, &paths);
    // Both workers are given every file: each input is queued once and
    // claimed by one of them.
    let spawn = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"));
        c.env("CI", "1").args(["ingest", "--today", "2026-11-25", "--json", "--db", &pg.url]).args(&paths);
        c.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
    };
    let (w1, w2) = (spawn(), spawn());
    let (o1, o2) = (w1.wait_with_output().unwrap(), w2.wait_with_output().unwrap());
    assert!(o1.status.success() && o2.status.success(), "{}\n{}", String::from_utf8_lossy(&o1.stderr), String::from_utf8_lossy(&o2.stderr));
    let (r1, r2): (Value, Value) = (serde_json::from_slice(&o1.stdout).unwrap(), serde_json::from_slice(&o2.stdout).unwrap());
    let stored = |r: &Value| r["inserted"].as_u64().unwrap() + r["unchanged"].as_u64().unwrap() + r["replaced"].as_u64().unwrap();
    assert_eq!(stored(&r1) + stored(&r2), single["inserted"].as_u64().unwrap(), "every input stored exactly once: {r1} {r2}");
    assert!(stored(&r1) > 0 && stored(&r2) > 0, "both workers took part: {r1} {r2}");
    let mut c = pg.client();
    let (pending, done): (i64, i64) = {
        let row = c.query_one("SELECT count(*) FILTER (WHERE NOT done), count(*) FILTER (WHERE done) FROM inbox", &[]).unwrap();
        (row.get(0), row.get(1))
    };
    assert_eq!(pending, 0);
    assert!(done as u64 >= single["inserted"].as_u64().unwrap());
    assert_same_views(&pg.url, &sqlite);
}

#[test]
fn a_killed_worker_loses_nothing() {
    let Some(pg) = TestDb::new("killed") else { return };
    let dir = tempfile::tempdir().unwrap();
    let files = generated(dir.path(), 2, 400_000);
    let paths: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
    let sqlite = dir.path().join("t.db").to_string_lossy().into_owned();
    ingest_json(&sqlite, &paths);
    let mut c = pg.client();
    let mut worker = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .env("CI", "1")
        .args(["ingest", "--today", "2026-11-25", "--quiet", "--db", &pg.url])
        .args(&paths)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has finished some batches and holds others.
    let started = Instant::now();
    loop {
        let done: i64 = c
            .query_one("SELECT count(*) FROM inbox WHERE done", &[])
            .map(|r| r.get(0))
            .unwrap_or(0);
        if done > 0 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
        if worker.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = worker.kill();
    let _ = worker.wait();
    let pending: i64 = c.query_one("SELECT count(*) FROM inbox WHERE NOT done", &[]).unwrap().get(0);
    assert!(pending > 0, "the worker finished before it could be killed: make the corpus larger");
    // A second worker with no inputs of its own takes over the queue.
    let report = ingest_json(&pg.url, &[]);
    assert!(report["inserted"].as_u64().unwrap() > 0, "{report}");
    let pending: i64 = c.query_one("SELECT count(*) FROM inbox WHERE NOT done", &[]).unwrap().get(0);
    assert_eq!(pending, 0);
    assert_same_views(&pg.url, &sqlite);
}
