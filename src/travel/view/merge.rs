//! The merge view (`#/merge`): a file that came back merged into the open
//! register from their common base. What only one side changed is taken and
//! listed; each conflict shows the base, ours and theirs, and the user picks a
//! side; nothing is saved until every conflict has a choice, and the result is
//! a new revision (Undo takes it back).

use std::collections::BTreeMap;
use std::rc::Rc;

use rampart_core::diff;
use rampart_core::merge::{merge, merge_settled, Merged, Side};
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::Action;
use crate::travel::{field, groups, shown, Filter, Travel};
use crate::ui::router::use_location;
use crate::ui::{use_store, Route};

#[function_component(Merge)]
pub fn merge_view() -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    let choices = use_state_eq(BTreeMap::<String, Side>::new);
    let travel = store.state.travel.clone();
    let current = store.state.current.clone();
    let merged = {
        let key = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.register)), (*choices).clone());
        use_memo(key, move |(_, _, choices)| {
            let (Some(travel), Some(w)) = (travel, current) else { return None };
            let Travel::Merge { key, base, theirs, .. } = &*travel else { return None };
            if *key != *w.key {
                return None;
            }
            let conflicts = match merge(base, &w.register, theirs) {
                Merged::Clean(_) => Vec::new(),
                Merged::Conflicts(c) => c,
            };
            let settled = merge_settled(base, &w.register, theirs, &|c| choices.get(&c.path).copied());
            let result = match settled {
                Merged::Clean(r) => Ok(Rc::new(*r)),
                Merged::Conflicts(left) => Err(left.len()),
            };
            let taken = result.as_ref().ok().map(|r| diff::changes(&w.register, r)).unwrap_or_default();
            Some((conflicts, result, taken))
        })
    };
    let (Some(travel), Some(w)) = (store.state.travel.as_ref(), store.state.current.as_ref()) else {
        return html! { <section><h2>{"Nothing to merge"}</h2></section> };
    };
    let Travel::Merge { file, .. } = &**travel else { return Html::default() };
    let Some((conflicts, result, taken)) = &*merged else {
        return html! { <section><h2>{"Nothing to merge"}</h2><p>{"The register to merge into is no longer open."}</p></section> };
    };
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
            let Ok(register) = &result else { return };
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
    let left = match result {
        Ok(_) => 0,
        Err(n) => *n,
    };
    let merged_register = result.as_ref().ok();
    html! {
        <section aria-labelledby="merge-title" class="merge">
            <div class="view-title">
                <h2 id="merge-title">{format!("Merge {file} into {}", w.register.name)}</h2>
            </div>
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
            if let Some(merged) = merged_register {
                <section class="card taken" aria-labelledby="taken-title">
                    <h3 id="taken-title">{format!("What the merge changes in {}", w.register.name)}</h3>
                    if taken.is_empty() { <p>{"Nothing: the file brings no change."}</p> }
                    <ul class="taken-changes">{ for groups(taken, &w.register, merged, Filter::All).iter().flat_map(|g| g.changes.iter().map(move |c| html! {
                        <li>{g.what}{" "}{g.key.clone().map(|k| html! { <code>{k}</code> })}{" "}
                            {match field(c).as_str() { "" => format!("{:?}", c.kind()).to_lowercase(), f => f.to_string() }}{": "}
                            <bdi>{shown(&c.old)}</bdi>{" → "}<bdi>{shown(&c.new)}</bdi></li>
                    })) }</ul>
                </section>
            }
            <div class="actions">
                <button type="button" class="primary" disabled={merged_register.is_none()} onclick={save}>{"Save the merged register"}</button>
                <button type="button" onclick={cancel}>{"Cancel"}</button>
                if merged_register.is_none() && settleable {
                    <p class="hint" role="status">{format!("Choose a side for {left} more conflict(s) to save.")}</p>
                }
            </div>
        </section>
    }
}
