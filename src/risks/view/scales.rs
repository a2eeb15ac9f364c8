//! The scales editor: levels, bands and appetite, checked as you type.

use yew::prelude::*;

use crate::app::form_kit::Notes;
use crate::app::state::{saved, Action};
use crate::risks::scales_form::{BandRow, ScalesField, ScalesForm};
use crate::ui::drafts::{use_draft, DraftNotice, SavedHere};
use crate::ui::form as kit;
use crate::ui::{use_store, Route};

/// The scales editor: levels, bands, appetite. Checked as you type; applying
/// re-scores the whole register at once.
#[function_component(ScalesEditor)]
pub fn scales_editor() -> Html {
    let store = use_store();
    let scales = store.state.current.as_ref().map(|w| w.analysis.scales.clone()).unwrap_or_default();
    let base = store.state.current.as_ref().and_then(|w| w.register.scales.clone());
    let draft = {
        let (scales, base) = (scales.clone(), base.clone());
        use_draft(Route::Scales.to_path(), move || ScalesForm::new(base.as_ref(), &scales))
    };
    let form = draft.form.clone();
    let checked = form.check();
    // One reading of every text input and area of the form.
    let field = |get: fn(&mut ScalesForm) -> &mut String| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = (*form).clone();
            *get(&mut f) = crate::ui::browser::value_of(&e);
            form.set(f);
        })
    };
    let problems = checked.as_ref().err().cloned().unwrap_or_default();
    let notes = |at: ScalesField| Notes::at(&problems, &at);
    let band_field = |k: usize, part: usize| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let mut f = (*form).clone();
            if let Some(b) = f.bands.get_mut(k) {
                *[&mut b.name, &mut b.min, &mut b.color][part] = value;
            }
            form.set(f);
        })
    };
    let add_band = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.bands.push(BandRow::new());
            form.set(f);
        })
    };
    let remove_band = |k: usize| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.bands.remove(k);
            form.set(f);
        })
    };
    let apply = {
        let (dispatch, checked, draft) = (store.dispatch.clone(), checked.clone(), draft.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(scales) = &checked {
                draft.saved();
                dispatch.emit(Action::SetScales(scales.clone()));
            }
        })
    };
    let reset = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.discard())
    };
    html! {
        <section aria-labelledby="scales-title">
            <h2 id="scales-title">{"Scales, bands and appetite"}</h2>
            <form class="scales card" onsubmit={apply}>
                <DraftNotice restored={draft.restored} on_discard={reset.clone()} />
                <div class="scale-columns">
                    <kit::Field id="likelihood-levels" label="Likelihood levels, lowest first (one per line, 2 to 10)"
                                kind="textarea" rows={10} value={form.likelihood.clone()} notes={notes(ScalesField::Likelihood)}
                                oninput={field(|f| &mut f.likelihood)} />
                    <kit::Field id="impact-levels" label="Impact levels, lowest first (one per line, 2 to 10)"
                                kind="textarea" rows={10} value={form.impact.clone()} notes={notes(ScalesField::Impact)}
                                oninput={field(|f| &mut f.impact)} />
                </div>
                <fieldset>
                    <legend>{"Bands (score from the minimum up to the next band)"}</legend>
                    { for form.bands.iter().enumerate().map(|(k, band)| html! {
                        <div class="band-row">
                            <label>{"Name "}<input type="text" value={band.name.clone()} oninput={band_field(k, 0)} /></label>
                            <label>{"Minimum score "}<input type="number" step="any" min="0" value={band.min.clone()} oninput={band_field(k, 1)} /></label>
                            <label>{"Colour "}<input type="color" value={band.color.clone()} oninput={band_field(k, 2)} /></label>
                            <button type="button" onclick={remove_band(k)} aria-label={format!("Remove band {}", k + 1)}>{"Remove"}</button>
                        </div>
                    }) }
                    <button type="button" onclick={add_band}>{"Add band"}</button>
                </fieldset>
                <kit::Field id="appetite" label="Risk appetite (residual scores above it must be treated or accepted)"
                            kind="text" value={form.appetite.clone()} notes={notes(ScalesField::Appetite)}
                            oninput={field(|f| &mut f.appetite)} />
                <kit::Field id="appetite-by-category" label="Appetite by category (one Category = score per line)"
                            kind="textarea" rows={4} value={form.by_category.clone()} notes={notes(ScalesField::ByCategory)}
                            oninput={field(|f| &mut f.by_category)} />
                <kit::Field id="acceptance-days" label="Acceptance period in days (how long an acceptance made with Accept now holds)"
                            kind="number" value={form.acceptance_days.clone()} notes={notes(ScalesField::AcceptanceDays)}
                            oninput={field(|f| &mut f.acceptance_days)} />
                // Every problem again beside Apply, where the user looks when it is off.
                if !problems.is_empty() {
                    <ul class="problems" role="alert">{ for problems.iter().map(|p| html! { <li>{&p.message}</li> }) }</ul>
                }
                <div class="actions">
                    <button type="submit" disabled={checked.is_err()}>{"Apply to the register"}</button>
                    <button type="button" onclick={reset}>{"Undo changes"}</button>
                    <SavedHere label={saved::SCALES} changed={draft.changed} />
                </div>
            </form>
        </section>
    }
}
