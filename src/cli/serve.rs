//! `dealscope serve`: the explorer over SSH, from the command line's flags.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::args::ServeArgs;
use crate::data::model::Dataset;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::runtime::watch::{Live, WatchError};
use crate::text::sanitize::inert;

/// Serves until stopped; returns the exit status.
pub(super) fn run(args: ServeArgs, shared: Arc<Dataset>, live: Option<Result<Live, WatchError>>) -> i32 {
    let ServeArgs {
        listen,
        host_key,
        authorized_keys,
        password_env,
        open,
        present,
        presenter_keys,
        cleared_keys,
        record,
        record_cleared,
        tour,
        max_sessions,
        max_sessions_per_key,
        max_sessions_per_source,
        max_startups,
        max_startups_per_source,
        per_source_penalties,
        penalty_exempt,
        login_grace_time,
        idle_timeout,
        key_rate,
        input_rate,
    } = args;
    if let Some(id) = &tour
        && let Err(e) = crate::data::tour::find(&shared, id)
    {
        eprintln!("dealscope: {e}");
        return EXIT_USAGE;
    }
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
        cleared_keys,
        record,
        record_cleared,
        tour,
        caps: crate::runtime::ssh::Caps {
            startups: max_startups,
            startups_per_source: max_startups_per_source.max(1),
            sessions: max_sessions.max(1),
            sessions_per_key: max_sessions_per_key.max(1),
            sessions_per_source: max_sessions_per_source.max(1),
        },
        penalties: per_source_penalties,
        penalty_exempt: penalty_exempt.unwrap_or_default(),
        login_grace: std::time::Duration::from_secs(login_grace_time),
        idle_timeout,
        key_rate,
        input_rate,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
    match crate::runtime::ssh::serve(Arc::clone(&shared), opts, live) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("dealscope: {}", inert(&e.to_string()));
            EXIT_USAGE
        }
    }
}
