//! Arbitrary bytes as a model file: loading must give a model or an error, never
//! a panic or a huge allocation; a model that loads must classify a page.

#![no_main]

use declutter::{Cleaner, Page, SavedModel};
use libfuzzer_sys::fuzz_target;

const PAGE: &str = "Home\nNews\n\nThe minister said on Tuesday that the bridge would reopen after months of repairs.\nShare on Facebook\n";

fuzz_target!(|bytes: &[u8]| {
    match SavedModel::from_bytes(bytes, "fuzz.json") {
        Ok(saved) => {
            let cleaner = Cleaner::from_model(saved);
            let doc = cleaner
                .extract(Page::text(PAGE))
                .expect("text always reads");
            assert_eq!(doc.blocks.len(), 4);
        }
        Err(e) => {
            let message = e.to_string();
            assert!(
                message.starts_with("fuzz.json: not a usable declutter model: "),
                "{message}"
            );
        }
    }
});
