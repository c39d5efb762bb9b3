//! The command line end to end: exit statuses, text and JSON output, the
//! embedded demo data, and hostile inputs that must get a clear message.

use crate::common::run;

use std::io::Write;

#[test]
fn embedded_demo_data_equals_the_data_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut on_disk: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    on_disk.sort();
    let embedded: Vec<(String, String)> =
        dealscope::data::load::DEMO_FILES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    assert_eq!(embedded.len(), on_disk.len(), "every file in data/ is embedded");
    for (e, d) in embedded.iter().zip(&on_disk) {
        assert_eq!(e.0, d.0);
        assert!(e.1 == d.1, "embedded {} differs from data/{}", e.0, d.0);
    }
}

#[test]
fn demo_data_checks_clean_from_any_directory() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .arg("check")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("ok: 9 files"), "{stdout}");
    assert!(stdout.contains("0 errors and 0 warnings"), "{stdout}");
}

#[test]
fn demo_data_meets_the_minimum_counts() {
    let loaded = dealscope::data::load::load(&dealscope::data::load::DataSource::Demo, Default::default()).unwrap();
    let ds = loaded.dataset.expect("demo data is valid");
    use dealscope::data::model::Kind::*;
    for (kind, min) in [(Firm, 12), (Person, 15), (Chipset, 8), (Product, 6), (Agreement, 10), (Event, 25)] {
        assert!(ds.of_kind(kind).len() >= min, "{kind:?}: {}", ds.of_kind(kind).len());
    }
    for id in ds.ids() {
        let e = ds.get(id);
        if e.kind() != Source {
            assert!(!e.sources.is_empty(), "{} cites a source", e.id);
        }
    }
    assert!(ds.get(ds.lookup("huawei").unwrap()).aliases.contains(&"华为".to_string()));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check", "--no-such-flag"]).0, 2);
    let (code, _, err) = run(&["check", "--data", "/no/such/path"]);
    assert_eq!(code, 2);
    assert_eq!(err.trim(), "dealscope: /no/such/path: no such file or directory");
    let (code, _, err) = run(&["show", "huawai"]);
    assert_eq!(code, 2);
    assert!(err.contains("no entity has the id `huawai` (did you mean `huawei`?)"), "{err}");
    assert_eq!(run(&["timeline", "--from", "2023-02-30"]).0, 2);
}

#[test]
fn an_empty_directory_gets_a_clear_message() {
    // FIFOs and symlink loops: see tests/hostile.rs.
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no *.yaml or *.yml files"), "{err}");
}

#[test]
fn big_files_load_or_hit_the_limit_with_a_located_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "sources:\n  - {{id: s, title: S}}\nfirms:").unwrap();
    let mut n = 0;
    let mut written = 0usize;
    while written < 50 << 20 {
        let line = format!("  - {{id: firm-{n}, name: Firm number {n} with a longer name, sources: [s]}}\n");
        written += line.len();
        f.write_all(line.as_bytes()).unwrap();
        n += 1;
    }
    writeln!(f, "  - {{id: last, name: Last, parent: nowhere, sources: [s]}}").unwrap();
    drop(f);
    let p = path.to_str().unwrap();
    let (code, out, _) = run(&["check", "--data", p]);
    assert_eq!(code, 1);
    let last_line = n + 4;
    assert!(out.contains(&format!("big.yaml:{last_line}:")), "error located on the last line {last_line}: {out}");
    assert!(out.contains("unknown firm id `nowhere` in `parent`"), "{out}");
    let (code, out, _) = run(&["check", "--max-file-mb", "10", "--data", p]);
    assert_eq!(code, 1);
    assert!(out.contains("big.yaml:1:1: error: file is 51 MiB, over the limit of 10 MiB"), "{out}");
}

#[test]
fn many_unknown_ids_are_each_looked_for_once_and_the_first_two_hundred_compared() {
    // A firm's file removed: hundreds of references to ids that are gone.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("sources:\n  - {id: s, title: S}\nfirms:\n  - {id: firm-a, name: A, sources: [s]}\n");
    for n in 0..250 {
        // Each missing id twice; `firm-b` is near `firm-a`.
        let gone = if n == 0 { "firm-b".to_string() } else { format!("gone-{n:03}") };
        for twice in 0..2 {
            text.push_str(&format!("  - {{id: f{n}x{twice}, name: F, sources: [s], parent: {gone}}}\n"));
        }
    }
    std::fs::write(dir.path().join("firms.yaml"), text).unwrap();
    let (code, out, _) = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("did you mean `firm-a`?").count(), 2, "an id missing twice is suggested for twice: {out}");
    assert_eq!(out.matches("no firm id is close to").count(), 2 * 199, "{out}");
    let past = "firm ids look like `firm-a`, `f0x0`, `f0x1` (the first 200 unknown ids alone are compared";
    assert_eq!(out.matches(past).count(), 2 * 50, "{out}");
}

#[test]
fn the_two_hundred_unknown_ids_compared_are_counted_over_every_file() {
    // Files are validated on every core, each in a run of its own; the
    // count (and what was said of an id) is the load's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sources.yaml"), "sources:\n  - {id: s, title: S}\n").unwrap();
    for file in 0..2 {
        let mut text = String::from("firms:\n");
        for n in 0..150 {
            text.push_str(&format!("  - {{id: f{file}x{n}, name: F, sources: [s], parent: gone-{file}-{n:03}}}\n"));
        }
        std::fs::write(dir.path().join(format!("firms-{file}.yaml")), text).unwrap();
    }
    let (code, out, _) = run(&["check", "--data", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("no firm id is close to").count(), 200, "{out}");
    assert_eq!(out.matches("(the first 200 unknown ids alone are compared").count(), 100, "{out}");
}

#[test]
fn the_largest_file_limit_there_is_reads_every_file_whole() {
    // u64::MAX MiB saturates to u64::MAX bytes: one byte past it must not wrap to zero.
    let (code, out, _) = run(&["check", "--max-file-mb", &u64::MAX.to_string()]);
    let (_, default, _) = run(&["check"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out, default, "the same data as with the default limit");
    assert!(!out.contains(" 0 entities"), "{out}");
}

#[test]
fn show_prints_fields_sources_and_links_both_ways() {
    // Piped, headers are left out unless asked for: tests/cli/scripting.rs.
    let (code, out, _) = run(&["show", "huawei", "--headers"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Huawei (firm, id huawei)\n  aliases: 华为\n"), "{out}");
    assert!(out.contains("sources:\n  [seed-article]"), "{out}");
    assert!(out.contains("← agreements:"), "{out}");
    assert!(
        out.contains(
            "[huawei-xiaomi-cross-license] Huawei-Xiaomi global patent cross-licence — with Xiaomi, 2023-09-13"
        ),
        "{out}"
    );
    assert!(out.contains("← people:\n  pers [alan-fan] Alan Fan"), "{out}");
}

#[test]
fn show_json_parses_back() {
    // What the JSON holds, field by field: tests/cli/scripting.rs.
    let (code, out, _) = run(&["show", "kirin-9000s", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["id"], "kirin-9000s");
    assert_eq!(v["kind"], "chipset");
}

#[test]
fn search_finds_by_native_alias_and_ranks_names_first() {
    let (code, out, _) = run(&["search", "华为", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["id"], "huawei");
    assert_eq!(v[0]["field"], "alias");
    let (_, out, _) = run(&["search", "kirin 9000s", "--limit", "3"]);
    assert!(out.lines().next().unwrap().contains("kirin-9000s"), "{out}");
    let (_, out, _) = run(&["search", "cross", "--kind", "agreement", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!v.as_array().unwrap().is_empty(), "{out}");
    assert!(v.as_array().unwrap().iter().all(|h| h["kind"] == "agreement"));
    assert!(!v.as_array().unwrap().is_empty());
}

#[test]
fn search_ranks_a_name_that_is_or_starts_the_query_above_passing_mentions() {
    // A source whose title mentions huaweiupdate.com, and sources that
    // mention the deal, once ranked above the firm and the deal themselves.
    for (query, first) in [("huawei", "huawei"), ("xiaomi cross", "huawei-xiaomi-cross-license"), ("Xiaomi", "xiaomi")]
    {
        let (code, out, _) = run(&["search", query, "--json"]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["id"], first, "`{query}`: {out}");
    }
    // Within a tier, sources come after every other kind.
    let (_, out, _) = run(&["search", "huawei", "--json", "--limit", "500"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let kinds: Vec<&str> = v.as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap()).collect();
    let first_source = kinds.iter().position(|k| *k == "source").unwrap();
    assert!(kinds[..first_source].len() >= 10, "{kinds:?}");
}

#[test]
fn timeline_keeps_precision_and_filters() {
    let (code, out, _) =
        run(&["timeline", "--entity", "huawei", "--entity", "xiaomi", "--from", "2023", "--to", "2023-12", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v.as_array().unwrap();
    assert!(!items.is_empty());
    let dates: Vec<&str> = items.iter().map(|i| i["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in order");
    assert!(dates.iter().all(|d| d.starts_with("2023")), "{dates:?}");
    assert!(items.iter().any(|i| i["subject"] == "huawei-xiaomi-cross-license" && i["kind"] == "signed"));
    // HiSilicon's founding is known only to the year: it stays a year.
    let (_, out, _) = run(&["timeline", "--entity", "huawei", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let founded = v.as_array().unwrap().iter().find(|i| i["subject"] == "hisilicon-founded").unwrap();
    assert_eq!(founded["date"], "2004");
    assert_eq!(founded["precision"], "year");
    let (_, text, _) = run(&["timeline", "--kind", "agreements", "--headers"]);
    assert!(text.contains("── 2023 ──"), "{text}");
    assert!(text.lines().filter(|l| !l.starts_with("──")).count() >= 5, "{text}");
    assert!(
        text.lines()
            .filter(|l| !l.starts_with("──"))
            .all(|l| l.contains("signed") || l.contains("in force") || l.contains("expires") || l.contains(" deal ")),
        "{text}"
    );
}

#[test]
fn invalid_data_stops_other_commands_with_the_report() {
    let (code, out, err) = run(&["show", "huawei", "--data", "tests/fixtures/bad/unknown-ref.yaml"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("unknown-ref.yaml:9:13: error: unknown firm id `huawai`"), "{err}");
    // The full report, as `check` prints it (to stdout), and nothing sending the user there.
    let (_, report, _) = run(&["check", "--data", "tests/fixtures/bad/unknown-ref.yaml"]);
    assert_eq!(err, report);
}

#[test]
fn text_from_data_is_inert_in_text_and_json_output() {
    let (_dir, p) = crate::common::data_file(
        "sources:\n  - {id: s, title: \"T\\e]0;pwned\\a\"}\nfirms:\n  - {id: evil, name: \"Evil\\e[2J\\u009b31m\\u202Eyes\", sources: [s]}\n",
    );
    let p = p.as_str();
    let (code, out, _) = run(&["show", "evil", "--data", p]);
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains('\x1b') && !out.contains('\u{9b}') && !out.contains('\u{202e}') && !out.contains('\x07'),
        "{out:?}"
    );
    assert!(out.contains("Evil␛[2J<U+009B>31m<U+202E>yes"), "{out}");
    let (_, json, _) = run(&["show", "evil", "--json", "--data", p]);
    assert!(!json.contains('\x1b') && !json.contains('\u{9b}') && !json.contains('\u{202e}'), "{json:?}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["name"], "Evil\u{1b}[2J\u{9b}31m\u{202e}yes", "escaped, not altered");
}

/// A small dataset with a licence in force since 2019, one signed in 2023,
/// an agreement with no date and a role with no dates.
const DATED_AND_NOT: &str = "sources:\n  - {id: s, title: Report}\nfirms:\n  - {id: a, name: Acme, sources: [s]}\n  - {id: b, name: Bolt, sources: [s]}\npeople:\n  - {id: p, name: Pat, roles: [{firm: a, title: CEO}], sources: [s]}\nagreements:\n  - {id: old, title: Old licence, parties: [a, b], effective: 2019-01-01, expires: 2029-12-31, sources: [s]}\n  - {id: new, title: New licence, parties: [a, b], signed: 2023-05-01, sources: [s]}\n  - {id: vague, title: Vague licence, parties: [a, b], sources: [s]}\n";

#[test]
fn timeline_lists_undated_items_last_and_says_ongoing_after_from() {
    let (_dir, p) = crate::common::data_file(DATED_AND_NOT);
    let p = p.as_str();
    let (code, out, _) = run(&["timeline", "--headers", "--data", p]);
    assert_eq!(code, 0, "{out}");
    let undated = out.find("── undated ──").expect(&out);
    assert!(out[undated..].contains("undated    deal     Vague licence"), "{out}");
    assert!(out[undated..].contains("undated    role     Pat: CEO, Acme"), "{out}");
    assert!(out.find("── 2019 ──").unwrap() < undated, "{out}");
    // From 2023: the licence in force since 2019 is ongoing, not under 2019;
    // an undated item cannot be placed in a range and is left out.
    let (_, out, _) = run(&["timeline", "--headers", "--from", "2023", "--data", p]);
    assert!(
        out.starts_with("── ongoing on 2023 ──\n2019-01-01 → 2029-12-31 in force Old licence in force\n── 2023 ──"),
        "{out}"
    );
    assert!(!out.contains("2019 ──") && !out.contains("Vague"), "{out}");
    let (_, json, _) = run(&["timeline", "--json", "--data", p]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let vague = v.as_array().unwrap().iter().find(|i| i["subject"] == "vague").expect(&json);
    assert!(vague["date"].is_null() && vague["precision"].is_null(), "{vague}");
    assert_eq!(vague["category"], "agreements");
    let (_, json, _) = run(&["timeline", "--json", "--from", "2023", "--data", p]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ongoing: Vec<&str> =
        v.as_array().unwrap().iter().filter(|i| i["ongoing"] == true).map(|i| i["subject"].as_str().unwrap()).collect();
    assert_eq!(ongoing, ["old"]);
}

#[test]
fn help_has_examples_on_every_command() {
    for cmd in ["check", "show", "search", "path", "graph", "timeline", "gen", "serve"] {
        let (code, out, _) = run(&[cmd, "--help"]);
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{cmd}: {out}");
    }
}

#[test]
fn serve_refuses_an_unknown_tour_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("hk").display().to_string();
    let (code, _, err) =
        run(&["serve", "--present", "--tour", "cross-license", "--listen", "127.0.0.1:0", "--host-key", &key]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--tour cross-license: no tour has this id (did you mean `cross-licence`?)"), "{err}");
    assert!(!err.contains("serving the explorer"), "{err}");
    let (code, _, err) = run(&["serve", "--tour", "cross-licence", "--listen", "127.0.0.1:0", "--host-key", &key]);
    assert_eq!(code, 2, "--tour needs --present: {err}");
    assert!(err.contains("--present"), "{err}");
}

#[test]
fn kinds_read_as_printed_and_search_without_a_match_exits_1() {
    // What the output prints (`chip`, `deal`) is what --kind takes, singular or plural.
    for kind in ["chip", "chips", "chipset", "chipsets"] {
        let (code, out, err) = run(&["search", "kirin", "--kind", kind]);
        assert_eq!(code, 0, "--kind {kind}: {err}");
        assert!(out.lines().all(|l| l.starts_with("chip ")), "--kind {kind}:\n{out}");
    }
    let (code, out, _) = run(&["search", "cross", "--kind", "deals"]);
    assert_eq!(code, 0);
    assert!(out.lines().all(|l| l.starts_with("deal ")), "{out}");
    let (code, out, err) = run(&["search", "zzzqqqxxx"]);
    assert_eq!((code, out.as_str()), (1, ""), "as grep: {err}");
    let (code, out, _) = run(&["search", "zzzqqqxxx", "--json"]);
    assert_eq!((code, out.trim()), (1, "[]"));
}

#[test]
fn a_persons_card_shows_what_they_said() {
    let (code, out, _) = run(&["show", "xu-ran", "--headers"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("statements:\n  on Huawei-Xiaomi global patent cross-licence: Xu said the agreement \"shows"),
        "{out}"
    );
    let (_, out, _) = run(&["show", "alan-fan", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statements"][0]["agreement"], "huawei-xiaomi-cross-license", "{out}");
}

#[test]
fn path_shows_how_two_entities_connect_with_dates_and_sources() {
    let (code, out, _) = run(&["path", "huawei", "smic"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("1. Huawei → "), "{out}");
    assert!(out.lines().any(|l| l.contains("Kirin 9000s —foundry→ SMIC")), "{out}");
    let (_, json, _) = run(&["path", "huawei", "smic", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let paths = v.as_array().unwrap();
    assert!(!paths.is_empty() && paths.len() <= 5);
    for p in paths {
        let steps = p["steps"].as_array().unwrap();
        assert_eq!(p["hops"], steps.len());
        assert!(steps.len() <= 6);
        assert_eq!(p["entities"][0], "huawei");
        assert_eq!(p["entities"][steps.len()], "smic");
        assert!(steps.iter().all(|s| !s["sources"].as_array().unwrap().is_empty()), "{p}");
    }
    assert!(paths.iter().any(|p| p["entities"].as_array().unwrap().iter().any(|e| e == "kirin-9000s")), "{json}");
    let (_, json, _) = run(&["path", "lei-jun", "alan-fan", "--json"]);
    assert!(json.contains("\"huawei-xiaomi-cross-license\""), "{json}");
    // Tags join nothing: with one hop allowed, Huawei and Qualcomm (both #5G) have no path.
    let (code, out, err) = run(&["path", "huawei", "qualcomm", "--max-hops", "1"]);
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(err.contains("no path from huawei to qualcomm within 1 hop"), "{err}");
    let (code, _, err) = run(&["path", "huawei", "huawai"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `huawei`"), "{err}");
    let (code, _, _) = run(&["path", "huawei", "smic", "--max-hops", "9"]);
    assert_eq!(code, 2, "at most 8 hops");
}

#[test]
fn search_takes_qualifiers_and_refuses_one_it_does_not_know() {
    let (code, out, _) = run(&["search", "kind:agreement with:xiaomi cross", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["id"], "huawei-xiaomi-cross-license");
    assert!(v.as_array().unwrap().iter().all(|h| h["kind"] == "agreement"), "{out}");
    let (code, out, _) = run(&["search", "party:huawei after:2022 before:2024", "--json", "--limit", "100"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"huawei-xiaomi-cross-license") && !ids.contains(&"huawei-oppo-cross-license"), "{ids:?}");
    let (code, out, _) = run(&["search", "#5G", "--kind", "firm"]);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l.contains("huawei")), "{out}");
    let (code, out, err) = run(&["search", "colour:red huawei"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("unknown qualifier `colour:` (known: kind, party, with, tag, year, after, before)"), "{err}");
    let (code, _, err) = run(&["search", "kind:planet"]);
    assert_eq!(code, 2);
    assert!(err.contains("`kind:planet`: kinds are"), "{err}");
}

#[test]
fn as_of_shows_the_world_on_a_day() {
    let (code, out, _) = run(&["show", "huawei-xiaomi-cross-license", "--as-of", "2023-09-13", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["in_office"]["date"], "2023-09-13");
    let lu = v["in_office"]["people"].as_array().unwrap().iter().find(|p| p["person"] == "lu-weibing").unwrap();
    assert!(lu["at"].as_str().unwrap().starts_with("Xiaomi:") && lu["at"].as_str().unwrap().contains("President"));
    // As of 2021, Xiaomi's people are those in office then, each with the titles held.
    let (_, out, _) = run(&["show", "xiaomi", "--as-of", "2021", "--headers"]);
    let lines: Vec<&str> = out.lines().collect();
    let wang = lines.iter().find(|l| l.contains("[wang-xiang]")).expect(&out);
    assert!(wang.contains("President"), "{wang}");
    let lu = lines.iter().find(|l| l.contains("[lu-weibing]")).expect(&out);
    assert!(!lu.contains("President"), "president only from 2022: {lu}");
    let (_, out, _) = run(&["search", "pura", "--kind", "product", "--as-of", "2023-09-13"]);
    assert!(!out.contains("pura-70"), "the Pura 70 series launched in 2024: {out}");
    let (_, out, _) = run(&["search", "mate", "--kind", "product", "--as-of", "2023-09-13"]);
    assert!(out.contains("mate-60-pro") && out.contains("mate-70"), "no launch date: taken to exist: {out}");
    let (_, out, _) = run(&["show", "mate-70", "--as-of", "2023-09-13"]);
    assert!(out.contains("launch date unknown: taken to exist on 2023-09-13"), "{out}");
    let (_, out, _) = run(&["timeline", "--entity", "meng-wanzhou", "--as-of", "2023-09-13", "--format", "tsv"]);
    let role = out.lines().find(|l| l.contains("Rotating chair (first term)")).expect(&out);
    assert!(role.starts_with("2023-04-01\t\t"), "its end (2023-09-30) was not known yet: {role}");
    // As of 2020, the timeline is exactly the items dated up to 2020 (an end
    // after it not known yet), and there are some.
    let (code, out, _) = run(&["timeline", "--as-of", "2020", "--json"]);
    assert_eq!(code, 0, "{out}");
    let as_of: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (_, all, _) = run(&["timeline", "--json"]);
    let all: serde_json::Value = serde_json::from_str(&all).unwrap();
    let key = |i: &serde_json::Value| (i["date"].to_string(), i["title"].to_string());
    let until_2020: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["date"].as_str().is_some_and(|d| &d[..4] <= "2020"))
        .map(key)
        .collect();
    assert!(until_2020.len() >= 5 && until_2020.len() < all.as_array().unwrap().len(), "{until_2020:?}");
    assert_eq!(as_of.as_array().unwrap().iter().map(key).collect::<Vec<_>>(), until_2020);
    // Paths go through that day's world only.
    let (code, out, _) = run(&["path", "huawei", "xiaomi", "--as-of", "2023-09-13", "--limit", "20"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Huawei-Xiaomi global patent cross-licence") && !out.contains("Pura 70"), "{out}");
    let (code, _, err) = run(&["path", "huawei", "pura-70", "--as-of", "2023-09-13"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("as of 2023-09-13, `pura-70` did not exist yet: launched 2024-04"), "{err}");
    let (code, _, err) = run(&["check", "--as-of", "2020"]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of applies to the explorer, show, search, timeline, path and graph"), "{err}");
}

#[test]
fn record_is_for_the_explorer_only() {
    let (code, _, err) = run(&["--record", "/tmp/never-written.cast", "show", "huawei"]);
    assert_eq!(code, 2);
    assert!(err.contains("--record records the explorer"), "{err}");
    assert!(!std::path::Path::new("/tmp/never-written.cast").exists());
}
