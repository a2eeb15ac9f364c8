//! The browser face: Yew components over [`crate::app::state`].

pub(crate) mod browser;
pub(crate) mod drafts;
mod findings;
pub(crate) mod form;
pub(crate) mod keeping;
pub(crate) mod modules;
mod overview;
mod pages;
mod registers;
pub(crate) mod router;
pub(crate) mod shell;
pub(crate) mod steps;
mod storage;
pub(crate) mod widgets;

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub use crate::app::route::Route;
use crate::app::state::{Action, AppState, Failure, RefusedFile};
use crate::workspace::{listed, RevisionKind};

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The state and the way to change it, for every component.
#[derive(Clone)]
pub struct Store {
    pub state: Rc<AppState>,
    pub dispatch: Callback<Action>,
    /// Opens a file's bytes (from the picker or a drop) as a new register.
    pub open_file: Callback<(String, Vec<u8>)>,
    /// Writes registers to browser storage, one save at a time.
    pub saver: keeping::SharedSaver,
}

/// A changed state is a new `Rc`: comparing pointers is exact and cheap.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
            && self.dispatch == other.dispatch
            && self.open_file == other.open_file
            && Rc::ptr_eq(&self.saver, &other.saver)
    }
}

impl Reducible for AppState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.apply(action)
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(AppState::default);
    let saver = use_memo((), |_| keeping::saver());
    let saver: keeping::SharedSaver = (*saver).clone();
    let dispatch = state.dispatcher().to_callback();

    // On start: the register this tab (or the last tab) had open; the example on
    // a first visit. A register that cannot be read is listed as such, untouched.
    {
        let (dispatch, saver) = (dispatch.clone(), saver.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                match storage::open_workspace(browser::now()).await {
                    Err(why) => {
                        dispatch.emit(Action::SaveFailed(format!(
                            "{why}. Nothing is being saved: export the register to keep your work."
                        )));
                        open_example(&dispatch).await;
                    }
                    Ok((entries, problems)) => {
                        dispatch.emit(Action::Entries(entries.clone()));
                        if !problems.is_empty() {
                            let what = "Browser storage needs a look".to_string();
                            dispatch.emit(Action::Failed(Some(Failure { what, why: problems.join(" ") })));
                        }
                        for e in entries.iter().filter(|e| e.deleted.is_none()) {
                            if let Some(why) = &e.unreadable {
                                let (key, name, why) = (e.key.clone(), e.name.clone(), why.clone());
                                dispatch.emit(Action::Unreadable { key, name, why });
                            }
                        }
                        let last = browser::last_open();
                        let (kept, _) = listed(&entries);
                        let chosen = last
                            .and_then(|k| kept.iter().find(|e| e.key == k))
                            .or_else(|| kept.iter().find(|e| e.unreadable.is_none()));
                        match chosen {
                            Some(entry) => {
                                if !keeping::open_stored(entry, &saver, &dispatch).await {
                                    router::go(&Route::Registers);
                                }
                            }
                            None if entries.is_empty() => open_example(&dispatch).await,
                            None => router::go(&Route::Registers),
                        }
                    }
                }
            });
        });
    }

    // Every change is saved as a revision, unless another tab's save is waiting
    // for the user's choice.
    saver.borrow_mut().current = state.current.as_ref().map(|w| w.key.clone());
    {
        let (saver, dispatch, snapshot) = (saver.clone(), dispatch.clone(), (*state).clone());
        use_effect_with((state.revision, state.conflict), move |_| keeping::save_change(&saver, &snapshot, dispatch));
    }

    // Another tab saved: if it is the register on screen, say so.
    {
        let (dispatch, tab) = (dispatch.clone(), keeping::tab(&saver));
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() else { return };
                    if e.key().as_deref() != Some(storage::SAVED_KEY) {
                        return;
                    }
                    let saved = e.new_value().and_then(|v| storage::saved_elsewhere(&v));
                    if let Some((key, theirs, _)) = saved.filter(|(_, _, by)| *by != tab) {
                        dispatch.emit(Action::ChangedElsewhere { key, theirs });
                        let dispatch = dispatch.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            if let Ok(entries) = storage::entries().await {
                                dispatch.emit(Action::Entries(entries));
                            }
                        });
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Leaving with changes not yet saved (in storage, or in an editor) asks first.
    let drafts = use_memo((), |_| drafts::Drafts::default());
    let unsaved = use_memo((), |_| Rc::new(Cell::new(false)));
    unsaved.set(state.current.is_some() && !state.all_saved());
    {
        let (unsaved, drafts) = ((*unsaved).clone(), (*drafts).clone());
        use_effect_with((), move |_| {
            let options = EventListenerOptions::enable_prevent_default();
            let listener = web_sys::window().map(|w| {
                EventListener::new_with_options(&w, "beforeunload", options, move |e| {
                    if unsaved.get() || drafts.any() {
                        e.prevent_default();
                        if let Some(e) = e.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            e.set_return_value("Changes are not saved yet.");
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // What a file being read needs to know when it is done: whether another
    // register was opened meanwhile (then the last one opened stays on
    // screen), and the registers kept now (a copy come back is recognised).
    let latest = use_mut_ref(|| (0u64, Rc::new(Vec::new())));
    *latest.borrow_mut() = (state.opened, state.entries.clone());
    let reads = use_mut_ref(|| 0u64);
    let open_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |(file, bytes): (String, Vec<u8>)| {
            let opening = format!("Opening {}…", rampart_core::bidi::isolate(&file));
            dispatch.emit(Action::Busy(opening.clone()));
            *reads.borrow_mut() += 1;
            let (mine, opened) = (*reads.borrow(), latest.borrow().0);
            let (dispatch, latest, reads) = (dispatch.clone(), latest.clone(), reads.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Read in short steps: the page paints the progress between them.
                let mut shown = 0;
                let going_on = |percent: u32| {
                    let wanted = *reads.borrow() == mine && latest.borrow().0 == opened;
                    if wanted && percent >= shown + 5 && percent < 100 {
                        shown = percent;
                        dispatch.emit(Action::Busy(format!("{opening} {percent}%")));
                    }
                    wanted
                };
                let Some(read) = steps::read_register(bytes, going_on).await else { return };
                let entries = latest.borrow().1.clone();
                dispatch.emit(match read {
                    // A copy of a kept register come back: the user chooses what to do with it.
                    Ok(register) => match crate::workspace::shared_history(&entries, &register.lineage) {
                        Some(shared) => {
                            let register = Rc::new(register);
                            Action::Arrived(Some(Rc::new(crate::travel::Arrived { file, register, shared })))
                        }
                        None => new_register(register, format!("Opened {file}")),
                    },
                    Err(error) => Action::Refuse(RefusedFile { file, error }),
                });
            });
        })
    };

    let store = Store { state: (*state).clone().into(), dispatch, open_file, saver };
    html! {
        <ContextProvider<Store> context={store}>
            <ContextProvider<drafts::Drafts> context={(*drafts).clone()}>
                <router::Router>
                    <shell::Shell />
                </router::Router>
            </ContextProvider<drafts::Drafts>>
        </ContextProvider<Store>>
    }
}

/// Shows `register` as a new register of the workspace, under a key of its own.
pub fn new_register(register: rampart_core::Register, label: String) -> Action {
    let key = browser::random_key();
    browser::remember_open(&key);
    Action::Open {
        key: key.into(),
        register: Box::new(register),
        today: browser::today(),
        stored: 0,
        change: Some((RevisionKind::Created, label)),
        undo: None,
    }
}

/// Opens the example register: a file of the app's own (`crate::EXAMPLE`,
/// fetched rather than built in, so that it weighs nothing at start).
async fn open_example(dispatch: &Callback<Action>) {
    let read = browser::fetch_bytes(browser::EXAMPLE_PATH).await;
    dispatch.emit(match read.and_then(|bytes| rampart_core::import_bytes(&bytes).map_err(|e| e.to_string())) {
        Ok(register) => new_register(register, "Opened the example".into()),
        Err(why) => Action::Failed(Some(Failure { what: "Could not open the example".into(), why })),
    });
}

/// The store, for components below the app.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components live inside App")
}
