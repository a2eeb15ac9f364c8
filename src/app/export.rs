//! What the app writes out: file names, the findings as CSV.

use rampart_core::model::Date;
use rampart_core::{Analysis, Finding, Register};

/// `<name>-<date>.json`, with the name reduced to letters, digits and dashes so
/// that it is a valid file name everywhere.
pub fn register_file_name(register: &Register, date: Date) -> String {
    format!("{}-{date}.json", slug(&register.name))
}

/// `<name>-findings-<date>.csv`.
pub fn findings_file_name(register: &Register, date: Date) -> String {
    format!("{}-findings-{date}.csv", slug(&register.name))
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "register".into()
    } else {
        out
    }
}

/// `<name>-review-<date>.html`: the management review pack.
pub fn review_file_name(register: &Register, date: Date) -> String {
    format!("{}-review-{date}.html", slug(&register.name))
}

/// `<name>-<date>.xlsx`: the register as a workbook.
pub fn workbook_file_name(register: &Register, date: Date) -> String {
    format!("{}-{date}.xlsx", slug(&register.name))
}

/// `<name>-risks-<date>.csv`.
pub fn risks_file_name(register: &Register, date: Date) -> String {
    format!("{}-risks-{date}.csv", slug(&register.name))
}

/// `<name>-reminders-<date>.ics`: the calendar of `rampart_core::ics`.
pub fn reminders_file_name(register: &Register, date: Date) -> String {
    format!("{}-reminders-{date}.ics", slug(&register.name))
}

/// The risk register as CSV for a spreadsheet: one row per risk with its three
/// ratings, scores and bands. UTF-8 with a byte-order mark, CRLF line ends.
pub fn risks_csv(register: &Register, analysis: &Analysis) -> String {
    let mut out = String::from(
        "\u{feff}id,title,kind,category,subcategory,owner,status,treatment,\
         inherent_impact,inherent_likelihood,inherent_score,inherent_band,\
         residual_impact,residual_likelihood,residual_score,residual_band,\
         target_impact,target_likelihood,target_score,target_band,\
         appetite,review_date,target_date,accepted_by,accepted_on,accepted_until,description,mitigation\r\n",
    );
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    for (risk, rating) in register.risks.iter().zip(&analysis.ratings) {
        let mut row = vec![
            risk.id.to_string(),
            risk.title.clone(),
            risk.kind().key().to_string(),
            text(&risk.category),
            text(&risk.subcategory),
            text(&risk.owner),
            risk.status().key().to_string(),
            risk.treatment.map(|t| t.key().to_string()).unwrap_or_default(),
        ];
        for s in [rating.inherent, rating.residual, rating.target] {
            row.extend([
                s.impact.to_string(),
                s.likelihood.to_string(),
                s.score.to_string(),
                analysis.scales.band_name(s.band).unwrap_or_default().to_string(),
            ]);
        }
        row.extend([
            analysis.scales.appetite_for(risk.category.as_deref()).to_string(),
            date(risk.review_date),
            date(risk.target_date),
            risk.acceptance.as_ref().map(|a| a.by.clone()).unwrap_or_default(),
            date(risk.acceptance.as_ref().map(|a| a.date)),
            date(risk.acceptance.as_ref().and_then(|a| a.expires)),
            text(&risk.description),
            text(&risk.mitigation),
        ]);
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `<name>-recovery-plan-<date>.<ext>` (the plan's CSV, or its timeline as SVG).
pub fn recovery_plan_file_name(register: &Register, date: Date, ext: &str) -> String {
    format!("{}-recovery-plan-{date}.{ext}", slug(&register.name))
}

/// The recovery plan as CSV: one row per scheduled node in recovery order, then
/// the nodes on or behind a cycle, which get no schedule.
pub fn recovery_plan_csv(register: &Register, analysis: &Analysis) -> String {
    let mut out = String::from("\u{feff}position,id,name,start_hours,finish_hours,rto_hours,late_hours\r\n");
    let hours = |h: f64| ((h * 1000.0).round() / 1000.0).to_string();
    let names: std::collections::HashMap<&str, &str> =
        register.services.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let name_of = |id: &str| names.get(id).copied().unwrap_or_default();
    let mut rows: Vec<[String; 7]> = (analysis.recovery.iter().enumerate())
        .map(|(k, s)| {
            let late = if s.late > 0.0 { hours(s.late) } else { "0".into() };
            [
                (k + 1).to_string(),
                s.id.to_string(),
                name_of(&s.id).into(),
                hours(s.start),
                hours(s.finish),
                s.rto.map(hours).unwrap_or_default(),
                late,
            ]
        })
        .collect();
    for (service, _) in register.services.iter().zip(&analysis.slots).filter(|(_, slot)| slot.is_none()) {
        let name = format!("{} (not scheduled: on or behind a dependency cycle)", service.name);
        rows.push([
            String::new(),
            service.id.to_string(),
            name,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The findings as CSV for a spreadsheet: one row per finding, UTF-8 with a
/// byte-order mark so that Excel reads it as UTF-8.
pub fn findings_csv<'a>(register: &Register, findings: impl IntoIterator<Item = &'a Finding>) -> String {
    let mut out = String::from("\u{feff}severity,area,code,subjects,message\r\n");
    for f in findings {
        let row = [
            f.severity.label().to_string(),
            f.kind.area().label().to_string(),
            f.code().to_string(),
            f.subject_ids(register).join(" "),
            f.message(register),
        ];
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One CSV cell: quoted when needed, and a leading `=`, `+`, `-`, `@` (or tab,
/// carriage return) neutralised with an apostrophe so that a spreadsheet never
/// runs text from a register as a formula.
pub fn csv_cell(text: &str) -> String {
    let neutral = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rampart_core::analyse;

    #[test]
    fn file_names_are_safe_and_dated() {
        let mut r = Register::new("Online banking: operational resilience register");
        let d = Date::parse("2026-11-23").unwrap();
        assert_eq!(register_file_name(&r, d), "online-banking-operational-resilience-register-2026-11-23.json");
        r.name = "../../etc/passwd".into();
        assert_eq!(register_file_name(&r, d), "etc-passwd-2026-11-23.json");
        r.name = "   ".into();
        assert_eq!(findings_file_name(&r, d), "register-findings-2026-11-23.csv");
    }

    #[test]
    fn cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn risks_csv_has_a_row_per_risk_and_neutralises_formulas() {
        let mut r = crate::app::testing::example();
        r.risks[0].title = "=cmd|' /C calc'!A0".into();
        let a = crate::app::testing::analysed(&r);
        let csv = risks_csv(&r, &a);
        let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), r.risks.len() + 1);
        assert!(lines[0].starts_with("\u{feff}id,title,kind,category"));
        assert!(lines[1].starts_with("R-001,'=cmd|' /C calc'!A0,threat,Information security,"), "{}", lines[1]);
        assert!(
            lines[1].contains(",5,4,20,Extreme,3,3,9,High,3,2,6,Moderate,4,2026-12-15,2027-03-31,"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn findings_csv_has_a_row_per_finding() {
        let r = crate::app::testing::example();
        let a = crate::app::testing::analysed(&r);
        let csv = findings_csv(&r, &a.findings);
        assert_eq!(csv.lines().count(), a.findings.len() + 1);
        assert!(csv.contains("warning,Continuity,BIA_RTO_BREACH,payments,"));
    }

    #[test]
    fn the_recovery_plan_lists_the_order_then_what_cannot_be_scheduled() {
        let mut r = crate::app::testing::example();
        let options = crate::app::testing::options();
        let a = analyse(&r, &options);
        let csv = recovery_plan_csv(&r, &a);
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines[0], "\u{feff}position,id,name,start_hours,finish_hours,rto_hours,late_hours");
        assert_eq!(lines.len(), 1 + r.services.len());
        let first = &a.recovery[0];
        assert!(lines[1].starts_with(&format!("1,{},", first.id)), "{}", lines[1]);
        // A cycle: both nodes listed apart, without a schedule.
        let (x, y) = (r.services[0].id.to_string(), r.services[1].id.to_string());
        r.services[0].depends_on.push(rampart_core::model::Dependency::On(y));
        r.services[1].depends_on.push(rampart_core::model::Dependency::On(x));
        let a = analyse(&r, &options);
        let csv = recovery_plan_csv(&r, &a);
        assert!(csv.contains("(not scheduled: on or behind a dependency cycle)"), "{csv}");
    }
}
