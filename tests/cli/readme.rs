//! The docs cannot drift from the code: the user guide's key table
//! (docs/guide.md) is the keymap table (every binding with the same keys and
//! words), ARCHITECTURE.md names every folder under `src/`, and every link
//! between the README, ARCHITECTURE.md and docs/ leads to a page and heading
//! that exist.

#[test]
fn guide_lists_every_key_binding() {
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/guide.md")).unwrap();
    let table: Vec<String> = dealscope::ui::help_rows()
        .into_iter()
        .map(
            |(keys, help)| if keys.is_empty() { format!("| **{help}** | |") } else { format!("| `{keys}` | {help} |") },
        )
        .collect();
    let expected = format!("| keys | action |\n| --- | --- |\n{}\n", table.join("\n"));
    assert!(
        guide.contains(&expected),
        "docs/guide.md's key table differs from the keymap; it should read:\n{expected}"
    );
}

#[test]
fn architecture_names_every_folder_under_src() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                let short = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(
                    map.contains(&format!("`{rel}/`")) || map.contains(&format!("`{short}/`")),
                    "ARCHITECTURE.md does not name {rel}/"
                );
                dirs.push(path);
            }
        }
    }
}

/// The anchors GitHub gives the headings of a Markdown page: lowercase,
/// punctuation dropped, spaces as hyphens.
fn anchors(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|l| l.strip_prefix('#').map(|h| h.trim_start_matches('#').trim()))
        .map(|h| {
            h.to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect()
}

#[test]
fn links_in_the_readme_and_docs_lead_somewhere() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md"), root.join("ARCHITECTURE.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap().map(Result::unwrap) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            pages.push(entry.path());
        }
    }
    let mut checked = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let name = page.strip_prefix(root).unwrap().display();
        for link in text.split("](").skip(1).filter_map(|rest| rest.split(')').next()) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() { page.clone() } else { page.parent().unwrap().join(file) };
            assert!(target.exists(), "{name} links to {link}, which does not exist");
            if !anchor.is_empty() && target.extension().is_some_and(|e| e == "md") {
                let headings = anchors(&std::fs::read_to_string(&target).unwrap());
                assert!(headings.iter().any(|a| a == anchor), "{name} links to {link}: no such heading there");
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links found: is the reading broken?");
}
