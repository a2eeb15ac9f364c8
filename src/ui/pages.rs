//! One component per view. Every number shown comes from the core's analysis.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

use rampart_core::findings::fmt_hours;
use rampart_core::scoring::Scored;
use rampart_core::{Area, Severity, Teams};
use yew::prelude::*;
use yew_router::prelude::*;

use super::{use_store, Route};
use crate::state::Action;

pub fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <Overview /> },
        Route::Risks => html! { <Risks /> },
        Route::Continuity => html! { <Continuity /> },
        Route::Sla => html! { <Sla /> },
        Route::Findings => html! { <Findings /> },
        Route::NotFound => {
            html! { <section><h2>{"No such view"}</h2><Link<Route> to={Route::Overview}>{"Go to the overview"}</Link<Route>></section> }
        }
    }
}

#[function_component(EmptyState)]
pub fn empty_state() -> Html {
    html! {
        <section class="empty">
            <h2>{"No register open"}</h2>
            <p>{"Start a new register, open a register file (or drop one here), or load the example to look around. \
                Everything stays in this browser: nothing is uploaded."}</p>
            <super::shell::Toolbar />
        </section>
    }
}

/// A small swatch in a band's colour (an SVG fill, which the page's security policy allows).
fn swatch(color: Option<&str>) -> Html {
    let fill = color.filter(|c| c.starts_with('#') && c.len() <= 9 && c[1..].chars().all(|d| d.is_ascii_hexdigit()));
    html! {
        <svg class="swatch" width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="2" fill={fill.unwrap_or("#9e9e9e").to_string()} />
        </svg>
    }
}

#[function_component(Overview)]
fn overview() -> Html {
    let store = use_store();
    let Some(w) = &store.state.workspace else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let bands = &a.scales.bands;
    let count_by_band = |pick: fn(&rampart_core::scoring::RiskRating) -> Scored| {
        let mut counts = vec![0usize; bands.len() + 1];
        for rating in &a.ratings {
            counts[pick(rating).band.map_or(bands.len(), |b| b as usize)] += 1;
        }
        counts
    };
    let inherent = count_by_band(|r| r.inherent);
    let residual = count_by_band(|r| r.residual);
    let mut by_area: BTreeMap<Area, [usize; 3]> = BTreeMap::new();
    for f in &a.findings {
        by_area.entry(f.kind.area()).or_default()[f.severity as usize] += 1;
    }
    let reviews: Vec<_> = r.risks.iter().filter_map(|x| x.review_date).collect();
    let late = a.recovery.iter().filter(|s| s.late > 0.0).count();
    html! {
        <div class="overview">
            <section class="card" aria-labelledby="bands-title">
                <h2 id="bands-title">{format!("Risks by band ({})", r.risks.len())}</h2>
                <table>
                    <thead><tr><th scope="col">{"Band"}</th><th scope="col" class="num">{"Inherent"}</th><th scope="col" class="num">{"Residual"}</th></tr></thead>
                    <tbody>
                        { for bands.iter().enumerate().rev().map(|(i, b)| html! {
                            <tr><th scope="row">{swatch(b.color.as_deref())}{&b.name}</th><td class="num">{inherent[i]}</td><td class="num">{residual[i]}</td></tr>
                        }) }
                        if inherent[bands.len()] + residual[bands.len()] > 0 {
                            <tr><th scope="row">{"Below the first band"}</th><td class="num">{inherent[bands.len()]}</td><td class="num">{residual[bands.len()]}</td></tr>
                        }
                    </tbody>
                </table>
            </section>
            <section class="card" aria-labelledby="areas-title">
                <h2 id="areas-title">{"Findings by area"}</h2>
                <table>
                    <thead><tr><th scope="col">{"Area"}</th><th scope="col" class="num">{"Errors"}</th><th scope="col" class="num">{"Warnings"}</th><th scope="col" class="num">{"Info"}</th></tr></thead>
                    <tbody>
                        { for by_area.iter().map(|(area, n)| html! {
                            <tr><th scope="row">{area.label()}</th><td class="num">{n[0]}</td><td class="num">{n[1]}</td><td class="num">{n[2]}</td></tr>
                        }) }
                    </tbody>
                </table>
                if by_area.is_empty() { <p>{"No findings."}</p> }
            </section>
            <section class="card" aria-labelledby="dates-title">
                <h2 id="dates-title">{"Dates"}</h2>
                <dl>
                    <dt>{"Analysis date"}</dt><dd>{w.options.today.to_string()}</dd>
                    <dt>{"Last exported"}</dt><dd>{r.updated.as_ref().map_or("never", |u| u.as_str()).to_string()}</dd>
                    <dt>{"Next risk review"}</dt>
                    <dd>{reviews.iter().filter(|d| **d >= w.options.today).min().map_or("none scheduled".to_string(), |d| d.to_string())}</dd>
                    <dt>{"Overdue reviews"}</dt><dd>{reviews.iter().filter(|d| **d < w.options.today).count()}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="bia-title">
                <h2 id="bia-title">{"Continuity and agreements"}</h2>
                <dl>
                    <dt>{"Services and dependencies"}</dt><dd>{r.services.len()}</dd>
                    <dt>{"Recovered after their RTO"}</dt><dd>{late}</dd>
                    <dt>{"Agreements"}</dt><dd>{r.agreements.len()}</dd>
                    <dt>{"Suppliers"}</dt><dd>{r.suppliers.len()}</dd>
                </dl>
            </section>
        </div>
    }
}

fn score_cell(s: &Scored, scales: &rampart_core::scoring::ScaleSet) -> Html {
    let band = s.band.and_then(|b| scales.bands.get(b as usize));
    html! {
        <td class="num score">
            {swatch(band.and_then(|b| b.color.as_deref()))}
            {s.score}
            <span class="band-name">{band.map_or(String::new(), |b| format!(" {}", b.name))}</span>
        </td>
    }
}

#[function_component(Risks)]
fn risks() -> Html {
    let store = use_store();
    let Some(w) = &store.state.workspace else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    html! {
        <section aria-labelledby="risks-title">
            <h2 id="risks-title">{format!("Risk register ({} risks)", r.risks.len())}</h2>
            <div class="table-scroll">
            <table class="risks">
                <thead><tr>
                    <th scope="col">{"Id"}</th><th scope="col">{"Title"}</th><th scope="col">{"Owner"}</th>
                    <th scope="col">{"Category"}</th><th scope="col">{"Status"}</th>
                    <th scope="col" class="num">{"Inherent"}</th><th scope="col" class="num">{"Residual"}</th><th scope="col" class="num">{"Target"}</th>
                    <th scope="col">{"Review"}</th>
                </tr></thead>
                <tbody>
                    { for r.risks.iter().zip(&a.ratings).take(500).map(|(risk, rating)| {
                        let overdue = risk.review_date.is_some_and(|d| d < w.options.today);
                        html! {
                            <tr key={risk.id.as_str()}>
                                <td><code>{risk.id.as_str()}</code></td>
                                <td>{&risk.title}</td>
                                <td>{risk.owner.clone().unwrap_or_default()}</td>
                                <td>{risk.category.clone().unwrap_or_default()}</td>
                                <td>{format!("{:?}", risk.status()).to_lowercase()}</td>
                                {score_cell(&rating.inherent, &a.scales)}
                                {score_cell(&rating.residual, &a.scales)}
                                {score_cell(&rating.target, &a.scales)}
                                <td class={classes!(overdue.then_some("overdue"))}>
                                    {risk.review_date.map(|d| d.to_string()).unwrap_or_default()}
                                    if overdue { <span class="visually-hidden">{" (overdue)"}</span> }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            </div>
            if r.risks.len() > 500 { <p>{format!("Showing the first 500 of {} risks.", r.risks.len())}</p> }
        </section>
    }
}

#[function_component(Continuity)]
fn continuity() -> Html {
    let store = use_store();
    let Some(w) = &store.state.workspace else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
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
    let name_of = |id: &str| r.services.iter().find(|s| s.id.as_str() == id).map_or(String::new(), |s| s.name.clone());
    let unscheduled: Vec<_> = r.services.iter().zip(&a.slots).filter(|(_, s)| s.is_none()).map(|(s, _)| s).collect();
    html! {
        <section aria-labelledby="plan-title">
            <h2 id="plan-title">{"Recovery plan"}</h2>
            <label for="teams">{"Recovery teams "}</label>
            <select id="teams" onchange={on_teams}>
                <option value="0" selected={current == 0}>{"Unlimited"}</option>
                { for (1..=20).map(|n| html! { <option value={n.to_string()} selected={current == n}>{n}</option> }) }
            </select>
            <div class="table-scroll">
            <table class="recovery">
                <thead><tr>
                    <th scope="col" class="num">{"#"}</th><th scope="col">{"Id"}</th><th scope="col">{"Name"}</th>
                    <th scope="col" class="num">{"Start"}</th><th scope="col" class="num">{"Finish"}</th>
                    <th scope="col" class="num">{"RTO"}</th><th scope="col" class="num">{"Late by"}</th>
                </tr></thead>
                <tbody>
                    { for a.recovery.iter().enumerate().map(|(k, s)| html! {
                        <tr key={s.id.as_str()} class={classes!((s.late > 0.0).then_some("late"))}>
                            <td class="num">{k + 1}</td><td><code>{s.id.as_str()}</code></td><td>{name_of(s.id.as_str())}</td>
                            <td class="num">{fmt_hours(s.start).to_string()}</td><td class="num">{fmt_hours(s.finish).to_string()}</td>
                            <td class="num">{s.rto.map_or("–".to_string(), |h| fmt_hours(h).to_string())}</td>
                            <td class="num">{if s.late > 0.0 { fmt_hours(s.late).to_string() } else { String::new() }}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if !unscheduled.is_empty() {
                <h3>{"Not scheduled: on or behind a dependency cycle"}</h3>
                <ul>{ for unscheduled.iter().map(|s| html! { <li><code>{s.id.as_str()}</code>{" "}{&s.name}</li> }) }</ul>
            }
        </section>
    }
}

#[function_component(Sla)]
fn sla() -> Html {
    let store = use_store();
    let Some(w) = &store.state.workspace else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let slas: Vec<usize> = r
        .agreements
        .iter()
        .enumerate()
        .filter(|(_, x)| x.kind == rampart_core::model::AgreementKind::CustomerSla)
        .map(|(i, _)| i)
        .collect();
    html! {
        <section aria-labelledby="sla-title">
            <h2 id="sla-title">{"Customer SLAs and what underpins them"}</h2>
            { for slas.iter().map(|&i| {
                let sla = &r.agreements[i];
                let under = a.alignment.underpinning.get(i).cloned().unwrap_or_default();
                let problems: Vec<_> = a.findings.iter()
                    .filter(|f| f.kind.area() == Area::Sla && f.subjects.first() == Some(&rampart_core::findings::Subject::agreement(i)))
                    .collect();
                html! {
                    <article class="card" key={sla.id.as_str()}>
                        <h3>{&sla.name}{" "}<code>{sla.id.as_str()}</code></h3>
                        <p>{format!("Underpinned by {} agreement(s): ", under.len())}
                            { for under.iter().map(|&j| html! { <code class="chip">{r.agreements[j].id.as_str()}</code> }) }
                        </p>
                        if problems.is_empty() { <p class="ok">{"Aligned: no findings."}</p> } else {
                            <ul class="findings">{ for problems.iter().map(|f| html! {
                                <li class={f.severity.label()}><span class="code">{f.code()}</span>{" "}{f.message(r)}</li>
                            }) }</ul>
                        }
                    </article>
                }
            }) }
            if slas.is_empty() { <p>{"This register has no customer SLAs."}</p> }
        </section>
    }
}

#[function_component(Findings)]
fn findings() -> Html {
    let store = use_store();
    let filter = use_state(|| None::<Severity>);
    let Some(w) = &store.state.workspace else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let shown: Vec<_> = a.findings.iter().filter(|f| filter.is_none_or(|s| f.severity == s)).collect();
    let choose = |s: Option<Severity>| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(s))
    };
    let pressed = |s: Option<Severity>| if *filter == s { "true" } else { "false" };
    html! {
        <section aria-labelledby="findings-title">
            <h2 id="findings-title">{format!("Findings ({})", a.findings.len())}</h2>
            <div class="filters" role="group" aria-label="Show">
                <button type="button" aria-pressed={pressed(None)} onclick={choose(None)}>{"All"}</button>
                { for [Severity::Error, Severity::Warning, Severity::Info].into_iter().map(|s| html! {
                    <button type="button" aria-pressed={pressed(Some(s))} onclick={choose(Some(s))}>{s.label()}</button>
                }) }
            </div>
            <div class="table-scroll">
            <table class="findings">
                <thead><tr><th scope="col">{"Severity"}</th><th scope="col">{"Area"}</th><th scope="col">{"Code"}</th><th scope="col">{"Finding"}</th></tr></thead>
                <tbody>
                    { for shown.iter().take(1000).map(|f| html! {
                        <tr class={f.severity.label()}>
                            <td>{f.severity.label()}</td><td>{f.kind.area().label()}</td>
                            <td><code>{f.code()}</code></td><td>{f.message(r)}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if shown.len() > 1000 { <p>{format!("Showing the first 1000 of {}; export the CSV for all.", shown.len())}</p> }
        </section>
    }
}
