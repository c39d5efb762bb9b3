//! The README's key table is the keymap table: every binding appears in it
//! with the same keys and words, so the docs cannot drift from behaviour.

#[test]
fn readme_lists_every_key_binding() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: Vec<String> = dealscope::ui::help_rows()
        .into_iter()
        .map(
            |(keys, help)| if keys.is_empty() { format!("| **{help}** | |") } else { format!("| `{keys}` | {help} |") },
        )
        .collect();
    let expected = format!("| keys | action |\n| --- | --- |\n{}\n", table.join("\n"));
    assert!(readme.contains(&expected), "README.md's key table differs from the keymap; it should read:\n{expected}");
}
