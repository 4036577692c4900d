//! JSONL: `read_jsonl` on any bytes never panics, names every bad line, and
//! every record it gives can be prepared without a panic.
#![no_main]

use dossier_ingest::read::read_jsonl;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Panics inside the third-party parsers that the product catches (and
    // refuses the input for) are not crashes; every other panic still aborts.
    dossier_ingest::guard::install_quiet_hook();
    let mut inputs = Vec::new();
    read_jsonl(data, "fuzz.jsonl", &mut |r| match r {
        Ok(input) => inputs.push(input),
        Err(e) => {
            assert!(
                e.input.starts_with("fuzz.jsonl:"),
                "error names {:?}",
                e.input
            );
            assert!(!e.reason.is_empty());
        }
    });
    assert!(
        inputs.len() <= data.iter().filter(|&&b| b == b'\n').count() + 1,
        "more records than lines"
    );
    dossier_fuzz::prepare_all(inputs);
});
