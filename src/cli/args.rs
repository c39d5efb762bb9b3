//! Command-line definitions (clap). Parsing only; `commands` does the work.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use clap_complete::engine::ArgValueCompleter;

use crate::app::theme::ThemeName;
use crate::cli::complete;
use crate::data::date::PartialDate;
use crate::data::model::Kind;
use crate::timeline::Category;

const EXAMPLES: &str = "\
Examples:
  dealscope                          open the explorer on the built-in demo data
  dealscope --data ./my-deals        open it on your own YAML files
  dealscope check --data deals.yaml  validate files and report every problem
  dealscope show huawei              print an entity's card
  dealscope search 华为               fuzzy search across every kind
  dealscope timeline --entity huawei --entity xiaomi --from 2023
  dealscope graph huawei | dot -Tsvg > huawei.svg   draw a neighbourhood
  source <(dealscope completions bash)   complete commands and ids in bash";

/// Explore deals between technology firms: firms, people, chipsets, products,
/// agreements and events, loaded from YAML.
#[derive(Debug, Parser)]
#[command(name = "dealscope", version, after_help = EXAMPLES)]
pub struct Cli {
    /// A YAML file, or a directory searched recursively for *.yaml / *.yml;
    /// the explorer and `serve` reload it live when it changes
    /// [default: the demo dataset built into the binary]
    #[arg(long, global = true, value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// See the data as of a day (YYYY, YYYY-MM or YYYY-MM-DD): what did not
    /// exist yet is left out of every list, count, card, path and timeline,
    /// roles are as held then; what has no date is taken to exist (explorer,
    /// show, search, timeline, path, graph)
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<PartialDate>,

    /// Mask what the data marks `confidential`, in the explorer and every
    /// command's output, text and JSON (for showing data to a room that may
    /// not see all of it)
    #[arg(long, global = true)]
    pub redact: bool,

    /// Largest data file to read, in MiB
    #[arg(long, global = true, value_name = "MIB", default_value_t = 64)]
    pub max_file_mb: u64,

    /// Colour theme of the explorer: dark, light (projectors, light terminals)
    /// or mono [default: DEALSCOPE_THEME, else mono when NO_COLOR is set,
    /// else light or dark to suit the terminal's background (asked with
    /// OSC 11), else dark]
    #[arg(long, value_name = "NAME", value_parser = parse_theme, add = complete::words(&["dark", "light", "mono"]))]
    pub theme: Option<ThemeName>,

    /// Draw borders and markers with plain ASCII instead of box drawing
    #[arg(long)]
    pub ascii: bool,

    /// Record what the explorer shows into this new file, as an asciicast v2
    /// recording (asciinema's format), each tour step a marker; what the data
    /// marks confidential is masked in it unless --record-cleared
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,

    /// Record confidential values as shown, rather than masked
    #[arg(long, requires = "record")]
    pub record_cleared: bool,

    /// Leave the mouse to the terminal (no click or wheel handling)
    #[arg(long)]
    pub no_mouse: bool,

    /// Start presenting this tour of the data (PgDn and PgUp step through it)
    #[arg(long, value_name = "ID", add = ArgValueCompleter::new(complete::tour_ids))]
    pub tour: Option<String>,

    /// Show captions (what was just done, in words) and the keys pressed, for
    /// a demo shared on a video call
    #[arg(long)]
    pub captions: bool,

    /// Start afresh: leave out the marks, history, date lens and place kept
    /// from the last run on this data (they are replaced when you quit)
    #[arg(long)]
    pub fresh: bool,

    /// Keep the explorer's marks, history, lens and place for the built-in
    /// demo data too (with --data they are always kept, in
    /// $XDG_STATE_HOME/dealscope)
    #[arg(long)]
    pub keep_state: bool,

    /// What to do [default: open the interactive explorer]
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How `search`, `show`, `path` and `timeline` print what they find.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// Lines for people (section headers on a terminal).
    #[default]
    Text,
    /// A Markdown table with a header row, for documents and chats.
    #[value(alias = "markdown")]
    Md,
    /// Tab-separated values with a header row, for spreadsheets.
    Tsv,
    /// JSON, as `--json` prints it.
    Json,
}

impl OutputFormat {
    /// This format, or JSON when `--json` was given.
    pub fn or_json(self, json: bool) -> Self {
        if json { OutputFormat::Json } else { self }
    }

    /// The table format it asks for, if it asks for a table.
    pub fn table(self) -> Option<crate::export::Format> {
        match self {
            OutputFormat::Md => Some(crate::export::Format::Markdown),
            OutputFormat::Tsv => Some(crate::export::Format::Tsv),
            OutputFormat::Text | OutputFormat::Json => None,
        }
    }
}

/// How `check` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// `file:line:col: severity: message`, the source line, help and notes.
    Text,
    /// One JSON document: every problem with file, line, column, severity, message and help.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the data and report every problem with file, line and column
    #[command(
        after_help = "Exit status: 0 valid (warnings allowed), 1 the data has errors, 2 wrong usage.\n\nExamples:\n  dealscope check\n  dealscope check --data ./data\n  dealscope check --data ./data --format json"
    )]
    Check {
        /// `text` for people (the default), `json` for editors and scripts
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },

    /// Print the JSON Schema of the data format, for editors that complete and check YAML;
    /// or, with --output, of a command's JSON output
    #[command(
        after_help = "Examples:\n  dealscope schema > dealscope.schema.json\n  then start a data file with:\n  # yaml-language-server: $schema=./dealscope.schema.json\n  dealscope schema --output card > card.schema.json   (what show --json prints)"
    )]
    Schema {
        /// The schema of this command's JSON instead: check, card (show), search, timeline, path or tours (tour list)
        #[arg(long, value_enum, value_name = "NAME")]
        output: Option<crate::cli::json::Output>,
    },

    /// Print one entity's card: fields, sources, and links in and out
    #[command(
        after_help = "Section headers (sources:, → designer:) are printed on a terminal; piped, each row\nsays its section instead (sources: [id] …), one self-contained line per row.\n\nExamples:\n  dealscope show huawei\n  dealscope show huawei | grep '^← agreements:'\n  dealscope show kirin-9000s --json | jq .fields\n  dealscope show huawei --format md >> notes.md"
    )]
    Show {
        /// The entity's id
        #[arg(add = ArgValueCompleter::new(complete::entity_ids))]
        id: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// text; md or tsv: a table with a header row, one line per row;
        /// json: as --json
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: OutputFormat,
        #[command(flatten)]
        headers: Headers,
    },

    /// Fuzzy search names, aliases, ids and tags, best match first
    #[command(
        after_help = "Examples:\n  dealscope search kirin\n  dealscope search 雷军\n  dealscope search cross --kind agreement --limit 5 --json\n  dealscope search kirin --format tsv > chips.tsv"
    )]
    Search {
        /// What to look for
        query: String,
        /// Only this kind (firm, person, chipset, product, agreement, event, source)
        #[arg(long, value_parser = parse_kind, add = complete::words(&Kind::ALL.map(Kind::noun)))]
        kind: Option<Kind>,
        /// At most this many results
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// text; md or tsv: a table with a header row, one line per row;
        /// json: as --json
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: OutputFormat,
    },

    /// How two entities are connected: the shortest few paths, every hop with its date and sources
    #[command(
        after_help = "Only links count (parties, roles, makers, designers, …): tags and citations connect nothing.\nShortest first, then the newest, then the best sourced; paths through different entities are preferred.\nExits 1 when no path is within --max-hops.\n\nExamples:\n  dealscope path huawei smic\n  dealscope path lei-jun alan-fan --limit 3\n  dealscope path huawei qualcomm --max-hops 4 --json\n  dealscope path huawei smic --format md"
    )]
    Path {
        /// The entity to start from (its id)
        #[arg(add = ArgValueCompleter::new(complete::entity_ids))]
        from: String,
        /// The entity to reach (its id)
        #[arg(add = ArgValueCompleter::new(complete::entity_ids))]
        to: String,
        /// Longest path, in hops (1 to 8)
        #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u8).range(1..=8))]
        max_hops: u8,
        /// At most this many paths (1 to 20)
        #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u8).range(1..=20))]
        limit: u8,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// text; md or tsv: a table with a header row, one line per row;
        /// json: as --json
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: OutputFormat,
    },

    /// An entity's neighbourhood as a Graphviz (dot) or Mermaid graph: its neighbours by relation, at depth 1 or 2
    #[command(
        after_help = "The same neighbourhood the explorer draws (v): links only (tags and citations connect nothing),\nat most 8 neighbours per relation and 4 beyond each neighbour, the rest counted as \"+N more\".\nNodes are labelled with names and kinds, edges with the relation seen from the centre's side.\n\nExamples:\n  dealscope graph huawei | dot -Tsvg > huawei.svg\n  dealscope graph kirin-9000s --depth 2\n  dealscope graph xiaomi --format mermaid >> notes.md"
    )]
    Graph {
        /// The entity in the middle (its id)
        #[arg(add = ArgValueCompleter::new(complete::entity_ids))]
        id: String,
        /// 1: its neighbours; 2: their neighbours too
        #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
        depth: u8,
        /// dot (Graphviz) or mermaid (Markdown documents)
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },

    /// Tours of the data: list them, export one as a handout
    Tour {
        #[command(subcommand)]
        action: TourCommand,
    },

    /// Serve the explorer over SSH (and with --web to browsers), for demos in meetings
    #[command(
        after_help = "Viewers connect with: ssh -p 2222 HOST, or open the link --web prints (http://HOST:PORT/#TOKEN) in a browser\nWith --data, every session reloads when the files change.\nThe presenter's speaker view: ssh -p 2222 notes@HOST (needs --presenter-keys); PgDn, PgUp and Space step the tour from it, s lists the steps to jump to.\nA presenter whose connection drops reconnects with the same key within --grace and takes up the same step and place; q while a tour runs asks first.\nSIGTERM, SIGINT or SIGHUP stop the server: every session is told, its terminal restored, then closed.\nEvery limit and what it does: docs/meeting.md (\"Demo in a meeting\").\n\nExamples:\n  dealscope serve\n  dealscope serve --present\n  dealscope serve --present --tour cross-licence --presenter-keys my_key.pub\n  dealscope serve --present --tour cross-licence --step 4 --grace 15\n  dealscope serve --present --tour cross-licence --web 0.0.0.0:8022\n  dealscope serve --listen 0.0.0.0:2222 --authorized-keys team_keys"
    )]
    Serve(Box<ServeArgs>),

    /// Write a large, valid, made-up dataset, for benchmarks and trying the app at scale
    #[command(
        after_help = "The same --entities and --seed always give the same files, byte for byte.\nFiles hold at most 5,000 entities each; --out must be new or empty.\n\nExamples:\n  dealscope gen --entities 100000 --out /tmp/big\n  dealscope --data /tmp/big check"
    )]
    Gen {
        /// How many entities in all (every kind, in fixed shares)
        #[arg(long, value_name = "N")]
        entities: usize,
        /// The directory to write (created; must be new or empty)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seed of the pseudo-random choices
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },

    /// Print every dated fact in time order
    #[command(
        after_help = "Dates are YYYY, YYYY-MM or YYYY-MM-DD; partial dates keep their precision.\nA line heads each year on a terminal; piped, only the items are printed.\n\nExamples:\n  dealscope timeline\n  dealscope timeline --entity huawei --entity xiaomi\n  dealscope timeline --kind agreements --from 2023 --to 2024-06 --json\n  dealscope timeline --entity xiaomi --format tsv > xiaomi.tsv"
    )]
    Timeline {
        /// One entity: its items and those of everything linked to it.
        /// Repeated: only what they share (items concerning at least two of them)
        #[arg(long, value_name = "ID", add = ArgValueCompleter::new(complete::entity_ids))]
        entity: Vec<String>,
        /// Only these kinds of item: events, agreements, launches, roles (repeatable)
        #[arg(long, value_parser = parse_category, add = complete::words(&Category::ALL.map(Category::name)))]
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
        /// text; md or tsv: a table with a header row, one line per row;
        /// json: as --json
        #[arg(long, value_enum, default_value_t, conflicts_with = "json")]
        format: OutputFormat,
        #[command(flatten)]
        headers: Headers,
    },

    /// Print the script that makes a shell complete dealscope's commands,
    /// flags, and the ids of entities and tours in the data
    #[command(
        after_help = "Load it when the shell starts, so that it stays in step with the binary:\n  bash (~/.bashrc):                  source <(dealscope completions bash)\n  zsh (~/.zshrc):                    source <(dealscope completions zsh)\n  fish (~/.config/fish/config.fish): dealscope completions fish | source\nIds are read from the data the line names (--data PATH), else the demo.\n\nExamples:\n  dealscope completions bash\n  DEALSCOPE_COMPLETE=bash dealscope   (the same script)"
    )]
    Completions {
        /// The shell
        #[arg(value_parser = complete::SHELLS)]
        shell: String,
    },

    /// Print the manual page (roff), made from this help
    #[command(
        after_help = "Examples:\n  dealscope man | man -l -\n  dealscope man > ~/.local/share/man/man1/dealscope.1\n  dealscope man --out ./man   (dealscope.1, dealscope-show.1, …)"
    )]
    Man {
        /// Write one page per command into this directory (made if missing)
        /// instead of printing dealscope(1)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

/// Whether text output has section headers: by default only when stdout
/// is a terminal, so that piped output is one self-contained line per row.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Headers {
    /// Print section headers even when stdout is not a terminal
    #[arg(long, overrides_with = "no_headers")]
    headers: bool,
    /// Leave section headers out even on a terminal
    #[arg(long, overrides_with = "headers")]
    no_headers: bool,
}

impl Headers {
    /// What the flags ask for (the last of the two wins), if anything.
    pub fn choice(self) -> Option<bool> {
        (self.headers || self.no_headers).then_some(self.headers)
    }
}

/// `N` minutes, `Nm` minutes or `Ns` seconds; from one second to a week.
fn parse_minutes(s: &str) -> Result<std::time::Duration, String> {
    const WEEK: u64 = 7 * 24 * 3600;
    let (digits, unit) = match s.strip_suffix('s') {
        Some(d) => (d, 1),
        None => (s.strip_suffix('m').unwrap_or(s), 60),
    };
    match digits.parse::<u64>().map(|n| n.checked_mul(unit)) {
        Ok(Some(secs)) if (1..=WEEK).contains(&secs) => Ok(std::time::Duration::from_secs(secs)),
        Ok(_) => Err(format!("`{s}` is not between one second and a week")),
        Err(_) => Err(format!("`{s}` is not a positive number of minutes (or seconds with `s`: `90s`)")),
    }
}

fn parse_theme(s: &str) -> Result<ThemeName, String> {
    ThemeName::parse(s).ok_or_else(|| "expected one of: dark, light, mono".to_string())
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s)
        .ok_or_else(|| "expected one of: firm, person (people), chipset (chip), product (prod), agreement (deal), event, source, singular or plural".to_string())
}

fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| "expected one of: events, agreements, launches, roles".to_string())
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    PartialDate::parse(s).map_err(|e| e.to_string())
}

/// How `dealscope serve` runs: where, who gets in, and every limit.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (a non-loopback address is announced loudly)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:2222")]
    pub listen: std::net::SocketAddr,
    /// Host key file; made (Ed25519, mode 0600) on first run; refused if
    /// others can read it or it has a passphrase
    #[arg(long, value_name = "PATH", default_value = "dealscope_host_key")]
    pub host_key: PathBuf,
    /// Public keys allowed in, with their options (from=, expiry-time=;
    /// command=, no-pty and restrict refuse a key; dealscope-name="Ann" names
    /// it on screens others watch) [default: ~/.ssh/authorized_keys]
    #[arg(long, value_name = "PATH")]
    pub authorized_keys: Option<PathBuf>,
    /// Also accept the password held in this environment variable
    #[arg(long, value_name = "VAR")]
    pub password_env: Option<String>,
    /// Let anyone who can connect in, with no key: for a trusted room only
    #[arg(long)]
    pub open: bool,
    /// Presenter mode: one session presents (the first to connect, or the
    /// first with a key in --presenter-keys), every other one follows it
    #[arg(long)]
    pub present: bool,
    /// Only sessions with these keys may present (authorized_keys format)
    #[arg(long, value_name = "PATH")]
    pub presenter_keys: Option<PathBuf>,
    /// Record each presentation as its followers see it into this directory
    /// (made if missing, checked before anything else), one asciicast v2
    /// file per presentation (dealscope-TIME-N.cast) with the captions, each
    /// tour step a marker; confidential values are masked unless
    /// --record-cleared. Only you may write DIR; recordings are made 0600
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,
    /// Record confidential values as the presenter saw them
    #[arg(long, requires = "record")]
    pub record_cleared: bool,
    /// Sessions with these keys see what the data marks confidential, marked
    /// as such; every other session sees it masked (authorized_keys format)
    #[arg(long, value_name = "PATH")]
    pub cleared_keys: Option<PathBuf>,
    /// With --present: the presentation starts this tour of the data
    #[arg(long, value_name = "ID", requires = "present", add = ArgValueCompleter::new(complete::tour_ids))]
    pub tour: Option<String>,
    /// With --tour: start it at this step (1 is the first), to pick up a
    /// demo mid-way
    #[arg(long, value_name = "N", requires = "tour", value_parser = clap::value_parser!(u16).range(1..))]
    pub step: Option<u16>,
    /// How long a presentation waits for a presenter whose connection
    /// dropped (the same key resumes it at its step and place), before it
    /// ends: minutes, or a number with `s` or `m`
    #[arg(long, value_name = "MIN", default_value = "10", value_parser = parse_minutes)]
    pub grace: std::time::Duration,
    /// Most sessions at once
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub max_sessions: usize,
    /// Most sessions logged in with one key
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_sessions_per_key: usize,
    /// Most sessions from one source address
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub max_sessions_per_source: usize,
    /// Connections still logging in: from START on, refuse a new one with
    /// RATE% chance, rising to every one at FULL (as sshd's MaxStartups)
    #[arg(long, value_name = "START:RATE:FULL", default_value_t = crate::runtime::ssh::MaxStartups::default())]
    pub max_startups: crate::runtime::ssh::MaxStartups,
    /// Most connections still logging in from one source address
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_startups_per_source: usize,
    /// Penalties for failed and abandoned logins, in sshd's PerSourcePenalties
    /// syntax: the time each offence adds to its address's penalty (authfail:
    /// a refused key or password; noauth: left without trying; grace-exceeded),
    /// enforced (new connections turned away) once over min, capped at max,
    /// forgotten when it ends; `no` turns them off
    #[arg(long, value_name = "KEYWORD:TIME ...", default_value_t = crate::runtime::ssh::PenaltyConfig::default())]
    pub per_source_penalties: crate::runtime::ssh::PenaltyConfig,
    /// Addresses and networks never penalised nor turned away by a penalty
    /// (sshd's PerSourcePenaltyExemptList): a meeting room's address, say
    #[arg(long, value_name = "CIDR,...")]
    pub penalty_exempt: Option<crate::runtime::ssh::Exempt>,
    /// Seconds from connecting to a started session (1 to 3600); then the connection is closed
    #[arg(
        long,
        visible_alias = "auth-timeout",
        value_name = "SECS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..=3600)
    )]
    pub login_grace_time: u64,
    /// Time without a key that does something before a session is closed:
    /// minutes, or a number with `s` or `m` (`90s`)
    #[arg(long, value_name = "MIN", default_value = "60", value_parser = parse_minutes)]
    pub idle_timeout: std::time::Duration,
    /// Keys (and clicks) per second per session, with bursts of four times
    /// that; keys past it are dropped
    #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..))]
    pub key_rate: u32,
    /// Pasted bytes per second per session, with bursts of four times that;
    /// a paste past it is cut
    #[arg(long, value_name = "BYTES", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(1..))]
    pub input_rate: u32,
    /// Also serve the web viewer here: a link anyone in the meeting opens in
    /// a browser to follow (a port alone listens on loopback; another
    /// address is announced loudly)
    #[arg(long, value_name = "ADDR", value_parser = parse_web_addr)]
    pub web: Option<std::net::SocketAddr>,
    /// HTTPS for the web viewer: the certificate chain (PEM)
    #[arg(long, value_name = "PATH", requires_all = ["web", "web_key"])]
    pub web_cert: Option<PathBuf>,
    /// HTTPS for the web viewer: the certificate's private key (PEM)
    #[arg(long, value_name = "PATH", requires_all = ["web", "web_cert"])]
    pub web_key: Option<PathBuf>,
    /// The web link's token (22 or more of A-Z a-z 0-9 - _); default: a new
    /// random one each start. The variable keeps it out of `ps`
    #[arg(long, value_name = "TOKEN", env = "DEALSCOPE_WEB_TOKEN", hide_env_values = true, requires = "web")]
    pub web_token: Option<String>,
    /// Where browsers reach the web viewer through a reverse proxy
    /// (https://meet.example.com): the link printed, and the only origin
    /// whose pages may connect
    #[arg(long, value_name = "URL", requires = "web", value_parser = parse_origin)]
    pub web_origin: Option<String>,
    /// Most web viewers at once
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub web_max_viewers: usize,
    /// Most web viewers from one source address (a room behind one address counts once)
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub web_max_viewers_per_source: usize,
}

/// `--web`: an address and port, or a port alone (on loopback).
fn parse_web_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    if let Ok(port) = s.parse::<u16>() {
        return Ok(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
    }
    s.parse().map_err(|_| format!("`{s}` is neither ADDRESS:PORT (127.0.0.1:8022, [::1]:8022) nor a port"))
}

/// `--web-origin`: `http(s)://host[:port]`, nothing after it.
fn parse_origin(s: &str) -> Result<String, String> {
    let s = s.trim_end_matches('/');
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', '@', ' ']) => Ok(s.to_string()),
        _ => Err(format!("`{s}` is not an origin such as https://meet.example.com (no path)")),
    }
}

/// What `dealscope graph` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart, for Markdown documents.
    Mermaid,
}

/// What to do with a tour.
#[derive(Debug, Subcommand)]
pub enum TourCommand {
    /// List the tours of the data: id, steps and title, one a line
    #[command(
        after_help = "Examples:\n  dealscope tour list\n  dealscope tour list --json | jq -r '.[].id'\n  dealscope --tour \"$(dealscope tour list | head -1 | cut -f1)\""
    )]
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write a Markdown handout of a tour: per step its title, caption, a
    /// picture of the screen (SVG), the card shown and its sources
    #[command(
        after_help = "DIR must be new or empty: it gets handout.md and step-01.svg, step-02.svg, ….\nWhat the data marks confidential is masked unless --cleared; speaker notes are left out unless --notes.\n\nExamples:\n  dealscope tour export cross-licence --out handout\n  dealscope tour export cross-licence --out notes-for-me --notes --cleared"
    )]
    Export {
        /// The tour (its id)
        #[arg(add = ArgValueCompleter::new(complete::tour_ids))]
        id: String,
        /// The directory to write into (new or empty)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Put the speaker notes in too
        #[arg(long)]
        notes: bool,
        /// Keep what the data marks confidential (else it is masked)
        #[arg(long)]
        cleared: bool,
    },
}
