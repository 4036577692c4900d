//! Paragraphs, sentences and tokens: every span slices the text on char
//! boundaries, in order and without overlap; sentences lie in their
//! paragraph and tokens in their sentence.
#![no_main]

use dossier_extract::text::{paragraphs, sentences, tokens};
use dossier_fuzz::{assert_ordered_spans, assert_slices, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    let paras = paragraphs(&text);
    assert_ordered_spans(&text, paras.iter().map(|p| (p.start, p.end)), "paragraph");
    let sents = sentences(&text);
    assert_ordered_spans(&text, sents.iter().map(|s| (s.start, s.end)), "sentence");
    for s in &sents {
        let para = paras.get(s.paragraph).unwrap_or_else(|| {
            panic!(
                "sentence {}..{} in paragraph {} of {}",
                s.start,
                s.end,
                s.paragraph,
                paras.len()
            )
        });
        assert!(
            para.contains(s.span()),
            "sentence {}..{} outside its paragraph {}..{}",
            s.start,
            s.end,
            para.start,
            para.end
        );
        let toks = tokens(&text, s.span());
        assert_ordered_spans(&text, toks.iter().map(|t| (t.start, t.end)), "token");
        for t in &toks {
            assert_slices(&text, t.start, t.end, "token");
            assert!(
                s.start <= t.start && t.end <= s.end,
                "token {}..{} outside its sentence",
                t.start,
                t.end
            );
            assert_eq!(
                &text[t.start..t.end],
                t.text,
                "token text differs from its offsets"
            );
            assert!(!t.text.is_empty(), "empty token at {}", t.start);
        }
    }
    // Tokens of the whole text too, as the quote reader takes them.
    let all = tokens(&text, dossier_model::Span::new(0, text.len()));
    assert_ordered_spans(&text, all.iter().map(|t| (t.start, t.end)), "token");
});
