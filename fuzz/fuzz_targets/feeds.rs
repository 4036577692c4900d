//! RSS and Atom: `read_feed` (and the sniffing of `looks_like_feed`) on any
//! bytes never panics, names the feed in every error, and every entry it
//! gives can be prepared without a panic.
#![no_main]

use dossier_ingest::feed::{looks_like_feed, read_feed};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Panics inside the third-party parsers that the product catches (and
    // refuses the input for) are not crashes; every other panic still aborts.
    dossier_ingest::guard::install_quiet_hook();
    let _ = looks_like_feed(data);
    let mut inputs = Vec::new();
    read_feed(data, "fuzz.xml", "fuzz", &mut |r| match r {
        Ok(input) => inputs.push(input),
        Err(e) => assert!(e.input.starts_with("fuzz.xml"), "error names {:?}", e.input),
    });
    dossier_fuzz::prepare_all(inputs);
});
