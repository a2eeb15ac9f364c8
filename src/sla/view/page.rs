//! The SLA alignment view: the matrix with its explanations, the availability
//! breakdown and the suppliers table.

use yew::prelude::*;

use crate::app::same::Same;

use crate::app::state::Action;
use crate::ui::drafts::use_draft;
use crate::ui::{use_store, Route};

#[function_component(Sla)]
pub fn sla() -> Html {
    use crate::sla::matrix::{matrix, week_caption, week_svg, worst_gap, Column};
    const ROWS: usize = 50;
    let store = use_store();
    let chosen = use_state_eq(|| None::<(usize, Column)>);
    let rows_shown = use_state_eq(|| ROWS);
    let analysis = store.state.current.as_ref().map(|w| (w.register.clone(), w.analysis.clone()));
    let m = use_memo(analysis.as_ref().map(|(_, a)| Same::of(a)), move |_| {
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
    let columns: Vec<Column> =
        m.columns.iter().copied().filter(|&j| rows.iter().any(|&i| m.cells.contains_key(&(i, j)))).collect();
    let name = |i: usize| r.agreements[i].name.as_str();
    let agreement_link = |i: usize| {
        let id = r.agreements[i].id.as_str();
        html! { <a class="id" href={Route::Agreement { id: id.into() }.href("")}>{id}</a> }
    };
    let column_name = |j: Column| match j {
        Column::Agreement(j) => name(j).to_string(),
        Column::NoContract(n) => format!("{}: no contract or OLA", r.services[n].name),
    };
    let column_head = |j: Column| match j {
        Column::Agreement(j) => html! { <th scope="col">{name(j)}<br/>{agreement_link(j)}</th> },
        Column::NoContract(n) => {
            let id = r.services[n].id.as_str();
            html! { <th scope="col" class="no-contract">{&r.services[n].name}<br/>
            <a class="id" href={Route::Service { id: id.into() }.href("")}>{id}</a>{" (no contract)"}</th> }
        }
    };
    let choose = |key: (usize, Column)| {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(if *chosen == Some(key) { None } else { Some(key) }))
    };
    let explained = chosen.and_then(|key| Some((key, m.cells.get(&key)?)));
    // Escape closes the reasons of the cell chosen, and the keyboard goes back to the cell.
    let onkeydown = {
        let chosen = chosen.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && chosen.is_some() {
                e.prevent_default();
                let document = web_sys::window().and_then(|w| w.document());
                let cell =
                    document.and_then(|d| d.query_selector(".sla-matrix button[aria-pressed=\"true\"]").ok().flatten());
                if let Some(cell) = cell.and_then(|c| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(c).ok()) {
                    let _ = cell.focus();
                }
                chosen.set(None);
            }
        })
    };
    let on_more = {
        let rows_shown = rows_shown.clone();
        Callback::from(move |_: MouseEvent| rows_shown.set(*rows_shown + ROWS))
    };
    html! {
        <section aria-labelledby="sla-title" {onkeydown}>
            {title}
            <p class="legend">
                {"Each customer SLA against every supplier contract and OLA under it (found through the dependency graph): "}
                <span class="cell aligned">{"aligned"}</span>{" "}<span class="cell attention">{"ends too early"}</span>{" "}
                <span class="cell misaligned">{"does not back a target, has ended, or is missing"}</span>{". Choose a cell for the reasons, or see "}
                <a href={Route::Findings.href("area=sla")}>{"every SLA finding"}</a>{"."}
            </p>
            <div class="table-scroll">
            <table class="sla-matrix">
                <thead><tr><th scope="col">{"Customer SLA"}</th>
                    { for columns.iter().map(|&j| column_head(j)) }
                </tr></thead>
                <tbody>{ for rows.iter().map(|&i| html! {
                    <tr key={i}>
                        <th scope="row">{name(i)}<br/>{agreement_link(i)}</th>
                        { for columns.iter().map(|&j| match m.cells.get(&(i, j)) {
                            Some(cell) => html! { <td>
                                <button type="button" class={classes!("cell", cell.status.key())} aria-pressed={(*chosen == Some((i, j))).to_string()}
                                        aria-label={format!("{} under {}: {}", column_name(j), name(i), cell.summary)} onclick={choose((i, j))}>{&cell.summary}</button>
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
                    <h3 id="explain-title">{format!("{} under {}", column_name(j), name(i))}</h3>
                    if cell.findings.is_empty() {
                        <p class="ok">{"Every target, commitment and term of this agreement backs the customer SLA."}</p>
                    } else {
                        <ul class="findings">{ for cell.findings.iter().map(|&k| html! {
                            <li class={a.findings[k].severity().label()}><span class="code">{a.findings[k].code()}</span>{" "}{a.findings[k].message(r)}</li>
                        }) }</ul>
                    }
                    if let Column::Agreement(j) = j {
                        <table class="terms">
                            <caption>{"Terms side by side"}</caption>
                            <thead><tr><th scope="col">{"Term"}</th><th scope="col">{name(i)}</th><th scope="col">{column_name(Column::Agreement(j))}</th></tr></thead>
                            <tbody>{ for rampart_core::sla::terms_side_by_side(&r.agreements[i], &r.agreements[j]).into_iter().map(|t| html! {
                                <tr><th scope="row">{t.term}</th><td>{t.customer}</td><td>{t.underpinning}</td></tr>
                            }) }</tbody>
                        </table>
                    }
                    if let (Some(gap), Column::Agreement(j)) = (worst_gap(a, cell), j) {
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
    use crate::app::form_kit::Notes;
    use crate::sla::supplier_form::{SupplierField, SupplierForm};
    use crate::ui::form as kit;
    use rampart_core::model::SupplierType;
    use rampart_core::model::{Id, Supplier};
    let store = use_store();
    let form = use_draft("/sla/suppliers".into(), SupplierForm::default).form;
    let Some(w) = &store.state.current else { return Html::default() };
    let problem = form.problem(&w.register);
    let notes = |at: SupplierField| Notes::at(problem.as_slice(), &at);
    let ready = problem.is_none() && !form.id.trim().is_empty();
    let edit = |apply: fn(&mut SupplierForm, String)| -> Callback<Event> { kit::on_value(&form, apply) };
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
    let open = |s: &Supplier| {
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
                        <td><button type="button" onclick={open(s)} aria-label={format!("Edit supplier {}", s.id)}>{"Edit"}</button>{" "}
                            <button type="button" class="danger" onclick={delete(&s.id)} aria-label={format!("Delete supplier {}", s.id)}>{"Delete"}</button></td>
                    </tr>
                }) }</tbody>
            </table>
            <form class="row" onsubmit={save} novalidate=true>
                <kit::Field id="supplier-id" label="Id" value={form.id.clone()} notes={notes(SupplierField::Id)}
                            oninput={edit(|f, v| f.id = v).reform(Event::from)} />
                <kit::Field id="supplier-name" label="Name" value={form.name.clone()} notes={notes(SupplierField::Name)}
                            oninput={edit(|f, v| f.name = v).reform(Event::from)} />
                {kit::choice("supplier-type".into(), "Type".into(), SupplierType::ALL, None, &form.kind, edit(|f, v| f.kind = v))}
                <button type="submit" class="primary" disabled={!ready}>{if form.editing().is_some() { "Save supplier" } else { "Add supplier" }}</button>
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
                // With no figure anywhere in its tree, the 100 % it composes to is no number.
                let known = a.alignment.availability_known[node];
                let composed = a.alignment.composed_availability[node].filter(|_| known);
                let factors = rampart_core::sla::availability_breakdown(&graph, &a.alignment, node);
                let short = composed.is_some_and(|c| rampart_core::findings::clearly_greater(committed, c));
                Some(html! {
                    <details class="card" open={short}>
                        <summary>
                            {format!("{}: commits to {}; ", rampart_core::bidi::isolate(&sla.name), pct(committed))}
                            <strong class={if short { "warning" } else { "ok" }}>
                                { match composed {
                                    Some(c) => format!("{} can at best deliver {}", rampart_core::bidi::isolate(&r.services[node].name), pct(c)),
                                    None if !known => format!("what {} can deliver is unknown: no availability is given for it, its dependencies or their agreements", rampart_core::bidi::isolate(&r.services[node].name)),
                                    None => "no figure (on or behind a dependency cycle)".into(),
                                } }
                            </strong>
                        </summary>
                        if let Some(factors) = factors.filter(|_| known) {
                            <table class="factors">
                                <thead><tr><th scope="col">{"Factor"}</th><th scope="col" class="num">{"Availability"}</th></tr></thead>
                                <tbody>{ for factors.iter().map(|f| html! {
                                    <tr>
                                        <td>{ match f {
                                            Factor::Own(_) if !a.alignment.own_known[node] => format!("{} itself: no figure given, for it or the agreements on it (counts as 100%)", node_name(node)),
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
