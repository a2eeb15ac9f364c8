//! Importing risks from a spreadsheet (XLSX, XLS, ODS or CSV). The import
//! module (loaded on first use) reads the file, renders the mapping and the
//! preview of what the import would change, and answers the plan; this host
//! shows its HTML (every text escaped there), sends the form back on each
//! change, and applies the plan as one step the user can undo.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::{Action, Failure};
use crate::ui::{modules, use_store};

#[derive(Properties, PartialEq)]
pub struct ImportButtonProps {
    /// The name of the file the module has read.
    pub on_read: Callback<String>,
}

/// The "Import spreadsheet…" button: the chosen file is read by the module.
#[function_component(ImportButton)]
pub fn import_button(props: &ImportButtonProps) -> Html {
    let store = use_store();
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
        let (on_read, dispatch) = (props.on_read.clone(), store.dispatch.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let (on_read, done) = (on_read.clone(), dispatch.clone());
            // Read as any file is opened (the size check, the busy indicator).
            let read = Callback::from(move |(name, bytes): (String, Vec<u8>)| {
                let (on_read, done) = (on_read.clone(), done.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let args = [name.clone().into(), js_sys::Uint8Array::from(&bytes[..]).into()];
                    let answer = modules::call_texts("import", "import_open", &args).await;
                    done.emit(Action::Idle);
                    match answer.as_deref() {
                        Ok([kind, ..]) if kind == "sheets" => {
                            // An earlier file's refusal is not about this one.
                            done.emit(Action::Failed(None));
                            on_read.emit(name);
                        }
                        Ok([_, why]) => done.emit(Action::Failed(Some(Failure {
                            what: "Nothing was imported".into(),
                            why: why.clone(),
                        }))),
                        Ok(_) => {}
                        Err(why) => done.emit(Action::Failed(Some(Failure {
                            what: format!("Could not read {name}"),
                            why: why.clone(),
                        }))),
                    }
                });
            });
            crate::ui::shell::read_file(file, read, dispatch.clone());
        })
    };
    html! {
        <>
            <button type="button" id="import-sheet-button" onclick={choose}>{"Import spreadsheet…"}</button>
            <input ref={input} id="import-sheet" type="file"
                   accept=".xlsx,.xlsm,.xls,.ods,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,application/vnd.oasis.opendocument.spreadsheet"
                   class="visually-hidden" aria-label="Import risks from a spreadsheet (XLSX, XLS, ODS or CSV)" {onchange} tabindex="-1" />
        </>
    }
}

/// Gives the focus back to the Import spreadsheet… button once the panel has
/// closed, so that a keyboard user goes on from where the import started.
pub fn focus_import_button() {
    crate::ui::browser::focus_soon("import-sheet-button");
}

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// The file the module has read.
    pub file: String,
    /// Called when done: applied or cancelled (Cancel, or Escape in the panel).
    pub on_done: Callback<()>,
}

/// What the module answered to question `asked`: the page and the plan
/// (empty: refused).
struct Answer {
    asked: u64,
    page: Result<(String, String), String>,
}

/// The mapping and the preview, as the module renders them; Apply.
#[function_component(ImportPanel)]
pub fn import_panel(props: &ImportPanelProps) -> Html {
    let store = use_store();
    let form = use_state(String::new);
    let answer = use_state(|| None::<Rc<Answer>>);
    // The latest question asked: only its answer may be applied (an older
    // plan was made for other columns, or for the register before an undo).
    let asked = use_mut_ref(|| 0u64);
    {
        let (answer, asked) = (answer.clone(), asked.clone());
        let current = store.state.current.clone();
        let deps = (current.as_ref().map(|w| Same::of(&w.register)), (*form).clone(), props.file.clone());
        use_effect_with(deps, move |(_, form, _)| {
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            let form = form.clone();
            if let Some(w) = current {
                wasm_bindgen_futures::spawn_local(async move {
                    let args = [
                        rampart_core::import::to_json(&w.register).into(),
                        w.options.today.to_string().into(),
                        w.options.teams.count().into(),
                        form.into(),
                    ];
                    let texts = modules::call_texts("import", "import_view", &args).await;
                    if *asked.borrow() != this {
                        return;
                    }
                    let page = match texts.as_deref() {
                        Ok([kind, html, plan]) if kind == "page" => Ok((html.clone(), plan.clone())),
                        Ok([_, why]) => Err(why.clone()),
                        Ok(_) => Err("an answer this version cannot read".into()),
                        Err(why) => Err(why.clone()),
                    };
                    answer.set(Some(Rc::new(Answer { asked: this, page })));
                });
            }
        });
    }
    let onchange = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let element = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let owner = element.and_then(|el| el.closest("form").ok().flatten());
            if let Some(f) = owner.and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) {
                form.set(crate::ui::browser::form_fields(&f));
            }
        })
    };
    let current = answer.as_deref().is_some_and(|a| a.asked == *asked.borrow());
    let onclick = {
        let (answer, dispatch, file, on_done) =
            (answer.clone(), store.dispatch.clone(), props.file.clone(), props.on_done.clone());
        Callback::from(move |e: MouseEvent| {
            let act = crate::ui::browser::acted(&e).and_then(|b| b.get_attribute("data-act"));
            match act.as_deref() {
                Some("apply") => {
                    let Some(Answer { page: Ok((_, plan)), .. }) = answer.as_deref().filter(|_| current) else {
                        return;
                    };
                    match serde_json::from_str::<rampart_core::sheet::Plan>(plan) {
                        Ok(plan) => {
                            dispatch.emit(Action::ImportRisks { file: file.clone(), plan });
                            on_done.emit(());
                        }
                        Err(e) => dispatch.emit(Action::Failed(Some(Failure {
                            what: "Nothing was imported".into(),
                            why: format!("the import module answered a plan this version cannot read ({e})"),
                        }))),
                    }
                }
                Some("cancel") => on_done.emit(()),
                _ => {}
            }
        })
    };
    let close_on_escape = {
        let on_done = props.on_done.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_done.emit(());
            }
        })
    };
    match answer.as_deref().map(|a| &a.page) {
        None => html! {
            <p class="busy card" role="status">{format!("Reading {}…", rampart_core::bidi::isolate(&props.file))}</p>
        },
        Some(Err(why)) => {
            let close = props.on_done.reform(|_: MouseEvent| ());
            html! {
                <section class="notice error sheet-import" role="alert">
                    <p>{format!("Could not import {}: {why}", rampart_core::bidi::isolate(&props.file))}</p>
                    <button type="button" onclick={close}>{"Dismiss"}</button>
                </section>
            }
        }
        Some(Ok((page, _))) => html! {
            <div class="sheet-import-host" {onchange} {onclick} onkeydown={close_on_escape} aria-busy={(!current).to_string()}>
                if !current {
                    <p class="busy" role="status">{"Updating the preview… (Apply waits for it)"}</p>
                }
                {Html::from_html_unchecked(AttrValue::from(page.clone()))}
            </div>
        },
    }
}
