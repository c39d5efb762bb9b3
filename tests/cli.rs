//! The command line and the loader: every command and exit status, `check`
//! on one fixture per rule, the demo data's facts and sources, hostile input,
//! the generator, a fixed-seed fuzz run, the README's key table against the
//! keymap, YAML the loader must not misread (`yaml`), and `check --format
//! json`, the schema and the pre-commit hooks (`formats`).

mod common;
#[path = "../fuzz/engine.rs"]
mod engine;

#[path = "cli/check.rs"]
mod check;
#[path = "cli/commands.rs"]
mod commands;
#[path = "cli/export.rs"]
mod export;
#[path = "cli/facts.rs"]
mod facts;
#[path = "cli/formats.rs"]
mod formats;
#[path = "cli/fuzz.rs"]
mod fuzz;
#[path = "cli/generate.rs"]
mod generate;
#[path = "cli/graph.rs"]
mod graph;
#[path = "cli/handout.rs"]
mod handout;
#[path = "cli/handout_layout.rs"]
mod handout_layout;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/redaction.rs"]
mod redaction;
#[path = "cli/reload.rs"]
mod reload;
#[path = "cli/scripting.rs"]
mod scripting;
#[path = "cli/tour_list.rs"]
mod tour_list;
#[path = "cli/yaml.rs"]
mod yaml;
