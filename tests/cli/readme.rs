//! The docs cannot drift from the code: the user guide's key table
//! (docs/guide.md) is the keymap table (every binding with the same keys and
//! words), and ARCHITECTURE.md names every folder under `src/`.

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
