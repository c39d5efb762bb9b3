//! The README's key table is the keymap table: every binding appears in it
//! with the same keys and words, so the docs cannot drift from behaviour.

#[test]
fn readme_lists_every_key_binding() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut missing = Vec::new();
    for (keys, help) in dealscope::ui::help_rows() {
        let row = if keys.is_empty() { format!("| **{help}** | |") } else { format!("| `{keys}` | {help} |") };
        if !readme.contains(&row) {
            missing.push(row);
        }
    }
    assert!(missing.is_empty(), "README.md lacks these rows of the key table:\n{}", missing.join("\n"));
}
