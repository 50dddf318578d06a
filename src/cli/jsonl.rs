//! Streaming JSON Lines: records in, records out, in constant memory.

use anyhow::{Context, Result};
use declutter::Cleaner;
use declutter::{LineRead, MAX_LINE_BYTES, read_line};
use declutter::{RecordOptions, clean_record};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// What to do with a malformed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Report it with its line number, skip it, go on, and exit 1 at the end.
    Skip,
    /// Report it with its line number and stop with exit 1.
    Fail,
}

/// Cleans the records of every input (files, or standard input for none or
/// `-`) and writes them to `out` in input order, a batch at a time.
/// Returns whether every record was cleaned.
pub fn run(
    files: &[PathBuf],
    cleaner: &Cleaner,
    options: &RecordOptions,
    on_error: OnError,
    out: &mut impl Write,
) -> Result<bool> {
    let mut ok = true;
    for path in super::files_or_stdin(files) {
        let Some(input) = super::open_input(&path) else {
            ok = false;
            continue;
        };
        let reader = BufReader::new(input);
        match run_one(reader, &path, cleaner, options, on_error, out)? {
            Outcome::Clean => {}
            Outcome::Skipped => ok = false,
            Outcome::Stopped => return Ok(false),
        }
    }
    out.flush()?;
    Ok(ok)
}

enum Outcome {
    Clean,
    Skipped,
    Stopped,
}

fn run_one(
    mut reader: impl BufRead,
    path: &Path,
    cleaner: &Cleaner,
    options: &RecordOptions,
    on_error: OnError,
    out: &mut impl Write,
) -> Result<Outcome> {
    let mut outcome = Outcome::Clean;
    let mut number = 0usize;
    loop {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(super::batch_size());
        let mut too_long = false;
        while batch.len() < super::batch_size() {
            let mut line = Vec::new();
            let read =
                read_line(&mut reader, &mut line).with_context(|| path.display().to_string())?;
            if read == LineRead::End {
                break;
            }
            number += 1;
            if read == LineRead::TooLong {
                too_long = true;
                break;
            }
            batch.push((number, line));
        }
        if batch.is_empty() && !too_long {
            return Ok(outcome);
        }
        let results: Vec<Option<Result<String, String>>> = batch
            .par_iter()
            .map(|(_, bytes)| {
                let line = match std::str::from_utf8(bytes) {
                    Ok(line) => line.trim_end_matches(['\n', '\r']),
                    Err(e) => return Some(Err(format!("invalid UTF-8: {e}"))),
                };
                if line.trim().is_empty() {
                    return None;
                }
                Some(clean_record(cleaner, line, options).map_err(|e| e.to_string()))
            })
            .collect();
        for ((number, _), result) in batch.iter().zip(results) {
            match result {
                None => {}
                Some(Ok(record)) => writeln!(out, "{record}")?,
                Some(Err(e)) => {
                    eprintln!("declutter: error: {}:{number}: {e}", path.display());
                    if on_error == OnError::Fail {
                        out.flush()?;
                        return Ok(Outcome::Stopped);
                    }
                    outcome = Outcome::Skipped;
                }
            }
        }
        if too_long {
            eprintln!(
                "declutter: error: {}:{number}: a line longer than {MAX_LINE_BYTES} bytes; the rest of this input is skipped",
                path.display()
            );
            return Ok(match on_error {
                OnError::Skip => Outcome::Skipped,
                OnError::Fail => Outcome::Stopped,
            });
        }
    }
}
