//! Tours' time budgets (`minutes:` on a tour and on its steps): checked
//! like every field, with the place and the reason, and shared out over
//! the steps as the speaker view counts them.

use std::time::Duration;

use dealscope::data::load::{DataSource, load};

use crate::common::run;

#[test]
fn minutes_must_be_positive_numbers_and_steps_must_fit_the_tour() {
    let f = "tests/fixtures/bad/minutes.yaml";
    let (code, out, err) = run(&["check", "--data", f]);
    assert!(err.is_empty(), "{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.starts_with(f)).collect();
    assert_eq!(
        lines,
        [
            format!("{f}:12:14: warning: the steps' `minutes` add up to 6.5, more than the tour's 5"),
            format!("{f}:16:18: error: `minutes` must be a positive number of minutes, and `0` is not"),
            format!("{f}:19:18: error: `minutes` must be a positive number of minutes, and `ten` is not"),
            format!("{f}:22:18: error: `minutes` must be a positive number of minutes, and `-2` is not"),
            format!("{f}:31:14: error: `minutes` must be a positive number of minutes, and `.inf` is not"),
        ],
        "{out}"
    );
    assert!(out.contains("= help: such as `5` or `2.5` (at most 1440)"), "{out}");
    assert_eq!(code, 1);
}

#[test]
fn steps_without_minutes_share_what_the_tour_leaves() {
    let ds = load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap();
    let tour = ds.tour("cross-licence").unwrap();
    assert_eq!(tour.minutes, Some(15.0));
    let budgets = tour.budgets();
    let secs: Vec<u64> = budgets.iter().map(|b| b.unwrap().as_secs()).collect();
    // Steps 3 and 8 give 3 minutes each; the 9 left over go to the other 7.
    let share = Duration::from_secs_f64(9.0 * 60.0 / 7.0).as_secs();
    assert_eq!(secs, [share, share, 180, share, share, share, share, 180, share]);
    let total: Duration = budgets.iter().flatten().sum();
    assert!((total.as_secs_f64() - 900.0).abs() < 0.01, "{total:?}");
}
