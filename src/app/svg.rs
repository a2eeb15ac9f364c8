//! What every chart shares: a band's colour as plotters wants it, and labels
//! cut to length.

use plotters::style::RGBColor;

/// A band's colour for plotters (the grey when it has none Rampart can use).
pub fn color(hex: Option<&str>) -> RGBColor {
    let c = rampart_core::model::Colour::of_band(hex);
    RGBColor(c.r, c.g, c.b)
}

/// `label`, cut to `max` characters with an ellipsis.
pub fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).chain(['…']).collect()
    }
}
