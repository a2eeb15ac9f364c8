//! The notice for a file that shares history with a kept register: merge it
//! into that register, open it apart, or compare the two.

use std::rc::Rc;

use yew::prelude::*;

use super::Starter;
use crate::app::state::{Action, Failure};
use crate::travel::{Compared, Travel};
use crate::ui::router::use_location;
use crate::ui::{keeping, use_store, Route};

#[function_component(ArrivedNotice)]
pub fn arrived_notice() -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    let Some(arrived) = store.state.arrived.clone() else { return Html::default() };
    let starter = Starter {
        entries: store.state.entries.clone(),
        open: store.state.current.as_ref().map(|w| w.key.clone()),
        saver: store.saver.clone(),
        dispatch: store.dispatch.clone(),
        navigator,
    };
    let merge = {
        let (arrived, starter) = (arrived.clone(), starter.clone());
        Callback::from(move |_: MouseEvent| {
            let (arrived, starter) = (arrived.clone(), starter.clone());
            starter.dispatch.emit(Action::Arrived(None));
            wasm_bindgen_futures::spawn_local(async move {
                // The content the file was made from: the common base.
                let base = match keeping::read(&arrived.shared.key, arrived.shared.seq).await {
                    Ok(base) => Rc::new(base),
                    Err(why) => {
                        let what = format!("Could not read the revision {} was made from", arrived.file);
                        starter.dispatch.emit(Action::Failed(Some(Failure { what, why })));
                        return;
                    }
                };
                let (file, key, theirs) = (arrived.file.clone(), arrived.shared.key.clone(), arrived.register.clone());
                starter.start(key.clone(), Travel::Merge { file, key, base, theirs }, Route::Merge);
            });
        })
    };
    let compare = {
        let (arrived, starter) = (arrived.clone(), starter.clone());
        Callback::from(move |_: MouseEvent| {
            starter.dispatch.emit(Action::Arrived(None));
            let new = Compared::Kept(arrived.register.clone(), arrived.file.clone());
            let travel = Travel::Compare { old: Compared::Open, new };
            starter.clone().start(arrived.shared.key.clone(), travel, Route::Compare);
        })
    };
    let apart = {
        let (arrived, dispatch) = (arrived.clone(), store.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::Arrived(None));
            let label = format!("Opened {}", arrived.file);
            dispatch.emit(crate::ui::new_register((*arrived.register).clone(), label));
        })
    };
    let name = &arrived.shared.name;
    html! {
        <div class="notice info arrived" role="alertdialog" aria-labelledby="arrived-title" aria-describedby="arrived-what">
            <p id="arrived-title"><strong>{format!("{} is a copy of {name}", arrived.file)}</strong></p>
            <p id="arrived-what">{"It was made from a revision kept in this browser, so the changes on both sides can be merged: \
                what only one side changed is taken, and where both changed the same thing you choose."}</p>
            <div class="actions">
                <button type="button" class="primary" onclick={merge}>{format!("Merge into {name}")}</button>
                <button type="button" onclick={compare}>{format!("Compare with {name}")}</button>
                <button type="button" onclick={apart}>{"Open as a separate register"}</button>
            </div>
        </div>
    }
}
