//! Calendar reminders without a server: an iCalendar file (RFC 5545) with one
//! all-day event per risk review date, treatment action due date and
//! acceptance expiry, for Outlook, Google Calendar or any calendar to import.
//!
//! Each event's `UID` is made of what it is about and the register's calendar
//! identity ([`CALENDAR_ID_KEY`], a random id the app gives a register on its
//! first calendar export; else its oldest `lineage` id; else its name), never of
//! a date, so importing a later file updates the events instead of adding
//! copies. `DTSTAMP` is the export time and `SEQUENCE` its minute since 2000,
//! so the later file is the newer version. A reminder no longer needed (a done
//! action, anything of a closed risk) is written `STATUS:CANCELLED`, which takes
//! it out of a calendar that imported it before.

use crate::model::{ActionStatus, Date, Register, RiskStatus};

/// Where a register keeps its calendar identity: an extension member that
/// other readers keep as an unknown field.
pub const CALENDAR_ID_KEY: &str = "x-rampart-calendar-id";

/// A reminder in the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// Unique within the register: `review-R-001`, `action-R-001-A1`, `acceptance-R-001`.
    pub key: String,
    pub date: Date,
    pub summary: String,
    pub description: String,
    /// No longer needed: the risk is closed or the action done.
    pub cancelled: bool,
}

/// The moment a calendar is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: Date,
    /// Minutes after midnight, UTC (0 to 1439).
    pub minute: u32,
}

impl Stamp {
    /// Midnight (UTC) of `date`.
    pub fn day(date: Date) -> Self {
        Stamp { date, minute: 0 }
    }
}

/// Every reminder of `register`, in register order.
pub fn reminders(register: &Register) -> Vec<Reminder> {
    let mut out = Vec::new();
    for risk in &register.risks {
        let closed = risk.status() == RiskStatus::Closed;
        let owner = risk.owner.as_deref().map(|o| format!("Owner: {o}. ")).unwrap_or_default();
        if let Some(date) = risk.review_date {
            out.push(Reminder {
                key: format!("review-{}", risk.id),
                date,
                summary: format!("Review risk {}: {}", risk.id, risk.title),
                description: format!("{owner}Review the rating, controls and treatment of risk {}.", risk.id),
                cancelled: closed,
            });
        }
        for action in &risk.actions {
            let Some(date) = action.due else { continue };
            let owner = action.owner.as_deref().map(|o| format!("Owner: {o}. ")).unwrap_or_default();
            out.push(Reminder {
                key: format!("action-{}", action.id),
                date,
                summary: format!("Action {} due: {}", action.id, action.title),
                description: format!("{owner}Treatment action of risk {}: {}.", risk.id, risk.title),
                cancelled: closed || action.status == ActionStatus::Done,
            });
        }
        if let Some(acceptance) = &risk.acceptance {
            let Some(date) = acceptance.expires else { continue };
            out.push(Reminder {
                key: format!("acceptance-{}", risk.id),
                date,
                summary: format!("Acceptance of risk {} expires: {}", risk.id, risk.title),
                description: format!(
                    "{owner}Accepted by {} on {}; renew the acceptance or treat the risk.",
                    acceptance.by, acceptance.date
                ),
                cancelled: closed,
            });
        }
    }
    out
}

/// The calendar of `register`'s reminders, as exported at `stamp`; `None` when
/// it has none (a calendar must hold at least one event).
pub fn calendar(register: &Register, stamp: Stamp) -> Option<String> {
    let reminders = reminders(register);
    if reminders.is_empty() {
        return None;
    }
    let identity = identity(register);
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Rampart//Risk register reminders//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(&format!("Rampart: {}", register.name))));
    let minute = stamp.minute.min(1439);
    let dtstamp = format!("{}T{:02}{:02}00Z", compact(stamp.date), minute / 60, minute % 60);
    let sequence = day_number(stamp.date) * 1440 + i64::from(minute);
    for r in reminders {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}@{identity}.rampart", escape(&r.key)));
        line(&format!("DTSTAMP:{dtstamp}"));
        line(&format!("SEQUENCE:{sequence}"));
        line(&format!("DTSTART;VALUE=DATE:{}", compact(r.date)));
        line(&format!("DTEND;VALUE=DATE:{}", compact(r.date.add_days(1))));
        line(&format!("SUMMARY:{}", escape(&r.summary)));
        line(&format!("DESCRIPTION:{}", escape(&r.description)));
        line("TRANSP:TRANSPARENT");
        if r.cancelled {
            line("STATUS:CANCELLED");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    Some(out)
}

/// The register's identity in UIDs: its calendar id, else its oldest lineage id
/// (SPEC §9.3), else its name, as lower-case letters, digits and `-`.
fn identity(register: &Register) -> String {
    let extra = &register.extra.0;
    let calendar_id = extra.get(CALENDAR_ID_KEY).and_then(|v| v.as_str().map(str::to_string));
    let lineage = || register.lineage.first().cloned();
    let raw = calendar_id.or_else(lineage).unwrap_or_else(|| register.name.clone());
    let mut slug = String::new();
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "register".into()
    } else {
        slug.chars().take(60).collect()
    }
}

fn compact(d: Date) -> String {
    d.to_string().replace('-', "")
}

/// Days from 2000-01-01 to `d` (0 before it).
fn day_number(d: Date) -> i64 {
    Date::from_ymd(2000, 1, 1).map_or(0, |start| d.days_since(start).max(0))
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line ends escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            // Other control characters have no place in a calendar line.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes a content line, folded (RFC 5545 §3.1) so that no line is longer than
/// 75 octets, never inside a UTF-8 character, each ended by CRLF.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_fold_between_characters() {
        assert_eq!(escape("a,b;c\\d\r\ne\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        fold_into(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn day_numbers_increase_with_the_date() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(day_number(d("2000-01-01")), 0);
        assert_eq!(day_number(d("2001-01-01")), 366);
        assert_eq!(day_number(d("2026-11-23")), 9823);
    }

    #[test]
    fn a_registers_identity_is_its_oldest_lineage_id_else_its_name() {
        let mut r = Register::new("Online banking: operational resilience register");
        assert_eq!(identity(&r), "online-banking-operational-resilience-register");
        r.lineage = vec!["9F2C".into(), "77AA".into()];
        assert_eq!(identity(&r), "9f2c");
        r.extra.0.insert(CALENDAR_ID_KEY.into(), serde_json::json!("0a1b2c"));
        assert_eq!(identity(&r), "0a1b2c", "the calendar id first: it never changes");
        assert_eq!(identity(&Register::new("???")), "register");
    }
}
