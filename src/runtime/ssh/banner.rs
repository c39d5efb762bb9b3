//! What the server says when it starts: where it listens, who gets in,
//! and what is on (who may present and how the speaker view is reached,
//! the tour, the grace a presenter who drops has, recording and where,
//! redaction, captions), and what viewers type to connect.

use std::net::SocketAddr;

use super::{KeyList, ServeOptions};

/// What to tell the person who started the server, line by line
/// (`WARNING: ` first on what they must not miss).
pub(super) fn lines(
    addr: SocketAddr,
    opts: &ServeOptions,
    (keys, presenters, cleared): (&KeyList, &KeyList, &KeyList),
    confidential: bool,
) -> Vec<String> {
    let mut out = vec![format!("serving the explorer on {addr}")];
    if !addr.ip().is_loopback() {
        out.push(format!("WARNING: {addr} is reachable from other machines; only trusted keys get in"));
    }
    if opts.open {
        out.push(format!("WARNING: --open lets anyone who can reach {addr} in, with no key or password"));
    } else {
        out.push(format!("{} authorized key(s) from {}", keys.len(), opts.authorized_keys.display()));
    }
    let port = addr.port();
    if opts.present {
        match &opts.presenter_keys {
            Some(path) => {
                out.push(format!(
                    "presenting: a session with one of the {} key(s) in {} presents; every other follows (f toggles)",
                    presenters.len(),
                    path.display()
                ));
                out.push(format!("speaker view: ssh -p {port} notes@HOST with the presenter's key"));
            }
            None => out.push(
                "presenting: the first session to connect presents; every other follows (f toggles); \
                 no speaker view without --presenter-keys"
                    .to_string(),
            ),
        }
        if let Some((id, step)) = &opts.opening {
            out.push(format!("tour: {id}, from step {}", step + 1));
        }
        let grace = opts.grace.as_secs();
        let grace = if grace.is_multiple_of(60) { format!("{} min", grace / 60) } else { format!("{grace} s") };
        out.push(format!(
            "a presenter whose connection drops has {grace} to reconnect with the same key and go on where they were"
        ));
        out.push("captions: followers read what the presenter does (c hides them)".to_string());
    }
    if let Some(dir) = &opts.record {
        let masked = if opts.record_cleared { "with" } else { "without" };
        out.push(format!(
            "recording each presentation into {}, as followers see it, {masked} confidential values",
            dir.display()
        ));
    }
    match (&opts.cleared_keys, confidential) {
        (Some(path), _) => out.push(format!(
            "redaction: {} key(s) in {} see what the data marks confidential; every other session sees it masked",
            cleared.len(),
            path.display()
        )),
        (None, true) => out.push("redaction: every session sees what the data marks confidential masked".into()),
        (None, false) => {}
    }
    out
}

/// What to tell viewers to type: for a wildcard address, this host's name
/// and each of its addresses.
pub(super) fn connect_hints(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let ssh = |host: &str| format!("ssh -p {port} {host}");
    if !addr.ip().is_unspecified() {
        return vec![ssh(&addr.ip().to_string())];
    }
    let mut hints = Vec::new();
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default();
    if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.')) {
        hints.push(ssh(&name));
    }
    let v6 = addr.is_ipv6();
    if let Ok(ifaces) = if_addrs::get_if_addrs() {
        for iface in ifaces.into_iter().filter(|i| !i.is_loopback() && i.ip().is_ipv6() == v6) {
            hints.push(ssh(&iface.ip().to_string()));
        }
    }
    if hints.is_empty() {
        hints.push(ssh("<this-host>"));
    }
    hints
}
