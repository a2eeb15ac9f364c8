//! The app's state and every change to it, as plain Rust: no browser types, so it
//! is tested natively. The UI dispatches [`Action`]s; [`AppState::apply`] is the
//! only place the state changes.

use std::collections::BTreeMap;
use std::rc::Rc;

use rampart_core::{analyse, Analysis, ImportError, Options, Register, Teams};

use crate::workspace::{copy_name, RegisterEntry, RevisionKind};

mod action;
mod edits;

pub use action::Action;
pub use edits::saved;
use edits::{ids_taken, rename_party, rename_references, rename_scenario};
use rampart_core::lifecycle::record_assessment;

/// A register on screen with its analysis.
#[derive(Debug, Clone)]
pub struct OpenRegister {
    /// Its key in the workspace (browser storage).
    pub key: Rc<str>,
    pub register: Rc<Register>,
    pub analysis: Rc<Analysis>,
    pub options: Options,
}

/// The same open register: the same register and analysis objects. Every change makes
/// new ones, so this is exact, and it costs nothing where a comparison of the
/// contents would walk tens of thousands of risks on every render.
impl PartialEq for OpenRegister {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.register, &other.register)
            && Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.options == other.options
            && self.key == other.key
    }
}

impl OpenRegister {
    pub fn new(key: Rc<str>, register: Register, options: Options) -> Self {
        let analysis = analyse(&register, &options);
        OpenRegister { key, register: Rc::new(register), analysis: Rc::new(analysis), options }
    }

    /// The same register, analysed again, with new content.
    fn with(&self, register: Register) -> Self {
        OpenRegister::new(self.key.clone(), register, self.options)
    }
}

/// A file that was refused, and why. The register on screen is unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct RefusedFile {
    pub file: String,
    pub error: ImportError,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AppState {
    /// `None` shows the empty state (new, open, example).
    pub current: Option<OpenRegister>,
    pub refused: Option<RefusedFile>,
    /// Why the last save to browser storage failed, if it did.
    pub storage_problem: Option<String>,
    /// Why the last export (a download) failed, until dismissed.
    pub export_problem: Option<String>,
    /// Something the user asked for that could not be done (open a stored
    /// register, restore a revision, rename in the list…), until dismissed.
    pub failure: Option<Failure>,
    /// What is being worked on (opening a large file), shown as a busy indicator.
    pub busy: Option<String>,
    /// Another tab saved the open register (as this stored revision) after
    /// this tab loaded or last saved it. Saving waits until the user chooses.
    pub conflict: Option<u64>,
    /// Increases with every change of the register, so that it is saved once.
    pub revision: u64,
    /// The last revision known to be in browser storage.
    pub saved_revision: u64,
    /// The stored revision of the open register that its content was made from
    /// (0: never stored). A save names it, so that it never overwrites a newer one.
    pub stored: u64,
    /// What the unsaved change was, for the revision's label.
    pub change: Option<(RevisionKind, String)>,
    /// The unsaved change holds the user's work (an edit, an import, a copy kept
    /// after another tab's save), not only a register that came from a file, the
    /// example or nothing: that is what may never be dropped.
    pub unsaved_work: bool,
    /// The last edit, which `Action::Undo` takes back.
    pub undo: Option<Undo>,
    /// The registers in browser storage, as last read or saved.
    pub entries: Rc<Vec<RegisterEntry>>,
    /// Registers whose stored content could not be opened, by key, with why.
    pub unreadable: Rc<BTreeMap<String, String>>,
    /// Counts the registers put on screen (opened, reopened, reloaded from
    /// another tab): views keyed by it start afresh, so no form of one register
    /// is ever saved into another.
    pub opened: u64,
    /// A file just opened that shares history with a kept register, until the
    /// user chooses what to do with it.
    pub arrived: Option<Rc<crate::travel::Arrived>>,
    /// What the compare or merge view works on.
    pub travel: Option<Rc<crate::travel::Travel>>,
}

/// What could not be done, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub what: String,
    pub why: String,
}

/// What the last edit was, and how to take it back, for its Undo button.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub label: String,
    pub before: Before,
}

/// The register before the last edit: in memory, or (after a reload) the
/// stored revision before it, which the UI loads and brings back.
#[derive(Debug, Clone, PartialEq)]
pub enum Before {
    Memory(OpenRegister),
    Stored(u64),
}

impl AppState {
    /// Why the open register's changes cannot be saved now, when they cannot:
    /// another tab's save waits for the user's choice, or storage fails.
    pub fn stuck(&self) -> Option<String> {
        let name = &self.current.as_ref()?.register.name;
        if self.saved_revision >= self.revision || !self.unsaved_work {
            return None;
        }
        if self.conflict.is_some() {
            return Some(format!(
                "Another tab saved {name} after this tab's last save: choose Load theirs or Keep both first."
            ));
        }
        self.storage_problem.as_ref().map(|why| {
            format!("The changes to {name} are not saved ({why}). Export the register to keep them, then discard them here.")
        })
    }

    /// Every change of the register is in browser storage.
    pub fn all_saved(&self) -> bool {
        self.saved_revision >= self.revision && self.storage_problem.is_none()
    }

    /// The state after `action`. Returns `self` unchanged (the same `Rc`) for an
    /// action that changes nothing, so that nothing re-renders.
    pub fn apply(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Open { key, register, today, stored, change, undo } => {
                // Changes that cannot be saved are never dropped by opening another
                // register; reopening the same one (Load theirs) is the user's choice.
                if let Some(why) = s.stuck().filter(|_| s.current.as_ref().is_some_and(|w| w.key != key)) {
                    s.failure =
                        Some(Failure { what: "Not opened: this tab has changes that are not saved".into(), why });
                    s.busy = None;
                    return Rc::new(s);
                }
                let teams = s.current.as_ref().map_or(Teams::Unlimited, |w| w.options.teams);
                s.current = Some(OpenRegister::new(key, *register, Options { today, teams }));
                s.refused = None;
                s.busy = None;
                s.conflict = None;
                s.stored = stored;
                s.undo = undo.map(|(seq, label)| Undo { label, before: Before::Stored(seq) });
                s.opened += 1;
                s.unsaved_work = false;
                s.change = change;
                if s.change.is_some() {
                    s.revision += 1;
                } else {
                    s.saved_revision = s.revision;
                    s.storage_problem = None;
                }
            }
            Action::Arrived(arrived) => {
                s.busy = None;
                s.arrived = arrived;
            }
            Action::Travel(travel) => {
                // By pointer: comparing the registers inside would walk them all.
                let same = match (&s.travel, &travel) {
                    (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                    (a, b) => a.is_none() && b.is_none(),
                };
                if same && s.busy.is_none() {
                    return self;
                }
                s.travel = travel;
                s.busy = None;
            }
            Action::DiscardUnsaved => {
                if s.saved_revision >= s.revision {
                    return self;
                }
                s.saved_revision = s.revision;
                s.change = None;
                s.unsaved_work = false;
                s.storage_problem = None;
            }
            Action::SaveRefused { key, theirs } => {
                if s.current.as_ref().is_none_or(|w| *w.key != *key) {
                    return self;
                }
                s.conflict = Some(theirs);
            }
            Action::Replace { key, register, kind, label } => {
                if s.current.as_ref().is_none_or(|w| *w.key != *key) {
                    return self;
                }
                let Some(w) = s.current.take() else { return self };
                let after = w.with(*register);
                s.undo = Some(Undo { label: label.clone(), before: Before::Memory(w) });
                s.current = Some(after);
                s.changed(kind, label);
            }
            Action::Close => {
                s.current = None;
                s.undo = None;
                s.conflict = None;
            }
            Action::Entries(entries) => s.entries = Rc::new(entries),
            Action::Unreadable { key, name, why } => {
                s.failure = Some(Failure {
                    what: format!("Could not open {name}"),
                    why: format!(
                        "{why}. It is kept exactly as it was stored: the register list offers it for download."
                    ),
                });
                Rc::make_mut(&mut s.unreadable).insert(key, why);
                s.busy = None;
            }
            Action::Refuse(r) => {
                s.refused = Some(r);
                s.busy = None;
            }
            Action::DismissRefused if s.refused.is_some() => s.refused = None,
            Action::Busy(what) if s.busy.as_ref() == Some(&what) => return self,
            Action::Busy(what) => s.busy = Some(what),
            Action::Idle if s.busy.is_none() => return self,
            Action::Idle => s.busy = None,
            Action::SetTeams(teams) => {
                let Some(w) = &s.current else { return self };
                if w.options.teams == teams {
                    return self;
                }
                let analysis = Rc::new(w.analysis.rescheduled(&w.register, teams));
                s.current = Some(OpenRegister { analysis, options: Options { teams, ..w.options }, ..w.clone() });
            }
            Action::Saved { revision, entry } => {
                let ours = s.current.as_ref().is_some_and(|w| *w.key == *entry.key);
                let entries = Rc::make_mut(&mut s.entries);
                match entries.iter_mut().find(|e| e.key == entry.key) {
                    Some(e) => *e = entry.clone(),
                    None => entries.push(entry.clone()),
                }
                if ours {
                    s.stored = s.stored.max(entry.head);
                    s.saved_revision = s.saved_revision.max(revision);
                    if s.saved_revision >= s.revision {
                        s.change = None;
                        s.unsaved_work = false;
                    }
                    s.storage_problem = None;
                }
            }
            Action::SaveFailed(why) => s.storage_problem = Some(why),
            Action::ExportFailed(why) => s.export_problem = why,
            Action::Failed(failure) => {
                s.failure = failure;
                s.busy = None;
            }
            Action::ChangedElsewhere { key, theirs } => {
                let ours = s.current.as_ref().is_some_and(|w| *w.key == *key);
                if !ours || theirs <= s.stored || s.conflict.is_some_and(|c| c >= theirs) {
                    return self;
                }
                s.conflict = Some(theirs);
            }
            Action::KeepBoth { key } => {
                let Some(w) = s.current.take() else { return self };
                let mut register = (*w.register).clone();
                register.name = copy_name(&register.name, s.entries.iter().map(|e| e.name.as_str()));
                let label = format!("Kept as a copy of {} after another tab's change", w.register.name);
                s.current = Some(OpenRegister::new(key, register, w.options));
                s.conflict = None;
                s.stored = 0;
                s.undo = None;
                s.changed(RevisionKind::Created, label);
                s.unsaved_work = true;
            }
            Action::Exported { label, written, from } => {
                let Some(w) = s.current.take_if(|w| Rc::ptr_eq(&w.register, &from)) else { return self };
                s.current = Some(OpenRegister { register: written, ..w });
                s.changed(RevisionKind::Export, label);
            }
            Action::SetScales(scales) => {
                let Some(w) = &s.current else { return self };
                // A register without `scales` whose form came back unchanged stays without.
                if scales.check().is_err() || w.register.scales.clone().unwrap_or_default() == scales {
                    return self;
                }
                let mut register = (*w.register).clone();
                register.scales = Some(scales);
                let label = saved::SCALES.to_string();
                let before = s.current.replace(w.with(register));
                s.undo = before.map(|w| Undo { label: label.clone(), before: Before::Memory(w) });
                s.changed(RevisionKind::Edit, label);
            }
            Action::SaveRisk { risk, replacing, note } => {
                let Some(w) = &s.current else { return self };
                let at = replacing.and_then(|id| w.register.risks.iter().position(|r| r.id == id));
                if ids_taken(&w.register, &risk, at) {
                    return self;
                }
                let mut risk = *risk;
                // The history is the register's: an editor opened before the last save has an older copy.
                risk.history = at.map(|i| w.register.risks[i].history.clone()).unwrap_or_default();
                let before = at.map(|i| w.analysis.ratings[i].residual);
                record_assessment(&mut risk, before, &w.analysis.scales, w.options.today, note);
                let label = saved::risk(&risk.id);
                s.edit(label, |register, analysis, options| match at {
                    Some(i) => {
                        register.risks[i] = risk;
                        analysis.risk_replaced(register, i, options);
                    }
                    None => {
                        register.risks.push(risk);
                        analysis.risk_inserted(register, register.risks.len() - 1, options);
                    }
                });
            }
            Action::DeleteRisk(id) => {
                let Some(w) = &s.current else { return self };
                let Some(i) = w.register.risks.iter().position(|r| r.id == id) else { return self };
                s.edit(format!("Deleted risk {id}"), |register, analysis, _| {
                    register.risks.remove(i);
                    analysis.risk_removed(i);
                });
            }
            Action::ImportRisks { file, plan } => {
                let Some(w) = &s.current else { return self };
                let (scales, today) = (w.analysis.scales.clone(), w.options.today);
                let note = format!("Imported from {file}");
                // What the import changes, as the preview counted it: rows the
                // register already had as they are count for nothing.
                let (added, updated, removed) = plan.counts(&w.register);
                let label = format!("Imported {file}: {added} new, {updated} updated, {removed} removed");
                s.edit(label.clone(), |register, analysis, options| {
                    plan.apply(register, &scales, today, &note);
                    *analysis = analyse(register, options);
                });
                s.change = Some((RevisionKind::Import, label));
                // A file that could not be read before is no longer the news.
                s.failure = None;
            }
            Action::SaveService { service, replacing } => {
                let label = saved::service(&service);
                if !s.put(*service, replacing, |r| &r.services[..], |r| &mut r.services, label, rename_references) {
                    return self;
                }
            }
            Action::DeleteService(id) => {
                if !s.remove(&id, |r| &r.services[..], |r| &mut r.services, format!("Deleted {id}")) {
                    return self;
                }
            }
            Action::SaveAgreement { agreement, replacing } => {
                let label = saved::agreement(&agreement);
                if !s.put(*agreement, replacing, |r| &r.agreements[..], |r| &mut r.agreements, label, |_, _, _| {}) {
                    return self;
                }
            }
            Action::DeleteAgreement(id) => {
                if !s.remove(&id, |r| &r.agreements[..], |r| &mut r.agreements, format!("Deleted {id}")) {
                    return self;
                }
            }
            Action::SaveSupplier { supplier, replacing } => {
                let label = saved::supplier(&supplier.id);
                if !s.put(supplier, replacing, |r| &r.suppliers[..], |r| &mut r.suppliers, label, rename_party) {
                    return self;
                }
            }
            Action::DeleteSupplier(id) => {
                let label = format!("Deleted supplier {id}");
                if !s.remove(&id, |r| &r.suppliers[..], |r| &mut r.suppliers, label) {
                    return self;
                }
            }
            Action::SaveScenario { scenario, replacing } => {
                let label = saved::scenario(&scenario.id);
                if !s.put(*scenario, replacing, |r| &r.scenarios[..], |r| &mut r.scenarios, label, rename_scenario) {
                    return self;
                }
            }
            Action::DeleteScenario(id) => {
                let label = format!("Deleted scenario {id}");
                if !s.remove(&id, |r| &r.scenarios[..], |r| &mut r.scenarios, label) {
                    return self;
                }
            }
            Action::SaveExercise { exercise, replacing } => {
                let label = saved::exercise(&exercise.id);
                if !s.put(*exercise, replacing, |r| &r.exercises[..], |r| &mut r.exercises, label, |_, _, _| {}) {
                    return self;
                }
            }
            Action::DeleteExercise(id) => {
                let label = format!("Deleted exercise {id}");
                if !s.remove(&id, |r| &r.exercises[..], |r| &mut r.exercises, label) {
                    return self;
                }
            }
            Action::SaveReview { review, replacing } => {
                let label = saved::review(&review.id);
                if !s.put(*review, replacing, |r| &r.reviews[..], |r| &mut r.reviews, label, |_, _, _| {}) {
                    return self;
                }
            }
            Action::DeleteReview(id) => {
                let label = format!("Deleted review {id}");
                if !s.remove(&id, |r| &r.reviews[..], |r| &mut r.reviews, label) {
                    return self;
                }
            }
            Action::Rename(name) => {
                let Some(w) = &s.current else { return self };
                let name = name.trim().to_string();
                if name.is_empty() || name == w.register.name {
                    return self;
                }
                s.edit(format!("Renamed to {name}"), |register, _, _| register.name = name);
            }
            Action::SetCalendarId(id) => {
                let Some(w) = &s.current else { return self };
                if w.register.extra.0.contains_key(rampart_core::ics::CALENDAR_ID_KEY) {
                    return self;
                }
                s.edit("Gave the register a calendar id".into(), |register, _, _| {
                    register.extra.0.insert(rampart_core::ics::CALENDAR_ID_KEY.into(), id.into());
                });
            }
            Action::Undo => {
                // A stored revision is brought back by the UI, through `Replace`.
                let Some(Undo { label, before: Before::Memory(before) }) = s.undo.take() else { return self };
                s.current = Some(before);
                s.changed(RevisionKind::Edit, format!("Undid: {label}"));
            }
            Action::DismissRefused => return self,
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests;
