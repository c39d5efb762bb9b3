//! How long "how are A and B connected?" takes at scale: `dealscope path`'s
//! search (the shortest few paths, up to 6 hops, 5 paths, with evidence)
//! between 40 pairs of entities of data from `dealscope gen` (seed 1), at
//! 10k and 100k entities. The goal is under 100 ms a query at 100k.
//!
//! Run: `cargo bench --bench paths`.

use std::time::{Duration, Instant};

use dealscope::data::model::{Dataset, EntityId, Kind};
use dealscope::graph::Connections;
use dealscope::graph::paths::paths;

fn dataset(n: usize) -> Dataset {
    let files = dealscope::data::generate::render(n, 1, &mut |_, _| {});
    dealscope::data::load::load_texts(files).dataset.expect("generated data is valid")
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    println!("| entities | graph build ms | pairs | found | p50 ms | p95 ms | max ms | hops (min–max) |");
    println!("|----------|----------------|-------|-------|--------|--------|--------|----------------|");
    for n in [10_000, 100_000] {
        let ds = dataset(n);
        let start = Instant::now();
        let conn = Connections::new(&ds);
        let build = start.elapsed();
        // Pairs across kinds: firms with people, chips and deals far apart in the files.
        let pick = |k: Kind, i: usize| -> EntityId {
            let all = ds.of_kind(k);
            all[(i * 7919) % all.len()]
        };
        let kinds = [Kind::Firm, Kind::Person, Kind::Chipset, Kind::Product, Kind::Agreement];
        let mut times = Vec::new();
        let (mut found, mut lens) = (0, Vec::new());
        for i in 0..40 {
            let (a, b) = (pick(kinds[i % 5], i), pick(kinds[(i + 2) % 5], i + 1000));
            let start = Instant::now();
            let p = paths(&ds, &conn, a, b, 6, 5);
            times.push(start.elapsed());
            if !p.is_empty() {
                found += 1;
                lens.extend(p.iter().map(|x| x.hops.len()));
            }
        }
        times.sort();
        println!(
            "| {:>8} | {:>14} | {:>5} | {:>5} | {:>6} | {:>6} | {:>6} | {:>14} |",
            n,
            ms(build),
            times.len(),
            found,
            ms(times[times.len() / 2]),
            ms(times[times.len() * 95 / 100]),
            ms(times[times.len() - 1]),
            format!("{}–{}", lens.iter().min().unwrap_or(&0), lens.iter().max().unwrap_or(&0))
        );
    }
}
