//! The subcommands: each reads its inputs, asks the library, and writes.

use super::args::{ClassifyArgs, CleanArgs, EvalArgs, Format, ModelArg, TrainArgs};
use super::output::{CleanText, JsonlRows, PageFormat, TsvRows};
use super::progress::Bar;
use super::{jsonl, pages, set_jobs};
use anyhow::Result;
use declutter::{
    Block, CleanOptions, Cleaner, FeaturizerConfig, LabelSet, ModelParams, RecordOptions,
    SequenceConfig, TfidfConfig, TrainConfig, evaluate, read_corpora,
};
use std::io::{self, Write};

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

/// `declutter clean`: returns whether every input succeeded.
pub fn clean(args: CleanArgs) -> Result<bool> {
    set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load(args.keep, args.min_confidence)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.jsonl {
        let options = RecordOptions {
            field: args.field,
            with_labels: args.labels,
        };
        return jsonl::run(&args.files, &cleaner, &options, args.on_error, &mut out);
    }
    let inputs = pages::inputs(&args.files, args.batch.recursive);
    write_pages(inputs, &cleaner, &CleanText { cleaner: &cleaner }, &mut out)
}

/// `declutter classify`: returns whether every input succeeded.
pub fn classify(args: ClassifyArgs) -> Result<bool> {
    set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load_default()?;
    let inputs = pages::inputs(&args.files, args.batch.recursive);
    let format: Box<dyn PageFormat> = match args.format {
        Format::Tsv => Box::new(TsvRows {
            with_path: inputs.len() > 1,
        }),
        Format::Jsonl => Box::new(JsonlRows),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_pages(inputs, &cleaner, format.as_ref(), &mut out)
}

fn write_pages(
    inputs: Vec<Result<std::path::PathBuf>>,
    cleaner: &Cleaner,
    format: &dyn PageFormat,
    out: &mut impl Write,
) -> Result<bool> {
    pages::run(inputs, out, |path, text, rendered| {
        format.write_page(path, &cleaner.classify(text), rendered)
    })
}

/// `declutter train`: the settings are checked before any data is read.
pub fn train(args: TrainArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let config = TrainConfig {
        featurizer: FeaturizerConfig {
            tfidf: TfidfConfig {
                language: args.language,
                max_vocabulary: args.max_vocabulary,
                min_df: args.min_df,
            },
        },
        model: ModelParams::default()
            .alpha(args.alpha)
            .max_iterations(args.max_iterations)
            .class_weight_power(args.class_weight_power),
        sequence: SequenceConfig {
            folds: args.folds,
            ..SequenceConfig::default()
        },
    };
    config.check()?;
    let corpus = read_corpora(&args.data)?;
    let dev = read_corpora(&args.dev)?;
    let saved = declutter::train(&corpus, &config, &Bar::default())?;
    saved.save(&args.out)?;
    // Written, not printed: `println!` panics when standard output is closed.
    let mut out = io::stdout().lock();
    write!(out, "{}", saved.training())?;
    let seconds = started.elapsed().as_secs_f64();
    writeln!(out, "wrote {} in {seconds:.1} s", args.out.display())?;
    if !dev.pages.is_empty() {
        let cleaner = Cleaner::new(saved);
        writeln!(out, "\ndev:")?;
        write!(out, "{}", evaluate(|b: &[Block]| cleaner.predict(b), &dev))?;
    }
    Ok(())
}

/// `declutter eval`.
pub fn eval(args: EvalArgs) -> Result<()> {
    let cleaner = args.model.load_default()?;
    let corpus = read_corpora(&args.data)?;
    let evaluation = evaluate(|b: &[Block]| cleaner.predict(b), &corpus);
    let mut out = io::stdout().lock();
    if args.json {
        let report = serde_json::to_string_pretty(&evaluation.report())?;
        writeln!(out, "{report}")?;
    } else {
        write!(out, "{evaluation}")?;
    }
    Ok(())
}
