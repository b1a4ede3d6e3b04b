use std::process::ExitCode;

use clap::Parser;
use partnerlink::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    partnerlink::telemetry::init();
    match partnerlink::run(cli.command.unwrap_or(Command::Serve)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
