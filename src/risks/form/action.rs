//! A treatment action of the risk form (SPEC §9.1) as typed, checked into an
//! [`Action`]; what the user leaves untouched is kept as it was.

use rampart_core::model::{Action, ActionStatus, Id};

use super::{Field, Problems};
use crate::app::form_values::{kept_required, kept_text};

/// An action as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionForm {
    pub id: String,
    pub title: String,
    pub owner: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    /// An `ActionStatus` key.
    pub status: String,
    /// The control row of the form this action puts in place, followed through
    /// renames and removals of rows while the form is open.
    pub control_row: Option<usize>,
    /// An id that names none of the risk's controls (from a file, or a control
    /// removed in the form), kept and shown as such; empty otherwise.
    pub control_text: String,
    /// The action this row was opened from.
    original: Option<Action>,
}

impl ActionForm {
    /// A new, planned action with this id.
    pub fn new(id: String) -> Self {
        ActionForm {
            id,
            title: String::new(),
            owner: String::new(),
            due: String::new(),
            status: ActionStatus::Planned.key().into(),
            control_row: None,
            control_text: String::new(),
            original: None,
        }
    }

    /// The action as typed, its control found among `controls` (the risk's).
    pub fn from_action(a: &Action, controls: &[rampart_core::model::Control]) -> Self {
        let control = a.control.clone().unwrap_or_default();
        let control_row = controls.iter().position(|c| c.id.as_str() == control);
        ActionForm {
            id: a.id.to_string(),
            title: a.title.clone(),
            owner: a.owner.clone().unwrap_or_default(),
            due: a.due.map(|d| d.to_string()).unwrap_or_default(),
            status: a.status.key().into(),
            control_row,
            control_text: if control_row.is_some() { String::new() } else { control },
            original: Some(a.clone()),
        }
    }

    /// What the control select chose: `row-<i>`, nothing (empty), or an id
    /// that names no control (kept as it was).
    pub fn choose_control(&mut self, value: String) {
        match value.strip_prefix("row-").and_then(|i| i.parse().ok()) {
            Some(row) => (self.control_row, self.control_text) = (Some(row), String::new()),
            None if value.is_empty() => (self.control_row, self.control_text) = (None, String::new()),
            None => (self.control_row, self.control_text) = (None, value),
        }
    }

    /// A warning when the action names an id that is none of the risk's controls:
    /// the engine reports it (`REF_UNKNOWN`); the form does not refuse what a
    /// file may hold.
    pub fn warning(&self, k: usize) -> Option<super::Problem> {
        let text = self.control_text.trim();
        (self.control_row.is_none() && !text.is_empty()).then(|| {
            super::Problem::warning(
                Field::ActionControl(k),
                format!(
                    "Action {}: \"{text}\" is not a control of this risk; choose one of its controls or none",
                    k + 1
                ),
            )
        })
    }

    /// The select's value for what this action names (see `choose_control`).
    pub fn control_choice(&self) -> String {
        self.control_row.map_or_else(|| self.control_text.clone(), |row| format!("row-{row}"))
    }

    /// The action at row `k`, or `None` with its problems added. `taken` says
    /// whether an id is used elsewhere (in the register, by the risk, by another
    /// of its controls or actions); `controls` are the ids of the form's control rows.
    pub(super) fn check(
        &self,
        k: usize,
        taken: impl Fn(&Id) -> bool,
        controls: &[String],
        problems: &mut Problems,
    ) -> Option<Action> {
        let n = k + 1;
        let id = match Id::new(self.id.trim()) {
            Ok(id) if taken(&id) => {
                problems.at(Field::ActionId(k), format!("Action {n}: \"{id}\" is already used in this register"))
            }
            Ok(id) => Some(id),
            Err(why) => problems.at(Field::ActionId(k), format!("Action {n}: {why}")),
        };
        if self.title.trim().is_empty() {
            problems.at::<()>(Field::ActionTitle(k), format!("Action {n}: say what is to be done"));
        }
        let due = problems.date(Field::ActionDue(k), &self.due, &format!("Action {n} due"));
        let control = match self.control_row {
            Some(row) => controls.get(row).cloned().unwrap_or_default(),
            None => self.control_text.trim().to_string(),
        };
        let original = self.original.as_ref();
        Some(Action {
            id: id?,
            title: Some(kept_required(original.map(|o| &o.title), &self.title)).filter(|t| !t.trim().is_empty())?,
            owner: kept_text(original.and_then(|o| o.owner.as_ref()), &self.owner),
            due,
            status: ActionStatus::from_key(&self.status).unwrap_or(ActionStatus::Planned),
            control: kept_text(original.and_then(|o| o.control.as_ref()), &control),
            extra: original.map(|o| o.extra.clone()).unwrap_or_default(),
        })
    }

    /// Whether this action is done and puts in place a control that is still
    /// planned: the editor offers to mark the control implemented.
    pub fn done_with_planned(&self, controls: &[super::ControlForm]) -> Option<usize> {
        let done = self.status == ActionStatus::Done.key();
        let row = self.control_row.filter(|_| done)?;
        let planned = controls.get(row)?.status == rampart_core::model::ControlStatus::Planned.key();
        planned.then_some(row)
    }
}
