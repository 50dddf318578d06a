//! The Rust side of the per-call figure in python/README.md: the cost of one
//! `Cleaner::clean` call on a small page, in process, without Python. The
//! page is the one that `bench_clean_many.py` times through the bindings.
//!
//! ```sh
//! cargo run --release -p declutter-python --example clean_small
//! ```

use declutter::Cleaner;
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
    let cleaner = Cleaner::default_model()?;
    let load = started.elapsed().as_secs_f64() * 1e3;
    let _html = Cleaner::default_html_model()?;
    let both = started.elapsed().as_secs_f64() * 1e3;
    let small = micros_per_call(20_000, || cleaner.clean(black_box(SMALL)).len());
    let empty = micros_per_call(200_000, || cleaner.clean(black_box("")).len());
    println!("rust: load text model {load:.1} ms, both models {both:.1} ms");
    println!("rust: clean(3-line page) {small:.2} us/call, clean(\"\") {empty:.3} us/call");
    Ok(())
}
