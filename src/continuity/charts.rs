//! The continuity charts, drawn with plotters' SVG backend: the recovery
//! timeline and the impact over time. Plain Rust, tested natively; labels from
//! the register are escaped by the backend.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rampart_core::{Analysis, Register};

use crate::app::svg::short;

/// The most nodes a timeline draws; the table below it lists them all.
pub const GANTT_LIMIT: usize = 80;

/// The recovery plan as a timeline: one bar per scheduled node in recovery order
/// (at most [`GANTT_LIMIT`]), from start to finish, late ones in the breach
/// colour, each RTO marked, and a thin link from each dependency's finish to the
/// start of what needs it.
pub fn gantt_svg(register: &Register, analysis: &Analysis) -> String {
    let steps = &analysis.recovery[..analysis.recovery.len().min(GANTT_LIMIT)];
    let (left, right, top, row_height) = (210.0, 30.0, 40.0, 20.0);
    let width = 900u32;
    let height = (top + row_height * steps.len() as f64 + 40.0) as u32;
    let end = steps.iter().map(|s| s.finish.max(s.rto.unwrap_or(0.0))).fold(1.0_f64, f64::max);
    let w = f64::from(width) - left - right;
    let x_of = |hours: f64| left + w * hours / end;
    let y_of = |row: usize| top + row_height * row as f64;
    let px = |v: f64| v.round() as i32;
    let ink = RGBColor(0x1d, 0x24, 0x30);
    let (on_time, late, link) = (RGBColor(0x1f, 0x5f, 0xbf), RGBColor(0xc6, 0x28, 0x28), RGBColor(0x9a, 0xa3, 0xb2));
    let row_of: std::collections::HashMap<&str, usize> =
        steps.iter().enumerate().map(|(k, s)| (s.id.as_str(), k)).collect();
    let service_of: std::collections::HashMap<&str, &rampart_core::model::Service> =
        register.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = |size: f64, h: HPos| ("sans-serif", size).into_font().color(&ink).pos(Pos::new(h, VPos::Center));
        let bottom = y_of(steps.len());
        // Hour grid and axis.
        for k in 0..=5 {
            let hours = end * f64::from(k) / 5.0;
            let x = px(x_of(hours));
            let _ = b.draw_line((x, px(top - 4.0)), (x, px(bottom)), &RGBColor(0xe3, 0xe7, 0xee));
            let _ = b.draw_text(
                &rampart_core::findings::fmt_hours(hours).to_string(),
                &font(11.0, HPos::Center),
                (x, px(bottom + 12.0)),
            );
        }
        let legend = [("Recovered by its RTO", on_time), ("Late", late)];
        for (k, (name, colour)) in legend.iter().enumerate() {
            let x = left + k as f64 * 170.0;
            let _ = b.draw_rect((px(x), 10), (px(x + 14.0), 20), &colour.filled(), true);
            let _ = b.draw_text(name, &font(12.0, HPos::Left), (px(x + 20.0), 15));
        }
        let _ = b.draw_line((px(left + 300.0), 15), (px(left + 300.0), 25), &ink.stroke_width(2));
        let _ = b.draw_text("RTO", &font(12.0, HPos::Left), (px(left + 306.0), 15));
        // Links first, so that bars are drawn over them.
        for (k, step) in steps.iter().enumerate() {
            let Some(service) = service_of.get(step.id.as_str()) else { continue };
            let needs = service.depends_on.iter().flat_map(|d| match d {
                rampart_core::model::Dependency::On(id) => std::slice::from_ref(id),
                rampart_core::model::Dependency::AnyOf(group) => group.any_of.as_slice(),
            });
            for dep in needs {
                if let Some(&j) = row_of.get(dep.as_str()) {
                    let from = (px(x_of(steps[j].finish)), px(y_of(j) + row_height / 2.0));
                    let to = (px(x_of(step.start)), px(y_of(k) + row_height / 2.0));
                    let _ = b.draw_line(from, to, &link);
                }
            }
        }
        for (k, step) in steps.iter().enumerate() {
            let (y0, y1) = (px(y_of(k) + 4.0), px(y_of(k) + row_height - 4.0));
            let name = service_of.get(step.id.as_str()).map_or("", |s| s.name.as_str());
            let _ = b.draw_text(
                &rampart_core::bidi::isolate(&short(&format!("{} {name}", step.id), 30)),
                &font(12.0, HPos::Right),
                (px(left - 8.0), px(y_of(k) + row_height / 2.0)),
            );
            let (x0, x1) = (px(x_of(step.start)), px(x_of(step.finish)).max(px(x_of(step.start)) + 2));
            let colour = if step.late > 0.0 { late } else { on_time };
            let _ = b.draw_rect((x0, y0), (x1, y1), &colour.filled(), true);
            if let Some(rto) = step.rto {
                let x = px(x_of(rto));
                let _ = b.draw_line((x, y0 - 2), (x, y1 + 2), &ink.stroke_width(2));
            }
        }
        let _ = b.present();
    }
    svg
}

#[cfg(test)]
mod gantt_tests {
    use super::*;

    #[test]
    fn one_bar_per_scheduled_node_late_ones_in_red_and_names_escaped() {
        let mut r = crate::app::testing::example();
        r.services[0].name = "<b>X</b> & Y".into();
        let a = crate::app::testing::analysed(&r);
        let svg = gantt_svg(&r, &a);
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;X&lt;/b&gt; &amp; Y"), "{svg}");
        let bars = a.recovery.len().min(GANTT_LIMIT);
        let late = a.recovery.iter().take(GANTT_LIMIT).filter(|s| s.late > 0.0).count();
        assert!(late > 0, "the example has late nodes");
        // Bars plus the two legend swatches, by fill colour.
        assert_eq!(svg.matches("fill=\"#C62828\"").count(), late + 1, "{svg}");
        assert_eq!(svg.matches("fill=\"#1F5FBF\"").count(), bars - late + 1);
    }
}

/// A service's impact over time as a step line, with the intolerable level, the
/// RTO, the MTPD entered and the time the impact first reaches the intolerable
/// level (the MTPD the curve implies) marked.
pub fn impact_svg(
    service: &rampart_core::model::Service,
    scales: &rampart_core::scoring::ScaleSet,
    intolerable: i64,
) -> String {
    let mut points: Vec<(f64, i64)> = service.impact.iter().flat_map(|c| &c.0).map(|r| (r.hours, r.level.0)).collect();
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let rto = service.rto.map(|h| h.get());
    let mtpd = service.mtpd.map(|h| h.get());
    let suggested = service.impact.as_ref().and_then(|c| c.first_reaching(intolerable));
    let levels = scales.impact.len() as i64;
    let end = points.iter().map(|p| p.0).chain(rto).chain(mtpd).fold(1.0_f64, f64::max) * 1.15;
    let (width, height) = (640u32, 260u32);
    let (left, right, top, bottom) = (120.0, 24.0, 30.0, 40.0);
    let (w, h) = (f64::from(width) - left - right, f64::from(height) - top - bottom);
    let x_of = |hours: f64| left + w * hours / end;
    let y_of = |level: i64| top + h * (1.0 - (level as f64 - 0.5) / levels as f64);
    let px = |v: f64| v.round() as i32;
    let ink = RGBColor(0x1d, 0x24, 0x30);
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = |size: f64, hp: HPos, vp: VPos| ("sans-serif", size).into_font().color(&ink).pos(Pos::new(hp, vp));
        for level in 1..=levels {
            let y = px(y_of(level));
            let _ = b.draw_line((px(left), y), (px(left + w), y), &RGBColor(0xe3, 0xe7, 0xee));
            let label = short(&format!("{level} {}", scales.impact[(level - 1) as usize]), 18);
            let _ = b.draw_text(&label, &font(11.0, HPos::Right, VPos::Center), (px(left - 6.0), y));
        }
        let intolerable_y = px(y_of(intolerable));
        let _ = b.draw_line(
            (px(left), intolerable_y),
            (px(left + w), intolerable_y),
            &RGBColor(0xc6, 0x28, 0x28).stroke_width(2),
        );
        let _ = b.draw_text("intolerable", &font(11.0, HPos::Right, VPos::Bottom), (px(left + w), intolerable_y - 3));
        for k in 0..=4 {
            let hours = end * f64::from(k) / 4.0;
            let _ = b.draw_text(
                &rampart_core::findings::fmt_hours(hours).to_string(),
                &font(11.0, HPos::Center, VPos::Top),
                (px(x_of(hours)), px(top + h + 6.0)),
            );
        }
        // The impact holds from each hour key to the next (0 before the first).
        let mut path = vec![(px(x_of(0.0)), px(top + h))];
        for (k, &(hours, level)) in points.iter().enumerate() {
            let from = if k == 0 { px(top + h) } else { px(y_of(points[k - 1].1)) };
            path.push((px(x_of(hours)), from));
            path.push((px(x_of(hours)), px(y_of(level))));
        }
        if let Some(&(_, level)) = points.last() {
            path.push((px(x_of(end)), px(y_of(level))));
        }
        let _ = b.draw_path(path, &RGBColor(0x1f, 0x5f, 0xbf).stroke_width(3));
        let marks = [
            ("RTO", rto, RGBColor(0x1f, 0x5f, 0xbf)),
            ("MTPD", mtpd, ink),
            ("intolerable from", suggested, RGBColor(0xb3, 0x26, 0x1e)),
        ];
        for (k, (name, at, colour)) in marks.iter().enumerate() {
            if let Some(at) = at {
                let x = px(x_of(*at));
                let _ = b.draw_line((x, px(top)), (x, px(top + h)), &colour.stroke_width(2));
                let _ = b.draw_text(name, &font(11.0, HPos::Left, VPos::Top), (x + 3, px(top - 24.0 + 9.0 * k as f64)));
            }
        }
        let _ = b.present();
    }
    svg
}

#[cfg(test)]
mod impact_tests {
    use super::*;

    use rampart_core::scoring::ScaleSet;

    #[test]
    fn the_impact_is_marked_intolerable_the_first_time_it_reaches_the_level() {
        let r = crate::app::testing::example();
        let s = r.services.iter().find(|s| s.impact.is_some()).expect("the example rates impact over time");
        let curve = s.impact.as_ref().unwrap();
        let top = curve.0.iter().map(|r| r.level.0).max().unwrap();
        let first = curve.0.iter().filter(|r| r.level.0 >= top).map(|r| r.hours).fold(f64::INFINITY, f64::min);
        assert_eq!(curve.first_reaching(top), Some(first));
        assert_eq!(curve.first_reaching(top + 1), None);
        let svg = impact_svg(s, &ScaleSet::default(), top);
        // The intolerable level's line and the mark where the curve reaches it.
        assert!(svg.matches("intolerable").count() == 2 && svg.contains("<polyline"), "{svg}");
        let mut named = s.clone();
        named.impact = None;
        let empty = impact_svg(&named, &ScaleSet::default(), 5);
        assert!(empty.matches("intolerable").count() < 2, "no curve, no mark");
    }
}
