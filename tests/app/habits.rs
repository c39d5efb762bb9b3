//! Habits people bring from fzf, less, vim and file managers: a filter that
//! says where its matches are, `n`/`N`, a search inside the card, section
//! jumps, a second click that opens, a help that filters, columns that share
//! the width, and names ranked before passing mentions.

use dealscope::app::App;
use dealscope::app::View;
use dealscope::app::doc::Tone;
use dealscope::app::input::{Input, KeyCode, MouseKind};
use dealscope::app::keymap::Mode;
use dealscope::data::model::Kind;
use dealscope::search::Searcher;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use crate::drive::{app, key, keys, selected_id, send};

/// The screen's text, row by row.
fn screen(app: &App) -> Vec<String> {
    let (w, h) = app.size();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    dealscope::ui::draw(app, area, &mut buf);
    (0..h).map(|y| (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect()).collect()
}

fn shows(app: &App, text: &str) -> bool {
    screen(app).iter().any(|row| row.contains(text))
}

#[test]
fn a_filter_with_no_match_here_says_where_its_matches_are_and_tab_goes_there() {
    let mut app = app();
    keys(&mut app, "/kirin");
    assert!(app.list().rows.is_empty(), "no firm is called kirin");
    let ds = app.dataset();
    let chips = Searcher::new(ds).search(ds, "kirin", Some(Kind::Chipset), usize::MAX).len();
    assert!(chips >= 5, "the demo has the Kirin chips");
    assert_eq!(app.elsewhere().unwrap()[Kind::Chipset.index()], chips);
    assert!(shows(&app, "no match in Firms"), "{:#?}", screen(&app));
    assert!(shows(&app, &format!("but: Chipsets {chips}")), "{:#?}", screen(&app));
    assert!(shows(&app, "Tab goes to Chipsets"));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.view(), &View::Kind(Kind::Chipset));
    assert_eq!(app.mode(), Mode::Filter, "still typing the same filter");
    assert_eq!(app.list().query, "kirin");
    assert_eq!(app.list().rows.len(), chips);
    // The list title counts the matches in the other kinds too.
    app.update(dealscope::app::action::Action::Resize(120, 30));
    assert!(shows(&app, &format!("Chipsets {chips}/")), "{:#?}", screen(&app));
    assert!(shows(&app, "in other kinds"));
}

#[test]
fn n_from_a_kept_filter_with_no_match_goes_to_the_next_kind_with_some() {
    let mut app = app();
    keys(&mut app, "/kirin");
    key(&mut app, KeyCode::Enter);
    assert!(shows(&app, "n goes to Chipsets"), "{:#?}", screen(&app));
    keys(&mut app, "n");
    assert_eq!(app.view(), &View::Kind(Kind::Chipset));
    assert_eq!(app.mode(), Mode::List);
    assert!(selected_id(&app).starts_with("kirin"));
    // Nothing matches anywhere: it says so.
    keys(&mut app, "/zzzzqqq");
    assert!(shows(&app, "nor in any other kind"));
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "n");
    assert_eq!(app.message(), Some("no other kind matches"));
}

#[test]
fn n_and_shift_n_step_through_a_filters_matches_and_wrap() {
    let mut app = app();
    keys(&mut app, "n");
    assert!(app.message().unwrap().starts_with("no filter"));
    keys(&mut app, "/s");
    key(&mut app, KeyCode::Enter);
    let rows = app.list().rows.len();
    assert!(rows >= 3);
    keys(&mut app, "n");
    assert_eq!(app.list().selected, 1);
    keys(&mut app, "NN");
    assert_eq!(app.list().selected, rows - 1, "N wraps to the last match");
    keys(&mut app, "n");
    assert_eq!(app.list().selected, 0, "n wraps to the first");
}

#[test]
fn names_that_equal_or_start_with_the_query_rank_first() {
    let mut app = app();
    for (query, first) in
        [("huawei", "huawei"), ("xiaomi cross", "huawei-xiaomi-cross-license"), ("kirin 9000s", "kirin-9000s")]
    {
        keys(&mut app, ":");
        keys(&mut app, query);
        let p = app.palette().unwrap();
        assert_eq!(app.dataset().get(p.hits[0].id).id, first, "`{query}`");
        key(&mut app, KeyCode::Esc);
    }
}

#[test]
fn slash_in_the_card_finds_a_phrase_and_n_steps_through_it() {
    let mut app = app();
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.mode(), Mode::Detail);
    keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::Find);
    keys(&mut app, "xiaomi");
    let doc = app.detail_doc().unwrap();
    let lines = dealscope::app::matching_lines(&doc, "xiaomi");
    assert!(lines.len() >= 2, "Huawei's card names Xiaomi more than once");
    assert_eq!(app.message(), Some(format!("match 1/{}", lines.len())).as_deref());
    let first = lines[0];
    let d = app.detail();
    assert!(d.scroll <= first && first < d.scroll + app.layout().detail_rows(), "the match is in view");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Detail);
    keys(&mut app, "n");
    assert_eq!(app.message(), Some(format!("match 2/{}", lines.len())).as_deref());
    assert_eq!(app.find().unwrap().current, Some(lines[1]));
    keys(&mut app, "N");
    assert_eq!(app.find().unwrap().current, Some(lines[0]));
    // The phrase is drawn marked (reversed) wherever it is in view.
    let (w, h) = app.size();
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    dealscope::ui::draw(&app, buf.area, &mut buf);
    let marked = (0..h)
        .any(|y| (0..w).any(|x| buf[(x, y)].symbol() == "X" && buf[(x, y)].modifier.contains(Modifier::REVERSED)));
    assert!(marked, "{:#?}", screen(&app));
    assert!(shows(&app, &format!("/xiaomi {} lines", lines.len())));
    // Esc clears the search, then leaves the pane.
    key(&mut app, KeyCode::Esc);
    assert!(app.find().is_none());
    assert_eq!(app.mode(), Mode::Detail);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::List);
    // A phrase the card lacks says so.
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "/qqqzz");
    assert!(app.message().unwrap().contains("is not in this card"));
}

#[test]
fn braces_jump_between_the_cards_sections() {
    let mut app = app();
    app.update(dealscope::app::action::Action::Resize(80, 16));
    key(&mut app, KeyCode::Tab);
    let doc = app.detail_doc().unwrap();
    let heads: Vec<usize> =
        (0..doc.lines.len()).filter(|&i| doc.lines[i].first().is_some_and(|p| p.tone == Tone::Heading)).collect();
    assert!(heads.len() >= 3);
    keys(&mut app, "}");
    assert_eq!(app.detail().scroll, heads[0]);
    keys(&mut app, "}");
    assert_eq!(app.detail().scroll, heads[1]);
    // The link cursor stays in the section shown, so Enter follows what is in view.
    if let Some(c) = app.detail().cursor {
        assert!(doc.target_lines[c] > heads[1] && doc.target_lines[c] < heads[2]);
    }
    keys(&mut app, "{");
    assert_eq!(app.detail().scroll, heads[0]);
    keys(&mut app, "{{");
    assert_eq!(app.detail().scroll, 0);
}

#[test]
fn a_second_click_on_the_selection_opens_it() {
    let mut app = app();
    let click = |app: &mut App, x, y| send(app, &[Input::Mouse { kind: MouseKind::Click, x, y }]);
    click(&mut app, 5, 4);
    assert_eq!(selected_id(&app), "xiaomi");
    assert_eq!(app.focus(), dealscope::app::Focus::List);
    click(&mut app, 5, 4);
    assert_eq!(app.focus(), dealscope::app::Focus::Detail, "the second click opens the card");
    // In the card: the first click picks the link under the pointer, the second follows it.
    let doc = app.detail_doc().unwrap();
    let t = doc.target_lines.iter().position(|&l| (8..18).contains(&l)).expect("a link in view");
    let line = doc.target_lines[t];
    let col = doc.lines[line]
        .iter()
        .take_while(|p| p.target != Some(t))
        .map(|p| dealscope::text::width(&p.text))
        .sum::<usize>();
    let (x, y) = (app.layout().detail.x + 2 + col as u16, app.layout().detail.y + 1 + line as u16);
    click(&mut app, x, y);
    assert_eq!(app.detail().cursor, Some(t));
    assert_eq!(selected_id(&app), "xiaomi");
    click(&mut app, x, y);
    assert_ne!(selected_id(&app), "xiaomi", "the second click followed the link");
    assert_eq!(app.back_stack().len(), 1);
}

#[test]
fn the_help_filters_by_a_word_and_never_cuts_a_line() {
    let mut app = app();
    keys(&mut app, "?");
    keys(&mut app, "/");
    assert_eq!(app.mode(), Mode::HelpFilter);
    keys(&mut app, "timeline");
    let text = screen(&app).join("\n");
    assert!(text.contains("timeline of everything"), "{text}");
    assert!(!text.contains("copy the selected id"), "{text}");
    // q types into the filter rather than closing.
    keys(&mut app, "q");
    assert_eq!(app.help().unwrap().filter, "timelineq");
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Help);
    key(&mut app, KeyCode::Esc);
    assert!(app.help().is_some_and(|h| h.filter.is_empty()), "Esc clears the filter first");
    // Unfiltered at 80 columns, the longest help line is whole (wrapped, not cut).
    let longest = "next match of the filter or card search (no match here: the next kind with some)";
    let words: Vec<String> =
        screen(&app).iter().flat_map(|r| r.split_whitespace().map(str::to_string).collect::<Vec<_>>()).collect();
    for w in longest.split_whitespace() {
        assert!(words.iter().any(|x| x.trim_matches('│') == w), "`{w}` of the help is cut");
    }
    // Inside the overlay (x 3..77, y 2..22 at 80x24), nothing ends in an ellipsis.
    let inside: String = screen(&app)[2..22].iter().map(|r| r.chars().skip(3).take(74).collect::<String>()).collect();
    assert!(!inside.replace("1…8", "").contains('…'), "no help line is cut: {inside}");
    key(&mut app, KeyCode::Esc);
    assert!(app.help().is_none());
}

#[test]
fn dates_stay_whole_beside_long_titles_at_80_columns() {
    let mut app = app();
    keys(&mut app, "5");
    let rows = screen(&app);
    let deal = rows.iter().skip(3).find(|r| r.contains("Huawei-Xiaomi")).expect("the deal is listed");
    assert!(deal.contains("2023-09-13"), "{deal}");
}

#[test]
fn a_chips_designer_and_foundry_sit_with_its_fields() {
    let mut app = app();
    keys(&mut app, ":kirin 9000");
    key(&mut app, KeyCode::Enter);
    let doc = app.detail_doc().unwrap();
    let text: Vec<String> = (0..doc.lines.len()).map(|i| dealscope::app::line_text(&doc, i)).collect();
    let at = |what: &str| text.iter().position(|l| l.starts_with(what)).unwrap_or_else(|| panic!("{what}: {text:#?}"));
    assert!(at("designer") < at("Specs"), "{text:#?}");
    assert!(at("foundry") < at("Specs"), "{text:#?}");
    assert!(text[at("designer")].contains("HiSilicon"));
    // Not also listed again below.
    assert!(!text.iter().any(|l| l.contains("→ designer")), "{text:#?}");
}

#[test]
fn qualifiers_narrow_the_palette_and_the_filter_and_a_wrong_one_is_said() {
    let mut app = app();
    keys(&mut app, ":kind:agreement with:xiaomi cross");
    let p = app.palette().unwrap();
    let ds = app.dataset();
    assert!(!p.hits.is_empty());
    for h in &p.hits {
        assert_eq!(ds.get(h.id).kind(), Kind::Agreement, "{}", ds.get(h.id).id);
    }
    assert_eq!(ds.get(p.hits[0].id).id, "huawei-xiaomi-cross-license");
    key(&mut app, KeyCode::Esc);
    // Only qualifiers: everything that satisfies them.
    keys(&mut app, ":#5G kind:firm");
    let p = app.palette().unwrap();
    assert!(!p.hits.is_empty(), "firms tagged 5G are found");
    assert!(p.hits.iter().all(|h| app.dataset().get(h.id).tags.iter().any(|t| t == "5G")));
    assert!(p.hits.iter().any(|h| app.dataset().get(h.id).id == "huawei"));
    key(&mut app, KeyCode::Esc);
    // One not understood is said beside the input, not ignored.
    keys(&mut app, ":colour:red huawei");
    assert!(shows(&app, "! unknown qualifier `colour:`"), "{:#?}", screen(&app));
    key(&mut app, KeyCode::Esc);
    // The list filter takes them too, and says what it does not understand.
    keys(&mut app, "5/year:23");
    assert!(shows(&app, "! `year:23`: a y"), "cut to the pane at 80 columns: {:#?}", screen(&app));
    assert_eq!(app.query_problem("year:23").as_deref(), Some("`year:23`: a year has four digits"));
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    // Dated 2023, among the agreements.
    keys(&mut app, "year:2023");
    let rows: Vec<String> = app.list().rows.iter().map(|h| app.dataset().get(h.id).id.clone()).collect();
    assert!(rows.contains(&"huawei-xiaomi-cross-license".to_string()), "{rows:?}");
    assert!(!rows.contains(&"huawei-oppo-cross-license".to_string()), "signed in 2022: {rows:?}");
    // Widening a date after narrowing it is searched afresh, not among the last matches.
    let _ = app.update(dealscope::app::action::Action::ClearInput);
    keys(&mut app, "after:2023");
    let after_year = app.list().rows.len();
    keys(&mut app, "-01");
    assert!(app.list().rows.len() >= after_year, "after:2023-01 keeps more than after:2023");
}
