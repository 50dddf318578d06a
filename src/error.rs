//! The library's error type: every failure is a value with its context.

use crate::label::Label;
use std::path::PathBuf;

/// Everything that can go wrong in declutter, with the file and line where it applies.
///
/// ```
/// use declutter::{Error, SettingError};
/// let err = declutter::train::ModelParams::default().alpha(-1.0).check().unwrap_err();
/// assert!(matches!(err, Error::Setting(SettingError { name: "alpha", .. })));
/// assert_eq!(err.to_string(), "invalid setting: alpha is -1, but must be a positive number");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said (part of the message, so not repeated
        /// as a separate cause by error reporters).
        cause: std::io::Error,
    },
    /// A record of a labelled-data file is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Data {
        /// The data file.
        path: PathBuf,
        /// The 1-based line of the record.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A model file (or embedded model) is not a usable declutter model.
    #[error("{source_name}: not a usable declutter model: {problem}")]
    Model {
        /// Where the model came from (a path, or `embedded default model`).
        source_name: String,
        /// What is wrong with it.
        problem: ModelProblem,
    },
    /// Training could not proceed.
    #[error("training failed: {0}")]
    Training(TrainingError),
    /// A setting is out of its range; found before any data is read.
    #[error("invalid setting: {0}")]
    Setting(SettingError),
    /// A page's bytes could not be read as HTML.
    #[error("{0}")]
    Html(HtmlError),
}

// Written out rather than `#[from]`, which would also make the inner error
// the `source`, and error reporters would print its message twice.
impl From<TrainingError> for Error {
    fn from(e: TrainingError) -> Self {
        Error::Training(e)
    }
}

impl From<HtmlError> for Error {
    fn from(e: HtmlError) -> Self {
        Error::Html(e)
    }
}

impl From<SettingError> for Error {
    fn from(e: SettingError) -> Self {
        Error::Setting(e)
    }
}

/// Why bytes could not be read as HTML.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// The bytes are clearly not HTML: NUL bytes in the first 8 KB and no '<'.
    #[error("binary data, not HTML (NUL byte at offset {offset})")]
    Binary {
        /// Offset of the first NUL byte.
        offset: usize,
    },
    /// The input exceeds the size limit.
    #[error("HTML input of {bytes} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Size of the input.
        bytes: usize,
        /// The limit in force.
        limit: usize,
    },
}

/// A setting out of its range: its name, its value and what it must be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name} is {value}, but must be {expected}")]
#[non_exhaustive]
pub struct SettingError {
    /// The setting's name, as the command line spells it with `_` for `-`.
    pub name: &'static str,
    /// Its value, as given.
    pub value: String,
    /// What it must be.
    pub expected: &'static str,
}

impl SettingError {
    /// The error of setting `name` to `value`, which is not `expected`.
    pub fn new(name: &'static str, value: impl std::fmt::Display, expected: &'static str) -> Self {
        SettingError {
            name,
            value: value.to_string(),
            expected,
        }
    }
}

/// Why training could not proceed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TrainingError {
    /// There are no labelled pages.
    #[error("no labelled pages to train on")]
    NoPages,
    /// The data has fewer than two labels.
    #[error("the data needs at least two labels, it has only [{}]", names(.0))]
    TooFewLabels(Vec<Label>),
    /// Rows and labels differ in number.
    #[error("{rows} rows but {labels} labels")]
    LengthMismatch {
        /// Rows given.
        rows: usize,
        /// Labels given.
        labels: usize,
    },
    /// The solver failed or made no progress.
    #[error("{0}")]
    Solver(String),
}

fn names(labels: &[Label]) -> String {
    labels
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// What is wrong with a model file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelProblem {
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The file is larger than a model file may be.
    #[error("it is over the {limit}-byte limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The file is not JSON, or not a declutter model's JSON.
    #[error("not a model file ({0})")]
    NotAModel(String),
    /// The file is of another format version.
    #[error("format version {found}, but this build reads version {expected}")]
    Version {
        /// The file's version.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// The model was fitted on other feature groups than this build makes.
    #[error("it was fitted on the feature groups [{found}], but this build makes [{expected}]")]
    Groups {
        /// The groups (name and width) the file records.
        found: String,
        /// The groups this build makes from the file's vocabulary.
        expected: String,
    },
    /// The parts of the model do not fit together, or a number is out of range.
    #[error("{0}")]
    Invalid(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }
}

impl From<linfa::Error> for Error {
    fn from(e: linfa::Error) -> Self {
        Error::Training(TrainingError::Solver(e.to_string()))
    }
}

#[cfg(feature = "train")]
impl From<linfa_logistic::error::Error> for Error {
    fn from(e: linfa_logistic::error::Error) -> Self {
        Error::Training(TrainingError::Solver(e.to_string()))
    }
}
