//! The command line and the loader: every command and exit status, `check`
//! on one fixture per rule, hostile input, the generator, a fixed-seed fuzz
//! run, and the README's key table against the keymap.

mod common;
#[path = "../fuzz/engine.rs"]
mod engine;

#[path = "cli/check.rs"]
mod check;
#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/fuzz.rs"]
mod fuzz;
#[path = "cli/generate.rs"]
mod generate;
#[path = "cli/graph.rs"]
mod graph;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/scripting.rs"]
mod scripting;
