//! The continuity view: the recovery plan (table and timeline, teams, what-if),
//! the dependency map and the impact over time.

use std::num::NonZeroUsize;
use std::rc::Rc;

use rampart_core::findings::fmt_hours;
use rampart_core::Teams;
use yew::prelude::*;

use crate::app::same::Same;

use crate::app::state::Action;
use crate::continuity::charts as continuity_charts;
use crate::ui::{use_store, Route};

#[function_component(Continuity)]
pub fn continuity() -> Html {
    let store = use_store();
    // Long plans show their first rows until asked for all (the CSV has them all).
    let show_all = use_state_eq(|| false);
    // What-if: nodes already available when the disruption starts.
    let available = use_state_eq(Vec::<String>::new);
    let candidate = use_state_eq(String::new);
    // A failure scenario of the register's, by position; `None`: everything fails.
    // A link may choose one (`#/continuity?scenario=<id>`).
    let asked = crate::app::route::query_pairs(&crate::ui::router::use_location().query)
        .into_iter()
        .find(|(name, _)| name == "scenario")
        .and_then(|(_, id)| store.state.current.as_ref()?.register.scenarios.iter().position(|s| s.id.as_str() == id));
    let picked = use_state_eq(|| asked);
    // The node whose critical path the timeline shows.
    let path_of = use_state_eq(|| None::<String>);
    // The service whose single points of failure the map outlines, by index.
    let single_of = use_state_eq(|| None::<usize>);
    let scenario = {
        let workspace = store.state.current.clone();
        let key = (workspace.as_ref().map(|w| Same::of(&w.analysis)), (*available).clone(), *picked);
        use_memo(key, move |(_, available, picked)| {
            let w = workspace?;
            if let Some(k) = picked.filter(|k| *k < w.register.scenarios.len()) {
                let analysis = w.analysis.under_scenario(&w.register, k, w.options.teams);
                return Some((w.register.clone(), Rc::new(analysis)));
            }
            let w = Some(w).filter(|_| !available.is_empty())?;
            let (register, analysis) = crate::continuity::what_if::scenario(&w.register, available, &w.options);
            Some((Rc::new(register), Rc::new(analysis)))
        })
    };
    let single_points = {
        let workspace = store.state.current.clone();
        use_memo(workspace.as_ref().map(|w| Same::of(&w.register)), move |_| {
            let Some(w) = workspace else { return (Vec::new(), Vec::new()) };
            let graph = rampart_core::graph::ServiceGraph::build(&w.register.services, &mut Vec::new());
            let services = &w.register.services;
            use rampart_core::scenario::{single_points, single_points_left_out};
            (single_points(services, &graph), single_points_left_out(services, &graph))
        })
    };
    let (single_points, left_out) = (&single_points.0, &single_points.1);
    let Some(w) = &store.state.current else { return Html::default() };
    // The plan shown: the register's, or the what-if's.
    let (plan_register, plan_analysis) = match &*scenario {
        Some((r, a)) => (r.clone(), a.clone()),
        None => (w.register.clone(), w.analysis.clone()),
    };
    let (r, a) = (&*plan_register, &*plan_analysis);
    let add_available = {
        let (available, candidate, register) = (available.clone(), candidate.clone(), w.register.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let id = candidate.trim().to_string();
            if register.has_service(&id) && !available.contains(&id) {
                available.set(available.iter().cloned().chain([id]).collect());
                candidate.set(String::new());
            }
        })
    };
    let remove_available = |id: String| {
        let available = available.clone();
        Callback::from(move |_: MouseEvent| available.set(available.iter().filter(|a| **a != id).cloned().collect()))
    };
    let on_candidate = {
        let candidate = candidate.clone();
        Callback::from(move |e: InputEvent| {
            candidate.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value())
        })
    };
    let candidate_known = candidate.trim().is_empty() || w.register.has_service(candidate.trim());
    let on_scenario = {
        let (picked, available) = (picked.clone(), available.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            picked.set(value.parse::<usize>().ok());
            available.set(Vec::new());
        })
    };
    let under = picked.and_then(|k| w.register.scenarios.get(k));
    let on_teams = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let teams =
                value.parse::<usize>().ok().and_then(NonZeroUsize::new).map_or(Teams::Unlimited, Teams::Limited);
            dispatch.emit(Action::SetTeams(teams));
        })
    };
    let current = match w.options.teams {
        Teams::Unlimited => 0,
        Teams::Limited(n) => n.get(),
    };
    let names: std::collections::HashMap<&str, &str> =
        r.services.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let name_of = |id: &str| names.get(id).copied().unwrap_or_default();
    const SHOWN: usize = 100;
    let shown = if *show_all { a.recovery.len() } else { a.recovery.len().min(SHOWN) };
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    let unscheduled: Vec<_> = r.services.iter().zip(&a.slots).filter(|(_, s)| s.is_none()).map(|(s, _)| s).collect();
    let export = |ext: &'static str| {
        let (register, analysis, dispatch, today) =
            (plan_register.clone(), plan_analysis.clone(), store.dispatch.clone(), w.options.today);
        Callback::from(move |_: MouseEvent| {
            let name = crate::app::export::recovery_plan_file_name(&register, today, ext);
            let (content, mime) = match ext {
                "csv" => (crate::app::export::recovery_plan_csv(&register, &analysis), "text/csv"),
                _ => (continuity_charts::gantt_svg(&register, &analysis, None), "image/svg+xml"),
            };
            crate::ui::browser::offer(&name, &content, mime, &dispatch);
        })
    };
    // Choosing a node's path takes the focus to the timeline it is drawn on
    // (the table's button is far below it), onto the way back to every node.
    let choose_path = |id: Option<String>| {
        let path_of = path_of.clone();
        Callback::from(move |_: MouseEvent| {
            if id.is_some() {
                crate::ui::browser::focus_soon("path-clear");
            }
            path_of.set(id.clone())
        })
    };
    let choose_single = |service: usize| {
        let single_of = single_of.clone();
        Callback::from(move |_: MouseEvent| single_of.set((*single_of != Some(service)).then_some(service)))
    };
    let single_nodes: Rc<Vec<usize>> = Rc::new(
        single_of
            .and_then(|k| single_points.iter().find(|(service, _)| *service == k))
            .map(|(_, nodes)| nodes.clone())
            .unwrap_or_default(),
    );
    let (late, last) = rampart_core::recovery::plan_totals(&a.recovery);
    let summary = format!(
        "{} nodes recovered in order, {late} after their RTO; the last back at {}",
        a.recovery.len(),
        fmt_hours(last)
    );
    html! {
        <section aria-labelledby="plan-title">
            <div class="view-title">
                <h2 id="plan-title">{"Recovery plan"}</h2>
                <div class="actions">
                    <a href={Route::NewService.href("")} class="button primary">{"New node"}</a>
                    <button type="button" onclick={export("csv")}>{"Export plan CSV"}</button>
                    <button type="button" onclick={export("svg")}>{"Export timeline SVG"}</button>
                </div>
            </div>
            <div class="plan-controls">
                if !w.register.scenarios.is_empty() {
                    <label for="scenario">{"Scenario "}
                        <select id="scenario" onchange={on_scenario}>
                            <option value="" selected={picked.is_none()}>{"Everything fails"}</option>
                            { for w.register.scenarios.iter().enumerate().map(|(k, sc)| html! {
                                <option value={k.to_string()} selected={*picked == Some(k)}>{format!("{} ({})", sc.name, sc.id)}</option>
                            }) }
                        </select>
                    </label>
                }
                <label for="teams">{"Recovery teams "}
                    <select id="teams" onchange={on_teams}>
                        <option value="0" selected={current == 0}>{"Unlimited"}</option>
                        { for (1..=20).map(|n| html! { <option value={n.to_string()} selected={current == n}>{n}</option> }) }
                    </select>
                </label>
                <form class="what-if" onsubmit={add_available}>
                    <label for="available-node">{"What if this node is already available? "}</label>
                    <input id="available-node" type="text" list="node-ids" value={(*candidate).clone()} oninput={on_candidate}
                           placeholder="a node id" aria-invalid={(!candidate_known).then_some("true")} aria-describedby="available-node-problem" />
                    <NodeIds register={Same::of(&w.register)} />
                    <button type="submit" disabled={!candidate_known || candidate.trim().is_empty()}>{"Mark available"}</button>
                    if !candidate_known { <span class="problem" id="available-node-problem">{"No node has this id"}</span> }
                </form>
            </div>
            if let Some(sc) = under {
                <p class="notice info scenario-banner" role="status">
                    {format!("Scenario: {}. Lost: {}. Only what that takes down is recovered; every other node keeps running.",
                        sc.name, sc.fails.join(", "))}
                </p>
                <ul class="findings scenario-findings" aria-label="Recovery time objectives breached under this scenario">
                    { for a.findings.iter().filter(|f| f.code() == "BIA_RTO_BREACH").map(|f| html! {
                        <li class={f.severity().label()}><span class="code">{f.code()}</span>{" "}{f.message(r)}</li>
                    }) }
                </ul>
            }
            if !available.is_empty() {
                <p class="notice info what-if-banner" role="status">
                    {"What-if: already available from the start: "}
                    { for available.iter().map(|id| html! {
                        <span class="chip">{id.clone()}{" "}
                            <button type="button" aria-label={format!("{id} is not available")} onclick={remove_available(id.clone())}>{"×"}</button>
                        </span>
                    }) }
                    {" The register is unchanged."}
                </p>
            }
            if !a.recovery.is_empty() {
                <figure class="chart gantt" role="img" aria-label={format!("Recovery timeline: {summary}")}>
                    <GanttChart analysis={Same::of(&plan_analysis)} register={Same::of(&plan_register)} chosen={(*path_of).clone()} />
                    if let Some(id) = &*path_of {
                        <figcaption>{format!("In bold: what {id} waited for, link by link. ")}
                            <button type="button" id="path-clear" onclick={choose_path(None)}>{"Show every node alike"}</button></figcaption>
                    }
                    if a.recovery.len() > continuity_charts::GANTT_LIMIT {
                        <figcaption>{format!("The first {} of {} nodes; the table lists them all.", continuity_charts::GANTT_LIMIT, a.recovery.len())}</figcaption>
                    }
                </figure>
            }
            <div class="table-scroll">
            <table class="recovery">
                <thead><tr>
                    <th scope="col" class="num">{"#"}</th><th scope="col">{"Id"}</th><th scope="col">{"Name"}</th>
                    <th scope="col" class="num">{"Start"}</th><th scope="col" class="num">{"Finish"}</th>
                    <th scope="col" class="num">{"RTO"}</th><th scope="col" class="num">{"Late by"}</th>
                    <th scope="col">{"Why"}</th>
                </tr></thead>
                <tbody>
                    { for a.recovery[..shown].iter().enumerate().map(|(k, s)| html! {
                        <tr key={s.id.as_str()} class={classes!((s.late > 0.0).then_some("late"))}>
                            <td class="num">{k + 1}</td><td><a class="id" href={Route::Service { id: s.id.to_string() }.href("")}>{s.id.as_str()}</a></td><td>{name_of(s.id.as_str())}</td>
                            <td class="num">{fmt_hours(s.start).to_string()}</td><td class="num">{fmt_hours(s.finish).to_string()}</td>
                            <td class="num">{s.rto.map_or("–".to_string(), |h| fmt_hours(h).to_string())}</td>
                            <td class="num">{if s.late > 0.0 { fmt_hours(s.late).to_string() } else { String::new() }}</td>
                            <td class="why">
                                if s.late > 0.0 || s.team_wait > 0.0 {
                                    <details>
                                        <summary>{if s.late > 0.0 { "Why late" } else { "Why it waited" }}</summary>
                                        <p>{rampart_core::recovery::why(&a.recovery, s.id.as_str())}</p>
                                        if let Some(reason) = rampart_core::recovery::late_reason(s) { <p>{reason}</p> }
                                    </details>
                                } else if let Some(w) = &s.waits_for {
                                    {format!("after {w} ")}
                                }
                                if s.waits_for.is_some() {
                                    <button type="button" class="link" aria-pressed={(path_of.as_deref() == Some(s.id.as_str())).to_string()}
                                            aria-label={format!("Path of {} on the timeline", s.id)}
                                            onclick={choose_path(Some(s.id.to_string()))}>{"Path"}</button>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if shown < a.recovery.len() {
                <p>{format!("Showing the first {shown} of {} nodes. ", a.recovery.len())}
                    <button type="button" onclick={on_show_all}>{"Show all"}</button></p>
            }
            if !unscheduled.is_empty() {
                <h3>{"Not scheduled: on or behind a dependency cycle"}</h3>
                <ul>{ for unscheduled.iter().map(|s| html! {
                    <li><a class="id" href={Route::Service { id: s.id.to_string() }.href("")}>{s.id.as_str()}</a>{" "}{&s.name}</li>
                }) }</ul>
            }
            <section class="card single-points" aria-labelledby="single-points-title">
                <h3 id="single-points-title">{"Single points of failure"}</h3>
                <p class="hint">{"For each service, the nodes whose loss alone takes it down; an alternative (any of) removes one."}</p>
                if !left_out.is_empty() {
                    <p class="problem">{format!("Not checked: {} service(s) on or behind a dependency cycle (their single points of failure cannot be worked out until the cycle is broken): ", left_out.len())}
                        { for left_out.iter().enumerate().map(|(k, &i)| {
                            let id = w.register.services[i].id.to_string();
                            html! { <>{if k > 0 { ", " } else { "" }}<a class="id" href={Route::Service { id: id.clone() }.href("")}>{id}</a></> }
                        }) }
                    </p>
                }
                if single_points.is_empty() && left_out.is_empty() {
                    <p>{"No service depends on a single node without an alternative."}</p>
                } else if single_points.is_empty() {
                    <p>{"No other service depends on a single node without an alternative."}</p>
                } else {
                    <ul>{ for single_points.iter().map(|(service, nodes)| {
                        let sid = w.register.services[*service].id.to_string();
                        html! {
                            <li><a class="id" href={Route::Service { id: sid.clone() }.href("")}>{sid.clone()}</a>
                                {format!(" ({}): ", nodes.len())}
                                { for nodes.iter().enumerate().map(|(k, n)| {
                                    let nid = w.register.services[*n].id.to_string();
                                    html! { <>{if k > 0 { ", " } else { "" }}<a class="id" href={Route::Service { id: nid.clone() }.href("")}>{nid}</a></> }
                                }) }
                                {" "}<button type="button" class="link" aria-pressed={(*single_of == Some(*service)).to_string()}
                                        aria-label={format!("Show on map the single points of failure of {sid}")}
                                        onclick={choose_single(*service)}>{"Show on map"}</button>
                            </li>
                        }
                    }) }</ul>
                }
            </section>
            <DependencyMap analysis={Same::of(&plan_analysis)} single={single_nodes} scenario={under.map(|_| picked.unwrap_or_default())} />
            <super::scenarios::ScenariosAndExercises />
            <ImpactOverTime />
        </section>
    }
}

/// The BIA as a graph: whole up to `MAP_LIMIT` nodes, else around a chosen node
/// (two steps along dependencies and dependents). Each box opens its node.
#[derive(Properties, PartialEq)]
struct DependencyMapProps {
    /// The plan shown (the register's, a scenario's or a what-if's): its late nodes are marked.
    analysis: Same<rampart_core::Analysis>,
    /// Nodes to outline as single points of failure, by index.
    single: Rc<Vec<usize>>,
    /// The failure scenario shown, by position: what it leaves up keeps running.
    scenario: Option<usize>,
}

#[function_component(DependencyMap)]
fn dependency_map(props: &DependencyMapProps) -> Html {
    use crate::continuity::dependency_map::{late_nodes, map_svg, neighbourhood, Marks, MAP_LIMIT};
    let store = use_store();
    let focus = use_state_eq(String::new);
    let register = store.state.current.as_ref().map(|w| w.register.clone());
    let drawn = {
        let workspace = store.state.current.clone();
        let key = (
            workspace.as_ref().map(|w| Same::of(&w.register)),
            props.analysis.clone(),
            (*focus).clone(),
            props.single.clone(),
            props.scenario,
        );
        use_memo(key, move |(_, analysis, focus, single, scenario)| {
            let w = workspace?;
            let register = w.register.clone();
            let graph = rampart_core::graph::ServiceGraph::build(&register.services, &mut Vec::new());
            let running = match scenario.and_then(|k| register.scenarios.get(k)) {
                Some(s) => {
                    let fails = s.fails.iter().filter_map(|id| graph.get(id));
                    rampart_core::scenario::affected(&graph, fails).into_iter().map(|down| !down).collect()
                }
                None => Vec::new(),
            };
            let marks = Marks {
                late: late_nodes(&register, analysis),
                single_points: (0..register.services.len()).map(|i| single.contains(&i)).collect(),
                running,
            };
            let n = register.services.len();
            let shown: Vec<usize> = match graph.get(focus.trim()) {
                Some(i) => neighbourhood(&graph, i, 2),
                None if n <= MAP_LIMIT => (0..n).collect(),
                None => return None,
            };
            Some((AttrValue::from(map_svg(&register, &graph, &shown, &marks)), shown.len()))
        })
    };
    let Some(register) = register else { return Html::default() };
    let on_focus = {
        let focus = focus.clone();
        Callback::from(move |e: InputEvent| focus.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let n = register.services.len();
    let focused = register.has_service(focus.trim());
    html! {
        <section class="card dependency-map" aria-labelledby="map-title">
            <h3 id="map-title">{"Dependency map"}</h3>
            <div class="plan-controls">
                <label for="map-focus">{"Around node "}</label>
                <input id="map-focus" type="search" list="node-ids" value={(*focus).clone()} oninput={on_focus}
                       placeholder={if n > MAP_LIMIT { "a node id" } else { "all nodes" }} />
                <span class="hint">{ if focused {
                    "What it needs and what needs it, two steps each way. Clear the box to see every node.".to_string()
                } else {
                    format!("Left to right in recovery order: what is needed comes before what needs it. {n} nodes.")
                } }</span>
            </div>
            { match &*drawn {
                Some((svg, count)) => html! {
                    <div class="map-scroll" role="group" aria-label={format!("Dependency map of {count} nodes; each box opens its node")}>
                        { Html::from_html_unchecked(svg.clone()) }
                    </div>
                },
                None => html! { <p>{format!("{n} nodes are too many to draw readably at once (more than {MAP_LIMIT}): choose a node above to see the map around it.")}</p> },
            } }
        </section>
    }
}

/// A service's impact as it grows over time, with its RTO and MTPD, and the RTO
/// the ratings suggest: the first time the impact reaches the level chosen as
/// intolerable (by default the top impact level).
#[function_component(ImpactOverTime)]
fn impact_over_time() -> Html {
    let store = use_store();
    let chosen = use_state_eq(|| None::<String>);
    let intolerable = use_state_eq(|| None::<i64>);
    let Some(w) = &store.state.current else { return Html::default() };
    let rated: Vec<&rampart_core::model::Service> = w.register.services.iter().filter(|s| s.impact.is_some()).collect();
    let Some(first) = rated.first() else { return Html::default() };
    let service = chosen.as_deref().and_then(|id| rated.iter().find(|s| s.id.as_str() == id)).unwrap_or(first);
    let scales = &w.analysis.scales;
    let top = scales.impact.len() as i64;
    let level = intolerable.unwrap_or(top).clamp(1, top);
    let suggested = service.impact.as_ref().and_then(|c| c.first_reaching(level));
    let rto = service.rto.map(|h| h.get());
    let on_service = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(Some(crate::ui::browser::value_of(&e))))
    };
    let on_level = {
        let intolerable = intolerable.clone();
        Callback::from(move |e: Event| {
            intolerable.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().ok())
        })
    };
    let label = |l: i64| format!("{l} {}", scales.impact[(l - 1) as usize]);
    html! {
        <section class="card impact-over-time" aria-labelledby="impact-title">
            <h3 id="impact-title">{"Impact over time"}</h3>
            <div class="plan-controls">
                <label for="impact-service">{"Service "}
                    // A list of thousands would slow every render of the plan: type an id instead.
                    if rated.len() <= crate::continuity::dependency_map::MAP_LIMIT {
                        <select id="impact-service" onchange={on_service}>
                            { for rated.iter().map(|s| html! {
                                <option value={s.id.to_string()} selected={s.id == service.id}>{format!("{} — {}", rampart_core::bidi::isolate(&s.id), rampart_core::bidi::isolate(&s.name))}</option>
                            }) }
                        </select>
                    } else {
                        <input id="impact-service" type="search" list="node-ids" placeholder={service.id.to_string()} onchange={on_service} />
                    }
                </label>
                <label for="intolerable-level">{"Intolerable from impact "}
                    <select id="intolerable-level" onchange={on_level}>
                        { for (1..=top).rev().map(|l| html! { <option value={l.to_string()} selected={l == level}>{label(l)}</option> }) }
                    </select>
                </label>
            </div>
            <p class="suggestion" role="status">
                { match suggested {
                    Some(h) => format!("Intolerable from {}: the impact reaches {} then, so this is the longest the service can be down (its MTPD by this curve).", fmt_hours(h), label(level)),
                    None => format!("The impact never reaches {}.", label(level)),
                } }
                {format!(" Entered RTO: {}.", rto.map_or("none".to_string(), |h| fmt_hours(h).to_string()))}
                if let (Some(rto), Some(s)) = (rto, suggested) {
                    if !rampart_core::findings::clearly_greater(s, rto) {
                        <strong class="warning">{" The RTO is at or after the time the impact becomes intolerable: recovery must finish before it."}</strong>
                    }
                }
            </p>
            <figure class="chart impact" role="img" aria-label={format!("Impact of {} over time", service.name)}>
                { Html::from_html_unchecked(AttrValue::from(continuity_charts::impact_svg(service, scales, level))) }
            </figure>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct NodeIdsProps {
    register: Same<rampart_core::Register>,
}

/// Every node id, as suggestions for the what-if input: its own component, so
/// that thousands of options are diffed only when the register changes.
#[function_component(NodeIds)]
fn node_ids(props: &NodeIdsProps) -> Html {
    html! {
        <datalist id="node-ids">
            { for props.register.services.iter().map(|s| html! { <option value={s.id.to_string()}>{s.name.clone()}</option> }) }
        </datalist>
    }
}

/// Every change makes a new analysis: `Same` compares pointers, not 10 000 nodes.
#[derive(Properties, PartialEq)]
struct GanttChartProps {
    register: Same<rampart_core::Register>,
    analysis: Same<rampart_core::Analysis>,
    /// The node whose critical path is drawn bold.
    chosen: Option<String>,
}

/// The timeline, drawn once per analysis.
#[function_component(GanttChart)]
fn gantt_chart(props: &GanttChartProps) -> Html {
    let svg = {
        let (register, analysis) = (props.register.clone(), props.analysis.clone());
        use_memo((props.analysis.clone(), props.chosen.clone()), move |(_, chosen)| {
            AttrValue::from(continuity_charts::gantt_svg(&register, &analysis, chosen.as_deref()))
        })
    };
    Html::from_html_unchecked((*svg).clone())
}
