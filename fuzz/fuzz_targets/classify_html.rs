//! Arbitrary bytes as an HTML page: reading must give blocks or an error,
//! never a panic; every block has text and markup facts that agree with it
//! (links and images inside its text); extracting the page with the
//! embedded models works and keeps the blocks; its text, Markdown (with
//! links and images) and JSON (with its facts) render.

#![no_main]

use declutter::{Cleaner, MarkdownOptions, Page};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static CLEANER: LazyLock<Cleaner> =
    LazyLock::new(|| Cleaner::new().expect("the embedded models load"));

fuzz_target!(|bytes: &[u8]| {
    let Ok(read) = Page::html(bytes).read() else {
        return;
    };
    let blocks = read.blocks;
    for block in &blocks {
        assert!(!block.text.trim().is_empty());
        let markup = block.markup.as_ref().expect("HTML blocks have markup");
        assert!(markup.link_chars <= markup.chars);
        assert!((0.0..=1.0).contains(&markup.link_density()));
        for link in &markup.links {
            assert!(link.start < link.end && link.end as usize <= block.text.len());
            assert!(block.text.is_char_boundary(link.start as usize));
        }
        assert!(
            markup
                .images
                .iter()
                .all(|i| i.at as usize <= block.text.len() + 1)
        );
    }
    let doc = CLEANER
        .extract(Page::html(bytes))
        .expect("read once already");
    assert_eq!(doc.blocks.len(), blocks.len());
    for (c, block) in doc.blocks.iter().zip(&blocks) {
        assert_eq!(&c.block, block);
        let sum: f32 = c.probabilities.iter().sum();
        assert!(c.probabilities.iter().all(|p| p.is_finite()) && (sum - 1.0).abs() < 1e-3);
    }
    let _ = doc.text();
    let all = MarkdownOptions {
        links: true,
        images: true,
    };
    let _ = doc.markdown(all);
    let json: serde_json::Value = serde_json::from_str(&doc.to_json()).expect("JSON");
    assert!(json.is_object());
});
