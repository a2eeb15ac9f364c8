//! The dependency map: the BIA graph drawn left to right, what is needed before
//! what needs it, so that it reads in recovery order. Plain Rust, tested natively.
//!
//! Layout: each node's column is the length of the longest chain of
//! dependencies below it (the nodes of one cycle share a column); rows are
//! ordered by a few sweeps of the barycentre heuristic to untangle edges. Up to
//! [`MAP_LIMIT`] nodes are drawn whole; beyond that, the neighbourhood of a chosen
//! node.

use std::collections::HashMap;

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rampart_core::findings::clearly_greater;
use rampart_core::graph::ServiceGraph;
use rampart_core::model::NodeKind;
use rampart_core::Register;

use crate::app::route::Route;

/// The most nodes drawn at once; a larger BIA is shown around one node.
pub const MAP_LIMIT: usize = 200;

const BOX_W: f64 = 170.0;
const BOX_H: f64 = 30.0;
const GAP_X: f64 = 80.0;
const GAP_Y: f64 = 14.0;
const LEFT: f64 = 16.0;
const TOP: f64 = 56.0;

/// Where each drawn node is: its index in `register.services` and its box's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub boxes: Vec<(usize, f64, f64)>,
    pub width: u32,
    pub height: u32,
}

/// The nodes within `depth` steps of `focus`, along dependencies and dependents.
pub fn neighbourhood(graph: &ServiceGraph, focus: usize, depth: usize) -> Vec<usize> {
    let mut seen = vec![focus];
    let mut frontier = vec![focus];
    for _ in 0..depth {
        let mut next = Vec::new();
        for &i in &frontier {
            let near = graph.edges(i).chain(graph.dependents(i).iter().map(|&(d, _)| d));
            for j in near {
                if !seen.contains(&j) {
                    seen.push(j);
                    next.push(j);
                }
            }
        }
        frontier = next;
    }
    seen.sort_unstable();
    seen
}

/// Places the `shown` nodes (indices into `register.services`, sorted).
pub fn layout(register: &Register, graph: &ServiceGraph, shown: &[usize]) -> Layout {
    // The longest chain of dependencies below each component (components come
    // dependencies first, so one pass is enough).
    let mut depth = vec![0usize; graph.components.len()];
    for (c, nodes) in graph.components.iter().enumerate() {
        let below = nodes.iter().flat_map(|&i| graph.edges(i)).map(|d| graph.component_of[d]).filter(|&dc| dc != c);
        depth[c] = below.map(|dc| depth[dc] + 1).max().unwrap_or(0);
    }
    let is_shown = |i: usize| shown.binary_search(&i).is_ok();
    // Columns actually used, in order, numbered from 0.
    let mut used: Vec<usize> = shown.iter().map(|&i| depth[graph.component_of[i]]).collect();
    used.sort_unstable();
    used.dedup();
    let column_of = |i: usize| used.binary_search(&depth[graph.component_of[i]]).unwrap_or(0);
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); used.len()];
    for &i in shown {
        columns[column_of(i)].push(i);
    }
    let kind_rank = |i: usize| register.services[i].kind.unwrap_or_default() as u8;
    for col in &mut columns {
        col.sort_by(|&a, &b| (kind_rank(a), &register.services[a].id).cmp(&(kind_rank(b), &register.services[b].id)));
    }
    // Barycentre sweeps: rightwards by what each node needs, leftwards by what needs it.
    let mut row: HashMap<usize, f64> =
        columns.iter().flat_map(|col| col.iter().enumerate().map(|(k, &i)| (i, k as f64))).collect();
    for sweep in 0..4 {
        let order: Vec<usize> = if sweep % 2 == 0 {
            (1..columns.len()).collect()
        } else {
            (0..columns.len().saturating_sub(1)).rev().collect()
        };
        for c in order {
            let key = |i: usize| {
                let near: Vec<f64> = if sweep % 2 == 0 {
                    graph.edges(i).filter(|&d| is_shown(d)).filter_map(|d| row.get(&d).copied()).collect()
                } else {
                    graph
                        .dependents(i)
                        .iter()
                        .map(|&(d, _)| d)
                        .filter(|&d| is_shown(d))
                        .filter_map(|d| row.get(&d).copied())
                        .collect()
                };
                if near.is_empty() {
                    row[&i]
                } else {
                    near.iter().sum::<f64>() / near.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = columns[c].iter().map(|&i| (key(i), i)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            columns[c] = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in columns[c].iter().enumerate() {
                row.insert(i, k as f64);
            }
        }
    }
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let mut boxes = Vec::with_capacity(shown.len());
    for (c, col) in columns.iter().enumerate() {
        // Shorter columns are centred.
        let offset = (rows - col.len()) as f64 / 2.0;
        for (k, &i) in col.iter().enumerate() {
            let (x, y) = (LEFT + c as f64 * (BOX_W + GAP_X), TOP + (k as f64 + offset) * (BOX_H + GAP_Y));
            boxes.push((i, x, y));
        }
    }
    // Wide enough for the legend.
    let width = (LEFT * 2.0 + columns.len() as f64 * (BOX_W + GAP_X) - GAP_X).max(960.0) as u32;
    let height = (TOP + rows as f64 * (BOX_H + GAP_Y) + 10.0) as u32;
    Layout { boxes, width, height }
}

/// Fill and outline for each kind of node.
fn kind_colours(kind: NodeKind) -> (RGBColor, RGBColor) {
    match kind {
        NodeKind::Service => (RGBColor(0xe3, 0xec, 0xfa), RGBColor(0x1f, 0x5f, 0xbf)),
        NodeKind::Process => (RGBColor(0xe0, 0xf2, 0xef), RGBColor(0x00, 0x69, 0x5c)),
        NodeKind::System => (RGBColor(0xee, 0xe7, 0xf7), RGBColor(0x5e, 0x35, 0xb1)),
        NodeKind::Site => (RGBColor(0xf6, 0xec, 0xe2), RGBColor(0x8d, 0x4e, 0x1a)),
        NodeKind::SupplierService => (RGBColor(0xec, 0xee, 0xf1), RGBColor(0x4a, 0x55, 0x66)),
    }
}

/// Which nodes the analysis' plan recovers after their RTO, by index.
pub fn late_nodes(register: &Register, analysis: &rampart_core::Analysis) -> Vec<bool> {
    let late: std::collections::HashSet<&str> =
        analysis.recovery.iter().filter(|s| s.late > 0.0).map(|s| s.id.as_str()).collect();
    register.services.iter().map(|s| late.contains(s.id.as_str())).collect()
}

/// What the map marks on its nodes, each by index (an empty list marks none).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marks {
    /// Recovered after its RTO in the plan shown: a red bar.
    pub late: Vec<bool>,
    /// A service's single points of failure: a thick dashed outline.
    pub single_points: Vec<bool>,
    /// Not affected by the failure scenario shown: faded, and said to keep running.
    pub running: Vec<bool>,
}

/// The map as SVG: boxes by kind, an edge from each dependency to what needs it,
/// alternatives joined at a small circle, cycles in the breach colour and RTO
/// inversions in orange, a red bar on each node recovered after its RTO
/// and the other `marks`. Each box is a link to the node's editor.
pub fn map_svg(register: &Register, graph: &ServiceGraph, shown: &[usize], marks: &Marks) -> String {
    let marked = |of: &[bool], i: usize| of.get(i).copied().unwrap_or(false);
    let (late, single, running) = (&marks.late[..], &marks.single_points[..], &marks.running[..]);
    let placed = layout(register, graph, shown);
    let at: HashMap<usize, (f64, f64)> = placed.boxes.iter().map(|&(i, x, y)| (i, (x, y))).collect();
    let px = |v: f64| v.round() as i32;
    let ink = RGBColor(0x1d, 0x24, 0x30);
    let (plain, cycle, inversion) =
        (RGBColor(0x9a, 0xa3, 0xb2), RGBColor(0xc6, 0x28, 0x28), RGBColor(0xd9, 0x7a, 0x00));
    let single_point = RGBColor(0x6a, 0x1b, 0x9a);
    let on_cycle = |i: usize| graph.cycles.iter().any(|c| c.contains(&i));
    let same_cycle = |a: usize, b: usize| graph.component_of[a] == graph.component_of[b] && on_cycle(a);
    let rto = |i: usize| register.services[i].rto.map(|h| h.get());
    let inverted = |dependent: usize, dependency: usize| match (rto(dependent), rto(dependency)) {
        (Some(mine), Some(theirs)) => clearly_greater(theirs, mine),
        _ => false,
    };
    let mut svg = String::new();
    {
        // Wide enough for the legend, whatever the number of columns.
        let mut b = SVGBackend::with_string(&mut svg, (placed.width.max(1180), placed.height));
        let font = |size: f64, h: HPos| crate::app::svg::label_font(size, h, VPos::Center);
        // Legend.
        let mut x = LEFT;
        for &kind in NodeKind::ALL {
            let (fill, line) = kind_colours(kind);
            let _ = b.draw_rect((px(x), 8), (px(x + 14.0), 20), &fill.filled(), true);
            let _ = b.draw_rect((px(x), 8), (px(x + 14.0), 20), &line, false);
            let _ = b.draw_text(kind.label(), &font(12.0, HPos::Left), (px(x + 19.0), 14));
            x += 32.0 + 7.0 * kind.label().len() as f64;
        }
        for (name, colour) in [("dependency cycle", cycle), ("RTO inversion", inversion)] {
            let _ = b.draw_line((px(x), 14), (px(x + 22.0), 14), &colour.stroke_width(3));
            let _ = b.draw_text(name, &font(12.0, HPos::Left), (px(x + 27.0), 14));
            x += 40.0 + 7.0 * name.len() as f64;
        }
        let _ = b.draw_circle((px(x + 5.0), 14), 4, &ink, false);
        let _ = b.draw_text("one of these is enough", &font(12.0, HPos::Left), (px(x + 14.0), 14));
        x += 30.0 + 7.0 * "one of these is enough".len() as f64;
        let _ = b.draw_rect((px(x), 8), (px(x + 5.0), 20), &cycle.filled(), true);
        let _ = b.draw_text("after its RTO", &font(12.0, HPos::Left), (px(x + 10.0), 14));
        x += 20.0 + 7.0 * "after its RTO".len() as f64;
        if single.contains(&true) {
            dashed(&mut b, (x, 14.0), (x + 22.0, 14.0), &single_point.stroke_width(3));
            let _ = b.draw_text("single point of failure", &font(12.0, HPos::Left), (px(x + 27.0), 14));
            x += 40.0 + 7.0 * "single point of failure".len() as f64;
        }
        if running.contains(&true) {
            let _ = b.draw_rect((px(x), 8), (px(x + 14.0), 20), &plain.mix(0.3).filled(), true);
            let _ = b.draw_text("keeps running in the scenario", &font(12.0, HPos::Left), (px(x + 19.0), 14));
        }

        let mid = |i: usize| at.get(&i).map(|&(x, y)| (x, y + BOX_H / 2.0));
        let colour_of = |dependent: usize, dependency: usize| {
            if same_cycle(dependent, dependency) {
                cycle.stroke_width(2)
            } else if inverted(dependent, dependency) {
                inversion.stroke_width(2)
            } else {
                plain.stroke_width(1)
            }
        };
        for &(i, x, y) in &placed.boxes {
            let to = (px(x), px(y + BOX_H / 2.0));
            for d in graph.all_of(i).iter().copied() {
                match mid(d) {
                    // In one column (a cycle): round the right-hand side.
                    Some((dx, dy)) if dx == x => {
                        let side = px(x + BOX_W + 14.0);
                        let path = vec![(px(x + BOX_W), px(dy)), (side, px(dy)), (side, to.1), (px(x + BOX_W), to.1)];
                        let _ = b.draw_path(path, &colour_of(i, d));
                    }
                    Some((dx, dy)) => {
                        let _ = b.draw_line((px(dx + BOX_W), px(dy)), to, &colour_of(i, d));
                    }
                    None => {}
                }
            }
            // Each group meets at a small circle before the node; its members' lines are dashed.
            let groups = graph.any_of(i).len();
            for (g, members) in graph.any_of(i).enumerate() {
                let spread = (g as f64 - (groups as f64 - 1.0) / 2.0) * 8.0;
                let join = (x - 22.0, y + BOX_H / 2.0 + spread);
                let all_later = members.iter().all(|&m| inverted(i, m));
                for &m in members {
                    if let Some((mx, my)) = mid(m) {
                        let style = if same_cycle(i, m) {
                            cycle.stroke_width(2)
                        } else if all_later {
                            inversion.stroke_width(2)
                        } else {
                            plain.stroke_width(1)
                        };
                        dashed(&mut b, (mx + BOX_W, my), join, &style);
                    }
                }
                let _ = b.draw_line((px(join.0 + 4.0), px(join.1)), to, &plain.stroke_width(1));
                let _ = b.draw_circle((px(join.0), px(join.1)), 4, &RGBColor(0xff, 0xff, 0xff).filled(), true);
                let _ = b.draw_circle((px(join.0), px(join.1)), 4, &ink, false);
            }
        }
        for &(i, x, y) in &placed.boxes {
            let s = &register.services[i];
            let (fill, line) = kind_colours(s.kind.unwrap_or_default());
            let (from, to) = ((px(x), px(y)), (px(x + BOX_W), px(y + BOX_H)));
            let _ = b.draw_rect(from, to, &fill.mix(if marked(running, i) { 0.3 } else { 1.0 }).filled(), true);
            if on_cycle(i) {
                // A rectangle's outline has no width in plotters' SVG: a path has.
                let corners = vec![from, (to.0, from.1), to, (from.0, to.1), from];
                let _ = b.draw_path(corners, &cycle.stroke_width(3));
            } else {
                let _ = b.draw_rect(from, to, &line, false);
            }
            if marked(late, i) {
                let _ = b.draw_rect(from, (from.0 + 5, to.1), &cycle.filled(), true);
            }
            if marked(single, i) {
                let (x0, y0, x1, y1) = (x - 4.0, y - 4.0, x + BOX_W + 4.0, y + BOX_H + 4.0);
                for (a, b2) in [((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))]
                {
                    dashed(&mut b, a, b2, &single_point.stroke_width(3));
                }
            }
            let label = rampart_core::bidi::isolate(&crate::app::svg::short(&format!("{} · {}", s.id, s.name), 25))
                .into_owned();
            let _ = b.draw_text(&label, &font(12.0, HPos::Left), (px(x + 6.0), px(y + BOX_H / 2.0)));
        }
        let _ = b.present();
    }
    // Links over the boxes, to open each node; names are escaped.
    let mut links = String::new();
    for &(i, x, y) in &placed.boxes {
        let s = &register.services[i];
        let label = format!(
            "{} — {} ({}{})",
            rampart_core::bidi::isolate(&s.id),
            rampart_core::bidi::isolate(&s.name),
            s.kind.unwrap_or_default().label(),
            [
                (late, ", recovered after its RTO"),
                (single, ", a single point of failure"),
                (running, ", keeps running in the scenario")
            ]
            .iter()
            .filter(|(of, _)| marked(of, i))
            .map(|(_, words)| *words)
            .collect::<String>()
        );
        links.push_str(&format!(
            "<a href=\"{}\" aria-label=\"{}\"><rect class=\"node-link\" x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" fill=\"transparent\"/></a>",
            Route::Service { id: s.id.to_string() }.href(""),
            crate::app::svg::escape(&label),
        ));
    }
    match svg.rfind("</svg>") {
        Some(end) => svg.insert_str(end, &links),
        None => svg.push_str(&links),
    }
    svg
}

/// A dashed line of 6-pixel strokes.
fn dashed<B: DrawingBackend>(b: &mut B, from: (f64, f64), to: (f64, f64), style: &ShapeStyle) {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = dx.hypot(dy);
    let steps = (length / 10.0).ceil().max(1.0) as usize;
    for k in 0..steps {
        let (t0, t1) = (k as f64 / steps as f64, ((k as f64 + 0.6) / steps as f64).min(1.0));
        let p = |t: f64| ((from.0 + dx * t).round() as i32, (from.1 + dy * t).round() as i32);
        let _ = b.draw_line(p(t0), p(t1), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(r: &Register) -> ServiceGraph {
        ServiceGraph::build(&r.services, &mut Vec::new())
    }

    #[test]
    fn every_dependency_is_drawn_left_of_what_needs_it_and_no_boxes_overlap() {
        let r = crate::app::testing::example();
        let g = graph_of(&r);
        let all: Vec<usize> = (0..r.services.len()).collect();
        let placed = layout(&r, &g, &all);
        assert_eq!(placed.boxes.len(), r.services.len());
        let at: HashMap<usize, (f64, f64)> = placed.boxes.iter().map(|&(i, x, y)| (i, (x, y))).collect();
        for i in 0..r.services.len() {
            for d in g.edges(i) {
                assert!(at[&d].0 < at[&i].0, "{} needs {}", r.services[i].id, r.services[d].id);
            }
        }
        for (k, a) in placed.boxes.iter().enumerate() {
            for b in &placed.boxes[k + 1..] {
                let apart = (a.1 - b.1).abs() >= BOX_W || (a.2 - b.2).abs() >= BOX_H;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
            assert!(a.1 + BOX_W <= f64::from(placed.width) && a.2 + BOX_H <= f64::from(placed.height));
        }
    }

    #[test]
    fn the_map_links_every_node_groups_alternatives_and_marks_cycles() {
        let mut r = crate::app::testing::example();
        let all: Vec<usize> = (0..r.services.len()).collect();
        let plain = map_svg(&r, &graph_of(&r), &all, &Marks::default());
        assert!(crate::app::svg::smallest_font(&plain) >= crate::app::svg::LABEL_PX, "{plain}");
        assert_eq!(plain.matches("<a href=\"#/service/").count(), r.services.len());
        assert!(plain.contains("<circle"), "online-banking's two internet lines are one group");
        // Late nodes carry a red bar and say so to screen readers.
        let analysis = crate::app::testing::analysed(&r);
        let late = late_nodes(&r, &analysis);
        assert_eq!(late.iter().filter(|l| **l).count(), analysis.recovery.iter().filter(|s| s.late > 0.0).count());
        let marked = map_svg(&r, &graph_of(&r), &all, &Marks { late: late.clone(), ..Marks::default() });
        assert_eq!(marked.matches("recovered after its RTO)").count(), late.iter().filter(|l| **l).count());
        assert!(
            marked.contains("after its RTO<") || marked.contains("after its RTO\n"),
            "the legend says what the bar means"
        );
        // A service's single points of failure: outlined, and said so.
        let services = graph_of(&r);
        let points = rampart_core::scenario::single_points(&r.services, &services);
        let (_, nodes) = points.first().expect("the example has single points of failure");
        let single: Vec<bool> = (0..r.services.len()).map(|i| nodes.contains(&i)).collect();
        let outlined = map_svg(&r, &services, &all, &Marks { single_points: single, ..Marks::default() });
        assert_eq!(outlined.matches(", a single point of failure)").count(), nodes.len());
        assert!(outlined.contains("single point of failure\n</text>"), "in the legend");
        assert!(!plain.contains("single point of failure"), "no legend entry when none is marked");
        // Under a scenario, what it does not take down keeps running.
        let running: Vec<bool> = (0..r.services.len()).map(|i| i % 2 == 0).collect();
        let faded = map_svg(&r, &services, &all, &Marks { running, ..Marks::default() });
        assert_eq!(faded.matches(", keeps running in the scenario)").count(), r.services.len().div_ceil(2));
        assert!(faded.contains("keeps running in the scenario\n</text>"), "in the legend");
        let cycle_marks = |svg: &str| svg.matches("stroke=\"#C62828\" stroke-width=\"3\"").count();
        assert_eq!(cycle_marks(&plain), 1, "only the legend: no cycle in the example");
        // The primary data centre now needs online banking, which needs it: a cycle.
        let dc = r.services.iter().position(|s| s.id.as_str() == "dc-primary").unwrap();
        r.services[dc].depends_on.push(rampart_core::model::Dependency::On("online-banking".into()));
        r.services[dc].name = "<b>DC</b> \"primary\"".into();
        let cyclic = map_svg(&r, &graph_of(&r), &all, &Marks::default());
        assert!(cycle_marks(&cyclic) > 3, "cycle nodes outlined");
        assert!(!cyclic.contains("<b>") && cyclic.contains("&lt;b&gt;DC&lt;/b&gt; &quot;primary&quot;"));
    }

    #[test]
    fn the_neighbourhood_reaches_two_steps_both_ways() {
        let r = crate::app::testing::example();
        let g = graph_of(&r);
        let id = |s: &str| r.services.iter().position(|x| x.id.as_str() == s).unwrap();
        let near = neighbourhood(&g, id("database"), 1);
        let names: Vec<&str> = near.iter().map(|&i| r.services[i].id.as_str()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(names.contains(&"dc-primary") && names.contains(&"core-banking"));
        let two = neighbourhood(&g, id("database"), 2);
        assert!(two.contains(&id("payments-api")) && !two.contains(&id("online-banking")), "three steps away");
        let placed = layout(&r, &g, &two);
        assert_eq!(placed.boxes.len(), two.len());
    }
}
