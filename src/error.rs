//! The library's error type: every failure is a value with its context.

use std::path::PathBuf;

/// Everything that can go wrong in declutter, with the file and line where it applies.
#[derive(Debug, thiserror::Error)]
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
    #[error("{source_name}: not a usable declutter model: {message}")]
    Model {
        /// Where the model came from (a path, or `embedded default model`).
        source_name: String,
        /// What is wrong with it.
        message: String,
    },
    /// A page could not be read as text.
    #[error("{0}")]
    Input(String),
    /// Training could not proceed (too few labels, no data, solver failure).
    #[error("training failed: {0}")]
    Training(String),
    /// A setting is out of its range.
    #[error("invalid setting: {0}")]
    Config(String),
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
