//! Hostile and broken inputs, generated here, through the real binary: each
//! gets a clear error naming it, the rest of the batch lands, exit status 1.
//! And crash safety: `dossier ingest` killed with SIGKILL at random points,
//! then re-run, leaves a sound database with every input stored once and
//! stories equal to a full recompute.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

const GOOD: &str = "Egypt received three more Rafale jets\n\nCAIRO, March 3 (Example Wire) - Egypt received three more Rafale jets from France in 2021, the defence ministry said, bringing its fleet to 27.\n";

fn dossier(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("dossier").unwrap();
    c.current_dir(dir).env("CI", "1");
    c
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn export_ids(dir: &Path, db: &str) -> Vec<String> {
    let out = dossier(dir).args(["export", "--db", db]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn hostile_inputs_are_named_and_the_rest_lands() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir_all(&d).unwrap();
    let w = |name: &str, bytes: &[u8]| -> PathBuf {
        let p = d.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    w("good.txt", GOOD.as_bytes());
    // Binary data and NUL bytes.
    w("binary.txt", &(0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect::<Vec<_>>());
    w("nul.txt", b"Poland \0\0\0\0 ordered\0\0\0 tanks\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0");
    // Invalid UTF-8 in a legacy encoding is decoded, not refused.
    w("latin1.txt", b"Gr\xe8ce and France signed the Rafale contract on Monday, the minist\xe8re said in a statement.\n");
    // A 100 MB single line.
    {
        let f = std::fs::File::create(d.join("huge-line.txt")).unwrap();
        let mut f = std::io::BufWriter::new(f);
        let chunk = "tanks ".repeat(10_000);
        for _ in 0..(100_000_000 / chunk.len()) {
            f.write_all(chunk.as_bytes()).unwrap();
        }
    }
    // A gzip bomb: a small file that expands to 256 MB of zeros, over 1000 times its size.
    {
        let f = std::fs::File::create(d.join("bomb.jsonl.gz")).unwrap();
        let mut e = flate2::write::GzEncoder::new(f, flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..256 {
            e.write_all(&zeros).unwrap();
        }
        e.finish().unwrap();
    }
    // HTML nested 100,000 deep.
    w("deep.html", format!("<html><body>{}<p>Greece ordered six more Rafale jets from France, officials said on Friday.</p>{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000)).as_bytes());
    // 15 MB of elements with 500 attributes each: parsed as a tree, it
    // took ingest to 369 MB.
    {
        let names: String = (0..500).map(|i| format!(" a{i}")).collect();
        let element = format!("<i{names}>x</i>\n");
        let body = element.repeat(15 * 1024 * 1024 / element.len());
        w("attributes.html", format!("<html><body><p>Greece ordered six more Rafale jets from France, officials said on Friday.</p>{body}</body></html>").as_bytes());
    }
    // 370 KB of paragraphs after an unclosed <b> with 2,000 attributes: the
    // parser reopens the <b> in every paragraph (11 GB and counting).
    {
        let names: String = (0..2000).map(|i| format!(" a{i}")).collect();
        w("reopened.html", format!("<html><body><p>Greece ordered six more Rafale jets from France, officials said on Friday.</p><p><b{names}>x</p>{}</body></html>", "<p>y".repeat(90_000)).as_bytes());
    }
    // A truncated gzip: its first record lands, then a clear error.
    let full = gzip(format!("{}\n{}\n", serde_json::json!({"id": "gz-1", "text": GOOD}), serde_json::json!({"id": "gz-2", "text": GOOD.replace("three", "four")})).as_bytes());
    w("truncated.jsonl.gz", &full[..full.len() - 20]);
    // A feed on which the XML parser itself panics (quick-xml, found by
    // fuzzing): refused by name, and no panic message reaches the terminal.
    w("parser-panic.xml", include_bytes!("../../ingest/tests/fixtures/fuzz/feeds-crash-c8dbe9ac.xml"));
    // A feed of 17 MB: parsed whole, it would take several times that.
    {
        let item = "<item><title>T</title><description>Poland ordered tanks from Korea, officials said.</description></item>";
        let items = item.repeat(17 * 1024 * 1024 / item.len() + 1);
        w("huge-feed.xml", format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>{items}</channel></rss>").as_bytes());
    }
    // A JSONL line of 50 MB.
    w("long.jsonl", format!("{}\n{}\n", serde_json::json!({"id": "long", "text": "x".repeat(50_000_000)}), serde_json::json!({"id": "after-long", "text": GOOD})).as_bytes());

    // 200 KB with no sentence end, thousands of speech verbs and event
    // triggers: reading each as a frame once cost the cube of the
    // sentence's length (hours for this one); it lands like any text.
    w("run-on.txt", format!("The deal, an official said {}.\n", "n said, Ankara denied reports that Russia sold S-400 systems to Turkey and ".repeat(2_700)).as_bytes());

    let db = tmp.path().join("h.db").to_string_lossy().into_owned();
    let out = dossier(tmp.path()).args(["ingest", "--today", "2026-11-25", "--db", &db]).arg(&d).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for (name, reason) in [
        ("binary.txt", "not a text file"),
        ("nul.txt", "not a text file"),
        ("huge-line.txt", "larger than"),
        ("bomb.jsonl.gz", ""),
        ("truncated.jsonl.gz", "corrupt or truncated"),
        ("long.jsonl:1", "longer than"),
        ("parser-panic.xml", "not a readable RSS or Atom feed"),
        ("huge-feed.xml", "feed larger than 16 MiB"),
    ] {
        assert!(stderr.lines().any(|l| l.contains(name) && l.contains(reason)), "no error for {name} ({reason}) in:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"), "a panic message reached the terminal:\n{stderr}");
    let ids = export_ids(tmp.path(), &db);
    for id in ["good", "latin1", "deep", "attributes", "reopened", "gz-1", "after-long", "run-on"] {
        assert!(ids.contains(&id.to_string()), "{id} missing from {ids:?}");
    }
    let check = dossier(tmp.path()).args(["check", "--db", &db]).output().unwrap();
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["integrity"], "ok");
}

#[test]
fn killed_ingest_recovers_without_loss_or_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus.jsonl");
    let (docs, _) = dossier_bench::write_jsonl(&corpus, 11, 1_500_000).unwrap();
    let db = tmp.path().join("k.db").to_string_lossy().into_owned();
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let mut rng = dossier_bench::Rng::new(99);
    for _ in 0..6 {
        let mut child = std::process::Command::new(&bin)
            .args(["ingest", "--quiet", "--today", "2026-11-25", "--db", &db])
            .arg(&corpus)
            .env("CI", "1")
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(rng.range(50, 1500)));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = dossier(tmp.path()).args(["ingest", "--quiet", "--today", "2026-11-25", "--db", &db]).arg(&corpus).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ids = export_ids(tmp.path(), &db);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a document was stored twice");
    assert_eq!(ids.len(), docs, "every input stored exactly once");
    let check = dossier(tmp.path()).args(["check", "--db", &db]).output().unwrap();
    let v: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(v["integrity"], "ok", "{v}");
    assert_eq!(v["dirty_deals"], 0, "{v}");
    assert_eq!(v["stories_match_full_recompute"], true, "{v}");
}
