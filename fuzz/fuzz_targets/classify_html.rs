//! Arbitrary bytes as an HTML page: reading must give blocks or an error,
//! never a panic; every block has text and markup facts that agree with it;
//! extracting the page with the embedded models works and keeps the blocks.

#![no_main]

use declutter::{Cleaner, Page};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::new().expect("the embedded models load"));

fuzz_target!(|bytes: &[u8]| {
    let Ok(read) = Page::html(bytes).read() else {
        return;
    };
    for block in &blocks {
        assert!(!block.text.trim().is_empty());
        let markup = block.markup.as_ref().expect("HTML blocks have markup");
        assert!(markup.link_chars <= markup.chars);
        assert!((0.0..=1.0).contains(&markup.link_density()));
    }
    let doc = CLEANER.extract(Page::html(bytes)).expect("read once already");
    assert_eq!(doc.blocks.len(), blocks.len());
    for (c, block) in doc.blocks.iter().zip(&blocks) {
        assert_eq!(&c.block, block);
        let sum: f32 = c.probabilities.iter().sum();
        assert!(c.probabilities.iter().all(|p| p.is_finite()) && (sum - 1.0).abs() < 1e-3);
    }
    let _ = doc.text();
});
