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

/// A sentence of `words` filler items between a deal and its frame: "Russia
/// will deliver S-400 systems to Turkey under a contract that also covers
/// radar 1, radar 2, …, a Turkish official said."
fn long_sentence(words: usize) -> String {
    let items: Vec<String> = (1..=words).map(|i| format!("spare part {i}")).collect();
    format!("Russia will deliver S-400 systems to Turkey under a contract that also covers {}, a Turkish official said.", items.join(" and "))
}

fn tokens_of(text: &str) -> usize {
    let s = dossier_extract::text::sentences(text);
    assert_eq!(s.len(), 1, "one sentence: {text}");
    dossier_extract::text::tokens(text, s[0].span()).len()
}

/// Reported speech and events are read in long sentences, up to
/// `MAX_READ_TOKENS`.
#[test]
fn a_long_sentence_still_gives_its_quote_and_event() {
    let text = long_sentence(40);
    let n = tokens_of(&text);
    assert!(n > 150 && n <= dossier_extract::text::MAX_READ_TOKENS, "{n} tokens");
    let x = analyze(&text, &Context { published: None, gazetteer: None, title: None });
    assert_eq!(x.quotes.len(), 1, "{:?}", x.quotes);
    assert!(x.quotes[0].speaker.is_some(), "{:?}", x.quotes);
    assert!(!x.events.is_empty(), "no event in {n} tokens");
}

/// Past `MAX_READ_TOKENS` a "sentence" is not read for reported speech or
/// events: from each speech verb and trigger they look over the words
/// around it, which cost the cube of the length (a `quotes` slow unit,
/// sixteenth session, `fuzz/slow-units/quotes-long-sentence-1.bin`, and
/// 32 KB of "n said; " with no sentence end took 76 s in the release
/// build). The same text cut into sentences is read.
#[test]
fn a_sentence_past_the_token_limit_is_not_read_for_speech_or_events() {
    let text = long_sentence(60);
    assert!(tokens_of(&text) > dossier_extract::text::MAX_READ_TOKENS);
    let x = analyze(&text, &Context { published: None, gazetteer: None, title: None });
    assert!(x.quotes.is_empty(), "{:?}", x.quotes);
    assert!(x.events.is_empty(), "{:?}", x.events);
    // Thousands of speech verbs and triggers in one "sentence" come back at
    // once: no reported speech; events only from its short clauses (cut at
    // the semicolons), each within the limit.
    let flood = format!("The deal, an official said {}.", "n said; Ankara denied reports that Russia sold S-400 systems to Turkey and ".repeat(2000));
    let x = analyze(&flood, &Context { published: None, gazetteer: None, title: None });
    assert!(x.quotes.is_empty(), "{:?}", &x.quotes[..1]);
    for e in &x.events {
        let words = &flood[e.evidence.start..e.evidence.end];
        assert!(!words.contains(';'), "an event read across clauses: {words}");
    }
    let data = include_bytes!("../../../fuzz/slow-units/quotes-long-sentence-1.bin");
    read(&String::from_utf8_lossy(data));
}

/// A time that starts inside a second system's token ("F-2 July 40" read
/// as a date within "F-2…"): the own-time test of a system named after the
/// main one measured the gap from the token's end to the time's start
/// ("attempt to subtract with overflow"; found by `events` after 5,939,480
/// executions, twenty-third session). The artifact byte for byte (its first
/// byte chooses the publication date).
#[test]
fn events_crash_2bff6980_artifact() {
    let data = include_bytes!("../../../fuzz/slow-units/events-crash-2bff6980.bin");
    let text = String::from_utf8_lossy(&data[1..]);
    read(&text);
    for published in ["2019", "2019-07", "2019-07-12"] {
        let _ = analyze(&text, &Context { published: Some(published), gazetteer: None, title: None });
    }
}

/// A clause that opens with "weighing" ("weighing the S-400 …"): the
/// considering trigger read the word before the first one ("attempt to
/// subtract with overflow" in builds with debug assertions; found by
/// `events` after about 40,000 executions, twenty-seventh session). The
/// artifact byte for byte; and a sentence of our own that opens the same way.
#[test]
fn events_crash_56dc3d59_artifact() {
    let data = include_bytes!("../../../fuzz/slow-units/events-crash-56dc3d59.bin");
    let text = String::from_utf8_lossy(&data[1..]);
    read(&text);
    read("Weighing the S-400 against the Patriot, Ankara chose Russia.");
}
