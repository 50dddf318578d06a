//! The vectorization hot loop and whole-page classification, on the example
//! page as text (`examples/page.txt`) and as HTML (`examples/page.html`).
//!
//! Run with `cargo bench`; throughput is in bytes of page text per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use declutter::{Cleaner, DEFAULT_MODEL, Language, SavedModel, Tokenizer, read_text, words};
use std::hint::black_box;

const PAGE: &str = include_str!("../examples/page.txt");
const HTML: &[u8] = include_bytes!("../examples/page.html");

fn benches(c: &mut Criterion) {
    let cleaner = Cleaner::default_model().expect("the embedded model loads");
    let saved = SavedModel::from_bytes(DEFAULT_MODEL, "default").expect("loads");
    let featurizer = saved.featurizer().clone();
    let first_pass_only = Cleaner::new(saved.first_pass_only());
    let blocks = read_text(PAGE);
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_ref()).collect();
    let tokenizer = Tokenizer::new(Language::English);
    let mut group = c.benchmark_group("page");
    group.throughput(Throughput::Bytes(PAGE.len() as u64));
    group.bench_function("baseline: count words", |b| {
        b.iter(|| {
            black_box(PAGE)
                .lines()
                .map(|l| words(l).count())
                .sum::<usize>()
        })
    });
    group.bench_function("tokenize + stem", |b| {
        let mut buffer = String::new();
        b.iter(|| {
            let mut n = 0usize;
            for p in &texts {
                tokenizer.for_each_stem(black_box(p), &mut buffer, |s| n += s.len());
            }
            n
        })
    });
    group.bench_function(
        "featurize parts (TF-IDF + shape + page, token cache)",
        |b| b.iter(|| featurizer.parts(black_box(&blocks))),
    );
    group.bench_function("featurize into rows (the training path)", |b| {
        b.iter(|| featurizer.transform(black_box(&blocks)))
    });
    group.bench_function("classify page, first pass only", |b| {
        b.iter(|| first_pass_only.classify(black_box(PAGE)))
    });
    group.bench_function("classify page", |b| {
        b.iter(|| cleaner.classify(black_box(PAGE)))
    });
    group.finish();
    let html_cleaner = Cleaner::default_html_model().expect("the embedded HTML model loads");
    let mut group = c.benchmark_group("html page");
    group.throughput(Throughput::Bytes(HTML.len() as u64));
    group.bench_function("read HTML into blocks", |b| {
        b.iter(|| declutter::read_html(black_box(HTML)).map(|p| p.blocks.len()))
    });
    group.bench_function("classify HTML page", |b| {
        b.iter(|| {
            html_cleaner
                .classify_html(black_box(HTML))
                .map(|p| p.blocks.len())
        })
    });
    group.finish();
    c.bench_function("load embedded model", |b| {
        b.iter(|| Cleaner::default_model().unwrap())
    });
}

criterion_group!(vectorize, benches);
criterion_main!(vectorize);
