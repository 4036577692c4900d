//! Readers: find the article records in files, folders and stdin.
//!
//! Each supported format is one reader function that streams [`RawInput`]s
//! (or a per-record [`InputError`]) into a sink, so a bad record never stops
//! the rest of a batch and large inputs are never held whole in memory.
//! Feeds are read by [`crate::feed`], web archives by [`crate::warc`].

use crate::{Body, Given};
use serde::Deserialize;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest single file or record accepted, decompressed. News articles
/// are kilobytes; anything this large is not one.
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Decompression stops beyond this many bytes per compressed byte (plus a
/// fixed allowance): a gzip bomb gets a clear error instead of eating memory
/// and time. Real news archives compress 3-10 times.
pub const MAX_EXPANSION: u64 = 200;

/// One article as found in an input, before decoding and cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct RawInput {
    pub id: String,
    pub url: Option<String>,
    pub body: Body,
    pub given: Given,
    /// A human-readable name of where this came from: a path, `path:line`, `stdin`.
    pub origin: String,
}

/// A rejected input or record, named, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub input: String,
    pub reason: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.input, self.reason)
    }
}

impl std::error::Error for InputError {}

/// The input formats, told apart by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Jsonl { gzip: bool },
    /// RSS or Atom: one article per entry.
    Feed,
    /// A web archive: one article per HTML response record.
    Warc { gzip: bool },
}

impl Format {
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            return Some(Format::Jsonl { gzip: true });
        }
        if name.ends_with(".warc.gz") {
            return Some(Format::Warc { gzip: true });
        }
        let ext = name.rsplit_once('.')?.1;
        Some(match ext {
            "txt" | "text" => Format::Text,
            "html" | "htm" | "xhtml" => Format::Html,
            "jsonl" | "ndjson" => Format::Jsonl { gzip: false },
            "xml" | "rss" | "atom" => Format::Feed,
            "warc" => Format::Warc { gzip: false },
            _ => return None,
        })
    }
}

/// Reads a file or a folder (recursively, in name order) and sends every
/// record found, or the reason it could not be read, to `sink`.
pub fn read_path(path: &Path, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let origin = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return sink(Err(InputError { input: origin, reason: io_reason(&e) })),
    };
    if meta.is_dir() {
        let mut files = Vec::new();
        collect_files(path, &mut files, sink);
        files.sort();
        for f in files {
            read_file(&f, sink);
        }
        return;
    }
    read_file(path, sink);
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return sink(Err(InputError { input: dir.display().to_string(), reason: io_reason(&e) }));
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let name = entry.file_name();
        // Hidden files and folders (.git, editor swap files) are never articles.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match entry.file_type() {
            Ok(t) if t.is_dir() => collect_files(&p, out, sink),
            Ok(_) => {
                // Inside folders, files of unknown formats are skipped silently:
                // a folder of articles may hold a README or images.
                if Format::from_path(&p).is_some() {
                    out.push(p)
                }
            }
            Err(e) => sink(Err(InputError { input: p.display().to_string(), reason: io_reason(&e) })),
        }
    }
}

fn read_file(path: &Path, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let origin = path.display().to_string();
    let Some(format) = Format::from_path(path) else {
        return sink(Err(InputError {
            input: origin,
            reason: "unknown file type (expected .txt, .html, .htm, .jsonl, .jsonl.gz, .xml, .rss, .atom, .warc or .warc.gz)"
                .into(),
        }));
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Err(InputError { input: origin, reason: io_reason(&e) })),
    };
    let id = file_id(path);
    match format {
        Format::Text | Format::Html => match read_capped(file, MAX_RECORD_BYTES) {
            Ok(bytes) => {
                if bytes.is_empty() {
                    return sink(Err(InputError { input: origin, reason: "empty file".into() }));
                }
                let body = if format == Format::Html { Body::HtmlBytes(bytes) } else { Body::TextBytes(bytes) };
                sink(Ok(RawInput { id, url: None, body, given: Given::default(), origin }))
            }
            Err(reason) => sink(Err(InputError { input: origin, reason })),
        },
        Format::Jsonl { gzip } => {
            if gzip {
                read_jsonl(BufReader::new(gunzip_capped(file)), &origin, sink)
            } else {
                read_jsonl(BufReader::new(file), &origin, sink)
            }
        }
        Format::Feed => {
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            if size > crate::feed::MAX_FEED_BYTES {
                let reason = format!("feed larger than {} MiB", crate::feed::MAX_FEED_BYTES >> 20);
                return sink(Err(InputError { input: origin, reason }));
            }
            match read_capped(file, crate::feed::MAX_FEED_BYTES) {
                Ok(bytes) => crate::feed::read_feed(&bytes, &origin, &id, sink),
                Err(reason) => sink(Err(InputError { input: origin, reason })),
            }
        }
        Format::Warc { gzip } => {
            if gzip {
                crate::warc::read_warc(BufReader::with_capacity(1 << 16, gunzip_capped(file)), &origin, sink)
            } else {
                crate::warc::read_warc(BufReader::with_capacity(1 << 16, file), &origin, sink)
            }
        }
    }
}

/// A gzip file (one member or many) decompressed as a stream, stopped with
/// an error once it expands far beyond what real archives do.
fn gunzip_capped(file: File) -> Capped<flate2::read::MultiGzDecoder<BufReader<File>>> {
    let compressed = file.metadata().map(|m| m.len()).unwrap_or(0);
    let cap = MAX_RECORD_BYTES * 4 + compressed.saturating_mul(MAX_EXPANSION);
    Capped::new(flate2::read::MultiGzDecoder::new(BufReader::new(file)), cap)
}

/// Reads standard input: a WARC archive when it starts with a WARC record
/// header (streamed), a feed when it is XML with an RSS or Atom root, JSONL
/// when it starts with `{`, HTML when it starts with markup, plain text
/// otherwise.
pub fn read_stdin(mut input: impl Read, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let origin = "stdin".to_string();
    // Read the first kilobyte to tell the format, then read on from there
    // with those bytes put back in front.
    let mut head = Vec::with_capacity(1024);
    if let Err(e) = input.by_ref().take(1024).read_to_end(&mut head) {
        return sink(Err(InputError { input: origin, reason: io_reason(&e) }));
    }
    let is_warc = crate::warc::looks_like_warc(&head);
    let is_feed = crate::feed::looks_like_feed(&head);
    let input = std::io::Cursor::new(head).chain(input);
    if is_warc {
        return crate::warc::read_warc(BufReader::with_capacity(1 << 16, input), &origin, sink);
    }
    if is_feed {
        return match read_capped(input, crate::feed::MAX_FEED_BYTES) {
            Ok(bytes) => crate::feed::read_feed(&bytes, &origin, "stdin", sink),
            Err(reason) => sink(Err(InputError { input: origin, reason })),
        };
    }
    let bytes = match read_capped(input, MAX_RECORD_BYTES) {
        Ok(b) => b,
        Err(reason) => return sink(Err(InputError { input: origin, reason })),
    };
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).trim_start().to_lowercase();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return sink(Err(InputError { input: origin, reason: "empty input".into() }));
    }
    if head.starts_with('{') {
        return read_jsonl(BufReader::new(&bytes[..]), &origin, sink);
    }
    use sha2::Digest;
    let id = format!("stdin-{}", &hex::encode(sha2::Sha256::digest(&bytes))[..12]);
    let body = if head.starts_with("<!doctype") || head.starts_with("<html") || head.starts_with("<?xml") {
        Body::HtmlBytes(bytes)
    } else {
        Body::TextBytes(bytes)
    };
    sink(Ok(RawInput { id, url: None, body, given: Given::default(), origin }))
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<serde_json::Value>,
    url: Option<String>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
}

/// Streams JSONL records, one article a line; a bad line is reported and skipped.
pub fn read_jsonl(mut reader: impl BufRead, origin: &str, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        n += 1;
        let here = format!("{origin}:{n}");
        match read_line_capped(&mut reader, &mut line, MAX_RECORD_BYTES) {
            Ok(0) => return,
            Ok(_) => {}
            Err(LineError::TooLong) => {
                sink(Err(InputError {
                    input: here,
                    reason: format!("line longer than {} MiB", MAX_RECORD_BYTES >> 20),
                }));
                // Skip the rest of the long line, then go on with the next one.
                if skip_line(&mut reader).is_err() {
                    return;
                }
                continue;
            }
            Err(LineError::Io(e)) => {
                return sink(Err(InputError { input: here, reason: io_reason(&e) }));
            }
        }
        let text = match std::str::from_utf8(&line) {
            Ok(t) => t.trim(),
            Err(_) => {
                sink(Err(InputError { input: here, reason: "line is not valid UTF-8 JSON".into() }));
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        let rec: JsonRecord = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                sink(Err(InputError { input: here, reason: format!("malformed JSON: {e}") }));
                continue;
            }
        };
        let id = match rec.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => {
                sink(Err(InputError { input: here, reason: "record has no \"id\"".into() }));
                continue;
            }
        };
        let body = match (rec.html, rec.text) {
            (Some(h), _) if !h.trim().is_empty() => Body::Html(h),
            (_, Some(t)) if !t.trim().is_empty() => Body::Text(t),
            _ => {
                sink(Err(InputError { input: here, reason: format!("record {id:?} has neither \"text\" nor \"html\"") }));
                continue;
            }
        };
        let given = Given { title: rec.title, published: rec.published, outlet: rec.outlet, captured: None };
        sink(Ok(RawInput { id, url: rec.url.filter(|u| !u.trim().is_empty()), body, given, origin: here }));
    }
}

/// A reader that fails once more than `cap` bytes have come out of it.
pub struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R> Capped<R> {
    pub fn new(inner: R, cap: u64) -> Capped<R> {
        Capped { inner, left: cap }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Other,
                "decompressed data is far larger than the file (a decompression bomb?); stopped",
            ));
        }
        let n = buf.len().min(self.left.min(usize::MAX as u64) as usize);
        let got = self.inner.read(&mut buf[..n])?;
        self.left -= got as u64;
        Ok(got)
    }
}

enum LineError {
    TooLong,
    Io(std::io::Error),
}

fn read_line_capped(reader: &mut impl BufRead, out: &mut Vec<u8>, cap: u64) -> Result<usize, LineError> {
    let mut total = 0usize;
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(LineError::Io(e)),
        };
        if buf.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let len = chunk.len();
        if (out.len() + len) as u64 > cap {
            reader.consume(len);
            if done {
                return Err(LineError::TooLong);
            }
            // Mark the line as too long; the caller skips its remainder.
            return Err(LineError::TooLong);
        }
        out.extend_from_slice(chunk);
        reader.consume(len);
        total += len;
        if done {
            return Ok(total);
        }
    }
}

fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        if let Some(i) = buf.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(());
        }
        let n = buf.len();
        reader.consume(n);
    }
}

fn read_capped(input: impl Read, cap: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    match input.take(cap + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() as u64 > cap => Err(format!("larger than {} MiB", cap >> 20)),
        Ok(_) => Ok(bytes),
        Err(e) => Err(io_reason(&e)),
    }
}

/// The document id of a single-article file: its stem (`s004.txt` gives `s004`).
pub fn file_id(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof => {
            format!("corrupt or truncated data ({e})")
        }
        std::io::ErrorKind::Other if e.to_string().contains("decompression bomb") => e.to_string(),
        _ => e.to_string().to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect_jsonl(input: &str) -> Vec<Result<RawInput, InputError>> {
        let mut out = Vec::new();
        read_jsonl(BufReader::new(input.as_bytes()), "t.jsonl", &mut |r| out.push(r));
        out
    }

    #[test]
    fn jsonl_bad_lines_are_named_and_skipped() {
        let out = collect_jsonl(
            "{\"id\":\"a\",\"text\":\"hello\"}\nnot json\n\n{\"id\":\"b\"}\n{\"text\":\"x\"}\n{\"id\":7,\"html\":\"<p>x</p>\"}\n",
        );
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().unwrap().id, "a");
        let e = out[1].as_ref().unwrap_err();
        assert_eq!(e.input, "t.jsonl:2");
        assert!(e.reason.starts_with("malformed JSON"), "{}", e.reason);
        assert!(out[2].as_ref().unwrap_err().reason.contains("neither"));
        assert!(out[3].as_ref().unwrap_err().reason.contains("no \"id\""));
        assert_eq!(out[4].as_ref().unwrap().id, "7");
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(Format::from_path(Path::new("a/b.JSONL.gz")), Some(Format::Jsonl { gzip: true }));
        assert_eq!(Format::from_path(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.pdf")), None);
        assert_eq!(Format::from_path(Path::new("noext")), None);
    }
}
