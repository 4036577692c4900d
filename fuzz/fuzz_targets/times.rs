//! Time expressions: spans slice the text, in order without overlap, and
//! every value is an ISO date at year, month or day precision that exists.
//! The first three bytes choose a publication date (sometimes none, sometimes
//! an impossible one such as 2021-02-31), the rest is the text.
#![no_main]

use dossier_extract::times::find_times;
use dossier_fuzz::{assert_iso_date, assert_ordered_spans, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (published, rest) = dossier_fuzz_published(data);
    let text = text_of(rest);
    let found = find_times(&text, published.as_deref());
    assert_ordered_spans(&text, found.iter().map(|t| (t.start, t.end)), "time");
    for t in &found {
        assert!(t.end > t.start, "empty time expression at {}", t.start);
        if let Some(v) = &t.value {
            assert_iso_date(v, "time value");
        }
    }
});

/// A publication date from the first bytes: none, a year, a month or a day
/// (the day not always valid), or a malformed string.
fn dossier_fuzz_published(data: &[u8]) -> (Option<String>, &[u8]) {
    if data.len() < 3 {
        return (None, data);
    }
    let (a, b, c) = (data[0], data[1], data[2]);
    let year = 1900 + (a as u32 % 200);
    let published = match b % 16 {
        0 => None,
        13 => Some(format!("{year}")),
        14 => Some(format!("{year}-{:02}", c % 14)),
        15 => Some(String::from_utf8_lossy(&data[..3]).into_owned()),
        m => Some(format!("{year}-{m:02}-{:02}", c % 33)),
    };
    (published, &data[3..])
}
