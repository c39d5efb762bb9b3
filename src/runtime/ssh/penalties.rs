//! Per-source penalties, as OpenSSH's `PerSourcePenalties` (sshd 9.8+,
//! `srclimit.c`) has them, with defaults for a meeting room behind one
//! address.
//!
//! Each offence adds its amount to the source's penalty (a new one starts at
//! that amount, an existing one ends that much later), up to `max`. Nothing
//! is enforced until more than `min` has built up; from then until the
//! penalty ends, new connections from the source are turned away before the
//! key exchange (and so never add to it), and its password tries wait. An
//! ended penalty is forgotten, and the next offence starts from nothing. An
//! address in the exempt list is never penalised nor refused.
//!
//! The offences: `authfail` (a connection that offered a key or password
//! that was refused, and each wrong password at once), `noauth` (one that
//! ended without trying: `ssh-keyscan`, "no" at the host-key prompt, a
//! client that only asked which methods are offered), `grace-exceeded`
//! (still not logged in when the login grace time ran out). A connection
//! that logged in never counts against its source.
//!
//! A penalty does not let a key that logged in from the source before
//! through: telling keys apart needs the key exchange and the client's
//! signature, which is the work a penalty saves while it refuses a flood.
//! A room that must never be locked out names its address with
//! `--penalty-exempt`.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::limits::Refusal;

/// A kind of offence, with its keyword in `--per-source-penalties`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offence {
    /// A key or password was refused.
    AuthFail,
    /// The connection ended without trying to log in.
    NoAuth,
    /// Not logged in within the login grace time.
    GraceExceeded,
}

impl Offence {
    /// Its keyword, as in sshd_config.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::AuthFail => "authfail",
            Self::NoAuth => "noauth",
            Self::GraceExceeded => "grace-exceeded",
        }
    }
}

/// What a table full of penalised sources does (`overflow:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overflow {
    /// The penalties closest to their end are dropped to make room.
    Permissive,
    /// Every source not exempt is refused until one ends.
    DenyAll,
}

impl Overflow {
    fn keyword(self) -> &'static str {
        match self {
            Self::Permissive => "permissive",
            Self::DenyAll => "deny-all",
        }
    }
}

/// The amounts and limits, from `--per-source-penalties` (OpenSSH's syntax).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PenaltyConfig {
    /// `no` turns penalties off.
    pub enabled: bool,
    /// Added for a refused key or password.
    pub authfail: Duration,
    /// Added for a connection that ended without trying to log in.
    pub noauth: Duration,
    /// Added for a connection still not logged in at the grace time.
    pub grace_exceeded: Duration,
    /// Enforced only once more than this has built up.
    pub min: Duration,
    /// A penalty never runs longer than this.
    pub max: Duration,
    /// IPv4 sources remembered at most.
    pub max_sources4: usize,
    /// IPv6 sources (/64 networks) remembered at most.
    pub max_sources6: usize,
    /// What a full IPv4 table does.
    pub overflow: Overflow,
    /// What a full IPv6 table does (default: as IPv4).
    pub overflow6: Option<Overflow>,
}

/// The defaults, OpenSSH's but for `grace-exceeded`, which is 5 s rather
/// than 10: the login grace time here is 30 s, not sshd's 120, and someone
/// still reading the host key's fingerprint after 30 s is slow, not hostile.
/// With them one attendee's wrong key, retried every 10 s, never builds up
/// past `min` (each 5 s has ended before the next), nor do an `ssh-keyscan`
/// (5 connections, 5 s) or an abandoned host-key prompt (1 s, or 5 s at the
/// grace time); four wrong keys in a row are enforced, for about 20 s.
impl Default for PenaltyConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            authfail: Duration::from_secs(5),
            noauth: Duration::from_secs(1),
            grace_exceeded: Duration::from_secs(5),
            min: Duration::from_secs(15),
            max: Duration::from_secs(600),
            max_sources4: 65536,
            max_sources6: 65536,
            overflow: Overflow::Permissive,
            overflow6: None,
        }
    }
}

impl PenaltyConfig {
    /// The amount an offence adds.
    pub fn amount(&self, offence: Offence) -> Duration {
        match offence {
            Offence::AuthFail => self.authfail,
            Offence::NoAuth => self.noauth,
            Offence::GraceExceeded => self.grace_exceeded,
        }
    }
}

/// A duration as sshd_config writes one (OpenSSH's `convtime_double`): a
/// number of seconds, or numbers each followed by `s`, `m`, `h`, `d` or `w`
/// (`1m30s`); a fraction only for seconds (`0.5`, `2.5s`).
pub fn parse_time(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a time (such as 30, 30s, 1.5s, 2m, 1h30m)");
    if text.is_empty() {
        return Err(bad());
    }
    let mut total = 0.0f64;
    let mut seconds_seen = false;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        let number = &rest[..digits];
        if number.is_empty() || number.matches('.').count() > 1 || number.ends_with('.') {
            return Err(bad());
        }
        let value: f64 = number.parse().map_err(|_| bad())?;
        let unit = rest[digits..].chars().next();
        let scale = match unit.map(|c| c.to_ascii_lowercase()) {
            None | Some('s') => {
                if std::mem::replace(&mut seconds_seen, true) {
                    return Err(bad());
                }
                1.0
            }
            Some('m') => 60.0,
            Some('h') => 3600.0,
            Some('d') => 86400.0,
            Some('w') => 604_800.0,
            Some(_) => return Err(bad()),
        };
        if scale > 1.0 && number.contains('.') {
            return Err(bad());
        }
        total += value * scale;
        rest = &rest[digits + unit.map_or(0, char::len_utf8)..];
    }
    // Longer would overflow a clock reading once added to now.
    if total > LONGEST.as_secs_f64() {
        return Err(format!("`{text}` is longer than a year (365d), the longest time taken"));
    }
    Duration::try_from_secs_f64(total).map_err(|_| bad())
}

/// The longest time `parse_time` takes.
const LONGEST: Duration = Duration::from_secs(365 * 86_400);

/// A duration the way `parse_time` reads it back: `10m`, `15s`, `0.5s`.
pub fn time_text(d: Duration) -> String {
    let secs = d.as_secs();
    if d.subsec_nanos() != 0 {
        let text = format!("{:.3}", d.as_secs_f64());
        return format!("{}s", text.trim_end_matches('0').trim_end_matches('.'));
    }
    match secs {
        s if s >= 3600 && s % 3600 == 0 => format!("{}h", s / 3600),
        s if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

impl std::str::FromStr for PenaltyConfig {
    type Err = String;

    /// OpenSSH's `PerSourcePenalties` value: `yes`, `no`, or keywords
    /// (`authfail:5s noauth:1s grace-exceeded:5s min:15s max:10m`
    /// `max-sources4:N max-sources6:N overflow:deny-all|permissive`
    /// `overflow6:…`), separated by blanks or commas; a keyword not given
    /// keeps its default.
    fn from_str(s: &str) -> Result<Self, String> {
        let words: Vec<&str> = s.split([' ', '\t', ',']).filter(|w| !w.is_empty()).collect();
        let mut c = Self::default();
        match words.as_slice() {
            [] => return Err("no keyword given (try `authfail:5s min:15s`, or `no`)".into()),
            [one] if one.eq_ignore_ascii_case("yes") => return Ok(c),
            [one] if one.eq_ignore_ascii_case("no") => return Ok(Self { enabled: false, ..c }),
            _ => {}
        }
        let count = |v: &str| v.parse::<usize>().map_err(|_| format!("`{v}` is not a number"));
        let overflow = |v: &str| match v {
            "permissive" => Ok(Overflow::Permissive),
            "deny-all" => Ok(Overflow::DenyAll),
            _ => Err(format!("`{v}`: overflow is deny-all or permissive")),
        };
        for word in words {
            let Some((key, value)) = word.split_once(':') else {
                return Err(if word.eq_ignore_ascii_case("yes") || word.eq_ignore_ascii_case("no") {
                    format!("`{word}` must stand alone")
                } else {
                    format!("`{word}`: expected KEYWORD:VALUE, as `authfail:5s`")
                });
            };
            match key {
                "authfail" => c.authfail = parse_time(value)?,
                "noauth" => c.noauth = parse_time(value)?,
                "grace-exceeded" => c.grace_exceeded = parse_time(value)?,
                "min" => c.min = parse_time(value)?,
                "max" => c.max = parse_time(value)?,
                "max-sources4" => c.max_sources4 = count(value)?,
                "max-sources6" => c.max_sources6 = count(value)?,
                "overflow" => c.overflow = overflow(value)?,
                "overflow6" => c.overflow6 = Some(overflow(value)?),
                "crash" | "invaliduser" | "refuseconnection" => {
                    return Err(format!(
                        "`{key}:` has no meaning here: dealscope has no separate login process to crash, \
                         takes any user name, and has no RefuseConnection"
                    ));
                }
                _ => {
                    return Err(format!(
                        "unknown keyword `{key}` (known: authfail, noauth, grace-exceeded, min, max, \
                         max-sources4, max-sources6, overflow, overflow6)"
                    ));
                }
            }
        }
        if c.max <= c.min {
            return Err(format!(
                "max ({}) must be more than min ({}), or no penalty is ever enforced; `no` turns them off",
                time_text(c.max),
                time_text(c.min)
            ));
        }
        if c.max_sources4 == 0 || c.max_sources6 == 0 {
            return Err("max-sources4 and max-sources6 must be at least 1".into());
        }
        Ok(c)
    }
}

impl std::fmt::Display for PenaltyConfig {
    /// The amounts always; the table's limits where they differ from the defaults.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.enabled {
            return f.write_str("no");
        }
        write!(
            f,
            "authfail:{} noauth:{} grace-exceeded:{} min:{} max:{}",
            time_text(self.authfail),
            time_text(self.noauth),
            time_text(self.grace_exceeded),
            time_text(self.min),
            time_text(self.max)
        )?;
        let d = Self::default();
        if self.max_sources4 != d.max_sources4 {
            write!(f, " max-sources4:{}", self.max_sources4)?;
        }
        if self.max_sources6 != d.max_sources6 {
            write!(f, " max-sources6:{}", self.max_sources6)?;
        }
        if self.overflow != d.overflow {
            write!(f, " overflow:{}", self.overflow.keyword())?;
        }
        if let Some(o) = self.overflow6 {
            write!(f, " overflow6:{}", o.keyword())?;
        }
        Ok(())
    }
}

/// Addresses never penalised (`--penalty-exempt`, as sshd's
/// `PerSourcePenaltyExemptList`): addresses and networks, comma-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exempt(Vec<ipnet::IpNet>);

impl std::str::FromStr for Exempt {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let nets = s
            .split(',')
            .map(str::trim)
            .map(|p| {
                if p.is_empty() {
                    return Err("an empty entry (two commas in a row?)".to_string());
                }
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<IpAddr>().map(ipnet::IpNet::from))
                    .map(|n| n.trunc())
                    .map_err(|_| format!("`{p}` is neither an address nor an address/length (10.1.0.0/16)"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self(nets))
    }
}

impl std::fmt::Display for Exempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join(","))
    }
}

impl Exempt {
    /// True when `addr` (an IPv4 address mapped into IPv6 as itself) is listed.
    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = match addr {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(addr, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|n| n.contains(&addr))
    }

    /// True when nothing is exempt.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What an offence did to its source's penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing: penalties are off, or this offence's amount is 0.
    Off,
    /// The address is exempt.
    Exempt,
    /// The table is full and `overflow:deny-all`: not recorded.
    TableFull,
    /// The source's penalty now runs this much longer (its true length).
    Penalised {
        /// Time left on it.
        left: Duration,
        /// New connections from the source are refused.
        enforced: bool,
        /// This offence took it past `min`.
        now_enforced: bool,
    },
}

/// One source's penalty.
#[derive(Debug, Clone, Copy)]
struct Penalty {
    ends: Instant,
    enforced: bool,
}

/// The penalties of one address family, by source and by end.
#[derive(Debug, Default)]
struct Table {
    by_source: HashMap<IpAddr, Penalty>,
    by_end: BTreeSet<(Instant, IpAddr)>,
}

impl Table {
    /// Forgets every penalty that has ended.
    fn expire(&mut self, now: Instant) {
        while let Some(&(ends, source)) = self.by_end.first() {
            if ends > now {
                break;
            }
            self.by_end.pop_first();
            self.by_source.remove(&source);
        }
    }

    /// Drops the penalties closest to their end until at most `keep` remain.
    fn shrink(&mut self, keep: usize) {
        while self.by_source.len() > keep {
            let Some((_, source)) = self.by_end.pop_first() else { break };
            self.by_source.remove(&source);
        }
    }

    fn set(&mut self, source: IpAddr, p: Penalty) {
        if let Some(old) = self.by_source.insert(source, p) {
            self.by_end.remove(&(old.ends, source));
        }
        self.by_end.insert((p.ends, source));
    }
}

/// The penalties of every source, shared by all connections.
#[derive(Debug)]
pub struct Penalties {
    config: PenaltyConfig,
    exempt: Exempt,
    tables: Mutex<(Table, Table)>,
}

impl Penalties {
    /// No penalties yet, with these rules.
    pub fn new(config: PenaltyConfig, exempt: Exempt) -> Self {
        Self { config, exempt, tables: Mutex::new((Table::default(), Table::default())) }
    }

    /// The rules.
    pub fn config(&self) -> &PenaltyConfig {
        &self.config
    }

    fn tables(&self) -> MutexGuard<'_, (Table, Table)> {
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The table for `source`'s family, its limit and its overflow rule.
    fn table<'a>(&self, tables: &'a mut (Table, Table), source: IpAddr) -> (&'a mut Table, usize, Overflow) {
        match source {
            IpAddr::V4(_) => (&mut tables.0, self.config.max_sources4, self.config.overflow),
            IpAddr::V6(_) => {
                (&mut tables.1, self.config.max_sources6, self.config.overflow6.unwrap_or(self.config.overflow))
            }
        }
    }

    /// Whether a new connection from `addr` (counted as `source`) may start,
    /// or why not.
    pub fn check(&self, addr: IpAddr, source: IpAddr, now: Instant) -> Result<(), Refusal> {
        if !self.config.enabled || self.exempt.contains(addr) {
            return Ok(());
        }
        let mut tables = self.tables();
        let (table, limit, overflow) = self.table(&mut tables, source);
        table.expire(now);
        if overflow == Overflow::DenyAll && table.by_source.len() >= limit {
            return Err(Refusal::PenaltyTableFull);
        }
        match table.by_source.get(&source) {
            Some(p) if p.enforced => Err(Refusal::Penalised(p.ends.saturating_duration_since(now))),
            _ => Ok(()),
        }
    }

    /// `source`'s penalty now, if it has one: the time left, and whether it is enforced.
    pub fn state(&self, addr: IpAddr, source: IpAddr, now: Instant) -> Option<(Duration, bool)> {
        if !self.config.enabled || self.exempt.contains(addr) {
            return None;
        }
        let mut tables = self.tables();
        let (table, ..) = self.table(&mut tables, source);
        table.expire(now);
        table.by_source.get(&source).map(|p| (p.ends.saturating_duration_since(now), p.enforced))
    }

    /// Adds `offence`'s amount to `source`'s penalty (`addr` decides exemption).
    pub fn offend(&self, addr: IpAddr, source: IpAddr, offence: Offence, now: Instant) -> Outcome {
        let amount = self.config.amount(offence);
        if !self.config.enabled || amount.is_zero() {
            return Outcome::Off;
        }
        if self.exempt.contains(addr) {
            return Outcome::Exempt;
        }
        let (min, max) = (self.config.min, self.config.max);
        let mut tables = self.tables();
        let (table, limit, overflow) = self.table(&mut tables, source);
        table.expire(now);
        let before = table.by_source.get(&source).copied();
        if before.is_none() && table.by_source.len() >= limit {
            match overflow {
                Overflow::DenyAll => return Outcome::TableFull,
                Overflow::Permissive => table.shrink(limit - 1),
            }
        }
        let ends = before.map_or(now, |p| p.ends).checked_add(amount).unwrap_or(now + max).min(now + max);
        let left = ends.saturating_duration_since(now);
        let was_enforced = before.is_some_and(|p| p.enforced);
        let enforced = was_enforced || left > min;
        table.set(source, Penalty { ends, enforced });
        Outcome::Penalised { left, enforced, now_enforced: enforced && !was_enforced }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    fn penalties(config: &str) -> Penalties {
        Penalties::new(config.parse().unwrap(), Exempt::default())
    }

    /// Offends `n` times at `at` (seconds from `t`); returns the last outcome.
    fn offend_at(p: &Penalties, a: IpAddr, t: Instant, at: &[f64], o: Offence) -> Outcome {
        at.iter().map(|s| p.offend(a, a, o, t + secs(*s))).last().unwrap()
    }

    #[test]
    fn times_read_as_sshd_config_writes_them() {
        assert_eq!(parse_time("5"), Ok(secs(5.0)));
        assert_eq!(parse_time("5s"), Ok(secs(5.0)));
        assert_eq!(parse_time("0.5"), Ok(secs(0.5)));
        assert_eq!(parse_time("1m30s"), Ok(secs(90.0)));
        assert_eq!(parse_time("10M"), Ok(secs(600.0)));
        assert_eq!(parse_time("1h"), Ok(secs(3600.0)));
        assert_eq!(parse_time("365d"), Ok(secs(365.0 * 86400.0)));
        assert!(parse_time("30000000000000w").unwrap_err().contains("longer than a year"), "no clock overflow");
        for bad in ["", "s", "1.5m", "5x", "1s2s", "1..2", "1.", "-1", "1 s"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        for d in [secs(5.0), secs(0.25), secs(600.0), secs(90.0), secs(7200.0)] {
            assert_eq!(parse_time(&time_text(d)), Ok(d), "{}", time_text(d));
        }
        assert_eq!(time_text(secs(600.0)), "10m");
    }

    #[test]
    fn the_option_reads_openssh_s_syntax() {
        let d = PenaltyConfig::default();
        assert_eq!(d.to_string(), "authfail:5s noauth:1s grace-exceeded:5s min:15s max:10m");
        assert_eq!(d.to_string().parse(), Ok(d));
        assert_eq!("yes".parse(), Ok(d));
        assert!(!"no".parse::<PenaltyConfig>().unwrap().enabled);
        assert_eq!("no".parse::<PenaltyConfig>().unwrap().to_string(), "no");
        let c: PenaltyConfig = "authfail:1s,min:3s  max:1m overflow:deny-all".parse().unwrap();
        assert_eq!((c.authfail, c.min, c.max, c.noauth), (secs(1.0), secs(3.0), secs(60.0), d.noauth));
        assert_eq!(c.to_string(), "authfail:1s noauth:1s grace-exceeded:5s min:3s max:1m overflow:deny-all");
        let err = |s: &str| s.parse::<PenaltyConfig>().unwrap_err();
        assert!(err("no authfail:1").contains("stand alone"));
        assert!(err("crash:90s").contains("no meaning here"));
        assert!(err("authfall:5").contains("unknown keyword `authfall`"));
        assert!(err("authfail:five").contains("not a time"));
        assert!(err("min:10m").contains("max (10m) must be more than min (10m)"));
        assert!(err("").contains("no keyword"));
    }

    #[test]
    fn exempt_lists_addresses_and_networks() {
        let e: Exempt = "192.0.2.0/24, 10.1.2.3,2001:db8::/32".parse().unwrap();
        assert!(e.contains(ip("192.0.2.77")));
        assert!(e.contains(ip("10.1.2.3")));
        assert!(!e.contains(ip("10.1.2.4")));
        assert!(e.contains(ip("::ffff:192.0.2.1")), "a mapped address is its IPv4 one");
        assert!(e.contains(ip("2001:db8:1::5")));
        assert_eq!(e.to_string(), "192.0.2.0/24,10.1.2.3/32,2001:db8::/32");
        assert!("10.0.0.0/33".parse::<Exempt>().is_err());
        assert!("10.0.0.1,,10.0.0.2".parse::<Exempt>().unwrap_err().contains("empty"));
    }

    #[test]
    fn penalties_add_up_and_are_enforced_only_past_min() {
        let p = penalties("yes");
        let (a, t) = (ip("192.0.2.1"), Instant::now());
        let p1 = p.offend(a, a, Offence::AuthFail, t);
        assert_eq!(p1, Outcome::Penalised { left: secs(5.0), enforced: false, now_enforced: false });
        assert_eq!(p.check(a, a, t), Ok(()), "5 s is under min: not enforced");
        offend_at(&p, a, t, &[0.0, 0.0], Offence::AuthFail);
        assert_eq!(p.check(a, a, t), Ok(()), "15 s is not more than min");
        assert_eq!(p.state(a, a, t + secs(1.0)), Some((secs(14.0), false)));
        let p4 = p.offend(a, a, Offence::AuthFail, t);
        assert_eq!(p4, Outcome::Penalised { left: secs(20.0), enforced: true, now_enforced: true });
        assert_eq!(p.check(a, a, t + secs(1.0)), Err(Refusal::Penalised(secs(19.0))));
        assert_eq!(p.check(ip("192.0.2.2"), ip("192.0.2.2"), t), Ok(()), "only that source");
        // Once enforced it stays so until it ends, then it is forgotten.
        assert!(p.check(a, a, t + secs(19.5)).is_err());
        assert_eq!(p.check(a, a, t + secs(20.0)), Ok(()));
        let again = p.offend(a, a, Offence::AuthFail, t + secs(20.0));
        assert_eq!(again, Outcome::Penalised { left: secs(5.0), enforced: false, now_enforced: false });
    }

    #[test]
    fn penalties_are_capped_at_max() {
        let p = penalties("authfail:1m min:15s max:2m");
        let (a, t) = (ip("192.0.2.1"), Instant::now());
        let last = offend_at(&p, a, t, &[0.0; 10], Offence::AuthFail);
        assert_eq!(last, Outcome::Penalised { left: secs(120.0), enforced: true, now_enforced: false });
        // A new penalty bigger than max is capped too.
        let p = penalties("authfail:5m max:1m");
        let first = p.offend(a, a, Offence::AuthFail, t);
        assert_eq!(first, Outcome::Penalised { left: secs(60.0), enforced: true, now_enforced: true });
    }

    #[test]
    fn meeting_room_defaults_forgive_honest_mistakes_and_stop_floods() {
        let p = penalties("yes");
        let t = Instant::now();
        // One attendee's wrong key, retried every 10 s: never enforced.
        let room = ip("198.51.100.7");
        for i in 0..5 {
            let at = t + secs(10.0 * f64::from(i));
            p.offend(room, room, Offence::AuthFail, at);
            assert_eq!(p.check(room, room, at), Ok(()), "retry {i}");
        }
        // Five retries as fast as a client can: refused for at most 20 s.
        let fast = ip("198.51.100.8");
        let mut refused_until = None;
        for i in 0..5 {
            let at = t + secs(0.3 * f64::from(i));
            match p.check(fast, fast, at) {
                Err(Refusal::Penalised(left)) => refused_until = Some((at + left).duration_since(t)),
                _ => {
                    p.offend(fast, fast, Offence::AuthFail, at);
                }
            }
        }
        let until = refused_until.expect("the fifth retry is refused");
        assert!(until <= secs(20.0), "locked out until {until:?} after the first");
        // ssh-keyscan's 5 connections and an abandoned host-key prompt: never.
        let scan = ip("198.51.100.9");
        offend_at(&p, scan, t, &[0.0; 5], Offence::NoAuth);
        p.offend(scan, scan, Offence::GraceExceeded, t);
        assert_eq!(p.check(scan, scan, t), Ok(()));
        // A scripted flood of connections that never log in: refused within 16.
        let flood = ip("198.51.100.10");
        let refused = (0..100).position(|i| {
            let at = t + secs(0.01 * f64::from(i));
            p.check(flood, flood, at).is_err() || {
                p.offend(flood, flood, Offence::NoAuth, at);
                false
            }
        });
        assert_eq!(refused, Some(16));
    }

    #[test]
    fn an_exempt_address_is_never_penalised_nor_refused() {
        let p = Penalties::new("min:0 authfail:1m".parse().unwrap(), "10.9.0.0/16".parse().unwrap());
        let (a, t) = (ip("10.9.3.4"), Instant::now());
        assert_eq!(p.offend(a, a, Offence::AuthFail, t), Outcome::Exempt);
        assert_eq!(p.check(a, a, t), Ok(()));
        let b = ip("10.8.3.4");
        assert!(matches!(p.offend(b, b, Offence::AuthFail, t), Outcome::Penalised { enforced: true, .. }));
        assert!(p.check(b, b, t).is_err());
        let off = Penalties::new("no".parse().unwrap(), Exempt::default());
        assert_eq!(off.offend(b, b, Offence::AuthFail, t), Outcome::Off);
        let zero = penalties("noauth:0");
        assert_eq!(zero.offend(b, b, Offence::NoAuth, t), Outcome::Off);
    }

    #[test]
    fn a_full_table_drops_the_soonest_to_end_or_denies_all() {
        let t = Instant::now();
        let p = penalties("max-sources4:2 min:0 authfail:10s");
        let (a, b, c) = (ip("192.0.2.1"), ip("192.0.2.2"), ip("192.0.2.3"));
        p.offend(a, a, Offence::AuthFail, t);
        p.offend(b, b, Offence::AuthFail, t + secs(1.0));
        p.offend(c, c, Offence::AuthFail, t + secs(2.0));
        assert_eq!(p.check(a, a, t + secs(2.0)), Ok(()), "a, closest to its end, made room");
        assert!(p.check(b, b, t + secs(2.0)).is_err() && p.check(c, c, t + secs(2.0)).is_err());
        let v6 = ip("2001:db8::1");
        assert!(matches!(p.offend(v6, v6, Offence::AuthFail, t), Outcome::Penalised { .. }), "IPv6 apart");

        let p = penalties("max-sources4:2 overflow:deny-all overflow6:permissive");
        p.offend(a, a, Offence::NoAuth, t);
        p.offend(b, b, Offence::NoAuth, t);
        assert_eq!(p.offend(c, c, Offence::NoAuth, t), Outcome::TableFull);
        assert_eq!(p.check(c, c, t), Err(Refusal::PenaltyTableFull));
        assert_eq!(p.check(c, c, t + secs(1.0)), Ok(()), "until a penalty ends");
    }
}
