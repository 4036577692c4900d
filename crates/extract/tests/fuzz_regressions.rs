//! Inputs the fuzz targets (`fuzz/`, see FUZZING.md) found to crash
//! extraction, kept so that the bugs stay fixed. Each test names the target
//! that found it. Tests build with overflow checks, as the targets do.

use dossier_extract::{analyze, Context};

fn read(text: &str) {
    let _ = analyze(text, &Context { published: None, gazetteer: None, title: None });
}

/// A buying verb in its -ing form as the first word of the text: the
/// "in return to purchase" test looked at the word before it, index 0 - 1
/// ("attempt to subtract with overflow"; found by `events` after 2,188,419
/// executions, fifth session).
#[test]
fn events_crash_53ae97d6_buying_verb_as_the_first_word() {
    read("buying tanks from abroad is not planned, officials said.");
    read("Purchasing");
}

/// The artifact byte for byte (its first byte chooses no publication date).
#[test]
fn events_crash_53ae97d6_artifact() {
    let data: &[u8] = b"XPPUSAe\xc2\xafrk\xberadndiaere\nbuying \xd7\xca.3 biTh";
    let text = String::from_utf8_lossy(&data[1..]);
    read(&text);
}
