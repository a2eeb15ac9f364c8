//! Small parts several views share.

use yew::prelude::*;

/// A small swatch in band `band`'s colour: one element with a class, coloured by the
/// `--band-<k>` properties the shell sets once per analysis (cheap to render in
/// thousands of rows, and allowed by the page's security policy).
pub fn swatch(band: Option<u32>, name: Option<&str>) -> Html {
    let class = band.map(|b| format!("band-{b}"));
    html! { <span class={classes!("swatch", class)} role={name.map(|_| "img")} aria-label={name.map(str::to_string)}></span> }
}
