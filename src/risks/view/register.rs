//! The risk register view: the table (only the rows in view rendered), its
//! filters, the heat maps and the movement chart.

use std::rc::Rc;

use rampart_core::lifecycle::{standings, Quick, Standings};
use rampart_core::model::{RiskKind, RiskStatus};
use rampart_core::scoring::Scored;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::Action;

use crate::risks::charts;
use crate::risks::table::{self as risk_table, Column, RiskQuery, SearchIndex};
use crate::risks::view::heat_maps::HeatMaps;
use crate::risks::view::sheet_import::{ImportButton, ImportPanel};
use crate::ui::router::use_location;
use crate::ui::widgets::swatch;
use crate::ui::{use_store, Route};

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
pub fn risks() -> Html {
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
    // The spreadsheet being imported (read by the import module), numbered:
    // each file read starts a panel of its own, even under the same name.
    let importing = use_state(|| None::<(u32, String)>);
    {
        let search = search.clone();
        use_effect_with(in_url.q.clone(), move |q| search.set(q.clone()));
    }
    let query = RiskQuery { q: (*search).clone(), ..in_url };
    let register = store.state.current.as_ref().map(|w| w.register.clone());
    let register_for_choices = register.clone();
    let index = use_memo(register.as_ref().map(Same::of), move |_| {
        register.as_deref().map(SearchIndex::new).unwrap_or_default()
    });
    // The categories and owners to filter by: worked out once per register, not per keystroke.
    let choices = {
        let register = register_for_choices;
        use_memo(register.as_ref().map(Same::of), move |_| {
            register.map(|r| risk_table::categories_and_owners(&r)).unwrap_or_default()
        })
    };
    // Where each risk stands (the engine's lifecycle), once per analysis.
    let standings = {
        let workspace = store.state.current.clone();
        use_memo(workspace.as_ref().map(|w| (Same::of(&w.analysis), w.options.today)), move |_| {
            workspace.map(|w| standings(&w.register, &w.analysis, w.options.today)).unwrap_or_default()
        })
    };
    let filtered = |query: RiskQuery| {
        let workspace = store.state.current.clone();
        let (index, standings) = (index.clone(), standings.clone());
        move |_: &_| {
            workspace
                .map(|w| risk_table::rows(&w.register, &w.analysis, &standings.risks, &index, &query))
                .unwrap_or_default()
        }
    };
    let analysis = store.state.current.as_ref().map(|w| Same::of(&w.analysis));
    let rows = use_memo((query.clone(), analysis.clone()), filtered(query.clone()));
    // The heat maps count what the other filters leave: choosing a cell does not
    // empty the rest of the map.
    let beside_cell = RiskQuery { cell: None, sort: None, ..query.clone() };
    let beside_rows = use_memo((beside_cell.clone(), analysis), filtered(beside_cell));
    // Threats and opportunities are not mapped together (a high score is good
    // news for an opportunity): the maps show threats, or opportunities when
    // that is the question asked.
    let kind = if query.quick == Some(Quick::Opportunity) { RiskKind::Opportunity } else { RiskKind::Threat };
    let map_rows = {
        let (workspace, rows) = (store.state.current.clone(), beside_rows.clone());
        use_memo((Same::of(&beside_rows), kind), move |(_, kind)| {
            workspace
                .map(|w| rampart_core::summary::of_kind(&w.register, rows.iter().copied(), *kind))
                .unwrap_or_default()
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
    let choose_quick = {
        let (latest_query, set_query) = (latest_query.clone(), set_query.clone());
        use_callback((), move |quick: Quick, _| {
            let q = latest_query.borrow().clone();
            let quick = (q.quick != Some(quick)).then_some(quick);
            set_query.emit(RiskQuery { quick, ..q });
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
            let csv = rampart_core::sheet::risks_csv(&register, &analysis);
            crate::ui::browser::offer(&name, &csv, "text/csv", &dispatch);
        })
    };
    let export_ics = {
        let (register, dispatch) = (w.register.clone(), store.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            // The first calendar of a register gives it the id its events keep
            // for good (a rename or a copy by email makes no duplicates).
            let mut register = (*register).clone();
            if !register.extra.0.contains_key(rampart_core::ics::CALENDAR_ID_KEY) {
                let id = crate::ui::browser::random_key();
                register.extra.0.insert(rampart_core::ics::CALENDAR_ID_KEY.into(), id.clone().into());
                dispatch.emit(Action::SetCalendarId(id));
            }
            let name = crate::app::export::reminders_file_name(&register, today);
            match rampart_core::ics::calendar(&register, crate::ui::browser::calendar_stamp()) {
                Some(ics) => crate::ui::browser::offer(&name, &ics, "text/calendar", &dispatch),
                None => dispatch.emit(Action::Failed(Some(crate::app::state::Failure {
                    what: "No calendar reminders".into(),
                    why: "no risk has a review date, an action due date or an acceptance expiry".into(),
                }))),
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
                    <button type="button" onclick={export_ics} title="Review dates, action due dates and acceptance expiries, for Outlook or Google Calendar">{"Calendar reminders (.ics)"}</button>
                    <ImportButton on_read={let importing = importing.clone(); Callback::from(move |f| {
                        let n = (*importing).as_ref().map_or(0, |(n, _)| n + 1);
                        importing.set(Some((n, f)));
                    })} />
                </div>
            </div>
            if let Some((n, file)) = &*importing {
                <ImportPanel key={n.to_string()} file={file.clone()} on_done={let importing = importing.clone(); Callback::from(move |_| {
                    importing.set(None);
                    crate::risks::view::sheet_import::focus_import_button();
                })} />
            }
            <QuickAnswers counts={Same::of(&standings)} current={query.quick} on_choose={choose_quick} />
            <HeatMaps cell={query.cell.clone()} rows={map_rows.clone()} on_pick={pick_cell}
                      noun={if kind == RiskKind::Opportunity { "opportunities" } else { "threats" }} />
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
                        let overdue = standings.risks.get(i).is_some_and(|s| s.review_overdue.is_some());
                        let (class, note) = standings.risks.get(i).map(risk_table::appetite_note).unwrap_or_default();
                        html! {
                            <tr key={risk.id.as_str()}>
                                <td><a class="id" href={Route::Risk { id: risk.id.to_string() }.href("")}>{risk.id.as_str()}</a></td>
                                <td title={risk.title.clone()}>
                                    if risk.kind() == RiskKind::Opportunity { <span class="kind opportunity">{"Opportunity"}</span>{" "} }
                                    {&risk.title}
                                </td>
                                <td>{risk.owner.clone().unwrap_or_default()}</td>
                                <td>{risk.category.clone().unwrap_or_default()}</td>
                                <td>{risk.status().label()}</td>
                                {score_cell(&rating.inherent, &a.scales)}
                                {score_cell(&rating.residual, &a.scales)}
                                {score_cell(&rating.target, &a.scales)}
                                <td class={classes!((!class.is_empty()).then_some(class))} title={note.clone()}>{note}</td>
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
    let statuses: Vec<String> = RiskStatus::ALL.iter().map(|s| s.key().to_string()).collect();
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
                <figure class="chart movement-chart" role="img" aria-label={props.rows[..shown].iter().map(|&i| {
                    let (risk, g) = (&w.register.risks[i], &w.analysis.ratings[i]);
                    format!("{} {}: inherent {}, residual {}, target {}", rampart_core::bidi::isolate(&risk.id), rampart_core::bidi::isolate(&risk.title), g.inherent.score, g.residual.score, g.target.score)
                }).collect::<Vec<_>>().join("; ")}>
                    { Html::from_html_unchecked(AttrValue::from(charts::movement_svg(&w.register, &w.analysis, &props.rows))) }
                </figure>
                <p class="hint">{"Filter or sort the table, or choose a heat-map cell, to choose the risks shown."}</p>
            }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct QuickAnswersProps {
    counts: Same<Standings>,
    current: Option<Quick>,
    on_choose: Callback<Quick>,
}

/// The one-click questions with how many risks answer each (the engine's
/// counts); choosing one filters the table to its risks, again to show all.
#[function_component(QuickAnswers)]
fn quick_answers(props: &QuickAnswersProps) -> Html {
    html! {
        <div class="filters quick-answers" role="group" aria-label="Quick answers">
            { for Quick::ALL.iter().map(|q| {
                let quick = *q;
                html! {
                    <button type="button" class={classes!("quick", q.key())} aria-pressed={(props.current == Some(quick)).to_string()}
                            onclick={props.on_choose.reform(move |_: MouseEvent| quick)}>
                        <span class="count">{props.counts.count(quick)}</span>{" "}{q.label()}
                    </button>
                }
            }) }
        </div>
    }
}
