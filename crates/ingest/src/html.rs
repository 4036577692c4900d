//! Web pages: main text by `rs-trafilatura` (a port of trafilatura), page
//! metadata from the markup, and a last pass of our line classifier for the
//! credits, notices and form prompts that survive inside article markup.

use crate::chrome::{classify, LineKind};
use crate::Page;
use dossier_model::{Basis, Source};

/// Reads a web page: main text, title and the metadata its markup states.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    let options = rs_trafilatura::Options { url: url.map(str::to_string), ..Default::default() };
    let mut page = Page::default();
    // The extractor is third-party code fed hostile input: a panic inside it
    // becomes "no text found" for this page, never a crash of the batch.
    let result = std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(html, &options));
    let Ok(Ok(result)) = result else {
        return page;
    };
    let md = &result.metadata;
    if let Some(t) = md.title.as_ref().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        page.title = Some(t.to_string());
        page.title_source = Some(Source { basis: Basis::Metadata, rule: "html-title".into(), evidence: t.to_string() });
    }
    if let Some(s) = md.sitename.as_ref().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        page.markup.push(("site_name".into(), s.to_string()));
    }
    if let Some(d) = md.date {
        page.markup.push(("published_time".into(), d.format("%Y-%m-%d").to_string()));
    }
    if let Some(h) = md.hostname.as_ref().filter(|h| !h.is_empty()) {
        page.markup.push(("hostname".into(), h.clone()));
    }

    for line in result.content_text.lines() {
        let line = line.trim();
        match classify(line) {
            LineKind::Blank => continue,
            LineKind::Boilerplate | LineKind::Notice | LineKind::Credit => {
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
        assert!(page.markup.iter().any(|(k, v)| k == "site_name" && v == "Example Defence"), "{:?}", page.markup);
        assert!(page.title.unwrap().contains("Poland signs"));
    }
}
