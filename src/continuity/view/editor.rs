//! The services editor (`#/service/<id>`, `#/new-service`): every field of a BIA
//! node, its impact over time and its dependencies picked from the register's
//! nodes. The form and its checks are `crate::continuity::form`.

use std::rc::Rc;

use rampart_core::model::NodeKind;
use yew::prelude::*;

use crate::app::form_kit::Notes;
use crate::app::form_values::next_id;
use crate::app::same::Same;
use crate::app::state::{saved, Action};
use crate::continuity::form::{self as service_form, DependencyForm, Field, ImpactForm, Problem, ServiceForm};
use crate::ui::browser::value_of;
use crate::ui::drafts::SavedHere;
use crate::ui::form::{self as kit, on_delete, on_save, update, use_item_form};
use crate::ui::{use_store, Route};

#[derive(Properties, PartialEq)]
pub struct ServiceEditorProps {
    /// The node to edit; `None` for a new one.
    pub id: Option<String>,
}

#[function_component(ServiceEditor)]
pub fn service_editor(props: &ServiceEditorProps) -> Html {
    let store = use_store();
    let workspace = store.state.current.clone();
    let route = props.id.clone().map_or(Route::NewService, |id| Route::Service { id });
    let (at, draft) = use_item_form(
        props.id.clone(),
        route.to_path(),
        |r| &r.services[..],
        |s| s.id.as_str(),
        ServiceForm::from_service,
        |w| ServiceForm::blank(next_id(w.register.services.iter().map(|s| &s.id), "node-"), NodeKind::Service),
    );
    let form = draft.form.clone();
    let Some(w) = &workspace else { return Html::default() };
    if let Some(page) = kit::missing(&props.id, at, "node", Route::Continuity, "Back to the recovery plan") {
        return page;
    }
    let f = &*form;
    let checked = f.check(&w.register);
    let live = checked.as_ref().ok().map(|s| service_form::live_findings(s, &w.register, at));
    let problems: Vec<Problem> = match (&checked, &live) {
        (Err(blocking), _) => blocking.clone(),
        (Ok(_), Some((warnings, ..))) => warnings.clone(),
        _ => Vec::new(),
    };
    let described = |field: Field, id: &str| kit::described_by(&problems, &field, id);
    let invalid = |field: Field| Notes::at(&problems, &field).invalid().then_some("true");
    let notes = |field: Field, id: &str| kit::row_notes(&problems, &field, id);

    let edit = |apply: fn(&mut ServiceForm, String)| kit::on_value(&form, apply);
    let change = |apply: Rc<dyn Fn(&mut ServiceForm)>| update(&form, Rc::new(move |f, _| apply(f)));
    let at_row = |k: usize, apply: fn(&mut DependencyForm, usize, String), m: usize| {
        update(
            &form,
            Rc::new(move |f: &mut ServiceForm, e| {
                f.depends_on.get_mut(k).into_iter().for_each(|d| apply(d, m, value_of(e)))
            }),
        )
    };
    let at_rating = |k: usize, apply: fn(&mut ImpactForm, String)| {
        update(
            &form,
            Rc::new(move |f: &mut ServiceForm, e| f.impact.get_mut(k).into_iter().for_each(|r| apply(r, value_of(e)))),
        )
    };

    let input = |id, label, value: &str, at, on: Callback<Event>| {
        kit::input(&problems, id, label, "text", value, at, on.reform(Event::from))
    };
    // The other nodes, to pick a dependency from; an id naming nothing stays visible.
    let own = f.editing().map(|id| id.as_str());
    let (register, except) = (Same::of(&w.register), own.map(|o| AttrValue::from(o.to_string())));
    let node_select = |id: String,
                       label: String,
                       value: &str,
                       describedby: Option<String>,
                       onchange: Callback<Event>| {
        html! {
            <>
                <label for={id.clone()} class="visually-hidden">{label}</label>
                <kit::NodeSelect {id} value={value.to_string()} register={register.clone()} except={except.clone()} {describedby} {onchange} />
            </>
        }
    };
    let levels = Rc::new(w.analysis.scales.impact.clone());

    let discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    let save = {
        let replacing = f.editing().cloned();
        let save = move |s| Action::SaveService { service: Box::new(s), replacing: replacing.clone() };
        on_save(&checked, &draft, save, |s| Route::Service { id: s.id.to_string() })
    };
    let delete = on_delete(f.editing(), &draft, Action::DeleteService, Route::Continuity);
    let dependents = own.map_or_else(Vec::new, |own| w.register.naming_service(own));
    let title = match f.editing() {
        Some(id) => format!("Node {id}"),
        None => "New node".into(),
    };
    let blocked = checked.as_ref().err().map_or(0, Vec::len);

    html! {
        <kit::Editor class="service-editor" {title} back={Route::Continuity.href("")} back_label="Back to the recovery plan" onsubmit={save}
                     restored={draft.restored} on_discard={discard}>
            <fieldset class="grid">
                <legend>{"The node"}</legend>
                {input("node-id", "Id", &f.id, Some(Field::Id), edit(|f, v| f.id = v))}
                {input("node-name", "Name", &f.name, Some(Field::Name), edit(|f, v| f.name = v))}
                {kit::choice("node-kind".into(), "Kind".into(), NodeKind::ALL, None, &f.kind, edit(|f, v| f.kind = v))}
                {input("node-owner", "Owner", &f.owner, None, edit(|f, v| f.owner = v))}
                {input("node-mtpd", "MTPD (hours)", &f.mtpd, Some(Field::Mtpd), edit(|f, v| f.mtpd = v))}
                {input("node-rto", "RTO (hours)", &f.rto, Some(Field::Rto), edit(|f, v| f.rto = v))}
                {input("node-rpo", "RPO (hours)", &f.rpo, Some(Field::Rpo), edit(|f, v| f.rpo = v))}
                {input("node-recovery", "Recovery time (hours)", &f.recovery, Some(Field::Recovery), edit(|f, v| f.recovery = v))}
                {input("node-availability", "Availability (%)", &f.availability, Some(Field::Availability), edit(|f, v| f.availability = v))}
            </fieldset>

            <fieldset>
                <legend>{"Impact over time (after how many hours of disruption, which impact level)"}</legend>
                { for f.impact.iter().enumerate().map(|(k, r)| html! {
                    <div class="row" key={k}>
                        <label for={format!("impact-{k}-hours")}>{"After hours"}</label>
                        <input id={format!("impact-{k}-hours")} type="text" inputmode="decimal" value={r.hours.clone()}
                               oninput={at_rating(k, |r, v| r.hours = v).reform(Event::from)}
                               aria-invalid={invalid(Field::Impact(k))} aria-describedby={described(Field::Impact(k), &format!("impact-{k}"))} />
                        <label for={format!("impact-{k}-level")}>{"impact"}</label>
                        <kit::LevelSelect id={format!("impact-{k}-level")} value={r.level.clone()} labels={levels.clone()}
                                          placeholder="Choose…" onchange={at_rating(k, |r, v| r.level = v)} />
                        <button type="button" aria-label={format!("Remove impact rating {}", k + 1)}
                                onclick={change(Rc::new(move |f: &mut ServiceForm| { f.impact.remove(k); }))}>{"Remove"}</button>
                        {notes(Field::Impact(k), &format!("impact-{k}"))}
                    </div>
                }) }
                <button type="button" onclick={change(Rc::new(|f: &mut ServiceForm| f.impact.push(ImpactForm::default())))}>{"Add impact rating"}</button>
            </fieldset>

            <fieldset>
                <legend>{"Depends on"}</legend>
                if f.depends_on.is_empty() { <p>{"Needs nothing to recover."}</p> }
                { for f.depends_on.iter().enumerate().map(|(k, d)| {
                    let n = k + 1;
                    let members = if d.any_of { d.members.len().max(1) } else { 1 };
                    html! {
                        <div class={classes!("dependency", d.any_of.then_some("any-of"))} key={k} role="group" aria-label={format!("Dependency {n}")}>
                            <label for={format!("dep-{k}-mode")} class="visually-hidden">{format!("Dependency {n}: needs")}</label>
                            <select id={format!("dep-{k}-mode")} onchange={at_row(k, |d, _, v| d.any_of = v == "any", 0)}>
                                <option value="one" selected={!d.any_of}>{"Needs"}</option>
                                <option value="any" selected={d.any_of}>{"Needs one of"}</option>
                            </select>
                            { for (0..members).map(|m| html! {
                                <span class="member">
                                    if m > 0 { <span class="or">{"or"}</span> }
                                    {node_select(format!("dep-{k}-{m}"), format!("Dependency {n}, node {}", m + 1),
                                        d.members.get(m).map_or("", String::as_str), described(Field::Dependency(k), &format!("dep-{k}")),
                                        at_row(k, |d, m, v| { if m < d.members.len() { d.members[m] = v } else { d.members.push(v) } }, m))}
                                </span>
                            }) }
                            if d.any_of {
                                <button type="button" onclick={change(Rc::new(move |f: &mut ServiceForm| f.depends_on[k].members.push(String::new())))}>{"Add alternative"}</button>
                            }
                            <button type="button" aria-label={format!("Remove dependency {n}")}
                                    onclick={change(Rc::new(move |f: &mut ServiceForm| { f.depends_on.remove(k); }))}>{"Remove"}</button>
                            {notes(Field::Dependency(k), &format!("dep-{k}"))}
                        </div>
                    }
                }) }
                <button type="button" onclick={change(Rc::new(|f: &mut ServiceForm| f.depends_on.push(DependencyForm::on(""))))}>{"Add dependency"}</button>
            </fieldset>

            <kit::FindingsList lines={live.as_ref().map(|(_, with, findings)| kit::finding_lines(findings, with))}
                               {blocked} subject="this node" />
            if let Some(step) = f.editing().and_then(|id| w.analysis.recovery.iter().find(|s| &s.id == id)) {
                <section class="plan-place" aria-labelledby="plan-place-title">
                    <h3 id="plan-place-title">{"In the saved recovery plan"}</h3>
                    <p>{rampart_core::recovery::why(&w.analysis.recovery, step.id.as_str())}</p>
                    if let Some(reason) = rampart_core::recovery::late_reason(step) { <p>{reason}</p> }
                </section>
            }

            <div class="actions">
                <button type="submit" class="primary" disabled={checked.is_err()}>{"Save"}</button>
                if let Ok(item) = &checked { <SavedHere label={saved::service(item)} changed={draft.changed} /> }
                if f.editing().is_some() {
                    <button type="button" class="danger" onclick={delete}>{"Delete"}</button>
                    if !dependents.is_empty() {
                        <p class="warning">{format!("{} {} it: after a delete, references to it show as unknown until changed (Undo brings it back).",
                            dependents.join(", "), if dependents.len() == 1 { "names" } else { "name" })}</p>
                    }
                }
            </div>
        </kit::Editor>
    }
}
