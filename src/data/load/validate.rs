//! The validation pass: raw structs → typed `Dataset`, collecting every problem
//! with the path where it stands: ids registered and checked, each entity
//! built (`build`), then the rules across entities (loops of parents and
//! predecessors, `cycles`). Positions are filled in later by `locate`.

use std::sync::Arc;

use super::cycles::check_cycles;
use super::idmap::IdMap;
use super::issue::{Anchor, Issue, Related, Seg, YamlPath};
use super::raw::{
    RawAgreement, RawChipset, RawConfidential, RawDispute, RawEvent, RawFile, RawFirm, RawPerson, RawProduct,
    RawSource, Text, TextList, TextMap, field_names,
};
use super::register::{Entry, register};
use super::revalidate::Basis;
use super::unchecked::Unchecked;
use crate::data::date::PartialDate;
use crate::data::model::{Dataset, DatasetInfo, Entity, EntityId, Kind, Links};
use crate::data::suggest;

/// A raw entity of any kind, borrowed from its file.
pub(super) enum RawRef<'a> {
    Firm(&'a RawFirm),
    Person(&'a RawPerson),
    Chipset(&'a RawChipset),
    Product(&'a RawProduct),
    Agreement(&'a RawAgreement),
    Event(&'a RawEvent),
    Source(&'a RawSource),
}

impl RawRef<'_> {
    pub(super) fn kind(&self) -> Kind {
        match self {
            RawRef::Firm(_) => Kind::Firm,
            RawRef::Person(_) => Kind::Person,
            RawRef::Chipset(_) => Kind::Chipset,
            RawRef::Product(_) => Kind::Product,
            RawRef::Agreement(_) => Kind::Agreement,
            RawRef::Event(_) => Kind::Event,
            RawRef::Source(_) => Kind::Source,
        }
    }

    pub(super) fn sources(&self) -> Option<&TextList> {
        match self {
            RawRef::Firm(r) => Some(&r.sources),
            RawRef::Person(r) => Some(&r.sources),
            RawRef::Chipset(r) => Some(&r.sources),
            RawRef::Product(r) => Some(&r.sources),
            RawRef::Agreement(r) => Some(&r.sources),
            RawRef::Event(r) => Some(&r.sources),
            RawRef::Source(_) => None,
        }
    }

    /// The entity's `disputed` entries and the field names its kind has
    /// (sources have neither).
    pub(super) fn disputed(&self) -> (&[RawDispute], &'static [&'static str]) {
        let (list, names) = match self {
            RawRef::Firm(r) => (&r.disputed, field_names::<RawFirm>()),
            RawRef::Person(r) => (&r.disputed, field_names::<RawPerson>()),
            RawRef::Chipset(r) => (&r.disputed, field_names::<RawChipset>()),
            RawRef::Product(r) => (&r.disputed, field_names::<RawProduct>()),
            RawRef::Agreement(r) => (&r.disputed, field_names::<RawAgreement>()),
            RawRef::Event(r) => (&r.disputed, field_names::<RawEvent>()),
            RawRef::Source(_) => return (&[], &[]),
        };
        (list.as_deref().unwrap_or_default(), names)
    }

    /// The entity's `confidential:` as written, if given.
    pub(super) fn confidential(&self) -> Option<&RawConfidential> {
        match self {
            RawRef::Firm(r) => r.confidential.as_ref(),
            RawRef::Person(r) => r.confidential.as_ref(),
            RawRef::Chipset(r) => r.confidential.as_ref(),
            RawRef::Product(r) => r.confidential.as_ref(),
            RawRef::Agreement(r) => r.confidential.as_ref(),
            RawRef::Event(r) => r.confidential.as_ref(),
            RawRef::Source(r) => r.confidential.as_ref(),
        }
    }

    /// The field names its kind has.
    pub(super) fn field_names(&self) -> &'static [&'static str] {
        match self {
            RawRef::Firm(_) => field_names::<RawFirm>(),
            RawRef::Person(_) => field_names::<RawPerson>(),
            RawRef::Chipset(_) => field_names::<RawChipset>(),
            RawRef::Product(_) => field_names::<RawProduct>(),
            RawRef::Agreement(_) => field_names::<RawAgreement>(),
            RawRef::Event(_) => field_names::<RawEvent>(),
            RawRef::Source(_) => field_names::<RawSource>(),
        }
    }

    pub(super) fn id(&self) -> Option<&Text> {
        match self {
            RawRef::Firm(r) => r.id.as_ref(),
            RawRef::Person(r) => r.id.as_ref(),
            RawRef::Chipset(r) => r.id.as_ref(),
            RawRef::Product(r) => r.id.as_ref(),
            RawRef::Agreement(r) => r.id.as_ref(),
            RawRef::Event(r) => r.id.as_ref(),
            RawRef::Source(r) => r.id.as_ref(),
        }
    }
}

/// One raw entity and where it stands.
pub(super) struct Pending<'a> {
    pub(super) file: usize,
    pub(super) index: usize,
    pub(super) raw: RawRef<'a>,
    /// Fields already reported by the diagnosis pass.
    pub(super) reported: &'a [String],
}

/// Where a field of an entry is: `events[3].date`.
fn field_path(kind: Kind, index: usize, field: &str) -> YamlPath {
    vec![Seg::Key(kind.key().into()), Seg::Index(index), Seg::Key(field.into())]
}

impl Pending<'_> {
    pub(super) fn path(&self, field: &str) -> YamlPath {
        field_path(self.raw.kind(), self.index, field)
    }

    /// True when the diagnosis pass reported a misspelling of the field at
    /// this path inside the entry (`statements[0].text`), so that it is not
    /// reported again as missing.
    pub(super) fn misspelt(&self, list: &str, index: usize, field: &str) -> bool {
        let at = format!("{list}[{index}].{field}");
        self.reported.contains(&at)
    }

    pub(super) fn whole(&self) -> YamlPath {
        vec![Seg::Key(self.raw.kind().key().into()), Seg::Index(self.index)]
    }
}

pub(super) fn at(mut path: YamlPath, more: &[Seg]) -> YamlPath {
    path.extend_from_slice(more);
    path
}

/// Every registered id, and where each accepted entity is written: this
/// load's, or (for a reload that kept every id in place) the last load's;
/// and the ids whose references are not checked.
#[derive(Clone, Copy)]
pub(super) struct Ids<'a> {
    pub(super) by_id: Registry<'a>,
    pub(super) places: &'a [Place],
    pub(super) unchecked: &'a Unchecked,
    /// What was said of unknown ids, for the whole load (every file's).
    pub(super) said: &'a Said,
}

/// What was said of each unknown id (and the kind wanted), so an id missing
/// from many places, in any file, is looked for once; and what the ids of
/// each kind look like.
#[derive(Default)]
pub(super) struct Said {
    hints: std::sync::Mutex<std::collections::HashMap<(String, Option<Kind>), String>>,
    looks: std::sync::Mutex<Looks>,
}

/// Where ids are looked up: this load's registry, or the last load's dataset.
#[derive(Clone, Copy)]
pub(super) enum Registry<'a> {
    Map(&'a IdMap),
    Data(&'a Dataset),
}

impl<'a> Ids<'a> {
    /// The entity with this id, and where it is written.
    pub(super) fn get(&self, id: &str) -> Option<(EntityId, &'a Place)> {
        let found = match self.by_id {
            Registry::Map(m) => m.get(id)?,
            Registry::Data(ds) => ds.lookup(id)?,
        };
        Some((found, &self.places[found.index()]))
    }

    /// Every id of a kind (or of any), with its entity, for suggestions.
    fn of_kind(&self, want: Option<Kind>) -> Vec<(&'a str, EntityId)> {
        let places = self.places;
        let fits = move |id: &EntityId| want.is_none_or(|k| k == places[id.index()].kind);
        match self.by_id {
            Registry::Map(m) => m.iter().filter(|(_, id)| fits(id)).collect(),
            Registry::Data(ds) => ds.ids().filter(fits).map(|id| (ds.get(id).id.as_str(), id)).collect(),
        }
    }

    /// What to say of an unknown id: the nearest ids of the kind wanted,
    /// or, with none close, what ids of that kind look like (the first
    /// three in the files), or that there are none. Without `compare`
    /// (past the first [`COMPARED`] unknown ids), only what ids look like,
    /// saying so. Said once for each id and kind in a load.
    fn hint(&self, id: &str, want: Option<Kind>) -> String {
        let mut hints = self.said.hints.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let compare = hints.len() < COMPARED;
        let help = hints.entry((id.to_string(), want)).or_insert_with(|| self.make_hint(id, want, compare));
        help.clone()
    }

    fn make_hint(&self, id: &str, want: Option<Kind>, compare: bool) -> String {
        if compare {
            let candidates = self.of_kind(want);
            let near = suggest::nearest(id, candidates.iter().map(|(k, _)| *k), 3);
            if let Some(help) = suggest::did_you_mean(&near) {
                return help;
            }
        }
        let noun = want.map(|k| format!("{} ", k.noun())).unwrap_or_default();
        let mut looks = self.said.looks.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let examples = looks.entry(want).or_insert_with(|| {
            let mut first = self.of_kind(want);
            let n = first.len().min(3);
            if n == 0 {
                return None;
            }
            first.select_nth_unstable_by_key(n - 1, |(_, e)| *e);
            first.truncate(n);
            first.sort_by_key(|(_, e)| *e);
            Some(first.iter().map(|(k, _)| format!("`{k}`")).collect::<Vec<_>>().join(", "))
        });
        match (examples, compare) {
            (None, _) => {
                let kinds = want.map(|k| k.title().to_lowercase()).unwrap_or_else(|| "entities".into());
                format!("no {noun}id is close to `{id}`, and there are no {kinds} in the data")
            }
            (Some(examples), true) => format!("no {noun}id is close to `{id}`; {noun}ids look like {examples}"),
            (Some(examples), false) => format!(
                "{noun}ids look like {examples} (the first {COMPARED} unknown ids alone are compared with the known ones)"
            ),
        }
    }
}

/// What the ids of each kind look like (the first three in the files), or
/// that there are none.
pub(super) type Looks = std::collections::HashMap<Option<Kind>, Option<String>>;

/// How many distinct unknown ids are compared with every known one for a
/// "did you mean": a removed file can leave tens of thousands, and each
/// comparison runs over every id of its kind.
pub(super) const COMPARED: usize = 200;

pub(super) struct Ctx<'a> {
    pub(super) issues: Vec<Issue>,
    pub(super) ids: Ids<'a>,
}

/// Reports an error; its help and related place can be added to what this returns.
fn push_error(issues: &mut Vec<Issue>, file: usize, anchor: Anchor, message: String) -> &mut Issue {
    issues.push(Issue::error(file, anchor, message));
    issues.last_mut().expect("just pushed")
}

impl Ctx<'_> {
    pub(super) fn error(&mut self, file: usize, anchor: Anchor, message: String) -> &mut Issue {
        push_error(&mut self.issues, file, anchor, message)
    }

    pub(super) fn text(t: &Option<Text>) -> Option<String> {
        t.as_ref().map(|t| t.0.clone())
    }

    pub(super) fn list(l: &TextList) -> Vec<String> {
        l.0.iter().map(|t| t.0.clone()).collect()
    }

    pub(super) fn map(m: &TextMap) -> Vec<(String, String)> {
        m.0.clone()
    }

    pub(super) fn required(&mut self, p: &Pending, t: &Option<Text>, field: &str, noun: &str) -> String {
        if p.reported.iter().any(|f| f == field) {
            return String::new();
        }
        self.required_at(p.file, || p.whole(), t, field, noun)
    }

    /// A required text; `whole` names the entity (or part) it belongs to,
    /// built only when there is something to report.
    pub(super) fn required_at(
        &mut self,
        file: usize,
        whole: impl FnOnce() -> YamlPath,
        t: &Option<Text>,
        field: &str,
        noun: &str,
    ) -> String {
        match t {
            Some(t) if !t.0.trim().is_empty() => t.0.clone(),
            Some(_) => {
                let mut p = whole();
                p.push(Seg::Key(field.into()));
                self.error(file, Anchor::Value(p), format!("`{field}` is empty: every {noun} needs one"));
                String::new()
            }
            None => {
                self.error(
                    file,
                    Anchor::Value(whole()),
                    format!("this {noun} has no `{field}`: every {noun} needs one"),
                );
                String::new()
            }
        }
    }

    /// A date field; `path` (built only for a report) says where it is.
    pub(super) fn date(
        &mut self,
        file: usize,
        path: impl FnOnce() -> YamlPath,
        t: &Option<Text>,
    ) -> Option<PartialDate> {
        let t = t.as_ref()?;
        match PartialDate::parse(t.0.trim()) {
            Ok(d) => Some(d),
            Err(e) => {
                let help = PartialDate::suggest(&t.0).map(|d| format!("did you mean `{d}`?"));
                self.error(file, Anchor::Value(path()), e.to_string()).help = help;
                None
            }
        }
    }

    /// Resolves a reference, reporting unknown ids and wrong kinds at `path`
    /// (built only for a report).
    pub(super) fn reference(
        &mut self,
        file: usize,
        path: impl FnOnce() -> YamlPath,
        id: &str,
        want: Option<Kind>,
        field: &str,
    ) -> Option<EntityId> {
        match self.ids.get(id) {
            Some((found, at)) => match want {
                Some(k) if k != at.kind => {
                    let msg = format!("`{field}` must name a {}, but `{id}` is a {}", k.noun(), at.kind.noun());
                    let related = Related {
                        file: at.file as usize,
                        anchor: Anchor::Value(at.path("id")),
                        message: format!("`{id}` is defined here"),
                    };
                    self.error(file, Anchor::Value(path()), msg).related = Some(related);
                    None
                }
                _ => Some(found),
            },
            // Written where a YAML error stopped a file being read, or
            // claimed by two entries: said once, not at every reference.
            None if self.ids.unchecked.skips(id) => None,
            None => {
                let noun = want.map(|k| format!("{} ", k.noun())).unwrap_or_default();
                let help = self.ids.hint(id, want);
                let msg = format!("unknown {noun}id `{id}` in `{field}`");
                self.error(file, Anchor::Value(path()), msg).help = Some(help);
                None
            }
        }
    }

    pub(super) fn opt_ref(&mut self, p: &Pending, field: &str, t: &Option<Text>, want: Kind) -> Option<EntityId> {
        let t = t.as_ref()?;
        self.reference(p.file, || p.path(field), &t.0, Some(want), field)
    }

    pub(super) fn refs(&mut self, p: &Pending, field: &str, list: &TextList, want: Option<Kind>) -> Vec<EntityId> {
        let mut out = Vec::new();
        for (i, t) in list.0.iter().enumerate() {
            if let Some(id) = self.reference(p.file, || at(p.path(field), &[Seg::Index(i)]), &t.0, want, field)
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
        out
    }
}

/// Validates parsed files into a dataset. Returns the dataset only when there
/// are no errors; warnings come back either way, and, with no errors and
/// `keep`, the [`Basis`] for the next load.
pub(crate) fn validate(
    files: Vec<(usize, Arc<RawFile>)>,
    names: &[String],
    keep: bool,
    unchecked: &mut Unchecked,
) -> (Option<Dataset>, Vec<Issue>, Option<Basis>) {
    let mut issues = Vec::new();
    let info = dataset_info(&files, &mut issues);

    // Files whose tours are checked after every entity is built, kept for that.
    let tour_files: Vec<(usize, Arc<RawFile>)> =
        files.iter().filter(|(_, raw)| raw.tours.is_some()).map(|(f, raw)| (*f, Arc::clone(raw))).collect();

    // Register ids: well-formed and unique across every kind and file.
    let mut by_id = IdMap::with_capacity(files.iter().map(|(_, raw)| entry_count(raw)).sum());
    // What became of each entry, in entry order, and how many entries each file has.
    let mut handles: Vec<Entry> = Vec::new();
    let mut per_file: Vec<usize> = Vec::with_capacity(files.len());
    // Where each accepted entity is written.
    let mut places: Vec<Place> = Vec::new();
    for (file, raw) in &files {
        let before = handles.len();
        for p in entries(*file, raw) {
            let entry = register(&mut issues, &mut by_id, &mut places, &p, &mut unchecked.taken_twice);
            handles.push(entry);
        }
        per_file.push(handles.len() - before);
    }
    unchecked.claim_lost(&mut issues, &by_id, &places);
    unchecked.untake(&mut by_id, &mut places, &mut handles);
    let said = Said::default();
    let ids = Ids { by_id: Registry::Map(&by_id), places: &places, unchecked, said: &said };
    let mut ctx = Ctx { issues, ids };
    let written = super::leaks::Written::of(&files);

    // Build every entity, resolving references, a file at a time on each
    // core; once a file's entities are built its raw structs are dropped
    // (unless live reload keeps them), so a load never holds every file's
    // raw structs beside the whole dataset.
    let built = super::runs::build_files(files, &per_file, &handles, ids);
    let mut entities = Vec::with_capacity(places.len());
    // Sized once: growing by doubling would hold the old buffer beside one
    // twice its size (at 1M, 3.4M links of 16 bytes), and keep up to half unused.
    let mut links = Links::with_capacity(built.iter().map(|r| r.links.len()).sum());
    let mut cited = vec![false; places.len()];
    // Whether each accepted entity's entry lists sources at all.
    let mut lists_sources = Vec::with_capacity(places.len());
    let building = ctx.issues.len();
    // What the runs' lists of links freed, given back as the copy grows, so
    // that the links are not held twice (at 1M, they were 140 MB more at the peak).
    let mut copied = 0;
    for run in built {
        entities.extend(run.entities);
        copied += run.links.len() * std::mem::size_of::<crate::data::model::Link>();
        links.append(run.links);
        if copied > GIVE_BACK_EVERY {
            crate::memory::give_back_now();
            copied = 0;
        }
        ctx.issues.extend(run.issues);
        lists_sources.extend(run.lists_sources);
        for id in run.cited {
            cited[id.index()] = true;
        }
    }
    let built = ctx.issues[building..].to_vec();
    check_cycles(&mut ctx, &places, |i| &entities[i]);
    super::plausible::check(&mut ctx.issues, &places, |i| &entities[i]);
    let (tours, tour_sources) = super::tours::validate(&mut ctx, &tour_files, links.list());
    drop(tour_files);
    for src in tour_sources {
        cited[src.index()] = true;
    }
    if unchecked.lost_any() {
        // What was not read may cite any source: none is called uncited.
        cited.fill(true);
    }
    warn_unsourced(&mut ctx.issues, &places, |i| &entities[i], &cited, &lists_sources);

    let mut issues = ctx.issues;
    if issues.iter().any(|i| i.severity == super::Severity::Error) {
        return (None, issues, None);
    }
    // The registry becomes the dataset's index; it knows each entity's file.
    let mut in_file = vec![0; names.len()];
    places.iter().for_each(|p| in_file[p.file as usize] += 1);
    // The dataset indexes the ids its entities hold: the registry's copy goes.
    drop(by_id);
    let ds = Dataset::new(info, entities, links, names.to_vec()).with_tours(tours).with_file_counts(&in_file);
    super::leaks::warn(&mut issues, &ds, &places, &written);
    issues.shrink_to_fit();
    let basis = keep.then(|| Basis { ds: ds.clone(), places, built });
    (Some(ds), issues, basis)
}

/// Bytes of links copied between two times the memory freed is given back.
const GIVE_BACK_EVERY: usize = 16 << 20;

/// The dataset header, given at most once across the files.
pub(super) fn dataset_info(files: &[(usize, Arc<RawFile>)], issues: &mut Vec<Issue>) -> DatasetInfo {
    let mut info = DatasetInfo::default();
    let mut info_at: Option<usize> = None;
    for (file, raw) in files {
        if let Some(d) = &raw.dataset {
            if let Some(first) = info_at {
                let related = Related {
                    file: first,
                    anchor: Anchor::Key(vec![Seg::Key("dataset".into())]),
                    message: "first given here".into(),
                };
                let msg = "`dataset` is given twice: give it in one file only".to_string();
                push_error(issues, *file, Anchor::Key(vec![Seg::Key("dataset".into())]), msg).related = Some(related);
            } else {
                info_at = Some(*file);
                info = DatasetInfo { title: Ctx::text(&d.title), description: Ctx::text(&d.description) };
            }
        }
    }
    info
}

/// Warnings: entities that cite no sources, sources nobody cites.
pub(super) fn warn_unsourced<'e>(
    issues: &mut Vec<Issue>,
    places: &[Place],
    entity: impl Fn(usize) -> &'e Entity,
    cited: &[bool],
    lists_sources: &[bool],
) {
    for (n, p) in places.iter().enumerate() {
        let e = entity(n);
        let kind = e.kind();
        if kind == Kind::Source {
            if !cited[n] {
                let msg = format!("source `{}` is not cited by any entity", e.id);
                issues.push(Issue::warning(p.file as usize, Anchor::Value(p.path("id")), msg));
            }
        } else if e.sources.is_empty() && !lists_sources[n] {
            // An entry whose sources are all unknown has been told so, not that it cites none.
            let msg = format!("{} `{}` cites no sources", kind.noun(), e.id);
            issues.push(
                Issue::warning(p.file as usize, Anchor::Value(p.path("id")), msg)
                    .with_help(Some("add `sources: [source-id]` naming where the facts come from".into())),
            );
        }
    }
}

/// Where an accepted entity is written, for reports made after its raw
/// struct is gone.
#[derive(Clone)]
pub(super) struct Place {
    pub(super) file: u32,
    pub(super) kind: Kind,
    /// Position in its file's list of its kind.
    pub(super) index: u32,
}

impl Place {
    pub(super) fn path(&self, field: &str) -> YamlPath {
        field_path(self.kind, self.index as usize, field)
    }
}

/// How many entries a file has (of every kind but tours).
fn entry_count(raw: &RawFile) -> usize {
    fn n<T>(list: &Option<Vec<T>>) -> usize {
        list.as_ref().map_or(0, Vec::len)
    }
    n(&raw.firms)
        + n(&raw.people)
        + n(&raw.chipsets)
        + n(&raw.products)
        + n(&raw.agreements)
        + n(&raw.events)
        + n(&raw.sources)
}

/// A file's entries, kinds in file-key order (those the diagnosis pass
/// dropped whole left out).
pub(super) fn entries(file: usize, raw: &RawFile) -> Vec<Pending<'_>> {
    let mut out = Vec::new();
    macro_rules! push {
        ($field:ident, $variant:ident) => {
            for (index, r) in raw.$field.iter().flatten().enumerate() {
                if r.reported.iter().any(|f| f == "*") {
                    continue;
                }
                out.push(Pending { file, index, raw: RawRef::$variant(r), reported: &r.reported });
            }
        };
    }
    push!(firms, Firm);
    push!(people, Person);
    push!(chipsets, Chipset);
    push!(products, Product);
    push!(agreements, Agreement);
    push!(events, Event);
    push!(sources, Source);
    out
}
