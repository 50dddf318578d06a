//! Words a block shares with the page's article.
//!
//! A headline names what its article is about, and a comment answers it; a
//! menu item or a teaser of another story mostly does not. For every block,
//! the share of its distinct words (stop words and one-character tokens
//! left out) that some block of the page's main run also has tells them
//! apart in any language: a word is its vocabulary term where the
//! vocabulary knows it (so `Defense` and `defense` meet), and its spelling
//! where it does not (names, and every word of a page in another language).

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// A word as overlap compares it: a vocabulary column, or a spelling hash
/// with the top bit set so that the two kinds never meet.
pub(crate) type WordId = u64;

/// The [`WordId`] of a word the vocabulary knows, by its column.
pub(crate) fn known(column: u32) -> WordId {
    u64::from(column)
}

/// The [`WordId`] of a word the vocabulary does not know, by its spelling.
pub(crate) fn unknown(spelling: u64) -> WordId {
    spelling | 1 << 63
}

/// The distinct words of every block of a page, back to back.
#[derive(Debug, Default)]
pub(crate) struct PageWords {
    ids: Vec<WordId>,
    /// Where each block's words start in `ids`, and where the last one ends.
    starts: Vec<usize>,
}

impl PageWords {
    /// Room for a page of `blocks` blocks.
    pub(crate) fn with_blocks(blocks: usize) -> Self {
        let mut starts = Vec::with_capacity(blocks + 1);
        starts.push(0);
        PageWords {
            ids: Vec::new(),
            starts,
        }
    }

    /// Adds a word to the current block.
    pub(crate) fn push(&mut self, id: WordId) {
        self.ids.push(id);
    }

    /// Ends the current block, keeping each of its words once: the next
    /// words belong to the next one.
    pub(crate) fn end_block(&mut self) {
        let start = *self.starts.last().expect("starts holds 0 from the first");
        let block = &mut self.ids[start..];
        block.sort_unstable();
        let mut kept = 0;
        for i in 0..block.len() {
            if kept == 0 || block[i] != block[kept - 1] {
                block[kept] = block[i];
                kept += 1;
            }
        }
        self.ids.truncate(start + kept);
        self.starts.push(self.ids.len());
    }

    /// The number of blocks ended.
    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Block `i`'s distinct words, sorted.
    fn distinct(&self, i: usize) -> &[WordId] {
        &self.ids[self.starts[i]..self.starts[i + 1]]
    }
}

/// How many of a block's distinct words another block of the main run has.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Shared {
    /// The block's distinct words.
    pub(crate) words: usize,
    /// How many of them some other block of the run also has.
    pub(crate) shared: usize,
}

impl Shared {
    /// The share of the block's distinct words that are shared (0 for a
    /// block without words).
    pub(crate) fn share(self) -> f32 {
        self.shared as f32 / self.words.max(1) as f32
    }
}

/// For every block, how many of its distinct words another block of `run`
/// also has.
///
/// ```text
/// run: "Austin spoke with Shoigu.", "Shoigu said little."
/// "Austin calls Shoigu" -> 2 of 3 (calls is in no run block)
/// ```
pub(crate) fn shared_with_run(words: &PageWords, run: Range<usize>) -> Vec<Shared> {
    let in_run = RunCounts::of(words, run.clone());
    (0..words.len())
        .map(|i| {
            let distinct = words.distinct(i);
            let own = run.contains(&i) as u32;
            let shared = distinct.iter().filter(|&&id| in_run.get(id) > own).count();
            Shared {
                words: distinct.len(),
                shared,
            }
        })
        .collect()
}

/// In how many blocks of the run each word occurs: in a short array by
/// column for the words the vocabulary knows (the first [`DENSE_COLUMNS`]
/// columns), by hash for the others.
struct RunCounts {
    dense: Vec<u32>,
    hashed: HashMap<WordId, u32>,
}

/// The columns [`RunCounts`] counts in its array (a model's vocabulary
/// has a few thousand terms).
const DENSE_COLUMNS: WordId = 1 << 16;

impl RunCounts {
    fn of(words: &PageWords, run: Range<usize>) -> Self {
        let ids = || run.clone().flat_map(|i| words.distinct(i));
        let dense = ids().filter(|&&id| id < DENSE_COLUMNS);
        let dense_len = dense.map(|&id| id as usize + 1).max().unwrap_or(0);
        let mut counts = RunCounts {
            dense: vec![0; dense_len],
            hashed: HashMap::with_capacity_and_hasher(ids().count(), Default::default()),
        };
        for &id in ids() {
            match id < DENSE_COLUMNS {
                true => counts.dense[id as usize] += 1,
                false => *counts.hashed.entry(id).or_default() += 1,
            }
        }
        counts
    }

    /// The number of run blocks that have word `id`.
    fn get(&self, id: WordId) -> u32 {
        match id < DENSE_COLUMNS {
            true => self.dense.get(id as usize).copied().unwrap_or(0),
            false => self.hashed.get(&id).copied().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(blocks: &[&[u64]]) -> PageWords {
        let mut words = PageWords::with_blocks(blocks.len());
        for block in blocks {
            block.iter().for_each(|&w| words.push(known(w as u32)));
            words.end_block();
        }
        words
    }

    #[test]
    fn a_block_counts_the_words_other_run_blocks_have() {
        // 1 Austin, 2 calls, 3 Shoigu, 4 spoke, 5 said, 6 little, 7 home
        let words = page(&[&[7], &[1, 2, 3, 3], &[1, 4, 3], &[3, 5, 6], &[]]);
        let shared: Vec<f32> = shared_with_run(&words, 2..4)
            .iter()
            .map(|s| s.share())
            .collect();
        assert_eq!(shared[0], 0.0);
        assert_eq!(shared[1], 2.0 / 3.0);
        // Inside the run, a block's own words do not count for it.
        assert_eq!(shared[2], 1.0 / 3.0);
        assert_eq!(shared[3], 1.0 / 3.0);
        assert_eq!(shared[4], 0.0);
    }

    #[test]
    fn a_block_keeps_each_word_once() {
        let words = page(&[&[3, 1, 3, 2, 1], &[], &[4, 4]]);
        assert_eq!(words.distinct(0), [1, 2, 3].map(known));
        assert!(words.distinct(1).is_empty());
        assert_eq!(words.distinct(2), [known(4)]);
    }

    #[test]
    fn words_past_the_dense_columns_are_counted_too() {
        let high = DENSE_COLUMNS + 7;
        let words = page(&[&[3, high], &[3, high], &[high]]);
        let shared: Vec<usize> = shared_with_run(&words, 0..2)
            .iter()
            .map(|s| s.shared)
            .collect();
        assert_eq!(shared, [2, 2, 1]);
    }

    #[test]
    fn known_and_unknown_words_never_meet() {
        assert_ne!(known(5), unknown(5));
        let mut words = PageWords::with_blocks(2);
        words.push(known(5));
        words.end_block();
        words.push(unknown(5));
        words.end_block();
        let shared = shared_with_run(&words, 1..2);
        assert!(shared.iter().all(|s| s.shared == 0 && s.words == 1));
    }
}
