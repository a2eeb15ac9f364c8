//! The risk editor: new, edit, duplicate, delete. The form is [`RiskForm`]; this
//! file only draws it and turns input events into changes of it.

use std::rc::Rc;

use rampart_core::model::{Axis, ControlStatus, RiskKind, RiskStatus, Treatment};
use rampart_core::scoring::{rate, ScaleSet, Scored};
use yew::prelude::*;

use crate::app::same::Same;

use crate::app::form_kit::Notes;
use crate::app::state::{saved, Action};
use crate::risks::form::{self as risk_form, Context, Field, LevelsForm, Problem, RiskForm};
use crate::risks::view::lifecycle;
use crate::ui::browser::value_of;
use crate::ui::drafts::SavedHere;
use crate::ui::form::{self as kit, on_delete, on_save, update, use_item_form};
use crate::ui::router::use_location;
use crate::ui::{use_store, Route};

#[derive(Properties, PartialEq)]
pub struct RiskEditorProps {
    /// The risk to edit; `None` for a new one.
    pub id: Option<String>,
    /// For a new risk: the risk to copy.
    #[prop_or_default]
    pub copy_of: Option<String>,
    /// For a new risk: the lesson of an exercise it is written from (the
    /// exercise's id, the lesson's position).
    #[prop_or_default]
    pub lesson: Option<(String, usize)>,
}

/// The risk editor: a risk by id, or a new one (blank or a copy).
#[function_component(RiskEditor)]
pub fn risk_editor(props: &RiskEditorProps) -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    let workspace = store.state.current.clone();
    let at_path = match (&props.id, &props.copy_of, &props.lesson) {
        (Some(id), ..) => Route::Risk { id: id.clone() }.to_path(),
        (None, Some(copy), _) => format!("{}?copy={copy}", Route::NewRisk.to_path()),
        (None, None, Some((exercise, n))) => format!("{}?lesson={exercise}&n={n}", Route::NewRisk.to_path()),
        (None, None, None) => Route::NewRisk.to_path(),
    };
    let (copy_of, lesson) = (props.copy_of.clone(), props.lesson.clone());
    let (at, draft) = use_item_form(
        props.id.clone(),
        at_path,
        |r| &r.risks[..],
        |r| r.id.as_str(),
        RiskForm::from_risk,
        |w| {
            let id = risk_form::next_risk_id(&w.register);
            let from_lesson = lesson.and_then(|(exercise, n)| {
                let e = w.register.exercises.iter().find(|e| e.id.as_str() == exercise)?;
                let text = crate::continuity::exercise_form::lessons(&e.extra).get(n)?.clone();
                Some(crate::continuity::exercise_form::lesson_risk(e, &text))
            });
            match copy_of.and_then(|c| w.register.risks.iter().find(|r| r.id.as_str() == c)) {
                Some(source) => RiskForm::duplicate_of(source, id),
                None => {
                    let mut form = RiskForm::blank(id, w.options.today, &w.analysis.scales);
                    if let Some((title, description)) = from_lesson {
                        (form.title, form.description) = (title, description);
                    }
                    form
                }
            }
        },
    );
    let original = at.zip(workspace.as_ref()).map(|(i, w)| w.register.risks[i].clone());
    let form = draft.form.clone();
    let note = use_state(String::new);
    let taken = {
        let (register, editing) = (workspace.as_ref().map(|w| w.register.clone()), original.clone());
        use_memo((register.as_ref().map(Same::of), props.id.clone()), move |_| {
            register.map(|r| Context::taken_ids(&r, editing.as_ref())).unwrap_or_default()
        })
    };

    // The register's categories and owners, offered as you type (free text still allowed).
    let choices = {
        let register = workspace.as_ref().map(|w| w.register.clone());
        use_memo(register.as_ref().map(Same::of), move |_| {
            register.map(|r| crate::risks::table::categories_and_owners(&r)).unwrap_or_default()
        })
    };
    let Some(w) = &workspace else { return Html::default() };
    if let Some(page) = kit::missing(&props.id, at, "risk", Route::Risks, "Back to the risk register") {
        return page;
    }
    let scales = &w.analysis.scales;
    let checked = form.check(&Context { taken: &taken, register: &w.register });
    // What stops the save, then what the form only warns of.
    let said: Vec<Problem> =
        checked.as_ref().err().cloned().unwrap_or_default().into_iter().chain(form.warnings()).collect();
    let problems: &[Problem] = &said;
    let problem_at = |field: Field| problems.iter().find(|p| p.field == field).map(|p| p.message.clone());

    let edit = |apply: fn(&mut RiskForm, String)| kit::on_value(&form, apply);
    let pick = |apply: fn(&mut RiskForm, String)| -> Callback<Event> { kit::on_value(&form, apply) };
    let edit_control = |k: usize, apply: fn(&mut risk_form::ControlForm, String)| {
        update(
            &form,
            Rc::new(move |f: &mut RiskForm, e| f.controls.get_mut(k).into_iter().for_each(|c| apply(c, value_of(e)))),
        )
    };
    let change = |apply: Rc<dyn Fn(&mut RiskForm)>| update(&form, Rc::new(move |f, _| apply(f)));

    let input = |id, label, kind, value: &str, at, oninput| kit::input(problems, id, label, kind, value, at, oninput);
    let area = |id: &'static str, label: &'static str, value: &str, oninput: Callback<InputEvent>| {
        html! { <kit::Field {id} {label} kind="textarea" value={value.to_string()} {oninput} wide=true /> }
    };
    let (impact_levels, likelihood_levels) = (Rc::new(scales.impact.clone()), Rc::new(scales.likelihood.clone()));
    let level_select = |id: String, label: &str, axis: Axis, value: &str, set: fn(&mut RiskForm, String)| {
        let labels = if axis == Axis::Impact { impact_levels.clone() } else { likelihood_levels.clone() };
        let onchange: Callback<Event> = update(&form, Rc::new(move |f, e| set(f, value_of(e))));
        html! {
            <div class="field">
                <label for={id.clone()}>{label.to_string()}</label>
                <kit::LevelSelect {id} value={value.to_string()} {labels} {onchange} />
            </div>
        }
    };
    let rating_row = |key: &'static str, levels: &LevelsForm, field: Field, set: [fn(&mut RiskForm, String); 2]| {
        let problem = problem_at(field);
        html! {
            <>
                {level_select(format!("{key}-impact"), "Impact", Axis::Impact, &levels.impact, set[0])}
                {level_select(format!("{key}-likelihood"), "Likelihood", Axis::Likelihood, &levels.likelihood, set[1])}
                if let Some(p) = problem { <p class="problem">{p}</p> }
            </>
        }
    };

    // The derived ratings, shown beside explicit ones.
    let derived = checked.as_ref().ok().map(|risk| (rate(risk, scales), risk_form::derived(risk, scales)));
    let explicit_part = |which: &'static str, explicit: Option<&LevelsForm>, set: [fn(&mut RiskForm, String); 2]| {
        let field = if which == "residual" { Field::Residual } else { Field::Target };
        let derived_score = derived.as_ref().map(|(_, d)| if which == "residual" { d.residual } else { d.target });
        let current = derived.as_ref().map(|(r, _)| if which == "residual" { r.residual } else { r.target });
        let toggle = change(if which == "residual" {
            Rc::new(|f: &mut RiskForm| f.residual = if f.residual.is_some() { None } else { Some(f.inherent.clone()) })
        } else {
            Rc::new(|f: &mut RiskForm| f.target = if f.target.is_some() { None } else { Some(f.inherent.clone()) })
        });
        let how = if which == "residual" { "the implemented controls" } else { "all controls" };
        html! {
            <fieldset class="rating">
                <legend>{if which == "residual" { "Residual rating (after implemented controls)" } else { "Target rating (after all controls)" }}</legend>
                <label class="check">
                    <input type="checkbox" id={format!("{which}-explicit")} checked={explicit.is_some()} onclick={toggle} />
                    {format!(" Enter the {which} rating explicitly instead of deriving it")}
                </label>
                if let Some(levels) = explicit { {rating_row(which, levels, field, set)} }
                <p class="derived">
                    {format!("With {how}: ")}
                    {derived_score.map_or("–".into(), |d| describe(&d, scales))}
                </p>
                if let (Some(d), Some(c), true) = (derived_score, current, explicit.is_some()) {
                    if (d.impact, d.likelihood) != (c.impact, c.likelihood) {
                        <p class="warning" role="status">{format!(
                            "The {which} rating you entered ({}) differs from what the controls give ({}). Record why in the note, or derive it.",
                            describe(&c, scales), describe(&d, scales))}</p>
                    }
                }
            </fieldset>
        }
    };

    let save = {
        let (note, replacing) = (note.clone(), form.editing().cloned());
        let save = move |risk| {
            let action =
                Action::SaveRisk { risk: Box::new(risk), replacing: replacing.clone(), note: Some((*note).clone()) };
            note.set(String::new());
            action
        };
        on_save(&checked, &draft, save, |r: &rampart_core::model::Risk| Route::Risk { id: r.id.to_string() })
    };
    let delete = on_delete(form.editing(), &draft, Action::DeleteRisk, Route::Risks);
    let duplicate = {
        let (navigator, id) = (navigator.clone(), form.editing().cloned());
        Callback::from(move |_: MouseEvent| {
            if let Some(id) = &id {
                navigator.push(&Route::NewRisk, &crate::app::route::to_query([("copy", id.as_str())]));
            }
        })
    };
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| note.set(value_of(&e)))
    };

    let discard = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    let live = checked.as_ref().ok().map(|risk| risk_form::live_findings(risk, scales, w.options.today, &w.register));
    let f = &*form;
    let title = match (f.editing(), &props.copy_of) {
        (Some(id), _) => format!("Risk {id}"),
        (None, Some(copy)) => format!("New risk (a copy of {})", rampart_core::bidi::isolate(copy)),
        (None, None) => "New risk".into(),
    };
    let after = html! {
        <>
            if let Some(base) = original.filter(|r| !r.history.is_empty()) {
                <section class="card">
                    <h3>{"Assessment history"}</h3>
                    <table>
                        <thead><tr><th scope="col">{"Date"}</th><th scope="col" class="num">{"Impact"}</th><th scope="col" class="num">{"Likelihood"}</th><th scope="col">{"Note"}</th></tr></thead>
                        <tbody>{ for base.history.iter().rev().map(|h| html! {
                            <tr><td>{h.date.map(|d| d.to_string()).unwrap_or_default()}</td><td class="num">{h.impact.0}</td>
                                <td class="num">{h.likelihood.0}</td><td>{h.note.clone().unwrap_or_default()}</td></tr>
                        }) }</tbody>
                    </table>
                </section>
            }
        </>
    };
    html! {
        <kit::Editor class="risk-editor" {title} back={Route::Risks.href("")} back_label="Back to the register" onsubmit={save}
                     restored={draft.restored} on_discard={discard} after={after}>
            <fieldset class="grid">
                <legend>{"The risk"}</legend>
                {input("risk-id", "Id", "text", &f.id, Some(Field::Id), edit(|f, v| f.id = v))}
                {input("risk-title", "Title", "text", &f.title, Some(Field::Title), edit(|f, v| f.title = v))}
                <kit::Field id="risk-category" label="Category" value={f.category.clone()} list="risk-categories" oninput={edit(|f, v| f.category = v)} />
                {input("risk-subcategory", "Subcategory", "text", &f.subcategory, None, edit(|f, v| f.subcategory = v))}
                <kit::Field id="risk-owner" label="Owner" value={f.owner.clone()} list="risk-owners" oninput={edit(|f, v| f.owner = v)} />
                {kit::choice("risk-kind".into(), "Kind".into(), RiskKind::ALL, None, &f.kind, pick(RiskForm::set_kind))}
                {kit::choice("risk-status".into(), "Status".into(), RiskStatus::ALL, None, &f.status, pick(|f, v| f.status = v))}
                {kit::choice("risk-treatment".into(), "Treatment".into(), Treatment::of(f.kind()), Some("Not decided"), &f.treatment, pick(|f, v| f.treatment = v))}
                {kit::row_notes(problems, &Field::Treatment, "risk-treatment")}
                {input("risk-identified", "Identified", "date", &f.identified, Some(Field::Identified), edit(|f, v| f.identified = v))}
                {input("risk-review", "Next review", "date", &f.review_date, Some(Field::ReviewDate), edit(|f, v| f.review_date = v))}
                {input("risk-target-date", "Target date", "date", &f.target_date, Some(Field::TargetDate), edit(|f, v| f.target_date = v))}
                {area("risk-description", "Description", &f.description, edit(|f, v| f.description = v))}
                {area("risk-trigger", "Trigger", &f.trigger, edit(|f, v| f.trigger = v))}
                {area("risk-impact-description", "Impact description", &f.impact_description, edit(|f, v| f.impact_description = v))}
                {area("risk-mitigation", "Mitigation", &f.mitigation, edit(|f, v| f.mitigation = v))}
                <kit::NodesPicker id="risk-services" label="Services it threatens" value={f.services.clone()}
                                  register={Same::of(&w.register)} notes={Notes::at(problems, &Field::Services)}
                                  onchange={let form = form.clone(); Callback::from(move |ids: String| {
                                      let mut f = (*form).clone();
                                      f.services = ids;
                                      form.set(f);
                                  })} />
                <datalist id="risk-owners">{ for choices.1.iter().map(|o| html! { <option value={o.clone()} /> }) }</datalist>
                <datalist id="risk-categories">{ for choices.0.iter().map(|c| html! { <option value={c.clone()} /> }) }</datalist>
            </fieldset>

            <fieldset class="rating">
                <legend>{"Inherent rating (with no controls)"}</legend>
                {rating_row("inherent", &f.inherent, Field::Inherent, [|f, v| f.inherent.impact = v, |f, v| f.inherent.likelihood = v])}
                <p class="derived">{derived.as_ref().map_or("–".into(), |(r, _)| describe(&r.inherent, scales))}</p>
            </fieldset>

            <fieldset>
                <legend>{"Controls"}</legend>
                if f.controls.is_empty() { <p>{"No controls yet."}</p> }
                { for f.controls.iter().enumerate().map(|(k, c)| {
                    let n = k + 1;
                    let raises = if f.kind() == RiskKind::Opportunity { "raises" } else { "reduces" };
                    html! {
                        <div class="control-row" key={k}>
                            {kit::row_input("control", k, ("id", "Id", "text"), &c.id, Notes::at(problems, &Field::ControlId(k)), edit_control(k, |c, v| c.id = v))}
                            {kit::row_input("control", k, ("name", "Name", "text"), &c.name, Notes::default(), edit_control(k, |c, v| c.name = v))}
                            {kit::choice(format!("control-{k}-reduces"), format!("Control {n} {raises}"), Axis::ALL, None, &c.reduces, edit_control(k, |c, v| c.reduces = v))}
                            {kit::row_input("control", k, ("by", "By levels", "text"), &c.by, Notes::at(problems, &Field::ControlBy(k)), edit_control(k, |c, v| c.by = v))}
                            {kit::choice(format!("control-{k}-status"), format!("Control {n} status"), &[ControlStatus::Planned, ControlStatus::Implemented], None, &c.status, edit_control(k, |c, v| c.status = v))}
                            <button type="button" aria-label={format!("Remove control {n}")}
                                    onclick={change(Rc::new(move |f: &mut RiskForm| f.remove_control(k)))}>{"Remove"}</button>
                        </div>
                    }
                }) }
                <button type="button" onclick={change(Rc::new(RiskForm::add_control))}>{"Add control"}</button>
            </fieldset>

            {explicit_part("residual", f.residual.as_ref(), [|f, v| if let Some(r) = &mut f.residual { r.impact = v }, |f, v| if let Some(r) = &mut f.residual { r.likelihood = v }])}
            {explicit_part("target", f.target.as_ref(), [|f, v| if let Some(r) = &mut f.target { r.impact = v }, |f, v| if let Some(r) = &mut f.target { r.likelihood = v }])}

            {lifecycle::actions(&form, problems)}
            if f.kind() == RiskKind::Threat {
                {lifecycle::acceptance(&form, problems, w.options.today, risk_form::acceptance_days(&w.register))}
            }

            <div class="field wide">
                <label for="history-note">{"Note for the assessment history (kept when the residual rating changes)"}</label>
                <input id="history-note" type="text" value={(*note).clone()} oninput={on_note} />
            </div>

            <kit::FindingsList lines={live.as_ref().map(|(alone, findings)| kit::finding_lines(findings, alone))}
                               blocked={problems.iter().filter(|p| p.blocking).count()} subject="this risk" />

            <div class="actions">
                <button type="submit" class="primary" disabled={checked.is_err()}>{"Save"}</button>
                <SavedHere label={saved::risk(f.id.trim())} changed={draft.changed} />
                if f.editing().is_some() {
                    <button type="button" onclick={duplicate}>{"Duplicate"}</button>
                    <button type="button" class="danger" onclick={delete}>{"Delete"}</button>
                }
            </div>
        </kit::Editor>
    }
}

/// "4 × 3 = 12 (High)".
fn describe(s: &Scored, scales: &ScaleSet) -> String {
    let score = rampart_core::diff::Score::of(s.score, s.band, scales);
    format!("{} × {} = {score}", s.impact, s.likelihood)
}

/// A new risk, blank or (with `?copy=<id>`) a copy of another.
#[function_component(NewRisk)]
pub fn new_risk() -> Html {
    let query = crate::app::route::query_pairs(&use_location().query);
    let value = |of: &str| query.iter().find(|(name, _)| name == of).map(|(_, v)| v.clone());
    let copy_of = value("copy");
    let lesson = value("lesson").zip(value("n").and_then(|n| n.parse::<usize>().ok()));
    let key = match (&copy_of, &lesson) {
        (Some(copy), _) => format!("copy {copy}"),
        (None, Some((exercise, n))) => format!("lesson {exercise} {n}"),
        (None, None) => String::new(),
    };
    html! { <RiskEditor {key} id={None::<String>} {copy_of} {lesson} /> }
}
