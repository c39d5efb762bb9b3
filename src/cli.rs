//! Command-line definitions (clap). Parsing only; `commands` does the work.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::date::PartialDate;
use crate::model::Kind;
use crate::theme::ThemeName;
use crate::timeline::Category;

const EXAMPLES: &str = "\
Examples:
  dealscope                          open the explorer on the built-in demo data
  dealscope --data ./my-deals        open it on your own YAML files
  dealscope check --data deals.yaml  validate files and report every problem
  dealscope show huawei              print an entity's card
  dealscope search 华为               fuzzy search across every kind
  dealscope timeline --entity huawei --entity xiaomi --from 2023";

/// Explore deals between technology firms: firms, people, chipsets, products,
/// agreements and events, loaded from YAML.
#[derive(Debug, Parser)]
#[command(name = "dealscope", version, after_help = EXAMPLES)]
pub struct Cli {
    /// A YAML file, or a directory searched recursively for *.yaml / *.yml
    /// [default: the demo dataset built into the binary]
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// Largest data file to read, in MiB
    #[arg(long, global = true, value_name = "MIB", default_value_t = 64)]
    pub max_file_mb: u64,

    /// Colour theme of the explorer: dark, light (projectors, light terminals)
    /// or mono [default: dark, or mono when NO_COLOR is set]
    #[arg(long, value_name = "NAME", value_parser = parse_theme)]
    pub theme: Option<ThemeName>,

    /// Draw borders and markers with plain ASCII instead of box drawing
    #[arg(long)]
    pub ascii: bool,

    /// Leave the mouse to the terminal (no click or wheel handling)
    #[arg(long)]
    pub no_mouse: bool,

    /// What to do [default: open the interactive explorer]
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data and report every problem with file, line and column
    #[command(
        after_help = "Exit status: 0 valid (warnings allowed), 1 the data has errors, 2 wrong usage.\n\nExamples:\n  dealscope check\n  dealscope check --data ./data"
    )]
    Check,

    /// Print one entity's card: fields, sources, and links in and out
    #[command(after_help = "Examples:\n  dealscope show huawei\n  dealscope show kirin-9000s --json")]
    Show {
        /// The entity's id
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },

    /// Fuzzy search names, aliases, ids and tags, best match first
    #[command(
        after_help = "Examples:\n  dealscope search kirin\n  dealscope search 雷军\n  dealscope search cross --kind agreement --limit 5 --json"
    )]
    Search {
        /// What to look for
        query: String,
        /// Only this kind (firm, person, chipset, product, agreement, event, source)
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },

    /// Print every dated fact in time order
    #[command(
        after_help = "Dates are YYYY, YYYY-MM or YYYY-MM-DD; partial dates keep their precision.\n\nExamples:\n  dealscope timeline\n  dealscope timeline --entity huawei --entity xiaomi\n  dealscope timeline --kind agreements --from 2023 --to 2024-06 --json"
    )]
    Timeline {
        /// One entity: its items and those of everything linked to it.
        /// Repeated: only what they share (items concerning at least two of them)
        #[arg(long, value_name = "ID")]
        entity: Vec<String>,
        /// Only these kinds of item: events, agreements, launches, roles (repeatable)
        #[arg(long, value_parser = parse_category)]
        kind: Vec<Category>,
        /// Only items that end on or after this date
        #[arg(long, value_parser = parse_date)]
        from: Option<PartialDate>,
        /// Only items that start on or before this date
        #[arg(long, value_parser = parse_date)]
        to: Option<PartialDate>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

fn parse_theme(s: &str) -> Result<ThemeName, String> {
    ThemeName::parse(s).ok_or_else(|| "expected one of: dark, light, mono".to_string())
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s)
        .ok_or_else(|| "expected one of: firm, person, chipset, product, agreement, event, source".to_string())
}

fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| "expected one of: events, agreements, launches, roles".to_string())
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}
