//! Bare serde_yaml parsing of data files into `serde_yaml::Value`, timed: the
//! floor `dealscope check` is compared with in `bench/compare.sh`.
//!
//! Run: `cargo run --release --example yaml_parse -- DIR`

use std::time::Instant;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: yaml_parse DIR");
        std::process::exit(2);
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    let start = Instant::now();
    let mut nodes = 0usize;
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        nodes += count(&value);
    }
    println!("{:.3} s: {} files, {nodes} YAML nodes", start.elapsed().as_secs_f64(), paths.len());
}

fn count(v: &serde_yaml::Value) -> usize {
    1 + match v {
        serde_yaml::Value::Sequence(s) => s.iter().map(count).sum(),
        serde_yaml::Value::Mapping(m) => m.iter().map(|(k, v)| count(k) + count(v)).sum(),
        _ => 0,
    }
}
