//! The register list: every register kept in this browser (open, rename,
//! duplicate, export, delete to the bin), the bin, storage use, and the
//! revisions of the open register (look at, download, bring back).

use yew::prelude::*;

use crate::app::same::Same;

use super::keeping::{self, SharedSaver};
use super::router::use_location;
use super::{browser, storage, use_store, Route};
use crate::app::state::{Action, Failure};
use crate::workspace::{copy_name, human_bytes, listed, RegisterEntry, RevisionKind};

/// Reports a failure of `what` as a notice.
fn failed(dispatch: &Callback<Action>, what: impl Into<String>, why: String) {
    dispatch.emit(Action::Failed(Some(Failure { what: what.into(), why })));
}

async fn refresh(dispatch: &Callback<Action>) {
    match storage::entries().await {
        Ok(entries) => dispatch.emit(Action::Entries(entries)),
        Err(why) => failed(dispatch, "Could not read the register list", why),
    }
}

/// The file name for a stored register's download.
fn file_name(entry: &RegisterEntry) -> String {
    let register = rampart_core::Register::new(entry.name.clone());
    crate::app::export::register_file_name(&register, browser::today())
}

/// Offers revision `seq` of a stored register as a download, as stored.
fn download_revision(entry: &RegisterEntry, seq: u64, dispatch: &Callback<Action>) -> Callback<MouseEvent> {
    let (entry, dispatch) = (entry.clone(), dispatch.clone());
    Callback::from(move |_: MouseEvent| {
        let (entry, dispatch) = (entry.clone(), dispatch.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let blob = storage::revision(&entry.key, seq).await;
            if let Err(why) = blob.and_then(|b| browser::download_blob(&file_name(&entry), &b)) {
                failed(&dispatch, format!("Could not download revision {seq} of {}", entry.name), why);
            }
        });
    })
}

/// Writes a changed copy of a stored register (renamed, or duplicated under a new
/// key) as its next revision, made from the revision it was read from.
async fn rewrite(
    entry: &RegisterEntry,
    key: String,
    change: impl FnOnce(&mut rampart_core::Register),
    kind: RevisionKind,
    label: String,
    saver: &SharedSaver,
) -> Result<RegisterEntry, String> {
    let mut register = keeping::read(&entry.key, entry.head).await?;
    change(&mut register);
    let base = if key == entry.key { entry.head } else { 0 };
    keeping::write(&register, &key, base, (kind, label), &keeping::tab(saver)).await.map_err(|e| e.to_string())
}

#[function_component(Registers)]
pub fn registers() -> Html {
    let store = use_store();
    let location = use_location();
    let usage = use_state(|| None::<(u64, u64)>);
    let renaming = use_state(|| None::<(String, String)>);
    {
        let usage = usage.clone();
        use_effect_with(Same::of(&store.state.entries), move |_| {
            wasm_bindgen_futures::spawn_local(async move { usage.set(storage::estimate().await) });
        });
    }
    {
        let dispatch = store.dispatch.clone();
        use_effect_with((), move |_| wasm_bindgen_futures::spawn_local(async move { refresh(&dispatch).await }));
    }
    let state = &store.state;
    let now = browser::now();
    let current = state.current.as_ref().map(|w| w.key.to_string());
    let (kept, bin) = listed(&state.entries);
    let why_unreadable = |e: &RegisterEntry| e.unreadable.clone().or_else(|| state.unreadable.get(&e.key).cloned());

    let open = |entry: &RegisterEntry| {
        let (entry, dispatch, navigator, saver) =
            (entry.clone(), store.dispatch.clone(), location.navigator.clone(), store.saver.clone());
        Callback::from(move |_: MouseEvent| {
            let (entry, dispatch, navigator, saver) =
                (entry.clone(), dispatch.clone(), navigator.clone(), saver.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if keeping::open_stored(&entry, &saver, &dispatch).await {
                    navigator.push(&Route::Overview, "");
                }
            });
        })
    };
    let download = |entry: &RegisterEntry, seq: u64| download_revision(entry, seq, &store.dispatch);
    let duplicate = |entry: &RegisterEntry| {
        let (entry, dispatch, saver) = (entry.clone(), store.dispatch.clone(), store.saver.clone());
        let name = copy_name(&entry.name, state.entries.iter().map(|e| e.name.as_str()));
        Callback::from(move |_: MouseEvent| {
            let (entry, dispatch, saver, name) = (entry.clone(), dispatch.clone(), saver.clone(), name.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let label = format!("Copied from {}", entry.name);
                let copy =
                    rewrite(&entry, browser::random_key(), |r| r.name = name, RevisionKind::Created, label, &saver);
                match copy.await {
                    Ok(entry) => dispatch.emit(Action::Saved { revision: 0, entry }),
                    Err(why) => failed(&dispatch, format!("Could not duplicate {}", entry.name), why),
                }
            });
        })
    };
    let bin_it = |entry: &RegisterEntry, deleted: Option<f64>| {
        let (entry, dispatch, current) = (entry.clone(), store.dispatch.clone(), current.clone());
        Callback::from(move |_: MouseEvent| {
            let (entry, dispatch) = (entry.clone(), dispatch.clone());
            if deleted.is_some() && current.as_deref() == Some(entry.key.as_str()) {
                dispatch.emit(Action::Close);
            }
            wasm_bindgen_futures::spawn_local(async move {
                match storage::update_entry(&entry.key, |e| e.deleted = deleted).await {
                    Ok(_) => refresh(&dispatch).await,
                    Err(why) => failed(&dispatch, format!("Could not change {}", entry.name), why),
                }
            });
        })
    };
    let start_rename = |entry: &RegisterEntry| {
        let (renaming, key, name) = (renaming.clone(), entry.key.clone(), entry.name.clone());
        Callback::from(move |_: MouseEvent| renaming.set(Some((key.clone(), name.clone()))))
    };
    let on_rename_input = {
        let renaming = renaming.clone();
        Callback::from(move |e: InputEvent| {
            if let Some((key, _)) = (*renaming).clone() {
                renaming.set(Some((key, browser::value_of(&e))));
            }
        })
    };
    let on_rename = {
        let (renaming, dispatch, saver, entries) =
            (renaming.clone(), store.dispatch.clone(), store.saver.clone(), state.entries.clone());
        let current = current.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some((key, name)) = (*renaming).clone() else { return };
            renaming.set(None);
            let name = name.trim().to_string();
            if name.is_empty() {
                return;
            }
            if current.as_deref() == Some(key.as_str()) {
                dispatch.emit(Action::Rename(name));
                return;
            }
            let Some(entry) = entries.iter().find(|e| e.key == key).cloned() else { return };
            let (dispatch, saver) = (dispatch.clone(), saver.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let label = format!("Renamed to {name}");
                match rewrite(&entry, entry.key.clone(), |r| r.name = name, RevisionKind::Edit, label, &saver).await {
                    Ok(entry) => dispatch.emit(Action::Saved { revision: 0, entry }),
                    Err(why) => failed(&dispatch, format!("Could not rename {}", entry.name), why),
                }
            });
        })
    };
    let cancel_rename = {
        let renaming = renaming.clone();
        Callback::from(move |_: MouseEvent| renaming.set(None))
    };

    let row = |entry: &RegisterEntry| {
        let is_open = current.as_deref() == Some(entry.key.as_str());
        let unreadable = why_unreadable(entry);
        let editing = renaming.as_ref().filter(|(k, _)| *k == entry.key).map(|(_, n)| n.clone());
        html! {
            <tr key={entry.key.clone()} class={classes!(is_open.then_some("open"), unreadable.is_some().then_some("unreadable"))}>
                <th scope="row">
                    if let Some(name) = editing {
                        <form class="rename" onsubmit={on_rename.clone()}>
                            <label for="rename-input" class="visually-hidden">{"New name"}</label>
                            <input id="rename-input" value={name} oninput={on_rename_input.clone()} />
                            <button type="submit">{"Rename"}</button>
                            <button type="button" onclick={cancel_rename.clone()}>{"Cancel"}</button>
                        </form>
                    } else {
                        <bdi>{&entry.name}</bdi>
                        if is_open { <span class="tag">{"open"}</span> }
                    }
                    if let Some(why) = &unreadable {
                        <p class="problem">{"Cannot be opened: "}{why}{". It is kept exactly as it was stored."}</p>
                    }
                </th>
                <td><bdi>{entry.organization.clone().unwrap_or_default()}</bdi></td>
                <td>{browser::local_time(entry.changed)}</td>
                <td class="num">{human_bytes(entry.size)}</td>
                <td class="num">{entry.revisions.len()}</td>
                <td class="actions">
                    if unreadable.is_none() && !is_open {
                        <button type="button" onclick={open(entry)}>{"Open"}</button>
                    }
                    if unreadable.is_none() {
                        <button type="button" onclick={start_rename(entry)}>{"Rename"}</button>
                        <button type="button" onclick={duplicate(entry)}>{"Duplicate"}</button>
                    }
                    <button type="button" onclick={download(entry, entry.head)}>
                        {if unreadable.is_some() { "Download as stored" } else { "Export" }}
                    </button>
                    <button type="button" onclick={bin_it(entry, Some(now))}>{"Delete"}</button>
                </td>
            </tr>
        }
    };

    html! {
        <section class="registers" aria-labelledby="registers-title">
            <h2 id="registers-title">{"Registers in this browser"}</h2>
            <p class="hint">
                {"Every register you open, create or copy is kept here with its recent revisions. \
                  Nothing is uploaded. "}
                if let Some((used, quota)) = *usage {
                    {format!("Storage used: {} of the {} this browser allows.", human_bytes(used), human_bytes(quota))}
                }
            </p>
            if kept.is_empty() {
                <p>{"No register is kept yet."}</p>
            } else {
                <table class="register-list">
                    <thead><tr>
                        <th scope="col">{"Register"}</th><th scope="col">{"Organisation"}</th>
                        <th scope="col">{"Last change"}</th><th scope="col">{"Size"}</th>
                        <th scope="col">{"Revisions"}</th><th scope="col">{"Actions"}</th>
                    </tr></thead>
                    <tbody>{ for kept.iter().map(|e| row(e)) }</tbody>
                </table>
            }
            <Revisions />
            if !bin.is_empty() {
                <h3>{"Bin"}</h3>
                <p class="hint">{"Deleted registers stay here for 30 days, then are forgotten."}</p>
                <table class="bin">
                    <thead><tr>
                        <th scope="col">{"Register"}</th><th scope="col">{"Days left"}</th><th scope="col">{"Actions"}</th>
                    </tr></thead>
                    <tbody>
                        { for bin.iter().map(|e| html! {
                            <tr key={e.key.clone()}>
                                <th scope="row"><bdi>{&e.name}</bdi></th>
                                <td class="num">{e.bin_days_left(now)}</td>
                                <td class="actions">
                                    <button type="button" onclick={bin_it(e, None)}>{"Restore"}</button>
                                    <button type="button" onclick={download(e, e.head)}>{"Download"}</button>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

/// Compares kept revision `old` of `entry` with revision `new` (`None`: the
/// register as it is now), e.g. "what changed since the last export".
fn compare_revisions(
    entry: &RegisterEntry,
    old: u64,
    new: Option<u64>,
    dispatch: &Callback<Action>,
    navigator: &super::router::Navigator,
) {
    use crate::travel::{Compared, Travel};
    let name = |seq: u64| {
        let label = entry.revisions.iter().find(|r| r.seq == seq).map_or("", |r| r.label.as_str());
        format!("revision {seq} ({label})")
    };
    let (key, names) = (entry.key.clone(), (name(old), new.map(name)));
    let (dispatch, navigator) = (dispatch.clone(), navigator.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let kept = |r: rampart_core::Register, name: String| Compared::Kept(std::rc::Rc::new(r), name);
        let old = keeping::read(&key, old).await.map(|r| kept(r, names.0));
        let new = match (new, names.1) {
            (Some(seq), Some(name)) => keeping::read(&key, seq).await.map(|r| kept(r, name)),
            _ => Ok(Compared::Open),
        };
        match old.and_then(|old| Ok((old, new?))) {
            Ok((old, new)) => {
                dispatch.emit(Action::Travel(Some(std::rc::Rc::new(Travel::Compare { old, new }))));
                navigator.push(&Route::Compare, "");
            }
            Err(why) => failed(&dispatch, "Could not read the revisions to compare", why),
        }
    });
}

/// The open register's revisions, newest first.
#[function_component(Revisions)]
fn revisions() -> Html {
    let store = use_store();
    let navigator = use_location().navigator;
    // Two revisions to compare: the older, and the newer (`None`: now).
    let pair = use_state_eq(|| (None::<u64>, None::<u64>));
    let Some(w) = &store.state.current else { return Html::default() };
    let Some(entry) = store.state.entries.iter().find(|e| *e.key == *w.key) else { return Html::default() };
    let restore = |seq: u64, label: &str| {
        let (key, dispatch) = (entry.key.clone(), store.dispatch.clone());
        let label = format!("Brought back revision {seq} ({label})");
        Callback::from(move |_: MouseEvent| {
            keeping::restore(key.clone(), seq, RevisionKind::Restore, label.clone(), dispatch.clone())
        })
    };
    let download = |seq: u64| download_revision(entry, seq, &store.dispatch);
    let compare = |seq: u64| {
        let (entry, dispatch, navigator) = (entry.clone(), store.dispatch.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| compare_revisions(&entry, seq, None, &dispatch, &navigator))
    };
    let choose_pair = |which: usize| {
        let pair = pair.clone();
        Callback::from(move |e: Event| {
            let seq = browser::value_of(&e).parse::<u64>().ok();
            let mut next = *pair;
            match which {
                0 => next.0 = seq,
                _ => next.1 = seq,
            }
            pair.set(next);
        })
    };
    let revision_select = |id: &'static str, none: &'static str, chosen: Option<u64>, onchange: Callback<Event>| {
        html! {
            <select {id} {onchange}>
                <option value="" selected={chosen.is_none()}>{none}</option>
                { for entry.revisions.iter().rev().map(|r| html! {
                    <option value={r.seq.to_string()} selected={chosen == Some(r.seq)}>{format!("{} ({})", r.seq, r.label)}</option>
                }) }
            </select>
        }
    };
    let compare_pair = {
        let (entry, dispatch, navigator, pair) = (entry.clone(), store.dispatch.clone(), navigator.clone(), *pair);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let (Some(old), new) = pair {
                compare_revisions(&entry, old, new, &dispatch, &navigator);
            }
        })
    };
    // A file (a copy come back without shared history, say) against the open register.
    let compare_file = {
        let (dispatch, navigator) = (store.dispatch.clone(), navigator.clone());
        // Read as any file is opened (the size check, the busy indicator), then compared.
        let compare = {
            let dispatch = dispatch.clone();
            Callback::from(move |(name, bytes): (String, Vec<u8>)| match rampart_core::import_bytes(&bytes) {
                Ok(register) => {
                    let new = crate::travel::Compared::Kept(std::rc::Rc::new(register), name);
                    let travel = crate::travel::Travel::Compare { old: crate::travel::Compared::Open, new };
                    dispatch.emit(Action::Travel(Some(std::rc::Rc::new(travel))));
                    navigator.push(&Route::Compare, "");
                }
                Err(why) => failed(&dispatch, format!("Could not compare with {name}"), why.to_string()),
            })
        };
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            super::shell::read_file(file, compare.clone(), dispatch.clone());
        })
    };
    html! {
        <section class="revisions" aria-labelledby="revisions-title">
            <h3 id="revisions-title">{"Revisions of "}<bdi>{&entry.name}</bdi></h3>
            <p class="hint">{"The last 50 saved states are kept, and older imports and exports; \
                bringing one back makes it the newest (and can be undone)."}</p>
            <p class="compare-file">
                <label for="compare-file" class="button">{"Compare with a file…"}</label>
                <input id="compare-file" type="file" accept=".json,application/json" class="visually-hidden" onchange={compare_file} />
                <span class="hint">{" Its changes can then be taken one by one."}</span>
            </p>
            <form class="compare-revisions row" onsubmit={compare_pair}>
                <label for="compare-old">{"Compare revision "}</label>
                {revision_select("compare-old", "Choose…", pair.0, choose_pair(0))}
                <label for="compare-new">{" with "}</label>
                {revision_select("compare-new", "the register now", pair.1, choose_pair(1))}
                <button type="submit" disabled={pair.0.is_none()}>{"Compare"}</button>
            </form>
            <table class="revision-list">
                <thead><tr>
                    <th scope="col">{"Revision"}</th><th scope="col">{"Saved"}</th><th scope="col">{"What"}</th>
                    <th scope="col">{"Size"}</th><th scope="col">{"Actions"}</th>
                </tr></thead>
                <tbody>
                    { for entry.revisions.iter().rev().map(|r| html! {
                        <tr key={r.seq.to_string()}>
                            <td class="num">{r.seq}</td>
                            <td>{browser::local_time(r.at)}</td>
                            <td><span class={classes!("kind", r.kind.label())}>{r.kind.label()}</span>{" "}<bdi>{&r.label}</bdi></td>
                            <td class="num">{human_bytes(r.size)}</td>
                            <td class="actions">
                                if r.seq != entry.head {
                                    <button type="button" onclick={restore(r.seq, &r.label)}>{"Bring back"}</button>
                                    <button type="button" onclick={compare(r.seq)}
                                            aria-label={format!("Compare revision {} with now", r.seq)}>{"Compare with now"}</button>
                                }
                                <button type="button" onclick={download(r.seq)}>{"Download"}</button>
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
