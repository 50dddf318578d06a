//! The command line's arguments.

use super::jsonl::OnError;
use super::pages::InputKind;
use clap::{Args, Parser, Subcommand, ValueEnum};
use declutter::train::{ModelParams, SequenceConfig, TfidfConfig, TrainConfig};
use declutter::{LabelSet, Language, LanguageSetting, Mode, PageType};
use std::path::PathBuf;

/// Strips menus, bylines, share buttons and related links from scraped pages
/// (plain text, one paragraph a line) and keeps the article.
#[derive(Parser)]
#[command(name = "declutter", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Print the kept (by default: content) paragraphs of each page, unchanged, in order.
    Clean(CleanArgs),
    /// Print every paragraph with its label and confidence.
    Classify(ClassifyArgs),
    /// Train a model on labelled pages and write it to a file.
    Train(TrainArgs),
    /// Score a model on labelled pages.
    Eval(EvalArgs),
    /// Cross-validate training site by site: train on all folds but one,
    /// score the pages of that one, for each fold.
    Cv(CvArgs),
}

/// Which model, and how it labels.
#[derive(Args)]
pub struct ModelArg {
    /// A model file (default: the models embedded in declutter, one for text
    /// pages and one for HTML pages).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// The precision/recall trade-off of the `content` label: precision, balanced or recall.
    #[arg(long, default_value = "balanced")]
    pub mode: Mode,
    /// The pages' language: auto (identified page by page), or a name or
    /// code (`french`, `fr`), for its stemmer and stop words.
    #[arg(long, default_value = "auto", value_name = "LANGUAGE")]
    pub language: LanguageSetting,
    /// The pages' type, when you know it: article, forum, product,
    /// collection, listing, documentation or service (default: the model
    /// tells each page's type).
    #[arg(long, value_name = "TYPE")]
    pub page_type: Option<PageType>,
}

/// `declutter clean`.
#[derive(Args)]
pub struct CleanArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// The labels to keep, comma-separated.
    #[arg(long, value_name = "LABELS", default_value = "content")]
    pub keep: LabelSet,
    /// Keep a paragraph when the kept labels' summed probability is at least this
    /// (default: when its most probable label is kept).
    #[arg(long, value_name = "P")]
    pub min_confidence: Option<f32>,
    /// Read JSON Lines records (from FILEs or standard input) and write each
    /// back with its text field replaced by the cleaned text.
    #[arg(long, conflicts_with = "warc")]
    pub jsonl: bool,
    /// Read WARC and WET files (plain or gzipped; standard input for none or
    /// `-`) and write one JSON Lines record a page: url, warc_record_id,
    /// date, language and title where known, and the cleaned text. WET
    /// `conversion` records are text pages, `response` records with HTML
    /// are HTML pages; other records are passed over.
    #[arg(long)]
    pub warc: bool,
    /// With --jsonl: the field holding the page text.
    #[arg(long, default_value = "text", requires = "jsonl")]
    pub field: String,
    /// With --jsonl: also add `declutter_labels`, every paragraph's line, label and confidence.
    #[arg(long, requires = "jsonl")]
    pub labels: bool,
    /// What each page is written as: its kept text (text), its kept blocks
    /// as Markdown (markdown), or one JSON object a line with the text and
    /// the page's facts (json). With --jsonl and --warc, the records' text
    /// field holds the text or the Markdown, and with json the page's other
    /// fields go in a `declutter` object of each record.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CleanFormat,
    /// With --format markdown (or --with-markdown): keep link targets, `[text](url)`.
    #[arg(long)]
    pub links: bool,
    /// With --format markdown (or --with-markdown): keep the images of kept
    /// blocks, `![alt](src)`.
    #[arg(long)]
    pub images: bool,
    /// With --format json: add the page's Markdown (`markdown`).
    #[arg(long)]
    pub with_markdown: bool,
    /// With --format json: add every block (`blocks`) with its line, label,
    /// the probability of each label, and whether it is kept.
    #[arg(long)]
    pub blocks: bool,
    /// With --jsonl: what a malformed record does (it is always reported with its line).
    #[arg(long, value_enum, default_value = "skip", requires = "jsonl")]
    pub on_error: OnError,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Pages to clean; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// How many threads, and which files.
#[derive(Args)]
pub struct BatchArgs {
    /// Worker threads (0: one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub jobs: usize,
    /// Read every file below each directory given, in path order.
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// What the pages are: by name and content (auto), text or html.
    #[arg(long, value_enum, default_value = "auto")]
    pub input: InputKind,
}

/// The output formats of `clean`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CleanFormat {
    /// The kept blocks, one a line (after an HTML page's title when the
    /// model did not keep its headline).
    Text,
    /// The kept blocks as Markdown: headings, lists, tables, code, quotes.
    Markdown,
    /// One JSON object a page: text, the page's facts (title, author,
    /// date, site_name, description, url, image), language, page_type and
    /// page_type_probability.
    Json,
}

/// The output formats of `classify`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// `label<TAB>confidence<TAB>text` (a leading path column with several files).
    Tsv,
    /// One JSON object a paragraph: path, line, label, probabilities, text.
    Jsonl,
}

/// `declutter classify`.
#[derive(Args)]
pub struct ClassifyArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// The output format.
    #[arg(long, value_enum, default_value = "tsv")]
    pub format: Format,
    #[command(flatten)]
    pub batch: BatchArgs,
    /// Pages to classify; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// `declutter train`.
#[derive(Args)]
pub struct TrainArgs {
    /// Labelled pages (JSON Lines or TSV); give several files after one flag or repeat it.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub data: Vec<PathBuf>,
    /// Where to write the model (atomically).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Read each labelled page from its HTML in this folder (`<id>.html.gz`,
    /// `<id>.html` or `<id>.htm`), labelling its blocks by the paragraphs they match.
    #[arg(long, value_name = "DIR")]
    pub html_dir: Option<PathBuf>,
    #[command(flatten)]
    pub valid: ValidArgs,
    /// Labelled pages to score the new model on after training.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// The HTML folder of the --dev pages.
    #[arg(long, value_name = "DIR", requires = "dev")]
    pub dev_html_dir: Option<PathBuf>,
    #[command(flatten)]
    pub settings: TrainSettings,
}

/// Validation pages, on which the decoder's settings are chosen.
#[derive(Args)]
pub struct ValidArgs {
    /// Validation pages: the decoder's transition weight and content bias are
    /// chosen on them (no weight is fitted on them) instead of on the training folds.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub valid: Vec<PathBuf>,
    /// The HTML folder of the --valid pages.
    #[arg(long, value_name = "DIR", requires = "valid")]
    pub valid_html_dir: Option<PathBuf>,
}

/// The settings of training (`train` and `cv`).
#[derive(Args)]
pub struct TrainSettings {
    /// The language of the training pages: its Snowball stemmer makes the
    /// vocabulary (pages in other languages are still read in their own).
    #[arg(long, default_value_t = Language::English)]
    pub language: Language,
    /// The share of training pages read as if their words were unknown, so
    /// that the model learns to label pages in languages it has no words of.
    #[arg(long, default_value_t = TrainConfig::default().unknown_words_share)]
    pub unknown_words_share: f32,
    /// The share of training pages (read as text) that get a synthetic
    /// readers' comment thread or teaser list after their article.
    #[arg(long, default_value_t = TrainConfig::default().synthetic_sections_share)]
    pub synthetic_sections_share: f32,
    /// The vocabulary's size cap (most frequent stems first).
    #[arg(long, default_value_t = TfidfConfig::default().max_vocabulary)]
    pub max_vocabulary: usize,
    /// A stem must occur in at least this many paragraphs.
    #[arg(long, default_value_t = TfidfConfig::default().min_df)]
    pub min_df: usize,
    /// L2 penalty of the first-pass model.
    #[arg(long, default_value_t = ModelParams::default().unchecked().alpha(), allow_hyphen_values = true)]
    pub alpha: f32,
    /// L-BFGS iterations at most for the first-pass model.
    #[arg(long, default_value_t = ModelParams::default().unchecked().max_iterations())]
    pub max_iterations: u64,
    /// 0 keeps the labels' proportions, 1 weighs the labels equally.
    #[arg(long, default_value_t = ModelParams::default().unchecked().class_weight_power(), allow_hyphen_values = true)]
    pub class_weight_power: f32,
    /// Cross-validation folds (by site) for the second pass and decoder; 0 or 1: none.
    #[arg(long, default_value_t = SequenceConfig::default().folds)]
    pub folds: usize,
    /// How probable each page type must be for a page told of that type to
    /// be read as one (else it is read as an article): seven numbers from
    /// 0 to 1, comma-separated, in the order article, forum, product,
    /// collection, listing, documentation, service (default: the values
    /// chosen on validation, see the model card).
    #[arg(long, value_name = "T,T,T,T,T,T,T", value_parser = parse_thresholds)]
    pub page_type_thresholds: Option<[f32; 7]>,
}

/// `declutter cv`.
#[derive(Args)]
pub struct CvArgs {
    /// Labelled pages (JSON Lines or TSV).
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub data: Vec<PathBuf>,
    /// Read each labelled page from its HTML in this folder, as `train` does.
    #[arg(long, value_name = "DIR")]
    pub html_dir: Option<PathBuf>,
    /// The number of folds; each keeps every site (host of the `url` field)
    /// in one fold.
    #[arg(long, default_value_t = 5)]
    pub cv_folds: usize,
    #[command(flatten)]
    pub valid: ValidArgs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also list every page's scores, worst first.
    #[arg(long)]
    pub pages: bool,
    /// Score each held-out page without its address (`url` field), as a
    /// plain-text file comes; the folds are still made by site.
    #[arg(long)]
    pub without_urls: bool,
    #[command(flatten)]
    pub settings: TrainSettings,
}

/// `declutter eval`.
#[derive(Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub model: ModelArg,
    /// Labelled pages (JSON Lines or TSV).
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    pub data: Vec<PathBuf>,
    /// Score each page from its HTML in this folder (`<id>.html.gz`, `<id>.html`
    /// or `<id>.htm`): its blocks, labelled by the paragraphs they match.
    #[arg(long, value_name = "DIR")]
    pub html_dir: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Score the pages with every word replaced by a made-up word of the
    /// same length and capitalisation: how much the model leans on words.
    #[arg(long, conflicts_with = "html_dir")]
    pub scramble: bool,
    /// Also list every page's scores (its id, per-page token overlap and
    /// content token F1), worst first (`by_page` in the JSON).
    #[arg(long)]
    pub pages: bool,
    /// Also score the page facts against these gold facts (JSON Lines of
    /// `id`, `title`, `author`, `publish_date`, matched to the pages by id):
    /// title exact and lenient, author found and invented, date exact and
    /// invented (`facts` in the JSON).
    #[arg(long, value_name = "FILE")]
    pub meta: Option<PathBuf>,
    /// Also score the structure the Markdown keeps against expected
    /// articles in this folder (`<id>.expected.html.gz`, as Readability's
    /// tests give them): the share of their headings, list items, table
    /// cells and code blocks rendered as such (`structure` in the JSON).
    #[arg(long, value_name = "DIR", requires = "html_dir")]
    pub expected_dir: Option<PathBuf>,
}

/// Seven comma-separated numbers (`--page-type-thresholds`).
fn parse_thresholds(text: &str) -> Result<[f32; 7], String> {
    let values: Vec<f32> = (text.split(','))
        .map(|v| v.trim().parse::<f32>().map_err(|e| format!("{v:?}: {e}")))
        .collect::<Result<_, _>>()?;
    values.try_into().map_err(|v: Vec<f32>| {
        format!("seven numbers are needed, one a page type; got {}", v.len())
    })
}
