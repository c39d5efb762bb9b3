//! The presenter's place: what a follower needs to show what the presenter
//! shows (the view, its filter, the selection, the focused pane and the
//! card's link under the cursor, the timeline's scope, categories, filter,
//! zoom and item, the paths and neighbourhood asked for, the date lens),
//! and never how the presenter's screen laid it out: no scroll offset, no
//! axis pan. Each viewer lays a place out for its own size, so the
//! selection, the card's title and the link under the cursor are in view
//! at 80x24 as at 200x60. `Location` (history) keeps offsets; a `Place` is
//! what is shared.
//!
//! A place also carries what the presenter's filters found (`Found`, and
//! the timeline's `items`): a follower whose data is redacted, or whose
//! copy of the filter is masked, shows the presenter's rows and count,
//! drawn from its own data, rather than searching its data for the text.

use super::*;
use crate::app::doc::Target;
use crate::search::Field;
use crate::timeline::view::Zoom;
use crate::timeline::{Category, ItemKind, Scope};

/// A shared place (see the module's comment).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The list, or the timeline, paths or neighbourhood view.
    pub view: View,
    /// The list's filter (kind and tag lists).
    pub query: TextInput,
    /// The selected entity.
    pub entity: Option<EntityId>,
    /// The focused pane.
    pub focus: Focus,
    /// The card's link under the cursor: its number on the card and where
    /// it leads (a viewer whose card differs finds it by where it leads).
    pub link: Option<(usize, Target)>,
    /// The timeline's place, on the timeline.
    pub timeline: Option<TimelinePlace>,
    /// The paths view's two ends and its selected row.
    pub paths: Option<(EntityId, EntityId, usize)>,
    /// The neighbourhood's centre, depth and cursor.
    pub hood: Option<HoodPlace>,
    /// The date lens.
    pub as_of: Option<PartialDate>,
    /// The list's rows as the presenter's filter (or lens) found them.
    pub found: Option<Found>,
}

/// Most rows of a filtered list a place carries: a window around the
/// selection, wider than any screen is tall.
pub const FOUND_ROWS: usize = 2048;

/// Most timeline items a place carries; a filter that keeps more is
/// searched again by each follower.
pub const FOUND_ITEMS: usize = 20_000;

/// What a list's filter (or the date lens) found on the presenter's data:
/// the rows around the selection, in the presenter's order, and how many
/// match in all (and in each kind), so a follower shows the same rows and
/// count whatever its copy of the filter reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// The rows (at most [`FOUND_ROWS`], the selection among them).
    pub rows: Arc<[Hit]>,
    /// How many entities match, once known.
    pub count: Option<usize>,
    /// The matches in each kind, once counted.
    pub elsewhere: Option<[usize; Kind::ALL.len()]>,
}

/// The neighbourhood's centre, its depth, and the cursor's group and row
/// (none: on the centre).
pub type HoodPlace = (EntityId, u8, Option<(usize, usize)>);

/// Where the timeline tab stands, without its pan or scroll.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePlace {
    /// Whose history.
    pub scope: Scope,
    /// The categories shown.
    pub categories: Vec<Category>,
    /// Its filter.
    pub query: TextInput,
    /// The axis zoom.
    pub zoom: Zoom,
    /// The item under the cursor.
    pub item: Option<ItemKey>,
    /// The items its filter kept (at most [`FOUND_ITEMS`]), with a filter.
    pub items: Option<Arc<[ItemKey]>>,
}

/// A timeline item as a viewer with other data (redacted) can find it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ItemKey {
    /// The entity it opens.
    pub subject: EntityId,
    /// What kind of fact.
    pub kind: ItemKind,
    /// Its first day, if dated.
    pub day: Option<i64>,
}

impl ItemKey {
    /// The key of a timeline item.
    pub fn of(item: &crate::timeline::Item) -> Self {
        ItemKey { subject: item.subject, kind: item.kind, day: item.start_day() }
    }
}

impl Place {
    /// The place as shown to someone not cleared: a typed filter that could
    /// name something confidential, or whose rows it found there (a fuzzy
    /// `flcn` finding a confidential Falcon), reads
    /// [`MASK`](crate::data::redact::MASK) instead.
    pub fn concealed(mut self, secrets: &crate::data::redact::Secrets) -> Place {
        let mask = || TextInput::new(crate::data::redact::MASK);
        // A fuzzy query need not be a word of a secret to find it: a row of
        // a confidential entity, or one matched on more than the name or id
        // of an entity with a confidential field, tells what it matched.
        let found_secret = self.found.as_ref().is_some_and(|f| {
            f.rows.iter().any(|h| match secrets.marked(h.id) {
                Some(whole) => whole || !matches!(h.field, crate::search::Field::Name | crate::search::Field::Id),
                None => false,
            })
        });
        if secrets.hinted_by(self.query.as_str()) || (found_secret && !self.query.is_empty()) {
            self.query = mask();
        }
        if let Some(tl) = self.timeline.as_mut().filter(|tl| secrets.hinted_by(tl.query.as_str())) {
            tl.query = mask();
        }
        self
    }

    /// The place without what its filters found: to be searched again on
    /// the data of the app that stands on it.
    pub fn searched(&self) -> Place {
        let mut place = self.clone();
        place.found = None;
        if let Some(tl) = place.timeline.as_mut() {
            tl.items = None;
        }
        place
    }
}

impl App {
    /// Where the app is now, as a follower copies it: the place, never the
    /// scroll offsets.
    pub fn snapshot(&self) -> Place {
        let list = matches!(self.view, View::Kind(_) | View::Tag(_));
        let link = self.detail.cursor.and_then(|c| Some((c, self.detail_doc()?.targets.get(c)?.clone())));
        let items = self.timeline.items();
        Place {
            view: self.view.clone(),
            query: if list { self.list().query.clone() } else { TextInput::default() },
            entity: self.selected(),
            focus: self.focus,
            link: if self.view == View::Timeline { None } else { link },
            timeline: (self.view == View::Timeline).then(|| TimelinePlace {
                scope: self.tl.scope.clone(),
                categories: self.tl.categories.clone(),
                query: self.tl.query.clone(),
                zoom: self.tl.zoom,
                item: self.tl.current().map(|i| ItemKey::of(&items[i])),
                items: (!self.tl.query.is_empty() && self.tl.picked.len() <= FOUND_ITEMS)
                    .then(|| self.tl.picked.iter().map(|&i| ItemKey::of(&items[i])).collect()),
            }),
            paths: self.paths.as_ref().filter(|_| self.view == View::Paths).map(|p| (p.from, p.to, p.selected)),
            hood: self
                .hood
                .as_ref()
                .filter(|_| self.view == View::Neighbourhood)
                .map(|h| (h.hood.centre, h.hood.depth, h.cursor)),
            as_of: self.as_of(),
            found: (list && (!self.list().query.is_empty() || self.as_of().is_some())).then(|| self.found()),
        }
    }

    /// What the list's filter found: the rows around the selection, and
    /// the counts once known.
    fn found(&self) -> Found {
        let l = self.list();
        let lo = l.selected.saturating_sub(FOUND_ROWS / 2).min(l.rows.len().saturating_sub(FOUND_ROWS));
        let hi = (lo + FOUND_ROWS).min(l.rows.len());
        Found { rows: l.rows[lo..hi].into(), count: l.search.count(&l.query), elsewhere: self.elsewhere().copied() }
    }

    /// Shows the rows the mirrored app's filter found (a recording without
    /// clearance, whose copy of the filter may be masked), the cursor on
    /// its entity.
    pub(super) fn mirror_found(&mut self, loc: &Location, found: &Found) {
        if !matches!(self.view, View::Kind(_) | View::Tag(_)) {
            return;
        }
        self.take_found(&loc.query, found);
        let l = self.list_mut();
        let at = loc.entity.and_then(|e| l.rows.iter().position(|h| h.id == e));
        l.selected = at.unwrap_or(0).min(l.rows.len().saturating_sub(1));
        self.keep_visible();
        self.clamp_detail();
    }

    /// Shows the rows a presenter's filter found under `query` (as this
    /// viewer may read it), instead of searching this app's data for it.
    fn take_found(&mut self, query: &TextInput, found: &Found) {
        if self.list().search.running()
            && let Some(target) = super::search::list_target(&self.view)
        {
            self.cancel(target);
        }
        // A field that matched there may not be here (a redacted firm has
        // no aliases): such a row shows its name.
        let ds = Arc::clone(&self.ds);
        let here = |h: &Hit| {
            let e = ds.get(h.id);
            let field = match h.field {
                Field::Alias(i) if i >= e.aliases.len() => Field::Name,
                Field::Tag(i) if i >= e.tags.len() => Field::Name,
                f => f,
            };
            Hit { field, ..*h }
        };
        let l = self.list_mut();
        l.query = query.clone();
        l.rows = found.rows.iter().map(here).collect();
        l.search =
            SearchState { done_for: Some(query.trim().to_string()), presented: found.count, ..SearchState::default() };
        self.elsewhere = Elsewhere::presented(query.trim(), found.elsewhere);
    }

    /// A place in words ("Xiaomi", "Timeline: Huawei + Xiaomi").
    pub(super) fn place_words(&self, place: &Place) -> String {
        let scope = place.timeline.as_ref().map_or(&self.tl.scope, |t| &t.scope);
        self.name_of(&place.view, place.entity, scope)
    }

    /// Shows a place, laid out for this app's own size; its own history
    /// stays as it is. Overlays close only when the place changes.
    pub(super) fn show_place(&mut self, place: &Place) {
        if place.as_of != self.as_of() {
            self.set_as_of(place.as_of);
        }
        if self.snapshot() == *place {
            return;
        }
        self.help = None;
        self.palette = None;
        self.lay_out(place);
    }

    /// Stands on a place, laid out for this app's size.
    pub(super) fn lay_out(&mut self, place: &Place) {
        self.filtering = false;
        self.find = None;
        match &place.view {
            View::Timeline => self.show_timeline_place(place.timeline.as_ref()),
            View::Paths => self.show_paths_place(place),
            View::Neighbourhood => self.show_hood_place(place),
            View::Kind(_) | View::Tag(_) => self.show_list_place(place),
        }
    }

    fn show_list_place(&mut self, place: &Place) {
        if matches!(place.view, View::Tag(_)) && place.view != self.view {
            self.tag_list = ListState::default();
        }
        let before = self.selected();
        let moved = self.view != place.view || self.list().query != place.query;
        self.view = place.view.clone();
        if let Some(found) = &place.found {
            self.take_found(&place.query, found);
        } else if self.list().query != place.query {
            self.list_mut().query = place.query.clone();
            self.list_mut().search.select = None;
            self.refresh_rows();
        }
        if moved && place.found.is_none() {
            self.refresh_elsewhere();
        }
        let l = self.list_mut();
        if l.search.running() {
            l.search.select = place.entity; // once the results are in
        }
        let at = place.entity.and_then(|e| l.rows.iter().position(|h| h.id == e));
        l.selected = at.unwrap_or(0).min(l.rows.len().saturating_sub(1));
        self.keep_visible();
        self.focus = place.focus;
        if self.selected() != before {
            self.detail = DetailState::default();
        }
        self.point_at(place.link.as_ref());
    }

    /// Puts the card's cursor on a link (found by where it leads when its
    /// number leads elsewhere here), and the pane's scroll where it shows.
    fn point_at(&mut self, link: Option<&(usize, Target)>) {
        let Some(doc) = self.detail_doc() else {
            self.detail = DetailState::default();
            return;
        };
        self.detail.cursor = link.and_then(|(n, target)| {
            if doc.targets.get(*n) == Some(target) { Some(*n) } else { doc.targets.iter().position(|t| t == target) }
        });
        // Scrolled no further than the link needs: as much of the card's
        // top (its fields, its summary) stays in view as this screen has room for.
        self.scroll_to_cursor();
    }

    fn show_timeline_place(&mut self, place: Option<&TimelinePlace>) {
        self.view = View::Timeline;
        self.focus = Focus::List;
        let Some(p) = place else {
            self.tl_after_move();
            return;
        };
        let as_of = self.as_of();
        let tl = &mut self.tl;
        // Items the presenter's filter kept are picked again whenever they
        // come (its text may read the same here, masked, while it changed).
        let picked_again = p.items.is_some()
            || tl.scope != p.scope
            || tl.categories != p.categories
            || tl.query != p.query
            || tl.until != as_of;
        let zoomed = tl.zoom != p.zoom;
        if picked_again {
            tl.scope = p.scope.clone();
            tl.categories = p.categories.clone();
            tl.query = p.query.clone();
            tl.until = as_of;
            self.tl_work = None;
            match &p.items {
                Some(keys) => {
                    let keys: std::collections::HashSet<ItemKey> = keys.iter().copied().collect();
                    let items = self.timeline.items();
                    self.tl.pick(&self.ds, &self.timeline, |i| keys.contains(&ItemKey::of(&items[i])));
                }
                None => self.tl.refresh(&self.ds, &self.timeline),
            }
        }
        self.tl.zoom = p.zoom;
        if let Some(key) = p.item {
            let items = self.timeline.items();
            let found = self.tl.picked.iter().position(|&i| ItemKey::of(&items[i]) == key);
            match (found, key.day) {
                (Some(n), _) => self.tl.selected = n,
                (None, Some(day)) => self.tl.select_near(&self.timeline, day),
                (None, None) => {}
            }
        }
        if picked_again || zoomed {
            self.tl.start = f64::MIN; // centred on the item, for this width
        }
        self.tl_after_move();
    }

    fn show_paths_place(&mut self, place: &Place) {
        let Some((from, to, selected)) = place.paths else { return };
        self.view = View::Paths;
        let conn = self.connections();
        if self.paths.as_ref().is_none_or(|p| (p.from, p.to) != (from, to)) {
            self.paths = Some(PathsState::new_in(&self.ds, &conn, from, to));
        }
        let rows = self.layout().list_rows();
        if let Some(p) = self.paths.as_mut() {
            let before = p.selected;
            p.selected = selected.min(p.rows.len().saturating_sub(1));
            p.keep_visible(rows);
            if p.selected != before {
                self.detail = DetailState::default();
            }
        }
        self.focus = place.focus;
        self.point_at(place.link.as_ref());
    }

    fn show_hood_place(&mut self, place: &Place) {
        let Some((centre, depth, cursor)) = place.hood else { return };
        self.view = View::Neighbourhood;
        let conn = self.connections();
        if self.hood.as_ref().is_none_or(|h| (h.hood.centre, h.hood.depth) != (centre, depth)) {
            self.hood = Some(HoodState::new_in(&self.ds, &conn, centre, depth));
        }
        if let Some(h) = self.hood.as_mut() {
            h.cursor = cursor.filter(|&(g, r)| h.groups.get(g).is_some_and(|(_, rows)| r < rows.len()));
        }
        self.focus = Focus::List;
    }
}
