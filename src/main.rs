//! The `declutter` command: a thin layer over the library. It parses
//! arguments and dispatches to a subcommand (`cli::commands`); every decision
//! lives in the `declutter` crate.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use std::io;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => cli::commands::clean(args),
        Command::Classify(args) => cli::commands::classify(args),
        Command::Train(args) => cli::commands::train(args).map(|()| true),
        Command::Eval(args) => cli::commands::eval(args).map(|()| true),
        Command::Cv(args) => cli::commands::cv(args).map(|()| true),
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

/// Whether the error is a closed standard output (`declutter clean | head`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}
