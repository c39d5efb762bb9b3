//! What one client may cost the server, in the manner of OpenSSH's sshd:
//! a budget for connections that have not logged in yet (`MaxStartups`
//! with random early drop, and a cap per source address), caps on sessions
//! in all, per key and per source, an input budget per session, and log
//! lines summarised when a flood would write one line per refusal. Penalties
//! for sources that fail to log in are `penalties.rs`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// OpenSSH's `MaxStartups start:rate:full`: below `start` unauthenticated
/// connections every new one is let in; from `start` on, a new one is
/// refused with probability `rate`% rising linearly to 100% at `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxStartups {
    /// Where random early drop begins.
    pub start: usize,
    /// The chance of a drop at `start`, in percent.
    pub rate: u8,
    /// Where every new connection is refused.
    pub full: usize,
}

impl Default for MaxStartups {
    fn default() -> Self {
        Self { start: 10, rate: 30, full: 60 }
    }
}

impl std::str::FromStr for MaxStartups {
    type Err = String;

    /// `N` (refuse from N on) or `start:rate:full`, as in sshd_config.
    fn from_str(s: &str) -> Result<Self, String> {
        let num = |t: &str| t.trim().parse::<usize>().map_err(|_| format!("`{t}` is not a number"));
        let parts: Vec<&str> = s.split(':').collect();
        let ms = match parts.as_slice() {
            [n] => {
                let n = num(n)?;
                Self { start: n, rate: 100, full: n }
            }
            [start, rate, full] => {
                let rate = num(rate)?;
                Self {
                    start: num(start)?,
                    rate: u8::try_from(rate).ok().filter(|r| *r <= 100).ok_or("rate over 100%")?,
                    full: num(full)?,
                }
            }
            _ => return Err("expected N or start:rate:full".into()),
        };
        if ms.start == 0 || ms.full < ms.start {
            return Err("need 1 <= start <= full".into());
        }
        Ok(ms)
    }
}

impl std::fmt::Display for MaxStartups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.start, self.rate, self.full)
    }
}

/// The caps, from the command line.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// Unauthenticated connections in all.
    pub startups: MaxStartups,
    /// Unauthenticated connections from one source address.
    pub startups_per_source: usize,
    /// Sessions in all.
    pub sessions: usize,
    /// Sessions logged in with one key.
    pub sessions_per_key: usize,
    /// Sessions from one source address.
    pub sessions_per_source: usize,
}

/// Why a connection or session is turned away; the text is what the client is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// MaxStartups: too many connections are logging in.
    Startups,
    /// Too many connections from this address are logging in.
    SourceStartups,
    /// This address failed to log in recently.
    Penalised(Duration),
    /// Too many addresses are penalised (`overflow:deny-all`).
    PenaltyTableFull,
    /// Every session slot is taken.
    Full(usize),
    /// This key has its most sessions.
    KeySessions(usize),
    /// This address has its most sessions.
    SourceSessions(usize),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Startups => f.write_str("too many connections are logging in; try again in a moment"),
            Self::SourceStartups => {
                f.write_str("too many connections from your address are logging in; try again in a moment")
            }
            Self::Penalised(left) => {
                // Rounded up: a client that waits as long as it is told gets in.
                let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                write!(f, "too many failed or abandoned logins from your address; try again in {} s", secs.max(1))
            }
            Self::PenaltyTableFull => f.write_str("too many addresses are penalised; try again later"),
            Self::Full(n) => write!(f, "the server is full ({n} sessions); try again later"),
            Self::KeySessions(n) => write!(f, "this key already has {n} sessions open, the most allowed"),
            Self::SourceSessions(n) => write!(f, "your address already has {n} sessions open, the most allowed"),
        }
    }
}

/// Counts of connections and sessions, shared by every connection.
#[derive(Debug)]
pub struct Gate {
    caps: Caps,
    counts: Mutex<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    startups: usize,
    startups_by_source: HashMap<IpAddr, usize>,
    sessions: usize,
    sessions_by_source: HashMap<IpAddr, usize>,
    sessions_by_key: HashMap<String, usize>,
}

fn bump<K: std::hash::Hash + Eq + Clone>(map: &mut HashMap<K, usize>, k: &K) {
    *map.entry(k.clone()).or_insert(0) += 1;
}

fn drop_one<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, k: &K) {
    if let Some(n) = map.get_mut(k) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(k);
        }
    }
}

impl Gate {
    /// A gate with these caps.
    pub fn new(caps: Caps) -> Arc<Self> {
        Arc::new(Self { caps, counts: Mutex::new(Counts::default()) })
    }

    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Lets a new connection from `source` start logging in, or refuses it.
    /// `roll` is a fresh random number in 0..100 for the early drop.
    pub fn startup(self: &Arc<Self>, source: IpAddr, roll: u8) -> Result<Startup, Refusal> {
        let mut c = self.counts();
        let ms = self.caps.startups;
        if c.startups >= ms.full {
            return Err(Refusal::Startups);
        }
        if c.startups >= ms.start {
            let span = (ms.full - ms.start).max(1);
            let p = usize::from(ms.rate) + (100 - usize::from(ms.rate)) * (c.startups - ms.start) / span;
            if usize::from(roll) < p {
                return Err(Refusal::Startups);
            }
        }
        if c.startups_by_source.get(&source).copied().unwrap_or(0) >= self.caps.startups_per_source {
            return Err(Refusal::SourceStartups);
        }
        c.startups += 1;
        bump(&mut c.startups_by_source, &source);
        Ok(Startup { gate: Arc::clone(self), source })
    }

    /// Lets a logged-in connection start a session, or refuses it.
    pub fn session(self: &Arc<Self>, source: IpAddr, key: Option<String>) -> Result<SessionSlot, Refusal> {
        let mut c = self.counts();
        if c.sessions >= self.caps.sessions {
            return Err(Refusal::Full(self.caps.sessions));
        }
        if let Some(k) = &key
            && c.sessions_by_key.get(k).copied().unwrap_or(0) >= self.caps.sessions_per_key
        {
            return Err(Refusal::KeySessions(self.caps.sessions_per_key));
        }
        if c.sessions_by_source.get(&source).copied().unwrap_or(0) >= self.caps.sessions_per_source {
            return Err(Refusal::SourceSessions(self.caps.sessions_per_source));
        }
        c.sessions += 1;
        bump(&mut c.sessions_by_source, &source);
        if let Some(k) = &key {
            bump(&mut c.sessions_by_key, k);
        }
        Ok(SessionSlot { gate: Arc::clone(self), source, key })
    }

    /// Sessions open now.
    pub fn sessions(&self) -> usize {
        self.counts().sessions
    }

    /// Connections logging in now.
    pub fn startups(&self) -> usize {
        self.counts().startups
    }
}

/// A connection's place in the login budget, given back when it is dropped
/// (the connection ended or its session started).
#[derive(Debug)]
pub struct Startup {
    gate: Arc<Gate>,
    source: IpAddr,
}

impl Drop for Startup {
    fn drop(&mut self) {
        let mut c = self.gate.counts();
        c.startups = c.startups.saturating_sub(1);
        drop_one(&mut c.startups_by_source, &self.source);
    }
}

/// A session's place, given back when it is dropped.
#[derive(Debug)]
pub struct SessionSlot {
    gate: Arc<Gate>,
    source: IpAddr,
    key: Option<String>,
}

impl Drop for SessionSlot {
    fn drop(&mut self) {
        let mut c = self.gate.counts();
        c.sessions = c.sessions.saturating_sub(1);
        drop_one(&mut c.sessions_by_source, &self.source);
        if let Some(k) = &self.key {
            drop_one(&mut c.sessions_by_key, k);
        }
    }
}

/// One log line of each kind per `every`, however often something happens;
/// the rest are counted.
#[derive(Debug)]
pub struct Summary {
    every: Duration,
    state: Mutex<HashMap<&'static str, (Instant, u64)>>,
}

impl Summary {
    /// A summary that lets one line of each kind through per `every`.
    pub fn new(every: Duration) -> Self {
        Self { every, state: Mutex::new(HashMap::new()) }
    }

    /// Notes an event of a kind: `Some(n)` when it should be logged now, `n`
    /// being how many of that kind were held back since its last line;
    /// `None` when it is held back.
    pub fn note(&self, kind: &'static str, now: Instant) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match state.get_mut(kind) {
            Some((last, held)) if now.duration_since(*last) < self.every => {
                *held += 1;
                None
            }
            Some((last, held)) => {
                *last = now;
                Some(std::mem::take(held))
            }
            None => {
                state.insert(kind, (now, 0));
                Some(0)
            }
        }
    }
}

/// A session's input budget: `rate` per second, bursts of four times that.
/// A key costs one, a paste its length in bytes.
#[derive(Debug)]
pub struct InputBudget {
    rate: f64,
    tokens: f64,
    last: Instant,
}

impl InputBudget {
    /// A full budget.
    pub fn new(rate: u32, now: Instant) -> Self {
        let rate = f64::from(rate.max(1));
        Self { rate, tokens: rate * 4.0, last: now }
    }

    /// Takes up to `n` from the budget; returns how much it gave.
    pub fn take(&mut self, n: usize, now: Instant) -> usize {
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate).min(self.rate * 4.0);
        self.last = now;
        let given = (n as f64).min(self.tokens.floor()).max(0.0);
        self.tokens -= given;
        given as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps() -> Caps {
        Caps {
            startups: MaxStartups { start: 4, rate: 50, full: 8 },
            startups_per_source: 3,
            sessions: 5,
            sessions_per_key: 2,
            sessions_per_source: 3,
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn max_startups_parses_as_sshd_config_does() {
        assert_eq!("10:30:100".parse(), Ok(MaxStartups { start: 10, rate: 30, full: 100 }));
        assert_eq!("5".parse(), Ok(MaxStartups { start: 5, rate: 100, full: 5 }));
        assert!("10:130:100".parse::<MaxStartups>().is_err());
        assert!("10:30:5".parse::<MaxStartups>().is_err());
        assert!("x".parse::<MaxStartups>().is_err());
        assert_eq!(MaxStartups::default().to_string(), "10:30:60");
    }

    #[test]
    fn startups_are_capped_per_source_and_dropped_early_then_all() {
        let gate = Gate::new(caps());
        let a: Vec<_> = (0..3).map(|_| gate.startup(ip("10.0.0.1"), 99).unwrap()).collect();
        assert_eq!(gate.startup(ip("10.0.0.1"), 99).unwrap_err(), Refusal::SourceStartups);
        let b = gate.startup(ip("10.0.0.2"), 0).unwrap(); // 3 < start: no early drop
        // At start (4) the drop chance is 50%: a roll of 49 is dropped, 50 is not.
        assert_eq!(gate.startup(ip("10.0.0.3"), 49).unwrap_err(), Refusal::Startups);
        let c = gate.startup(ip("10.0.0.3"), 50).unwrap();
        let more: Vec<_> = (4..8).filter_map(|i| gate.startup(ip(&format!("10.0.1.{i}")), 99).ok()).collect();
        assert_eq!(gate.startups(), 8);
        assert_eq!(gate.startup(ip("10.0.0.9"), 99).unwrap_err(), Refusal::Startups, "full");
        drop((a, b, c, more));
        assert_eq!(gate.startups(), 0);
        assert!(gate.startup(ip("10.0.0.1"), 0).is_ok());
    }

    #[test]
    fn sessions_are_capped_in_all_per_key_and_per_source() {
        let gate = Gate::new(caps());
        let k = || Some("SHA256:k".to_string());
        let s1 = gate.session(ip("10.0.0.1"), k()).unwrap();
        let s2 = gate.session(ip("10.0.0.2"), k()).unwrap();
        assert_eq!(gate.session(ip("10.0.0.3"), k()).unwrap_err(), Refusal::KeySessions(2));
        let s3 = gate.session(ip("10.0.0.1"), None).unwrap();
        let s4 = gate.session(ip("10.0.0.1"), None).unwrap();
        assert_eq!(gate.session(ip("10.0.0.1"), None).unwrap_err(), Refusal::SourceSessions(3));
        let s5 = gate.session(ip("10.0.0.4"), None).unwrap();
        assert_eq!(gate.session(ip("10.0.0.5"), None).unwrap_err(), Refusal::Full(5));
        drop(s1);
        assert!(gate.session(ip("10.0.0.3"), k()).is_ok(), "a slot given back is free again");
        assert_eq!(gate.sessions(), 4, "the session of the line above is gone again");
        drop((s2, s3, s4, s5));
        assert_eq!(gate.sessions(), 0);
    }

    #[test]
    fn a_penalty_s_seconds_are_rounded_up() {
        let told = |ms| Refusal::Penalised(Duration::from_millis(ms)).to_string();
        assert!(told(19_100).ends_with("try again in 20 s"), "{}", told(19_100));
        assert!(told(20_000).ends_with("try again in 20 s"));
        assert!(told(0).ends_with("try again in 1 s"));
    }

    #[test]
    fn summary_lets_one_line_through_per_interval_and_counts_the_rest() {
        let s = Summary::new(Duration::from_secs(10));
        let t = Instant::now();
        assert_eq!(s.note("a", t), Some(0));
        for i in 1..=50 {
            assert_eq!(s.note("a", t + Duration::from_millis(i * 100)), None);
        }
        assert_eq!(s.note("b", t + Duration::from_secs(1)), Some(0), "each kind has its own line");
        assert_eq!(s.note("a", t + Duration::from_secs(11)), Some(50));
    }

    #[test]
    fn input_budget_refills_and_caps_its_burst() {
        let t = Instant::now();
        let mut b = InputBudget::new(100, t);
        assert_eq!(b.take(1000, t), 400, "a burst of four times the rate");
        assert_eq!(b.take(1, t), 0);
        assert_eq!(b.take(1000, t + Duration::from_millis(500)), 50);
        assert_eq!(b.take(1000, t + Duration::from_secs(60)), 400);
    }
}
