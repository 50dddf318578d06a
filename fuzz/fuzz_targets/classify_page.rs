//! Arbitrary bytes as a page: decode, split into paragraphs, classify with the
//! embedded default model. Nothing may panic, and the results must be coherent.

#![no_main]

use declutter::{Cleaner, DecodeError, Page};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::new().expect("the embedded models load"))
}

fuzz_target!(|bytes: &[u8]| {
    let text = match declutter::decode(bytes) {
        Ok((text, _)) => text,
        Err(DecodeError::Binary { offset }) => {
            assert_eq!(bytes[offset], 0);
            assert!(!bytes[..offset].contains(&0));
            return;
        }
        Err(other) => panic!("decode failed: {other}"),
    };
    let text: &str = &text;
    let paragraphs = Page::text(text).read().expect("text always reads").blocks;
    let mut last_line = 0;
    for p in &paragraphs {
        assert_eq!(&text[p.span.clone().unwrap()], p.text.as_ref());
        assert!(!p.text.trim().is_empty());
        assert!(!p.text.contains(['\n', '\r']));
        assert!(p.line > last_line);
        last_line = p.line;
    }
    let classified = cleaner()
        .extract(Page::text(text))
        .expect("text always reads")
        .blocks;
    assert_eq!(classified.len(), paragraphs.len());
    for (c, p) in classified.iter().zip(&paragraphs) {
        assert_eq!(&c.block, p);
        let sum: f32 = c.probabilities.iter().sum();
        assert!(
            c.probabilities.iter().all(|v| v.is_finite() && *v >= 0.0) && (sum - 1.0).abs() < 1e-3,
            "{:?}",
            c.probabilities
        );
    }
    let kept: String = classified
        .iter()
        .filter(|c| c.kept)
        .map(|c| format!("{}\n", c.block.text))
        .collect();
    assert_eq!(
        cleaner()
            .clean(Page::text(text))
            .expect("text always reads"),
        kept
    );
});
