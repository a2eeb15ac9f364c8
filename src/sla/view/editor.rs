//! The agreements editor (`#/agreement/<id>`, `#/new-agreement`): a customer SLA,
//! supplier contract or OLA with its support hours (round the clock, or days
//! and a daily window), targets per priority, availability, RTO, RPO and term.
//! The form and its checks are `crate::sla::agreement_form`.

use std::rc::Rc;

use rampart_core::model::{AgreementKind, Weekday};
use yew::prelude::*;

use crate::app::form_values::next_id;
use crate::app::same::Same;
use crate::app::state::{saved, Action};
use crate::sla::agreement_form::{AgreementForm, Field, TargetForm};
use crate::ui::browser::{checked_of, value_of};
use crate::ui::drafts::SavedHere;
use crate::ui::form::{self as kit, on_delete, on_save, update, use_item_form};
use crate::ui::{use_store, Route};

#[derive(Properties, PartialEq)]
pub struct AgreementEditorProps {
    pub id: Option<String>,
}

#[function_component(AgreementEditor)]
pub fn agreement_editor(props: &AgreementEditorProps) -> Html {
    let store = use_store();
    let workspace = store.state.current.clone();
    let route = props.id.clone().map_or(Route::NewAgreement, |id| Route::Agreement { id });
    let (at, draft) = use_item_form(
        props.id.clone(),
        route.to_path(),
        |r| &r.agreements[..],
        |a| a.id.as_str(),
        AgreementForm::from_agreement,
        |w| {
            AgreementForm::blank(
                next_id(w.register.agreements.iter().map(|a| &a.id), "agr-"),
                AgreementKind::CustomerSla,
            )
        },
    );
    let form = draft.form.clone();
    let Some(w) = &workspace else { return Html::default() };
    if let Some(page) = kit::missing(&props.id, at, "agreement", Route::Sla, "Back to SLA alignment") {
        return page;
    }
    let f = &*form;
    let checked = f.check(&w.register);
    let problems = checked.as_ref().err().cloned().unwrap_or_default();
    let described = |field: Field, id: &str| kit::described_by(&problems, &field, id);
    let notes = |field: Field, id: &str| kit::row_notes(&problems, &field, id);
    let edit = |apply: fn(&mut AgreementForm, String)| kit::on_value(&form, apply);
    let toggle = |apply: fn(&mut AgreementForm, bool, usize), k: usize| {
        update(&form, Rc::new(move |f, e| apply(f, checked_of(e), k)))
    };
    let at_target = |k: usize, apply: fn(&mut TargetForm, String)| {
        update(
            &form,
            Rc::new(move |f: &mut AgreementForm, e| {
                f.targets.get_mut(k).into_iter().for_each(|t| apply(t, value_of(e)))
            }),
        )
    };
    let change = |apply: Rc<dyn Fn(&mut AgreementForm)>| update(&form, Rc::new(move |f, _| apply(f)));
    let input = |id, label, kind, value: &str, at, on: Callback<Event>| {
        kit::input(&problems, id, label, kind, value, at, on.reform(Event::from))
    };
    let discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    let save = {
        let replacing = f.editing().cloned();
        let save = move |a| Action::SaveAgreement { agreement: Box::new(a), replacing: replacing.clone() };
        on_save(&checked, &draft, save, |a| Route::Agreement { id: a.id.to_string() })
    };
    let delete = on_delete(f.editing(), &draft, Action::DeleteAgreement, Route::Sla);
    let underpinning = f.kind() != AgreementKind::CustomerSla;
    let title = f.editing().map_or("New agreement".to_string(), |id| format!("Agreement {id}"));
    let findings: Vec<&rampart_core::Finding> = match at {
        Some(i) => w
            .analysis
            .findings
            .iter()
            .filter(|x| x.subjects.contains(&rampart_core::findings::Subject::agreement(i)))
            .collect(),
        None => Vec::new(),
    };

    html! {
        <kit::Editor class="agreement-editor service-editor" {title} back={Route::Sla.href("")} back_label="Back to SLA alignment" onsubmit={save}
                     restored={draft.restored} on_discard={discard}>
            <fieldset class="grid">
                <legend>{"The agreement"}</legend>
                {input("agreement-id", "Id", "text", &f.id, Some(Field::Id), edit(|f, v| f.id = v))}
                {input("agreement-name", "Name", "text", &f.name, Some(Field::Name), edit(|f, v| f.name = v))}
                {kit::choice("agreement-kind".into(), "Kind".into(), AgreementKind::ALL, None, &f.kind, edit(|f, v| f.kind = v))}
                <div class="field">
                    <label for="agreement-party">{if underpinning { "Supplier (id)" } else { "Customer" }}</label>
                    <input id="agreement-party" type="text" list={underpinning.then_some("supplier-ids")} value={f.party.clone()}
                           oninput={edit(|f, v| f.party = v).reform(Event::from)} />
                    <datalist id="supplier-ids">{ for w.register.suppliers.iter().map(|s| html! { <option value={s.id.to_string()}>{&s.name}</option> }) }</datalist>
                </div>
                <div class="field">
                    <label for="agreement-service">{"Service it covers"}</label>
                    <kit::NodeSelect id="agreement-service" value={f.service.clone()} register={Same::of(&w.register)}
                                     onchange={edit(|f, v| f.service = v)} />
                </div>
                {input("agreement-availability", "Committed availability (%)", "text", &f.availability, Some(Field::Availability), edit(|f, v| f.availability = v))}
                {input("agreement-rto", "RTO (hours)", "text", &f.rto, Some(Field::Rto), edit(|f, v| f.rto = v))}
                {input("agreement-rpo", "RPO (hours)", "text", &f.rpo, Some(Field::Rpo), edit(|f, v| f.rpo = v))}
                {input("agreement-start", "Term starts", "date", &f.start, Some(Field::Start), edit(|f, v| f.start = v))}
                {input("agreement-end", "Term ends (last day)", "date", &f.end, Some(Field::End), edit(|f, v| f.end = v))}
            </fieldset>

            <fieldset class="week-picker" aria-describedby={described(Field::Hours, "hours")}>
                <legend>{"Support hours (targets are counted in these)"}</legend>
                <label class="check"><input type="checkbox" id="hours-always" checked={f.always}
                    onchange={toggle(|f, on, _| f.always = on, 0)} />{" Round the clock (24x7)"}</label>
                if !f.always {
                    <div class="row">
                        { for Weekday::ALL.iter().map(|d| { let k = d.index(); html! {
                            <label class="check"><input type="checkbox" id={format!("day-{}", d.short_name().to_lowercase())} checked={f.days[k]}
                                onchange={toggle(|f, on, k| f.days[k] = on, k)} />{format!(" {}", d.short_name())}</label>
                        } }) }
                        <label for="hours-from">{"from"}</label>
                        <input id="hours-from" type="time" value={f.from.clone()} oninput={edit(|f, v| f.from = v).reform(Event::from)} />
                        <label for="hours-to">{"to"}</label>
                        <input id="hours-to" type="text" inputmode="numeric" placeholder="HH:MM (24:00 allowed)" value={f.to.clone()}
                               oninput={edit(|f, v| f.to = v).reform(Event::from)} />
                    </div>
                }
                {notes(Field::Hours, "hours")}
            </fieldset>

            <fieldset>
                <legend>{"Targets per priority (hours of support time)"}</legend>
                { for f.targets.iter().enumerate().map(|(k, t)| html! {
                    <div class="row" key={k}>
                        <label for={format!("target-{k}-priority")}>{"Priority"}</label>
                        <input id={format!("target-{k}-priority")} type="text" size="6" value={t.priority.clone()} oninput={at_target(k, |t, v| t.priority = v).reform(Event::from)} />
                        <label for={format!("target-{k}-response")}>{"response"}</label>
                        <input id={format!("target-{k}-response")} type="text" size="6" value={t.response.clone()} oninput={at_target(k, |t, v| t.response = v).reform(Event::from)} />
                        <label for={format!("target-{k}-resolution")}>{"resolution"}</label>
                        <input id={format!("target-{k}-resolution")} type="text" size="6" value={t.resolution.clone()} oninput={at_target(k, |t, v| t.resolution = v).reform(Event::from)} />
                        <button type="button" aria-label={format!("Remove target {}", k + 1)}
                                onclick={change(Rc::new(move |f: &mut AgreementForm| { f.targets.remove(k); }))}>{"Remove"}</button>
                        {notes(Field::Target(k), &format!("target-{k}"))}
                    </div>
                }) }
                <button type="button" onclick={change(Rc::new(|f: &mut AgreementForm| f.targets.push(TargetForm::default())))}>{"Add priority"}</button>
            </fieldset>

            if !findings.is_empty() {
                <kit::FindingsList lines={Some(kit::finding_lines(findings.iter().copied(), &w.register))}
                                   subject="this agreement" title="What the analysis says (as saved)" />
            }
            <div class="actions">
                <button type="submit" class="primary" disabled={checked.is_err()}>{"Save"}</button>
                if let Ok(item) = &checked { <SavedHere label={saved::agreement(item)} changed={draft.changed} /> }
                if f.editing().is_some() { <button type="button" class="danger" onclick={delete}>{"Delete"}</button> }
            </div>
        </kit::Editor>
    }
}
