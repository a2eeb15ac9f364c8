//! What a person types into a form, read as the format's values: empty means
//! absent; anything else must read as the value, or the message says what was
//! expected; and what a form says at one of its inputs ([`Problem`]). Shared
//! by the app's editors and the forms the modules render.

use crate::model::{Date, Hours, Id, Percent};

/// An optional text: the original where the input still shows it, byte for byte
/// (spaces and line ends the user never touched stay); else what was typed,
/// trimmed, and absent when empty.
pub fn kept_text(original: Option<&String>, typed: &str) -> Option<String> {
    match original {
        Some(o) if o == typed => Some(o.clone()),
        _ => Some(typed.trim().to_string()).filter(|t| !t.is_empty()),
    }
}

/// A required text (a title, a name), kept the same way.
pub fn kept_required(original: Option<&String>, typed: &str) -> String {
    kept_text(original, typed).unwrap_or_default()
}

/// A number of hours, 0 or more.
pub fn hours(text: &str, label: &str) -> Result<Option<Hours>, String> {
    number(text, |h| Hours::new(h).ok()).map_err(|()| format!("{label}: a number of hours, 0 or more"))
}

/// A percentage from 0 to 100.
pub fn percent(text: &str, label: &str) -> Result<Option<Percent>, String> {
    number(text, |p| Percent::new(p).ok()).map_err(|()| format!("{label}: a percentage from 0 to 100"))
}

/// A number as typed, checked by `value`; empty means absent.
fn number<T>(text: &str, value: impl Fn(f64) -> Option<T>) -> Result<Option<T>, ()> {
    match text.trim() {
        "" => Ok(None),
        t => t.parse::<f64>().ok().and_then(value).map(Some).ok_or(()),
    }
}

/// A date, `YYYY-MM-DD`.
pub fn date(text: &str, label: &str) -> Result<Option<Date>, String> {
    match text.trim() {
        "" => Ok(None),
        t => Date::parse(t).map(Some).map_err(|why| format!("{label}: {why}")),
    }
}

/// An item's id as typed: one the format accepts, and that no other item of
/// the register has (`taken`); else the message to show at the input.
pub fn free_id(typed: &str, taken: impl Fn(&Id) -> bool) -> Result<Id, String> {
    match Id::new(typed.trim()) {
        Ok(id) if taken(&id) => Err(format!("\"{id}\" is already the id of something else in this register")),
        Ok(id) => Ok(id),
        Err(why) => Err(format!("Id: {why}")),
    }
}

/// The id after the highest `<prefix><n>` among `ids`: a new item's default id.
pub fn next_id<'a>(ids: impl Iterator<Item = &'a Id>, prefix: &str) -> String {
    let n = ids.filter_map(|id| id.strip_prefix(prefix)?.parse::<u64>().ok()).max().unwrap_or(0);
    format!("{prefix}{}", n + 1)
}

/// A label of the core's (plain ASCII) with its first letter in capitals:
/// "customer SLA" → "Customer SLA". ASCII only: the Unicode case tables
/// would cost the bundle kilobytes for labels that never need them.
pub fn capitalised(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// Something a form says at one input (`F` names the input): a problem that
/// stops the save, or a warning that does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem<F> {
    pub field: F,
    pub message: String,
    /// Stops the save; a warning (`false`) only informs.
    pub blocking: bool,
}

impl<F> Problem<F> {
    /// A problem that stops the save.
    pub fn new(field: F, message: String) -> Self {
        Problem { field, message, blocking: true }
    }

    /// A warning: shown at its input, the save goes ahead.
    pub fn warning(field: F, message: String) -> Self {
        Problem { field, message, blocking: false }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_capitalised_at_its_first_letter_only() {
        assert_eq!(capitalised("customer SLA"), "Customer SLA");
        assert_eq!(capitalised("état"), "état", "not ASCII: left as it is");
        assert_eq!(capitalised(""), "");
    }

    #[test]
    fn empty_is_absent_and_anything_else_must_read() {
        assert_eq!(hours(" ", "RTO"), Ok(None));
        assert_eq!(hours("1.5", "RTO").unwrap().map(Hours::get), Some(1.5));
        assert_eq!(hours("-1", "RTO"), Err("RTO: a number of hours, 0 or more".into()));
        assert_eq!(hours("soon", "RTO"), Err("RTO: a number of hours, 0 or more".into()));
        assert_eq!(percent("101", "Availability"), Err("Availability: a percentage from 0 to 100".into()));
        assert_eq!(percent("99.9", "A").unwrap().map(Percent::get), Some(99.9));
        assert!(date("2026-02-30", "End").unwrap_err().starts_with("End: "));
        assert_eq!(date("", "End"), Ok(None));
    }
}
