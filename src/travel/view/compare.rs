//! The compare view (`#/compare`): every change between two registers, item
//! by item with each field's value before and after, filtered by kind; what
//! changed in the analysis; and, for a file compared with the open register,
//! each change taken into it one by one.

use std::rc::Rc;

use rampart_core::diff::{self, Change, ChangeKind};
use rampart_core::findings::fmt_hours;
use rampart_core::{analyse, Analysis, Register};
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::{Action, Failure};
use crate::travel::{field, groups, shown, side_name, take, Compared, Filter, Travel};
use crate::ui::{use_store, Route};

/// The most items listed at once (each with all its changes).
const SHOWN: usize = 200;

#[function_component(Compare)]
pub fn compare() -> Html {
    let store = use_store();
    let filter = use_state_eq(Filter::default);
    let travel = store.state.travel.clone();
    let current = store.state.current.clone();
    let compared = {
        let key = (travel.clone().map(Same), current.as_ref().map(|w| Same::of(&w.analysis)));
        use_memo(key, move |_| {
            let (Some(travel), Some(w)) = (travel, current) else { return None };
            let Travel::Compare { old, new } = &*travel else { return None };
            let side = |c: &Compared| -> (Rc<Register>, Rc<Analysis>) {
                match c {
                    Compared::Open => (w.register.clone(), w.analysis.clone()),
                    Compared::Kept(r, _) => (r.clone(), Rc::new(analyse(r, &w.options))),
                }
            };
            let ((a, aa), (b, ba)) = (side(old), side(new));
            let changes = diff::changes(&a, &b);
            let analysis = diff::analysis_changes((&a, &aa), (&b, &ba));
            Some((a, b, changes, analysis))
        })
    };
    let (Some(travel), Some(w), Some((old, new, changes, analysis))) =
        (store.state.travel.as_ref(), store.state.current.as_ref(), &*compared)
    else {
        return html! { <section><h2>{"Nothing to compare"}</h2>
        <p>{"Compare a revision or a file from the "}<a href={Route::Registers.href("")}>{"register list"}</a>{"."}</p></section> };
    };
    let Travel::Compare { old: old_side, new: new_side } = &**travel else { return Html::default() };
    let from = travel.takes_from().map(str::to_string);
    let listed = groups(changes, old, new, *filter);
    let count = |kind| changes.iter().filter(|c| c.kind() == kind).count();
    let choose = |f: Filter| {
        let filter = filter.clone();
        Callback::from(move |_: Event| filter.set(f))
    };
    let take_one = |c: &Change| {
        let (change, register, key, dispatch) =
            (c.clone(), w.register.clone(), w.key.to_string(), store.dispatch.clone());
        let file = from.clone().unwrap_or_default();
        Callback::from(move |_: MouseEvent| match take(&register, &change) {
            Ok(taken) => dispatch.emit(Action::Replace {
                key: key.clone(),
                register: Box::new(taken),
                kind: crate::workspace::RevisionKind::Edit,
                label: format!("Took {} from {file}", change.path),
            }),
            Err(why) => {
                dispatch.emit(Action::Failed(Some(Failure { what: format!("Could not take {}", change.path), why })))
            }
        })
    };
    let close = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Travel(None)))
    };
    let radio = |id: &'static str, label: String, f: Filter| {
        html! {
            <label for={id}><input type="radio" name="change-filter" {id} checked={*filter == f} onchange={choose(f)} />{label}</label>
        }
    };
    html! {
        <section aria-labelledby="compare-title" class="compare">
            <div class="view-title">
                <h2 id="compare-title">{format!("Compare {} with {}", side_name(old_side), side_name(new_side))}</h2>
                <a href={Route::Registers.href("")} onclick={close}>{"Done"}</a>
            </div>
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
                                        <td><button type="button" onclick={take_one(c)} aria-label={format!("Take {}", c.path)}>{"Take"}</button></td>
                                    }
                                </tr>
                            }) }</tbody>
                        </table>
                    </section>
                }) }
                if listed.len() > SHOWN { <p>{format!("The first {SHOWN} of {} items; the command line (rampart diff) lists them all.", listed.len())}</p> }
            }
            <AnalysisChanges changes={Rc::new(analysis.clone())} />
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
                    <li class={f.severity.label()}><span class="code">{f.code}</span>{" "}{&f.message}</li>
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
