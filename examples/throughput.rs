//! End-to-end throughput: cleans every page of a labelled JSONL corpus in
//! memory, with one thread and with all threads, next to a plain word-count
//! pass over the same text in the same run.
//!
//! ```sh
//! cargo run --release --example throughput -- ../shared/corpus/dev.jsonl
//! ```

use declutter::Cleaner;
use declutter::corpus::read_file;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Runs `f` `rounds` times and returns the best time in seconds.
fn best_of(rounds: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut result = 0;
    for _ in 0..rounds {
        let started = Instant::now();
        result = std::hint::black_box(f());
        best = best.min(started.elapsed().as_secs_f64());
    }
    (best, result)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path: PathBuf = std::env::args()
        .nth(1)
        .ok_or("usage: throughput CORPUS.jsonl")?
        .into();
    let corpus = read_file(&path)?;
    let pages: Vec<String> = corpus.pages.iter().map(|p| p.texts().join("\n")).collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let started = Instant::now();
    let cleaner = Cleaner::default_model()?;
    let load = started.elapsed().as_secs_f64();
    println!(
        "{} pages, {mb:.1} MB; default model loaded in {:.2} ms",
        pages.len(),
        load * 1e3
    );
    let (words, _) = best_of(3, || {
        pages
            .iter()
            .map(|p| declutter::tokenize::words(p).count())
            .sum()
    });
    let (one, _) = best_of(3, || pages.iter().map(|p| cleaner.clean(p).len()).sum());
    let (all, _) = best_of(3, || pages.par_iter().map(|p| cleaner.clean(p).len()).sum());
    let threads = rayon::current_num_threads();
    println!(
        "{:<28}{:>10}{:>12}{:>18}",
        "pass", "MB/s", "pages/s", "vs word count"
    );
    for (name, seconds) in [
        ("word count, 1 thread".to_string(), words),
        ("clean, 1 thread".to_string(), one),
        (format!("clean, {threads} threads"), all),
    ] {
        println!(
            "{name:<28}{:>10.1}{:>12.0}{:>18.3}",
            mb / seconds,
            pages.len() as f64 / seconds,
            words / seconds
        );
    }
    println!("{threads} threads vs 1 thread: {:.2}x", one / all);
    Ok(())
}
