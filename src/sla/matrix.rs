//! The alignment matrix: customer SLAs as rows, the agreements underpinning them
//! as columns, each cell what the engine found for that pair. Plain Rust, tested
//! natively; the numbers are the core's findings, only arranged here.

use std::collections::HashMap;

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use rampart_core::calendar::{minute_label, Calendar, WEEK};
use rampart_core::findings::{fmt_hours, FindingKind, Subject, TimingGap};
use rampart_core::{Analysis, Register};

/// A cell's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No finding for the pair.
    Aligned,
    /// Only a term gap: the cover ends too early.
    Attention,
    /// A target, priority or continuity commitment the agreement does not back.
    Misaligned,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Aligned => "aligned",
            Status::Attention => "attention",
            Status::Misaligned => "misaligned",
        }
    }
}

/// A column of the matrix: an agreement under some customer SLA, or a supplier
/// service (a BIA node, by index) that one depends on with no contract or OLA on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Agreement(usize),
    NoContract(usize),
}

/// One customer SLA against one agreement under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub status: Status,
    /// Indices into `analysis.findings`.
    pub findings: Vec<usize>,
    /// The worst lateness or shortfall, in a few words, and how many other
    /// problems the cell has (`4 h late, +2 more`).
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Matrix {
    /// Customer SLAs, by index in `register.agreements`.
    pub rows: Vec<usize>,
    /// Underpinning agreements in order of first appearance, then the supplier
    /// services with none.
    pub columns: Vec<Column>,
    /// `(row agreement, column)` for each pair that is underpinned, or that
    /// should be and is not.
    pub cells: HashMap<(usize, Column), Cell>,
}

/// Arranges the analysis' SLA findings by (customer SLA, underpinning agreement).
/// A term that ended before the analysis date is no cover at all (red); a
/// supplier service with no contract or OLA is a "no contract" column (red).
pub fn matrix(register: &Register, analysis: &Analysis) -> Matrix {
    let mut m = Matrix::default();
    let mut uncovered = Vec::new();
    for (i, a) in register.agreements.iter().enumerate() {
        if a.kind != rampart_core::model::AgreementKind::CustomerSla {
            continue;
        }
        m.rows.push(i);
        for &j in analysis.alignment.underpinning.get(i).into_iter().flatten() {
            let j = Column::Agreement(j);
            if !m.columns.contains(&j) {
                m.columns.push(j);
            }
            m.cells.insert((i, j), Cell { status: Status::Aligned, findings: Vec::new(), summary: "aligned".into() });
        }
    }
    for (k, f) in analysis.findings.iter().enumerate() {
        let column = match (&f.kind, f.subjects.first(), f.subjects.get(1)) {
            (_, Some(Subject::Agreement(i)), Some(Subject::Agreement(j))) => {
                (*i as usize, Column::Agreement(*j as usize))
            }
            (FindingKind::SlaNoUnderpinning {}, Some(Subject::Agreement(i)), Some(Subject::Service(n))) => {
                let (i, column) = (*i as usize, Column::NoContract(*n as usize));
                if !uncovered.contains(&column) {
                    uncovered.push(column);
                }
                let summary = "no contract".to_string();
                m.cells.entry((i, column)).or_insert(Cell {
                    status: Status::Misaligned,
                    findings: Vec::new(),
                    summary,
                });
                (i, column)
            }
            _ => continue,
        };
        if let Some(cell) = m.cells.get_mut(&column) {
            cell.findings.push(k);
        }
    }
    m.columns.extend(uncovered);
    for cell in m.cells.values_mut() {
        // The headline: the worst timing lateness, else the first of the gravest
        // findings; then how many other problems there are (the timing ones
        // count as one: the headline is the worst of them).
        let mut timing = 0.0_f64;
        let mut problems = 0;
        for &k in &cell.findings {
            let (status, summary) = match &analysis.findings[k].kind {
                FindingKind::SlaResponseMisaligned(g) | FindingKind::SlaResolutionMisaligned(g) => {
                    problems += usize::from(timing == 0.0);
                    timing = timing.max(g.late_hours);
                    (Status::Misaligned, None)
                }
                FindingKind::SlaPriorityUncovered { priority } => {
                    (Status::Misaligned, Some(format!("no {priority} target")))
                }
                FindingKind::SlaRtoMisaligned { customer, underpinning } => {
                    (Status::Misaligned, Some(format!("RTO {} over", fmt_hours(underpinning - customer))))
                }
                FindingKind::SlaRpoMisaligned { customer, underpinning } => {
                    (Status::Misaligned, Some(format!("RPO {} over", fmt_hours(underpinning - customer))))
                }
                FindingKind::SlaTermGap { end, ended: true, .. } => {
                    (Status::Misaligned, Some(format!("ended {end}: no cover")))
                }
                FindingKind::SlaTermGap { end, .. } => (Status::Attention, Some(format!("ends {end}"))),
                FindingKind::SlaNoUnderpinning {} => (Status::Misaligned, None),
                _ => continue,
            };
            problems += usize::from(summary.is_some());
            if let Some(summary) = summary.filter(|_| status > cell.status) {
                cell.summary = summary;
            }
            cell.status = cell.status.max(status);
        }
        if timing > 0.0 {
            cell.summary = format!("{} late", fmt_hours(timing));
        }
        if problems > 1 {
            cell.summary = format!("{}, +{} more", cell.summary, problems - 1);
        }
    }
    m
}

/// The worst timing gap of a cell: what the one-week picture shows.
pub fn worst_gap<'a>(analysis: &'a Analysis, cell: &Cell) -> Option<&'a TimingGap> {
    cell.findings
        .iter()
        .filter_map(|&k| match &analysis.findings[k].kind {
            FindingKind::SlaResponseMisaligned(g) | FindingKind::SlaResolutionMisaligned(g) => Some(&**g),
            _ => None,
        })
        .max_by(|a, b| a.late_hours.total_cmp(&b.late_hours))
}

/// One week (or more, to reach the later deadline) with both parties' support
/// hours as bands, the incident raised at the worst minute, and each party's
/// deadline marked.
pub fn week_svg(
    customer: &Calendar,
    customer_name: &str,
    supplier: &Calendar,
    supplier_name: &str,
    gap: &TimingGap,
) -> String {
    const DAY: i64 = 24 * 60;
    let start = gap.worst_start_minute;
    // Whole days, from the day of the incident to the day after the later deadline
    // (a week at least).
    let first = start.div_euclid(DAY) * DAY;
    let last = (gap.underpinning_due_minute.max(gap.customer_due_minute).div_euclid(DAY) + 1) * DAY;
    let last = last.max(first + WEEK);
    let (left, right, width, height) = (150.0, 20.0, 900u32, 170u32);
    let x_of = |m: i64| left + (f64::from(width) - left - right) * (m - first) as f64 / (last - first) as f64;
    let px = |v: f64| v.round() as i32;
    let ink = RGBColor(0x1d, 0x24, 0x30);
    let (c_colour, s_colour, late) =
        (RGBColor(0x2e, 0x7d, 0x32), RGBColor(0x1f, 0x5f, 0xbf), RGBColor(0xc6, 0x28, 0x28));
    let mut svg = String::new();
    {
        let mut b = SVGBackend::with_string(&mut svg, (width, height));
        let font = |h: HPos| crate::app::svg::label_font(12.0, h, VPos::Center);
        let rows = [(customer_name, customer, c_colour, 40.0), (supplier_name, supplier, s_colour, 80.0)];
        for (name, calendar, colour, y) in rows {
            let _ = b.draw_text(&crate::app::svg::short(name, 22), &font(HPos::Right), (px(left - 8.0), px(y + 8.0)));
            let weeks = first.div_euclid(WEEK)..=last.div_euclid(WEEK);
            for w in weeks {
                for &(s, e) in calendar.intervals() {
                    let (s, e) = ((s + w * WEEK).max(first), (e + w * WEEK).min(last));
                    if s < e {
                        let _ = b.draw_rect(
                            (px(x_of(s)), px(y)),
                            (px(x_of(e)), px(y + 16.0)),
                            &colour.mix(0.35).filled(),
                            true,
                        );
                    }
                }
            }
        }
        // Day lines and names.
        let mut d = first;
        while d <= last {
            let x = px(x_of(d));
            let _ = b.draw_line((x, 30), (x, 104), &RGBColor(0xd9, 0xde, 0xe7));
            if d < last {
                let label = minute_label(d);
                let day = label.split(' ').next().unwrap_or_default();
                let _ = b.draw_text(day, &font(HPos::Left), (x + 3, 22));
            }
            d += DAY;
        }
        let marks = [
            (start, ink, format!("raised {}", minute_label(start)), 118.0),
            (
                gap.customer_due_minute,
                c_colour,
                format!("customer due {}", minute_label(gap.customer_due_minute)),
                136.0,
            ),
            (
                gap.underpinning_due_minute,
                late,
                format!("supplier due {}", minute_label(gap.underpinning_due_minute)),
                154.0,
            ),
        ];
        for (m, colour, text, y) in marks {
            let x = px(x_of(m));
            let _ = b.draw_line((x, 30), (x, px(y - 6.0)), &colour.stroke_width(2));
            let anchor = if x_of(m) > f64::from(width) * 0.7 { HPos::Right } else { HPos::Left };
            let _ = b.draw_text(&text, &font(anchor), (x, px(y)));
        }
        let _ = b.present();
    }
    svg
}

/// The sentence under the picture.
pub fn week_caption(gap: &TimingGap, supplier_name: &str) -> String {
    format!(
        "Worst case: an incident raised {} is due {} to the customer, and {} to {} ({} against {}): {} late.",
        minute_label(gap.worst_start_minute),
        minute_label(gap.customer_due_minute),
        minute_label(gap.underpinning_due_minute),
        supplier_name,
        fmt_hours(gap.underpinning_target),
        fmt_hours(gap.customer_target),
        fmt_hours(gap.late_hours),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::{analyse, import, Options};
    use serde_json::json;

    fn register(supplier_hours: serde_json::Value) -> Register {
        let doc = json!({
            "format": "rampart-register", "version": 1, "name": "t",
            "suppliers": [{"id": "acme", "name": "Acme"}],
            "services": [{"id": "web", "name": "Web", "depends_on": ["host"]}, {"id": "host", "name": "Hosting", "kind": "supplier_service"}],
            "agreements": [
                {"id": "sla", "name": "Customer SLA", "kind": "customer_sla", "service": "web",
                 "targets": [{"priority": "P1", "response": 1, "resolution": 8}], "end": "2027-12-31"},
                {"id": "uc", "name": "Hosting contract", "kind": "supplier_contract", "party": "acme", "service": "host",
                 "hours": supplier_hours, "targets": [{"priority": "P1", "response": 1, "resolution": 12}], "end": "2027-06-30"},
                {"id": "ola", "name": "Service desk OLA", "kind": "ola", "party": "acme", "service": "host",
                 "targets": [{"priority": "P1", "response": 1, "resolution": 8}]},
            ]
        });
        import(&doc.to_string()).unwrap()
    }

    fn analysed(r: &Register) -> Analysis {
        analyse(
            r,
            &Options {
                today: rampart_core::model::Date::parse("2026-11-23").unwrap(),
                teams: rampart_core::Teams::Unlimited,
            },
        )
    }

    #[test]
    fn each_pair_gets_its_worst_finding_and_colour() {
        let r = register(json!("24x7"));
        let a = analysed(&r);
        let m = matrix(&r, &a);
        assert_eq!((m.rows.clone(), m.columns.clone()), (vec![0], vec![Column::Agreement(1), Column::Agreement(2)]));
        let uc = &m.cells[&(0, Column::Agreement(1))];
        assert_eq!(uc.status, Status::Misaligned);
        assert_eq!(uc.summary, "4 h late, +1 more", "12 h against 8 h, both 24x7; and the term gap");
        assert_eq!(uc.findings.len(), 2, "the resolution and the term gap");
        let ola = &m.cells[&(0, Column::Agreement(2))];
        assert_eq!((ola.status, ola.summary.as_str()), (Status::Aligned, "aligned"));
    }

    #[test]
    fn office_hours_make_the_same_targets_far_later_and_the_picture_shows_why() {
        let r = register(json!({"days": ["mon", "tue", "wed", "thu", "fri"], "from": "09:00", "to": "17:00"}));
        let a = analysed(&r);
        let m = matrix(&r, &a);
        let cell = &m.cells[&(0, Column::Agreement(1))];
        let gap = worst_gap(&a, cell).expect("a timing gap");
        assert_eq!(cell.summary, format!("{} late, +1 more", fmt_hours(gap.late_hours)), "and the term gap");
        assert!(gap.late_hours > 64.0, "12 office hours from the worst minute: {}", gap.late_hours);
        let always = Calendar::always();
        let office = Calendar::from_hours(r.agreements[1].support_hours());
        let svg = week_svg(&always, "Customer SLA", &office, "Hosting <contract>", gap);
        assert!(svg.contains("Hosting &lt;contract&gt;") && svg.contains("supplier due"), "{svg}");
        assert!(crate::app::svg::smallest_font(&svg) >= crate::app::svg::LABEL_PX);
        // Five office days, one band each (a second week when the deadline runs over).
        assert!(svg.matches("fill=\"#1F5FBF\"").count() >= 5);
        let caption = week_caption(gap, "Hosting contract");
        assert!(caption.starts_with("Worst case: an incident raised ") && caption.ends_with(" late."), "{caption}");
    }

    #[test]
    fn a_cell_says_how_many_problems_it_has_besides_its_headline() {
        let mut r = register(json!("24x7"));
        // Late on response too, and an RPO the contract does not meet: timing counts once.
        r.agreements[1].targets[0].response = rampart_core::model::Hours::new(2.0).unwrap();
        r.agreements[0].rpo = Some(rampart_core::model::Hours::new(1.0).unwrap());
        r.agreements[1].rpo = Some(rampart_core::model::Hours::new(4.0).unwrap());
        let a = analysed(&r);
        let cell = &matrix(&r, &a).cells[&(0, Column::Agreement(1))];
        assert_eq!(cell.findings.len(), 4, "response, resolution, RPO, term gap");
        assert_eq!(cell.summary, "4 h late, +2 more");
        // Alone, a problem is the headline with nothing more.
        r.agreements[1].targets[0] = r.agreements[0].targets[0].clone();
        r.agreements[1].rpo = None;
        let a = analysed(&r);
        assert_eq!(matrix(&r, &a).cells[&(0, Column::Agreement(1))].summary, "ends 2027-06-30");
    }

    #[test]
    fn a_term_gap_alone_is_amber() {
        let mut r = register(json!("24x7"));
        r.agreements[1].targets[0].resolution = rampart_core::model::Hours::new(8.0).unwrap();
        let a = analysed(&r);
        let cell = &matrix(&r, &a).cells[&(0, Column::Agreement(1))];
        assert_eq!((cell.status, cell.summary.as_str()), (Status::Attention, "ends 2027-06-30"));
        // By the analysis date of 2027-07-01 the contract has ended: no cover at all.
        let later = analyse(
            &r,
            &Options { today: rampart_core::model::Date::parse("2027-07-01").unwrap(), teams: Default::default() },
        );
        let cell = &matrix(&r, &later).cells[&(0, Column::Agreement(1))];
        assert_eq!((cell.status, cell.summary.as_str()), (Status::Misaligned, "ended 2027-06-30: no cover"));
    }

    #[test]
    fn a_supplier_service_with_no_contract_is_a_red_column_of_its_own() {
        let mut r = register(json!("24x7"));
        r.agreements.retain(|a| !a.kind.is_underpinning());
        let a = analysed(&r);
        let m = matrix(&r, &a);
        assert_eq!(m.columns, [Column::NoContract(1)], "the hosting node, with nothing on it");
        let cell = &m.cells[&(0, Column::NoContract(1))];
        assert_eq!((cell.status, cell.summary.as_str()), (Status::Misaligned, "no contract"));
        assert_eq!(a.findings[cell.findings[0]].code(), "SLA_NO_UNDERPINNING");
    }
}
