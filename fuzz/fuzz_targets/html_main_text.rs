//! HTML main text: `prepare` on the bytes of a web page never panics, and
//! what it returns has text, a hash and metadata backed by provenance.
#![no_main]

use dossier_ingest::{Body, Given, RawInput};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Panics inside the third-party parsers that the product catches (and
    // refuses the input for) are not crashes; every other panic still aborts.
    dossier_ingest::guard::install_quiet_hook();
    let config = dossier_fuzz::config();
    let input = RawInput {
        id: "fuzz".into(),
        url: Some("https://news.example.com/2025/03/04/story.html".into()),
        body: Body::HtmlBytes(data.to_vec()),
        given: Given::default(),
        origin: "fuzz".into(),
    };
    if let Ok(article) = dossier_ingest::prepare(input, &config) {
        dossier_fuzz::check_article(&article, &config);
    }
});
