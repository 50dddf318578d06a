//! Reading the page as a sequence.
//!
//! A page is not a bag of independent paragraphs: the article comes in one or a
//! few runs of long paragraphs, menus, related lists and comment threads in runs
//! of their own. Two steps use that, after the first (per-paragraph) model:
//!
//! 1. **Second pass** (as jusText's context pass does with rules): a second
//!    logistic model sees the first pass's label probabilities of the paragraph
//!    and its neighbours, page-level summaries of them, and the paragraph's own
//!    shape and page features ([`sequence_rows`]). It is trained on out-of-fold
//!    first-pass predictions, so it does not learn from the first pass's
//!    over-fitting.
//! 2. **Viterbi decoding** (as Web2Text does with an HMM over block
//!    potentials): the most probable label sequence of the whole page under the
//!    second pass's probabilities and label-transition probabilities learned
//!    from the corpus ([`Decoder`]).

use crate::label::Label;
use crate::page_type::PageType;
pub(crate) mod containers;

use crate::features::markup::Container;
use crate::features::rows::{Lanes, LinearRows, check_weights};
use crate::model::{Model, Probabilities};
use crate::numeric::log_scaled;
use containers::ContainerSummary;
#[cfg(feature = "train")]
use ndarray::Array2;
use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The second pass and the decoder, as a model file stores them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SequenceModel {
    /// The second-pass model over each block's own features and the first pass's probabilities around it.
    pub(crate) model: Model,
    /// The Viterbi decoder over the second pass's probabilities.
    pub(crate) decoder: Decoder,
}

/// The labels of highest probability, after adding `content_bias` to the
/// log-probability of `content`: decoding with no transitions.
pub(crate) fn best_labels(probabilities: &[[f32; Label::COUNT]], content_bias: f32) -> Vec<Label> {
    probabilities
        .iter()
        .map(|p| argmax(&emission(&log_probabilities(p), content_bias)))
        .collect()
}

/// The scores of one block: `[content, boilerplate, related]`.
type Scores = [f32; Label::COUNT];

/// How far on each side the neighbours' probabilities are given one by one.
const NEIGHBOURS: usize = 3;

/// How far on each side the window mean of probabilities reaches.
const WINDOW: usize = 6;

/// The parts of the probability context of a block, in column order: a name,
/// and whether it is one value per label (`true`) or a single value.
const CONTEXT_PARTS: [(&str, bool); 15] = [
    ("p", true),
    ("log_p", true),
    ("p_prev1", true),
    ("p_next1", true),
    ("p_prev2", true),
    ("p_next2", true),
    ("p_prev3", true),
    ("p_next3", true),
    ("p_window", true),
    ("p_page", true),
    ("page_max_content", false),
    ("content_vs_page_max", false),
    ("content_mass_before", false),
    ("distance_content_before", false),
    ("distance_content_after", false),
];

/// The number of probability-context features [`sequence_rows`] adds after
/// each block's own features, derived from [`CONTEXT_PARTS`].
pub(crate) const CONTEXT_FEATURES: usize = context_width();

const fn context_width() -> usize {
    let mut width = 0;
    let mut i = 0;
    while i < CONTEXT_PARTS.len() {
        width += if CONTEXT_PARTS[i].1 { Label::COUNT } else { 1 };
        i += 1;
    }
    width
}

/// The names of the probability-context features, in column order.
#[cfg(test)]
pub(crate) fn context_feature_names() -> Vec<String> {
    let mut names = Vec::with_capacity(CONTEXT_FEATURES);
    for (name, per_label) in CONTEXT_PARTS {
        if per_label {
            names.extend(Label::ALL.map(|l| format!("{name}:{l}")));
        } else {
            names.push(name.to_string());
        }
    }
    names
}

/// The width of the context [`sequence_rows`] adds to each block's own
/// features: the probability context, and the containers context when the
/// blocks' containers are given (models of HTML pages).
pub(crate) fn context_width_of(with_containers: bool) -> usize {
    CONTEXT_FEATURES
        + if with_containers {
            containers::FEATURES
        } else {
            0
        }
}

/// The second pass's rows of one page: every block's own features (`own`,
/// a row a block) followed by the probability context computed from the
/// first pass's `probabilities` and, when `containers` are given, the
/// containers context ([`crate::sequence::containers`]). Training and inference both
/// build the second pass's rows here.
///
/// # Panics
/// If `own`, `containers` and `probabilities` differ in rows.
#[cfg(feature = "train")]
pub(crate) fn sequence_rows(
    own: ArrayView2<f32>,
    containers: Option<&[Container]>,
    probabilities: &[[f32; Label::COUNT]],
) -> Array2<f32> {
    let context = Context::new(own.nrows(), containers, probabilities);
    let width = own.ncols() + context.width();
    // Filled row by row (not zeroed first).
    let mut values = Vec::with_capacity(probabilities.len() * width);
    for (i, own_row) in own.rows().into_iter().enumerate() {
        match own_row.as_slice() {
            Some(slice) => values.extend_from_slice(slice),
            None => values.extend(own_row.iter()),
        }
        context.append(i, &mut values);
        assert_eq!(values.len(), (i + 1) * width, "the context parts' widths");
    }
    Array2::from_shape_vec((probabilities.len(), width), values)
        .expect("rows of the declared width")
}

/// What the second pass adds to each block's own features: the
/// probability context and, when the blocks' containers are given, the
/// containers context.
struct Context<'a> {
    probabilities: &'a [[f32; Label::COUNT]],
    summary: PageSummary,
    by_container: Option<ContainerSummary<'a>>,
}

impl<'a> Context<'a> {
    /// The context of a page of `blocks` blocks.
    ///
    /// # Panics
    /// If `blocks`, `containers` and `probabilities` differ in rows.
    fn new(
        blocks: usize,
        containers: Option<&'a [Container]>,
        probabilities: &'a [[f32; Label::COUNT]],
    ) -> Self {
        assert_eq!(blocks, probabilities.len(), "one probability row a block");
        Context {
            probabilities,
            summary: PageSummary::new(probabilities),
            by_container: containers.map(|c| ContainerSummary::new(c, probabilities)),
        }
    }

    /// The number of context features a block gets.
    fn width(&self) -> usize {
        context_width_of(self.by_container.is_some())
    }

    /// Appends block `i`'s context features.
    fn append(&self, i: usize, row: &mut Vec<f32>) {
        let p = self.probabilities;
        self.summary.context(p, i, row);
        if let Some(by_container) = &self.by_container {
            by_container.context(i, &p[i], row);
        }
    }
}

/// The second pass's rows of one page ([`sequence_rows`]), scored without
/// building them: each block's own features are read where they are, and
/// its context is computed into a small buffer just before it is scored.
struct SequenceRows<'a> {
    own: ArrayView2<'a, f32>,
    context: Context<'a>,
}

impl linfa::dataset::Records for SequenceRows<'_> {
    type Elem = f32;

    fn nsamples(&self) -> usize {
        self.own.nrows()
    }

    fn nfeatures(&self) -> usize {
        self.own.ncols() + self.context.width()
    }
}

impl LinearRows for SequenceRows<'_> {
    /// The same sums, term by term in column order, as scoring
    /// [`sequence_rows`]: each label's score is summed in its own lane of
    /// four, as the same additions in the same order.
    fn linear_scores(&self, weights: &[f32], intercept: Scores) -> Vec<Scores> {
        check_weights(weights, linfa::dataset::Records::nfeatures(self));
        let lanes = Lanes::of(weights);
        let (own_weights, context_weights) = lanes.split_at(self.own.ncols());
        let mut context = Vec::with_capacity(self.context.width());
        let mut own = Vec::new();
        let rows = self.own.rows().into_iter().enumerate();
        rows.map(|(i, own_row)| {
            let own_values = own_row.as_slice().unwrap_or_else(|| {
                own.clear();
                own.extend(own_row.iter());
                &own
            });
            context.clear();
            self.context.append(i, &mut context);
            let mut logits = Lanes::from_scores(intercept);
            logits.add_products(own_values, own_weights);
            logits.add_products(&context, context_weights);
            logits.scores()
        })
        .collect()
    }
}

impl SequenceModel {
    /// The second pass's label probabilities of a page, from each block's
    /// own features, its containers (for a model of HTML pages) and the
    /// first pass's probabilities.
    ///
    /// # Panics
    /// If the rows have another width than the model's.
    pub(crate) fn predict_proba(
        &self,
        own: ArrayView2<f32>,
        containers: Option<&[u32]>,
        probabilities: &[[f32; Label::COUNT]],
    ) -> Probabilities {
        let context = Context::new(own.nrows(), containers, probabilities);
        let own = own.reborrow();
        self.model.predict_proba(&SequenceRows { own, context })
    }
}

/// Page-level summaries of the first pass's probabilities.
struct PageSummary {
    mean: [f32; Label::COUNT],
    max_content: f32,
    total_content: f32,
    /// Paragraphs whose content probability is over one half, in order.
    confident: Vec<usize>,
    /// `content_before[i]`: the summed content probability of paragraphs before `i`.
    content_before: Vec<f32>,
}

impl PageSummary {
    fn new(p: &[[f32; Label::COUNT]]) -> Self {
        let n = p.len();
        let mut mean = [0.0f32; Label::COUNT];
        p.iter()
            .for_each(|q| mean.iter_mut().zip(q).for_each(|(m, v)| *m += v / n as f32));
        let mut content_before = Vec::with_capacity(n + 1);
        let mut sum = 0.0;
        for q in p {
            content_before.push(sum);
            sum += q[0];
        }
        PageSummary {
            mean,
            max_content: p.iter().map(|q| q[0]).fold(0.0, f32::max),
            total_content: sum.max(1e-6),
            confident: (0..n).filter(|&i| p[i][0] > 0.5).collect(),
            content_before,
        }
    }

    /// Appends the [`CONTEXT_FEATURES`] probability-context features of block `i`.
    fn context(&self, p: &[[f32; Label::COUNT]], i: usize, row: &mut Vec<f32>) {
        let n = p.len();
        let zero = [0.0f32; Label::COUNT];
        let at = |j: isize| {
            if j >= 0 && (j as usize) < n {
                &p[j as usize]
            } else {
                &zero
            }
        };
        let scaled = |d: Option<usize>| d.map_or(1.0, |d| log_scaled(d, 50));
        row.extend_from_slice(&p[i]);
        row.extend(p[i].iter().map(|v| v.max(1e-4).ln() / 1e4f32.ln().abs()));
        for d in 1..=NEIGHBOURS as isize {
            row.extend_from_slice(at(i as isize - d));
            row.extend_from_slice(at(i as isize + d));
        }
        let (lo, hi) = (i.saturating_sub(WINDOW), (i + WINDOW + 1).min(n));
        let mut window = [0.0f32; Label::COUNT];
        for q in (lo..hi).filter(|&j| j != i).map(|j| &p[j]) {
            window.iter_mut().zip(q).for_each(|(w, v)| *w += v);
        }
        let count = (hi - lo - 1).max(1) as f32;
        row.extend(window.iter().map(|w| w / count));
        row.extend_from_slice(&self.mean);
        row.push(self.max_content);
        row.push(p[i][0] / self.max_content.max(1e-6));
        row.push(self.content_before[i] / self.total_content);
        let split = self.confident.partition_point(|&j| j < i);
        let before = split.checked_sub(1).map(|k| i - self.confident[k]);
        let after = self.confident[split..]
            .iter()
            .find(|&&j| j > i)
            .map(|&j| j - i);
        row.push(scaled(before));
        row.push(scaled(after));
    }
}

/// How far before the article's start its headline is looked for: the
/// block of the likeliest content there is the one
/// [`DecoderSettings::unbiased_lead`] speaks of. The same reach as the page
/// features' headline zone. Measured on `valid` with the text model while
/// that block's bias was raised by 2 (content F1 / macro-F1 / per-page F1,
/// share of pages keeping their first content paragraph): 3 blocks 0.859 /
/// 0.723 / 0.852 / 0.35, 6 blocks 0.858 / 0.724 / 0.851 / 0.38, 12 blocks
/// 0.859 / 0.724 / 0.851 / 0.39; without the step 0.857 / 0.720 / 0.850 /
/// 0.20.
pub(crate) const LEAD_BLOCKS: usize = 12;

/// The stretch of blocks `start..end` where content is most probable
/// against the other labels: the largest sum of
/// `ln p(content) + bias - ln p(likeliest other)` (Kadane's algorithm). A
/// single block when no sum is positive; `0..0` for no blocks.
/// `logs` are the blocks' [`log_probabilities`].
fn best_stretch(logs: &[Scores], content_bias: f32) -> (usize, usize) {
    let (mut best, mut best_sum) = ((0, 0), f32::NEG_INFINITY);
    let (mut start, mut sum) = (0, 0.0f32);
    for (i, log) in logs.iter().enumerate() {
        if sum <= 0.0 {
            (start, sum) = (i, 0.0);
        }
        sum += content_margin(log, content_bias);
        if sum > best_sum {
            (best, best_sum) = ((start, i + 1), sum);
        }
    }
    best
}

/// How much likelier content is than the likeliest other label, in
/// log-probability (`log`: a block's [`log_probabilities`]), `content_bias` added.
fn content_margin(log: &Scores, content_bias: f32) -> f32 {
    let e = emission(log, content_bias);
    let content = Label::Content.index();
    let other = (0..Label::COUNT)
        .filter(|&j| j != content)
        .map(|j| e[j])
        .fold(f32::NEG_INFINITY, f32::max);
    e[content] - other
}

/// The block of likeliest content among the [`LEAD_BLOCKS`] before
/// `start` (the first on ties), where a headline stands.
fn lead_block(logs: &[Scores], start: usize) -> Option<usize> {
    let margin = |i: usize| content_margin(&logs[i], 0.0);
    (start.saturating_sub(LEAD_BLOCKS)..start)
        .reduce(|best, i| if margin(i) > margin(best) { i } else { best })
}

/// The settings of the decoder that are chosen on held-out pages rather
/// than learned from label sequences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct DecoderSettings {
    /// How much the transitions weigh against the paragraph probabilities
    /// (0: every paragraph on its own).
    pub weight: f32,
    /// Added to the log-probability of `content` before decoding: the balance
    /// between precision and recall that was chosen.
    #[serde(default)]
    pub content_bias: f32,
    /// Whether the block of likeliest content among the few just before the
    /// article (the stretch where content is likeliest) is decoded without
    /// `content_bias`, so that it is kept when content is its likeliest
    /// label. That is where a headline stands: it is short and its content
    /// probability is often 0.5 to 0.6, enough to beat the other labels but
    /// not the margin the bias asks of every block to keep readers'
    /// comments out.
    #[serde(default)]
    pub unbiased_lead: bool,
}

/// Viterbi decoding of a page's labels under learned label transitions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Decoder {
    /// `ln P(label | previous label)`, `[previous][label]`.
    pub(crate) transitions: [[f32; Label::COUNT]; Label::COUNT],
    /// `ln P(label)` of a page's first paragraph.
    pub(crate) start: [f32; Label::COUNT],
    /// The settings chosen on held-out pages.
    #[serde(flatten)]
    pub(crate) settings: DecoderSettings,
    /// The settings of each page type ([`PageType::ALL`] order), chosen on
    /// held-out pages of that type, for a model that tells page types;
    /// empty otherwise, and then `settings` decode every page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) by_type: Vec<DecoderSettings>,
}

impl Decoder {
    /// Learns transition probabilities from the label sequences of pages
    /// (add-one smoothed).
    #[cfg(feature = "train")]
    pub(crate) fn fit<'a>(pages: impl IntoIterator<Item = &'a [Label]>, weight: f32) -> Self {
        let mut counts = [[1.0f64; Label::COUNT]; Label::COUNT];
        let mut start = [1.0f64; Label::COUNT];
        for page in pages {
            if let Some(first) = page.first() {
                start[first.index()] += 1.0;
            }
            for pair in page.windows(2) {
                counts[pair[0].index()][pair[1].index()] += 1.0;
            }
        }
        let log_normalise = |row: [f64; Label::COUNT]| {
            let sum: f64 = row.iter().sum();
            row.map(|c| (c / sum).ln() as f32)
        };
        Decoder {
            transitions: counts.map(log_normalise),
            start: log_normalise(start),
            settings: DecoderSettings {
                weight,
                ..DecoderSettings::default()
            },
            by_type: Vec::new(),
        }
    }

    /// Whether every number is finite, the weights are not negative, and
    /// there are settings for every page type or none.
    pub(crate) fn is_valid(&self) -> bool {
        let good = |s: &DecoderSettings| {
            s.weight.is_finite() && s.weight >= 0.0 && s.content_bias.abs() <= 10.0
        };
        self.transitions
            .iter()
            .flatten()
            .chain(&self.start)
            .all(|v| v.is_finite())
            && good(&self.settings)
            && self.by_type.iter().all(good)
            && (self.by_type.is_empty() || self.by_type.len() == PageType::COUNT)
    }

    /// The settings that decode a page read as type `page_type` (with
    /// that probability): the type's own, else (a model that does not tell
    /// types) the decoder's own.
    pub(crate) fn settings_for(&self, page_type: Option<(PageType, f32)>) -> DecoderSettings {
        page_type
            .and_then(|(t, _)| self.by_type.get(t.index()))
            .copied()
            .unwrap_or(self.settings)
    }

    /// This decoder with other settings.
    #[cfg(feature = "train")]
    pub(crate) fn with_settings(&self, settings: DecoderSettings) -> Self {
        Decoder {
            settings,
            ..self.clone()
        }
    }

    /// The most probable labels of a page's paragraphs given their label
    /// probabilities; `mode_bias`, on top of the decoder's own content bias,
    /// is added to the log-probability of `content` (negative: more precise,
    /// positive: more complete).
    ///
    /// The article is taken to be the stretch of blocks where content is
    /// likeliest against the other labels. The block of likeliest content
    /// among the 12 blocks before it, where a headline stands, is decoded
    /// without the settings' `content_bias` when they say
    /// `unbiased_lead`. And a page with blocks
    /// always keeps some content: when no block decodes as `content`, that
    /// stretch (a single block at least) is kept, as an extractor returns
    /// its best guess rather than nothing.
    #[cfg(test)]
    pub(crate) fn decode(
        &self,
        probabilities: &[[f32; Label::COUNT]],
        mode_bias: f32,
    ) -> Vec<Label> {
        self.decode_logs(&page_logs(probabilities), mode_bias, self.settings)
    }

    /// [`Decoder::decode`] of the blocks' [`log_probabilities`] under `settings`.
    fn decode_logs(
        &self,
        logs: &[Scores],
        mode_bias: f32,
        settings: DecoderSettings,
    ) -> Vec<Label> {
        let content_bias = mode_bias + settings.content_bias;
        let (start, end) = best_stretch(logs, content_bias);
        let lead = lead_block(logs, start).filter(|_| settings.unbiased_lead);
        let bias_at = |i: usize| {
            if lead == Some(i) {
                mode_bias
            } else {
                content_bias
            }
        };
        let emissions: Vec<[f32; Label::COUNT]> = (0..logs.len())
            .map(|i| emission(&logs[i], bias_at(i)))
            .collect();
        let mut labels = if settings.weight == 0.0 {
            emissions.iter().map(argmax).collect()
        } else {
            self.viterbi(&emissions, settings.weight)
        };
        if !labels.contains(&Label::Content) {
            labels[start..end].fill(Label::Content);
        }
        labels
    }

    /// [`Decoder::decode`] for a page whose blocks' word counts `words`
    /// gives: when the content kept is shorter than an article (fewer than
    /// 30 words), the stretch where content is likeliest at a looser bias
    /// is kept as well, as a short post beside a long sidebar often loses
    /// to it.
    /// The page's type, where known, picks the settings
    /// ([`Decoder::settings_for`]).
    pub(crate) fn decode_page(
        &self,
        probabilities: &[[f32; Label::COUNT]],
        mode_bias: f32,
        words: impl Fn(usize) -> usize,
        page_type: Option<(PageType, f32)>,
    ) -> Vec<Label> {
        let settings = self.settings_for(page_type);
        let logs = page_logs(probabilities);
        let mut labels = self.decode_logs(&logs, mode_bias, settings);
        if !kept_words_reach(&labels, words, MIN_ARTICLE_WORDS) {
            let looser = mode_bias + settings.content_bias + RESCUE_SLACK;
            let (start, end) = best_stretch(&logs, looser);
            labels[start..end].fill(Label::Content);
        }
        labels
    }

    fn viterbi(&self, emissions: &[[f32; Label::COUNT]], weight: f32) -> Vec<Label> {
        let Some(first) = emissions.first() else {
            return Vec::new();
        };
        let mut score: [f32; Label::COUNT] =
            std::array::from_fn(|y| first[y] + weight * self.start[y]);
        let mut back = vec![[0u8; Label::COUNT]; emissions.len()];
        for (e, back_i) in emissions.iter().zip(&mut back).skip(1) {
            let mut next = [f32::NEG_INFINITY; Label::COUNT];
            for y in 0..Label::COUNT {
                for (prev, prev_score) in score.iter().enumerate() {
                    let s = prev_score + weight * self.transitions[prev][y];
                    if s > next[y] {
                        next[y] = s;
                        back_i[y] = prev as u8;
                    }
                }
                next[y] += e[y];
            }
            score = next;
        }
        let mut y = argmax(&score).index();
        let mut labels = vec![Label::Content; emissions.len()];
        for i in (0..emissions.len()).rev() {
            labels[i] = Label::ALL[y];
            y = back[i][y] as usize;
        }
        labels
    }
}

/// Fewer words kept as content than this, and [`Decoder::decode_page`]
/// takes the article to be missed. With [`RESCUE_SLACK`], chosen on
/// `valid` (per-page F1 of the text model / the HTML model; 0.8595 / 0.8685
/// without the rescue): 30 words and a slack of 0.5 gave 0.8630 / 0.8688,
/// 60 and 0.5 gave 0.8629 / 0.8690, 100 and 0.5 gave 0.8631 / 0.8687, 30 and
/// 1 gave 0.8631 / 0.8700; content F1 and macro-F1 moved by 0.0005 at most.
const MIN_ARTICLE_WORDS: usize = 30;

/// How much looser than the content bias the bias of the rescue stretch is.
const RESCUE_SLACK: f32 = 1.0;

/// Whether the blocks labelled content have at least `minimum` words
/// (counting stops there: most pages get there in their first block).
fn kept_words_reach(labels: &[Label], words: impl Fn(usize) -> usize, minimum: usize) -> bool {
    let mut total = 0;
    for (i, _) in labels
        .iter()
        .enumerate()
        .filter(|(_, l)| **l == Label::Content)
    {
        total += words(i);
        if total >= minimum {
            return true;
        }
    }
    false
}

/// The log-probabilities of a block's labels (probabilities below 1e-9
/// count as 1e-9).
fn log_probabilities(p: &Scores) -> Scores {
    p.map(|v| v.max(1e-9).ln())
}

/// The [`log_probabilities`] of every block of a page, computed once for
/// all the steps of decoding.
fn page_logs(probabilities: &[Scores]) -> Vec<Scores> {
    probabilities.iter().map(log_probabilities).collect()
}

/// A block's emission scores: its [`log_probabilities`], `content_bias`
/// added to content's.
fn emission(log: &Scores, content_bias: f32) -> Scores {
    let mut e = *log;
    e[Label::Content.index()] += content_bias;
    e
}

/// The label of the highest score (the first on ties).
fn argmax(scores: &[f32; Label::COUNT]) -> Label {
    let best = (0..Label::COUNT).fold(0, |b, j| if scores[j] > scores[b] { j } else { b });
    Label::ALL[best]
}

#[cfg(test)]
mod tests {
    use super::*;
    use Label::*;

    #[test]
    fn a_lone_unsure_guess_inside_a_run_is_smoothed_away() {
        let pages = [vec![Content, Content, Content, Boilerplate, Boilerplate]];
        let decoder = Decoder::fit(pages.iter().map(|p| p.as_slice()), 1.0);
        // A lone, unsure boilerplate guess inside a run of content is smoothed away.
        let p = [[0.9, 0.05, 0.05], [0.45, 0.5, 0.05], [0.9, 0.05, 0.05]];
        assert_eq!(decoder.decode(&p, 0.0), [Content, Content, Content]);
    }

    #[test]
    fn the_headline_and_the_never_empty_steps() {
        let decoder = Decoder::fit([[Boilerplate, Content, Boilerplate].as_slice()], 0.0);
        // A menu, a headline, two paragraphs, a reader's comment.
        let page = [
            [0.05, 0.95, 0.0],
            [0.55, 0.45, 0.0],
            [0.95, 0.05, 0.0],
            [0.9, 0.1, 0.0],
            [0.6, 0.4, 0.0],
        ];
        let precise = DecoderSettings {
            weight: 0.0,
            content_bias: -1.0,
            unbiased_lead: false,
        };
        let labels = decoder.with_settings(precise).decode(&page, 0.0);
        assert_eq!(
            labels,
            [Boilerplate, Boilerplate, Content, Content, Boilerplate]
        );
        let with_lead = DecoderSettings {
            unbiased_lead: true,
            ..precise
        };
        let labels = decoder.with_settings(with_lead).decode(&page, 0.0);
        assert_eq!(
            labels,
            [Boilerplate, Content, Content, Content, Boilerplate]
        );
        // With nothing decoded as content, the likeliest stretch is kept.
        let unsure = [[0.1, 0.9, 0.0], [0.4, 0.6, 0.0], [0.05, 0.95, 0.0]];
        assert_eq!(
            decoder.decode(&unsure, 0.0),
            [Boilerplate, Content, Boilerplate]
        );
    }

    #[test]
    fn a_short_article_keeps_the_looser_stretch_too() {
        let decoder = Decoder::fit([[Boilerplate, Content].as_slice()], 0.0);
        let page = [
            [0.05, 0.95, 0.0],
            [0.45, 0.55, 0.0],
            [0.4, 0.6, 0.0],
            [0.55, 0.45, 0.0],
        ];
        let words = [1, 40, 30, 5];
        let labels = decoder.decode_page(&page, 0.0, |i| words[i], None);
        assert_eq!(labels, [Boilerplate, Content, Content, Content]);
        assert_eq!(
            decoder.decode(&page, 0.0),
            [Boilerplate, Boilerplate, Boilerplate, Content]
        );
    }

    fn decoder(weight: f32) -> Decoder {
        let pages = [vec![
            Boilerplate,
            Boilerplate,
            Content,
            Content,
            Content,
            Related,
            Related,
        ]];
        Decoder::fit(pages.iter().map(|p| p.as_slice()), weight)
    }

    #[test]
    fn weight_zero_is_the_most_probable_label_of_each_paragraph() {
        let p = [[0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]];
        assert_eq!(
            decoder(0.0).decode(&p, 0.0),
            [Boilerplate, Content, Related]
        );
    }

    #[test]
    fn transitions_smooth_unsure_paragraphs_into_their_run() {
        let p = [[0.8, 0.1, 0.1], [0.4, 0.45, 0.15], [0.8, 0.1, 0.1]];
        assert_eq!(decoder(0.0).decode(&p, 0.0)[1], Boilerplate);
        assert_eq!(decoder(1.0).decode(&p, 0.0)[1], Content);
    }

    #[test]
    fn content_bias_moves_unsure_paragraphs() {
        let p = [[0.45, 0.55, 0.0], [0.9, 0.1, 0.0]];
        assert_eq!(decoder(0.0).decode(&p, 0.0)[0], Boilerplate);
        assert_eq!(decoder(0.0).decode(&p, 1.0)[0], Content);
    }

    #[test]
    fn a_page_without_decoded_content_keeps_its_likeliest_stretch() {
        let p = [
            [0.1, 0.9, 0.0],
            [0.01, 0.99, 0.0],
            [0.3, 0.7, 0.0],
            [0.01, 0.0, 0.99],
        ];
        assert_eq!(
            decoder(0.0).decode(&p, 0.0),
            [Boilerplate, Boilerplate, Content, Related]
        );
        let sure = [[0.01, 0.99, 0.0], [0.02, 0.98, 0.0]];
        assert_eq!(decoder(1.0).decode(&sure, 0.0), [Boilerplate, Content]);
    }

    #[test]
    fn the_stretch_spans_a_weak_block_between_strong_ones_and_stops_at_clear_boilerplate() {
        let p = [
            [0.2, 0.8, 0.0],
            [0.9, 0.1, 0.0],
            [0.4, 0.6, 0.0],
            [0.8, 0.2, 0.0],
            [0.01, 0.99, 0.0],
            [0.6, 0.4, 0.0],
        ];
        let logs = page_logs(&p);
        assert_eq!(best_stretch(&logs, 0.0), (1, 4));
        assert_eq!(best_stretch(&logs, -5.0), (1, 2));
        assert_eq!(best_stretch(&[], 0.0), (0, 0));
    }

    #[test]
    fn only_the_likeliest_block_before_the_article_is_decoded_without_the_bias() {
        let body = [0.95, 0.05, 0.0];
        let headline = [0.55, 0.45, 0.0];
        let byline = [0.45, 0.55, 0.0];
        let mut p = vec![[0.5, 0.5, 0.0]; LEAD_BLOCKS];
        p.extend([headline, byline, body, body]);
        let settings = DecoderSettings {
            weight: 0.0,
            content_bias: -0.5,
            unbiased_lead: true,
        };
        let labels = decoder(0.0).with_settings(settings).decode(&p, 0.0);
        let kept: Vec<usize> = (0..p.len()).filter(|&i| labels[i] == Content).collect();
        assert_eq!(kept, [LEAD_BLOCKS, LEAD_BLOCKS + 2, LEAD_BLOCKS + 3]);
        let without = DecoderSettings {
            unbiased_lead: false,
            ..settings
        };
        let labels = decoder(0.0).with_settings(without).decode(&p, 0.0);
        let kept: Vec<usize> = (0..p.len()).filter(|&i| labels[i] == Content).collect();
        assert_eq!(kept, [LEAD_BLOCKS + 2, LEAD_BLOCKS + 3]);
    }

    #[test]
    fn counting_kept_words_stops_at_the_minimum() {
        let labels = [Content, Boilerplate, Content, Content];
        let asked = std::cell::Cell::new(0);
        let words = |i: usize| {
            asked.set(asked.get() + 1);
            [20, 100, 15, 50][i]
        };
        assert!(kept_words_reach(&labels, words, 30));
        assert_eq!(asked.get(), 2, "stops after the second content block");
        assert!(!kept_words_reach(&labels, |_| 5, 30));
        assert!(!kept_words_reach(&[Boilerplate], |_| 100, 30));
    }

    #[test]
    fn a_short_article_gets_the_stretch_at_a_looser_bias() {
        let page = [
            [0.05, 0.95, 0.0],
            [0.4, 0.6, 0.0],
            [0.45, 0.55, 0.0],
            [0.9, 0.1, 0.0],
            [0.01, 0.99, 0.0],
        ];
        let short = decoder(0.0).decode_page(&page, 0.0, |_| 5, None);
        assert_eq!(short, [Boilerplate, Content, Content, Content, Boilerplate]);
        let long = decoder(0.0).decode_page(&page, 0.0, |_| 50, None);
        assert_eq!(long, decoder(0.0).decode(&page, 0.0));
        assert_eq!(long[1..4], [Boilerplate, Boilerplate, Content]);
    }

    #[test]
    fn pages_with_content_decode_without_the_fallback() {
        let p = [[0.4, 0.6, 0.0], [0.9, 0.1, 0.0]];
        assert_eq!(decoder(0.0).decode(&p, 0.0), [Boilerplate, Content]);
    }

    #[test]
    fn transitions_are_log_probabilities() {
        let d = decoder(1.0);
        for row in d.transitions.iter().chain([&d.start]) {
            let sum: f32 = row.iter().map(|l| l.exp()).sum();
            assert!((sum - 1.0).abs() < 1e-5);
        }
        assert!(d.decode(&[], 0.0).is_empty());
    }

    #[test]
    fn scoring_the_rows_unbuilt_equals_scoring_them_built() {
        let own = ndarray::array![[0.5f32, 0.0, 2.0], [0.0, 1.0, 0.0], [0.25, 0.0, -1.0]];
        let p = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]];
        let intercept = [0.1, -0.2, 0.3];
        for containers in [None, Some(&[4, 4, 0][..])] {
            let built = sequence_rows(own.view(), containers, &p);
            let weights: Vec<f32> = (0..built.ncols() * Label::COUNT)
                .map(|i| ((i * 7919) % 13) as f32 / 13.0 - 0.5)
                .collect();
            let context = Context::new(own.nrows(), containers, &p);
            let unbuilt = SequenceRows {
                own: own.view(),
                context,
            };
            assert_eq!(
                unbuilt.linear_scores(&weights, intercept),
                built.linear_scores(&weights, intercept)
            );
        }
    }

    #[test]
    fn sequence_rows_carry_own_features_and_neighbour_probabilities() {
        let own = ndarray::array![[0.5f32, 2.0], [0.0, 1.0]];
        let p = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1]];
        let rows = sequence_rows(own.view(), None, &p);
        assert_eq!(rows.ncols(), 2 + CONTEXT_FEATURES);
        assert_eq!(context_feature_names().len(), CONTEXT_FEATURES);
        assert_eq!((rows[[0, 0]], rows[[0, 1]], rows[[1, 1]]), (0.5, 2.0, 1.0));
        let names = context_feature_names();
        let next_content = 2 + names.iter().position(|n| n == "p_next1:content").unwrap();
        assert_eq!(rows[[0, next_content]], 0.1);
        let p_page = 2 + names
            .iter()
            .position(|n| n == "p_page:boilerplate")
            .unwrap();
        assert!((rows[[1, p_page]] - 0.425).abs() < 1e-6);
        let containers = [4, 4];
        let with = sequence_rows(own.view(), Some(&containers), &p);
        assert_eq!(with.ncols(), 2 + context_width_of(true));
        assert_eq!(with.slice(ndarray::s![.., ..rows.ncols()]), rows);
        let others_content = rows.ncols()
            + crate::sequence::containers::feature_names()
                .iter()
                .position(|n| *n == "container_others_p:content")
                .unwrap();
        assert!((with[[0, others_content]] - 0.1).abs() < 1e-6);
    }
}
