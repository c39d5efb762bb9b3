//! The command line and the loader: every command and exit status, `check`
//! on one fixture per rule, the demo data's facts and sources, hostile input,
//! the generator, a fixed-seed fuzz run, the user guide's key table against
//! the keymap (`readme`), every command in the README parsed and the ones
//! that print run (`readme_commands`), YAML the loader must not misread
//! (`yaml`), recovering past a file's YAML error (`recovery`), and `check
//! --format json`, the schema and the pre-commit hooks (`formats`); the
//! schema held to `check` over a corpus (`schema_agrees`), every JSON output
//! held to its schema (`output_schema`), plausibility warnings and hints
//! (`plausible`), free text that names what is confidential, masked and
//! warned of (`freetext`), and twelve mistakes planted in a copy of the
//! demo data, each reported where it stands with its hint and little else
//! (`planted`).

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
#[path = "cli/facts_audit.rs"]
mod facts_audit;
#[path = "cli/files.rs"]
mod files;
#[path = "cli/formats.rs"]
mod formats;
#[path = "cli/freetext.rs"]
mod freetext;
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
#[path = "cli/jsonschema.rs"]
mod jsonschema;
#[path = "cli/output_schema.rs"]
mod output_schema;
#[path = "cli/planted.rs"]
mod planted;
#[path = "cli/plausible.rs"]
mod plausible;
#[path = "cli/readme.rs"]
mod readme;
#[path = "cli/readme_commands.rs"]
mod readme_commands;
#[path = "cli/recovery.rs"]
mod recovery;
#[path = "cli/redaction.rs"]
mod redaction;
#[path = "cli/reload.rs"]
mod reload;
#[path = "cli/schema_agrees.rs"]
mod schema_agrees;
#[path = "cli/scripting.rs"]
mod scripting;
#[path = "cli/tour_list.rs"]
mod tour_list;
#[path = "cli/tour_minutes.rs"]
mod tour_minutes;
#[path = "cli/yaml.rs"]
mod yaml;
