//! Web pages: main text by `rs-trafilatura` (a port of trafilatura), page
//! metadata from the markup, and a last pass of our line classifier for the
//! credits, notices, form prompts, date lines and lists of links to other
//! pages that survive inside article markup.

use crate::chrome::{classify, LineKind};
use crate::Page;
use dossier_model::{Basis, Source};
use once_cell::sync::Lazy;
use regex::Regex;

/// Reads a web page: main text, title and the metadata its markup states.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    // Every input is a news report, so the page is read as an article. Left
    // to guess, the extractor would first compute some eighty features of
    // the page and run a classifier over them (forum, product, listing...),
    // which took more time than the extraction itself.
    let options = rs_trafilatura::Options {
        url: url.map(str::to_string),
        page_type: Some(rs_trafilatura::page_type::PageType::Article),
        ..Default::default()
    };
    let mut page = Page::default();
    // The extractor is third-party code fed hostile input: a panic inside it
    // becomes "no text found" for this page, never a crash of the batch.
    let result = crate::guard::catch(|| rs_trafilatura::extract_with_options(html, &options));
    let Some(Ok(result)) = result else {
        return page;
    };
    // What the markup states in so many words comes first, in the order of
    // its strength; the extractor's guesses (a date from a <time> element,
    // a site name split off the title) follow.
    page.markup = read_markup(html);
    let md = &result.metadata;
    if let Some(t) = md.title.as_ref().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        page.title = Some(t.to_string());
        page.title_source = Some(Source { basis: Basis::Metadata, rule: "html-title".into(), evidence: t.to_string() });
    }
    // A Twitter handle ("@ExampleNews") is an account, not the outlet's name.
    if let Some(s) = md.sitename.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty() && !s.starts_with('@')) {
        page.markup.push(("site_name".into(), s.to_string()));
    }
    if let Some(d) = md.date {
        page.markup.push(("published_time".into(), d.format("%Y-%m-%d").to_string()));
    }
    if let Some(h) = md.hostname.as_ref().filter(|h| !h.is_empty()) {
        page.markup.push(("hostname".into(), h.clone()));
    }

    let lines: Vec<&str> = result.content_text.lines().map(str::trim).collect();
    let kinds: Vec<LineKind> = lines.iter().map(|l| classify(l)).collect();
    let lists = list_lines(html, &lines, &kinds);
    for (i, line) in lines.iter().enumerate() {
        match kinds[i] {
            LineKind::Blank => continue,
            LineKind::Boilerplate | LineKind::Notice | LineKind::Credit => {
                page.tail.push(line.to_string());
                continue;
            }
            _ if lists[i] => continue,
            // A date line inside the text is the page's dateline or a
            // listing's date; metadata reads it from the tail.
            LineKind::DateOnly => {
                page.tail.push(line.to_string());
                continue;
            }
            _ => {}
        }
        if !page.text.is_empty() {
            page.text.push_str("\n\n");
        }
        page.text.push_str(line);
    }
    page
}

/// Lists the extractor kept: two or more lines in a row that are
/// each the whole text of a link in the page (headlines of other articles,
/// menus, tag clouds), with the date lines between them and the list header
/// ("Related", "Latest News") before them. A link inside a sentence never
/// makes up a whole line, so running text is never taken.
fn list_lines(html: &str, lines: &[&str], kinds: &[LineKind]) -> Vec<bool> {
    static ANCHOR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?is)<a\b[^>]*>(.*?)</a\s*>").unwrap());
    static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?s)<[^>]*>").unwrap());
    let normal = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    // The whole text of each link, and each piece of text inside it (a link
    // that wraps a headline, a byline and a date gives the headline alone).
    let mut anchors = std::collections::HashSet::new();
    for c in ANCHOR.captures_iter(html) {
        anchors.insert(normal(&decode_entities(&TAG.replace_all(&c[1], " "))));
        // Only a small link: an unclosed <a> makes the match run on over paragraphs.
        let inner = &c[1];
        if inner.len() <= 600 && !inner.contains("<p") && !inner.contains("<P") {
            for piece in TAG.split(inner) {
                anchors.insert(normal(&decode_entities(piece)));
            }
        }
    }
    anchors.remove("");
    let is_link = |i: usize| crate::chrome::word_count(lines[i]) >= 2 && anchors.contains(&normal(lines[i]));
    let mut drop = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if !is_link(i) {
            i += 1;
            continue;
        }
        let (mut j, mut n_links, mut last) = (i, 0, i);
        while j < lines.len() && (is_link(j) || matches!(kinds[j], LineKind::Blank | LineKind::DateOnly)) {
            if is_link(j) {
                n_links += 1;
                last = j;
            }
            j += 1;
        }
        if n_links >= 2 {
            drop[i..=last].iter_mut().for_each(|d| *d = true);
            if let Some(h) = (0..i).rev().find(|&k| kinds[k] != LineKind::Blank) {
                if kinds[h] == LineKind::ListHeader {
                    drop[h] = true;
                }
            }
        }
        i = last + 1;
    }
    // A list header ("More in Milan", "Don't miss") and the headlines under
    // it, up to the next paragraph of running text.
    let mut i = 0;
    while i < lines.len() {
        if kinds[i] != LineKind::ListHeader {
            i += 1;
            continue;
        }
        drop[i] = true;
        let mut j = i + 1;
        while j < lines.len() && matches!(kinds[j], LineKind::Headline | LineKind::Teaser | LineKind::Blank | LineKind::DateOnly) {
            drop[j] = true;
            j += 1;
        }
        i = j;
    }
    drop
}

/// Metadata stated in the markup: `og:site_name` and `article:published_time`
/// meta tags, and the publisher and `datePublished` of a JSON-LD article.
/// The extractor reads these too, but takes whichever date tag comes first,
/// a modification time included.
pub fn read_markup(html: &str) -> Vec<(String, String)> {
    static META: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?is)<meta\b[^>]*>").unwrap());
    static ATTR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r#"(?is)\b(property|name|itemprop|content)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).unwrap());
    static JSONLD: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"(?is)<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>"#).unwrap()
    });
    let mut out: Vec<(String, String)> = Vec::new();
    let push = |out: &mut Vec<(String, String)>, key: &str, value: &str| {
        let value = decode_entities(value.trim());
        if !value.is_empty() && !out.iter().any(|(k, _)| k == key) {
            out.push((key.to_string(), value));
        }
    };
    for tag in META.find_iter(html) {
        let (mut key, mut content) = (None, None);
        for c in ATTR.captures_iter(tag.as_str()) {
            let value = c.get(2).or(c.get(3)).map_or("", |m| m.as_str());
            if c[1].eq_ignore_ascii_case("content") {
                content = Some(value);
            } else {
                key = Some(value.to_ascii_lowercase());
            }
        }
        let (Some(key), Some(content)) = (key, content) else { continue };
        match key.as_str() {
            "og:site_name" => push(&mut out, "og:site_name", content),
            "article:published_time" | "og:article:published_time" | "datepublished" => {
                push(&mut out, "article:published_time", content)
            }
            _ => {}
        }
    }
    for c in JSONLD.captures_iter(html) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(c[1].trim()) else { continue };
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                    if !is_article_type(map.get("@type")) {
                        continue;
                    }
                    if let Some(d) = map.get("datePublished").and_then(|d| d.as_str()) {
                        push(&mut out, "jsonld:datePublished", d);
                    }
                    let publisher = match map.get("publisher") {
                        Some(serde_json::Value::Object(p)) => p.get("name").and_then(|n| n.as_str()),
                        Some(serde_json::Value::String(s)) => Some(s.as_str()),
                        _ => None,
                    };
                    if let Some(name) = publisher {
                        push(&mut out, "jsonld:publisher", name);
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn is_article_type(t: Option<&serde_json::Value>) -> bool {
    let is = |s: &str| s.ends_with("Article") || s == "BlogPosting" || s == "Report" || s == "WebPage" || s == "LiveBlogPosting";
    match t {
        Some(serde_json::Value::String(s)) => is(s),
        Some(serde_json::Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(is)),
        _ => false,
    }
}

/// Character references as pages write them in metadata and link texts:
/// the common named ones and all numeric ones.
fn decode_entities(s: &str) -> String {
    static REF: Lazy<Regex> = Lazy::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").unwrap());
    if !s.contains('&') {
        return s.to_string();
    }
    REF.replace_all(s, |c: &regex::Captures| {
        let r = &c[1];
        let ch = if let Some(hex) = r.strip_prefix("#x").or_else(|| r.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = r.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            Some(match r {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                "rsquo" => '’',
                "lsquo" => '‘',
                "ldquo" => '“',
                "rdquo" => '”',
                "ndash" => '–',
                "mdash" => '—',
                "hellip" => '…',
                "laquo" => '«',
                "raquo" => '»',
                "copy" => '©',
                _ => return c[0].to_string(),
            })
        };
        ch.map_or_else(|| c[0].to_string(), |ch| ch.to_string())
    })
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_markup_gives_text_and_metadata() {
        let html = r#"<html><head><title>Poland signs for K2 tanks | Example Defence</title>
<meta property="og:site_name" content="Example Defence">
<meta property="article:published_time" content="2022-07-27T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Poland signs for K2 tanks</h1>
<p>Poland signed a contract on Wednesday for 180 K2 tanks from South Korea, the defence ministry said in a statement.</p>
<p>The first ten tanks are due to arrive before the end of the year, according to the ministry, with the rest to follow.</p>
<p>Photo: Example Agency</p></article>
<footer>© 2022 Example Defence. All rights reserved.</footer></body></html>"#;
        let page = read_page(html, Some("https://example.com/2022/07/27/k2"));
        assert!(page.text.contains("180 K2 tanks"), "{}", page.text);
        assert!(!page.text.contains("All rights reserved"));
        assert!(!page.text.contains("Photo:"));
        assert!(page.markup.iter().any(|(k, v)| k == "og:site_name" && v == "Example Defence"), "{:?}", page.markup);
        assert!(page.title.unwrap().contains("Poland signs"));
    }
}
