//! The `dealscope` binary: parses the command line and hands over to `cli`.

#[global_allocator]
static ALLOC: dealscope::memory::Allocator = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dealscope::memory::give_back_soon();
    // A shell asking for completions gets them, and nothing else runs.
    dealscope::cli::complete::answer_if_asked();
    let cli = match dealscope::cli::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(status) => return dealscope::exit::code(status),
    };
    dealscope::exit::code(dealscope::cli::run(cli))
}
