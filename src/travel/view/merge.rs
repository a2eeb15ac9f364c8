//! The merge view (`#/merge`): a file that came back merged into the open
//! register from their common base. What only one side changed is taken and
//! listed; each conflict shows the base, ours and theirs, and the user picks a
//! side; nothing is saved until every conflict has a choice, and the result is
//! a new revision (Undo takes it back).

use std::collections::BTreeMap;
use std::rc::Rc;

use rampart_core::merge::{MergeView, Side};
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::Action;
use crate::travel::{answer, Travel};
use crate::ui::router::use_location;
use crate::ui::{modules, use_store, Route};
use rampart_core::diff::shown;

#[function_component(Merge)]
pub fn merge_view() -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    let choices = use_state_eq(BTreeMap::<String, Side>::new);
    // The module's answer for the merge with these choices, with the merged
    // register read (once) when there is one; `None` while it works.
    type Answer = Result<(MergeView, Option<Rc<rampart_core::Register>>), String>;
    let merged = use_state(|| None::<Rc<Answer>>);
    let asked = use_mut_ref(|| 0u64);
    {
        let (merged, asked) = (merged.clone(), asked.clone());
        let (travel, current) = (store.state.travel.clone(), store.state.current.clone());
        let deps = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.register)), (*choices).clone());
        use_effect_with(deps, move |(_, _, choices)| {
            // The answer to the last question is no answer to this one: Save waits.
            merged.set(None);
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            if let (Some(travel), Some(w)) = (travel, current) {
                if let Travel::Merge { key, base, theirs, .. } = &*travel {
                    if *key == *w.key {
                        let sides: BTreeMap<&String, &str> = choices
                            .iter()
                            .map(|(path, side)| (path, if *side == Side::Ours { "ours" } else { "theirs" }))
                            .collect();
                        let args = [
                            rampart_core::import::to_json(base).into(),
                            rampart_core::import::to_json(&w.register).into(),
                            rampart_core::import::to_json(theirs).into(),
                            serde_json::to_string(&sides).unwrap_or_default().into(),
                        ];
                        wasm_bindgen_futures::spawn_local(async move {
                            let result =
                                modules::call("travel", "merge", &args).await.and_then(|t| answer::<MergeView>(&t));
                            let result = result.and_then(|view| {
                                let register = match view.merged.as_deref() {
                                    Some(text) => Some(Rc::new(rampart_core::import(text).map_err(|e| e.to_string())?)),
                                    None => None,
                                };
                                Ok((view, register))
                            });
                            if *asked.borrow() == this {
                                merged.set(Some(Rc::new(result)));
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
    let view = match merged.as_deref() {
        None => {
            return html! { <section aria-labelledby="merge-title" class="merge">{title}<p class="busy" role="status">{"Merging…"}</p></section> }
        }
        Some(Err(why)) => {
            return html! { <section aria-labelledby="merge-title" class="merge">{title}
            <p class="problem" role="alert">{format!("Could not merge: {why}")}</p></section> }
        }
        Some(Ok(answer)) => answer,
    };
    let (view, result) = (&view.0, view.1.clone());
    let (conflicts, taken) = (&view.conflicts, &view.taken);
    let pick = |path: String, side: Side| {
        let choices = choices.clone();
        Callback::from(move |_: Event| {
            let mut next = (*choices).clone();
            next.insert(path.clone(), side);
            choices.set(next);
        })
    };
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
    let settleable = conflicts.iter().all(|c| c.why.is_none());
    let left = view.left;
    html! {
        <section aria-labelledby="merge-title" class="merge">
            {title}
            if conflicts.is_empty() {
                <p class="ok">{"No conflicts: every change of either side stands alone."}</p>
            } else {
                <section class="card conflicts" aria-labelledby="conflicts-title">
                    <h3 id="conflicts-title">{format!("{} conflict(s): both sides changed the same thing", conflicts.len())}</h3>
                    { for conflicts.iter().enumerate().map(|(k, c)| {
                        let chosen = choices.get(&c.path).copied();
                        html! {
                            <fieldset class="conflict">
                                <legend><code>{&c.path}</code></legend>
                                if let Some(why) = &c.why {
                                    <p class="problem">{why.clone()}{". Open the file as a separate register instead, and copy what you need."}</p>
                                } else {
                                    <p class="base">{"Before (their common base): "}<bdi>{shown(&c.base)}</bdi></p>
                                    <label for={format!("conflict-{k}-ours")}>
                                        <input type="radio" id={format!("conflict-{k}-ours")} name={format!("conflict-{k}")}
                                               checked={chosen == Some(Side::Ours)} onchange={pick(c.path.clone(), Side::Ours)} />
                                        {"Keep this register's: "}<bdi>{if c.ours.is_some() { shown(&c.ours) } else { "(removed)".into() }}</bdi>
                                    </label>
                                    <label for={format!("conflict-{k}-theirs")}>
                                        <input type="radio" id={format!("conflict-{k}-theirs")} name={format!("conflict-{k}")}
                                               checked={chosen == Some(Side::Theirs)} onchange={pick(c.path.clone(), Side::Theirs)} />
                                        {format!("Take {file}'s: ")}<bdi>{if c.theirs.is_some() { shown(&c.theirs) } else { "(removed)".into() }}</bdi>
                                    </label>
                                }
                            </fieldset>
                        }
                    }) }
                </section>
            }
            if result.is_some() {
                <section class="card taken" aria-labelledby="taken-title">
                    <h3 id="taken-title">{format!("What the merge changes in {}", w.register.name)}</h3>
                    if taken.is_empty() { <p>{"Nothing: the file brings no change."}</p> }
                    <ul class="taken-changes">{ for taken.iter().map(|c| html! {
                        <li><code>{&c.path}</code>{": "}<bdi>{shown(&c.old)}</bdi>{" → "}<bdi>{shown(&c.new)}</bdi></li>
                    }) }</ul>
                </section>
            }
            <div class="actions">
                <button type="button" class="primary" disabled={result.is_none()} onclick={save}>{"Save the merged register"}</button>
                <button type="button" onclick={cancel}>{"Cancel"}</button>
                if result.is_none() && settleable {
                    <p class="hint" role="status">{format!("Choose a side for {left} more conflict(s) to save.")}</p>
                }
            </div>
        </section>
    }
}
