//! The views of registers that travel (compiled for wasm32 only): the notice
//! for a file that comes back, the compare view and the merge view.

pub mod arrived;
pub mod compare;
pub mod merge;

use std::rc::Rc;

use yew::prelude::*;

use crate::app::state::{Action, Failure};
use crate::travel::Travel;
use crate::ui::keeping::{self, SharedSaver};
use crate::ui::router::Navigator;
use crate::ui::Route;

/// The input last chosen in a view the travel module draws (a filter, a
/// conflict's side): once the module's new HTML is in (`shown` changes to
/// `Some`), the focus goes back to the input of that id, the old one being
/// gone with the old HTML. Set it when the choice is made.
#[hook]
pub fn use_focus_back<T: 'static>(shown: Option<crate::app::same::Same<T>>) -> Rc<std::cell::RefCell<Option<String>>> {
    let focused = use_mut_ref(|| None::<String>);
    {
        let focused = focused.clone();
        use_effect_with(shown, move |shown| {
            if let Some(id) = shown.as_ref().and_then(|_| focused.borrow_mut().take()) {
                crate::ui::browser::focus(&id);
            }
        });
    }
    focused
}

/// What starting a compare or a merge needs from the page.
#[derive(Clone)]
pub struct Starter {
    pub entries: Rc<Vec<crate::workspace::RegisterEntry>>,
    /// The open register's key.
    pub open: Option<Rc<str>>,
    pub saver: SharedSaver,
    pub dispatch: Callback<Action>,
    pub navigator: Navigator,
}

impl Starter {
    /// Makes register `key` the open one (reading it from storage if another
    /// is open), then starts `travel` and shows `route`. Says why if it cannot.
    pub fn start(self, key: String, travel: Travel, route: Route) {
        wasm_bindgen_futures::spawn_local(async move {
            if self.open.as_deref() != Some(key.as_str()) {
                let Some(entry) = self.entries.iter().find(|e| e.key == key) else {
                    let why = "it is no longer in this browser".to_string();
                    let what = "Could not open the register".into();
                    self.dispatch.emit(Action::Failed(Some(Failure { what, why })));
                    return;
                };
                if !keeping::open_stored(entry, &self.saver, &self.dispatch).await {
                    return;
                }
            }
            self.dispatch.emit(Action::Travel(Some(Rc::new(travel))));
            self.navigator.push(&route, "");
        });
    }
}
