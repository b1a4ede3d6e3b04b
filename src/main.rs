use std::process::ExitCode;

use clap::Parser;
use partnerlink::cli::{Cli, Command};

fn main() -> ExitCode {
    limit_malloc_arenas();
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

/// glibc gives each thread that allocates an arena of its own (up to 8 per
/// core) and keeps what was freed there; with HTTP workers and blocking
/// threads that added ~15 MB of peak RSS under load. Two arenas cost nothing
/// measurable in throughput (see BENCHMARKS.md).
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}
