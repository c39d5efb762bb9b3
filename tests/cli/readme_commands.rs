//! Every command in the README works as it is written there. Each command
//! line in its code (fenced blocks, and inline code that starts with
//! `dealscope `) is parsed by the binary's own clap definitions; the ones
//! that only print (all but the explorer and `serve`) are run on the demo
//! data from the repository's root and must exit 0. `cargo` lines are
//! checked by name: the binary `cargo install` makes, the examples and
//! benches they run. `ssh -p` lines must reach the port the README's
//! `serve` listens on.

use std::path::Path;

use clap::Parser as _;
use dealscope::cli::args::{Cli, Command};

use crate::common::run_within;

/// A command as the README gives it: its line (1-based) and its words.
#[derive(Debug, PartialEq)]
struct Shown {
    line: usize,
    text: String,
    words: Vec<String>,
}

/// The command lines in `markdown`: every line of a fenced code block
/// that starts with `dealscope`, `cargo` or `ssh` (after a `$ ` prompt, if
/// any; a trailing `\` continues it on the next line), and every inline
/// code span outside the blocks that starts with `dealscope `.
fn commands(markdown: &str) -> Vec<Shown> {
    let mut found = Vec::new();
    let mut in_block = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in markdown.lines().enumerate() {
        let line = raw.trim();
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block {
            found.extend(inline_commands(line).map(|text| Shown { line: i + 1, words: words(&text), text }));
            continue;
        }
        let (start, mut text) = match pending.take() {
            Some((start, text)) => (start, text + " " + line),
            None => (i + 1, line.strip_prefix("$ ").unwrap_or(line).to_string()),
        };
        if let Some(head) = text.strip_suffix('\\') {
            text = head.trim_end().to_string();
            pending = Some((start, text));
            continue;
        }
        if ["dealscope", "cargo", "ssh"]
            .iter()
            .any(|program| text == *program || text.starts_with(&format!("{program} ")))
        {
            found.push(Shown { line: start, words: words(&text), text });
        }
    }
    assert!(!in_block && pending.is_none(), "README.md ends inside a code block or a continued line");
    found
}

/// The inline code spans of `line` that are dealscope commands.
fn inline_commands(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split('`').skip(1).step_by(2).filter(|span| span.starts_with("dealscope ")).map(str::to_string)
}

/// The words a POSIX shell gives `dealscope` for `text`: quotes and
/// backslashes as sh reads them, up to a comment, pipe, redirection or
/// list operator (what follows is another program's).
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    let mut quote = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => word.get_or_insert_default().extend(chars.next()),
            (Some(_), c) => word.get_or_insert_default().push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_default();
            }
            (None, '\\') => word.get_or_insert_default().extend(chars.next()),
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, '#') if word.is_none() => break,
            (None, '|' | '>' | '<' | ';' | '&') => break,
            (None, c) => word.get_or_insert_default().push(c),
        }
    }
    assert!(quote.is_none(), "an unclosed quote in `{text}`");
    words.extend(word);
    words
}

/// What the README's `dealscope` words are, parsed as the binary parses them.
fn parse(shown: &Shown, args: &[String]) -> Cli {
    let argv = std::iter::once("dealscope").chain(args.iter().map(String::as_str));
    Cli::try_parse_from(argv).unwrap_or_else(|e| {
        panic!("README.md:{}: `{}` does not parse as a dealscope command line:\n{e}", shown.line, shown.text)
    })
}

/// Checks a `cargo` line by the names it uses; returns the arguments it
/// gives `dealscope` (`cargo run --release [-- ARGS]`), if it runs it.
fn check_cargo(shown: &Shown) -> Option<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let w: Vec<&str> = shown.words.iter().map(String::as_str).collect();
    let at = |what: &str| format!("README.md:{}: `{}`: {what}", shown.line, shown.text);
    match w[1..] {
        ["run", "--release"] => Some(Vec::new()),
        ["run", "--release", "--", ..] => Some(w[4..].iter().map(|s| s.to_string()).collect()),
        ["run", "--release", "--example", name, ..] | ["run", "--example", name, ..] => {
            assert!(root.join("examples").join(format!("{name}.rs")).is_file(), "{}", at("no such example"));
            None
        }
        ["bench", "--bench", name, ..] => {
            assert!(root.join("benches").join(format!("{name}.rs")).is_file(), "{}", at("no such bench"));
            None
        }
        ["install", "--path", "."] => {
            // This test can only be built with a binary named `dealscope`,
            // which is what `cargo install` puts on PATH.
            assert!(Path::new(env!("CARGO_BIN_EXE_dealscope")).ends_with("dealscope"), "{}", at("no dealscope binary"));
            None
        }
        ["test", ..] | ["fmt", ..] | ["clippy", ..] | ["build", ..] => None,
        _ => panic!("{}", at("a cargo command this test does not know: teach tests/cli/readme_commands.rs")),
    }
}

/// Runs a command that only prints, on the demo data from the repository's
/// root; `--out` goes to a fresh directory rather than where the README
/// says. Exit status 0 or the test fails, naming the command.
fn run_printing(shown: &Shown, args: &[String]) {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let out = scratch.path().join("out").to_str().expect("a UTF-8 temporary path").to_string();
    let mut args: Vec<String> = args.to_vec();
    for i in 1..args.len() {
        if args[i - 1] == "--out" {
            args[i] = out.clone();
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stdout, stderr) = run_within(&args, std::time::Duration::from_secs(300));
    assert_eq!(
        code, 0,
        "README.md:{}: `{}` exited with status {code}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        shown.line, shown.text
    );
}

#[test]
fn every_command_in_the_readme_parses_and_the_printing_ones_run() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let shown = commands(&readme);
    let texts: Vec<&str> = shown.iter().map(|s| s.text.as_str()).collect();
    let setup = shown.iter().position(|s| s.words == ["cargo", "run", "--release"]);
    assert!(
        setup.is_some_and(|at| shown.get(at + 1).is_some_and(|s| s.words == ["cargo", "test"])),
        "README.md sets up with `cargo run --release` then `cargo test`; its commands are {texts:#?}"
    );
    let mut serve_port = None;
    let mut ran = 0;
    for s in &shown {
        let args = match s.words[0].as_str() {
            "dealscope" => s.words[1..].to_vec(),
            "cargo" => match check_cargo(s) {
                Some(args) => args,
                None => continue,
            },
            _ => continue, // ssh: checked below, once the server's port is known
        };
        let cli = parse(s, &args);
        match &cli.command {
            None => {}
            Some(Command::Serve(serve)) => serve_port = Some(serve.listen.port()),
            Some(_) => {
                run_printing(s, &args);
                ran += 1;
            }
        }
    }
    assert!(ran >= 3, "README.md gives too few commands to run ({ran}): is the extraction broken? {texts:#?}");
    for s in shown.iter().filter(|s| s.words[0] == "ssh") {
        let port = s.words.iter().position(|w| w == "-p").and_then(|i| s.words.get(i + 1));
        let served =
            serve_port.unwrap_or_else(|| panic!("README.md:{}: `{}` but no `dealscope serve` in it", s.line, s.text));
        assert_eq!(
            port.map(String::as_str),
            Some(served.to_string().as_str()),
            "README.md:{}: `{}` is not the port the README's `dealscope serve` listens on ({served})",
            s.line,
            s.text
        );
    }
}

#[test]
fn commands_are_read_from_blocks_and_inline_code_as_a_shell_reads_them() {
    let markdown = "Run `dealscope tour list` or `dealscope: not a command`.\n\
        ```sh\n\
        $ dealscope search \"lei jun\" --kind person   # a comment\n\
        dealscope serve --present \\\n  --listen 0.0.0.0:2200\n\
        dealscope graph huawei | dot -Tsvg > huawei.svg\n\
        echo not a command\n\
        ```\n\
        ```json\n{ \"cargo\": 1 }\n```\n";
    let got: Vec<(usize, Vec<String>)> = commands(markdown).into_iter().map(|s| (s.line, s.words)).collect();
    let w = |words: &[&str]| words.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        vec![
            (1, w(&["dealscope", "tour", "list"])),
            (3, w(&["dealscope", "search", "lei jun", "--kind", "person"])),
            (4, w(&["dealscope", "serve", "--present", "--listen", "0.0.0.0:2200"])),
            (6, w(&["dealscope", "graph", "huawei"])),
        ]
    );
}
