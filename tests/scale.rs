//! The app at scale: a generated 100k-entity dataset, typed into through the
//! state and worker API as the runtimes do.

use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use dealscope::action::{Action, Effect};
use dealscope::app::{App, Options};
use dealscope::model::{Dataset, Kind};
use dealscope::search::Searcher;
use dealscope::search_worker::{SearchResult, SearchWorker};

fn big() -> Arc<Dataset> {
    let files = dealscope::generate::render(100_000, 1, &mut |_, _| {});
    let loaded = dealscope::load::load_texts(files);
    Arc::new(loaded.dataset.expect("generated data is valid"))
}

/// Hands an effect's searches to the worker.
fn submit(worker: &SearchWorker, effect: Effect) {
    if let Effect::Search(jobs) = effect {
        jobs.into_iter().for_each(|j| worker.submit(j));
    }
}

/// Applies whatever results have arrived, as the runtime's loop does.
fn pump(app: &mut App, worker: &SearchWorker, found: &mpsc::Receiver<Arc<SearchResult>>) -> usize {
    let mut n = 0;
    for r in found.try_iter() {
        submit(worker, app.update(Action::SearchDone(r)));
        n += 1;
    }
    n
}

#[test]
fn typing_fast_never_leaves_a_stale_result_on_screen() {
    let ds = big();
    let mut app = App::new(Arc::clone(&ds), Options::default(), 80, 24);
    let (tx, found) = mpsc::channel();
    let worker = SearchWorker::new(move |r| {
        let _ = tx.send(Arc::new(r));
    })
    .unwrap();
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
        let start = Instant::now();
        while app.searching() {
            assert!(start.elapsed() < Duration::from_secs(60), "the search never finished");
            pump(&mut app, &worker, &found);
            std::thread::sleep(Duration::from_millis(2));
        }
        // Late results of older queries must not change what is shown.
        std::thread::sleep(Duration::from_millis(200));
        pump(&mut app, &worker, &found);
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
    let (tx, found) = mpsc::channel();
    let worker = SearchWorker::new(move |r| {
        let _ = tx.send(Arc::new(r));
    })
    .unwrap();
    submit(&worker, app.update(Action::OpenPalette));
    submit(&worker, app.update(Action::Insert('z')));
    let start = Instant::now();
    while app.searching() {
        assert!(start.elapsed() < Duration::from_secs(60));
        pump(&mut app, &worker, &found);
        std::thread::sleep(Duration::from_millis(2));
    }
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
