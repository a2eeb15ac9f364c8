//! Registers that travel (SPEC §9.3), in the app: a file that comes back
//! sharing history with a kept register, the compare view and the merge view.
//! Plain Rust, tested natively; the views are in `view/`.

use std::rc::Rc;

use rampart_core::diff::{self, Change, ChangeKind};
use rampart_core::Register;

use crate::workspace::SharedHistory;

#[cfg(target_arch = "wasm32")]
pub mod view;

/// A file just opened whose lineage shares a kept revision: the user chooses
/// to merge it into that register, open it apart, or compare.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrived {
    pub file: String,
    pub register: Rc<Register>,
    pub shared: SharedHistory,
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Compared {
    /// The open register as it is now (it follows its edits).
    Open,
    /// A register that does not change: a file, or a kept revision, and what to call it.
    Kept(Rc<Register>, String),
}

/// What the compare or merge view works on.
#[derive(Debug, Clone, PartialEq)]
pub enum Travel {
    Compare {
        old: Compared,
        new: Compared,
    },
    /// `theirs` (from `file`) into the open register `key`, from `base`.
    Merge {
        file: String,
        key: String,
        base: Rc<Register>,
        theirs: Rc<Register>,
    },
}

impl Travel {
    /// Changes of a file compared with the open register can be taken one by one.
    pub fn takes_from(&self) -> Option<&str> {
        match self {
            Travel::Compare { old: Compared::Open, new: Compared::Kept(_, name) } => Some(name),
            _ => None,
        }
    }
}

/// What to call a side.
pub fn side_name(side: &Compared) -> &str {
    match side {
        Compared::Open => "the open register",
        Compared::Kept(_, name) => name,
    }
}

/// The changes of one item (a risk, a node, …), or of the register's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    /// "Risk", "Node", …, or "Register" for its own fields.
    pub what: &'static str,
    /// The item's key, and its name or title as the new side (else the old) has it.
    pub key: Option<String>,
    pub name: String,
    pub changes: Vec<&'a Change>,
}

/// Which changes to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Only(ChangeKind),
}

impl Filter {
    pub fn keeps(self, c: &Change) -> bool {
        match self {
            Filter::All => true,
            Filter::Only(kind) => c.kind() == kind,
        }
    }
}

fn what(list: &str) -> &'static str {
    match list {
        "risks" => "Risk",
        "services" => "Node",
        "suppliers" => "Supplier",
        "agreements" => "Agreement",
        "scenarios" => "Scenario",
        "exercises" => "Exercise",
        "reviews" => "Review",
        _ => "Item",
    }
}

/// The changes grouped by item, in the order found (the register's own fields,
/// then each list in the file's order).
pub fn groups<'a>(changes: &'a [Change], old: &Register, new: &Register, filter: Filter) -> Vec<Group<'a>> {
    let mut out: Vec<Group> = Vec::new();
    for c in changes.iter().filter(|c| filter.keeps(c)) {
        let (list, key) = (c.list(), c.item().map(str::to_string));
        if let Some(g) = out.last_mut().filter(|g| g.key == key && g.what == list.map_or("Register", what)) {
            g.changes.push(c);
            continue;
        }
        let name = match (list, &key) {
            (Some(list), Some(key)) => name_of(new, list, key).or_else(|| name_of(old, list, key)).unwrap_or_default(),
            _ => String::new(),
        };
        out.push(Group { what: list.map_or("Register", what), key, name, changes: vec![c] });
    }
    out
}

fn name_of(r: &Register, list: &str, key: &str) -> Option<String> {
    let found = |id: &str| id == key;
    match list {
        "risks" => r.risks.iter().find(|x| found(&x.id)).map(|x| x.title.clone()),
        "services" => r.services.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "suppliers" => r.suppliers.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "agreements" => r.agreements.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "scenarios" => r.scenarios.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        "exercises" => r.exercises.iter().find(|x| found(&x.id)).map(|x| x.name.clone()),
        _ => None,
    }
}

/// The field a change is at, within its item: `owner`, `controls[R-001-C1].status`
/// (a nested item by its key); empty for an item added or removed whole.
pub fn field(c: &Change) -> String {
    let skip = if c.item().is_some() { 2 } else { 0 };
    let mut out = String::new();
    for step in c.steps.iter().skip(skip) {
        match step {
            diff::Step::Field(f) if out.is_empty() => out.push_str(f),
            diff::Step::Field(f) => out.push_str(&format!(".{f}")),
            diff::Step::Item { key, .. } => out.push_str(&format!("[{key}]")),
        }
    }
    out
}

/// A value as the compare view shows it: text as it is, anything else as JSON.
pub fn shown(v: &Option<serde_json::Value>) -> String {
    match v {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The module's answer (JSON text): what was asked for, or why it could not be
/// made (`{"error": …}`).
pub fn answer<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    #[derive(serde::Deserialize)]
    struct Failed {
        error: String,
    }
    if let Ok(Failed { error }) = serde_json::from_str::<Failed>(text) {
        return Err(error);
    }
    serde_json::from_str(text).map_err(|e| format!("an answer this version cannot read: {e}"))
}

/// A taken change's answer: the register's text.
#[derive(Debug, serde::Deserialize)]
pub struct Taken {
    pub register: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_grouped_by_item_with_its_name_and_each_field_named() {
        let old = crate::app::testing::example();
        let mut new = old.clone();
        new.name = "Renamed register".into();
        new.risks[0].owner = Some("Someone".into());
        new.risks[0].title = "New title".into();
        new.services.remove(2);
        let changes = diff::changes(&old, &new);
        let all = groups(&changes, &old, &new, Filter::All);
        let seen: Vec<(&str, Option<&str>, &str, Vec<String>)> = all
            .iter()
            .map(|g| (g.what, g.key.as_deref(), g.name.as_str(), g.changes.iter().map(|c| field(c)).collect()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Register", None, "", vec!["name".to_string()]),
                ("Risk", Some("R-001"), "New title", vec!["owner".into(), "title".into()]),
                ("Node", Some(old.services[2].id.as_str()), old.services[2].name.as_str(), vec![String::new()]),
            ]
        );
        let removed = groups(&changes, &old, &new, Filter::Only(ChangeKind::Removed));
        assert_eq!(removed.len(), 1);
        assert_eq!(shown(&changes[0].new), "Renamed register");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_modules_answers_are_read_and_its_refusals_said() {
        let open = crate::app::testing::example();
        let mut file = open.clone();
        file.risks[3].owner = Some("From the file".into());
        let (a, b) = (rampart_core::import::to_json(&open), rampart_core::import::to_json(&file));
        let compared: diff::Compared = answer(&rampart_travel::compare(&a, &b, "2026-11-23", 0)).unwrap();
        assert_eq!(compared.changes.len(), 1);
        let change = serde_json::to_string(&compared.changes[0]).unwrap();
        let taken: Taken = answer(&rampart_travel::take(&a, &change)).unwrap();
        assert_eq!(rampart_core::import(&taken.register).unwrap().risks[3].owner.as_deref(), Some("From the file"));
        let merged: rampart_core::merge::MergeView = answer(&rampart_travel::merge(&a, &a, &b, "{}")).unwrap();
        assert_eq!((merged.conflicts.len(), merged.taken.len()), (0, 1));
        let refused = answer::<diff::Compared>(&rampart_travel::compare("{", &b, "2026-11-23", 0)).unwrap_err();
        assert!(refused.starts_with("the older register: "), "{refused}");
    }
}
