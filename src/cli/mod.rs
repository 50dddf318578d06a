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
