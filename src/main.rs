use std::process::ExitCode;

use clap::Parser;
use partnerlink::cli::{Cli, Command};

fn main() -> ExitCode {
    tune_malloc();
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
///
/// glibc also raises its mmap threshold (up to 32 MiB) the first time a
/// mapped block is freed, after which a password check's 19 MiB came from
/// the heap and stayed resident for good. A fixed threshold turns the
/// dynamic one off: blocks of 1 MiB and more are always mapped, and unmapped
/// when freed.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any
    // other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}
