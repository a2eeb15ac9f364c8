//! Keeps the current route in step with the address after `#`. Links are plain
//! `<a href="#/…">` (`Route::href`): the browser changes the address and says so
//! with `hashchange`. A few lines instead of yew-router, which with its history
//! layer and URL encoding took 29 KB of the bundle.

use gloo::events::EventListener;
use wasm_bindgen::JsValue;
use yew::html::ChildrenProps;
use yew::prelude::*;

use crate::app::route::{locate, Route};

/// Where the app is, and the way to go elsewhere.
#[derive(Clone, PartialEq)]
pub struct Location {
    pub route: Route,
    /// The query after `?`, still encoded (`crate::app::route::query_pairs` reads it).
    pub query: String,
    pub navigator: Navigator,
}

/// Goes to another route; the same value for the app's whole life.
#[derive(Clone, PartialEq)]
pub struct Navigator(Callback<(String, bool)>);

impl Navigator {
    /// Goes to `route`, adding a step to the browser's history.
    pub fn push(&self, route: &Route, query: &str) {
        self.0.emit((route.href(query), false));
    }

    /// Goes to `route` in place of the current step (filters, search text).
    pub fn replace(&self, route: &Route, query: &str) {
        self.0.emit((route.href(query), true));
    }
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

#[function_component(Router)]
pub fn router(props: &ChildrenProps) -> Html {
    let hash = use_state_eq(current_hash);
    {
        let hash = hash.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    // An in-page anchor (`#main`) is not a route: stay.
                    let now = current_hash();
                    if now.is_empty() || now.starts_with("#/") {
                        hash.set(now);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let navigate = {
        let hash = hash.clone();
        use_callback((), move |(href, replace): (String, bool), _| {
            let Some(window) = web_sys::window() else { return };
            if replace {
                // No `hashchange` for a replaced address: the state follows it here.
                if let Ok(history) = window.history() {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&href));
                }
                hash.set(href);
            } else {
                let _ = window.location().set_hash(&href);
            }
        })
    };
    let (route, query) = locate(&hash);
    let location = Location { route, query, navigator: Navigator(navigate) };
    html! {
        <ContextProvider<Location> context={location}>{props.children.clone()}</ContextProvider<Location>>
    }
}

/// The current route and query; re-renders the component when they change.
#[hook]
pub fn use_location() -> Location {
    use_context::<Location>().expect("components are rendered inside the Router")
}

/// Goes to `route` from outside a component (after a register failed to open at
/// start-up): the address changes and `hashchange` brings the view.
pub fn go(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.href(""));
    }
}
