//! Where the app is (a `Location`), going to an entity or a tag, going
//! back and forward through history, and showing a mirrored app's location.

use super::*;
use crate::app::doc::Target;
use crate::data::model::EntityId;
use crate::timeline::Scope;

impl App {
    /// Shows exactly what a mirrored app shows, offsets included (a
    /// recording), keeping this app's own history.
    pub(super) fn mirror_to(&mut self, loc: &Location) {
        if loc.as_of != self.as_of() {
            self.set_as_of(loc.as_of);
        }
        let mut loc = loc.clone();
        if self.ds.is_redacted() {
            // The presenter's paths and neighbourhood were worked out on data
            // this session may not see: work them out again on its own.
            let conn = self.connections();
            if let Some(p) = loc.paths.as_mut() {
                let mut fresh = PathsState::new_in(&self.ds, &conn, p.from, p.to);
                fresh.selected = p.selected.min(fresh.rows.len().saturating_sub(1));
                fresh.offset = p.offset.min(fresh.selected);
                **p = fresh;
            }
            if let Some(h) = loc.hood.as_mut() {
                let mut fresh = HoodState::new_in(&self.ds, &conn, h.hood.centre, h.hood.depth);
                fresh.cursor = h.cursor.filter(|&(g, r)| fresh.groups.get(g).is_some_and(|(_, rows)| r < rows.len()));
                **h = fresh;
            }
            // So were its timeline's items (their places in a timeline with
            // more of them): pick them again from this session's own, the
            // cursor on the presenter's subject where it is kept here.
            if let Some(tl) = loc.timeline.as_mut() {
                tl.picked.clear();
                tl.refresh(&self.ds, &self.timeline);
                let items = self.timeline.items();
                if let Some(at) = loc.entity.and_then(|e| tl.picked.iter().position(|&i| items[i].subject == e)) {
                    tl.selected = at;
                }
            }
        }
        if self.here() != loc {
            self.help = None;
            self.palette = None;
            self.restore(loc);
        }
    }

    pub(super) fn here(&self) -> Location {
        let l = self.list();
        Location {
            view: self.view.clone(),
            query: l.query.clone(),
            entity: self.selected(),
            selected: l.selected,
            offset: l.offset,
            detail: self.detail,
            focus: self.focus,
            timeline: (self.view == View::Timeline).then(|| Box::new(self.tl.clone())),
            paths: (self.view == View::Paths).then(|| self.paths.clone().map(Box::new)).flatten(),
            hood: (self.view == View::Neighbourhood).then(|| self.hood.clone().map(Box::new)).flatten(),
            as_of: self.as_of(),
        }
    }

    pub(super) fn restore(&mut self, loc: Location) {
        if matches!(loc.view, View::Tag(_)) && loc.view != self.view {
            self.tag_list = ListState::default(); // another tag's rows and matches are no use
        }
        self.view = loc.view;
        self.filtering = false;
        if let Some(tl) = loc.timeline {
            self.tl = *tl;
            if self.tl.until != self.as_of() {
                self.tl.until = self.as_of();
                self.tl.refresh(&self.ds, &self.timeline);
            }
            self.tl_work = None;
            self.tl_after_move();
            return;
        }
        if let Some(h) = loc.hood {
            self.hood = Some(*h);
            self.focus = Focus::List;
            self.detail = loc.detail;
            return;
        }
        if let Some(p) = loc.paths {
            self.paths = Some(*p);
            self.focus = loc.focus;
            self.detail = loc.detail;
            self.clamp_detail();
            return;
        }
        self.list_mut().query = loc.query;
        self.refresh_rows();
        let l = self.list_mut();
        if l.search.running() {
            l.search.select = loc.entity; // once the results are in
        }
        let by_entity = loc.entity.and_then(|e| l.rows.iter().position(|h| h.id == e));
        l.selected = by_entity.unwrap_or(loc.selected).min(l.rows.len().saturating_sub(1));
        l.offset = loc.offset;
        self.keep_visible();
        self.focus = loc.focus;
        self.detail = loc.detail;
        self.clamp_detail();
    }

    pub(super) fn push_back(&mut self) {
        let here = self.here();
        self.back.push(here);
        if self.back.len() > MAX_HISTORY {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Shows an entity in its kind's list, remembering where we were.
    pub(super) fn open_entity(&mut self, id: EntityId) {
        self.push_back();
        self.show_entity(id);
    }

    pub(super) fn show_entity(&mut self, id: EntityId) {
        let kind = self.ds.get(id).kind();
        self.view = View::Kind(kind);
        self.filtering = false;
        if !self.list().rows.iter().any(|h| h.id == id) {
            self.list_mut().query.edit(Edit::Clear);
            self.refresh_rows();
        }
        let l = self.list_mut();
        l.selected = l.rows.iter().position(|h| h.id == id).unwrap_or(0);
        self.keep_visible();
        self.detail = DetailState::default();
        if self.focus == Focus::Detail {
            self.set_focus(Focus::Detail);
        }
    }

    pub(super) fn open_tag(&mut self, tag: String) {
        self.push_back();
        self.view = View::Tag(tag);
        self.filtering = false;
        self.tag_list = ListState::default();
        self.refresh_rows();
        self.detail = DetailState::default();
        self.focus = Focus::List;
    }

    pub(super) fn open_selection(&mut self) {
        match self.focus {
            Focus::List => self.set_focus(Focus::Detail),
            Focus::Detail => {
                let Some(doc) = self.detail_doc() else { return };
                match self.detail.cursor.and_then(|c| doc.targets.get(c)).cloned() {
                    Some(Target::Entity(id)) => self.open_entity(id),
                    Some(Target::Tag(t)) => self.open_tag(t),
                    None => {}
                }
            }
        }
    }

    pub(super) fn go_back(&mut self) {
        match self.back.pop() {
            Some(loc) => {
                let here = self.here();
                self.forward.push(here);
                self.restore(loc);
            }
            None => self.message = Some("nothing to go back to".into()),
        }
    }

    pub(super) fn go_forward(&mut self) {
        match self.forward.pop() {
            Some(loc) => {
                let here = self.here();
                self.back.push(here);
                self.restore(loc);
            }
            None => self.message = Some("nothing to go forward to".into()),
        }
    }

    /// Names along the trail behind the current place, oldest first.
    /// The places going back leads to, oldest first.
    pub fn history(&self) -> &[Location] {
        &self.back
    }

    pub fn breadcrumb(&self) -> Vec<String> {
        let mut trail: Vec<String> = self.back.iter().map(|loc| self.place_name(loc)).collect();
        trail.push(self.place_name(&self.here()));
        trail
    }

    /// A place in words: its entity, tag, kind or timeline scope.
    pub(super) fn place_name(&self, loc: &Location) -> String {
        let scope = loc.timeline.as_ref().map_or(&self.tl.scope, |t| &t.scope);
        self.name_of(&loc.view, loc.entity, scope)
    }

    /// A view in words: its timeline scope, tag, entity or kind.
    pub(super) fn name_of(&self, view: &View, entity: Option<EntityId>, scope: &Scope) -> String {
        match (view, entity) {
            (View::Timeline, _) => self.scope_name(scope),
            (View::Tag(t), _) => format!("#{t}"),
            (View::Paths, _) => match &self.paths {
                Some(p) => format!("Paths: {} → {}", self.ds.get(p.from).name, self.ds.get(p.to).name),
                None => "Paths".to_string(),
            },
            (View::Neighbourhood, _) => match &self.hood {
                Some(h) => format!("Around {}", self.ds.get(h.hood.centre).name),
                None => "Neighbourhood".to_string(),
            },
            (_, Some(e)) => self.ds.get(e).name.clone(),
            (View::Kind(k), None) => k.title().to_string(),
        }
    }
}
