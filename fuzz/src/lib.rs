//! Shared checks for the fuzz targets: spans that slice the text, dates at a
//! stated precision, and articles whose metadata agrees with its provenance.

use dossier_ingest::{Article, Config, RawInput};

/// The fixed day of ingest for every target, so that runs are reproducible.
pub fn config() -> Config {
    Config {
        today: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    }
}

/// Text from fuzz bytes: invalid UTF-8 is replaced, so every input is used.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Panics unless `start..end` slices `text` on char boundaries.
pub fn assert_slices(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} after end {end}");
    assert!(
        end <= text.len(),
        "{what}: end {end} beyond text length {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on char boundaries"
    );
}

/// Panics unless the spans slice `text` and come in order without overlap.
pub fn assert_ordered_spans(
    text: &str,
    spans: impl IntoIterator<Item = (usize, usize)>,
    what: &str,
) {
    let mut last_end = 0;
    for (i, (start, end)) in spans.into_iter().enumerate() {
        assert_slices(text, start, end, what);
        assert!(
            start >= last_end,
            "{what} {i}: {start}..{end} overlaps or precedes the one before (ended at {last_end})"
        );
        last_end = end;
    }
}

/// Panics unless `value` is ISO 8601 at year, month or day precision and a
/// real calendar date.
pub fn assert_iso_date(value: &str, what: &str) {
    let parts: Vec<&str> = value.split('-').collect();
    let ok = match parts.as_slice() {
        [y] => y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()),
        [y, m] => {
            y.len() == 4
                && m.len() == 2
                && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
                && (1..=12).contains(&m.parse::<u32>().unwrap())
        }
        [_, _, _] => {
            chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() && value.len() == 10
        }
        _ => false,
    };
    assert!(
        ok,
        "{what}: {value:?} is not an ISO date at year, month or day precision"
    );
}

/// Checks what `prepare` promises of an article: text to read, a content
/// hash, and every metadata value backed by provenance of the same kind.
pub fn check_article(article: &Article, config: &Config) {
    assert!(!article.text.trim().is_empty(), "article with empty text");
    assert_eq!(
        article.content_hash.len(),
        64,
        "content hash is not hex SHA-256"
    );
    assert!(article.content_hash.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(!article.text.contains('\0'), "NUL in clean text");
    assert_eq!(
        article.published.is_some(),
        article.published_basis.is_some(),
        "published and its basis disagree"
    );
    assert_eq!(
        article.published.is_some(),
        article.provenance.published.is_some(),
        "published without provenance"
    );
    assert_eq!(
        article.outlet.is_some(),
        article.provenance.outlet.is_some(),
        "outlet without provenance"
    );
    assert_eq!(
        article.based_on.len(),
        article.provenance.based_on.len(),
        "based_on without provenance"
    );
    if let (Some(p), Some(src)) = (&article.published, &article.provenance.published) {
        assert_iso_date(p, "published");
        assert!(
            !src.evidence.is_empty(),
            "published {p} with empty evidence"
        );
        // A date read from the page is never after the day of ingest; one
        // given with the input record is the input's own claim.
        if src.rule != "input" {
            let today = config.today.format("%Y-%m-%d").to_string();
            assert!(
                p.as_str() <= &today[..p.len()],
                "published {p} (rule {}) after the day of ingest {today}",
                src.rule
            );
        }
    }
}

/// Prepares every record a reader gave and checks each article.
pub fn prepare_all(inputs: Vec<RawInput>) {
    let config = config();
    for input in inputs {
        assert!(
            !input.id.trim().is_empty(),
            "record with an empty id from {}",
            input.origin
        );
        if let Ok(article) = dossier_ingest::prepare(input, &config) {
            check_article(&article, &config);
        }
    }
}
