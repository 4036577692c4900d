//! Amounts: offsets round-trip (`text[start..end] == amount.text`), in text
//! order without overlap, with finite values (NaN and infinity do not
//! survive JSON) and ranges that do not run backwards.
#![no_main]

use dossier_extract::amounts::find_amounts;
use dossier_fuzz::{assert_ordered_spans, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let found = find_amounts(&text);
    assert_ordered_spans(&text, found.iter().map(|a| (a.start, a.end)), "amount");
    for a in &found {
        assert_eq!(
            &text[a.start..a.end],
            a.text,
            "amount text differs from its offsets"
        );
        assert!(!a.text.is_empty(), "empty amount at {}", a.start);
        assert!(
            a.value.is_finite(),
            "amount {:?} has value {}",
            a.text,
            a.value
        );
        if let Some(max) = a.value_max {
            assert!(max.is_finite(), "amount {:?} has upper bound {max}", a.text);
        }
    }
});
