//! A generated web crawl as WARC.gz: the generator's articles as the pages
//! of news sites, each fetched with a request record and a response record,
//! one gzip member per record as crawlers write them, with the style sheets,
//! scripts and `robots.txt` a crawl also fetches.
//!
//! Pages are the size of real news pages (60-130 KB of HTML for 1-3 KB of
//! article): each site has its own template (inline style sheet and
//! scripts, menus, footer) made of generated identifiers and numbers, so it
//! compresses about as much as real markup does, not like a repeated
//! string; each page adds its own teasers, ad slots and page-state JSON.

use crate::{story, Rng, OUTLETS};
use std::io::Write;

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ner", "tas", "vu", "quo", "ri", "sen", "dal", "bex", "tor", "pin", "gra", "hul", "zem", "cor", "fy", "wen", "ot",
];
const CSS_PROPS: &[&str] = &[
    "margin", "padding", "width", "max-width", "height", "font-size", "line-height", "letter-spacing", "top", "left", "gap", "border-radius",
];
const CSS_VALUES: &[&str] = &["0", "1px", "2px", "4px", "8px", "12px", "16px", "20px", "24px", "32px", "48px", "64px", "100%", "50%", "auto", "1.5", "1rem", "2rem"];
const WORDS: &[&str] = &[
    "navy", "tender", "budget", "frigate", "radar", "drone", "exercise", "minister", "border", "parliament", "exports", "factory", "missile",
    "talks", "delay", "contract", "summit", "brigade", "satellite", "helicopter", "shipyard", "audit", "reserve", "pilots", "convoy",
];
const SECTIONS: &[&str] = &["world", "defence", "politics", "business", "technology", "europe", "asia", "middle-east", "africa", "americas", "opinion", "analysis"];

fn ident(r: &mut Rng) -> String {
    let n = r.range(2, 4);
    (0..n).map(|_| *r.pick(SYLLABLES)).collect()
}

fn phrase(r: &mut Rng, lo: u64, hi: u64) -> String {
    let n = r.range(lo, hi);
    let words: Vec<&str> = (0..n).map(|_| *r.pick(WORDS)).collect();
    crate::capitalize(&words.join(" "))
}

/// What every page of one site shares: its head and its menus.
struct Site {
    host: String,
    outlet: &'static str,
    head: String,
    header: String,
    footer: String,
}

impl Site {
    fn new(r: &mut Rng, outlet: &'static str) -> Site {
        let host = format!("{}.example", outlet.to_lowercase().replace(' ', "-"));
        let palette: Vec<String> = (0..24).map(|_| format!("{:06x}", r.next_u64() & 0xff_ffff)).collect();
        let mut css = String::new();
        for _ in 0..r.range(260, 380) {
            let (a, b) = (ident(r), ident(r));
            css.push_str(&format!(".{a}-{b}{{"));
            for _ in 0..r.range(2, 6) {
                let prop = *r.pick(CSS_PROPS);
                css.push_str(&format!("{prop}:{};", r.pick(CSS_VALUES)));
            }
            css.push_str(&format!("color:#{}}}", r.pick(&palette)));
            if r.range(0, 5) == 0 {
                css.push_str(&format!("@media (max-width:{}px){{.{a}-{b}{{display:none}}}}", r.pick(&[480, 640, 768, 1024, 1280])));
            }
        }
        // Scripts: a configuration object, then functions that, as real
        // scripts do, reach into the page by the style sheet's class names.
        let classes: Vec<&str> = css.match_indices('.').filter_map(|(i, _)| css[i + 1..].split('{').next()).filter(|c| !c.is_empty() && !c.contains(' ')).take(64).collect();
        let mut js = String::from("window.__cfg={");
        for i in 0..r.range(150, 250) {
            if i > 0 {
                js.push(',');
            }
            js.push_str(&format!("\"{}\":", r.pick(&classes).replace('-', "_")));
            match r.range(0, 4) {
                0 => js.push_str(&r.range(0, 999).to_string()),
                1 => js.push_str(&format!("\"{:06x}\"", r.next_u64() & 0xff_ffff)),
                2 | 3 => js.push_str(if r.range(0, 1) == 0 { "true" } else { "false" }),
                _ => js.push_str(&format!("\"/static/{}.js\"", r.pick(&classes))),
            }
        }
        js.push_str("};");
        for _ in 0..r.range(120, 200) {
            let f = ident(r);
            js.push_str(&format!(
                "function {f}(e,t){{var n=document.querySelectorAll(\".{}\");if(!n||n.length<{}){{return null}}try{{for(var i=0;i<n.length;i++){{n[i].classList.{}(\"{}\");n[i].setAttribute(\"data-{}\",t)}}}}catch(r){{window.console&&console.error(r)}}return e}}",
                r.pick(&classes),
                r.range(1, 9),
                if r.range(0, 1) == 0 { "add" } else { "remove" },
                r.pick(&classes),
                r.pick(&["state", "track", "slot", "ready", "index"]),
            ));
        }
        let mut metas = String::new();
        for _ in 0..r.range(12, 24) {
            metas.push_str(&format!("<meta name=\"{}-{}\" content=\"{:012x}\">", ident(r), ident(r), r.next_u64() & 0xffff_ffff_ffff));
        }
        for _ in 0..r.range(6, 12) {
            metas.push_str(&format!("<link rel=\"preload\" as=\"script\" href=\"https://{host}/static/{}.{:08x}.js\">", ident(r), r.next_u64() & 0xffff_ffff));
        }
        let head = format!(
            "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <meta property=\"og:site_name\" content=\"{outlet}\">{metas}<style>{css}</style><script>{js}</script>"
        );
        let mut nav = String::from("<header><a class=\"logo\" href=\"/\">");
        nav.push_str(outlet);
        nav.push_str("</a><nav><ul>");
        for s in SECTIONS {
            nav.push_str(&format!("<li><a href=\"/{s}\">{}</a><ul>", crate::capitalize(&s.replace('-', " "))));
            for _ in 0..r.range(4, 9) {
                let p = phrase(r, 1, 3);
                nav.push_str(&format!("<li><a href=\"/{s}/{}\">{p}</a></li>", p.to_lowercase().replace(' ', "-")));
            }
            nav.push_str("</ul></li>");
        }
        nav.push_str("</ul></nav><form action=\"/search\"><input name=\"q\" placeholder=\"Search\"></form></header>");
        let mut footer = String::from("<footer><div class=\"links\">");
        for _ in 0..r.range(30, 50) {
            let p = phrase(r, 1, 3);
            footer.push_str(&format!("<a href=\"/{}\">{p}</a> ", p.to_lowercase().replace(' ', "-")));
        }
        footer.push_str(&format!("</div><p>© 2024 {outlet}. All rights reserved.</p></footer>"));
        Site { host, outlet, head, header: nav, footer }
    }

    fn page(&self, r: &mut Rng, title: &str, text: &str, published: &str) -> String {
        let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
        let paras: String = text.split("\n\n").map(|p| format!("<p>{}</p>", esc(p))).collect();
        let mut related = String::from("<aside class=\"related\"><h2>More from ");
        related.push_str(self.outlet);
        related.push_str("</h2><ul>");
        for _ in 0..r.range(8, 16) {
            related.push_str(&format!("<li><a href=\"/{}/{}\">{}</a></li>", r.pick(SECTIONS), r.range(100_000, 999_999), phrase(r, 4, 9)));
        }
        related.push_str("</ul></aside>");
        let mut ads = String::new();
        for _ in 0..r.range(3, 7) {
            ads.push_str(&format!(
                "<div class=\"ad-slot\" id=\"ad-{:010x}\" data-size=\"{}x{}\"></div>",
                r.next_u64() & 0xff_ffff_ffff,
                r.range(300, 970),
                r.range(50, 600)
            ));
        }
        let mut state = format!("{{\"page\":{{\"id\":{},\"section\":\"{}\",\"items\":[", r.range(1, 99_999_999), r.pick(SECTIONS));
        for i in 0..r.range(40, 90) {
            if i > 0 {
                state.push(',');
            }
            state.push_str(&format!(
                "{{\"id\":\"{:08x}\",\"title\":\"{}\",\"score\":{},\"ts\":{}}}",
                r.next_u64() & 0xffff_ffff,
                phrase(r, 3, 8),
                r.range(0, 10_000),
                r.range(1_600_000_000, 1_730_000_000)
            ));
        }
        state.push_str("]}}");
        let ld = format!(
            "{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"{}\",\"datePublished\":\"{published}\",\"publisher\":{{\"@type\":\"Organization\",\"name\":\"{}\"}}}}",
            esc(title),
            self.outlet
        );
        format!(
            "<!doctype html><html lang=\"en\"><head><title>{} | {}</title>{}<script type=\"application/ld+json\">{ld}</script></head>\
             <body>{}{ads}<main><article><h1>{}</h1><p class=\"byline\">By staff reporters</p><time datetime=\"{published}\">{published}</time>{paras}</article>{related}</main>\
             {}<script id=\"__STATE__\" type=\"application/json\">{state}</script></body></html>",
            esc(title),
            self.outlet,
            self.head,
            self.header,
            esc(title),
            self.footer
        )
    }
}

/// Counts the bytes written through it.
struct Counting<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// What [`write_warc_gz`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub struct CrawlStats {
    /// HTML pages (article responses).
    pub pages: usize,
    /// All records, including requests, style sheets, scripts and `robots.txt`.
    pub records: usize,
    /// Bytes of HTML in the pages, uncompressed.
    pub html_bytes: u64,
    /// Bytes of the file written (compressed).
    pub file_bytes: u64,
}

fn record(out: &mut impl Write, n: usize, kind: &str, uri: &str, date: &str, block: &[u8]) -> std::io::Result<()> {
    let content_type = match kind {
        "request" => "application/http; msgtype=request",
        "response" => "application/http; msgtype=response",
        _ => "application/warc-fields",
    };
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    write!(
        gz,
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{n:032x}>\r\nWARC-Date: {date}\r\n\
         WARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )?;
    gz.write_all(block)?;
    gz.write_all(b"\r\n\r\n")?;
    gz.finish()?;
    Ok(())
}

fn response(status: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: max-age=60\r\nServer: nginx\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Writes a generated crawl of news sites to `path` as WARC.gz until the file
/// holds about `bytes` (compressed). One article in eight is a syndicated
/// copy on another site, as in [`crate::generate`].
pub fn write_warc_gz(path: &std::path::Path, seed: u64, bytes: u64) -> std::io::Result<CrawlStats> {
    let mut r = Rng::new(seed ^ 0x5eed_c4a1);
    let sites: Vec<Site> = OUTLETS.iter().map(|o| Site::new(&mut r, o)).collect();
    let mut out = Counting { inner: std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?), bytes: 0 };
    let mut stats = CrawlStats::default();
    let mut n = 0usize;
    let mut next = |out: &mut Counting<_>, kind: &str, uri: &str, date: &str, block: &[u8], stats: &mut CrawlStats| {
        n += 1;
        stats.records += 1;
        record(out, n, kind, uri, date, block)
    };
    next(&mut out, "warcinfo", "", "2024-06-01T00:00:00Z", b"software: dossier bench\r\nformat: WARC File Format 1.1\r\n", &mut stats)?;
    let mut last: Option<(String, String)> = None;
    let mut page_no = 0u64;
    while out.bytes < bytes {
        page_no += 1;
        let site = &sites[r.range(0, sites.len() as u64 - 1) as usize];
        let (title, text) = story(&mut r, page_no, &mut last);
        let month = r.range(1, 12);
        let day = r.range(1, 28);
        let date = format!("2024-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", r.range(0, 23), r.range(0, 59), r.range(0, 59));
        let published = format!("2024-{month:02}-{day:02}");
        let path = format!("/{}/2024/{month:02}/{day:02}/{}-{page_no}", r.pick(SECTIONS), title.to_lowercase().replace(|c: char| !c.is_alphanumeric(), "-"));
        let uri = format!("https://{}{path}", site.host);
        if page_no % 50 == 1 {
            let robots = format!("User-agent: *\nDisallow: /search\nSitemap: https://{}/sitemap.xml\n", site.host);
            next(&mut out, "response", &format!("https://{}/robots.txt", site.host), &date, &response("200 OK", "text/plain", robots.as_bytes()), &mut stats)?;
        }
        let request = format!("GET {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: dossier-bench\r\nAccept: text/html\r\n\r\n", site.host);
        next(&mut out, "request", &uri, &date, request.as_bytes(), &mut stats)?;
        let html = site.page(&mut r, &title, &text, &published);
        stats.pages += 1;
        stats.html_bytes += html.len() as u64;
        next(&mut out, "response", &uri, &date, &response("200 OK", "text/html; charset=utf-8", html.as_bytes()), &mut stats)?;
        if page_no.is_multiple_of(10) {
            // A style sheet or script the page links to.
            let (ct, ext) = if r.range(0, 1) == 0 { ("text/css", "css") } else { ("application/javascript", "js") };
            let asset: String = (0..r.range(200, 600)).map(|_| format!(".{}{{margin:{}px}}\n", ident(&mut r), r.range(0, 99))).collect();
            let uri = format!("https://{}/static/{}.{ext}", site.host, ident(&mut r));
            next(&mut out, "response", &uri, &date, &response("200 OK", ct, asset.as_bytes()), &mut stats)?;
        }
    }
    out.flush()?;
    stats.file_bytes = out.bytes;
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The crawl reads back through dossier's own WARC reader: every page
    /// is an article with its URL, and nothing else is.
    #[test]
    fn crawl_reads_back_as_its_pages() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("crawl.warc.gz");
        let stats = write_warc_gz(&path, 3, 2_000_000).unwrap();
        assert!(stats.file_bytes >= 2_000_000 && stats.file_bytes < 2_300_000, "{stats:?}");
        assert!(stats.pages > 20, "{stats:?}");
        let ratio = stats.html_bytes as f64 / stats.file_bytes as f64;
        assert!((2.5..12.0).contains(&ratio), "compression ratio {ratio}");
        let mut read = Vec::new();
        dossier_ingest::read_path(&path, &mut |r| read.push(r.unwrap()));
        assert_eq!(read.len(), stats.pages);
        let config = dossier_ingest::Config { today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap() };
        for raw in read.into_iter().take(10) {
            assert!(raw.url.as_deref().is_some_and(|u| u.starts_with("https://")), "{:?}", raw.url);
            let a = dossier_ingest::prepare(raw, &config).unwrap();
            // The main text is the article, not the menus, scripts or teasers.
            assert!(a.text.len() < 6_000, "{}", a.text.len());
            assert!(!a.text.contains("window.__cfg") && !a.text.contains("All rights reserved"), "{}", a.text);
            assert_eq!(a.published.as_deref().map(|p| p.len()), Some(10), "{:?}", a.published);
        }
    }
}
