//! A generator of large, valid, deterministic datasets (`dealscope gen`), for
//! benchmarks and for trying the app at scale. The shape follows the demo
//! data: every kind, names of realistic length, CJK aliases, dense links
//! between entities, dates over thirty years at mixed precision, disputed
//! facts, confidential entries and tours. The dates are plausible (firms
//! are founded before anything else happens to them, products launch after
//! their chips are announced, events follow what they involve), so the data
//! checks with no warnings.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::data::load::ids::slug;

mod words;
use words::{
    AGREEMENT_KINDS, CATEGORIES, CHIP_BRANDS, CITIES, CJK, CJK_SURNAMES, COUNTRIES, EVENT_KINDS, EVENT_VERBS,
    FIRM_SUFFIX, FIRST, HEADLINE_WORDS, LAST, PROCESSES, PRODUCT_LINES, PRODUCT_TAIL, PUBLISHERS, SCOPES, SYLLABLES,
    TAGS, TITLES,
};

/// Entities per file: keeps each file far below the size limit and lets
/// loading use every core.
pub const PER_FILE: usize = 5_000;

/// Why generating failed.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The output directory already holds files.
    #[error("{0}: the directory is not empty; gen writes only into a new or empty directory")]
    NotEmpty(PathBuf),
    /// Writing failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// What was being written.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
}

/// A small, fast, fixed pseudo-random generator (SplitMix64): the same seed
/// gives the same data on every machine and every version of our deps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `pct` percent.
    fn chance(&mut self, pct: usize) -> bool {
        self.below(100) < pct
    }
}

/// How many entities of each kind make `n`, in `Kind::ALL` order
/// (firms, people, chipsets, products, agreements, events, sources).
fn counts(n: usize) -> [usize; 7] {
    let share = |pct: usize| n * pct / 100;
    let sources = share(10).max(1).min(n);
    let firms = share(10).max(2).min(n - sources);
    if firms < 2 {
        // Too small for links (an agreement needs two firms): firms and sources only.
        return [n - sources, 0, 0, 0, 0, 0, sources];
    }
    let mut c = [firms, share(12), share(8), share(15), share(15), 0, sources];
    let used: usize = c.iter().sum();
    let used = used.min(n);
    c[5] = n - used;
    // Small sizes: the shares above may overshoot; trim from the end.
    let mut over = c.iter().sum::<usize>().saturating_sub(n);
    for slot in [5, 4, 3, 2, 1] {
        let cut = over.min(c[slot]);
        c[slot] -= cut;
        over -= cut;
    }
    c
}

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date between 1996 and 2025, mostly to the day.
fn date(r: &mut Rng) -> (i32, u32, u32, String) {
    date_in(r, 1996, 30)
}

/// A date in one of `years` years from `first`, mostly to the day.
fn date_in(r: &mut Rng, first: i32, years: usize) -> (i32, u32, u32, String) {
    let y = first + r.below(years) as i32;
    let m = 1 + r.below(12) as u32;
    let d = 1 + r.below(28) as u32;
    let text = match r.below(20) {
        0 => format!("{y}"),
        1..=3 => format!("{y}-{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    };
    (y, m, d, text)
}

fn word(r: &mut Rng, syllables: usize) -> String {
    let mut w: String = (0..syllables).map(|_| r.pick(SYLLABLES)).collect();
    if let Some(first) = w.get(..1) {
        w.replace_range(..1, &first.to_uppercase());
    }
    w
}

fn cjk(r: &mut Rng, len: usize) -> String {
    (0..len).map(|_| r.pick(CJK)).collect()
}

/// The generated entities' ids by kind, so that links can point at them.
struct Ids {
    firms: Vec<String>,
    people: Vec<String>,
    chipsets: Vec<String>,
    products: Vec<String>,
    agreements: Vec<String>,
    sources: Vec<String>,
}

/// Lines shared by every entity: tags, a summary, sources. Each source is
/// cited at least once, by the `n`th entity of any kind taking source `n`.
fn common(r: &mut Rng, ids: &Ids, n: usize, summary: &str, out: &mut String) {
    let tags: Vec<&str> = (0..1 + r.below(3)).map(|_| r.pick(TAGS)).collect();
    let mut tags_dedup: Vec<&str> = Vec::new();
    for t in tags {
        if !tags_dedup.contains(&t) {
            tags_dedup.push(t);
        }
    }
    let _ = writeln!(out, "    tags: [{}]", tags_dedup.join(", "));
    let _ = writeln!(out, "    summary: {}", q(summary));
    let mut srcs = vec![ids.sources[n % ids.sources.len()].as_str()];
    if r.chance(40) {
        let extra = ids.sources[r.below(ids.sources.len())].as_str();
        if !srcs.contains(&extra) {
            srcs.push(extra);
        }
    }
    let _ = writeln!(out, "    sources: [{}]", srcs.join(", "));
}

/// Writes a dataset of `n` entities into `out` (created if missing; it must
/// be empty). Returns the files written. `progress` hears (done, total).
pub fn generate(
    n: usize,
    out: &Path,
    seed: u64,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>, GenError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GenError::Io { path, source }
    };
    if out.exists() {
        let mut entries = std::fs::read_dir(out).map_err(io(out))?;
        if entries.next().is_some() {
            return Err(GenError::NotEmpty(out.to_path_buf()));
        }
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    let mut files = Vec::new();
    for (name, text) in render(n, seed, progress) {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(io(&path))?;
        files.push(path);
    }
    Ok(files)
}

/// The dataset of `n` entities as (file name, YAML text) pairs, in memory.
pub fn render(n: usize, seed: u64, progress: &mut dyn FnMut(usize, usize)) -> Vec<(String, String)> {
    let mut r = Rng(seed ^ 0x6465_616C_7363_6F70); // "dealscop"
    let [firms, people, chipsets, products, agreements, events, sources] = counts(n);
    let mut serial = 0usize;
    let mut id = |base: &str| {
        serial += 1;
        format!("{}-{serial:x}", slug(base))
    };
    // Names and ids first, so that any entity can link to any other.
    let mut firm_names: Vec<String> =
        (0..firms).map(|_| format!("{} {}", word(&mut r, 2), r.pick(FIRM_SUFFIX))).collect();
    // One firm in fifty is confidential. Other entries' text names it as an
    // author would under redaction (not by name: `check` would warn), and its
    // name has a word of its own, so that no public firm shares it.
    let secret: Vec<bool> = (0..firms).map(|_| r.chance(2)).collect();
    for (name, _) in firm_names.iter_mut().zip(&secret).filter(|(_, s)| **s) {
        *name = format!("{} {name}", word(&mut r, 3));
    }
    let named: Vec<&str> =
        firm_names.iter().zip(&secret).map(|(n, s)| if *s { "an undisclosed firm" } else { n.as_str() }).collect();
    let person_names: Vec<String> = (0..people).map(|_| format!("{} {}", r.pick(FIRST), r.pick(LAST))).collect();
    let chip_names: Vec<String> = (0..chipsets)
        .map(|_| format!("{} {}{}", r.pick(CHIP_BRANDS), 100 + r.below(9900), r.pick(&["", "s", "e", "+"])))
        .collect();
    let product_names: Vec<String> = (0..products)
        .map(|_| format!("{} {}{}", r.pick(PRODUCT_LINES), 1 + r.below(80), r.pick(PRODUCT_TAIL)))
        .collect();
    let source_titles: Vec<String> = (0..sources)
        .map(|_| {
            format!("{}: {} {} {}", r.pick(PUBLISHERS), word(&mut r, 2), r.pick(HEADLINE_WORDS), r.pick(HEADLINE_WORDS))
        })
        .collect();
    let ids = Ids {
        firms: firm_names.iter().map(|s| id(s)).collect(),
        people: person_names.iter().map(|s| id(s)).collect(),
        chipsets: chip_names.iter().map(|s| id(s)).collect(),
        products: product_names.iter().map(|s| id(s)).collect(),
        agreements: (0..agreements).map(|_| id("deal")).collect(),
        sources: (0..sources).map(|_| id("src")).collect(),
    };
    let event_ids: Vec<String> = (0..events).map(|_| id("event")).collect();

    let mut files = vec![(
        "dataset.yaml".to_string(),
        format!(
            "dataset:\n  title: {}\n  description: {}\n",
            q(&format!("Generated: {n} entities, seed {seed}")),
            q("Made by dealscope gen for benchmarks and tests; not real data.")
        ),
    )];
    let mut done = 0usize;
    let mut emit =
        |files: &mut Vec<(String, String)>, key: &str, count: usize, one: &mut dyn FnMut(usize, &mut String)| {
            for (part, start) in (0..count).step_by(PER_FILE).enumerate() {
                let mut text = format!("{key}:\n");
                for i in start..(start + PER_FILE).min(count) {
                    one(i, &mut text);
                    done += 1;
                }
                files.push((format!("{key}-{:04}.yaml", part + 1), text));
                progress(done, n);
            }
        };

    // What later kinds need to know of earlier ones: the year each chip was
    // announced and each product launched, and each deal's parties and signing.
    let mut chip_years: Vec<i32> = Vec::with_capacity(chipsets);
    let mut product_years: Vec<i32> = Vec::with_capacity(products);
    let mut deals: Vec<(usize, usize, String)> = Vec::with_capacity(agreements);
    let mut serial_src = 0usize;
    let mut next = || {
        serial_src += 1;
        serial_src
    };
    emit(&mut files, "sources", sources, &mut |i, out| {
        let (_, _, _, d) = date(&mut r);
        let _ = writeln!(out, "  - id: {}\n    title: {}", ids.sources[i], q(&source_titles[i]));
        let _ = writeln!(out, "    author: {}", q(&format!("{} {}", r.pick(FIRST), r.pick(LAST))));
        let publisher = source_titles[i].split(':').next().unwrap_or_default();
        let _ = writeln!(out, "    publisher: {}", q(publisher));
        let _ = writeln!(out, "    url: {}", q(&format!("https://example.com/news/{}", ids.sources[i])));
        let _ = writeln!(out, "    date: {d}");
        let _ = writeln!(out, "    summary: {}", q("A generated news report."));
    });
    emit(&mut files, "firms", firms, &mut |i, out| {
        let n = next();
        let _ = writeln!(out, "  - id: {}\n    name: {}", ids.firms[i], q(&firm_names[i]));
        // (A confidential firm has no Chinese alias: the few characters they
        // are made of would make it another firm's too.)
        if r.chance(40) && !secret[i] {
            let _ = writeln!(
                out,
                "    aliases: [{}]",
                q(&format!("{}{}", cjk(&mut r, 2), r.pick(&["科技", "电子", "通信", "半导体"])))
            );
        }
        let _ = writeln!(out, "    country: {}\n    hq: {}", r.pick(COUNTRIES), q(r.pick(CITIES)));
        // Founded before 1996, when everything else begins.
        let (_, _, _, d) = date_in(&mut r, 1970, 26);
        let _ = writeln!(out, "    founded: {d}");
        if i > 0 && r.chance(10) {
            let _ = writeln!(out, "    parent: {}", ids.firms[r.below(i)]);
        }
        let summary = format!(
            "{} is a generated maker of {} based in {}, active in {} and {}.",
            firm_names[i],
            r.pick(CATEGORIES),
            r.pick(CITIES),
            r.pick(SCOPES),
            r.pick(SCOPES)
        );
        common(&mut r, &ids, n, &summary, out);
        if secret[i] {
            let _ = writeln!(out, "    confidential: true");
        }
    });
    emit(&mut files, "people", people, &mut |i, out| {
        let n = next();
        let _ = writeln!(out, "  - id: {}\n    name: {}", ids.people[i], q(&person_names[i]));
        if r.chance(30) {
            let _ = writeln!(out, "    aliases: [{}]", {
                let len = 1 + r.below(2);
                q(&format!("{}{}", r.pick(CJK_SURNAMES), cjk(&mut r, len)))
            });
        }
        let _ = writeln!(out, "    roles:");
        let mut year = 1996 + r.below(20);
        for _ in 0..1 + r.below(3) {
            let to = year + 1 + r.below(8);
            let _ = writeln!(out, "      - firm: {}", ids.firms[r.below(ids.firms.len())]);
            let _ = writeln!(out, "        title: {}", q(r.pick(TITLES)));
            let _ = writeln!(out, "        from: {year}");
            if to <= 2025 && r.chance(70) {
                let _ = writeln!(out, "        to: {to}");
            }
            year = to.min(2025);
        }
        let summary = format!("{} is a generated executive who has spoken for several deals.", person_names[i]);
        common(&mut r, &ids, n, &summary, out);
    });
    emit(&mut files, "chipsets", chipsets, &mut |i, out| {
        let n = next();
        let _ = writeln!(out, "  - id: {}\n    name: {}", ids.chipsets[i], q(&chip_names[i]));
        let _ = writeln!(out, "    designer: {}", ids.firms[r.below(ids.firms.len())]);
        if r.chance(70) {
            let _ = writeln!(out, "    foundry: {}", ids.firms[r.below(ids.firms.len())]);
        }
        let _ = writeln!(out, "    process: {}", q(r.pick(PROCESSES)));
        let (y, _, _, d) = date(&mut r);
        chip_years.push(y);
        let _ = writeln!(out, "    announced: {d}");
        if i > 0 && r.chance(50) {
            let _ = writeln!(out, "    predecessor: {}", ids.chipsets[r.below(i)]);
        }
        let _ = writeln!(
            out,
            "    specs:\n      cpu: {}",
            q(&format!("{} cores at {}.{} GHz", 4 + r.below(8), 1 + r.below(3), r.below(10)))
        );
        let summary = format!("{} is a generated system-on-chip on a {} process.", chip_names[i], r.pick(PROCESSES));
        common(&mut r, &ids, n, &summary, out);
    });
    emit(&mut files, "products", products, &mut |i, out| {
        let n = next();
        let _ = writeln!(out, "  - id: {}\n    name: {}", ids.products[i], q(&product_names[i]));
        let _ = writeln!(out, "    maker: {}", ids.firms[r.below(ids.firms.len())]);
        // Launched in one of the three years after its chips were announced.
        let mut first_year = 1996;
        let mut chips = Vec::new();
        if !ids.chipsets.is_empty() {
            let (a, b) = (r.below(ids.chipsets.len()), r.below(ids.chipsets.len()));
            chips.push(a);
            if a != b && r.chance(30) {
                chips.push(b);
            }
            first_year = chips.iter().map(|&c| chip_years[c] + 1).max().unwrap_or(first_year);
            let list: Vec<&str> = chips.iter().map(|&c| ids.chipsets[c].as_str()).collect();
            let _ = writeln!(out, "    chipsets: [{}]", list.join(", "));
        }
        let _ = writeln!(out, "    category: {}", r.pick(CATEGORIES));
        let (y, _, _, d) = date_in(&mut r, first_year, 3);
        product_years.push(y);
        let _ = writeln!(out, "    launched: {d}");
        let summary =
            format!("The {} is a generated {} with {} support.", product_names[i], r.pick(CATEGORIES), r.pick(SCOPES));
        common(&mut r, &ids, n, &summary, out);
        // Now and then the sources disagree on which chip it has.
        if let ([c, ..], true) = (chips.as_slice(), r.chance(5)) {
            let other = r.below(ids.chipsets.len());
            let cites = [&ids.sources[r.below(ids.sources.len())], &ids.sources[r.below(ids.sources.len())]];
            let _ = writeln!(
                out,
                "    disputed:\n      - field: chipsets\n        note: {}\n        claims:\n          - value: {}\n            sources: [{}]\n          - value: {}\n            sources: [{}]",
                q("Which chip it uses; the maker has not said."),
                q(&chip_names[*c]),
                cites[0],
                q(&chip_names[other]),
                cites[1]
            );
        }
    });
    emit(&mut files, "agreements", agreements, &mut |i, out| {
        let n = next();
        let a = r.below(ids.firms.len());
        let mut b = r.below(ids.firms.len() - 1);
        if b >= a {
            b += 1;
        }
        let kind = r.pick(AGREEMENT_KINDS);
        let title = format!("{} and {} {}", named[a], named[b], kind.replace('-', " "));
        let _ = writeln!(out, "  - id: {}\n    title: {}\n    kind: {kind}", ids.agreements[i], q(&title));
        let _ = writeln!(out, "    parties: [{}, {{firm: {}, role: licensee}}]", ids.firms[a], ids.firms[b]);
        let (y, m, d, text) = date(&mut r);
        deals.push((a, b, text.clone()));
        let _ = writeln!(out, "    signed: {text}");
        if r.chance(40) {
            let _ = writeln!(out, "    expires: {}-{m:02}-{d:02}", y + 1 + r.below(10) as i32);
        }
        let _ = writeln!(out, "    scope: [{}]", q(r.pick(SCOPES)));
        // An amount is the deal's own (a value marked confidential is stated nowhere else).
        let value = match r.below(4) {
            0 => "undisclosed".to_string(),
            1 => "royalty-free".to_string(),
            _ => format!("${} million", 10 + i),
        };
        let _ = writeln!(out, "    value: {}", q(&value));
        if !ids.people.is_empty() && r.chance(60) {
            let p = &ids.people[r.below(ids.people.len())];
            let _ = writeln!(out, "    people: [{p}]");
            let _ = writeln!(
                out,
                "    statements:\n      - person: {p}\n        text: {}",
                q("Said the deal reflects the value of both firms' research.")
            );
        }
        let summary = format!("A generated {} between {} and {}.", kind.replace('-', " "), named[a], named[b]);
        common(&mut r, &ids, n, &summary, out);
        if r.chance(5) {
            let _ = writeln!(out, "    confidential: [value]");
        }
    });
    emit(&mut files, "events", events, &mut |i, out| {
        let n = next();
        let a = r.below(ids.firms.len());
        let b = r.below(ids.firms.len());
        let verb = r.pick(EVENT_VERBS);
        let title = format!("{} {verb} {}", named[a], named[b]);
        let mut involves = vec![ids.firms[a].as_str()];
        if a != b {
            involves.push(&ids.firms[b]);
        }
        // After the launch or announcement of what it involves.
        let mut first_year = 1996;
        for (pool, years) in [(&ids.products, Some(&product_years)), (&ids.chipsets, Some(&chip_years))]
            .into_iter()
            .chain([(&ids.people, None), (&ids.agreements, None)])
        {
            if !pool.is_empty() && r.chance(30) {
                let k = r.below(pool.len());
                involves.push(&pool[k]);
                first_year = first_year.max(years.map_or(first_year, |y| y[k] + 1));
            }
        }
        let (_, _, _, d) = date_in(&mut r, first_year, 3);
        let _ = writeln!(out, "  - id: {}\n    date: {d}\n    title: {}", event_ids[i], q(&title));
        let _ = writeln!(out, "    kind: {}", r.pick(EVENT_KINDS));
        let _ = writeln!(out, "    involves: [{}]", involves.join(", "));
        let summary = format!("{title}, in a generated event about {}.", r.pick(SCOPES));
        common(&mut r, &ids, n, &summary, out);
        if r.chance(3) {
            let (_, _, _, other) = date_in(&mut r, first_year, 3);
            let src = &ids.sources[r.below(ids.sources.len())];
            let _ = writeln!(
                out,
                "    disputed:\n      - field: date\n        claims:\n          - value: {}\n            sources: [{src}]\n          - value: {}\n            sources: [{src}]",
                q(&d),
                q(&other)
            );
        }
    });
    // Tours are of public firms' deals: their titles and filters name them.
    let public: Vec<usize> = (0..deals.len()).filter(|&d| !secret[deals[d].0] && !secret[deals[d].1]).collect();
    if let Some(text) = tours(&mut r, &ids, &firm_names, &deals, &public) {
        files.push(("tours.yaml".to_string(), text));
    }
    files
}

/// Tours of the generated data, one for every 20,000 entities (1 to 50),
/// each walking from a firm to one of its deals, the deals tab, the two
/// parties' shared timeline, the deal, and the whole timeline. `None` when
/// there is no deal to walk to.
fn tours(
    r: &mut Rng,
    ids: &Ids,
    firm_names: &[String],
    deals: &[(usize, usize, String)],
    public: &[usize],
) -> Option<String> {
    if public.is_empty() {
        return None;
    }
    let count = (ids.firms.len() * 10 / 20_000).clamp(1, 50);
    let mut out = String::from("tours:\n");
    for t in 0..count {
        let deal = public[t * public.len() / count];
        let (a, b, signed) = &deals[deal];
        let (firm, agreement) = (&ids.firms[*a], &ids.agreements[deal]);
        let source = &ids.sources[r.below(ids.sources.len())];
        let word = firm_names[*a].split(' ').next().unwrap_or_default();
        let _ = writeln!(
            out,
            "  - id: tour-{}\n    title: {}\n    steps:",
            t + 1,
            q(&format!("The deals of {}", firm_names[*a]))
        );
        let mut step = |title: &str, place: String, caption: &str| {
            let _ = writeln!(out, "      - title: {}\n{place}", q(title));
            let _ = writeln!(out, "        caption: {}", q(caption));
            let _ = writeln!(
                out,
                "        note: {}\n        sources: [{source}]",
                q("Generated: say what the step shows.")
            );
        };
        step(
            &firm_names[*a],
            format!("        entity: {firm}\n        link: {agreement}"),
            "A generated firm and one of its deals",
        );
        step("Its deals", format!("        tab: agreements\n        filter: {}", q(word)), "Every deal of the firm");
        step(
            "The two parties",
            format!("        timeline: [{firm}, {}]\n        zoom: year\n        date: {signed}", ids.firms[*b]),
            "What the two parties share",
        );
        step("The deal", format!("        entity: {agreement}"), "The deal itself");
        step("Everything", "        timeline: []\n        zoom: decade".to_string(), "The whole timeline");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_at_every_size() {
        for n in [1, 2, 3, 7, 14, 20, 99, 1000, 12345] {
            let c = counts(n);
            assert_eq!(c.iter().sum::<usize>(), n, "{n}: {c:?}");
            assert!(c[6] >= 1, "{n}: at least one source: {c:?}");
            if c[4] > 0 {
                assert!(c[0] >= 2, "{n}: agreements need two firms: {c:?}");
            }
        }
    }

    #[test]
    fn small_datasets_are_valid() {
        for n in [1, 2, 5, 30, 200] {
            let files = render(n, 7, &mut |_, _| {});
            let loaded = crate::data::load::load_texts(files);
            assert_eq!(loaded.report.errors(), 0, "{n}:\n{}", loaded.report.render());
            assert_eq!(loaded.dataset.map(|d| d.len()), Some(n));
        }
    }

    #[test]
    fn the_data_has_disputes_confidential_entries_and_tours_and_no_warning() {
        let loaded = crate::data::load::load_texts(render(20_000, 3, &mut |_, _| {}));
        assert_eq!(loaded.report.issues.len(), 0, "{}", loaded.report.render());
        let ds = loaded.dataset.expect("valid");
        let disputed = ds.entities().iter().filter(|e| !e.disputed.is_empty()).count();
        let confidential = ds.entities().iter().filter(|e| e.confidential.any()).count();
        assert!(disputed > 100 && confidential > 100, "{disputed} disputed, {confidential} confidential");
        assert_eq!(ds.tours().len(), 1);
        assert!(ds.tours()[0].steps.len() == 5 && ds.tours()[0].steps[0].link.is_some());
        // Redacted, the confidential entries read as such.
        let redacted = crate::data::redact::view(&std::sync::Arc::new(ds), false);
        assert!(redacted.entities().iter().any(|e| e.name == "redacted firm"));
    }

    #[test]
    fn quoting_escapes_what_yaml_needs() {
        assert_eq!(q(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(slug("Kiran 9000s+"), "kiran-9000s");
    }
}
