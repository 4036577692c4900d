//! Ingest: turns input files into clean articles with trustworthy metadata.
//!
//! Readers (`read`) find the records in files of every supported format and
//! hand out [`RawInput`]s; [`prepare`] decodes the bytes, extracts the main
//! text without site chrome, and reads title, outlet, agency sources and the
//! publication date, recording where each came from. Nothing here knows about
//! storage or extraction of facts.

pub mod chrome;
pub mod dates;
pub mod decode;
pub mod feed;
pub mod guard;
pub mod html;
pub mod meta;
pub mod read;
pub mod warc;

use dossier_model::{Basis, Provenance, Source};
use sha2::{Digest, Sha256};

pub use read::{read_path, read_stdin, InputError, RawInput};

/// What the input says of itself before any reading of its content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Given {
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// When the page was captured (a WARC date): no publication can be
    /// later, and it stands in for the date only when the page states none.
    pub captured: Option<String>,
}

/// The body of a raw input record.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Plain text, possibly pasted from a web page with its chrome.
    Text(String),
    /// A web page.
    Html(String),
    /// Bytes of unknown encoding, to be decoded as text.
    TextBytes(Vec<u8>),
    /// Bytes of unknown encoding, to be decoded as HTML.
    HtmlBytes(Vec<u8>),
}

impl Body {
    /// Its size in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Text(s) | Body::Html(s) => s.len(),
            Body::TextBytes(b) | Body::HtmlBytes(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A clean article, ready for extraction and storage.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub based_on: Vec<String>,
    pub published: Option<String>,
    pub published_basis: Option<Basis>,
    pub text: String,
    pub provenance: Provenance,
    /// The decoded input as received (HTML or text), kept for audit and re-processing.
    pub raw: String,
    /// Hex SHA-256 of the decoded raw input; equal hashes are the same content.
    pub content_hash: String,
    /// The file (and line) the article came from.
    pub origin: String,
}

/// Options that do not come from the input.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// The day of ingest: dates after it are impossible for a publication.
    pub today: chrono::NaiveDate,
}

impl Default for Config {
    fn default() -> Config {
        Config { today: chrono::Utc::now().date_naive() }
    }
}

/// Decodes a raw input and reads its main text and metadata.
pub fn prepare(input: RawInput, config: &Config) -> Result<Article, InputError> {
    let origin = input.origin.clone();
    let fail = |reason: String| InputError { input: origin.clone(), reason };
    let (is_html, raw) = match input.body {
        Body::Text(s) => (false, s),
        Body::Html(s) => (true, s),
        Body::TextBytes(b) => (false, decode::decode(&b).map_err(fail)?),
        Body::HtmlBytes(b) => (true, decode::decode_html(&b).map_err(fail)?),
    };
    let raw = decode::clean_control(&raw);
    if raw.trim().is_empty() {
        return Err(fail("empty input: no text to read".into()));
    }
    let content_hash = hex::encode(Sha256::digest(raw.as_bytes()));

    let mut page = if is_html && too_much_markup(&raw) {
        // Markup nested deeper than any real page would exhaust the HTML
        // parser's stack, and more elements, attributes or reopened
        // formatting elements than any real page would take the tree past
        // any memory bound: read its text without the tree.
        chrome::read_text(&strip_tags(&raw))
    } else if is_html {
        html::read_page(&raw, input.url.as_deref())
    } else {
        chrome::read_text(&raw)
    };
    if page.text.trim().is_empty() {
        return Err(fail("no article text found in the input".into()));
    }

    let mut provenance = Provenance::default();
    // A capture date bounds the publication date from above.
    let mut config = *config;
    if let Some(day) = input.given.captured.as_deref().and_then(|c| chrono::NaiveDate::parse_from_str(c.get(..10).unwrap_or(c), "%Y-%m-%d").ok()) {
        config.today = config.today.min(day);
    }
    let config = &config;
    let mut facts = meta::read_metadata(&page, input.url.as_deref(), config);
    if facts.published.is_none() {
        if let Some(c) = input.given.captured.clone() {
            // A capture date after the day of ingest is no publication date.
            let today = config.today.format("%Y-%m-%d").to_string();
            if let Some(d) = dates::parse_any_date(&c).filter(|d| d.as_str() <= &today[..d.len().min(10)]) {
                facts.published = Some((d, Basis::Metadata, Source { basis: Basis::Metadata, rule: "capture-date".into(), evidence: c }));
            }
        }
    }

    // Fields given with the input win over what is read from it.
    if let Some(t) = input.given.title.filter(|t| !t.trim().is_empty()) {
        page.title = Some(t.trim().to_string());
        page.title_source = Some(Source { basis: Basis::Metadata, rule: "input".into(), evidence: t });
    }
    if let Some(o) = input.given.outlet.filter(|o| !o.trim().is_empty()) {
        facts.outlet = Some((o.trim().to_string(), Source { basis: Basis::Metadata, rule: "input".into(), evidence: o }));
    }
    if let Some(p) = input.given.published.filter(|p| !p.trim().is_empty()) {
        match dates::parse_any_date(&p) {
            Some(d) => {
                facts.published =
                    Some((d, Basis::Metadata, Source { basis: Basis::Metadata, rule: "input".into(), evidence: p }))
            }
            None => return Err(fail(format!("field \"published\" is not a date: {p:?}"))),
        }
    }

    provenance.title = page.title_source.clone();
    let outlet = facts.outlet.map(|(name, src)| {
        provenance.outlet = Some(src);
        name
    });
    let (published, published_basis) = match facts.published {
        Some((date, basis, src)) => {
            provenance.published = Some(src);
            (Some(date), Some(basis))
        }
        None => (None, None),
    };
    let mut based_on = Vec::new();
    for (agency, src) in facts.based_on {
        if !based_on.contains(&agency) {
            based_on.push(agency);
            provenance.based_on.push(src);
        }
    }

    Ok(Article {
        id: input.id,
        url: input.url,
        title: page.title,
        outlet,
        based_on,
        published,
        published_basis,
        text: page.text,
        provenance,
        raw,
        content_hash,
        origin: input.origin,
    })
}

/// Deeper element nesting than this is treated as hostile markup.
pub const MAX_HTML_DEPTH: usize = 1000;

/// More elements than this are treated as hostile markup. The parsed tree
/// takes about a kilobyte an element (2.6 MB of nested tables, 240,000
/// elements, took ingest to 353 MB), and a record may be 16 MB; the real
/// pages of the article-bodies benchmark have at most 3,300 tags.
pub const MAX_HTML_ELEMENTS: usize = 100_000;

/// More attributes than this are treated as hostile markup. The parsed
/// tree takes about a hundred bytes an attribute (15 MB of elements with
/// 500 attributes each, 3.3 million, took ingest to 369 MB); the real pages
/// of the article-bodies benchmark have at most about 9,400.
pub const MAX_HTML_ATTRIBUTES: usize = 200_000;

/// Whether a page's markup is too deep or too large to parse as a tree:
/// its text is then read without one.
pub fn too_much_markup(html: &str) -> bool {
    element_count(html) > MAX_HTML_ELEMENTS
        || attribute_count(html) > MAX_HTML_ATTRIBUTES
        || nesting_depth(html) > MAX_HTML_DEPTH
        || formatting_clones(html) > MAX_FORMATTING_CLONES
}

/// How many attributes the start tags hold, at least as many as a parser
/// finds (it drops repeated names): the states of the HTML tokenizer that
/// separate attributes, so that no spelling (`<i/a/b>`, `<i =a>`, a stray
/// quote) hides attributes from the count that the parser keeps.
pub fn attribute_count(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut n, mut i) = (0, 0);
    while i + 1 < b.len() {
        if b[i] == b'<' && b[i + 1].is_ascii_alphabetic() {
            let (attrs, end) = tag_attributes(b, i + 2);
            n += attrs;
            i = end;
        }
        i += 1;
    }
    n
}

/// The attributes of a tag whose name starts before `i`, read from `i` to
/// its `>` (or the end): how many, and where the `>` is.
fn tag_attributes(b: &[u8], mut i: usize) -> (usize, usize) {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        TagName,
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Unquoted,
    }
    let (mut n, mut at) = (0, At::TagName);
    while i < b.len() && b[i] != b'>' {
        let c = b[i];
        let space = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        at = match (at, c) {
            (At::Unquoted, _) if space => At::BeforeName,
            (At::Unquoted, _) => At::Unquoted,
            (At::BeforeValue, b'"' | b'\'') => {
                // A quoted value, to its closing quote (or the end).
                i = b[i + 1..].iter().position(|&x| x == c).map_or(b.len(), |p| i + 1 + p);
                At::BeforeName
            }
            (At::BeforeValue, _) if space => At::BeforeValue,
            (At::BeforeValue, _) => At::Unquoted,
            (_, b'/') => At::BeforeName,
            (At::TagName, _) if space => At::BeforeName,
            (At::TagName, _) => At::TagName,
            (At::Name | At::AfterName, b'=') => At::BeforeValue,
            (At::Name, _) if space => At::AfterName,
            (At::Name, _) => At::Name,
            (At::BeforeName | At::AfterName, _) if space => at,
            (At::BeforeName | At::AfterName, _) => {
                n += 1;
                At::Name
            }
        };
        i += 1;
    }
    (n, i)
}

/// More than this many elements and attributes that the parser may copy
/// when it reopens formatting elements (see [`formatting_clones`]) are
/// treated as hostile markup. Each takes about 200 bytes of tree: 371 KB of
/// markup worth 180 million took ingest past 11 GB; the real pages of the
/// article-bodies benchmark reach at most 124,000.
pub const MAX_FORMATTING_CLONES: usize = 500_000;

/// An upper bound on the elements and attributes the HTML parser copies
/// when it reopens formatting elements (`<b>`, `<a>`, `<font>`, ...) that a
/// block closed: each start tag of another element may reopen every
/// formatting element still open, with its attributes. A few unclosed
/// formatting elements before many paragraphs cost their product.
pub fn formatting_clones(html: &str) -> usize {
    const FORMATTING: [&[u8]; 14] = [b"a", b"b", b"big", b"code", b"em", b"font", b"i", b"nobr", b"s", b"small", b"strike", b"strong", b"tt", b"u"];
    let b = html.as_bytes();
    // The attributes of each open formatting element, by name.
    let mut open: [Vec<usize>; 14] = Default::default();
    let (mut elements, mut attributes, mut cost) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let close = b[i + 1] == b'/';
        let start = if close { i + 2 } else { i + 1 };
        if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_end = b[start..].iter().position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>').map_or(b.len(), |p| start + p);
        let kind = FORMATTING.iter().position(|f| f.eq_ignore_ascii_case(&b[start..name_end]));
        let (attrs, end) = tag_attributes(b, name_end);
        match (close, kind) {
            (true, Some(k)) => {
                if let Some(a) = open[k].pop() {
                    elements -= 1;
                    attributes -= a;
                }
            }
            (true, None) => {}
            (false, Some(k)) => {
                open[k].push(attrs);
                elements += 1;
                attributes += attrs;
            }
            (false, None) => cost = cost.saturating_add(elements + attributes),
        }
        i = end + 1;
    }
    cost
}

/// How many tags open an element (`<` and a letter).
pub fn element_count(html: &str) -> usize {
    html.as_bytes().windows(2).filter(|w| w[0] == b'<' && w[1].is_ascii_alphabetic()).count()
}

/// The deepest element nesting in markup, estimated from open and close tags.
pub fn nesting_depth(html: &str) -> usize {
    const VOID: &[&str] = &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li", "option", "td", "tr", "th"];
    let bytes = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        i += off + 1;
        let close = bytes.get(i) == Some(&b'/');
        let start = if close { i + 1 } else { i };
        let name_end = bytes[start..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |n| start + n);
        if name_end == start {
            continue;
        }
        let name = html[start..name_end].to_ascii_lowercase();
        let self_closing = bytes[name_end..].iter().take(512).position(|&b| b == b'>').is_some_and(|n| n > 0 && bytes[name_end + n - 1] == b'/');
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Text of markup with every tag removed and block tags as line breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push('\n');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The main text of a page, with its title and the lines cut away as chrome
/// (which metadata may still read: sign-offs, copyright lines, credits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub title_source: Option<Source>,
    /// The clean main text: paragraphs separated by a blank line.
    pub text: String,
    /// Lines before the main text (navigation, title, date lines).
    pub head: Vec<String>,
    /// Chrome lines after the main text (sign-offs, credits, copyright, forms).
    pub tail: Vec<String>,
    /// Metadata the markup states (HTML only): (name, value) pairs such as
    /// `og:site_name`, `article:published_time`, `jsonld:publisher`.
    pub markup: Vec<(String, String)>,
}
