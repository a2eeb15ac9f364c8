//! What the app writes out: file names, the findings as CSV.

use rampart_core::model::Date;
use rampart_core::sheet::csv_cell;
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
            f.severity().label().to_string(),
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
