//! The library API end to end: train on a tiny corpus, classify, clean, save and load.

mod common;

use declutter::{CleanOptions, Cleaner, Label, LabelSet, SavedModel, Silent, train};

fn trained() -> SavedModel {
    train(&common::corpus(30), &common::small_config(), &Silent).unwrap()
}

#[test]
fn a_tiny_corpus_trains_a_model_that_tells_content_from_menus() {
    let cleaner = Cleaner::new(trained());
    let labels: Vec<Label> = cleaner
        .classify(common::UNSEEN_PAGE)
        .iter()
        .map(|c| c.label)
        .collect();
    use Label::*;
    assert_eq!(
        labels[..5],
        [Boilerplate, Boilerplate, Boilerplate, Content, Content]
    );
    assert_eq!(labels[7..], [Boilerplate, Boilerplate]);
    let text = cleaner.clean(common::UNSEEN_PAGE);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("The mayor said on Friday"));
}

#[test]
fn training_is_deterministic_although_folds_fit_in_parallel() {
    let (a, b) = (trained(), trained());
    assert!(
        a.sequence().is_some(),
        "the small config trains a second pass"
    );
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn classify_keeps_spans_lines_and_probabilities() {
    let cleaner = Cleaner::new(trained());
    let page = "Home\r\n\r\nThe minister announced that prices in the region had risen faster than expected.";
    let classified = cleaner.classify(page);
    assert_eq!(classified.len(), 2);
    assert_eq!(classified[1].block.line, 3);
    assert_eq!(
        &page[classified[1].block.span.clone().unwrap()],
        classified[1].block.text
    );
    for c in &classified {
        let sum: f32 = c.probabilities.iter().sum();
        assert!((sum - 1.0).abs() < 1e-4);
        assert_eq!(c.confidence(), c.probabilities[c.label.index()]);
    }
}

#[test]
fn options_choose_what_clean_keeps() {
    let base = Cleaner::new(trained());
    let with_related = base
        .clone()
        .with_options(CleanOptions {
            keep: "content,related".parse().unwrap(),
            ..CleanOptions::default()
        })
        .unwrap();
    assert!(
        with_related
            .clean(common::UNSEEN_PAGE)
            .contains("Why the harbour matters")
    );
    assert!(
        !base
            .clean(common::UNSEEN_PAGE)
            .contains("Why the harbour matters")
    );
    let strict = base
        .clone()
        .with_options(CleanOptions {
            keep: LabelSet::only(Label::Content),
            min_confidence: Some(1.0),
            ..CleanOptions::default()
        })
        .unwrap();
    assert_eq!(strict.clean(common::UNSEEN_PAGE), "");
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
    let original = Cleaner::new(saved);
    let a = original.classify(common::UNSEEN_PAGE);
    let b = loaded.classify(common::UNSEEN_PAGE);
    assert_eq!(a, b);
}

#[test]
fn corrupt_truncated_and_wrong_version_models_are_clear_errors() {
    let bytes = trained().to_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "empty"),
        (bytes[..bytes.len() / 2].to_vec(), "not a model file"),
        (b"\x00\xffgarbage".to_vec(), "not a model file"),
        (
            text.replacen(
                &format!("\"version\":{}", declutter::VERSION),
                "\"version\":99",
                1,
            )
            .into_bytes(),
            "format version 99",
        ),
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
fn a_model_whose_dimensions_disagree_with_its_vocabulary_is_refused() {
    let small = trained();
    let mut config = common::small_config();
    config.featurizer.tfidf.max_vocabulary = 5;
    let other = train(&common::corpus(30), &config, &Silent).unwrap();
    assert!(
        SavedModel::new(
            other.featurizer().clone(),
            small.model().clone(),
            None,
            Default::default()
        )
        .is_err()
    );
    let mismatched_second_pass = SavedModel::new(
        small.featurizer().clone(),
        small.model().clone(),
        other.sequence().cloned().map(|mut s| {
            s.model = small.model().clone();
            s
        }),
        Default::default(),
    );
    assert!(
        mismatched_second_pass
            .unwrap_err()
            .to_string()
            .contains("second pass has")
    );
    let mut json: serde_json::Value = serde_json::from_slice(&small.to_bytes()).unwrap();
    json["featurizer"] =
        serde_json::from_slice::<serde_json::Value>(&other.to_bytes()).unwrap()["featurizer"]
            .clone();
    let err = SavedModel::from_bytes(json.to_string().as_bytes(), "m.json").unwrap_err();
    assert!(
        err.to_string().contains(
            "fitted on the feature groups [terms 98, shape 186, page 24, section 14], but this build makes [terms 5, shape 186, page 24, section 14]"
        ),
        "{err}"
    );
    // Groups that agree with the vocabulary, over weights of another width.
    json["groups"] =
        serde_json::from_slice::<serde_json::Value>(&other.to_bytes()).unwrap()["groups"].clone();
    let err = SavedModel::from_bytes(json.to_string().as_bytes(), "m.json").unwrap_err();
    assert!(
        err.to_string()
            .contains("features but its featurizer makes"),
        "{err}"
    );
}

#[test]
fn only_the_headline_above_the_article_escapes_the_content_bias() {
    let cleaner = Cleaner::default_model().unwrap();
    // The headline is already in the article's stretch: the block of
    // likeliest content above it is a menu item, which stays out.
    let page = "Home\nNews\nSport\nCouncil backs harbour plan\n\
                The council backed the harbour plan on Tuesday.\n\
                Work starts in spring and takes three years, officials said.\n\
                Read more\nContact us\n";
    let text = cleaner.clean(page);
    assert!(text.starts_with("Council backs harbour plan\n"), "{text}");
    assert!(
        !text.contains("Sport") && !text.contains("Read more"),
        "{text}"
    );
}

#[test]
fn the_embedded_default_model_loads_and_cleans() {
    let cleaner = Cleaner::default_model().unwrap();
    let page = include_str!("../examples/page.txt");
    let text = cleaner.clean(page);
    assert!(text.contains("The town council voted on Tuesday evening"));
    assert!(!text.contains("Privacy Policy"));
    assert!(!text.contains("Share on Twitter"));
}
