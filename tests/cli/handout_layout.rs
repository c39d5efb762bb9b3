//! Handouts people can use: pictures whose text is in runs (words can be
//! selected; small files), with CJK fonts to fall back on and no key hints,
//! and each card once in the Markdown, its sources listed once.

use crate::common::run;

/// Exports the demo tour; its Markdown and its pictures.
fn handout() -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h");
    let (code, _, err) = run(&["tour", "export", "cross-licence", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let md = std::fs::read_to_string(out.join("handout.md")).unwrap();
    let svgs = (1..=9).map(|n| std::fs::read_to_string(out.join(format!("step-{n:02}.svg"))).unwrap()).collect();
    (md, svgs)
}

#[test]
fn pictures_hold_text_in_runs_with_cjk_fonts_and_no_key_hints() {
    let (_, svgs) = handout();
    for (n, svg) in svgs.iter().enumerate() {
        assert!(svg.len() < 40_000, "step {}: {} bytes", n + 1, svg.len());
        let texts = svg.matches("<text").count();
        assert!((10..300).contains(&texts), "step {}: {texts} text elements", n + 1);
        for font in ["Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"] {
            assert!(svg.contains(font), "step {}: no {font}", n + 1);
        }
        for hint in ["Tab focus", "Enter open", "? help", "q quit"] {
            assert!(!svg.contains(hint), "step {}: the key hint `{hint}` is in the picture", n + 1);
        }
    }
    // Words and names are whole in one element, to select and copy.
    assert!(svgs[0].contains(">Xiaomi</text>") && svgs[0].contains(">小米</text>"), "{}", svgs[0]);
    assert!(svgs[6].contains(">had been working through with mediation.</text>"), "{}", svgs[6]);
}

#[test]
fn each_card_is_in_the_markdown_once_and_its_sources_once() {
    let (md, _) = handout();
    let card = "```text\nHuawei-Xiaomi global patent cross-licence (agreement, id huawei-xiaomi-cross-license)";
    assert_eq!(md.matches(card).count(), 1, "steps 7 and 8 both show the cross-licence: one card");
    assert!(md.contains("The card of *Huawei-Xiaomi global patent cross-licence* is under step 7."));
    assert!(!md.contains("\nsources:\n"), "a card's sources are listed once, under Sources:");
    let seed = "](<https://primetimeread.com/xiaomi-and-huawei-collaborate-on-a-significant-patent-deal/>)";
    let step1 = md.split("\n## 2. ").next().unwrap();
    assert_eq!(step1.matches(seed).count(), 1, "the seed article once in step 1");
    assert!(!step1.contains("[seed-article]"), "not in the card's text too");
}
