//! The register as an XLSX workbook (see the crate's documentation).

use std::fmt;

use rampart_core::findings::Severity;
use rampart_core::graph::ServiceGraph;
use rampart_core::lifecycle::{standings, AppetiteStanding};
use rampart_core::model::{Colour, Date, Dependency, Register, RiskKind, RiskStatus, SupportHours, Treatment};
use rampart_core::scoring::Scored;
use rampart_core::{Analysis, Area};
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Why a workbook could not be written.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookError(String);

impl fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the workbook could not be written: {}", self.0)
    }
}

impl std::error::Error for WorkbookError {}

impl From<XlsxError> for WorkbookError {
    fn from(e: XlsxError) -> Self {
        WorkbookError(e.to_string())
    }
}

/// Widest a column is made, in characters (longer text wraps in the cell's view).
const MAX_WIDTH: usize = 60;

/// A cell of a row.
enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
    Day(Date),
    /// A score's band: its name, filled with its colour.
    Band(Option<&'a str>, Option<Colour>),
    Empty,
}

fn text(t: Option<&str>) -> Cell<'_> {
    t.map_or(Cell::Empty, Cell::Text)
}

fn number(n: Option<f64>) -> Cell<'static> {
    n.map_or(Cell::Empty, Cell::Number)
}

fn day(d: Option<Date>) -> Cell<'static> {
    d.map_or(Cell::Empty, Cell::Day)
}

/// One sheet being written: its rows after the header, and each column's width.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    row: u32,
    widths: Vec<usize>,
    date: Format,
}

impl<'w> Sheet<'w> {
    fn new(ws: &'w mut Worksheet, header: &[&str]) -> Result<Self, XlsxError> {
        let bold = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        ws.set_freeze_panes(1, 0)?;
        let widths = header.iter().map(|h| h.chars().count() + 2).collect();
        Ok(Sheet { ws, row: 0, widths, date: Format::new().set_num_format("yyyy-mm-dd") })
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        self.row += 1;
        let r = self.row;
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                // Always a string cell: a text that starts with `=` is text, never a formula.
                Cell::Text(t) => {
                    self.ws.write_string(r, col, *t)?;
                    t.chars().count()
                }
                Cell::Owned(t) => {
                    self.ws.write_string(r, col, t)?;
                    t.chars().count()
                }
                Cell::Number(n) => {
                    self.ws.write_number(r, col, *n)?;
                    n.to_string().len()
                }
                Cell::Day(d) => {
                    let date = ExcelDateTime::parse_from_str(&d.to_string())?;
                    self.ws.write_datetime_with_format(r, col, &date, &self.date)?;
                    10
                }
                Cell::Band(None, _) | Cell::Empty => 0,
                Cell::Band(Some(name), colour) => {
                    let mut f = Format::new();
                    if let Some(c) = colour {
                        let rgb = (u32::from(c.r) << 16) | (u32::from(c.g) << 8) | u32::from(c.b);
                        // Dark text on a light band, white on a dark one.
                        let light = 299 * u32::from(c.r) + 587 * u32::from(c.g) + 114 * u32::from(c.b) > 140_000;
                        f = f.set_background_color(Color::RGB(rgb)).set_font_color(if light {
                            Color::Black
                        } else {
                            Color::White
                        });
                    }
                    self.ws.write_string_with_format(r, col, *name, &f)?;
                    name.chars().count()
                }
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(width + 2).min(MAX_WIDTH);
            }
        }
        Ok(())
    }

    /// A drop-down list on column `col` for the rows written and as many more.
    fn choices(&mut self, col: u16, keys: &[&str]) -> Result<(), XlsxError> {
        let last = (self.row * 2).max(1000);
        let list = DataValidation::new().allow_list_strings(keys)?;
        self.ws.add_data_validation(1, col, last, col, &list)?;
        Ok(())
    }

    /// Widths and the autofilter, once every row is written.
    fn finish(self) -> Result<(), XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w as f64)?;
        }
        let last = self.widths.len().saturating_sub(1) as u16;
        self.ws.autofilter(0, 0, self.row.max(1), last)?;
        Ok(())
    }
}

fn keys<T: Copy>(all: &[T], key: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|x| key(*x)).collect()
}

/// The register and its analysis (made on `today`) as an XLSX workbook.
pub fn workbook(register: &Register, analysis: &Analysis, today: Date) -> Result<Vec<u8>, WorkbookError> {
    let mut wb = Workbook::new();
    // Made "on" the analysis date: the same register and date give the same workbook.
    let created = ExcelDateTime::parse_from_str(&today.to_string())?;
    wb.set_properties(&DocProperties::new().set_title(&register.name).set_creation_datetime(&created));
    risks(wb.add_worksheet().set_name("Risks")?, register, analysis, today)?;
    controls(wb.add_worksheet().set_name("Controls")?, register)?;
    actions(wb.add_worksheet().set_name("Actions")?, register)?;
    services(wb.add_worksheet().set_name("Services")?, register, analysis)?;
    agreements(wb.add_worksheet().set_name("Agreements")?, register)?;
    targets(wb.add_worksheet().set_name("Targets")?, register)?;
    findings(wb.add_worksheet().set_name("Findings")?, register, analysis)?;
    method(wb.add_worksheet().set_name("Method")?, register, analysis, today)?;
    Ok(wb.save_to_buffer()?)
}

const RISK_HEADER: [&str; 36] = [
    "id",
    "title",
    "kind",
    "category",
    "subcategory",
    "owner",
    "status",
    "treatment",
    "inherent impact",
    "inherent likelihood",
    "inherent score",
    "inherent band",
    "residual impact",
    "residual likelihood",
    "residual score",
    "residual band",
    "residual given",
    "target impact",
    "target likelihood",
    "target score",
    "target band",
    "target given",
    "appetite",
    "appetite standing",
    "identified",
    "review date",
    "target date",
    "accepted by",
    "accepted on",
    "accepted until",
    "accepted score",
    "services",
    "description",
    "trigger",
    "impact description",
    "mitigation",
];

fn risks(ws: &mut Worksheet, r: &Register, a: &Analysis, today: Date) -> Result<(), XlsxError> {
    let scales = &a.scales;
    let standing = standings(r, a, today);
    let mut sheet = Sheet::new(ws, &RISK_HEADER)?;
    let band = |s: &Scored| {
        let b = s.band.and_then(|k| scales.bands.get(k as usize));
        Cell::Band(b.map(|b| b.name.as_str()), b.map(|b| Colour::of_band(b.color.as_deref())))
    };
    for (i, (risk, rating)) in r.risks.iter().zip(&a.ratings).enumerate() {
        let appetite = scales.appetite_for(risk.category.as_deref());
        let standing = match standing.risks.get(i).map(|s| s.appetite) {
            _ if risk.status() == RiskStatus::Closed => "closed",
            _ if risk.kind() == RiskKind::Opportunity => "opportunity",
            Some(AppetiteStanding::Above { .. }) => "above appetite",
            Some(AppetiteStanding::Accepted { .. }) => "accepted above appetite",
            _ => "within appetite",
        };
        let acceptance = risk.acceptance.as_ref();
        let given = |g: bool| Cell::Text(if g { "yes" } else { "" });
        let services = risk.services.join(", ");
        let appetite_text = appetite.to_string();
        sheet.row(&[
            Cell::Text(&risk.id),
            Cell::Text(&risk.title),
            Cell::Text(risk.kind().key()),
            text(risk.category.as_deref()),
            text(risk.subcategory.as_deref()),
            text(risk.owner.as_deref()),
            Cell::Text(risk.status().key()),
            text(risk.treatment.map(Treatment::key)),
            Cell::Number(rating.inherent.impact as f64),
            Cell::Number(rating.inherent.likelihood as f64),
            Cell::Number(rating.inherent.score as f64),
            band(&rating.inherent),
            Cell::Number(rating.residual.impact as f64),
            Cell::Number(rating.residual.likelihood as f64),
            Cell::Number(rating.residual.score as f64),
            band(&rating.residual),
            given(risk.residual.is_some()),
            Cell::Number(rating.target.impact as f64),
            Cell::Number(rating.target.likelihood as f64),
            Cell::Number(rating.target.score as f64),
            band(&rating.target),
            given(risk.target.is_some()),
            appetite_text.parse::<f64>().map_or(Cell::Owned(appetite_text.clone()), Cell::Number),
            Cell::Text(standing),
            day(risk.identified),
            day(risk.review_date),
            day(risk.target_date),
            text(acceptance.map(|a| a.by.as_str())),
            day(acceptance.map(|a| a.date)),
            day(acceptance.and_then(|a| a.expires)),
            number(acceptance.and_then(|a| a.score).map(|s| s.0 as f64)),
            Cell::Owned(services),
            text(risk.description.as_deref()),
            text(risk.trigger.as_deref()),
            text(risk.impact_description.as_deref()),
            text(risk.mitigation.as_deref()),
        ])?;
    }
    let levels = |n: usize| (1..=n).map(|k| k.to_string()).collect::<Vec<_>>();
    let (impact, likelihood) = (levels(scales.impact.len()), levels(scales.likelihood.len()));
    fn as_str(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    sheet.choices(2, &keys(RiskKind::ALL, RiskKind::key))?;
    sheet.choices(6, &keys(RiskStatus::ALL, RiskStatus::key))?;
    sheet.choices(7, &keys(Treatment::ALL, Treatment::key))?;
    for col in [8, 12, 17] {
        sheet.choices(col, &as_str(&impact))?;
    }
    for col in [9, 13, 18] {
        sheet.choices(col, &as_str(&likelihood))?;
    }
    sheet.finish()
}

fn controls(ws: &mut Worksheet, r: &Register) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(ws, &["risk", "id", "name", "reduces", "by", "status"])?;
    for risk in &r.risks {
        for c in &risk.controls {
            sheet.row(&[
                Cell::Text(&risk.id),
                Cell::Text(&c.id),
                text(c.name.as_deref()),
                Cell::Text(c.reduces.key()),
                Cell::Number(c.by as f64),
                Cell::Text(c.status.key()),
            ])?;
        }
    }
    sheet.choices(3, &keys(rampart_core::model::Axis::ALL, rampart_core::model::Axis::key))?;
    sheet.choices(5, &keys(rampart_core::model::ControlStatus::ALL, rampart_core::model::ControlStatus::key))?;
    sheet.finish()
}

fn actions(ws: &mut Worksheet, r: &Register) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(ws, &["risk", "id", "title", "owner", "due", "status", "control"])?;
    for risk in &r.risks {
        for x in &risk.actions {
            sheet.row(&[
                Cell::Text(&risk.id),
                Cell::Text(&x.id),
                Cell::Text(&x.title),
                text(x.owner.as_deref()),
                day(x.due),
                Cell::Text(x.status.key()),
                text(x.control.as_deref()),
            ])?;
        }
    }
    sheet.choices(5, &keys(rampart_core::model::ActionStatus::ALL, rampart_core::model::ActionStatus::key))?;
    sheet.finish()
}

/// A node's dependencies as one text: `a, b, any of (c | d)`.
fn depends_on(deps: &[Dependency]) -> String {
    let parts: Vec<String> = (deps.iter())
        .map(|d| match d {
            Dependency::On(id) => id.clone(),
            Dependency::AnyOf(group) => format!("any of ({})", group.any_of.join(" | ")),
        })
        .collect();
    parts.join(", ")
}

fn services(ws: &mut Worksheet, r: &Register, a: &Analysis) -> Result<(), XlsxError> {
    let header = [
        "id",
        "name",
        "kind",
        "owner",
        "MTPD (h)",
        "RTO (h)",
        "RPO (h)",
        "recovery (h)",
        "availability (%)",
        "depends on",
        "planned finish (h)",
        "late by (h)",
    ];
    let mut sheet = Sheet::new(ws, &header)?;
    let graph = ServiceGraph::build(&r.services, &mut Vec::new());
    let plan: std::collections::HashMap<&str, &rampart_core::recovery::RecoveryStep> =
        a.recovery.iter().map(|s| (s.id.as_str(), s)).collect();
    for s in &r.services {
        let step = plan.get(s.id.as_str());
        let planned = if graph.get(&s.id).is_some() { step.map(|p| p.finish) } else { None };
        sheet.row(&[
            Cell::Text(&s.id),
            Cell::Text(&s.name),
            Cell::Text(s.kind.unwrap_or_default().key()),
            text(s.owner.as_deref()),
            number(s.mtpd.map(|h| h.get())),
            number(s.rto.map(|h| h.get())),
            number(s.rpo.map(|h| h.get())),
            number(s.recovery.map(|h| h.get())),
            number(s.availability.map(|p| p.get())),
            Cell::Owned(depends_on(&s.depends_on)),
            number(planned),
            number(step.map(|p| p.late).filter(|l| *l > 0.0)),
        ])?;
    }
    sheet.choices(2, &keys(rampart_core::model::NodeKind::ALL, rampart_core::model::NodeKind::key))?;
    sheet.finish()
}

/// Support hours as words: `24x7`, `Mon Tue Wed Thu Fri 08:00–18:00`.
fn hours(h: Option<&SupportHours>) -> String {
    match h {
        None | Some(SupportHours::TwentyFourSeven) => "24x7".into(),
        Some(SupportHours::Weekly(w)) => {
            let days: Vec<&str> = w.days.iter().map(|d| d.short_name()).collect();
            format!("{} {}–{}", days.join(" "), w.from, w.to)
        }
    }
}

fn agreements(ws: &mut Worksheet, r: &Register) -> Result<(), XlsxError> {
    let header = [
        "id",
        "name",
        "kind",
        "party",
        "service",
        "support hours",
        "availability (%)",
        "RTO (h)",
        "RPO (h)",
        "start",
        "end",
    ];
    let mut sheet = Sheet::new(ws, &header)?;
    for x in &r.agreements {
        sheet.row(&[
            Cell::Text(&x.id),
            Cell::Text(&x.name),
            Cell::Text(x.kind.key()),
            text(x.party.as_deref()),
            text(x.service.as_deref()),
            Cell::Owned(hours(x.hours.as_ref())),
            number(x.availability.map(|p| p.get())),
            number(x.rto.map(|h| h.get())),
            number(x.rpo.map(|h| h.get())),
            day(x.start),
            day(x.end),
        ])?;
    }
    sheet.choices(2, &keys(rampart_core::model::AgreementKind::ALL, rampart_core::model::AgreementKind::key))?;
    sheet.finish()
}

fn targets(ws: &mut Worksheet, r: &Register) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(ws, &["agreement", "priority", "response (h)", "resolution (h)"])?;
    for x in &r.agreements {
        for t in &x.targets {
            sheet.row(&[
                Cell::Text(&x.id),
                Cell::Text(&t.priority),
                Cell::Number(t.response.get()),
                Cell::Number(t.resolution.get()),
            ])?;
        }
    }
    sheet.finish()
}

fn findings(ws: &mut Worksheet, r: &Register, a: &Analysis) -> Result<(), XlsxError> {
    let mut sheet = Sheet::new(ws, &["code", "severity", "area", "subjects", "message"])?;
    for f in &a.findings {
        sheet.row(&[
            Cell::Text(f.code()),
            Cell::Text(f.severity().key()),
            Cell::Text(f.kind.area().label()),
            Cell::Owned(f.subject_ids(r).join(", ")),
            Cell::Owned(f.message(r)),
        ])?;
    }
    sheet.choices(1, &keys(Severity::ALL, Severity::key))?;
    sheet.choices(2, &keys(Area::ALL, Area::label))?;
    sheet.finish()
}

/// How the scores are made: the register, the analysis date, the scales, the
/// bands with their colours, and the appetite.
fn method(ws: &mut Worksheet, r: &Register, a: &Analysis, today: Date) -> Result<(), XlsxError> {
    let scales = &a.scales;
    let mut sheet = Sheet::new(ws, &["what", "level or name", "label or value", "colour"])?;
    sheet.row(&[Cell::Text("register"), Cell::Text(&r.name), text(r.organization.as_deref()), Cell::Empty])?;
    sheet.row(&[Cell::Text("analysis date"), Cell::Empty, Cell::Day(today), Cell::Empty])?;
    sheet.row(&[Cell::Text("score"), Cell::Empty, Cell::Text("impact level × likelihood level"), Cell::Empty])?;
    for (k, label) in scales.likelihood.iter().enumerate() {
        sheet.row(&[Cell::Text("likelihood"), Cell::Number((k + 1) as f64), Cell::Text(label), Cell::Empty])?;
    }
    for (k, label) in scales.impact.iter().enumerate() {
        sheet.row(&[Cell::Text("impact"), Cell::Number((k + 1) as f64), Cell::Text(label), Cell::Empty])?;
    }
    for b in &scales.bands {
        let min = format!("from a score of {}", b.min);
        let colour = Colour::of_band(b.color.as_deref());
        sheet.row(&[
            Cell::Text("band"),
            Cell::Band(Some(&b.name), Some(colour)),
            Cell::Owned(min),
            Cell::Owned(colour.hex()),
        ])?;
    }
    sheet.row(&[
        Cell::Text("appetite"),
        Cell::Text("every category"),
        Cell::Owned(format!("a residual score above {} is above appetite", scales.appetite)),
        Cell::Empty,
    ])?;
    for (category, appetite) in &scales.appetite_by_category {
        sheet.row(&[
            Cell::Text("appetite"),
            Cell::Text(category),
            Cell::Owned(format!("a residual score above {appetite} is above appetite")),
            Cell::Empty,
        ])?;
    }
    sheet.finish()
}

#[cfg(test)]
mod tests;
