//! The `dealscope` binary: parses the command line and hands over to `commands`.

use clap::Parser;

fn main() {
    let cli = dealscope::cli::args::Cli::parse();
    std::process::exit(dealscope::cli::run(cli));
}
