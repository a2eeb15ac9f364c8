//! The compare view (`#/compare`): every change between two registers, item
//! by item with each field's value before and after, filtered by kind; what
//! changed in the analysis; and, for a file compared with the open register,
//! each change taken into it one by one.

use std::rc::Rc;

use rampart_core::diff::{self, Change, ChangeKind};
use rampart_core::findings::fmt_hours;
use rampart_core::Register;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::{Action, Failure};
use crate::travel::{answer, field, groups, shown, side_name, Compared, Filter, Taken, Travel};
use crate::ui::{modules, use_store, Route};

/// The most items listed at once (each with all its changes).
const SHOWN: usize = 200;

/// The number of recovery teams as the module takes it (0: unlimited).
pub fn teams_number(teams: rampart_core::Teams) -> u32 {
    match teams {
        rampart_core::Teams::Unlimited => 0,
        rampart_core::Teams::Limited(n) => n.get() as u32,
    }
}

#[function_component(Compare)]
pub fn compare() -> Html {
    let store = use_store();
    let filter = use_state_eq(Filter::default);
    // The module's answer for the registers compared; `None` while it works.
    let compared = use_state(|| None::<Rc<Result<diff::Compared, String>>>);
    let asked = use_mut_ref(|| 0u64);
    // One change taken at a time: each is made from the register as it is.
    let taking = use_state_eq(|| false);
    {
        let (compared, asked) = (compared.clone(), asked.clone());
        let (travel, current) = (store.state.travel.clone(), store.state.current.clone());
        let deps = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.register)));
        use_effect_with(deps, move |_| {
            compared.set(None);
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            if let (Some(travel), Some(w)) = (travel, current) {
                if let Travel::Compare { old, new } = &*travel {
                    let text = |side: &Compared| match side {
                        Compared::Open => rampart_core::import::to_json(&w.register),
                        Compared::Kept(r, _) => rampart_core::import::to_json(r),
                    };
                    let args = [
                        text(old).into(),
                        text(new).into(),
                        w.options.today.to_string().into(),
                        teams_number(w.options.teams).into(),
                    ];
                    wasm_bindgen_futures::spawn_local(async move {
                        let result = modules::call("travel", "compare", &args).await.and_then(|t| answer(&t));
                        // A newer question was asked meanwhile: its answer is the one shown.
                        if *asked.borrow() == this {
                            compared.set(Some(Rc::new(result)));
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
    let register = |side: &Compared| -> Rc<Register> {
        match side {
            Compared::Open => w.register.clone(),
            Compared::Kept(r, _) => r.clone(),
        }
    };
    let (old, new) = (register(old_side), register(new_side));
    let close = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Travel(None)))
    };
    let title = html! {
        <div class="view-title">
            <h2 id="compare-title">{format!("Compare {} with {}", side_name(old_side), side_name(new_side))}</h2>
            <a href={Route::Registers.href("")} onclick={close}>{"Done"}</a>
        </div>
    };
    let result = match compared.as_deref() {
        None => {
            return html! { <section aria-labelledby="compare-title" class="compare">{title}
            <p class="busy" role="status">{"Comparing…"}</p></section> }
        }
        Some(Err(why)) => {
            return html! { <section aria-labelledby="compare-title" class="compare">{title}
            <p class="problem" role="alert">{format!("Could not compare: {why}")}</p></section> }
        }
        Some(Ok(result)) => result,
    };
    let changes = &result.changes;
    let from = travel.takes_from().map(str::to_string);
    let listed = groups(changes, &old, &new, *filter);
    let count = |kind| changes.iter().filter(|c| c.kind() == kind).count();
    let choose = |f: Filter| {
        let filter = filter.clone();
        Callback::from(move |_: Event| filter.set(f))
    };
    let take_one = |c: &Change| {
        let (change, register, key, dispatch) =
            (c.clone(), w.register.clone(), w.key.to_string(), store.dispatch.clone());
        let (file, taking) = (from.clone().unwrap_or_default(), taking.clone());
        Callback::from(move |_: MouseEvent| {
            if *taking {
                return;
            }
            taking.set(true);
            let (change, key, dispatch, file, taking) =
                (change.clone(), key.clone(), dispatch.clone(), file.clone(), taking.clone());
            let args = [
                rampart_core::import::to_json(&register).into(),
                serde_json::to_string(&change).unwrap_or_default().into(),
            ];
            wasm_bindgen_futures::spawn_local(async move {
                let taken = modules::call("travel", "take", &args)
                    .await
                    .and_then(|t| answer::<Taken>(&t))
                    .and_then(|t| rampart_core::import(&t.register).map_err(|e| e.to_string()));
                taking.set(false);
                dispatch.emit(match taken {
                    Ok(register) => Action::Replace {
                        key,
                        register: Box::new(register),
                        kind: crate::workspace::RevisionKind::Edit,
                        label: format!("Took {} from {file}", change.path),
                    },
                    Err(why) => Action::Failed(Some(Failure { what: format!("Could not take {}", change.path), why })),
                });
            });
        })
    };
    let radio = |id: &'static str, label: String, f: Filter| {
        html! {
            <label for={id}><input type="radio" name="change-filter" {id} checked={*filter == f} onchange={choose(f)} />{label}</label>
        }
    };
    html! {
        <section aria-labelledby="compare-title" class="compare">
            {title}
            if changes.is_empty() {
                <p class="ok">{"They are the same register: no field differs."}</p>
            } else {
                <fieldset class="filters">
                    <legend>{"Show"}</legend>
                    {radio("changes-all", format!("All ({})", changes.len()), Filter::All)}
                    {radio("changes-added", format!("Added ({})", count(ChangeKind::Added)), Filter::Only(ChangeKind::Added))}
                    {radio("changes-removed", format!("Removed ({})", count(ChangeKind::Removed)), Filter::Only(ChangeKind::Removed))}
                    {radio("changes-changed", format!("Changed ({})", count(ChangeKind::Changed)), Filter::Only(ChangeKind::Changed))}
                </fieldset>
                if let Some(file) = &from {
                    <p class="hint">{format!("Take a change of {file} into the open register with its button (Undo takes it back).")}</p>
                }
                { for listed.iter().take(SHOWN).map(|g| html! {
                    <section class="card change-group">
                        <h3>{g.what}{" "}{g.key.clone().map(|k| html! { <code>{k}</code> })}{" "}<bdi>{&g.name}</bdi></h3>
                        <table class="changes">
                            <thead><tr><th scope="col">{"Field"}</th><th scope="col">{side_name(old_side)}</th><th scope="col">{side_name(new_side)}</th>
                                if from.is_some() { <th scope="col"><span class="visually-hidden">{"Take"}</span></th> }</tr></thead>
                            <tbody>{ for g.changes.iter().map(|c| html! {
                                <tr class={classes!("change", format!("{:?}", c.kind()).to_lowercase())}>
                                    <th scope="row">{ match (c.kind(), field(c)) {
                                        (ChangeKind::Added, f) if f.is_empty() => "added".to_string(),
                                        (ChangeKind::Removed, f) if f.is_empty() => "removed".to_string(),
                                        (_, f) => f,
                                    } }</th>
                                    <td class="old"><bdi>{shown(&c.old)}</bdi></td>
                                    <td class="new"><bdi>{shown(&c.new)}</bdi></td>
                                    if from.is_some() {
                                        <td><button type="button" onclick={take_one(c)} disabled={*taking} aria-label={format!("Take {}", c.path)}>{"Take"}</button></td>
                                    }
                                </tr>
                            }) }</tbody>
                        </table>
                    </section>
                }) }
                if listed.len() > SHOWN { <p>{format!("The first {SHOWN} of {} items; the command line (rampart diff) lists them all.", listed.len())}</p> }
            }
            <AnalysisChanges changes={Rc::new(result.analysis.clone())} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct AnalysisChangesProps {
    pub changes: Rc<diff::AnalysisChanges>,
}

/// What changed in the analysis: findings added and resolved, risks re-scored,
/// recovery times that moved.
#[function_component(AnalysisChanges)]
pub fn analysis_changes(props: &AnalysisChangesProps) -> Html {
    let a = &props.changes;
    if a.is_empty() {
        return html! { <p class="ok">{"The analysis is the same on both sides."}</p> };
    }
    let findings = |title: &'static str, lines: &[diff::FindingLine]| {
        (!lines.is_empty()).then(|| {
            html! {
                <><h4>{title}</h4>
                <ul class="findings">{ for lines.iter().map(|f| html! {
                    <li class={f.severity.label()}><span class="code">{f.code.clone()}</span>{" "}{&f.message}</li>
                }) }</ul></>
            }
        })
    };
    let hours = |h: Option<f64>| h.map_or("not planned".to_string(), |h| fmt_hours(h).to_string());
    html! {
        <section class="card analysis-changes" aria-labelledby="analysis-changes-title">
            <h3 id="analysis-changes-title">{"What changed in the analysis"}</h3>
            {findings("New findings", &a.findings_added)}
            {findings("Resolved findings", &a.findings_resolved)}
            if !a.rescored.is_empty() {
                <h4>{"Risks re-scored (residual)"}</h4>
                <ul>{ for a.rescored.iter().map(|r| html! {
                    <li><code>{&r.risk}</code>{format!(": {}{} → {}{}", r.old.score, r.old.band.as_ref().map_or(String::new(), |b| format!(" ({b})")),
                        r.new.score, r.new.band.as_ref().map_or(String::new(), |b| format!(" ({b})")))}</li>
                }) }</ul>
            }
            if !a.recovery_moved.is_empty() {
                <h4>{"Recovery times that moved"}</h4>
                <ul>{ for a.recovery_moved.iter().map(|m| html! {
                    <li><code>{&m.node}</code>{format!(": back at {} → {}", hours(m.old), hours(m.new))}</li>
                }) }</ul>
            }
        </section>
    }
}
