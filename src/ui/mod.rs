//! The browser face: Yew components over [`crate::state`].

mod agreement_editor;
mod browser;
mod csv_import;
mod form;
mod pages;
mod risk_editor;
mod router;
mod service_editor;
mod shell;

use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use rampart_core::import_bytes;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub use crate::route::Route;
use crate::state::{Action, AppState, RefusedFile};

/// Mounts the app on the page's body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The state and the way to change it, for every component.
#[derive(Clone)]
pub struct Store {
    pub state: Rc<AppState>,
    pub dispatch: Callback<Action>,
    /// Opens a file's bytes (from the picker or a drop) as the register.
    pub open_file: Callback<(String, Vec<u8>)>,
}

/// A changed state is a new `Rc`: comparing pointers is exact and cheap.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && self.dispatch == other.dispatch && self.open_file == other.open_file
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
    let tab = use_memo((), |_| browser::tab_name());

    // On start: the saved register, else the example.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let today = browser::today();
                match browser::load().await {
                    Some(Ok(register)) => {
                        dispatch.dispatch(Action::Open { register: Box::new(register), today, restored: true })
                    }
                    Some(Err(error)) => {
                        let file = "the register saved in this browser".into();
                        dispatch.dispatch(Action::Refuse(RefusedFile { file, error }));
                        open_example(&dispatch);
                    }
                    None => open_example(&dispatch),
                }
            });
        });
    }

    // Every change of the register is saved at once. IndexedDB runs read-write
    // transactions on one store in the order they were made, so saves land in order.
    {
        let dispatch = state.dispatcher();
        let tab = tab.clone();
        let register = state.workspace.as_ref().map(|w| w.register.clone());
        use_effect_with(state.revision, move |&revision| {
            if let (true, Some(register)) = (revision > 0, register) {
                wasm_bindgen_futures::spawn_local(async move {
                    dispatch.dispatch(match browser::save(&register, &tab).await {
                        Ok(()) => Action::SavedOk(revision),
                        Err(why) => Action::SaveFailed(why),
                    });
                });
            }
        });
    }

    // Another tab saved: offer to reload or keep this one.
    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                        if e.key().as_deref() == Some(browser::SAVED_BY_KEY) {
                            dispatch.dispatch(Action::ChangedElsewhere);
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let open_file = {
        let dispatch = state.dispatcher();
        Callback::from(move |(file, bytes): (String, Vec<u8>)| {
            dispatch.dispatch(Action::Busy(format!("Opening {file}…")));
            let dispatch = dispatch.clone();
            // Let the busy indicator paint before the parse and analysis run.
            Timeout::new(30, move || {
                let today = browser::today();
                dispatch.dispatch(match import_bytes(&bytes) {
                    Ok(register) => Action::Open { register: Box::new(register), today, restored: false },
                    Err(error) => Action::Refuse(RefusedFile { file, error }),
                });
            })
            .forget();
        })
    };

    let store = Store { state: (*state).clone().into(), dispatch: state.dispatcher().to_callback(), open_file };
    html! {
        <ContextProvider<Store> context={store}>
            <router::Router>
                <shell::Shell />
            </router::Router>
        </ContextProvider<Store>>
    }
}

fn open_example(dispatch: &UseReducerDispatcher<AppState>) {
    match rampart_core::import(crate::EXAMPLE) {
        Ok(register) => {
            dispatch.dispatch(Action::Open { register: Box::new(register), today: browser::today(), restored: false })
        }
        Err(error) => dispatch.dispatch(Action::Refuse(RefusedFile { file: "the example".into(), error })),
    }
}

/// The store, for components below the app.
#[hook]
pub fn use_store() -> Store {
    use_context::<Store>().expect("components live inside App")
}
