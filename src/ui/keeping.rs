//! Keeping registers: the saver that writes each change as a revision, one save
//! at a time, and the ways a stored register or revision comes back on screen.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use rampart_core::Register;
use yew::prelude::*;

use super::browser;
use super::storage::{self, SaveError};
use crate::app::state::{Action, AppState, Before, Failure};
use crate::workspace::{RegisterEntry, RevisionKind, SaveRefusal, SaveRequest};

/// A change to save: the register as it is after change `revision`.
struct Pending {
    key: Rc<str>,
    register: Rc<Register>,
    revision: u64,
    stored: u64,
    change: (RevisionKind, String),
}

/// Saves one change at a time, in order, so that each save is made from the
/// revision the one before wrote; of several changes waiting for the same
/// register only the newest is written (a burst becomes one revision), except
/// that an export or a file opened is kept as its own revision: its content
/// is a merge base (`workspace::superseded`).
#[derive(Default)]
pub struct Saver {
    queue: VecDeque<Pending>,
    running: bool,
    /// The revision this tab last wrote of each register since it was last
    /// opened: the base of the next save, when newer than the open register's.
    written: HashMap<Rc<str>, u64>,
    /// The register being written now.
    in_flight: Option<Rc<str>>,
    /// The register on screen.
    pub current: Option<Rc<str>>,
    tab: String,
}

impl Saver {
    /// Whether a save of register `key` is waiting or being written.
    fn busy_with(&self, key: &str) -> bool {
        self.in_flight.as_deref() == Some(key) || self.queue.iter().any(|p| &*p.key == key)
    }
}

pub type SharedSaver = Rc<RefCell<Saver>>;

pub fn saver() -> SharedSaver {
    Rc::new(RefCell::new(Saver { tab: browser::random_key(), ..Default::default() }))
}

/// Queues the state's unsaved change, if it has one, and starts saving.
pub fn save_change(saver: &SharedSaver, state: &AppState, dispatch: Callback<Action>) {
    let (Some(w), Some(change)) = (&state.current, &state.change) else { return };
    if state.saved_revision >= state.revision || state.conflict.is_some() {
        return;
    }
    let pending = Pending {
        key: w.key.clone(),
        register: w.register.clone(),
        revision: state.revision,
        stored: state.stored,
        change: change.clone(),
    };
    let mut s = saver.borrow_mut();
    s.queue.retain(|p| p.key != pending.key || !crate::workspace::superseded(p.change.0));
    s.queue.push_back(pending);
    if !s.running {
        s.running = true;
        wasm_bindgen_futures::spawn_local(run(saver.clone(), dispatch));
    }
}

async fn run(saver: SharedSaver, dispatch: Callback<Action>) {
    loop {
        let (next, base, tab) = {
            let mut s = saver.borrow_mut();
            let Some(next) = s.queue.pop_front() else {
                s.running = false;
                return;
            };
            let base = next.stored.max(s.written.get(&next.key).copied().unwrap_or(0));
            s.in_flight = Some(next.key.clone());
            (next, base, s.tab.clone())
        };
        let outcome = save(&next, base, &tab).await;
        let on_screen = saver.borrow().current.clone();
        match outcome {
            Ok(entry) => {
                saver.borrow_mut().written.insert(next.key.clone(), entry.head);
                dispatch.emit(Action::Saved { revision: next.revision, entry });
            }
            Err(SaveError::Refused(SaveRefusal::Conflict { theirs })) if on_screen == Some(next.key.clone()) => {
                dispatch.emit(Action::SaveRefused { key: next.key.to_string(), theirs });
            }
            Err(SaveError::Refused(SaveRefusal::Conflict { .. })) => {
                // The register is no longer on screen, so nobody could choose: its
                // changes are kept as a copy, and the user is told.
                dispatch.emit(keep_as_copy(&next, &tab).await);
            }
            Err(SaveError::Refused(refusal)) => dispatch.emit(Action::SaveFailed(refusal.to_string())),
            Err(SaveError::Failed(why)) => dispatch.emit(Action::SaveFailed(why)),
        }
        saver.borrow_mut().in_flight = None;
    }
}

/// Writes a pending change as the revision after `base`.
async fn save(next: &Pending, base: u64, tab: &str) -> Result<RegisterEntry, SaveError> {
    write(&next.register, &next.key, base, next.change.clone(), tab).await
}

/// Writes `register` as the revision of register `key` after `base` (0: a new
/// register), with its kind and label.
pub async fn write(
    register: &Register,
    key: &str,
    base: u64,
    (kind, label): (RevisionKind, String),
    tab: &str,
) -> Result<RegisterEntry, SaveError> {
    let (blob, size) = storage::register_blob(register)
        .await
        .map_err(|why| SaveError::Failed(format!("could not write the register out: {why}")))?;
    let request = SaveRequest {
        key: key.to_string(),
        base,
        name: register.name.clone(),
        organization: register.organization.clone(),
        size,
        kind,
        label,
        now: browser::now(),
        lineage: crate::workspace::base_id(kind, &register.lineage),
    };
    storage::save(request, &blob, tab).await
}

/// Saves a change another tab's save refused, for a register no longer on
/// screen, as a new register; says what happened either way.
async fn keep_as_copy(next: &Pending, tab: &str) -> Action {
    let mut register = (*next.register).clone();
    register.name = format!("{} (changes kept after another tab's save)", register.name);
    let copy = Pending {
        key: browser::random_key().into(),
        register: Rc::new(register),
        revision: next.revision,
        stored: 0,
        change: (RevisionKind::Created, format!("Kept: {}", next.change.1)),
    };
    let what = format!("Your last changes to {} were not saved over another tab's", next.register.name);
    match save(&copy, 0, tab).await {
        Ok(entry) => Action::Failed(Some(Failure {
            what,
            why: format!("They are kept as a new register, \"{}\", in the register list.", entry.name),
        })),
        Err(e) => Action::Failed(Some(Failure { what, why: format!("Keeping them as a copy failed too: {}", e) })),
    }
}

/// The tab's name, as other tabs see it in `storage::SAVED_KEY`.
pub fn tab(saver: &SharedSaver) -> String {
    saver.borrow().tab.clone()
}

/// Reads a register's newest revision and shows it; if it cannot be read it is
/// marked unreadable (and kept as it is). Returns whether it opened. A save of
/// it still being written is waited for, and the entry read afresh, so that the
/// newest revision is the one opened.
pub async fn open_stored(entry: &RegisterEntry, saver: &SharedSaver, dispatch: &Callback<Action>) -> bool {
    let unreadable = |why: String| Action::Unreadable { key: entry.key.clone(), name: entry.name.clone(), why };
    if let Some(why) = &entry.unreadable {
        dispatch.emit(unreadable(why.clone()));
        return false;
    }
    dispatch.emit(Action::Busy(format!("Opening {}…", rampart_core::bidi::isolate(&entry.name))));
    while saver.borrow().busy_with(&entry.key) {
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    let fresh = match storage::entries().await {
        Ok(entries) => entries.into_iter().find(|e| e.key == entry.key),
        Err(why) => {
            dispatch.emit(unreadable(why));
            return false;
        }
    };
    let Some(entry) = fresh else {
        dispatch.emit(unreadable("it is no longer in browser storage".into()));
        return false;
    };
    match read(&entry.key, entry.head).await {
        Ok(register) => {
            let head = entry.revisions.last().filter(|r| r.kind == RevisionKind::Edit);
            let undo = head.and_then(|h| Some((entry.previous()?.seq, h.label.clone())));
            saver.borrow_mut().written.remove(entry.key.as_str());
            browser::remember_open(&entry.key);
            dispatch.emit(Action::Open {
                key: entry.key.as_str().into(),
                register: Box::new(register),
                today: browser::today(),
                stored: entry.head,
                change: None,
                undo,
            });
            true
        }
        Err(why) => {
            dispatch.emit(unreadable(why));
            false
        }
    }
}

/// Revision `seq` of register `key`, imported.
pub async fn read(key: &str, seq: u64) -> Result<Register, String> {
    let blob = storage::revision(key, seq).await?;
    let bytes = storage::bytes(&blob).await?;
    match super::steps::read_register(bytes, |_| true).await {
        Some(read) => read.map_err(|e| e.to_string()),
        None => Err("the reading was stopped".into()),
    }
}

/// Brings revision `seq` of the open register back on screen, as a new revision.
pub fn restore(key: String, seq: u64, kind: RevisionKind, label: String, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        dispatch.emit(match read(&key, seq).await {
            Ok(register) => Action::Replace { key, register: Box::new(register), kind, label },
            Err(why) => Action::Failed(Some(Failure { what: format!("Could not bring back revision {seq}"), why })),
        });
    });
}

/// Takes back the last edit: in memory, or (after a reload) by bringing back the
/// stored revision before it.
pub fn undo(state: &AppState, dispatch: Callback<Action>) -> Callback<MouseEvent> {
    let stored = match (&state.undo, &state.current) {
        (Some(u), Some(w)) => match u.before {
            Before::Stored(seq) => Some((w.key.to_string(), seq, format!("Undid: {}", u.label))),
            Before::Memory(_) => None,
        },
        _ => None,
    };
    Callback::from(move |_: MouseEvent| match stored.clone() {
        Some((key, seq, label)) => restore(key, seq, RevisionKind::Edit, label, dispatch.clone()),
        None => dispatch.emit(Action::Undo),
    })
}
