//! Bytes to text: byte-order marks, UTF-8, legacy encodings (detected with
//! `chardetng`, decoded with `encoding_rs`), and refusal of binary data.

use encoding_rs::Encoding;

/// Decodes the bytes of a text file.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err("not a text file (binary data)".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let enc = detector.guess(None, true);
    let (text, _, _) = enc.decode(bytes);
    check_text(text.into_owned())
}

/// Decodes the bytes of an HTML page, honouring a declared `charset`.
pub fn decode_html(bytes: &[u8]) -> Result<String, String> {
    if Encoding::for_bom(bytes).is_none() && !looks_binary(bytes) && std::str::from_utf8(bytes).is_err() {
        if let Some(enc) = declared_charset(bytes) {
            let (text, _, _) = enc.decode(bytes);
            return check_text(text.into_owned());
        }
    }
    decode(bytes)
}

fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let i = head.find("charset=")? + "charset=".len();
    let rest = head[i..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    Encoding::for_label(label.as_bytes())
}

/// Binary data: NUL bytes, or many control bytes that no text has.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.is_empty() {
        return false;
    }
    let nul = sample.iter().filter(|&&b| b == 0).count();
    let control = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    nul > 0 && (nul * 100 / sample.len() > 1 || control * 100 / sample.len() > 5) || control * 100 / sample.len() > 10
}

fn check_text(text: String) -> Result<String, String> {
    let total = text.chars().count().max(1);
    let bad = text.chars().filter(|&c| c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace())).count();
    if bad * 10 > total {
        return Err("not a text file (undecodable bytes)".into());
    }
    Ok(text)
}

/// Normalises line ends and drops control characters that no reader wants
/// (NUL, backspace, escape), keeping newlines and tabs.
pub fn clean_control(text: &str) -> String {
    let needs = text.chars().any(|c| c == '\r' || (c.is_control() && c != '\n' && c != '\t'));
    if !needs {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n')
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_encoding_is_detected() {
        // "Türkiye'nin savunma sanayii" in Windows-1254 (Turkish).
        let (bytes, _, _) = encoding_rs::WINDOWS_1254.encode("Türkiye'nin savunma sanayii güçlü. Şirket ihracat yaptı, ölçeği büyüdü.");
        let text = decode(&bytes).unwrap();
        assert!(text.contains("ü"), "{text}");
    }

    #[test]
    fn binary_is_refused() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7 % 256) as u8).collect();
        assert!(decode(&bytes).is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0").is_err());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Ankara said".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Ankara said");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(clean_control("a\r\nb\rc\0d\u{1b}e"), "a\nb\ncde");
    }
}
