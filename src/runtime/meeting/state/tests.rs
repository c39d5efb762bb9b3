//! The meeting driven by commands alone, with instants of the test's own.

use super::*;
use crate::app::View;
use crate::data::model::Kind;
use crate::text::input::TextInput;

const GRACE: Duration = Duration::from_secs(600);

fn outlines() -> Vec<Outline> {
    vec![Outline { id: "demo".into(), steps: 9 }, Outline { id: "short".into(), steps: 2 }]
}

fn meeting(opening: Option<(&str, usize)>) -> Meeting {
    Meeting::new(GRACE, true, opening.map(|(id, n)| (id.to_string(), n)), outlines())
}

fn claim(m: &mut Meeting, key: Option<&str>, now: Instant) -> Claimed {
    // Each claim is a session of its own.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(100);
    let session = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = "someone".to_string();
    match m
        .apply(Command::Claim { session, name: Name::plain(name), key: key.map(String::from), may_present: true }, now)
    {
        Answer::Claimed(c) => c,
        other => panic!("a claim is answered: {other:?}"),
    }
}

fn lease(c: Claimed) -> u64 {
    match c {
        Claimed::Presents { lease, .. } => lease,
        Claimed::Follows => panic!("expected to present"),
    }
}

fn place(query: &str) -> Shown {
    Shown {
        data: 0,
        place: Arc::new(Place {
            view: View::Kind(Kind::Firm),
            query: TextInput::new(query),
            entity: None,
            focus: crate::app::Focus::List,
            link: None,
            timeline: None,
            paths: None,
            hood: None,
            as_of: None,
            found: None,
        }),
        concealed: None,
    }
}

fn step(m: &Meeting) -> usize {
    m.snapshot().tour.expect("a tour runs").step
}

#[test]
fn a_presenter_who_drops_takes_the_presentation_back_with_the_same_key() {
    let t0 = Instant::now();
    let mut m = meeting(Some(("demo", 6)));
    let first = lease(claim(&mut m, Some("KEY"), t0));
    assert_eq!(step(&m), 6, "it opens on --step");
    let tour = m.snapshot().tour.unwrap();
    assert_eq!((tour.since, tour.step_since), (t0, t0));
    m.apply(Command::Show { lease: first, shown: place("x"), size: (80, 24) }, t0);
    m.apply(Command::Say { lease: first, caption: "said".into() }, t0);
    // The connection drops: the presentation waits, its state frozen.
    let t1 = t0 + Duration::from_secs(30);
    assert_eq!(m.apply(Command::Release { lease: first, quit: false }, t1), Answer::Done);
    assert_eq!(m.snapshot().presence, Presence::Away { since: t1, until: t1 + GRACE });
    assert_eq!(m.deadline(), Some(t1 + GRACE));
    // Another key cannot take it, nor can a session that may not present.
    assert_eq!(claim(&mut m, Some("OTHER"), t1), Claimed::Follows);
    let none = m.apply(
        Command::Claim { session: 9, name: Name::plain("n".into()), key: Some("KEY".into()), may_present: false },
        t1,
    );
    assert_eq!(none, Answer::Claimed(Claimed::Follows));
    // The same key, within the grace: the same step, place, caption and clocks.
    let t2 = t1 + Duration::from_secs(60);
    m.apply(Command::Tick, t2);
    let back = claim(&mut m, Some("KEY"), t2);
    let second = match back {
        Claimed::Presents { lease, resumed: true } => lease,
        other => panic!("{other:?}"),
    };
    assert!(second > first);
    let s = m.snapshot();
    assert_eq!(s.presence, Presence::Here);
    assert_eq!(s.tour.as_ref().map(|t| (t.step, t.since, t.step_since)), Some((6, t0, t0)));
    assert_eq!(s.shown, Some(place("x")));
    assert_eq!(s.caption.as_deref(), Some("said"));
    assert_eq!(s.presentation, 1, "the same presentation");
    // The old lease's commands are refused.
    assert_eq!(m.apply(Command::Show { lease: first, shown: place("old"), size: (1, 1) }, t2), Answer::Stale);
    assert_eq!(m.apply(Command::Tour { lease: first, at: None }, t2), Answer::Stale);
    assert_eq!(m.apply(Command::Release { lease: first, quit: true }, t2), Answer::Stale);
    assert_eq!(m.snapshot().shown, Some(place("x")));
    assert!(m.snapshot().tour.is_some());
}

#[test]
fn a_presenter_seemingly_still_here_is_taken_over_by_its_own_key_only() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    let first = lease(claim(&mut m, Some("KEY"), t0));
    assert_eq!(claim(&mut m, Some("OTHER"), t0), Claimed::Follows);
    let second = lease(claim(&mut m, Some("KEY"), t0));
    assert!(second > first);
    assert_eq!(m.apply(Command::Say { lease: first, caption: "late".into() }, t0), Answer::Stale);
    // Where keys do not name presenters (anyone may present), a second
    // session with the presenter's key follows while the presenter is here.
    let mut m = Meeting::new(GRACE, false, None, outlines());
    let first = lease(claim(&mut m, Some("KEY"), t0));
    assert_eq!(claim(&mut m, Some("KEY"), t0), Claimed::Follows);
    m.apply(Command::Release { lease: first, quit: false }, t0);
    assert_eq!(claim(&mut m, Some("OTHER"), t0), Claimed::Follows, "nor another key during the grace");
    assert!(matches!(claim(&mut m, Some("KEY"), t0), Claimed::Presents { resumed: true, .. }));
    // A presenter without a key cannot be told apart: while it is here,
    // nobody takes over; once it is away, whoever may present does.
    let mut m = meeting(None);
    let first = lease(claim(&mut m, None, t0));
    assert_eq!(claim(&mut m, None, t0), Claimed::Follows);
    m.apply(Command::Release { lease: first, quit: false }, t0);
    assert!(matches!(claim(&mut m, None, t0), Claimed::Presents { resumed: true, .. }));
}

#[test]
fn the_grace_runs_out_or_a_quit_ends_the_presentation() {
    let t0 = Instant::now();
    let mut m = meeting(Some(("demo", 0)));
    let first = lease(claim(&mut m, Some("KEY"), t0));
    m.apply(Command::Release { lease: first, quit: false }, t0);
    m.apply(Command::Tick, t0 + GRACE - Duration::from_secs(1));
    assert!(matches!(m.snapshot().presence, Presence::Away { .. }));
    m.apply(Command::Tick, t0 + GRACE);
    let s = m.snapshot();
    assert_eq!(s.presence, Presence::Idle);
    assert!(s.tour.is_none() && s.shown.is_none() && s.key.is_none());
    assert_eq!(m.deadline(), None);
    // Then anyone who may present starts a new one, on the opening step.
    let t1 = t0 + GRACE * 2;
    assert_eq!(claim(&mut m, Some("OTHER"), t1), Claimed::Presents { lease: first + 1, resumed: false });
    assert_eq!((m.snapshot().presentation, step(&m)), (2, 0));
    // A deliberate quit ends it at once.
    m.apply(Command::Release { lease: first + 1, quit: true }, t1);
    assert_eq!(m.snapshot().presence, Presence::Idle);
}

#[test]
fn the_tour_moves_from_the_presenter_or_its_speaker_view_and_keeps_its_clocks() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    let l = lease(claim(&mut m, Some("KEY"), t0));
    assert!(m.snapshot().tour.is_none());
    // The speaker view cannot move a tour that does not run.
    let refused = m.apply(Command::Step { key: "KEY".into(), to: Move::Next }, t0);
    assert!(matches!(refused, Answer::Refused(_)));
    // The presenter starts one (p): its clock starts.
    let t1 = t0 + Duration::from_secs(5);
    m.apply(Command::Tour { lease: l, at: Some(("demo".into(), 0)) }, t1);
    let rev0 = m.snapshot().tour.unwrap().rev;
    // The speaker view's PgDn, then a jump; another key's is refused.
    let t2 = t1 + Duration::from_secs(60);
    assert_eq!(m.apply(Command::Step { key: "KEY".into(), to: Move::Next }, t2), Answer::Done);
    let t = m.snapshot().tour.unwrap();
    assert_eq!((t.step, t.since, t.step_since), (1, t1, t2));
    assert!(t.rev > rev0);
    let other = m.apply(Command::Step { key: "OTHER".into(), to: Move::Next }, t2);
    assert_eq!(other, Answer::Refused("only the presenter's key moves the tour".into()));
    m.apply(Command::Step { key: "KEY".into(), to: Move::To(3) }, t2);
    assert_eq!(step(&m), 3);
    m.apply(Command::Step { key: "KEY".into(), to: Move::To(99) }, t2);
    assert_eq!(step(&m), 8, "a jump past the end lands on the last step");
    let last = m.apply(Command::Step { key: "KEY".into(), to: Move::Next }, t2);
    assert_eq!(last, Answer::Refused("the last step of the tour".into()));
    // The presenter's own move to the step it is on changes no clock.
    let before = m.snapshot().tour.unwrap();
    m.apply(Command::Tour { lease: l, at: Some(("demo".into(), 8)) }, t2 + Duration::from_secs(9));
    assert_eq!(m.snapshot().tour.unwrap(), before);
    // While the presenter is away, the speaker view waits too.
    m.apply(Command::Release { lease: l, quit: false }, t2);
    let away = m.apply(Command::Step { key: "KEY".into(), to: Move::Prev }, t2);
    assert_eq!(away, Answer::Refused("the presenter is away: the tour waits for them".into()));
}

#[test]
fn a_reload_keeps_the_tour_by_its_id_and_clamps_its_step() {
    let t0 = Instant::now();
    let mut m = meeting(Some(("demo", 7)));
    lease(claim(&mut m, Some("KEY"), t0));
    m.apply(Command::Tours(vec![Outline { id: "demo".into(), steps: 5 }]), t0 + Duration::from_secs(1));
    let t = m.snapshot().tour.unwrap();
    assert_eq!((t.step, t.steps, t.since), (4, 5, t0));
    m.apply(Command::Tours(vec![]), t0);
    assert!(m.snapshot().tour.is_none(), "a tour the data lost ends");
}

#[test]
fn the_roster_has_one_row_per_person_with_a_session_count() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    let join = |m: &mut Meeting, session, name: &str, may_present| {
        m.apply(Command::Claim { session, name: Name::plain(name.into()), key: Some(name.into()), may_present }, t0)
    };
    assert!(matches!(join(&mut m, 4, "presenter", true), Answer::Claimed(Claimed::Presents { .. })));
    assert!(m.snapshot().roster.is_empty(), "the presenter is in no roster, not even for a moment");
    for (session, name) in [(1, "alice"), (2, "bob"), (3, "alice")] {
        assert_eq!(join(&mut m, session, name, true), Answer::Claimed(Claimed::Follows));
    }
    m.apply(Command::Seen { session: 1, role: Role::Following, place: "Huawei".into() }, t0);
    m.apply(Command::Seen { session: 2, role: Role::Following, place: "Huawei".into() }, t0);
    m.apply(Command::Seen { session: 3, role: Role::Roaming, place: "Xiaomi".into() }, t0);
    let s = m.snapshot();
    assert_eq!(s.viewers, 3, "the presenter's own session is no viewer");
    let rows: Vec<(&str, usize, &str, &str)> =
        s.roster.iter().map(|r| (r.name.as_str(), r.sessions, r.status.as_str(), r.place.as_str())).collect();
    assert_eq!(rows, [("alice", 2, "1 following, 1 roaming", "Xiaomi"), ("bob", 1, "following", "Huawei")]);
    m.apply(Command::Leave { session: 3 }, t0);
    assert_eq!(m.snapshot().roster[0].sessions, 1);
    assert_eq!(m.snapshot().roster[0].status, "following");
}

#[test]
fn a_move_reaches_the_roster_with_the_next_one_and_a_change_of_part_at_once() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    let join = |m: &mut Meeting, session, name: &str| {
        m.apply(
            Command::Claim { session, name: Name::plain(name.into()), key: Some(name.into()), may_present: false },
            t0,
        )
    };
    join(&mut m, 1, "alice");
    m.apply(Command::Seen { session: 1, role: Role::Following, place: "Huawei".into() }, t0);
    assert_eq!(m.snapshot().roster[0].place, "Huawei", "where one who just came is shows at once");
    assert_eq!(m.deadline(), None);
    // A hundred moves before the roster is made again make one roster.
    for step in 0..100 {
        m.apply(Command::Seen { session: 1, role: Role::Following, place: format!("step {step}") }, t0);
    }
    assert_eq!(m.snapshot().roster[0].place, "Huawei", "moves wait for the next roster");
    assert_eq!(m.deadline(), Some(t0 + ROSTER_EVERY));
    m.apply(Command::Tick, t0 + ROSTER_EVERY - Duration::from_millis(1));
    assert_eq!(m.snapshot().roster[0].place, "Huawei", "not before it is due");
    m.apply(Command::Tick, t0 + ROSTER_EVERY);
    assert_eq!(m.snapshot().roster[0].place, "step 99");
    assert_eq!(m.deadline(), None, "nothing more to wait for");
    m.apply(Command::Seen { session: 1, role: Role::Roaming, place: "Xiaomi".into() }, t0 + ROSTER_EVERY);
    assert_eq!(
        (m.snapshot().roster[0].status.as_str(), m.snapshot().roster[0].place.as_str()),
        ("roaming", "Xiaomi"),
        "roaming shows at once, and where"
    );
}

#[test]
fn a_new_presenter_leaves_the_roster_at_once() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    for (session, name) in [(1, "ann"), (2, "bo")] {
        let claim = Command::Claim { session, name: Name::plain(name.into()), key: None, may_present: false };
        m.apply(claim, t0);
        m.apply(Command::Seen { session, role: Role::Following, place: "Huawei".into() }, t0);
    }
    assert_eq!(m.snapshot().roster.len(), 2);
    // Bo's session says it presents (a takeover's session): out of the
    // roster at once, its part and place unchanged otherwise.
    m.members.get_mut(&2).unwrap().role = Some(Role::Presenter);
    m.apply(Command::Seen { session: 2, role: Role::Presenter, place: "Huawei".into() }, t0);
    let names: Vec<String> = m.snapshot().roster.iter().map(|r| r.name.clone()).collect();
    assert_eq!(names, ["ann"], "the presenter is in no roster, not even for a moment");
}

#[test]
fn a_presentation_that_ends_says_where_it_ended_until_the_next_begins() {
    let t0 = Instant::now();
    let mut m = meeting(None);
    let lease = lease(claim(&mut m, Some("KEY"), t0));
    m.apply(Command::Show { lease, shown: place("last"), size: (80, 24) }, t0);
    assert_eq!(m.snapshot().ended_on, None, "none while it runs");
    m.apply(Command::Release { lease, quit: true }, t0);
    let snap = m.snapshot();
    assert_eq!(snap.presence, Presence::Idle);
    assert_eq!(snap.shown, None);
    assert_eq!(snap.ended_on, Some(place("last")), "the last place shown");
    let _ = claim(&mut m, Some("OTHER"), t0);
    assert_eq!(m.snapshot().ended_on, None, "a new presentation has not ended");
}
