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
    /// The id of a control of the same risk, or empty.
    pub control: String,
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
            control: String::new(),
            original: None,
        }
    }

    pub fn from_action(a: &Action) -> Self {
        ActionForm {
            id: a.id.to_string(),
            title: a.title.clone(),
            owner: a.owner.clone().unwrap_or_default(),
            due: a.due.map(|d| d.to_string()).unwrap_or_default(),
            status: a.status.key().into(),
            control: a.control.clone().unwrap_or_default(),
            original: Some(a.clone()),
        }
    }

    /// The action at row `k`, or `None` with its problems added. `taken` says
    /// whether an id is used elsewhere (in the register, by the risk, by another
    /// of its controls or actions); `controls` are the ids of the risk's controls.
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
        let control = self.control.trim();
        if !control.is_empty() && !controls.iter().any(|c| c == control) {
            problems.at::<()>(
                Field::ActionControl(k),
                format!("Action {n}: \"{control}\" is not a control of this risk; choose one of its controls or none"),
            );
        }
        let original = self.original.as_ref();
        Some(Action {
            id: id?,
            title: Some(kept_required(original.map(|o| &o.title), &self.title)).filter(|t| !t.trim().is_empty())?,
            owner: kept_text(original.and_then(|o| o.owner.as_ref()), &self.owner),
            due,
            status: ActionStatus::from_key(&self.status).unwrap_or(ActionStatus::Planned),
            control: kept_text(original.and_then(|o| o.control.as_ref()), &self.control),
            extra: original.map(|o| o.extra.clone()).unwrap_or_default(),
        })
    }

    /// Whether this action is done and puts in place a control that is still
    /// planned: the editor offers to mark the control implemented.
    pub fn done_with_planned(&self, controls: &[super::ControlForm]) -> Option<usize> {
        let done = self.status == ActionStatus::Done.key();
        let control = self.control.trim();
        controls
            .iter()
            .position(|c| c.id.trim() == control && c.status == rampart_core::model::ControlStatus::Planned.key())
            .filter(|_| done && !control.is_empty())
    }
}
