//! The actions list (`#/actions`): every treatment action with its risk,
//! filtered by owner, status and overdue (the engine's verdict).

use rampart_core::lifecycle::action_lines;
use rampart_core::model::ActionStatus;
use yew::prelude::*;

use crate::app::same::Same;
use crate::risks::actions::{owners, rows, ActionQuery};
use crate::ui::router::use_location;
use crate::ui::{use_store, Route};

#[function_component(Actions)]
pub fn actions() -> Html {
    let store = use_store();
    let location = use_location();
    let query = ActionQuery::parse(&location.query);
    let workspace = store.state.current.clone();
    let lines = use_memo(workspace.as_ref().map(|w| Same::of(&w.analysis)), {
        let workspace = workspace.clone();
        move |_| workspace.map(|w| action_lines(&w.register, &w.analysis)).unwrap_or_default()
    });
    let Some(w) = &workspace else { return Html::default() };
    let r = &w.register;
    let shown = rows(r, &lines, &query);
    let set = |change: fn(&mut ActionQuery, String)| {
        let (navigator, query) = (location.navigator.clone(), query.clone());
        Callback::from(move |e: Event| {
            let mut q = query.clone();
            change(&mut q, crate::ui::browser::value_of(&e));
            navigator.replace(&Route::Actions, &q.to_query());
        })
    };
    let owner_choices = owners(r);
    html! {
        <section aria-labelledby="actions-title">
            <div class="view-title">
                <h2 id="actions-title">{format!("Treatment actions: {} of {}", shown.len(), lines.len())}</h2>
            </div>
            <div class="filters" role="search">
                <label for="action-owner">{"Owner "}
                    <select id="action-owner" onchange={set(|q, v| q.owner = (!v.is_empty()).then_some(v))}>
                        <option value="" selected={query.owner.is_none()}>{"All"}</option>
                        { for owner_choices.iter().map(|o| html! {
                            <option value={o.clone()} selected={query.owner.as_deref() == Some(o.as_str())}>{o.clone()}</option>
                        }) }
                    </select>
                </label>
                <label for="action-status">{"Status "}
                    <select id="action-status" onchange={set(|q, v| q.status = ActionStatus::from_key(&v))}>
                        <option value="" selected={query.status.is_none()}>{"All"}</option>
                        { for ActionStatus::ALL.iter().map(|s| html! {
                            <option value={s.key()} selected={query.status == Some(*s)}>{s.label()}</option>
                        }) }
                    </select>
                </label>
                <label class="check" for="action-overdue">
                    <input type="checkbox" id="action-overdue" checked={query.overdue}
                           onchange={set(|q, _| q.overdue = !q.overdue)} />
                    {" Overdue only"}
                </label>
            </div>
            if lines.is_empty() {
                <p>{"No treatment actions yet: add them in a risk's editor."}</p>
            } else {
                <div class="table-scroll">
                <table class="action-list">
                    <thead><tr>
                        <th scope="col">{"Due"}</th><th scope="col">{"Action"}</th><th scope="col">{"Owner"}</th>
                        <th scope="col">{"Status"}</th><th scope="col">{"Risk"}</th><th scope="col">{"Puts in place"}</th>
                    </tr></thead>
                    <tbody>
                        { for shown.iter().map(|l| {
                            let (risk, a) = (&r.risks[l.risk], &r.risks[l.risk].actions[l.action]);
                            html! {
                                <tr key={a.id.as_str()}>
                                    <td class={classes!(l.overdue.then_some("overdue"))}>
                                        {a.due.map(|d| d.to_string()).unwrap_or_default()}
                                        if l.overdue { {" (overdue)"} }
                                    </td>
                                    <td><code>{a.id.as_str()}</code>{" "}<span dir="auto">{&a.title}</span></td>
                                    <td dir="auto">{a.owner.clone().unwrap_or_default()}</td>
                                    <td>{a.status.label()}</td>
                                    <td><a class="id" href={Route::Risk { id: risk.id.to_string() }.href("")}>{risk.id.as_str()}</a>
                                        <span class="subject-title" dir="auto">{&risk.title}</span></td>
                                    <td>{a.control.clone().unwrap_or_default()}</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
                </div>
            }
        </section>
    }
}
