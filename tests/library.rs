//! The library API end to end: train on a tiny corpus, classify, clean, save and load.

mod common;

use declutter::train::{Silent, fit};
use declutter::{Block, CleanOptions, Cleaner, Label, LabelSet, Page, ReadPage, SavedModel};

fn trained() -> SavedModel {
    fit(&common::corpus(30), None, &common::small_config(), &Silent).unwrap()
}

fn clean(cleaner: &Cleaner, page: &str) -> String {
    cleaner.clean(Page::text(page)).unwrap()
}

#[test]
fn a_tiny_corpus_trains_a_model_that_tells_content_from_menus() {
    let cleaner = Cleaner::from_model(trained());
    let labels = cleaner
        .extract(Page::text(common::UNSEEN_PAGE))
        .unwrap()
        .labels();
    use Label::*;
    assert_eq!(
        labels[..5],
        [Boilerplate, Boilerplate, Boilerplate, Content, Content]
    );
    assert_eq!(labels[7..], [Boilerplate, Boilerplate]);
    let text = clean(&cleaner, common::UNSEEN_PAGE);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("The mayor said on Friday"));
}

#[test]
fn training_is_deterministic_although_folds_fit_in_parallel() {
    let (a, b) = (trained(), trained());
    assert!(
        !a.training().cross_validation.is_empty(),
        "the small config trains a second pass and decoder"
    );
    assert_eq!(a.to_bytes(), b.to_bytes());
}

#[test]
fn extract_keeps_spans_lines_probabilities_and_what_is_kept() {
    let cleaner = Cleaner::from_model(trained());
    let page = "Home\r\n\r\nThe minister announced that prices in the region had risen faster than expected.";
    let doc = cleaner
        .extract(Page::text(page).with_url("https://example.org/a"))
        .unwrap();
    assert_eq!(doc.blocks.len(), 2);
    assert_eq!(doc.blocks[1].block.line, 3);
    assert_eq!(
        &page[doc.blocks[1].block.span.clone().unwrap()],
        doc.blocks[1].block.text
    );
    for c in &doc.blocks {
        let sum: f32 = c.probabilities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-4);
        assert_eq!(c.confidence(), c.probabilities[c.label.index()]);
        assert_eq!(c.kept, c.label == Label::Content);
    }
    assert_eq!(doc.url.as_deref(), Some("https://example.org/a"));
    assert_eq!(doc.title, None);
}

#[test]
fn classify_and_predict_label_blocks_read_elsewhere_as_extract_does() {
    let cleaner = Cleaner::from_model(trained());
    let doc = cleaner.extract(Page::text(common::UNSEEN_PAGE)).unwrap();
    let blocks: Vec<Block> = doc.blocks.iter().map(|c| c.block.clone()).collect();
    let read = ReadPage::from_blocks(blocks);
    assert_eq!(cleaner.predict(&read), doc.labels());
    assert_eq!(cleaner.classify(read), doc);
}

#[test]
fn options_choose_what_clean_keeps() {
    let base = Cleaner::from_model(trained());
    let with_related = base
        .clone()
        .with_options(CleanOptions {
            keep: "content,related".parse().unwrap(),
            ..CleanOptions::default()
        })
        .unwrap();
    assert!(clean(&with_related, common::UNSEEN_PAGE).contains("Why the harbour matters"));
    assert!(!clean(&base, common::UNSEEN_PAGE).contains("Why the harbour matters"));
    let strict = base
        .clone()
        .with_options(CleanOptions {
            keep: LabelSet::only(Label::Content),
            min_confidence: Some(1.0),
            ..CleanOptions::default()
        })
        .unwrap();
    assert_eq!(clean(&strict, common::UNSEEN_PAGE), "");
    let bad = CleanOptions {
        keep: LabelSet::EMPTY,
        ..CleanOptions::default()
    };
    assert!(base.with_options(bad).is_err());
}

#[test]
fn a_model_file_round_trips_and_predicts_the_same() {
    let saved = trained();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    saved.save(&path).unwrap();
    let loaded = Cleaner::from_path(&path).unwrap();
    let original = Cleaner::from_model(saved);
    let page = Page::text(common::UNSEEN_PAGE);
    assert_eq!(
        original.extract(page).unwrap(),
        loaded.extract(page).unwrap()
    );
}

/// The model file's text with its format version replaced by `version`.
fn with_version(text: &str, version: u32) -> String {
    let key = "\"version\":";
    let start = text.find(key).expect("a version field") + key.len();
    let digits = text[start..].find(|c: char| !c.is_ascii_digit()).unwrap();
    format!("{}{version}{}", &text[..start], &text[start + digits..])
}

#[test]
fn corrupt_truncated_and_wrong_version_models_are_clear_errors() {
    let bytes = trained().to_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "empty"),
        (bytes[..bytes.len() / 2].to_vec(), "not a model file"),
        (b"\x00\xffgarbage".to_vec(), "not a model file"),
        (with_version(&text, 99).into_bytes(), "format version 99"),
        (
            text.replacen("declutter-model", "other-model", 1)
                .into_bytes(),
            "format is not",
        ),
        (
            text.replacen("\"dim\":[", "\"dim\":[1", 1).into_bytes(),
            "not a usable declutter model",
        ),
    ];
    for (bytes, expected) in cases {
        let err = SavedModel::from_bytes(&bytes, "m.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("m.json: not a usable declutter model"),
            "{err}"
        );
        assert!(err.contains(expected), "{err} lacks {expected}");
    }
}

#[test]
fn a_model_whose_parts_disagree_is_refused() {
    let small = trained();
    let mut config = common::small_config();
    config.featurizer.tfidf.max_vocabulary = 5;
    let other = fit(&common::corpus(30), None, &config, &Silent).unwrap();
    let json_of =
        |m: &SavedModel| serde_json::from_slice::<serde_json::Value>(&m.to_bytes()).unwrap();
    let (small_json, other_json) = (json_of(&small), json_of(&other));
    // A second pass fitted on rows of another width.
    let mut json = small_json.clone();
    json["sequence"]["model"] = other_json["model"].clone();
    let err = SavedModel::from_bytes(json.to_string().as_bytes(), "m.json").unwrap_err();
    assert!(err.to_string().contains("second pass has"), "{err}");
    // Another vocabulary than the groups the file records.
    let mut json = small_json;
    json["featurizer"] = other_json["featurizer"].clone();
    let err = SavedModel::from_bytes(json.to_string().as_bytes(), "m.json").unwrap_err();
    assert!(
        err.to_string().contains(
            "fitted on the feature groups [terms 98, shape 186, page 24, section 14], but this build makes [terms 5, shape 186, page 24, section 14]"
        ),
        "{err}"
    );
    // Groups that agree with the vocabulary, over weights of another width.
    json["groups"] = other_json["groups"].clone();
    let err = SavedModel::from_bytes(json.to_string().as_bytes(), "m.json").unwrap_err();
    assert!(
        err.to_string()
            .contains("features but its featurizer makes"),
        "{err}"
    );
}

#[test]
fn only_the_headline_above_the_article_escapes_the_content_bias() {
    let cleaner = Cleaner::new().unwrap();
    // The headline is already in the article's stretch: the block of
    // likeliest content above it is a menu item, which stays out.
    let page = "Home\nNews\nSport\nCouncil backs harbour plan\n\
                The council backed the harbour plan on Tuesday.\n\
                Work starts in spring and takes three years, officials said.\n\
                Read more\nContact us\n";
    let text = clean(&cleaner, page);
    assert!(text.starts_with("Council backs harbour plan\n"), "{text}");
    assert!(
        !text.contains("Sport") && !text.contains("Read more"),
        "{text}"
    );
}

#[test]
fn the_embedded_default_models_load_and_clean() {
    let cleaner = Cleaner::new().unwrap();
    let text = clean(&cleaner, include_str!("../examples/page.txt"));
    assert!(text.contains("The town council voted on Tuesday evening"));
    assert!(!text.contains("Privacy Policy"));
    assert!(!text.contains("Share on Twitter"));
    let html = cleaner
        .clean(Page::html(include_bytes!("../examples/page.html")))
        .unwrap();
    assert!(
        html.starts_with("Town council approves new flood barrier"),
        "{html}"
    );
    assert!(!html.contains("Privacy Policy"));
}
