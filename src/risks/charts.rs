//! The risk charts, drawn with plotters' SVG backend: heat maps, the residual
//! trend and the movement chart. Plain Rust, so they are tested natively; the UI
//! inserts the SVG text. Every string from the register that reaches a chart
//! (labels, titles) is escaped by the backend.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rampart_core::scoring::{RiskRating, Scored};
use rampart_core::{Analysis, Register};

use crate::app::svg::{color, ink_on, label_font, short, with_titles, INK};

/// Which rating a heat map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Inherent,
    Residual,
}

impl Which {
    pub fn key(self) -> &'static str {
        match self {
            Which::Inherent => "inherent",
            Which::Residual => "residual",
        }
    }
    pub fn of(self, r: &RiskRating) -> Scored {
        match self {
            Which::Inherent => r.inherent,
            Which::Residual => r.residual,
        }
    }
}

/// Where the cells of a heat map are drawn, so that buttons can be laid over them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Grid {
    pub left: f64,
    pub top: f64,
    pub cell_width: f64,
    pub cell_height: f64,
    pub impacts: i64,
    pub likelihoods: i64,
    pub width: u32,
    pub height: u32,
}

/// A heat map: the number of risks in each (impact, likelihood) cell, coloured by
/// band, with the appetite drawn as a line.
pub struct HeatMap {
    pub svg: String,
    pub grid: Grid,
    /// Risks per cell, `[likelihood - 1][impact - 1]`.
    pub counts: Vec<Vec<usize>>,
}

/// A heat-map cell key (`residual-4-3`) in words: "Residual: Likely × Major"
/// (likelihood, then impact, as the scales name them).
pub fn describe_cell(key: &str, scales: &rampart_core::scoring::ScaleSet) -> Option<String> {
    let (which, impact, likelihood) = crate::risks::table::parse_cell(key)?;
    let name = |labels: &[String], level: i64| labels.get(usize::try_from(level - 1).ok()?).cloned();
    let (i, l) = (name(&scales.impact, impact)?, name(&scales.likelihood, likelihood)?);
    let which = if which == Which::Inherent { "Inherent" } else { "Residual" };
    Some(format!("{which}: {l} × {i}"))
}

/// How strongly a heat map cell shows its band's colour (over white).
const OPACITY: f64 = 0.85;

/// The heat map of `which` rating of the risks at `rows`.
/// `noun` names what is counted ("threats", "opportunities").
pub fn heat_map(analysis: &Analysis, which: Which, rows: &[usize], noun: &str) -> HeatMap {
    let scales = &analysis.scales;
    let (ni, nl) = (scales.impact.len() as i64, scales.likelihood.len() as i64);
    let grid = Grid {
        left: 118.0,
        top: 30.0,
        cell_width: 46.0,
        cell_height: 34.0,
        impacts: ni,
        likelihoods: nl,
        width: (118.0 + 46.0 * ni as f64 + 12.0) as u32,
        height: (30.0 + 34.0 * nl as f64 + 54.0) as u32,
    };
    let pick = match which {
        Which::Inherent => |r: &RiskRating| r.inherent,
        Which::Residual => |r: &RiskRating| r.residual,
    };
    let counts = rampart_core::summary::cells(analysis, rows, pick);
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (grid.width, grid.height));
        let ink = RGBColor(0x1d, 0x24, 0x30);
        let font = label_font;
        let px = |v: f64| v.round() as i32;
        let title =
            format!("{} risk ({} {noun})", if which == Which::Inherent { "Inherent" } else { "Residual" }, rows.len());
        let _ = b.draw_text(&title, &font(14.0, HPos::Left, VPos::Top), (px(grid.left), 6));
        for l in 1..=nl {
            for i in 1..=ni {
                let x0 = grid.left + (i - 1) as f64 * grid.cell_width;
                let y0 = grid.top + (nl - l) as f64 * grid.cell_height;
                let band = scales.band_of(i * l).and_then(|k| scales.bands.get(k as usize));
                let fill = color(band.and_then(|b| b.color.as_deref()));
                let _ = b.draw_rect(
                    (px(x0), px(y0)),
                    (px(x0 + grid.cell_width), px(y0 + grid.cell_height)),
                    &fill.mix(OPACITY),
                    true,
                );
                let _ =
                    b.draw_rect((px(x0), px(y0)), (px(x0 + grid.cell_width), px(y0 + grid.cell_height)), &WHITE, false);
                let n = counts[(l - 1) as usize][(i - 1) as usize];
                if n > 0 {
                    let center = (px(x0 + grid.cell_width / 2.0), px(y0 + grid.cell_height / 2.0));
                    let ink = ink_on(fill, OPACITY);
                    let _ = b.draw_text(&n.to_string(), &font(14.0, HPos::Center, VPos::Center).color(&ink), center);
                }
            }
            let y = grid.top + (nl - l) as f64 * grid.cell_height + grid.cell_height / 2.0;
            let _ = b.draw_text(
                &short(&scales.likelihood[(l - 1) as usize], 16),
                &font(11.0, HPos::Right, VPos::Center),
                (px(grid.left - 6.0), px(y)),
            );
        }
        let bottom = grid.top + nl as f64 * grid.cell_height;
        for i in 1..=ni {
            let x = grid.left + (i as f64 - 0.5) * grid.cell_width;
            let _ = b.draw_text(
                &short(&scales.impact[(i - 1) as usize], 8),
                &font(10.0, HPos::Center, VPos::Top),
                (px(x), px(bottom + 4.0)),
            );
        }
        let _ = b.draw_text(
            "Impact →",
            &font(11.0, HPos::Center, VPos::Top),
            (px(grid.left + grid.cell_width * ni as f64 / 2.0), px(bottom + 22.0)),
        );
        let _ = b.draw_text("Likelihood ↑", &font(11.0, HPos::Left, VPos::Top), (4, px(bottom + 22.0)));
        // The appetite: cells below and left of the line are within it.
        let appetite = scales.appetite;
        let y_of = |level: i64| grid.top + (nl - level.clamp(0, nl)) as f64 * grid.cell_height;
        let mut path = Vec::new();
        for i in 1..=ni {
            // Scores are whole: the highest likelihood whose score i × l stays within.
            let within = (appetite.get() / i as f64).floor() as i64;
            let y = y_of(within);
            path.push((px(grid.left + (i - 1) as f64 * grid.cell_width), px(y)));
            path.push((px(grid.left + i as f64 * grid.cell_width), px(y)));
        }
        let _ = b.draw_path(path, &ink.stroke_width(3));
        let _ = b.present();
    }
    HeatMap { svg, grid, counts }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(r: &Register) -> Vec<usize> {
        (0..r.risks.len()).collect()
    }

    #[test]
    fn a_cell_is_described_by_its_scales_names() {
        let scales = rampart_core::scoring::ScaleSet::default();
        assert_eq!(describe_cell("residual-4-3", &scales).as_deref(), Some("Residual: Possible × Major"));
        assert_eq!(describe_cell("inherent-1-5", &scales).as_deref(), Some("Inherent: Almost certain × Negligible"));
        assert_eq!(describe_cell("residual-9-1", &scales), None, "outside the scale");
        assert_eq!(describe_cell("sideways-1-1", &scales), None);
    }

    #[test]
    fn a_heat_map_counts_only_the_rows_it_is_given() {
        let (_, a) = analysed(crate::app::testing::example());
        let some: Vec<usize> = (0..5).collect();
        let map = heat_map(&a, Which::Residual, &some, "risks");
        assert_eq!(map.counts.iter().flatten().sum::<usize>(), 5);
        assert!(map.svg.contains("Residual risk (5 risks)"), "{}", map.svg);
    }

    fn analysed(r: Register) -> (Register, Analysis) {
        let a = crate::app::testing::analysed(&r);
        (r, a)
    }

    #[test]
    fn counts_every_risk_in_its_cell() {
        let (r, a) = analysed(crate::app::testing::example());
        let map = heat_map(&a, Which::Residual, &all(&r), "risks");
        assert_eq!(map.counts.iter().flatten().sum::<usize>(), r.risks.len());
        // R-001's residual is impact 3, likelihood 3.
        assert!(map.counts[2][2] >= 1);
        assert!(map.svg.starts_with("<svg"));
        assert!(map.svg.contains("Residual risk (24 risks)"));
    }

    #[test]
    fn text_from_the_register_is_escaped_in_the_svg() {
        let mut r = crate::app::testing::example();
        let scales = r.scales.get_or_insert_with(Default::default);
        scales.impact =
            Some(vec!["<img src=x onerror=alert(1)>".into(), "b".into(), "c".into(), "d".into(), "e".into()]);
        scales.likelihood = Some(vec!["<i>hi</i>".into(), "\"q\" & 'a'".into(), "c".into(), "d".into(), "e".into()]);
        let (r, a) = analysed(r);
        let svg = heat_map(&a, Which::Inherent, &all(&r), "risks").svg;
        assert!(!svg.contains("<img") && !svg.contains("<i>"), "{svg}");
        assert!(svg.contains("&lt;i&gt;hi&lt;/i&gt;"));
        assert!(svg.contains("&quot;q&quot; &amp; &apos;a&apos;"));
        assert!(svg.contains("&lt;img sr"));
    }

    #[test]
    fn the_grid_is_where_the_cells_are_drawn() {
        // The cell buttons are laid over the chart by these numbers.
        let (r, a) = analysed(crate::app::testing::example());
        let map = heat_map(&a, Which::Inherent, &all(&r), "risks");
        let g = map.grid;
        for (col, row) in [(0.0, 0.0), (4.0, 4.0)] {
            let rect = format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                g.left + col * g.cell_width,
                g.top + row * g.cell_height,
                g.cell_width,
                g.cell_height
            );
            assert!(map.svg.contains(&rect), "{rect} not in {}", map.svg);
        }
        assert_eq!((g.impacts, g.likelihoods), (5, 5));
        assert!(crate::app::svg::smallest_font(&map.svg) >= crate::app::svg::LABEL_PX);
    }
}

/// A line chart of the register's average residual score over time
/// (`rampart_core::summary::residual_trend`), on a time axis: dates unequally
/// apart are drawn unequally apart. A date is named under its point where
/// there is room beside the last one named (the first and last always).
pub fn trend_svg(points: &[(rampart_core::model::Date, f64)]) -> String {
    let (width, height) = (640u32, 220u32);
    let (left, right, top, bottom) = (48.0, 48.0, 20.0, 38.0);
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = label_font;
        let max = points.iter().map(|p| p.1).fold(1.0_f64, f64::max).ceil();
        let (w, h) = (f64::from(width) - left - right, f64::from(height) - top - bottom);
        let first = points.first().map(|p| p.0);
        let span = points.last().zip(first).map_or(0, |(l, f)| l.0.days_since(f)) as f64;
        let x_of = |date: rampart_core::model::Date| match first {
            Some(f) if span > 0.0 => left + w * date.days_since(f) as f64 / span,
            _ => left + w / 2.0,
        };
        let y_of = |v: f64| top + h * (1.0 - v / max);
        let px = |v: f64| v.round() as i32;
        let _ = b.draw_line((px(left), px(top)), (px(left), px(top + h)), &INK);
        let _ = b.draw_line((px(left), px(top + h)), (px(left + w), px(top + h)), &INK);
        for v in [0.0, max / 2.0, max] {
            let _ =
                b.draw_text(&format!("{v:.0}"), &font(12.0, HPos::Right, VPos::Center), (px(left - 6.0), px(y_of(v))));
        }
        let path: Vec<(i32, i32)> = points.iter().map(|p| (px(x_of(p.0)), px(y_of(p.1)))).collect();
        let _ = b.draw_path(path.clone(), &RGBColor(0x1f, 0x5f, 0xbf).stroke_width(2));
        // A date label is about 80 px wide: name a point only with room beside the last named.
        let room = 84;
        let last = points.len().saturating_sub(1);
        let mut named: Vec<usize> = Vec::new();
        for k in 0..points.len() {
            let clear = |j: usize| (path[j].0 - path[k].0).abs() >= room;
            if k == last {
                // The last date always: it makes way for none but the first.
                while named.last().is_some_and(|&j| j > 0 && !clear(j)) {
                    named.pop();
                }
                named.push(k);
            } else if named.last().is_none_or(|&j| clear(j)) {
                named.push(k);
            }
        }
        for (k, ((date, value), (x, y))) in points.iter().zip(&path).enumerate() {
            let _ = b.draw_circle((*x, *y), 3, &RGBColor(0x1f, 0x5f, 0xbf).filled(), true);
            if named.contains(&k) {
                let _ = b.draw_text(&format!("{value:.1}"), &font(12.0, HPos::Center, VPos::Bottom), (*x, y - 5));
                let _ = b.draw_text(&date.to_string(), &font(12.0, HPos::Center, VPos::Top), (*x, px(top + h + 6.0)));
            }
        }
        let _ = b.present();
    }
    svg
}

#[cfg(test)]
mod trend_tests {
    use super::*;
    use rampart_core::model::Date;
    use rampart_core::{analyse, Options, Teams};

    #[test]
    fn the_trend_follows_each_risks_latest_assessment() {
        let r = crate::app::testing::example();
        let today = Date::parse("2026-11-23").unwrap();
        let a = analyse(&r, &Options { today, teams: Teams::Unlimited });
        let t = rampart_core::summary::residual_trend(&r, &a, today);
        // R-001 (history 12, 12, 9) and R-002 (history 8 from 2026-04-01).
        assert_eq!(t[0], (Date::parse("2025-06-30").unwrap(), 12.0));
        assert_eq!(t[1], (Date::parse("2025-12-31").unwrap(), 12.0));
        assert_eq!(t[2], (Date::parse("2026-04-01").unwrap(), (12.0 + 8.0) / 2.0));
        assert_eq!(t[3], (Date::parse("2026-06-30").unwrap(), (9.0 + 8.0) / 2.0));
        // Today: the threats' current residual scores (R-024, an opportunity, is not averaged in).
        let threats: Vec<i64> = (r.risks.iter().zip(&a.ratings))
            .filter(|(x, _)| x.kind() == rampart_core::model::RiskKind::Threat)
            .map(|(_, g)| g.residual.score)
            .collect();
        assert_eq!(threats.len(), 23);
        let current = threats.iter().sum::<i64>() as f64 / 23.0;
        assert_eq!(t.last(), Some(&(today, current)));
        let svg = trend_svg(&t);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("2025-06-30") && svg.contains("<polyline"), "{svg}");
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX);
        // On a time axis: the x of each point follows its date.
        let xs: Vec<f64> =
            svg.split("<circle cx=\"").skip(1).filter_map(|c| c.split('"').next()?.parse().ok()).collect();
        let days: Vec<f64> = t.iter().map(|(d, _)| d.days_since(t[0].0) as f64).collect();
        for k in 1..xs.len() {
            let expected = xs[0] + (xs[xs.len() - 1] - xs[0]) * days[k] / days[days.len() - 1];
            assert!((xs[k] - expected).abs() <= 1.0, "point {k}: {} against {expected}", xs[k]);
        }
        // Two assessments of one risk on one day: the later one in the file counts.
        let mut twice = r.clone();
        let mut again = twice.risks[0].history[0].clone();
        again.impact = rampart_core::model::Level(1);
        again.likelihood = rampart_core::model::Level(1);
        twice.risks[0].history.insert(1, again);
        let t = rampart_core::summary::residual_trend(&twice, &a, today);
        assert_eq!(t[0], (Date::parse("2025-06-30").unwrap(), 1.0));
        assert_eq!(t[1], (Date::parse("2025-12-31").unwrap(), 12.0));
    }
}

/// The most risks a movement chart shows (beyond that it stops being readable).
pub const MOVEMENT_LIMIT: usize = 20;

/// A risk's movement from its inherent score, through its residual score (with
/// the controls in place), to its target score: one row per risk (`rows`, in
/// table order, at most [`MOVEMENT_LIMIT`]), scores along the bands.
pub fn movement_svg(register: &Register, analysis: &Analysis, rows: &[usize]) -> String {
    let rows = &rows[..rows.len().min(MOVEMENT_LIMIT)];
    let scales = &analysis.scales;
    let max = (scales.impact.len() * scales.likelihood.len()) as f64;
    let (left, right, top, row_height) = (300.0, 24.0, 50.0, 26.0);
    let width = 900u32;
    let height = (top + row_height * rows.len() as f64 + 34.0) as u32;
    let w = f64::from(width) - left - right;
    let x_of = |score: f64| left + w * (score - 1.0).max(0.0) / (max - 1.0).max(1.0);
    let px = |v: f64| v.round() as i32;
    let ink = INK;
    let (inherent, residual, target) = (ink, RGBColor(0x1f, 0x5f, 0xbf), RGBColor(0x2e, 0x7d, 0x32));
    let mut cut = Vec::new();
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = |size: f64, h: HPos| label_font(size, h, VPos::Center);
        // Each score's mark, the same in the legend and in the rows.
        let mark = |b: &mut SVGBackend, (x, y): (i32, i32), which: usize| {
            let _ = match which {
                0 => b.draw_circle((x, y), 6, &inherent.stroke_width(2), false),
                1 => b.draw_circle((x, y), 5, &residual.filled(), true),
                _ => b.draw_circle((x, y), 4, &target.filled(), true),
            };
        };
        let bottom = top + row_height * rows.len() as f64;
        // The bands as light columns behind the rows, named at the bottom.
        for (k, band) in scales.bands.iter().enumerate() {
            // A band starts at the first whole score at or above its min.
            let from = x_of(band.min.get().ceil());
            let to = scales.bands.get(k + 1).map_or(left + w, |next| x_of(next.min.get().ceil()));
            if to <= from {
                continue;
            }
            let _ =
                b.draw_rect((px(from), px(top)), (px(to), px(bottom)), &color(band.color.as_deref()).mix(0.18), true);
            let _ = b.draw_text(
                &short(&band.name, 14),
                &font(12.0, HPos::Center),
                (px((from + to) / 2.0), px(bottom + 12.0)),
            );
        }
        // The legend.
        for (k, name) in ["Inherent", "Residual", "Target"].iter().enumerate() {
            let x = left + k as f64 * 120.0;
            mark(&mut b, (px(x), 14), k);
            let _ = b.draw_text(name, &font(13.0, HPos::Left), (px(x + 10.0), 14));
        }
        let _ = b.draw_text("Score →", &font(11.0, HPos::Right), (px(left + w), px(bottom + 26.0)));
        // The register's appetite: residual scores right of the line must be treated or accepted.
        // Between the last score within it and the first above it.
        let at = px(x_of(scales.appetite.get().floor()) + w / (max - 1.0).max(1.0) / 2.0);
        let _ = b.draw_line((at, px(top - 8.0)), (at, px(bottom)), &ink.stroke_width(2));
        let label = format!("appetite {} (categories may differ)", scales.appetite);
        let _ = b.draw_text(&label, &font(11.0, HPos::Left), (at + 4, px(top - 8.0)));
        for (row, &i) in rows.iter().enumerate() {
            let (risk, rating) = (&register.risks[i], &analysis.ratings[i]);
            let y = px(top + row_height * (row as f64 + 0.5));
            let whole = format!("{} {}", risk.id, risk.title);
            let label = rampart_core::bidi::isolate(&short(&whole, 44)).into_owned();
            let _ = b.draw_text(&label, &font(12.0, HPos::Right), (px(left - 10.0), y));
            cut.push((label, rampart_core::bidi::isolate(&whole).into_owned()));
            let xs = [rating.inherent.score, rating.residual.score, rating.target.score].map(|s| px(x_of(s as f64)));
            let _ = b.draw_line((xs[0], y), (xs[1], y), &residual.mix(0.6));
            let _ = b.draw_line((xs[1], y), (xs[2], y), &target.mix(0.6));
            for (k, x) in xs.iter().enumerate() {
                mark(&mut b, (*x, y), k);
            }
        }
        let _ = b.present();
    }
    with_titles(svg, &cut)
}

#[cfg(test)]
mod movement_tests {
    use super::*;

    #[test]
    fn each_risk_gets_a_row_and_its_title_is_escaped() {
        let mut r = crate::app::testing::example();
        r.risks[0].title = "<script>alert(1)</script>".into();
        let a = crate::app::testing::analysed(&r);
        let svg = movement_svg(&r, &a, &[0, 1, 2]);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("R-001 &lt;script&gt;"), "{svg}");
        assert!(svg.contains("R-003 "), "{svg}");
        // Three markers per risk: inherent, residual, target.
        assert_eq!(svg.matches("<circle").count(), 3 * 3 + 3, "plus the legend");
        // The legend's marks are the rows' marks: an open inherent circle, filled residual and target.
        // (Each circle's radius and paint: what follows its centre.)
        let marks: Vec<&str> =
            svg.split("<circle ").skip(1).filter_map(|c| c.split_once(" r=")?.1.split("/>").next()).collect();
        assert_eq!(marks[..3], marks[3..6]);
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX);
        let all: Vec<usize> = (0..r.risks.len()).collect();
        let many = movement_svg(&r, &a, &all);
        assert_eq!(many.matches("<circle").count(), 3 * MOVEMENT_LIMIT + 3, "at most {MOVEMENT_LIMIT} rows");
    }
}
