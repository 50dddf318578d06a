//! End-to-end throughput: cleans every page of a labelled JSONL corpus in
//! memory, with one thread and with all threads, next to a plain word-count
//! pass over the same text in the same run. With an HTML folder as well, it
//! then cleans the pages' HTML (each `<id>.html.gz`, gunzipped into memory
//! first) next to a pass that only reads the HTML into blocks, and, next to
//! the one-thread HTML clean, the same pages written as Markdown and as JSON
//! and cleaned with their page type given (the page-type model's prediction
//! skipped).
//!
//! ```sh
//! cargo run --release --example throughput -- ../shared/corpus/dev.jsonl
//! cargo run --release --example throughput -- ../shared/corpus/dev.jsonl ../shared/corpus/html/dev
//! ```

use declutter::train::read_corpus as read_file;
use declutter::{CleanOptions, Cleaner, Document, MarkdownOptions, Page, PageType};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

/// Rounds of each pass; each pass keeps its best (shortest) time.
const ROUNDS: usize = 5;

/// Runs each pass once per round, the passes taking turns so that all of
/// them see the same moments of a noisy machine, and returns each pass's
/// best time in seconds.
fn best_times(passes: &mut [&mut dyn FnMut() -> usize]) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; passes.len()];
    for _ in 0..ROUNDS {
        for (pass, best) in passes.iter_mut().zip(&mut best) {
            let started = Instant::now();
            std::hint::black_box(pass());
            *best = best.min(started.elapsed().as_secs_f64());
        }
    }
    best
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
    let cleaner = Cleaner::new()?;
    let load = started.elapsed().as_secs_f64();
    println!(
        "{} pages, {mb:.1} MB; default models loaded in {:.2} ms",
        pages.len(),
        load * 1e3
    );
    let times = best_times(&mut [
        &mut || pages.iter().map(|p| declutter::words(p).count()).sum(),
        &mut || pages.iter().map(|p| clean(&cleaner, p)).sum(),
        &mut || pages.par_iter().map(|p| clean(&cleaner, p)).sum(),
    ]);
    let [words, one, all] = times[..] else {
        unreachable!("three passes")
    };
    let threads = rayon::current_num_threads();
    let passes = [
        ("word count, 1 thread".to_string(), words),
        ("clean, 1 thread".to_string(), one),
        (format!("clean, {threads} threads"), all),
    ];
    print_passes(&passes, "vs word count", mb, pages.len());
    print_threads(&passes);
    if let Some(dir) = std::env::args().nth(2) {
        html_passes(&corpus, dir.as_ref(), &cleaner)?;
    }
    Ok(())
}

/// The length of a text page's cleaned text.
fn clean(cleaner: &Cleaner, page: &str) -> usize {
    cleaner.clean(Page::text(page)).map_or(0, |t| t.len())
}

/// Cleans every page from its HTML, next to reading the HTML alone.
fn html_passes(
    corpus: &declutter::train::Corpus,
    dir: &std::path::Path,
    cleaner: &Cleaner,
) -> Result<(), Box<dyn std::error::Error>> {
    let pages: Vec<Vec<u8>> = corpus
        .pages
        .iter()
        .map(|p| declutter::read_page_bytes(&dir.join(format!("{}.html.gz", p.id))))
        .collect::<Result<_, _>>()?;
    let mb = pages.iter().map(Vec::len).sum::<usize>() as f64 / 1e6;
    let clean = |p: &Vec<u8>| cleaner.clean(Page::html(p)).map_or(0, |t| t.len());
    let render = |p: &Vec<u8>, output: fn(&Document) -> String| {
        cleaner
            .extract(Page::html(p))
            .map_or(0, |d| output(&d).len())
    };
    let typed = cleaner.clone().with_options(CleanOptions {
        page_type: Some(PageType::Article),
        ..cleaner.options()
    })?;
    let times = best_times(&mut [
        &mut || {
            pages
                .iter()
                .map(|p| Page::html(p).read().map_or(0, |r| r.blocks.len()))
                .sum()
        },
        &mut || pages.iter().map(clean).sum(),
        &mut || pages.par_iter().map(clean).sum(),
        &mut || {
            let markdown = |d: &Document| d.markdown(MarkdownOptions::default());
            pages.iter().map(|p| render(p, markdown)).sum()
        },
        &mut || pages.iter().map(|p| render(p, |d| d.to_json())).sum(),
        &mut || {
            let clean = |p: &Vec<u8>| typed.clean(Page::html(p)).map_or(0, |t| t.len());
            pages.iter().map(clean).sum()
        },
    ]);
    let [read, one, all, markdown, json, given] = times[..] else {
        unreachable!("six passes")
    };
    let threads = rayon::current_num_threads();
    println!("\n{} HTML pages, {mb:.1} MB of HTML", pages.len());
    let passes = [
        ("read HTML into blocks".to_string(), read),
        ("clean HTML, 1 thread".to_string(), one),
        (format!("clean HTML, {threads} threads"), all),
    ];
    print_passes(&passes, "vs read only", mb, pages.len());
    print_threads(&passes);
    println!();
    let outputs = [
        ("clean HTML, 1 thread".to_string(), one),
        ("Markdown, 1 thread".to_string(), markdown),
        ("JSON, 1 thread".to_string(), json),
        ("clean, type given, 1 thread".to_string(), given),
    ];
    print_passes(&outputs, "vs clean HTML, 1 thread", mb, pages.len());
    Ok(())
}

/// Prints each pass's MB/s, pages/s and speed against the first pass.
fn print_passes(passes: &[(String, f64)], against: &str, mb: f64, pages: usize) {
    let width = against.len().max(16) + 2;
    println!(
        "{:<28}{:>10}{:>12}{against:>width$}",
        "pass", "MB/s", "pages/s"
    );
    let baseline = passes[0].1;
    for (name, seconds) in passes {
        println!(
            "{name:<28}{:>10.1}{:>12.0}{:>width$.3}",
            mb / seconds,
            pages as f64 / seconds,
            baseline / seconds
        );
    }
}

/// Prints the last of three passes (all threads) against the one before it
/// (one thread).
fn print_threads(passes: &[(String, f64); 3]) {
    let threads = rayon::current_num_threads();
    println!(
        "{threads} threads vs 1 thread: {:.2}x",
        passes[1].1 / passes[2].1
    );
}
