//! Quotes and speakers: quoted spans and found quotes slice the text on char
//! boundaries; speakers and frames too.
#![no_main]

use dossier_extract::{entities, gazetteer, quotes, text};
use dossier_fuzz::{assert_slices, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let paras = text::paragraphs(&text);
    let sents = text::sentences(&text);
    for (span, _closed) in quotes::quoted_spans(&text, &paras) {
        assert_slices(&text, span.start, span.end, "quoted span");
        assert!(!span.is_empty(), "empty quoted span at {}", span.start);
    }
    let ents = entities::find(&text, gazetteer::default(), &sents);
    for f in quotes::find(&text, &paras, &sents, &ents) {
        assert_slices(&text, f.span.start, f.span.end, "quote");
        if let Some(sp) = &f.speaker {
            assert_slices(&text, sp.span.start, sp.span.end, "speaker");
            assert!(!sp.name.trim().is_empty(), "speaker with an empty name");
        }
        if let Some(frame) = f.frame {
            assert_slices(&text, frame.start, frame.end, "quote frame");
        }
    }
});
