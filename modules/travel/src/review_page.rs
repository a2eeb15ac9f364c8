//! The Review view's controls, rendered here with the pack so that the view
//! weighs nothing at start: what the changes are counted from (the previous
//! review, a date, a kept revision, a file), Print and Save, the way to the
//! review's record, and the reviews recorded. Every text escaped.

use std::fmt::Write as _;

use rampart_core::model::{DecisionStatus, Register};
use rampart_core::review::{Esc, Reviews};

/// What the user chose to count changes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SinceChoice {
    /// `previous`, `date`, `revision` or `file`.
    pub kind: String,
    pub date: String,
    pub seq: u64,
}

/// A kept revision of the open register, as the choice lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionChoice {
    pub seq: u64,
    pub label: String,
}

/// A route of the app (`#/review/<id>`): ids percent-encoded as the app's router reads them.
fn route(path: &str, id: &str) -> String {
    format!("#/{path}/{}", rampart_core::percent::encode(id))
}

/// The controls above the pack; `label`: the earlier copy's name, when it is a file.
pub fn controls(
    register: &Register,
    today: rampart_core::model::Date,
    since: &SinceChoice,
    label: &str,
    revisions: &[RevisionChoice],
) -> String {
    let reviews = Reviews::of(register, today);
    let mut o = String::with_capacity(2048);
    o.push_str(
        "<div class=\"row\"><button type=\"button\" data-act=\"print\">Print…</button>\
         <button type=\"button\" data-act=\"save\" title=\"The same page rampart report writes: one file to send or keep\">Save as HTML</button>\
         <label for=\"review-since\">Count changes from</label><select id=\"review-since\">",
    );
    let option = |o: &mut String, value: &str, label: &str, chosen: bool| {
        let selected = if chosen { " selected" } else { "" };
        let _ = write!(o, "<option value=\"{}\"{selected}>{}</option>", Esc(value), Esc(label));
    };
    let previous = match reviews.previous {
        Some(k) => format!("The previous review ({})", register.reviews[k].date),
        None => "The previous review (none recorded)".into(),
    };
    option(&mut o, "previous", &previous, since.kind == "previous" || since.kind.is_empty());
    option(&mut o, "date", "A date…", since.kind == "date");
    for r in revisions.iter().rev() {
        let chosen = since.kind == "revision" && since.seq == r.seq;
        option(&mut o, &format!("revision-{}", r.seq), &format!("Revision {} ({})", r.seq, r.label), chosen);
    }
    option(&mut o, "file", "An earlier copy (a file)…", since.kind == "file");
    o.push_str("</select>");
    match since.kind.as_str() {
        "date" => {
            let _ = write!(
                o,
                "<label for=\"review-since-date\" class=\"visually-hidden\">Date (YYYY-MM-DD)</label>\
                 <input id=\"review-since-date\" type=\"date\" value=\"{}\">",
                Esc(&since.date)
            );
        }
        "file" => {
            let label = match label {
                "" => "Choose the file".to_string(),
                name => format!("Compared with {name}; another:"),
            };
            let _ = write!(
                o,
                "<label for=\"review-since-file\">{}</label>\
                 <input id=\"review-since-file\" type=\"file\" accept=\".json,application/json\">",
                Esc(&label)
            );
        }
        _ => {}
    }
    o.push_str("</div><p>");
    match reviews.this {
        Some(k) => {
            let _ = write!(
                o,
                "<a class=\"button\" href=\"{}\">Edit this review's record</a>",
                Esc(&route("review", register.reviews[k].id.as_str()))
            );
        }
        None => o.push_str("<a class=\"button primary\" href=\"#/new-review\">Record this review</a>"),
    }
    o.push_str(
        " <span class=\"hint\">Attendees, notes and decisions go into the register's reviews; the next pack starts from them.</span></p>",
    );
    if !register.reviews.is_empty() {
        let _ =
            write!(o, "<details><summary>Reviews recorded ({})</summary><ul class=\"plain\">", register.reviews.len());
        for r in &register.reviews {
            let open = r.decisions.iter().filter(|d| d.status == DecisionStatus::Open).count();
            let _ = write!(
                o,
                "<li><a class=\"id\" href=\"{}\">{}</a> {} {}: {} decision(s), {open} open</li>",
                Esc(&route("review", r.id.as_str())),
                Esc(r.id.as_str()),
                r.date,
                Esc(r.title.as_deref().unwrap_or("")),
                r.decisions.len()
            );
        }
        o.push_str("</ul></details>");
    }
    o.push_str(
        "<p class=\"hint\">The pack names the register by the SHA-256 of its text as this browser holds it: \
         the file an export writes, until the next edit. The same pack comes from <code>rampart report FILE</code>.</p>",
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_controls_offer_every_baseline_and_link_each_review() {
        let mut r = rampart_core::import(include_str!("../../../examples/online-banking.json")).unwrap();
        r.reviews[0].title = Some("<b>Q3</b>".into());
        let today = rampart_core::model::Date::parse("2026-11-30").unwrap();
        let since = SinceChoice { kind: "revision".into(), seq: 2, date: String::new() };
        let revisions =
            [RevisionChoice { seq: 1, label: "Opened".into() }, RevisionChoice { seq: 2, label: "Saved <x>".into() }];
        let html = controls(&r, today, &since, "", &revisions);
        assert!(html.contains("The previous review (2026-09-15)"));
        assert!(html.contains("<option value=\"revision-2\" selected>Revision 2 (Saved &lt;x&gt;)</option>"));
        assert!(html.contains("href=\"#/review/MR-2026-Q3\"") && html.contains("&lt;b&gt;Q3&lt;/b&gt;"));
        assert!(html.contains("href=\"#/new-review\""), "no review today: record one");
        assert_eq!(route("review", "a b/é"), "#/review/a%20b%2F%C3%A9");
    }
}
