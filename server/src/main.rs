//! The `lab2field` binary: parse the command line, set up logging, run.

use clap::Parser;
use server::cli::{self, Cli};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::memory::tune_allocator();
    let cli = Cli::parse();
    server::telemetry::init(cli.settings.log_format);
    match cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
