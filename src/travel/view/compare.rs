//! The compare view (`#/compare`): every change between two registers, item
//! by item with each field's value before and after, filtered by kind; what
//! changed in the analysis; and, for a file compared with the open register,
//! each change taken into it one by one. What it shows is rendered by the
//! travel module (`compare_view`); this is its host: the title, and one
//! listener each for the filter and the Take buttons (`data-act`).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::{Action, Failure};
use crate::travel::{side_name, Compared, Travel};
use crate::ui::{modules, use_store, Route};

/// A register's text for the module: the open one as it is now.
fn text_of(side: &Compared, open: &rampart_core::Register) -> String {
    match side {
        Compared::Open => rampart_core::import::to_json(open),
        Compared::Kept(r, _) => rampart_core::import::to_json(r),
    }
}

#[function_component(Compare)]
pub fn compare() -> Html {
    let store = use_store();
    let filter = use_state_eq(|| "all".to_string());
    // The module's view for the registers compared; `None` while it works.
    let shown = use_state(|| None::<Rc<Result<String, String>>>);
    let asked = use_mut_ref(|| 0u64);
    // One change taken at a time: each is made from the register as it is.
    let taking = use_state_eq(|| false);
    // The filter last chosen keeps the focus when the view is drawn again.
    let focused = super::use_focus_back((*shown).as_ref().map(Same::of));
    {
        let (shown, asked) = (shown.clone(), asked.clone());
        let (travel, current) = (store.state.travel.clone(), store.state.current.clone());
        let deps = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.register)), (*filter).clone());
        use_effect_with(deps, move |(_, _, filter)| {
            shown.set(None);
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            if let (Some(travel), Some(w)) = (travel, current) {
                if let Travel::Compare { old, new } = &*travel {
                    let args = [
                        text_of(old, &w.register).into(),
                        text_of(new, &w.register).into(),
                        w.options.today.to_string().into(),
                        w.options.teams.count().into(),
                        side_name(old).into(),
                        side_name(new).into(),
                        filter.as_str().into(),
                        travel.takes_from().unwrap_or_default().into(),
                    ];
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = match modules::call_texts("travel", "compare_view", &args).await.as_deref() {
                            Ok([kind, html]) if kind == "view" => Ok(html.clone()),
                            Ok([_, why]) => Err(why.clone()),
                            Ok(_) => Err("an answer this version cannot read".into()),
                            Err(why) => Err(why.clone()),
                        };
                        // A newer question was asked meanwhile: its answer is the one shown.
                        if *asked.borrow() == this {
                            shown.set(Some(Rc::new(result)));
                        }
                    });
                }
            }
        });
    }
    let (Some(travel), Some(w)) = (store.state.travel.as_ref(), store.state.current.as_ref()) else {
        return html! { <section><h2>{"Nothing to compare"}</h2>
        <p>{"Compare a revision or a file from the "}<a href={Route::Registers.href("")}>{"register list"}</a>{"."}</p></section> };
    };
    let Travel::Compare { old: old_side, new: new_side } = &**travel else { return Html::default() };
    let close = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Travel(None)))
    };
    let onchange = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
            if let Some(input) = input.filter(|i| i.name() == "change-filter") {
                *focused.borrow_mut() = Some(input.id());
                filter.set(input.value());
            }
        })
    };
    // Take: the change at its place among all the changes, into the open register.
    let onclick = {
        let (register, key, dispatch) = (w.register.clone(), w.key.to_string(), store.dispatch.clone());
        let (other, file, taking) =
            (text_of(new_side, &w.register), travel.takes_from().map(str::to_string), taking.clone());
        Callback::from(move |e: MouseEvent| {
            let button = crate::ui::browser::acted(&e);
            let attribute = |name: &str| button.as_ref().and_then(|b| b.get_attribute(name));
            let (act, path) = (attribute("data-act"), attribute("data-path").unwrap_or_default());
            let Some(index) = act.as_deref().and_then(|a| a.strip_prefix("take-")).and_then(|i| i.parse::<u32>().ok())
            else {
                return;
            };
            let Some(file) = file.clone().filter(|_| !*taking) else { return };
            taking.set(true);
            let args =
                [rampart_core::import::to_json(&register).into(), other.clone().into(), index.into(), path.into()];
            let (key, dispatch, taking) = (key.clone(), dispatch.clone(), taking.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = modules::call_texts("travel", "take", &args).await;
                taking.set(false);
                dispatch.emit(match answer.as_deref() {
                    Ok([kind, text, path]) if kind == "taken" => match rampart_core::import(text) {
                        Ok(register) => Action::Replace {
                            key,
                            register: Box::new(register),
                            kind: crate::workspace::RevisionKind::Edit,
                            label: format!("Took {path} from {file}"),
                        },
                        Err(e) => {
                            Action::Failed(Some(Failure { what: format!("Could not take {path}"), why: e.to_string() }))
                        }
                    },
                    Ok([_, why]) => {
                        Action::Failed(Some(Failure { what: "Could not take the change".into(), why: why.clone() }))
                    }
                    Ok(_) => Action::Failed(Some(Failure {
                        what: "Could not take the change".into(),
                        why: "an answer this version cannot read".into(),
                    })),
                    Err(why) => {
                        Action::Failed(Some(Failure { what: "Could not take the change".into(), why: why.clone() }))
                    }
                });
            });
        })
    };
    let title = html! {
        <div class="view-title">
            <h2 id="compare-title">{format!("Compare {} with {}", side_name(old_side), side_name(new_side))}</h2>
            <a href={Route::Registers.href("")} onclick={close}>{"Done"}</a>
        </div>
    };
    let body = match shown.as_deref() {
        None => html! { <p class="busy" role="status">{"Comparing…"}</p> },
        Some(Err(why)) => html! { <p class="problem" role="alert">{format!("Could not compare: {why}")}</p> },
        Some(Ok(view)) => html! {
            <div class={classes!("compared", taking.then_some("taking"))} {onchange} {onclick}>
                {Html::from_html_unchecked(AttrValue::from(view.clone()))}
            </div>
        },
    };
    html! { <section aria-labelledby="compare-title" class="compare">{title}{body}</section> }
}
