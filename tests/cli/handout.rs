//! `dealscope tour export`: a handout of the demo tour has every step with
//! its picture, card and sources, and no note text unless `--notes`; the
//! output directory must be new or empty; confidential data is masked unless
//! `--cleared`; hostile titles stay text.

use std::path::Path;

use dealscope::data::load::{DataSource, load};

use crate::common::{REDACTED_SECRETS, data_file, run};

fn export(args: &[&str]) -> (i32, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("handout");
    let mut all = args.to_vec();
    all.extend(["--out", out.to_str().unwrap()]);
    let (code, _, err) = run(&all);
    let md = std::fs::read_to_string(out.join("handout.md")).unwrap_or_default();
    assert!(code != 0 || !md.is_empty(), "{err}");
    (code, md, dir)
}

#[test]
fn the_demo_tour_handout_has_every_step_with_its_picture_card_and_sources() {
    let (code, md, dir) = export(&["tour", "export", "cross-licence"]);
    assert_eq!(code, 0);
    let ds = load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap();
    let tour = ds.tour("cross-licence").unwrap();
    let sections: Vec<&str> = md.split("\n## ").skip(1).collect();
    assert_eq!(sections.len(), tour.steps.len());
    for (i, (section, step)) in sections.iter().zip(&tour.steps).enumerate() {
        let n = i + 1;
        assert!(section.starts_with(&format!("{n}. ")), "{section}");
        let picture = format!("step-{n:02}.svg");
        assert!(section.contains(&format!("]({picture})")), "step {n} shows its picture");
        let svg = std::fs::read_to_string(dir.path().join("handout").join(&picture)).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        if let Some(c) = &step.caption {
            assert!(section.contains(c.split(':').next().unwrap()), "step {n}'s caption");
        }
        assert!(section.contains("Sources:\n\n- ["), "step {n} lists its sources with links");
        for s in &step.sources {
            let title = &ds.get(*s).name;
            let word = title.split_whitespace().find(|w| w.len() >= 4 && w.chars().all(char::is_alphanumeric));
            assert!(word.is_none_or(|w| section.contains(w)), "step {n} cites {title}");
        }
        // No note text without --notes.
        if let Some(note) = &step.note {
            let first = note.lines().next().unwrap();
            assert!(!md.contains(first), "a note leaked: {first}");
        }
    }
    assert!(md.contains("```text\nHuawei (firm, id huawei)"), "the card shown, as text");
    let (_, with_notes, _) = export(&["tour", "export", "cross-licence", "--notes"]);
    assert!(with_notes.contains("> **Speaker's note:** Start on Huawei's card."), "{with_notes}");
}

#[test]
fn a_handout_never_overwrites_and_an_unknown_tour_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = dir.path().to_str().unwrap();
    let (code, _, err) = run(&["tour", "export", "cross-licence", "--out", out]);
    assert_eq!(code, 2);
    assert!(err.contains("not empty"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let fresh = dir.path().join("new");
    let (code, _, err) = run(&["tour", "export", "cross-licens", "--out", fresh.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("cross-licence"), "a suggestion: {err}");
    assert!(!Path::new(&fresh).exists());
}

#[test]
fn a_handout_masks_what_is_confidential_unless_cleared() {
    let data = "tests/fixtures/redact/data.yaml";
    let (code, md, dir) = export(&["--data", data, "tour", "export", "drill", "--notes"]);
    assert_eq!(code, 0);
    let mut all = md.to_lowercase();
    for f in std::fs::read_dir(dir.path().join("handout")).unwrap() {
        all.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap().to_lowercase());
    }
    for s in REDACTED_SECRETS {
        assert!(!all.contains(s), "the handout holds `{s}`");
    }
    assert!(md.contains("redacted firm") && md.contains("[redacted]"), "{md}");
    let (_, cleared, _) = export(&["--data", data, "tour", "export", "drill", "--cleared"]);
    assert!(cleared.contains("Quorvex Holdings") && cleared.contains("$777 million"), "{cleared}");
}

#[test]
fn hostile_titles_stay_text_in_a_handout() {
    let (_dir, path) = data_file(concat!(
        "sources:\n  - {id: s, title: \"[click](javascript:alert(1)) <script>x</script>\", url: \"javascript:alert(2)\"}\n",
        "firms:\n  - {id: f, name: \"**Bold** <img src=x>\", sources: [s]}\n",
        "tours:\n  - id: t\n    title: \"# Heading <b>\"\n    steps:\n      - {title: \"![pic](x.png)\", entity: f, sources: [s]}\n",
    ));
    let (code, md, _) = export(&["--data", &path, "tour", "export", "t"]);
    assert_eq!(code, 0);
    // Cards sit in fenced blocks, which Markdown shows as they are: look outside them.
    let prose: String = md.split("```").step_by(2).collect();
    assert!(md.contains("**Bold** <img src=x> (firm, id f)"), "the card shows the name as written, fenced");
    let md = prose;
    for bad in ["<script>", "<img", "<b>", "](javascript:", "](x.png)", "\n# Heading"] {
        assert!(!md.contains(bad), "`{bad}` survived:\n{md}");
    }
    assert!(md.starts_with("# \\# Heading &lt;b&gt;\n"), "{md}");
    assert!(md.contains("- \\[click\\]\\(javascript:alert\\(1\\)\\) &lt;script&gt;"), "not a link: {md}");
}
