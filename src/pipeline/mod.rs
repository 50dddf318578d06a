//! Stage 5, the fitted pipeline as one value: the featurizer, the first
//! pass and the second pass with its decoder, and the model file that holds
//! them with the settings they were trained with.

pub(crate) mod file;
pub(crate) mod settings;
