//! Scores of page facts against gold facts (`eval --meta`): the title
//! (exact after whitespace normalisation, and lenient: case and
//! punctuation aside), the author (found: lenient-equal to the gold's;
//! invented: one given where the gold has none) and the publication date
//! (exact day; invented), over all pages and by page type.
//!
//! The gold file is JSON Lines, one page a line: `{"id": ..., "title": ...,
//! "author": ..., "publish_date": "YYYY-MM-DD"}`, matched to the labelled
//! pages by `id`; `null` where the page has none.

use crate::error::{Error, Result};
use crate::extract::facts::Facts;
use crate::extract::facts::text::{lenient_key, norm_ws};
use crate::page_type::PageType;
use crate::train::corpus::Corpus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

/// A page's gold facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GoldFacts {
    /// The page's id, as in the labelled pages.
    pub id: String,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// Its author, `null` when it names none.
    #[serde(default)]
    pub author: Option<String>,
    /// Its publication date (`YYYY-MM-DD`), `null` when it has none.
    #[serde(default)]
    pub publish_date: Option<String>,
}

/// Reads a file of gold facts, by page id.
pub fn read_gold_facts(path: &Path) -> Result<HashMap<String, GoldFacts>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut gold = HashMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| Error::io(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let facts: GoldFacts = serde_json::from_str(&line).map_err(|e| {
            Error::io(
                path,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("line {}: {e}", i + 1),
                ),
            )
        })?;
        gold.insert(facts.id.clone(), facts);
    }
    Ok(gold)
}

/// Counts of fact scores over pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactCounts {
    /// Pages with a gold title; of them, titles equal after whitespace
    /// normalisation; lenient-equal.
    pub titles: [u64; 3],
    /// Pages with a gold author; of them, authors found (lenient-equal).
    pub authors: [u64; 2],
    /// Pages without a gold author; of them, pages given one.
    pub no_author: [u64; 2],
    /// Pages with a gold date; of them, dates exact.
    pub dates: [u64; 2],
    /// Pages without a gold date; of them, pages given one.
    pub no_date: [u64; 2],
}

impl FactCounts {
    /// Adds one page's gold and predicted facts.
    pub fn add(&mut self, gold: &GoldFacts, predicted: &Facts) {
        if let Some(title) = &gold.title {
            let p = predicted.title.as_deref().unwrap_or("");
            self.titles[0] += 1;
            self.titles[1] += u64::from(norm_ws(p) == norm_ws(title));
            self.titles[2] += u64::from(lenient_key(p) == lenient_key(title));
        }
        match (&gold.author, &predicted.author) {
            (Some(g), p) => {
                self.authors[0] += 1;
                let found = p
                    .as_deref()
                    .is_some_and(|p| lenient_key(p) == lenient_key(g));
                self.authors[1] += u64::from(found);
            }
            (None, p) => {
                self.no_author[0] += 1;
                self.no_author[1] += u64::from(p.is_some());
            }
        }
        match (&gold.publish_date, &predicted.date) {
            (Some(g), p) => {
                self.dates[0] += 1;
                let g = g.get(..10).unwrap_or(g);
                self.dates[1] += u64::from(p.is_some_and(|p| p.to_string() == g));
            }
            (None, p) => {
                self.no_date[0] += 1;
                self.no_date[1] += u64::from(p.is_some());
            }
        }
    }

    /// Adds the counts of another set of pages.
    pub fn merge(&mut self, other: &FactCounts) {
        let add = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        add(&mut self.titles, &other.titles);
        add(&mut self.authors, &other.authors);
        add(&mut self.no_author, &other.no_author);
        add(&mut self.dates, &other.dates);
        add(&mut self.no_date, &other.no_date);
    }

    /// The scores as shares.
    pub fn scores(&self) -> FactScores {
        let share = |[n, k]: [u64; 2]| (n > 0).then(|| k as f64 / n as f64);
        FactScores {
            title_exact: share([self.titles[0], self.titles[1]]),
            title_lenient: share([self.titles[0], self.titles[2]]),
            author_found: share(self.authors),
            author_invented: share(self.no_author),
            date_exact: share(self.dates),
            date_invented: share(self.no_date),
            titles: self.titles[0],
            authors: self.authors[0],
            no_author: self.no_author[0],
            dates: self.dates[0],
            no_date: self.no_date[0],
        }
    }
}

/// Fact scores as shares (`None` where no page counts), and how many pages
/// each is over.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FactScores {
    /// Titles equal to the gold after whitespace normalisation.
    pub title_exact: Option<f64>,
    /// Titles equal to the gold, case and punctuation aside.
    pub title_lenient: Option<f64>,
    /// Of pages with a gold author, the share whose author was found.
    pub author_found: Option<f64>,
    /// Of pages without one, the share given an author.
    pub author_invented: Option<f64>,
    /// Of pages with a gold date, the share whose date is exact.
    pub date_exact: Option<f64>,
    /// Of pages without one, the share given a date.
    pub date_invented: Option<f64>,
    /// Pages with a gold title.
    pub titles: u64,
    /// Pages with a gold author.
    pub authors: u64,
    /// Pages without a gold author.
    pub no_author: u64,
    /// Pages with a gold date.
    pub dates: u64,
    /// Pages without a gold date.
    pub no_date: u64,
}

/// Fact scores of all pages and by page type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FactsEvaluation {
    /// All pages with gold facts.
    pub all: FactCounts,
    /// By page type (the records' type, else the predicted one).
    pub page_types: BTreeMap<PageType, FactCounts>,
    /// Pages without gold facts.
    pub unmatched: u64,
}

impl FactsEvaluation {
    /// Adds a page: its gold facts (none when the gold file lacks it), the
    /// facts found and its type.
    pub fn add(
        &mut self,
        gold: Option<&GoldFacts>,
        predicted: &Facts,
        page_type: Option<PageType>,
    ) {
        let Some(gold) = gold else {
            self.unmatched += 1;
            return;
        };
        let mut counts = FactCounts::default();
        counts.add(gold, predicted);
        self.all.merge(&counts);
        if let Some(t) = page_type {
            self.page_types.entry(t).or_default().merge(&counts);
        }
    }

    /// The scores of the facts `found` on the pages of `corpus` (by page
    /// id: the facts and the predicted type), grouped by the records' page
    /// type, else the predicted one.
    pub fn of(
        corpus: &Corpus,
        found: &HashMap<String, (Facts, Option<PageType>)>,
        gold: &HashMap<String, GoldFacts>,
    ) -> Self {
        let mut evaluation = FactsEvaluation::default();
        for page in &corpus.pages {
            if let Some((facts, predicted)) = found.get(&page.id) {
                let page_type = page.page_type.or(*predicted);
                evaluation.add(gold.get(&page.id), facts, page_type);
            }
        }
        evaluation
    }

    /// The scores as JSON: `all`, `page_types`, `unmatched_pages`.
    pub fn to_json(&self) -> serde_json::Value {
        let types: BTreeMap<String, FactScores> = self
            .page_types
            .iter()
            .map(|(t, c)| (t.to_string(), c.scores()))
            .collect();
        serde_json::json!({
            "all": self.all.scores(),
            "page_types": types,
            "unmatched_pages": self.unmatched,
        })
    }
}

impl std::fmt::Display for FactsEvaluation {
    /// A table: one row for all pages, one a page type.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "page facts (title exact / lenient; author found, invented; date exact, invented)"
        )?;
        let header = [
            "titles", "exact", "lenient", "authors", "found", "none", "invented", "dates", "exact",
            "none", "invented",
        ];
        write!(f, "{:<15}", "group")?;
        for h in header {
            write!(f, "{h:>9}")?;
        }
        writeln!(f)?;
        let rows = std::iter::once(("all".to_string(), &self.all))
            .chain(self.page_types.iter().map(|(t, c)| (t.to_string(), c)));
        let share = |s: Option<f64>| s.map_or("-".to_string(), |s| format!("{s:.3}"));
        for (name, c) in rows {
            let s = c.scores();
            let cells = [
                s.titles.to_string(),
                share(s.title_exact),
                share(s.title_lenient),
                s.authors.to_string(),
                share(s.author_found),
                s.no_author.to_string(),
                share(s.author_invented),
                s.dates.to_string(),
                share(s.date_exact),
                s.no_date.to_string(),
                share(s.date_invented),
            ];
            write!(f, "{name:<15}")?;
            for cell in cells {
                write!(f, "{cell:>9}")?;
            }
            writeln!(f)?;
        }
        if self.unmatched > 0 {
            writeln!(f, "{} pages had no gold facts", self.unmatched)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(title: &str, author: Option<&str>, date: Option<&str>) -> GoldFacts {
        GoldFacts {
            id: "1".into(),
            title: Some(title.into()),
            author: author.map(str::to_string),
            publish_date: date.map(str::to_string),
        }
    }

    #[test]
    fn facts_are_scored_exact_lenient_found_and_invented() {
        let mut counts = FactCounts::default();
        let facts = Facts {
            title: Some("Flood  barrier".into()),
            author: Some("ann lee".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 5, 3),
            ..Facts::default()
        };
        counts.add(
            &gold("Flood barrier", Some("Ann Lee"), Some("2024-05-03")),
            &facts,
        );
        counts.add(&gold("FLOOD BARRIER!", None, None), &facts);
        let s = counts.scores();
        assert_eq!((s.title_exact, s.title_lenient), (Some(0.5), Some(1.0)));
        assert_eq!((s.author_found, s.author_invented), (Some(1.0), Some(1.0)));
        assert_eq!((s.date_exact, s.date_invented), (Some(1.0), Some(1.0)));
        counts.add(&gold("x", Some("Bob"), Some("2024-05")), &Facts::default());
        let s = counts.scores();
        assert_eq!((s.authors, s.author_found), (2, Some(0.5)));
        assert_eq!((s.dates, s.date_exact), (2, Some(0.5)));
    }

    #[test]
    fn gold_facts_are_read_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.jsonl");
        let lines = "{\"id\": \"a\", \"title\": \"T\", \"author\": null, \"publish_date\": \"2024-05-03\"}\n\n{\"id\": \"b\"}\n";
        std::fs::write(&path, lines).unwrap();
        let gold = read_gold_facts(&path).unwrap();
        assert_eq!(gold["a"].publish_date.as_deref(), Some("2024-05-03"));
        assert_eq!(gold["b"].title, None);
        std::fs::write(&path, "{not json").unwrap();
        assert!(read_gold_facts(&path).is_err());
    }
}
