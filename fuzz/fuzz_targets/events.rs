//! The whole extractor: `analyze` never panics, and a `Document` built from
//! its result passes `dossier_model::check_offsets` (every entity mention,
//! quote, event evidence, amount and time slices the text and equals its
//! stored words). The first byte chooses whether a publication date is known.
#![no_main]

use dossier_extract::{analyze, Context};
use dossier_fuzz::text_of;
use dossier_model::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let published = match first % 4 {
        0 => None,
        1 => Some("2019"),
        2 => Some("2019-07"),
        _ => Some("2019-07-12"),
    };
    let text = text_of(rest);
    let x = analyze(
        &text,
        &Context {
            published,
            gazetteer: None,
            title: None,
        },
    );
    for q in &x.quotes {
        if let Some(sp) = q.speaker_span {
            dossier_fuzz::assert_slices(&text, sp.start, sp.end, "quote speaker");
        }
    }
    let doc = Document {
        id: "fuzz".into(),
        url: None,
        title: None,
        outlet: None,
        based_on: Vec::new(),
        published: published.map(str::to_string),
        published_basis: None,
        duplicate_of: None,
        text,
        entities: x.entities,
        quotes: x.quotes,
        events: x.events,
        amounts: x.amounts,
        provenance: Default::default(),
        times: x.times,
    };
    if let Err(e) = dossier_model::check_offsets(&doc) {
        panic!("{e}");
    }
});
