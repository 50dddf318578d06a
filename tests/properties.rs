//! The fuzz targets' properties (see `fuzz/`), checked with proptest on every
//! `cargo test`: arbitrary bytes as a page decode, split and classify without a
//! panic and with coherent results; arbitrary or damaged bytes as a model file
//! give a model or an error naming the file, and a model that loads classifies.

use declutter::{Cleaner, DEFAULT_MODEL, DecodeError, Page, SavedModel};
use proptest::prelude::*;
use std::sync::OnceLock;

fn cleaner() -> &'static Cleaner {
    static CLEANER: OnceLock<Cleaner> = OnceLock::new();
    CLEANER.get_or_init(|| Cleaner::new().expect("the embedded models load"))
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Decode, split, classify and clean `bytes` as one page.
fn check_page(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = match declutter::decode(bytes) {
        Ok((text, _)) => text,
        Err(DecodeError::Binary { offset }) => {
            prop_assert_eq!(bytes[offset], 0);
            prop_assert!(!bytes[..offset].contains(&0));
            return Ok(());
        }
        Err(other) => return Err(TestCaseError::fail(format!("decode failed: {other}"))),
    };
    let text: &str = &text;
    let paragraphs = Page::text(text).read().unwrap().blocks;
    let after_bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut last_line = 0;
    for p in &paragraphs {
        prop_assert_eq!(&text[p.span.clone().unwrap()], p.text.as_ref());
        prop_assert!(!p.text.trim().is_empty());
        prop_assert!(!p.text.contains(['\n', '\r']));
        prop_assert!(p.span.as_ref().unwrap().start >= after_bom);
        prop_assert!(p.line > last_line);
        last_line = p.line;
    }
    let classified = cleaner().extract(Page::text(text)).unwrap().blocks;
    prop_assert_eq!(classified.len(), paragraphs.len());
    for (c, p) in classified.iter().zip(&paragraphs) {
        prop_assert_eq!(&c.block, p);
        let sum: f32 = c.probabilities.iter().sum();
        prop_assert!(
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
    prop_assert_eq!(cleaner().clean(Page::text(text)).unwrap(), kept);
    Ok(())
}

/// Load `bytes` as a model file; a model that loads must classify a page.
fn check_model(bytes: &[u8]) -> Result<(), TestCaseError> {
    match SavedModel::from_bytes(bytes, "fuzz.json") {
        Ok(saved) => {
            let cleaner = Cleaner::from_model(saved);
            let page = "Home\nNews\n\nThe minister said on Tuesday that the bridge would reopen.\n";
            let doc = cleaner.extract(Page::text(page)).unwrap();
            prop_assert_eq!(doc.blocks.len(), 3);
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(
                message.starts_with("fuzz.json: not a usable declutter model: "),
                "{}",
                message
            );
        }
    }
    Ok(())
}

/// Bytes that look like a scraped page: words, spaces, punctuation, scripts
/// of several directions, emoji, every line end, byte order marks, and now
/// and then a byte that may break UTF-8 or be a NUL.
fn page_like() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        6 => "[A-Za-z]{1,12}".prop_map(String::into_bytes),
        4 => Just(b" ".to_vec()),
        3 => prop::sample::select(vec![
            "\n", "\r\n", "\r", "\n\n", "\r\r\n", "\u{feff}", ".", ",", "!", "...", "…", ":",
            "©", "•", "|", "\"", "2024-10-21", "12/3", "日本語の記事。", "مرحبا", "שלום",
            "\u{200f}", "\u{202e}", "👍🏽", "👨‍👩‍👧", "e\u{301}", "\t", "\u{2028}", "\u{85}", "ǅ",
            "İ", "ß", "ﬁ", "Σ", "𝔘",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(piece, 0..300).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes_as_a_page(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        check_page(&bytes)?;
    }

    #[test]
    fn page_like_bytes(bytes in page_like()) {
        check_page(&bytes)?;
    }

    #[test]
    fn arbitrary_bytes_as_a_model_file(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        check_model(&bytes)?;
    }

    #[test]
    fn a_damaged_default_model(
        edits in prop::collection::vec((0..DEFAULT_MODEL.len(), any::<u8>()), 0..4),
        cut in prop::option::of(0..DEFAULT_MODEL.len()),
    ) {
        let mut bytes = DEFAULT_MODEL.to_vec();
        for (at, byte) in edits {
            bytes[at] = byte;
        }
        if let Some(len) = cut {
            bytes.truncate(len);
        }
        check_model(&bytes)?;
    }

    #[test]
    fn a_default_model_with_one_number_changed(
        field in prop::sample::select(vec![
            "/model/weights/dim/0",
            "/model/weights/dim/1",
            "/model/intercept/dim/0",
            "/model/weights/data/0",
            "/model/intercept/data/1",
            "/featurizer/tfidf/idf/0",
            "/version",
            "/model/weights/v",
        ]),
        value in prop_oneof![
            any::<u64>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            (-1e7f64..1e7).prop_map(serde_json::Value::from),
            prop::sample::select(vec![0.0, -0.0, 1e38, -1e38, 1e39, 5e-324])
                .prop_map(serde_json::Value::from),
        ],
    ) {
        let mut json: serde_json::Value = serde_json::from_slice(DEFAULT_MODEL).unwrap();
        *json.pointer_mut(field).unwrap() = value;
        check_model(&serde_json::to_vec(&json).unwrap())?;
    }
}
