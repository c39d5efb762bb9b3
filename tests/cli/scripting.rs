//! A CLI that scripts well: `--json` cards that `jq` can read field by field,
//! and text without section headers when piped (these tests' stdout is a pipe).

use crate::common::{run, tool};

fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}\n{out}"))
}

/// The links of a card whose relation is `relation`.
fn links<'a>(card: &'a serde_json::Value, relation: &str) -> Vec<&'a serde_json::Value> {
    card["links"].as_array().unwrap().iter().filter(|l| l["relation"] == relation).collect()
}

#[test]
fn card_fields_and_extra_are_objects() {
    let v = json(&["show", "huawei", "--json"]);
    assert_eq!(v["fields"]["country"], "CN");
    assert_eq!(v["fields"]["founded"], "1987-09-15");
    assert_eq!(v["extra"]["revenue_2022"], "642.3bn yuan");
    assert_eq!(v["aliases"][0], "华为");
    assert!(v["specs"].is_null(), "specs only on chipsets (null for the rest): {v}");
    // Keys are the data format's names, in the card's order.
    let fields: Vec<&String> = v["fields"].as_object().unwrap().keys().collect();
    assert_eq!(fields.len(), 3, "{fields:?}");
    let (_, text, _) = run(&["show", "huawei", "--json"]);
    let at = |key: &str| text.find(&format!("\"{key}\": ")).unwrap();
    assert!(at("country") < at("hq") && at("hq") < at("founded"), "{text}");
    let chip = json(&["show", "kirin-9000s", "--json"]);
    assert!(chip["specs"].is_object(), "{chip}");
    assert!(!chip["specs"].as_object().unwrap().is_empty(), "{chip}");
    assert!(chip["specs"].as_object().unwrap().values().all(|s| s.is_string()), "{chip}");
}

#[test]
fn card_lists_stay_lists() {
    let v = json(&["show", "huawei-xiaomi-cross-license", "--json"]);
    assert_eq!(v["fields"]["scope"], serde_json::json!(["5G", "communications"]));
    assert_eq!(v["fields"]["signed"], "2023-09-13");
    assert_eq!(v["tags"][0], "patents");
}

#[test]
fn card_links_name_the_other_entity_by_id_kind_and_date() {
    let v = json(&["show", "huawei", "--json"]);
    let deals = links(&v, "agreements");
    let deal = deals.iter().find(|l| l["id"] == "huawei-xiaomi-cross-license").expect("the cross-licence");
    assert_eq!(deal["kind"], "agreement");
    assert_eq!(deal["direction"], "in");
    assert_eq!(deal["date"], "2023-09-13");
    assert_eq!(deal["with"], serde_json::json!(["xiaomi"]));
    // A party's role, from either side.
    let qualcomm = deals.iter().find(|l| l["id"] == "qualcomm-huawei-license").unwrap();
    assert_eq!(qualcomm["role"], "licensee");
    let deal = json(&["show", "qualcomm-huawei-license", "--json"]);
    let parties = links(&deal, "parties");
    assert_eq!(parties.len(), 2);
    assert_eq!(
        (&parties[0]["id"], &parties[0]["role"], &parties[0]["direction"]),
        (&"qualcomm".into(), &"licensor".into(), &"out".into())
    );
    // A person's roles at a firm, each with its own dates.
    let yu = links(&v, "people").into_iter().find(|l| l["id"] == "richard-yu").unwrap();
    let roles = yu["roles"].as_array().unwrap();
    assert!(roles.len() >= 2, "{yu}");
    assert!(roles.iter().any(|r| r["to"] == "2024-04-30"), "{yu}");
    // No free-text note is left to parse.
    assert!(v["links"].as_array().unwrap().iter().all(|l| l.get("note").is_none()));
    // The chip's designer and the phones it is in, as before.
    let chip = json(&["show", "kirin-9000s", "--json"]);
    assert_eq!(links(&chip, "designer")[0]["id"], "hisilicon");
    let phone = links(&chip, "used in").into_iter().find(|l| l["id"] == "mate-60-pro").unwrap();
    assert_eq!(phone["kind"], "product");
    assert!(phone["date"].as_str().is_some_and(|d| d.starts_with("2023")), "{phone}");
}

#[test]
fn card_statements_name_the_person_and_the_agreement() {
    let v = json(&["show", "huawei-xiaomi-cross-license", "--json"]);
    let statements = v["statements"].as_array().unwrap();
    let xu = statements.iter().find(|s| s["person"] == "xu-ran").expect("Xu Ran is quoted");
    assert_eq!(xu["agreement"], "huawei-xiaomi-cross-license");
    assert!(xu["text"].as_str().unwrap().starts_with("Xu said the agreement"), "{xu}");
    let person = json(&["show", "xu-ran", "--json"]);
    let said = &person["statements"][0];
    assert_eq!((&said["person"], &said["agreement"]), (&"xu-ran".into(), &"huawei-xiaomi-cross-license".into()));
    assert_eq!(said["text"], xu["text"]);
}

#[test]
fn piped_cards_have_no_headers_and_every_row_names_its_section() {
    let (code, out, _) = run(&["show", "kirin-9000s"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Kirin 9000s (chipset, id kirin-9000s)");
    assert!(lines.iter().all(|l| !l.is_empty() && !l.starts_with(' ') && !l.ends_with(':')), "{out}");
    assert!(lines.contains(&"process: 7 nm (N+2)"), "{out}");
    assert!(lines.contains(&"→ designer: firm [hisilicon] HiSilicon"), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("← used in: prod [mate-60-pro] Mate 60 Pro")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("specs: cpu: ")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("summary: The chip in the Mate 60 Pro")), "{out}");
    // A source and its address on one line.
    assert!(
        lines.iter().any(|l| l.starts_with("sources: [techcentral-mate60-teardown] ") && l.ends_with("/230994/")),
        "{out}"
    );
    let (_, out, _) = run(&["show", "xu-ran"]);
    assert!(out.contains("\nstatements: on Huawei-Xiaomi global patent cross-licence: Xu said"), "{out}");
}

#[test]
fn headers_can_be_forced_on_or_off_and_the_last_flag_wins() {
    let (_, headed, _) = run(&["show", "kirin-9000s", "--headers"]);
    assert!(headed.contains("\n  process: 7 nm (N+2)\n"), "{headed}");
    assert!(headed.contains("\n\n→ designer:\n  firm [hisilicon] HiSilicon\n"), "{headed}");
    assert!(headed.contains("\nsources:\n  [seed-article] "), "{headed}");
    assert!(headed.contains("\n      https://techcentral.co.za/"), "the address under its source: {headed}");
    let (_, plain, _) = run(&["show", "kirin-9000s"]);
    assert_eq!(run(&["show", "kirin-9000s", "--no-headers"]).1, plain);
    assert_eq!(run(&["show", "kirin-9000s", "--headers", "--no-headers"]).1, plain);
    assert_eq!(run(&["show", "kirin-9000s", "--no-headers", "--headers"]).1, headed);
    // Both forms hold the same rows.
    let words = |s: &str| {
        let mut w: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        w.sort();
        w
    };
    let headings = [
        "sources:",
        "specs:",
        "extra:",
        "disputed:",
        "→",
        "←",
        "designer:",
        "foundry:",
        "used",
        "in:",
        "events:",
        "summary:",
    ];
    let strip = |w: Vec<String>| -> Vec<String> { w.into_iter().filter(|x| !headings.contains(&x.as_str())).collect() };
    assert_eq!(strip(words(&plain)), strip(words(&headed)));
}

#[test]
fn piped_timelines_have_no_year_headings_unless_asked() {
    let (code, plain, _) = run(&["timeline", "--entity", "xiaomi"]);
    assert_eq!(code, 0);
    assert!(!plain.is_empty());
    assert!(
        plain.lines().all(|l| l.starts_with(|c: char| c.is_ascii_digit()) || l.starts_with("undated ")),
        "every line starts with its date (or says it has none):\n{plain}"
    );
    let (_, headed, _) = run(&["timeline", "--entity", "xiaomi", "--headers"]);
    assert!(headed.contains("── 2023 ──\n"), "{headed}");
    let items: Vec<&str> = headed.lines().filter(|l| !l.starts_with("── ")).collect();
    assert_eq!(items, plain.lines().collect::<Vec<_>>());
    assert_eq!(run(&["timeline", "--entity", "xiaomi", "--headers", "--no-headers"]).1, plain);
}

#[test]
fn help_says_when_headers_are_printed() {
    for cmd in ["show", "timeline"] {
        let (_, help, _) = run(&[cmd, "--help"]);
        assert!(help.contains("--headers") && help.contains("--no-headers"), "{cmd}: {help}");
        assert!(help.contains("even when stdout is not a terminal"), "{cmd}: {help}");
    }
}

/// Asks the binary for completions as the shell's script does: the variable
/// names the shell, the words follow `--`, and the index is the word's.
fn complete(shell: &str, words: &[&str]) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .arg("--")
        .args(words)
        .env("DEALSCOPE_COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{words:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn completion_scripts_are_made_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, script, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(script.contains("DEALSCOPE_COMPLETE") && script.contains("dealscope"), "{shell}:\n{script}");
        // The script calls the binary back; the variable alone gives the same script.
        let same = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
            .env("DEALSCOPE_COMPLETE", shell)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&same.stdout), script, "{shell}");
    }
    assert!(run(&["completions", "bash"]).1.contains("complete -o nospace"));
    assert!(run(&["completions", "zsh"]).1.starts_with("#compdef dealscope"));
    assert!(run(&["completions", "fish"]).1.starts_with("complete --keep-order --exclusive --command dealscope"));
    let (code, _, err) = run(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("[possible values: bash, zsh, fish, elvish, powershell]"), "{err}");
}

#[test]
fn completion_offers_the_subcommands_and_flags() {
    let top = complete("bash", &["dealscope", ""]);
    for cmd in ["check", "show", "search", "path", "graph", "timeline", "serve", "gen", "completions", "man", "--data"]
    {
        assert!(top.contains(&cmd.to_string()), "{cmd} in {top:?}");
    }
    assert_eq!(complete("bash", &["dealscope", "ti"]), ["timeline"]);
    assert!(complete("bash", &["dealscope", "show", "--"]).contains(&"--no-headers".to_string()));
    assert_eq!(complete("bash", &["dealscope", "completions", "f"]), ["fish"]);
    // Values whose parser clap cannot list: kinds, timeline categories, themes.
    assert_eq!(complete("bash", &["dealscope", "search", "x", "--kind", "ch"]), ["chipset"]);
    assert_eq!(
        complete("bash", &["dealscope", "timeline", "--kind", ""]),
        ["events", "agreements", "launches", "roles"]
    );
    assert_eq!(complete("bash", &["dealscope", "--theme", "l"]), ["light"]);
    assert_eq!(complete("bash", &["dealscope", "graph", "huawei", "--format", ""]), ["dot", "mermaid"]);
}

#[test]
fn completion_offers_entity_and_tour_ids_from_the_demo() {
    let ids = complete("bash", &["dealscope", "show", "hua"]);
    assert!(ids.contains(&"huawei".to_string()), "{ids:?}");
    assert!(ids.iter().all(|i| i.starts_with("hua")), "{ids:?}");
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "in id order");
    let xiaomi = complete("bash", &["dealscope", "timeline", "--entity", "huawei", "--entity", "xiao"]);
    assert_eq!(xiaomi.first().map(String::as_str), Some("xiaomi"), "{xiaomi:?}");
    assert_eq!(complete("bash", &["dealscope", "timeline", "--entity", "xiaomi-x"]), ["xiaomi-xuanjie"]);
    assert_eq!(complete("bash", &["dealscope", "graph", "xiaomi-x"]), ["xiaomi-xuanjie"]);
    assert_eq!(complete("bash", &["dealscope", "--tour", "cross"]), ["cross-licence"]);
    assert_eq!(complete("bash", &["dealscope", "serve", "--present", "--tour", "c"]), ["cross-licence"]);
    assert!(complete("bash", &["dealscope", "show", "zzz"]).is_empty());
    // zsh and fish get each id with its name, to show beside it.
    assert!(complete("zsh", &["dealscope", "show", "xiao"]).contains(&"xiaomi:Xiaomi".to_string()));
    assert!(complete("fish", &["dealscope", "show", "xiao"]).contains(&"xiaomi\tXiaomi".to_string()));
}

#[test]
fn completion_reads_ids_from_the_data_on_the_line() {
    let (_dir, p) = crate::common::data_file(
        "sources:\n  - {id: s, title: S}\nfirms:\n  - {id: hualong, name: Hualong, sources: [s]}\n  - {id: huaxin, name: Huaxin, sources: [s]}\n",
    );
    let p = p.as_str();
    assert_eq!(complete("bash", &["dealscope", "show", "--data", p, "hua"]), ["hualong", "huaxin"]);
    assert_eq!(complete("bash", &["dealscope", "--data", p, "show", "hual"]), ["hualong"]);
    let data_eq = format!("--data={p}");
    assert_eq!(complete("bash", &["dealscope", &data_eq, "timeline", "--entity", "huax"]), ["huaxin"]);
    // Data that does not load offers nothing, quietly: not found, over --max-file-mb, invalid.
    assert!(complete("bash", &["dealscope", "--max-file-mb", "0", "--data", p, "show", "hua"]).is_empty());
    assert!(complete("bash", &["dealscope", "--data", "/no/such/dir", "show", "hua"]).is_empty());
    let invalid = complete("bash", &["dealscope", "--data", "tests/fixtures/bad/unknown-ref.yaml", "show", ""]);
    assert!(!invalid.is_empty() && invalid.iter().all(|c| c.starts_with("--")), "flags only: {invalid:?}");
    let valid = complete("bash", &["dealscope", "--data", p, "show", ""]);
    assert!(valid.contains(&"hualong".to_string()), "{valid:?}");
}

#[test]
fn names_shown_beside_ids_are_inert() {
    let (_dir, p) = crate::common::data_file(
        "sources:\n  - {id: s, title: S}\nfirms:\n  - {id: evil, name: \"Evil\\e]0;pwned\\a\\e[2J\", sources: [s]}\n",
    );
    for shell in ["zsh", "fish"] {
        let got = complete(shell, &["dealscope", "--data", &p, "show", "ev"]).join("\n");
        assert!(got.starts_with("evil") && got.contains("Evil␛]0;pwned"), "{shell}: {got:?}");
        assert!(!got.contains('\x1b') && !got.contains('\x07'), "{shell}: {got:?}");
    }
}

#[test]
fn bash_completes_ids_through_the_sourced_script() {
    // The real path: bash sources the script and runs its function as Tab would.
    let Some(bash) = tool("bash", "bash") else { return };
    let bin = env!("CARGO_BIN_EXE_dealscope");
    let script = format!(
        r#"source <("{bin}" completions bash) || exit 9
COMP_WORDS=(dealscope show hua); COMP_CWORD=2; COMP_LINE="dealscope show hua"; COMP_POINT=${{#COMP_LINE}}
_clap_complete_dealscope dealscope hua dealscope
printf '%s\n' "${{COMPREPLY[@]}}""#
    );
    let out = std::process::Command::new(bash).args(["--norc", "--noprofile", "-c", &script]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reply = String::from_utf8(out.stdout).unwrap();
    assert!(reply.lines().any(|l| l == "huawei"), "{reply}");
    assert!(reply.lines().all(|l| l.starts_with("hua")), "{reply}");
}

#[test]
fn the_man_page_is_roff_made_from_the_help() {
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(page.starts_with(".ie") || page.contains("\n.TH dealscope 1"), "{page}");
    assert!(page.contains(".TH dealscope 1"), "{page}");
    for word in ["completions", "timeline", "\\-\\-data"] {
        assert!(page.contains(word), "{word} in the page");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    let (code, _, err) = run(&["man", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(out.join("dealscope.1")).unwrap(), page);
    let show = std::fs::read_to_string(out.join("dealscope-show.1")).unwrap();
    assert!(show.contains(".TH dealscope-show 1") && show.contains("no\\-headers"), "{show}");
    let graph = std::fs::read_to_string(out.join("dealscope-graph.1")).unwrap();
    assert!(graph.contains("mermaid") && graph.contains("dot \\-Tsvg"), "{graph}");
    // A directory that cannot be made is a clear error.
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let (code, _, err) = run(&["man", "--out", file.join("x").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("dealscope: cannot write the manual page to "), "{err}");
}

#[test]
fn the_man_page_renders_without_warnings_in_groff() {
    let Some(groff) = tool("groff", "groff-base") else { return };
    let (code, page, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    let mut child = std::process::Command::new(groff)
        // Plain text out (no bold, underline or overstrike), every warning on.
        .args(["-k", "-man", "-Tutf8", "-P-cbou", "-ww"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), page.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "groff: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warns");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("SYNOPSIS") && shown.contains("completions"), "the page as groff shows it:\n{shown}");
}
