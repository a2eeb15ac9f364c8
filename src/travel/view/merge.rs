//! The merge view (`#/merge`): a file that came back merged into the open
//! register from their common base. What only one side changed is taken and
//! listed; each conflict shows the base, ours and theirs, and the user picks a
//! side; nothing is saved until every conflict has a choice, and the result is
//! a new revision (Undo takes it back). What it shows is rendered by the
//! travel module (`merge_view`); this is its host: the title, one listener for
//! the choices, and Save and Cancel.

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::Action;
use crate::travel::Travel;
use crate::ui::router::use_location;
use crate::ui::{modules, use_store, Route};

/// The module's view, and the merged register once every conflict has a side.
type Shown = Result<(String, Option<Rc<rampart_core::Register>>), String>;

#[function_component(Merge)]
pub fn merge_view() -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    // The side chosen (`ours`, `theirs`) for each conflict, by path.
    let choices = use_state_eq(BTreeMap::<String, String>::new);
    // The module's answer for these choices; `None` while it works.
    let shown = use_state(|| None::<Rc<Shown>>);
    let asked = use_mut_ref(|| 0u64);
    // The choice last made keeps the focus when the view is drawn again.
    let focused = super::use_focus_back((*shown).as_ref().map(Same::of));
    // Another file to merge starts with no choices: a path it shares with the
    // last one must not come settled.
    {
        let choices = choices.clone();
        use_effect_with(store.state.travel.clone().map(Same), move |_| choices.set(BTreeMap::new()));
    }
    {
        let (shown, asked) = (shown.clone(), asked.clone());
        let (travel, current) = (store.state.travel.clone(), store.state.current.clone());
        let deps = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.register)), (*choices).clone());
        use_effect_with(deps, move |(_, _, choices)| {
            // The answer to the last question is no answer to this one: Save waits.
            shown.set(None);
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            if let (Some(travel), Some(w)) = (travel, current) {
                if let Travel::Merge { key, base, theirs, file } = &*travel {
                    if *key == *w.key {
                        let args = [
                            rampart_core::import::to_json(base).into(),
                            rampart_core::import::to_json(&w.register).into(),
                            rampart_core::import::to_json(theirs).into(),
                            serde_json::to_string(choices).unwrap_or_default().into(),
                            file.into(),
                            w.register.name.as_str().into(),
                        ];
                        wasm_bindgen_futures::spawn_local(async move {
                            let result = match modules::call_texts("travel", "merge_view", &args).await.as_deref() {
                                Ok([kind, html, merged]) if kind == "view" && merged.is_empty() => {
                                    Ok((html.clone(), None))
                                }
                                Ok([kind, html, merged]) if kind == "view" => rampart_core::import(merged)
                                    .map(|r| (html.clone(), Some(Rc::new(r))))
                                    .map_err(|e| e.to_string()),
                                Ok([_, why]) => Err(why.clone()),
                                Ok(_) => Err("an answer this version cannot read".into()),
                                Err(why) => Err(why.clone()),
                            };
                            if *asked.borrow() == this {
                                shown.set(Some(Rc::new(result)));
                            }
                        });
                    }
                }
            }
        });
    }
    let (Some(travel), Some(w)) = (store.state.travel.as_ref(), store.state.current.as_ref()) else {
        return html! { <section><h2>{"Nothing to merge"}</h2></section> };
    };
    let Travel::Merge { file, key, .. } = &**travel else { return Html::default() };
    if *key != *w.key {
        return html! { <section><h2>{"Nothing to merge"}</h2><p>{"The register to merge into is no longer open."}</p></section> };
    }
    let title = html! { <div class="view-title"><h2 id="merge-title">{format!("Merge {file} into {}", w.register.name)}</h2></div> };
    let (view, result) = match shown.as_deref() {
        None => {
            return html! { <section aria-labelledby="merge-title" class="merge">{title}<p class="busy" role="status">{"Merging…"}</p></section> }
        }
        Some(Err(why)) => {
            return html! { <section aria-labelledby="merge-title" class="merge">{title}
            <p class="problem" role="alert">{format!("Could not merge: {why}")}</p></section> }
        }
        Some(Ok((view, result))) => (view, result.clone()),
    };
    let onchange = Callback::from(move |e: Event| {
        let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
        let Some(input) = input.filter(|i| i.name().starts_with("conflict-")) else { return };
        let Some(path) = input.get_attribute("data-path") else { return };
        *focused.borrow_mut() = Some(input.id());
        let mut next = (*choices).clone();
        next.insert(path, input.value());
        choices.set(next);
    });
    let save = {
        let (result, dispatch, key, file) = (result.clone(), store.dispatch.clone(), w.key.to_string(), file.clone());
        let navigator = navigator.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(register) = &result else { return };
            dispatch.emit(Action::Replace {
                key: key.clone(),
                register: Box::new((**register).clone()),
                kind: crate::workspace::RevisionKind::Import,
                label: format!("Merged {file}"),
            });
            dispatch.emit(Action::Travel(None));
            navigator.push(&Route::Overview, "");
        })
    };
    let cancel = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::Travel(None));
            navigator.push(&Route::Overview, "");
        })
    };
    html! {
        <section aria-labelledby="merge-title" class="merge">
            {title}
            <div class="merged" {onchange}>{Html::from_html_unchecked(AttrValue::from(view.clone()))}</div>
            <div class="actions">
                <button type="button" class="primary" disabled={result.is_none()} onclick={save}>{"Save the merged register"}</button>
                <button type="button" onclick={cancel}>{"Cancel"}</button>
            </div>
        </section>
    }
}
