//! The overview: the register at a glance.

use rampart_core::lifecycle::Quick;
use rampart_core::summary::summary;
use yew::prelude::*;

use crate::app::same::Same;
use crate::risks::charts;
use crate::ui::widgets::swatch;
use crate::ui::{use_store, Route};

#[function_component(Overview)]
pub fn overview() -> Html {
    let store = use_store();
    let current = store.state.current.clone();
    // Every number here is the engine's (`rampart_core::summary`), worked out
    // once per analysis.
    let summary = use_memo(current.as_ref().map(|w| (Same::of(&w.analysis), w.options.today)), {
        let current = current.clone();
        move |_| current.map(|w| summary(&w.register, &w.analysis, w.options.today))
    });
    let (Some(w), Some(s)) = (&current, summary.as_ref()) else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let bands = &a.scales.bands;
    let (inherent, residual) = (&s.inherent_by_band, &s.residual_by_band);
    let trend = &s.trend;
    let trend_label = trend.iter().map(|(d, v)| format!("{d}: {v:.1}")).collect::<Vec<_>>().join(", ");
    let quick = |q: Quick| {
        let href = Route::Risks.href(&format!("quick={}", q.key()));
        html! { <li><a {href} class={classes!("quick", q.key())}><span class="count">{s.standings.count(q)}</span>{" "}{q.label()}</a></li> }
    };
    html! {
        <div class="overview">
            <section class="card" aria-labelledby="bands-title">
                <h2 id="bands-title">{format!("Threats by band ({})", s.threats)}</h2>
                <table>
                    <thead><tr><th scope="col">{"Band"}</th><th scope="col" class="num">{"Inherent"}</th><th scope="col" class="num">{"Residual"}</th></tr></thead>
                    <tbody>
                        { for bands.iter().enumerate().rev().map(|(i, b)| html! {
                            <tr><th scope="row">{swatch(Some(i as u32), None)}{&b.name}</th><td class="num">{inherent[i]}</td><td class="num">{residual[i]}</td></tr>
                        }) }
                        if inherent[bands.len()] + residual[bands.len()] > 0 {
                            <tr><th scope="row">{"Below the first band"}</th><td class="num">{inherent[bands.len()]}</td><td class="num">{residual[bands.len()]}</td></tr>
                        }
                    </tbody>
                </table>
            if s.opportunities > 0 {
                    <p class="hint"><a href={Route::Risks.href("quick=opportunity")}>{format!(
                        "{} {} counted apart", s.opportunities, if s.opportunities == 1 { "opportunity is" } else { "opportunities are" })}</a>
                        {": a high score is good news for an opportunity."}</p>
                }
            </section>
            <section class="card" aria-labelledby="quick-title">
                <h2 id="quick-title">{"Risks that need an answer"}</h2>
                <ul class="quick-answers">{ for Quick::ALL.iter().map(|q| quick(*q)) }</ul>
            </section>
            <section class="card" aria-labelledby="areas-title">
                <h2 id="areas-title">{"Findings by area"}</h2>
                <table>
                    <thead><tr><th scope="col">{"Area"}</th><th scope="col" class="num">{"Errors"}</th><th scope="col" class="num">{"Warnings"}</th><th scope="col" class="num">{"Info"}</th></tr></thead>
                    <tbody>
                        { for s.findings_by_area.iter().map(|(area, n)| html! {
                            <tr><th scope="row">{area.label()}</th><td class="num">{n[0]}</td><td class="num">{n[1]}</td><td class="num">{n[2]}</td></tr>
                        }) }
                    </tbody>
                </table>
                if s.findings_by_area.is_empty() { <p>{"No findings."}</p> }
            </section>
            <section class="card" aria-labelledby="dates-title">
                <h2 id="dates-title">{"Dates"}</h2>
                <dl>
                    <dt>{"Analysis date"}</dt><dd>{w.options.today.to_string()}</dd>
                    <dt>{"Last exported"}</dt><dd>{r.updated.as_ref().map_or("never".to_string(), |u| u.label())}</dd>
                    <dt>{"Next risk review"}</dt>
                    <dd>{s.next_review.map_or("none scheduled".to_string(), |d| d.to_string())}</dd>
                    <dt>{"Overdue reviews"}</dt><dd>{s.standings.count(Quick::ReviewOverdue)}</dd>
                </dl>
            </section>
            <section class="card trend" aria-labelledby="trend-title">
                <h2 id="trend-title">{"Average residual score of threats over time"}</h2>
                if trend.len() > 1 {
                    <figure class="chart" role="img" aria-label={trend_label}>
                        { Html::from_html_unchecked(AttrValue::from(charts::trend_svg(trend))) }
                    </figure>
                } else {
                    <p>{"No assessment history yet: each change of a residual rating adds a point."}</p>
                }
            </section>
            <section class="card" aria-labelledby="bia-title">
                <h2 id="bia-title">{"Continuity and agreements"}</h2>
                <dl>
                    <dt>{"Services and dependencies"}</dt><dd>{r.services.len()}</dd>
                    <dt>{"Recovered after their RTO"}</dt><dd>{s.late_nodes}</dd>
                    <dt>{"Agreements"}</dt><dd>{r.agreements.len()}</dd>
                    <dt>{"Suppliers"}</dt><dd>{r.suppliers.len()}</dd>
                </dl>
            </section>
        </div>
    }
}
