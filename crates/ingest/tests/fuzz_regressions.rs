//! Inputs the fuzz targets (`fuzz/`, see FUZZING.md) found to crash ingest,
//! kept so that the bugs stay fixed. Each test names the target that found it.

use dossier_ingest::meta::read_dateline;
use dossier_ingest::{prepare, Body, Config, Given, RawInput};

fn config() -> Config {
    Config { today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() }
}

fn input(body: Body) -> RawInput {
    RawInput { id: "fuzz".into(), url: None, body, given: Given::default(), origin: "fuzz".into() }
}

/// A dateline place followed by non-ASCII text with no agency mark: the
/// date zone was cut at byte 60, inside a two-byte 'é' (found by text_chrome
/// and html_main_text: "byte index 60 is not a char boundary").
#[test]
fn dateline_date_zone_cut_inside_a_character() {
    // "NEW DELHI, " is 11 bytes; byte 60 falls inside the 25th 'é'.
    let para = format!("NEW DELHI, {}", "é".repeat(40));
    assert_eq!(read_dateline(&para), None);
}

#[test]
fn dateline_date_zone_cut_inside_a_three_byte_character() {
    let para = format!("NEW DELHI, Sept 23 {}", "…".repeat(30));
    let _ = read_dateline(&para);
}

/// The input text_chrome found, through `prepare` as pasted text.
#[test]
fn text_chrome_crash_40e55975() {
    let _ = prepare(input(Body::TextBytes(TEXT_CHROME_40E55975.to_vec())), &config());
}

/// The input html_main_text found, through `prepare` as a web page.
#[test]
fn html_main_text_crash_da97fe88() {
    let _ = prepare(input(Body::HtmlBytes(HTML_MAIN_TEXT_DA97FE88.to_vec())), &config());
}

// The fuzz artifacts, byte for byte.
const TEXT_CHROME_40E55975: &[u8] = b"Home | WorldY| Business | Sign in\nSubscre Doe, Staff Writer\nNEW DELHI, Sept 23 \xe9\xbb\xc8\xc8\x04bout \
      \x04bou\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\
      \x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\
      \x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\
      \x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\x85\
      \x85\x85\x85t th\x0d\xf0 Defence Minister Manohar Parrikar said.\n\nRelated: Five things to know about \
      the Rafale\nLeave a comment\nYour email address will not be pu the Rafale\nLeave a comment\nYour email \
      address will not be published.\n(Reporting by Jane &oe; Editing by John Roe)\nCopyright 2016 Example \
      Times\
      \n";

const HTML_MAIN_TEXT_DA97FE88: &[u8] = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?><html><body><p>\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0</p></bo<!doctype \
      html><html><head><meta hcpe=\"applica<?xml versiotion/ld+json\">{\"@tyarset=\"utf-8\"><title>Ankara \
      takes delivery of second battery | Example News</title>\n<meta property=\"og:site_name \"content=\"Example \
      News\"><meta prn=\"1.0\" \xff\xff\xff<html><borsion=\"1.\" operty=\"article:puclished<article><\"wh1>Ankara \
      t\xff\xff\xff<html><borsion=\"1.0\" encoding=\"windows-1251\"?><html><boddy><\x00>\xff\xff\xff\xff\xff\xff\xff\xff\xff\
      \xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xffvakes delivery of second battery</h1>\n<p>ANKARA, Jul>ng0\
      \" encoding=\"windows-1251\"?><html><boddy><\x00>\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\
      \xff\xff\xffv";

/// A WARC record captured after the day of ingest (a bogus `WARC-Date`)
/// of a page that states no date: the capture date stood in for the
/// publication date although no publication can be later than the day of
/// ingest (found by warc: "published 2038-07-13 (rule capture-date) after
/// the day of ingest 2026-01-01").
#[test]
fn capture_date_after_the_day_of_ingest_is_no_publication_date() {
    let body = "<html><head><title>Captured</title></head><body><article><p>Turkey received the first parts of \
                the S-400 system on Friday, officials said in a statement to reporters.</p></article></body></html>";
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}", body.len());
    let warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2038-07-13T00:00:00Z\r\nWARC-Target-URI: https://example.com/s400\r\n\
         Content-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut inputs = Vec::new();
    dossier_ingest::warc::read_warc(warc.as_bytes(), "fuzz.warc", &mut |r| inputs.push(r.unwrap()));
    assert_eq!(inputs.len(), 1);
    let article = prepare(inputs.remove(0), &config()).unwrap();
    if let Some(p) = &article.published {
        assert!(p.as_str() <= "2026-01-01", "published {p} after the day of ingest");
    }
}

/// An XML declaration cut by NUL bytes that names UTF-16 once the parser's
/// first buffer is used up: quick-xml (under feed-rs) panicked
/// ("set_encoding() called after prefix buffer was drained"). Found by
/// `feeds` after 4,004,489 executions. The feed is refused by name.
#[test]
fn feeds_crash_f41ff3c4_xml_declaration_past_the_first_buffer() {
    let mut bytes = b"<?xml ver".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 93));
    bytes.extend_from_slice(b"sion=\"1.0\" encoding=\"UTF-16\" enc\"?>\n<e");
    let mut results = Vec::new();
    dossier_ingest::feed::read_feed(&bytes, "hostile.xml", "hostile", &mut |r| results.push(r));
    assert_eq!(results.len(), 1);
    let err = results.pop().unwrap().unwrap_err();
    assert_eq!(err.input, "hostile.xml");
    assert!(err.reason.contains("not a readable RSS or Atom feed"), "{}", err.reason);
}

/// The same quick-xml panic reached through a full RSS document: a second
/// XML declaration naming UTF-16 inside an item's description (found by
/// `feeds` after 1,347,069 executions of its rerun in the fifth session, once
/// libFuzzer's panic hook saw the panic that `read_feed` catches). The
/// artifact byte for byte: the feed is refused by name.
#[test]
fn feeds_crash_c8dbe9ac_second_declaration_inside_an_item() {
    let bytes = include_bytes!("fixtures/fuzz/feeds-crash-c8dbe9ac.xml");
    let mut results = Vec::new();
    dossier_ingest::feed::read_feed(bytes, "hostile.xml", "hostile", &mut |r| results.push(r));
    let errors: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(results.iter().all(|r| r.as_ref().is_err_and(|e| e.input.starts_with("hostile.xml"))), "{results:?}");
    assert!(errors.iter().any(|e| e.reason.contains("not a readable RSS or Atom feed")), "{errors:?}");
}
