use std::time::Instant;
fn main() {
    let n: usize = std::env::args().nth(1).unwrap().parse().unwrap();
    let files = dealscope::generate::render(n, 1, &mut |_, _| {});
    let t = Instant::now();
    let ds = dealscope::load::load_texts(files).dataset.unwrap();
    println!("load {:?}", t.elapsed());
    let s0 = dealscope::search::Searcher::new(&ds);
    phases(&ds, &s0);
    let s = dealscope::search::Searcher::new(&ds);
    for q in ["k", "ko", "kov", "kova", "koval", "kovali", "zen", "mate 5"] {
        let t = Instant::now();
        let hits = s.search(&ds, q, None, usize::MAX);
        println!("{q:>8}: {:>8} hits in {:?}", hits.len(), t.elapsed());
    }
}
#[allow(dead_code)]
fn raw(ds: &dealscope::model::Dataset) {
    use fuzzy_matcher::FuzzyMatcher;
    let m = fuzzy_matcher::skim::SkimMatcherV2::default().smart_case();
    let names: Vec<&str> = ds.entities().iter().map(|e| e.name.as_str()).collect();
    for q in ["k", "ko", "kovali"] {
        let t = Instant::now();
        let n = names.iter().filter(|s| m.fuzzy_match(s, q).is_some()).count();
        println!("raw names {q}: {n} in {:?}", t.elapsed());
        let t = Instant::now();
        let n = names.iter().filter(|s| m.fuzzy_indices(s, q).is_some()).count();
        println!("raw names indices {q}: {n} in {:?}", t.elapsed());
    }
}
#[allow(dead_code)]
fn phases(ds: &dealscope::model::Dataset, s: &dealscope::search::Searcher) {
    let all: Vec<_> = ds.ids().collect();
    for q in ["k", "k", "ko"] {
        let t = Instant::now();
        let mut hits = s.matches(ds, q, &all);
        let m = t.elapsed();
        dealscope::search::rank(ds, &mut hits, usize::MAX);
        println!("phases {q}: match {m:?} rank {:?}", t.elapsed() - m);
    }
}
