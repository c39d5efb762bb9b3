//! The app at scale: a generated 100k-entity dataset, typed into through the
//! state and worker API as the runtimes do.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use dealscope::app::action::Action;
use dealscope::app::msg::{Effect, Msg};
use dealscope::app::{App, Options};
use dealscope::data::model::{Dataset, Kind};
use dealscope::search::Searcher;
use dealscope::search::worker::{SearchJob, SearchResult, SearchTarget, SearchWorker};

fn big() -> Arc<Dataset> {
    let files = dealscope::data::generate::render(100_000, 1, &mut |_, _| {});
    let loaded = dealscope::data::load::load_texts(files);
    Arc::new(loaded.dataset.expect("generated data is valid"))
}

/// Hands the effects' searches to the worker.
fn submit(worker: &SearchWorker, effects: Vec<Effect>) {
    for effect in effects {
        if let Effect::Search(job) = effect {
            worker.submit(job);
        }
    }
}

/// Applies whatever results have arrived, as the runtime's loop does.
fn pump(app: &mut App, worker: &SearchWorker, found: &mpsc::Receiver<Arc<SearchResult>>) -> usize {
    let mut n = 0;
    for r in found.try_iter() {
        submit(worker, app.update(Msg::SearchDone(r)));
        n += 1;
    }
    n
}

#[test]
fn typing_fast_never_leaves_a_stale_result_on_screen() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (worker, found) = worker();
    let searcher = Searcher::new(&ds);

    // The events list (30,000 entities), then the palette (all 100,000).
    for (open, kind) in [(Action::GoTab(5), Some(Kind::Event)), (Action::OpenPalette, None)] {
        submit(&worker, app.update(open.clone()));
        if kind.is_some() {
            submit(&worker, app.update(Action::StartFilter));
        }
        // A first query, then backspacing and a second one, typed with no pause.
        let typed = "kovali";
        for c in typed.chars() {
            submit(&worker, app.update(Action::Insert(c)));
            pump(&mut app, &worker, &found);
        }
        for _ in 0..4 {
            submit(&worker, app.update(Action::DeleteBack));
        }
        for c in "rdra m".chars() {
            submit(&worker, app.update(Action::Insert(c)));
            pump(&mut app, &worker, &found);
        }
        let query = "kordra m";
        // Late results of older queries must not change what is shown.
        settle(&mut app, &worker, &found);
        let limit = if kind.is_some() { usize::MAX } else { 500 }; // the palette shows the best 500
        let expected: Vec<_> = searcher.search(&ds, query, kind, limit).iter().map(|h| h.id).collect();
        let shown: Vec<_> = match kind {
            Some(_) => {
                assert_eq!(app.list().query, query);
                assert_eq!(app.list().search.done_for.as_deref(), Some(query));
                app.list().rows.iter().map(|h| h.id).collect()
            }
            None => {
                let p = app.palette().unwrap();
                assert_eq!(p.query, query);
                p.hits.iter().map(|h| h.id).collect()
            }
        };
        assert!(!expected.is_empty(), "the query matches something");
        assert_eq!(shown, expected, "what is shown is the answer to the last query, whole");
        submit(&worker, app.update(Action::Cancel));
        submit(&worker, app.update(Action::Cancel));
    }
}

#[test]
fn a_longer_query_searches_only_the_last_matches() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (worker, found) = worker();
    submit(&worker, app.update(Action::OpenPalette));
    submit(&worker, app.update(Action::Insert('z')));
    settle(&mut app, &worker, &found);
    let first = app.palette().unwrap().search.matched.clone().expect("all matches kept");
    // "ze" is looked for among the matches of "z" only: fewer than the
    // worker's cutoff, so it is answered at once, from them.
    assert!(first.len() < dealscope::app::BACKGROUND_MIN, "{} matches", first.len());
    submit(&worker, app.update(Action::Insert('e')));
    assert!(!app.searching());
    let second = app.palette().unwrap().search.matched.clone().expect("answered at once");
    assert!(!second.is_empty() && second.len() < first.len());
    let first: std::collections::HashSet<_> = first.iter().collect();
    assert!(second.iter().all(|id| first.contains(id)));
}

/// How long a search at this scale may take before the test calls it hung.
const HANG: Duration = Duration::from_secs(120);

/// Applies results as they come until no search is running, then until the
/// worker has answered every job it was given: the late results of
/// cancelled searches are applied too, and must change nothing.
fn settle(app: &mut App, worker: &SearchWorker, found: &mpsc::Receiver<Arc<SearchResult>>) {
    while app.searching() {
        let r = found.recv_timeout(HANG).expect("a search never finished");
        submit(worker, app.update(Msg::SearchDone(r)));
    }
    // The worker runs its jobs one at a time, in the order given: a marker
    // job given last is answered after every result of the jobs before it.
    let marker = SearchTarget::Tag("the test's marker".into());
    loop {
        let indexed = app.indexed();
        let one = indexed.ds.lookup(&indexed.ds.entities()[0].id).expect("an entity");
        worker.submit(SearchJob {
            ticket: u64::MAX,
            target: marker.clone(),
            searcher: indexed.searcher,
            ds: indexed.ds,
            query: "x".into(),
            candidates: Arc::new(vec![one]),
            limit: 1,
        });
        let mut more = false;
        loop {
            let r = found.recv_timeout(HANG).expect("the worker answers the marker");
            if r.target == marker {
                break;
            }
            let effects = app.update(Msg::SearchDone(r));
            more |= effects.iter().any(|e| matches!(e, Effect::Search(_)));
            submit(worker, effects);
        }
        if !more {
            break;
        }
    }
    assert!(!app.searching());
}

fn worker() -> (SearchWorker, mpsc::Receiver<Arc<SearchResult>>) {
    let (tx, found) = mpsc::channel();
    let worker = SearchWorker::new(move |r| {
        let _ = tx.send(Arc::new(r));
    })
    .unwrap();
    (worker, found)
}

fn ids(hits: &[dealscope::search::Hit]) -> Vec<dealscope::data::model::EntityId> {
    hits.iter().map(|h| h.id).collect()
}

#[test]
fn backspacing_onto_a_finished_query_while_a_longer_one_runs() {
    let ds = big();
    let searcher = Searcher::new(&ds);
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (worker, found) = worker();
    // The events list (30,000): "a" and "an" both match more than the worker's cutoff.
    submit(&worker, app.update(Action::GoTab(5)));
    submit(&worker, app.update(Action::StartFilter));
    submit(&worker, app.update(Action::Insert('a')));
    settle(&mut app, &worker, &found);
    submit(&worker, app.update(Action::Insert('n')));
    assert!(app.searching(), "\"an\" goes to the worker");
    submit(&worker, app.update(Action::DeleteBack));
    settle(&mut app, &worker, &found);
    let all_a = searcher.search(&ds, "a", Some(Kind::Event), usize::MAX);
    let list = app.list();
    assert_eq!(list.search.done_for.as_deref(), Some("a"));
    assert_eq!(ids(&list.rows), ids(&all_a), "the answer to \"a\", not to \"an\"");
    assert_eq!(list.search.matched.as_ref().map(|m| m.len()), Some(all_a.len()), "the matches kept are those of \"a\"");
    // And "an" typed again narrows from the matches of "a", correctly.
    submit(&worker, app.update(Action::Insert('n')));
    settle(&mut app, &worker, &found);
    assert_eq!(ids(&app.list().rows), ids(&searcher.search(&ds, "an", Some(Kind::Event), usize::MAX)));
}

#[test]
fn two_lists_searching_at_once_both_finish() {
    let ds = big();
    let searcher = Searcher::new(&ds);
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (worker, found) = worker();
    // Events (30,000) and products (15,000), each filtered by "a" before either finishes.
    for tab in [5, 3] {
        submit(&worker, app.update(Action::GoTab(tab)));
        submit(&worker, app.update(Action::StartFilter));
        submit(&worker, app.update(Action::Insert('a')));
        submit(&worker, app.update(Action::Accept));
    }
    settle(&mut app, &worker, &found);
    for kind in [Kind::Event, Kind::Product] {
        let list = app.kind_list(kind);
        assert_eq!(list.search.done_for.as_deref(), Some("a"), "{kind:?}");
        assert_eq!(ids(&list.rows), ids(&searcher.search(&ds, "a", Some(kind), usize::MAX)), "{kind:?}");
    }
}

#[test]
fn a_reload_during_a_big_search_shows_the_new_data() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (worker, found) = worker();
    submit(&worker, app.update(Action::GoTab(5)));
    submit(&worker, app.update(Action::StartFilter));
    submit(&worker, app.update(Action::Insert('a')));
    assert!(app.searching());
    // The same generator with fewer entities: most ids are gone, some remain.
    let smaller = Arc::new(
        dealscope::data::load::load_texts(dealscope::data::generate::render(60_000, 1, &mut |_, _| {}))
            .dataset
            .unwrap(),
    );
    submit(&worker, app.update(Msg::Reloaded(Arc::clone(&smaller).into())));
    // Every row names an entity of the new data, even before results come.
    assert!(app.list().rows.iter().all(|h| h.id.index() < smaller.len()));
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    dealscope::ui::draw(&app, area, &mut ratatui::buffer::Buffer::empty(area));
    settle(&mut app, &worker, &found);
    let expected = Searcher::new(&smaller).search(&smaller, "a", Some(Kind::Event), usize::MAX);
    assert_eq!(ids(&app.list().rows), ids(&expected));
}

#[test]
fn the_timeline_filter_of_a_big_timeline_goes_in_slices() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let _ = app.update(Action::TimelineAll);
    let _ = app.update(Action::StartFilter);
    assert!(app.timeline().items().len() > dealscope::app::SLICED_ABOVE);
    for (i, c) in "kovl".chars().enumerate() {
        let _ = app.update(Action::Insert(c));
        if i == 0 {
            assert!(app.ticking(), "a big timeline is filtered a slice at a time");
            let (done, total) = app.filter_progress().unwrap();
            assert!(done > 0 && done < total, "one slice done at once: {done} of {total}");
        }
        // Keys come faster than the slices: sometimes one tick between them.
        if i % 2 == 1 {
            let _ = app.update(Msg::Tick);
        }
    }
    let mut ticks = 0;
    while app.ticking() {
        let _ = app.update(Msg::Tick);
        ticks += 1;
        assert!(ticks < 10_000);
    }
    let mut fresh = app.timeline_state().clone();
    fresh.refresh(app.dataset(), app.timeline());
    assert_eq!(app.timeline_state().picked, fresh.picked, "the same items as a filter done at once");
    assert!(!fresh.picked.is_empty());
    // Backspacing to one letter filters a big set again; Esc mid-way clears
    // the filter and the work, and shows every item.
    for _ in 0..3 {
        let _ = app.update(Action::DeleteBack);
    }
    assert!(app.ticking());
    let _ = app.update(Action::Cancel);
    assert!(!app.ticking());
    assert_eq!(app.timeline_state().picked.len(), app.timeline().items().len());
}

#[test]
fn the_first_rows_are_the_complete_rankings_first_rows() {
    let ds = Arc::new(
        dealscope::data::load::load_texts(dealscope::data::generate::render(30_000, 1, &mut |_, _| {}))
            .dataset
            .unwrap(),
    );
    let searcher = Searcher::new(&ds);
    let all: Vec<_> = ds.ids().collect();
    let queries = [
        "a",
        "k",
        "ko",
        "kov",
        "Ko",
        "KO",
        "z",
        "zentra",
        "mate 1",
        "m",
        "e",
        "x",
        "9",
        "anna m",
        "helix ",
        "snap",
        "kind:event a",
        "kind:source hu",
        "#5G",
        "kind:firm",
        "qqqq",
    ];
    for query in queries {
        // The reference: every match scored, then ranked.
        let mut complete = searcher.matches(&ds, query, &all);
        let matched: std::collections::HashSet<_> = complete.iter().map(|h| h.id).collect();
        dealscope::search::rank(&ds, &mut complete, usize::MAX);
        let every = searcher.classify(&ds, &searcher.prepare(&ds, query), &all).matched();
        assert_eq!(every.len(), matched.len(), "{query:?}: every match counted, none twice");
        assert!(every.iter().all(|id| matched.contains(id)), "{query:?}: the matches are skim's");
        for rows in [1, 20, 300] {
            let top = searcher.search_among(&ds, query, &all, rows);
            let want = &complete[..rows.min(complete.len())];
            assert_eq!(top, want, "{query:?}: the best {rows}, scored and ranked as the complete ranking has them");
        }
    }
}

#[test]
fn the_worker_sends_the_rows_in_view_before_the_complete_ranking() {
    let ds = big();
    let searcher = Arc::new(Searcher::new(&ds));
    let (tx, found) = mpsc::channel();
    let job = dealscope::search::worker::SearchJob {
        ticket: 1,
        target: dealscope::search::worker::SearchTarget::Kind(Kind::Event),
        ds: Arc::clone(&ds),
        searcher: Arc::clone(&searcher),
        query: "a".into(),
        candidates: Arc::new(ds.of_kind(Kind::Event).to_vec()),
        limit: usize::MAX,
    };
    job.run(&|| false, &mut |r| tx.send(r).unwrap());
    let results: Vec<SearchResult> = found.try_iter().collect();
    let complete = searcher.search(&ds, "a", Some(Kind::Event), usize::MAX);
    assert!(complete.len() > dealscope::search::worker::TOP_ROWS, "{} matches", complete.len());
    assert_eq!(results.len(), 2, "the rows in view, then all");
    let (first, last) = (&results[0], &results[1]);
    assert!(!first.complete && last.complete);
    assert_eq!(first.hits, complete[..dealscope::search::worker::TOP_ROWS], "exact before complete");
    assert_eq!(last.hits, complete);
    assert_eq!((first.matched.len(), last.matched.len()), (complete.len(), complete.len()), "counted at once");
}

#[test]
fn the_list_counts_its_matches_as_soon_as_its_first_rows_arrive() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (tx, found) = mpsc::channel();
    // The searches these effects ask for are run by hand below.
    let _ = app.update(Action::GoTab(5));
    let _ = app.update(Action::StartFilter);
    let jobs = app.update(Action::Insert('a'));
    let Some(Effect::Search(job)) = jobs.into_iter().find(|e| matches!(e, Effect::Search(_))) else {
        panic!("a search over 30,000 events goes to the worker")
    };
    job.run(&|| false, &mut |r| tx.send(r).unwrap());
    let mut results = found.try_iter();
    let first = results.next().unwrap();
    assert!(!first.complete);
    let count = first.matched.len();
    let _ = app.update(Msg::SearchDone(Arc::new(first)));
    assert!(app.searching(), "the rest of the ranking is on its way");
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut buf = ratatui::buffer::Buffer::empty(area);
    dealscope::ui::draw(&app, area, &mut buf);
    let screen: String = (0..24).map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n").collect();
    assert!(screen.contains(&format!("{count}/30000")), "the count, not `searching`:\n{screen}");
    let _ = app.update(Msg::SearchDone(Arc::new(results.next().unwrap())));
    assert!(!app.searching());
    assert_eq!(app.list().rows.len(), count);
}
