//! The frame every view lives in: header, navigation, toolbar, notices, and the
//! drop zone for register files.

use std::collections::BTreeMap;

use rampart_core::{Register, Severity};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;

use super::pages;
use super::router::use_location;
use super::{browser, keeping, storage};
use super::{use_store, Route};
use crate::app::export;
use crate::app::state::{Action, Failure};

#[function_component(Shell)]
pub fn shell() -> Html {
    let store = use_store();
    let dragging = use_state(|| false);
    let route = use_location().route;
    let on_registers = route == Route::Registers;
    // A link or button that took the user to another view, or another register,
    // may be gone with what it was in: the keyboard then goes on from the top of
    // the new view, not the page's. (Not before the user has done anything: on
    // opening the app, the first Tab goes to "Skip to content".)
    let acted = use_mut_ref(|| false);
    {
        let acted = acted.clone();
        use_effect_with((route, store.state.opened), move |_| {
            if !*acted.borrow() {
                return;
            }
            let document = web_sys::window().and_then(|w| w.document());
            let body = document.as_ref().and_then(|d| d.body()).map(web_sys::Element::from);
            if document.and_then(|d| d.active_element()).is_none_or(|a| Some(a) == body) {
                crate::ui::browser::focus("main");
            }
        });
    }

    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let (open_file, dispatch) = (store.open_file.clone(), store.dispatch.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                read_file(file, open_file.clone(), dispatch.clone());
            }
        })
    };

    // Band colours as CSS properties on the page, once per analysis: every swatch
    // is then a class (CSSOM, not a style attribute, which the CSP forbids).
    {
        let analysis = store.state.current.as_ref().map(|w| w.analysis.clone());
        use_effect_with(analysis.as_ref().map(Same::of), move |_| {
            let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
            let root = root.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
            if let (Some(root), Some(a)) = (root, analysis) {
                for (k, band) in a.scales.bands.iter().enumerate() {
                    let colour = rampart_core::model::Colour::of_band(band.color.as_deref()).hex();
                    let _ = root.style().set_property(&format!("--band-{k}"), &colour);
                }
            }
        });
    }
    let (onkeydown, onpointerdown) = {
        let (a, b) = (acted.clone(), acted);
        (
            Callback::from(move |_: KeyboardEvent| *a.borrow_mut() = true),
            Callback::from(move |_: PointerEvent| *b.borrow_mut() = true),
        )
    };
    html! {
        <div class={classes!("shell", dragging.then_some("dragging"))} data-saved={store.state.all_saved().to_string()}
             {ondragover} {ondragleave} {ondrop} {onkeydown} {onpointerdown}>
            <a class="skip-link" href="#main" onclick={skip_to_content}>{"Skip to content"}</a>
            <Header />
            <Notices />
            <crate::travel::view::arrived::ArrivedNotice />
            <main id="main" tabindex="-1">
                if store.state.current.is_some() || on_registers {
                    <Page />
                } else {
                    <EmptyState />
                }
            </main>
            if let Some(what) = &store.state.busy {
                <div class="busy" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{what}</div>
            }
            if *dragging {
                <div class="drop-hint" aria-hidden="true">{"Drop a register file (.json) to open it"}</div>
            }
        </div>
    }
}

/// Reads a picked or dropped file and hands its bytes to `open_file`; the busy
/// indicator shows from the start, reading included.
pub fn read_file(file: web_sys::File, open_file: Callback<(String, Vec<u8>)>, dispatch: Callback<Action>) {
    let name = file.name();
    if file.size() > crate::workspace::MAX_OPEN_BYTES as f64 {
        let why = format!(
            "It is {}; a register opened in the browser must be at most {} (the page's memory holds the file, \
             the register and its analysis). The rampart command line checks registers of any size.",
            crate::workspace::human_bytes(file.size() as u64),
            crate::workspace::human_bytes(crate::workspace::MAX_OPEN_BYTES)
        );
        dispatch.emit(Action::Failed(Some(Failure { what: format!("{name} is too large to open here"), why })));
        return;
    }
    dispatch.emit(Action::Busy(format!("Opening {}…", rampart_core::bidi::isolate(&name))));
    let file = gloo::file::File::from(file);
    wasm_bindgen_futures::spawn_local(async move {
        match gloo::file::futures::read_as_bytes(&file).await {
            Ok(bytes) => open_file.emit((name, bytes)),
            Err(e) => open_file.emit((format!("{name} ({e})"), Vec::new())),
        }
    });
}

#[function_component(EmptyState)]
fn empty_state() -> Html {
    html! {
        <section class="empty">
            <h2>{"No register open"}</h2>
            <p>{"Start a new register, open a register file (or drop one here), or load the example to look around. \
                Everything stays in this browser: nothing is uploaded."}</p>
            <Toolbar />
        </section>
    }
}

/// The view of the current route.
#[function_component(Page)]
fn page() -> Html {
    // Keyed by the register put on screen: no form of one register outlives it
    // into another (or into the version another tab saved).
    let opened = use_store().state.opened;
    let route = use_location().route;
    html! { <div class="view" key={opened.to_string()}>{pages::switch(route)}</div> }
}

/// Moves the focus to the view without touching the address (which holds the route).
fn skip_to_content(e: MouseEvent) {
    e.prevent_default();
    crate::ui::browser::focus("main");
}

#[function_component(Header)]
fn header() -> Html {
    let store = use_store();
    let route = use_location().route;
    // Counted once per analysis: the header re-renders on every change of route.
    let by_severity = {
        let analysis = store.state.current.as_ref().map(|w| w.analysis.clone());
        use_memo(analysis.as_ref().map(Same::of), move |_| {
            let mut by_severity: BTreeMap<Severity, usize> = BTreeMap::new();
            for f in analysis.iter().flat_map(|a| &a.findings) {
                *by_severity.entry(f.severity()).or_default() += 1;
            }
            by_severity
        })
    };
    let registers = html! {
        <a href={Route::Registers.href("")} class={classes!("registers-link", (route == Route::Registers).then_some("active"))}>
            {"Registers"}
        </a>
    };
    let Some(w) = &store.state.current else {
        return html! { <header class="app-header"><h1 class="brand">{"Rampart"}</h1>{registers}<Toolbar /></header> };
    };
    let r = &w.register;
    let badge = |s: Severity| {
        let n = by_severity.get(&s).copied().unwrap_or(0);
        let label = format!("{n} {}{}", s.label(), if n == 1 || s == Severity::Info { "" } else { "s" });
        html! { <a href={Route::Findings.href("")} class={classes!("badge", s.label())}>{label}</a> }
    };
    html! {
        <header class="app-header">
            <div class="title">
                <span class="brand">{"Rampart"}</span>
                <h1 class="register-name"><bdi>{&r.name}</bdi></h1>
                if let Some(org) = &r.organization { <span class="organization"><bdi>{org}</bdi></span> }
                {registers}
            </div>
            <div class="badges" aria-label="Findings by severity">
                {badge(Severity::Error)}{badge(Severity::Warning)}{badge(Severity::Info)}
            </div>
            <Toolbar />
            <nav aria-label="Views">
                <ul>
                    { for Route::VIEWS.iter().map(|(to, label)| html! {
                        <li>
                            <a href={to.href("")} class={classes!((route.view() == *to).then_some("active"))}>
                                {*label}
                            </a>
                        </li>
                    }) }
                </ul>
            </nav>
        </header>
    }
}

/// New, open, example, and the exports.
#[function_component(Toolbar)]
pub fn toolbar() -> Html {
    let store = use_store();
    let input = use_node_ref();
    let copied = use_state(|| None::<Result<(), String>>);

    let on_pick = {
        let (open_file, dispatch) = (store.open_file.clone(), store.dispatch.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, open_file.clone(), dispatch.clone());
            }
            input.set_value("");
        })
    };
    let open = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<web_sys::HtmlInputElement>() {
                i.click();
            }
        })
    };
    let naming = use_state(|| false);
    let new_name = use_node_ref();
    let new_register = {
        let naming = naming.clone();
        Callback::from(move |_: MouseEvent| {
            naming.set(true);
            // (autofocus does not apply to a field added after the page loaded)
            crate::ui::browser::focus_soon("new-register-name");
        })
    };
    let create = {
        let (naming, new_name, dispatch) = (naming.clone(), new_name.clone(), store.dispatch.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let name = new_name.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let name = name.trim();
            if name.is_empty() {
                return;
            }
            naming.set(false);
            dispatch.emit(super::new_register(Register::new(name), format!("Created {name}")));
        })
    };
    // Cancel or Escape: the form closes and the keyboard is back on its button
    // (this toolbar's: with no register open there are two).
    let new_button = use_node_ref();
    let close_new = {
        let (naming, button) = (naming.clone(), new_button.clone());
        move || {
            naming.set(false);
            let button = button.clone();
            gloo::timers::callback::Timeout::new(0, move || {
                if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            })
            .forget();
        }
    };
    let cancel_new = {
        let close_new = close_new.clone();
        Callback::from(move |_: MouseEvent| close_new())
    };
    let escape_new = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            close_new();
        }
    });
    let example = {
        let (open_file, dispatch) = (store.open_file.clone(), store.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let (open_file, dispatch) = (open_file.clone(), dispatch.clone());
            dispatch.emit(Action::Busy("Opening the example…".into()));
            wasm_bindgen_futures::spawn_local(async move {
                match browser::fetch_bytes(browser::EXAMPLE_PATH).await {
                    Ok(bytes) => open_file.emit(("online-banking.json".into(), bytes)),
                    Err(why) => {
                        dispatch.emit(Action::Failed(Some(Failure { what: "Could not open the example".into(), why })))
                    }
                }
            });
        })
    };

    let exports = store.state.current.as_ref().map(|w| {
        let register = w.register.clone();
        let analysis = w.analysis.clone();
        let options = w.options;
        let dispatch = store.dispatch.clone();
        let json = {
            let register = register.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                let name = export::register_file_name(&register, browser::today());
                let written = exported(&register);
                let (from, dispatch) = (register.clone(), dispatch.clone());
                // In steps: a register of 100 000 risks is ~100 MB of JSON.
                dispatch.emit(Action::Busy("Writing the file…".into()));
                wasm_bindgen_futures::spawn_local(async move {
                    let done = (storage::register_blob(&written).await)
                        .and_then(|(blob, _)| browser::download_blob(&name, &blob));
                    dispatch.emit(Action::Idle);
                    dispatch.emit(match done {
                        Ok(()) => {
                            let label = format!("Exported as {name}");
                            Action::Exported { label, written: std::rc::Rc::new(written), from }
                        }
                        Err(why) => Action::ExportFailed(Some(why)),
                    });
                });
            })
        };
        let csv = {
            let (register, dispatch) = (register.clone(), dispatch.clone());
            Callback::from(move |_: MouseEvent| {
                let name = export::findings_file_name(&register, browser::today());
                browser::offer(&name, &export::findings_csv(&register, &analysis.findings), "text/csv", &dispatch);
            })
        };
        // The workbook is written by the sheets module, loaded on first use.
        let xlsx = {
            let (register, dispatch, options) = (register.clone(), dispatch.clone(), options);
            Callback::from(move |_: MouseEvent| {
                let name = export::workbook_file_name(&register, browser::today());
                let args = [
                    rampart_core::import::to_json(&register).into(),
                    options.today.to_string().into(),
                    options.teams.count().into(),
                ];
                let dispatch = dispatch.clone();
                dispatch.emit(Action::Busy("Writing the workbook…".into()));
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes = super::modules::call_bytes("sheets", "workbook_of", &args).await;
                    dispatch.emit(Action::Idle);
                    let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                    if let Err(why) = bytes.and_then(|b| browser::bytes_blob(&b, mime)).and_then(|b| browser::download_blob(&name, &b)) {
                        dispatch.emit(Action::ExportFailed(Some(why)));
                    }
                });
            })
        };
        let copy = {
            let copied = copied.clone();
            Callback::from(move |_: MouseEvent| {
                let written = exported(&register);
                let text = rampart_core::import::to_json(&written);
                let (written, from) = (std::rc::Rc::new(written), register.clone());
                let (copied, dispatch) = (copied.clone(), dispatch.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let done = browser::copy(text).await;
                    if done.is_ok() {
                        dispatch.emit(Action::Exported { label: "Copied as JSON".into(), written, from });
                    }
                    copied.set(Some(done));
                })
            })
        };
        html! {
            <>
                <button type="button" onclick={json} title="Download the register as a JSON file">{"Export JSON"}</button>
                <button type="button" onclick={csv} title="Download the findings for a spreadsheet">{"Findings CSV"}</button>
                <button type="button" onclick={xlsx} title="Download the register as an Excel workbook">{"Export XLSX"}</button>
                <button type="button" onclick={copy} title="Copy the register JSON, to paste into an email">{"Copy JSON"}</button>
            </>
        }
    });

    html! {
        <div class="toolbar" role="toolbar" aria-label="Register">
            <button type="button" ref={new_button} onclick={new_register} aria-expanded={naming.to_string()}>{"New register"}</button>
            if *naming {
                <form class="new-register" onsubmit={create} onkeydown={escape_new}>
                    <label for="new-register-name">{"Name of the new register"}</label>
                    <input id="new-register-name" ref={new_name} required=true />
                    <button type="submit">{"Create"}</button>
                    <button type="button" onclick={cancel_new}>{"Cancel"}</button>
                </form>
            }
            <button type="button" onclick={open}>{"Open file…"}</button>
            <input ref={input} id="open-file" type="file" accept=".json,application/json" class="visually-hidden"
                   aria-label="Open a register file" onchange={on_pick} tabindex="-1" />
            <button type="button" onclick={example}>{"Load example"}</button>
            { exports.unwrap_or_default() }
            if store.state.current.is_some() {
                <span class="save-status">
                    {if store.state.storage_problem.is_some() || store.state.stuck().is_some() { "Not saved" } else if store.state.conflict.is_some() { "Another tab saved a newer revision" } else if store.state.all_saved() { "All changes saved in this browser" } else { "Saving…" }}
                </span>
            }
            <span class="copy-status" role="status">
                { match &*copied {
                    Some(Ok(())) => "Copied to the clipboard".to_string(),
                    Some(Err(why)) => format!("Could not copy: {why}"),
                    None => String::new(),
                } }
            </span>
        </div>
    }
}

/// The register as an export writes it: `updated` now, and a new revision id
/// at the end of its lineage (returned, for the register kept here too).
fn exported(register: &rampart_core::Register) -> rampart_core::Register {
    let mut out = register.clone();
    out.updated = Some(now_timestamp());
    out.add_revision(browser::random_key());
    out
}

fn now_timestamp() -> rampart_core::model::Timestamp {
    let iso = String::from(js_sys::Date::new_0().to_iso_string());
    rampart_core::model::Timestamp::parse(&iso).unwrap_or_else(|_| rampart_core::model::Timestamp::epoch())
}

/// A refused file, a storage problem, or another tab's save.
#[function_component(Notices)]
fn notices() -> Html {
    let store = use_store();
    let s = &store.state;
    let dismiss = store.dispatch.reform(|_: MouseEvent| Action::DismissRefused);
    let dismiss_export = store.dispatch.reform(|_: MouseEvent| Action::ExportFailed(None));
    let load_theirs = {
        let (dispatch, saver, entry) = (
            store.dispatch.clone(),
            store.saver.clone(),
            s.current.as_ref().and_then(|w| s.entries.iter().find(|e| *e.key == *w.key)).cloned(),
        );
        Callback::from(move |_: MouseEvent| {
            let (dispatch, saver, entry) = (dispatch.clone(), saver.clone(), entry.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match entry {
                    Some(entry) => drop(keeping::open_stored(&entry, &saver, &dispatch).await),
                    None => dispatch.emit(Action::Failed(Some(Failure {
                        what: "Theirs could not be loaded".into(),
                        why: "The register is no longer in browser storage: keep both to save this tab's.".into(),
                    }))),
                }
            });
        })
    };
    let keep_both = {
        let dispatch = store.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let key = browser::random_key();
            browser::remember_open(&key);
            dispatch.emit(Action::KeepBoth { key: key.into() })
        })
    };
    let undo = keeping::undo(s, store.dispatch.clone());
    let discard_unsaved = store.dispatch.reform(|_: MouseEvent| Action::DiscardUnsaved);
    let dismiss_failure = store.dispatch.reform(|_: MouseEvent| Action::Failed(None));
    html! {
        <div class="notices" aria-live="polite">
            if let Some(u) = &s.undo {
                <section class="notice info" role="status">
                    <p>{&u.label}{". "}<button type="button" onclick={undo}>{"Undo"}</button></p>
                </section>
            }
            if let Some(r) = &s.refused {
                <section class="notice error" role="alert" aria-labelledby="refused-title">
                    <h2 id="refused-title">{format!("Could not open {}", r.file)}</h2>
                    <p class="message">{r.error.detail()}</p>
                    <p class="place">{"Where: "}<code>{r.error.place().to_string()}</code></p>
                    if s.current.is_some() {
                        <p>{"The register on screen has not changed."}</p>
                    }
                    <button type="button" onclick={dismiss}>{"Dismiss"}</button>
                </section>
            }
            if let Some(why) = &s.storage_problem {
                <section class="notice warning" role="alert">
                    <h2>{"Not saved in this browser"}</h2>
                    <p>{why}</p>
                    if s.saved_revision < s.revision {
                        <p>{"Export the register to keep these changes. To open another register without them: "}
                            <button type="button" onclick={discard_unsaved}>{"Discard unsaved changes"}</button></p>
                    }
                </section>
            }
            if let Some(why) = &s.export_problem {
                <section class="notice error" role="alert">
                    <h2>{"Could not export"}</h2>
                    <p>{why}{" The register is unchanged and still saved in this browser."}</p>
                    <button type="button" onclick={dismiss_export}>{"Dismiss"}</button>
                </section>
            }
            if let Some(f) = &s.failure {
                <section class="notice error" role="alert">
                    <h2>{&f.what}</h2>
                    <p>{&f.why}</p>
                    <button type="button" onclick={dismiss_failure}>{"Dismiss"}</button>
                </section>
            }
            if let Some(theirs) = s.conflict {
                <section class="notice warning conflict" role="alert">
                    <h2>{"This register was changed in another tab"}</h2>
                    if s.stuck().is_some() {
                        <p>{format!("Another tab saved it as revision {theirs}. This tab's changes are not saved over it: \
                            load theirs (this tab's unsaved changes are dropped), or keep both (this tab's register \
                            is saved as a copy, theirs stays as it is).")}</p>
                        <button type="button" onclick={load_theirs}>{"Load theirs"}</button>
                        <button type="button" onclick={keep_both}>{"Keep both"}</button>
                    } else {
                        <p>{format!("Another tab saved it as revision {theirs}. This tab has nothing unsaved: \
                            load theirs to see it.")}</p>
                        <button type="button" onclick={load_theirs}>{"Load theirs"}</button>
                    }
                </section>
            }
        </div>
    }
}
