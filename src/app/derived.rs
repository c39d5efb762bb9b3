//! What views show that costs work to make: the detail document of the
//! selection and the matched characters of the rows in view. Both are made
//! after each update, so a frame only reads them; the app's own handlers,
//! which may look mid-update, get a fresh one when the kept one is stale.

use std::sync::{Arc, Weak};

use super::{App, View};
use crate::app::doc::{Doc, document};
use crate::app::find::matching_lines;
use crate::data::model::{Dataset, EntityId};
use crate::memo::Memo;
use crate::search::{Field, Hit};

/// Most palette rows shown at once (the palette is at most 22 rows high).
const PALETTE_ROWS: usize = 22;

/// What the detail document depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DocKey {
    data: usize,
    entity: EntityId,
    cols: usize,
    ascii: bool,
}

/// Detail documents kept for every app of a dataset.
const DOCS_KEPT: usize = 64;

/// A document's key in [`Docs`], with a weak handle on its dataset: the
/// key names the dataset by address, which the handle keeps from being
/// reused (by a reload, or another lens) while the document is kept.
struct SharedKey {
    key: DocKey,
    _data: Weak<Dataset>,
}

impl PartialEq for SharedKey {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// The detail documents of one dataset, made once for every app showing
/// it: a server's hundred followers of one card at a few widths make a
/// few documents, not a hundred (the server's sessions share their
/// dataset's [`super::indexed::Indexed`], and with it this).
pub struct Docs(Memo<SharedKey, Arc<Doc>>);

impl Default for Docs {
    fn default() -> Self {
        Self(Memo::new(DOCS_KEPT))
    }
}

#[cfg(test)]
impl Docs {
    /// Documents made so far.
    fn made(&self) -> u64 {
        self.0.made()
    }
}

/// Made after each update, for views to read.
#[derive(Debug, Default)]
pub(super) struct Derived {
    doc: Option<(DocKey, Arc<Doc>)>,
    /// Matched characters of the hits in view: (query, entity, field) → positions.
    marks: Vec<((String, EntityId, Field), Vec<usize>)>,
    /// The first qualifier not understood of the queries typed (list,
    /// palette).
    problems: Vec<(String, Option<String>)>,
    /// How many lines of the card the search in it (`/` in the pane) matches.
    find_count: Option<usize>,
    /// The dataset all of this was made from. The doc's key and the problems
    /// compare datasets by address; holding this weak handle keeps that
    /// address from being reused by a reloaded dataset while they are kept.
    data: std::sync::Weak<crate::data::model::Dataset>,
}

impl App {
    fn doc_key(&self) -> Option<DocKey> {
        if self.view == View::Timeline {
            return None;
        }
        let entity = self.selected()?;
        let data = Arc::as_ptr(&self.ds) as usize;
        let ascii = self.glyphs.ellipsis == crate::app::theme::Glyphs::ASCII.ellipsis;
        Some(DocKey { data, entity, cols: self.layout().detail_cols(), ascii })
    }

    /// The detail document for the current selection and width.
    pub fn detail_doc(&self) -> Option<Arc<Doc>> {
        let key = self.doc_key()?;
        match &self.derived.doc {
            Some((k, doc)) if *k == key => Some(Arc::clone(doc)),
            _ => Some(self.shared_doc(key)),
        }
    }

    /// The document for `key`, made once for every app of this dataset.
    fn shared_doc(&self, key: DocKey) -> Arc<Doc> {
        let (entity, cols) = (key.entity, key.cols);
        let key = SharedKey { key, _data: Arc::downgrade(&self.ds) };
        self.docs.0.get(key, || Arc::new(document(&self.ds, &self.timeline, entity, cols, &self.glyphs)))
    }

    /// Char positions of a hit's matched text that a query matched, for highlighting.
    pub fn matched(&self, hit: &Hit, query: &str) -> Vec<usize> {
        if query == crate::data::redact::MASK {
            return Vec::new(); // a presenter's filter this viewer may not read
        }
        let found = self.derived.marks.iter().find(|((q, id, f), _)| q == query && *id == hit.id && *f == hit.field);
        match found {
            Some((_, positions)) => positions.clone(),
            None => self.searcher.indices(&self.ds, hit, query),
        }
    }

    /// The problem of a query with qualifiers, if it was worked out after the last update.
    pub(super) fn derived_problem(&self, query: &str) -> Option<Option<String>> {
        self.derived.problems.iter().find(|(q, _)| q == query).map(|(_, p)| p.clone())
    }

    /// How many lines of the card the search in it matches, while one is typed.
    pub fn find_count(&self) -> Option<usize> {
        self.derived.find_count
    }

    /// Makes again what views read, for the state after an update.
    pub(super) fn refresh_derived(&mut self) {
        let doc = self.doc_key().map(|key| match self.derived.doc.take() {
            Some((k, doc)) if k == key => (k, doc),
            _ => (key.clone(), self.shared_doc(key)),
        });
        let mut in_view: Vec<(String, Hit)> = Vec::new();
        let list = self.list();
        if !list.query.is_empty() && list.query.as_str() != crate::data::redact::MASK && self.view != View::Timeline {
            let rows = self.layout().list_rows();
            let end = (list.offset + rows).min(list.rows.len());
            let start = list.offset.min(end);
            in_view.extend(list.rows[start..end].iter().map(|h| (list.query.to_string(), *h)));
        }
        if let Some(p) = self.palette.as_ref().filter(|p| !p.query.is_empty()) {
            let start = p.selected.saturating_sub(PALETTE_ROWS);
            let end = (p.selected + PALETTE_ROWS).min(p.hits.len());
            in_view.extend(p.hits[start.min(end)..end].iter().map(|h| (p.query.to_string(), *h)));
        }
        let marks = in_view
            .into_iter()
            .map(|(query, hit)| {
                let positions = self.searcher.indices(&self.ds, &hit, &query);
                ((query, hit.id, hit.field), positions)
            })
            .collect();
        let typed = [Some(self.list().query.to_string()), self.palette.as_ref().map(|p| p.query.to_string())];
        let problems = typed
            .into_iter()
            .flatten()
            .filter(|q| crate::search::query::has_qualifiers(q))
            .map(|q| {
                let same_data = std::ptr::eq(self.derived.data.as_ptr(), Arc::as_ptr(&self.ds));
                let known = self.derived.problems.iter().find(|(k, _)| same_data && *k == q).map(|(_, p)| p.clone());
                let p = known.unwrap_or_else(|| self.searcher.prepare(&self.ds, &q).problem().map(str::to_string));
                (q, p)
            })
            .collect();
        let find_count =
            self.find.as_ref().zip(doc.as_ref()).map(|(f, (_, d))| matching_lines(d, f.query.trim()).len());
        let data = Arc::downgrade(&self.ds);
        self.derived = Derived { doc, marks, problems, find_count, data };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::indexed::Indexed;
    use crate::app::{App, Options};
    use crate::data::date::PartialDate;
    use crate::data::load::{DataSource, load};

    fn demo() -> Indexed {
        Indexed::new(Arc::new(load(&DataSource::Demo, Default::default()).unwrap().dataset.unwrap()))
    }

    fn card(data: &Indexed, (w, h): (u16, u16)) -> App {
        let app = App::new(data.clone(), Options::default(), w, h);
        assert!(app.detail_doc().is_some(), "a card is shown");
        app
    }

    #[test]
    fn apps_of_one_dataset_lay_a_card_out_once_per_width_and_never_take_another_dataset_s() {
        let data = demo();
        let apps: Vec<App> = (0..3).map(|_| card(&data, (100, 30))).collect();
        assert_eq!(data.docs.made(), 1, "three apps on one card at one width: one document");
        assert!(Arc::ptr_eq(&apps[0].detail_doc().unwrap(), &apps[2].detail_doc().unwrap()));
        card(&data, (200, 60));
        assert_eq!(data.docs.made(), 2, "another width, another document");
        // Other data (a reload, or the view without clearance) has its own.
        let other = demo();
        card(&other, (100, 30));
        assert_eq!((data.docs.made(), other.docs.made()), (2, 1));
        // The lens shows the data as of a day: its cards are made for it.
        let mut lensed = card(&data, (100, 30));
        lensed.set_as_of(Some(PartialDate::parse("2011-01-01").unwrap()));
        let doc = lensed.detail_doc().expect("a card as of 2011");
        assert_eq!(data.docs.made(), 3, "the lens's card is another document");
        assert!(!Arc::ptr_eq(&doc, &apps[0].detail_doc().unwrap()));
    }
}
