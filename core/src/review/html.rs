//! The review pack as HTML: one page, its CSS inline, charts as inline SVG, no
//! script. Every text from the register goes through [`Esc`]: markup from a
//! file is always text. Print rules: A4 or Letter, running footer with the
//! register's name and page numbers, tables that break between rows with
//! their header repeated, charts that stay whole, band names printed beside
//! every colour.

use std::fmt::{self, Display, Write};

use super::{Changes, Pack};
use crate::findings::{fmt_hours, FindingKind, Subject};
use crate::lifecycle::{AppetiteStanding, Quick};
use crate::model::{Colour, DecisionStatus, Register, Review, RiskKind, RiskStatus};
use crate::scoring::Scored;

/// At most this many rows in a list of the pack but the register's own: a
/// pack is read by people; the command line lists everything.
const ROWS_SHOWN: usize = 100;

/// Where a list cut at [`ROWS_SHOWN`] is whole.
const WHOLE_IN_DIFF: &str = "rampart diff lists them all";
const WHOLE_IN_CHECK: &str = "rampart check lists them all";
const WHOLE_BELOW: &str = "the register below lists every risk";

/// Text escaped for HTML content and attribute values.
pub struct Esc<'a>(pub &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// Text as a CSS string's content (the running footer): quotes, backslashes,
/// control characters and `<` (which could end a style element) as CSS escapes.
pub struct CssText<'a>(pub &'a str);

impl Display for CssText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '"' | '\\' | '<' | '>' | '&' => write!(f, "\\{:x} ", c as u32)?,
                c if c.is_control() => write!(f, "\\{:x} ", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The pack's stylesheet; each page adds its band colours and footer text.
pub const STYLE: &str = include_str!("pack.css");

/// The whole page, and where its body (the `<main class="pack">` element) is
/// in it: the app shows the body under [`STYLE`], with the band colours and
/// footer its shell sets.
pub(super) fn write(pack: &Pack) -> (String, std::ops::Range<usize>) {
    let mut o = String::with_capacity(64 * 1024 + pack.register.risks.len() * 256);
    let r = pack.register;
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>Management review: {}</title>\n<style>\n{STYLE}:root{{--pack-footer:\"{}\";",
        Esc(&r.name),
        CssText(&r.name),
    );
    for (k, band) in pack.analysis.scales.bands.iter().enumerate() {
        let _ = write!(o, "--band-{k}:{};", Colour::of_band(band.color.as_deref()).hex());
    }
    o.push_str("}\n</style></head>\n<body>\n");
    let start = o.len();
    body(&mut o, pack);
    let end = o.len();
    o.push_str("</body></html>\n");
    (o, start..end)
}

fn body(o: &mut String, pack: &Pack) {
    o.push_str("<main class=\"pack\">\n");
    cover(o, pack);
    previous_review(o, pack);
    changes(o, pack);
    risks(o, pack);
    continuity(o, pack);
    sla(o, pack);
    this_review(o, pack);
    register(o, pack);
    o.push_str("</main>\n");
}

/// A table: its header cells, then each row's cells (already HTML). A header
/// ending in `#` marks a column of numbers (right-aligned). A table cut at
/// [`ROWS_SHOWN`] rows (`cut`) says below it how many more there are, and where
/// they are all listed.
struct Table<'o> {
    o: &'o mut String,
    numeric: Vec<bool>,
    rows: usize,
    cut: Option<&'static str>,
}

impl<'o> Table<'o> {
    fn new(o: &'o mut String, class: &str, head: &[&str]) -> Self {
        let _ = write!(o, "<table class=\"pack-{class}\"><thead><tr>");
        let numeric: Vec<bool> = head.iter().map(|h| h.ends_with('#')).collect();
        for (h, n) in head.iter().zip(&numeric) {
            let _ = write!(o, "<th{}>{}</th>", if *n { " class=\"n\"" } else { "" }, h.trim_end_matches('#'));
        }
        o.push_str("</tr></thead><tbody>\n");
        Table { o, numeric, rows: 0, cut: None }
    }

    /// At most [`ROWS_SHOWN`] rows; the rest are in `whole`.
    fn cut(mut self, whole: &'static str) -> Self {
        self.cut = Some(whole);
        self
    }

    fn row(&mut self, cells: &[&dyn Display]) {
        self.rows += 1;
        if self.cut.is_some() && self.rows > ROWS_SHOWN {
            return;
        }
        self.o.push_str("<tr>");
        for (k, c) in cells.iter().enumerate() {
            let class = if self.numeric.get(k) == Some(&true) { " class=\"n\"" } else { "" };
            let _ = write!(self.o, "<td{class}>{c}</td>");
        }
        self.o.push_str("</tr>\n");
    }
}

impl Drop for Table<'_> {
    fn drop(&mut self) {
        self.o.push_str("</tbody></table>\n");
        if let Some(whole) = self.cut.filter(|_| self.rows > ROWS_SHOWN) {
            let _ = writeln!(self.o, "<p class=\"muted\">… and {} more ({whole}).</p>", self.rows - ROWS_SHOWN);
        }
    }
}

/// A rating's score with its band's name: colour is never the only sign.
struct Rated<'a>(&'a Pack<'a>, Scored);

impl Display for Rated<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "<span class=\"rated\">{}", self.1.score)?;
        if let Some(band) = self.0.analysis.scales.band_name(self.1.band) {
            write!(f, " <span class=\"band {}\">{}</span>", tint(self.1.band), Esc(band))?;
        }
        f.write_str("</span>")
    }
}

/// The class of a light tint of a band's colour for a background (light
/// enough for black text; the band's name is always printed beside it).
fn tint(band: Option<u32>) -> String {
    band.map_or_else(String::new, |b| format!("tint-{b}"))
}

fn opt(text: Option<&str>) -> Esc<'_> {
    Esc(text.unwrap_or("—"))
}

fn date_or_dash(d: Option<crate::model::Date>) -> String {
    d.map_or_else(|| "—".to_string(), |d| Day(d).to_string())
}

/// A date that does not break across lines.
struct Day(crate::model::Date);

impl Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "<time>{}</time>", self.0)
    }
}

fn cover(o: &mut String, pack: &Pack) {
    let r = pack.register;
    let _ = write!(o, "<section id=\"cover\" class=\"keep\">\n<h1>Management review: {}</h1>\n", Esc(&r.name));
    o.push_str("<dl class=\"cover\">");
    let mut item = |term: &str, value: &dyn Display| {
        let _ = write!(o, "<dt>{term}</dt><dd>{value}</dd>");
    };
    item("Register", &Esc(&r.name));
    item("Organisation", &opt(r.organization.as_deref()));
    item("Analysis date", &pack.today);
    item("Register SHA-256", &format!("<span class=\"hash\">{}</span>", pack.sha256));
    let against = pack.changes.as_ref().map_or("nothing: no previous review is recorded", |c| c.against.as_str());
    item("Changes since", &Esc(against));
    item(
        "Contents",
        &format!(
            "{} ({}, {}), {}, {}, {}",
            plural(r.risks.len(), "risk", "risks"),
            plural(pack.summary.threats, "threat", "threats"),
            plural(pack.summary.opportunities, "opportunity", "opportunities"),
            plural(r.services.len(), "continuity node", "continuity nodes"),
            plural(r.agreements.len(), "agreement", "agreements"),
            plural(pack.analysis.findings.len(), "finding", "findings")
        ),
    );
    o.push_str(
        "</dl>\n<p class=\"muted\">Every figure is Rampart's analysis of the register on the analysis date; \
                the SHA-256 names the register text the pack was made from.</p>\n</section>\n",
    );
}

fn review_heading(o: &mut String, review: &Review) {
    let _ = write!(o, "<p><b>{}</b>", review.date);
    if let Some(t) = &review.title {
        let _ = write!(o, ": {}", Esc(t));
    }
    o.push_str("</p>\n");
    if !review.attendees.is_empty() {
        let names: Vec<String> = review.attendees.iter().map(|a| Esc(a).to_string()).collect();
        let _ = writeln!(o, "<p>Attendees: {}</p>", names.join(", "));
    }
    if let Some(n) = &review.notes {
        let _ = writeln!(o, "<p>Notes: {}</p>", Esc(n));
    }
}

/// Decisions' status as the analysis has it: done, open, or overdue (a finding).
fn decisions(o: &mut String, pack: &Pack, k: usize) {
    let review = &pack.register.reviews[k];
    if review.decisions.is_empty() {
        o.push_str("<p class=\"muted\">No decisions were recorded.</p>\n");
        return;
    }
    let overdue = |d: usize| {
        pack.analysis.findings.iter().any(|f| {
            matches!(f.kind, FindingKind::ReviewDecisionOverdue { .. })
                && f.subjects.get(1) == Some(&Subject::Decision(k as u32, d as u32))
        })
    };
    let mut t = Table::new(o, "decisions", &["Decision", "", "Owner", "Due", "Status"]);
    for (d, decision) in review.decisions.iter().enumerate() {
        let status = match decision.status {
            DecisionStatus::Done => "done",
            DecisionStatus::Open if overdue(d) => "<b>overdue</b>",
            DecisionStatus::Open => "open",
        };
        t.row(&[
            &Esc(&decision.id),
            &Esc(&decision.text),
            &opt(decision.owner.as_deref()),
            &date_or_dash(decision.due),
            &status,
        ]);
    }
}

fn previous_review(o: &mut String, pack: &Pack) {
    o.push_str("<section id=\"previous-review\">\n<h2>Decisions of the previous review</h2>\n");
    match pack.reviews.previous {
        None => o.push_str("<p class=\"muted\">No earlier review is recorded in the register.</p>\n"),
        Some(k) => {
            review_heading(o, &pack.register.reviews[k]);
            decisions(o, pack, k);
        }
    }
    // Decisions of older reviews that are still open.
    let older: Vec<usize> = (0..pack.register.reviews.len())
        .filter(|&k| Some(k) != pack.reviews.previous && Some(k) != pack.reviews.this)
        .filter(|&k| pack.register.reviews[k].date < pack.today)
        .filter(|&k| pack.register.reviews[k].decisions.iter().any(|d| d.status == DecisionStatus::Open))
        .collect();
    if !older.is_empty() {
        o.push_str("<h3>Still open from earlier reviews</h3>\n");
        let mut t = Table::new(o, "decisions", &["Review", "Decision", "", "Owner", "Due"]);
        for k in older {
            let review = &pack.register.reviews[k];
            for d in review.decisions.iter().filter(|d| d.status == DecisionStatus::Open) {
                t.row(&[&Day(review.date), &Esc(&d.id), &Esc(&d.text), &opt(d.owner.as_deref()), &date_or_dash(d.due)]);
            }
        }
    }
    o.push_str("</section>\n");
}

/// A list of risks by position: id, title, owner, residual.
fn risk_rows(o: &mut String, pack: &Pack, rows: &[usize]) {
    let mut t = Table::new(o, "risks", &["Risk", "Title", "Owner", "Residual"]).cut(WHOLE_BELOW);
    for &i in rows {
        let (risk, rating) = (&pack.register.risks[i], pack.analysis.ratings[i]);
        t.row(&[&Esc(&risk.id), &Esc(&risk.title), &opt(risk.owner.as_deref()), &Rated(pack, rating.residual)]);
    }
}

fn changes(o: &mut String, pack: &Pack) {
    o.push_str("<section id=\"changes\">\n<h2>Changes since the previous review</h2>\n");
    let Some(c) = &pack.changes else {
        o.push_str(
            "<p class=\"muted\">No previous review is recorded and no earlier copy or date was chosen, \
             so there is nothing to compare with.</p>\n</section>\n",
        );
        return;
    };
    let Changes {
        against,
        from_copy,
        new_risks,
        closed_risks,
        removed_risks,
        rescored,
        findings_added,
        findings_resolved,
    } = c;
    let _ = writeln!(o, "<p>Compared with {}.</p>", Esc(against));
    if !from_copy {
        o.push_str(
            "<p class=\"muted\">From the register alone: risks identified since, residual ratings against \
             their history, and deadlines that passed. A file does not record when a risk was closed or a \
             finding resolved: choose an earlier copy for those.</p>\n",
        );
    }
    let _ = writeln!(o, "<h3>New risks ({})</h3>", new_risks.len());
    if !new_risks.is_empty() {
        risk_rows(o, pack, new_risks);
    }
    if *from_copy {
        let _ = writeln!(o, "<h3>Closed risks ({})</h3>", closed_risks.len() + removed_risks.len());
        if !closed_risks.is_empty() || !removed_risks.is_empty() {
            let mut t = Table::new(o, "risks", &["Risk", "Title", "Since"]).cut(WHOLE_IN_DIFF);
            for &i in closed_risks {
                let risk = &pack.register.risks[i];
                t.row(&[&Esc(&risk.id), &Esc(&risk.title), &"closed"]);
            }
            for (id, title) in removed_risks {
                t.row(&[&Esc(id), &Esc(title), &"removed from the register"]);
            }
        }
    }
    let _ = writeln!(o, "<h3>Re-scored risks ({})</h3>", rescored.len());
    if !rescored.is_empty() {
        let mut t = Table::new(o, "risks", &["Risk", "Was", "Now"]).cut(WHOLE_IN_DIFF);
        let score = |s: &crate::diff::Score| match &s.band {
            Some(b) => format!("{} <span class=\"band\">{}</span>", s.score, Esc(b)),
            None => s.score.to_string(),
        };
        for r in rescored {
            t.row(&[&Esc(&r.risk), &score(&r.old), &score(&r.new)]);
        }
    }
    let lines = |o: &mut String, title: &str, list: &[crate::diff::FindingLine]| {
        let _ = writeln!(o, "<h3>{title} ({})</h3>", list.len());
        if !list.is_empty() {
            let mut t = Table::new(o, "findings", &["Finding", "Severity", "What"]).cut(WHOLE_IN_DIFF);
            for f in list {
                t.row(&[&Esc(&f.code), &f.severity.key(), &Esc(&f.message)]);
            }
        }
    };
    if *from_copy {
        lines(o, "New findings", findings_added);
        lines(o, "Resolved findings", findings_resolved);
    } else {
        lines(o, "Came due since", findings_added);
    }
    o.push_str("</section>\n");
}

/// Risks by band as horizontal bars, inherent beside residual (inline SVG).
fn band_chart(o: &mut String, pack: &Pack) {
    let bands = &pack.analysis.scales.bands;
    let (inh, res) = (&pack.summary.inherent_by_band, &pack.summary.residual_by_band);
    let most = inh.iter().chain(res).copied().max().unwrap_or(0).max(1);
    let names: Vec<&str> = bands.iter().map(|b| b.name.as_str()).chain(["below the first band"]).collect();
    let rows: Vec<usize> = (0..names.len()).filter(|&k| k < bands.len() || inh[k] + res[k] > 0).collect();
    let (label_w, bar_w, row_h) = (150.0, 330.0, 34.0);
    let height = rows.len() as f64 * row_h + 24.0;
    let _ = write!(
        o,
        "<figure class=\"keep\"><figcaption>Threats by band: inherent (hatched) and residual (solid)</figcaption>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"{height}\" viewBox=\"0 0 560 {height}\" \
         role=\"img\" aria-label=\"Threats by band\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\
         <defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#fff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#333\" stroke-width=\"2\"/></pattern></defs>"
    );
    for (row, &k) in rows.iter().enumerate() {
        let y = row as f64 * row_h + 4.0;
        let colour = bands.get(k).map_or(Colour::NONE, |b| Colour::of_band(b.color.as_deref())).hex();
        let _ = write!(o, "<text x=\"0\" y=\"{}\" dominant-baseline=\"middle\">{}</text>", y + 14.0, Esc(names[k]));
        for (line, (count, fill)) in [(inh[k], "url(#hatch)".to_string()), (res[k], colour)].into_iter().enumerate() {
            let w = bar_w * count as f64 / most as f64;
            let by = y + line as f64 * 14.0;
            let _ = write!(
                o,
                "<rect x=\"{label_w}\" y=\"{by}\" width=\"{w:.1}\" height=\"12\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"0.6\"/>\
                 <text x=\"{:.1}\" y=\"{}\" dominant-baseline=\"middle\">{} {count}</text>",
                label_w + w + 4.0,
                by + 6.5,
                ["inherent", "residual"][line]
            );
        }
    }
    o.push_str("</svg></figure>\n");
}

/// A heat map as a table: likelihood rows (highest first) by impact columns,
/// each cell its count and its band's name.
fn heat_map(o: &mut String, pack: &Pack, title: &str, pick: fn(&crate::scoring::RiskRating) -> Scored) {
    let scales = &pack.analysis.scales;
    let threats = crate::summary::threat_rows(pack.register);
    let cells = crate::summary::cells(pack.analysis, &threats, pick);
    let _ = write!(o, "<figure class=\"keep\"><figcaption>{title}</figcaption><table class=\"heat\"><thead><tr><th>Likelihood \\ impact</th>");
    for (i, label) in scales.impact.iter().enumerate() {
        let _ = write!(o, "<th>{} {}</th>", i + 1, Esc(label));
    }
    o.push_str("</tr></thead><tbody>");
    for l in (0..scales.likelihood.len()).rev() {
        let _ = write!(o, "<tr><th>{} {}</th>", l + 1, Esc(&scales.likelihood[l]));
        for i in 0..scales.impact.len() {
            let band = scales.band_of(((i + 1) * (l + 1)) as i64);
            let count = cells.get(l).and_then(|row| row.get(i)).copied().unwrap_or(0);
            let name = scales.band_name(band).unwrap_or("");
            let _ = write!(
                o,
                "<td class=\"{}\"><b>{}</b>{}</td>",
                tint(band),
                if count > 0 { count.to_string() } else { "·".into() },
                Esc(name)
            );
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></figure>\n");
}

fn risks(o: &mut String, pack: &Pack) {
    let s = &pack.summary;
    let bands = &pack.analysis.scales.bands;
    o.push_str("<section id=\"bands\">\n<h2>Risks by band</h2>\n");
    {
        let mut t = Table::new(o, "bands", &["Band", "Inherent#", "Residual#"]);
        for (k, b) in bands.iter().enumerate() {
            t.row(&[&Esc(&b.name), &s.inherent_by_band[k], &s.residual_by_band[k]]);
        }
        let below = bands.len();
        if s.inherent_by_band[below] + s.residual_by_band[below] > 0 {
            t.row(&[&"below the first band", &s.inherent_by_band[below], &s.residual_by_band[below]]);
        }
        t.row(&[&"<b>Threats</b>", &s.threats, &s.threats]);
    }
    band_chart(o, pack);
    o.push_str("<div class=\"maps\">");
    heat_map(o, pack, "Inherent heat map (threats)", |r| r.inherent);
    heat_map(o, pack, "Residual heat map (threats)", |r| r.residual);
    o.push_str("</div>\n</section>\n");

    let rows = |q: Quick| -> Vec<usize> {
        let mut rows: Vec<usize> =
            (0..pack.register.risks.len()).filter(|&i| pack.summary.standings.risks[i].answers(q)).collect();
        rows.sort_by_key(|&i| (std::cmp::Reverse(pack.analysis.ratings[i].residual.score), i));
        rows
    };
    let escalated = rows(Quick::AboveAppetite);
    let _ = writeln!(
        o,
        "<section id=\"escalated\">\n<h2>Escalated: above appetite and not accepted ({})</h2>",
        escalated.len()
    );
    if escalated.is_empty() {
        o.push_str("<p>Every threat is within its appetite or formally accepted.</p>\n");
    } else {
        let mut t =
            Table::new(o, "risks", &["Risk", "Title", "Owner", "Residual", "Appetite", "Treatment"]).cut(WHOLE_BELOW);
        for &i in &escalated {
            let (risk, rating) = (&pack.register.risks[i], pack.analysis.ratings[i]);
            let appetite = match pack.summary.standings.risks[i].appetite {
                AppetiteStanding::Above { appetite, .. } => appetite.to_string(),
                _ => String::new(),
            };
            let treatment = risk.treatment.map_or("—", |t| t.key());
            t.row(&[
                &Esc(&risk.id),
                &Esc(&risk.title),
                &opt(risk.owner.as_deref()),
                &Rated(pack, rating.residual),
                &appetite,
                &treatment,
            ]);
        }
    }
    o.push_str("</section>\n");

    let accepted = rows(Quick::Accepted);
    let _ = writeln!(o, "<section id=\"accepted\">\n<h2>Accepted above appetite ({})</h2>", accepted.len());
    if accepted.is_empty() {
        o.push_str("<p class=\"muted\">No risk is accepted above its appetite.</p>\n");
    } else {
        let mut t =
            Table::new(o, "risks", &["Risk", "Title", "Residual", "Accepted by", "On", "Expires"]).cut(WHOLE_BELOW);
        for &i in &accepted {
            let (risk, rating) = (&pack.register.risks[i], pack.analysis.ratings[i]);
            let Some(a) = &risk.acceptance else { continue };
            let expires = match (a.expires, pack.summary.standings.risks[i].acceptance_expiring) {
                (Some(e), Some(_)) => format!("{} <b>(within 30 days)</b>", Day(e)),
                (e, _) => date_or_dash(e),
            };
            t.row(&[
                &Esc(&risk.id),
                &Esc(&risk.title),
                &Rated(pack, rating.residual),
                &Esc(&a.by),
                &Day(a.date),
                &expires,
            ]);
        }
    }
    o.push_str("</section>\n");

    overdue(o, pack);

    let opportunities: Vec<usize> = (0..pack.register.risks.len())
        .filter(|&i| {
            pack.register.risks[i].kind() == RiskKind::Opportunity
                && pack.register.risks[i].status() != RiskStatus::Closed
        })
        .collect();
    let _ = writeln!(o, "<section id=\"opportunities\">\n<h2>Opportunities ({})</h2>", opportunities.len());
    if opportunities.is_empty() {
        o.push_str("<p class=\"muted\">No open opportunity is recorded.</p>\n");
    } else {
        let head = ["Opportunity", "Title", "Owner", "Residual", "Target", "Treatment"];
        let mut t = Table::new(o, "risks", &head).cut(WHOLE_BELOW);
        for &i in &opportunities {
            let (risk, rating) = (&pack.register.risks[i], pack.analysis.ratings[i]);
            let treatment = risk.treatment.map_or("—", |t| t.key());
            t.row(&[
                &Esc(&risk.id),
                &Esc(&risk.title),
                &opt(risk.owner.as_deref()),
                &Rated(pack, rating.residual),
                &Rated(pack, rating.target),
                &treatment,
            ]);
        }
    }
    o.push_str("</section>\n");
}

fn overdue(o: &mut String, pack: &Pack) {
    let r = pack.register;
    let of = |code: &'static str| pack.analysis.findings.iter().filter(move |f| f.code() == code);
    let reviews: Vec<_> = of("RISK_REVIEW_OVERDUE").collect();
    let actions: Vec<_> = of("RISK_ACTION_OVERDUE").collect();
    let decisions: Vec<_> = of("REVIEW_DECISION_OVERDUE").collect();
    let _ = writeln!(
        o,
        "<section id=\"overdue\">\n<h2>Overdue ({}, {}, {})</h2>",
        plural(reviews.len(), "review", "reviews"),
        plural(actions.len(), "action", "actions"),
        plural(decisions.len(), "decision", "decisions")
    );
    if !reviews.is_empty() {
        o.push_str("<h3>Risk reviews</h3>\n");
        let mut t = Table::new(o, "risks", &["Risk", "Title", "Owner", "Review due"]).cut(WHOLE_IN_CHECK);
        for f in reviews {
            let (Some(i), FindingKind::RiskReviewOverdue { review_date }) = (f.risk(), &f.kind) else { continue };
            let risk = &r.risks[i];
            t.row(&[&Esc(&risk.id), &Esc(&risk.title), &opt(risk.owner.as_deref()), &Day(*review_date)]);
        }
    }
    if !actions.is_empty() {
        o.push_str("<h3>Treatment actions</h3>\n");
        let mut t = Table::new(o, "actions", &["Risk", "Action", "", "Owner", "Due"]).cut(WHOLE_IN_CHECK);
        for f in actions {
            let (Some(&Subject::Action(i, k)), FindingKind::RiskActionOverdue { due }) = (f.subjects.get(1), &f.kind)
            else {
                continue;
            };
            let risk = &r.risks[i as usize];
            let a = &risk.actions[k as usize];
            t.row(&[&Esc(&risk.id), &Esc(&a.id), &Esc(&a.title), &opt(a.owner.as_deref()), &Day(*due)]);
        }
    }
    if !decisions.is_empty() {
        o.push_str("<h3>Review decisions</h3>\n");
        let mut t = Table::new(o, "decisions", &["Review", "Decision", "", "Owner", "Due"]).cut(WHOLE_IN_CHECK);
        for f in decisions {
            let (Some(&Subject::Decision(k, d)), FindingKind::ReviewDecisionOverdue { due }) =
                (f.subjects.get(1), &f.kind)
            else {
                continue;
            };
            let review = &r.reviews[k as usize];
            let decision = &review.decisions[d as usize];
            t.row(&[
                &Day(review.date),
                &Esc(&decision.id),
                &Esc(&decision.text),
                &opt(decision.owner.as_deref()),
                &Day(*due),
            ]);
        }
    }
    o.push_str("</section>\n");
}

fn continuity(o: &mut String, pack: &Pack) {
    let r = pack.register;
    let recovery = &pack.analysis.recovery;
    let late: Vec<_> = recovery.iter().filter(|s| s.late > 0.0).collect();
    let _ = writeln!(
        o,
        "<section id=\"continuity\">\n<h2>Continuity</h2>\n<h3>Nodes that miss their RTO ({})</h3>",
        late.len()
    );
    if late.is_empty() {
        o.push_str("<p class=\"muted\">The recovery plan meets every RTO.</p>\n");
    } else {
        let mut t = Table::new(o, "late", &["Node", "RTO#", "Back after#", "Late by#", "Why: what it waits for"])
            .cut(WHOLE_IN_CHECK);
        for s in late {
            let rto = s.rto.map_or_else(|| "—".to_string(), |h| fmt_hours(h).to_string());
            t.row(&[
                &Esc(&s.id),
                &rto,
                &fmt_hours(s.finish),
                &fmt_hours(s.late),
                &Esc(&crate::recovery::why(recovery, &s.id)),
            ]);
        }
    }
    let _ =
        writeln!(o, "<h3>Single points of failure ({})</h3>", plural(pack.single_points.len(), "service", "services"));
    if pack.single_points.is_empty() {
        o.push_str("<p class=\"muted\">No service depends on a node without an alternative.</p>\n");
    } else {
        let mut t = Table::new(o, "spof", &["Service", "Lost with any one of"]).cut(WHOLE_IN_CHECK);
        for (s, nodes) in &pack.single_points {
            let ids: Vec<String> = nodes.iter().map(|&n| Esc(&r.services[n].id).to_string()).collect();
            t.row(&[&Esc(&r.services[*s].id), &ids.join(", ")]);
        }
    }
    match &pack.exercise {
        None => o.push_str(
            "<h3>Latest exercise</h3>\n<p class=\"muted\">No exercise is recorded up to the analysis date.</p>\n",
        ),
        Some((x, lines)) => {
            let e = &r.exercises[*x];
            let _ = writeln!(o, "<h3>Latest exercise: {} ({})</h3>", Esc(&e.name), e.date);
            let scenario = e.scenario.as_deref().unwrap_or("everything fails");
            let _ = writeln!(o, "<p>Scenario: {}</p>", Esc(scenario));
            let mut t = Table::new(o, "exercise", &["Node", "Recovered#", "Planned#", "RTO#", "Result"]);
            for l in lines {
                let hours = |h: Option<f64>| h.map_or_else(|| "—".to_string(), |h| fmt_hours(h).to_string());
                let missed = l.rto.is_some_and(|rto| crate::findings::clearly_greater(l.recovered, rto));
                let slower = l.planned.is_some_and(|p| crate::findings::clearly_greater(l.recovered, p));
                let result = match (missed, slower) {
                    (true, _) => "<b>missed its RTO</b>",
                    (false, true) => "slower than the plan",
                    _ => "as planned or better",
                };
                t.row(&[
                    &Esc(&r.services[l.node].id),
                    &fmt_hours(l.recovered),
                    &hours(l.planned),
                    &hours(l.rto),
                    &result,
                ]);
            }
        }
    }
    o.push_str("</section>\n");
}

fn sla(o: &mut String, pack: &Pack) {
    let r = pack.register;
    // Per customer SLA (every SLA finding names it first): the worst lateness
    // of a response or resolution, and how many gaps of each kind.
    #[derive(Default)]
    struct Gaps {
        worst: f64,
        timing: usize,
        cover: usize,
        other: usize,
    }
    let gaps: Vec<(usize, &crate::Finding)> = (pack.analysis.findings.iter())
        .filter(|f| f.kind.area() == crate::Area::Sla)
        .filter_map(|f| match f.subjects.first() {
            Some(&Subject::Agreement(a)) => Some((a as usize, f)),
            _ => None,
        })
        .collect();
    let mut per: Vec<(usize, Gaps)> = Vec::new();
    for &(a, f) in &gaps {
        let at = match per.iter().position(|(x, _)| *x == a) {
            Some(at) => at,
            None => {
                per.push((a, Gaps::default()));
                per.len() - 1
            }
        };
        let g = &mut per[at].1;
        match &f.kind {
            FindingKind::SlaResponseMisaligned(t) | FindingKind::SlaResolutionMisaligned(t) => {
                g.worst = g.worst.max(t.late_hours);
                g.timing += 1;
            }
            FindingKind::SlaPriorityUncovered { .. }
            | FindingKind::SlaNoUnderpinning {}
            | FindingKind::SlaTermGap { .. } => g.cover += 1,
            _ => g.other += 1,
        }
    }
    let by_id = |a: usize| r.agreements[a].id.as_bytes();
    per.sort_by(|x, y| by_id(x.0).cmp(by_id(y.0)));
    let _ = writeln!(
        o,
        "<section id=\"sla\">\n<h2>SLA alignment gaps ({})</h2>",
        plural(per.len(), "agreement", "agreements")
    );
    if per.is_empty() {
        o.push_str("<p class=\"muted\">Every customer SLA is supported by what underpins it.</p>\n</section>\n");
        return;
    }
    {
        let mut t = Table::new(
            o,
            "sla",
            &["Agreement", "Name", "Worst lateness#", "Timing gaps#", "Cover gaps#", "Other gaps#"],
        );
        for (a, g) in &per {
            let worst = if g.worst > 0.0 { fmt_hours(g.worst).to_string() } else { "—".into() };
            let agreement = &r.agreements[*a];
            t.row(&[&Esc(&agreement.id), &Esc(&agreement.name), &worst, &g.timing, &g.cover, &g.other]);
        }
    }
    o.push_str("<h3>Every gap</h3>\n");
    let mut sorted = gaps;
    sorted.sort_by(|x, y| by_id(x.0).cmp(by_id(y.0)));
    let mut t = Table::new(o, "gaps", &["Agreement", "Gap", "What"]).cut(WHOLE_IN_CHECK);
    for (a, f) in sorted {
        let kind = match f.kind {
            FindingKind::SlaPriorityUncovered { .. }
            | FindingKind::SlaNoUnderpinning {}
            | FindingKind::SlaTermGap { .. } => "cover",
            FindingKind::SlaResponseMisaligned(_) => "response",
            FindingKind::SlaResolutionMisaligned(_) => "resolution",
            FindingKind::SlaRtoMisaligned { .. } => "RTO",
            FindingKind::SlaRpoMisaligned { .. } => "RPO",
            _ => "availability",
        };
        t.row(&[&Esc(&r.agreements[a].id), &kind, &Esc(&f.message(r))]);
    }
    drop(t);
    o.push_str("</section>\n");
}

/// "1 agreement", "2 agreements".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn this_review(o: &mut String, pack: &Pack) {
    o.push_str("<section id=\"decisions\" class=\"keep\">\n<h2>Decisions of this review</h2>\n");
    match pack.reviews.this {
        Some(k) => {
            review_heading(o, &pack.register.reviews[k]);
            decisions(o, pack, k);
        }
        None => {
            let _ = writeln!(o, "<p>Review of {}. Attendees:</p>", pack.today);
            let mut t = Table::new(o, "decisions blank", &["Decision", "Owner", "Due"]);
            for _ in 0..6 {
                t.row(&[&"", &"", &""]);
            }
        }
    }
    o.push_str("</section>\n");
}

/// Every risk, so the pack stands for the whole register.
fn register(o: &mut String, pack: &Pack) {
    let r: &Register = pack.register;
    let _ = writeln!(o, "<section id=\"register\">\n<h2>The register: every risk ({})</h2>", r.risks.len());
    let mut t = Table::new(o, "risks", &["Risk", "Title", "Kind", "Status", "Owner", "Inherent", "Residual"]);
    for (risk, rating) in r.risks.iter().zip(&pack.analysis.ratings) {
        t.row(&[
            &Esc(&risk.id),
            &Esc(&risk.title),
            &risk.kind().key(),
            &risk.status().key(),
            &opt(risk.owner.as_deref()),
            &Rated(pack, rating.inherent),
            &Rated(pack, rating.residual),
        ]);
    }
    drop(t);
    o.push_str("</section>\n");
}
