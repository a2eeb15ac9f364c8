//! The text report: for a person at a terminal.

use std::collections::BTreeMap;
use std::fmt::Write;

use rampart_core::findings::fmt_hours;
use rampart_core::{Analysis, Area, Finding, Options, Register, Severity, Teams};

/// Appends the report of one file: a summary line, findings grouped by severity
/// and area (one line each), then the recovery order.
pub fn write_report(out: &mut String, file: &str, register: &Register, analysis: &Analysis, options: &Options) {
    let count = |s: Severity| analysis.findings.iter().filter(|f| f.severity == s).count();
    let org = register.organization.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{file}: \"{}\"{org}: {} risks, {} services, {} agreements; {} errors, {} warnings, {} info (as of {})",
        register.name,
        register.risks.len(),
        register.services.len(),
        register.agreements.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        options.today,
    );

    let mut groups: BTreeMap<(Severity, Area), Vec<&Finding>> = BTreeMap::new();
    for f in &analysis.findings {
        groups.entry((f.severity, f.kind.area())).or_default().push(f);
    }
    let mut last_severity = None;
    for ((severity, area), findings) in &groups {
        if last_severity != Some(*severity) {
            let _ = writeln!(out, "\n  {}", heading(*severity));
            last_severity = Some(*severity);
        }
        let _ = writeln!(out, "    {} ({})", area.label(), findings.len());
        for f in findings {
            let _ = writeln!(out, "      {:<28} {}", f.code(), f.report(register));
        }
    }

    let teams = match options.teams {
        Teams::Unlimited => "unlimited teams".to_string(),
        Teams::Limited(n) => format!("{n} team{}", if n.get() == 1 { "" } else { "s" }),
    };
    if !analysis.recovery.is_empty() {
        let _ = writeln!(out, "\n  Recovery order ({teams})");
        let width = analysis.recovery.iter().map(|s| s.id.len()).max().unwrap_or(2).max(2);
        let _ = writeln!(
            out,
            "    {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
            "#", "id", "start", "finish", "RTO", "late"
        );
        for (k, step) in analysis.recovery.iter().enumerate() {
            let rto = step.rto.map(|r| fmt_hours(r).to_string()).unwrap_or_else(|| "-".into());
            let late = if step.late > 0.0 { fmt_hours(step.late).to_string() } else { String::new() };
            let _ = writeln!(
                out,
                "    {:>4}  {:<width$}  {:>9}  {:>9}  {:>9}  {:>9}",
                k + 1,
                step.id,
                fmt_hours(step.start).to_string(),
                fmt_hours(step.finish).to_string(),
                rto,
                late
            );
        }
    }
    let late: Vec<&str> = analysis.recovery.iter().filter(|s| s.late > 0.0).map(|s| s.id.as_str()).collect();
    if !late.is_empty() {
        let _ = writeln!(out, "\n  Why late (what each late node waited for)");
        for id in late {
            let _ = writeln!(out, "    {}", rampart_core::recovery::why(&analysis.recovery, id));
        }
    }
    let unscheduled = analysis.slots.iter().filter(|s| s.is_none()).count();
    if unscheduled > 0 {
        let _ = writeln!(out, "    {unscheduled} node(s) on or behind a dependency cycle are not scheduled");
    }
    out.push('\n');
}

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Information",
    }
}
