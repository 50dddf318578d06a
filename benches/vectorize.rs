//! The vectorization hot loop and whole-page classification, on the example page.
//!
//! Run with `cargo bench`; throughput is in bytes of page text per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use declutter::model_file::SavedModel;
use declutter::tokenize::{Language, Tokenizer, words};
use declutter::{Cleaner, cleaner::DEFAULT_MODEL, page};
use std::hint::black_box;

const PAGE: &str = include_str!("../examples/page.txt");

fn benches(c: &mut Criterion) {
    let cleaner = Cleaner::default_model().expect("the embedded model loads");
    let mut first_pass_only = SavedModel::from_bytes(DEFAULT_MODEL, "default").expect("loads");
    first_pass_only.sequence = None;
    let first_pass_only = Cleaner::new(first_pass_only);
    let paragraphs: Vec<&str> = page::split(PAGE).iter().map(|p| p.text).collect();
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
            for p in &paragraphs {
                tokenizer.for_each_stem(black_box(p), &mut buffer, |s| n += s.len());
            }
            n
        })
    });
    group.bench_function("TF-IDF transform (token cache)", |b| {
        let tfidf = cleaner.featurizer().tfidf();
        let mut row = Vec::new();
        b.iter(|| {
            let mut n = 0usize;
            for p in &paragraphs {
                tfidf.transform_into(black_box(p), &mut row);
                n += row.len();
            }
            n
        })
    });
    group.bench_function("featurize (TF-IDF + shape)", |b| {
        b.iter(|| cleaner.featurizer().transform(black_box(&paragraphs)))
    });
    group.bench_function("classify page, first pass only", |b| {
        b.iter(|| first_pass_only.classify(black_box(PAGE)))
    });
    group.bench_function("classify page", |b| {
        b.iter(|| cleaner.classify(black_box(PAGE)))
    });
    group.finish();
    c.bench_function("load embedded model", |b| {
        b.iter(|| Cleaner::default_model().unwrap())
    });
}

criterion_group!(vectorize, benches);
criterion_main!(vectorize);
