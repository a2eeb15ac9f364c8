//! What every editor does with its form: on an event, change a copy of the form
//! and put the copy in its place (which re-renders the editor).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use rampart_core::bidi::isolate;
use rampart_core::model::{Id, Keyed};
use rampart_core::Register;

use super::drafts::{use_draft, Draft};
use super::{use_store, Route};
use crate::app::form_kit::{Notes, Problem};
use crate::app::same::Same;
use crate::app::state::{Action, OpenRegister};

/// A change to a form of type `F`, given the event that asks for it.
pub type Change<F> = Rc<dyn Fn(&mut F, &web_sys::Event)>;

/// A callback that applies `change` to a copy of `form`.
pub fn update<F: Clone + 'static, E: JsCast + 'static>(form: &UseStateHandle<F>, change: Change<F>) -> Callback<E> {
    let form = form.clone();
    Callback::from(move |e: E| {
        let mut f = (*form).clone();
        change(&mut f, e.unchecked_ref());
        form.set(f);
    })
}

/// A callback that gives `apply` the value of the input the event came from.
pub fn on_value<F: Clone + 'static, E: JsCast + 'static>(
    form: &UseStateHandle<F>,
    apply: fn(&mut F, String),
) -> Callback<E> {
    update(form, Rc::new(move |f, e| apply(f, super::browser::value_of(e))))
}

/// One labelled input of an editor, with what the form says at it.
#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// An input `type` (`text`, `date`, `number`), or `textarea`.
    #[prop_or(AttrValue::Static("text"))]
    pub kind: AttrValue,
    #[prop_or_default]
    pub notes: Notes,
    pub oninput: Callback<InputEvent>,
    /// Spans the whole row of the form's grid.
    #[prop_or_default]
    pub wide: bool,
    /// The height of a text area, in lines.
    #[prop_or(2)]
    pub rows: u32,
    /// The id of a `datalist` of suggestions (free text still allowed).
    #[prop_or_default]
    pub list: Option<AttrValue>,
}

/// The one way an editor shows an input: its label, the input, and below it the
/// problems and warnings at it (`{id}-notes`, which the input names as its
/// description; the first problem is `{id}-problem`). The input is
/// `aria-invalid` when something at it stops the save (`Notes::invalid`).
#[function_component(Field)]
pub fn field(props: &FieldProps) -> Html {
    let id = props.id.clone();
    let notes_id = (!props.notes.is_empty()).then(|| format!("{id}-notes"));
    let invalid = props.notes.invalid().then_some("true");
    let input = if props.kind == "textarea" {
        html! { <textarea id={id.clone()} rows={props.rows.to_string()} value={props.value.clone()} oninput={props.oninput.clone()}
        aria-invalid={invalid} aria-describedby={notes_id.clone()} /> }
    } else {
        html! { <input id={id.clone()} type={props.kind.clone()} value={props.value.clone()} oninput={props.oninput.clone()}
        list={props.list.clone()} aria-invalid={invalid} aria-describedby={notes_id.clone()} /> }
    };
    html! {
        <div class={classes!("field", props.wide.then_some("wide"))}>
            <label for={id.clone()}>{props.label.clone()}</label>
            {input}
            {notes_list(&props.notes, &id)}
        </div>
    }
}

/// What an input or a row of inputs named `id` shows below it: `{id}-notes`,
/// which the inputs name as their description (`described_by`); its first
/// problem is `{id}-problem`.
fn notes_list(notes: &Notes, id: &str) -> Html {
    if notes.is_empty() {
        return Html::default();
    }
    let first_problem = notes.0.iter().position(|(_, blocking)| *blocking);
    html! {
        <div class="notes" id={format!("{id}-notes")}>
            { for notes.0.iter().enumerate().map(|(k, (message, blocking))| html! {
                <p class={if *blocking { "problem" } else { "warning" }}
                   id={(Some(k) == first_problem).then(|| format!("{id}-problem"))}>{message}</p>
            }) }
        </div>
    }
}

/// What `problems` say at `field`, below a row of inputs named `id`.
pub fn row_notes<F: PartialEq>(problems: &[Problem<F>], field: &F, id: &str) -> Html {
    notes_list(&Notes::at(problems, field), id)
}

/// The description (`{id}-notes`) of the inputs of a row named `id`, when
/// `problems` say something at `field`.
pub fn described_by<F: PartialEq>(problems: &[Problem<F>], field: &F, id: &str) -> Option<String> {
    problems.iter().any(|p| p.field == *field).then(|| format!("{id}-notes"))
}

#[derive(Properties, PartialEq)]
pub struct NotFoundProps {
    /// What was looked for: "risk", "node", "agreement".
    pub what: AttrValue,
    pub id: AttrValue,
    /// Where to go instead, and what to call it.
    pub back: AttrValue,
    pub back_label: AttrValue,
}

/// The page of an editor whose item is not in the register (deleted, renamed,
/// or a link from elsewhere).
#[function_component(NotFound)]
pub fn not_found(props: &NotFoundProps) -> Html {
    html! {
        <section>
            <h2>{format!("No {} has the id {}", props.what, rampart_core::bidi::isolate(&props.id))}</h2>
            <p>{"It may have been deleted or renamed. "}<a href={props.back.clone()}>{props.back_label.clone()}</a></p>
        </section>
    }
}

/// The Save of an editor: with a form that checks, the draft is saved, `action`
/// puts the item in the register, and the address becomes the item's (`route`).
pub fn on_save<T: Clone + 'static, P: 'static, F: Clone + 'static>(
    checked: &Result<T, P>,
    draft: &Draft<F>,
    action: impl Fn(T) -> Action + 'static,
    route: impl Fn(&T) -> Route + 'static,
) -> Callback<SubmitEvent> {
    let (item, draft) = (checked.as_ref().ok().cloned(), draft.clone());
    let (dispatch, navigator) = (draft.dispatch(), draft.navigator());
    Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        let Some(item) = &item else { return };
        draft.saved();
        let to = route(item);
        dispatch.emit(action(item.clone()));
        navigator.replace(&to, "");
    })
}

/// The Delete of an editor of item `id` (none for a new item): the draft goes,
/// `action` removes the item, and the user is taken `back`.
pub fn on_delete<F: Clone + 'static>(
    id: Option<&Id>,
    draft: &Draft<F>,
    action: fn(Id) -> Action,
    back: Route,
) -> Callback<MouseEvent> {
    let (id, draft) = (id.cloned(), draft.clone());
    let (dispatch, navigator) = (draft.dispatch(), draft.navigator());
    Callback::from(move |_: MouseEvent| {
        if let Some(id) = &id {
            draft.discard();
            dispatch.emit(action(id.clone()));
            navigator.push(&back, "");
        }
    })
}

/// An editor of one item of a list of the open register: where the item is
/// (`None` for a new item, or one the register does not have), and its form:
/// the draft the user left at `at_path`, else `open(item)`, else `blank(..)`.
#[hook]
pub fn use_item_form<T: 'static, F: Clone + PartialEq + Default + 'static>(
    id: Option<String>,
    at_path: String,
    list: fn(&Register) -> &[T],
    id_of: fn(&T) -> &str,
    open: fn(&T) -> F,
    blank: impl FnOnce(&OpenRegister) -> F + 'static,
) -> (Option<usize>, Draft<F>) {
    let current = use_store().state.current.clone();
    let at = current.as_ref().and_then(|w| list(&w.register).iter().position(|x| Some(id_of(x)) == id.as_deref()));
    let stored = current.as_ref().zip(at).map(|(w, i)| open(&list(&w.register)[i]));
    let draft = use_draft(at_path, move || match (current, at) {
        (Some(w), Some(i)) => open(&list(&w.register)[i]),
        (Some(w), None) => blank(&w),
        (None, _) => F::default(),
    });
    if let Some(stored) = stored {
        draft.follow(stored);
    }
    (at, draft)
}

/// The page of an editor asked for item `id` that it did not find (`at`),
/// with the way `back` to where such items live.
pub fn missing(
    id: &Option<String>,
    at: Option<usize>,
    what: &'static str,
    back: Route,
    back_label: &'static str,
) -> Option<Html> {
    let id = id.as_ref().filter(|_| at.is_none())?.clone();
    Some(html! { <NotFound {what} {id} back={back.href("")} {back_label} /> })
}

/// One finding as an editor lists it.
pub type FindingLine = (rampart_core::Severity, &'static str, String);

/// The findings about `lines`, for a list.
pub fn finding_lines<'a>(
    findings: impl IntoIterator<Item = &'a rampart_core::Finding>,
    register: &Register,
) -> Vec<FindingLine> {
    findings.into_iter().map(|f| (f.severity(), f.code(), f.message(register))).collect()
}

#[derive(Properties, PartialEq)]
pub struct FindingsListProps {
    /// What the analysis says of the item; `None` while the form has problems.
    pub lines: Option<Vec<FindingLine>>,
    /// The problems that stop the form (said when `lines` is `None`).
    #[prop_or_default]
    pub blocked: usize,
    /// What the findings are about: "this risk", "this node".
    pub subject: AttrValue,
    #[prop_or(AttrValue::Static("What the analysis says"))]
    pub title: AttrValue,
}

/// An editor's findings: what the engine says of the item as it stands in the form.
#[function_component(FindingsList)]
pub fn findings_list(props: &FindingsListProps) -> Html {
    html! {
        <section class="live" aria-live="polite" aria-labelledby="live-title">
            <h3 id="live-title">{props.title.clone()}</h3>
            { match &props.lines {
                None => html! { <p>{format!("Fix the {} problem(s) above to save.", props.blocked)}</p> },
                Some(lines) if lines.is_empty() => html! { <p class="ok">{format!("No findings for {}.", props.subject)}</p> },
                Some(lines) => html! {
                    <ul class="findings">{ for lines.iter().map(|(severity, code, message)| html! {
                        <li class={severity.label()}><span class="code">{*code}</span>{" "}{message}</li>
                    }) }</ul>
                },
            } }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The editor's class (`risk-editor`, …).
    pub class: AttrValue,
    pub title: AttrValue,
    /// Where the editor's item lives, and what to call it.
    pub back: AttrValue,
    pub back_label: AttrValue,
    pub onsubmit: Callback<SubmitEvent>,
    /// The form shows changes the user left unsaved, and the way to drop them.
    pub restored: bool,
    pub on_discard: Callback<MouseEvent>,
    /// The form's fields, findings and actions.
    pub children: Html,
    /// What the editor shows below the form.
    #[prop_or_default]
    pub after: Html,
}

/// The frame of every editor: its title with the way back, and the form (with
/// the note of a draft left unsaved) around the fields.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    html! {
        <section aria-labelledby="editor-title" class={props.class.clone()}>
            <div class="view-title">
                <h2 id="editor-title">{props.title.clone()}</h2>
                <a href={props.back.clone()}>{props.back_label.clone()}</a>
            </div>
            <form class="card" onsubmit={props.onsubmit.clone()} novalidate=true>
                <super::drafts::DraftNotice restored={props.restored} on_discard={props.on_discard.clone()} />
                {props.children.clone()}
            </form>
            {props.after.clone()}
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeSelectProps {
    pub id: AttrValue,
    /// The id chosen (empty: none yet).
    pub value: AttrValue,
    pub register: Same<Register>,
    /// A node not to offer (the node being edited).
    #[prop_or_default]
    pub except: Option<AttrValue>,
    #[prop_or_default]
    pub describedby: Option<String>,
    pub onchange: Callback<Event>,
}

/// A node of the register to choose; an id that names no node stays visible as
/// such rather than being silently replaced. (Its `onchange` is a new callback
/// on each render of the editor, so it re-renders with the editor.)
#[function_component(NodeSelect)]
pub fn node_select(props: &NodeSelectProps) -> Html {
    let value = props.value.as_str();
    let known = value.is_empty() || props.register.has_service(value);
    let offered = props.register.services.iter().filter(|s| Some(s.id.as_str()) != props.except.as_deref());
    html! {
        <select id={props.id.clone()} onchange={props.onchange.clone()} aria-describedby={props.describedby.clone()}>
            <option value="" selected={value.is_empty()}>{"Choose a node…"}</option>
            { for offered.map(|s| html! {
                <option value={s.id.to_string()} selected={s.id.as_str() == value}>
                    {format!("{} — {}", isolate(&s.id), isolate(&s.name))}
                </option>
            }) }
            if !known { <option value={value.to_string()} selected=true>{format!("{} (names no node)", isolate(value))}</option> }
        </select>
    }
}

#[derive(Properties, PartialEq)]
pub struct LevelSelectProps {
    pub id: AttrValue,
    /// The level chosen, as typed (empty: none yet).
    pub value: AttrValue,
    /// The scale's level names, lowest first.
    pub labels: Rc<Vec<String>>,
    /// Offer "none yet" with this text.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub onchange: Callback<Event>,
}

/// A level of a scale to choose, shown as "3 · Possible"; a level outside the
/// scale (from a file) stays visible as such.
#[function_component(LevelSelect)]
pub fn level_select(props: &LevelSelectProps) -> Html {
    let value = props.value.as_str();
    let outside = value.parse::<usize>().ok().filter(|v| *v == 0 || *v > props.labels.len());
    html! {
        <select id={props.id.clone()} onchange={props.onchange.clone()}>
            if let Some(text) = &props.placeholder {
                <option value="" selected={value.is_empty()}>{text.clone()}</option>
            }
            { for props.labels.iter().enumerate().map(|(k, name)| {
                let level = (k + 1).to_string();
                html! { <option selected={level == value} value={level.clone()}>{format!("{level} · {name}")}</option> }
            }) }
            if let Some(v) = outside {
                <option selected=true value={v.to_string()}>{format!("{v} (outside the scale)")}</option>
            }
        </select>
    }
}

/// An input of row `k` of a list in a form (`row`: "control", "action"): id
/// `{row}-{k}-{part}`, labelled "Control 2 name".
pub fn row_input(
    row: &str,
    k: usize,
    (part, label, kind): (&str, &str, &'static str),
    value: &str,
    notes: Notes,
    on: Callback<Event>,
) -> Html {
    let id = format!("{row}-{k}-{part}");
    let label = format!("{} {} {}", crate::app::form_values::capitalised(row), k + 1, label.to_lowercase());
    html! { <Field {id} {label} {kind} value={value.to_string()} {notes} oninput={on.reform(Event::from)} /> }
}

/// An input of a form whose problems are `problems`, with what they say at
/// `at` (`None`: an input nothing is said at).
pub fn input<F: PartialEq>(
    problems: &[Problem<F>],
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    value: &str,
    at: Option<F>,
    oninput: Callback<InputEvent>,
) -> Html {
    let notes = at.map(|f| Notes::at(problems, &f)).unwrap_or_default();
    html! { <Field {id} {label} {kind} value={value.to_string()} {notes} {oninput} /> }
}

/// A labelled choice of one value of `T` from `offered` (shown by its label,
/// capitalised), or of none when `none` names what no value means. A key from
/// a file that is not offered stays visible as such.
pub fn choice<T: Keyed>(
    id: String,
    label: String,
    offered: &[T],
    none: Option<&'static str>,
    value: &str,
    onchange: Callback<Event>,
) -> Html {
    let options: Vec<(&'static str, &'static str)> = offered.iter().map(|v| (v.key(), v.label())).collect();
    choice_of(id, label, &options, none, value, onchange)
}

/// `choice`'s markup, once for every type of value: the options as (key, label).
fn choice_of(
    id: String,
    label: String,
    options: &[(&'static str, &'static str)],
    none: Option<&'static str>,
    value: &str,
    onchange: Callback<Event>,
) -> Html {
    let known = options.iter().any(|(key, _)| *key == value) || (none.is_some() && value.is_empty());
    html! {
        <div class="field">
            <label for={id.clone()}>{label}</label>
            <select {id} {onchange}>
                if let Some(none) = none { <option value="" selected={value.is_empty()}>{none}</option> }
                { for options.iter().map(|(key, text)| html! {
                    <option value={*key} selected={*key == value}>{crate::app::form_values::capitalised(text)}</option>
                }) }
                if !known { <option value={value.to_string()} selected=true>{format!("{} (not a choice here)", isolate(value))}</option> }
            </select>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct NodesPickerProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The ids chosen, separated by commas.
    pub value: AttrValue,
    pub register: Same<Register>,
    #[prop_or_default]
    pub notes: Notes,
    /// The ids now chosen, separated by commas, in the register's order.
    pub onchange: Callback<String>,
}

/// Several nodes of the register to choose (a list box: Ctrl or Shift with a
/// click; from the keyboard Ctrl with the arrows moves and Space chooses or
/// unchooses); an id that names no node stays chosen and visible as such.
/// A plain arrow key would choose the one option it lands on and drop every
/// other without a word, so it is stopped and the keyboard's way is said.
#[function_component(NodesPicker)]
pub fn nodes_picker(props: &NodesPickerProps) -> Html {
    let stopped = use_state(|| false);
    let onkeydown = {
        let stopped = stopped.clone();
        Callback::from(move |e: KeyboardEvent| {
            let moves = matches!(e.key().as_str(), "ArrowUp" | "ArrowDown" | "Home" | "End" | "PageUp" | "PageDown");
            if moves && !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                stopped.set(true);
            }
        })
    };
    let chosen: Vec<&str> = props.value.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    let unknown: Vec<&str> = chosen.iter().copied().filter(|id| !props.register.has_service(id)).collect();
    let notes_id = (!props.notes.is_empty()).then(|| format!("{}-notes", props.id));
    let onchange = props.onchange.reform(|e: Event| {
        let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let options = select.selected_options();
        let ids: Vec<String> = (0..options.length()).filter_map(|i| options.item(i)?.get_attribute("value")).collect();
        ids.join(", ")
    });
    let size = props.register.services.len().clamp(3, 8).to_string();
    const KEYS: &str = "from the keyboard, Ctrl with ↑ or ↓ moves and Space chooses or unchooses.";
    html! {
        <div class="field wide">
            <label for={props.id.clone()}>{props.label.clone()}</label>
            <select id={props.id.clone()} multiple=true {size} {onchange} {onkeydown}
                    aria-invalid={props.notes.invalid().then_some("true")} aria-describedby={notes_id}>
                { for props.register.services.iter().map(|s| html! {
                    <option value={s.id.to_string()} selected={chosen.contains(&s.id.as_str())}>
                        {format!("{} — {}", isolate(&s.id), isolate(&s.name))}
                    </option>
                }) }
                { for unknown.iter().map(|id| html! {
                    <option value={id.to_string()} selected=true>{format!("{} (names no node)", isolate(id))}</option>
                }) }
            </select>
            <p class="hint" role="status">
                {format!("{} chosen. Ctrl or Shift with a click chooses several; ", chosen.len())}
                if *stopped { <strong>{KEYS}</strong> } else { {KEYS} }
            </p>
            {notes_list(&props.notes, &props.id)}
        </div>
    }
}
