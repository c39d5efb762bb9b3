//! The CLI's commands: load the data, do one thing, print it, return the exit
//! status. All text that comes from the data is made inert before printing.

pub mod args;
mod check;
pub mod complete;
mod generate;
mod graph;
mod handout;
pub mod json;
mod man;
mod output;
mod path;
mod search;
mod serve;
mod show;
mod summary;
mod timeline;
mod tours;
mod usage;

use std::io::IsTerminal;

use crate::app::Options;
use crate::app::theme::ThemeName;
use crate::cli::args::{Cli, Command, TourCommand};
use crate::data::load::{self, DataSource, Limits};
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::timeline::{Filter, Scope};

/// True when a command line asks for JSON (`--json`, `--format json`), read
/// from its words: a line clap refuses still gets its error as JSON.
pub fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    let words: Vec<&str> = args.iter().map(|a| a.to_str().unwrap_or_default()).collect();
    words.iter().enumerate().any(|(i, w)| {
        *w == "--json" || *w == "--format=json" || (*w == "--format" && words.get(i + 1) == Some(&"json"))
    })
}

/// Parses the command line; a line clap refuses is said so (as JSON when
/// it asks for JSON) and its status returned. Help and the version are
/// printed by clap, as ever.
pub fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, i32> {
    use clap::Parser as _;
    Cli::try_parse_from(&args).map_err(|e| {
        use clap::error::ErrorKind as Clap;
        let json = asks_for_json(&args);
        if !json
            || matches!(
                e.kind(),
                Clap::DisplayHelp | Clap::DisplayVersion | Clap::DisplayHelpOnMissingArgumentOrSubcommand
            )
        {
            e.exit()
        }
        output::Failure::command_line(&e).report(true)
    })
}

/// True when the command prints JSON (`--json`, `check --format json`): then
/// it fails in JSON too.
pub fn wants_json(command: Option<&Command>) -> bool {
    match command {
        Some(Command::Check { format }) => *format == args::CheckFormat::Json,
        Some(
            Command::Show { json, format, .. }
            | Command::Search { json, format, .. }
            | Command::Timeline { json, format, .. }
            | Command::Path { json, format, .. },
        ) => format.or_json(*json) == args::OutputFormat::Json,
        Some(Command::Tour { action: TourCommand::List { json } }) => *json,
        _ => false,
    }
}

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    // (Not `json`: the commands' own `json` flags are named so below.)
    let as_json = wants_json(cli.command.as_ref());
    if let Some(why) = usage::contradiction(&cli) {
        return output::Failure::usage(why).report(as_json);
    }
    match &cli.command {
        Some(Command::Schema { output }) => {
            output::out(&match output {
                None => load::schema::json(),
                Some(which) => json::output_schema(*which),
            });
            return EXIT_OK;
        }
        Some(Command::Gen { entities, out, seed }) => return generate::generate(*entities, out, *seed),
        Some(Command::Completions { shell }) => return complete::completions(shell),
        Some(Command::Man { out }) => return man::man(out.as_deref()),
        _ => {}
    }
    let source = match &cli.data {
        Some(p) => DataSource::Path(p.clone()),
        None => DataSource::Demo,
    };
    let limits = Limits { max_file_bytes: cli.max_file_mb.saturating_mul(1 << 20) };
    if cli.command.is_none() && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        // The user's choice, else (None) what suits the terminal's background.
        let var = |name: &str| std::env::var(name).ok();
        let chosen = ThemeName::chosen(cli.theme, var("DEALSCOPE_THEME").as_deref(), var("NO_COLOR").as_deref());
        let options = Options {
            theme: chosen.unwrap_or_default(),
            ascii: cli.ascii,
            today: Some(crate::data::date::today()),
            captions: cli.captions,
            keycast: cli.captions,
            as_of: cli.as_of,
            redact: cli.redact,
        };
        let detect = chosen.is_none();
        let extras = crate::runtime::explore::Extras {
            live: cli.data.clone(),
            tour: cli.tour,
            record: cli.record,
            record_cleared: cli.record_cleared,
            fresh: cli.fresh,
            keep_state: cli.keep_state,
        };
        return crate::runtime::explore::run(source, limits, options, detect, !cli.no_mouse, extras);
    }
    // Where a server records is checked before anything else happens.
    if let Some(Command::Serve(args)) = &cli.command
        && let Some(dir) = &args.record
        && let Err(why) = serve::record_dir(dir)
    {
        eprintln!("dealscope: {}", crate::text::sanitize::inert(&why));
        return EXIT_USAGE;
    }
    // A server watches before it loads, so that no edit made meanwhile is missed.
    let mut live = match (&cli.command, &cli.data) {
        (Some(Command::Serve { .. }), Some(p)) => Some(crate::runtime::watch::Live::start(p, limits, cli.redact)),
        _ => None,
    };
    let line = std::sync::Mutex::new(crate::data::progress::Line::stderr_bytes("loading"));
    let progress = |done, total| line.lock().unwrap_or_else(|e| e.into_inner()).show(done, total);
    // A server under live reload keeps what it parsed for the reloads.
    let loaded = match (&live, &source) {
        (Some(Ok(l)), DataSource::Path(p)) => {
            let mut kept = load::Kept::default();
            let loaded = load::load_again_with_progress(p, limits, &mut kept, &[], &progress).map(|(l, _)| l);
            l.prime(kept);
            loaded
        }
        _ => load::load_with_progress(&source, limits, &progress),
    };
    line.lock().unwrap_or_else(|e| e.into_inner()).finish();
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => return output::Failure::new(json::ErrorKind::Path, e.to_string(), None, EXIT_USAGE).report(as_json),
    };
    match cli.command {
        Some(Command::Check { format }) => {
            let status = check::check(&loaded, format, cli.redact);
            // The process ends now: freeing a big dataset piece by piece would only cost time.
            std::mem::forget(loaded);
            status
        }
        command => {
            let shared = match output::usable(loaded) {
                Ok(shared) => shared,
                Err(failure) => return failure.report(as_json),
            };
            let shared = crate::data::redact::view(&shared, !cli.redact);
            // As of a day, every command sees that day's world and nothing
            // else; a person reading along is told (stdout stays the data).
            let shared = crate::data::lens::view(&shared, cli.as_of);
            if let Some(day) = cli.as_of
                && std::io::stderr().is_terminal()
            {
                eprintln!("dealscope: as of {day}: what did not exist yet is left out");
            }
            let ds = &*shared;
            match command {
                Some(Command::Show { id, json, format, headers }) => {
                    show::show(ds, &id, format.or_json(json), output::headers(headers))
                }
                Some(Command::Search { query, kind, limit, json, format }) => {
                    search::search(ds, &query, kind, limit, format.or_json(json))
                }
                Some(Command::Timeline { entity, kind, from, to, json, format, headers }) => {
                    let mut chosen = Vec::new();
                    for id in &entity {
                        match output::resolve(ds, id) {
                            Ok(e) => chosen.push(e),
                            Err(failure) => return failure.report(as_json),
                        }
                    }
                    // As of a day, nothing after it: the earlier of --to and --as-of.
                    let to = match (to, cli.as_of) {
                        (Some(t), Some(a)) => Some(if a.end_day() < t.end_day() { a } else { t }),
                        (t, a) => t.or(a),
                    };
                    let filter = Filter { scope: Scope::of(chosen), categories: kind, from, to };
                    timeline::timeline(ds, &filter, format.or_json(json), output::headers(headers))
                }
                Some(
                    Command::Check { .. }
                    | Command::Gen { .. }
                    | Command::Completions { .. }
                    | Command::Man { .. }
                    | Command::Schema { .. },
                ) => {
                    unreachable!("handled above")
                }
                Some(Command::Path { from, to, max_hops, limit, json, format }) => {
                    let (a, b) = match (output::resolve(ds, &from), output::resolve(ds, &to)) {
                        (Ok(a), Ok(b)) => (a, b),
                        (Err(failure), _) | (_, Err(failure)) => return failure.report(as_json),
                    };
                    path::path(ds, (a, b), usize::from(max_hops), usize::from(limit), format.or_json(json))
                }
                Some(Command::Graph { id, depth, format }) => match output::resolve(ds, &id) {
                    Ok(e) => graph::graph(ds, e, depth, format),
                    Err(failure) => failure.report(false),
                },
                Some(Command::Serve(args)) => serve::run(*args, shared, live.take()),
                Some(Command::Tour { action: TourCommand::List { json } }) => tours::list(ds, json),
                Some(Command::Tour { action: TourCommand::Export { id, out, notes, cleared } }) => {
                    handout::export(&shared, &handout::Handout { id: &id, out: &out, notes, cleared })
                }
                None => {
                    output::out(&summary::summary(ds, cli.data.as_ref()));
                    EXIT_OK
                }
            }
        }
    }
}
