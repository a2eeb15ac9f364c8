//! Importing risks from a spreadsheet's CSV: pick the file, check the column
//! mapping (guessed from the headers), see every problem by row and column, then
//! import. The checks are [`crate::risks::csv_import`]'s.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::state::Action;
use crate::risks::csv_import::{plan, CsvTable, Mapping, Target};
use crate::ui::use_store;

/// A CSV file being mapped, or why it could not be read.
#[derive(Clone, PartialEq)]
pub enum Picked {
    Loaded { file: String, table: Rc<CsvTable>, mapping: Mapping },
    Unreadable(String),
}

#[derive(Properties, PartialEq)]
pub struct ImportButtonProps {
    pub on_pick: Callback<Picked>,
}

/// The "Import risks CSV…" button: reads the chosen file.
#[function_component(ImportButton)]
pub fn import_button(props: &ImportButtonProps) -> Html {
    let input = use_node_ref();
    let choose = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let onchange = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (on_pick, name) = (on_pick.clone(), file.name());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = gloo::file::futures::read_as_bytes(&gloo::file::File::from(file)).await;
                on_pick.emit(
                    match bytes.map_err(|e| e.to_string()).and_then(|b| CsvTable::parse(&b).map_err(|e| e.to_string()))
                    {
                        Ok(table) => {
                            let mapping = Mapping::guess(&table.headers);
                            Picked::Loaded { file: name, table: Rc::new(table), mapping }
                        }
                        Err(why) => Picked::Unreadable(format!("Could not read {name}: {why}")),
                    },
                );
            });
        })
    };
    html! {
        <>
            <button type="button" onclick={choose}>{"Import risks CSV…"}</button>
            <input ref={input} id="import-csv" type="file" accept=".csv,text/csv" class="visually-hidden"
                   aria-label="Import risks from a CSV file" {onchange} tabindex="-1" />
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub picked: Picked,
    /// A new mapping, or `None` when done (imported or cancelled).
    pub on_change: Callback<Option<Picked>>,
}

/// The mapping step: a column per field, every problem by row and column, Import.
#[function_component(ImportPanel)]
pub fn import_panel(props: &ImportPanelProps) -> Html {
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
    let (file, table, mapping) = match &props.picked {
        Picked::Unreadable(why) => {
            let close = props.on_change.reform(|_: MouseEvent| None);
            return html! {
                <section class="notice error csv-import" role="alert">
                    <p>{why.clone()}</p><button type="button" onclick={close}>{"Dismiss"}</button>
                </section>
            };
        }
        Picked::Loaded { file, table, mapping } => (file, table, mapping),
    };
    let checked = plan(&w.register, &w.analysis.scales, table, mapping);
    let remap = |target: Target| {
        let picked = props.picked.clone();
        props.on_change.reform(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut next = picked.clone();
            if let Picked::Loaded { mapping, .. } = &mut next {
                mapping.set(target, value.parse::<usize>().ok());
            }
            Some(next)
        })
    };
    let import = {
        let (dispatch, on_change, checked, file) =
            (store.dispatch.clone(), props.on_change.clone(), checked.clone(), file.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(plan) = &checked {
                dispatch.emit(Action::ImportRisks { file: file.clone(), plan: plan.clone() });
                on_change.emit(None);
            }
        })
    };
    let cancel = props.on_change.reform(|_: MouseEvent| None);
    html! {
        <section class="card csv-import" aria-labelledby="csv-import-title">
            <h3 id="csv-import-title">{format!("Import {} rows from {}", table.rows.len(), rampart_core::bidi::isolate(file))}</h3>
            <p>{"Choose the column for each field (guessed from the headers). A row whose id is a risk updates it; \
                any other id adds a risk. Levels may be numbers or the scale's labels; dates are YYYY-MM-DD."}</p>
            <div class="mapping">
                { for Target::ALL.iter().map(|&t| {
                    let id = format!("map-{}", t.label().to_lowercase().replace(' ', "-"));
                    let current = mapping.column(t);
                    html! {
                        <div class="field">
                            <label for={id.clone()}>{t.label()}</label>
                            <select {id} onchange={remap(t)}>
                                <option value="" selected={current.is_none()}>{"— not imported —"}</option>
                                { for table.headers.iter().enumerate().map(|(k, h)| html! {
                                    <option value={k.to_string()} selected={current == Some(k)}>{h.clone()}</option>
                                }) }
                            </select>
                        </div>
                    }
                }) }
            </div>
            { match &checked {
                Ok(p) => html! {
                    <p class="ok" role="status">{format!("Ready: {} new risks, {} updated.", p.added(), p.risks.len() - p.added())}</p>
                },
                Err(problems) => html! {
                    <div role="alert">
                        <p class="problem">{format!("{} problem(s): nothing will be imported until they are fixed in the file or the mapping.", problems.len())}</p>
                        <ul class="problems">{ for problems.iter().take(50).map(|p| html! { <li>{p.to_string()}</li> }) }</ul>
                        if problems.len() > 50 { <p>{format!("… and {} more.", problems.len() - 50)}</p> }
                    </div>
                },
            } }
            <div class="actions">
                <button type="button" class="primary" disabled={checked.is_err()} onclick={import}>{"Import"}</button>
                <button type="button" onclick={cancel}>{"Cancel"}</button>
            </div>
        </section>
    }
}
