//! Arbitrary bytes as an HTML page: reading must give blocks or an error,
//! never a panic; every block has text and markup facts that agree with it;
//! classifying and cleaning the page with the embedded HTML model work.

#![no_main]

use declutter::{Cleaner, read_html};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::default_html_model().expect("the embedded model loads"));

fuzz_target!(|bytes: &[u8]| {
    let Ok(page) = read_html(bytes) else {
        return;
    };
    for block in &page.blocks {
        assert!(!block.text.trim().is_empty());
        let markup = block.markup.as_ref().expect("HTML blocks have markup");
        assert!(markup.link_chars <= markup.chars);
        assert!((0.0..=1.0).contains(&markup.link_density()));
    }
    let classified = CLEANER.classify_html(bytes).expect("read once already");
    assert_eq!(classified.blocks.len(), page.blocks.len());
    for c in &classified.blocks {
        let sum: f32 = c.probabilities.iter().sum();
        assert!(c.probabilities.iter().all(|p| p.is_finite()) && (sum - 1.0).abs() < 1e-3);
    }
    CLEANER.clean_html(bytes).expect("read once already");
});
