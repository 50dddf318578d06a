//! The vectorization hot loop and whole-page classification, on the example
//! page as text (`examples/page.txt`) and as HTML (`examples/page.html`),
//! through the library's public verbs.
//!
//! Run with `cargo bench`; throughput is in bytes of page text per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use declutter::{Block, Cleaner, DEFAULT_MODEL, Page, ReadPage, SavedModel, words};
use std::hint::black_box;

const PAGE: &str = include_str!("../examples/page.txt");
const HTML: &[u8] = include_bytes!("../examples/page.html");

fn benches(c: &mut Criterion) {
    let cleaner = Cleaner::new().expect("the embedded models load");
    let saved = SavedModel::from_bytes(DEFAULT_MODEL, "default").expect("loads");
    let featurizer = saved.featurizer().clone();
    let first_pass_only = Cleaner::from_model(saved.first_pass_only());
    let blocks: Vec<Block> = cleaner
        .extract(Page::text(PAGE))
        .expect("a text page reads")
        .blocks
        .into_iter()
        .map(|c| c.block)
        .collect();
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
    group.bench_function("featurize into rows (TF-IDF + dense groups)", |b| {
        b.iter(|| featurizer.transform(black_box(&blocks)))
    });
    group.bench_function("classify blocks, first pass only", |b| {
        b.iter(|| first_pass_only.classify(ReadPage::from_blocks(black_box(blocks.clone()))))
    });
    group.bench_function("classify blocks", |b| {
        b.iter(|| cleaner.classify(ReadPage::from_blocks(black_box(blocks.clone()))))
    });
    group.bench_function("extract text page", |b| {
        b.iter(|| cleaner.extract(Page::text(black_box(PAGE))))
    });
    group.finish();
    let mut group = c.benchmark_group("html page");
    group.throughput(Throughput::Bytes(HTML.len() as u64));
    group.bench_function("extract HTML page", |b| {
        b.iter(|| {
            cleaner
                .extract(Page::html(black_box(HTML)))
                .map(|d| d.blocks.len())
        })
    });
    group.finish();
    c.bench_function("load the embedded models", |b| {
        b.iter(|| Cleaner::new().unwrap())
    });
}

criterion_group!(vectorize, benches);
criterion_main!(vectorize);
