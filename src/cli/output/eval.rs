//! The report of `eval`: the scores of all pages, by language when the
//! records say, and with `--pages` every page's own scores, worst first.

use declutter::train::{Corpus, Evaluation};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// What `eval` prints.
pub struct EvalReport {
    /// All pages together.
    all: Evaluation,
    /// The pages of each language given by the records' `language` field.
    languages: BTreeMap<String, Evaluation>,
    /// Every page's scores, worst per-page F1 first (empty unless asked).
    pages: Vec<PageScore>,
}

/// One page's scores, as `eval --pages` lists them.
#[derive(Serialize)]
struct PageScore {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    paragraphs: u64,
    /// The token overlap of the kept text with the gold content.
    precision: f64,
    recall: f64,
    f1: f64,
    /// The token F1 of `content` over the page's paragraphs.
    content_token_f1: f64,
}

impl EvalReport {
    /// The report of `corpus`, scored page by page (`pages[i]` is page `i`),
    /// grouped by language unless `by_language` is off, listing every page
    /// when `list_pages` is on.
    pub fn new(corpus: &Corpus, pages: &[Evaluation], by_language: bool, list_pages: bool) -> Self {
        let mut report = EvalReport {
            all: Evaluation::default(),
            languages: BTreeMap::new(),
            pages: Vec::new(),
        };
        for (page, e) in corpus.pages.iter().zip(pages) {
            report.all.merge(e);
            if let Some(language) = page.language.as_ref().filter(|_| by_language) {
                report
                    .languages
                    .entry(language.clone())
                    .or_default()
                    .merge(e);
            }
            if list_pages {
                let overlap = e.page_overlap();
                report.pages.push(PageScore {
                    id: page.id.clone(),
                    language: page.language.clone(),
                    paragraphs: e.paragraphs(),
                    precision: overlap.precision,
                    recall: overlap.recall,
                    f1: overlap.f1,
                    content_token_f1: e.content_tokens().f1,
                });
            }
        }
        report.pages.sort_by(|a, b| a.f1.total_cmp(&b.f1));
        report
    }

    /// Writes the report as tables for people, or as one JSON document.
    pub fn write(&self, out: &mut impl Write, json: bool) -> anyhow::Result<()> {
        if json {
            let mut value = serde_json::to_value(self.all.report())?;
            if !self.languages.is_empty() {
                let reports = self
                    .languages
                    .iter()
                    .map(|(l, e)| Ok((l.clone(), serde_json::to_value(e.report())?)))
                    .collect::<serde_json::Result<serde_json::Map<_, _>>>()?;
                value["languages"] = serde_json::Value::Object(reports);
            }
            if !self.pages.is_empty() {
                value["by_page"] = serde_json::to_value(&self.pages)?;
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else {
            write!(out, "{}", self.all)?;
            self.write_languages(out)?;
            self.write_pages(out)?;
        }
        Ok(())
    }

    /// The per-language table: content token F1 and per-page F1.
    fn write_languages(&self, out: &mut impl Write) -> io::Result<()> {
        if self.languages.is_empty() {
            return Ok(());
        }
        writeln!(out, "by language (records' language field)")?;
        writeln!(
            out,
            "{:<10}{:>8}{:>18}{:>16}",
            "language", "pages", "content token F1", "per-page F1"
        )?;
        for (language, e) in &self.languages {
            let pages = e.page_overlap().support;
            writeln!(
                out,
                "{language:<10}{pages:>8}{:>18.3}{:>16.3}",
                e.content_tokens().f1,
                e.page_overlap().f1
            )?;
        }
        Ok(())
    }

    /// The per-page table, worst per-page F1 first.
    fn write_pages(&self, out: &mut impl Write) -> io::Result<()> {
        if self.pages.is_empty() {
            return Ok(());
        }
        writeln!(out, "by page, worst first (per-page token overlap)")?;
        writeln!(
            out,
            "{:<24}{:>10}{:>11}{:>10}{:>10}{:>10}{:>18}",
            "page", "language", "paragraphs", "precision", "recall", "f1", "content token F1"
        )?;
        for p in &self.pages {
            writeln!(
                out,
                "{:<24}{:>10}{:>11}{:>10.3}{:>10.3}{:>10.3}{:>18.3}",
                p.id,
                p.language.as_deref().unwrap_or("-"),
                p.paragraphs,
                p.precision,
                p.recall,
                p.f1,
                p.content_token_f1
            )?;
        }
        Ok(())
    }
}
