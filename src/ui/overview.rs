//! The overview: the register at a glance.

use std::collections::BTreeMap;

use rampart_core::scoring::Scored;
use rampart_core::Area;
use yew::prelude::*;

use crate::risks::charts;
use crate::ui::use_store;
use crate::ui::widgets::swatch;

#[function_component(Overview)]
pub fn overview() -> Html {
    let store = use_store();
    let Some(w) = &store.state.current else { return Html::default() };
    let (r, a) = (&w.register, &w.analysis);
    let bands = &a.scales.bands;
    let count_by_band = |pick: fn(&rampart_core::scoring::RiskRating) -> Scored| {
        let mut counts = vec![0usize; bands.len() + 1];
        for rating in &a.ratings {
            counts[pick(rating).band.map_or(bands.len(), |b| b as usize)] += 1;
        }
        counts
    };
    let inherent = count_by_band(|r| r.inherent);
    let residual = count_by_band(|r| r.residual);
    let mut by_area: BTreeMap<Area, [usize; 3]> = BTreeMap::new();
    for f in &a.findings {
        by_area.entry(f.kind.area()).or_default()[f.severity as usize] += 1;
    }
    let reviews: Vec<_> = r.risks.iter().filter_map(|x| x.review_date).collect();
    let late = a.recovery.iter().filter(|s| s.late > 0.0).count();
    let trend = charts::residual_trend(r, a, w.options.today);
    let trend_label = trend.iter().map(|(d, v)| format!("{d}: {v:.1}")).collect::<Vec<_>>().join(", ");
    html! {
        <div class="overview">
            <section class="card" aria-labelledby="bands-title">
                <h2 id="bands-title">{format!("Risks by band ({})", r.risks.len())}</h2>
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
            </section>
            <section class="card" aria-labelledby="areas-title">
                <h2 id="areas-title">{"Findings by area"}</h2>
                <table>
                    <thead><tr><th scope="col">{"Area"}</th><th scope="col" class="num">{"Errors"}</th><th scope="col" class="num">{"Warnings"}</th><th scope="col" class="num">{"Info"}</th></tr></thead>
                    <tbody>
                        { for by_area.iter().map(|(area, n)| html! {
                            <tr><th scope="row">{area.label()}</th><td class="num">{n[0]}</td><td class="num">{n[1]}</td><td class="num">{n[2]}</td></tr>
                        }) }
                    </tbody>
                </table>
                if by_area.is_empty() { <p>{"No findings."}</p> }
            </section>
            <section class="card" aria-labelledby="dates-title">
                <h2 id="dates-title">{"Dates"}</h2>
                <dl>
                    <dt>{"Analysis date"}</dt><dd>{w.options.today.to_string()}</dd>
                    <dt>{"Last exported"}</dt><dd>{r.updated.as_ref().map_or("never", |u| u.as_str()).to_string()}</dd>
                    <dt>{"Next risk review"}</dt>
                    <dd>{reviews.iter().filter(|d| **d >= w.options.today).min().map_or("none scheduled".to_string(), |d| d.to_string())}</dd>
                    <dt>{"Overdue reviews"}</dt><dd>{reviews.iter().filter(|d| **d < w.options.today).count()}</dd>
                </dl>
            </section>
            <section class="card trend" aria-labelledby="trend-title">
                <h2 id="trend-title">{"Average residual score over time"}</h2>
                if trend.len() > 1 {
                    <figure class="chart" role="img" aria-label={trend_label}>
                        { Html::from_html_unchecked(AttrValue::from(charts::trend_svg(&trend))) }
                    </figure>
                } else {
                    <p>{"No assessment history yet: each change of a residual rating adds a point."}</p>
                }
            </section>
            <section class="card" aria-labelledby="bia-title">
                <h2 id="bia-title">{"Continuity and agreements"}</h2>
                <dl>
                    <dt>{"Services and dependencies"}</dt><dd>{r.services.len()}</dd>
                    <dt>{"Recovered after their RTO"}</dt><dd>{late}</dd>
                    <dt>{"Agreements"}</dt><dd>{r.agreements.len()}</dd>
                    <dt>{"Suppliers"}</dt><dd>{r.suppliers.len()}</dd>
                </dl>
            </section>
        </div>
    }
}
