//! authorized_keys files (`--authorized-keys`, `--presenter-keys`,
//! `--cleared-keys`) with the options OpenSSH gives them, read at start and
//! again whenever they change, each checked as StrictModes checks it.
//!
//! Each key line of an authorized_keys file may start with options. The key
//! itself is parsed by `ssh-key` (russh's own key crate). The options are
//! split here, because `ssh-key`'s splitter cuts at the first space, also
//! inside a quoted value such as `command="rsync --server"`. What the options
//! mean follows OpenSSH's `sshd(8)`, AUTHORIZED_KEYS FILE FORMAT:
//!
//! - `from="pattern-list"` and `expiry-time="YYYYMMDD[HHMM[SS]][Z]"` are
//!   honoured: the key works only from a matching address and before that time
//!   (local time unless it ends in `Z`). Names in `from=` are matched against
//!   the client's address text, as OpenSSH does with `UseDNS no`.
//! - `command=`, `no-pty` and `restrict` (without a later `pty`) refuse the
//!   key: this server offers nothing but the interactive explorer, which a
//!   forced command would replace and the others forbid. So do
//!   `cert-authority` (no certificates are served) and `verify-required`
//!   (a FIDO key's verification flag is not checked here).
//! - Options about forwarding, the environment, tunnels or user rc files
//!   restrict things this server never offers, and so change nothing.
//! - `dealscope-name="Ann"` is this server's own: the name the roster and
//!   the presenter's join and leave notices give the key's sessions (else
//!   its comment's part before `@`). A file that sshd reads too must not
//!   carry it: sshd refuses a line with an option it does not know.
//! - An unknown option, a malformed value or a key that does not parse makes
//!   the line unusable, as in OpenSSH: it is skipped with a warning naming
//!   its line, and the rest of the file still counts.

use std::net::IpAddr;

use russh::keys::ssh_key::PublicKey;

/// One usable line of an authorized_keys file.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    /// The key.
    pub key: PublicKey,
    /// Its line in the file (1-based), for logs.
    pub line: usize,
    /// `from=`: the addresses it may log in from.
    pub from: Option<Vec<AddrPattern>>,
    /// `expiry-time=`: when it stops working.
    pub expires: Option<jiff::Timestamp>,
    /// `dealscope-name=`: how the audience's screens name it.
    pub name: Option<String>,
}

impl AuthorizedKey {
    /// How screens others watch name this key's sessions: the line's
    /// `dealscope-name=`, else its comment's part before `@` (a login, not
    /// a host name); none when both are empty.
    pub fn shown_name(&self) -> Option<String> {
        let comment: &str = self.key.comment().as_ref();
        let login = comment.trim().split('@').next().unwrap_or_default().trim();
        let name = self.name.as_deref().unwrap_or(login);
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// A line whose key is known but which this server refuses, and why.
#[derive(Debug, Clone)]
pub struct RefusedKey {
    /// The key.
    pub key: PublicKey,
    /// Its line in the file (1-based).
    pub line: usize,
    /// Why it is refused (the option).
    pub why: String,
}

/// What an authorized_keys file allows.
#[derive(Debug, Clone, Default)]
pub struct KeyList {
    /// Lines whose key may log in (subject to `from=` and `expiry-time=`).
    pub allowed: Vec<AuthorizedKey>,
    /// Lines whose options refuse their key here.
    pub refused: Vec<RefusedKey>,
    /// Lines skipped: `(line, why)`.
    pub skipped: Vec<(usize, String)>,
}

/// Why a known key may not log in now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyDenied {
    /// No line holds this key.
    Unknown,
    /// Every line with it refuses it, or does not allow this address or time;
    /// the reason of the first such line.
    Refused(String),
}

impl KeyList {
    /// Parses the text of an authorized_keys file.
    pub fn parse(text: &str) -> Self {
        let mut list = Self::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            match parse_line(trimmed, line) {
                Ok(Line::Allowed(k)) => list.allowed.push(k),
                Ok(Line::Refused(k)) => list.refused.push(k),
                Err(why) => list.skipped.push((line, why)),
            }
        }
        list
    }

    /// Whether a usable line holds `key` (whatever its `from=` and `expiry-time=`).
    pub fn knows(&self, key: &PublicKey) -> bool {
        self.allowed.iter().any(|k| k.key.key_data() == key.key_data())
    }

    /// The line that lets `key` in from `addr` at `now`, or why none does.
    pub fn admit(&self, key: &PublicKey, addr: IpAddr, now: jiff::Timestamp) -> Result<&AuthorizedKey, KeyDenied> {
        let mut denied = None;
        for k in self.allowed.iter().filter(|k| k.key.key_data() == key.key_data()) {
            match k.check(addr, now) {
                Ok(()) => return Ok(k),
                Err(why) => {
                    denied.get_or_insert(why);
                }
            }
        }
        if let Some(r) = self.refused.iter().find(|k| k.key.key_data() == key.key_data()) {
            denied.get_or_insert(format!("line {}: {}", r.line, r.why));
        }
        Err(denied.map_or(KeyDenied::Unknown, KeyDenied::Refused))
    }

    /// How many keys may log in (before address and time checks).
    pub fn len(&self) -> usize {
        self.allowed.len()
    }

    /// True when no key may log in.
    pub fn is_empty(&self) -> bool {
        self.allowed.is_empty()
    }
}

impl AuthorizedKey {
    fn check(&self, addr: IpAddr, now: jiff::Timestamp) -> Result<(), String> {
        if let Some(at) = self.expires
            && now >= at
        {
            return Err(format!("line {}: the key expired at {at}", self.line));
        }
        if let Some(patterns) = &self.from
            && !addr_allowed(patterns, addr)
        {
            return Err(format!("line {}: {addr} is not in its from= list", self.line));
        }
        Ok(())
    }
}

enum Line {
    Allowed(AuthorizedKey),
    Refused(RefusedKey),
}

fn parse_line(line: &str, number: usize) -> Result<Line, String> {
    // A line is either a key, or options then a key (OpenSSH tries the key first).
    let (options, key) = match PublicKey::from_openssh(line) {
        Ok(key) => ("", key),
        Err(_) => {
            let (options, rest) = split_options(line).ok_or("neither a public key nor options and a key")?;
            let key = PublicKey::from_openssh(rest.trim_start())
                .map_err(|e| format!("the key after the options does not parse ({e})"))?;
            (options, key)
        }
    };
    let mut from = None;
    let mut expires = None;
    let mut shown = None;
    let mut pty = true;
    let mut refusal: Option<String> = None;
    for opt in split_commas(options)? {
        let (name, value) = match opt.split_once('=') {
            Some((n, v)) => (n.to_ascii_lowercase(), Some(unquote(v)?)),
            None => (opt.to_ascii_lowercase(), None),
        };
        match (name.as_str(), value) {
            ("from", Some(v)) => from = Some(parse_patterns(&v)?),
            ("expiry-time", Some(v)) => expires = Some(parse_expiry(&v)?),
            ("dealscope-name", Some(v)) if !v.trim().is_empty() => shown = Some(v.trim().to_string()),
            ("command", Some(_)) => {
                refusal.get_or_insert("command= forces a command instead of the explorer".into());
            }
            ("restrict", None) => pty = false,
            ("pty", None) => pty = true,
            ("no-pty", None) => pty = false,
            ("cert-authority", None) => {
                refusal.get_or_insert("cert-authority: certificates are not served here".into());
            }
            ("verify-required", None) => {
                refusal.get_or_insert("verify-required: a security key's verification is not checked here".into());
            }
            (
                "no-port-forwarding"
                | "port-forwarding"
                | "no-agent-forwarding"
                | "agent-forwarding"
                | "no-x11-forwarding"
                | "x11-forwarding"
                | "no-user-rc"
                | "user-rc"
                | "no-touch-required",
                None,
            )
            | ("environment" | "permitopen" | "permitlisten" | "principals" | "tunnel", Some(_)) => {}
            (name, _) => return Err(format!("unknown or malformed option `{}`", name.escape_debug())),
        }
    }
    if !pty {
        refusal.get_or_insert("no-pty or restrict forbids the terminal the explorer needs".into());
    }
    Ok(match refusal {
        Some(why) => Line::Refused(RefusedKey { key, line: number, why }),
        None => Line::Allowed(AuthorizedKey { key, line: number, from, expires, name: shown }),
    })
}

/// Byte offsets of the characters of `text` that stand outside double
/// quotes, as OpenSSH reads them: `\"` inside quotes is a quote, not an end.
fn unquoted(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quoted = false;
    let mut escaped = false;
    text.char_indices().filter(move |&(_, c)| {
        if escaped {
            escaped = false;
            return false;
        }
        match c {
            '\\' if quoted => {
                escaped = true;
                false
            }
            '"' => {
                quoted = !quoted;
                false
            }
            _ => !quoted,
        }
    })
}

/// True when every quote opened in `text` is closed.
fn quotes_closed(text: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            _ => {}
        }
    }
    !quoted
}

/// Splits `options key…` at the first blank outside quotes.
fn split_options(line: &str) -> Option<(&str, &str)> {
    let (i, _) = unquoted(line).find(|&(_, c)| c == ' ' || c == '\t')?;
    Some((&line[..i], &line[i..]))
}

/// Splits options at commas outside quotes.
fn split_commas(options: &str) -> Result<Vec<&str>, String> {
    if options.is_empty() {
        return Ok(Vec::new());
    }
    if !quotes_closed(options) {
        return Err("an option's quote is not closed".into());
    }
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in unquoted(options).filter(|&(_, c)| c == ',') {
        out.push(&options[start..i]);
        start = i + 1;
    }
    out.push(&options[start..]);
    if out.iter().any(|o| o.is_empty()) {
        return Err("an empty option (two commas in a row)".into());
    }
    Ok(out)
}

/// The text of a quoted option value, with `\"` unescaped.
fn unquote(value: &str) -> Result<String, String> {
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .ok_or_else(|| format!("option value {} is not in double quotes", value.escape_debug()))?;
    Ok(inner.replace("\\\"", "\""))
}

/// One entry of a `from=` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrPattern {
    /// `!pattern`: a match refuses.
    negated: bool,
    what: AddrMatch,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum AddrMatch {
    /// `10.0.0.0/8`, `2001:db8::/32`.
    Net(ipnet::IpNet),
    /// `10.0.0.*`, `127.0.0.1`, `host.example`: wildcards `*` and `?`.
    Glob(String),
}

fn parse_patterns(list: &str) -> Result<Vec<AddrPattern>, String> {
    list.split(',')
        .map(|p| {
            let (negated, p) = match p.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, p),
            };
            if p.is_empty() {
                return Err("an empty pattern in from=".to_string());
            }
            let what = if p.contains('/') {
                AddrMatch::Net(
                    p.parse().map_err(|_| format!("from=: `{}` is not an address/length", p.escape_debug()))?,
                )
            } else {
                AddrMatch::Glob(p.to_ascii_lowercase())
            };
            Ok(AddrPattern { negated, what })
        })
        .collect()
}

/// OpenSSH's rule: a negated match refuses at once, else any match allows.
fn addr_allowed(patterns: &[AddrPattern], addr: IpAddr) -> bool {
    let addr = match addr {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
        v4 => v4,
    };
    let text = addr.to_string();
    let mut found = false;
    for p in patterns {
        let hit = match &p.what {
            AddrMatch::Net(net) => net.contains(&addr),
            AddrMatch::Glob(glob) => glob_match(glob.as_bytes(), text.as_bytes()),
        };
        if hit && p.negated {
            return false;
        }
        found |= hit;
    }
    found
}

/// `*` (any run) and `?` (any one byte), as OpenSSH's `match_pattern`.
fn glob_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// `YYYYMMDD[HHMM[SS]]`, local time, or UTC with a final `Z`.
fn parse_expiry(value: &str) -> Result<jiff::Timestamp, String> {
    let bad = || format!("expiry-time=\"{}\" is not YYYYMMDD[HHMM[SS]][Z]", value.escape_debug());
    let (digits, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (value, false),
    };
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).map_or(Ok(0), |s| s.parse::<i16>().map_err(|_| bad()));
    let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hour, minute, second) = (num(8..10)?, num(10..12)?, num(12..14)?);
    let small = |n: i16| i8::try_from(n).map_err(|_| bad());
    let civil =
        jiff::civil::DateTime::new(year, small(month)?, small(day)?, small(hour)?, small(minute)?, small(second)?, 0)
            .map_err(|_| bad())?;
    let zone = if utc { jiff::tz::TimeZone::UTC } else { jiff::tz::TimeZone::system() };
    zone.to_timestamp(civil).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdDYxrnlJOSdjtwLyStOtGBgc49mCFJh+0gk6F/PZ8H alice@laptop";

    fn one(line: &str) -> KeyList {
        KeyList::parse(&format!("# keys\n\n{line}\n"))
    }

    fn admit(list: &KeyList, addr: &str) -> Result<usize, KeyDenied> {
        let key = PublicKey::from_openssh(KEY).unwrap();
        list.admit(&key, addr.parse().unwrap(), jiff::Timestamp::now()).map(|k| k.line)
    }

    #[test]
    fn a_key_is_named_by_its_option_else_by_its_comments_login() {
        assert_eq!(one(KEY).allowed[0].shown_name().as_deref(), Some("alice"));
        let named = one(&format!("from=\"10.*\",dealscope-name=\"Ann Lee\" {KEY}"));
        assert_eq!(named.allowed[0].shown_name().as_deref(), Some("Ann Lee"));
        let bare = KEY.rsplit_once(' ').unwrap().0;
        assert_eq!(one(bare).allowed[0].shown_name(), None);
        assert_eq!(one(&format!("{bare} @host")).allowed[0].shown_name(), None);
        // An empty name is a malformed option: the line is skipped.
        assert_eq!(one(&format!("dealscope-name=\"\" {KEY}")).skipped.len(), 1);
    }

    #[test]
    fn a_plain_key_is_allowed_from_anywhere() {
        let list = one(KEY);
        assert_eq!(list.len(), 1);
        assert_eq!(admit(&list, "192.0.2.7"), Ok(3));
    }

    #[test]
    fn from_allows_only_matching_addresses() {
        let list = one(&format!("from=\"10.0.0.1\" {KEY}"));
        assert!(matches!(admit(&list, "127.0.0.1"), Err(KeyDenied::Refused(why)) if why.contains("from=")));
        assert_eq!(admit(&list, "10.0.0.1"), Ok(3));
        let list = one(&format!("from=\"127.0.0.*,!127.0.0.9,10.0.0.0/8\" {KEY}"));
        assert!(admit(&list, "127.0.0.2").is_ok());
        assert!(admit(&list, "127.0.0.9").is_err(), "a negated match refuses");
        assert!(admit(&list, "10.200.1.1").is_ok(), "CIDR");
        assert!(admit(&list, "::ffff:10.1.2.3").is_ok(), "a mapped IPv6 address is its IPv4 one");
        assert!(admit(&list, "192.0.2.1").is_err());
    }

    #[test]
    fn an_expired_key_is_refused_and_a_future_one_allowed() {
        assert!(matches!(admit(&one(&format!("expiry-time=\"20200101\" {KEY}")), "10.0.0.1"),
            Err(KeyDenied::Refused(w)) if w.contains("expired")));
        assert!(admit(&one(&format!("expiry-time=\"209901011200Z\" {KEY}")), "10.0.0.1").is_ok());
        assert!(one(&format!("expiry-time=\"2020-01-01\" {KEY}")).skipped[0].1.contains("expiry-time"));
    }

    #[test]
    fn forced_commands_no_pty_and_restrict_refuse_the_key() {
        for opts in
            ["command=\"rsync --server -e.L . /backup\"", "no-pty", "restrict", "pty,restrict", "cert-authority"]
        {
            let list = one(&format!("{opts} {KEY}"));
            assert_eq!(list.len(), 0, "{opts}");
            assert_eq!(list.refused.len(), 1, "{opts}");
            assert!(matches!(admit(&list, "127.0.0.1"), Err(KeyDenied::Refused(_))), "{opts}");
        }
        // restrict then pty gives the terminal back, as in OpenSSH.
        assert_eq!(one(&format!("restrict,pty {KEY}")).len(), 1);
        assert_eq!(one(&format!("no-port-forwarding,no-agent-forwarding,environment=\"A=b c\" {KEY}")).len(), 1);
    }

    #[test]
    fn a_bad_line_is_skipped_with_its_number_and_the_rest_counts() {
        let text = format!("{KEY}\nnot a key at all\nfrobnicate {KEY}\nfrom=\"10.0.0.0/99\" {KEY}\nfrom=\"x {KEY}\n");
        let list = KeyList::parse(&text);
        assert_eq!(list.len(), 1);
        let lines: Vec<usize> = list.skipped.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        assert!(list.skipped[1].1.contains("frobnicate"));
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_value() {
        // OpenSSH reads `\"` inside quotes as a quote: the from= between the
        // two environment options is an option of its own.
        let line = format!("environment=\"A=\\\"\",from=\"10.0.0.1\",environment=\"B=\\\"\" {KEY}");
        let list = one(&line);
        assert_eq!(list.len(), 1, "{:?}", list.skipped);
        assert!(matches!(admit(&list, "127.0.0.1"), Err(KeyDenied::Refused(w)) if w.contains("from=")));
        assert!(admit(&list, "10.0.0.1").is_ok());
        let list = one(&format!("environment=\"X=\\\"\",no-pty {KEY}"));
        assert_eq!(list.len(), 0, "no-pty after an escaped quote still refuses");
        assert_eq!(list.refused.len(), 1);
    }

    #[test]
    fn globs() {
        assert!(glob_match(b"*", b"anything"));
        assert!(glob_match(b"10.0.?.1", b"10.0.5.1"));
        assert!(!glob_match(b"10.0.?.1", b"10.0.55.1"));
        assert!(glob_match(b"*.1", b"10.0.0.1"));
        assert!(!glob_match(b"10.*.2", b"10.0.0.1"));
    }
}
