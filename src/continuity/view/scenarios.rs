//! Failure scenarios: the editor (`#/scenario/<id>`, `#/new-scenario`) and the
//! card on the continuity view that lists the scenarios and the exercises. The
//! form and its checks are `crate::continuity::scenario_form`.

use yew::prelude::*;

use crate::app::form_kit::Notes;
use crate::app::form_values::next_id;
use crate::app::same::Same;
use crate::app::state::{saved, Action};
use crate::continuity::scenario_form::{Problem, ScenarioField, ScenarioForm};
use crate::ui::drafts::SavedHere;
use crate::ui::form::{self as kit, on_delete, on_save, use_item_form};
use crate::ui::{use_store, Route};

#[derive(Properties, PartialEq)]
pub struct ScenarioEditorProps {
    /// The scenario to edit; `None` for a new one.
    pub id: Option<String>,
}

#[function_component(ScenarioEditor)]
pub fn scenario_editor(props: &ScenarioEditorProps) -> Html {
    let store = use_store();
    let route = props.id.clone().map_or(Route::NewScenario, |id| Route::Scenario { id });
    let (at, draft) = use_item_form(
        props.id.clone(),
        route.to_path(),
        |r| &r.scenarios[..],
        |s| s.id.as_str(),
        ScenarioForm::from_scenario,
        |w| ScenarioForm::blank(next_id(w.register.scenarios.iter().map(|s| &s.id), "scenario-")),
    );
    let form = draft.form.clone();
    let Some(w) = &store.state.current else { return Html::default() };
    if let Some(page) = kit::missing(&props.id, at, "scenario", Route::Continuity, "Back to the recovery plan") {
        return page;
    }
    let f = &*form;
    let checked = f.check(&w.register);
    let problems: Vec<Problem> = match &checked {
        Err(blocking) => blocking.clone(),
        Ok(_) => f.warnings(&w.register),
    };
    let notes = |field: ScenarioField| Notes::at(&problems, &field);
    let edit = |apply: fn(&mut ScenarioForm, String)| kit::on_value(&form, apply);
    let on_fails = {
        let form = form.clone();
        Callback::from(move |ids: String| {
            let mut f = (*form).clone();
            f.fails = ids.split(',').map(|id| id.trim().to_string()).filter(|id| !id.is_empty()).collect();
            form.set(f);
        })
    };
    let discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    let save = {
        let replacing = f.editing().cloned();
        let save = move |s| Action::SaveScenario { scenario: Box::new(s), replacing: replacing.clone() };
        on_save(&checked, &draft, save, |s| Route::Scenario { id: s.id.to_string() })
    };
    let delete = on_delete(f.editing(), &draft, Action::DeleteScenario, Route::Continuity);
    // What the saved scenario takes down, from the engine.
    let affected = at.map(|k| {
        let graph = rampart_core::graph::ServiceGraph::build(&w.register.services, &mut Vec::new());
        let fails = w.register.scenarios[k].fails.iter().filter_map(|id| graph.get(id));
        let down = rampart_core::scenario::affected(&graph, fails);
        w.register.services.iter().zip(down).filter(|(_, d)| *d).map(|(s, _)| s.id.to_string()).collect::<Vec<_>>()
    });
    let exercised: Vec<&str> = match f.editing() {
        Some(own) => (w.register.exercises.iter())
            .filter(|e| e.scenario.as_deref() == Some(own.as_str()))
            .map(|e| e.id.as_str())
            .collect(),
        None => Vec::new(),
    };
    let title = match f.editing() {
        Some(id) => format!("Scenario {id}"),
        None => "New scenario".into(),
    };
    let blocked = checked.as_ref().err().map_or(0, Vec::len);
    html! {
        <kit::Editor class="scenario-editor" {title} back={Route::Continuity.href("")} back_label="Back to the recovery plan" onsubmit={save}
                     restored={draft.restored} on_discard={discard}>
            <fieldset class="grid">
                <legend>{"The scenario"}</legend>
                <kit::Field id="scenario-id" label="Id" value={f.id.clone()} notes={notes(ScenarioField::Id)} oninput={edit(|f, v| f.id = v).reform(Event::from)} />
                <kit::Field id="scenario-name" label="Name" value={f.name.clone()} notes={notes(ScenarioField::Name)} oninput={edit(|f, v| f.name = v).reform(Event::from)} />
                <kit::NodesPicker id="scenario-fails" label="Nodes lost" value={f.fails.join(", ")} register={Same::of(&w.register)}
                                  notes={notes(ScenarioField::Fails)} onchange={on_fails} />
            </fieldset>
            if blocked > 0 { <p>{format!("Fix the {blocked} problem(s) above to save.")}</p> }
            if let Some(affected) = &affected {
                <section class="plan-place" aria-labelledby="affected-title">
                    <h3 id="affected-title">{"What the saved scenario takes down"}</h3>
                    <p>{format!("{} of {} nodes need recovery: {}. Every other node keeps running. ", affected.len(), w.register.services.len(), affected.join(", "))}
                        <a href={Route::Continuity.href(&crate::app::route::to_query([("scenario", f.editing().map_or("", |id| id.as_str()))]))}>{"See its recovery plan"}</a></p>
                </section>
            }
            <div class="actions">
                <button type="submit" class="primary" disabled={checked.is_err()}>{"Save"}</button>
                if let Ok(item) = &checked { <SavedHere label={saved::scenario(&item.id)} changed={draft.changed} /> }
                if f.editing().is_some() {
                    <button type="button" class="danger" onclick={delete}>{"Delete"}</button>
                    if !exercised.is_empty() {
                        <p class="warning">{format!("Exercise(s) {} ran under it: after a delete they name an unknown scenario until changed (Undo brings it back).", exercised.join(", "))}</p>
                    }
                }
            </div>
        </kit::Editor>
    }
}

/// The continuity view's list of failure scenarios and exercises, each opening
/// its editor, with what the engine found of each exercise.
#[function_component(ScenariosAndExercises)]
pub fn scenarios_and_exercises() -> Html {
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let found = |x: usize| {
        let of = |f: &&rampart_core::Finding| {
            f.subjects.first() == Some(&rampart_core::findings::Subject::Exercise(x as u32))
        };
        a.findings.iter().filter(of).count()
    };
    html! {
        <section class="card scenarios" aria-labelledby="scenarios-title">
            <div class="view-title">
                <h3 id="scenarios-title">{"Failure scenarios and exercises"}</h3>
                <div class="actions">
                    <a href={Route::NewScenario.href("")} class="button">{"New scenario"}</a>
                    <a href={Route::NewExercise.href("")} class="button">{"Record an exercise"}</a>
                </div>
            </div>
            if r.scenarios.is_empty() {
                <p>{"No scenarios yet: name what you might lose (a site, a supplier) to plan its recovery alone."}</p>
            } else {
                <ul class="scenario-list">{ for r.scenarios.iter().map(|s| html! {
                    <li><a class="id" href={Route::Scenario { id: s.id.to_string() }.href("")}>{s.id.as_str()}</a>
                        {format!(" {}: loses {}", s.name, s.fails.join(", "))}</li>
                }) }</ul>
            }
            if r.exercises.is_empty() {
                <p>{"No exercises recorded yet."}</p>
            } else {
                <table class="exercises">
                    <thead><tr><th scope="col">{"Exercise"}</th><th scope="col">{"Date"}</th><th scope="col">{"Scenario"}</th>
                        <th scope="col" class="num">{"Results"}</th><th scope="col" class="num">{"Findings"}</th></tr></thead>
                    <tbody>{ for r.exercises.iter().enumerate().map(|(x, e)| html! {
                        <tr>
                            <td><a class="id" href={Route::Exercise { id: e.id.to_string() }.href("")}>{e.id.as_str()}</a>{format!(" {}", e.name)}</td>
                            <td>{e.date.to_string()}</td>
                            <td>{e.scenario.clone().unwrap_or_else(|| "everything fails".into())}</td>
                            <td class="num">{e.results.len()}</td>
                            <td class="num">{found(x)}</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
        </section>
    }
}
