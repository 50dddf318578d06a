//! Small numeric helpers shared by the feature groups and the model.

use crate::label::Label;
use std::sync::LazyLock;

/// `ln(1 + n)` for a count `n`, from a table for the small counts that
/// nearly every paragraph has (the same values as computing it).
pub(crate) fn ln_1p_count(n: usize) -> f32 {
    static TABLE: LazyLock<[f32; 257]> = LazyLock::new(|| std::array::from_fn(ln_1p));
    fn ln_1p(n: usize) -> f32 {
        (1.0 + n as f32).ln()
    }
    TABLE.get(n).copied().unwrap_or_else(|| ln_1p(n))
}

/// A count on a log scale from 0 (`n` = 0) to 1 (`n` = `full_at` or more):
/// `ln(1 + n) / ln(1 + full_at)`, capped at 1.
pub(crate) fn log_scaled(n: usize, full_at: usize) -> f32 {
    (ln_1p_count(n) / ln_1p_count(full_at)).min(1.0)
}

/// Softmax of three logits.
pub(crate) fn softmax(logits: [f32; Label::COUNT]) -> [f32; Label::COUNT] {
    let max = logits.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let exp = logits.map(|l| (l - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_table_gives_the_computed_values() {
        for n in [0, 1, 7, 256, 257, 10_000] {
            assert_eq!(ln_1p_count(n), (1.0 + n as f32).ln(), "{n}");
        }
    }

    #[test]
    fn log_scaled_counts_reach_one_at_their_full_count() {
        assert_eq!(log_scaled(0, 50), 0.0);
        assert_eq!(log_scaled(50, 50), 1.0);
        assert_eq!(log_scaled(5000, 50), 1.0);
        assert_eq!(log_scaled(7, 100), 8f32.ln() / 101f32.ln());
    }

    #[test]
    fn softmax_is_stable_for_large_logits() {
        let p = softmax([1000.0, 0.0, -1000.0]);
        assert!((p[0] - 1.0).abs() < 1e-6 && p.iter().all(|v| v.is_finite()));
    }
}
