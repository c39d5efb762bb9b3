//! Flags that parse one by one but contradict each other: a usage error
//! (exit status 2) before any data is read, never an empty or odd answer.

use crate::cli::args::{Cli, Command};

/// Why the command line contradicts itself, if it does.
pub(super) fn contradiction(cli: &Cli) -> Option<String> {
    if let Some(Command::Timeline { from: Some(from), to: Some(to), .. }) = &cli.command
        && to.end_day() < from.start_day()
    {
        return Some(format!(
            "timeline: --from {} is later than --to {}: no item can be in both; swap them",
            from.iso(),
            to.iso()
        ));
    }
    if cli.as_of.is_some()
        && let Some(cmd) = &cli.command
        && !matches!(
            cmd,
            Command::Show { .. }
                | Command::Search { .. }
                | Command::Timeline { .. }
                | Command::Path { .. }
                | Command::Graph { .. }
        )
    {
        return Some(
            "--as-of applies to the explorer, show, search, timeline, path and graph (in serve, each viewer presses @)"
                .to_string(),
        );
    }
    if cli.record.is_some() && cli.command.is_some() {
        return Some(
            "--record records the explorer (no command); to record a meeting, give serve its own --record DIR"
                .to_string(),
        );
    }
    if (cli.fresh || cli.keep_state) && cli.command.is_some() {
        let flag = if cli.fresh { "--fresh" } else { "--keep-state" };
        return Some(format!("{flag} is for the explorer (no command): it is what the explorer keeps between runs"));
    }
    if let Some(Command::Search { limit: 0, .. }) = &cli.command {
        return Some("search: --limit 0 would show nothing, whatever matches; give 1 or more".to_string());
    }
    None
}
