//! Checks, page by page, that the Markdown of a page holds the same words as
//! its text: every page of a labelled corpus is cleaned from its HTML, its
//! Markdown is stripped of its markup (heading, list and quote markers,
//! fences, table pipes and rules, escapes), and the two bags of words
//! (`declutter::words`) must be equal. Prints the pages that differ and a
//! count; exits 1 when any does.
//!
//! ```sh
//! cargo run --release --example markdown_words -- ../shared/corpus/dev.jsonl ../shared/corpus/html/dev
//! ```

use declutter::train::read_corpus;
use declutter::{Cleaner, MarkdownOptions, Page};
use std::collections::HashMap;
use std::path::PathBuf;

/// A line of Markdown without its block markup.
fn strip_line(line: &str) -> String {
    let t = line.trim_start();
    if t.starts_with("```") || t.starts_with("| ---") {
        return String::new();
    }
    let t = t.trim_start_matches('#').trim_start_matches('>');
    let t = t.strip_prefix("- ").unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let t = match t[digits..].strip_prefix(". ") {
        Some(rest) if digits > 0 => rest,
        _ => t,
    };
    t.replace(['|', '\\'], " ")
}

/// The Markdown without its block markup; a fenced code block's lines are
/// kept as they are (a `1.` there is the page's text, not a list).
fn strip(markdown: &str) -> String {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(line.to_string());
        } else {
            lines.push(strip_line(line));
        }
    }
    lines.join("\n")
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut bag = HashMap::new();
    for w in declutter::words(text) {
        *bag.entry(w.to_string()).or_insert(0) += 1;
    }
    bag
}

/// Up to five words that `a` holds more often than `b`.
fn surplus(a: &HashMap<String, usize>, b: &HashMap<String, usize>) -> Vec<String> {
    let mut words: Vec<String> = (a.iter())
        .filter(|(w, n)| b.get(*w).copied().unwrap_or(0) < **n)
        .map(|(w, _)| w.clone())
        .collect();
    words.sort();
    words.truncate(5);
    words
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let corpus: PathBuf = args
        .next()
        .ok_or("usage: markdown_words CORPUS.jsonl HTML_DIR")?
        .into();
    let dir: PathBuf = args
        .next()
        .ok_or("usage: markdown_words CORPUS.jsonl HTML_DIR")?
        .into();
    let cleaner = Cleaner::new()?;
    let (mut pages, mut differ) = (0, 0);
    for page in read_corpus(&corpus)?.pages {
        let bytes = declutter::read_page_bytes(&dir.join(format!("{}.html.gz", page.id)))?;
        let doc = cleaner.extract(Page::html(&bytes))?;
        let markdown = strip(&doc.markdown(MarkdownOptions::default()));
        pages += 1;
        let (md, text) = (bag(&markdown), bag(&doc.text()));
        if md != text {
            differ += 1;
            println!(
                "{}: the Markdown's words differ from the text's: only in the Markdown {:?}, only in the text {:?}",
                page.id,
                surplus(&md, &text),
                surplus(&text, &md)
            );
        }
    }
    println!("{pages} pages, {differ} whose Markdown holds other words than the text");
    if differ > 0 {
        std::process::exit(1);
    }
    Ok(())
}
