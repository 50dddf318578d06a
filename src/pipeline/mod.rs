//! Stage 5, the fitted pipeline as one value ([`Pipeline`]): the
//! featurizer, the first pass, and the second pass with its decoder, which
//! label a page's blocks; and the model file that holds them with the
//! settings they were trained with ([`file`], [`settings`]).
//!
//! It may use the stages before it (`features`, `model`, `sequence`) and
//! the base modules; the extraction stage and training use it.

pub(crate) mod file;
pub(crate) mod settings;

use crate::block::Block;
use crate::features::language::{Language, LanguageSetting};
use crate::features::tokenize::words;
use crate::features::{Featurizer, PageFacts, PageParts, Terms};
use crate::label::Label;
use crate::model::page_type::{PageTypeModel, TypeReading, likeliest, one_hot};
use crate::model::{Model, Probabilities};
use crate::page_type::PageType;
use crate::sequence::{SequenceModel, best_labels};

/// The fitted stages that turn a page's blocks into labels.
#[derive(Debug, Clone)]
pub(crate) struct Pipeline {
    featurizer: Featurizer,
    page_types: Option<PageTypeModel>,
    model: Model,
    sequence: Option<SequenceModel>,
}

/// A page to label: its blocks, what it says of itself, the language it is
/// read in, and its type when the caller knows it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageInput<'a> {
    pub(crate) blocks: &'a [Block<'a>],
    pub(crate) facts: PageFacts<'a>,
    pub(crate) language: Option<Language>,
    /// The page's type, when known: the model's guess is then not asked.
    pub(crate) page_type: Option<PageType>,
}

/// What the pipeline makes of a page: each block's label probabilities and
/// decoded label, and the page's type with its probability as the model
/// tells it (for a model that tells types, or a type given), even when the
/// page was read as an article for want of certainty.
#[derive(Debug, Clone)]
pub(crate) struct Labelled {
    pub(crate) probabilities: Probabilities,
    pub(crate) labels: Vec<Label>,
    pub(crate) page_type: Option<(PageType, f32)>,
}

impl Pipeline {
    /// The pipeline of fitted parts.
    pub(crate) fn new(
        featurizer: Featurizer,
        page_types: Option<PageTypeModel>,
        model: Model,
        sequence: Option<SequenceModel>,
    ) -> Self {
        Pipeline {
            featurizer,
            page_types,
            model,
            sequence,
        }
    }

    /// The language a page's blocks are read in under `setting`; `None`
    /// for a language declutter has no stemmer or stop words for.
    pub(crate) fn language_of(
        &self,
        setting: LanguageSetting,
        blocks: &[Block],
    ) -> Option<Language> {
        self.featurizer.page_language(setting, blocks)
    }

    /// The page's feature parts, with the page-type group filled from the
    /// probabilities the page is read with, and the page's type (given, or
    /// the page-type model's).
    fn parts(&self, page: &PageInput) -> (PageParts, Option<TypeReading>) {
        let featurizer = &self.featurizer;
        let mut parts = featurizer.parts_in(page.blocks, page.language, Terms::Read, page.facts);
        let typed = match page.page_type {
            Some(known) => Some(TypeReading {
                told: one_hot(known),
                read_as: one_hot(known),
            }),
            None => (self.page_types.as_ref())
                .zip(parts.page_row())
                .map(|(model, row)| {
                    let told = model.predict_proba(row);
                    let read_as = model.reading(&told);
                    TypeReading { told, read_as }
                }),
        };
        if let Some(typed) = &typed {
            parts.set_page_type(&typed.read_as);
        }
        (parts, typed)
    }

    /// The label probabilities of a page's blocks, before decoding: the
    /// second pass's when the model has one, else the first pass's; and the
    /// page's type.
    pub(crate) fn probabilities(&self, page: &PageInput) -> (Probabilities, Option<TypeReading>) {
        let (parts, p) = self.parts(page);
        let first = self.model.predict_proba(&parts);
        let probabilities = match &self.sequence {
            None => first,
            Some(sequence) => {
                sequence.predict_proba(parts.own_rows().view(), parts.containers(), &first)
            }
        };
        (probabilities, p)
    }

    /// A page's block probabilities, decoded labels (with `mode_bias` added
    /// to the log-probability of content) and type.
    pub(crate) fn label(&self, page: &PageInput, mode_bias: f32) -> Labelled {
        let (probabilities, typed) = self.probabilities(page);
        let read_as = typed.map(|t| likeliest(&t.read_as));
        let blocks = page.blocks;
        let labels = match &self.sequence {
            None => best_labels(&probabilities, mode_bias),
            Some(sequence) => sequence.decoder.decode_page(
                &probabilities,
                mode_bias,
                |i| words(&blocks[i].text).count(),
                read_as,
            ),
        };
        Labelled {
            probabilities,
            labels,
            page_type: typed.map(|t| likeliest(&t.told)),
        }
    }
}
