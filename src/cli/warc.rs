//! `clean --warc`: the pages of WARC and WET files, one JSON Lines record
//! each, on every core, in input order, a batch of records at a time.

use anyhow::Result;
use declutter::{Cleaner, Format, WarcError, WarcReader, WarcRecord, clean_warc_records};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;

/// Cleans the page records of every file (standard input for none or `-`)
/// with the cleaner of their kind, written in `format`. A record that cannot
/// be read or cleaned is reported with its file and offset and skipped;
/// returns whether every record was read.
pub fn run(
    files: &[PathBuf],
    cleaner: &Cleaner,
    format: &Format,
    out: &mut impl Write,
) -> Result<bool> {
    let mut ok = true;
    for path in super::files_or_stdin(files) {
        let Some(input) = super::open_input(&path) else {
            ok = false;
            continue;
        };
        let reader = WarcReader::new(input);
        ok &= run_one(reader, &path, cleaner, format, out)?;
    }
    out.flush()?;
    Ok(ok)
}

/// Cleans one file's records; returns whether every record was read. A
/// thread reads and gunzips the next batch while this one's pages are
/// cleaned.
fn run_one(
    reader: WarcReader<'_>,
    path: &Path,
    cleaner: &Cleaner,
    format: &Format,
    out: &mut impl Write,
) -> Result<bool> {
    std::thread::scope(|scope| {
        let (send, batches) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || read_batches(reader, send));
        let mut ok = true;
        for batch in batches {
            ok &= write_batch(&batch, path, cleaner, format, out)?;
        }
        Ok(ok)
    })
}

type Batch = Vec<Result<WarcRecord, WarcError>>;

/// Sends the records a batch at a time, until the end or the receiver stops.
fn read_batches(mut reader: WarcReader<'_>, send: SyncSender<Batch>) {
    loop {
        let batch: Batch = reader.by_ref().take(super::batch_size()).collect();
        if batch.is_empty() || send.send(batch).is_err() {
            return;
        }
    }
}

/// Cleans a batch on every core and writes its pages in order; returns
/// whether every record was read and cleaned.
fn write_batch(
    batch: &Batch,
    path: &Path,
    cleaner: &Cleaner,
    format: &Format,
    out: &mut impl Write,
) -> Result<bool> {
    let mut ok = true;
    for result in clean_warc_records(cleaner, batch, format) {
        match result {
            Ok(None) => {}
            Ok(Some(page)) => writeln!(out, "{}", serde_json::to_string(&page)?)?,
            Err(e) => {
                eprintln!("declutter: error: {}: {e}; skipped", path.display());
                ok = false;
            }
        }
    }
    Ok(ok)
}
