//! One component per view. Every number shown comes from the core's analysis.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;

use rampart_core::findings::fmt_hours;
use rampart_core::scoring::Scored;
use std::rc::Rc;

use rampart_core::{Area, Severity, Teams};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::csv_import::{ImportButton, ImportPanel, Picked};
use super::drafts::{use_draft, DraftNotice, SavedHere};
use super::router::use_location;
use super::{use_store, Route};
use crate::app::state::{saved, Action};
use crate::continuity::charts as continuity_charts;
use crate::risks::charts::{self, Which};
use crate::risks::scales_form::{BandRow, ScalesForm};
use crate::risks::table::{self as risk_table, Column, RiskQuery, SearchIndex};

pub fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <Overview /> },
        Route::Risks => html! { <Risks /> },
        Route::Risk { id } => html! { <super::risk_editor::RiskEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewRisk => html! { <super::risk_editor::NewRisk /> },
        Route::Continuity => html! { <Continuity /> },
        Route::Service { id } => {
            html! { <super::service_editor::ServiceEditor key={id.clone()} id={Some(id.clone())} /> }
        }
        Route::NewService => html! { <super::service_editor::ServiceEditor id={None::<String>} /> },
        Route::Agreement { id } => {
            html! { <super::agreement_editor::AgreementEditor key={id.clone()} id={Some(id.clone())} /> }
        }
        Route::NewAgreement => html! { <super::agreement_editor::AgreementEditor id={None::<String>} /> },
        Route::Sla => html! { <Sla /> },
        Route::Findings => html! { <Findings /> },
        Route::Scales => html! { <ScalesEditor /> },
        Route::Registers => html! { <super::registers::Registers /> },
        Route::NotFound => {
            html! { <section><h2>{"No such view"}</h2><a href={Route::Overview.href("")}>{"Go to the overview"}</a></section> }
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

/// A small swatch in band `band`'s colour: one element with a class, coloured by the
/// `--band-<k>` properties the shell sets once per analysis (cheap to render in
/// thousands of rows, and allowed by the page's security policy).
fn swatch(band: Option<u32>, name: Option<&str>) -> Html {
    let class = band.map(|b| format!("band-{b}"));
    html! { <span class={classes!("swatch", class)} role={name.map(|_| "img")} aria-label={name.map(str::to_string)}></span> }
}

#[function_component(Overview)]
fn overview() -> Html {
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
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
    let trend = charts::residual_trend(r, a, w.options.today);
    let trend_label = trend.iter().map(|(d, v)| format!("{d}: {v:.1}")).collect::<Vec<_>>().join(", ");
    html! {
        <div class="overview">
            <section class="card" aria-labelledby="bands-title">
                <h2 id="bands-title">{format!("Risks by band ({})", r.risks.len())}</h2>
                <table>
                    <thead><tr><th scope="col">{"Band"}</th><th scope="col" class="num">{"Inherent"}</th><th scope="col" class="num">{"Residual"}</th></tr></thead>
                    <tbody>
                        { for bands.iter().enumerate().rev().map(|(i, b)| html! {
                            <tr><th scope="row">{swatch(Some(i as u32), None)}{&b.name}</th><td class="num">{inherent[i]}</td><td class="num">{residual[i]}</td></tr>
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
            <section class="card trend" aria-labelledby="trend-title">
                <h2 id="trend-title">{"Average residual score over time"}</h2>
                if trend.len() > 1 {
                    <figure class="chart" role="img" aria-label={trend_label}>
                        { Html::from_html_unchecked(AttrValue::from(charts::trend_svg(&trend))) }
                    </figure>
                } else {
                    <p>{"No assessment history yet: each change of a residual rating adds a point."}</p>
                }
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
    let name = scales.band_name(s.band);
    html! {
        <td class="num score" title={name.map(str::to_string)}>{swatch(s.band, name)}{s.score}</td>
    }
}

/// Height of one risk row in pixels (fixed by the stylesheet, so that only the
/// visible rows need rendering).
const ROW_HEIGHT: f64 = 34.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

#[function_component(Risks)]
fn risks() -> Html {
    let store = use_store();
    let location = use_location();
    let navigator = location.navigator.clone();
    // Scroll position and height of the table's box, read on scroll only: reading
    // layout while rendering would force a layout on every keystroke.
    let scroll = use_state(|| (0.0_f64, 800.0_f64));
    let viewport = use_node_ref();
    let (top_spacer, bottom_spacer) = (use_node_ref(), use_node_ref());
    let in_url = RiskQuery::parse(&location.query);
    // The search text as typed filters at once; it reaches the URL when typing pauses
    // (writing the URL on every keystroke would re-render every view's router hooks).
    let search = use_state_eq(|| in_url.q.clone());
    let url_write = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let csv = use_state(|| None::<Picked>);
    {
        let search = search.clone();
        use_effect_with(in_url.q.clone(), move |q| search.set(q.clone()));
    }
    let query = RiskQuery { q: (*search).clone(), ..in_url };
    let register = store.state.current.as_ref().map(|w| w.register.clone());
    let register_for_choices = register.clone();
    let index = use_memo(register.as_ref().map(|r| Rc::as_ptr(r) as usize), move |_| {
        register.as_deref().map(SearchIndex::new).unwrap_or_default()
    });
    // The categories and owners to filter by: worked out once per register, not per keystroke.
    let choices = {
        let register = register_for_choices;
        use_memo(register.as_ref().map(|r| Rc::as_ptr(r) as usize), move |_| {
            let distinct = |get: fn(&rampart_core::model::Risk) -> Option<&str>| {
                let mut v: Vec<String> =
                    register.iter().flat_map(|r| &r.risks).filter_map(get).map(String::from).collect();
                v.sort();
                v.dedup();
                v
            };
            (distinct(|x| x.category.as_deref()), distinct(|x| x.owner.as_deref()))
        })
    };
    let rows = {
        let query = query.clone();
        let workspace = store.state.current.clone();
        let index = index.clone();
        use_memo((query, workspace.as_ref().map(|w| Rc::as_ptr(&w.analysis) as usize)), move |(query, _)| {
            workspace.map(|w| risk_table::rows(&w.register, &w.analysis, &index, query)).unwrap_or_default()
        })
    };

    // Only the rows in view are rendered; spacers keep the scroll height right.
    let (scroll_top, viewport_height) = *scroll;
    let first = ((scroll_top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(rows.len());
    let last = (first + (viewport_height / ROW_HEIGHT) as usize + 2 * OVERSCAN).min(rows.len());
    {
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        let total = rows.len();
        use_effect_with((first, last, total), move |&(first, last, total)| {
            // CSSOM, not a style attribute: the page's security policy forbids inline styles.
            for (node, rows) in [(top, first), (bottom, total - last)] {
                if let Some(e) = node.cast::<web_sys::HtmlElement>() {
                    let _ = e.style().set_property("height", &format!("{}px", rows as f64 * ROW_HEIGHT));
                }
            }
        });
    }
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let viewport = e.target_unchecked_into::<web_sys::Element>();
            let (top, height) = (f64::from(viewport.scroll_top()), f64::from(viewport.client_height().max(400)));
            if ((top - scroll.0) / ROW_HEIGHT).abs() >= 1.0 || height != scroll.1 {
                scroll.set((top, height));
            }
        })
    };

    // Every other control writes the whole query (with the search text as typed),
    // so a search write still waiting would only bring back an older query. Built
    // once: the heat maps take it as a prop and need not re-render per keystroke.
    let latest_query = use_mut_ref(RiskQuery::default);
    *latest_query.borrow_mut() = query.clone();
    let set_query = {
        let (navigator, url_write) = (navigator.clone(), url_write.clone());
        use_callback((), move |q: RiskQuery, _| {
            url_write.borrow_mut().take();
            navigator.replace(&Route::Risks, &q.to_query());
        })
    };
    let pick_cell = {
        let (latest_query, set_query) = (latest_query.clone(), set_query.clone());
        use_callback((), move |key: String, _| {
            let query = latest_query.borrow().clone();
            let cell = (query.cell.as_deref() != Some(key.as_str())).then_some(key);
            set_query.emit(RiskQuery { cell, ..query });
        })
    };
    let choose_filter = {
        let (latest_query, set_query) = (latest_query.clone(), set_query.clone());
        use_callback((), move |(filter, value): (usize, Option<String>), _| {
            let mut q = latest_query.borrow().clone();
            *[&mut q.category, &mut q.owner, &mut q.status, &mut q.band][filter] = value;
            set_query.emit(q);
        })
    };

    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let write_url = move |q: RiskQuery| navigator.replace(&Route::Risks, &q.to_query());
    let on_text = {
        let (query, set_query, search, url_write) = (query.clone(), write_url, search.clone(), url_write.clone());
        Callback::from(move |e: InputEvent| {
            let q = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            search.set(q.clone());
            let (query, write_url) = (query.clone(), set_query.clone());
            let write = gloo::timers::callback::Timeout::new(400, move || write_url(RiskQuery { q, ..query }));
            // Replacing the timer cancels the one before.
            *url_write.borrow_mut() = Some(write);
        })
    };
    let header = |column: Column, label: &'static str, numeric: bool| {
        let sorted = query.sort == Some(column);
        let aria = match (sorted, query.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let onclick = {
            let (query, set_query) = (query.clone(), set_query.clone());
            Callback::from(move |_: MouseEvent| {
                let desc = sorted && !query.desc;
                set_query.emit(RiskQuery { sort: Some(column), desc, ..query.clone() });
            })
        };
        html! {
            <th scope="col" aria-sort={aria} class={classes!(numeric.then_some("num"))}>
                <button type="button" class="sort" {onclick}>{label}{if sorted { if query.desc { " ▼" } else { " ▲" } } else { "" }}</button>
            </th>
        }
    };
    let today = w.options.today;
    let export_csv = {
        let (register, analysis, dispatch) = (w.register.clone(), w.analysis.clone(), store.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let name = crate::app::export::risks_file_name(&register, today);
            if let Err(why) =
                super::browser::download(&name, &crate::app::export::risks_csv(&register, &analysis), "text/csv")
            {
                dispatch.emit(Action::ExportFailed(Some(why)));
            }
        })
    };
    html! {
        <section aria-labelledby="risks-title">
            <div class="view-title">
                <h2 id="risks-title">{format!("Risk register: {} of {} risks", rows.len(), r.risks.len())}</h2>
                <div class="actions">
                    <a href={Route::NewRisk.href("")} class="button primary">{"New risk"}</a>
                    <button type="button" onclick={export_csv}>{"Export risks CSV"}</button>
                    <ImportButton on_pick={let csv = csv.clone(); Callback::from(move |p| csv.set(Some(p)))} />
                </div>
            </div>
            if let Some(picked) = &*csv {
                <ImportPanel picked={picked.clone()} on_change={let csv = csv.clone(); Callback::from(move |p| csv.set(p))} />
            }
            <HeatMaps cell={query.cell.clone()} on_pick={pick_cell} />
            <Movement rows={rows.clone()} />
            <div class="filters" role="search">
                <label for="risk-search">{"Search "}
                    <input id="risk-search" type="search" value={query.q.clone()} oninput={on_text}
                           placeholder="id, title, owner, category" />
                </label>
                <Filters choices={choices.clone()} bands={a.scales.bands.iter().map(|b| b.name.clone()).collect::<Vec<_>>()}
                         current={[query.category.clone(), query.owner.clone(), query.status.clone(), query.band.clone()]}
                         on_choose={choose_filter} />
            </div>
            <div class="table-scroll risks-viewport" ref={viewport} {onscroll}>
            <table class="risks">
                <thead><tr>
                    {header(Column::Id, "Id", false)}{header(Column::Title, "Title", false)}{header(Column::Owner, "Owner", false)}
                    {header(Column::Category, "Category", false)}{header(Column::Status, "Status", false)}
                    {header(Column::Inherent, "Inherent", true)}{header(Column::Residual, "Residual", true)}
                    {header(Column::Target, "Target", true)}
                    <th scope="col">{"Appetite"}</th>
                    {header(Column::Review, "Review", false)}
                </tr></thead>
                <tbody>
                    <tr class="spacer" ref={top_spacer} aria-hidden="true"></tr>
                    { for rows[first..last].iter().map(|&i| {
                        let (risk, rating) = (&r.risks[i], &a.ratings[i]);
                        let overdue = risk.review_date.is_some_and(|d| d < today);
                        let appetite = a.scales.appetite_for(risk.category.as_deref());
                        let above = rating.residual.score > appetite;
                        html! {
                            <tr key={risk.id.as_str()}>
                                <td><a class="id" href={Route::Risk { id: risk.id.to_string() }.href("")}>{risk.id.as_str()}</a></td>
                                <td title={risk.title.clone()}>{&risk.title}</td>
                                <td>{risk.owner.clone().unwrap_or_default()}</td>
                                <td>{risk.category.clone().unwrap_or_default()}</td>
                                <td>{risk.status().label()}</td>
                                {score_cell(&rating.inherent, &a.scales)}
                                {score_cell(&rating.residual, &a.scales)}
                                {score_cell(&rating.target, &a.scales)}
                                <td class={classes!(above.then_some("above"))}>
                                    {if above { format!("above ({appetite})") } else { String::new() }}
                                </td>
                                <td class={classes!(overdue.then_some("overdue"))}>
                                    {risk.review_date.map(|d| d.to_string()).unwrap_or_default()}
                                    if overdue { <span class="visually-hidden">{" (overdue)"}</span> }
                                </td>
                            </tr>
                        }
                    }) }
                    <tr class="spacer" ref={bottom_spacer} aria-hidden="true"></tr>
                </tbody>
            </table>
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FiltersProps {
    /// Categories and owners in the register.
    choices: Rc<(Vec<String>, Vec<String>)>,
    bands: Vec<String>,
    /// Category, owner, status, band.
    current: [Option<String>; 4],
    /// Filter number (as in `current`) and its new value.
    on_choose: Callback<(usize, Option<String>)>,
}

/// The table's filters: their own component, so that a search keystroke does not
/// rebuild their options.
#[function_component(Filters)]
fn filters(props: &FiltersProps) -> Html {
    let statuses = ["new", "open", "closed"].map(String::from);
    let lists: [(&str, &str, &[String]); 4] = [
        ("risk-category", "Category ", &props.choices.0),
        ("risk-owner", "Owner ", &props.choices.1),
        ("risk-status", "Status ", &statuses),
        ("risk-band", "Residual band ", &props.bands),
    ];
    html! {
        { for lists.into_iter().enumerate().map(|(k, (id, label, options))| {
            let current = &props.current[k];
            let onchange = props.on_choose.reform(move |e: Event| {
                let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                (k, (!value.is_empty()).then_some(value))
            });
            html! {
                <label for={id}>{label}
                    <select {id} {onchange}>
                        <option value="" selected={current.is_none()}>{"All"}</option>
                        { for options.iter().map(|o| html! {
                            <option value={o.clone()} selected={current.as_deref() == Some(o.as_str())}>{o.clone()}</option>
                        }) }
                    </select>
                </label>
            }
        }) }
    }
}

#[derive(Properties, PartialEq)]
struct MovementProps {
    /// The risks in the table, in its order.
    rows: Rc<Vec<usize>>,
}

/// Inherent → residual → target for the first risks in the table: filter or sort
/// the table (or choose a heat-map cell) to choose them. Drawn only while open.
#[function_component(Movement)]
fn movement(props: &MovementProps) -> Html {
    let store = use_store();
    let open = use_state_eq(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let Some(w) = &store.state.current else { return Html::default() };
    let shown = props.rows.len().min(charts::MOVEMENT_LIMIT);
    let summary = format!(
        "Movement: inherent → residual → target of the first {shown} of {} risks in the table",
        props.rows.len()
    );
    html! {
        <details class="movement card" {ontoggle} open={*open}>
            <summary>{summary}</summary>
            if *open {
                <figure class="chart" role="img" aria-label={props.rows[..shown].iter().map(|&i| {
                    let (risk, g) = (&w.register.risks[i], &w.analysis.ratings[i]);
                    format!("{}: inherent {}, residual {}, target {}", rampart_core::bidi::isolate(&risk.id), g.inherent.score, g.residual.score, g.target.score)
                }).collect::<Vec<_>>().join("; ")}>
                    { Html::from_html_unchecked(AttrValue::from(charts::movement_svg(&w.register, &w.analysis, &props.rows))) }
                </figure>
                <p class="hint">{"Filter or sort the table, or choose a heat-map cell, to choose the risks shown."}</p>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct HeatMapsProps {
    /// The chosen cell (`residual-3-3`), if any.
    cell: Option<String>,
    /// Choose (or, again, clear) a cell by its key.
    on_pick: Callback<String>,
}

/// One heat map as drawn, with what its cell buttons need.
struct DrawnMap {
    which: Which,
    svg: AttrValue,
    grid: charts::Grid,
    /// Risks per cell, `[likelihood - 1][impact - 1]`.
    counts: Vec<Vec<usize>>,
}

/// Inherent and residual heat maps; choosing a cell (click, or Enter/Space after
/// moving to it with the arrow keys) filters the table to it, again to clear.
#[function_component(HeatMaps)]
fn heat_maps(props: &HeatMapsProps) -> Html {
    let store = use_store();
    // Drawn once per analysis; filtering the table does not redraw them.
    let maps = {
        let workspace = store.state.current.clone();
        use_memo(workspace.as_ref().map(|w| Rc::as_ptr(&w.analysis) as usize), move |_| {
            workspace.map(|w| {
                [Which::Inherent, Which::Residual].map(|which| {
                    let map = charts::heat_map(&w.register, &w.analysis, which);
                    Rc::new(DrawnMap { which, svg: map.svg.into(), grid: map.grid, counts: map.counts })
                })
            })
        })
    };
    let (Some(maps), Some(w)) = (maps.as_ref(), &store.state.current) else { return Html::default() };
    let selected = props.cell.as_deref();
    html! {
        <div class="heat-maps">
            { for maps.iter().map(|map| {
                let which = map.which;
                let on_pick = props.on_pick.reform(move |(impact, likelihood)| risk_table::cell_key(which, impact, likelihood));
                let selected = selected.and_then(risk_table::parse_cell)
                    .filter(|(which, ..)| *which == map.which).map(|(_, i, l)| (i, l));
                html! { <HeatMapFigure map={map.clone()} scales={w.analysis.clone()} {selected} {on_pick} /> }
            }) }
            if let Some(cell) = &props.cell {
                <p class="cell-filter">{format!("Showing the cell {cell}. Choose it again to show all.")}</p>
            }
        </div>
    }
}

#[derive(Properties)]
struct HeatMapFigureProps {
    map: Rc<DrawnMap>,
    /// For the scale labels of the cells.
    scales: Rc<rampart_core::Analysis>,
    selected: Option<(i64, i64)>,
    on_pick: Callback<(i64, i64)>,
}

/// The map and the analysis are new objects whenever they change: compare pointers.
impl PartialEq for HeatMapFigureProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.map, &other.map)
            && Rc::ptr_eq(&self.scales, &other.scales)
            && self.selected == other.selected
            && self.on_pick == other.on_pick
    }
}

/// A heat map with a button over each cell: the chart is a picture, the buttons
/// make it usable from the keyboard and name each cell for screen readers.
#[function_component(HeatMapFigure)]
fn heat_map_figure(props: &HeatMapFigureProps) -> Html {
    let cells = use_node_ref();
    let (map, grid) = (&props.map, props.map.grid);
    {
        // Lay the buttons over the drawn cells (CSSOM: the CSP forbids style attributes).
        let cells = cells.clone();
        use_effect_with(grid, move |grid| {
            if let Some(e) = cells.cast::<web_sys::HtmlElement>() {
                let style = e.style();
                for (name, px) in [
                    ("--cells-left", grid.left),
                    ("--cells-top", grid.top),
                    ("--cell-width", grid.cell_width),
                    ("--cell-height", grid.cell_height),
                ] {
                    let _ = style.set_property(name, &format!("{px}px"));
                }
            }
        });
    }
    let onkeydown = {
        let (cells, grid) = (cells.clone(), grid);
        Callback::from(move |e: KeyboardEvent| {
            let (di, dl) = match e.key().as_str() {
                "ArrowLeft" => (-1, 0),
                "ArrowRight" => (1, 0),
                "ArrowUp" => (0, 1),
                "ArrowDown" => (0, -1),
                _ => return,
            };
            let Some(button) = e.target_dyn_into::<web_sys::HtmlElement>() else { return };
            let here = button.get_attribute("data-cell").unwrap_or_default();
            let mut parts = here.split('-').filter_map(|p| p.parse::<i64>().ok());
            let (Some(i), Some(l)) = (parts.next(), parts.next()) else { return };
            let (i, l) = ((i + di).clamp(1, grid.impacts), (l + dl).clamp(1, grid.likelihoods));
            let next = cells
                .cast::<web_sys::Element>()
                .and_then(|c| c.query_selector(&format!("[data-cell=\"{i}-{l}\"]")).ok().flatten());
            if let Some(next) = next.and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
                e.prevent_default();
                let _ = button.set_attribute("tabindex", "-1");
                let _ = next.set_attribute("tabindex", "0");
                let _ = next.focus();
            }
        })
    };
    let scales = &props.scales.scales;
    let which = map.which.key();
    // The one cell reached with Tab: the chosen one, else the top left.
    let entry = props.selected.unwrap_or((1, grid.likelihoods));
    html! {
        <figure class="heat-map" data-which={which}>
            { Html::from_html_unchecked(map.svg.clone()) }
            <div class="cells" ref={cells} role="group" {onkeydown}
                 aria-label={format!("{which} heat map: choose a cell to show its risks; arrow keys move between cells")}>
                { for (1..=grid.likelihoods).rev().map(|l| html! {
                    <div class="cell-row">
                        { for (1..=grid.impacts).map(|i| {
                            let n = map.counts[(l - 1) as usize][(i - 1) as usize];
                            let label = format!(
                                "{which}: impact {i} {}, likelihood {l} {}: {n} risk{}",
                                scales.impact[(i - 1) as usize], scales.likelihood[(l - 1) as usize], if n == 1 { "" } else { "s" });
                            let onclick = props.on_pick.reform(move |_: MouseEvent| (i, l));
                            html! {
                                <button type="button" class="cell" data-cell={format!("{i}-{l}")} aria-label={label}
                                        aria-pressed={(props.selected == Some((i, l))).to_string()}
                                        tabindex={if entry == (i, l) { "0" } else { "-1" }} {onclick}></button>
                            }
                        }) }
                    </div>
                }) }
            </div>
        </figure>
    }
}

#[function_component(Continuity)]
fn continuity() -> Html {
    let store = use_store();
    // Long plans show their first rows until asked for all (the CSV has them all).
    let show_all = use_state_eq(|| false);
    // What-if: nodes already available when the disruption starts.
    let available = use_state_eq(Vec::<String>::new);
    let candidate = use_state_eq(String::new);
    let scenario = {
        let workspace = store.state.current.clone();
        let key = (workspace.as_ref().map(|w| Rc::as_ptr(&w.analysis) as usize), (*available).clone());
        use_memo(key, move |(_, available)| {
            let w = workspace.filter(|_| !available.is_empty())?;
            let (register, analysis) = crate::continuity::what_if::scenario(&w.register, available, &w.options);
            Some((Rc::new(register), Rc::new(analysis)))
        })
    };
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
                _ => (continuity_charts::gantt_svg(&register, &analysis), "image/svg+xml"),
            };
            if let Err(why) = super::browser::download(&name, &content, mime) {
                dispatch.emit(Action::ExportFailed(Some(why)));
            }
        })
    };
    let late = a.recovery.iter().filter(|s| s.late > 0.0).count();
    let summary = format!(
        "{} nodes recovered in order, {late} after their RTO; the last back at {}",
        a.recovery.len(),
        fmt_hours(a.recovery.iter().map(|s| s.finish).fold(0.0, f64::max))
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
                    <NodeIds register={w.register.clone()} />
                    <button type="submit" disabled={!candidate_known || candidate.trim().is_empty()}>{"Mark available"}</button>
                    if !candidate_known { <span class="problem" id="available-node-problem">{"No node has this id"}</span> }
                </form>
            </div>
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
                    <GanttChart analysis={plan_analysis.clone()} register={plan_register.clone()} />
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
                </tr></thead>
                <tbody>
                    { for a.recovery[..shown].iter().enumerate().map(|(k, s)| html! {
                        <tr key={s.id.as_str()} class={classes!((s.late > 0.0).then_some("late"))}>
                            <td class="num">{k + 1}</td><td><a class="id" href={Route::Service { id: s.id.to_string() }.href("")}>{s.id.as_str()}</a></td><td>{name_of(s.id.as_str())}</td>
                            <td class="num">{fmt_hours(s.start).to_string()}</td><td class="num">{fmt_hours(s.finish).to_string()}</td>
                            <td class="num">{s.rto.map_or("–".to_string(), |h| fmt_hours(h).to_string())}</td>
                            <td class="num">{if s.late > 0.0 { fmt_hours(s.late).to_string() } else { String::new() }}</td>
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
            <DependencyMap />
            <ImpactOverTime />
        </section>
    }
}

/// The BIA as a graph: whole up to `MAP_LIMIT` nodes, else around a chosen node
/// (two steps along dependencies and dependents). Each box opens its node.
#[function_component(DependencyMap)]
fn dependency_map() -> Html {
    use crate::continuity::dependency_map::{map_svg, neighbourhood, MAP_LIMIT};
    let store = use_store();
    let focus = use_state_eq(String::new);
    let register = store.state.current.as_ref().map(|w| w.register.clone());
    let drawn = {
        let register = register.clone();
        let key = (register.as_ref().map(|r| Rc::as_ptr(r) as usize), (*focus).clone());
        use_memo(key, move |(_, focus)| {
            let register = register?;
            let graph = rampart_core::graph::ServiceGraph::build(&register.services, &mut Vec::new());
            let n = register.services.len();
            let shown: Vec<usize> = match graph.get(focus.trim()) {
                Some(i) => neighbourhood(&graph, i, 2),
                None if n <= MAP_LIMIT => (0..n).collect(),
                None => return None,
            };
            Some((AttrValue::from(map_svg(&register, &graph, &shown)), shown.len()))
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
        Callback::from(move |e: Event| chosen.set(Some(super::browser::value_of(&e))))
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
                    Some(h) => format!("Suggested RTO: {} (the impact reaches {} then).", fmt_hours(h), label(level)),
                    None => format!("The impact never reaches {}: no RTO is suggested.", label(level)),
                } }
                {format!(" Entered RTO: {}.", rto.map_or("none".to_string(), |h| fmt_hours(h).to_string()))}
                if let (Some(rto), Some(s)) = (rto, suggested) {
                    if rampart_core::findings::clearly_greater(rto, s) {
                        <strong class="warning">{format!(" The entered RTO is {} later than the suggestion: by then the impact is intolerable.", fmt_hours(rto - s))}</strong>
                    }
                }
            </p>
            <figure class="chart" role="img" aria-label={format!("Impact of {} over time", service.name)}>
                { Html::from_html_unchecked(AttrValue::from(continuity_charts::impact_svg(service, scales, level))) }
            </figure>
        </section>
    }
}

#[derive(Properties)]
struct NodeIdsProps {
    register: Rc<rampart_core::Register>,
}

impl PartialEq for NodeIdsProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.register, &other.register)
    }
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

#[derive(Properties)]
struct GanttChartProps {
    register: Rc<rampart_core::Register>,
    analysis: Rc<rampart_core::Analysis>,
}

/// Every change makes a new analysis: compare pointers, not 10 000 nodes.
impl PartialEq for GanttChartProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.register, &other.register) && Rc::ptr_eq(&self.analysis, &other.analysis)
    }
}

/// The timeline, drawn once per analysis.
#[function_component(GanttChart)]
fn gantt_chart(props: &GanttChartProps) -> Html {
    let svg = {
        let (register, analysis) = (props.register.clone(), props.analysis.clone());
        use_memo(Rc::as_ptr(&props.analysis) as usize, move |_| {
            AttrValue::from(continuity_charts::gantt_svg(&register, &analysis))
        })
    };
    Html::from_html_unchecked((*svg).clone())
}

#[function_component(Sla)]
fn sla() -> Html {
    use crate::sla::matrix::{matrix, week_caption, week_svg, worst_gap};
    const ROWS: usize = 50;
    let store = use_store();
    let chosen = use_state_eq(|| None::<(usize, usize)>);
    let rows_shown = use_state_eq(|| ROWS);
    let analysis = store.state.current.as_ref().map(|w| (w.register.clone(), w.analysis.clone()));
    let m = use_memo(analysis.as_ref().map(|(_, a)| Rc::as_ptr(a) as usize), move |_| {
        analysis.map(|(r, a)| matrix(&r, &a)).unwrap_or_default()
    });
    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let title = html! {
        <div class="view-title">
            <h2 id="sla-title">{"SLA alignment"}</h2>
            <a href={Route::NewAgreement.href("")} class="button primary">{"New agreement"}</a>
        </div>
    };
    if m.rows.is_empty() {
        return html! { <section aria-labelledby="sla-title">{title}<p>{"This register has no customer SLAs yet."}</p><Suppliers /></section> };
    }
    let rows = &m.rows[..m.rows.len().min(*rows_shown)];
    let columns: Vec<usize> =
        m.columns.iter().copied().filter(|&j| rows.iter().any(|&i| m.cells.contains_key(&(i, j)))).collect();
    let name = |i: usize| r.agreements[i].name.as_str();
    let agreement_link = |i: usize| {
        let id = r.agreements[i].id.as_str();
        html! { <a class="id" href={Route::Agreement { id: id.into() }.href("")}>{id}</a> }
    };
    let choose = |key: (usize, usize)| {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(if *chosen == Some(key) { None } else { Some(key) }))
    };
    let explained = chosen.and_then(|key| Some((key, m.cells.get(&key)?)));
    let on_more = {
        let rows_shown = rows_shown.clone();
        Callback::from(move |_: MouseEvent| rows_shown.set(*rows_shown + ROWS))
    };
    html! {
        <section aria-labelledby="sla-title">
            {title}
            <p class="legend">
                {"Each customer SLA against every supplier contract and OLA under it (found through the dependency graph): "}
                <span class="cell aligned">{"aligned"}</span>{" "}<span class="cell attention">{"ends too early"}</span>{" "}
                <span class="cell misaligned">{"does not back a target"}</span>{". Choose a cell for the reasons, or see "}
                <a href={Route::Findings.href("area=sla")}>{"every SLA finding"}</a>{"."}
            </p>
            <div class="table-scroll">
            <table class="sla-matrix">
                <thead><tr><th scope="col">{"Customer SLA"}</th>
                    { for columns.iter().map(|&j| html! { <th scope="col">{name(j)}<br/>{agreement_link(j)}</th> }) }
                </tr></thead>
                <tbody>{ for rows.iter().map(|&i| html! {
                    <tr key={i}>
                        <th scope="row">{name(i)}<br/>{agreement_link(i)}</th>
                        { for columns.iter().map(|&j| match m.cells.get(&(i, j)) {
                            Some(cell) => html! { <td>
                                <button type="button" class={classes!("cell", cell.status.key())} aria-pressed={(*chosen == Some((i, j))).to_string()}
                                        aria-label={format!("{} under {}: {}", name(j), name(i), cell.summary)} onclick={choose((i, j))}>{&cell.summary}</button>
                            </td> },
                            None => html! { <td class="none">{"–"}</td> },
                        }) }
                    </tr>
                }) }</tbody>
            </table>
            </div>
            if rows.len() < m.rows.len() {
                <p>{format!("The first {} of {} customer SLAs. ", rows.len(), m.rows.len())}
                    <button type="button" onclick={on_more}>{"Show more"}</button></p>
            }
            if let Some(((i, j), cell)) = explained {
                <section class="card explain" aria-live="polite" aria-labelledby="explain-title">
                    <h3 id="explain-title">{format!("{} under {}", name(j), name(i))}</h3>
                    if cell.findings.is_empty() {
                        <p class="ok">{"Every target, commitment and term of this agreement backs the customer SLA."}</p>
                    } else {
                        <ul class="findings">{ for cell.findings.iter().map(|&k| html! {
                            <li class={a.findings[k].severity.label()}><span class="code">{a.findings[k].code()}</span>{" "}{a.findings[k].message(r)}</li>
                        }) }</ul>
                    }
                    if let Some(gap) = worst_gap(a, cell) {
                        <figure class="chart week">
                            { Html::from_html_unchecked(AttrValue::from(week_svg(
                                &rampart_core::calendar::Calendar::from_hours(r.agreements[i].support_hours()), name(i),
                                &rampart_core::calendar::Calendar::from_hours(r.agreements[j].support_hours()), name(j), gap))) }
                            <figcaption>{week_caption(gap, name(j))}</figcaption>
                        </figure>
                    }
                </section>
            }
            <AvailabilityBreakdown rows={rows.to_vec()} />
            <Suppliers />
        </section>
    }
}

/// The suppliers contracts and OLAs name as their party: listed, added, edited
/// (a changed id follows into the agreements) and deleted.
#[function_component(Suppliers)]
fn suppliers() -> Html {
    use crate::sla::supplier_form::SupplierForm;
    use rampart_core::model::SupplierType;
    use rampart_core::model::{Id, Supplier};
    let store = use_store();
    let form = use_draft("/sla/suppliers".into(), SupplierForm::default).form;
    let Some(w) = &store.state.current else { return Html::default() };
    let problem = form.problem(&w.register);
    let ready = problem.is_none() && !form.id.trim().is_empty();
    let set = |part: usize| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut f = (*form).clone();
            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            match part {
                0 => f.id = v,
                1 => f.name = v,
                _ => f.kind = v.parse().unwrap_or(0),
            }
            form.set(f);
        })
    };
    let save = {
        let (form, dispatch, register) = (form.clone(), store.dispatch.clone(), w.register.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(supplier) = form.check(&register) {
                dispatch.emit(Action::SaveSupplier { supplier, replacing: form.editing().cloned() });
                form.set(SupplierForm::default());
            }
        })
    };
    let edit = |s: &Supplier| {
        let (form, value) = (form.clone(), SupplierForm::from_supplier(s));
        Callback::from(move |_: MouseEvent| form.set(value.clone()))
    };
    let delete = |id: &Id| {
        let (dispatch, id) = (store.dispatch.clone(), id.clone());
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::DeleteSupplier(id.clone())))
    };
    html! {
        <section class="card suppliers" aria-labelledby="suppliers-title">
            <h3 id="suppliers-title">{"Suppliers"}</h3>
            <table>
                <thead><tr><th scope="col">{"Id"}</th><th scope="col">{"Name"}</th><th scope="col">{"Type"}</th><th scope="col">{"Change"}</th></tr></thead>
                <tbody>{ for w.register.suppliers.iter().map(|s| html! {
                    <tr key={s.id.as_str()}>
                        <td><code dir="auto">{s.id.as_str()}</code></td><td dir="auto">{&s.name}</td>
                        <td>{s.supplier_type.unwrap_or_default().label()}</td>
                        <td><button type="button" onclick={edit(s)} aria-label={format!("Edit supplier {}", s.id)}>{"Edit"}</button>{" "}
                            <button type="button" class="danger" onclick={delete(&s.id)} aria-label={format!("Delete supplier {}", s.id)}>{"Delete"}</button></td>
                    </tr>
                }) }</tbody>
            </table>
            <form class="row" onsubmit={save} novalidate=true>
                <label for="supplier-id">{"Id"}</label>
                <input id="supplier-id" type="text" size="12" value={form.id.clone()} oninput={set(0).reform(Event::from)} />
                <label for="supplier-name">{"Name"}</label>
                <input id="supplier-name" type="text" value={form.name.clone()} oninput={set(1).reform(Event::from)} />
                <label for="supplier-type">{"Type"}</label>
                <select id="supplier-type" onchange={set(2)}>
                    { for SupplierType::ALL.iter().enumerate().map(|(k, t)| html! { <option value={k.to_string()} selected={k == form.kind}>{t.label()}</option> }) }
                </select>
                <button type="submit" class="primary" disabled={!ready}>{if form.editing().is_some() { "Save supplier" } else { "Add supplier" }}</button>
                if let Some(p) = problem { <p class="problem" role="status">{p}</p> }
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AvailabilityProps {
    rows: Vec<usize>,
}

/// For each customer SLA with a committed availability: the figure its service
/// can at best deliver, factor by factor (SPEC §5).
#[function_component(AvailabilityBreakdown)]
fn availability_breakdown(props: &AvailabilityProps) -> Html {
    use rampart_core::sla::Factor;
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let graph = rampart_core::graph::ServiceGraph::build(&r.services, &mut Vec::new());
    let node_name = |n: usize| {
        format!(
            "{} ({})",
            rampart_core::bidi::isolate(&r.services[n].name),
            rampart_core::bidi::isolate(&r.services[n].id)
        )
    };
    let pct = |p: f64| rampart_core::findings::fmt_percent(p).to_string();
    let committed: Vec<Html> = props.rows.iter().filter_map(|&i| {
                let sla = &r.agreements[i];
                let committed = sla.availability?.get();
                let node = graph.get(sla.service.as_deref()?)?;
                let composed = a.alignment.composed_availability[node];
                let factors = rampart_core::sla::availability_breakdown(&graph, &a.alignment, node);
                let short = composed.is_some_and(|c| rampart_core::findings::clearly_greater(committed, c));
                Some(html! {
                    <details class="card" open={short}>
                        <summary>
                            {format!("{}: commits to {}; ", rampart_core::bidi::isolate(&sla.name), pct(committed))}
                            <strong class={if short { "warning" } else { "ok" }}>
                                {composed.map_or("no figure (on or behind a dependency cycle)".into(), |c| format!("{} can at best deliver {}", rampart_core::bidi::isolate(&r.services[node].name), pct(c)))}
                            </strong>
                        </summary>
                        if let Some(factors) = factors {
                            <table class="factors">
                                <thead><tr><th scope="col">{"Factor"}</th><th scope="col" class="num">{"Availability"}</th></tr></thead>
                                <tbody>{ for factors.iter().map(|f| html! {
                                    <tr>
                                        <td>{ match f {
                                            Factor::Own(_) => format!("{} itself (its own figure and the agreements on it)", node_name(node)),
                                            Factor::Needs { node: d, .. } => format!("needs {}", node_name(*d)),
                                            Factor::OneOf { members, .. } => format!("needs one of {}", members.iter().map(|(m, p)| format!("{} at {}", node_name(*m), pct(*p))).collect::<Vec<_>>().join(" or ")),
                                        } }</td>
                                        <td class="num">{pct(f.availability())}</td>
                                    </tr>
                                }) }</tbody>
                                <tfoot><tr><th scope="row">{"Composed (the product)"}</th><td class="num">{composed.map(pct).unwrap_or_default()}</td></tr></tfoot>
                            </table>
                        }
                    </details>
                })
            }).collect();
    if committed.is_empty() {
        return Html::default();
    }
    html! {
        <section class="availability" aria-labelledby="availability-title">
            <h3 id="availability-title">{"Availability: committed against what the services can deliver"}</h3>
            { for committed }
        </section>
    }
}

#[function_component(Findings)]
fn findings() -> Html {
    use rampart_core::findings::Subject;
    let store = use_store();
    let location = use_location();
    let filter = use_state(|| None::<Severity>);
    // The area is in the URL (`#/findings?area=sla`), so that other views can link to it.
    let area = crate::app::route::query_pairs(&location.query)
        .into_iter()
        .find(|(k, _)| k == "area")
        .and_then(|(_, v)| Area::from_key(&v));
    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let keep =
        |f: &&rampart_core::Finding| filter.is_none_or(|s| f.severity == s) && area.is_none_or(|x| f.kind.area() == x);
    let shown: Vec<_> = a.findings.iter().filter(keep).collect();
    let choose = |s: Option<Severity>| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(s))
    };
    let pressed = |s: Option<Severity>| if *filter == s { "true" } else { "false" };
    let area_href = |x: Option<Area>| Route::Findings.href(&x.map(|x| format!("area={}", x.key())).unwrap_or_default());
    let export = {
        let (register, analysis, dispatch, severity, today) =
            (w.register.clone(), w.analysis.clone(), store.dispatch.clone(), *filter, w.options.today);
        Callback::from(move |_: MouseEvent| {
            let keep = |f: &&rampart_core::Finding| {
                severity.is_none_or(|s| f.severity == s) && area.is_none_or(|x| f.kind.area() == x)
            };
            let csv = crate::app::export::findings_csv(&register, analysis.findings.iter().filter(keep));
            let name = crate::app::export::findings_file_name(&register, today);
            if let Err(why) = super::browser::download(&name, &csv, "text/csv") {
                dispatch.emit(Action::ExportFailed(Some(why)));
            }
        })
    };
    // Each item a finding names, as a link to where it is edited.
    let link = |f: &rampart_core::Finding, s: Subject| {
        let id = match s {
            Subject::Risk(i) => r.risks.get(i as usize).map(|x| Route::Risk { id: x.id.to_string() }),
            Subject::Service(i) => r.services.get(i as usize).map(|x| Route::Service { id: x.id.to_string() }),
            Subject::Agreement(i) => r.agreements.get(i as usize).map(|x| Route::Agreement { id: x.id.to_string() }),
            Subject::UnknownRef => None,
        };
        let text = f.subject_ids(r)[f.subjects.iter().position(|x| *x == s).unwrap_or(0)].to_string();
        match id {
            Some(route) => html! { <a class="id" href={route.href("")}>{text}</a> },
            None => html! { <code>{text}</code> },
        }
    };
    html! {
        <section aria-labelledby="findings-title">
            <div class="view-title">
                <h2 id="findings-title">{format!("Findings ({} of {})", shown.len(), a.findings.len())}</h2>
                <button type="button" onclick={export}>{"Export these as CSV"}</button>
            </div>
            <div class="filters" role="group" aria-label="Severity">
                <button type="button" aria-pressed={pressed(None)} onclick={choose(None)}>{"All"}</button>
                { for [Severity::Error, Severity::Warning, Severity::Info].into_iter().map(|s| html! {
                    <button type="button" aria-pressed={pressed(Some(s))} onclick={choose(Some(s))}>{s.label()}</button>
                }) }
            </div>
            <nav class="filters" aria-label="Area">
                <a href={area_href(None)} aria-current={area.is_none().then_some("true")}>{"All areas"}</a>
                { for Area::ALL.iter().copied().map(|x| html! {
                    <a href={area_href(Some(x))} aria-current={(area == Some(x)).then_some("true")}>{x.label()}</a>
                }) }
            </nav>
            <div class="table-scroll">
            <table class="findings">
                <thead><tr><th scope="col">{"Severity"}</th><th scope="col">{"Area"}</th><th scope="col">{"Code"}</th><th scope="col">{"Concerns"}</th><th scope="col">{"Finding"}</th></tr></thead>
                <tbody>
                    { for shown.iter().take(1000).map(|f| html! {
                        <tr class={f.severity.label()}>
                            <td>{f.severity.label()}</td><td>{f.kind.area().label()}</td>
                            <td><code>{f.code()}</code></td>
                            <td class="concerns">{ for f.subjects.iter().map(|s| link(f, *s)) }</td>
                            <td>{f.message(r)}</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            if shown.len() > 1000 { <p>{format!("Showing the first 1000 of {}; export the CSV for all.", shown.len())}</p> }
        </section>
    }
}

/// The scales editor: levels, bands, appetite. Checked as you type; applying
/// re-scores the whole register at once.
#[function_component(ScalesEditor)]
fn scales_editor() -> Html {
    let store = use_store();
    let scales = store.state.current.as_ref().map(|w| w.analysis.scales.clone()).unwrap_or_default();
    let base = store.state.current.as_ref().and_then(|w| w.register.scales.clone());
    let draft = {
        let (scales, base) = (scales.clone(), base.clone());
        use_draft(Route::Scales.to_path(), move || ScalesForm::new(base.as_ref(), &scales))
    };
    let form = draft.form.clone();
    let checked = form.check();
    let text_field = |get: fn(&mut ScalesForm) -> &mut String| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let mut f = (*form).clone();
            *get(&mut f) = value;
            form.set(f);
        })
    };
    let area_field = |get: fn(&mut ScalesForm) -> &mut String| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlTextAreaElement>().value();
            let mut f = (*form).clone();
            *get(&mut f) = value;
            form.set(f);
        })
    };
    let band_field = |k: usize, part: usize| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let mut f = (*form).clone();
            if let Some(b) = f.bands.get_mut(k) {
                *[&mut b.name, &mut b.min, &mut b.color][part] = value;
            }
            form.set(f);
        })
    };
    let add_band = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.bands.push(BandRow::new());
            form.set(f);
        })
    };
    let remove_band = |k: usize| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.bands.remove(k);
            form.set(f);
        })
    };
    let apply = {
        let (dispatch, checked, draft) = (store.dispatch.clone(), checked.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(scales) = &checked {
                draft.saved();
                dispatch.emit(Action::SetScales(scales.clone()));
            }
        })
    };
    let reset = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    html! {
        <section aria-labelledby="scales-title">
            <h2 id="scales-title">{"Scales, bands and appetite"}</h2>
            <form class="scales card" onsubmit={apply}>
                <DraftNotice restored={draft.restored} on_discard={reset.clone()} />
                <div class="scale-columns">
                    <label for="likelihood-levels">{"Likelihood levels, lowest first (one per line, 2 to 10)"}
                        <textarea id="likelihood-levels" rows="10" value={form.likelihood.clone()} oninput={area_field(|f| &mut f.likelihood)} />
                    </label>
                    <label for="impact-levels">{"Impact levels, lowest first (one per line, 2 to 10)"}
                        <textarea id="impact-levels" rows="10" value={form.impact.clone()} oninput={area_field(|f| &mut f.impact)} />
                    </label>
                </div>
                <fieldset>
                    <legend>{"Bands (score from the minimum up to the next band)"}</legend>
                    { for form.bands.iter().enumerate().map(|(k, band)| html! {
                        <div class="band-row">
                            <label>{"Name "}<input type="text" value={band.name.clone()} oninput={band_field(k, 0)} /></label>
                            <label>{"Minimum score "}<input type="number" value={band.min.clone()} oninput={band_field(k, 1)} /></label>
                            <label>{"Colour "}<input type="color" value={band.color.clone()} oninput={band_field(k, 2)} /></label>
                            <button type="button" onclick={remove_band(k)} aria-label={format!("Remove band {}", k + 1)}>{"Remove"}</button>
                        </div>
                    }) }
                    <button type="button" onclick={add_band}>{"Add band"}</button>
                </fieldset>
                <label for="appetite">{"Risk appetite (residual scores above it must be treated or accepted) "}
                    <input id="appetite" type="number" value={form.appetite.clone()} oninput={text_field(|f| &mut f.appetite)} />
                </label>
                <label for="appetite-by-category">{"Appetite by category (one Category = score per line)"}
                    <textarea id="appetite-by-category" rows="4" value={form.by_category.clone()} oninput={area_field(|f| &mut f.by_category)} />
                </label>
                if let Err(problems) = &checked {
                    <ul class="problems" role="alert">{ for problems.iter().map(|p| html! { <li>{p}</li> }) }</ul>
                }
                <div class="actions">
                    <button type="submit" disabled={checked.is_err()}>{"Apply to the register"}</button>
                    <button type="button" onclick={reset}>{"Undo changes"}</button>
                    <SavedHere label={saved::SCALES} changed={draft.changed} />
                </div>
            </form>
        </section>
    }
}
