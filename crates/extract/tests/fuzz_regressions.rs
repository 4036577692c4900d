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

/// A word starting "a3" followed by a multi-byte character: the airliner
/// test (Airbus A3xx) sliced the word at byte 4, inside a kana ("end byte
/// index 4 is not a char boundary"; found by `events` after 923,135
/// executions, sixth session, the day the airliner test was written).
#[test]
fn events_crash_1364b633_word_cut_inside_a_character() {
    read("Egypt ordered 24 a35\u{3041} jets from France.");
    read("a3\u{3041}\u{3041} aircraft were delivered to Chile.");
}

/// The artifact byte for byte (its first byte chooses the publication date).
#[test]
fn events_crash_1364b633_artifact() {
    let data: &[u8] = b"XTurkey'signeDDDD gAthreatsor waive Swavey XTurlans t\x01\x7fm, t`hen 3\x00\x00\x00.\x00\x00*for wags\xa0t\x01for waive SAAAXtuyor gesinrkWaive Srtup.buy\xc9th-ram.-35\xe3 India plans to buy fi\x81a35\xe3\x81\x81\x81=X2u\x95U\x90e S-em, RoU\x98sobwAAeDDD t\x01\x7fm,D gAAles\x00*";
    let text = String::from_utf8_lossy(&data[1..]);
    read(&text);
}

/// A first line of at least 40 bytes with a multi-byte character across
/// byte 40: the dateline test (seventh session) cut the text's head at byte
/// 40 ("end byte index 40 is not a char boundary"; found by `events` within
/// its first 20,000 executions on the day the test was written).
#[test]
fn events_crash_7aed4105_head_cut_inside_a_character() {
    read("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM\u{fffd}: The Ministry of Defence bought five S-400 systems.");
}

/// The artifact byte for byte (its first byte chooses the publication date).
#[test]
fn events_crash_7aed4105_artifact() {
    let data: &[u8] = b"XT\x004 military b\x00\x003 military buy five \x00\x00\x00\xfd\xff\x00\x003 military buy five X-399 rs]";
    let text = String::from_utf8_lossy(&data[1..]);
    read(&text);
}
