//! The review editor's form: a management review (SPEC §9.4) with its date,
//! title, attendees, notes and decisions, checked into a [`Review`], and the
//! form as HTML for the app's page (rendered here, in the module, so that the
//! editor weighs nothing at start). Tested natively; what the user did not
//! change (texts as written, unknown fields of the review and of each
//! decision) is kept.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rampart_core::model::{Date, Decision, DecisionStatus, Id, Register, Review};
use rampart_core::review::Esc;
use rampart_core::typed::{self as form_values, kept_text};

/// Text as the page's input gives it back: a text input drops line breaks, a
/// text area (`multiline`) gives its line breaks as LF.
fn as_shown(text: &str, multiline: bool) -> String {
    match multiline {
        true => text.replace("\r\n", "\n").replace('\r', "\n"),
        false => text.replace(['\r', '\n'], ""),
    }
}

/// `kept_text` for text that went through the page: the original, byte for
/// byte, while the input still shows it as the page showed it.
fn kept(original: Option<&String>, typed: &str, multiline: bool) -> Option<String> {
    match original {
        Some(o) if as_shown(o, multiline) == typed => Some(o.clone()),
        _ => kept_text(None, typed),
    }
}

/// The inputs of the review editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewField {
    Id,
    Date,
    /// The decision at this position: its id, text or due date.
    Decision(usize),
}

/// A problem (it stops the save) at one input.
pub type Problem = rampart_core::typed::Problem<ReviewField>;

/// One decision as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionForm {
    pub id: String,
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    pub done: bool,
    base: Option<Decision>,
}

impl DecisionForm {
    pub fn new(id: String) -> Self {
        DecisionForm { id, text: String::new(), owner: String::new(), due: String::new(), done: false, base: None }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReviewForm {
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    /// One attendee a line.
    pub attendees: String,
    pub notes: String,
    pub decisions: Vec<DecisionForm>,
    /// The review being edited; `None` for a new one.
    base: Option<Review>,
}

impl ReviewForm {
    /// A new review held `today`: its id `MR-<date>` (or the next free one).
    pub fn blank(today: Date, register: &Register) -> Self {
        let stem = format!("MR-{today}");
        let id = std::iter::once(stem.clone())
            .chain((2..).map(|k| format!("{stem}-{k}")))
            .find(|id| !register.id_taken(id, None))
            .unwrap_or(stem);
        ReviewForm { id, date: today.to_string(), ..ReviewForm::default() }
    }

    pub fn from_review(r: &Review) -> Self {
        ReviewForm {
            id: r.id.to_string(),
            date: r.date.to_string(),
            title: r.title.clone().unwrap_or_default(),
            attendees: r.attendees.join("\n"),
            notes: r.notes.clone().unwrap_or_default(),
            decisions: (r.decisions.iter())
                .map(|d| DecisionForm {
                    id: d.id.to_string(),
                    text: d.text.clone(),
                    owner: d.owner.clone().unwrap_or_default(),
                    due: d.due.map(|d| d.to_string()).unwrap_or_default(),
                    done: d.status == DecisionStatus::Done,
                    base: Some(d.clone()),
                })
                .collect(),
            base: Some(r.clone()),
        }
    }

    /// The id of the review being edited.
    pub fn editing(&self) -> Option<&Id> {
        self.base.as_ref().map(|r| &r.id)
    }

    /// A new decision row with the next free id `<review id>-D<n>`.
    pub fn add_decision(&mut self, register: &Register) {
        let stem = format!("{}-D", self.id.trim());
        let id = (self.decisions.len() + 1..)
            .map(|k| format!("{stem}{k}"))
            .find(|id| !self.decisions.iter().any(|d| d.id.trim() == id) && !self.taken_elsewhere(register, id))
            .unwrap_or(stem);
        self.decisions.push(DecisionForm::new(id));
    }

    /// Whether `id` names something in the register other than this review
    /// and its own decisions (which may keep their ids).
    fn taken_elsewhere(&self, register: &Register, id: &str) -> bool {
        let own = |x: &Id| self.base.as_ref().is_some_and(|b| b.id == *x || b.decisions.iter().any(|d| d.id == *x));
        register.ids().any(|x| x.as_str() == id && !own(x))
    }

    /// The review, or what stops it being saved, at its inputs.
    pub fn check(&self, register: &Register) -> Result<Review, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut at = |field, message: String| problems.push(Problem::new(field, message));
        let id = form_values::free_id(&self.id, |id| self.taken_elsewhere(register, id))
            .map_err(|why| at(ReviewField::Id, why))
            .ok();
        let date = match form_values::date(&self.date, "Date") {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                at(ReviewField::Date, "Date: when the review was held (YYYY-MM-DD)".into());
                None
            }
            Err(why) => {
                at(ReviewField::Date, why);
                None
            }
        };
        let mut decisions = Vec::new();
        for (k, d) in self.decisions.iter().enumerate() {
            let field = ReviewField::Decision(k);
            let n = k + 1;
            let repeated =
                self.decisions[..k].iter().any(|e| e.id.trim() == d.id.trim()) || self.id.trim() == d.id.trim();
            let id = match form_values::free_id(&d.id, |id| self.taken_elsewhere(register, id)) {
                Ok(_) if repeated => {
                    at(
                        field,
                        format!("Decision {n}: \"{}\" is already the id of another item of this review", d.id.trim()),
                    );
                    None
                }
                Ok(id) => Some(id),
                Err(why) => {
                    at(field, format!("Decision {n}: {why}"));
                    None
                }
            };
            if d.text.trim().is_empty() {
                at(field, format!("Decision {n}: say what was decided"));
            }
            let due = form_values::date(&d.due, &format!("Decision {n} (due)")).map_err(|why| at(field, why)).ok();
            if let (Some(id), Some(due)) = (id, due) {
                let base = d.base.as_ref();
                decisions.push(Decision {
                    id,
                    text: kept(base.map(|b| &b.text), &d.text, false).unwrap_or_default(),
                    owner: kept(base.and_then(|b| b.owner.as_ref()), &d.owner, false),
                    due,
                    status: if d.done { DecisionStatus::Done } else { DecisionStatus::Open },
                    extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
                });
            }
        }
        let (Some(id), Some(date), true) = (id, date, problems.is_empty()) else { return Err(problems) };
        let base = self.base.as_ref();
        let typed: Vec<String> =
            self.attendees.lines().map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect();
        // Attendees as written when the list reads the same (spaces kept).
        let attendees = match base {
            Some(b) if as_shown(&b.attendees.join("\n"), true) == self.attendees => b.attendees.clone(),
            Some(b) if b.attendees.iter().map(|a| a.trim()).eq(typed.iter().map(String::as_str)) => b.attendees.clone(),
            _ => typed,
        };
        Ok(Review {
            id,
            date,
            title: kept(base.and_then(|b| b.title.as_ref()), &self.title, false),
            attendees,
            notes: kept(base.and_then(|b| b.notes.as_ref()), &self.notes, true),
            decisions,
            extra: base.map(|b| b.extra.clone()).unwrap_or_default(),
        })
    }
}

impl ReviewForm {
    /// The form as the page's inputs hold it (`fields`, by input name: `id`,
    /// `date`, `title`, `attendees`, `notes`, and for decision k `d<k>-id`,
    /// `-text`, `-owner`, `-due`, `-done` when ticked, `-was` its id as saved),
    /// editing `base` (`None`: a new review).
    pub fn from_fields(base: Option<&Review>, fields: &BTreeMap<String, String>) -> Self {
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let decisions = (0..)
            .map_while(|k| {
                let id = fields.get(&format!("d{k}-id"))?.clone();
                let was = get(&format!("d{k}-was"));
                Some(DecisionForm {
                    id,
                    text: get(&format!("d{k}-text")),
                    owner: get(&format!("d{k}-owner")),
                    due: get(&format!("d{k}-due")),
                    done: fields.contains_key(&format!("d{k}-done")),
                    base: base.and_then(|b| b.decisions.iter().find(|d| d.id.as_str() == was)).cloned(),
                })
            })
            .collect();
        ReviewForm {
            id: get("id"),
            date: get("date"),
            title: get("title"),
            attendees: get("attendees"),
            notes: get("notes"),
            decisions,
            base: base.cloned(),
        }
    }

    /// The form's inputs as HTML (inside the page's `<form>`), each with what
    /// `problems` say at it, and what the analysis says of the saved review
    /// (`findings`, its sentences); every text escaped.
    pub fn html(&self, problems: &[Problem], findings: &[String]) -> String {
        let mut o = String::with_capacity(4096);
        let notes = |o: &mut String, field: ReviewField, id: &str| -> bool {
            let at: Vec<&Problem> = problems.iter().filter(|p| p.field == field).collect();
            if at.is_empty() {
                return false;
            }
            let _ = write!(o, "<div class=\"notes\" id=\"{id}-notes\">");
            for (k, p) in at.iter().enumerate() {
                let first = if k == 0 { format!(" id=\"{id}-problem\"") } else { String::new() };
                let _ = write!(o, "<p class=\"problem\"{first}>{}</p>", Esc(&p.message));
            }
            o.push_str("</div>");
            true
        };
        let described = |field: ReviewField, id: &str| -> String {
            if problems.iter().any(|p| p.field == field) {
                format!(" aria-invalid=\"true\" aria-describedby=\"{id}-notes\"")
            } else {
                String::new()
            }
        };
        o.push_str("<fieldset class=\"grid\"><legend>The review</legend>");
        let inputs: [(&str, &str, &str, &str, Option<ReviewField>); 5] = [
            ("review-id", "id", "Id", &self.id, Some(ReviewField::Id)),
            ("review-date", "date", "Held on", &self.date, Some(ReviewField::Date)),
            ("review-title-input", "title", "Title", &self.title, None),
            ("review-attendees", "attendees", "Attendees (one a line)", &self.attendees, None),
            ("review-notes", "notes", "Notes", &self.notes, None),
        ];
        for (id, name, label, value, field) in inputs {
            let wide = if name == "notes" { " wide" } else { "" };
            let _ = write!(o, "<div class=\"field{wide}\"><label for=\"{id}\">{label}</label>");
            let aria = field.map_or_else(String::new, |f| described(f, id));
            if matches!(name, "attendees" | "notes") {
                // The line break after the tag is dropped by the parser, so a
                // text that starts with one keeps it.
                let _ = write!(o, "<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{aria}>\n{}</textarea>", Esc(value));
            } else {
                let kind = if name == "date" { "date" } else { "text" };
                let _ = write!(o, "<input id=\"{id}\" name=\"{name}\" type=\"{kind}\" value=\"{}\"{aria}>", Esc(value));
            }
            if let Some(f) = field {
                notes(&mut o, f, id);
            }
            o.push_str("</div>");
        }
        o.push_str("</fieldset><fieldset><legend>Decisions</legend>");
        if self.decisions.is_empty() {
            o.push_str("<p>No decisions yet.</p>");
        }
        for (k, d) in self.decisions.iter().enumerate() {
            let n = k + 1;
            let row = format!("decision-{k}");
            let aria = described(ReviewField::Decision(k), &row);
            let was = d.base.as_ref().map_or("", |b| b.id.as_str());
            let _ = write!(
                o,
                "<div class=\"row decision\" role=\"group\" aria-label=\"Decision {n}\">\
                 <input type=\"hidden\" name=\"d{k}-was\" value=\"{}\">\
                 <label for=\"{row}-id\">Decision {n}: id</label>\
                 <input id=\"{row}-id\" name=\"d{k}-id\" type=\"text\" size=\"16\" value=\"{}\"{aria}>\
                 <label for=\"{row}-text\">what was decided</label>\
                 <input id=\"{row}-text\" name=\"d{k}-text\" type=\"text\" class=\"wide\" value=\"{}\"{aria}>\
                 <label for=\"{row}-owner\">owner</label>\
                 <input id=\"{row}-owner\" name=\"d{k}-owner\" type=\"text\" value=\"{}\">\
                 <label for=\"{row}-due\">due (YYYY-MM-DD)</label>\
                 <input id=\"{row}-due\" name=\"d{k}-due\" type=\"date\" value=\"{}\"{aria}>\
                 <label><input type=\"checkbox\" id=\"{row}-done\" name=\"d{k}-done\"{}> done</label>\
                 <button type=\"button\" data-act=\"remove-{k}\" aria-label=\"Remove decision {n}\">Remove</button>",
                Esc(was),
                Esc(&d.id),
                Esc(&d.text),
                Esc(&d.owner),
                Esc(&d.due),
                if d.done { " checked" } else { "" },
            );
            notes(&mut o, ReviewField::Decision(k), &row);
            o.push_str("</div>");
        }
        o.push_str("<button type=\"button\" data-act=\"add\">Add decision</button></fieldset>");
        if !findings.is_empty() {
            o.push_str(
                "<section aria-labelledby=\"review-findings-title\"><h3 id=\"review-findings-title\">\
                 Overdue decisions of the saved review</h3><ul>",
            );
            for f in findings {
                let _ = write!(o, "<li class=\"warning\">{}</li>", Esc(f));
            }
            o.push_str("</ul></section>");
        }
        if !problems.is_empty() {
            let _ = write!(
                o,
                "<p class=\"problem\" role=\"alert\">Fix the {} problem(s) above to save.</p>",
                problems.len()
            );
        }
        o.push_str("<div class=\"actions\"><button type=\"submit\" class=\"primary\">Save</button>");
        if self.editing().is_some() {
            o.push_str("<button type=\"button\" class=\"danger\" data-act=\"delete\">Delete</button>");
        }
        o.push_str("</div>");
        o
    }
}

/// The form's inputs as a page sends them, URL-encoded (`name=value&…`, `+`
/// a space, `%XX` a byte of UTF-8); a name given twice keeps its last value.
pub fn decode_fields(encoded: &str) -> BTreeMap<String, String> {
    rampart_core::percent::query_pairs(encoded).into_iter().collect()
}

/// What the page asks of the review editor (`act`: `render`, `add`,
/// `remove-<k>` or `save`) and what it answers: the form's HTML, or the
/// review to save.
pub fn answer(
    register: &Register,
    today: Date,
    editing: Option<&str>,
    fields: Option<&BTreeMap<String, String>>,
    act: &str,
) -> Answer {
    let base = editing.and_then(|id| register.reviews.iter().find(|r| r.id.as_str() == id));
    let mut form = match (fields, base) {
        (Some(fields), base) => ReviewForm::from_fields(base, fields),
        (None, Some(base)) => ReviewForm::from_review(base),
        (None, None) => ReviewForm::blank(today, register),
    };
    let mut problems = Vec::new();
    match act {
        "add" => form.add_decision(register),
        "save" => match form.check(register) {
            Ok(review) => {
                return Answer::Saved { replacing: form.editing().map(|id| id.to_string()), review: Box::new(review) }
            }
            Err(found) => problems = found,
        },
        act => {
            if let Some(k) = act.strip_prefix("remove-").and_then(|k| k.parse::<usize>().ok()) {
                if k < form.decisions.len() {
                    form.decisions.remove(k);
                }
            }
        }
    }
    // What the engine says of the saved review: its overdue decisions.
    let mut found = Vec::new();
    rampart_core::review::check_decisions(register, today, &mut found);
    let at = editing.and_then(|id| register.reviews.iter().position(|r| r.id.as_str() == id));
    let findings: Vec<String> = (found.iter())
        .filter(|f| at.is_some_and(|k| f.subjects.first() == Some(&rampart_core::findings::Subject::Review(k as u32))))
        .map(|f| f.message(register))
        .collect();
    Answer::Form { html: form.html(&problems, &findings), problems: problems.len() }
}

/// The review editor's answer.
#[derive(Debug, PartialEq)]
pub enum Answer {
    Form { html: String, problems: usize },
    Saved { review: Box<Review>, replacing: Option<String> },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> Register {
        rampart_core::import(include_str!("../../../examples/online-banking.json")).unwrap()
    }

    #[test]
    fn fields_are_read_as_a_form_sends_them() {
        let f = decode_fields(
            "title=Q4+%3Cb%3Eboard%3C%2Fb%3E&attendees=A%0D%0AB&x=1&x=2&empty=&%E2%82%AC=%E2%82%AC&bad=%zz",
        );
        assert_eq!(f["title"], "Q4 <b>board</b>");
        assert_eq!(f["attendees"], "A\r\nB");
        assert_eq!((f["x"].as_str(), f["empty"].as_str(), f["€"].as_str(), f["bad"].as_str()), ("2", "", "€", "%zz"));
    }

    #[test]
    fn every_review_of_the_example_reads_back_unchanged_from_its_form() {
        let r = register();
        assert!(!r.reviews.is_empty(), "the example has a review");
        for review in &r.reviews {
            assert_eq!(ReviewForm::from_review(review).check(&r).as_ref(), Ok(review));
        }
    }

    #[test]
    fn a_new_review_is_dated_today_and_its_decisions_get_free_ids() {
        let r = register();
        let today = Date::parse("2026-11-30").unwrap();
        let mut form = ReviewForm::blank(today, &r);
        assert_eq!((form.id.as_str(), form.date.as_str()), ("MR-2026-11-30", "2026-11-30"));
        form.add_decision(&r);
        form.add_decision(&r);
        assert_eq!(
            form.decisions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
            ["MR-2026-11-30-D1", "MR-2026-11-30-D2"]
        );
        form.decisions[0].text = "Fund the second site".into();
        form.decisions[0].due = "2027-03-31".into();
        form.decisions[1].text = " Test it ".into();
        form.decisions[1].done = true;
        form.attendees = "CEO\n\n  CRO  \n".into();
        let review = form.check(&r).unwrap();
        assert_eq!(review.attendees, ["CEO", "CRO"]);
        assert_eq!(review.decisions[0].due, Date::parse("2027-03-31").ok());
        assert_eq!((review.decisions[1].text.as_str(), review.decisions[1].status), ("Test it", DecisionStatus::Done));
    }

    #[test]
    fn problems_are_said_at_their_input() {
        let r = register();
        let mut form = ReviewForm::blank(Date::parse("2026-11-30").unwrap(), &r);
        form.date = "2026-02-30".into();
        form.decisions = vec![
            DecisionForm::new(r.risks[0].id.to_string()),
            DecisionForm::new("D".into()),
            DecisionForm::new("D".into()),
        ];
        form.decisions[1].text = "x".into();
        form.decisions[1].due = "soon".into();
        form.decisions[2].text = "y".into();
        let problems = form.check(&r).unwrap_err();
        let at: Vec<ReviewField> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            at,
            [
                ReviewField::Date,
                ReviewField::Decision(0),
                ReviewField::Decision(0),
                ReviewField::Decision(1),
                ReviewField::Decision(2)
            ],
            "{problems:?}"
        );
        assert!(problems[1].message.contains("already the id of something else"), "{problems:?}");
        assert!(problems[2].message.contains("say what was decided"));
        assert!(problems[4].message.contains("another item of this review"));
    }

    #[test]
    fn text_that_went_through_the_page_unchanged_is_kept_byte_for_byte() {
        let r = register();
        let review: Review = serde_json::from_str(
            r#"{"id": "MR-9", "date": "2026-01-01", "title": "Q4\r\nreview", "notes": "\nFirst line\r\nsecond\r\n",
                "attendees": ["A\nB", " C "],
                "decisions": [{"id": "MR-9-D1", "text": "Keep\nit", "owner": "  Ann ", "status": "open"}]}"#,
        )
        .unwrap();
        // What a browser gives back: inputs without line breaks, text areas with LF.
        let page = format!(
            "id=MR-9&date=2026-01-01&title=Q4review&notes={}&attendees={}&d0-was=MR-9-D1&d0-id=MR-9-D1&d0-text=Keepit&d0-owner=++Ann+&d0-due=",
            "%0AFirst+line%0Asecond%0A",
            "A%0AB%0A+C+"
        );
        let form = ReviewForm::from_fields(Some(&review), &decode_fields(&page));
        assert_eq!(form.check(&r).unwrap(), review, "nothing was touched: nothing changes");
        let html = ReviewForm::from_review(&review).html(&[], &[]);
        assert!(
            html.contains("name=\"notes\" rows=\"4\">\n\nFirst line"),
            "the leading line break survives the parser"
        );
    }

    #[test]
    fn an_edited_review_keeps_its_unknown_fields_and_untouched_text() {
        let r = register();
        let review: Review = serde_json::from_str(
            r#"{"id": "MR-9", "date": "2026-01-01", "title": "  Q4  ", "attendees": [" CEO "], "x-room": "Board room",
                "decisions": [{"id": "MR-9-D1", "text": "  Keep  ", "status": "open", "x-vote": 5}]}"#,
        )
        .unwrap();
        let mut form = ReviewForm::from_review(&review);
        form.decisions[0].done = true;
        let changed = form.check(&r).unwrap();
        assert_eq!(
            (changed.title.as_deref(), &changed.attendees[..], &changed.extra),
            (Some("  Q4  "), &[" CEO ".to_string()][..], &review.extra)
        );
        assert_eq!(
            (changed.decisions[0].text.as_str(), &changed.decisions[0].extra),
            ("  Keep  ", &review.decisions[0].extra)
        );
        assert_eq!(changed.decisions[0].status, DecisionStatus::Done);
    }
}
