//! The app's state and every change to it, as plain Rust: no browser types, so it
//! is tested natively. The UI dispatches [`Action`]s; [`AppState::apply`] is the
//! only place the state changes.

use std::collections::BTreeMap;
use std::rc::Rc;

use rampart_core::model::{Date, Dependency, HistoryEntry, Id, Level, Risk};
use rampart_core::scoring::{rate, ScaleSet, Scored};
use rampart_core::{analyse, Analysis, ImportError, Options, Register, Teams};

use crate::workspace::{copy_name, RegisterEntry, RevisionKind};

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

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show this register: one restored from storage (`stored` is its revision
    /// and `change` is `None`), or one new to the workspace (opened from a file,
    /// the example, a new or a copied register: `stored` is 0 and `change` says
    /// what it is). It never replaces a stored register: its key is its own.
    Open {
        key: Rc<str>,
        register: Box<Register>,
        today: Date,
        stored: u64,
        change: Option<(RevisionKind, String)>,
        /// For a restored register: its stored revision before the last edit, and
        /// that edit's label, so that Undo works across a reload.
        undo: Option<(u64, String)>,
    },
    /// Put this content in place of the open register's (an earlier revision
    /// brought back, or an undo loaded from storage): an edit like any other.
    /// Ignored unless register `key` is still the open one.
    Replace {
        key: String,
        register: Box<Register>,
        kind: RevisionKind,
        label: String,
    },
    /// Close the open register (it was moved to the bin).
    Close,
    /// Drop the open register's changes that could not be saved (after the user
    /// exported them, say), so that another register can be opened.
    DiscardUnsaved,
    /// This tab's save of register `key` was refused: the stored register is at
    /// revision `theirs` (0: it is gone), which this content was not made from.
    SaveRefused {
        key: String,
        theirs: u64,
    },
    /// The registers in browser storage.
    Entries(Vec<RegisterEntry>),
    /// This register's stored content cannot be opened, for this reason.
    Unreadable {
        key: String,
        name: String,
        why: String,
    },
    /// A file could not be opened; keep what is on screen.
    Refuse(RefusedFile),
    DismissRefused,
    Busy(String),
    /// Recovery capacity for the plan.
    SetTeams(Teams),
    /// Change `revision` of the register `key` is in browser storage, as
    /// stored revision `entry.head`.
    Saved {
        revision: u64,
        entry: RegisterEntry,
    },
    SaveFailed(String),
    /// A download could not be made; `None` dismisses the notice.
    ExportFailed(Option<String>),
    /// Something asked for could not be done; `None` dismisses the notice.
    Failed(Option<Failure>),
    /// Another tab saved register `key` as stored revision `theirs`.
    ChangedElsewhere {
        key: String,
        theirs: u64,
    },
    /// After another tab's save: keep this tab's register as a new register (a
    /// copy, under `key`), leaving the other tab's where it is.
    KeepBoth {
        key: Rc<str>,
    },
    /// The user exported the register: a revision to keep.
    Exported(String),
    /// New scales for the register; ignored unless they pass `Scales::check`.
    SetScales(rampart_core::model::Scales),
    /// Put this risk in the register: in place of the risk with id `replacing`, or
    /// at the end. A change of its residual rating is added to its history, with
    /// `note`. Ignored when its id or a control id is already taken by another item.
    SaveRisk {
        risk: Box<Risk>,
        replacing: Option<Id>,
        note: Option<String>,
    },
    DeleteRisk(Id),
    /// Risks from a spreadsheet, checked by `csv_import::plan`: each updates the
    /// risk with its id or is added.
    ImportRisks {
        file: String,
        plan: crate::risks::csv_import::Plan,
    },
    /// Put this BIA node in the register: in place of the node with id
    /// `replacing`, or at the end. A changed id is changed in every reference to
    /// it (dependencies, risks' services, agreements). Ignored when the id names
    /// another item.
    SaveService {
        service: Box<rampart_core::model::Service>,
        replacing: Option<Id>,
    },
    /// Remove a node; references to it stay, and show as unknown until changed.
    DeleteService(Id),
    /// Put this agreement in the register: in place of the one with id
    /// `replacing`, or at the end. Ignored when the id names another item.
    SaveAgreement {
        agreement: Box<rampart_core::model::Agreement>,
        replacing: Option<Id>,
    },
    DeleteAgreement(Id),
    /// Put this supplier in the register, in place of `replacing` or at the end;
    /// a changed id is changed in every contract and OLA naming it.
    SaveSupplier {
        supplier: rampart_core::model::Supplier,
        replacing: Option<Id>,
    },
    DeleteSupplier(Id),
    /// Give the open register another name.
    Rename(String),
    /// Take back the last edit.
    Undo,
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
            Action::Exported(file) => {
                if s.current.is_none() {
                    return self;
                }
                s.changed(RevisionKind::Export, format!("Exported as {file}"));
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
                let label = format!("Imported {} risks from {file} ({} new)", plan.risks.len(), plan.added());
                s.edit(label.clone(), |register, analysis, options| {
                    for (_, mut risk) in plan.risks {
                        // By id, not the planned position: the register is the truth.
                        let at = register.risks.iter().position(|r| r.id == risk.id);
                        risk.history = at.map(|i| register.risks[i].history.clone()).unwrap_or_default();
                        let before = at.map(|i| analysis.ratings[i].residual);
                        record_assessment(&mut risk, before, &scales, today, Some(note.clone()));
                        match at {
                            Some(i) => register.risks[i] = risk,
                            None => register.risks.push(risk),
                        }
                    }
                    *analysis = analyse(register, options);
                });
                s.change = Some((RevisionKind::Import, label));
            }
            Action::SaveService { service, replacing } => {
                let Some(w) = &s.current else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.services.iter().position(|x| &x.id == id));
                let own = at.map(|i| &w.register.services[i].id);
                if w.register.id_taken(&service.id, own) {
                    return self;
                }
                let renamed = own.filter(|old| **old != service.id).cloned();
                let label = saved::service(&service);
                s.edit(label, |register, analysis, options| {
                    if let Some(old) = renamed {
                        rename_references(register, &old, &service.id);
                    }
                    match at {
                        Some(i) => register.services[i] = *service,
                        None => register.services.push(*service),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteService(id) => {
                let Some(w) = &s.current else { return self };
                let Some(i) = w.register.services.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted {id}"), |register, analysis, options| {
                    register.services.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::SaveAgreement { agreement, replacing } => {
                let Some(w) = &s.current else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.agreements.iter().position(|x| &x.id == id));
                let own = at.map(|i| &w.register.agreements[i].id);
                if w.register.id_taken(&agreement.id, own) {
                    return self;
                }
                s.edit(saved::agreement(&agreement), |register, analysis, options| {
                    match at {
                        Some(i) => register.agreements[i] = *agreement,
                        None => register.agreements.push(*agreement),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteAgreement(id) => {
                let Some(w) = &s.current else { return self };
                let Some(i) = w.register.agreements.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted {id}"), |register, analysis, options| {
                    register.agreements.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::SaveSupplier { supplier, replacing } => {
                let Some(w) = &s.current else { return self };
                let at = replacing.as_ref().and_then(|id| w.register.suppliers.iter().position(|x| &x.id == id));
                let own = at.map(|i| w.register.suppliers[i].id.clone());
                if w.register.id_taken(&supplier.id, own.as_ref()) {
                    return self;
                }
                s.edit(saved::supplier(&supplier.id), |register, analysis, options| {
                    if let Some(old) = own.filter(|old| *old != supplier.id) {
                        for a in register.agreements.iter_mut().filter(|a| a.kind.is_underpinning()) {
                            if a.party.as_deref() == Some(old.as_str()) {
                                a.party = Some(supplier.id.to_string());
                            }
                        }
                    }
                    match at {
                        Some(i) => register.suppliers[i] = supplier,
                        None => register.suppliers.push(supplier),
                    }
                    *analysis = analyse(register, options);
                });
            }
            Action::DeleteSupplier(id) => {
                let Some(w) = &s.current else { return self };
                let Some(i) = w.register.suppliers.iter().position(|x| x.id == id) else { return self };
                s.edit(format!("Deleted supplier {id}"), |register, analysis, options| {
                    register.suppliers.remove(i);
                    *analysis = analyse(register, options);
                });
            }
            Action::Rename(name) => {
                let Some(w) = &s.current else { return self };
                let name = name.trim().to_string();
                if name.is_empty() || name == w.register.name {
                    return self;
                }
                s.edit(format!("Renamed to {name}"), |register, _, _| register.name = name);
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

impl AppState {
    /// Changes the register and brings its analysis up to date with `change`,
    /// keeping the open register before it for Undo.
    fn edit(&mut self, label: String, change: impl FnOnce(&mut Register, &mut Analysis, &Options)) {
        let Some(w) = self.current.take() else { return };
        let (mut register, mut analysis) = ((*w.register).clone(), (*w.analysis).clone());
        change(&mut register, &mut analysis, &w.options);
        let (key, options) = (w.key.clone(), w.options);
        self.undo = Some(Undo { label: label.clone(), before: Before::Memory(w) });
        self.current = Some(OpenRegister { key, register: Rc::new(register), analysis: Rc::new(analysis), options });
        self.changed(RevisionKind::Edit, label);
    }

    /// Counts a change of the register, to be saved as a revision labelled `label`.
    fn changed(&mut self, kind: RevisionKind, label: String) {
        self.revision += 1;
        self.unsaved_work |= kind != RevisionKind::Created;
        // Of several changes saved as one revision, an import or export says more.
        if !matches!(&self.change, Some((k, _)) if *k != RevisionKind::Edit && kind == RevisionKind::Edit) {
            self.change = Some((kind, label));
        }
    }
}

/// The labels of saves, as Undo and the confirmation beside each Save button say them.
pub mod saved {
    use rampart_core::model::{Agreement, Service};

    pub fn risk(id: &str) -> String {
        format!("Saved risk {id}")
    }
    pub fn service(s: &Service) -> String {
        format!("Saved {} {}", s.kind.unwrap_or_default().label(), s.id)
    }
    pub fn agreement(a: &Agreement) -> String {
        format!("Saved {} {}", a.kind.label(), a.id)
    }
    pub fn supplier(id: &str) -> String {
        format!("Saved supplier {id}")
    }
    pub const SCALES: &str = "Changed the scales";
}

/// Adds the risk's residual rating to its history when it differs from `before`
/// (its residual before the change; `None` for a new risk: its first assessment).
fn record_assessment(risk: &mut Risk, before: Option<Scored>, scales: &ScaleSet, today: Date, note: Option<String>) {
    let after = rate(risk, scales).residual;
    if before.is_none_or(|b| (b.impact, b.likelihood) != (after.impact, after.likelihood)) {
        risk.history.push(HistoryEntry {
            date: Some(today),
            impact: Level(after.impact),
            likelihood: Level(after.likelihood),
            note: note.filter(|n| !n.trim().is_empty()),
            extra: Default::default(),
        });
    }
}

/// Points every reference to node `old` at `new`: dependencies, risks' services
/// and agreements' services.
fn rename_references(register: &mut Register, old: &str, new: &str) {
    let rename = |id: &mut String| {
        if id == old {
            *id = new.to_owned();
        }
    };
    for s in &mut register.services {
        for d in &mut s.depends_on {
            match d {
                Dependency::On(id) => rename(id),
                Dependency::AnyOf(g) => g.any_of.iter_mut().for_each(rename),
            }
        }
    }
    for r in &mut register.risks {
        r.services.iter_mut().for_each(rename);
    }
    for a in &mut register.agreements {
        a.service.iter_mut().for_each(rename);
    }
}

/// Whether `risk`'s id or one of its control ids names another item of the
/// register than the risk at `at` (which it replaces).
fn ids_taken(register: &Register, risk: &Risk, at: Option<usize>) -> bool {
    let taken = crate::risks::form::Context::taken_ids(register, at.map(|i| &register.risks[i]));
    risk.ids().any(|id| taken.contains(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::import;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn banking() -> Register {
        import(crate::EXAMPLE).unwrap()
    }

    fn open(s: Rc<AppState>, register: Register) -> Rc<AppState> {
        s.apply(Action::Open {
            key: "k1".into(),
            register: Box::new(register),
            today: today(),
            stored: 0,
            change: Some((RevisionKind::Created, "Opened banking.json".into())),
            undo: None,
        })
    }

    fn entry(key: &str, head: u64) -> RegisterEntry {
        let request = crate::workspace::SaveRequest {
            key: key.into(),
            base: 0,
            name: "Online banking".into(),
            organization: None,
            size: 10,
            kind: RevisionKind::Created,
            label: "Opened".into(),
            now: 0.0,
        };
        let mut e = crate::workspace::plan_save(None, &request, None).unwrap().entry;
        e.head = head;
        e
    }

    #[test]
    fn opening_a_register_analyses_it_and_counts_a_revision() {
        let s = open(Rc::default(), banking());
        let w = s.current.as_ref().unwrap();
        assert_eq!(w.analysis.ratings.len(), w.register.risks.len());
        assert!(!w.analysis.findings.is_empty());
        assert_eq!(s.revision, 1);
    }

    #[test]
    fn a_refused_file_keeps_the_register_on_screen() {
        let s = open(Rc::default(), banking());
        let error = import("{ not json").unwrap_err();
        let s2 = s.clone().apply(Action::Refuse(RefusedFile { file: "bad.json".into(), error }));
        assert_eq!(s2.current, s.current);
        assert_eq!(s2.revision, s.revision, "nothing to save");
        assert_eq!(s2.refused.as_ref().unwrap().file, "bad.json");
    }

    #[test]
    fn restoring_from_storage_does_not_save_again() {
        let s = AppState::default();
        let s = Rc::new(s).apply(Action::Open {
            key: "k1".into(),
            register: Box::new(banking()),
            today: today(),
            stored: 7,
            change: None,
            undo: Some((6, "Saved risk R-001".into())),
        });
        assert_eq!(s.revision, 0);
        assert!(s.all_saved());
        assert_eq!(s.stored, 7, "the next save is made from revision 7");
        let undo = s.undo.as_ref().unwrap();
        assert_eq!((undo.label.as_str(), &undo.before), ("Saved risk R-001", &Before::Stored(6)));
        assert!(Rc::ptr_eq(&s, &s.clone().apply(Action::Undo)), "the UI loads revision 6 and replaces");
    }

    #[test]
    fn opening_another_register_gives_it_its_own_key_and_a_created_revision() {
        let s = open(Rc::default(), banking());
        assert_eq!(s.change, Some((RevisionKind::Created, "Opened banking.json".into())));
        let s = s.apply(Action::Open {
            key: "k2".into(),
            register: Box::new(Register::new("Plant")),
            today: today(),
            stored: 0,
            change: Some((RevisionKind::Created, "New register".into())),
            undo: None,
        });
        let w = s.current.as_ref().unwrap();
        assert_eq!((&*w.key, s.stored, s.revision), ("k2", 0, 2));
    }

    #[test]
    fn changing_teams_reschedules_and_a_no_op_keeps_the_same_state() {
        let s = open(Rc::default(), banking());
        let same = s.clone().apply(Action::SetTeams(Teams::Unlimited));
        assert!(Rc::ptr_eq(&s, &same));
        let one = s.clone().apply(Action::SetTeams(Teams::Limited(std::num::NonZeroUsize::MIN)));
        let last = |s: &AppState| s.current.as_ref().unwrap().analysis.recovery.last().unwrap().finish;
        assert!(last(&one) > last(&s));
        let busy = s.clone().apply(Action::Busy("Opening a.json…".into()));
        assert!(Rc::ptr_eq(&busy, &busy.clone().apply(Action::Busy("Opening a.json…".into()))));
        let dismissed = s.clone().apply(Action::DismissRefused);
        assert!(Rc::ptr_eq(&s, &dismissed));
    }

    #[test]
    fn new_scales_rescore_everything_and_invalid_ones_are_ignored() {
        use rampart_core::model::Scales;
        let s = open(Rc::default(), banking());
        let three = Scales { impact: Some(vec!["Low".into(), "Medium".into(), "High".into()]), ..Default::default() };
        let s2 = s.clone().apply(Action::SetScales(three));
        assert_eq!(s2.revision, s.revision + 1, "an edit is saved");
        let codes = |s: &AppState| {
            s.current.as_ref().unwrap().analysis.findings.iter().filter(|f| f.code() == "SCALE_OUT_OF_RANGE").count()
        };
        assert_eq!(codes(&s), 0);
        assert!(codes(&s2) > 0, "impact levels 4 and 5 are now outside the scale");
        let one_level = Scales { likelihood: Some(vec!["Only".into()]), ..Default::default() };
        assert!(Rc::ptr_eq(&s2, &s2.clone().apply(Action::SetScales(one_level))));
    }

    #[test]
    fn saving_is_tracked_by_revision() {
        let s = open(Rc::default(), banking());
        assert!(!s.all_saved());
        let s = s.apply(Action::Saved { revision: 1, entry: entry("k1", 1) });
        assert!(s.all_saved());
        assert_eq!((s.stored, s.change.as_ref()), (1, None));
        assert_eq!(s.entries.len(), 1, "the register list knows it");
        // Another register's save (one opened before) does not count for this one.
        let s2 = s.clone().apply(Action::DeleteRisk(Id::new("R-001").unwrap()));
        let other = s2.clone().apply(Action::Saved { revision: 2, entry: entry("k0", 5) });
        assert!(!other.all_saved());
        assert_eq!((other.stored, other.entries.len()), (1, 2));
        let exported = s.clone().apply(Action::ExportFailed(Some("blocked".into())));
        assert!(exported.all_saved(), "a failed download is not a failed save");
        assert!(exported.apply(Action::ExportFailed(None)).export_problem.is_none());
        let s = s.apply(Action::SaveFailed("full".into()));
        assert!(!s.all_saved());
    }

    #[test]
    fn another_tabs_save_pauses_saving_until_the_user_keeps_both_or_loads_theirs() {
        let s = open(Rc::default(), banking()).apply(Action::Saved { revision: 1, entry: entry("k1", 1) });
        let same = s.clone().apply(Action::ChangedElsewhere { key: "k9".into(), theirs: 4 });
        assert!(Rc::ptr_eq(&s, &same), "another register");
        let same = s.clone().apply(Action::ChangedElsewhere { key: "k1".into(), theirs: 1 });
        assert!(Rc::ptr_eq(&s, &same), "our own save");
        let s = s.apply(Action::ChangedElsewhere { key: "k1".into(), theirs: 2 });
        assert_eq!(s.conflict, Some(2));
        let both = s.clone().apply(Action::KeepBoth { key: "k2".into() });
        let w = both.current.as_ref().unwrap();
        assert_eq!((&*w.key, both.stored, both.conflict), ("k2", 0, None));
        assert_eq!(w.register.name, "Online banking: operational resilience register (copy)");
        assert_eq!(both.change.as_ref().map(|c| c.0), Some(RevisionKind::Created));
        assert!(!both.all_saved(), "the copy is saved as a new register");
    }

    #[test]
    fn an_export_is_a_revision_to_keep_and_an_import_outranks_later_edits_in_its_label() {
        let s = open(Rc::default(), banking()).apply(Action::Saved { revision: 1, entry: entry("k1", 1) });
        let s = s.apply(Action::Exported("bank-2026-11-23.json".into()));
        assert_eq!(s.change, Some((RevisionKind::Export, "Exported as bank-2026-11-23.json".into())));
        let s = s.apply(Action::DeleteRisk(Id::new("R-001").unwrap()));
        assert_eq!(s.change.as_ref().map(|c| c.0), Some(RevisionKind::Export), "saved together: the export counts");
    }

    fn open_other(s: Rc<AppState>) -> Rc<AppState> {
        s.apply(Action::Open {
            key: "k2".into(),
            register: Box::new(Register::new("Plant")),
            today: today(),
            stored: 0,
            change: Some((RevisionKind::Created, "New register".into())),
            undo: None,
        })
    }

    #[test]
    fn changes_that_cannot_be_saved_are_never_dropped_by_opening_another_register() {
        let saved = open(Rc::default(), banking()).apply(Action::Saved { revision: 1, entry: entry("k1", 1) });
        let edited = saved.clone().apply(Action::DeleteRisk(Id::new("R-001").unwrap()));
        assert_eq!(edited.stuck(), None, "still saving: nothing is stuck");
        // Another tab saved first.
        let refused = edited.clone().apply(Action::SaveRefused { key: "k1".into(), theirs: 2 });
        assert!(refused.stuck().unwrap().contains("Load theirs or Keep both"));
        let kept = refused.clone().apply(Action::Open {
            key: "k2".into(),
            register: Box::new(Register::new("Plant")),
            today: today(),
            stored: 0,
            change: None,
            undo: None,
        });
        assert_eq!(kept.current, refused.current, "not opened");
        assert!(kept.failure.as_ref().unwrap().what.starts_with("Not opened"));
        // Loading theirs (the same register) is the user's choice and goes through.
        let theirs = refused.clone().apply(Action::Open {
            key: "k1".into(),
            register: Box::new(banking()),
            today: today(),
            stored: 2,
            change: None,
            undo: None,
        });
        assert_eq!((theirs.stored, theirs.conflict, theirs.all_saved()), (2, None, true));
        assert_eq!(theirs.change, None, "the old change's label is not carried over");
        // Storage failing with nothing but an opened file unsaved: nothing to lose.
        let fresh = open(Rc::default(), banking()).apply(Action::SaveFailed("no IndexedDB".into()));
        assert_eq!(fresh.stuck(), None);
        assert_eq!(&*open_other(fresh).current.as_ref().unwrap().key, "k2");
        // Storage failing with an edit unsaved: export, then discard, then open.
        let failing = edited.apply(Action::SaveFailed("browser storage is full".into()));
        assert!(failing.stuck().unwrap().contains("browser storage is full"));
        assert_eq!(open_other(failing.clone()).current, failing.current);
        let discarded = failing.apply(Action::DiscardUnsaved);
        assert_eq!(discarded.stuck(), None);
        assert_eq!(&*open_other(discarded).current.as_ref().unwrap().key, "k2");
    }

    #[test]
    fn a_refused_save_of_another_register_or_a_late_replace_changes_nothing_on_screen() {
        let s = open(Rc::default(), banking());
        assert!(Rc::ptr_eq(&s, &s.clone().apply(Action::SaveRefused { key: "k9".into(), theirs: 3 })));
        // A refusal with the register gone elsewhere (0) still stops saving.
        assert_eq!(s.clone().apply(Action::SaveRefused { key: "k1".into(), theirs: 0 }).conflict, Some(0));
        let late = Action::Replace {
            key: "k9".into(),
            register: Box::new(Register::new("Other")),
            kind: RevisionKind::Restore,
            label: "x".into(),
        };
        assert!(Rc::ptr_eq(&s, &s.clone().apply(late)));
        let on_time = Action::Replace {
            key: "k1".into(),
            register: Box::new(Register::new("Back")),
            kind: RevisionKind::Restore,
            label: "x".into(),
        };
        assert_eq!(s.apply(on_time).current.as_ref().unwrap().register.name, "Back");
    }

    #[test]
    fn each_register_put_on_screen_is_counted() {
        let s = open(Rc::default(), banking());
        let t = open_other(s.clone());
        assert_eq!((s.opened, t.opened), (1, 2));
    }

    #[test]
    fn renaming_is_an_edit_and_an_empty_name_is_ignored() {
        let s = open(Rc::default(), banking()).apply(Action::Saved { revision: 1, entry: entry("k1", 1) });
        let s2 = s.clone().apply(Action::Rename("  Bank 2027 ".into()));
        assert_eq!(s2.current.as_ref().unwrap().register.name, "Bank 2027");
        assert_eq!(s2.change, Some((RevisionKind::Edit, "Renamed to Bank 2027".into())));
        assert!(Rc::ptr_eq(&s2, &s2.clone().apply(Action::Rename(" ".into()))));
        assert_eq!(s2.apply(Action::Undo).current, s.current);
    }

    #[test]
    fn a_register_found_unreadable_is_remembered_and_the_open_one_stays() {
        let s = open(Rc::default(), banking());
        let s2 = s.clone().apply(Action::Unreadable { key: "k0".into(), name: "Bank".into(), why: "cut short".into() });
        assert_eq!(s2.unreadable.get("k0").map(String::as_str), Some("cut short"));
        assert_eq!(s2.failure.as_ref().map(|f| f.what.as_str()), Some("Could not open Bank"));
        assert_eq!(s2.current, s.current);
        assert_eq!(s2.revision, s.revision, "nothing to save");
        assert!(s2.clone().apply(Action::Close).current.is_none());
    }
}

#[cfg(test)]
mod edit_tests {
    use super::*;
    use rampart_core::import;
    use rampart_core::model::Rating;

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn opened() -> Rc<AppState> {
        let register = import(crate::EXAMPLE).unwrap();
        Rc::new(AppState::default()).apply(Action::Open {
            key: "k1".into(),
            register: Box::new(register),
            today: today(),
            stored: 0,
            change: Some((RevisionKind::Created, "Opened".into())),
            undo: None,
        })
    }

    fn current(s: &AppState) -> &OpenRegister {
        s.current.as_ref().unwrap()
    }

    /// The analysis, updated edit by edit, says what a full analysis says (findings in any order).
    fn assert_up_to_date(w: &OpenRegister) {
        let full = analyse(&w.register, &w.options);
        assert_eq!(w.analysis.ratings, full.ratings);
        let reports = |a: &Analysis| {
            let mut v: Vec<String> = a.findings.iter().map(|f| f.report(&w.register).to_string()).collect();
            v.sort();
            v
        };
        assert_eq!(reports(&w.analysis), reports(&full));
    }

    fn save(s: Rc<AppState>, risk: Risk, replacing: Option<&str>) -> Rc<AppState> {
        let replacing = replacing.map(|id| Id::new(id).unwrap());
        s.apply(Action::SaveRisk { risk: Box::new(risk), replacing, note: Some("Quarterly review".into()) })
    }

    fn save_service(s: Rc<AppState>, service: rampart_core::model::Service, replacing: Option<&str>) -> Rc<AppState> {
        let replacing = replacing.map(|id| Id::new(id).unwrap());
        s.apply(Action::SaveService { service: Box::new(service), replacing })
    }

    #[test]
    fn a_renamed_node_takes_every_reference_with_it() {
        let s = opened();
        let w = current(&s);
        let mut isp = w.register.services.iter().find(|x| x.id.as_str() == "isp-north").unwrap().clone();
        isp.id = Id::new("isp-northnet").unwrap();
        let s2 = save_service(s.clone(), isp, Some("isp-north"));
        let w2 = current(&s2);
        let json = rampart_core::import::to_json(&w2.register);
        assert!(!json.contains("\"isp-north\""), "no reference to the old id is left");
        assert_eq!(json.matches("\"isp-northnet\"").count(), json_count(&w.register, "\"isp-north\""));
        assert_eq!(w2.register.services.len(), w.register.services.len());
        assert_up_to_date(w2);
        assert!(w2.analysis.findings.iter().all(|f| f.code() != "REF_UNKNOWN"));
        assert_eq!(current(&s2.apply(Action::Undo)), w);
    }

    fn json_count(r: &Register, needle: &str) -> usize {
        rampart_core::import::to_json(r).matches(needle).count()
    }

    #[test]
    fn a_new_node_is_added_and_a_taken_id_is_refused() {
        let s = opened();
        let n = current(&s).register.services.len();
        let mut site = rampart_core::model::Service::new(Id::new("dc-secondary").unwrap(), "Secondary data centre");
        site.depends_on = vec![Dependency::On("dc-primary".into())];
        let s2 = save_service(s.clone(), site.clone(), None);
        assert_eq!(current(&s2).register.services.len(), n + 1);
        assert_up_to_date(current(&s2));
        site.id = Id::new("R-001").unwrap();
        assert!(Rc::ptr_eq(&s, &save_service(s.clone(), site, None)), "a risk's id");
    }

    #[test]
    fn a_deleted_node_leaves_its_references_to_be_seen_and_comes_back_with_undo() {
        let s = opened();
        let deleted = s.clone().apply(Action::DeleteService(Id::new("dc-primary").unwrap()));
        let w = current(&deleted);
        assert!(!w.register.has_service("dc-primary"));
        assert_up_to_date(w);
        let unknown = w.analysis.findings.iter().filter(|f| f.code() == "REF_UNKNOWN").count();
        assert!(unknown >= 3, "core-banking, database and identity needed it");
        assert_eq!(current(&deleted.apply(Action::Undo)), current(&s));
    }

    #[test]
    fn an_agreement_is_saved_in_place_analysed_deleted_and_undone() {
        let s = opened();
        let mut uc = current(&s).register.agreements[2].clone();
        uc.targets[0].response = rampart_core::model::Hours::new(0.25).unwrap();
        let id = uc.id.clone();
        let s2 =
            s.clone().apply(Action::SaveAgreement { agreement: Box::new(uc.clone()), replacing: Some(id.clone()) });
        let w = current(&s2);
        assert_eq!(w.register.agreements[2], uc);
        assert_up_to_date(w);
        let taken = rampart_core::model::Agreement { id: Id::new("R-001").unwrap(), ..uc };
        assert!(Rc::ptr_eq(
            &s2,
            &s2.clone().apply(Action::SaveAgreement { agreement: Box::new(taken), replacing: Some(id.clone()) })
        ));
        let deleted = s2.apply(Action::DeleteAgreement(id));
        assert_eq!(current(&deleted).register.agreements.len(), current(&s).register.agreements.len() - 1);
        assert_up_to_date(current(&deleted));
        assert_eq!(current(&deleted.apply(Action::Undo)).register.agreements[2].targets[0].response.get(), 0.25);
    }

    #[test]
    fn a_renamed_supplier_is_renamed_in_its_contracts_and_a_deleted_one_leaves_them_unknown() {
        let s = opened();
        let w = current(&s);
        let old = w.register.suppliers[0].clone();
        let naming = |r: &Register, id: &str| r.agreements.iter().filter(|a| a.party.as_deref() == Some(id)).count();
        let before = naming(&w.register, &old.id);
        assert!(before > 0);
        let renamed = rampart_core::model::Supplier { id: Id::new("renamed").unwrap(), ..old.clone() };
        let s2 = s.clone().apply(Action::SaveSupplier { supplier: renamed, replacing: Some(old.id.clone()) });
        let w2 = current(&s2);
        assert_eq!((naming(&w2.register, "renamed"), naming(&w2.register, &old.id)), (before, 0));
        assert_up_to_date(w2);
        let deleted = s2.apply(Action::DeleteSupplier(Id::new("renamed").unwrap()));
        let unknown = current(&deleted).analysis.findings.iter().filter(|f| f.code() == "REF_UNKNOWN").count();
        assert_eq!(unknown, before, "each contract naming it now names nothing");
    }

    #[test]
    fn a_new_risk_is_added_analysed_and_recorded_in_its_history() {
        let s = opened();
        let n = current(&s).register.risks.len();
        let risk = Risk::new(Id::new("R-900").unwrap(), "Flood in the data centre", Rating::new(5, 2));
        let s2 = save(s.clone(), risk, None);
        let w = current(&s2);
        assert_eq!(w.register.risks.len(), n + 1);
        assert_up_to_date(w);
        let added = w.register.risks.last().unwrap();
        assert_eq!(added.history.len(), 1, "its first assessment");
        assert_eq!((added.history[0].impact.0, added.history[0].likelihood.0), (5, 2));
        assert_eq!(added.history[0].date, Some(today()));
        assert_eq!(s2.revision, s.revision + 1);
    }

    #[test]
    fn an_edit_adds_to_the_history_only_when_the_residual_rating_changes() {
        let s = opened();
        let mut risk = current(&s).register.risks[0].clone();
        let before = risk.history.len();
        risk.title = "Ransomware (reworded)".into();
        let s = save(s, risk.clone(), Some("R-001"));
        assert_eq!(current(&s).register.risks[0].history.len(), before, "same residual: no new entry");
        risk.residual = Some(Rating::new(2, 2));
        risk.history.clear(); // as an editor opened before the last save might have it
        let s = save(s, risk, Some("R-001"));
        let w = current(&s);
        let history = &w.register.risks[0].history;
        assert_eq!(history.len(), before + 1);
        assert_eq!(history.last().unwrap().note.as_deref(), Some("Quarterly review"));
        assert_eq!(w.analysis.ratings[0].residual.score, 4);
        assert_up_to_date(w);
    }

    #[test]
    fn a_risk_taking_another_items_id_is_refused() {
        let s = opened();
        let mut risk = current(&s).register.risks[0].clone();
        risk.id = Id::new("R-002").unwrap();
        assert!(Rc::ptr_eq(&s, &save(s.clone(), risk.clone(), Some("R-001"))));
        risk.id = Id::new("R-001").unwrap();
        risk.controls[0].id = Id::new("core-banking").unwrap();
        assert!(Rc::ptr_eq(&s, &save(s.clone(), risk, Some("R-001"))));
    }

    #[test]
    fn delete_then_undo_gives_back_the_same_register() {
        let s = opened();
        let deleted = s.clone().apply(Action::DeleteRisk(Id::new("R-003").unwrap()));
        let w = current(&deleted);
        assert!(w.register.risks.iter().all(|r| r.id.as_str() != "R-003"));
        assert_up_to_date(w);
        assert_eq!(deleted.undo.as_ref().unwrap().label, "Deleted risk R-003");
        let undone = deleted.apply(Action::Undo);
        assert_eq!(current(&undone), current(&s));
        assert!(undone.undo.is_none());
        assert_eq!(undone.revision, s.revision + 2, "the undo is saved too");
        assert!(Rc::ptr_eq(&undone, &undone.clone().apply(Action::Undo)), "nothing more to undo");
    }

    #[test]
    fn risks_imported_from_a_spreadsheet_update_and_add_and_can_be_undone() {
        use crate::risks::csv_import::{plan, CsvTable, Mapping};
        let s = opened();
        let w = current(&s);
        let table = CsvTable::parse(
            b"id,title,impact,likelihood,residual_impact,residual_likelihood\n\
                                       R-001,Ransomware,5,4,1,1\nR-900,Flood,2,2,,\n",
        )
        .unwrap();
        let plan = plan(&w.register, &w.analysis.scales, &table, &Mapping::guess(&table.headers)).unwrap();
        let n = w.register.risks.len();
        let s2 = s.clone().apply(Action::ImportRisks { file: "register.csv".into(), plan });
        let w2 = current(&s2);
        assert_eq!(w2.register.risks.len(), n + 1);
        assert_eq!(w2.analysis.ratings[0].residual.score, 1);
        let last = w2.register.risks[0].history.last().unwrap();
        assert_eq!(
            (last.impact.0, last.likelihood.0, last.note.as_deref()),
            (1, 1, Some("Imported from register.csv"))
        );
        assert_up_to_date(w2);
        assert_eq!(s2.undo.as_ref().unwrap().label, "Imported 2 risks from register.csv (1 new)");
        assert_eq!(current(&s2.apply(Action::Undo)), w);
    }
}
