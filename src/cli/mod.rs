//! The CLI's commands: load the data, do one thing, print it, return the exit
//! status. All text that comes from the data is made inert before printing.

pub mod args;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use std::sync::Arc;

use crate::app::Options;
use crate::app::theme::ThemeName;
use crate::cli::args::{Cli, Command};
use crate::data::card::Card;
use crate::data::load::{self, DataSource, Limits, Loaded};
use crate::data::model::{Dataset, EntityId, Kind};
use crate::data::suggest;
use crate::exit::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};
use crate::search::{Searcher, field_text};
use crate::text::sanitize::{inert, inert_multiline};
use crate::timeline::{Filter, Scope, Timeline};

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> i32 {
    if let Some(Command::Gen { entities, out, seed }) = &cli.command {
        return generate(*entities, out, *seed);
    }
    let source = match &cli.data {
        Some(p) => DataSource::Path(p.clone()),
        None => DataSource::Demo,
    };
    let limits = Limits { max_file_bytes: cli.max_file_mb.saturating_mul(1 << 20) };
    if cli.command.is_none() && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        let theme = cli.theme.unwrap_or_else(|| {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            if no_color { ThemeName::Mono } else { ThemeName::Dark }
        });
        let options = Options { theme, ascii: cli.ascii, today: Some(crate::data::date::today()) };
        return crate::runtime::explore::run(source, limits, options, !cli.no_mouse, cli.data.clone());
    }
    // A server watches before it loads, so that no edit made meanwhile is missed.
    let mut live = match (&cli.command, &cli.data) {
        (Some(Command::Serve { .. }), Some(p)) => Some(crate::runtime::watch::Live::start(p, limits)),
        _ => None,
    };
    let line = std::sync::Mutex::new(crate::data::progress::Line::stderr_bytes("loading"));
    let loaded = load::load_with_progress(&source, limits, &|done, total| {
        line.lock().unwrap_or_else(|e| e.into_inner()).show(done, total);
    });
    line.lock().unwrap_or_else(|e| e.into_inner()).finish();
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            eprintln!("dealscope: {}", inert(&e.to_string()));
            return EXIT_USAGE;
        }
    };
    match cli.command {
        Some(Command::Check) => {
            let status = check(&loaded);
            // The process ends now: freeing a big dataset piece by piece would only cost time.
            std::mem::forget(loaded);
            status
        }
        command => {
            let Some(shared) = usable(loaded) else {
                return EXIT_INVALID;
            };
            let ds = &*shared;
            match command {
                Some(Command::Show { id, json }) => show(ds, &id, json),
                Some(Command::Search { query, kind, limit, json }) => search(ds, &query, kind, limit, json),
                Some(Command::Timeline { entity, kind, from, to, json }) => {
                    let mut chosen = Vec::new();
                    for id in &entity {
                        match resolve(ds, id) {
                            Ok(e) => chosen.push(e),
                            Err(code) => return code,
                        }
                    }
                    let filter = Filter { scope: Scope::of(chosen), categories: kind, from, to };
                    timeline(ds, &filter, json)
                }
                Some(Command::Check | Command::Gen { .. }) => unreachable!("handled above"),
                Some(Command::Serve {
                    listen,
                    host_key,
                    authorized_keys,
                    password_env,
                    open,
                    present,
                    presenter_keys,
                    max_sessions,
                    max_sessions_per_key,
                    max_sessions_per_source,
                    max_startups,
                    max_startups_per_source,
                    login_grace_time,
                    idle_timeout,
                    input_rate,
                }) => {
                    let password = match password_env.map(|v| (std::env::var(&v), v)) {
                        None => None,
                        Some((Ok(p), _)) if !p.is_empty() => Some(p),
                        Some((_, v)) => {
                            eprintln!("dealscope: --password-env {v}: that variable is not set or empty");
                            return EXIT_USAGE;
                        }
                    };
                    let authorized_keys = authorized_keys.unwrap_or_else(|| {
                        let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
                        home.join(".ssh/authorized_keys")
                    });
                    let opts = crate::runtime::ssh::ServeOptions {
                        listen,
                        host_key,
                        authorized_keys,
                        open,
                        password,
                        present,
                        presenter_keys,
                        caps: crate::runtime::ssh::Caps {
                            startups: max_startups,
                            startups_per_source: max_startups_per_source.max(1),
                            sessions: max_sessions.max(1),
                            sessions_per_key: max_sessions_per_key.max(1),
                            sessions_per_source: max_sessions_per_source.max(1),
                        },
                        login_grace: std::time::Duration::from_secs(login_grace_time.max(1)),
                        idle_timeout,
                        input_rate: input_rate.max(64),
                    };
                    let _ = tracing_subscriber::fmt()
                        .with_writer(std::io::stderr)
                        .with_ansi(std::io::stderr().is_terminal())
                        .with_target(false)
                        .try_init();
                    match crate::runtime::ssh::serve(Arc::clone(&shared), opts, live.take()) {
                        Ok(()) => EXIT_OK,
                        Err(e) => {
                            eprintln!("dealscope: {}", inert(&e.to_string()));
                            EXIT_USAGE
                        }
                    }
                }
                None => {
                    out(&summary(ds, cli.data.as_ref()));
                    EXIT_OK
                }
            }
        }
    }
}

/// `dealscope gen`: writes the files, with a progress line when stderr is a terminal.
fn generate(entities: usize, out: &std::path::Path, seed: u64) -> i32 {
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

fn out_line(text: &str) {
    out(&format!("{text}\n"));
}

/// Writes to stdout, quietly stopping when the reader has gone (`| head`).
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush());
}

/// The dataset, or the report on stderr when the data is invalid.
fn usable(loaded: Loaded) -> Option<Arc<Dataset>> {
    if loaded.dataset.is_none() {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}", loaded.report.render());
        let _ = writeln!(
            err,
            "dealscope: the data has {}; run `dealscope check` for the full report",
            loaded.report.counts()
        );
    }
    loaded.dataset.map(Arc::new)
}

/// A one-line count of a dataset: "19 firms, 18 people, …".
pub fn counts(ds: &Dataset) -> String {
    Kind::ALL
        .iter()
        .map(|&k| match ds.of_kind(k).len() {
            1 => format!("1 {}", k.noun()),
            n => format!("{n} {}", k.title().to_lowercase()),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn check(loaded: &Loaded) -> i32 {
    let report = &loaded.report;
    let mut text = report.render();
    match &loaded.dataset {
        Some(ds) => {
            text.push_str(&format!(
                "ok: {} file{}, {} entities ({}), {} links; {}\n",
                ds.files().len(),
                if ds.files().len() == 1 { "" } else { "s" },
                ds.len(),
                counts(ds),
                ds.links().len(),
                report.counts()
            ));
            out(&text);
            EXIT_OK
        }
        None => {
            text.push_str(&format!(
                "invalid: {} in {} file{}\n",
                report.counts(),
                report.files.len(),
                if report.files.len() == 1 { "" } else { "s" }
            ));
            out(&text);
            EXIT_INVALID
        }
    }
}

/// Finds an entity by id, or prints suggestions and returns the usage status.
fn resolve(ds: &Dataset, id: &str) -> Result<EntityId, i32> {
    ds.lookup(id).ok_or_else(|| {
        let all: Vec<&str> = ds.entities().iter().map(|e| e.id.as_str()).collect();
        let near = suggest::nearest(id, all, 3);
        let help = suggest::did_you_mean(&near).map(|h| format!(" ({h})")).unwrap_or_default();
        eprintln!("dealscope: no entity has the id `{}`{help}; try `dealscope search {}`", inert(id), inert(id));
        EXIT_USAGE
    })
}

/// JSON text with every character that could act on a terminal escaped.
pub fn json_safe(value: &impl serde::Serialize) -> String {
    let raw = serde_json::to_string_pretty(value).expect("plain data serializes");
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c != '\n' && crate::text::sanitize::is_unsafe(c) {
            // Inside JSON strings these can only be string content: escape them.
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

fn show(ds: &Dataset, id: &str, json: bool) -> i32 {
    let target = match resolve(ds, id) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let card = Card::of(ds, target);
    if json {
        out(&json_safe(&card));
    } else {
        out(&card_text(&card));
    }
    EXIT_OK
}

/// The card as plain text for the terminal.
pub fn card_text(card: &Card) -> String {
    let mut s = String::new();
    let mut line = |l: String| {
        s.push_str(&l);
        s.push('\n');
    };
    line(format!("{} ({}, id {})", inert(&card.name), card.kind.noun(), inert(&card.id)));
    if !card.aliases.is_empty() {
        line(format!("  aliases: {}", inert(&card.aliases.join(", "))));
    }
    for (k, v) in &card.fields {
        line(format!("  {k}: {}", inert(v)));
    }
    if !card.tags.is_empty() {
        line(format!("  tags: {}", inert(&card.tags.join(", "))));
    }
    if let Some(summary) = &card.summary {
        line(String::new());
        for l in inert_multiline(summary).lines() {
            line(format!("  {l}"));
        }
    }
    let mut section = |title: &str, rows: &[(String, String)]| {
        if !rows.is_empty() {
            line(String::new());
            line(format!("{title}:"));
            for (k, v) in rows {
                line(format!("  {}: {}", inert(k), inert(v)));
            }
        }
    };
    section("specs", &card.specs);
    section("statements", &card.statements);
    section("extra", &card.extra);
    if !card.sources.is_empty() {
        line(String::new());
        line("sources:".into());
        for src in &card.sources {
            let meta: Vec<String> =
                [&src.publisher, &src.date].into_iter().flatten().map(|x| inert(x).into_owned()).collect();
            let meta = if meta.is_empty() { String::new() } else { format!(" ({})", meta.join(", ")) };
            line(format!("  [{}] {}{meta}", inert(&src.id), inert(&src.title)));
            if let Some(url) = &src.url {
                line(format!("      {}", inert(url)));
            }
        }
    }
    for g in &card.links {
        line(String::new());
        line(format!("{} {}:", if g.incoming { "←" } else { "→" }, g.relation));
        for i in &g.items {
            let note = i.note.as_ref().map(|n| format!(" — {}", inert(n))).unwrap_or_default();
            line(format!("  {} [{}] {}{note}", i.kind.badge(), inert(&i.id), inert(&i.name)));
        }
    }
    s
}

#[derive(serde::Serialize)]
struct HitJson<'a> {
    id: &'a str,
    kind: Kind,
    name: &'a str,
    score: i64,
    matched: &'a str,
    #[serde(flatten)]
    field: crate::search::Field,
}

fn search(ds: &Dataset, query: &str, kind: Option<Kind>, limit: usize, json: bool) -> i32 {
    let hits = Searcher::new(ds).search(ds, query, kind, limit);
    if json {
        let rows: Vec<HitJson> = hits
            .iter()
            .map(|h| {
                let e = ds.get(h.id);
                HitJson {
                    id: &e.id,
                    kind: e.kind(),
                    name: &e.name,
                    score: h.score,
                    matched: field_text(ds, h.id, h.field),
                    field: h.field,
                }
            })
            .collect();
        out(&json_safe(&rows));
        return EXIT_OK;
    }
    if hits.is_empty() {
        eprintln!("no match for `{}`", inert(query));
        return EXIT_OK;
    }
    let mut s = String::new();
    for h in &hits {
        let e = ds.get(h.id);
        let via = match h.field {
            crate::search::Field::Name => String::new(),
            f => format!("  (matched {})", inert(field_text(ds, h.id, f))),
        };
        s.push_str(&format!("{:<5} {:<28} {}{via}\n", e.kind().badge(), inert(&e.id), inert(&e.name)));
    }
    out(&s);
    EXIT_OK
}

#[derive(serde::Serialize)]
struct ItemJson<'a> {
    date: String,
    precision: crate::data::date::Precision,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    kind: crate::timeline::ItemKind,
    category: crate::timeline::Category,
    title: &'a str,
    subject: &'a str,
    entities: Vec<&'a str>,
}

fn timeline(ds: &Dataset, filter: &Filter, json: bool) -> i32 {
    let tl = Timeline::build(ds);
    let picked = tl.select(ds, filter);
    if json {
        let rows: Vec<ItemJson> = picked
            .iter()
            .map(|&i| {
                let it = &tl.items()[i];
                ItemJson {
                    date: it.date.to_string(),
                    precision: it.date.precision(),
                    end: it.end.map(|d| d.to_string()),
                    kind: it.kind,
                    category: it.kind.category(),
                    title: &it.title,
                    subject: &ds.get(it.subject).id,
                    entities: it.entities.iter().map(|&e| ds.get(e).id.as_str()).collect(),
                }
            })
            .collect();
        out(&json_safe(&rows));
        return EXIT_OK;
    }
    let mut s = String::new();
    let mut year = None;
    for &i in &picked {
        let it = &tl.items()[i];
        if year != Some(it.date.year_part()) {
            year = Some(it.date.year_part());
            s.push_str(&format!("── {} ──\n", it.date.year_part()));
        }
        let end = it.end.map(|e| format!(" → {e}")).unwrap_or_default();
        s.push_str(&format!("{:<10}{end} {:<8} {}\n", it.date.to_string(), it.kind.badge(), inert(&it.title)));
    }
    if picked.is_empty() {
        eprintln!("no dated items match");
    }
    out(&s);
    EXIT_OK
}

fn summary(ds: &Dataset, data: Option<&PathBuf>) -> String {
    let from = data.map(|p| p.display().to_string()).unwrap_or_else(|| "the built-in demo data".into());
    let mut s = format!("{}\n", inert(ds.title()));
    if let Some(d) = &ds.info().description {
        s.push_str(&format!("{}\n", inert(d)));
    }
    s.push_str(&format!("\n{} entities from {from}: {}\n", ds.len(), counts(ds)));
    if !std::io::stdout().is_terminal() {
        s.push_str("\n(the interactive explorer needs a terminal)\n");
    }
    s.push_str("\nTry:\n  dealscope show huawei\n  dealscope search kirin\n  dealscope timeline --entity xiaomi\n  dealscope check --data PATH\n  dealscope --help\n");
    s
}
