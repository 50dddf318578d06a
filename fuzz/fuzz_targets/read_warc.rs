//! Arbitrary bytes as a WARC or WET file (plain or gzipped): the reader must
//! give records or errors, never panic or loop; it ends after an error it
//! cannot recover from; offsets only grow; each record's page, if any,
//! cleans without a panic, as text and as JSON with its facts.

#![no_main]

use declutter::{Cleaner, Format, JsonOptions, WarcReader, clean_warc_record};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::new().expect("the embedded models load"));

fuzz_target!(|bytes: &[u8]| {
    let mut last = None;
    let mut items = 0usize;
    for item in WarcReader::new(bytes) {
        items += 1;
        // Every item consumes at least one byte of the stream.
        assert!(items <= bytes.len().max(1) * 8 + 8, "the reader loops");
        match item {
            Ok(record) => {
                assert!(
                    last.is_none_or(|l| record.offset.stream > l),
                    "offsets grow"
                );
                last = Some(record.offset.stream);
                let _ = clean_warc_record(&CLEANER, &record, &Format::Text);
                let json = Format::Json(JsonOptions::default());
                let _ = clean_warc_record(&CLEANER, &record, &json);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
