//! The report of `eval` and `cv`: the scores of all pages, by page type
//! (the records' `page_type`, else the predicted one), by language when the
//! records say, by fold for `cv`, and with `--pages` every page's own
//! scores, worst first.

use declutter::PageType;
use declutter::train::{Corpus, Evaluation, FactsEvaluation, StructureEvaluation};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// What `eval` prints.
pub struct EvalReport {
    /// All pages together.
    all: Evaluation,
    /// The pages of each language given by the records' `language` field.
    languages: BTreeMap<String, Evaluation>,
    /// The pages of each type: the records' `page_type`, else the one
    /// predicted (when the model tells types).
    page_types: BTreeMap<PageType, Evaluation>,
    /// The pages of each fold (`cv`).
    folds: BTreeMap<usize, Evaluation>,
    /// Every page's scores, worst per-page F1 first (empty unless asked).
    pages: Vec<PageScore>,
    /// The page facts' scores (`eval --meta`).
    facts: Option<FactsEvaluation>,
    /// The structure the Markdown keeps (`eval --expected-dir`).
    structure: Option<StructureEvaluation>,
}

/// One page's scores, as `eval --pages` lists them.
#[derive(Serialize)]
struct PageScore {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_type: Option<PageType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    predicted_page_type: Option<PageType>,
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
            page_types: BTreeMap::new(),
            folds: BTreeMap::new(),
            pages: Vec::new(),
            facts: None,
            structure: None,
        };
        for (page, e) in corpus.pages.iter().zip(pages) {
            report.all.merge(e);
            if let Some(kind) = page.page_type.or_else(|| e.predicted_page_type()) {
                report.page_types.entry(kind).or_default().merge(e);
            }
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
                    page_type: page.page_type,
                    predicted_page_type: e.predicted_page_type(),
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

    /// The report with the pages' scores grouped by fold too (`folds[i]`
    /// is page `i`'s).
    pub fn with_folds(mut self, pages: &[Evaluation], folds: &[usize]) -> Self {
        for (e, &fold) in pages.iter().zip(folds) {
            self.folds.entry(fold).or_default().merge(e);
        }
        self
    }

    /// The report with the page facts' scores.
    pub fn with_facts(self, facts: FactsEvaluation) -> Self {
        EvalReport {
            facts: Some(facts),
            ..self
        }
    }

    /// The report with the structure kept in the Markdown.
    pub fn with_structure(self, structure: StructureEvaluation) -> Self {
        EvalReport {
            structure: Some(structure),
            ..self
        }
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
            if !self.page_types.is_empty() {
                value["page_types"] = group_reports(&self.page_types)?;
            }
            if !self.folds.is_empty() {
                value["folds"] = group_reports(&self.folds)?;
            }
            if !self.pages.is_empty() {
                value["by_page"] = serde_json::to_value(&self.pages)?;
            }
            if let Some(facts) = &self.facts {
                value["facts"] = facts.to_json();
            }
            if let Some(structure) = &self.structure {
                value["structure"] = structure.to_json();
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        } else {
            write!(out, "{}", self.all)?;
            write_groups(
                out,
                "by page type (records' page_type, else predicted)",
                &self.page_types,
            )?;
            write_groups(out, "by fold", &self.folds)?;
            self.write_languages(out)?;
            if let Some(facts) = &self.facts {
                write!(out, "{facts}")?;
            }
            if let Some(structure) = &self.structure {
                write!(out, "{structure}")?;
            }
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

/// Each group's report, as one JSON object by the group's name.
fn group_reports<K: std::fmt::Display>(
    groups: &BTreeMap<K, Evaluation>,
) -> serde_json::Result<serde_json::Value> {
    let reports = groups
        .iter()
        .map(|(k, e)| Ok((k.to_string(), serde_json::to_value(e.report())?)))
        .collect::<serde_json::Result<serde_json::Map<_, _>>>()?;
    Ok(serde_json::Value::Object(reports))
}

/// A table of groups: pages, per-page F1 (with its precision and recall),
/// content token F1, macro-F1 and page-type accuracy.
fn write_groups<K: std::fmt::Display>(
    out: &mut impl Write,
    title: &str,
    groups: &BTreeMap<K, Evaluation>,
) -> io::Result<()> {
    if groups.is_empty() {
        return Ok(());
    }
    writeln!(out, "{title}")?;
    writeln!(
        out,
        "{:<15}{:>7}{:>13}{:>11}{:>9}{:>18}{:>10}{:>15}",
        "group",
        "pages",
        "per-page F1",
        "precision",
        "recall",
        "content token F1",
        "macro-F1",
        "type accuracy"
    )?;
    for (name, e) in groups {
        let overlap = e.page_overlap();
        let accuracy = e
            .page_type_accuracy()
            .map_or("-".to_string(), |a| format!("{a:.3}"));
        writeln!(
            out,
            "{:<15}{:>7}{:>13.3}{:>11.3}{:>9.3}{:>18.3}{:>10.3}{:>15}",
            name.to_string(),
            overlap.support,
            overlap.f1,
            overlap.precision,
            overlap.recall,
            e.content_tokens().f1,
            e.macro_f1(),
            accuracy
        )?;
    }
    Ok(())
}
