//! The findings view: every finding, filterable by severity and area (the area
//! is in the address), linked to what it names, exportable as CSV.

use rampart_core::{Area, Severity};
use yew::prelude::*;

use crate::ui::router::use_location;
use crate::ui::{use_store, Route};

#[function_component(Findings)]
pub fn findings() -> Html {
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
    let keep = |f: &&rampart_core::Finding| {
        filter.is_none_or(|s| f.severity() == s) && area.is_none_or(|x| f.kind.area() == x)
    };
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
                severity.is_none_or(|s| f.severity() == s) && area.is_none_or(|x| f.kind.area() == x)
            };
            let csv = crate::app::export::findings_csv(&register, analysis.findings.iter().filter(keep));
            let name = crate::app::export::findings_file_name(&register, today);
            crate::ui::browser::offer(&name, &csv, "text/csv", &dispatch);
        })
    };
    // Each item a finding names, as a link to where it is edited (an action: its
    // risk's editor); a risk with its title beside its id.
    let link = |f: &rampart_core::Finding, s: Subject| {
        let title = match s {
            Subject::Risk(i) => r.risks.get(i as usize).map(|x| x.title.as_str()),
            _ => None,
        };
        let id = match s {
            Subject::Risk(i) | Subject::Action(i, _) => {
                r.risks.get(i as usize).map(|x| Route::Risk { id: x.id.to_string() })
            }
            Subject::Service(i) => r.services.get(i as usize).map(|x| Route::Service { id: x.id.to_string() }),
            Subject::Agreement(i) => r.agreements.get(i as usize).map(|x| Route::Agreement { id: x.id.to_string() }),
            Subject::Scenario(i) => r.scenarios.get(i as usize).map(|x| Route::Scenario { id: x.id.to_string() }),
            Subject::Exercise(i) => r.exercises.get(i as usize).map(|x| Route::Exercise { id: x.id.to_string() }),
            Subject::Review(i) | Subject::Decision(i, _) => {
                r.reviews.get(i as usize).map(|x| Route::ReviewRecord { id: x.id.to_string() })
            }
            Subject::UnknownRef => None,
        };
        let text = f.subject_ids(r)[f.subjects.iter().position(|x| *x == s).unwrap_or(0)].to_string();
        let item = match id {
            Some(route) => html! { <a class="id" href={route.href("")}>{text}</a> },
            None => html! { <code>{text}</code> },
        };
        html! { <>{item}if let Some(t) = title { <span class="subject-title" dir="auto">{t}</span> }</> }
    };
    html! {
        <section aria-labelledby="findings-title">
            <div class="view-title">
                <h2 id="findings-title">{format!("Findings ({} of {})", shown.len(), a.findings.len())}</h2>
                <button type="button" onclick={export}>{"Export these as CSV"}</button>
            </div>
            <div class="filters" role="group" aria-label="Severity">
                <button type="button" aria-pressed={pressed(None)} onclick={choose(None)}>{"All"}</button>
                { for Severity::ALL.iter().copied().map(|s| html! {
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
                        <tr class={f.severity().label()}>
                            <td>{f.severity().label()}</td><td>{f.kind.area().label()}</td>
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
