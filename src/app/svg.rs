//! What every chart shares: a band's colour as plotters wants it, labels at a
//! readable size, cut to length with the whole text on hover, and time axes on
//! round values.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;

/// The smallest text a chart draws, in pixels.
pub const LABEL_PX: f64 = 11.0;

/// The ink of every chart's text and axes.
pub const INK: RGBColor = RGBColor(0x1d, 0x24, 0x30);

/// A label `px` pixels high (at least [`LABEL_PX`]) in the SVG, placed by `h`
/// and `v`. plotters' SVG backend writes a font's size divided by 1.24, so
/// that is asked for here once for every chart.
pub fn label_font(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    styled_font(px, FontStyle::Normal, h, v)
}

/// [`label_font`] in another style (bold, say).
pub fn styled_font(px: f64, style: FontStyle, h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", px.max(LABEL_PX) * 1.24, style).into_font().color(&INK).pos(Pos::new(h, v))
}

/// `svg` with the whole text of each label that was cut (`(cut, whole)`) as its
/// hover title. The texts are escaped as plotters escapes them.
pub fn with_titles(svg: String, cut: &[(String, String)]) -> String {
    let mut out = svg;
    for (short, whole) in cut.iter().filter(|(s, w)| s != w) {
        let drawn = format!(">\n{}\n</text>", escape(short));
        let titled = format!(">\n<title>{}</title>{}\n</text>", escape(whole), escape(short));
        out = out.replacen(&drawn, &titled, 1);
    }
    out
}

/// Text for SVG (an element's text or an attribute's value), escaped as
/// plotters escapes it.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The smallest font size any text of `svg` is drawn at, in pixels (for tests).
#[cfg(test)]
pub fn smallest_font(svg: &str) -> f64 {
    svg.split("font-size=\"").skip(1).filter_map(|s| s.split('"').next()?.parse::<f64>().ok()).fold(f64::MAX, f64::min)
}

/// A band's colour for plotters (the grey when it has none Rampart can use).
pub fn color(hex: Option<&str>) -> RGBColor {
    let c = rampart_core::model::Colour::of_band(hex);
    RGBColor(c.r, c.g, c.b)
}

/// The ink for text on `fill` drawn at `opacity` over white: white or [`INK`],
/// whichever stands out more (WCAG 2 contrast ratio), so that a count reads on
/// a yellow band as well as on a red one.
pub fn ink_on(fill: RGBColor, opacity: f64) -> RGBColor {
    let shown = |c: u8| f64::from(c) * opacity + 255.0 * (1.0 - opacity);
    let background = luminance([fill.0, fill.1, fill.2].map(shown));
    let ink = luminance([INK.0, INK.1, INK.2].map(f64::from));
    if 1.05 / (background + 0.05) >= (background + 0.05) / (ink + 0.05) {
        WHITE
    } else {
        INK
    }
}

/// The WCAG 2 relative luminance of an sRGB colour (channels 0 to 255).
fn luminance(rgb: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        let v = c / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// `label`, cut to `max` characters with an ellipsis.
pub fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        label.chars().take(max - 1).chain(['…']).collect()
    }
}

/// Where a time axis from 0 to at least `end` hours puts its ticks: on round
/// values (1, 2 or 5 × 10ⁿ hours, or days once the axis is two days or longer),
/// at most `most` steps. Returns the axis' end (the last tick, ≥ `end`) and
/// each tick's hours and label.
pub fn time_ticks(end: f64, most: usize) -> (f64, Vec<(f64, String)>) {
    let end = if end.is_finite() && end > 0.0 { end } else { 1.0 };
    let most = most.max(1) as f64;
    // Whole days once the axis is two days or longer and a step is a day or more.
    let in_days = end >= 48.0 && end / 24.0 / most > 1.0 / 2.0;
    let (unit, suffix) = if in_days { (24.0, "d") } else { (1.0, "h") };
    let step = round_step(end / unit / most);
    let steps = (end / unit / step - 1e-9).ceil().max(1.0) as usize;
    let ticks = (0..=steps)
        .map(|k| {
            let value = step * k as f64;
            // Steps below 1 are 0.1, 0.2 or 0.5 × 10ⁿ: print them without binary noise.
            let text = format!("{}", (value * 1e6).round() / 1e6);
            (value * unit, format!("{text} {suffix}"))
        })
        .collect();
    (step * steps as f64 * unit, ticks)
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `raw`.
fn round_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_dark_on_light_bands_and_white_on_dark_ones() {
        // The default bands at the heat map's opacity: white on yellow was 1.8:1.
        let on = |hex: &str| ink_on(color(Some(hex)), 0.85);
        assert_eq!(on("#f9a825"), INK, "Moderate (yellow)");
        assert_eq!(on("#ef6c00"), INK, "High (orange): 5.9:1 with ink, 2.6:1 with white");
        assert_eq!(on("#c62828"), WHITE, "Extreme (red): 4.5:1 with white, 3.5:1 with ink");
        assert_eq!(on("#2e7d32"), INK, "Low (green): 4.1:1 with ink, 3.8:1 with white");
        assert_eq!(ink_on(WHITE, 1.0), INK);
        assert_eq!(ink_on(BLACK, 1.0), WHITE);
    }

    #[test]
    fn ticks_fall_on_round_hours_or_days_and_cover_the_end() {
        let labels = |end, most| time_ticks(end, most).1.into_iter().map(|(_, l)| l).collect::<Vec<_>>();
        assert_eq!(labels(8.5, 5), ["0 h", "2 h", "4 h", "6 h", "8 h", "10 h"]);
        assert_eq!(time_ticks(8.5, 5).0, 10.0);
        assert_eq!(labels(1.3, 4), ["0 h", "0.5 h", "1 h", "1.5 h"]);
        assert_eq!(labels(72.0, 4), ["0 d", "1 d", "2 d", "3 d"]);
        assert_eq!(time_ticks(72.0, 4).0, 72.0, "an end on a tick stays");
        assert_eq!(labels(72.0, 8), ["0 h", "10 h", "20 h", "30 h", "40 h", "50 h", "60 h", "70 h", "80 h"]);
        assert_eq!(labels(300.0, 5), ["0 d", "5 d", "10 d", "15 d"]);
        assert_eq!(labels(0.0, 5), ["0 h", "0.2 h", "0.4 h", "0.6 h", "0.8 h", "1 h"], "an empty axis still reads");
        for end in [0.3, 0.7, 3.0, 9.9, 23.0, 47.0, 49.0, 170.0, 2000.0, 1e5] {
            let (top, ticks) = time_ticks(end, 6);
            assert!(top >= end && ticks.len() <= 7 && ticks.len() >= 2, "{end}: {ticks:?}");
            let step = ticks[1].0 - ticks[0].0;
            let unit = if ticks[1].1.ends_with('d') { 24.0 } else { 1.0 };
            let mantissa = (step / unit) / 10f64.powf((step / unit).log10().floor());
            assert!([1.0, 2.0, 5.0].iter().any(|m| (m - mantissa).abs() < 1e-6), "{end}: step {step}");
        }
    }
}
