//! Times `dealscope search`'s search alone (data loaded once), for each query
//! given: the in-process figure `bench/compare.sh` sets beside `fzf --filter`.
//! Each query is a whole search over every entity, ranked, no narrowing.
//!
//! Run: `cargo run --release --example search_times -- DIR QUERY...`

use std::time::Instant;

use dealscope::data::load::{DataSource, load};
use dealscope::search::Searcher;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: search_times DIR QUERY...");
        std::process::exit(2);
    };
    let loaded = load(&DataSource::Path(dir.into()), Default::default()).expect("readable data");
    let ds = loaded.dataset.expect("valid data");
    let searcher = Searcher::new(&ds);
    for q in args {
        // Best of three, as a warm process would answer.
        let mut best = f64::MAX;
        let mut hits = 0;
        for _ in 0..3 {
            let start = Instant::now();
            hits = searcher.search(&ds, &q, None, usize::MAX).len();
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!("{q}\t{:.2}\t{hits}", best * 1000.0);
    }
}
