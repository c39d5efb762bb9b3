//! `dealscope tour export ID --out DIR`: a Markdown handout of a tour. Per
//! step: its title and caption, a picture of the screen at that step (SVG,
//! drawn by the same code as the pictures in docs/ from the explorer's own
//! frame, without the status bar's key hints), the card of the entity shown,
//! as text, the first time a step shows it (a later step says where it is),
//! and the sources of the step and of that card, with links, once (not in
//! the card too). Speaker notes only with `--notes`.
//! Confidential data is masked unless `--cleared`. Text from the data is
//! made inert (as the screen shows it) and escaped, so a title cannot become
//! Markdown or HTML, nor a URL a terminal escape. The handout is its user's
//! alone: files 0600, a directory it makes 0700, whatever the umask.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::app::action::Action;
use crate::app::msg::Msg;
use crate::app::{App, Options};
use crate::data::card::{Card, SourceLine, source_line};
use crate::data::model::{Dataset, EntityId};
use crate::data::redact::view;
use crate::exit::{EXIT_OK, EXIT_USAGE};
use crate::export::markdown_text as md_text;
use crate::text::sanitize::inert;

/// The size of each step's picture, in cells: wide enough for a card beside
/// the list, small enough for a page.
pub const PICTURE: (u16, u16) = (100, 30);

/// What to put in the handout.
pub(super) struct Handout<'a> {
    pub id: &'a str,
    pub out: &'a Path,
    pub notes: bool,
    pub cleared: bool,
}

/// Writes the handout; returns the exit status.
pub(super) fn export(ds: &Arc<Dataset>, h: &Handout) -> i32 {
    let ds = view(ds, h.cleared);
    let tour = match crate::data::tour::find(&ds, h.id) {
        Ok(t) => t.clone(),
        Err(e) => {
            eprintln!("dealscope: {e}");
            return EXIT_USAGE;
        }
    };
    if let Err(e) = new_or_empty(h.out) {
        eprintln!("dealscope: {}: {e}", h.out.display());
        return EXIT_USAGE;
    }
    let (w, hgt) = PICTURE;
    let mut app = App::new(Arc::clone(&ds), Options::default(), w, hgt);
    let _ = app.update(Msg::StartTour(tour.id.clone()));
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", md_text(&tour.title));
    let _ = writeln!(
        md,
        "A handout of the tour `{}` of *{}*, {} steps.\n",
        md_code(&tour.id),
        md_text(ds.title()),
        tour.steps.len()
    );
    // The steps whose card was printed, by entity.
    let mut printed: Vec<(EntityId, usize)> = Vec::new();
    for (i, step) in tour.steps.iter().enumerate() {
        if i > 0 {
            let _ = app.update(Action::NextStep);
        }
        let picture = format!("step-{:02}.svg", i + 1);
        let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, w, hgt));
        crate::ui::draw(&app, buf.area, &mut buf);
        // The status bar's key hints are for the keyboard, not for paper.
        let svg = crate::ui::svg::picture(&buf, hgt - 1);
        if let Err(e) = crate::private::write_file(&h.out.join(&picture), svg.as_bytes()) {
            eprintln!("dealscope: {}: cannot write: {e}", h.out.join(&picture).display());
            return EXIT_USAGE;
        }
        let title = md_text(&step.title);
        let _ = writeln!(md, "## {}. {title}\n", i + 1);
        if let Some(c) = &step.caption {
            let _ = writeln!(md, "{}\n", md_text(c));
        }
        let _ = writeln!(md, "![Step {}: {title}]({picture})\n", i + 1);
        if h.notes
            && let Some(n) = &step.note
        {
            let _ = writeln!(md, "> **Speaker's note:** {}\n", md_text(n));
        }
        // Each card once: a later step showing it again says where it is.
        let shown = app.selected();
        let earlier = printed.iter().find(|(e, _)| Some(*e) == shown).map(|&(_, n)| n);
        let card = match (shown, earlier) {
            (Some(e), None) => Some(Card::of(&ds, e)),
            _ => None,
        };
        if let (Some(e), Some(n)) = (shown, earlier) {
            let _ = writeln!(md, "The card of *{}* is under step {n}.\n", md_text(&ds.get(e).name));
        }
        if let (Some(card), Some(e)) = (&card, shown) {
            // Its sources are listed below, with links: not in the card too.
            let text = crate::cli::show::card_text(&Card { sources: Vec::new(), ..card.clone() }, true);
            let fence = fence_for(&text);
            let _ = writeln!(md, "{fence}text\n{text}{fence}\n");
            printed.push((e, i + 1));
        }
        let sources = sources(&ds, &step.sources, card.as_ref());
        if !sources.is_empty() {
            let _ = writeln!(md, "Sources:\n");
            for s in &sources {
                let _ = writeln!(md, "- {}", source(s));
            }
            md.push('\n');
        }
    }
    let path = h.out.join("handout.md");
    if let Err(e) = crate::private::write_file(&path, md.as_bytes()) {
        eprintln!("dealscope: {}: cannot write: {e}", path.display());
        return EXIT_USAGE;
    }
    println!("wrote {} and {} pictures", path.display(), tour.steps.len());
    EXIT_OK
}

/// The step's own sources, then those of the card it shows, each once.
fn sources(ds: &Dataset, cited: &[EntityId], shown: Option<&Card>) -> Vec<SourceLine> {
    let mut ids: Vec<EntityId> = cited.to_vec();
    if let Some(card) = shown {
        ids.extend(card.sources.iter().map(|s| s.target));
    }
    let mut seen = Vec::new();
    ids.retain(|id| {
        !seen.contains(id) && {
            seen.push(*id);
            true
        }
    });
    ids.iter().map(|&id| source_line(ds, id)).collect()
}

/// `[title](url) — publisher, date`; a link only for a web address.
fn source(s: &SourceLine) -> String {
    let title = md_text(&s.title);
    let mut line = match s.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        // Inert, and what would end `<…>` percent-encoded (`<U+202E>` included).
        Some(url) => {
            format!("[{title}](<{}>)", inert(url).replace('<', "%3C").replace('>', "%3E").replace(' ', "%20"))
        }
        None => title,
    };
    let meta: Vec<String> = [&s.publisher, &s.date].into_iter().flatten().map(|t| md_text(t)).collect();
    if !meta.is_empty() {
        line.push_str(&format!(" — {}", meta.join(", ")));
    }
    line
}

/// An id inside a code span: backticks cannot end it.
fn md_code(t: &str) -> String {
    inert(t).replace('`', "'")
}

/// A fence no line of `t` can close: longer than its longest run of backticks.
fn fence_for(t: &str) -> String {
    let longest = t.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// Fails unless `dir` is new (then made, 0700) or empty: a handout never
/// overwrites anything.
fn new_or_empty(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        if std::fs::read_dir(dir)?.next().is_some() {
            return Err(std::io::Error::other(
                "the directory is not empty; a handout is written only into a new or empty one",
            ));
        }
        return Ok(());
    }
    crate::private::create_dir_all(dir)
}
