//! `dealscope serve`: the explorer over SSH, from the command line's flags.

use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::args::ServeArgs;
use crate::data::model::Dataset;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::runtime::watch::{Live, WatchError};
use crate::text::sanitize::inert;

/// Makes the directory `--record` writes into (as 0700), or says why it
/// cannot be used: called before anything else happens, so that a typo is
/// told at once and not after the first presentation.
pub(super) fn record_dir(dir: &std::path::Path) -> Result<(), String> {
    use std::os::unix::fs::DirBuilderExt as _;
    let fail = |e: std::io::Error| format!("--record {}: cannot record there: {e}", dir.display());
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(fail)?;
    if !std::fs::metadata(dir).map_err(fail)?.is_dir() {
        return Err(format!("--record {}: not a directory", dir.display()));
    }
    // Writable: a file can be made there (and is removed at once).
    let probe = dir.join(format!(".dealscope-probe-{}", std::process::id()));
    std::fs::File::options().write(true).create_new(true).open(&probe).map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)
}

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
        step,
        grace,
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
        web,
        web_cert,
        web_key,
        web_token,
        web_origin,
        web_max_viewers,
        web_max_viewers_per_source,
    } = args;
    let opening = match tour.as_deref().map(|id| crate::data::tour::find(&shared, id)) {
        None => None,
        Some(Err(e)) => {
            eprintln!("dealscope: {e}");
            return EXIT_USAGE;
        }
        Some(Ok(t)) => {
            let n = usize::from(step.unwrap_or(1));
            if n > t.steps.len() {
                eprintln!("dealscope: --step {n}: the tour `{}` has {} steps", inert(&t.id), t.steps.len());
                return EXIT_USAGE;
            }
            Some((t.id.clone(), n - 1))
        }
    };
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
        opening,
        grace,
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
        web: web.map(|listen| crate::runtime::web::WebOptions {
            listen,
            tls: web_cert.zip(web_key),
            token: web_token,
            origin: web_origin,
            max_viewers: web_max_viewers,
            max_viewers_per_source: web_max_viewers_per_source,
        }),
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
