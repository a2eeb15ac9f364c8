//! What every editor does with its form: on an event, change a copy of the form
//! and put the copy in its place (which re-renders the editor).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A change to a form of type `F`, given the event that asks for it.
pub type Change<F> = Rc<dyn Fn(&mut F, &web_sys::Event)>;

/// A callback that applies `change` to a copy of `form`.
pub fn update<F: Clone + 'static, E: JsCast + 'static>(form: &UseStateHandle<F>, change: Change<F>) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut f = (*form).clone();
        change(&mut f, e.unchecked_ref());
        form.set(f);
    })
}
