//! The risk editor's lifecycle parts (SPEC §9.1): the formal acceptance with
//! its period, and the treatment actions, each able to put a control in place.

use std::rc::Rc;

use rampart_core::model::{ActionStatus, ControlStatus, Date};
use yew::prelude::*;

use crate::app::form_kit::Notes;
use crate::risks::form::{ActionForm, Field, Problem, RiskForm};
use crate::ui::form::{self as kit, update};

/// The acceptance of a threat's residual risk: who, when, until when; "Accept
/// now" fills in today and the register's acceptance period.
pub fn acceptance(form: &UseStateHandle<RiskForm>, problems: &[Problem], today: Date, days: i64) -> Html {
    let f = &**form;
    let edit = |apply: fn(&mut RiskForm, String)| kit::on_value(form, apply);
    let input = |id, label, kind, value: &str, at, on| kit::input(problems, id, label, kind, value, at, on);
    let accept = {
        let accept = update(form, Rc::new(move |f: &mut RiskForm, _| f.accept(today, days)));
        // Who accepts is what is left to say: the keyboard goes there.
        let nobody = f.accepted_by.trim().is_empty();
        Callback::from(move |e: MouseEvent| {
            accept.emit(e);
            if nobody {
                crate::ui::browser::focus_soon("accepted-by");
            }
        })
    };
    let score = f.accepted_score();
    html! {
        <fieldset class="grid">
            <legend>{"Formal acceptance of the residual risk"}</legend>
            {input("accepted-by", "Accepted by", "text", &f.accepted_by, Some(Field::Acceptance), edit(|f, v| f.accepted_by = v))}
            {input("accepted-on", "Accepted on", "date", &f.accepted_on, None, edit(|f, v| f.accepted_on = v))}
            {input("accepted-until", "Accepted until", "date", &f.accepted_until, None, edit(|f, v| f.accepted_until = v))}
            <div class="field">
                <button type="button" onclick={accept}>{"Accept now"}</button>
                <p class="hint">{format!(
                    "From today for {days} days (the register's acceptance period, set in Scales), and the treatment becomes accept. The residual score is recorded when you save.{}",
                    score.map_or(String::new(), |s| format!(" Accepted score: {s}.")))}</p>
            </div>
        </fieldset>
    }
}

/// The treatment plan: one row per action; a done action whose control is
/// still planned offers to mark it implemented, which re-derives the residual.
pub fn actions(form: &UseStateHandle<RiskForm>, problems: &[Problem]) -> Html {
    let f = &**form;
    let at = |k: usize, apply: fn(&mut ActionForm, String)| -> Callback<Event> {
        update(
            form,
            Rc::new(move |f: &mut RiskForm, e| {
                let value = crate::ui::browser::value_of(e);
                f.actions.get_mut(k).into_iter().for_each(|a| apply(a, value.clone()))
            }),
        )
    };
    let change = |apply: Rc<dyn Fn(&mut RiskForm)>| update::<RiskForm, MouseEvent>(form, Rc::new(move |f, _| apply(f)));
    let controls: Vec<String> = f.controls.iter().map(|c| format!("{} {}", c.id.trim(), c.name.trim())).collect();
    html! {
        <fieldset>
            <legend>{"Treatment actions"}</legend>
            if f.actions.is_empty() { <p>{"No actions yet."}</p> }
            { for f.actions.iter().enumerate().map(|(k, a)| {
                let n = k + 1;
                let notes = |field: Field| Notes::at(problems, &field);
                let control_id = format!("action-{k}-control");
                let offer = a.done_with_planned(&f.controls);
                html! {
                    <div class="action-row" key={k} role="group" aria-label={format!("Action {n}")}>
                        {kit::row_input("action", k, ("id", "id", "text"), &a.id, notes(Field::ActionId(k)), at(k, |a, v| a.id = v))}
                        {kit::row_input("action", k, ("title", "title", "text"), &a.title, notes(Field::ActionTitle(k)), at(k, |a, v| a.title = v))}
                        {kit::row_input("action", k, ("owner", "owner", "text"), &a.owner, Notes::default(), at(k, |a, v| a.owner = v))}
                        {kit::row_input("action", k, ("due", "due", "date"), &a.due, notes(Field::ActionDue(k)), at(k, |a, v| a.due = v))}
                        {kit::choice(format!("action-{k}-status"), format!("Action {n} status"), ActionStatus::ALL, None, &a.status, at(k, |a, v| a.status = v))}
                        <div class="field">
                            <label for={control_id.clone()}>{format!("Action {n} puts in place")}</label>
                            <select id={control_id.clone()} onchange={at(k, ActionForm::choose_control)}
                                    aria-invalid={Notes::at(problems, &Field::ActionControl(k)).invalid().then_some("true")}
                                    aria-describedby={kit::described_by(problems, &Field::ActionControl(k), &control_id)}>
                                <option value="" selected={a.control_choice().is_empty()}>{"No control"}</option>
                                { for controls.iter().enumerate().map(|(row, text)| html! {
                                    <option value={format!("row-{row}")} selected={a.control_row == Some(row)}>{text.clone()}</option>
                                }) }
                                if a.control_row.is_none() && !a.control_text.is_empty() {
                                    <option value={a.control_text.clone()} selected=true>{format!("{} (not a control of this risk)", a.control_text)}</option>
                                }
                            </select>
                            {kit::row_notes(problems, &Field::ActionControl(k), &control_id)}
                        </div>
                        <button type="button" aria-label={format!("Remove action {n}")}
                                onclick={change(Rc::new(move |f: &mut RiskForm| { f.actions.remove(k); }))}>{"Remove"}</button>
                        if let Some(c) = offer {
                            <p class="offer" role="status">
                                {format!("Action {n} is done. Its control {} is still planned. ", f.controls[c].id.trim())}
                                <button type="button" class="implement"
                                        onclick={change(Rc::new(move |f: &mut RiskForm| {
                                            if let Some(control) = f.controls.get_mut(c) { control.status = ControlStatus::Implemented.key().into(); }
                                        }))}>{"Mark it implemented"}</button>
                            </p>
                        }
                    </div>
                }
            }) }
            <button type="button" onclick={change(Rc::new(RiskForm::add_action))}>{"Add action"}</button>
        </fieldset>
    }
}
