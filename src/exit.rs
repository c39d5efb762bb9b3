//! The process's exit statuses, for the commands and the runtimes alike
//! (a leaf, so neither imports the other for them). A signal ends the
//! explorer with 128 + its number, as shells report it.

/// Success.
pub const EXIT_OK: i32 = 0;
/// The data has errors (or the app stopped on an internal error), or a
/// search or a path query found nothing (as grep does).
pub const EXIT_INVALID: i32 = 1;
/// The command was used wrongly, or its input could not be read.
pub const EXIT_USAGE: i32 = 2;

/// The `ExitCode` for a status (anything outside 0–255 is a failure, 1).
pub fn code(status: i32) -> std::process::ExitCode {
    std::process::ExitCode::from(u8::try_from(status).unwrap_or(1))
}
