//! `dealscope man`: the manual page, made from the clap definitions, so it
//! says what `--help` says.

use std::path::Path;

use clap::CommandFactory as _;

use crate::cli::args::Cli;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::text::sanitize::inert;

/// Prints dealscope(1) as roff, or with `out` writes a page per command there.
pub(super) fn man(out: Option<&Path>) -> i32 {
    // `help` is clap's, with no page of its own: the pages leave it out.
    let cmd = Cli::command().disable_help_subcommand(true);
    let done = match out {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut page).map(|()| crate::cli::output::out_bytes(&page))
        }
        Some(dir) => std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(cmd, dir)),
    };
    match done {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let to = out.map(|d| format!(" to {}", inert(&d.display().to_string()))).unwrap_or_default();
            eprintln!("dealscope: cannot write the manual page{to}: {e}");
            EXIT_USAGE
        }
    }
}
