//! The subcommands: each reads its inputs, asks the library, and writes.

use super::args::{
    ClassifyArgs, CleanArgs, CleanFormat, CvArgs, EvalArgs, Format, ModelArg, TrainArgs,
    TrainSettings,
};
use super::output::{Cleaned, EvalReport, JsonlRows, PageFormat, TsvRows};
use super::pages::InputKind;
use super::progress::Bar;
use super::{jsonl, pages, set_jobs, warc};
use anyhow::{Context, Result};
use declutter::train::{
    Corpus, FeaturizerConfig, ModelParams, Scoring, SequenceConfig, StructureEvaluation,
    StructureScore, TfidfConfig, TrainConfig, attach_html, cross_validate_with, evaluate,
    evaluate_pages, read_corpora, read_expected,
};
use declutter::{
    CleanOptions, Cleaner, DEFAULT_HTML_MODEL, DEFAULT_MODEL, JsonOptions, LabelSet,
    MarkdownOptions, RecordOptions, SavedModel,
};
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Mutex;

impl ModelArg {
    /// The cleaner of `--model` (one model for every page), else of the
    /// default models (text and HTML), with the mode and, where given, the
    /// labels to keep.
    fn load(&self, keep: LabelSet, min_confidence: Option<f32>) -> Result<Cleaner> {
        let cleaner = match &self.model {
            Some(path) => Cleaner::from_path(path)?,
            None => Cleaner::new()?,
        };
        Ok(cleaner.with_options(self.options(keep, min_confidence))?)
    }

    /// The cleaner that scores labelled pages: `--model`, else the default
    /// HTML model for pages read from HTML and the text model otherwise.
    fn load_for_eval(&self, html: bool) -> Result<Cleaner> {
        let cleaner = match (&self.model, html) {
            (Some(path), _) => Cleaner::from_path(path)?,
            (None, true) => Cleaner::from_model(SavedModel::from_bytes(
                DEFAULT_HTML_MODEL,
                "embedded default HTML model",
            )?),
            (None, false) => Cleaner::from_model(SavedModel::from_bytes(
                DEFAULT_MODEL,
                "embedded default model",
            )?),
        };
        let options = self.options(CleanOptions::default().keep, None);
        Ok(cleaner.with_options(options)?)
    }

    fn options(&self, keep: LabelSet, min_confidence: Option<f32>) -> CleanOptions {
        CleanOptions {
            keep,
            mode: self.mode,
            min_confidence,
            language: self.language,
            page_type: self.page_type,
        }
    }
}

/// `declutter clean`: returns whether every input succeeded.
pub fn clean(args: CleanArgs) -> Result<bool> {
    set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load(args.keep, args.min_confidence)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let format = args.output_format();
    if args.warc {
        return warc::run(&args.files, &cleaner, &format, &mut out);
    }
    if args.jsonl {
        let options = RecordOptions {
            field: args.field,
            with_labels: args.labels,
            html: args.batch.input == InputKind::Html,
            format,
        };
        return jsonl::run(&args.files, &cleaner, &options, args.on_error, &mut out);
    }
    let inputs = pages::inputs(&args.files, args.batch.recursive);
    write_pages(
        inputs,
        args.batch.input,
        &cleaner,
        &Cleaned(format),
        &mut out,
    )
}

impl CleanArgs {
    /// The library's format of `--format` and the options that go with it.
    fn output_format(&self) -> declutter::Format {
        let markdown = MarkdownOptions {
            links: self.links,
            images: self.images,
        };
        match self.format {
            CleanFormat::Text => declutter::Format::Text,
            CleanFormat::Markdown => declutter::Format::Markdown(markdown),
            CleanFormat::Json => declutter::Format::Json(JsonOptions {
                markdown: self.with_markdown.then_some(markdown),
                blocks: self.blocks,
            }),
        }
    }
}

/// `declutter classify`: returns whether every input succeeded.
pub fn classify(args: ClassifyArgs) -> Result<bool> {
    set_jobs(args.batch.jobs)?;
    let cleaner = args.model.load(CleanOptions::default().keep, None)?;
    let inputs = pages::inputs(&args.files, args.batch.recursive);
    let format: Box<dyn PageFormat> = match args.format {
        Format::Tsv => Box::new(TsvRows {
            with_path: inputs.len() > 1,
        }),
        Format::Jsonl => Box::new(JsonlRows),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    write_pages(
        inputs,
        args.batch.input,
        &cleaner,
        format.as_ref(),
        &mut out,
    )
}

fn write_pages(
    inputs: Vec<Result<std::path::PathBuf>>,
    kind: InputKind,
    cleaner: &Cleaner,
    format: &dyn PageFormat,
    out: &mut impl Write,
) -> Result<bool> {
    pages::run(inputs, kind, out, |path, page, rendered| {
        let doc = cleaner
            .extract(page.page())
            .with_context(|| format!("{}: skipped", path.display()))?;
        format.write_page(path, &doc, rendered)?;
        Ok(())
    })
}

/// `declutter train`: the settings are checked before any data is read.
pub fn train(args: TrainArgs) -> Result<()> {
    let started = std::time::Instant::now();
    let config = args.settings.config(args.html_dir.is_some());
    config.check()?;
    let corpus = read_labelled(&args.data, args.html_dir.as_deref())?;
    let valid = read_labelled(&args.valid.valid, args.valid.valid_html_dir.as_deref())?;
    let dev = read_labelled(&args.dev, args.dev_html_dir.as_deref())?;
    let valid = (!valid.pages.is_empty()).then_some(&valid);
    let saved = declutter::train::fit(&corpus, valid, &config, &Bar::default())?;
    saved.save(&args.out)?;
    // Written, not printed: `println!` panics when standard output is closed.
    let mut out = io::stdout().lock();
    write!(out, "{}", saved.training())?;
    let seconds = started.elapsed().as_secs_f64();
    writeln!(out, "wrote {} in {seconds:.1} s", args.out.display())?;
    if !dev.pages.is_empty() {
        let cleaner = Cleaner::from_model(saved);
        writeln!(out, "\ndev:")?;
        write!(
            out,
            "{}",
            evaluate(|page| cleaner.classify(page.read()).into(), &dev)
        )?;
    }
    Ok(())
}

/// `declutter cv`: the pipeline trained and scored fold by fold, site by site.
pub fn cv(args: CvArgs) -> Result<()> {
    let config = args.settings.config(args.html_dir.is_some());
    config.check()?;
    let corpus = read_labelled(&args.data, args.html_dir.as_deref())?;
    let valid = read_labelled(&args.valid.valid, args.valid.valid_html_dir.as_deref())?;
    let valid = (!valid.pages.is_empty()).then_some(&valid);
    let scoring = Scoring {
        without_urls: args.without_urls,
    };
    let progress = Bar::default();
    let (pages, folds) =
        cross_validate_with(&corpus, &config, args.cv_folds, valid, scoring, &progress)?;
    let report = EvalReport::new(&corpus, &pages, true, args.pages).with_folds(&pages, &folds);
    report.write(&mut io::stdout().lock(), args.json)
}

impl TrainSettings {
    /// The training settings these arguments give, for pages read from
    /// HTML (`markup`) or as text.
    fn config(&self, markup: bool) -> TrainConfig {
        TrainConfig {
            featurizer: FeaturizerConfig {
                tfidf: TfidfConfig {
                    language: self.language,
                    max_vocabulary: self.max_vocabulary,
                    min_df: self.min_df,
                },
                markup,
                page_types: true,
            },
            model: ModelParams::default()
                .alpha(self.alpha)
                .max_iterations(self.max_iterations)
                .class_weight_power(self.class_weight_power),
            sequence: SequenceConfig {
                folds: self.folds,
                ..SequenceConfig::default()
            },
            unknown_words_share: self.unknown_words_share,
            synthetic_sections_share: self.synthetic_sections_share,
            page_type_thresholds: (self.page_type_thresholds)
                .unwrap_or(TrainConfig::default().page_type_thresholds),
        }
    }
}

/// `declutter eval`.
pub fn eval(args: EvalArgs) -> Result<()> {
    let cleaner = args.model.load_for_eval(args.html_dir.is_some())?;
    let corpus = read_labelled(&args.data, args.html_dir.as_deref())?;
    // With --scramble the pages are made up and nothing is grouped.
    let corpus = match args.scramble {
        true => corpus.scrambled(),
        false => corpus,
    };
    let gold = args.meta.as_deref().map(declutter::train::read_gold_facts);
    let gold = gold.transpose()?;
    let found = Mutex::new(HashMap::new());
    let structure = Mutex::new(StructureEvaluation::default());
    // Each page is scored once; the report adds the pages up.
    let pages = evaluate_pages(
        |page| {
            let doc = cleaner.classify(page.read());
            if gold.is_some() {
                let facts = (doc.facts.clone(), doc.page_type.map(|(t, _)| t));
                let mut found = found.lock().unwrap_or_else(|e| e.into_inner());
                found.insert(page.id.clone(), facts);
            }
            if let Some(dir) = &args.expected_dir {
                score_structure(dir, &page.id, &doc, &structure);
            }
            doc.into()
        },
        &corpus,
    );
    let mut report = EvalReport::new(&corpus, &pages, !args.scramble, args.pages);
    if let Some(gold) = &gold {
        let found = found.into_inner().unwrap_or_else(|e| e.into_inner());
        let facts = declutter::train::FactsEvaluation::of(&corpus, &found, gold);
        report = report.with_facts(facts);
    }
    if args.expected_dir.is_some() {
        report = report.with_structure(structure.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    report.write(&mut io::stdout().lock(), args.json)
}

/// Adds the structure the page's Markdown keeps of its expected article in
/// `dir`, if it has one (one that cannot be read is reported and passed).
fn score_structure(
    dir: &std::path::Path,
    id: &str,
    doc: &declutter::Document,
    structure: &Mutex<StructureEvaluation>,
) {
    match read_expected(dir, id) {
        Ok(None) => {}
        Ok(Some(expected)) => {
            let score = StructureScore::of(&expected, &doc.markdown(MarkdownOptions::default()));
            structure
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .add(&score);
        }
        Err(e) => eprintln!("declutter: warning: page {id}: {e}; its structure is not scored"),
    }
}

/// Reads labelled pages and, with an HTML folder, each page from its HTML
/// (the alignment report goes to standard error).
fn read_labelled(
    files: &[std::path::PathBuf],
    html_dir: Option<&std::path::Path>,
) -> Result<Corpus> {
    let mut corpus = read_corpora(files)?;
    if let Some(dir) = html_dir {
        eprint!("{}", attach_html(&mut corpus, dir));
    }
    Ok(corpus)
}
