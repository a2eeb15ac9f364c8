//! Keeping registers: the saver that writes each change as a revision, one save
//! at a time, and the ways a stored register or revision comes back on screen.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use rampart_core::{import_bytes, Register};
use yew::prelude::*;

use super::browser;
use super::storage::{self, SaveError};
use crate::state::{Action, AppState, Before, Failure};
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
/// register only the newest is written (a burst becomes one revision).
#[derive(Default)]
pub struct Saver {
    queue: VecDeque<Pending>,
    running: bool,
    /// The revision this tab last wrote of each register.
    written: HashMap<Rc<str>, u64>,
    tab: String,
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
    s.queue.retain(|p| p.key != pending.key);
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
            (next, base, s.tab.clone())
        };
        let outcome = match storage::register_blob(&next.register) {
            Ok((blob, size)) => {
                let request = SaveRequest {
                    key: next.key.to_string(),
                    base,
                    name: next.register.name.clone(),
                    organization: next.register.organization.clone(),
                    size,
                    kind: next.change.0,
                    label: next.change.1.clone(),
                    now: browser::now(),
                };
                storage::save(request, &blob, &tab).await
            }
            Err(why) => Err(SaveError::Failed(format!("could not write the register out: {why}"))),
        };
        dispatch.emit(match outcome {
            Ok(entry) => {
                saver.borrow_mut().written.insert(next.key.clone(), entry.head);
                Action::Saved { revision: next.revision, entry }
            }
            Err(SaveError::Refused(SaveRefusal::Conflict { theirs })) => {
                Action::ChangedElsewhere { key: next.key.to_string(), theirs }
            }
            Err(SaveError::Refused(refusal)) => Action::SaveFailed(refusal.to_string()),
            Err(SaveError::Failed(why)) => Action::SaveFailed(why),
        });
    }
}

/// The tab's name, as other tabs see it in `storage::SAVED_KEY`.
pub fn tab(saver: &SharedSaver) -> String {
    saver.borrow().tab.clone()
}

/// Reads a register's newest revision and shows it; if it cannot be read it is
/// marked unreadable (and kept as it is). Returns whether it opened.
pub async fn open_stored(entry: &RegisterEntry, dispatch: &Callback<Action>) -> bool {
    if let Some(why) = &entry.unreadable {
        dispatch.emit(Action::Unreadable { key: entry.key.clone(), name: entry.name.clone(), why: why.clone() });
        return false;
    }
    dispatch.emit(Action::Busy(format!("Opening {}…", rampart_core::bidi::isolate(&entry.name))));
    match read(&entry.key, entry.head).await {
        Ok(register) => {
            let head = entry.revisions.last().filter(|r| r.kind == RevisionKind::Edit);
            let undo = head.and_then(|h| Some((entry.previous()?.seq, h.label.clone())));
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
            dispatch.emit(Action::Unreadable { key: entry.key.clone(), name: entry.name.clone(), why });
            false
        }
    }
}

/// Revision `seq` of register `key`, imported.
pub async fn read(key: &str, seq: u64) -> Result<Register, String> {
    let blob = storage::revision(key, seq).await?;
    let bytes = storage::bytes(&blob).await?;
    import_bytes(&bytes).map_err(|e| e.to_string())
}

/// Brings revision `seq` of the open register back on screen, as a new revision.
pub fn restore(key: String, seq: u64, kind: RevisionKind, label: String, dispatch: Callback<Action>) {
    wasm_bindgen_futures::spawn_local(async move {
        dispatch.emit(match read(&key, seq).await {
            Ok(register) => Action::Replace { register: Box::new(register), kind, label },
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
