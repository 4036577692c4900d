//! End to end through the real binary: a temp dir, a real SQLite file, the real CLI.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env { dir: tempfile::tempdir().unwrap() }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
        p
    }
    fn db(&self) -> String {
        self.path("t.db").to_string_lossy().into_owned()
    }
    fn dossier(&self) -> Command {
        let mut c = Command::cargo_bin("dossier").unwrap();
        c.current_dir(self.dir.path()).env("CI", "1");
        c
    }
    fn ingest(&self, inputs: &[&Path]) -> std::process::Output {
        let mut c = self.dossier();
        c.args(["ingest", "--today", "2026-11-25", "--db", &self.db()]);
        for i in inputs {
            c.arg(i);
        }
        c.output().unwrap()
    }
    /// A database holding the bundled demo corpus.
    fn demo() -> Env {
        let env = Env::new();
        let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
        assert!(env.ingest(&[&corpus]).status.success());
        env
    }
    /// The JSON list `dossier <command> --format json` prints with `args`.
    fn json_list(&self, command: &str, args: &[&str]) -> Vec<Value> {
        let out = self.dossier().args([command, "--format", "json", "--db", &self.db()]).args(args).output().unwrap();
        assert!(out.status.success(), "{command} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }
    fn export(&self) -> Vec<Value> {
        let out = self.dossier().args(["export", "--format", "jsonl", "--db", &self.db()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

const ARTICLE: &str = "Poland signs for more K2 tanks\n\nSEOUL, August 27 (Harbour Wire) - Poland signed a second contract for 180 K2 tanks on Wednesday, officials said. The first contract, signed in 2022, covered 180 tanks.\n\nThe deal is worth about $6.5 billion, the ministry said.\n\nLeave a Reply\n\nPlease enter your comment!\n";

#[test]
fn ingest_and_export_every_contract_field() {
    let env = Env::new();
    let f = env.write("in/k2.txt", ARTICLE);
    let out = env.ingest(&[&f]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = env.export();
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    for key in ["id", "url", "title", "outlet", "based_on", "published", "published_basis", "duplicate_of", "text", "entities", "quotes", "events", "amounts"] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["id"], "k2");
    assert_eq!(d["title"], "Poland signs for more K2 tanks");
    assert_eq!(d["outlet"], "Harbour Wire");
    // 27 August fell on a Wednesday in 2025 (and 2014, before the 2022 contract).
    assert_eq!(d["published"], "2025-08-27");
    assert_eq!(d["published_basis"], "inferred");
    let text = d["text"].as_str().unwrap();
    assert!(text.starts_with("SEOUL, August 27"), "{text}");
    assert!(!text.contains("Leave a Reply") && !text.contains("Please enter"), "{text}");
}

#[test]
fn ingesting_a_folder_twice_stores_each_document_once() {
    let env = Env::new();
    env.write("in/a.txt", ARTICLE);
    env.write("in/sub/b.txt", ARTICLE.replace("180 K2", "96 K9"));
    env.write("in/c.jsonl", "{\"id\":\"c1\",\"url\":\"https://news.example.com/2023/03/14/x\",\"text\":\"India received the first S-400 units, the ministry said.\"}\n");
    env.write("in/notes.md", "not an article");
    let folder = env.path("in");
    assert!(env.ingest(&[&folder]).status.success());
    let first = env.export();
    let out = env.ingest(&[&folder]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 new, 3 unchanged"), "{}", String::from_utf8_lossy(&out.stderr));
    let second = env.export();
    assert_eq!(first, second);
    assert_eq!(second.len(), 3);
    let c = second.iter().find(|d| d["id"] == "c1").unwrap();
    assert_eq!(c["published"], "2023-03-14");
    assert_eq!(c["published_basis"], "url");
    assert_eq!(c["outlet"], "news.example.com");
}

#[test]
fn exact_copy_under_another_name_is_linked() {
    let env = Env::new();
    let a = env.write("a.txt", ARTICLE);
    let b = env.write("b.txt", ARTICLE);
    assert!(env.ingest(&[&a, &b]).status.success());
    let docs = env.export();
    let b = docs.iter().find(|d| d["id"] == "b").unwrap();
    assert_eq!(b["duplicate_of"], "a");
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_stored() {
    let env = Env::new();
    let good = env.write("good.txt", ARTICLE);
    let empty = env.write("empty.txt", "");
    let binary = env.write("image.txt", [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0, 0, 1, 2, 3, 0, 0, 0, 0, 0]);
    let unknown = env.write("table.xlsx", "PK");
    let jsonl = env.write("feed.jsonl", "{\"id\":\"ok\",\"text\":\"Egypt received two more Rafale jets, officials said.\"}\n{broken\n");
    let missing = env.path("missing.txt");
    // Windows-1252 bytes (invalid UTF-8) are decoded, not rejected.
    let (legacy, _, _) = encoding_rs::WINDOWS_1252.encode("Greece and France signed the Rafale deal – worth €2.5 billion – on Monday, officials said.");
    let legacy = env.write("legacy.txt", legacy);
    let out = env.ingest(&[&good, &empty, &binary, &unknown, &jsonl, &missing, &legacy]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (name, reason) in [
        ("empty.txt", "empty"),
        ("image.txt", "not a text file"),
        ("table.xlsx", "unknown file type"),
        ("feed.jsonl:2", "malformed JSON"),
        ("missing.txt", "no such file"),
    ] {
        assert!(stderr.lines().any(|l| l.contains(name) && l.contains(reason)), "no error for {name} in:\n{stderr}");
    }
    let docs = env.export();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["good", "legacy", "ok"]);
    let legacy = docs.iter().find(|d| d["id"] == "legacy").unwrap();
    assert!(legacy["text"].as_str().unwrap().contains("€2.5 billion"));
}

#[test]
fn stdin_is_an_input() {
    let env = Env::new();
    let out = env
        .dossier()
        .args(["ingest", "--db", &env.db(), "-"])
        .write_stdin("{\"id\":\"x\",\"text\":\"Ukraine received IRIS-T systems from Germany.\",\"published\":\"2022-10-11\",\"outlet\":\"Example Wire\"}\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = env.export();
    assert_eq!(docs[0]["published"], "2022-10-11");
    assert_eq!(docs[0]["published_basis"], "metadata");
    assert_eq!(docs[0]["outlet"], "Example Wire");
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    assert_eq!(env.dossier().args(["ingest"]).output().unwrap().status.code(), Some(2));
    assert_eq!(env.dossier().args(["export", "--db", "nope.db"]).output().unwrap().status.code(), Some(2));
    assert_eq!(env.dossier().args(["frobnicate"]).output().unwrap().status.code(), Some(2));
}

#[test]
fn demo_runs_end_to_end() {
    let env = Env::new();
    let out = env.dossier().arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Documents"), "{stdout}");
}

/// The dev articles, when the shared evaluation folder sits beside the checkout.
#[test]
fn dev_articles_metadata_scores() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval");
    if !root.join("score.py").exists() {
        eprintln!("skipped: no shared/eval beside the checkout");
        return;
    }
    let env = Env::new();
    let out = env.ingest(&[&root.join("dev/articles")]);
    assert!(out.status.success());
    let export = env.dossier().args(["export", "--db", &env.db()]).output().unwrap();
    let pred = env.write("pred.jsonl", export.stdout);
    let score = std::process::Command::new("python3")
        .arg(root.join("score.py"))
        .args(["--gold"])
        .arg(root.join("dev/gold"))
        .arg("--pred")
        .arg(&pred)
        .arg("--json")
        .output()
        .unwrap();
    let result: Value = serde_json::from_slice(&score.stdout).unwrap();
    assert_eq!(result["published_accuracy"], 1.0, "{result}");
    // Extraction and reconcile stay above the issues' bars.
    let conflicts = env.dossier().args(["conflicts", "--db", &env.db()]).output().unwrap();
    let conflicts_path = env.write("conflicts.json", conflicts.stdout);
    let scored = std::process::Command::new("python3")
        .arg(root.join("score.py"))
        .arg("--gold")
        .arg(root.join("dev/gold"))
        .arg("--pred")
        .arg(&pred)
        .arg("--conflicts")
        .arg(&conflicts_path)
        .arg("--json")
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&scored.stdout).unwrap();
    let f1 = |k: &str| r[k]["f1"].as_f64().unwrap();
    assert!(f1("quotes") >= 0.85 && f1("quotes_attributed") >= 0.80 && f1("amounts") >= 0.90, "{r}");
    assert!(f1("events_relaxed") >= 0.85 && f1("events_strict") >= 0.70, "{r}");
    assert_eq!(r["conflicts"]["recall"], 1.0, "{r}");
    assert!(r["conflicts"]["reported"].as_u64().unwrap() <= r["conflicts"]["gold"].as_u64().unwrap() + 2, "{r}");
    // The timeline shows each key fact once, with all its sources.
    let timeline = env.dossier().args(["timeline", "--db", &env.db(), "--system", "S-400", "--recipient", "TUR", "--format", "json"]).output().unwrap();
    let stories: Value = serde_json::from_slice(&timeline.stdout).unwrap();
    let facts = stories[0]["facts"].as_array().unwrap();
    for (kind, time, min_sources) in [("deal_signed", "2017-12", 4), ("delivery", "2019-07-12", 3), ("program_exclusion", "2019-07-17", 3), ("sanction", "2020-12", 2)] {
        let matching: Vec<&Value> = facts
            .iter()
            .filter(|f| f["type"] == kind && f["polarity"] == "affirmed" && f["modality"] == "fact" && f["time"].as_str().is_some_and(|t| t.starts_with(&time[..7])))
            .collect();
        assert_eq!(matching.len(), 1, "{kind} {time}: {matching:?}");
        assert_eq!(matching[0]["time"], time);
        let docs: std::collections::BTreeSet<&str> = matching[0]["sources"].as_array().unwrap().iter().map(|s| s["doc"].as_str().unwrap()).collect();
        assert!(docs.len() >= min_sources, "{kind} {time} has sources {docs:?}");
    }
    assert_eq!(result["outlet_accuracy"], 1.0, "{result}");
    let docs = env.export();
    let s003 = docs.iter().find(|d| d["id"] == "s003").unwrap()["text"].as_str().unwrap().to_string();
    let s001 = docs.iter().find(|d| d["id"] == "s001").unwrap()["text"].as_str().unwrap().to_string();
    for chrome in ["Latest News", "Kinzhal", "DEFEA", "IVECO", "Must Read", "Please enter"] {
        assert!(!s003.contains(chrome), "s003 text keeps {chrome:?}");
    }
    for chrome in ["Leave a Reply", "Be the first", "Akismet", "©"] {
        assert!(!s001.contains(chrome), "s001 text keeps {chrome:?}");
    }
}

#[test]
fn syndicated_copies_are_linked_and_counted_once() {
    let env = Env::new();
    let corpus = env.path("gen.jsonl");
    dossier_bench::write_jsonl(&corpus, 5, 150_000).unwrap();
    assert!(env.ingest(&[&corpus]).status.success());
    let docs = env.export();
    let copies: Vec<&Value> = docs.iter().filter(|d| d["title"].as_str().is_some_and(|t| t.ends_with("(update)"))).collect();
    assert!(copies.len() >= 5, "the generator makes one copy in eight");
    let by_id = |id: &str| docs.iter().find(|d| d["id"] == id).unwrap();
    for c in &copies {
        // A copy of gNNN is made just after it; whichever was published first is the original.
        let id = c["id"].as_str().unwrap();
        let n: usize = id[1..].parse().unwrap();
        let prev = format!("g{:08}", n - 1);
        let linked = c["duplicate_of"] == prev.as_str() || by_id(&prev)["duplicate_of"] == id;
        assert!(linked, "{id} and {prev} not linked");
    }
    let linked = docs.iter().filter(|d| !d["duplicate_of"].is_null()).count();
    assert_eq!(linked, copies.len(), "only generated copies are linked");
    // No fact cites a copy: its events count once, through the original.
    let timeline = env.dossier().args(["timeline", "--db", &env.db(), "--format", "json"]).output().unwrap();
    let stories: Value = serde_json::from_slice(&timeline.stdout).unwrap();
    let copy_ids: Vec<&str> = docs.iter().filter(|d| !d["duplicate_of"].is_null()).map(|c| c["id"].as_str().unwrap()).collect();
    for st in stories.as_array().unwrap() {
        for f in st["facts"].as_array().unwrap() {
            for s in f["sources"].as_array().unwrap() {
                assert!(!copy_ids.contains(&s["doc"].as_str().unwrap()), "fact {} cites copy {}", f["id"], s["doc"]);
            }
        }
    }
}

#[test]
fn user_gazetteer_extends_the_bundled_one() {
    let env = Env::new();
    let g = env.write("mine.tsv", "#kind: systems\nZeta-9\tair_defence\tXKX\tZ9|Zeta 9\n");
    let a = env.write("z.txt", "Serbia watches Kosovo's air defence plans\n\nKosovo said on Monday it had received the first Z9 air defence batteries in 2024, officials said.\n");
    let out = env.dossier().args(["ingest", "--db", &env.db(), "--gazetteer"]).arg(&g).arg(&a).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs = env.export();
    assert!(docs[0]["entities"].as_array().unwrap().iter().any(|e| e["id"] == "system:Zeta-9"), "{}", docs[0]["entities"]);
    let bad = env.write("bad.tsv", "no kind line\n");
    let out = env.dossier().args(["ingest", "--db", &env.db(), "--gazetteer"]).arg(&bad).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.tsv"));
}

/// `reprocess` reads stored documents again: with a gazetteer added since
/// ingest, the articles naming its system change and their deal appears
/// among the stories; a dry run says so and writes nothing; a database that
/// does not exist is an error, not a new file.
#[test]
fn reprocess_reads_stored_documents_again() {
    let env = Env::new();
    let g = env.write("mine.tsv", "#kind: systems\nZeta-9\tair_defence\tSRB\tZ9|Zeta 9\n");
    let a = env.write("in/z.txt", "Serbia to sell Zeta-9 batteries\n\nBELGRADE, June 3, 2024 - Serbia signed a contract to sell eight Zeta-9 air defence batteries to Hungary, the defence ministry said on Monday.\n");
    let b = env.write("in/other.txt", "Egypt buys Su-35 fighters\n\nCAIRO, March 18, 2019 - Egypt signed a contract with Russia for 24 Su-35 fighter jets in 2018, the defence ministry said.\n");
    assert!(env.ingest(&[&a, &b]).status.success());
    let reprocess = |extra: &[&str]| {
        let out = env.dossier().args(["reprocess", "--db", &env.db(), "--json", "--gazetteer"]).arg(&g).args(extra).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let systems = || env.json_list("timeline", &[]).iter().map(|s| s["deal"]["system"].clone()).collect::<Vec<_>>();
    assert!(!systems().contains(&Value::from("Zeta-9")));
    let dry = reprocess(&["--dry-run"]);
    assert_eq!((dry["read"].as_u64(), dry["changed"].as_u64(), dry["dry_run"].as_bool()), (Some(2), Some(1), Some(true)), "{dry}");
    assert_eq!(dry["changed_ids"], serde_json::json!(["z"]));
    assert!(!systems().contains(&Value::from("Zeta-9")));
    let done = reprocess(&[]);
    assert_eq!((done["changed"].as_u64(), done["unchanged"].as_u64(), done["failed"].as_array().map(Vec::len)), (Some(1), Some(1), Some(0)), "{done}");
    assert!(systems().contains(&Value::from("Zeta-9")), "{:?}", systems());
    assert_eq!(reprocess(&[])["changed"].as_u64(), Some(0));
    // Without --json: a summary on stderr.
    let out = env.dossier().args(["reprocess", "--db", &env.db()]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("read 2 documents again"), "{}", String::from_utf8_lossy(&out.stderr));
    let missing = env.path("missing.db");
    let out = env.dossier().args(["reprocess", "--db"]).arg(&missing).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(!missing.exists());
}

/// The register's three formats say the same: the CSV's columns and the
/// table's lines carry each field of the JSON, and name the disputed ones.
#[test]
fn register_formats_agree() {
    let env = Env::new();
    let a = env.write(
        "in/a.txt",
        "Egypt buys Su-35 fighters\n\nCAIRO, March 18, 2019 (Nile Post) - Egypt signed a contract with Russia for 24 Su-35 fighter jets in 2018, the defence ministry said on Monday.\n",
    );
    let b = env.write(
        "in/b.txt",
        "Cairo's fighter order\n\nMOSCOW, March 20, 2019 (Steppe Daily) - Egypt signed a contract with Russia for 30 Su-35 fighter jets last year, an industry source said on Wednesday. The deal is worth about $2 billion.\n",
    );
    assert!(env.ingest(&[&a, &b]).status.success());
    let run = |format: &str| {
        let out = env.dossier().args(["register", "--format", format, "--db", &env.db()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let rows: Vec<Value> = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let row = &rows[0];
    assert_eq!((row["supplier"].as_str(), row["recipient"].as_str(), row["designation"].as_str()), (Some("RUS"), Some("EGY"), Some("Su-35")));
    assert_eq!(row["number_ordered"]["disputed"], true, "{row:#}");
    assert_eq!(row["value"]["value"], "2 billion USD");
    // Each outlet credits itself in its dateline: no "based on" itself.
    assert_eq!(row["sources"], serde_json::json!(["a (Nile Post)", "b (Steppe Daily)"]));

    const FIELDS: [&str; 6] = ["number_ordered", "year_of_order", "years_of_delivery", "number_delivered", "value", "status"];
    let csv_text = run("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut expected = vec!["supplier", "recipient", "designation", "description"];
    expected.extend(FIELDS);
    expected.extend(["disputed_fields", "comments", "sources", "later_orders"]);
    assert_eq!(header, expected);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    let col = |name: &str| &records[0][header.iter().position(|h| h == name).unwrap()];
    assert_eq!(col("designation"), "Su-35");
    assert_eq!(col("disputed_fields"), "number_ordered");
    assert_eq!(col("sources"), "a (Nile Post); b (Steppe Daily)");
    let table = run("table");
    for name in FIELDS {
        let field = &row[name];
        let shown = col(name);
        match field["value"].as_str() {
            None => assert_eq!(shown, "-", "{name}"),
            Some(_) if field["disputed"] == true => {
                for value in field["values"].as_array().unwrap() {
                    assert!(shown.contains(value.as_str().unwrap()), "{name}: {shown:?} lacks {value}");
                }
                assert!(shown.contains("DISPUTED"), "{name}: {shown:?}");
            }
            Some(v) => assert_eq!(shown, v, "{name}"),
        }
        // The table has a line for the field, with the CSV's value.
        let label = name.replace('_', " ");
        let line = table.lines().find(|l| l.trim_start().starts_with(&format!("{label} "))).unwrap_or_else(|| panic!("no {label:?} line in {table}"));
        assert!(line.contains(shown), "{line:?} lacks {shown:?}");
    }
    assert!(table.starts_with("RUS → EGY: Su-35"), "{table}");
}

/// `dossier register` sorts, filters and pages as the web UI's register
/// does, and still gives each row whole (every claim), as without options.
#[test]
fn register_sorted_filtered_and_in_pages() {
    let env = Env::demo();
    let json = |args: &[&str]| env.json_list("register", args);
    let all = json(&[]);
    assert!(all.len() >= 3, "{all:#?}");
    let story = |r: &Value| r["story"].as_str().unwrap().to_string();
    // Deal order and whole rows, a page at a time.
    assert!(json(&["--limit", "1000"]) == all, "a limit changed the rows");
    let mut paged = json(&["--limit", "2"]);
    paged.extend(json(&["--limit", "2", "--offset", "2"]));
    assert!(paged == all[..4.min(all.len())], "pages differ from the whole");
    assert!(json(&["--limit", "1", "--offset", "1"]) == all[1..2]);
    // Sorted by the parties' names.
    let names: Vec<String> = json(&["--sort", "deal"]).iter().map(|r| format!("{} {}", r["supplier"], r["recipient"])).collect();
    assert_eq!(names.len(), all.len());
    // Descending is the reverse of ascending for distinct sources counts' ties broken by deal.
    let up: Vec<String> = json(&["--sort", "sources"]).iter().map(story).collect();
    let down: Vec<String> = json(&["--sort", "sources", "--desc"]).iter().map(story).collect();
    let count = |id: &String| all.iter().find(|r| story(r) == *id).unwrap()["sources"].as_array().unwrap().len();
    assert!(up.windows(2).all(|w| count(&w[0]) <= count(&w[1])), "{up:?}");
    assert!(down.windows(2).all(|w| count(&w[0]) >= count(&w[1])), "{down:?}");
    assert_eq!(up.len(), all.len());
    assert!(count(&up[0]) < count(&down[0]), "every deal has as many sources");
    // Disputed rows only, and rows holding every word.
    const FIELDS: [&str; 6] = ["number_ordered", "year_of_order", "years_of_delivery", "number_delivered", "value", "status"];
    let disputed_field = |r: &Value| FIELDS.iter().any(|f| r[f]["disputed"] == true);
    let disputed = json(&["--disputed"]);
    let want: Vec<&Value> = all.iter().filter(|r| disputed_field(r)).collect();
    assert!(!want.is_empty() && want.len() < all.len());
    assert!(disputed.iter().collect::<Vec<_>>() == want, "disputed rows differ");
    // The words are looked for in the names, values, comments and sources.
    let text = |r: &Value| {
        let mut parts: Vec<String> = ["supplier", "recipient", "designation", "description", "comments"].iter().filter_map(|k| r[k].as_str().map(String::from)).collect();
        for f in FIELDS {
            parts.extend(r[f]["value"].as_str().map(String::from));
            parts.extend(r[f]["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()));
        }
        parts.extend(r["sources"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()));
        parts.join("\n").to_lowercase()
    };
    for words in ["Regiments", "abrams TANKS", "k9 framework"] {
        let found: Vec<String> = json(&["--words", words]).iter().map(story).collect();
        let want: Vec<String> = all.iter().filter(|r| words.to_lowercase().split_whitespace().all(|w| text(r).contains(w))).map(story).collect();
        assert!(!want.is_empty() && want.len() < all.len(), "{words}: {want:?}");
        assert_eq!(found, want, "{words}");
    }
    assert!(json(&["--words", "zzzz-no-such-word"]).is_empty());
    // Filters by party combine with the options.
    let tur = json(&["--recipient", "TUR", "--sort", "value"]);
    assert!(!tur.is_empty() && tur.iter().all(|r| r["recipient"] == "TUR"));
    // Usage errors: an unknown column, descending without a column.
    for args in [&["--sort", "price"][..], &["--desc"][..]] {
        let out = env.dossier().args(["register", "--db", &env.db()]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// A database whose stored claims and stories an earlier version derived
/// otherwise (here: rows taken away) fails the check, names the deals, and
/// `check --repair` brings them back to what a fresh ingest stores.
#[test]
fn check_repair_recomputes_deals_derived_otherwise() {
    let env = Env::demo();
    let output = |args: &[&str]| env.dossier().args(args).args(["--db", &env.db()]).output().unwrap();
    let register = |format: &str| String::from_utf8(output(&["register", "--format", format]).stdout).unwrap();
    let (export, rows, conflicts) = (env.export(), register("json"), String::from_utf8(output(&["conflicts", "--format", "json"]).stdout).unwrap());
    let check = |repair: bool| {
        let mut args = vec!["check"];
        if repair {
            args.push("--repair");
        }
        let out = output(&args);
        (out.status.code(), serde_json::from_slice::<Value>(&out.stdout).unwrap())
    };
    let (code, clean) = check(false);
    assert_eq!(code, Some(0), "{clean}");
    assert_eq!(clean["mismatched_deals"], serde_json::json!([]));

    // One deal's claims from one document, and another deal's story, lost.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let (supplier, recipient, system): (String, String, String) = conn
        .query_row("SELECT supplier, recipient, system FROM deal_claims WHERE system = 'S-400' AND recipient = 'IND' LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    conn.execute("DELETE FROM deal_claims WHERE rowid = (SELECT min(rowid) FROM deal_claims WHERE supplier = ?1 AND recipient = ?2 AND system = ?3)", [&supplier, &recipient, &system]).unwrap();
    // Deleted with the foreign keys off (as another program may): its
    // conflicts and register row stay behind.
    let (story, lost): (String, String) = conn
        .query_row("SELECT id, system FROM stories WHERE id IN (SELECT story FROM conflicts) AND system <> ?1 LIMIT 1", [&system], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("DELETE FROM stories WHERE id = ?1", [&story]).unwrap();
    assert!(conn.query_row("SELECT count(*) FROM conflicts WHERE story = ?1", [&story], |r| r.get::<_, i64>(0)).unwrap() > 0);
    drop(conn);

    let (code, stale) = check(false);
    assert_eq!(code, Some(1), "{stale}");
    let named = stale["mismatched_deals"].as_array().unwrap();
    assert!(named.iter().any(|d| d.as_str().unwrap().ends_with(&format!(": {system}")) && d.as_str().unwrap().contains(&recipient)), "{stale}");
    assert!(named.iter().any(|d| d.as_str().unwrap().ends_with(&format!(": {lost}"))), "{stale}");
    // The first deal's story is still as it was: its stored claims alone,
    // which the next ingest would rebuild it from, differ, and are found.
    let row_of = |json: &str| -> Value {
        let all: Vec<Value> = serde_json::from_str(json).unwrap();
        all.into_iter().find(|r| r["recipient"] == recipient.as_str() && r["designation"] == system.as_str()).unwrap()
    };
    assert_eq!(row_of(&register("json")), row_of(&rows));

    let (code, repaired) = check(true);
    assert_eq!(code, Some(0), "{repaired}");
    assert_eq!(repaired["stories_match_full_recompute"], true);
    assert_eq!(repaired["repaired_deals"], stale["mismatched_deals"]);
    assert_eq!(repaired["mismatched_deals"], serde_json::json!([]));
    assert!(env.export() == export, "documents changed");
    assert_eq!(register("json"), rows);
    assert_eq!(String::from_utf8(output(&["conflicts", "--format", "json"]).stdout).unwrap(), conflicts);
    // A repair of a database that matches changes nothing.
    let (code, again) = check(true);
    assert_eq!(code, Some(0));
    assert_eq!(again["repaired_deals"], serde_json::json!([]));
}

/// `dossier timeline --sources N` lists at most N sources a fact and says
/// how many more there are; its JSON says how many each fact has.
#[test]
fn timeline_with_a_few_sources_a_fact() {
    let env = Env::demo();
    let run = |args: &[&str]| {
        let out = env.dossier().args(["timeline", "--db", &env.db()]).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let whole: Vec<Value> = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    let cut: Vec<Value> = serde_json::from_str(&run(&["--format", "json", "--sources", "1"])).unwrap();
    assert_eq!(whole.len(), cut.len());
    let mut more = Vec::new();
    for (w, c) in whole.iter().zip(&cut) {
        assert_eq!(w["id"], c["id"]);
        for (wf, cf) in w["facts"].as_array().unwrap().iter().zip(c["facts"].as_array().unwrap()) {
            let n = wf["sources"].as_array().unwrap().len();
            assert_eq!(cf["n_sources"].as_u64().unwrap() as usize, n);
            assert_eq!(cf["sources"].as_array().unwrap().len(), n.min(1));
            if n > 1 {
                more.push(n - 1);
            }
        }
    }
    assert!(!more.is_empty(), "no fact with two sources");
    let text = run(&["--sources", "1"]);
    let said: Vec<usize> = text.lines().filter_map(|l| l.trim().strip_prefix("… and ")?.strip_suffix(" more source(s)")?.parse().ok()).collect();
    assert_eq!(said, more);
    let full = run(&[]);
    assert!(!full.contains("more source(s)"));
    assert!(text.lines().count() < full.lines().count());
}

/// The disputes planted in the demo corpus (its README lists them) are
/// each reported once, citing the documents that disagree.
#[test]
fn demo_corpus_disputes_are_found() {
    let env = Env::demo();
    let all = env.json_list("conflicts", &[]);
    let cites = |c: &Value, doc: &str| c["claims"].as_array().unwrap().iter().any(|x| x["doc"].as_str().is_some_and(|d| d.starts_with(doc)));
    for (field, a, b) in [("time", "a04", "a01"), ("value", "b03", "m02"), ("status", "a09", "a10")] {
        let found: Vec<&Value> = all.iter().filter(|c| c["field"] == field && cites(c, a) && cites(c, b)).collect();
        assert_eq!(found.len(), 1, "{field} conflict between {a} and {b}: {all:#?}");
    }
}

/// The demo corpus's second K2 contract (b05) is an order of its own in
/// the register, in every format; the first contract's fields are not its.
#[test]
fn demo_corpus_further_order_in_every_register_format() {
    let env = Env::demo();
    let run = |format: &str| {
        let out = env.dossier().args(["register", "--format", format, "--db", &env.db()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let rows: Vec<Value> = serde_json::from_str(&run("json")).unwrap();
    let k2 = rows.iter().find(|r| r["designation"] == "K2").unwrap_or_else(|| panic!("no K2 row: {rows:#?}"));
    let orders = k2["later_orders"].as_array().unwrap_or_else(|| panic!("{k2:#}"));
    assert_eq!(orders.len(), 1, "{k2:#}");
    let second = &orders[0];
    assert_eq!(second["batch"], "second");
    assert_eq!(second["year_of_order"]["value"], "2025");
    assert!(second["value"]["value"].as_str().is_some_and(|v| v.starts_with("6.5 billion")), "{second:#}");
    let cites = |f: &Value, doc: &str| f["claims"].as_array().unwrap().iter().any(|c| c["doc"].as_str().is_some_and(|d| d.starts_with(doc)));
    assert!(cites(&second["number_ordered"], "b05"), "{second:#}");
    let stated = |f: &Value, v: &str| f["claims"].as_array().unwrap().iter().any(|c| c["value"].as_str().is_some_and(|x| x.starts_with(v)));
    assert!(!stated(&k2["year_of_order"], "2025") && !stated(&k2["value"], "6.5 billion"), "{k2:#}");
    // Other rows have none (K9's "second contract signed the same day" is K2's companion).
    assert!(rows.iter().filter(|r| r["designation"] != "K2").all(|r| r.get("later_orders").is_none()), "{rows:#?}");
    let csv_text = run("csv");
    let line = csv_text.lines().find(|l| l.contains(",K2,")).unwrap();
    assert!(line.contains("second batch: 180 main battle tanks, 2025, 6.5 billion USD, ordered"), "{line}");
    let table = run("table");
    let block = table.split("\n\n").find(|b| b.contains(": K2 ")).unwrap();
    assert!(block.contains("\n  second batch\n    number ordered   180 main battle tanks"), "{block}");
}

/// `dossier conflicts` narrows to one deal, one field, a page: what the
/// whole list filtered and cut gives.
#[test]
fn conflicts_of_one_deal_one_field_a_page() {
    let env = Env::demo();
    let run = |args: &[&str]| env.json_list("conflicts", args);
    let all = run(&[]);
    assert!(all.len() >= 2, "{all:#?}");
    let (story, field) = (all[0]["story"].as_str().unwrap(), all[0]["field"].as_str().unwrap());
    let want: Vec<Value> = all.iter().filter(|c| c["story"] == story).cloned().collect();
    assert_eq!(run(&["--story", story]), want);
    let want: Vec<Value> = all.iter().filter(|c| c["field"] == field).cloned().collect();
    assert_eq!(run(&["--field", field]), want);
    assert_eq!(run(&["--limit", "1", "--offset", "1"]), all[1..2]);
    assert!(run(&["--story", "no-such-deal"]).is_empty());
}
