//! The `dealscope` binary: parses the command line and hands over to `cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = dealscope::cli::args::Cli::parse();
    dealscope::exit::code(dealscope::cli::run(cli))
}
