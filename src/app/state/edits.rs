//! How an edit changes the open register: one put and one remove for the
//! register's lists, the label of each save, the history a residual change
//! adds, and references that follow a renamed item.

use std::rc::Rc;

use rampart_core::model::{Dependency, Id, Risk};
use rampart_core::{analyse, Analysis, Options, Register};

use super::{AppState, Before, OpenRegister, Undo};
use crate::workspace::RevisionKind;

impl AppState {
    /// Changes the register and brings its analysis up to date with `change`,
    /// keeping the open register before it for Undo.
    pub(super) fn edit(&mut self, label: String, change: impl FnOnce(&mut Register, &mut Analysis, &Options)) {
        let Some(w) = self.current.take() else { return };
        let (mut register, mut analysis) = ((*w.register).clone(), (*w.analysis).clone());
        change(&mut register, &mut analysis, &w.options);
        let (key, options) = (w.key.clone(), w.options);
        self.undo = Some(Undo { label: label.clone(), before: Before::Memory(w) });
        self.current = Some(OpenRegister { key, register: Rc::new(register), analysis: Rc::new(analysis), options });
        self.changed(RevisionKind::Edit, label);
    }

    /// Puts `item` in its list (chosen by `lists`): in place of the item with id
    /// `replacing`, or at the end; a changed id is followed by `renamed` (old, new)
    /// in the rest of the register. Re-analyses. False, and nothing changes,
    /// when the id names another item.
    pub(super) fn put<T: Item>(
        &mut self,
        item: T,
        replacing: Option<Id>,
        list: fn(&Register) -> &[T],
        list_mut: fn(&mut Register) -> &mut Vec<T>,
        label: String,
        renamed: fn(&mut Register, &str, &str),
    ) -> bool {
        let Some(w) = &self.current else { return false };
        let at = replacing.and_then(|id| list(&w.register).iter().position(|x| *x.id() == id));
        let own = at.map(|i| list(&w.register)[i].id().clone());
        if w.register.id_taken(item.id(), own.as_ref()) {
            return false;
        }
        self.edit(label, |register, analysis, options| {
            if let Some(old) = own.filter(|old| old != item.id()) {
                renamed(register, &old, item.id());
            }
            match at {
                Some(i) => list_mut(register)[i] = item,
                None => list_mut(register).push(item),
            }
            *analysis = analyse(register, options);
        });
        true
    }

    /// Removes the item with `id` from its list, and re-analyses; false when no
    /// item there has it. References to it stay, and show as unknown.
    pub(super) fn remove<T: Item>(
        &mut self,
        id: &Id,
        list: fn(&Register) -> &[T],
        list_mut: fn(&mut Register) -> &mut Vec<T>,
        label: String,
    ) -> bool {
        let Some(w) = &self.current else { return false };
        let Some(i) = list(&w.register).iter().position(|x| x.id() == id) else { return false };
        self.edit(label, |register, analysis, options| {
            list_mut(register).remove(i);
            *analysis = analyse(register, options);
        });
        true
    }

    /// Counts a change of the register, to be saved as a revision labelled `label`.
    pub(super) fn changed(&mut self, kind: RevisionKind, label: String) {
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
    pub fn scenario(id: &str) -> String {
        format!("Saved scenario {id}")
    }
    pub fn exercise(id: &str) -> String {
        format!("Saved exercise {id}")
    }
    pub fn review(id: &str) -> String {
        format!("Saved review {id}")
    }
    pub const SCALES: &str = "Changed the scales";
}

/// An item of one of the register's lists, known by its id.
pub(super) trait Item {
    fn id(&self) -> &Id;
}

impl Item for rampart_core::model::Service {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl Item for rampart_core::model::Agreement {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl Item for rampart_core::model::Supplier {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl Item for rampart_core::model::Scenario {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl Item for rampart_core::model::Exercise {
    fn id(&self) -> &Id {
        &self.id
    }
}

impl Item for rampart_core::model::Review {
    fn id(&self) -> &Id {
        &self.id
    }
}

/// Points every exercise run under scenario `old` at `new`.
pub(super) fn rename_scenario(register: &mut Register, old: &str, new: &str) {
    for e in &mut register.exercises {
        if e.scenario.as_deref() == Some(old) {
            e.scenario = Some(new.to_string());
        }
    }
}

/// Points every contract and OLA naming supplier `old` at `new`.
pub(super) fn rename_party(register: &mut Register, old: &str, new: &str) {
    for a in register.agreements.iter_mut().filter(|a| a.kind.is_underpinning()) {
        if a.party.as_deref() == Some(old) {
            a.party = Some(new.to_string());
        }
    }
}

/// Points every reference to node `old` at `new`: dependencies, risks' services,
/// agreements' services, scenarios' losses and exercises' results.
pub(super) fn rename_references(register: &mut Register, old: &str, new: &str) {
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
    for scenario in &mut register.scenarios {
        scenario.fails.iter_mut().for_each(rename);
    }
    for e in &mut register.exercises {
        e.results.iter_mut().for_each(|r| rename(&mut r.node));
    }
}

/// Whether `risk`'s id or one of its control ids names another item of the
/// register than the risk at `at` (which it replaces).
pub(super) fn ids_taken(register: &Register, risk: &Risk, at: Option<usize>) -> bool {
    let taken = crate::risks::form::Context::taken_ids(register, at.map(|i| &register.risks[i]));
    risk.ids().any(|id| taken.contains(id))
}
