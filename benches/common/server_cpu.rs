//! A process's CPU time, as the load benches read their server's.

use std::time::Duration;

/// Process `pid`'s CPU time so far (user and system), from /proc.
pub fn of(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // After the command's name in parentheses: state is field 3, utime 14, stime 15.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or("", |(_, rest)| rest).split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // Linux's USER_HZ is 100 (`getconf CLK_TCK`).
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}
