//! The `declutter` command: a thin layer over the library. It parses arguments,
//! reads files and prints; every decision lives in the `declutter` crate.

use anyhow::Result;
use clap::{Args, Parser, Subcommand, ValueEnum};
use cli::jsonl::OnError;
use declutter::corpus;
use declutter::eval::{Evaluation, evaluate};
use declutter::features::FeaturizerConfig;
use declutter::features::tfidf::TfidfConfig;
use declutter::model::ModelConfig;
use declutter::stream::RecordOptions;
use declutter::tokenize::Language;
use declutter::train::{self, SequenceConfig, TrainConfig};
use declutter::{CleanOptions, Cleaner, LabelSet, Mode};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;
use std::time::{Duration, Instant};

/// Strips menus, bylines, share buttons and related links from scraped pages
/// (plain text, one paragraph a line) and keeps the article.
#[derive(Parser)]
#[command(name = "declutter", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the kept (by default: content) paragraphs of each page, unchanged, in order.
    Clean(CleanArgs),
    /// Print every paragraph with its label and confidence.
    Classify(ClassifyArgs),
    /// Train a model on labelled pages and write it to a file.
    Train(TrainArgs),
    /// Score a model on labelled pages.
    Eval(EvalArgs),
}

#[derive(Args)]
struct ModelArg {
    /// A model file (default: the model embedded in declutter).
    #[arg(long, value_name = "PATH")]
    model: Option<PathBuf>,
    /// The precision/recall trade-off of the `content` label: precision, balanced or recall.
    #[arg(long, default_value = "balanced")]
    mode: Mode,
}

impl ModelArg {
    /// Loads the model, with the mode and, where given, the labels to keep.
    fn load(&self, keep: LabelSet, min_confidence: Option<f32>) -> Result<Cleaner> {
        let cleaner = match &self.model {
            Some(path) => Cleaner::from_path(path)?,
            None => Cleaner::default_model()?,
        };
        let options = CleanOptions {
            keep,
            mode: self.mode,
            min_confidence,
        };
        Ok(cleaner.with_options(options)?)
    }

    /// Loads the model with the mode and default options otherwise.
    fn load_default(&self) -> Result<Cleaner> {
        self.load(CleanOptions::default().keep, None)
    }
}

#[derive(Args)]
struct CleanArgs {
    #[command(flatten)]
    model: ModelArg,
    /// The labels to keep, comma-separated.
    #[arg(long, value_name = "LABELS", default_value = "content")]
    keep: LabelSet,
    /// Keep a paragraph when the kept labels' summed probability is at least this
    /// (default: when its most probable label is kept).
    #[arg(long, value_name = "P")]
    min_confidence: Option<f32>,
    /// Read JSON Lines records (from FILEs or standard input) and write each
    /// back with its text field replaced by the cleaned text.
    #[arg(long)]
    jsonl: bool,
    /// With --jsonl: the field holding the page text.
    #[arg(long, default_value = "text", requires = "jsonl")]
    field: String,
    /// With --jsonl: also add `declutter_labels`, every paragraph's line, label and confidence.
    #[arg(long, requires = "jsonl")]
    labels: bool,
    /// With --jsonl: what a malformed record does (it is always reported with its line).
    #[arg(long, value_enum, default_value = "skip", requires = "jsonl")]
    on_error: OnError,
    #[command(flatten)]
    batch: BatchArgs,
    /// Pages to clean; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
struct BatchArgs {
    /// Worker threads (0: one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    jobs: usize,
    /// Read every file below each directory given, in path order.
    #[arg(short = 'r', long)]
    recursive: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `label<TAB>confidence<TAB>text` (a leading path column with several files).
    Tsv,
    /// One JSON object a paragraph: path, line, label, probabilities, text.
    Jsonl,
}

#[derive(Args)]
struct ClassifyArgs {
    #[command(flatten)]
    model: ModelArg,
    /// The output format.
    #[arg(long, value_enum, default_value = "tsv")]
    format: Format,
    #[command(flatten)]
    batch: BatchArgs,
    /// Pages to classify; none or `-` reads standard input.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Args)]
struct TrainArgs {
    /// Labelled pages (JSON Lines or TSV); give several files after one flag or repeat it.
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    data: Vec<PathBuf>,
    /// Where to write the model (atomically).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Labelled pages to score the new model on after training.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    dev: Vec<PathBuf>,
    /// The Snowball stemmer's language.
    #[arg(long, default_value_t = Language::English)]
    language: Language,
    /// The vocabulary's size cap (most frequent stems first).
    #[arg(long, default_value_t = TfidfConfig::default().max_vocabulary)]
    max_vocabulary: usize,
    /// A stem must occur in at least this many paragraphs.
    #[arg(long, default_value_t = TfidfConfig::default().min_df)]
    min_df: usize,
    /// L2 penalty of the first-pass model.
    #[arg(long, default_value_t = ModelConfig::default().alpha)]
    alpha: f32,
    /// L-BFGS iterations at most for the first-pass model.
    #[arg(long, default_value_t = ModelConfig::default().max_iterations)]
    max_iterations: u64,
    /// 0 keeps the labels' proportions, 1 weighs the labels equally.
    #[arg(long, default_value_t = ModelConfig::default().class_weight_power)]
    class_weight_power: f32,
    /// Cross-validation folds (by page) for the second pass and decoder; 0 or 1: none.
    #[arg(long, default_value_t = SequenceConfig::default().folds)]
    folds: usize,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    model: ModelArg,
    /// Labelled pages (JSON Lines or TSV).
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    data: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => clean(args),
        Command::Classify(args) => classify(args),
        Command::Train(args) => train_command(args).map(|()| true),
        Command::Eval(args) => eval(args).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("declutter: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn clean(args: CleanArgs) -> Result<bool> {
    cli::set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load(args.keep, args.min_confidence)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.jsonl {
        let options = RecordOptions {
            field: args.field,
            with_labels: args.labels,
        };
        return cli::jsonl::run(&args.files, &cleaner, &options, args.on_error, &mut out);
    }
    let inputs = cli::pages::inputs(&args.files, args.batch.recursive);
    cli::pages::run(inputs, &mut out, |_, text, rendered| {
        rendered.write_all(cleaner.clean(text).as_bytes())
    })
}

fn classify(args: ClassifyArgs) -> Result<bool> {
    cli::set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load_default()?;
    let inputs = cli::pages::inputs(&args.files, args.batch.recursive);
    let with_path = inputs.len() > 1;
    let mut out = io::BufWriter::new(io::stdout().lock());
    cli::pages::run(inputs, &mut out, |path, text, out| {
        for c in cleaner.classify(text) {
            match args.format {
                Format::Tsv => {
                    if with_path {
                        write!(out, "{}\t", path.display())?;
                    }
                    writeln!(
                        out,
                        "{}\t{:.3}\t{}",
                        c.label,
                        c.confidence(),
                        c.paragraph.text
                    )?;
                }
                Format::Jsonl => {
                    let [content, boilerplate, related] = c.probabilities;
                    let row = serde_json::json!({
                        "path": path.display().to_string(),
                        "line": c.paragraph.line,
                        "label": c.label,
                        "probabilities": {"content": content, "boilerplate": boilerplate, "related": related},
                        "text": c.paragraph.text,
                    });
                    writeln!(out, "{row}")?;
                }
            }
        }
        Ok(())
    })
}

/// Shows training progress on stderr (hidden when stderr is not a terminal).
/// The finished stages and their durations are kept for the report, so that it
/// shows where the time went.
#[derive(Default)]
struct Bar {
    current: std::sync::Mutex<Option<(ProgressBar, String, Instant)>>,
    finished: std::sync::Mutex<Vec<(String, f64)>>,
}

impl train::Progress for Bar {
    fn stage(&self, name: &str, total: Option<u64>) {
        let bar = match total {
            Some(n) => ProgressBar::new(n).with_style(
                ProgressStyle::with_template("{msg:>20} [{bar:40}] {pos}/{len} ({elapsed})")
                    .expect("valid template")
                    .progress_chars("=> "),
            ),
            None => {
                let bar = ProgressBar::new_spinner();
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            }
        };
        bar.set_message(name.to_string());
        *self.current.lock().expect("progress lock") =
            Some((bar, name.to_string(), Instant::now()));
    }

    fn advance(&self, n: u64) {
        if let Some((bar, _, _)) = self.current.lock().expect("progress lock").as_ref() {
            bar.inc(n);
        }
    }

    fn finish_stage(&self) {
        if let Some((bar, name, started)) = self.current.lock().expect("progress lock").take() {
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            self.finished
                .lock()
                .expect("progress lock")
                .push((name, seconds));
        }
    }
}

fn train_command(args: TrainArgs) -> Result<()> {
    let started = Instant::now();
    let config = TrainConfig {
        featurizer: FeaturizerConfig {
            tfidf: TfidfConfig {
                language: args.language,
                max_vocabulary: args.max_vocabulary,
                min_df: args.min_df,
            },
        },
        model: ModelConfig {
            alpha: args.alpha,
            max_iterations: args.max_iterations,
            class_weight_power: args.class_weight_power,
        },
        sequence: SequenceConfig {
            folds: args.folds,
            ..SequenceConfig::default()
        },
    };
    let corpus = corpus::read_files(&args.data)?;
    let dev = corpus::read_files(&args.dev)?;
    let bar = Bar::default();
    let saved = train::train(&corpus, &config, &bar)?;
    saved.save(&args.out)?;
    let fit = &saved.training.fit;
    // Written, not printed: `println!` panics when standard output is closed.
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "trained on {} pages, {} paragraphs ({} empty pages skipped)",
        corpus.pages.len(),
        corpus.n_paragraphs(),
        corpus.skipped_empty_pages
    )?;
    writeln!(
        out,
        "vocabulary {} stems, {} features; {} distinct rows (content/boilerplate/related {:?}, each weighing {:.2?})",
        saved.featurizer.tfidf().len(),
        saved.featurizer.n_features(),
        fit.distinct_rows,
        fit.distinct_rows_by_label,
        fit.label_weights
    )?;
    if !saved.training.cross_validation.is_empty() {
        writeln!(
            out,
            "{}-fold cross-validation by page (out-of-fold second pass, decoded):",
            args.folds
        )?;
        writeln!(
            out,
            "{:>18}{:>14}{:>12}{:>10}",
            "transition weight", "content bias", "content F1", "macro-F1"
        )?;
        for s in &saved.training.cross_validation {
            writeln!(
                out,
                "{:>18}{:>14}{:>12.3}{:>10.3}",
                s.weight, s.content_bias, s.content_f1, s.macro_f1
            )?;
        }
        if let Some(sequence) = &saved.sequence {
            let d = &sequence.decoder;
            writeln!(
                out,
                "chosen: transition weight {}, content bias {}",
                d.weight, d.content_bias
            )?;
        }
    }
    for (stage, seconds) in bar.finished.lock().expect("progress lock").iter() {
        writeln!(out, "{stage}: {seconds:.1} s")?;
    }
    writeln!(
        out,
        "wrote {} in {:.1} s",
        args.out.display(),
        started.elapsed().as_secs_f64()
    )?;
    if !dev.pages.is_empty() {
        writeln!(out, "\ndev:")?;
        write!(out, "{}", evaluate(&Cleaner::new(saved), &dev))?;
    }
    Ok(())
}

fn eval(args: EvalArgs) -> Result<()> {
    let cleaner = args.model.load_default()?;
    let corpus = corpus::read_files(&args.data)?;
    let evaluation: Evaluation = evaluate(&cleaner, &corpus);
    let mut out = io::stdout().lock();
    if args.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&evaluation.report())?
        )?;
    } else {
        write!(out, "{evaluation}")?;
    }
    Ok(())
}
