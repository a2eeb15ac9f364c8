//! The risk table's heat maps: inherent and residual, counting the risks the
//! table's other filters leave, each cell a button that filters the table to it.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;
use crate::risks::charts::{self, Which};
use crate::risks::table as risk_table;
use crate::ui::use_store;

#[derive(Properties, PartialEq)]
pub struct HeatMapsProps {
    /// The chosen cell (`residual-3-3`), if any.
    pub cell: Option<String>,
    /// The risks the table's other filters leave (the cell aside).
    pub rows: Rc<Vec<usize>>,
    /// Choose (or, again, clear) a cell by its key.
    pub on_pick: Callback<String>,
    /// What the rows are: "threats", "opportunities".
    pub noun: AttrValue,
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
pub fn heat_maps(props: &HeatMapsProps) -> Html {
    let store = use_store();
    // Drawn once per analysis and set of rows.
    let maps = {
        let workspace = store.state.current.clone();
        let (rows, noun) = (props.rows.clone(), props.noun.clone());
        use_memo(
            (workspace.as_ref().map(|w| Same::of(&w.analysis)), Same::of(&props.rows), props.noun.clone()),
            move |_| {
                workspace.map(|w| {
                    [Which::Inherent, Which::Residual].map(|which| {
                        let map = charts::heat_map(&w.analysis, which, &rows, &noun);
                        Rc::new(DrawnMap { which, svg: map.svg.into(), grid: map.grid, counts: map.counts })
                    })
                })
            },
        )
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
                html! { <HeatMapFigure map={Same::of(map)} scales={Same::of(&w.analysis)} {selected} {on_pick} /> }
            }) }
            if let Some(cell) = props.cell.as_deref().and_then(|c| charts::describe_cell(c, &w.analysis.scales)) {
                <p class="cell-filter" role="status">{format!("Showing {cell}. Choose the cell again to show all.")}</p>
            }
        </div>
    }
}

/// The map and the analysis are new objects whenever they change: `Same`.
#[derive(Properties, PartialEq)]
struct HeatMapFigureProps {
    map: Same<DrawnMap>,
    /// For the scale labels of the cells.
    scales: Same<rampart_core::Analysis>,
    selected: Option<(i64, i64)>,
    on_pick: Callback<(i64, i64)>,
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
