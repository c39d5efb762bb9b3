//! How the presenter keeps time against a tour's budget (`minutes:`): the
//! step's budget and what is left of it, the tour's, and how far ahead or
//! behind the presenter is. Pure arithmetic over durations (the budgets
//! come from [`Tour::budgets`](crate::data::tour::Tour::budgets)), for the
//! speaker view.

use std::time::Duration;

/// Within this of the plan, the presenter is on time.
const ON_TIME: Duration = Duration::from_secs(30);

/// The presenter's time against the budget, at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pace {
    /// The current step's budget, if it has one.
    pub step: Option<Duration>,
    /// The whole tour's budget (every step's), if every step has one.
    pub tour: Option<Duration>,
    /// Seconds behind the plan (negative: ahead), when every step up to
    /// this one has a budget.
    pub behind: Option<i64>,
}

impl Pace {
    /// The pace at step `step` (0-based) of a tour whose steps have these
    /// budgets, `on_step` into the step and `in_all` into the tour.
    pub fn at(budgets: &[Option<Duration>], step: usize, on_step: Duration, in_all: Duration) -> Pace {
        let this = budgets.get(step).copied().flatten();
        let tour = budgets.iter().copied().sum::<Option<Duration>>();
        let before = budgets.get(..step).and_then(|b| b.iter().copied().sum::<Option<Duration>>());
        // The plan's time at this moment: the steps before, then this one's
        // time so far, up to its budget (past it, the overrun is behind).
        let behind = before.zip(this).map(|(before, this)| {
            let planned = before + on_step.min(this);
            in_all.as_secs() as i64 - planned.as_secs() as i64
        });
        Pace { step: this, tour, behind }
    }

    /// `2:10 behind`, `1:05 ahead`, `on time`; `None` without a budget.
    pub fn words(&self) -> Option<String> {
        let behind = self.behind?;
        let d = Duration::from_secs(behind.unsigned_abs());
        Some(if d < ON_TIME {
            "on time".to_string()
        } else if behind > 0 {
            format!("{} behind", clock(d))
        } else {
            format!("{} ahead", clock(d))
        })
    }
}

/// `mm:ss` (or `h:mm:ss` past an hour).
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(m: u64) -> Option<Duration> {
        Some(Duration::from_secs(m * 60))
    }

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    #[test]
    fn ahead_or_behind_the_plan() {
        let budgets = [min(2), min(3), min(1)];
        // On step 2 (0-based 1), 1 min in, 4 min into the tour: it began at
        // 3:00 where the plan had it at 2:00, so a minute behind.
        let p = Pace::at(&budgets, 1, s(60), s(240));
        assert_eq!((p.step, p.tour, p.behind), (min(3), min(6), Some(60)));
        assert_eq!(p.words().as_deref(), Some("01:00 behind"));
        // The step began early (1:00): ahead, and it stays so while within its budget.
        assert_eq!(Pace::at(&budgets, 1, s(100), s(160)).words().as_deref(), Some("01:00 ahead"));
        // Past the step's budget, every second more is behind.
        assert_eq!(Pace::at(&budgets, 1, s(240), s(360)).behind, Some(60));
        assert_eq!(Pace::at(&budgets, 0, s(10), s(10)).words().as_deref(), Some("on time"));
        // Without a budget for every step so far, no verdict, but the step's budget.
        let partial = [None, min(3)];
        let p = Pace::at(&partial, 1, s(10), s(100));
        assert_eq!((p.step, p.tour, p.behind, p.words()), (min(3), None, None, None));
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(s(83)), "01:23");
        assert_eq!(clock(s(3725)), "1:02:05");
    }
}
