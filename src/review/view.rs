//! The Review view (`#/review`) and the review editor (`#/review/<id>`,
//! `#/new-review`). Both are rendered by the travel module, which makes the
//! pack, and shown here as its HTML with one listener per kind of event
//! (`data-act` names what a button does): the start bundle carries these two
//! small hosts, not the views. Every text in that HTML is escaped by the
//! module (tested there with markup in every field).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::same::Same;
use crate::app::state::Action;
use crate::ui::browser::value_of;
use crate::ui::drafts::{use_draft, DraftNotice};
use crate::ui::{modules, use_store, Route};

/// What the pack's changes are counted from (the module's `since` arguments).
#[derive(Clone, PartialEq, Default)]
struct Since {
    kind: &'static str,
    date: String,
    seq: u32,
    label: Rc<str>,
    text: Rc<str>,
}

/// The page the module made: its controls, and the pack (the page to save
/// and its body to show) or why it could not be made.
#[derive(Clone, PartialEq)]
struct Page {
    controls: String,
    pack: Result<(String, String), String>,
}

impl Page {
    /// The module's texts (`travel::review_page`).
    fn read(texts: Vec<String>) -> Result<Page, String> {
        match <[String; 4]>::try_from(texts) {
            Ok([kind, controls, html, body]) if kind == "pack" => Ok(Page { controls, pack: Ok((html, body)) }),
            Ok(_) => Err("an answer this version cannot read".into()),
            Err(texts) => match <[String; 3]>::try_from(texts) {
                Ok([_, controls, why]) => Ok(Page { controls, pack: Err(why) }),
                Err(_) => Err("an answer this version cannot read".into()),
            },
        }
    }
}

/// The `data-act` of the button an event came from, if any.
fn act_of(e: &Event) -> Option<String> {
    crate::ui::browser::acted(e)?.get_attribute("data-act")
}

/// The id of the element an event came from.
fn target_id(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|t| t.id()).unwrap_or_default()
}

/// Loads the pack's stylesheet the first time the view is shown (it is not
/// part of what loads at start).
fn load_style() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("pack-style").is_some() {
        return;
    }
    if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
        let _ = link.set_attribute("id", "pack-style");
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", "modules/pack.css");
        let _ = head.append_child(&link);
    }
}

/// The running footer of a printed pack names the register (CSSOM, as the
/// band colours: the page's policy forbids inline styles).
fn set_footer(name: &str) {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = root.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
        let quoted = format!("\"{}\"", rampart_core::review::CssText(name));
        let _ = root.style().set_property("--pack-footer", &quoted);
    }
}

#[function_component(ReviewPage)]
pub fn review_page() -> Html {
    let store = use_store();
    let since = use_state(|| Since { kind: "previous", ..Since::default() });
    let page = use_state(|| None::<Rc<Result<Page, String>>>);
    let asked = use_mut_ref(|| 0u64);
    use_effect_with((), |_| load_style());
    {
        let (page, asked, since) = (page.clone(), asked.clone(), (*since).clone());
        let current = store.state.current.clone();
        let entry = current.as_ref().and_then(|w| store.state.entries.iter().find(|e| *e.key == *w.key)).cloned();
        let deps = (current.as_ref().map(|w| Same::of(&w.register)), since.clone());
        use_effect_with(deps, move |_| {
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            let Some(w) = current else { return };
            set_footer(&w.register.name);
            let teams = w.options.teams.count();
            wasm_bindgen_futures::spawn_local(async move {
                let mut since = since;
                if since.kind == "revision" && since.text.is_empty() {
                    if let Some(entry) = &entry {
                        let seq = u64::from(since.seq);
                        if let Some(r) = entry.revisions.iter().find(|r| r.seq == seq) {
                            since.label = format!("revision {seq} ({})", r.label).into();
                        }
                        if let Ok(r) = crate::ui::keeping::read(&entry.key, seq).await {
                            since.text = rampart_core::import::to_json(&r).into();
                        }
                    }
                }
                let revisions: String = (entry.iter().flat_map(|e| &e.revisions))
                    .map(|r| format!("{}\t{}\n", r.seq, r.label.replace(['\t', '\n'], " ")))
                    .collect();
                let args = [
                    rampart_core::import::to_json(&w.register).into(),
                    w.options.today.to_string().into(),
                    teams.into(),
                    since.kind.into(),
                    since.date.into(),
                    since.seq.into(),
                    (*since.label).into(),
                    (*since.text).into(),
                    revisions.into(),
                ];
                let result = modules::call_texts("travel", "review_page", &args).await.and_then(Page::read);
                if *asked.borrow() == this {
                    page.set(Some(Rc::new(result)));
                }
            });
        });
    }
    let Some(w) = &store.state.current else { return Html::default() };
    let onclick = {
        let (page, dispatch, register, today) =
            (page.clone(), store.dispatch.clone(), w.register.clone(), w.options.today);
        Callback::from(move |e: MouseEvent| match act_of(&e).as_deref() {
            Some("print") => {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            }
            Some("save") => {
                if let Some(Ok(Page { pack: Ok((html, _)), .. })) = page.as_deref() {
                    let name = crate::app::export::review_file_name(&register, today);
                    crate::ui::browser::offer(&name, html, "text/html", &dispatch);
                }
            }
            _ => {}
        })
    };
    let onchange = {
        let (since, dispatch) = (since.clone(), store.dispatch.clone());
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            match target_id(&e).as_str() {
                "review-since" => since.set(match value.as_str() {
                    "date" => Since { kind: "date", ..Since::default() },
                    "file" => Since { kind: "file", ..Since::default() },
                    v => match v.strip_prefix("revision-").and_then(|s| s.parse().ok()) {
                        Some(seq) => {
                            Since { kind: "revision", seq, label: format!("revision {seq}").into(), ..Since::default() }
                        }
                        None => Since { kind: "previous", ..Since::default() },
                    },
                }),
                "review-since-date" => since.set(Since { kind: "date", date: value, ..Since::default() }),
                "review-since-file" => {
                    let input: Option<web_sys::HtmlInputElement> = e.target().and_then(|t| t.dyn_into().ok());
                    let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else { return };
                    let (since, done) = (since.clone(), dispatch.clone());
                    // Read as any file is opened (the size check, the busy
                    // indicator); the module says what is wrong with it, if anything.
                    let opened = Callback::from(move |(name, bytes): (String, Vec<u8>)| {
                        done.emit(Action::Idle);
                        let label: Rc<str> = format!("the file {name}").into();
                        since.set(Since {
                            kind: "file",
                            label,
                            // Not UTF-8 text: refused by the module as any such file is.
                            text: String::from_utf8(bytes).unwrap_or_default().into(),
                            ..Since::default()
                        });
                    });
                    crate::ui::shell::read_file(file, opened, dispatch.clone());
                }
                _ => {}
            }
        })
    };
    let (controls, shown) = match page.as_deref() {
        None => (String::new(), html! { <p class="busy no-print" role="status">{"Making the review pack…"}</p> }),
        Some(Err(why)) => (
            String::new(),
            html! { <p class="problem" role="alert">{format!("Could not make the review pack: {why}")}</p> },
        ),
        Some(Ok(p)) => (
            p.controls.clone(),
            match &p.pack {
                Ok((_, body)) => {
                    html! { <div class="pack-frame">{Html::from_html_unchecked(AttrValue::from(body.clone()))}</div> }
                }
                Err(why) => {
                    html! { <p class="problem" role="alert">{format!("Could not make the review pack: {why}")}</p> }
                }
            },
        ),
    };
    html! {
        <section aria-labelledby="review-title" class="review-view">
            <div class="view-title no-print"><h2 id="review-title">{"Management review"}</h2></div>
            <div class="review-controls no-print" {onclick} {onchange}>{Html::from_html_unchecked(AttrValue::from(controls))}</div>
            {shown}
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewEditorProps {
    /// The review to edit; `None` for a new one.
    pub id: Option<String>,
}

#[function_component(ReviewEditor)]
pub fn review_editor(props: &ReviewEditorProps) -> Html {
    let store = use_store();
    let route = props.id.clone().map_or(Route::NewReview, |id| Route::ReviewRecord { id });
    // The draft is the inputs as the user left them (empty: as saved).
    let draft = use_draft(route.to_path(), String::new);
    let html = use_state(|| None::<Rc<Result<String, String>>>);
    let form_ref = use_node_ref();
    // Asks the module for the form: `fields` as typed (none: as saved), after `act`.
    // The latest question asked: an older answer is not shown over a newer one.
    let asked = use_mut_ref(|| 0u64);
    // The form was re-rendered by Add or Remove: its inputs become the draft.
    let reshaped = use_mut_ref(|| false);
    let ask = {
        let (html, store, id, draft) = (html.clone(), store.clone(), props.id.clone(), draft.clone());
        let (asked, reshaped) = (asked.clone(), reshaped.clone());
        Rc::new(move |fields: String, act: &str| {
            let Some(w) = store.state.current.clone() else { return };
            *asked.borrow_mut() += 1;
            let this = *asked.borrow();
            *reshaped.borrow_mut() = act == "add" || act.starts_with("remove-");
            let args = [
                rampart_core::import::to_json(&w.register).into(),
                w.options.today.to_string().into(),
                id.clone().unwrap_or_default().into(),
                fields.into(),
                act.into(),
            ];
            let (html, draft, asked) = (html.clone(), draft.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let texts = modules::call_texts("travel", "review_editor", &args).await;
                if *asked.borrow() != this {
                    return;
                }
                let shown = match texts.as_deref() {
                    Err(why) => Err(why.clone()),
                    Ok([kind, form]) if kind == "form" => Ok(form.clone()),
                    Ok([kind, carrier, replacing]) if kind == "saved" => {
                        // The review comes as the one review of a register, read as any file is.
                        match rampart_core::import(carrier).map(|mut r| r.reviews.pop()) {
                            Ok(Some(review)) => {
                                let replacing = rampart_core::model::Id::new(replacing).ok();
                                let to = Route::ReviewRecord { id: review.id.to_string() };
                                draft.saved();
                                draft.dispatch().emit(Action::SaveReview { review: Box::new(review), replacing });
                                draft.navigator().replace(&to, "");
                                return;
                            }
                            Ok(None) => Err("no review came back".into()),
                            Err(e) => Err(e.to_string()),
                        }
                    }
                    Ok([_, why]) => Err(why.clone()),
                    Ok(_) => Err("an answer this version cannot read".into()),
                };
                html.set(Some(Rc::new(shown)));
            });
        })
    };
    // Bumped by a discard: the form is asked for again, as saved.
    let opened = use_state(|| 0u32);
    {
        // On opening (a draft comes back as the user left it), after a discard,
        // and when the register changes (a save, an undo): what is typed and
        // not saved stays, the rest follows the register.
        let (ask, fields, changed) = (ask.clone(), (*draft.form).clone(), draft.changed);
        let register = store.state.current.as_ref().map(|w| Same::of(&w.register));
        use_effect_with((*opened, register), move |_| {
            ask(if changed { fields } else { String::new() }, "render");
        });
    }
    {
        // After Add or Remove, the inputs as they now are become the draft.
        let (form, form_ref, reshaped) = (draft.form.clone(), form_ref.clone(), reshaped.clone());
        use_effect_with(html.as_ref().map(Rc::as_ptr), move |_| {
            if std::mem::take(&mut *reshaped.borrow_mut()) {
                if let Some(f) = form_ref.cast::<web_sys::HtmlFormElement>() {
                    form.set(crate::ui::browser::form_fields(&f));
                }
            }
        });
    }
    let Some(w) = &store.state.current else { return Html::default() };
    if props.id.as_ref().is_some_and(|id| !w.register.reviews.iter().any(|r| r.id.as_str() == id)) {
        if let Some(page) = crate::ui::form::missing(&props.id, None, "review", Route::Review, "Back to the review") {
            return page;
        }
    }
    let current = {
        let form_ref = form_ref.clone();
        move || {
            form_ref.cast::<web_sys::HtmlFormElement>().map(|f| crate::ui::browser::form_fields(&f)).unwrap_or_default()
        }
    };
    let oninput = {
        let (form, current) = (draft.form.clone(), current.clone());
        Callback::from(move |_: InputEvent| form.set(current()))
    };
    let onchange = {
        let (form, current) = (draft.form.clone(), current.clone());
        Callback::from(move |_: Event| form.set(current()))
    };
    let onclick = {
        let (ask, draft, current, id) = (ask.clone(), draft.clone(), current.clone(), props.id.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(act) = act_of(&e) else { return };
            match act.as_str() {
                "add" => ask(current(), "add"),
                "delete" => {
                    if let Some(id) = id.as_ref().and_then(|id| rampart_core::model::Id::new(id).ok()) {
                        draft.discard();
                        draft.dispatch().emit(Action::DeleteReview(id));
                        draft.navigator().push(&Route::Review, "");
                    }
                }
                remove if remove.starts_with("remove-") => ask(current(), remove),
                _ => {}
            }
        })
    };
    let onsubmit = {
        let (ask, current) = (ask.clone(), current.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ask(current(), "save");
        })
    };
    let discard = {
        let (draft, opened) = (draft.clone(), opened.clone());
        Callback::from(move |_: MouseEvent| {
            draft.discard();
            opened.set(*opened + 1);
        })
    };
    let title = match &props.id {
        Some(id) => format!("Review {id}"),
        None => "Record this review".into(),
    };
    let body = match html.as_deref() {
        None => html! { <p class="busy" role="status">{"Opening the review…"}</p> },
        Some(Err(why)) => {
            html! { <p class="problem" role="alert">{format!("Could not open the review's form: {why}")}</p> }
        }
        Some(Ok(h)) => Html::from_html_unchecked(AttrValue::from(h.clone())),
    };
    html! {
        <section aria-labelledby="editor-title" class="review-editor">
            <div class="view-title">
                <h2 id="editor-title">{title}</h2>
                <a href={Route::Review.href("")}>{"Back to the review pack"}</a>
            </div>
            <form class="card" ref={form_ref} {onsubmit} {onclick} {oninput} {onchange} novalidate=true>
                <DraftNotice restored={draft.restored} on_discard={discard} />
                {body}
            </form>
        </section>
    }
}
