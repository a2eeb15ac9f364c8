//! Which view each route shows.

use yew::prelude::*;

use super::Route;
use crate::continuity::view::{
    editor::ServiceEditor, exercises::ExerciseEditor, plan::Continuity, scenarios::ScenarioEditor,
};
use crate::risks::view::{actions::Actions, editor, register::Risks, scales::ScalesEditor};
use crate::sla::view::{editor::AgreementEditor, page::Sla};

pub fn switch(route: Route) -> Html {
    match route {
        Route::Overview => html! { <super::overview::Overview /> },
        Route::Risks => html! { <Risks /> },
        Route::Risk { id } => html! { <editor::RiskEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewRisk => html! { <editor::NewRisk /> },
        Route::Actions => html! { <Actions /> },
        Route::Continuity => html! { <Continuity /> },
        Route::Service { id } => html! { <ServiceEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewService => html! { <ServiceEditor id={None::<String>} /> },
        Route::Scenario { id } => html! { <ScenarioEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewScenario => html! { <ScenarioEditor id={None::<String>} /> },
        Route::Exercise { id } => html! { <ExerciseEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewExercise => html! { <ExerciseEditor id={None::<String>} /> },
        Route::Agreement { id } => html! { <AgreementEditor key={id.clone()} id={Some(id.clone())} /> },
        Route::NewAgreement => html! { <AgreementEditor id={None::<String>} /> },
        Route::Sla => html! { <Sla /> },
        Route::Findings => html! { <super::findings::Findings /> },
        Route::Scales => html! { <ScalesEditor /> },
        Route::Registers => html! { <super::registers::Registers /> },
        Route::Compare => html! { <crate::travel::view::compare::Compare /> },
        Route::Merge => html! { <crate::travel::view::merge::Merge /> },
        Route::Review => html! { <crate::review::view::ReviewPage /> },
        Route::ReviewRecord { id } => {
            html! { <crate::review::view::ReviewEditor key={id.clone()} id={Some(id.clone())} /> }
        }
        Route::NewReview => html! { <crate::review::view::ReviewEditor id={None::<String>} /> },
        Route::NotFound => {
            html! { <section><h2>{"No such view"}</h2><a href={Route::Overview.href("")}>{"Go to the overview"}</a></section> }
        }
    }
}
