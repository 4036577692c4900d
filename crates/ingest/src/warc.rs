//! WARC: web archives, one article per HTML response record.
//!
//! A small streaming reader of WARC/1.0 and WARC/1.1 records. It reads one
//! record header at a time, looks into `response` records for the HTTP
//! head, and buffers only the bodies of HTML responses (each capped at
//! [`MAX_RECORD_BYTES`]); every other record is skipped without being held,
//! so memory stays flat however large the archive. Compressed archives
//! (`.warc.gz`, one gzip member per record or one for the whole file) are
//! decompressed by the caller into the same reader.
//!
//! A record that cannot be used is reported as `path#record N` and skipped;
//! a file that ends inside a record, or whose framing is lost, gives the
//! records before it and one error.

use crate::read::{io_reason, InputError, RawInput, MAX_RECORD_BYTES};
use crate::{Body, Given};
use sha2::{Digest, Sha256};
use std::io::{self, BufRead, Read};

/// The longest header line, WARC or HTTP, accepted. Real ones are a few
/// hundred bytes; a long URI may take some kilobytes.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The most header bytes of one record (WARC or HTTP) accepted.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// Streams the records of a WARC file and sends every HTML response as a
/// [`RawInput`], and every record that cannot be read as an error.
pub fn read_warc(mut reader: impl BufRead, origin: &str, sink: &mut dyn FnMut(Result<RawInput, InputError>)) {
    let mut n = 0usize;
    loop {
        n += 1;
        let here = format!("{origin}#record {n}");
        let fail = |reason: String| InputError { input: here.clone(), reason };
        let header = match read_warc_header(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => return,
            Err(RecordError::Io(e)) => return sink(Err(fail(read_reason(&e)))),
            Err(RecordError::Bad(reason)) => return sink(Err(fail(reason))),
        };
        let Some(length) = header.content_length else {
            // Without a length the next record cannot be found.
            return sink(Err(fail("record has no valid Content-Length; stopped reading the file".into())));
        };
        let mut block = (&mut reader).take(length);
        let outcome = if header.warc_type.eq_ignore_ascii_case("response") {
            read_response(&mut block, &header, here.clone())
        } else {
            Ok(None)
        };
        // Whatever was not read of the block is skipped without being held.
        let skipped = io::copy(&mut block, &mut io::sink());
        match skipped {
            Err(e) => {
                if let Err(RecordError::Bad(reason)) = &outcome {
                    sink(Err(fail(reason.clone())));
                }
                return sink(Err(fail(read_reason(&e))));
            }
            Ok(_) if block.limit() > 0 => {
                return sink(Err(fail(format!(
                    "truncated: the file ends {} bytes before the end of this record",
                    block.limit()
                ))));
            }
            Ok(_) => {}
        }
        match outcome {
            Ok(Some(input)) => sink(Ok(input)),
            Ok(None) => {}
            Err(RecordError::Bad(reason)) => sink(Err(fail(reason))),
            Err(RecordError::Io(e)) => return sink(Err(fail(read_reason(&e)))),
        }
    }
}

/// Whether the first bytes of an input are a WARC record header.
pub fn looks_like_warc(head: &[u8]) -> bool {
    head.starts_with(b"WARC/1.")
}

/// The WARC header fields a reader needs.
#[derive(Debug, Default)]
struct WarcHeader {
    warc_type: String,
    target_uri: Option<String>,
    date: Option<String>,
    content_length: Option<u64>,
}

enum RecordError {
    Io(io::Error),
    /// The record is unusable for a reason of its own; the stream goes on.
    Bad(String),
}

impl From<io::Error> for RecordError {
    fn from(e: io::Error) -> RecordError {
        RecordError::Io(e)
    }
}

/// Reads the version line and header fields of the next record, skipping the
/// blank lines that end the previous one. `None` at a clean end of file.
fn read_warc_header(reader: &mut impl BufRead) -> Result<Option<WarcHeader>, RecordError> {
    let mut line = Vec::new();
    loop {
        line.clear();
        if read_line_limited(reader, &mut line)? == 0 {
            return Ok(None);
        }
        if !trim_eol(&line).is_empty() {
            break;
        }
    }
    let version = String::from_utf8_lossy(trim_eol(&line)).into_owned();
    if !version.starts_with("WARC/") {
        let shown: String = version.chars().take(40).collect();
        return Err(RecordError::Bad(format!(
            "expected a WARC record header, found {shown:?}; stopped reading the file"
        )));
    }
    let mut header = WarcHeader::default();
    let mut total = 0usize;
    loop {
        line.clear();
        let got = read_line_limited(reader, &mut line)?;
        if got == 0 {
            return Err(RecordError::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file ends inside a record header",
            )));
        }
        total += got;
        if total > MAX_HEADER_BYTES {
            return Err(RecordError::Bad(format!(
                "record header longer than {} KiB; stopped reading the file",
                MAX_HEADER_BYTES >> 10
            )));
        }
        let text = trim_eol(&line);
        if text.is_empty() {
            return Ok(Some(header));
        }
        let Some((name, value)) = split_field(text) else { continue };
        match name.to_ascii_lowercase().as_str() {
            "warc-type" => header.warc_type = value,
            "warc-target-uri" => {
                // WARC/1.0 examples wrap the URI in angle brackets.
                let uri = value.trim_start_matches('<').trim_end_matches('>').trim().to_string();
                header.target_uri = Some(uri).filter(|u| !u.is_empty());
            }
            "warc-date" => header.date = Some(value),
            "content-length" => header.content_length = value.parse().ok(),
            _ => {}
        }
    }
}

/// Reads the HTTP head of a response record and, when it is a successful
/// HTML response, its body. Returns `None` for records that are no article.
fn read_response(
    block: &mut impl BufRead,
    header: &WarcHeader,
    origin: String,
) -> Result<Option<RawInput>, RecordError> {
    let mut line = Vec::new();
    if read_line_limited(block, &mut line)? == 0 {
        return Ok(None);
    }
    let status_line = String::from_utf8_lossy(trim_eol(&line)).into_owned();
    if !status_line.starts_with("HTTP/") {
        // Not an HTTP response (a DNS or FTP capture): no article.
        return Ok(None);
    }
    let status: u16 = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (mut content_type, mut transfer_encoding, mut content_encoding) = (String::new(), String::new(), String::new());
    let mut total = 0usize;
    loop {
        line.clear();
        let got = read_line_limited(block, &mut line)?;
        total += got;
        if got == 0 {
            break;
        }
        if total > MAX_HEADER_BYTES {
            return Err(RecordError::Bad(format!(
                "HTTP header longer than {} KiB; record skipped",
                MAX_HEADER_BYTES >> 10
            )));
        }
        let text = trim_eol(&line);
        if text.is_empty() {
            break;
        }
        let Some((name, value)) = split_field(text) else { continue };
        match name.to_ascii_lowercase().as_str() {
            "content-type" => content_type = value.to_ascii_lowercase(),
            "transfer-encoding" => transfer_encoding = value.to_ascii_lowercase(),
            "content-encoding" => content_encoding = value.to_ascii_lowercase(),
            _ => {}
        }
    }
    let media_type = content_type.split(';').next().unwrap_or("").trim();
    // Redirects, errors and anything not HTML are no article.
    if !(200..300).contains(&status) || !matches!(media_type, "text/html" | "application/xhtml+xml") {
        return Ok(None);
    }
    let Some(url) = header.target_uri.clone() else {
        return Err(RecordError::Bad("HTML response without WARC-Target-URI; record skipped".into()));
    };
    let body = read_body(block)?;
    let body = if transfer_encoding.contains("chunked") { dechunk(&body).unwrap_or(body) } else { body };
    let body = decode_content(body, &content_encoding).map_err(RecordError::Bad)?;
    let id = hex::encode(Sha256::digest(url.as_bytes()))[..16].to_string();
    // The capture date bounds the publication date and stands in for it
    // only when the page states none.
    let captured = header.date.as_deref().and_then(iso_day);
    let given = Given { captured, ..Given::default() };
    Ok(Some(RawInput { id, url: Some(url), body: Body::HtmlBytes(body), given, origin }))
}

/// The rest of the block, unless it exceeds the record cap (then it is left
/// for the caller to skip).
fn read_body(block: &mut impl Read) -> Result<Vec<u8>, RecordError> {
    let mut body = Vec::new();
    block.take(MAX_RECORD_BYTES + 1).read_to_end(&mut body)?;
    if body.len() as u64 > MAX_RECORD_BYTES {
        return Err(RecordError::Bad(format!("record larger than {} MiB; skipped", MAX_RECORD_BYTES >> 20)));
    }
    Ok(body)
}

/// Undoes HTTP chunked transfer coding; `None` when the body is not validly
/// chunked (some archivers store the decoded body but keep the header).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let eol = rest.iter().position(|&b| b == b'\n')?;
        let size_text = std::str::from_utf8(&rest[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        if rest.len() < size {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    }
}

/// Undoes HTTP content coding (gzip, deflate), capped at the record limit.
/// A body that is not actually compressed is kept as it is, since archivers
/// sometimes store decoded bodies under the original headers.
fn decode_content(body: Vec<u8>, encoding: &str) -> Result<Vec<u8>, String> {
    let encoding = encoding.trim();
    let capped = |reader: &mut dyn Read| -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        reader.take(MAX_RECORD_BYTES + 1).read_to_end(&mut out)?;
        Ok(out)
    };
    let decoded = match encoding {
        "" | "identity" => return Ok(body),
        "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
            capped(&mut flate2::read::MultiGzDecoder::new(&body[..]))
        }
        "deflate" => capped(&mut flate2::read::ZlibDecoder::new(&body[..]))
            .or_else(|_| capped(&mut flate2::read::DeflateDecoder::new(&body[..]))),
        "gzip" | "x-gzip" => return Ok(body),
        other => return Err(format!("content encoding {other:?} is not supported; record skipped")),
    };
    match decoded {
        Ok(out) if out.len() as u64 > MAX_RECORD_BYTES => {
            Err(format!("decompressed body larger than {} MiB; record skipped", MAX_RECORD_BYTES >> 20))
        }
        Ok(out) => Ok(out),
        Err(e) => {
            Err(format!("body does not decompress as {encoding}: {}; record skipped", e.to_string().to_lowercase()))
        }
    }
}

/// `2020-12-07T10:00:00Z` (or any ISO timestamp) as `2020-12-07`.
fn iso_day(date: &str) -> Option<String> {
    let day = date.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().map(|d| d.format("%Y-%m-%d").to_string())
}

fn split_field(line: &[u8]) -> Option<(String, String)> {
    let colon = line.iter().position(|&b| b == b':')?;
    let name = String::from_utf8_lossy(&line[..colon]).trim().to_string();
    let value = String::from_utf8_lossy(&line[colon + 1..]).trim().to_string();
    Some((name, value))
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads one line (with its end) into `out`, failing on lines longer than
/// [`MAX_HEADER_LINE`] so a header without line breaks cannot fill memory.
fn read_line_limited(reader: &mut impl BufRead, out: &mut Vec<u8>) -> Result<usize, RecordError> {
    let start = out.len();
    let got = reader.take(MAX_HEADER_LINE as u64 + 1).read_until(b'\n', out)?;
    if got > MAX_HEADER_LINE && out.last() != Some(&b'\n') {
        out.truncate(start);
        return Err(RecordError::Bad(format!(
            "header line longer than {} KiB; stopped reading the file",
            MAX_HEADER_LINE >> 10
        )));
    }
    Ok(got)
}

fn read_reason(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        return format!("truncated: the file ends inside this record ({})", e.to_string().to_lowercase());
    }
    io_reason(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n").unwrap(), b"hello world");
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
    }

    #[test]
    fn warc_dates_give_the_day() {
        assert_eq!(iso_day("2020-12-07T10:00:00Z").as_deref(), Some("2020-12-07"));
        assert_eq!(iso_day("2020-12-07T10:00:00.123456Z").as_deref(), Some("2020-12-07"));
        assert_eq!(iso_day("yesterday"), None);
    }

    #[test]
    fn stored_plain_bodies_under_gzip_headers_are_kept() {
        assert_eq!(decode_content(b"<p>x</p>".to_vec(), "gzip").unwrap(), b"<p>x</p>");
        assert!(decode_content(b"<p>x</p>".to_vec(), "br").unwrap_err().contains("not supported"));
    }
}
