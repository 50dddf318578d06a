//! The model file: a fitted featurizer and model, with a format version.
//!
//! The file is JSON (`serde_json`): readable, diffable and safe to load, since a
//! JSON array's length is never trusted ahead of its content. Loading checks the
//! format name and version first, then that the model's shape matches its
//! vocabulary, so a file of another version, a truncated or corrupt file, or one
//! whose dimensions disagree is a clear error, never a panic. Saving writes a
//! temporary file beside the target and renames it into place, so a failed or
//! interrupted save never leaves a half-written model over an existing one.

use crate::decode::{CONTEXT_FEATURES, SequenceModel};
use crate::features::Featurizer;
use crate::model::{FitReport, Model};
use crate::train::{TrainConfig, WeightScore};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;

/// The `format` field of every declutter model file.
pub const FORMAT: &str = "declutter-model";

/// The version of the model-file layout this build reads and writes.
pub const VERSION: u32 = 2;

/// The largest model file this build will read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest weight (in absolute value) a model file may hold. Feature values
/// are small, so every logit stays finite and no probability is NaN; trained
/// weights are many orders smaller.
pub const MAX_WEIGHT: f32 = 1e6;

/// How the model was trained, kept in the file for its model card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    /// Pages trained on.
    pub pages: usize,
    /// Paragraphs trained on.
    pub paragraphs: usize,
    /// The settings used.
    pub config: TrainConfig,
    /// What fitting the first pass on all pages did.
    pub fit: FitReport,
    /// Out-of-fold scores of each transition weight tried.
    #[serde(default)]
    pub cross_validation: Vec<WeightScore>,
}

/// Everything a model file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedModel {
    format: String,
    version: u32,
    /// The fitted featurizer.
    pub featurizer: Featurizer,
    /// The fitted first-pass model.
    pub model: Model,
    /// The second pass and decoder, when trained with cross-validation folds.
    pub sequence: Option<SequenceModel>,
    /// How it was trained.
    pub training: TrainingInfo,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl SavedModel {
    /// Bundles a fitted featurizer and models; their dimensions must agree.
    pub fn new(
        featurizer: Featurizer,
        model: Model,
        sequence: Option<SequenceModel>,
        training: TrainingInfo,
    ) -> Result<Self> {
        let saved = SavedModel {
            format: FORMAT.to_string(),
            version: VERSION,
            featurizer,
            model,
            sequence,
            training,
        };
        saved.check().map_err(Error::Training)?;
        Ok(saved)
    }

    /// Checks that the parts fit together.
    fn check(&self) -> Result<(), String> {
        check_dimensions(&self.featurizer, &self.model)?;
        if let Some(sequence) = &self.sequence {
            let expected = self.featurizer.own_width() + CONTEXT_FEATURES;
            if sequence.model.n_features() != expected {
                return Err(format!(
                    "the second pass has {} features but should have {expected}",
                    sequence.model.n_features()
                ));
            }
            check_weights(&sequence.model)?;
            if !sequence.decoder.is_valid() {
                return Err("the decoder has a non-finite or negative number".into());
            }
        }
        Ok(())
    }

    /// Reads a model from the bytes of a model file; `source_name` names it in errors.
    pub fn from_bytes(bytes: &[u8], source_name: &str) -> Result<Self> {
        let fail = |message: String| Error::Model {
            source_name: source_name.to_string(),
            message,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(fail("the file is empty".into()));
        }
        let header: Header =
            serde_json::from_slice(bytes).map_err(|e| fail(format!("not a model file ({e})")))?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(fail(format!("the format is not {FORMAT:?}")));
        }
        match header.version {
            Some(VERSION) => {}
            Some(v) => {
                return Err(fail(format!(
                    "format version {v}, but this build reads version {VERSION}"
                )));
            }
            None => return Err(fail("no format version".into())),
        }
        let saved: SavedModel = serde_json::from_slice(bytes).map_err(|e| fail(e.to_string()))?;
        saved.check().map_err(fail)?;
        Ok(saved)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Self> {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(Error::Model {
                source_name: path.display().to_string(),
                message: format!("{size} bytes is over the {MAX_FILE_BYTES}-byte limit"),
            });
        }
        // The size above is 0 for a pipe or a device: read at most one byte over the limit.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(Error::Model {
                source_name: path.display().to_string(),
                message: format!("it is over the {MAX_FILE_BYTES}-byte limit"),
            });
        }
        Self::from_bytes(&bytes, &path.display().to_string())
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a model always serializes")
    }

    /// Writes the model file atomically: to a temporary file in the same
    /// directory, synced, then renamed over `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
        tmp.write_all(&self.to_bytes())
            .map_err(|e| Error::io(tmp.path(), e))?;
        let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
        if let Some(permissions) = existing.or_else(new_file_permissions) {
            tmp.as_file()
                .set_permissions(permissions)
                .map_err(|e| Error::io(tmp.path(), e))?;
        }
        tmp.as_file()
            .sync_all()
            .map_err(|e| Error::io(tmp.path(), e))?;
        tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
        Ok(())
    }
}

/// A new model file is readable by everyone (`0644`), where the temporary file
/// it starts as is private; an existing one keeps its permissions.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

fn check_dimensions(featurizer: &Featurizer, model: &Model) -> Result<(), String> {
    if featurizer.n_features() != model.n_features() {
        return Err(format!(
            "the model has {} features but its featurizer makes {}",
            model.n_features(),
            featurizer.n_features()
        ));
    }
    check_weights(model)
}

fn check_weights(model: &Model) -> Result<(), String> {
    if model.weights().iter().any(|w| w.abs() > MAX_WEIGHT) {
        return Err(format!("a weight is over {MAX_WEIGHT:e} in size"));
    }
    Ok(())
}
