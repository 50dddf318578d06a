//! Fixtures the tests write themselves: a tiny labelled corpus with obvious
//! content (long punctuated sentences), menus and related headlines.

#![allow(dead_code)]

use declutter::Label;
use declutter::train::{
    Corpus, FeaturizerConfig, LabelledPage, LabelledParagraph, ModelParams, SequenceConfig,
    TfidfConfig, TrainConfig,
};

const MENU: [&str; 8] = [
    "Home",
    "News",
    "Sport",
    "Weather",
    "Contact us",
    "Login",
    "Subscribe",
    "Search",
];
const CHROME: [&str; 4] = [
    "Share on Facebook",
    "Leave a Reply",
    "© 2024 The Daily Example",
    "Privacy Policy",
];
const SUBJECTS: [&str; 6] = [
    "The council",
    "The minister",
    "A local farmer",
    "The company",
    "Police officers",
    "The new mayor",
];
const VERBS: [&str; 5] = [
    "said on Tuesday that",
    "announced that",
    "warned reporters that",
    "confirmed in a statement that",
    "told the hearing that",
];
const CLAIMS: [&str; 6] = [
    "the bridge would reopen after months of repairs.",
    "prices in the region had risen faster than expected.",
    "the harvest was the best in over a decade.",
    "the new rules would take effect early next year.",
    "the investigation into the fire was still going on.",
    "more funding for schools had been agreed by all parties.",
];
const TOPICS: [&str; 5] = [
    "Ten things to know about the election",
    "Why the harbour matters",
    "Best recipes for summer",
    "Inside the new stadium",
    "How to save on energy bills",
];

/// A sentence of article prose, varied by `seed`.
pub fn sentence(seed: usize) -> String {
    format!(
        "{} {} {}",
        SUBJECTS[seed % SUBJECTS.len()],
        VERBS[(seed / 3) % VERBS.len()],
        CLAIMS[(seed / 7) % CLAIMS.len()]
    )
}

/// One labelled page: menu, article, related list, footer.
pub fn page(i: usize) -> LabelledPage {
    let mut paragraphs = Vec::new();
    let mut push = |text: String, label| paragraphs.push(LabelledParagraph::new(text, label));
    for item in MENU.iter().skip(i % 3) {
        push(item.to_string(), Label::Boilerplate);
    }
    for j in 0..4 {
        push(
            format!("{} {}", sentence(i * 5 + j), sentence(i * 11 + j + 1)),
            Label::Content,
        );
    }
    push("Related".to_string(), Label::Related);
    for j in 0..3 {
        push(TOPICS[(i + j) % TOPICS.len()].to_string(), Label::Related);
    }
    for item in CHROME {
        push(item.to_string(), Label::Boilerplate);
    }
    let mut page = LabelledPage::new(paragraphs);
    page.id = format!("page-{i}");
    page
}

/// A corpus of `n` pages.
pub fn corpus(n: usize) -> Corpus {
    Corpus {
        pages: (0..n).map(page).collect(),
        skipped_empty_pages: 0,
    }
}

/// The corpus as the hand-editable TSV format.
pub fn corpus_tsv(n: usize) -> String {
    let mut out = String::new();
    for page in corpus(n).pages {
        for p in page.paragraphs {
            out.push_str(&format!("{}\t{}\n", p.label, p.text));
        }
        out.push('\n');
    }
    out
}

/// The corpus as JSON Lines.
pub fn corpus_jsonl(n: usize) -> String {
    let mut out = String::new();
    for page in corpus(n).pages {
        let paragraphs: Vec<_> = page
            .paragraphs
            .iter()
            .map(|p| serde_json::json!({"text": p.text, "label": p.label}))
            .collect();
        out.push_str(&serde_json::json!({"id": page.id, "paragraphs": paragraphs}).to_string());
        out.push('\n');
    }
    out
}

/// Quick settings for the tiny corpus.
pub fn small_config() -> TrainConfig {
    TrainConfig {
        featurizer: FeaturizerConfig {
            tfidf: TfidfConfig {
                min_df: 1,
                max_vocabulary: 500,
                ..TfidfConfig::default()
            },
            markup: false,
            page_types: true,
        },
        model: ModelParams::default().max_iterations(60),
        sequence: SequenceConfig {
            folds: 2,
            ..SequenceConfig::default()
        },
        ..TrainConfig::default()
    }
}

/// A test page that is none of the training pages.
pub const UNSEEN_PAGE: &str = "Home\nNews\nSport\n\
The mayor said on Friday that the harbour would reopen after the storm damage was repaired.\n\
Police officers confirmed in a statement that nobody had been hurt when the old pier collapsed.\n\
Related\n\
Why the harbour matters\n\
Share on Facebook\n\
Privacy Policy\n";
