//! Feeds: RSS and Atom documents, one article per entry.
//!
//! A feed is parsed whole with `feed-rs` (feeds are kilobytes to a few
//! megabytes, so the file is capped rather than streamed), and every entry
//! becomes a [`RawInput`] carrying what the feed says of it: its id, link,
//! title, date and the feed's title as outlet. The pipeline judges the body,
//! so entries with only a short summary are handed on as they are.

use crate::read::{InputError, RawInput};
use crate::{Body, Given};
use chrono::{DateTime, NaiveDate, Utc};
use feed_rs::model::{Entry, Text};

/// The largest feed file accepted. Real feeds are far smaller; the whole
/// document is parsed in memory, so this bounds what one feed can take: a
/// feed parsed takes several times its size (a 16 MB one of 78,000 entries
/// took ingest to 248 MB at its peak, a 30 MB one to 370 MB).
pub const MAX_FEED_BYTES: u64 = 16 * 1024 * 1024;

/// Whether the first bytes of an input look like a feed: an XML document
/// whose first kilobyte opens an RSS, RDF or Atom root.
pub fn looks_like_feed(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let root = |s: &str| s.starts_with("<rss") || s.starts_with("<feed") || s.starts_with("<rdf:rdf");
    if start.starts_with("<?xml") {
        return head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf");
    }
    root(start)
}

/// Parses a feed document and sends one record per entry, or one error
/// naming `origin` when the document is refused or unreadable. `stem` names
/// entries that carry neither an id nor a link (`stem-3`).
pub fn read_feed(bytes: &[u8], origin: &str, stem: &str, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let fail = |reason: String| InputError { input: origin.to_string(), reason };
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return sink(Err(fail(format!("feed larger than {} MiB", MAX_FEED_BYTES >> 20))));
    }
    if let Err(reason) = check_markup(bytes) {
        return sink(Err(fail(reason)));
    }
    let parser = feed_rs::parser::Builder::new()
        // Entries without an id get ours (link, else stem and index), not a random UUID.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(parse_timestamp_local)
        .sanitize_content(false)
        .build();
    // The parser is third-party code fed hostile input: quick-xml 0.42
    // panics on an XML declaration that names another encoding once the
    // first bytes it buffered are read (found by the `feeds` fuzz target).
    // A panic there refuses this feed, never the batch.
    let parsed = crate::guard::catch(|| parser.parse(bytes));
    let feed = match parsed {
        Some(Ok(f)) => f,
        Some(Err(e)) => return sink(Err(fail(format!("not a readable RSS or Atom feed: {e}")))),
        None => return sink(Err(fail("not a readable RSS or Atom feed: the XML parser gave up on it".into()))),
    };
    if feed.entries.is_empty() {
        return sink(Err(fail("feed has no entries".into())));
    }
    let outlet = feed.title.as_ref().map(plain_text).filter(|t| !t.is_empty());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let n = i + 1;
        let here = format!("{origin}#{n}");
        sink(entry_input(entry, &outlet, here, stem, n));
    }
}

fn entry_input(
    entry: Entry,
    outlet: &Option<String>,
    origin: String,
    stem: &str,
    n: usize,
) -> Result<RawInput, InputError> {
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r.eq_ignore_ascii_case("alternate")))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let id = Some(entry.id.trim().to_string())
        .filter(|id| !id.is_empty())
        .or_else(|| url.clone())
        .unwrap_or_else(|| format!("{stem}-{n}"));
    let body = match (entry.content.and_then(|c| c.body.map(|b| (c.content_type, b))), entry.summary) {
        (Some((kind, b)), _) if !b.trim().is_empty() => body_of(kind.essence().to_string().as_str(), b),
        (_, Some(s)) if !s.content.trim().is_empty() => {
            body_of(s.content_type.essence().to_string().as_str(), s.content)
        }
        _ => {
            return Err(InputError {
                input: origin,
                reason: format!("entry {id:?} has neither content nor a summary"),
            });
        }
    };
    let given = Given {
        title: entry.title.as_ref().map(plain_text).filter(|t| !t.is_empty()),
        published: entry.published.or(entry.updated).map(|d| d.format("%Y-%m-%d").to_string()),
        outlet: outlet.clone(),
        captured: None,
    };
    Ok(RawInput { id, url, body, given, origin })
}

/// Plain text is kept as text; HTML, XHTML and anything unstated is markup.
fn body_of(media_type: &str, content: String) -> Body {
    if media_type.eq_ignore_ascii_case("text/plain") {
        Body::Text(content)
    } else {
        Body::Html(content)
    }
}

/// A feed text field as plain text: HTML-typed titles lose their tags.
fn plain_text(text: &Text) -> String {
    let s = text.content.trim();
    if text.content_type.subty().as_str().eq_ignore_ascii_case("html") && s.contains('<') {
        let mut out = String::with_capacity(s.len());
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        return out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Refuses documents that declare entities.
///
/// `feed-rs` (through `quick-xml`) resolves only the five predefined XML
/// entities and character references, so a "billion laughs" document cannot
/// expand; it is still refused by name, because no real feed declares
/// entities and an unexpanded `&lol9;` in a title helps no one. (Nesting
/// is bounded by `quick-xml`, which refuses documents deeper than 65535.)
fn check_markup(bytes: &[u8]) -> Result<(), String> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if find_ci(head, b"<!doctype").is_some() && find_ci(bytes, b"<!entity").is_some() {
        return Err("entity declarations are not accepted (a DOCTYPE declares <!ENTITY ...>)".into());
    }
    Ok(())
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Feed timestamps keep the publisher's local day: `Tue, 08 Dec 2020 01:30
/// +0300` is the 8th, as the article's own dateline would say, not the 7th
/// in UTC. The local time is returned as if it were UTC.
fn parse_timestamp_local(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.naive_local().and_utc());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.naive_local().and_utc());
    }
    // Lenient forms seen in the wild: a missing or long weekday, "UTC" as
    // zone, a bare date, a date and time without zone.
    let no_weekday = match s.split_once(", ") {
        Some((w, rest)) if w.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let fixed = no_weekday.replace(" UTC", " +0000").replace(" Z", " +0000");
    if let Ok(d) = DateTime::parse_from_str(&fixed, "%d %b %Y %H:%M:%S %z") {
        return Some(d.naive_local().and_utc());
    }
    if let Ok(d) = DateTime::parse_from_str(&fixed, "%d %b %Y %H:%M %z") {
        return Some(d.naive_local().and_utc());
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(d.and_utc());
    }
    if let Ok(d) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S") {
        return Some(d.and_utc());
    }
    let date = s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    date.and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_the_local_day() {
        let day = |s: &str| parse_timestamp_local(s).map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(day("Tue, 08 Dec 2020 01:30:00 +0300").as_deref(), Some("2020-12-08"));
        assert_eq!(day("2020-12-07T23:30:00-05:00").as_deref(), Some("2020-12-07"));
        assert_eq!(day("Monday, 07 Dec 2020 10:00:00 UTC").as_deref(), Some("2020-12-07"));
        assert_eq!(day("2020-12-07").as_deref(), Some("2020-12-07"));
        assert_eq!(day("soon"), None);
    }

    #[test]
    fn feeds_are_told_from_pages() {
        assert!(looks_like_feed(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>"));
        assert!(looks_like_feed(b"\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
        assert!(!looks_like_feed(b"<?xml version=\"1.0\"?>\n<!DOCTYPE html><html>"));
        assert!(!looks_like_feed(b"<html><body>rss feed</body></html>"));
    }

    /// Why refusing entity declarations is defence in depth, not the only
    /// guard: the parser underneath never expands declared entities.
    #[test]
    fn feed_rs_leaves_declared_entities_unexpanded() {
        let mut doc = String::from("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 \"lol\">");
        for i in 1..=9 {
            doc.push_str(&format!("<!ENTITY l{i} \"{}\">", format!("&l{};", i - 1).repeat(10)));
        }
        doc.push_str(
            "]><rss version=\"2.0\"><channel><title>&l9;</title><item><title>&l9;</title></item></channel></rss>",
        );
        let feed = feed_rs::parser::parse(doc.as_bytes()).unwrap();
        let title = feed.entries[0].title.as_ref().unwrap().content.clone();
        assert!(title.len() < 16, "{title}");
        assert!(check_markup(doc.as_bytes()).unwrap_err().contains("entity declarations are not accepted"));
    }
}
