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
use crate::features::{Featurizer, Terms};
use crate::label::Label;
use crate::model::{Model, Probabilities};
use crate::sequence::{SequenceModel, best_labels};

/// The fitted stages that turn a page's blocks into labels.
#[derive(Debug, Clone)]
pub(crate) struct Pipeline {
    featurizer: Featurizer,
    model: Model,
    sequence: Option<SequenceModel>,
}

impl Pipeline {
    /// The pipeline of fitted parts.
    pub(crate) fn new(
        featurizer: Featurizer,
        model: Model,
        sequence: Option<SequenceModel>,
    ) -> Self {
        Pipeline {
            featurizer,
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

    /// The label probabilities of a page's blocks read in `language`,
    /// before decoding: the second pass's when the model has one, else the
    /// first pass's.
    pub(crate) fn probabilities(
        &self,
        blocks: &[Block],
        language: Option<Language>,
    ) -> Probabilities {
        let parts = self.featurizer.parts_in(blocks, language, Terms::Read);
        let first = self.model.predict_proba(&parts);
        match &self.sequence {
            None => first,
            Some(sequence) => {
                sequence.predict_proba(parts.own_rows().view(), parts.containers(), &first)
            }
        }
    }

    /// The probabilities of a page's blocks and their decoded labels, with
    /// `mode_bias` added to the log-probability of content.
    pub(crate) fn label(
        &self,
        blocks: &[Block],
        language: Option<Language>,
        mode_bias: f32,
    ) -> (Probabilities, Vec<Label>) {
        let probabilities = self.probabilities(blocks, language);
        let labels = match &self.sequence {
            None => best_labels(&probabilities, mode_bias),
            Some(sequence) => sequence
                .decoder
                .decode_page(&probabilities, mode_bias, |i| {
                    words(&blocks[i].text).count()
                }),
        };
        (probabilities, labels)
    }
}
