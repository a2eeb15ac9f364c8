//! The continuity charts, drawn with plotters' SVG backend: the recovery
//! timeline, the impact over time and an exercise planned against actual. Plain Rust, tested natively; labels from
//! the register are escaped by the backend.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rampart_core::{Analysis, Register};

use crate::app::svg::{label_font, short, styled_font, time_ticks, with_titles, INK};
use rampart_core::findings::{clearly_greater, fmt_hours};

/// The most nodes a timeline draws; the table below it lists them all.
pub const GANTT_LIMIT: usize = 80;

/// The recovery plan as a timeline: one bar per scheduled node in recovery order
/// (at most [`GANTT_LIMIT`]), from start to finish, late ones in the breach
/// colour, each RTO marked, and a thin link from each dependency's finish to the
/// start of what needs it. The axis is set by the finishes, on round values; an
/// RTO beyond it is marked at the edge with its value. With `chosen`, that
/// node's critical path (what it waited for, link by link) is drawn bold and
/// every other bar faded.
pub fn gantt_svg(register: &Register, analysis: &Analysis, chosen: Option<&str>) -> String {
    let steps = &analysis.recovery[..analysis.recovery.len().min(GANTT_LIMIT)];
    let (left, right, top, row_height) = (300.0, 90.0, 40.0, 22.0);
    let width = 1000u32;
    let height = (top + row_height * steps.len() as f64 + 40.0) as u32;
    let finishes = steps.iter().map(|s| s.finish).fold(0.0_f64, f64::max);
    let (end, ticks) = time_ticks(finishes, 8);
    let w = f64::from(width) - left - right;
    let x_of = |hours: f64| left + w * hours.min(end) / end;
    let y_of = |row: usize| top + row_height * row as f64;
    let px = |v: f64| v.round() as i32;
    let (on_time, late, link) = (RGBColor(0x1f, 0x5f, 0xbf), RGBColor(0xc6, 0x28, 0x28), RGBColor(0x9a, 0xa3, 0xb2));
    let row_of: std::collections::HashMap<&str, usize> =
        steps.iter().enumerate().map(|(k, s)| (s.id.as_str(), k)).collect();
    let service_of: std::collections::HashMap<&str, &rampart_core::model::Service> =
        register.services.iter().map(|s| (s.id.as_str(), s)).collect();
    let path: std::collections::HashSet<&str> = chosen
        .map(|id| rampart_core::recovery::critical_path(&analysis.recovery, id).iter().map(|s| s.id.as_str()).collect())
        .unwrap_or_default();
    let on_path = |id: &str| path.is_empty() || path.contains(id);
    let mut cut = Vec::new();
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let bottom = y_of(steps.len());
        // Hour grid and axis.
        for (hours, label) in &ticks {
            let x = px(x_of(*hours));
            let _ = b.draw_line((x, px(top - 4.0)), (x, px(bottom)), &RGBColor(0xe3, 0xe7, 0xee));
            let _ = b.draw_text(label, &label_font(12.0, HPos::Center, VPos::Center), (x, px(bottom + 14.0)));
        }
        let legend = [("Recovered by its RTO", on_time), ("Late", late)];
        for (k, (name, colour)) in legend.iter().enumerate() {
            let x = left + k as f64 * 190.0;
            let _ = b.draw_rect((px(x), 10), (px(x + 14.0), 20), &colour.filled(), true);
            let _ = b.draw_text(name, &label_font(13.0, HPos::Left, VPos::Center), (px(x + 20.0), 15));
        }
        let _ = b.draw_line((px(left + 300.0), 9), (px(left + 300.0), 21), &INK.stroke_width(2));
        let _ = b.draw_text("RTO", &label_font(13.0, HPos::Left, VPos::Center), (px(left + 306.0), 15));
        if !path.is_empty() {
            let text = "Bold: the chosen node's critical path";
            let _ = b.draw_text(text, &label_font(13.0, HPos::Left, VPos::Center), (px(left + 360.0), 15));
        }
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
                    let waited = step.waits_for.as_deref() == Some(dep.as_str());
                    match !path.is_empty() && waited && path.contains(step.id.as_str()) {
                        true => b.draw_line(from, to, &INK.stroke_width(2)),
                        false => b.draw_line(from, to, &link.mix(if path.is_empty() { 1.0 } else { 0.3 })),
                    }
                    .ok();
                }
            }
        }
        for (k, step) in steps.iter().enumerate() {
            let (y0, y1) = (px(y_of(k) + 4.0), px(y_of(k) + row_height - 4.0));
            let name = service_of.get(step.id.as_str()).map_or("", |s| s.name.as_str());
            let whole = format!("{} {name}", step.id);
            let label = rampart_core::bidi::isolate(&short(&whole, 40)).into_owned();
            let style = if !path.is_empty() && on_path(&step.id) { FontStyle::Bold } else { FontStyle::Normal };
            let font = styled_font(12.0, style, HPos::Right, VPos::Center);
            let _ = b.draw_text(&label, &font, (px(left - 8.0), px(y_of(k) + row_height / 2.0)));
            cut.push((label, rampart_core::bidi::isolate(&whole).into_owned()));
            let (x0, x1) = (px(x_of(step.start)), px(x_of(step.finish)).max(px(x_of(step.start)) + 2));
            let colour = if step.late > 0.0 { late } else { on_time };
            let alpha = if on_path(&step.id) { 1.0 } else { 0.3 };
            let _ = b.draw_rect((x0, y0), (x1, y1), &colour.mix(alpha).filled(), true);
            if !path.is_empty() && on_path(&step.id) {
                let _ = b.draw_rect((x0 - 1, y0 - 1), (x1 + 1, y1 + 1), &INK.stroke_width(2), false);
            }
            match step.rto {
                Some(rto) if rto > end => {
                    // Beyond the axis: at its edge, with its value.
                    let x = px(left + w);
                    let _ = b.draw_line((x, y0 - 2), (x, y1 + 2), &INK.stroke_width(2));
                    let text = format!("RTO {} →", fmt_hours(rto));
                    let _ = b.draw_text(&text, &label_font(11.0, HPos::Left, VPos::Center), (x + 4, (y0 + y1) / 2));
                }
                Some(rto) => {
                    let x = px(x_of(rto));
                    let _ = b.draw_line((x, y0 - 2), (x, y1 + 2), &INK.stroke_width(2));
                }
                None => {}
            }
        }
        let _ = b.present();
    }
    with_titles(svg, &cut)
}

#[cfg(test)]
mod gantt_tests {
    use super::*;

    #[test]
    fn one_bar_per_scheduled_node_late_ones_in_red_and_names_escaped() {
        let mut r = crate::app::testing::example();
        r.services[0].name = "<b>X</b> & Y".into();
        let a = crate::app::testing::analysed(&r);
        let svg = gantt_svg(&r, &a, None);
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;X&lt;/b&gt; &amp; Y"), "{svg}");
        let bars = a.recovery.len().min(GANTT_LIMIT);
        let late = a.recovery.iter().take(GANTT_LIMIT).filter(|s| s.late > 0.0).count();
        assert!(late > 0, "the example has late nodes");
        // Bars plus the two legend swatches, by fill colour.
        assert_eq!(svg.matches("fill=\"#C62828\"").count(), late + 1, "{svg}");
        assert_eq!(svg.matches("fill=\"#1F5FBF\"").count(), bars - late + 1);
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX, "{svg}");
    }

    #[test]
    fn a_chosen_nodes_critical_path_is_bold_and_the_rest_faded() {
        let r = crate::app::testing::example();
        let a = crate::app::testing::analysed(&r);
        let late = a.recovery.iter().filter(|s| s.late > 0.0).max_by(|x, y| x.finish.total_cmp(&y.finish)).unwrap();
        let path = rampart_core::recovery::critical_path(&a.recovery, late.id.as_str());
        assert!(path.len() > 2, "the example's latest node waits along a chain");
        let svg = gantt_svg(&r, &a, Some(late.id.as_str()));
        assert_eq!(svg.matches("font-weight=\"bold\"").count(), path.len(), "one bold label per step of the path");
        assert!(svg.contains("critical path"));
        let faded = svg.matches("opacity=\"0.3\"").count();
        assert!(faded >= a.recovery.len().min(GANTT_LIMIT) - path.len(), "{faded}");
        assert!(!gantt_svg(&r, &a, None).contains("font-weight"), "nothing chosen, nothing bold");
    }

    #[test]
    fn the_axis_follows_the_finishes_and_a_far_rto_is_marked_at_the_edge() {
        let mut r = crate::app::testing::example();
        let first = r.services.iter_mut().find(|s| s.rto.is_some()).unwrap();
        first.rto = rampart_core::model::Hours::new(5000.0).ok();
        first.name = "A name long enough to be cut at the edge of the label column".into();
        let a = crate::app::testing::analysed(&r);
        let svg = gantt_svg(&r, &a, None);
        assert!(svg.contains("RTO 5000 h →"), "{svg}");
        let last = a.recovery.iter().map(|s| s.finish).fold(0.0, f64::max);
        let (_, ticks) = crate::app::svg::time_ticks(last, 8);
        assert!(
            svg.contains(&format!(">\n{}\n</text>", ticks.last().unwrap().1)),
            "the axis ends near the last finish"
        );
        assert!(svg.contains("<title>") && svg.contains("label column</title>"), "the whole name on hover");
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
    let last = points.iter().map(|p| p.0).chain(rto).chain(mtpd).fold(1.0_f64, f64::max) * 1.15;
    let (end, ticks) = time_ticks(last, 6);
    let (width, height) = (720u32, 290u32);
    let (left, right, top, bottom) = (150.0, 30.0, 58.0, 40.0);
    let (w, h) = (f64::from(width) - left - right, f64::from(height) - top - bottom);
    let x_of = |hours: f64| left + w * hours / end;
    let y_of = |level: i64| top + h * (1.0 - (level as f64 - 0.5) / levels as f64);
    let px = |v: f64| v.round() as i32;
    let ink = INK;
    let mut cut = Vec::new();
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = label_font;
        for level in 1..=levels {
            let y = px(y_of(level));
            let _ = b.draw_line((px(left), y), (px(left + w), y), &RGBColor(0xe3, 0xe7, 0xee));
            let whole = format!("{level} {}", scales.impact[(level - 1) as usize]);
            let label = short(&whole, 20);
            let _ = b.draw_text(&label, &font(12.0, HPos::Right, VPos::Center), (px(left - 6.0), y));
            cut.push((label, whole));
        }
        let intolerable_y = px(y_of(intolerable));
        let _ = b.draw_line(
            (px(left), intolerable_y),
            (px(left + w), intolerable_y),
            &RGBColor(0xc6, 0x28, 0x28).stroke_width(2),
        );
        let _ = b.draw_text("intolerable", &font(11.0, HPos::Right, VPos::Bottom), (px(left + w), intolerable_y - 3));
        for (hours, label) in &ticks {
            let _ = b.draw_text(label, &font(12.0, HPos::Center, VPos::Top), (px(x_of(*hours)), px(top + h + 6.0)));
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
                let text = format!("{name} {}", fmt_hours(*at));
                let _ =
                    b.draw_text(&text, &font(12.0, HPos::Left, VPos::Top), (x + 3, px(top - 50.0 + 16.0 * k as f64)));
            }
        }
        let _ = b.present();
    }
    with_titles(svg, &cut)
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
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX, "{svg}");
        // The intolerable level's line and the mark where the curve reaches it.
        assert!(svg.matches("intolerable").count() == 2 && svg.contains("<polyline"), "{svg}");
        let mut named = s.clone();
        named.impact = None;
        let empty = impact_svg(&named, &ScaleSet::default(), 5);
        assert!(empty.matches("intolerable").count() < 2, "no curve, no mark");
    }
}

/// An exercise planned against actual: per node, its planned finish under the
/// exercise's scenario (a light bar) beside the time it actually took (a solid
/// bar: red past its RTO, amber past the plan, green otherwise), its RTO marked.
/// The lines are the engine's (`rampart_core::exercise::planned_against_actual`).
pub fn exercise_svg(register: &Register, lines: &[rampart_core::exercise::ExerciseLine]) -> String {
    let (left, right, top, row_height) = (260.0, 40.0, 44.0, 34.0);
    let width = 900u32;
    let height = (top + row_height * lines.len() as f64 + 40.0) as u32;
    let last = lines.iter().flat_map(|l| [Some(l.recovered), l.planned, l.rto]).flatten().fold(0.0_f64, f64::max);
    let (end, ticks) = time_ticks(last, 8);
    let w = f64::from(width) - left - right;
    let x_of = |hours: f64| left + w * hours / end;
    let px = |v: f64| v.round() as i32;
    let (planned, met, slower, missed) = (
        RGBColor(0x9a, 0xb6, 0xe0),
        RGBColor(0x2e, 0x7d, 0x32),
        RGBColor(0xb2, 0x6a, 0x00),
        RGBColor(0xc6, 0x28, 0x28),
    );
    let mut cut = Vec::new();
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let bottom = top + row_height * lines.len() as f64;
        for (hours, label) in &ticks {
            let x = px(x_of(*hours));
            let _ = b.draw_line((x, px(top - 4.0)), (x, px(bottom)), &RGBColor(0xe3, 0xe7, 0xee));
            let _ = b.draw_text(label, &label_font(12.0, HPos::Center, VPos::Center), (x, px(bottom + 14.0)));
        }
        let legend =
            [("Planned", planned), ("Actual, in time", met), ("Slower than plan", slower), ("Past the RTO", missed)];
        for (k, (name, colour)) in legend.iter().enumerate() {
            let x = left - 250.0 + k as f64 * 160.0;
            let _ = b.draw_rect((px(x), 10), (px(x + 14.0), 20), &colour.filled(), true);
            let _ = b.draw_text(name, &label_font(13.0, HPos::Left, VPos::Center), (px(x + 20.0), 15));
        }
        let _ = b.draw_line((px(left + 400.0), 9), (px(left + 400.0), 21), &INK.stroke_width(2));
        let _ = b.draw_text("RTO", &label_font(13.0, HPos::Left, VPos::Center), (px(left + 406.0), 15));
        for (k, line) in lines.iter().enumerate() {
            let y = top + row_height * k as f64;
            let service = &register.services[line.node];
            let whole = format!("{} {}", service.id, service.name);
            let label = rampart_core::bidi::isolate(&short(&whole, 36)).into_owned();
            let _ = b.draw_text(
                &label,
                &label_font(12.0, HPos::Right, VPos::Center),
                (px(left - 8.0), px(y + row_height / 2.0)),
            );
            cut.push((label, rampart_core::bidi::isolate(&whole).into_owned()));
            if let Some(p) = line.planned {
                let _ = b.draw_rect(
                    (px(left), px(y + 5.0)),
                    (px(x_of(p)).max(px(left) + 2), px(y + 14.0)),
                    &planned.filled(),
                    true,
                );
            }
            let colour = match (line.rto, line.planned) {
                (Some(rto), _) if clearly_greater(line.recovered, rto) => missed,
                (_, Some(p)) if clearly_greater(line.recovered, p) => slower,
                _ => met,
            };
            let x1 = px(x_of(line.recovered)).max(px(left) + 2);
            let _ = b.draw_rect((px(left), px(y + 16.0)), (x1, px(y + 28.0)), &colour.filled(), true);
            let text = fmt_hours(line.recovered).to_string();
            let _ = b.draw_text(&text, &label_font(11.0, HPos::Left, VPos::Center), (x1 + 4, px(y + 22.0)));
            if let Some(rto) = line.rto {
                let x = px(x_of(rto));
                let _ = b.draw_line((x, px(y + 2.0)), (x, px(y + row_height - 2.0)), &INK.stroke_width(2));
            }
        }
        let _ = b.present();
    }
    with_titles(svg, &cut)
}

#[cfg(test)]
mod exercise_tests {
    use super::*;

    #[test]
    fn each_result_is_drawn_beside_its_plan_and_coloured_by_what_it_missed() {
        let r = crate::app::testing::example();
        let lines = rampart_core::exercise::planned_against_actual(&r, 0);
        assert!(lines.len() >= 3, "the example's exercise measured several nodes");
        let svg = exercise_svg(&r, &lines);
        let missed = lines.iter().filter(|l| l.rto.is_some_and(|rto| clearly_greater(l.recovered, rto))).count();
        assert!(missed > 0, "the example's exercise missed an RTO");
        // One bar per result in its colour, plus the legend's swatch.
        assert_eq!(svg.matches("fill=\"#C62828\"").count(), missed + 1, "{svg}");
        let planned = lines.iter().filter(|l| l.planned.is_some()).count();
        assert_eq!(svg.matches("fill=\"#9AB6E0\"").count(), planned + 1);
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX);
    }
}
