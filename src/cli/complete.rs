//! Shell completion. `dealscope completions SHELL` prints the script a shell
//! loads; on Tab the script runs `DEALSCOPE_COMPLETE=SHELL dealscope -- WORDS…`,
//! which `main` hands to clap_complete's engine before anything else. Commands
//! and flags come from the clap definitions; entity and tour ids from the data
//! the line being completed would load (`--data PATH`, else the demo).

use std::ffi::{OsStr, OsString};

use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use crate::data::load::{self, DataSource, Limits};
use crate::data::model::Dataset;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::text::sanitize::inert;

/// The environment variable that turns a run into a completion request.
pub const VAR: &str = "DEALSCOPE_COMPLETE";

/// The shells completions are made for.
pub const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

/// Answers a completion request and exits, when the environment makes one;
/// returns otherwise. Call it before writing anything to stdout.
pub fn answer_if_asked() {
    clap_complete::CompleteEnv::with_factory(<crate::cli::args::Cli as clap::CommandFactory>::command)
        .var(VAR)
        .complete();
}

/// `dealscope completions SHELL`: the script that registers completion.
pub(super) fn completions(shell: &str) -> i32 {
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(shell) else {
        eprintln!("dealscope: no completions for `{shell}`; expected one of: {}", SHELLS.join(", "));
        return EXIT_USAGE;
    };
    // The script runs this binary by the name it was run by (a path made
    // absolute), as clap_complete's own registration does.
    let mut me = std::path::PathBuf::from(std::env::args_os().next().unwrap_or_else(|| "dealscope".into()));
    if me.components().count() > 1
        && let Ok(dir) = std::env::current_dir()
    {
        me = dir.join(me);
    }
    let mut script = Vec::new();
    match completer.write_registration(VAR, "dealscope", "dealscope", &me.to_string_lossy(), &mut script) {
        Ok(()) => {
            crate::cli::output::out_bytes(&script);
            EXIT_OK
        }
        Err(e) => {
            eprintln!("dealscope: cannot write the {shell} script: {e}");
            EXIT_USAGE
        }
    }
}

/// Completes a flag's value from fixed words (those of a custom parser,
/// which clap cannot list itself).
pub fn words(words: &[&'static str]) -> ArgValueCandidates {
    let words = words.to_vec();
    ArgValueCandidates::new(move || words.iter().map(CompletionCandidate::new).collect::<Vec<_>>())
}

/// The ids of entities that start with `current`, each with its name.
pub fn entity_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(ds) = data_on_the_line() else { return Vec::new() };
    candidates(current, ds.entities().iter().map(|e| (e.id.as_str(), e.name.as_str())))
}

/// The ids of tours that start with `current`, each with its title.
pub fn tour_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(ds) = data_on_the_line() else { return Vec::new() };
    candidates(current, ds.tours().iter().map(|t| (t.id.as_str(), t.title.as_str())))
}

/// The ids that start with `current`, in id order, each with its name (made
/// inert: zsh and fish show it beside the id).
fn candidates<'a>(current: &OsStr, all: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<CompletionCandidate> {
    let prefix = current.to_string_lossy();
    let mut matching: Vec<(&str, &str)> = all.filter(|(id, _)| id.starts_with(prefix.as_ref())).collect();
    matching.sort_unstable();
    matching
        .into_iter()
        .map(|(id, name)| CompletionCandidate::new(id).help(Some(inert(name).into_owned().into())))
        .collect()
}

/// The data the command line being completed names, loaded quietly; none
/// when it cannot be loaded or is invalid (then nothing is offered).
fn data_on_the_line() -> Option<Dataset> {
    // The engine is run as `dealscope -- dealscope WORDS…`: the line's words follow `--`.
    let words: Vec<OsString> = std::env::args_os().skip_while(|a| a != "--").skip(1).collect();
    let source = match option(&words, "--data") {
        Some(path) => DataSource::Path(home(path, std::env::var_os("HOME")).into()),
        None => DataSource::Demo,
    };
    let limits = option(&words, "--max-file-mb")
        .and_then(|m| m.to_str()?.parse::<u64>().ok())
        .map_or_else(Limits::default, |mb| Limits { max_file_bytes: mb.saturating_mul(1 << 20) });
    let ds = load::load(&source, limits).ok()?.dataset?;
    // With `--redact` on the line, what a room may see: the ids and names redacted.
    let redact = words.iter().any(|w| w == "--redact");
    Some(if redact && ds.entities().iter().any(|e| e.confidential.any()) {
        crate::data::redact::redact(&ds)
    } else {
        ds
    })
}

/// The value of the last `--name VALUE` or `--name=VALUE` among `words`.
fn option(words: &[OsString], name: &str) -> Option<OsString> {
    let mut found = None;
    for (i, w) in words.iter().enumerate() {
        let w = w.to_string_lossy();
        if w == name {
            found = words.get(i + 1).cloned();
        } else if let Some(v) = w.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
            found = Some(v.into());
        }
    }
    found
}

/// `~/…` as the shell would expand it (the words reach us as typed).
fn home(path: OsString, home: Option<OsString>) -> OsString {
    match (path.to_str().and_then(|p| p.strip_prefix("~/")), home) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest).into_os_string(),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    #[test]
    fn the_last_data_option_counts_in_either_form() {
        assert_eq!(option(&words("dealscope show --data a.yaml hua"), "--data"), Some("a.yaml".into()));
        assert_eq!(option(&words("dealscope --data=a --data=b show"), "--data"), Some("b".into()));
        assert_eq!(option(&words("dealscope show hua"), "--data"), None);
        assert_eq!(option(&words("dealscope --database x"), "--data"), None);
    }

    #[test]
    fn a_tilde_is_the_home_directory() {
        let h = Some(OsString::from("/home/ana"));
        assert_eq!(home("~/d.yaml".into(), h.clone()), OsString::from("/home/ana/d.yaml"));
        assert_eq!(home("d.yaml".into(), h), OsString::from("d.yaml"));
        assert_eq!(home("~/d.yaml".into(), None), OsString::from("~/d.yaml"));
    }
}
