//! Readers of feeds and web archives, hostile inputs among them.
//!
//! The feeds are small fixtures of our own in `tests/fixtures/feeds/`; the
//! WARC files are built here, record by record, so each test shows what it
//! feeds the reader. The streaming test writes a large WARC.gz (200 MB of
//! HTML by default; `DOSSIER_WARC_STREAM_MB` sets another size) and checks
//! that reading it keeps memory flat.

use dossier_ingest::read::{read_path, read_stdin, Format, InputError, RawInput, MAX_RECORD_BYTES};
use dossier_ingest::{prepare, Body, Config};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readers").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read_all(path: &Path) -> (Vec<RawInput>, Vec<InputError>) {
    let (mut ok, mut errors) = (Vec::new(), Vec::new());
    read_path(path, &mut |r| match r {
        Ok(input) => ok.push(input),
        Err(e) => errors.push(e),
    });
    (ok, errors)
}

fn html_of(input: &RawInput) -> String {
    match &input.body {
        Body::Html(s) | Body::Text(s) => s.clone(),
        Body::HtmlBytes(b) | Body::TextBytes(b) => String::from_utf8_lossy(b).into_owned(),
    }
}

fn config() -> Config {
    Config { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() }
}

// ---------------------------------------------------------------- feeds

#[test]
fn rss_items_carry_ids_links_dates_and_titles() {
    let path = fixture("feeds/arms.rss");
    let (items, errors) = read_all(&path);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(items.len(), 3);
    let origin = path.display().to_string();

    let first = &items[0];
    assert_eq!(first.id, "hdr-2021-0304-radar");
    assert_eq!(first.url.as_deref(), Some("https://defence-review.example/2021/03/04/norland-radar"));
    assert_eq!(first.given.title.as_deref(), Some("Norland signs contract for four coastal radar batteries"));
    // The publisher's local day, not the day in UTC (22:30 on the 4th).
    assert_eq!(first.given.published.as_deref(), Some("2021-03-05"));
    assert_eq!(first.given.outlet.as_deref(), Some("Harbour Defence Review"));
    assert_eq!(first.origin, format!("{origin}#1"));
    // content:encoded wins over the description.
    assert!(matches!(&first.body, Body::Html(h) if h.contains("300 million euros")), "{:?}", first.body);

    // No guid: the link is the id; only a short description: still handed on.
    assert_eq!(items[1].id, "https://defence-review.example/2021/03/06/patrol-boats");
    assert_eq!(items[1].given.published.as_deref(), Some("2021-03-06"));
    assert!(html_of(&items[1]).contains("second week"));
    assert_eq!(items[1].origin, format!("{origin}#2"));

    assert_eq!(items[2].id, "https://defence-review.example/?p=8812");
    assert_eq!(items[2].given.title.as_deref(), Some("Westmark & Norland review training deal"));
    assert_eq!(items[2].given.published.as_deref(), Some("2021-03-08"));
    assert!(matches!(&items[2].body, Body::Html(h) if h.starts_with("<p>Westmark")), "{:?}", items[2].body);
}

#[test]
fn atom_entries_carry_ids_links_dates_and_titles() {
    let (entries, errors) = read_all(&fixture("feeds/arms.atom"));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(entries.len(), 3);
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tag:security-monitor.example,2021:entry-101",
            "tag:security-monitor.example,2021:entry-102",
            "tag:security-monitor.example,2021:entry-103"
        ]
    );
    let first = &entries[0];
    assert_eq!(first.url.as_deref(), Some("https://security-monitor.example/news/101-eastport-frigate"));
    // An HTML title loses its tags; published wins over updated, on the local day.
    assert_eq!(first.given.title.as_deref(), Some("Eastport receives first frigate"));
    assert_eq!(first.given.published.as_deref(), Some("2021-04-10"));
    assert_eq!(first.given.outlet.as_deref(), Some("Coastal Security Monitor"));
    assert!(matches!(&first.body, Body::Html(h) if h.contains("first of two frigates")));

    // Only a summary and an updated date.
    assert_eq!(entries[1].given.published.as_deref(), Some("2021-04-11"));
    assert!(html_of(&entries[1]).contains("twelve reconnaissance drones"));

    // Plain-text content stays text.
    assert_eq!(entries[2].url.as_deref(), Some("https://security-monitor.example/news/103-missiles"));
    assert!(matches!(&entries[2].body, Body::Text(t) if t.starts_with("The two governments")));
}

#[test]
fn feed_entries_without_id_or_link_are_named_by_file_and_index() {
    let dir = scratch("feed_without_ids");
    let path = dir.join("wire.xml");
    std::fs::write(
        &path,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>\
         <item><title>One</title><description>First dispatch of the day.</description></item>\
         <item><title>Two</title></item>\
         <item><title>Three</title><description>Third dispatch of the day.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let (items, errors) = read_all(&path);
    let ids: Vec<&str> = items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["wire-1", "wire-3"]);
    assert!(items.iter().all(|i| i.url.is_none()));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].input, format!("{}#2", path.display()));
    assert!(errors[0].reason.contains("neither content nor a summary"), "{}", errors[0].reason);
}

#[test]
fn billion_laughs_feed_is_refused_by_name() {
    let dir = scratch("billion_laughs");
    let path = dir.join("laughs.rss");
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n  <!ENTITY lol \"lol\">\n");
    doc.push_str("  <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for i in 2..=9 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        doc.push_str(&format!("  <!ENTITY lol{i} \"{prev}\">\n"));
    }
    doc.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title>");
    doc.push_str("<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>\n");
    std::fs::write(&path, &doc).unwrap();

    let (items, errors) = read_all(&path);
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].input, path.display().to_string());
    assert!(errors[0].reason.contains("entity declarations are not accepted"), "{}", errors[0].reason);
}

#[test]
fn deeply_nested_feed_is_refused() {
    let dir = scratch("deep_feed");
    let path = dir.join("deep.xml");
    let depth = 100_000;
    let doc = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Deep</title><item><title>x</title><description>{}{}</description></item></channel></rss>",
        "<x>".repeat(depth),
        "</x>".repeat(depth)
    );
    std::fs::write(&path, doc).unwrap();
    let (items, errors) = read_all(&path);
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].input, path.display().to_string());
    assert!(errors[0].reason.contains("not a readable RSS or Atom feed"), "{}", errors[0].reason);
}

#[test]
fn xml_that_is_no_feed_is_one_clear_error() {
    let dir = scratch("not_a_feed");
    let path = dir.join("sitemap.xml");
    std::fs::write(&path, "<?xml version=\"1.0\"?><urlset><url><loc>https://a.example/</loc></url></urlset>").unwrap();
    let (items, errors) = read_all(&path);
    assert!(items.is_empty());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].input, path.display().to_string());
    assert!(errors[0].reason.contains("not a readable RSS or Atom feed"), "{}", errors[0].reason);
}

#[test]
fn feed_on_stdin_is_detected() {
    let bytes = std::fs::read(fixture("feeds/arms.rss")).unwrap();
    let mut items = Vec::new();
    read_stdin(&bytes[..], &mut |r| items.push(r.unwrap()));
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].origin, "stdin#1");
    assert_eq!(items[0].id, "hdr-2021-0304-radar");
}

// ---------------------------------------------------------------- WARC

const WARC_DATE: &str = "2021-05-17T08:30:00Z";

fn warc_record(warc_type: &str, uri: &str, date: &str, block: &[u8]) -> Vec<u8> {
    let content_type = match warc_type {
        "request" => "application/http; msgtype=request",
        "response" => "application/http; msgtype=response",
        _ => "application/warc-fields",
    };
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{:032x}>\r\nWARC-Date: {date}\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len() * 7919 + block.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

fn page(title: &str, paragraph: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{paragraph}</p><p>The contract includes training and spare parts, officials said.</p></article></body></html>"
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The records of a small crawl: a request, an HTML page, an image, a
/// chunked HTML page, a gzip-encoded HTML page, a 404 page and a metadata
/// record. Three of them are articles.
fn small_crawl() -> Vec<Vec<u8>> {
    let request = b"GET /news/radar HTTP/1.1\r\nHost: port-gazette.example\r\n\r\n".to_vec();
    let radar = page("Radar contract signed", "Norland signed a contract for coastal radars on Monday.");
    let chunked_page = page("Frigate delivered", "Eastport received its first frigate, the navy said.");
    let mut chunked = Vec::new();
    for part in chunked_page.as_bytes().chunks(50) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let drones = page("Drone offer studied", "The inland republic is studying offers for twelve drones.");
    vec![
        warc_record("warcinfo", "", WARC_DATE, b"software: readers test\r\nformat: WARC File Format 1.1\r\n"),
        warc_record("request", "https://port-gazette.example/news/radar", WARC_DATE, &request),
        warc_record(
            "response",
            "https://port-gazette.example/news/radar",
            WARC_DATE,
            &http_response("200 OK", &[("Content-Type", "text/html; charset=utf-8")], radar.as_bytes()),
        ),
        warc_record(
            "response",
            "https://port-gazette.example/img/radar.png",
            WARC_DATE,
            &http_response(
                "200 OK",
                &[("Content-Type", "image/png")],
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake image bytes",
            ),
        ),
        warc_record(
            "response",
            "https://port-gazette.example/news/frigate",
            "2021-05-18T23:59:59Z",
            &http_response("200 OK", &[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")], &chunked),
        ),
        warc_record(
            "response",
            "https://port-gazette.example/news/drones",
            "2021-05-19T06:00:00.250Z",
            &http_response(
                "200 OK",
                &[("Content-Type", "application/xhtml+xml"), ("Content-Encoding", "gzip")],
                &gzip(drones.as_bytes()),
            ),
        ),
        warc_record(
            "response",
            "https://port-gazette.example/missing",
            WARC_DATE,
            &http_response("404 Not Found", &[("Content-Type", "text/html")], b"<html><body>Not found</body></html>"),
        ),
        warc_record("metadata", "https://port-gazette.example/news/radar", WARC_DATE, b"outlinks: none\r\n"),
    ]
}

fn write_warc(path: &Path, records: &[Vec<u8>], gzip_each: bool) {
    let mut file = std::fs::File::create(path).unwrap();
    for record in records {
        if gzip_each {
            file.write_all(&gzip(record)).unwrap();
        } else {
            file.write_all(record).unwrap();
        }
    }
}

fn check_small_crawl(path: &Path) {
    let (pages, errors) = read_all(path);
    assert!(errors.is_empty(), "{errors:?}");
    let urls: Vec<&str> = pages.iter().map(|p| p.url.as_deref().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://port-gazette.example/news/radar",
            "https://port-gazette.example/news/frigate",
            "https://port-gazette.example/news/drones"
        ]
    );
    let days: Vec<&str> = pages.iter().map(|p| p.given.captured.as_deref().unwrap()).collect();
    assert_eq!(days, ["2021-05-17", "2021-05-18", "2021-05-19"]);
    let origin = path.display().to_string();
    let origins: Vec<String> = pages.iter().map(|p| p.origin.clone()).collect();
    assert_eq!(origins, [format!("{origin}#record 3"), format!("{origin}#record 5"), format!("{origin}#record 6")]);
    for p in &pages {
        assert!(matches!(p.body, Body::HtmlBytes(_)));
        assert_eq!(p.id.len(), 16);
        assert!(p.id.chars().all(|c| c.is_ascii_hexdigit()));
    }
    // The id is stable: the same URI gives the same id.
    let (again, _) = read_all(path);
    assert_eq!(again[0].id, pages[0].id);
    assert_ne!(pages[0].id, pages[1].id);
    // Chunks joined, gzip undone.
    let frigate = html_of(&pages[1]);
    assert!(frigate.starts_with("<!doctype html>") && frigate.ends_with("</html>"), "{frigate}");
    assert!(frigate.contains("Eastport received its first frigate"));
    assert!(html_of(&pages[2]).contains("twelve drones"));
}

#[test]
fn warc_yields_exactly_the_html_responses() {
    let dir = scratch("warc_plain");
    let path = dir.join("crawl.warc");
    write_warc(&path, &small_crawl(), false);
    check_small_crawl(&path);
}

#[test]
fn warc_gz_yields_exactly_the_html_responses() {
    let dir = scratch("warc_gz");
    // One gzip member per record, as crawlers write them.
    let path = dir.join("crawl.warc.gz");
    write_warc(&path, &small_crawl(), true);
    check_small_crawl(&path);
    // One gzip stream for the whole file reads the same.
    let whole = dir.join("whole.warc.gz");
    std::fs::write(&whole, gzip(&small_crawl().concat())).unwrap();
    let (pages, errors) = read_all(&whole);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages.len(), 3);
}

#[test]
fn warc_on_stdin_is_streamed() {
    let bytes = small_crawl().concat();
    let mut pages = Vec::new();
    read_stdin(&bytes[..], &mut |r| pages.push(r.unwrap()));
    assert_eq!(pages.len(), 3);
    assert_eq!(pages[0].origin, "stdin#record 3");
}

#[test]
fn truncated_warc_gz_keeps_the_records_before_and_says_where() {
    let dir = scratch("warc_truncated");
    let records = small_crawl();
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    // Cut the file in the middle of the fifth record (the chunked page).
    let before: usize = members[..4].iter().map(Vec::len).sum();
    let mut bytes = members.concat();
    bytes.truncate(before + members[4].len() / 2);
    let path = dir.join("cut.warc.gz");
    std::fs::write(&path, &bytes).unwrap();

    let (pages, errors) = read_all(&path);
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert_eq!(pages[0].url.as_deref(), Some("https://port-gazette.example/news/radar"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].input, format!("{}#record 5", path.display()));
    assert!(errors[0].reason.contains("truncated"), "{}", errors[0].reason);
}

#[test]
fn truncated_plain_warc_keeps_the_records_before_and_says_where() {
    let dir = scratch("warc_truncated_plain");
    let records = small_crawl();
    let before: usize = records[..5].iter().map(Vec::len).sum();
    let mut bytes = records.concat();
    bytes.truncate(before + 200);
    let path = dir.join("cut.warc");
    std::fs::write(&path, &bytes).unwrap();
    let (pages, errors) = read_all(&path);
    assert_eq!(pages.len(), 2);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].input, format!("{}#record 6", path.display()));
    assert!(errors[0].reason.contains("truncated"), "{}", errors[0].reason);
}

#[test]
fn oversized_warc_record_is_skipped_by_name() {
    let dir = scratch("warc_oversized");
    let huge = format!("<html><body><p>{}</p></body></html>", "x".repeat(MAX_RECORD_BYTES as usize + 10));
    let records = vec![
        warc_record(
            "response",
            "https://big.example/huge",
            WARC_DATE,
            &http_response("200 OK", &[("Content-Type", "text/html")], huge.as_bytes()),
        ),
        small_crawl()[2].clone(),
    ];
    let path = dir.join("big.warc");
    write_warc(&path, &records, false);
    let (pages, errors) = read_all(&path);
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].url.as_deref(), Some("https://port-gazette.example/news/radar"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].input, format!("{}#record 1", path.display()));
    assert!(errors[0].reason.contains("larger than 16 MiB"), "{}", errors[0].reason);
}

#[test]
fn gzip_bomb_in_a_warc_gz_is_stopped_by_name() {
    let dir = scratch("warc_bomb");
    let path = dir.join("bomb.warc.gz");
    // One page, then a "response" of 300 MB of zeros: about 300 KB packed.
    let zeros = 300 * 1024 * 1024;
    let mut enc = GzEncoder::new(std::fs::File::create(&path).unwrap(), Compression::default());
    enc.write_all(&small_crawl()[2]).unwrap();
    let http = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n";
    let head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\nContent-Length: {}\r\n\r\n{http}",
        zeros + http.len()
    );
    enc.write_all(head.as_bytes()).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..zeros >> 20 {
        enc.write_all(&block).unwrap();
    }
    enc.finish().unwrap();

    let (pages, errors) = read_all(&path);
    assert_eq!(pages.len(), 1);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].input, format!("{}#record 2", path.display()));
    assert!(errors[0].reason.contains("decompression bomb"), "{}", errors[0].reason);
}

#[test]
fn garbage_where_a_record_should_start_stops_the_file_with_one_error() {
    let dir = scratch("warc_garbage");
    let mut bytes = small_crawl()[2].clone();
    bytes.extend_from_slice(b"this is not a record header\r\n");
    let path = dir.join("bad.warc");
    std::fs::write(&path, &bytes).unwrap();
    let (pages, errors) = read_all(&path);
    assert_eq!(pages.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].input, format!("{}#record 2", path.display()));
    assert!(errors[0].reason.contains("expected a WARC record header"), "{}", errors[0].reason);
}

// ---------------------------------------------------------------- batches

#[test]
fn a_batch_with_hostile_inputs_keeps_the_good_ones() {
    let dir = scratch("batch");
    std::fs::copy(fixture("feeds/arms.rss"), dir.join("a-good.rss")).unwrap();
    std::fs::write(
        dir.join("b-laughs.xml"),
        "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><rss version=\"2.0\"><channel><title>&b;</title></channel></rss>",
    )
    .unwrap();
    let members: Vec<Vec<u8>> = small_crawl().iter().map(|r| gzip(r)).collect();
    let mut cut = members.concat();
    cut.truncate(cut.len() - 20);
    std::fs::write(dir.join("c-cut.warc.gz"), &cut).unwrap();
    write_warc(&dir.join("d-good.warc"), &small_crawl(), false);

    let (inputs, errors) = read_all(&dir);
    // Three feed items, the three pages of the good WARC, and the pages of
    // the cut one before its last record (all three HTML pages come before).
    assert_eq!(inputs.len(), 3 + 3 + 3, "{:?}", inputs.iter().map(|i| &i.origin).collect::<Vec<_>>());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].input.ends_with("b-laughs.xml") && errors[0].reason.contains("entity declarations"));
    assert!(errors[1].input.ends_with("c-cut.warc.gz#record 8"), "{}", errors[1].input);
    assert!(errors[1].reason.contains("truncated"), "{}", errors[1].reason);
}

#[test]
fn formats_are_told_by_name() {
    assert_eq!(Format::from_path(Path::new("feed.XML")), Some(Format::Feed));
    assert_eq!(Format::from_path(Path::new("news.rss")), Some(Format::Feed));
    assert_eq!(Format::from_path(Path::new("news.atom")), Some(Format::Feed));
    assert_eq!(Format::from_path(Path::new("crawl.warc")), Some(Format::Warc { gzip: false }));
    assert_eq!(Format::from_path(Path::new("crawl.warc.gz")), Some(Format::Warc { gzip: true }));
    assert_eq!(Format::from_path(Path::new("other.gz")), None);
}

// ---------------------------------------------------------------- end to end

#[test]
fn feed_entries_and_warc_pages_prepare_into_articles() {
    let (items, _) = read_all(&fixture("feeds/arms.rss"));
    let article = prepare(items[0].clone(), &config()).unwrap();
    assert_eq!(article.id, "hdr-2021-0304-radar");
    assert_eq!(article.url.as_deref(), Some("https://defence-review.example/2021/03/04/norland-radar"));
    assert_eq!(article.title.as_deref(), Some("Norland signs contract for four coastal radar batteries"));
    assert_eq!(article.outlet.as_deref(), Some("Harbour Defence Review"));
    assert_eq!(article.published.as_deref(), Some("2021-03-05"));
    assert!(article.text.contains("four coastal radar batteries"), "{}", article.text);

    let (entries, _) = read_all(&fixture("feeds/arms.atom"));
    let text_entry = prepare(entries[2].clone(), &config()).unwrap();
    assert!(text_entry.text.contains("short-range missiles"), "{}", text_entry.text);

    let dir = scratch("prepare_warc");
    let path = dir.join("crawl.warc.gz");
    write_warc(&path, &small_crawl(), true);
    let (pages, errors) = read_all(&path);
    assert!(errors.is_empty());
    for page in pages {
        let url = page.url.clone();
        let article = prepare(page, &config()).unwrap();
        assert_eq!(article.url, url);
        assert!(article.published.is_some());
        assert!(article.text.contains("said"), "{}", article.text);
    }
}

// ---------------------------------------------------------------- memory

/// Peak resident memory of this process so far, in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Writes a WARC.gz of about `megabytes` MB of HTML pages (with a request
/// record before each), streamed to disk. Returns the number of pages.
fn write_big_warc(path: &Path, megabytes: usize) -> usize {
    const WORDS: &[&str] = &[
        "the",
        "ministry",
        "said",
        "contract",
        "radar",
        "frigate",
        "delivery",
        "navy",
        "signed",
        "officials",
        "batteries",
        "missile",
        "drone",
        "training",
        "spare",
        "parts",
        "talks",
        "agreement",
        "value",
        "euros",
        "second",
        "week",
        "government",
        "statement",
        "Monday",
        "Tuesday",
        "coastal",
        "patrol",
        "boats",
        "pilot",
        "review",
        "purchase",
        "offer",
        "systems",
        "air",
        "defence",
        "army",
        "minister",
        "deputy",
        "spokesman",
    ];
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let (mut written, mut pages) = (0usize, 0usize);
    let mut paragraph = String::new();
    while written < megabytes * 1_000_000 {
        pages += 1;
        let mut html = String::with_capacity(21_000);
        html.push_str("<!doctype html><html><head><title>Report</title></head><body><article>");
        while html.len() < 20_000 {
            paragraph.clear();
            for _ in 0..60 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                paragraph.push_str(WORDS[(seed % WORDS.len() as u64) as usize]);
                paragraph.push(' ');
            }
            html.push_str("<p>");
            html.push_str(&paragraph);
            html.push_str("</p>");
        }
        html.push_str("</article></body></html>");
        let uri = format!("https://big-archive.example/news/{pages}");
        let request = format!("GET /news/{pages} HTTP/1.1\r\nHost: big-archive.example\r\n\r\n");
        let response = http_response("200 OK", &[("Content-Type", "text/html")], html.as_bytes());
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(&warc_record("request", &uri, WARC_DATE, request.as_bytes())).unwrap();
        enc.write_all(&warc_record("response", &uri, WARC_DATE, &response)).unwrap();
        file.write_all(&enc.finish().unwrap()).unwrap();
        written += html.len();
    }
    file.flush().unwrap();
    pages
}

#[test]
fn large_warc_gz_is_read_with_flat_memory() {
    let megabytes: usize = std::env::var("DOSSIER_WARC_STREAM_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    let dir = scratch("warc_stream");
    let path = dir.join("big.warc.gz");
    let started = std::time::Instant::now();
    let expected = write_big_warc(&path, megabytes);
    let written_in = started.elapsed();

    let before = peak_rss_kib();
    let started = std::time::Instant::now();
    let (mut pages, mut bytes, mut errors) = (0usize, 0usize, Vec::new());
    read_path(&path, &mut |r| match r {
        Ok(input) => {
            pages += 1;
            bytes += html_of(&input).len();
        }
        Err(e) => errors.push(e),
    });
    let read_in = started.elapsed();
    let after = peak_rss_kib();
    let _ = std::fs::remove_dir_all(&dir);

    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(pages, expected);
    assert!(bytes >= megabytes * 1_000_000);
    eprintln!(
        "streamed {pages} pages, {} MB of HTML: written in {written_in:.1?}, read in {read_in:.1?}; peak RSS {before:?} KiB before, {after:?} KiB after",
        bytes / 1_000_000
    );
    if let (Some(before), Some(after)) = (before, after) {
        assert!(after - before < 100 * 1024, "peak RSS grew by {} MiB", (after - before) / 1024);
        assert!(after < 300 * 1024, "peak RSS {} MiB", after / 1024);
    }
}

// ---------------------------------------------------------------- markup

/// A page of 240,000 elements (nested tables around one sentence each) is
/// read as text, without a tree: parsed, it took ingest to 353 MB for
/// 2.6 MB of markup, and a record may be 16 MB. The article still lands.
/// Real pages stay far below the bound.
#[test]
fn pages_with_too_many_elements_are_read_without_a_tree() {
    use dossier_ingest::{element_count, too_much_markup, MAX_HTML_ELEMENTS};
    let cell = format!("{}x{}", "<table><tr><td>".repeat(20), "</td></tr></table>".repeat(20));
    let lead = "<p>Poland signed a contract with South Korea for 180 K2 tanks on Friday, the defence ministry said.</p>";
    let hostile = format!("<html><head><title>K2 deal</title></head><body><article>{lead}{}</article></body></html>", cell.repeat(4000));
    assert!(element_count(&hostile) > MAX_HTML_ELEMENTS, "{}", element_count(&hostile));
    assert!(too_much_markup(&hostile));
    let raw = RawInput { id: "many".into(), url: None, body: Body::Html(hostile), given: Default::default(), origin: "many.html".into() };
    let article = prepare(raw, &config()).unwrap();
    assert!(article.text.contains("180 K2 tanks"), "{}", &article.text[..article.text.len().min(300)]);
    // An ordinary page with a long article and its chrome: read as a tree.
    let ordinary = format!("<html><body><nav>{}</nav><article>{}</article></body></html>", "<a href=/x>Section</a>".repeat(300), lead.repeat(2000));
    assert_eq!(element_count(&ordinary), 4 + 300 + 2000);
    assert!(!too_much_markup(&ordinary));
    assert!(!too_much_markup(&"<br>".repeat(MAX_HTML_ELEMENTS)));
    assert!(too_much_markup(&"<br>".repeat(MAX_HTML_ELEMENTS + 1)));
}

/// A page of few elements holding millions of attributes is read as text,
/// without a tree: parsed, 15 MB of elements with 500 attributes each took
/// ingest to 369 MB. Attributes are counted as a parser reads them.
#[test]
fn pages_with_too_many_attributes_are_read_without_a_tree() {
    use dossier_ingest::{attribute_count, element_count, too_much_markup, MAX_HTML_ATTRIBUTES, MAX_HTML_ELEMENTS};
    assert_eq!(attribute_count(r#"<a href="/x" class='b c' data-n=3 hidden>text with a=b "quotes"</a>"#), 4);
    assert_eq!(attribute_count(r#"<img src = "a b" alt=x/><br/><p title="x > y" lang=en>"#), 4);
    // A stray quote opens no value: the attributes after it still count;
    // so do names after a slash or starting with "=".
    assert_eq!(attribute_count(r#"<i "a b c d>"#), 4);
    assert_eq!(attribute_count("<i/a/b/c>"), 3);
    assert_eq!(attribute_count("<i =a/=b/=c>"), 3);
    // "=" after a name opens its value: `=a =b` is one attribute, valued.
    assert_eq!(attribute_count("<i =a =b>"), 1);
    assert_eq!(attribute_count("<i a = b c='d' e>"), 3);
    // A value's quote left open runs to the end, as in a parser.
    assert_eq!(attribute_count(r#"<i a="b c d e>"#), 1);
    assert_eq!(attribute_count("no markup < at all, a < b"), 0);
    let names: String = (0..500).map(|i| format!(" a{i}")).collect();
    let element = format!("<i{names}>x</i>");
    let lead = "<p>Poland signed a contract with South Korea for 180 K2 tanks on Friday, the defence ministry said.</p>";
    let hostile = format!("<html><body><article>{lead}{}</article></body></html>", element.repeat(MAX_HTML_ATTRIBUTES / 500 + 1));
    assert!(element_count(&hostile) < MAX_HTML_ELEMENTS);
    assert!(attribute_count(&hostile) > MAX_HTML_ATTRIBUTES);
    assert!(too_much_markup(&hostile));
    let raw = RawInput { id: "attrs".into(), url: None, body: Body::Html(hostile), given: Default::default(), origin: "attrs.html".into() };
    let article = prepare(raw, &config()).unwrap();
    assert!(article.text.contains("180 K2 tanks"), "{}", &article.text[..article.text.len().min(300)]);
    // Ordinary attributes, many of them, stay below the bound.
    let ordinary = format!("<html><body><article>{}</article></body></html>", r#"<p class="para" id="p1" data-x="1">A sentence.</p>"#.repeat(20_000));
    assert_eq!(attribute_count(&ordinary), 60_000);
    assert!(!too_much_markup(&ordinary));
}

/// Unclosed formatting elements before many paragraphs: the parser reopens
/// each in every paragraph, with its attributes. 371 KB of such markup took
/// ingest past 11 GB; it is read as text without a tree, and ordinary pages
/// with the odd unclosed `<font>` or `<b>` are not.
#[test]
fn pages_whose_formatting_the_parser_would_copy_without_end_are_read_without_a_tree() {
    use dossier_ingest::{attribute_count, element_count, formatting_clones, nesting_depth, too_much_markup};
    use dossier_ingest::{MAX_FORMATTING_CLONES, MAX_HTML_ATTRIBUTES, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS};
    assert_eq!(formatting_clones("<p><b x y>bold</p><p>one<p>two<div>three</div>"), 3 * 3);
    // Closed formatting elements cost nothing; a close tag shuts the last of its name.
    assert_eq!(formatting_clones("<b>x</b><i>y</I><p>a<p>b"), 0);
    assert_eq!(formatting_clones("<b c><B d e></b><p>a"), 2);
    assert_eq!(formatting_clones("no markup, a < b and </ c"), 0);
    let names: String = (0..2000).map(|i| format!(" a{i}")).collect();
    let lead = "<p>Poland signed a contract with South Korea for 180 K2 tanks on Friday, the defence ministry said.</p>";
    let hostile = format!("<html><body>{lead}<p><b{names}>x</p>{}</body></html>", "<p>y".repeat(90_000));
    assert!(element_count(&hostile) < MAX_HTML_ELEMENTS && attribute_count(&hostile) < MAX_HTML_ATTRIBUTES && nesting_depth(&hostile) < MAX_HTML_DEPTH);
    assert!(formatting_clones(&hostile) > MAX_FORMATTING_CLONES, "{}", formatting_clones(&hostile));
    assert!(too_much_markup(&hostile));
    let raw = RawInput { id: "clones".into(), url: None, body: Body::Html(hostile), given: Default::default(), origin: "clones.html".into() };
    let article = prepare(raw, &config()).unwrap();
    assert!(article.text.contains("180 K2 tanks"), "{}", &article.text[..article.text.len().min(300)]);
    // A page with an unclosed <font> around its article: a tree.
    let ordinary = format!("<html><body><font face=Arial size=2>{}</body></html>", lead.repeat(3000));
    assert_eq!(formatting_clones(&ordinary), 3 * 3000);
    assert!(!too_much_markup(&ordinary));
}
