//! Every change the UI can ask of the state.

use std::rc::Rc;

use rampart_core::model::{Date, Id, Risk};
use rampart_core::{Register, Teams};

use super::{Failure, RefusedFile};
use crate::workspace::{RegisterEntry, RevisionKind};

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
    /// A file was opened that shares history with a kept register: it waits
    /// for the user's choice (merge, open apart, compare); `None` once made.
    Arrived(Option<Rc<crate::travel::Arrived>>),
    /// What the compare or merge view shows; `None` ends it.
    Travel(Option<Rc<crate::travel::Travel>>),
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
    /// What was busy is done (a file read for a view, not opened).
    Idle,
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
    /// The user exported the register (`label` says how) as revision
    /// `written`: the register as the file has it, `from` with a new revision
    /// id at the end of its lineage and the file's `updated`. Kept as the
    /// register, so that a copy that comes back shares its history (SPEC
    /// §9.3) and the register kept is the file's very text (the review pack's
    /// SHA-256 names that file until the next edit); no second copy of a large
    /// register is made for it. `from` is the register the file was written
    /// from: writing takes a while, and when the register open by then is
    /// another (edited, or another opened), it does not end with that file,
    /// so nothing is kept.
    Exported {
        label: String,
        written: Rc<Register>,
        from: Rc<Register>,
    },
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
    /// Risks from a spreadsheet, checked by `rampart_core::sheet::plan` (in
    /// the import module): each updates the risk with its id or is added, and
    /// the risks the plan names as removed go. One step, undone as one.
    ImportRisks {
        file: String,
        plan: rampart_core::sheet::Plan,
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
    /// Put this failure scenario in the register, in place of `replacing` or at
    /// the end; a changed id follows into the exercises run under it.
    SaveScenario {
        scenario: Box<rampart_core::model::Scenario>,
        replacing: Option<Id>,
    },
    /// Remove a scenario; exercises under it keep its id, shown as unknown.
    DeleteScenario(Id),
    /// Put this exercise in the register, in place of `replacing` or at the end.
    SaveExercise {
        exercise: Box<rampart_core::model::Exercise>,
        replacing: Option<Id>,
    },
    DeleteExercise(Id),
    /// Put this management review in the register, in place of `replacing` or at the end.
    SaveReview {
        review: Box<rampart_core::model::Review>,
        replacing: Option<Id>,
    },
    DeleteReview(Id),
    /// Give the open register another name.
    Rename(String),
    /// Give the open register the calendar id its reminders' UIDs are made of
    /// (`rampart_core::ics::CALENDAR_ID_KEY`), unless it has one.
    SetCalendarId(String),
    /// Take back the last edit.
    Undo,
}
