//! The model file: a fitted featurizer and model, with a format version.
//!
//! The file is JSON (`serde_json`): readable, diffable and safe to load, since a
//! JSON array's length is never trusted ahead of its content. Loading checks the
//! format name and version first, then that the model's shape matches its
//! vocabulary, so a file of another version, a truncated or corrupt file, or one
//! whose dimensions disagree is a clear error, never a panic. Saving writes a
//! temporary file beside the target and renames it into place, so a failed or
//! interrupted save never leaves a half-written model over an existing one.

#[cfg(feature = "train")]
use crate::error::TrainingError;
use crate::error::{Error, ModelProblem, Result};
use crate::features::{Featurizer, GroupSpec, page_type};
use crate::model::Model;
use crate::model::page_type::PageTypeModel;
use crate::pipeline::settings::TrainingInfo;
use crate::sequence::{SequenceModel, context_width_of};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;

/// The `format` field of every declutter model file.
pub(crate) const FORMAT: &str = "declutter-model";

/// The version of the model-file layout this build reads and writes.
pub(crate) const VERSION: u32 = 4;

/// The largest model file this build will read, in bytes.
pub(crate) const MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest weight (in absolute value) a model file may hold. Feature values
/// are small, so every logit stays finite and no probability is NaN; trained
/// weights are many orders smaller.
pub(crate) const MAX_WEIGHT: f32 = 1e6;

/// Everything a model file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SavedModel {
    format: String,
    version: u32,
    /// The feature groups the first pass was fitted on, by name and width.
    groups: Vec<GroupSpec>,
    featurizer: Featurizer,
    /// The page-type model, when the featurizer gives pages their
    /// page-type features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_types: Option<PageTypeModel>,
    model: Model,
    sequence: Option<SequenceModel>,
    training: TrainingInfo,
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<u32>,
}

impl SavedModel {
    /// Bundles a fitted featurizer and models; their dimensions must agree.
    #[cfg(feature = "train")]
    pub(crate) fn new(
        featurizer: Featurizer,
        page_types: Option<PageTypeModel>,
        model: Model,
        sequence: Option<SequenceModel>,
        training: TrainingInfo,
    ) -> Result<Self> {
        let saved = SavedModel {
            format: FORMAT.to_string(),
            version: VERSION,
            groups: featurizer.groups(),
            featurizer,
            page_types,
            model,
            sequence,
            training,
        };
        saved
            .check()
            .map_err(|p| TrainingError::Solver(p.to_string()))?;
        Ok(saved)
    }

    /// The fitted featurizer.
    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    /// The fitted first-pass model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// How it was trained.
    pub fn training(&self) -> &TrainingInfo {
        &self.training
    }

    /// The same model without its second pass and decoder: each block
    /// labelled by the first pass alone (to measure what the second adds).
    pub fn first_pass_only(mut self) -> Self {
        self.sequence = None;
        self
    }

    /// Records how long each training stage took (kept out of the file).
    #[cfg(feature = "train")]
    pub(crate) fn set_stages(&mut self, stages: Vec<(String, f64)>) {
        self.training.stages = stages;
    }

    /// The fitted stages, for a [`crate::Cleaner`].
    pub(crate) fn into_pipeline(self) -> super::Pipeline {
        super::Pipeline::new(self.featurizer, self.page_types, self.model, self.sequence)
    }

    /// Checks that the parts fit together.
    fn check(&self) -> Result<(), ModelProblem> {
        let expected = self.featurizer.groups();
        if self.groups != expected {
            return Err(ModelProblem::Groups {
                found: describe(&self.groups),
                expected: describe(&expected),
            });
        }
        check_dimensions(&self.featurizer, &self.model).map_err(ModelProblem::Invalid)?;
        self.check_page_types().map_err(ModelProblem::Invalid)?;
        if let Some(sequence) = &self.sequence {
            let expected = second_pass_width(&self.featurizer);
            if sequence.model.n_features() != expected {
                return Err(ModelProblem::Invalid(format!(
                    "the second pass has {} features but should have {expected}",
                    sequence.model.n_features()
                )));
            }
            check_weights(&sequence.model).map_err(ModelProblem::Invalid)?;
            if !sequence.decoder.is_valid() {
                let message = "the decoder has a non-finite or negative number";
                return Err(ModelProblem::Invalid(message.into()));
            }
        }
        Ok(())
    }

    /// Checks that the page-type model is there exactly when the featurizer
    /// gives page-type features, and reads as many as it gives.
    fn check_page_types(&self) -> Result<(), String> {
        match (&self.page_types, self.featurizer.has_page_types()) {
            (None, false) => Ok(()),
            (Some(m), true) if m.is_valid(page_type::WIDTH) => Ok(()),
            (Some(m), true) => Err(format!(
                "the page-type model reads {} features, or has a non-finite number, but the featurizer gives {}",
                m.width(),
                page_type::WIDTH
            )),
            (Some(_), false) => Err("a page-type model without page-type features".into()),
            (None, true) => Err("page-type features without a page-type model".into()),
        }
    }

    /// Reads a model from the bytes of a model file; `source_name` names it in errors.
    pub fn from_bytes(bytes: &[u8], source_name: &str) -> Result<Self> {
        let fail = |problem: ModelProblem| Error::Model {
            source_name: source_name.to_string(),
            problem,
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(fail(ModelProblem::Empty));
        }
        let header: Header = serde_json::from_slice(bytes)
            .map_err(|e| fail(ModelProblem::NotAModel(e.to_string())))?;
        if header.format.as_deref() != Some(FORMAT) {
            let message = format!("the format is not {FORMAT:?}");
            return Err(fail(ModelProblem::NotAModel(message)));
        }
        match header.version {
            Some(VERSION) => {}
            Some(found) => {
                let expected = VERSION;
                return Err(fail(ModelProblem::Version { found, expected }));
            }
            None => return Err(fail(ModelProblem::NotAModel("no format version".into()))),
        }
        let saved: SavedModel = serde_json::from_slice(bytes)
            .map_err(|e| fail(ModelProblem::Invalid(e.to_string())))?;
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
                problem: ModelProblem::TooLarge {
                    limit: MAX_FILE_BYTES,
                },
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
                problem: ModelProblem::TooLarge {
                    limit: MAX_FILE_BYTES,
                },
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

/// Groups as `name width, ...`, for messages.
fn describe(groups: &[GroupSpec]) -> String {
    let parts: Vec<String> = groups
        .iter()
        .map(|g| format!("{} {}", g.name, g.width))
        .collect();
    parts.join(", ")
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

/// The width of the second pass's rows for `featurizer`: each block's own
/// features, then the probability context and (with the markup groups) the
/// containers context.
pub(crate) fn second_pass_width(featurizer: &Featurizer) -> usize {
    featurizer.own_width() + context_width_of(featurizer.config().markup)
}
