//! The exercise editor (`#/exercise/<id>`, `#/new-exercise`): when it was held,
//! under which scenario, each node's actual recovery time, notes and lessons;
//! the exercise planned against actual, what the engine found, and each saved
//! lesson turned into a risk or an action with one click. The form and its
//! checks are `crate::continuity::exercise_form`.

use std::rc::Rc;

use rampart_core::findings::Subject;
use yew::prelude::*;

use crate::app::form_kit::Notes;
use crate::app::form_values::next_id;
use crate::app::same::Same;
use crate::app::state::{saved, Action};
use crate::continuity::exercise_form::{self as exercise_form, ExerciseField, ExerciseForm, Problem, ResultForm};
use crate::ui::browser::value_of;
use crate::ui::drafts::SavedHere;
use crate::ui::form::{self as kit, on_delete, on_save, update, use_item_form};
use crate::ui::{use_store, Route};

#[derive(Properties, PartialEq)]
pub struct ExerciseEditorProps {
    /// The exercise to edit; `None` for a new one.
    pub id: Option<String>,
}

#[function_component(ExerciseEditor)]
pub fn exercise_editor(props: &ExerciseEditorProps) -> Html {
    let store = use_store();
    let route = props.id.clone().map_or(Route::NewExercise, |id| Route::Exercise { id });
    let (at, draft) = use_item_form(
        props.id.clone(),
        route.to_path(),
        |r| &r.exercises[..],
        |e| e.id.as_str(),
        ExerciseForm::from_exercise,
        |w| {
            let id = next_id(w.register.exercises.iter().map(|e| &e.id), "exercise-");
            ExerciseForm::blank(id, w.options.today, &w.register)
        },
    );
    let form = draft.form.clone();
    let Some(w) = &store.state.current else { return Html::default() };
    if let Some(page) = kit::missing(&props.id, at, "exercise", Route::Continuity, "Back to the recovery plan") {
        return page;
    }
    let f = &*form;
    let checked = f.check(&w.register);
    let problems: Vec<Problem> = match &checked {
        Err(blocking) => blocking.clone(),
        Ok(_) => f.warnings(&w.register),
    };
    let notes = |field: ExerciseField| Notes::at(&problems, &field);
    let edit = |apply: fn(&mut ExerciseForm, String)| kit::on_value(&form, apply);
    let change = |apply: Rc<dyn Fn(&mut ExerciseForm)>| update(&form, Rc::new(move |f, _| apply(f)));
    let at_result = |k: usize, apply: fn(&mut ResultForm, String)| {
        update(
            &form,
            Rc::new(move |f: &mut ExerciseForm, e| {
                f.results.get_mut(k).into_iter().for_each(|r| apply(r, value_of(e)))
            }),
        )
    };
    let at_lesson = |k: usize| {
        update(
            &form,
            Rc::new(move |f: &mut ExerciseForm, e| f.lessons.get_mut(k).into_iter().for_each(|l| *l = value_of(e))),
        )
    };
    let discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    let save = {
        let replacing = f.editing().cloned();
        let save = move |e| Action::SaveExercise { exercise: Box::new(e), replacing: replacing.clone() };
        on_save(&checked, &draft, save, |e| Route::Exercise { id: e.id.to_string() })
    };
    let delete = on_delete(f.editing(), &draft, Action::DeleteExercise, Route::Continuity);
    let register = Same::of(&w.register);
    let saved_exercise = at.map(|x| &w.register.exercises[x]);
    let title = match f.editing() {
        Some(id) => format!("Exercise {id}"),
        None => "Record an exercise".into(),
    };
    let scenario_notes = notes(ExerciseField::Scenario);
    html! {
        <kit::Editor class="exercise-editor" {title} back={Route::Continuity.href("")} back_label="Back to the recovery plan" onsubmit={save}
                     restored={draft.restored} on_discard={discard}>
            <fieldset class="grid">
                <legend>{"The exercise"}</legend>
                <kit::Field id="exercise-id" label="Id" value={f.id.clone()} notes={notes(ExerciseField::Id)} oninput={edit(|f, v| f.id = v).reform(Event::from)} />
                <kit::Field id="exercise-name" label="Name" value={f.name.clone()} notes={notes(ExerciseField::Name)} oninput={edit(|f, v| f.name = v).reform(Event::from)} />
                <kit::Field id="exercise-date" label="Held on" kind="date" value={f.date.clone()} notes={notes(ExerciseField::Date)} oninput={edit(|f, v| f.date = v).reform(Event::from)} />
                <div class="field">
                    <label for="exercise-scenario">{"Scenario"}</label>
                    <select id="exercise-scenario" onchange={edit(|f, v| f.scenario = v)}
                            aria-describedby={(!scenario_notes.is_empty()).then_some("exercise-scenario-notes")}>
                        <option value="" selected={f.scenario.is_empty()}>{"Everything fails"}</option>
                        { for w.register.scenarios.iter().map(|s| html! {
                            <option value={s.id.to_string()} selected={s.id.as_str() == f.scenario}>{format!("{} ({})", s.name, s.id)}</option>
                        }) }
                        if !scenario_notes.is_empty() { <option value={f.scenario.clone()} selected=true>{format!("{} (names no scenario)", f.scenario)}</option> }
                    </select>
                    {kit::row_notes(&problems, &ExerciseField::Scenario, "exercise-scenario")}
                </div>
            </fieldset>

            <fieldset>
                <legend>{"Results: hours from the start of the exercise until each node was back"}</legend>
                if f.results.is_empty() { <p>{"No results yet."}</p> }
                { for f.results.iter().enumerate().map(|(k, r)| {
                    let n = k + 1;
                    let described = kit::described_by(&problems, &ExerciseField::Result(k), &format!("result-{k}"));
                    html! {
                        <div class="row" key={k} role="group" aria-label={format!("Result {n}")}>
                            <label for={format!("result-{k}-node")}>{format!("Result {n}: node")}</label>
                            <kit::NodeSelect id={format!("result-{k}-node")} value={r.node.clone()} register={register.clone()}
                                             describedby={described.clone()} onchange={at_result(k, |r, v| r.node = v)} />
                            <label for={format!("result-{k}-recovered")}>{"back after (hours)"}</label>
                            <input id={format!("result-{k}-recovered")} type="text" inputmode="decimal" value={r.recovered.clone()}
                                   oninput={at_result(k, |r, v| r.recovered = v).reform(Event::from)}
                                   aria-invalid={Notes::at(&problems, &ExerciseField::Result(k)).invalid().then_some("true")}
                                   aria-describedby={described} />
                            <button type="button" aria-label={format!("Remove result {n}")}
                                    onclick={change(Rc::new(move |f: &mut ExerciseForm| { f.results.remove(k); }))}>{"Remove"}</button>
                            {kit::row_notes(&problems, &ExerciseField::Result(k), &format!("result-{k}"))}
                        </div>
                    }
                }) }
                <button type="button" onclick={change(Rc::new(|f: &mut ExerciseForm| f.results.push(ResultForm::default())))}>{"Add result"}</button>
            </fieldset>

            <kit::Field id="exercise-notes" label="Notes" kind="textarea" rows={4} wide=true value={f.notes.clone()} oninput={edit(|f, v| f.notes = v).reform(Event::from)} />

            <fieldset class="lessons">
                <legend>{"Lessons learned"}</legend>
                { for f.lessons.iter().enumerate().map(|(k, lesson)| {
                    let saved = saved_exercise.filter(|e| exercise_form::lessons(&e.extra).get(k) == Some(lesson));
                    html! {
                        <div class="row lesson" key={k}>
                            <label for={format!("lesson-{k}")}>{format!("Lesson {}", k + 1)}</label>
                            <input id={format!("lesson-{k}")} type="text" value={lesson.clone()} oninput={at_lesson(k).reform(Event::from)} />
                            <button type="button" aria-label={format!("Remove lesson {}", k + 1)}
                                    onclick={change(Rc::new(move |f: &mut ExerciseForm| { f.lessons.remove(k); }))}>{"Remove"}</button>
                            if let Some(e) = saved {
                                <LessonActions exercise={e.id.to_string()} lesson={k} />
                            } else if !lesson.trim().is_empty() {
                                <span class="hint">{"Save the exercise to make it a risk or an action."}</span>
                            }
                        </div>
                    }
                }) }
                <button type="button" onclick={change(Rc::new(|f: &mut ExerciseForm| f.lessons.push(String::new())))}>{"Add lesson"}</button>
                if saved_exercise.is_some() && !f.lessons.is_empty() { <RiskIds register={register.clone()} /> }
                if let Some(e) = saved_exercise {
                    if let ids @ [_, ..] = exercise_form::made_from(&w.register, &e.id).as_slice() {
                        <p class="hint">{"Made from its lessons: "}
                            { for ids.iter().enumerate().map(|(k, id)| {
                                let risk = w.register.risks.iter().find(|r| r.id == *id || r.actions.iter().any(|a| a.id == *id));
                                html! { <>{if k > 0 { ", " } else { "" }}
                                    <a class="id" href={Route::Risk { id: risk.map_or(id.to_string(), |r| r.id.to_string()) }.href("")}>{id.as_str()}</a></> }
                            }) }
                        </p>
                    }
                }
            </fieldset>

            if let (Some(x), Some(e)) = (at, saved_exercise) {
                <ExerciseFindings {x} />
                <PlannedAgainstActual {x} name={e.name.clone()} register={register.clone()} />
            }

            <div class="actions">
                <button type="submit" class="primary" disabled={checked.is_err()}>{"Save"}</button>
                if let Ok(item) = &checked { <SavedHere label={saved::exercise(&item.id)} changed={draft.changed} /> }
                if f.editing().is_some() {
                    <button type="button" class="danger" onclick={delete}>{"Delete"}</button>
                }
            </div>
        </kit::Editor>
    }
}

#[derive(Properties, PartialEq)]
struct ExerciseProps {
    /// The exercise, by position in the register.
    x: usize,
}

/// What the engine found of the saved exercise.
#[function_component(ExerciseFindings)]
fn exercise_findings(props: &ExerciseProps) -> Html {
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
    let of = |f: &&rampart_core::Finding| f.subjects.first() == Some(&Subject::Exercise(props.x as u32));
    let lines = kit::finding_lines(w.analysis.findings.iter().filter(of), &w.register);
    html! { <kit::FindingsList lines={Some(lines)} subject="this exercise" title="What the analysis says of the saved exercise" /> }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    x: usize,
    name: AttrValue,
    register: Same<rampart_core::Register>,
}

/// The saved exercise planned against actual, drawn once per register.
#[function_component(PlannedAgainstActual)]
fn planned_against_actual(props: &ChartProps) -> Html {
    let (register, x) = (props.register.clone(), props.x);
    let drawn = use_memo((props.register.clone(), x), move |_| {
        let lines = rampart_core::exercise::planned_against_actual(&register, x);
        let summary: Vec<String> = lines
            .iter()
            .map(|l| {
                let planned =
                    l.planned.map_or("no plan".into(), |p| format!("planned {}", rampart_core::findings::fmt_hours(p)));
                let rto = l.rto.map_or(String::new(), |r| format!(", RTO {}", rampart_core::findings::fmt_hours(r)));
                format!(
                    "{}: back after {}, {planned}{rto}",
                    register.services[l.node].id,
                    rampart_core::findings::fmt_hours(l.recovered)
                )
            })
            .collect();
        (!lines.is_empty())
            .then(|| (AttrValue::from(crate::continuity::charts::exercise_svg(&register, &lines)), summary.join("; ")))
    });
    let Some((svg, summary)) = &*drawn else { return Html::default() };
    html! {
        <section class="card" aria-labelledby="planned-actual-title">
            <h3 id="planned-actual-title">{format!("{}: planned against actual", props.name)}</h3>
            <figure class="chart exercise" role="img" aria-label={format!("Planned against actual: {summary}")}>
                { Html::from_html_unchecked(svg.clone()) }
            </figure>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LessonProps {
    exercise: AttrValue,
    /// The lesson, by position in the saved exercise.
    lesson: usize,
}

/// A saved lesson's two ways forward: a new risk written from it (the rating is
/// the user's to give, so the risk editor opens with it), or an action on a
/// risk, added at once.
#[function_component(LessonActions)]
fn lesson_actions(props: &LessonProps) -> Html {
    let store = use_store();
    let risk = use_state_eq(String::new);
    let Some(w) = &store.state.current else { return Html::default() };
    let k = props.lesson;
    let new_risk = Route::NewRisk
        .href(&crate::app::route::to_query([("lesson", props.exercise.as_str()), ("n", k.to_string().as_str())]));
    let chosen = w.register.risks.iter().position(|r| r.id.as_str() == risk.trim());
    let add_action = {
        let (dispatch, register, exercise) = (store.dispatch.clone(), w.register.clone(), props.exercise.clone());
        Callback::from(move |_: MouseEvent| {
            let (Some(i), Some(e)) = (chosen, register.exercises.iter().find(|e| e.id.as_str() == exercise)) else {
                return;
            };
            let Some(lesson) = exercise_form::lessons(&e.extra).get(k).cloned() else { return };
            let with = exercise_form::with_lesson_action(&register, &register.risks[i], e, &lesson);
            let replacing = Some(with.id.clone());
            dispatch.emit(Action::SaveRisk { risk: Box::new(with), replacing, note: None });
        })
    };
    let on_risk = {
        let risk = risk.clone();
        Callback::from(move |e: InputEvent| risk.set(value_of(&e)))
    };
    html! {
        <span class="lesson-actions">
            <a class="button" href={new_risk}>{"Make a risk"}</a>
            <label for={format!("lesson-{k}-risk")} class="visually-hidden">{format!("Risk to add lesson {} to as an action", k + 1)}</label>
            <input id={format!("lesson-{k}-risk")} type="search" list="risk-ids" placeholder="a risk id" value={(*risk).clone()} oninput={on_risk} />
            <button type="button" disabled={chosen.is_none()} onclick={add_action}>{"Add as action"}</button>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct RiskIdsProps {
    register: Same<rampart_core::Register>,
}

/// Every risk id, as suggestions: its own component, so that thousands of
/// options are diffed only when the register changes.
#[function_component(RiskIds)]
fn risk_ids(props: &RiskIdsProps) -> Html {
    html! {
        <datalist id="risk-ids">
            { for props.register.risks.iter().map(|r| html! { <option value={r.id.to_string()}>{r.title.clone()}</option> }) }
        </datalist>
    }
}
