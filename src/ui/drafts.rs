//! Editors' unsaved forms. A form the user changed and left (another view of the
//! app, the register list) is kept as a draft under its editor's address and
//! comes back when the user does; the page asks before it is left with one; a
//! save confirmation stands beside the Save button.

use std::any::Any;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use super::use_store;

/// The drafts of every editor, by editor address (register key + route).
#[derive(Clone, Default)]
pub struct Drafts(Rc<RefCell<HashMap<String, Rc<dyn Any>>>>);

impl PartialEq for Drafts {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Drafts {
    /// Whether some editor holds changes that are not saved.
    pub fn any(&self) -> bool {
        !self.0.borrow().is_empty()
    }

    fn get<F: Clone + 'static>(&self, key: &str) -> Option<F> {
        self.0.borrow().get(key).and_then(|d| d.downcast_ref::<F>().cloned())
    }

    fn keep<F: 'static>(&self, key: &str, form: F) {
        self.0.borrow_mut().insert(key.to_string(), Rc::new(form));
    }

    fn forget(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }
}

/// An editor's form and what is known of it as a draft.
#[derive(Clone)]
pub struct Draft<F> {
    pub form: UseStateHandle<F>,
    /// The form came back from a draft the user left.
    pub restored: bool,
    /// The form differs from what the editor opened on (or last saved).
    pub changed: bool,
    opened: UseStateHandle<F>,
    drafts: Drafts,
    key: String,
    dispatch: Callback<crate::app::state::Action>,
    navigator: super::router::Navigator,
}

impl<F: Clone + 'static> Draft<F> {
    /// The form was saved: it is no longer a draft, and is what the editor now shows.
    pub fn saved(&self) {
        self.drafts.forget(&self.key);
        self.opened.set((*self.form).clone());
    }

    /// The way to change the register, for the editor's Save and Delete.
    pub fn dispatch(&self) -> Callback<crate::app::state::Action> {
        self.dispatch.clone()
    }

    /// The way to go elsewhere once saved or deleted.
    pub fn navigator(&self) -> super::router::Navigator {
        self.navigator.clone()
    }

    /// Keeps the editor in step with its item as stored now (`stored`, as a
    /// form): after an Undo, another tab's save or an import, an unchanged
    /// form shows what is stored, so that a later Save cannot quietly bring
    /// back what was undone. A changed form is the user's work and stays as
    /// it is; what counts as unchanged becomes what is stored.
    pub fn follow(&self, stored: F)
    where
        F: PartialEq,
    {
        if *self.opened == stored {
            return;
        }
        if !self.changed {
            self.form.set(stored.clone());
        }
        self.opened.set(stored);
    }

    /// Drops the user's changes: the form as it was opened.
    pub fn discard(&self) {
        self.drafts.forget(&self.key);
        self.form.set((*self.opened).clone());
    }
}

/// The form of the editor at `route` (a route path of the open register): the
/// draft the user left there, or `opened()`.
#[hook]
pub fn use_draft<F: Clone + PartialEq + 'static>(route: String, opened: impl FnOnce() -> F) -> Draft<F> {
    let store = use_store();
    let drafts = use_context::<Drafts>().unwrap_or_default();
    let key = format!("{}{route}", store.state.current.as_ref().map_or("", |w| &*w.key));
    let opened = use_state(opened);
    let (form, restored) = {
        let kept = drafts.get::<F>(&key);
        let restored = kept.is_some();
        let o = opened.clone();
        (use_state(move || kept.unwrap_or_else(|| (*o).clone())), use_state(move || restored))
    };
    let changed = *form != *opened;
    {
        let (drafts, key) = (drafts.clone(), key.clone());
        use_effect_with(((*form).clone(), changed), move |(f, changed)| {
            if *changed {
                drafts.keep(&key, f.clone());
            } else {
                drafts.forget(&key);
            }
        });
    }
    let navigator = super::router::use_location().navigator;
    Draft {
        form,
        restored: *restored && changed,
        changed,
        opened,
        drafts,
        key,
        dispatch: store.dispatch.clone(),
        navigator,
    }
}

#[derive(Properties, PartialEq)]
pub struct DraftNoticeProps {
    pub restored: bool,
    pub on_discard: Callback<MouseEvent>,
}

/// Says that the form shows changes the user left unsaved, with a way to drop them.
#[function_component(DraftNotice)]
pub fn draft_notice(props: &DraftNoticeProps) -> Html {
    if !props.restored {
        return Html::default();
    }
    html! {
        <p class="draft-notice" role="status">
            {"These are your unsaved changes from before. "}
            <button type="button" onclick={props.on_discard.clone()}>{"Discard them"}</button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct SavedHereProps {
    /// The label of this editor's save (`Saved risk R-001`).
    pub label: String,
    /// The form has changed since: the confirmation is old news.
    pub changed: bool,
}

/// The confirmation of a save, beside the Save button, with its Undo; it goes
/// when the user changes the form or makes another edit.
#[function_component(SavedHere)]
pub fn saved_here(props: &SavedHereProps) -> Html {
    let store = use_store();
    let last = store.state.undo.as_ref().map(|u| u.label.as_str());
    if props.changed || last != Some(props.label.as_str()) {
        return html! { <span class="saved-here" role="status"></span> };
    }
    let undo = super::keeping::undo(&store.state, store.dispatch.clone());
    // The change is in the register; whether the browser keeps it is another
    // matter: not while another tab's save is unresolved or storage fails.
    let stuck = store.state.stuck().is_some();
    html! {
        <span class={if stuck { "saved-here warning" } else { "saved-here" }} role="status">
            { if stuck { "Not saved in this browser: see the notice above. " } else { "✓ Saved. " } }
            <button type="button" class="link" onclick={undo}>{"Undo"}</button>
        </span>
    }
}
