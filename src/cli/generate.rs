//! `dealscope gen`: a made-up dataset of any size.

use crate::cli::output::out_line;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::text::sanitize::inert;

/// `dealscope gen`: writes the files, with a progress line when stderr is a terminal.
pub(super) fn generate(entities: usize, out: &std::path::Path, seed: u64) -> i32 {
    if entities == 0 {
        eprintln!("dealscope: --entities must be at least 1");
        return EXIT_USAGE;
    }
    let mut line = crate::data::progress::Line::stderr("generating");
    let written = crate::data::generate::generate(entities, out, seed, &mut |done, total| line.show(done, total));
    line.finish();
    match written {
        Ok(files) => {
            out_line(&format!("wrote {entities} entities in {} files to {}", files.len(), out.display()));
            EXIT_OK
        }
        Err(e) => {
            eprintln!("dealscope: {}", inert(&e.to_string()));
            EXIT_USAGE
        }
    }
}
