//! The command line: arguments, the subcommands, reading pages and records
//! on every core, and the output formats. Every decision lives in the
//! `declutter` library.

pub mod args;
pub mod commands;
pub mod jsonl;
pub mod output;
pub mod pages;
pub mod progress;
pub mod warc;

/// How many inputs (pages or records) each thread gets in one ordered batch:
/// enough to keep every core busy, few enough to bound memory.
pub const PER_THREAD_BATCH: usize = 16;

/// Sets the number of worker threads (0: one per core).
pub fn set_jobs(jobs: usize) -> anyhow::Result<()> {
    if jobs > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()?;
    }
    Ok(())
}

/// Inputs handled in one parallel batch.
pub fn batch_size() -> usize {
    rayon::current_num_threads() * PER_THREAD_BATCH
}

/// The files named, or standard input (`-`) when none are.
pub fn files_or_stdin(files: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    match files.is_empty() {
        true => vec![std::path::PathBuf::from("-")],
        false => files.to_vec(),
    }
}

/// Opens an input stream: `-` is standard input; a directory, or a file
/// that cannot be opened, is reported on standard error and gives `None`.
pub fn open_input(path: &std::path::Path) -> Option<Box<dyn std::io::Read + Send>> {
    if path == std::path::Path::new("-") {
        return Some(Box::new(std::io::stdin()));
    }
    if path.is_dir() {
        eprintln!("declutter: error: {}: is a directory", path.display());
        return None;
    }
    match std::fs::File::open(path) {
        Ok(file) => Some(Box::new(file)),
        Err(e) => {
            eprintln!("declutter: error: {}: {e}", path.display());
            None
        }
    }
}
