//! The containers context of the second pass: what the first pass thinks of
//! the other blocks inside the same element.
//!
//! An article's paragraphs sit in one element, and so do a sidebar's, a
//! comment's and a teaser list's. A paragraph at the article's tail that the
//! first pass doubts (a short closing line, a quote) shares its container
//! with confident content; the prose of an author's bio shares its own with
//! nothing of the article. For the element that holds each block
//! ([`crate::Markup::container`]), the second pass sees the mean first-pass
//! probabilities of the other blocks inside it and how many they are.
//!
//! Chosen on `valid` over the grandparent and great-grandparent too, and a
//! container's share of the page's content probability: see the model card.

use crate::features::markup::Container;
use crate::label::Label;
use crate::numeric::log_scaled;
use rustc_hash::FxHashMap as HashMap;

/// The container-context features of a block, in column order.
const NAMES: [&str; 4] = [
    "container_others_p:content",
    "container_others_p:boilerplate",
    "container_others_p:related",
    "container_others",
];

/// The number of container-context features a block gets.
pub(crate) const FEATURES: usize = NAMES.len();

/// The names of the container-context features, in column order.
#[cfg(test)]
pub(crate) fn feature_names() -> [&'static str; FEATURES] {
    NAMES
}

/// Every container's block count and summed first-pass probabilities.
pub(crate) struct ContainerSummary<'a> {
    containers: &'a [Container],
    sums: HashMap<Container, (usize, [f32; Label::COUNT])>,
}

impl<'a> ContainerSummary<'a> {
    /// Sums `probabilities` by container.
    ///
    /// # Panics
    /// If `containers` and `probabilities` differ in length.
    pub(crate) fn new(containers: &'a [Container], probabilities: &[[f32; Label::COUNT]]) -> Self {
        assert_eq!(
            containers.len(),
            probabilities.len(),
            "one container a block"
        );
        let mut sums = HashMap::default();
        for (&id, p) in containers
            .iter()
            .zip(probabilities)
            .filter(|(id, _)| **id != 0)
        {
            let (count, sum) = sums.entry(id).or_insert((0, [0.0; Label::COUNT]));
            *count += 1;
            sum.iter_mut().zip(p).for_each(|(s, v)| *s += v);
        }
        ContainerSummary { containers, sums }
    }

    /// Appends the [`FEATURES`] container-context features of block `i`,
    /// whose first-pass probabilities are `own`: the mean probabilities of
    /// the other blocks in its container (zeros for none), and their count
    /// on a log scale that reaches 1 at 50.
    pub(crate) fn context(&self, i: usize, own: &[f32; Label::COUNT], row: &mut Vec<f32>) {
        let (count, sum) = self
            .sums
            .get(&self.containers[i])
            .copied()
            .unwrap_or((1, *own));
        let others = count - 1;
        let divisor = others.max(1) as f32;
        row.extend(sum.iter().zip(own).map(|(s, v)| (s - v).max(0.0) / divisor));
        row.push(log_scaled(others, 50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context_of(containers: &[Container], p: &[[f32; 3]], i: usize) -> Vec<f32> {
        let mut row = Vec::new();
        ContainerSummary::new(containers, p).context(i, &p[i], &mut row);
        row
    }

    #[test]
    fn blocks_see_the_others_in_their_container() {
        let containers = [5, 5, 5, 7, 0, 0];
        let p = [
            [0.9, 0.1, 0.0],
            [0.5, 0.5, 0.0],
            [0.7, 0.2, 0.1],
            [0.1, 0.2, 0.7],
            [0.5, 0.5, 0.0],
            [0.5, 0.5, 0.0],
        ];
        let at = |row: &[f32], name: &str| row[NAMES.iter().position(|n| *n == name).unwrap()];
        let second = context_of(&containers, &p, 1);
        assert_eq!(second.len(), FEATURES);
        assert!((at(&second, "container_others_p:content") - 0.8).abs() < 1e-6);
        assert!((at(&second, "container_others_p:related") - 0.05).abs() < 1e-6);
        assert!((at(&second, "container_others") - 3f32.ln() / 51f32.ln()).abs() < 1e-6);
        // Alone in its container, or in none: nothing from the others.
        for alone in [3, 4] {
            assert_eq!(context_of(&containers, &p, alone), [0.0; FEATURES]);
        }
    }
}
