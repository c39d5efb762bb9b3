//! The `dealscope` binary: parses the command line and hands over to `cli`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    // A shell asking for completions gets them, and nothing else runs.
    dealscope::cli::complete::answer_if_asked();
    let cli = dealscope::cli::args::Cli::parse();
    dealscope::exit::code(dealscope::cli::run(cli))
}
