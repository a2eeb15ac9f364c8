//! The text report: for a person at a terminal. By default the first 20
//! findings of each code and the first 20 recovery steps, with how many more
//! there are; `--all` prints everything. Written straight to the output.

use std::collections::BTreeMap;
use std::io::{self, Write};

use rampart_core::findings::fmt_hours;
use rampart_core::{Analysis, Area, Finding, Options, Register, Severity, Teams};

/// How many lines of each list the report shows without `--all`.
pub const FIRST: usize = 20;

/// A file's line of the summary table.
pub struct Summary {
    risks: usize,
    services: usize,
    agreements: usize,
    /// Errors, warnings, information.
    counts: [usize; 3],
}

impl Summary {
    pub fn of(register: &Register, analysis: &Analysis) -> Self {
        let count = |s: Severity| analysis.findings.iter().filter(|f| f.severity() == s).count();
        Summary {
            risks: register.risks.len(),
            services: register.services.len(),
            agreements: register.agreements.len(),
            counts: [count(Severity::Error), count(Severity::Warning), count(Severity::Info)],
        }
    }
}

/// Writes the report of one file: a summary line; findings by severity, area
/// and code; the recovery order, and why each late node is late.
pub fn write_report(
    out: &mut dyn Write,
    file: &str,
    register: &Register,
    analysis: &Analysis,
    options: &Options,
    all: bool,
) -> io::Result<()> {
    let s = Summary::of(register, analysis);
    let org = register.organization.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
    writeln!(
        out,
        "{file}: \"{}\"{org}: {} risks, {} services, {} agreements; {} errors, {} warnings, {} info (as of {})",
        register.name, s.risks, s.services, s.agreements, s.counts[0], s.counts[1], s.counts[2], options.today,
    )?;
    let shown = |n: usize| if all { n } else { n.min(FIRST) };
    let more = |out: &mut dyn Write, indent: &str, n: usize| -> io::Result<()> {
        match n.saturating_sub(shown(n)) {
            0 => Ok(()),
            left => writeln!(out, "{indent}… and {left} more (use --all)"),
        }
    };

    let mut groups: BTreeMap<(Severity, Area, &str), Vec<&Finding>> = BTreeMap::new();
    for f in &analysis.findings {
        groups.entry((f.severity(), f.kind.area(), f.code())).or_default().push(f);
    }
    let mut area_counts: BTreeMap<(Severity, Area), usize> = BTreeMap::new();
    for ((severity, area, _), findings) in &groups {
        *area_counts.entry((*severity, *area)).or_default() += findings.len();
    }
    let (mut last_severity, mut last_area) = (None, None);
    for ((severity, area, code), findings) in &groups {
        if last_severity != Some(*severity) {
            writeln!(out, "\n  {}", heading(*severity))?;
            last_severity = Some(*severity);
            last_area = None;
        }
        if last_area != Some(*area) {
            writeln!(out, "    {} ({})", area.label(), area_counts[&(*severity, *area)])?;
            last_area = Some(*area);
        }
        if findings.len() > 1 {
            writeln!(out, "      {code}: {} findings", findings.len())?;
        }
        for f in &findings[..shown(findings.len())] {
            writeln!(out, "      {:<28} {}", f.code(), f.report(register))?;
        }
        more(out, "      ", findings.len())?;
    }

    let teams = match options.teams {
        Teams::Unlimited => "unlimited teams".to_string(),
        Teams::Limited(n) => format!("{n} team{}", if n.get() == 1 { "" } else { "s" }),
    };
    let steps = &analysis.recovery;
    if !steps.is_empty() {
        writeln!(out, "\n  Recovery order ({teams})")?;
        let width = steps.iter().map(|s| s.id.len()).max().unwrap_or(2).max(2);
        let row = |out: &mut dyn Write, cells: [&str; 6]| {
            let [k, id, start, finish, rto, late] = cells;
            writeln!(out, "    {k:>4}  {id:<width$}  {start:>9}  {finish:>9}  {rto:>9}  {late:>9}")
        };
        row(out, ["#", "id", "start", "finish", "RTO", "late"])?;
        for (k, step) in steps[..shown(steps.len())].iter().enumerate() {
            let rto = step.rto.map(|r| fmt_hours(r).to_string()).unwrap_or_else(|| "-".into());
            let late = if step.late > 0.0 { fmt_hours(step.late).to_string() } else { String::new() };
            let (start, finish) = (fmt_hours(step.start).to_string(), fmt_hours(step.finish).to_string());
            row(out, [&(k + 1).to_string(), &step.id, &start, &finish, &rto, &late])?;
        }
        more(out, "    ", steps.len())?;
    }
    let late: Vec<_> = steps.iter().filter(|s| s.late > 0.0).collect();
    if !late.is_empty() {
        writeln!(out, "\n  Why late (what each late node waited for)")?;
        for step in &late[..shown(late.len())] {
            writeln!(out, "    {}", rampart_core::recovery::why(steps, &step.id))?;
            if let Some(reason) = rampart_core::recovery::late_reason(step) {
                writeln!(out, "      {reason}")?;
            }
        }
        more(out, "    ", late.len())?;
    }
    let unscheduled = analysis.slots.iter().filter(|s| s.is_none()).count();
    if unscheduled > 0 {
        writeln!(out, "    {unscheduled} node(s) on or behind a dependency cycle are not scheduled")?;
    }
    writeln!(out)
}

/// The table across files, after their reports, when several were checked.
pub fn write_summary(out: &mut dyn Write, files: &[(String, Option<Summary>)]) -> io::Result<()> {
    let width = files.iter().map(|(f, _)| f.chars().count()).max().unwrap_or(4).max(4);
    writeln!(out, "Summary of {} files", files.len())?;
    writeln!(
        out,
        "  {:<width$}  {:>7}  {:>8}  {:>10}  {:>6}  {:>8}  {:>6}",
        "file", "risks", "services", "agreements", "errors", "warnings", "info"
    )?;
    for (file, summary) in files {
        match summary {
            Some(s) => writeln!(
                out,
                "  {file:<width$}  {:>7}  {:>8}  {:>10}  {:>6}  {:>8}  {:>6}",
                s.risks, s.services, s.agreements, s.counts[0], s.counts[1], s.counts[2]
            )?,
            None => writeln!(out, "  {file:<width$}  not read (see the message above)")?,
        }
    }
    Ok(())
}

fn heading(s: Severity) -> &'static str {
    match s {
        Severity::Error => "Errors",
        Severity::Warning => "Warnings",
        Severity::Info => "Information",
    }
}
