//! The Rust side of the per-call figure in python/README.md: the cost of one
//! `Cleaner::clean` call on a small page, in process, without Python. The
//! page is the one that `bench_clean_many.py` times through the bindings.
//!
//! ```sh
//! cargo run --release -p declutter-python --example clean_small
//! ```

use declutter::{Cleaner, DEFAULT_MODEL, Page, SavedModel};
use std::hint::black_box;
use std::time::Instant;

/// The small page: three lines, as `bench_clean_many.py` has it.
const SMALL: &str =
    "Home\nThe minister spoke on Friday about the war, officials said.\nShare on Facebook\n";

/// The best of ten rounds of `calls` calls of `f` (after one untimed
/// round), in microseconds a call.
fn micros_per_call(calls: u32, mut f: impl FnMut() -> usize) -> f64 {
    for _ in 0..calls {
        black_box(f());
    }
    (0..10)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..calls {
                black_box(f());
            }
            started.elapsed().as_secs_f64() * 1e6 / f64::from(calls)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() -> Result<(), declutter::Error> {
    let started = Instant::now();
    let text = SavedModel::from_bytes(DEFAULT_MODEL, "embedded default model")?;
    black_box(Cleaner::from_model(text));
    let load = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let cleaner = Cleaner::new()?;
    let both = started.elapsed().as_secs_f64() * 1e3;
    let clean = |page: &str| {
        cleaner
            .clean(Page::text(black_box(page)))
            .map_or(0, |t| t.len())
    };
    let small = micros_per_call(20_000, || clean(SMALL));
    let empty = micros_per_call(200_000, || clean(""));
    println!("rust: load text model {load:.1} ms, both models {both:.1} ms");
    println!("rust: clean(3-line page) {small:.2} us/call, clean(\"\") {empty:.3} us/call");
    Ok(())
}
