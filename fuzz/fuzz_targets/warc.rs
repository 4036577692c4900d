//! WARC: `read_warc` on any bytes never panics or over-allocates, names the
//! record in every error, and every HTML response it gives can be prepared
//! without a panic.
#![no_main]

use dossier_ingest::warc::{looks_like_warc, read_warc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Panics inside the third-party parsers that the product catches (and
    // refuses the input for) are not crashes; every other panic still aborts.
    dossier_ingest::guard::install_quiet_hook();
    let _ = looks_like_warc(data);
    let mut inputs = Vec::new();
    let mut errors = 0usize;
    read_warc(data, "fuzz.warc", &mut |r| match r {
        Ok(input) => inputs.push(input),
        Err(e) => {
            assert!(
                e.input.starts_with("fuzz.warc#record "),
                "error names {:?}",
                e.input
            );
            errors += 1;
        }
    });
    dossier_fuzz::prepare_all(inputs);
});
